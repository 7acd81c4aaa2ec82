"""The yearly talent and recommendation run as a Celery task: after the annual evaluation cycle
(through penilaian's after-cycle hook) and on BKD's request."""

from __future__ import annotations

import datetime
from typing import Any

from celery import shared_task
from django.db import transaction

from common.tasks import REPETISI_TRANSIEN
from pegawai.models import Instansi, User


@shared_task(**REPETISI_TRANSIEN)
def karier_tahunan_task(
    instansi_id: int, tahun: int, pada: str | None = None, actor_id: int | None = None
) -> dict[str, Any]:
    from karier.services.tahunan import karier_tahunan_jalankan

    instansi = Instansi.objects.get(pk=instansi_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    with transaction.atomic():
        hasil = karier_tahunan_jalankan(
            instansi=instansi,
            tahun=tahun,
            pada=datetime.date.fromisoformat(pada) if pada else None,
            actor=actor,
        )
    return {
        "tahun": hasil.tahun,
        "dipetakan": hasil.talenta.dipetakan,
        "usulan": {nama: h.dibuat + h.diperbarui for nama, h in hasil.usulan.items()},
        "detik": round(hasil.detik, 2),
    }


def karier_setelah_siklus(periode_id: int) -> None:
    """After-cycle hook: when an annual period's cycle finishes, run the year's talent map and
    recommendations."""
    from penilaian.models import JenisPeriode, Periode

    periode = Periode.objects.filter(pk=periode_id).values("instansi_id", "tahun", "jenis").first()
    if periode is not None and periode["jenis"] == JenisPeriode.TAHUNAN:
        instansi_id, tahun = periode["instansi_id"], periode["tahun"]
        transaction.on_commit(lambda: karier_tahunan_task.delay(instansi_id, tahun))
