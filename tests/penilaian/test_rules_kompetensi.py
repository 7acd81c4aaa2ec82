"""Golden values of the JPM rule, its mapping and selection categories at their boundaries, the
potensi levels and the nine boxes of the talent 9-box (DOMAIN.md §3–4)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from penilaian.rules import (
    KategoriJPM,
    KategoriSeleksi,
    LevelKinerja,
    LevelPotensi,
    jpm,
    kategori_jpm,
    kategori_seleksi,
    kotak_talenta,
    level_potensi,
)

M1, M2, M3, M4 = 1, 2, 3, 4


def test_jpm_golden() -> None:
    # standard {M1:3, M2:3, M3:2, M4:4}, achieved {M1:3, M2:2, M3:3}: Σmin = 3+2+2+0 = 7 of 12
    hasil = jpm({M1: 3, M2: 3, M3: 2, M4: 4}, {M1: 3, M2: 2, M3: 3})
    assert hasil is not None
    assert hasil.persen == Decimal("58.33")
    assert (hasil.jumlah_dicapai, hasil.jumlah_dibutuhkan) == (7, 12)
    assert [(k.kompetensi_id, k.gap) for k in hasil.kesenjangan] == [(M1, 0), (M2, 1), (M3, 0), (M4, 4)]
    assert [k.kompetensi_id for k in hasil.terbuka] == [M2, M4]
    assert kategori_jpm(hasil.persen, optimal=Decimal(90), cukup_optimal=Decimal(78)) == KategoriJPM.KURANG_OPTIMAL
    assert (
        kategori_seleksi(hasil.persen, memenuhi=Decimal(80), masih_memenuhi=Decimal(68))
        == KategoriSeleksi.KURANG_MEMENUHI_SYARAT
    )


def test_jpm_full_and_capped_and_empty() -> None:
    full = jpm({M1: 2, M2: 2}, {M1: 5, M2: 2})
    assert full is not None
    assert full.persen == Decimal("100.00")
    assert jpm({}, {M1: 3}) is None
    # rounding half up: 2 of 3 = 66.666… → 66.67
    third = jpm({M1: 3}, {M1: 2})
    assert third is not None
    assert third.persen == Decimal("66.67")


@pytest.mark.parametrize(
    ("persen", "kategori"),
    [
        ("100", KategoriJPM.OPTIMAL),
        ("90", KategoriJPM.OPTIMAL),
        ("89.99", KategoriJPM.CUKUP_OPTIMAL),
        ("78", KategoriJPM.CUKUP_OPTIMAL),
        ("77.99", KategoriJPM.KURANG_OPTIMAL),
        ("0", KategoriJPM.KURANG_OPTIMAL),
    ],
)
def test_kategori_jpm_boundaries(persen: str, kategori: KategoriJPM) -> None:
    assert kategori_jpm(Decimal(persen), optimal=Decimal(90), cukup_optimal=Decimal(78)) == kategori


@pytest.mark.parametrize(
    ("persen", "kategori"),
    [
        ("80", KategoriSeleksi.MEMENUHI_SYARAT),
        ("79.99", KategoriSeleksi.MASIH_MEMENUHI_SYARAT),
        ("68", KategoriSeleksi.MASIH_MEMENUHI_SYARAT),
        ("67.99", KategoriSeleksi.KURANG_MEMENUHI_SYARAT),
    ],
)
def test_kategori_seleksi_boundaries(persen: str, kategori: KategoriSeleksi) -> None:
    assert kategori_seleksi(Decimal(persen), memenuhi=Decimal(80), masih_memenuhi=Decimal(68)) == kategori


def test_policy_thresholds_change_the_category() -> None:
    assert kategori_jpm(Decimal("85"), optimal=Decimal(90), cukup_optimal=Decimal(78)) == KategoriJPM.CUKUP_OPTIMAL
    assert kategori_jpm(Decimal("85"), optimal=Decimal(85), cukup_optimal=Decimal(70)) == KategoriJPM.OPTIMAL


@pytest.mark.parametrize(
    ("skor", "level"),
    [
        ("90", LevelPotensi.TINGGI),
        ("89.99", LevelPotensi.MENENGAH),
        ("78", LevelPotensi.MENENGAH),
        ("77.99", LevelPotensi.RENDAH),
    ],
)
def test_level_potensi_boundaries(skor: str, level: LevelPotensi) -> None:
    assert level_potensi(Decimal(skor), tinggi=Decimal(90), menengah=Decimal(78)) == level


@pytest.mark.parametrize(
    ("kinerja", "potensi", "kotak"),
    [
        (LevelKinerja.DI_ATAS, LevelPotensi.RENDAH, 4),
        (LevelKinerja.DI_ATAS, LevelPotensi.MENENGAH, 7),
        (LevelKinerja.DI_ATAS, LevelPotensi.TINGGI, 9),
        (LevelKinerja.SESUAI, LevelPotensi.RENDAH, 2),
        (LevelKinerja.SESUAI, LevelPotensi.MENENGAH, 5),
        (LevelKinerja.SESUAI, LevelPotensi.TINGGI, 8),
        (LevelKinerja.DI_BAWAH, LevelPotensi.RENDAH, 1),
        (LevelKinerja.DI_BAWAH, LevelPotensi.MENENGAH, 3),
        (LevelKinerja.DI_BAWAH, LevelPotensi.TINGGI, 6),
    ],
)
def test_kotak_talenta_all_nine(kinerja: str, potensi: str, kotak: int) -> None:
    assert kotak_talenta(kinerja.value if hasattr(kinerja, "value") else kinerja, potensi) == kotak
