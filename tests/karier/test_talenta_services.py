"""The yearly 9-box placement and the KRS proposals: golden cases from DOMAIN.md §3 (the nine boxes
and their layout, the potensi cut-offs at the boundaries, the policy's kinerja mapping, a missing
axis, movement from last year, a rerun) and each KRS condition failing alone."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from common.policies import Kebijakan
from karier.models import JenisRekomendasi, PenempatanTalenta, Rekomendasi
from karier.services.talenta import krs_syarat, krs_usulkan, talenta_hitung
from pegawai.models import HukumanDisiplin, Pegawai
from tests.factories.karier import penempatan_buat, predikat_tahunan_set, rekomendasi_buat
from tests.factories.pegawai import PegawaiFactory
from tests.factories.pelatihan import asesmen_buat, riwayat_selesai, standar_set

pytestmark = pytest.mark.django_db

TAHUN = 2026
PADA = datetime.date(2027, 1, 15)
KEBIJAKAN = Kebijakan()

# (predikat, potensi score) → box: top row 4 7 9, middle row 2 5 8, bottom row 1 3 6
SEMBILAN = [
    ("sangat_baik", "70", 4),
    ("sangat_baik", "80", 7),
    ("sangat_baik", "95", 9),
    ("baik", "70", 2),
    ("baik", "80", 5),
    ("baik", "95", 8),
    ("butuh_perbaikan", "70", 1),
    ("kurang", "80", 3),
    ("sangat_kurang", "95", 6),
]


def _pegawai_banyak(org, n):
    return [PegawaiFactory(jabatan=org.jabatan_pelaksana, nama=f"Pelaksana {i}") for i in range(n)]


def _set(pegawai, predikat, skor, tahun=TAHUN):
    if predikat:
        predikat_tahunan_set(pegawai, tahun, predikat)
    if skor is not None:
        asesmen_buat(pegawai, {}, tanggal=datetime.date(tahun, 6, 1), skor_potensi=Decimal(skor))


def _kotak(pegawai, tahun=TAHUN):
    return PenempatanTalenta.objects.get(pegawai=pegawai, tahun=tahun).kotak


def test_all_nine_boxes_placed_as_domain_lays_them_out(org):
    orang = _pegawai_banyak(org, 9)
    for p, (predikat, skor, _kotak_harap) in zip(orang, SEMBILAN, strict=True):
        _set(p, predikat, skor)
    hasil = talenta_hitung(instansi=org.instansi, tahun=TAHUN, kebijakan=KEBIJAKAN)
    for p, (predikat, skor, kotak) in zip(orang, SEMBILAN, strict=True):
        row = PenempatanTalenta.objects.get(pegawai=p, tahun=TAHUN)
        assert row.kotak == kotak, (predikat, skor)
        assert row.predikat == predikat
        assert row.skor_potensi == Decimal(skor)
    assert hasil.per_kotak == dict.fromkeys(range(1, 10), 1)
    assert hasil.dipetakan == 9
    # the org's seven pegawai have no predikat and no assessment
    assert hasil.tanpa_kotak == 7
    row = PenempatanTalenta.objects.get(pegawai=orang[2], tahun=TAHUN)
    assert (row.level_kinerja, row.level_potensi) == ("di_atas", "tinggi")
    assert row.unit_kerja_id == org.seksi.pk
    assert row.jenis_jabatan == "pelaksana"
    assert row.golongan_id == orang[2].golongan_id


@pytest.mark.parametrize(
    ("skor", "potensi", "kotak"),
    [("90", "tinggi", 8), ("89.99", "menengah", 5), ("78", "menengah", 5), ("77.99", "rendah", 2)],
)
def test_potensi_cut_offs_at_the_boundaries(org, skor, potensi, kotak):
    _set(org.pegawai, "baik", skor)
    talenta_hitung(instansi=org.instansi, tahun=TAHUN, kebijakan=KEBIJAKAN)
    row = PenempatanTalenta.objects.get(pegawai=org.pegawai, tahun=TAHUN)
    assert (row.level_potensi, row.kotak) == (potensi, kotak)


def test_policy_cut_offs_and_kinerja_mapping_move_people(org):
    _set(org.pegawai, "baik", "85")
    _set(org.rekan, "sangat_baik", "85")
    talenta_hitung(instansi=org.instansi, tahun=TAHUN, kebijakan=KEBIJAKAN)
    assert (_kotak(org.pegawai), _kotak(org.rekan)) == (5, 7)
    ketat = KEBIJAKAN.replace(potensi_tinggi_minimal=Decimal("95"), potensi_menengah_minimal=Decimal("86"))
    talenta_hitung(instansi=org.instansi, tahun=TAHUN, kebijakan=ketat)
    assert (_kotak(org.pegawai), _kotak(org.rekan)) == (2, 4)
    longgar = KEBIJAKAN.replace(
        potensi_tinggi_minimal=Decimal("80"),
        kinerja_di_atas_predikat=("sangat_baik", "baik"),
        kinerja_sesuai_predikat=(),
    )
    talenta_hitung(instansi=org.instansi, tahun=TAHUN, kebijakan=longgar)
    assert (_kotak(org.pegawai), _kotak(org.rekan)) == (9, 9)


def test_missing_axis_leaves_the_box_empty(org):
    _set(org.pegawai, "baik", None)
    _set(org.rekan, "", "95")
    hasil = talenta_hitung(instansi=org.instansi, tahun=TAHUN, kebijakan=KEBIJAKAN)
    a = PenempatanTalenta.objects.get(pegawai=org.pegawai, tahun=TAHUN)
    b = PenempatanTalenta.objects.get(pegawai=org.rekan, tahun=TAHUN)
    assert (a.kotak, a.level_kinerja, a.level_potensi) == (None, "sesuai", "")
    assert (b.kotak, b.level_kinerja, b.level_potensi, b.predikat) == (None, "", "tinggi", "")
    assert hasil.dipetakan == 0


def test_latest_assessment_with_a_score_counts(org):
    asesmen_buat(org.pegawai, {}, tanggal=datetime.date(2024, 1, 1), skor_potensi=Decimal("95"))
    asesmen_buat(org.pegawai, {}, tanggal=datetime.date(2025, 1, 1), skor_potensi=Decimal("70"))
    asesmen_buat(org.pegawai, {"M1": 2}, tanggal=datetime.date(2026, 1, 1))  # no potensi score
    predikat_tahunan_set(org.pegawai, TAHUN, "baik")
    talenta_hitung(instansi=org.instansi, tahun=TAHUN, kebijakan=KEBIJAKAN)
    assert _kotak(org.pegawai) == 2


def test_movement_from_last_year_and_rerun_is_idempotent(org):
    _set(org.pegawai, "baik", "80", tahun=TAHUN - 1)
    talenta_hitung(instansi=org.instansi, tahun=TAHUN - 1, kebijakan=KEBIJAKAN)
    predikat_tahunan_set(org.pegawai, TAHUN, "sangat_baik")
    asesmen_buat(org.pegawai, {}, tanggal=datetime.date(TAHUN, 6, 1), skor_potensi=Decimal("92"))
    talenta_hitung(instansi=org.instansi, tahun=TAHUN, kebijakan=KEBIJAKAN)
    row = PenempatanTalenta.objects.get(pegawai=org.pegawai, tahun=TAHUN)
    assert (row.kotak_sebelumnya, row.kotak) == (5, 9)
    sebelum = list(
        PenempatanTalenta.objects.filter(tahun=TAHUN).order_by("pegawai_id").values_list("pk", "pegawai_id", "kotak")
    )
    hasil = talenta_hitung(instansi=org.instansi, tahun=TAHUN, kebijakan=KEBIJAKAN)
    sesudah = list(
        PenempatanTalenta.objects.filter(tahun=TAHUN).order_by("pegawai_id").values_list("pk", "pegawai_id", "kotak")
    )
    assert sebelum == sesudah
    assert hasil.dipetakan == 1
    # the other instansi's pegawai are not placed
    assert not PenempatanTalenta.objects.filter(pegawai=org.other_pegawai).exists()


def test_pegawai_no_longer_active_leave_the_year(org):
    _set(org.pegawai, "baik", "80")
    talenta_hitung(instansi=org.instansi, tahun=TAHUN, kebijakan=KEBIJAKAN)
    assert PenempatanTalenta.objects.filter(pegawai=org.pegawai, tahun=TAHUN).exists()
    Pegawai.objects.filter(pk=org.pegawai.pk).update(status=Pegawai.Status.PENSIUN)
    penempatan_buat(org.pegawai, TAHUN - 1, 5)  # last year's row stays
    hasil = talenta_hitung(instansi=org.instansi, tahun=TAHUN, kebijakan=KEBIJAKAN)
    assert not PenempatanTalenta.objects.filter(pegawai=org.pegawai, tahun=TAHUN).exists()
    assert PenempatanTalenta.objects.filter(pegawai=org.pegawai, tahun=TAHUN - 1).exists()
    assert hasil.tanpa_kotak == 6


def test_upsert_without_postgresql_gives_the_same_rows(org, monkeypatch):
    """The embedded SQLite path (bulk_create with update_conflicts) stores what the one-statement
    PostgreSQL upsert stores."""
    from django.db import connection

    orang = _pegawai_banyak(org, 9)
    for p, (predikat, skor, _k) in zip(orang, SEMBILAN, strict=True):
        _set(p, predikat, skor)
    penempatan_buat(orang[0], TAHUN - 1, 3)
    kolom = ("pegawai_id", "unit_kerja_id", "jenis_jabatan", "golongan_id", "predikat", "level_kinerja",
             "skor_potensi", "level_potensi", "kotak", "kotak_sebelumnya")  # fmt: skip
    talenta_hitung(instansi=org.instansi, tahun=TAHUN, kebijakan=KEBIJAKAN)
    pg = list(PenempatanTalenta.objects.filter(tahun=TAHUN).order_by("pegawai_id").values_list(*kolom))
    PenempatanTalenta.objects.filter(tahun=TAHUN, pegawai=orang[1]).delete()
    PenempatanTalenta.objects.filter(tahun=TAHUN, pegawai=orang[2]).update(kotak=1)
    monkeypatch.setattr(connection, "vendor", "sqlite")
    hasil = talenta_hitung(instansi=org.instansi, tahun=TAHUN, kebijakan=KEBIJAKAN)
    lain = list(PenempatanTalenta.objects.filter(tahun=TAHUN).order_by("pegawai_id").values_list(*kolom))
    assert lain == pg
    assert hasil.dipetakan == 9
    assert PenempatanTalenta.objects.get(pegawai=orang[0], tahun=TAHUN).kotak_sebelumnya == 3


def test_constant_number_of_queries(org, django_assert_max_num_queries):
    orang = _pegawai_banyak(org, 9)
    for p, (predikat, skor, _k) in zip(orang, SEMBILAN, strict=True):
        _set(p, predikat, skor)
    with django_assert_max_num_queries(10):
        talenta_hitung(instansi=org.instansi, tahun=TAHUN, kebijakan=KEBIJAKAN)


def test_year_out_of_range(org):
    with pytest.raises(ValidationError) as e:
        talenta_hitung(instansi=org.instansi, tahun=1999, kebijakan=KEBIJAKAN)
    assert "tahun" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        krs_usulkan(instansi=org.instansi, tahun=2101, pada=PADA, kebijakan=KEBIJAKAN)
    assert "tahun" in e.value.message_dict
    assert not PenempatanTalenta.objects.exists()


# ---------------------------------------------------------------------------------------------
# KRS


def _krs_siap(org, *orang):
    standar_set(org.jabatan_pelaksana, {"M1": 3, "M2": 2})
    for p in orang:
        asesmen_buat(p, {"M1": 3, "M2": 2}, tanggal=datetime.date(TAHUN, 6, 1), skor_potensi=Decimal("92"))
        predikat_tahunan_set(p, TAHUN - 1, "baik")
        predikat_tahunan_set(p, TAHUN, "sangat_baik")
        riwayat_selesai(p, 24, tahun=TAHUN)
    talenta_hitung(instansi=org.instansi, tahun=TAHUN, kebijakan=KEBIJAKAN)


@pytest.fixture
def krs(org):
    """The pegawai (pelaksana, atasan jabatan: Kepala Seksi) meets every KRS condition: box 9,
    JPM 100% (M1 3/3, M2 2/2), 24 JP in the year, Baik and Sangat Baik."""
    _krs_siap(org, org.pegawai)
    assert _kotak(org.pegawai) == 9
    return org.pegawai


def _usulan(org):
    return Rekomendasi.objects.filter(instansi=org.instansi, jenis=JenisRekomendasi.KRS, pegawai=org.pegawai)


def test_krs_all_conditions_met_proposes_with_reasons(org, krs):
    hasil = krs_usulkan(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=KEBIJAKAN, actor=org.bkd)
    assert (hasil.dibuat, hasil.diperbarui, hasil.dibatalkan) == (1, 0, 0)
    r = _usulan(org).get()
    assert r.kunci == f"krs:{TAHUN}:{org.pegawai.pk}"
    assert r.status == Rekomendasi.Status.DIUSULKAN
    assert r.tahun == TAHUN
    assert r.jabatan_tujuan_id == org.jabatan_kasi.pk
    assert r.diusulkan_oleh == org.bkd
    dasar = {d["kode"]: d for d in r.dasar}
    assert list(dasar) == ["kotak", "jpm", "jp", "predikat", "hukdis"]
    assert all(d["memenuhi"] for d in r.dasar)
    assert dasar["jpm"]["nilai"] == "100.00"
    assert dasar["jpm"]["teks"] == "JPM 100,0% ≥ 78%"
    assert dasar["jp"]["teks"] == "24 JP pada 2026 ≥ 20 JP"
    assert dasar["predikat"]["nilai"] == "sangat_baik,baik"
    assert dasar["kotak"]["nilai"] == "9"
    # a rerun updates the same proposal
    hasil = krs_usulkan(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=KEBIJAKAN)
    assert (hasil.dibuat, hasil.diperbarui) == (0, 1)


@pytest.mark.parametrize("kotak", [7, 8])
def test_krs_boxes_seven_and_eight_also_qualify(org, krs, kotak):
    PenempatanTalenta.objects.filter(pegawai=krs, tahun=TAHUN).update(kotak=kotak)
    krs_usulkan(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=KEBIJAKAN)
    assert _usulan(org).count() == 1


def test_krs_box_outside_fails(org, krs):
    PenempatanTalenta.objects.filter(pegawai=krs, tahun=TAHUN).update(kotak=6)
    krs_usulkan(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=KEBIJAKAN)
    assert not _usulan(org).exists()


def _gagal(org, kode, kebijakan=KEBIJAKAN):
    krs_usulkan(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=kebijakan)
    assert not _usulan(org).exists()
    (s,) = krs_syarat(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=kebijakan)
    gagal = [d["kode"] for d in s.dasar if not d["memenuhi"]]
    assert gagal == [kode]
    return next(d for d in s.dasar if d["kode"] == kode)


def test_krs_jpm_below_policy_fails(org, krs):
    # M1 2/3 + M2 2/2 = 4/5 = 80% ≥ 78 passes; M1 1/3 → 3/5 = 60% fails
    asesmen_buat(krs, {"M1": 2}, tanggal=datetime.date(TAHUN, 7, 1))
    krs_usulkan(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=KEBIJAKAN)
    assert _usulan(org).get().dasar[1]["teks"] == "JPM 80,0% ≥ 78%"
    asesmen_buat(krs, {"M1": 1}, tanggal=datetime.date(TAHUN, 8, 1))
    d = _gagal_setelah_batal(org, "jpm")
    assert (d["nilai"], d["teks"]) == ("60.00", "JPM 60,0% < 78%")


def _gagal_setelah_batal(org, kode, kebijakan=KEBIJAKAN):
    """The proposal made before is withdrawn by the rerun, and only ``kode`` fails."""
    krs_usulkan(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=kebijakan)
    assert _usulan(org).get().status == Rekomendasi.Status.DIBATALKAN
    (s,) = krs_syarat(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=kebijakan)
    assert [d["kode"] for d in s.dasar if not d["memenuhi"]] == [kode]
    return next(d for d in s.dasar if d["kode"] == kode)


def test_krs_jpm_policy_threshold_moves(org, krs):
    asesmen_buat(krs, {"M1": 2}, tanggal=datetime.date(TAHUN, 7, 1))  # 80%
    _gagal(org, "jpm", KEBIJAKAN.replace(jpm_cukup_optimal_minimal=Decimal("81")))


def test_krs_jabatan_without_standard_fails(org, krs):
    from penilaian.models import StandarKompetensi

    StandarKompetensi.objects.filter(jabatan=org.jabatan_pelaksana).delete()
    d = _gagal(org, "jpm")
    assert d["nilai"] == ""


def test_krs_jp_below_minimum_fails(org, krs):
    from pelatihan.models import RiwayatPelatihan

    RiwayatPelatihan.objects.filter(pegawai=krs).update(jp=Decimal("19.5"))
    d = _gagal(org, "jp")
    assert d["teks"] == "19,5 JP pada 2026 < 20 JP"
    # JP of another year does not count
    riwayat_selesai(krs, 30, tahun=TAHUN - 1)
    _gagal(org, "jp")
    # the policy minimum moves it
    krs_usulkan(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=KEBIJAKAN.replace(jp_minimal_tahunan=19))
    assert _usulan(org).count() == 1


@pytest.mark.parametrize(("tahun", "predikat"), [(TAHUN, "butuh_perbaikan"), (TAHUN - 1, "kurang")])
def test_krs_predikat_below_baik_in_either_year_fails(org, krs, tahun, predikat):
    # the stored box stays 9 (no new placement), so the predikat condition fails alone
    predikat_tahunan_set(krs, tahun, predikat)
    d = _gagal(org, "predikat")
    assert "paling rendah Baik" in d["teks"]


def test_krs_no_predikat_last_year_fails(org, krs):
    from penilaian.models import EvaluasiKinerja

    EvaluasiKinerja.objects.filter(pegawai=krs, periode__tahun=TAHUN - 1).update(
        predikat="", rating_hasil_kerja="", rating_perilaku=""
    )
    d = _gagal(org, "predikat")
    assert d["nilai"] == "sangat_baik,"
    assert "2025: belum ada" in d["teks"]


def test_krs_running_hukdis_sedang_fails_unless_policy_off(org, krs):
    HukumanDisiplin.objects.create(
        pegawai=krs, tingkat="sedang", jenis="potong_tukin_6", tmt_mulai=datetime.date(2026, 10, 1)
    )
    _gagal(org, "hukdis")
    krs_usulkan(
        instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=KEBIJAKAN.replace(hukdis_memblokir_karier=False)
    )
    r = _usulan(org).get()
    assert [d["kode"] for d in r.dasar] == ["kotak", "jpm", "jp", "predikat"]


def test_krs_ended_or_ringan_hukdis_does_not_block(org, krs):
    HukumanDisiplin.objects.create(
        pegawai=krs,
        tingkat="berat",
        jenis="penurunan_jabatan",
        tmt_mulai=datetime.date(2025, 1, 1),
        tmt_selesai=datetime.date(2026, 1, 1),
    )
    HukumanDisiplin.objects.create(pegawai=krs, tingkat="ringan", jenis="teguran_lisan", tmt_mulai=PADA)
    krs_usulkan(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=KEBIJAKAN)
    assert _usulan(org).count() == 1


def test_krs_target_is_none_below_a_jpt(org):
    # the Kepala Bidang reports to a JPT Pratama: the target jabatan is left empty
    p = org.kepala_bidang
    standar_set(org.jabatan_kabid, {"M1": 3})
    asesmen_buat(p, {"M1": 4}, tanggal=datetime.date(TAHUN, 6, 1), skor_potensi=Decimal("95"))
    predikat_tahunan_set(p, TAHUN - 1, "baik")
    predikat_tahunan_set(p, TAHUN, "baik")
    riwayat_selesai(p, 20, tahun=TAHUN)
    talenta_hitung(instansi=org.instansi, tahun=TAHUN, kebijakan=KEBIJAKAN)
    assert _kotak(p) == 8
    krs_usulkan(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=KEBIJAKAN)
    r = Rekomendasi.objects.get(pegawai=p, jenis="krs")
    assert r.jabatan_tujuan_id is None


def test_krs_decided_proposals_are_left_alone(org, krs):
    rekomendasi_buat(
        krs, JenisRekomendasi.KRS, tahun=TAHUN, kunci=f"krs:{TAHUN}:{krs.pk}", status=Rekomendasi.Status.DISETUJUI
    )
    hasil = krs_usulkan(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=KEBIJAKAN)
    assert (hasil.dibuat, hasil.diperbarui, hasil.tetap) == (0, 0, 1)
    assert _usulan(org).get().status == Rekomendasi.Status.DISETUJUI


def test_krs_query_count_is_constant(org, django_assert_max_num_queries):
    orang = [org.pegawai, *_pegawai_banyak(org, 3)]
    _krs_siap(org, *orang)
    # 12 reads and writes plus the savepoints of the two atomic blocks, whatever the number of pegawai
    with django_assert_max_num_queries(16):
        hasil = krs_usulkan(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=KEBIJAKAN)
    assert hasil.dibuat == 4


def test_krs_conditions_of_chosen_pegawai_only(org, krs):
    rekan = org.rekan
    PenempatanTalenta.objects.filter(pegawai=rekan, tahun=TAHUN).update(kotak=8)
    semua = krs_syarat(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=KEBIJAKAN)
    assert [s.pegawai_id for s in semua] == sorted([krs.pk, rekan.pk])
    (s,) = krs_syarat(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=KEBIJAKAN, pegawai_ids=[krs.pk])
    assert (s.pegawai_id, s.kotak, s.memenuhi) == (krs.pk, 9, True)
    assert krs_syarat(instansi=org.instansi, tahun=TAHUN, pada=PADA, kebijakan=KEBIJAKAN, pegawai_ids=[]) == []
