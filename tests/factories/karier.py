"""Builders for career tests: annual predikat, 9-box placements and recommendations, created
through the ORM with explicit values (no randomness)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from karier.models import JenisRekomendasi, PenempatanTalenta, Rekomendasi
from pegawai.models import Pegawai
from penilaian.models import EvaluasiKinerja, JenisPeriode, Periode
from penilaian.rules import PREDIKAT_MATRIKS
from tests.factories.penilaian import periode_tahun


def predikat_tahunan_set(pegawai: Pegawai, tahun: int, predikat: str) -> EvaluasiKinerja:
    """The annual predikat of ``pegawai`` for ``tahun`` (the year's periods are made once)."""
    if not Periode.objects.filter(instansi_id=pegawai.instansi_id, tahun=tahun).exists():
        periode_tahun(pegawai.instansi, tahun)
    hasil_kerja, perilaku = next(k for k, v in PREDIKAT_MATRIKS.items() if v == predikat)
    evaluasi = EvaluasiKinerja.objects.get(pegawai=pegawai, periode__tahun=tahun, periode__jenis=JenisPeriode.TAHUNAN)
    EvaluasiKinerja.objects.filter(pk=evaluasi.pk).update(
        predikat=predikat, rating_hasil_kerja=hasil_kerja, rating_perilaku=perilaku
    )
    return evaluasi


def penempatan_buat(
    pegawai: Pegawai,
    tahun: int,
    kotak: int | None,
    *,
    kotak_sebelumnya: int | None = None,
    predikat: str = "",
    skor_potensi: Decimal | None = None,
    **extra: Any,
) -> PenempatanTalenta:
    """A 9-box placement as the yearly run would store it (levels left blank unless given)."""
    return PenempatanTalenta.objects.create(
        instansi_id=pegawai.instansi_id,
        tahun=tahun,
        pegawai=pegawai,
        unit_kerja_id=pegawai.unit_kerja_id,
        jenis_jabatan=pegawai.jabatan.jenis if pegawai.jabatan else "",
        golongan_id=pegawai.golongan_id,
        predikat=predikat,
        skor_potensi=skor_potensi,
        kotak=kotak,
        kotak_sebelumnya=kotak_sebelumnya,
        **extra,
    )


def rekomendasi_buat(
    pegawai: Pegawai,
    jenis: str = JenisRekomendasi.KP,
    *,
    tahun: int = 2026,
    status: str = Rekomendasi.Status.DIUSULKAN,
    kunci: str = "",
    **fields: Any,
) -> Rekomendasi:
    """A recommendation in ``status`` (decision fields left to the test)."""
    return Rekomendasi.objects.create(
        instansi_id=pegawai.instansi_id,
        tahun=tahun,
        jenis=jenis,
        pegawai=pegawai,
        kunci=kunci or f"{jenis}:{pegawai.pk}:{tahun}",
        status=status,
        **fields,
    )
