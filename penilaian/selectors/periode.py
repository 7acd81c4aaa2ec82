"""Reading periods."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from pegawai.models import Instansi
from penilaian.models import Periode
from penilaian.rules import JenisPeriode


def today() -> datetime.date:
    return timezone.localdate()


def periode_list(*, instansi: Instansi, tahun: int | None = None) -> QuerySet[Periode]:
    qs = Periode.objects.filter(instansi=instansi)
    if tahun is not None:
        qs = qs.filter(tahun=tahun)
    return qs.order_by("-tahun", "jenis", "nomor")


def periode_current(*, instansi: Instansi, on: datetime.date | None = None, tahunan: bool = False) -> Periode | None:
    """The period containing ``on`` (today by default): the periodic one, or the annual one."""
    on = on or today()
    qs = Periode.objects.filter(instansi=instansi, tanggal_mulai__lte=on, tanggal_selesai__gte=on)
    qs = qs.filter(jenis=JenisPeriode.TAHUNAN) if tahunan else qs.exclude(jenis=JenisPeriode.TAHUNAN)
    return qs.order_by("tanggal_mulai").first()


def periode_tahunan(*, instansi: Instansi, tahun: int) -> Periode | None:
    return Periode.objects.filter(instansi=instansi, tahun=tahun, jenis=JenisPeriode.TAHUNAN).first()


def periode_berkala(*, instansi: Instansi, tahun: int) -> QuerySet[Periode]:
    """The periodic (non-annual) periods of a year, in order."""
    return (
        Periode.objects.filter(instansi=instansi, tahun=tahun)
        .exclude(jenis=JenisPeriode.TAHUNAN)
        .order_by("tanggal_mulai")
    )
