"""KP eligibility through the database (DOMAIN.md §6): golden cases for one pegawai and the
set-based list, the KP dates of the policy, and the query budgets."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from common.policies import Kebijakan
from karier.rules import SyaratKP
from karier.selectors.kp import (
    angka_kredit_sejak,
    kp_daftar,
    kp_hitungan,
    kp_pegawai,
    tanggal_kp_pilihan,
)
from pegawai.models import HukumanDisiplin
from penilaian.models import EvaluasiKinerja, JenisPeriode, Periode
from penilaian.rules import PREDIKAT_MATRIKS
from tests.factories.pegawai import HukumanDisiplinFactory, JabatanFactory, PegawaiFactory, golongan, pppk_buat
from tests.factories.penilaian import periode_tahun

D = datetime.date
KP = D(2026, 4, 1)
KEBIJAKAN = Kebijakan()


TMT_4_TAHUN = D(2022, 4, 1)


def _pns(org, *, gol="II/c", tmt=TMT_4_TAHUN, pendidikan="SLTA", jabatan=None, **kw):
    return PegawaiFactory(
        jabatan=jabatan or org.jabatan_pelaksana,
        golongan=golongan(gol),
        tmt_cpns=D(2010, 3, 1),
        tanggal_lahir=D(1986, 5, 17),
        tmt_golongan=tmt,
        pendidikan_terakhir=pendidikan,
        **kw,
    )


def predikat_set(pegawai, tahun, predikat):
    """The annual predikat of ``pegawai`` for ``tahun``, also for a pegawai created after the
    year's periods were opened (their annual row is added)."""
    tahunan = (
        Periode.objects.filter(instansi_id=pegawai.instansi_id, tahun=tahun, jenis=JenisPeriode.TAHUNAN).first()
        or periode_tahun(pegawai.instansi, tahun)[1]
    )
    hasil_kerja, perilaku = next(k for k, v in PREDIKAT_MATRIKS.items() if v == predikat)
    EvaluasiKinerja.objects.update_or_create(
        periode=tahunan,
        pegawai=pegawai,
        defaults={"predikat": predikat, "rating_hasil_kerja": hasil_kerja, "rating_perilaku": perilaku},
    )


def _predikat(pegawai, *pairs):
    for tahun, p in pairs:
        predikat_set(pegawai, tahun, p)


BAIK_2 = ((2025, "baik"), (2024, "baik"))


def _kode(hasil):
    return [k.syarat for k in hasil.kekurangan]


# --- KP dates --------------------------------------------------------------------------------------


def test_tanggal_kp_pilihan_monthly_default():
    assert tanggal_kp_pilihan(pada=D(2026, 3, 2), kebijakan=KEBIJAKAN, n=3) == [
        D(2026, 4, 1),
        D(2026, 5, 1),
        D(2026, 6, 1),
    ]
    assert tanggal_kp_pilihan(pada=D(2026, 4, 1), kebijakan=KEBIJAKAN, n=1) == [D(2026, 4, 1)]


def test_tanggal_kp_pilihan_six_periods_cross_the_year():
    k = Kebijakan(bulan_periode_kp=(2, 4, 6, 8, 10, 12))
    assert tanggal_kp_pilihan(pada=D(2026, 10, 2), kebijakan=k, n=4) == [
        D(2026, 12, 1),
        D(2027, 2, 1),
        D(2027, 4, 1),
        D(2027, 6, 1),
    ]
    assert len(tanggal_kp_pilihan(pada=D(2026, 1, 1), kebijakan=KEBIJAKAN)) == 12


# --- golden cases: KP reguler ------------------------------------------------------------------------


def test_exactly_four_years_to_the_day_is_eligible(org):
    p = _pns(org)
    _predikat(p, *BAIK_2)
    hasil = kp_pegawai(pegawai=p, tanggal_kp=KP, kebijakan=KEBIJAKAN)
    assert hasil.memenuhi
    assert hasil.golongan_baru == "II/d"


def test_one_day_short_is_not_eligible(org):
    p = _pns(org, tmt=D(2022, 4, 2))
    _predikat(p, *BAIK_2)
    hasil = kp_pegawai(pegawai=p, tanggal_kp=KP, kebijakan=KEBIJAKAN)
    assert not hasil.memenuhi
    assert _kode(hasil) == [SyaratKP.MASA_GOLONGAN]
    assert "kurang 1 hari" in hasil.kekurangan[0].pesan


