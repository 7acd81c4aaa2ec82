"""Celery tasks of pelatihan: mentoring. A task takes ids and calls a service."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from pelatihan.services.mentoring import penjodohan_proses


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
    acks_late=True,
)
def penjodohan_task(penjodohan_id: int) -> str:
    """Run the pairing run ``penjodohan_id``; a run already claimed or finished is left alone.
    Returns the run's status."""
    return penjodohan_proses(penjodohan_id=penjodohan_id).status
