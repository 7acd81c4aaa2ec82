"""Celery tasks of pelatihan: alokasi. A task takes ids and calls a service."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from pelatihan.services.alokasi import alokasi_jalankan


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
    acks_late=True,
)
def alokasi_jalankan_task(alokasi_id: int) -> str:
    """Run the allocation ``alokasi_id``; one held by another worker or finished is left alone."""
    return alokasi_jalankan(alokasi_id=alokasi_id).status
