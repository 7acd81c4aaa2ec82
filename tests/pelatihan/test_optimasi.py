"""The allocation model (pelatihan.optimasi) against brute force on small cases, fairness that
changes the choice, and the explanation of every kind of exclusion."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from pelatihan.optimasi import Masalah, alokasi_selesaikan


def _brute(m: Masalah) -> float:
    """The optimum by enumerating every assignment of needs to a candidate programme or none."""
    pilihan_per = [
        [-1] + [j for j in range(len(m.pasangan_kebutuhan)) if m.pasangan_kebutuhan[j] == n]
        for n in range(m.jumlah_kebutuhan)
    ]
    pegawai_pool = sorted(set(m.pegawai_kebutuhan[m.pasangan_kebutuhan].tolist()))
    terbaik = 0.0
    for kombinasi in itertools.product(*pilihan_per):
        dipilih = [j for j in kombinasi if j >= 0]
        if not _layak(m, dipilih, pegawai_pool):
            continue
        terbaik = max(terbaik, sum(m.pasangan_manfaat[j] * m.bobot[m.pasangan_kebutuhan[j]] for j in dipilih))
    return terbaik


def _layak(m: Masalah, dipilih: list[int], pool: list[int]) -> bool:
    program = [int(m.pasangan_program[j]) for j in dipilih]
    pegawai = [int(m.pegawai_kebutuhan[m.pasangan_kebutuhan[j]]) for j in dipilih]
    if sum(m.biaya[p] for p in program) > m.anggaran + 1e-9:
        return False
    if any(program.count(p) > m.kursi[p] for p in set(program)):
        return False
    if any(pegawai.count(i) > m.maks_per_pegawai for i in set(pegawai)):
        return False
    if len(set(zip(pegawai, program, strict=True))) < len(dipilih):
        return False
    return _adil(m, pegawai, pool)


def _adil(m: Masalah, pegawai: list[int], pool: list[int]) -> bool:
    total = len(pegawai)
    for label in m.kelompok.values():
        for g in {label[i] for i in pool}:
            porsi = sum(1 for i in pool if label[i] == g) / len(pool)
            if sum(1 for i in pegawai if label[i] == g) < m.porsi_minimal * porsi * total - 1e-9:
                return False
    return True


def _acak(seed: int) -> Masalah:
    rng = np.random.default_rng(seed)
    pk, pp = np.meshgrid(np.arange(6), np.arange(3), indexing="ij")
    keep = rng.random(18) < 0.7
    return Masalah(
        pegawai_kebutuhan=[0, 0, 1, 2, 3, 3],
        bobot=[1.0, 1.0, 1.5, 1.0, 1.0, 1.0],
        pasangan_kebutuhan=pk.ravel()[keep],
        pasangan_program=pp.ravel()[keep],
        pasangan_manfaat=rng.integers(10, 100, 18)[keep].astype(float),
        biaya=[3_000_000.0, 2_000_000.0, 1_000_000.0],
        kursi=[2, 1, 2],
        anggaran=7_000_000.0,
        maks_per_pegawai=1 + seed % 2,
        kelompok={"jenis_kelamin": ["L", "P", "L", "P"], "golongan": ["II", "III", "III", "III"]},
        porsi_minimal=0.8,
    )


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_optimum_sama_dengan_brute_force_dan_kendala_terpenuhi(seed: int) -> None:
    m = _acak(seed)
    s = alokasi_selesaikan(m, gap=0.0)
    assert s.objektif == pytest.approx(_brute(m), abs=1e-6)
    dipilih = [
        j for j in range(len(m.pasangan_kebutuhan)) if s.pilihan[m.pasangan_kebutuhan[j]] == m.pasangan_program[j]
    ]
    pool = sorted(set(m.pegawai_kebutuhan[m.pasangan_kebutuhan].tolist()))
    assert _layak(m, dipilih, pool)
    assert s.biaya_terpakai <= m.anggaran
    assert all(s.kursi_terpakai[p] <= m.kursi[p] for p in range(3))
    assert all(g.tercapai >= g.wajib - 1e-9 for g in s.kelompok)
    assert s.batas_lp >= s.objektif - 1e-6
    assert s.gap_persen == pytest.approx((s.batas_lp - s.objektif) / s.batas_lp * 100)


def _dua_kelompok(alpha: float) -> Masalah:
    # four pegawai, L has the two most useful needs; two seats' worth of budget
    return Masalah(
        pegawai_kebutuhan=[0, 1, 2, 3],
        bobot=[1, 1, 1, 1],
        pasangan_kebutuhan=[0, 1, 2, 3],
        pasangan_program=[0, 0, 0, 0],
        pasangan_manfaat=[90, 80, 50, 40],
        biaya=[1_000_000],
        kursi=[10],
        anggaran=2_000_000,
        maks_per_pegawai=2,
        kelompok={"jenis_kelamin": ["L", "L", "P", "P"]},
        porsi_minimal=alpha,
    )


def test_keadilan_mengubah_pilihan() -> None:
    tanpa = alokasi_selesaikan(_dua_kelompok(0.0), gap=0.0)
    assert tanpa.pilihan.tolist() == [0, 0, -1, -1]
    assert tanpa.objektif == 170
    dengan = alokasi_selesaikan(_dua_kelompok(0.8), gap=0.0)
    # each group must get at least 0.8 × 50 % × 2 = 0.8 of the two seats: one each
    assert dengan.pilihan.tolist() == [0, -1, 0, -1]
    assert dengan.objektif == 140
    assert [(g.nama, g.wajib, g.tercapai) for g in dengan.kelompok] == [("L", 0.8, 1), ("P", 0.8, 1)]
    assert dengan.penjelasan[1].alasan == "anggaran"


def test_penjelasan_setiap_jenis_pengecualian() -> None:
    m = Masalah(
        # need 0, 1: pegawai 0 (cap 1); need 2, 3: programme 1 has one seat; need 4: budget
        pegawai_kebutuhan=[0, 0, 1, 2, 3],
        bobot=[1, 1, 1, 1, 1],
        pasangan_kebutuhan=[0, 1, 2, 3, 4],
        pasangan_program=[0, 0, 1, 1, 2],
        pasangan_manfaat=[100, 60, 90, 70, 10],
        biaya=[1_000_000, 1_000_000, 2_000_000],
        kursi=[5, 1, 5],
        anggaran=2_500_000,
        maks_per_pegawai=1,
    )
    s = alokasi_selesaikan(m, gap=0.0)
    assert s.pilihan.tolist() == [0, -1, 1, -1, -1]
    e = s.penjelasan
    assert (e[0].alasan, e[0].program, e[0].manfaat, e[0].data["biaya"]) == ("terpilih", 0, 100, 1_000_000)
    assert (e[1].alasan, e[1].data["maks"]) == ("batas_pegawai", 1)
    assert (e[3].alasan, e[3].program, e[3].data["kursi"], e[3].data["manfaat_terendah_terpilih"]) == (
        "kursi",
        1,
        1,
        90,
    )
    assert e[4].alasan == "anggaran"
    # 10 per Rp 2 million = 5 per million, against the cut-off of the chosen: 90 per Rp 1 million
    assert (e[4].data["manfaat_per_juta"], e[4].data["batas_per_juta"]) == (5.0, 90.0)
    assert s.biaya_terpakai == 2_000_000


def test_tanpa_pasangan_dan_anggaran_nol() -> None:
    kosong = alokasi_selesaikan(Masalah([0], [1], [], [], [], [1_000.0], [3], 0.0, 2, {"jenis_kelamin": ["L"]}, 0.8))
    assert (kosong.status, kosong.pilihan.tolist(), kosong.objektif, kosong.variabel) == ("optimal", [-1], 0, 0)
    assert kosong.penjelasan == {}
    nol = alokasi_selesaikan(Masalah([0, 1], [1, 1], [0, 1], [0, 1], [5, 5], [1_000.0, 0.0], [3, 3], 0.0, 2))
    # a free programme fits a zero budget; the other does not
    assert nol.pilihan.tolist() == [-1, 1]
    assert nol.penjelasan[0].alasan == "anggaran"
    assert nol.penjelasan[0].data["batas_per_juta"] is None


def test_pemangkasan_pasangan_dan_masalah_besar() -> None:
    from pelatihan.bench_alokasi import masalah_sintetis

    m = masalah_sintetis(kebutuhan=6_000, program=100, seed=7)
    s = alokasi_selesaikan(m, batas_detik=20)
    assert s.pasangan < s.pasangan_awal
    assert s.pasangan <= 5 * 6_000
    assert s.status == "optimal"
    assert s.biaya_terpakai <= m.anggaran
    assert all(s.kursi_terpakai <= m.kursi)
    assert all(g.tercapai >= g.wajib - 1e-6 for g in s.kelompok)
    assert 0 <= s.gap_persen <= 1.0
