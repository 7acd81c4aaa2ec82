"""Mentor–mentee pairing (DOMAIN.md §5), as pure functions: no database, no request.

Who may mentor whom
    A pair is allowed when the mentor is **senior** to the mentee (a higher golongan ``urutan``,
    a higher jabatan level, or the mentor sits in the mentee's atasan chain) and works in the
    **same or a related field** (the same top-level unit kerja, or the same jabatan name).

Score of an allowed pair (higher is better, whole numbers)
    ``1`` (any allowed pair beats no pair)
    ``+ 10 × kekuatan`` where kekuatan = Σ over the mentee's gap kompetensi of
    max(mentor level − mentee level, 0) (what the mentor can teach the mentee),
    ``+ 5`` when both work in the same unit kerja,
    ``+ min(golongan steps above the mentee, 4)``,
    ``+ 2`` when the mentor's jabatan level is higher.

What the assignment optimises
    The maximum total score over a set of pairs in which every mentee has at most one mentor
    and every mentor at most ``kapasitas`` mentees (mentor slots are replicated by capacity and
    every mentee has a "no mentor" option of score 0, so any mentee may stay unmatched). To scale
    to 100,000 pegawai, each mentee keeps only its ``k_terbaik`` best allowed mentors (the graph
    is sparse), and the graph is split into its connected components (in practice one per field:
    the top-level unit plus mentors sharing a jabatan name), each solved exactly: a dense
    ``linear_sum_assignment`` for small components, ``min_weight_full_bipartite_matching`` on
    the sparse matrix for large ones. The result is optimal for the pruned graph, and optimal
    outright whenever no mentee has more than ``k_terbaik`` allowed mentors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components, min_weight_full_bipartite_matching

SKOR_DASAR = 1
BOBOT_KEKUATAN = 10
BONUS_SATU_UNIT = 5
SENIORITAS_GOLONGAN_MAKS = 4
BONUS_JABATAN_LEBIH_TINGGI = 2
K_TERBAIK = 20
# mentees scored together against their field's mentors (rows of one numpy block)
BLOK = 128
# components with at most this many cells (mentees × slots) are solved on a dense matrix
SEL_PADAT_MAKS = 250_000
TAK_BOLEH = -1

TINGKAT_JENIS = {
    "jpt_utama": 10,
    "jpt_madya": 9,
    "jpt_pratama": 8,
    "administrator": 7,
    "pengawas": 6,
    "pelaksana": 1,
}
TINGKAT_JENJANG = {
    "ahli_utama": 8,
    "ahli_madya": 7,
    "ahli_muda": 6,
    "ahli_pertama": 5,
    "penyelia": 4,
    "mahir": 3,
    "terampil": 2,
    "pemula": 1,
}


def tingkat_jabatan(jenis: str | None, jenjang: str | None = "") -> int:
    """The level of a jabatan for seniority: JPT above administrator above pengawas above
    pelaksana; a fungsional by its jenjang (ahli utama level with JPT pratama, pemula with
    pelaksana). No jabatan is level 0."""
    if not jenis:
        return 0
    if jenjang and jenjang in TINGKAT_JENJANG:
        return TINGKAT_JENJANG[jenjang]
    return TINGKAT_JENIS.get(jenis, 1)


@dataclass(frozen=True)
class Calon:
    """A pegawai as the pairing sees them. ``kesenjangan`` (mentees): kompetensi id → required
    level, for each kompetensi of the jabatan standard the mentee has not reached. ``kapasitas``
    (mentors): slots left. ``atasan_rantai`` (mentees): ids of the atasan chain above them."""

    id: int
    golongan_urutan: int
    tingkat_jabatan: int
    unit_induk: int
    unit_kerja: int
    nama_jabatan: str
    level: Mapping[int, int] = field(default_factory=dict)
    kesenjangan: Mapping[int, int] = field(default_factory=dict)
    atasan_rantai: frozenset[int] = frozenset()
    kapasitas: int = 0


def senior(mentor: Calon, mentee: Calon) -> str | None:
    """Why the mentor is senior to the mentee ("atasan", "golongan", "jabatan"), or None."""
    if mentor.id in mentee.atasan_rantai:
        return "atasan"
    if mentor.golongan_urutan > mentee.golongan_urutan:
        return "golongan"
    if mentor.tingkat_jabatan > mentee.tingkat_jabatan:
        return "jabatan"
    return None


def bidang_terkait(mentor: Calon, mentee: Calon) -> str | None:
    """Why both work in the same or a related field ("unit_induk", "nama_jabatan"), or None."""
    if mentor.unit_induk == mentee.unit_induk:
        return "unit_induk"
    if mentor.nama_jabatan and mentor.nama_jabatan == mentee.nama_jabatan:
        return "nama_jabatan"
    return None


def kekuatan(mentor: Calon, mentee: Calon) -> dict[int, int]:
    """kompetensi id → levels the mentor stands above the mentee, over the mentee's gaps (only
    those where the mentor is stronger)."""
    out: dict[int, int] = {}
    for kompetensi_id in mentee.kesenjangan:
        selisih = mentor.level.get(kompetensi_id, 0) - mentee.level.get(kompetensi_id, 0)
        if selisih > 0:
            out[kompetensi_id] = selisih
    return out


@dataclass(frozen=True)
class Penilaian:
    skor: int
    alasan: dict[str, object]


def skor_pasangan(mentor: Calon, mentee: Calon) -> Penilaian | None:
    """The score of a pair and its explanation, or None when the pair is not allowed."""
    if mentor.id == mentee.id:
        return None
    sebab_senior = senior(mentor, mentee)
    sebab_bidang = bidang_terkait(mentor, mentee)
    if sebab_senior is None or sebab_bidang is None:
        return None
    kuat = kekuatan(mentor, mentee)
    satu_unit = mentor.unit_kerja == mentee.unit_kerja
    langkah = min(max(mentor.golongan_urutan - mentee.golongan_urutan, 0), SENIORITAS_GOLONGAN_MAKS)
    lebih_tinggi = mentor.tingkat_jabatan > mentee.tingkat_jabatan
    komponen = {
        "dasar": SKOR_DASAR,
        "kekuatan": BOBOT_KEKUATAN * sum(kuat.values()),
        "satu_unit": BONUS_SATU_UNIT if satu_unit else 0,
        "golongan": langkah,
        "jabatan": BONUS_JABATAN_LEBIH_TINGGI if lebih_tinggi else 0,
    }
    return Penilaian(
        skor=sum(komponen.values()),
        alasan={
            "senior": sebab_senior,
            "bidang": sebab_bidang,
            "kekuatan": {str(k): v for k, v in sorted(kuat.items())},
            "komponen": komponen,
        },
    )


@dataclass
class HasilPenjodohan:
    pasangan: list[tuple[int, int, Decimal]]  # (mentee id, mentor id, score)
    total_skor: int
    mentee: int
    mentor: int
    sisi: int  # edges kept in the sparse graph
    komponen: int
    tanpa_mentor: list[int]


def _kandidat_per_mentee(
    mentee: list[Calon], mentor: list[Calon], k_terbaik: int
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """For each mentee, the indices into ``mentor`` of its k best allowed mentors and their
    scores, computed with numpy per group of mentees sharing a top-level unit and jabatan name."""
    per_unit: dict[int, list[int]] = defaultdict(list)
    per_nama: dict[str, list[int]] = defaultdict(list)
    for j, m in enumerate(mentor):
        per_unit[m.unit_induk].append(j)
        if m.nama_jabatan:
            per_nama[m.nama_jabatan].append(j)
    gol = np.array([m.golongan_urutan for m in mentor], dtype=np.int32)
    tingkat = np.array([m.tingkat_jabatan for m in mentor], dtype=np.int32)
    unit = np.array([m.unit_kerja for m in mentor], dtype=np.int64)
    mentor_ids = np.array([m.id for m in mentor], dtype=np.int64)
    indeks_mentor = {m.id: j for j, m in enumerate(mentor)}
    # every mentor's level in each kompetensi some mentee lacks, built once
    semua_komp = sorted({k for e in mentee for k in e.kesenjangan})
    pos_komp = {k: n for n, k in enumerate(semua_komp)}
    level_semua = np.zeros((len(mentor), len(semua_komp)), dtype=np.int32)
    for j, m in enumerate(mentor):
        for k, lv in m.level.items():
            n = pos_komp.get(k)
            if n is not None:
                level_semua[j, n] = lv
    kelompok: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i, e in enumerate(mentee):
        kelompok[(e.unit_induk, e.nama_jabatan)].append(i)
    idx_out: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * len(mentee)
    skor_out: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * len(mentee)
    for (unit_induk, nama), anggota in kelompok.items():
        kolom = set(per_unit.get(unit_induk, ()))
        if nama:
            kolom.update(per_nama.get(nama, ()))
        if not kolom:
            continue
        kol = np.array(sorted(kolom), dtype=np.int64)
        komp = np.array(sorted({pos_komp[k] for i in anggota for k in mentee[i].kesenjangan}), dtype=np.int64)
        kolom_komp = {int(n): c for c, n in enumerate(komp)}
        level_mentor = level_semua[np.ix_(kol, komp)]
        # the group's mentors, gathered once (int32: the block arithmetic is memory-bound)
        m_gol, m_tingkat = gol[kol][None, :], tingkat[kol][None, :]
        m_unit, m_id = unit[kol][None, :], mentor_ids[kol][None, :]
        k = min(k_terbaik, len(kol))
        for awal in range(0, len(anggota), BLOK):
            blok = anggota[awal : awal + BLOK]
            b = len(blok)
            gap = np.zeros((b, len(komp)), dtype=np.int32)
            level_mentee = np.zeros((b, len(komp)), dtype=np.int32)
            for r, i in enumerate(blok):
                e = mentee[i]
                for kode in e.kesenjangan:
                    c = kolom_komp[pos_komp[kode]]
                    gap[r, c] = 1
                    level_mentee[r, c] = e.level.get(kode, 0)
            e_gol = np.array([mentee[i].golongan_urutan for i in blok], dtype=np.int32)[:, None]
            e_tingkat = np.array([mentee[i].tingkat_jabatan for i in blok], dtype=np.int32)[:, None]
            e_unit = np.array([mentee[i].unit_kerja for i in blok], dtype=np.int64)[:, None]
            e_id = np.array([mentee[i].id for i in blok], dtype=np.int64)[:, None]
            lebih_tinggi = m_tingkat > e_tingkat
            boleh = (m_gol > e_gol) | lebih_tinggi
            for r, i in enumerate(blok):
                for a in mentee[i].atasan_rantai:
                    atas = indeks_mentor.get(a)
                    if atas is not None:
                        c = int(np.searchsorted(kol, atas))
                        if c < len(kol) and kol[c] == atas:
                            boleh[r, c] = True
            boleh &= m_id != e_id
            skor = np.minimum(np.maximum(m_gol - e_gol, 0), SENIORITAS_GOLONGAN_MAKS)
            skor += SKOR_DASAR
            skor += BONUS_SATU_UNIT * (m_unit == e_unit)
            skor += BONUS_JABATAN_LEBIH_TINGGI * lebih_tinggi
            if len(komp):
                selisih = np.maximum(level_mentor[None, :, :] - level_mentee[:, None, :], 0)
                skor += BOBOT_KEKUATAN * (selisih * gap[:, None, :]).sum(axis=2, dtype=np.int32)
            skor[~boleh] = TAK_BOLEH
            # the k best of every row at once
            pilih = (
                np.argpartition(-skor, k - 1, axis=1)[:, :k] if k < len(kol) else np.tile(np.arange(len(kol)), (b, 1))
            )
            terbaik = np.take_along_axis(skor, pilih, axis=1)
            for r, i in enumerate(blok):
                sah = terbaik[r] > 0
                idx_out[i] = kol[pilih[r][sah]]
                skor_out[i] = terbaik[r][sah].astype(np.int64)
    return idx_out, skor_out


def _selesaikan_komponen(
    baris: list[int], tepi: list[tuple[int, int, int]], kapasitas: Mapping[int, int]
) -> list[tuple[int, int, int]]:
    """Optimal assignment of one component. ``tepi``: (mentee index, mentor index, score)."""
    derajat: dict[int, int] = defaultdict(int)
    for _, j, _ in tepi:
        derajat[j] += 1
    slot: dict[int, list[int]] = {}
    n_kolom = 0
    for j in sorted(derajat):
        n = min(kapasitas[j], derajat[j])
        slot[j] = list(range(n_kolom, n_kolom + n))
        n_kolom += n
    posisi = {i: r for r, i in enumerate(baris)}
    n_baris = len(baris)
    besar = max(s for _, _, s in tepi) + 1
    # columns: the mentor slots, then one "no mentor" column per mentee
    rows, cols, biaya = [], [], []
    for i, j, s in tepi:
        for c in slot[j]:
            rows.append(posisi[i])
            cols.append(c)
            biaya.append(besar - s)
    for r in range(n_baris):
        rows.append(r)
        cols.append(n_kolom + r)
        biaya.append(besar)
    total_kolom = n_kolom + n_baris
    if n_baris * total_kolom <= SEL_PADAT_MAKS:
        padat = np.full((n_baris, total_kolom), besar * (n_baris + 1), dtype=np.int64)
        padat[rows, cols] = biaya
        r_idx, c_idx = linear_sum_assignment(padat)
    else:
        jarang = csr_matrix(
            (np.array(biaya, dtype=np.float64), (np.array(rows), np.array(cols))), shape=(n_baris, total_kolom)
        )
        r_idx, c_idx = min_weight_full_bipartite_matching(jarang)
    pemilik = {c: j for j, cs in slot.items() for c in cs}
    skor_tepi = {(i, j): s for i, j, s in tepi}
    out = []
    for r, c in zip(r_idx.tolist(), c_idx.tolist(), strict=True):
        if c < n_kolom:
            i, j = baris[r], pemilik[c]
            out.append((i, j, skor_tepi[(i, j)]))
    return out


def jodohkan(
    mentee: Iterable[Calon],
    mentor: Iterable[Calon],
    *,
    k_terbaik: int = K_TERBAIK,
    progres: Callable[[int], None] | None = None,
) -> HasilPenjodohan:
    """Pair mentees with mentors (see the module docstring for what is optimised)."""
    daftar_mentee = list(mentee)
    daftar_mentor = [m for m in mentor if m.kapasitas > 0]
    kosong = HasilPenjodohan([], 0, len(daftar_mentee), len(daftar_mentor), 0, 0, [e.id for e in daftar_mentee])
    if not daftar_mentee or not daftar_mentor:
        return kosong
    idx, skor = _kandidat_per_mentee(daftar_mentee, daftar_mentor, k_terbaik)
    if progres:
        progres(50)
    n_e, n_m = len(daftar_mentee), len(daftar_mentor)
    baris_e = np.concatenate([np.full(len(a), i, dtype=np.int64) for i, a in enumerate(idx)])
    kolom_m = np.concatenate(idx)
    nilai = np.concatenate(skor)
    if len(nilai) == 0:
        return kosong
    graf = coo_matrix((np.ones(len(nilai)), (baris_e, kolom_m + n_e)), shape=(n_e + n_m, n_e + n_m)).tocsr()
    _, label = connected_components(graf, directed=False)
    per_komp: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for i, j, s in zip(baris_e.tolist(), kolom_m.tolist(), nilai.tolist(), strict=True):
        per_komp[int(label[i])].append((i, j, s))
    kapasitas = {j: m.kapasitas for j, m in enumerate(daftar_mentor)}
    terpilih: list[tuple[int, int, int]] = []
    for tepi in per_komp.values():
        baris = sorted({i for i, _, _ in tepi})
        terpilih.extend(_selesaikan_komponen(baris, tepi, kapasitas))
    if progres:
        progres(90)
    pasangan = sorted(
        ((daftar_mentee[i].id, daftar_mentor[j].id, Decimal(s)) for i, j, s in terpilih), key=lambda p: p[0]
    )
    terpasang = {p[0] for p in pasangan}
    return HasilPenjodohan(
        pasangan=pasangan,
        total_skor=sum(s for _, _, s in terpilih),
        mentee=n_e,
        mentor=n_m,
        sisi=len(nilai),
        komponen=len(per_komp),
        tanpa_mentor=[e.id for e in daftar_mentee if e.id not in terpasang],
    )
