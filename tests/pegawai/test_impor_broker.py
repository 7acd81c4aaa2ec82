"""The import through a real Celery worker on the real Redis broker (REDIS_URL)."""

from __future__ import annotations

import io
import time

import pytest

from pegawai.models import ImporPegawai, Pegawai
from tests.broker import PYTESTMARK, task_runs, worker_nyata
from tests.pegawai.test_impor import baris, csv_bytes

pytestmark = PYTESTMARK


@pytest.fixture
def celery_worker_real(transactional_db, settings):
    import pegawai.tasks  # noqa: F401  (registers the tasks with the app)

    with worker_nyata(settings, redis_db=14) as app:
        yield app


def test_import_runs_in_a_real_worker(org, celery_worker_real, settings):
    from pegawai.impor import impor_pegawai_create

    runs = task_runs()
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
    runs.stop()
    # executed by the worker from the broker, not eagerly in this process
    assert runs == [("pegawai.tasks.impor_pegawai_run_task", False, "berhasil")]
