"""Golden values of pelatihan.rules and the shared reads of pelatihan.selectors.dasar."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from pelatihan import rules
from pelatihan.models import PasanganMentoring, RiwayatPelatihan
from pelatihan.selectors.dasar import jp_tahun_map, level_efektif_map
from tests.factories.pelatihan import TAHUN, asesmen_buat, program_buat, riwayat_selesai
from tests.pelatihan._jp_helpers import riwayat, sesi

D = Decimal


@pytest.mark.parametrize(("menit", "jp"), [(45, "1.00"), (50, "1.11"), (20, "0.44"), (90, "2.00"), (0, "0.00")])
def test_jp_dari_menit(menit, jp):
    assert rules.jp_dari_menit(menit) == D(jp)


def test_jp_dari_menit_refuses_negative():
    with pytest.raises(ValueError, match="menit"):
        rules.jp_dari_menit(-1)


def test_jp_kurang_and_persen():
    assert rules.jp_kurang(D("12.5"), 20) == D("7.5")
    assert rules.jp_kurang(D("25"), 20) == D(0)
    assert rules.persen_jp(D("12.5"), 20) == D("62.50")
    assert rules.persen_jp(D("30"), 20) == D("100.00")
    assert rules.persen_jp(D("1"), 3) == D("33.33")
    assert rules.persen_jp(D("0"), 0) == D(100)


@pytest.mark.parametrize(
    ("lahir", "pada", "umur", "kelompok"),
    [
        (datetime.date(1996, 12, 31), datetime.date(2026, 12, 30), 29, "<30"),
        (datetime.date(1996, 12, 31), datetime.date(2026, 12, 31), 30, "30-39"),
        (datetime.date(1987, 1, 1), datetime.date(2026, 12, 31), 39, "30-39"),
        (datetime.date(1986, 12, 31), datetime.date(2026, 12, 31), 40, "40-49"),
        (datetime.date(1977, 6, 1), datetime.date(2026, 5, 31), 48, "40-49"),
        (datetime.date(1976, 12, 31), datetime.date(2026, 12, 31), 50, "50+"),
    ],
)
def test_usia_and_kelompok_usia(lahir, pada, umur, kelompok):
    assert rules.usia(lahir, pada) == umur
    assert rules.kelompok_usia(lahir, pada) == kelompok


def test_kelompok_golongan_and_jalur():
    assert rules.kelompok_golongan("III/a") == "III"
    assert rules.kelompok_golongan("IV/e") == "IV"
    assert rules.kelompok_golongan("IX") == "IX"
    assert rules.jalur("klasikal") == rules.Jalur.KLASIKAL
    assert rules.jalur("coaching") == rules.Jalur.NON_KLASIKAL
    assert rules.jalur("tugas_belajar") == rules.Jalur.PENDIDIKAN_FORMAL


def test_prioritas_and_manfaat():
    assert rules.prioritas_kompetensi(dasar=40, per_level=10, gap=2) == 60
    assert rules.prioritas_kompetensi(dasar=90, per_level=10, gap=3) == 100
    assert rules.prioritas_kompetensi(dasar=0, per_level=-5, gap=1) == 0
    # gap 1 → 3: a level-3 programme closes it all, a level-2 one half, a level-1 one nothing
    assert rules.manfaat_kompetensi(prioritas=60, dibutuhkan=3, dicapai=1, level_program=3) == D("60.0000")
    assert rules.manfaat_kompetensi(prioritas=60, dibutuhkan=3, dicapai=1, level_program=2) == D("30.0000")
    assert rules.manfaat_kompetensi(prioritas=60, dibutuhkan=3, dicapai=1, level_program=1) == D("0.0000")
    assert rules.manfaat_kompetensi(prioritas=60, dibutuhkan=3, dicapai=1, level_program=5) == D("60.0000")
    assert rules.manfaat_kompetensi(prioritas=60, dibutuhkan=2, dicapai=2, level_program=5) == D(0)
    assert rules.manfaat_jp(prioritas=50, kurang=D(20), jp_program=D(8)) == D("20.0000")
    assert rules.manfaat_jp(prioritas=50, kurang=D(6), jp_program=D(8)) == D("50.0000")
    assert rules.manfaat_jp(prioritas=50, kurang=D(0), jp_program=D(8)) == D(0)


def test_memenuhi_syarat_program():
    kw = {"jenis_jabatan_program": ["pelaksana"], "golongan_minimal_urutan": 5, "golongan_maksimal_urutan": 8}
    assert rules.memenuhi_syarat_program(**kw, jenis_jabatan_pegawai="pelaksana", golongan_urutan_pegawai=6)
    assert not rules.memenuhi_syarat_program(**kw, jenis_jabatan_pegawai="pengawas", golongan_urutan_pegawai=6)
    assert not rules.memenuhi_syarat_program(**kw, jenis_jabatan_pegawai="pelaksana", golongan_urutan_pegawai=4)
    assert not rules.memenuhi_syarat_program(**kw, jenis_jabatan_pegawai="pelaksana", golongan_urutan_pegawai=9)
    assert rules.memenuhi_syarat_program(
        jenis_jabatan_program=[],
        golongan_minimal_urutan=None,
        golongan_maksimal_urutan=None,
        jenis_jabatan_pegawai=None,
        golongan_urutan_pegawai=1,
    )


@pytest.mark.django_db
def test_jp_tahun_map_counts_completed_records_and_sessions_of_the_year_only(org):
    p, rekan = org.pegawai, org.rekan
    riwayat(p, 8)
    riwayat(p, D("4.5"))
    riwayat(p, 10, status=RiwayatPelatihan.Status.TERJADWAL)
    riwayat(p, 10, status=RiwayatPelatihan.Status.BATAL)
    riwayat(p, 30, tahun=TAHUN - 1)
    sesi(org.atasan, p, 90)  # 2.00 JP
    sesi(org.atasan, p, 45, tanggal=datetime.date(TAHUN - 1, 5, 1))  # other year
    sesi(org.kepala_bidang, rekan, 45, status=PasanganMentoring.Status.USULAN)  # not confirmed
    riwayat(org.other_pegawai, 5)
    hasil = jp_tahun_map(instansi_id=org.instansi.pk, tahun=TAHUN)
    assert hasil == {p.pk: D("14.50")}
    assert jp_tahun_map(instansi_id=org.instansi.pk, tahun=TAHUN, pegawai_ids=[rekan.pk]) == {}
    assert jp_tahun_map(instansi_id=org.instansi.pk, tahun=TAHUN - 1, pegawai_ids=[p.pk]) == {p.pk: D("31.00")}


@pytest.mark.django_db
def test_level_efektif_map_training_after_assessment_raises_the_level(org):
    p, rekan = org.pegawai, org.rekan
    asesmen_buat(p, {"M1": 2, "M2": 3}, tanggal=datetime.date(TAHUN - 1, 6, 1))
    asesmen_buat(rekan, {"M1": 2}, tanggal=datetime.date(TAHUN - 1, 6, 1))
    naik = program_buat(org.instansi, "P1", membangun={"M1": 3, "M2": 2})
    riwayat_selesai(p, 24, program=naik, tanggal=datetime.date(TAHUN, 3, 1))  # after: M1 → 3, M2 stays 3
    riwayat_selesai(rekan, 24, program=naik, tanggal=datetime.date(TAHUN - 2, 3, 1))  # before: no effect
    riwayat_selesai(org.unrelated, 24, program=naik)  # no assessment at all: training gives the level
    hasil = level_efektif_map([p.pk, rekan.pk, org.unrelated.pk])
    m1 = naik.kompetensi_dibangun.get(level=3).kompetensi_id
    m2 = naik.kompetensi_dibangun.get(level=2).kompetensi_id
    assert hasil[p.pk][m1] == (3, "pelatihan", datetime.date(TAHUN, 3, 1))
    assert hasil[p.pk][m2][:2] == (3, "asesmen")
    assert hasil[rekan.pk][m1][:2] == (2, "asesmen")
    assert hasil[org.unrelated.pk][m1][:2] == (3, "pelatihan")
    assert level_efektif_map([]) == {}
