"""Golden cases of DOMAIN.md §6: KP reguler and fungsional, the KP dates, the rotation window and
Satyalancana Karya Satya."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from karier import rules
from karier.rules import StatusRotasi, SyaratKP

D = datetime.date
BAIK2 = ("baik", "sangat_baik")


def _kp(**kw):  # type: ignore[no-untyped-def]
    base = {
        "golongan": "III/a",
        "tmt_golongan": D(2022, 4, 1),
        "tanggal_kp": D(2026, 4, 1),
        "pendidikan": "S1",
        "predikat_dua_tahun": BAIK2,
        "hukdis_berjalan": False,
    }
    return rules.kp_reguler(**{**base, **kw})


def test_exactly_four_years_to_the_day_is_eligible():
    hasil = _kp()
    assert (hasil.memenuhi, hasil.golongan_baru, hasil.kekurangan) == (True, "III/b", ())


def test_one_day_short_names_what_is_missing():
    hasil = _kp(tanggal_kp=D(2026, 3, 31))
    assert not hasil.memenuhi
    assert [(k.syarat, k.pesan) for k in hasil.kekurangan] == [
        (
            SyaratKP.MASA_GOLONGAN,
            "masa kerja golongan kurang 1 hari (baru 3 tahun 11 bulan 30 hari dari 4 tahun)",
        )
    ]


def test_seven_months_short():
    hasil = _kp(tanggal_kp=D(2025, 9, 1))
    assert hasil.kekurangan[0].pesan.startswith("masa kerja golongan kurang 7 bulan (")


def test_education_ceiling_reached():
    # SLTA stops at III/b: from III/b there is no KP reguler, from III/a there is
    assert _kp(golongan="III/a", pendidikan="SLTA").memenuhi
    hasil = _kp(golongan="III/b", pendidikan="SLTA")
    assert [k.syarat for k in hasil.kekurangan] == [SyaratKP.PLAFON_PENDIDIKAN]
    assert "plafon pendidikan SLTA (paling tinggi III/b)" in hasil.kekurangan[0].pesan
    # S-1 reaches III/d, S-2 and a profession IV/a, S-3 IV/b
    assert not _kp(golongan="III/d", pendidikan="S1").memenuhi
    assert _kp(golongan="III/d", pendidikan="S2").memenuhi
    assert _kp(golongan="IV/a", pendidikan="S3").memenuhi
    assert not _kp(golongan="IV/b", pendidikan="S3").memenuhi


def test_running_hukdis_blocks_unless_the_policy_switch_is_off():
    hasil = _kp(hukdis_berjalan=True)
    assert [k.syarat for k in hasil.kekurangan] == [SyaratKP.HUKDIS]
    assert _kp(hukdis_berjalan=True, hukdis_memblokir=False).memenuhi


@pytest.mark.parametrize("predikat", [("baik", "butuh_perbaikan"), ("kurang", "baik"), ("baik",), (None, "baik"), ()])
def test_predikat_at_least_baik_in_each_of_the_last_two_years(predikat):
    assert [k.syarat for k in _kp(predikat_dua_tahun=predikat).kekurangan] == [SyaratKP.PREDIKAT]


def test_every_shortfall_at_once_and_the_highest_golongan():
    hasil = _kp(
        golongan="III/d", pendidikan="SLTA", tanggal_kp=D(2023, 4, 1), predikat_dua_tahun=(), hukdis_berjalan=True
    )
    assert [k.syarat for k in hasil.kekurangan] == [
        SyaratKP.MASA_GOLONGAN,
        SyaratKP.PREDIKAT,
        SyaratKP.PLAFON_PENDIDIKAN,
        SyaratKP.HUKDIS,
    ]
    tertinggi = _kp(golongan="IV/e")
    assert (tertinggi.golongan_baru, [k.syarat for k in tertinggi.kekurangan]) == (None, [SyaratKP.GOLONGAN_TERTINGGI])
    assert rules.golongan_berikut("IX") is None


def test_fungsional_two_years_and_angka_kredit():
    base = {
        "golongan": "III/a",
        "tmt_golongan": D(2024, 4, 1),
        "tanggal_kp": D(2026, 4, 1),
        "predikat_dua_tahun": BAIK2,
        "hukdis_berjalan": False,
    }
    ok = rules.kp_fungsional(**base, angka_kredit=Decimal("50.00"), angka_kredit_dibutuhkan=Decimal("50"))
    assert (ok.memenuhi, ok.golongan_baru) == (True, "III/b")
    kurang = rules.kp_fungsional(**base, angka_kredit=Decimal("37.50"), angka_kredit_dibutuhkan=Decimal("50"))
    assert [(k.syarat, k.pesan) for k in kurang.kekurangan] == [
        (SyaratKP.ANGKA_KREDIT, "angka kredit kurang 12.50 (baru 37.50 dari 50)")
    ]
    muda = rules.kp_fungsional(
        **{**base, "tanggal_kp": D(2026, 3, 1)}, angka_kredit=Decimal(60), angka_kredit_dibutuhkan=Decimal(50)
    )
    assert [k.pesan for k in muda.kekurangan] == [
        "masa kerja golongan kurang 1 bulan (baru 1 tahun 11 bulan dari 2 tahun)"
    ]
    puncak = rules.kp_fungsional(
        **{**base, "golongan": "IV/e"}, angka_kredit=Decimal(0), angka_kredit_dibutuhkan=Decimal(0)
    )
    assert puncak.golongan_baru is None


def test_next_kp_date_from_the_policy_months():
    assert rules.tanggal_kp_berikut(D(2026, 4, 1), range(1, 13)) == D(2026, 4, 1)
    assert rules.tanggal_kp_berikut(D(2026, 4, 2), range(1, 13)) == D(2026, 5, 1)
    assert rules.tanggal_kp_berikut(D(2026, 4, 2), (4, 10)) == D(2026, 10, 1)
    assert rules.tanggal_kp_berikut(D(2026, 10, 2), (4, 10)) == D(2027, 4, 1)
    with pytest.raises(ValueError, match="bulan_periode kosong"):
        rules.tanggal_kp_berikut(D(2026, 1, 1), ())


@pytest.mark.parametrize(
    ("pada", "status"),
    [
        (D(2026, 4, 30), StatusRotasi.BELUM),  # one day short of 2 years
        (D(2026, 5, 1), StatusRotasi.KANDIDAT),  # 2 years to the day
        (D(2029, 4, 30), StatusRotasi.KANDIDAT),  # one day short of 5 years
        (D(2029, 5, 1), StatusRotasi.JATUH_TEMPO),  # 5 years: due
    ],
)
def test_rotation_window(pada, status):
    assert rules.status_rotasi(D(2024, 5, 1), pada, minimal=2, maksimal=5) == status


@pytest.mark.parametrize(
    ("pada", "hukdis", "cltn", "tingkat"),
    [
        (D(2026, 2, 28), False, False, None),  # one day short of 10 years
        (D(2026, 3, 1), False, False, 10),
        (D(2036, 2, 29), False, False, 10),  # one day short of 20 years
        (D(2036, 3, 1), False, False, 20),
        (D(2046, 3, 1), False, False, 30),
        (D(2046, 3, 1), True, False, None),
        (D(2046, 3, 1), False, True, None),
    ],
)
def test_satyalancana(pada, hukdis, cltn, tingkat):
    hasil = rules.satyalancana(tmt_cpns=D(2016, 3, 1), pada=pada, pernah_hukdis_sedang_berat=hukdis, pernah_cltn=cltn)
    assert hasil == tingkat


def test_durations_read_without_zero_parts():
    from pegawai.rules import MasaKerja

    assert rules.masa_teks(MasaKerja(0, 7, 0)) == "7 bulan"
    assert rules.masa_teks(MasaKerja(1, 0, 3)) == "1 tahun 3 hari"
    assert rules.masa_teks(MasaKerja(0, 0, 0)) == "0 hari"
