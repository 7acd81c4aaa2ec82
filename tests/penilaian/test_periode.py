"""Periods of a year and their snapshot (DOMAIN.md §1: a mid-year transfer never rewrites history)."""

from __future__ import annotations

import datetime

import pytest

from common.models import AuditLog
from pegawai import services as pegawai_services
from penilaian.models import EvaluasiKinerja, Periode
from penilaian.selectors.periode import periode_berkala, periode_current, periode_tahunan
from penilaian.services.periode import periode_snapshot, periode_tahun_create
from tests.factories.pegawai import PegawaiFactory
from tests.factories.penilaian import periode_tahun

pytestmark = pytest.mark.django_db


def test_default_policy_gives_four_quarters_and_the_annual_period(org):
    berkala, tahunan = periode_tahun(org.instansi)
    assert [(p.nomor, p.tanggal_mulai, p.tanggal_selesai) for p in berkala] == [
        (1, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        (2, datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)),
        (3, datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)),
        (4, datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
    ]
    assert berkala[0].nama == "Triwulan I 2026"
    assert (tahunan.tanggal_mulai, tahunan.tanggal_selesai) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert AuditLog.objects.filter(instansi_id=org.instansi.pk, ringkasan__startswith="Periode").count() == 5


@pytest.mark.parametrize(("jenis", "jumlah", "akhir_pertama"), [("bulanan", 12, 31), ("semesteran", 2, 30)])
def test_the_period_type_is_the_policy(org, jenis, jumlah, akhir_pertama):
    org.instansi.kebijakan_data = {"jenis_periode": jenis}
    org.instansi.save()
    berkala, _ = periode_tahun(org.instansi)
    assert len(berkala) == jumlah
    assert berkala[0].tanggal_selesai.day == akhir_pertama


def test_creating_the_year_twice_changes_nothing(org):
    periode_tahun(org.instansi)
    before = EvaluasiKinerja.objects.count()
    periode_tahun(org.instansi)
    assert Periode.objects.filter(instansi=org.instansi).count() == 5
    assert EvaluasiKinerja.objects.count() == before


def test_bad_year_is_refused_naming_the_field(org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as e:
        periode_tahun_create(actor=None, instansi=org.instansi, tahun=1999)
    assert "tahun" in e.value.message_dict


def test_snapshot_keeps_jabatan_unit_and_penilai_after_a_transfer(org):
    berkala, _ = periode_tahun(org.instansi)
    q1 = berkala[0]
    ev = EvaluasiKinerja.objects.get(periode=q1, pegawai=org.pegawai)
    assert (ev.jabatan_id, ev.unit_kerja_id, ev.pejabat_penilai_id, ev.atasan_pejabat_penilai_id) == (
        org.jabatan_pelaksana.pk,
        org.seksi.pk,
        org.atasan.pk,
        org.kepala_bidang.pk,
    )
    assert ev.nama_jabatan == org.jabatan_pelaksana.nama
    assert ev.nama_unit == org.seksi.nama
    # the kepala puskesmas leads a unit; the instansi's other pegawai are not in this instansi's period
    assert EvaluasiKinerja.objects.get(periode=q1, pegawai=org.kepala_puskesmas).is_kepala_unit
    assert not EvaluasiKinerja.objects.filter(periode=q1, pegawai=org.other_pegawai).exists()

    pegawai_services.pegawai_update(
        actor=org.bkd,
        pegawai=org.pegawai,
        data={"jabatan": org.jabatan_perawat, "unit_kerja": org.puskesmas, "tmt_jabatan": datetime.date(2026, 2, 1)},
    )
    assert periode_snapshot(periode=q1) == 0
    ev.refresh_from_db()
    assert (ev.jabatan_id, ev.unit_kerja_id, ev.pejabat_penilai_id) == (
        org.jabatan_pelaksana.pk,
        org.seksi.pk,
        org.atasan.pk,
    )


def test_snapshot_adds_newcomers_only(org):
    berkala, _ = periode_tahun(org.instansi)
    jumlah = EvaluasiKinerja.objects.filter(periode=berkala[0]).count()
    PegawaiFactory(instansi=org.instansi, unit_kerja=org.seksi, jabatan=org.jabatan_pelaksana)
    assert periode_snapshot(periode=berkala[0]) == 1
    assert EvaluasiKinerja.objects.filter(periode=berkala[0]).count() == jumlah + 1


def test_selectors_find_the_current_and_annual_periods(org):
    berkala, tahunan = periode_tahun(org.instansi)
    assert periode_current(instansi=org.instansi, on=datetime.date(2026, 5, 20)) == berkala[1]
    assert periode_current(instansi=org.instansi, on=datetime.date(2026, 5, 20), tahunan=True) == tahunan
    assert periode_current(instansi=org.instansi, on=datetime.date(2027, 1, 2)) is None
    assert periode_tahunan(instansi=org.instansi, tahun=2026) == tahunan
    assert list(periode_berkala(instansi=org.instansi, tahun=2026)) == berkala
