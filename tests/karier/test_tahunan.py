"""The yearly talent and recommendation run: every step in order with its counts and an audit
row, rerun-safe (decided recommendations kept), the after-cycle hook of an annual period, the
task, and the bench measurement."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import OperationalError

from common.bench import REGISTRY, Konteks
from common.models import AuditLog
from karier import bench  # noqa: F401 (registers the measurements)
from karier.models import PenempatanTalenta, Rekomendasi
from karier.services.rekomendasi import rekomendasi_putuskan
from karier.services.tahunan import PENGUSUL, karier_tahunan_jalankan
from karier.tasks.tahunan import karier_setelah_siklus, karier_tahunan_task
from penilaian import hooks
from penilaian.models import JenisPeriode, Periode
from tests.factories.karier import predikat_tahunan_set
from tests.factories.pelatihan import asesmen_buat

pytestmark = pytest.mark.django_db
TAHUN = 2025
PADA = datetime.date(2026, 11, 2)


@pytest.fixture
def data(org):
    """Everyone Baik in 2024 and 2025; the pegawai Sangat Baik in 2025 with potensi 92 (box 9),
    the rekan Baik with potensi 80 (box 5); the others have no assessment (no box)."""
    for p in (org.pegawai, org.rekan, org.atasan, org.kepala_bidang, org.kepala_dinas, org.unrelated):
        predikat_tahunan_set(p, TAHUN - 1, "baik")
        predikat_tahunan_set(p, TAHUN, "baik")
    predikat_tahunan_set(org.pegawai, TAHUN, "sangat_baik")
    asesmen_buat(org.pegawai, {"M1": 3}, skor_potensi=Decimal("92"), tanggal=datetime.date(TAHUN, 5, 1))
    asesmen_buat(org.rekan, {"M1": 3}, skor_potensi=Decimal("80"), tanggal=datetime.date(TAHUN, 5, 1))
    return org


def test_run_places_everyone_proposes_and_audits(data):
    org = data
    hasil = karier_tahunan_jalankan(instansi=org.instansi, tahun=TAHUN, pada=PADA, actor=org.bkd)
    assert hasil.tahun == TAHUN
    assert set(hasil.usulan) == {nama for nama, _f in PENGUSUL}
    assert set(hasil.detik_per_langkah) == {"talenta", *hasil.usulan}
    kotak = dict(PenempatanTalenta.objects.filter(tahun=TAHUN).values_list("pegawai_id", "kotak"))
    assert kotak[org.pegawai.pk] == 9
    assert kotak[org.rekan.pk] == 5
    assert kotak[org.unrelated.pk] is None
    assert hasil.talenta.per_kotak.get(9) == 1
    audit = AuditLog.objects.filter(instansi_id=org.instansi.pk, ringkasan__icontains="rekomendasi tahunan").get()
    assert audit.perubahan["tahun"] == TAHUN
    assert audit.perubahan["dipetakan"] == hasil.talenta.dipetakan
    # box 9 is proposed for an award (pegawai berprestasi)
    assert Rekomendasi.objects.filter(pegawai=org.pegawai, jenis="penghargaan", penghargaan="pegawai_berprestasi")


def test_rerun_keeps_the_committees_decisions(data):
    org = data
    karier_tahunan_jalankan(instansi=org.instansi, tahun=TAHUN, pada=PADA)
    sebelum = dict(Rekomendasi.objects.values_list("kunci", "status"))
    assert sebelum
    pertama = Rekomendasi.objects.order_by("id").first()
    assert pertama is not None
    rekomendasi_putuskan(actor=org.pimpinan, rekomendasi=pertama, setuju=False, alasan="Formasi belum tersedia")
    hasil = karier_tahunan_jalankan(instansi=org.instansi, tahun=TAHUN, pada=PADA)
    sesudah = dict(Rekomendasi.objects.values_list("kunci", "status"))
    assert set(sesudah) == set(sebelum)
    assert sesudah[pertama.kunci] == "ditolak"
    assert sum(h.dibuat for h in hasil.usulan.values()) == 0
    assert sum(h.tetap for h in hasil.usulan.values()) >= 1


def test_karier_registers_its_after_cycle_hook():
    assert karier_setelah_siklus in hooks.setelah_siklus_hooks()


def test_hook_runs_the_year_after_an_annual_cycle_only(data, django_capture_on_commit_callbacks):
    org = data
    tahunan = Periode.objects.get(instansi=org.instansi, tahun=TAHUN, jenis=JenisPeriode.TAHUNAN)
    berkala = Periode.objects.filter(instansi=org.instansi, tahun=TAHUN).exclude(jenis=JenisPeriode.TAHUNAN).first()
    assert berkala is not None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        karier_setelah_siklus(berkala.pk)
        karier_setelah_siklus(10**12)  # a period that is gone
    assert callbacks == []
    assert not PenempatanTalenta.objects.exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        karier_setelah_siklus(tahunan.pk)
        assert not PenempatanTalenta.objects.exists()  # nothing before the commit
    assert len(callbacks) == 1
    assert PenempatanTalenta.objects.filter(instansi=org.instansi, tahun=TAHUN).count() >= 6


def test_task_takes_ids_and_retries_transient_database_errors(data):
    org = data
    hasil = karier_tahunan_task.delay(org.instansi.pk, TAHUN, PADA.isoformat(), org.bkd.pk).get()
    assert hasil["tahun"] == TAHUN
    assert hasil["dipetakan"] == 2
    assert set(hasil["usulan"]) == {nama for nama, _f in PENGUSUL}
    assert OperationalError in karier_tahunan_task.autoretry_for
    assert AuditLog.objects.filter(actor=org.bkd, ringkasan__icontains="rekomendasi tahunan").exists()


def test_bench_times_the_run_on_the_largest_instansi(data):
    hasil = REGISTRY["karier.tahunan"].run(Konteks(pegawai=30))
    assert hasil.error is None
    assert hasil.ok
    assert hasil.budget == 5.0
    assert hasil.details["instansi"] == data.instansi.kode
    assert set(hasil.details["langkah_s"]) == {"talenta", *(nama for nama, _f in PENGUSUL)}
