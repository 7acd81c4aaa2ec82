"""Celery tasks of pegawai. A task takes ids and calls a service; the logic lives in the service."""

from __future__ import annotations

from celery import shared_task
from django.utils import translation

from common.tasks import REPETISI_TRANSIEN

from .impor import impor_pegawai_run


@shared_task(**REPETISI_TRANSIEN)
def impor_pegawai_run_task(impor_id: int, bahasa: str | None = None) -> str:
    """Run an import job (idempotent: a rerun of a claimed or finished job does nothing).
    Errors are written in ``bahasa``, the uploader's language."""
    with translation.override(bahasa):
        return impor_pegawai_run(impor_id=impor_id).status
