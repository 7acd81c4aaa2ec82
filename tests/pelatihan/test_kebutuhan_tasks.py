"""The after-cycle hook, the derivation task and the bench measurement."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from common.bench import REGISTRY, Konteks
from pelatihan import bench_kebutuhan
from pelatihan.models import KebutuhanPelatihan
from pelatihan.tasks.kebutuhan import kebutuhan_setelah_siklus, kebutuhan_turunkan_task
from penilaian import hooks
from tests.factories.pelatihan import TAHUN, asesmen_buat, standar_set
from tests.factories.penilaian import periode_tahun

pytestmark = pytest.mark.django_db


def test_pelatihan_registers_its_after_cycle_hook():
    assert kebutuhan_setelah_siklus in hooks.setelah_siklus_hooks()


def test_hook_dispatches_the_derivation_of_the_period_after_commit(org, django_capture_on_commit_callbacks):
    standar_set(org.jabatan_pelaksana, {"M1": 3})
    asesmen_buat(org.pegawai, {"M1": 2})
    periode = periode_tahun(org.instansi, TAHUN)[0][1]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        kebutuhan_setelah_siklus(periode.pk)
        assert not KebutuhanPelatihan.objects.exists()  # nothing before the commit
    assert len(callbacks) == 1
    need = KebutuhanPelatihan.objects.get(pegawai=org.pegawai, jenis="kompetensi")
    assert (need.tahun, need.prioritas) == (TAHUN, 60)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        kebutuhan_setelah_siklus(10**12)  # a period that is gone: nothing to do
    assert callbacks == []


def test_task_takes_ids_and_retries_transient_database_errors(org):
    hasil = kebutuhan_turunkan_task.delay(org.instansi.pk, TAHUN, org.bkd.pk).get()
    assert hasil == {"baru": 7, "diperbarui": 0, "ditutup": 0, "terbuka": 7}
    assert OperationalError in kebutuhan_turunkan_task.autoretry_for


def test_bench_measures_a_first_run_and_a_rerun(db):
    hasil = REGISTRY["pelatihan.kebutuhan_turunkan"].run(Konteks(pegawai=30))
    assert hasil.error is None
    assert hasil.ok
    assert hasil.budget == bench_kebutuhan.BUDGET_DETIK
    assert hasil.details["kebutuhan"] > 30  # JP for everyone, and competency gaps
    assert hasil.details["rerun_baru"] == 0
