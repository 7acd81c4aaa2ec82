"""Celery tasks of penilaian. A task takes ids and calls a service; the logic lives in the service."""

from __future__ import annotations

from celery import shared_task

from common.tasks import REPETISI_TRANSIEN
from penilaian.services.siklus import pengingat_periode_kirim, siklus_akhir_periode_mulai, siklus_jalankan


@shared_task(**REPETISI_TRANSIEN)
def siklus_evaluasi_task(siklus_id: int) -> str:
    """Run (or continue) the evaluation cycle ``siklus_id``; a cycle held by another worker or
    already finished is left alone. Returns the cycle's status."""
    return siklus_jalankan(siklus_id=siklus_id).status


@shared_task(acks_late=True)
def pengingat_periode_task() -> int:
    """Daily: remind the late of every period about to end (idempotent by key)."""
    return pengingat_periode_kirim()


@shared_task(acks_late=True)
def siklus_akhir_periode_task() -> list[int]:
    """Daily: start the cycle of every period that has ended without a finished cycle."""
    return siklus_akhir_periode_mulai()
