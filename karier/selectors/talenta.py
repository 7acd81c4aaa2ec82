"""Reads of the 9-box talent map and the KRS: the latest year with placements, the grid counts,
one pegawai's placement, the list of one box, the movement since last year, the pegawai without
a box and each box's follow-ups. Set-based: a constant number of queries whatever the size."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Subquery

from karier.models import PenempatanTalenta
from pegawai.models import UnitKerja

KOTAK_SEMUA = tuple(range(1, 10))
# the grid as DOMAIN.md §3 lays it out: kinerja rising upward, potensi rising to the right
TATA_LETAK = ((4, 7, 9), (2, 5, 8), (1, 3, 6))


def _filter_q(filters: dict[str, Any] | None) -> Q:
    """Filters of the talent map on the placement's snapshot: ``unit_kerja`` (an id, with its
    sub-units by path), ``jenis_jabatan``, ``golongan`` (an id). Empty values are ignored."""
    q = Q()
    if not filters:
        return q
    unit_kerja = filters.get("unit_kerja")
    if unit_kerja:
        path = UnitKerja.objects.filter(pk=getattr(unit_kerja, "pk", unit_kerja)).values("path")[:1]
        q &= Q(unit_kerja__path__startswith=Subquery(path))
    if filters.get("jenis_jabatan"):
        q &= Q(jenis_jabatan=filters["jenis_jabatan"])
    golongan = filters.get("golongan")
    if golongan:
        q &= Q(golongan_id=getattr(golongan, "pk", golongan))
    return q


def penempatan_qs(
    *, instansi_id: int, tahun: int, filters: dict[str, Any] | None = None
) -> QuerySet[PenempatanTalenta]:
    """The placements of one instansi and year, filtered."""
    return PenempatanTalenta.objects.filter(_filter_q(filters), instansi_id=instansi_id, tahun=tahun)


def tahun_talenta_terakhir(*, instansi_id: int) -> int | None:
    """The latest year with placements of the instansi, or None. One query."""
    tahun: int | None = PenempatanTalenta.objects.filter(instansi_id=instansi_id).aggregate(t=Max("tahun"))["t"]
    return tahun


def tahun_talenta_list(*, instansi_id: int) -> list[int]:
    """The years with placements, latest first. One query."""
    return list(
        PenempatanTalenta.objects.filter(instansi_id=instansi_id)
        .order_by("-tahun")
        .values_list("tahun", flat=True)
        .distinct()
    )


def grid_talenta(*, instansi_id: int, tahun: int, filters: dict[str, Any] | None = None) -> dict[int, int]:
    """Box → number of pegawai, for all nine boxes (0 when empty). One query."""
    hitung = dict(
        penempatan_qs(instansi_id=instansi_id, tahun=tahun, filters=filters)
        .filter(kotak__isnull=False)
        .order_by()
        .values("kotak")
        .annotate(n=Count("id"))
        .values_list("kotak", "n")
    )
    return {k: hitung.get(k, 0) for k in KOTAK_SEMUA}


def penempatan_pegawai(*, pegawai_id: int, tahun: int | None = None) -> PenempatanTalenta | None:
    """A pegawai's placement of ``tahun``, or their latest one when no year is given. One query."""
    qs = PenempatanTalenta.objects.filter(pegawai_id=pegawai_id).select_related("unit_kerja", "golongan")
    if tahun is not None:
        return qs.filter(tahun=tahun).first()
    return qs.order_by("-tahun").first()
