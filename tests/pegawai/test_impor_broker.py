"""The import through a real Celery worker on the real Redis broker (REDIS_URL)."""

from __future__ import annotations

import io
import os
import time
from urllib.parse import urlsplit, urlunsplit

import pytest

from pegawai.models import ImporPegawai, Pegawai
from tests.pegawai.test_impor import baris, csv_bytes

pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: no broker to test against"),
]


@pytest.fixture
def celery_worker_real(transactional_db, settings):
    from celery.contrib.testing.worker import start_worker

    import pegawai.tasks  # noqa: F401  (registers the task with the app)
    from config.celery_app import app

    # A Redis database of its own, emptied first, so that no other suite's worker (or a message
    # left by an earlier run) shares the queue with this test.
    redis_url = urlunsplit(urlsplit(os.environ["REDIS_URL"])._replace(path="/14"))
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


def test_import_runs_in_a_real_worker(org, celery_worker_real, settings):
    from celery.signals import task_postrun

    from pegawai.impor import impor_pegawai_create

    runs: list[tuple[str, bool, str]] = []

    def record(sender=None, task=None, retval=None, **kwargs):  # type: ignore[no-untyped-def]
        runs.append((task.name, bool(task.request.is_eager), retval))

    task_postrun.connect(record, weak=False)
    settings.IMPOR_PEGAWAI_ROWS_INLINE = 1
    rows = [baris() for _i in range(3)]
    impor = impor_pegawai_create(
        actor=org.bkd, instansi=org.instansi, berkas=io.BytesIO(csv_bytes(rows)), nama_file="pegawai.csv"
    )
    # no transaction is open here: on_commit dispatched at once, to the broker, not in-process
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        impor.refresh_from_db()
        if impor.status in (ImporPegawai.Status.BERHASIL, ImporPegawai.Status.GAGAL):
            break
        time.sleep(0.2)
    assert impor.status == ImporPegawai.Status.BERHASIL, (impor.status, impor.galat)
    assert (impor.jumlah_baru, impor.baris_diproses) == (3, 3)
    assert Pegawai.objects.filter(nip__in=[r["nip"] for r in rows]).count() == 3
    deadline = time.monotonic() + 10
    while not runs and time.monotonic() < deadline:
        time.sleep(0.05)
    task_postrun.disconnect(record)
    # executed by the worker from the broker, not eagerly in this process
    assert runs == [("pegawai.tasks.impor_pegawai_run_task", False, "berhasil")]
