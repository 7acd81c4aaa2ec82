"""Set-based reads of assessment data that other areas and apps build on: the latest level per
kompetensi, the standard of jabatan, the latest potensi score and the annual predikat. Each is a
constant number of queries whatever the number of pegawai."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from penilaian.models import Asesmen, EvaluasiKinerja, HasilAsesmenKompetensi, JenisPeriode, StandarKompetensi


def _ids(values: Iterable[int]) -> list[int]:
    return sorted(set(values))


def level_kompetensi_map(pegawai_ids: Iterable[int]) -> dict[int, dict[int, tuple[int, datetime.date]]]:
    """pegawai id → kompetensi id → (level, assessment date), from the latest assessment that
    rated each kompetensi (a later assessment of other kompetensi leaves the older levels)."""
    ids = _ids(pegawai_ids)
    out: dict[int, dict[int, tuple[int, datetime.date]]] = {}
    if not ids:
        return out
    rows = (
        HasilAsesmenKompetensi.objects.filter(asesmen__pegawai_id__in=ids)
        .order_by("asesmen__pegawai_id", "kompetensi_id", "asesmen__tanggal", "asesmen_id")
        .values_list("asesmen__pegawai_id", "kompetensi_id", "level", "asesmen__tanggal")
    )
    for pegawai_id, kompetensi_id, level, tanggal in rows.iterator(chunk_size=20000):
        out.setdefault(pegawai_id, {})[kompetensi_id] = (level, tanggal)  # later rows win
    return out


def standar_map(jabatan_ids: Iterable[int]) -> dict[int, dict[int, int]]:
    """jabatan id → kompetensi id → required level."""
    out: dict[int, dict[int, int]] = {}
    ids = _ids(jabatan_ids)
    if not ids:
        return out
    for jabatan_id, kompetensi_id, level in StandarKompetensi.objects.filter(jabatan_id__in=ids).values_list(
        "jabatan_id", "kompetensi_id", "level"
    ):
        out.setdefault(jabatan_id, {})[kompetensi_id] = level
    return out


def potensi_map(*, instansi_id: int, pegawai_ids: Iterable[int] | None = None) -> dict[int, Decimal]:
    """pegawai id → potensi score of their latest assessment that has one."""
    qs = Asesmen.objects.filter(instansi_id=instansi_id, skor_potensi__isnull=False)
    if pegawai_ids is not None:
        qs = qs.filter(pegawai_id__in=_ids(pegawai_ids))
    terbaru = qs.annotate(
        urutan=Window(RowNumber(), partition_by=[F("pegawai_id")], order_by=[F("tanggal").desc(), F("id").desc()])
    ).filter(urutan=1)
    return {p: skor for p, skor in terbaru.values_list("pegawai_id", "skor_potensi") if skor is not None}


def predikat_tahunan_map(*, instansi_id: int, tahun: int, pegawai_ids: Iterable[int] | None = None) -> dict[int, str]:
    """pegawai id → the predikat of their annual evaluation of ``tahun`` (rated rows only)."""
    qs = EvaluasiKinerja.objects.filter(
        periode__instansi_id=instansi_id, periode__tahun=tahun, periode__jenis=JenisPeriode.TAHUNAN
    ).exclude(predikat="")
    if pegawai_ids is not None:
        qs = qs.filter(pegawai_id__in=_ids(pegawai_ids))
    return dict(qs.values_list("pegawai_id", "predikat"))


def predikat_terakhir_map(
    *, instansi_id: int, sejak: datetime.date, pegawai_ids: Iterable[int] | None = None
) -> dict[int, tuple[str, int]]:
    """pegawai id → (predikat, evaluation id) of their latest rated evaluation (periodic or annual)
    of a period that ended on or after ``sejak``."""
    qs = EvaluasiKinerja.objects.filter(periode__instansi_id=instansi_id, periode__tanggal_selesai__gte=sejak).exclude(
        predikat=""
    )
    if pegawai_ids is not None:
        qs = qs.filter(pegawai_id__in=_ids(pegawai_ids))
    terbaru = qs.annotate(
        urutan=Window(
            RowNumber(),
            partition_by=[F("pegawai_id")],
            order_by=[F("periode__tanggal_selesai").desc(), F("periode__jenis").asc(), F("id").desc()],
        )
    ).filter(urutan=1)
    return {p: (predikat, e) for p, predikat, e in terbaru.values_list("pegawai_id", "predikat", "id")}
