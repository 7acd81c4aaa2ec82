"""The dashboard's figures, computed afresh in the background when the kept ones grow stale."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import translation

from common.tasks import REPETISI_TRANSIEN
from pegawai.models import Instansi


@shared_task(**REPETISI_TRANSIEN)
def dasbor_segarkan_task(instansi_id: int, pada: str, bahasa: str = "") -> str:
    from karier.selectors.dasbor import dasbor_instansi_cached

    instansi = Instansi.objects.get(pk=instansi_id)
    with translation.override(bahasa or None):
        hasil = dasbor_instansi_cached(instansi=instansi, pada=datetime.date.fromisoformat(pada), segar=True)
    return hasil.dihitung_pada.isoformat()
