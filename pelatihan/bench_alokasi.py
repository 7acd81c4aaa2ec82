"""Measurements of the allocation (DESIGN.md budgets): 20,000 needs over 300 programmes solved
in memory through ``pelatihan.optimasi`` (no database), with a deterministic seed.

Two lines: ``pelatihan.alokasi`` (s, 20 s: building the matrices, the LP relaxation and the MILP)
and ``pelatihan.alokasi.gap`` (%, 1.0: the distance of the result to the LP bound).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from common.bench import Hasil, Konteks, benchmark

from .optimasi import Masalah, Solusi, alokasi_selesaikan

KEBUTUHAN = 20_000
PROGRAM = 300
BUDGET_DETIK = 20.0
BUDGET_GAP = 1.0
SEED = 20260401
DIMENSI = {"unit_kerja": 40, "jenis_kelamin": 2, "golongan": 4, "jenis_asn": 2, "kelompok_usia": 4}

STATE = "pelatihan.alokasi"


def masalah_sintetis(
    *, kebutuhan: int = KEBUTUHAN, program: int = PROGRAM, seed: int = SEED, per_kebutuhan: int = 12
) -> Masalah:
    """A synthetic instansi: ~0.6 needs per pegawai, 300 programmes of Rp 0.5–15 million with
    20–60 seats, each need served by ``per_kebutuhan`` programmes; the budget covers about a
    third of the needs, so budget, seats and fairness all bind."""
    rng = np.random.default_rng(seed)
    pegawai = int(kebutuhan * 0.6)
    pegawai_kebutuhan = rng.integers(0, pegawai, kebutuhan)
    bobot = np.where(rng.random(pegawai) < 0.3, 1.5, 1.0)[pegawai_kebutuhan]
    biaya = rng.integers(1, 31, program).astype(float) * 500_000
    kursi = rng.integers(20, 61, program)
    pk = np.repeat(np.arange(kebutuhan), per_kebutuhan)
    pp = rng.integers(0, program, kebutuhan * per_kebutuhan)
    # one pair per (need, programme)
    unik = np.unique(pk * program + pp)
    pk, pp = unik // program, unik % program
    prioritas = rng.integers(30, 101, kebutuhan).astype(float)
    manfaat = np.round(prioritas[pk] * rng.choice([0.25, 0.5, 0.75, 1.0], len(pk)), 4)
    kelompok = {d: [f"{d}-{g}" for g in rng.integers(0, k, pegawai)] for d, k in DIMENSI.items()}
    return Masalah(
        pegawai_kebutuhan=pegawai_kebutuhan,
        bobot=bobot,
        pasangan_kebutuhan=pk,
        pasangan_program=pp,
        pasangan_manfaat=manfaat,
        biaya=biaya,
        kursi=kursi,
        anggaran=float(biaya.mean() * kebutuhan / 3),
        maks_per_pegawai=2,
        kelompok=kelompok,
        porsi_minimal=0.8,
    )


def _rincian(s: Solusi) -> dict[str, Any]:
    return {
        "kebutuhan": KEBUTUHAN,
        "program": PROGRAM,
        "pasangan_awal": s.pasangan_awal,
        "pasangan": s.pasangan,
        "variabel": s.variabel,
        "kendala": s.kendala,
        "terpilih": int((s.pilihan >= 0).sum()),
        "status": s.status,
        "objektif": round(s.objektif, 2),
        "batas_lp": round(s.batas_lp, 2),
        "gap_persen": round(s.gap_persen, 4),
    }


@benchmark("pelatihan.alokasi", budget=BUDGET_DETIK, unit="s")
def alokasi(ctx: Konteks) -> Hasil:
    masalah = masalah_sintetis()
    solusi = alokasi_selesaikan(masalah, batas_detik=BUDGET_DETIK - 2)
    ctx.state[STATE] = solusi
    return Hasil(name="pelatihan.alokasi", value=round(solusi.detik, 3), unit="s", details=_rincian(solusi))


@benchmark("pelatihan.alokasi.gap", budget=BUDGET_GAP, unit="%")
def alokasi_gap(ctx: Konteks) -> Hasil:
    solusi = ctx.state.pop(STATE, None) or alokasi_selesaikan(masalah_sintetis(), batas_detik=BUDGET_DETIK - 2)
    return Hasil(name="pelatihan.alokasi.gap", value=round(solusi.gap_persen, 4), unit="%", details=_rincian(solusi))