def test_seven_months_short_in_words(org):
    p = _pns(org, tmt=D(2022, 11, 1))
    _predikat(p, *BAIK_2)
    hasil = kp_pegawai(pegawai=p, tanggal_kp=KP, kebijakan=KEBIJAKAN)
    assert hasil.kekurangan[0].pesan.startswith("masa kerja golongan kurang 7 bulan")


def test_education_ceiling_s1_at_iii_d(org):
    p = _pns(org, gol="III/d", tmt=D(2018, 4, 1), pendidikan="S1")
    _predikat(p, *BAIK_2)
    hasil = kp_pegawai(pegawai=p, tanggal_kp=KP, kebijakan=KEBIJAKAN)
    assert _kode(hasil) == [SyaratKP.PLAFON_PENDIDIKAN]
    assert "S1" in hasil.kekurangan[0].pesan
    assert "III/d" in hasil.kekurangan[0].pesan
    # S-2 lifts the ceiling to IV/a
    p2 = _pns(org, gol="III/d", tmt=D(2018, 4, 1), pendidikan="S2")
    _predikat(p2, *BAIK_2)
    assert kp_pegawai(pegawai=p2, tanggal_kp=KP, kebijakan=KEBIJAKAN).golongan_baru == "IV/a"
    assert kp_pegawai(pegawai=p2, tanggal_kp=KP, kebijakan=KEBIJAKAN).memenuhi


def test_running_hukdis_sedang_blocks_and_policy_off_does_not(org):
    p = _pns(org)
    _predikat(p, *BAIK_2)
    HukumanDisiplinFactory(pegawai=p, tmt_mulai=D(2026, 1, 1), tmt_selesai=D(2026, 6, 30))
    hasil = kp_pegawai(pegawai=p, tanggal_kp=KP, kebijakan=KEBIJAKAN)
    assert _kode(hasil) == [SyaratKP.HUKDIS]
    off = Kebijakan(hukdis_memblokir_karier=False)
    assert kp_pegawai(pegawai=p, tanggal_kp=KP, kebijakan=off).memenuhi
    # ended the day before the KP date: no longer running
    assert kp_pegawai(pegawai=p, tanggal_kp=D(2026, 7, 1), kebijakan=KEBIJAKAN).memenuhi


def test_hukdis_berat_blocks_and_ringan_does_not(org):
    p = _pns(org)
    _predikat(p, *BAIK_2)
    HukumanDisiplinFactory(
        pegawai=p,
        tingkat=HukumanDisiplin.Tingkat.RINGAN,
        jenis=HukumanDisiplin.Jenis.TEGURAN_TERTULIS,
        tmt_mulai=D(2026, 3, 1),
        tmt_selesai=D(2026, 12, 31),
    )
    assert kp_pegawai(pegawai=p, tanggal_kp=KP, kebijakan=KEBIJAKAN).memenuhi
    HukumanDisiplinFactory(
        pegawai=p,
        tingkat=HukumanDisiplin.Tingkat.BERAT,
        jenis=HukumanDisiplin.Jenis.PEMBEBASAN_JABATAN,
        tmt_mulai=D(2026, 3, 1),
        tmt_selesai=D(2027, 2, 28),
    )
    assert _kode(kp_pegawai(pegawai=p, tanggal_kp=KP, kebijakan=KEBIJAKAN)) == [SyaratKP.HUKDIS]


def test_butuh_perbaikan_in_one_of_two_years(org):
    p = _pns(org)
    _predikat(p, (2025, "baik"), (2024, "butuh_perbaikan"))
    assert _kode(kp_pegawai(pegawai=p, tanggal_kp=KP, kebijakan=KEBIJAKAN)) == [SyaratKP.PREDIKAT]
    q = _pns(org)
    _predikat(q, (2025, "butuh_perbaikan"), (2024, "sangat_baik"))
    assert _kode(kp_pegawai(pegawai=q, tanggal_kp=KP, kebijakan=KEBIJAKAN)) == [SyaratKP.PREDIKAT]


