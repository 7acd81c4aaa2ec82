"""Helpers for the calibration tests: a period with its snapshot, and rated evaluation rows built
directly (the ratings, the matrix predikat and the status), independent of the rating service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from pegawai.models import Pegawai
from penilaian.models import EvaluasiKinerja, Periode
from penilaian.rules import Predikat, Rating
from tests.factories.pegawai import PegawaiFactory
from tests.factories.penilaian import periode_tahun

SB, B, BP, K, SK = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)

# ratings that give each predikat through the matrix
RATINGS: dict[str, tuple[str, str]] = {
    SB: (Rating.DI_ATAS, Rating.DI_ATAS),
    B: (Rating.SESUAI, Rating.SESUAI),
    BP: (Rating.DI_BAWAH, Rating.SESUAI),
    K: (Rating.SESUAI, Rating.DI_BAWAH),
    SK: (Rating.DI_BAWAH, Rating.DI_BAWAH),
}


def staf_tambahan(org: Any, n: int, jabatan: Any = None) -> list[Pegawai]:
    """``n`` more pelaksana in the seksi (under org.atasan), created before the period opens."""
    out = []
    for _ in range(n):
        p = PegawaiFactory(jabatan=jabatan or org.jabatan_pelaksana)
        p.refresh_from_db()
        out.append(p)
    return out


def periode_buka(org: Any) -> Periode:
    """The first periodic period of 2026 (with its snapshot of every pegawai)."""
    berkala, _tahunan = periode_tahun(org.instansi)
    return berkala[0]


def nilai(periode: Periode, pegawai: Pegawai, predikat: str, **extra: Any) -> EvaluasiKinerja:
    """Rate one row: ratings through the matrix, predikat = matrix predikat, status 'dinilai'."""
    hk, pk = RATINGS[predikat]
    fields: dict[str, Any] = {
        "rating_hasil_kerja": hk,
        "rating_perilaku": pk,
        "predikat_matriks": predikat,
        "predikat": predikat,
        "status": EvaluasiKinerja.Status.DINILAI,
        "dinilai_pada": timezone.now(),
        "nilai_hasil_kerja": Decimal("95.50"),
        "nilai_perilaku": Decimal("88.00"),
        "nilai_akhir": Decimal("93.25"),
        "capaian_hasil_kerja": Decimal("95.50"),
    }
    fields.update(extra)
    EvaluasiKinerja.objects.filter(periode=periode, pegawai=pegawai).update(**fields)
    return EvaluasiKinerja.objects.get(periode=periode, pegawai=pegawai)


def nilai_banyak(periode: Periode, daftar: list[tuple[Pegawai, str]]) -> None:
    for pegawai, predikat in daftar:
        nilai(periode, pegawai, predikat)
