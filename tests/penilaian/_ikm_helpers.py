"""Helpers for the IKM tests: the periods of the current year, a unit layanan with its link, and
answers stored directly (for volume) or through the service (for behaviour)."""

from __future__ import annotations

import itertools
from typing import Any

from django.utils import timezone

from pegawai.models import UnitKerja
from penilaian.models import Periode, ResponsSurvei, TautanSurvei
from penilaian.rules import UNSUR_IKM
from penilaian.selectors.periode import periode_current
from penilaian.services.ikm import respons_survei_simpan, tautan_survei_pastikan
from tests.factories.penilaian import periode_tahun

_urut = itertools.count(1)


def periode_sekarang(instansi: Any) -> Periode:
    """The periods of this year (made once per test); returns the periodic one containing today."""
    if not Periode.objects.filter(instansi=instansi, tahun=timezone.localdate().year).exists():
        periode_tahun(instansi, tahun=timezone.localdate().year)
    periode = periode_current(instansi=instansi)
    assert periode is not None
    return periode


def tautan_of(unit: UnitKerja) -> TautanSurvei:
    tautan_survei_pastikan(instansi=unit.instansi)
    return TautanSurvei.objects.get(unit_kerja=unit)


def jawaban(nilai: tuple[int, ...] | list[int], **extra: Any) -> dict[str, Any]:
    assert len(nilai) == 9
    return {kode: str(v) for kode, v in zip(UNSUR_IKM, nilai, strict=True)} | extra


def kirim(tautan: TautanSurvei, nilai: tuple[int, ...] | list[int], **extra: Any) -> ResponsSurvei:
    """One answer through the service, from a fresh device on a fresh network."""
    n = next(_urut)
    return respons_survei_simpan(
        tautan_kode=tautan.kode,
        data=jawaban(nilai, **extra),
        perangkat=f"perangkat-uji-{n}",
        jaringan=f"10.{n // 256 % 256}.{n % 256}.0/24",
    )


def simpan_banyak(unit: UnitKerja, periode: Periode | None, daftar: list[tuple[int, ...]], **extra: Any) -> None:
    """Many answers at once, straight into the table (the volume tests need no rate limit)."""
    ResponsSurvei.objects.bulk_create(
        [
            ResponsSurvei(unit_kerja=unit, periode=periode, **dict(zip(UNSUR_IKM, nilai, strict=True)), **extra)
            for nilai in daftar
        ]
    )