def test_missing_annual_predikat_is_missing(org):
    p = _pns(org)
    _predikat(p, (2025, "baik"))
    assert _kode(kp_pegawai(pegawai=p, tanggal_kp=KP, kebijakan=KEBIJAKAN)) == [SyaratKP.PREDIKAT]


def test_pppk_has_no_kp(org):
    pppk = pppk_buat(org.jabatan_perawat, pendidikan_terakhir="D3")
    hasil = kp_pegawai(pegawai=pppk, tanggal_kp=KP, kebijakan=KEBIJAKAN)
    assert hasil.golongan_baru is None
    assert not hasil.memenuhi
    assert _kode(hasil) == ["jenis_asn"]
    assert pppk.pk not in {b.pegawai_id for b in kp_daftar(instansi=org.instansi, tanggal_kp=KP, kebijakan=KEBIJAKAN)}


# --- golden cases: jabatan fungsional ---------------------------------------------------------------


@pytest.fixture
def perawat(org):
    return JabatanFactory(
        unit_kerja=org.puskesmas,
        nama="Perawat Terampil Rawat Inap",
        jenis="fungsional_keterampilan",
        jenjang="terampil",
        atasan=org.jabatan_kapus,
        kebutuhan=5,
    )


def test_fungsional_with_enough_angka_kredit(org, perawat):
    # terampil: 5 per year at Baik; II/c → II/d needs 20: 2022..2025 at Baik = 20
    p = _pns(org, jabatan=perawat, tmt=D(2022, 1, 1), pendidikan="D3")
    _predikat(p, (2022, "baik"), (2023, "baik"), *BAIK_2)
    hasil = kp_pegawai(pegawai=p, tanggal_kp=KP, kebijakan=KEBIJAKAN)
    assert hasil.memenuhi
    assert hasil.golongan_baru == "II/d"
    [baris] = kp_daftar(instansi=org.instansi, tanggal_kp=KP, kebijakan=KEBIJAKAN, filters={"q": p.nip})
    assert (baris.jenis_kp, baris.angka_kredit, baris.angka_kredit_dibutuhkan) == ("fungsional", Decimal("20.00"), 20)


def test_fungsional_without_enough_angka_kredit(org, perawat):
    # 2 years at Sangat Baik = 2 × 7.50 = 15 of 20 (time of 2 years is met: 2 years 3 months)
    p = _pns(org, jabatan=perawat, tmt=D(2024, 1, 1), pendidikan="D3")
    _predikat(p, (2025, "sangat_baik"), (2024, "sangat_baik"))
    hasil = kp_pegawai(pegawai=p, tanggal_kp=KP, kebijakan=KEBIJAKAN)
    assert _kode(hasil) == [SyaratKP.ANGKA_KREDIT]
    assert hasil.kekurangan[0].pesan == "angka kredit kurang 5.00 (baru 15.00 dari 20)"


def test_fungsional_two_years_not_four_and_not_the_education_ceiling(org, perawat):
    p = _pns(org, gol="III/b", jabatan=perawat, tmt=D(2024, 4, 1), pendidikan="SLTA")
    _predikat(p, *BAIK_2)
    # terampil has no KP from III/b within the jenjang (its range ends at II/d)
    hasil = kp_pegawai(pegawai=p, tanggal_kp=KP, kebijakan=KEBIJAKAN)
    assert _kode(hasil) == [SyaratKP.ANGKA_KREDIT]
    assert "naik jenjang" in hasil.kekurangan[0].pesan


def test_angka_kredit_first_year_counts_from_the_tmt_month():
    # TMT 1 July 2023: 6 months of 2023 at Baik (2.50) + 2024 and 2025 at Baik (5 each)
    total = angka_kredit_sejak(
        predikat_per_tahun={2023: "baik", 2024: "baik", 2025: "baik", 2026: "sangat_baik"},
        jenjang="terampil",
        tmt_golongan=D(2023, 7, 1),
        tanggal_kp=KP,
    )
    assert total == Decimal("12.50")


# --- the list ------------------------------------------------------------------------------------------


