"""The evaluation cycle through a real Celery worker on the real Redis broker (REDIS_URL)."""

from __future__ import annotations

import os
import time
from decimal import Decimal
from urllib.parse import urlsplit, urlunsplit

import pytest

from penilaian.models import EvaluasiKinerja, SiklusEvaluasi
from tests.penilaian._siklus_helpers import kasus_golden

pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: no broker to test against"),
]


@pytest.fixture
def celery_worker_real(transactional_db, settings):
    from celery.contrib.testing.worker import start_worker

    import penilaian.tasks  # noqa: F401  (registers the tasks with the app)
    from config.celery_app import app

    # Redis database 12, emptied first: no other suite's worker shares the queue with this test.
    redis_url = urlunsplit(urlsplit(os.environ["REDIS_URL"])._replace(path="/12"))
    settings.CELERY_TASK_ALWAYS_EAGER = False
    saved = {k: app.conf.get(k) for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    _drop_connections(app)
    try:
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield app
    finally:
        app.conf.update(saved)
        _drop_connections(app)


def _drop_connections(app):  # type: ignore[no-untyped-def]
    """Forget pooled connections opened for another broker URL (as Celery does after a fork)."""
    app._pool = None
    app.amqp._producer_pool = None


def test_cycle_runs_in_a_real_worker(org, celery_worker_real, settings):
    from celery.signals import task_postrun

    from penilaian.services.siklus import siklus_mulai

    runs: list[tuple[str, bool, str]] = []

    def record(sender=None, task=None, retval=None, **kwargs):  # type: ignore[no-untyped-def]
        runs.append((task.name, bool(task.request.is_eager), retval))

    task_postrun.connect(record, weak=False)
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
    deadline = time.monotonic() + 10
    while not runs and time.monotonic() < deadline:
        time.sleep(0.05)
    task_postrun.disconnect(record)
    # executed by the worker from the broker, not eagerly in this process
    assert runs == [("penilaian.tasks.siklus_evaluasi_task", False, "selesai")]
