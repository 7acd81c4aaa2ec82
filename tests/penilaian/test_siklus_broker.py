"""The evaluation cycle through a real Celery worker on the real Redis broker (REDIS_URL)."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from penilaian.models import EvaluasiKinerja, SiklusEvaluasi
from tests.broker import PYTESTMARK, task_runs, worker_nyata
from tests.penilaian._siklus_helpers import kasus_golden

pytestmark = PYTESTMARK


@pytest.fixture
def celery_worker_real(transactional_db, settings):
    import penilaian.tasks  # noqa: F401  (registers the tasks with the app)

    with worker_nyata(settings, redis_db=12) as app:
        yield app


def test_cycle_runs_in_a_real_worker(org, celery_worker_real, settings):
    from penilaian.services.siklus import siklus_mulai

    runs = task_runs()
    settings.SIKLUS_UKURAN_BATCH = 2
    kasus = kasus_golden(org)
    # no transaction is open here: on_commit dispatches at once, to the broker
    siklus = siklus_mulai(actor=org.bkd, periode=kasus.periode)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        siklus.refresh_from_db()
        if siklus.status in (SiklusEvaluasi.Status.SELESAI, SiklusEvaluasi.Status.GAGAL):
            break
        time.sleep(0.2)
    assert siklus.status == SiklusEvaluasi.Status.SELESAI, (siklus.status, siklus.galat)
    assert (siklus.total, siklus.diproses, siklus.hasil["notifikasi"]) == (7, 7, 5)
    assert EvaluasiKinerja.objects.get(periode=kasus.periode, pegawai=org.pegawai).nilai_akhir == Decimal("78.45")
    deadline = time.monotonic() + 20
    while len(runs) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    runs.stop()
    # executed by the worker from the broker, not eagerly in this process; the finished cycle's
    # hook sent the derivation of training needs to the broker too, and the worker ran it
    assert runs == [
        ("penilaian.tasks.siklus_evaluasi_task", False, "selesai"),
        (
            "pelatihan.tasks.kebutuhan.kebutuhan_turunkan_task",
            False,
            {"baru": 7, "diperbarui": 0, "ditutup": 0, "terbuka": 7},
        ),
    ]