def test_kp_daftar_rows_counts_and_filters(org):
    ya = _pns(org, nama="Ayu Memenuhi")
    kurang = _pns(org, nama="Bima Kurang", tmt=D(2022, 11, 1))
    for p in (ya, kurang):
        _predikat(p, *BAIK_2)
    semua = kp_daftar(instansi=org.instansi, tanggal_kp=KP, kebijakan=KEBIJAKAN)
    ids = [b.pegawai_id for b in semua]
    assert org.other_pegawai.pk not in ids
    assert ya.pk in ids
    assert kurang.pk in ids
    by = {b.pegawai_id: b for b in semua}
    assert by[ya.pk].memenuhi
    assert by[ya.pk].golongan_baru == "II/d"
    assert by[ya.pk].golongan_baru_id == golongan("II/d").pk
    assert by[kurang.pk].kekurangan_teks.startswith("masa kerja golongan kurang 7 bulan")
    memenuhi, belum = kp_hitungan(semua)
    assert memenuhi == 1
    assert belum == len(semua) - 1
    ok = kp_daftar(instansi=org.instansi, tanggal_kp=KP, kebijakan=KEBIJAKAN, filters={"status": "memenuhi"})
    assert [b.pegawai_id for b in ok] == [ya.pk]
    belum_rows = kp_daftar(instansi=org.instansi, tanggal_kp=KP, kebijakan=KEBIJAKAN, filters={"status": "belum"})
    assert ya.pk not in {b.pegawai_id for b in belum_rows}
    assert kurang.pk in {b.pegawai_id for b in belum_rows}
    puskesmas = kp_daftar(
        instansi=org.instansi, tanggal_kp=KP, kebijakan=KEBIJAKAN, filters={"unit_kerja": org.puskesmas}
    )
    assert {b.pegawai_id for b in puskesmas} == {org.kepala_puskesmas.pk, org.unrelated.pk}
    dinas = kp_daftar(instansi=org.instansi, tanggal_kp=KP, kebijakan=KEBIJAKAN, filters={"unit_kerja": org.dinas})
    assert len(dinas) == len(semua)  # the subtree
    gol = kp_daftar(instansi=org.instansi, tanggal_kp=KP, kebijakan=KEBIJAKAN, filters={"golongan": golongan("II/c")})
    assert {b.pegawai_id for b in gol} == {ya.pk, kurang.pk, org.pegawai.pk}


def test_kp_daftar_agrees_with_kp_pegawai(org, perawat):
    rows = [
        _pns(org),
        _pns(org, tmt=D(2022, 4, 2)),
        _pns(org, gol="III/d", tmt=D(2018, 4, 1), pendidikan="S1"),
        _pns(org, jabatan=perawat, tmt=D(2024, 1, 1), pendidikan="D3"),
    ]
    for p in rows:
        _predikat(p, *BAIK_2)
    HukumanDisiplinFactory(pegawai=rows[0], tmt_mulai=D(2026, 1, 1), tmt_selesai=D(2026, 6, 30))
    by = {b.pegawai_id: b for b in kp_daftar(instansi=org.instansi, tanggal_kp=KP, kebijakan=KEBIJAKAN)}
    for p in rows:
        p.refresh_from_db()
        satu = kp_pegawai(pegawai=p, tanggal_kp=KP, kebijakan=KEBIJAKAN)
        assert by[p.pk].kekurangan == satu.kekurangan
        assert by[p.pk].golongan_baru == satu.golongan_baru


def test_kp_daftar_constant_queries(org, django_assert_max_num_queries):
    for i in range(5):
        _predikat(_pns(org, tmt=D(2022, 4, 1 + i)), *BAIK_2)
    with django_assert_max_num_queries(4):
        rows = kp_daftar(instansi=org.instansi, tanggal_kp=KP, kebijakan=KEBIJAKAN)
    assert len(rows) >= 12


def test_kp_pegawai_query_budget(org, perawat, django_assert_max_num_queries):
    p = _pns(org, jabatan=perawat, tmt=D(2022, 1, 1), pendidikan="D3")
    _predikat(p, (2022, "baik"), (2023, "baik"), *BAIK_2)
    p = type(p).objects.get(pk=p.pk)
    with django_assert_max_num_queries(5):
        assert kp_pegawai(pegawai=p, tanggal_kp=KP, kebijakan=KEBIJAKAN).memenuhi
