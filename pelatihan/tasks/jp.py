"""Celery tasks of pelatihan: jp. A task takes ids and calls a service."""

from __future__ import annotations

from celery import shared_task

from pelatihan.services.jp import jp_pengingat_kirim


@shared_task(acks_late=True)
def jp_pengingat_task() -> int:
    """Daily: on the 1st of a reminder month, remind pegawai below the yearly JP and their atasan
    (idempotent by key: a rerun sends nothing new)."""
    return jp_pengingat_kirim()
