"""Golden tests of the distribution rules of SE MenPANRB 3/2023 (rules.pelanggaran_distribusi):
every rule of every predikat organisasi, at its boundary, passing and failing."""

from __future__ import annotations

import pytest

from penilaian.rules import ATURAN_DISTRIBUSI, Predikat, PredikatOrganisasi, pelanggaran_distribusi

SB, B, BP, K, SK = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)


def kode(predikat_organisasi: str, hitungan: dict[str, int]) -> list[str]:
    return [p.kode for p in pelanggaran_distribusi(predikat_organisasi, hitungan)]


CASES = [
    # Istimewa: at most 70% Sangat Baik
    ("istimewa 7/10 SB", PredikatOrganisasi.ISTIMEWA, {SB: 7, B: 3}, []),
    ("istimewa 8/10 SB", PredikatOrganisasi.ISTIMEWA, {SB: 8, B: 2}, ["istimewa_sb_maks_70"]),
    ("istimewa 0 SB", PredikatOrganisasi.ISTIMEWA, {B: 5}, []),
    ("istimewa all SB", PredikatOrganisasi.ISTIMEWA, {SB: 1}, ["istimewa_sb_maks_70"]),
    # Baik: at most 70% Baik, at least one Butuh Perbaikan or Kurang
    ("baik 7/10 B + 1 BP", PredikatOrganisasi.BAIK, {B: 7, SB: 2, BP: 1}, []),
    ("baik 7/10 B + 1 K", PredikatOrganisasi.BAIK, {B: 7, SB: 2, K: 1}, []),
    ("baik 8/10 B + 1 BP", PredikatOrganisasi.BAIK, {B: 8, SB: 1, BP: 1}, ["baik_b_maks_70"]),
    ("baik zero BP/K", PredikatOrganisasi.BAIK, {B: 5, SB: 4, SK: 1}, ["baik_bp_k_min_1"]),
    ("baik both broken", PredikatOrganisasi.BAIK, {B: 10}, ["baik_b_maks_70", "baik_bp_k_min_1"]),
    # Butuh Perbaikan: at least 60% BP, at most 10% SB
    ("bp 6/10 BP, 1/10 SB", PredikatOrganisasi.BUTUH_PERBAIKAN, {BP: 6, SB: 1, B: 3}, []),
    ("bp 5/10 BP", PredikatOrganisasi.BUTUH_PERBAIKAN, {BP: 5, B: 5}, ["bp_bp_min_60"]),
    ("bp 2/10 SB", PredikatOrganisasi.BUTUH_PERBAIKAN, {BP: 6, SB: 2, B: 2}, ["bp_sb_maks_10"]),
    ("bp both broken", PredikatOrganisasi.BUTUH_PERBAIKAN, {SB: 2, B: 8}, ["bp_bp_min_60", "bp_sb_maks_10"]),
    # Kurang: at least 60% K, at least 10% BP, at most 10% SB
    ("kurang 6/10 K, 1 BP, 1 SB", PredikatOrganisasi.KURANG, {K: 6, BP: 1, SB: 1, B: 2}, []),
    ("kurang 5/10 K", PredikatOrganisasi.KURANG, {K: 5, BP: 1, B: 4}, ["kurang_k_min_60"]),
    ("kurang 0 BP", PredikatOrganisasi.KURANG, {K: 7, B: 3}, ["kurang_bp_min_10"]),
    ("kurang 2/10 SB", PredikatOrganisasi.KURANG, {K: 6, BP: 2, SB: 2}, ["kurang_sb_maks_10"]),
    (
        "kurang all broken",
        PredikatOrganisasi.KURANG,
        {SB: 5, B: 5},
        ["kurang_k_min_60", "kurang_bp_min_10", "kurang_sb_maks_10"],
    ),
    # Sangat Kurang: at least 60% SK, at least 10% K or BP, no SB
    ("sk 6/10 SK, 1 K", PredikatOrganisasi.SANGAT_KURANG, {SK: 6, K: 1, B: 3}, []),
    ("sk 6/10 SK, 1 BP", PredikatOrganisasi.SANGAT_KURANG, {SK: 6, BP: 1, B: 3}, []),
    ("sk 5/10 SK", PredikatOrganisasi.SANGAT_KURANG, {SK: 5, K: 2, B: 3}, ["sk_sk_min_60"]),
    ("sk 0 K/BP", PredikatOrganisasi.SANGAT_KURANG, {SK: 9, B: 1}, ["sk_k_bp_min_10"]),
    ("sk one SB", PredikatOrganisasi.SANGAT_KURANG, {SK: 8, K: 1, SB: 1}, ["sk_sb_nol"]),
    (
        "sk all broken",
        PredikatOrganisasi.SANGAT_KURANG,
        {SB: 1, B: 9},
        ["sk_sk_min_60", "sk_k_bp_min_10", "sk_sb_nol"],
    ),
]


@pytest.mark.parametrize(("nama", "predikat_organisasi", "hitungan", "expected"), CASES, ids=[c[0] for c in CASES])
def test_pelanggaran_distribusi_golden(
    nama: str, predikat_organisasi: str, hitungan: dict[str, int], expected: list[str]
) -> None:
    assert kode(predikat_organisasi, hitungan) == expected


def test_every_rule_is_covered_by_a_failing_case() -> None:
    semua = {a.kode for aturan in ATURAN_DISTRIBUSI.values() for a in aturan}
    gagal = {k for *_, expected in CASES for k in expected}
    assert gagal == semua
    assert set(ATURAN_DISTRIBUSI) == set(PredikatOrganisasi.values)


def test_percent_boundaries_in_integers_not_rounding() -> None:
    # 2 of 3 Sangat Baik is 66.67% (passes 70%); 3 of 4 is 75% (fails)
    assert kode(PredikatOrganisasi.ISTIMEWA, {SB: 2, B: 1}) == []
    assert kode(PredikatOrganisasi.ISTIMEWA, {SB: 3, B: 1}) == ["istimewa_sb_maks_70"]
    # 1 of 11 Sangat Baik is 9.09% (passes 10%); 2 of 11 is 18.18% (fails)
    assert kode(PredikatOrganisasi.BUTUH_PERBAIKAN, {SB: 1, BP: 10}) == []
    assert kode(PredikatOrganisasi.BUTUH_PERBAIKAN, {SB: 2, BP: 9}) == ["bp_sb_maks_10"]
    # 1 of 11 Butuh Perbaikan is below 10% of 11 (1.1): fails "at least 10%"
    assert kode(PredikatOrganisasi.KURANG, {K: 10, BP: 1}) == ["kurang_bp_min_10"]


def test_violation_details_and_empty_unit() -> None:
    [p] = pelanggaran_distribusi(PredikatOrganisasi.ISTIMEWA, {SB: 8, B: 2})
    assert p.as_dict() == {
        "kode": "istimewa_sb_maks_70",
        "aturan": "paling banyak 70% Sangat Baik",
        "jumlah": 8,
        "total": 10,
    }
    assert str(p.persen) == "80.00"
    assert pelanggaran_distribusi(PredikatOrganisasi.SANGAT_KURANG, {}) == []
    assert pelanggaran_distribusi(PredikatOrganisasi.BAIK, {SB: 0}) == []
