"""Celery tasks of pelatihan: kebutuhan. A task takes ids and calls a service."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from common.tasks import REPETISI_TRANSIEN
from pegawai.models import Instansi, User
from pelatihan.services.kebutuhan import kebutuhan_turunkan
from penilaian.models import Periode


@shared_task(**REPETISI_TRANSIEN)
def kebutuhan_turunkan_task(instansi_id: int, tahun: int, actor_id: int | None = None) -> dict[str, int]:
    """Derive the training needs of an instansi and year (rerun-safe). Returns the counts."""
    instansi = Instansi.objects.get(pk=instansi_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return kebutuhan_turunkan(instansi=instansi, tahun=tahun, actor=actor).__dict__


def kebutuhan_turunkan_kirim(*, instansi_id: int, tahun: int, actor_id: int | None = None) -> None:
    """Dispatch the derivation once the current transaction commits."""
    transaction.on_commit(lambda: kebutuhan_turunkan_task.delay(instansi_id, tahun, actor_id))


def kebutuhan_setelah_siklus(periode_id: int) -> None:
    """The after-cycle hook (``penilaian.hooks``): derive the needs of the period's instansi and year."""
    periode = Periode.objects.filter(pk=periode_id).values("instansi_id", "tahun").first()
    if periode is not None:
        kebutuhan_turunkan_kirim(instansi_id=periode["instansi_id"], tahun=periode["tahun"])
