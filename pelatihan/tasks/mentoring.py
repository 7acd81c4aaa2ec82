"""Celery tasks of pelatihan: mentoring. A task takes ids and calls a service."""

from __future__ import annotations

from celery import shared_task

from common.tasks import REPETISI_TRANSIEN
from pelatihan.services.mentoring import penjodohan_proses


@shared_task(**REPETISI_TRANSIEN)
def penjodohan_task(penjodohan_id: int) -> str:
    """Run the pairing run ``penjodohan_id``; a run already claimed or finished is left alone.
    Returns the run's status."""
    return penjodohan_proses(penjodohan_id=penjodohan_id).status
