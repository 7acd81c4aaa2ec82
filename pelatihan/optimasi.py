"""Allocation of training needs to programmes under a budget, as a mixed-integer programme.
Pure: numbers in, numbers out, no database.

The model
---------
Candidates are pairs (n, p) of an open need n and a programme p that serves it and admits the
pegawai (the service builds them, with the benefit ``b[n,p]`` from ``pelatihan.rules``).

    x[n,p] ∈ {0, 1}       the need n is served by programme p
    T ≥ 0                 the number of chosen pairs (auxiliary)

    maximise  Σ w[n] · b[n,p] · x[n,p]
              w[n] = ``bobot_tanpa_pengembangan`` for a pegawai with no JP last year, else 1
    subject to
      Σ_p x[n,p] ≤ 1                      each need is served by at most one programme
      Σ_{n of i, p} x[n,p] ≤ maks         each pegawai i gets at most ``maks_program_per_pegawai``
      Σ_{n of i} x[n,p] ≤ 1               and never the same programme twice
      Σ_n x[n,p] ≤ kursi[p]               seats left in each programme
      Σ biaya[p] · x[n,p] ≤ anggaran      the budget
      T − Σ x = 0
      Σ_{(n,p): pegawai of n in g} x[n,p] − α · share[g] · T ≥ 0
                                          for every group g of every fairness dimension, where
                                          α = ``keadilan_porsi_minimal`` / 100 and share[g] is g's
                                          share of the candidate pool (pegawai with at least one
                                          candidate pair)

x = 0 is always feasible, so the problem never is infeasible. It is solved with
``scipy.optimize.milp`` (HiGHS) to a relative gap (0.5 % by default) within a time limit; the LP
relaxation is solved too, and the report gives the objective, the LP bound and the gap
(LP − MILP) / LP in %.

Size: each need keeps at most ``PASANGAN_PER_KEBUTUHAN`` candidate programmes: its best by
benefit per rupiah, plus always its highest-benefit programme. A need rarely gains from a fifth
or sixth programme that is both less useful and dearer per unit of benefit, and the bound keeps
20,000 needs × 300 programmes at ~90,000 binaries (the LP relaxation is the
slow part: ~9 s).

Above ``PASANGAN_PENUH`` pairs, the MILP runs on what the LP relaxation leaves open: pairs the LP
sets to 0 are dropped, pairs it takes whole are fixed at 1, and HiGHS decides the fractional
ones. The LP optimum of a knapsack-like problem this size is almost integral, so the result stays
within a fraction of a per cent of the LP bound (the bench measures it), and it is still checked
against the full LP bound that the report gives.

Explanations
------------
Every need with candidates is explained: chosen (programme, benefit, cost) or why not, checked in
this order: the pegawai reached the cap (``batas_pegawai``); the seats of the need's best
programme are full (``kursi``, with the lowest benefit chosen there); otherwise the budget
(``anggaran``, with the benefit per rupiah of the need's best pair and the lowest benefit per
rupiah chosen, the cut-off). Needs without candidates are explained by the caller (no programme
serves them, or none admits the pegawai).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

PASANGAN_PER_KEBUTUHAN = 4
# above this many pairs the MILP runs over the pairs the LP relaxation uses
PASANGAN_PENUH = 20_000
GAP_BAWAAN = 0.005
BATAS_DETIK_BAWAAN = 15.0

Larik = npt.NDArray[Any]


@dataclass
class Masalah:
    """An allocation problem. Needs, pegawai and programmes are numbered from 0.

    ``pegawai_kebutuhan[n]``: the pegawai of need n; ``bobot[n]``: its weight.
    ``pasangan_*``: the candidate pairs (need, programme, benefit).
    ``biaya[p]``, ``kursi[p]``: cost per participant and seats left of programme p.
    ``kelompok[dimensi][i]``: the group label of pegawai i in that fairness dimension."""

    pegawai_kebutuhan: Any  # array-like, stored as a numpy array
    bobot: Any  # array-like, stored as a numpy array
    pasangan_kebutuhan: Any  # array-like, stored as a numpy array
    pasangan_program: Any  # array-like, stored as a numpy array
    pasangan_manfaat: Any  # array-like, stored as a numpy array
    biaya: Any  # array-like, stored as a numpy array
    kursi: Any  # array-like, stored as a numpy array
    anggaran: float
    maks_per_pegawai: int
    kelompok: dict[str, list[str]] = field(default_factory=dict)
    porsi_minimal: float = 0.0

    def __post_init__(self) -> None:
        self.pegawai_kebutuhan = np.asarray(self.pegawai_kebutuhan, dtype=np.int64)
        self.bobot = np.asarray(self.bobot, dtype=float)
        self.pasangan_kebutuhan = np.asarray(self.pasangan_kebutuhan, dtype=np.int64)
        self.pasangan_program = np.asarray(self.pasangan_program, dtype=np.int64)
        self.pasangan_manfaat = np.asarray(self.pasangan_manfaat, dtype=float)
        self.biaya = np.asarray(self.biaya, dtype=float)
        self.kursi = np.asarray(self.kursi, dtype=np.int64)

    @property
    def jumlah_kebutuhan(self) -> int:
        return len(self.pegawai_kebutuhan)

    @property
    def jumlah_program(self) -> int:
        return len(self.biaya)


@dataclass
class Kelompok:
    """One group of a fairness dimension: its share of the pool, what it had to get and got."""

    dimensi: str
    nama: str
    pegawai_pool: int
    porsi_pool: float
    wajib: float
    tercapai: int


@dataclass
class Penjelasan:
    alasan: str  # an ``AlasanAlokasi`` value
    program: int | None = None
    manfaat: float = 0.0
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Solusi:
    status: str
    pesan: str
    pilihan: Larik  # per need: the chosen programme, or -1
    objektif: float
    batas_lp: float
    gap_persen: float
    batas_dual: float | None
    detik: float
    variabel: int
    kendala: int
    pasangan: int
    pasangan_awal: int
    biaya_terpakai: float
    kursi_terpakai: Larik
    kelompok: list[Kelompok]
    penjelasan: dict[int, Penjelasan]


def _pangkas(m: Masalah, maks: int) -> Larik:
    """Indices of the pairs kept: per need its ``maks`` best by benefit per rupiah, plus its
    highest-benefit pair."""
    if len(m.pasangan_kebutuhan) == 0:
        return np.zeros(0, dtype=np.int64)
    nilai = m.pasangan_manfaat * m.bobot[m.pasangan_kebutuhan]
    biaya = m.biaya[m.pasangan_program]
    rasio = np.where(biaya > 0, nilai / np.maximum(biaya, 1e-12), np.inf)
    positif = nilai > 0
    # by need, then ratio descending, then benefit descending
    urut = np.lexsort((-nilai, -rasio, m.pasangan_kebutuhan))
    kebutuhan_urut = m.pasangan_kebutuhan[urut]
    awal = np.r_[0, np.flatnonzero(np.diff(kebutuhan_urut)) + 1]
    peringkat = np.arange(len(urut)) - np.repeat(awal, np.diff(np.r_[awal, len(urut)]))
    simpan = np.zeros(len(urut), dtype=bool)
    simpan[urut[peringkat < maks]] = True
    # the highest-benefit pair of every need
    urut_nilai = np.lexsort((-nilai, m.pasangan_kebutuhan))
    kebutuhan_nilai = m.pasangan_kebutuhan[urut_nilai]
    pertama = np.r_[0, np.flatnonzero(np.diff(kebutuhan_nilai)) + 1]
    simpan[urut_nilai[pertama]] = True
    return np.flatnonzero(simpan & positif)


def _baris(rows: Larik, cols: Larik, vals: Larik, n_rows: int, n_cols: int) -> sparse.csr_array:
    return sparse.csr_array((vals, (rows, cols)), shape=(n_rows, n_cols))


def alokasi_selesaikan(
    masalah: Masalah,
    *,
    gap: float = GAP_BAWAAN,
    batas_detik: float = BATAS_DETIK_BAWAAN,
    pasangan_per_kebutuhan: int = PASANGAN_PER_KEBUTUHAN,
) -> Solusi:
    """Solve the allocation (see the module docstring) and explain every need with candidates."""
    mulai = time.monotonic()
    m = masalah
    pasangan_awal = len(m.pasangan_kebutuhan)
    idx = _pangkas(m, pasangan_per_kebutuhan)
    kb = m.pasangan_kebutuhan[idx]
    pr = m.pasangan_program[idx]
    manfaat = m.pasangan_manfaat[idx]
    nilai = manfaat * m.bobot[kb]
    peg = m.pegawai_kebutuhan[kb]
    n_x = len(idx)
    kendala = _Kendala(n_x + 1)  # the last variable is T
    kelompok_info = kendala.bangun(m, kb=kb, pr=pr, peg=peg) if n_x else []
    hasil = _milp(kendala, nilai=nilai, gap=gap, batas_detik=batas_detik - (time.monotonic() - mulai))
    x = hasil.x
    dipilih = np.flatnonzero(x[:n_x] > 0.5)
    objektif = float(nilai[dipilih].sum())
    gap_persen = (hasil.batas_lp - objektif) / hasil.batas_lp * 100 if hasil.batas_lp > 0 else 0.0

    pilihan = np.full(m.jumlah_kebutuhan, -1, dtype=np.int64)
    pilihan[kb[dipilih]] = pr[dipilih]
    kursi_terpakai = np.bincount(pr[dipilih], minlength=m.jumlah_program)
    terpilih_x = np.zeros(n_x, dtype=bool)
    terpilih_x[dipilih] = True
    alpha = float(m.porsi_minimal)
    kelompok = [
        Kelompok(
            dimensi=d,
            nama=nama,
            pegawai_pool=jml,
            porsi_pool=porsi,
            wajib=alpha * porsi * len(dipilih),
            tercapai=int(terpilih_x[masuk].sum()),
        )
        for d, nama, jml, porsi, masuk in kelompok_info
    ]
    penjelasan = _jelaskan(
        m,
        kb=kb,
        pr=pr,
        manfaat=manfaat,
        nilai=nilai,
        dipilih=dipilih,
        pilihan=pilihan,
        kursi_terpakai=kursi_terpakai,
    )
    return Solusi(
        status=hasil.status,
        pesan=hasil.pesan,
        pilihan=pilihan,
        objektif=objektif,
        batas_lp=hasil.batas_lp,
        gap_persen=gap_persen,
        batas_dual=hasil.batas_dual,
        detik=time.monotonic() - mulai,
        variabel=kendala.n_var if n_x else 0,
        kendala=kendala.jumlah,
        pasangan=n_x,
        pasangan_awal=pasangan_awal,
        biaya_terpakai=float(m.biaya[pr[dipilih]].sum()),
        kursi_terpakai=kursi_terpakai,
        kelompok=kelompok,
        penjelasan=penjelasan,
    )


class _Kendala:
    """The constraint rows of the model (module docstring), stacked into one sparse matrix."""

    def __init__(self, n_var: int) -> None:
        self.n_var = n_var
        self.blok: list[sparse.csr_array] = []
        self.bawah: list[Larik] = []
        self.atas: list[Larik] = []

    def tambah(self, a: sparse.csr_array, lo: Larik | float, hi: Larik | float) -> None:
        n = a.shape[0]
        self.blok.append(a)
        self.bawah.append(np.broadcast_to(np.asarray(lo, dtype=float), (n,)))
        self.atas.append(np.broadcast_to(np.asarray(hi, dtype=float), (n,)))

    def _satu_per(self, kunci: Larik, kolom: Larik, hi: float) -> None:
        """Σ x ≤ hi for each value of ``kunci`` over the columns ``kolom``."""
        if not len(kolom):
            return
        _, baris = np.unique(kunci, return_inverse=True)
        self.tambah(_baris(baris, kolom, np.ones(len(kolom)), int(baris.max()) + 1, self.n_var), -np.inf, hi)

    def bangun(self, m: Masalah, *, kb: Larik, pr: Larik, peg: Larik) -> list[tuple[str, str, int, float, Larik]]:
        """Every row; returns the fairness groups (dimension, name, pool size, share, columns)."""
        n_x = self.n_var - 1
        semua = np.arange(n_x)
        # each need at most one programme (only needs with two or more pairs need a row)
        kebutuhan_u, kebutuhan_baris, kebutuhan_jumlah = np.unique(kb, return_inverse=True, return_counts=True)
        ganda = kebutuhan_jumlah[kebutuhan_baris] > 1
        self._satu_per(kebutuhan_baris[ganda], semua[ganda], 1.0)
        # each pegawai at most ``maks`` programmes (only where the pegawai has more needs than that)
        _, pegawai_baris = np.unique(peg, return_inverse=True)
        kebutuhan_per_pegawai = np.bincount(m.pegawai_kebutuhan[kebutuhan_u], minlength=m.pegawai_kebutuhan.max() + 1)
        lebih = kebutuhan_per_pegawai[peg] > m.maks_per_pegawai
        self._satu_per(pegawai_baris[lebih], semua[lebih], float(m.maks_per_pegawai))
        # never the same programme twice for one pegawai
        _, pp_baris, pp_jumlah = np.unique(peg * max(m.jumlah_program, 1) + pr, return_inverse=True, return_counts=True)
        dobel = pp_jumlah[pp_baris] > 1
        self._satu_per(pp_baris[dobel], semua[dobel], 1.0)
        # seats per programme
        program_u, program_baris = np.unique(pr, return_inverse=True)
        self.tambah(_baris(program_baris, semua, np.ones(n_x), len(program_u), self.n_var), -np.inf, m.kursi[program_u])
        # budget (scaled to the dearest programme; a hair below it against the solver's tolerance)
        skala = float(max(m.biaya.max(initial=0.0), 1.0))
        self.tambah(
            _baris(np.zeros(n_x, dtype=np.int64), semua, m.biaya[pr] / skala, 1, self.n_var),
            -np.inf,
            m.anggaran / skala * (1 - 1e-9),
        )
        # T = Σ x, and the fairness rows
        self.tambah(
            _baris(np.zeros(n_x + 1, dtype=np.int64), np.arange(n_x + 1), np.r_[np.ones(n_x), -1.0], 1, self.n_var),
            0.0,
            0.0,
        )
        return self._keadilan(m, peg=peg)

    def _keadilan(self, m: Masalah, *, peg: Larik) -> list[tuple[str, str, int, float, Larik]]:
        n_x = self.n_var - 1
        alpha = float(m.porsi_minimal)
        pool = np.unique(peg)
        info: list[tuple[str, str, int, float, Larik]] = []
        for dimensi, label in m.kelompok.items():
            nama_g, kode_pegawai = np.unique(np.asarray(label, dtype=object).astype(str), return_inverse=True)
            di_pool = np.bincount(kode_pegawai[pool], minlength=len(nama_g))
            kode_x = kode_pegawai[peg]
            for g, nama in enumerate(nama_g):
                if di_pool[g] == 0:
                    continue
                porsi = float(di_pool[g]) / len(pool)
                masuk = np.flatnonzero(kode_x == g)
                info.append((dimensi, str(nama), int(di_pool[g]), porsi, masuk))
                if alpha > 0:
                    cols = np.r_[masuk, n_x]
                    vals = np.r_[np.ones(len(masuk)), -alpha * porsi]
                    self.tambah(_baris(np.zeros(len(cols), dtype=np.int64), cols, vals, 1, self.n_var), 0.0, np.inf)
        return info

    @property
    def jumlah(self) -> int:
        return sum(a.shape[0] for a in self.blok)


@dataclass
class _HasilMILP:
    status: str
    pesan: str
    x: Larik
    batas_lp: float
    batas_dual: float | None


def _milp(kendala: _Kendala, *, nilai: Larik, gap: float, batas_detik: float) -> _HasilMILP:
    """The LP relaxation (its bound), then the MILP; above ``PASANGAN_PENUH`` pairs the MILP
    decides only what the LP leaves fractional (module docstring)."""
    mulai = time.monotonic()
    n_var = kendala.n_var
    n_x = n_var - 1
    x = np.zeros(n_var)
    if not n_x:
        return _HasilMILP("optimal", "", x, 0.0, None)
    c = np.r_[-nilai, 0.0]
    batas = Bounds(np.zeros(n_var), np.r_[np.ones(n_x), float(n_x)])
    a = sparse.vstack(kendala.blok, format="csr")
    bawah, atas = np.concatenate(kendala.bawah), np.concatenate(kendala.atas)
    syarat = [LinearConstraint(a, bawah, atas)]
    lp = milp(
        c,
        constraints=syarat,
        bounds=batas,
        integrality=np.zeros(n_var),
        options={"time_limit": max(batas_detik, 1.0)},
    )
    batas_lp = float(-lp.fun) if lp.x is not None else 0.0
    kolom = np.arange(n_var)
    lb = batas.lb.copy()
    if n_x > PASANGAN_PENUH and lp.x is not None:
        # a large problem: the pairs the LP relaxation leaves at 0 are dropped and those it takes
        # whole are kept at 1; the MILP decides the fractional ones (see the docstring)
        kolom = np.r_[np.flatnonzero(lp.x[:n_x] > 1e-6), n_x]
        lb[:n_x][lp.x[:n_x] > 1 - 1e-6] = 1.0
        syarat = [LinearConstraint(a.tocsc()[:, kolom], bawah, atas)]
    res = milp(
        c[kolom],
        constraints=syarat,
        bounds=Bounds(lb[kolom], batas.ub[kolom]),
        integrality=np.r_[np.ones(n_x), 0.0][kolom],
        options={
            "time_limit": max(batas_detik - (time.monotonic() - mulai), 1.0),
            "mip_rel_gap": gap,
            "disp": False,
        },
    )
    if res.x is not None:
        x[kolom] = res.x
    dual = getattr(res, "mip_dual_bound", None)
    return _HasilMILP(
        status={0: "optimal", 1: "batas_waktu"}.get(res.status, "lain"),
        pesan=str(res.message),
        x=x,
        batas_lp=batas_lp,
        batas_dual=float(-dual) if dual is not None else None,
    )


def _jelaskan(
    m: Masalah,
    *,
    kb: Larik,
    pr: Larik,
    manfaat: Larik,
    nilai: Larik,
    dipilih: Larik,
    pilihan: Larik,
    kursi_terpakai: Larik,
) -> dict[int, Penjelasan]:
    """Why each need with candidates was (not) chosen; see the module docstring."""
    out: dict[int, Penjelasan] = {}
    biaya_x = m.biaya[pr]
    # per programme: the lowest benefit chosen there
    terendah: dict[int, float] = {}
    for j in dipilih:
        p = int(pr[j])
        terendah[p] = min(terendah.get(p, np.inf), float(manfaat[j]))
    berbiaya = dipilih[biaya_x[dipilih] > 0]
    batas_rasio = float((nilai[berbiaya] / biaya_x[berbiaya]).min()) if len(berbiaya) else None
    jumlah_pegawai = np.bincount(m.pegawai_kebutuhan[kb[dipilih]], minlength=m.pegawai_kebutuhan.max(initial=0) + 1)
    for j in dipilih:
        n = int(kb[j])
        out[n] = Penjelasan(
            alasan="terpilih",
            program=int(pr[j]),
            manfaat=float(manfaat[j]),
            data={"biaya": float(biaya_x[j]), "bobot": float(m.bobot[n])},
        )
    # the best pair of every need: highest weighted benefit, then the cheapest
    urut = np.lexsort((biaya_x, -nilai, kb))
    kb_urut = kb[urut]
    pertama = urut[np.r_[0, np.flatnonzero(np.diff(kb_urut)) + 1]] if len(urut) else urut
    for j in pertama:
        n = int(kb[j])
        if pilihan[n] >= 0:
            continue
        p = int(pr[j])
        pegawai = int(m.pegawai_kebutuhan[n])
        dasar = {"program": p, "manfaat": float(manfaat[j]), "biaya": float(biaya_x[j]), "bobot": float(m.bobot[n])}
        if jumlah_pegawai[pegawai] >= m.maks_per_pegawai:
            out[n] = Penjelasan("batas_pegawai", p, float(manfaat[j]), {**dasar, "maks": m.maks_per_pegawai})
        elif kursi_terpakai[p] >= m.kursi[p]:
            out[n] = Penjelasan(
                "kursi",
                p,
                float(manfaat[j]),
                {**dasar, "kursi": int(m.kursi[p]), "manfaat_terendah_terpilih": terendah.get(p)},
            )
        else:
            rasio = float(nilai[j] / biaya_x[j]) if biaya_x[j] > 0 else None
            out[n] = Penjelasan(
                "anggaran",
                p,
                float(manfaat[j]),
                {**dasar, "manfaat_per_juta": _per_juta(rasio), "batas_per_juta": _per_juta(batas_rasio)},
            )
    return out


def _per_juta(rasio: float | None) -> float | None:
    """Benefit per rupiah, shown per million rupiah (readable numbers)."""
    return None if rasio is None else round(rasio * 1_000_000, 4)
