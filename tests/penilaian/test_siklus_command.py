"""run_cycle from the command line, and the cycle's beat schedules installed from code."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_celery_beat.models import PeriodicTask

from common.schedules import OWNED_PREFIX
from penilaian.models import EvaluasiKinerja, SiklusEvaluasi
from penilaian.tasks import pengingat_periode_task, siklus_akhir_periode_task, siklus_evaluasi_task
from tests.factories.penilaian import periode_tahun
from tests.penilaian._siklus_helpers import kasus_golden

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("run_cycle", *args, stdout=out)
    return out.getvalue()


def test_run_cycle_by_year_type_and_number_prints_progress_and_outcome(org):
    kasus = kasus_golden(org)

    output = run(
        "--instansi", org.instansi.kode, "--tahun", "2026", "--jenis", "triwulanan", "--nomor", "1", "--batch", "3"
    )

    assert "Siklus evaluasi Triwulan I 2026" in output
    assert "nilai 3/7" in output
    assert "nilai 6/7" in output
    assert "nilai 7/7" in output
    assert "[100%] selesai 7/7" in output
    assert "pegawai: 7" in output
    assert "tanpa_realisasi: 1" in output
    row = EvaluasiKinerja.objects.get(periode=kasus.periode, pegawai=org.pegawai)
    assert row.nilai_akhir == Decimal("78.45")


def test_run_cycle_by_period_id_in_process(org):
    berkala, _ = periode_tahun(org.instansi)
    output = run("--instansi", org.instansi.kode, "--periode", str(berkala[1].pk), "--sync")
    assert "Selesai." in output
    assert SiklusEvaluasi.objects.get(periode=berkala[1]).status == SiklusEvaluasi.Status.SELESAI


@pytest.mark.parametrize(
    ("args", "pesan"),
    [
        (["--instansi", "tidak-ada", "--periode", "1"], "tidak ada"),
        (["--instansi", "kota-sibolga"], "--periode"),
        (["--instansi", "kota-sibolga", "--periode", "999999"], "tidak ditemukan"),
        (["--instansi", "kota-sibolga", "--tahun", "2099", "--jenis", "triwulanan"], "tidak ditemukan"),
    ],
)
def test_run_cycle_bad_arguments(org, args, pesan):
    periode_tahun(org.instansi)
    with pytest.raises(CommandError, match=pesan):
        run(*args)


def test_run_cycle_reports_a_failed_cycle(org, monkeypatch):
    berkala, _ = periode_tahun(org.instansi)
    from penilaian.services import siklus as svc

    def rusak(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("rusak")

    monkeypatch.setattr(svc, "ikm_hitung_periode", rusak)
    with pytest.raises(CommandError, match="ikm"):
        run("--instansi", org.instansi.kode, "--periode", str(berkala[0].pk))


def test_run_cycle_refuses_a_running_cycle(org):
    from django.utils import timezone

    berkala, _ = periode_tahun(org.instansi)
    SiklusEvaluasi.objects.create(periode=berkala[0], status="berjalan", detak=timezone.now())
    with pytest.raises(CommandError, match="sedang berjalan"):
        run("--instansi", org.instansi.kode, "--periode", str(berkala[0].pk))


def test_run_cycle_with_a_broker_waits_for_the_worker(org, settings, monkeypatch):
    """With a broker the command dispatches and follows the row; here the 'worker' is the eager
    task run by on_commit outside a transaction."""
    kasus = kasus_golden(org)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent: list[int] = []
    monkeypatch.setattr(siklus_evaluasi_task, "delay", lambda pk: sent.append(pk) or siklus_evaluasi_task(pk))
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, using=None, robust=False: fn())
    output = run("--instansi", org.instansi.kode, "--periode", str(kasus.periode.pk))
    assert sent
    assert "[100%] selesai 7/7" in output


def test_tasks_call_the_services(org):
    kasus = kasus_golden(org)
    assert siklus_akhir_periode_task() != []  # Q1–Q3 2026 have ended
    assert pengingat_periode_task() == 0  # Q4 ends 31 December: not within 7 days of today
    siklus = SiklusEvaluasi.objects.get(periode=kasus.periode)
    assert siklus_evaluasi_task(siklus.pk) == "selesai"


def test_schedules_are_installed_on_migrate():
    PeriodicTask.objects.filter(name__startswith=OWNED_PREFIX + "penilaian.").delete()
    call_command("migrate", verbosity=0, stdout=StringIO())
    tasks = dict(PeriodicTask.objects.filter(name__startswith=OWNED_PREFIX + "penilaian.").values_list("name", "task"))
    assert tasks == {
        OWNED_PREFIX + "penilaian.pengingat-periode": "penilaian.tasks.pengingat_periode_task",
        OWNED_PREFIX + "penilaian.siklus-akhir-periode": "penilaian.tasks.siklus_akhir_periode_task",
    }
    assert PeriodicTask.objects.get(name=OWNED_PREFIX + "penilaian.pengingat-periode").crontab.hour == "7"
