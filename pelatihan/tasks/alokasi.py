"""Celery tasks of pelatihan: alokasi. A task takes ids and calls a service."""

from __future__ import annotations

from celery import shared_task

from common.tasks import REPETISI_TRANSIEN
from pelatihan.services.alokasi import alokasi_jalankan


@shared_task(**REPETISI_TRANSIEN)
def alokasi_jalankan_task(alokasi_id: int) -> str:
    """Run the allocation ``alokasi_id``; one held by another worker or finished is left alone."""
    return alokasi_jalankan(alokasi_id=alokasi_id).status
