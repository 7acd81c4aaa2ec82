"""A small appraisal period with known inputs, for the evaluation cycle tests.

pegawai (pelaksana, seksi)        SKP approved, 3 realisasi (100/120, 2.5/3 lower is better,
                                  4/12), 360 by the atasan (4 on every value) and one peer
                                  (5, below the anonymity minimum), rated Sesuai/Di Atas
rekan (pelaksana, seksi)          SKP approved, 1 of 3 realisasi (60/120): lacks realisasi
unrelated (perawat, puskesmas)    SKP approved, 3 realisasi on target; unit layanan IKM 75.00
kepala_puskesmas                  no SKP; leads the unit layanan: IKM only
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pegawai.models import Pegawai
from penilaian.models import (
    SKP,
    EvaluasiKinerja,
    JawabanUmpanBalik360,
    Periode,
    PermintaanUmpanBalik360,
    Realisasi,
    ResponsSurvei,
)
from penilaian.rules import AspekPerilaku, PeranPenilai360
from tests.factories.penilaian import indikator_list, periode_tahun, skp_build

NILAI_FIELDS = (
    "capaian_hasil_kerja",
    "nilai_hasil_kerja",
    "nilai_perilaku",
    "nilai_ikm",
    "nilai_akhir",
    "predikat_matriks",
    "predikat",
    "komponen",
    "dihitung_pada",
)


@dataclass
class Kasus:
    periode: Periode
    skp: dict[str, SKP]


def realisasi_isi(skp: SKP, periode: Periode, nilai: list[Decimal | None]) -> None:
    for indikator, v in zip(indikator_list(skp), nilai, strict=False):
        if v is not None:
            Realisasi.objects.create(indikator=indikator, periode=periode, nilai=v)


def jawab_360(periode: Periode, dinilai: Pegawai, penilai: Pegawai, peran: str, skor: int) -> None:
    p = PermintaanUmpanBalik360.objects.create(
        periode=periode, dinilai=dinilai, penilai=penilai, peran=peran, status=PermintaanUmpanBalik360.Status.DIJAWAB
    )
    JawabanUmpanBalik360.objects.bulk_create(
        JawabanUmpanBalik360(permintaan=p, aspek=a, skor=skor) for a in AspekPerilaku.values
    )


def kasus_golden(org: Any) -> Kasus:
    berkala, _tahunan = periode_tahun(org.instansi)
    periode = berkala[0]
    Pegawai.objects.filter(pk__in=[org.pegawai.pk, org.atasan.pk]).update(email="uji@example.go.id")
    skp = {
        "pegawai": skp_build(org.pegawai),
        "rekan": skp_build(org.rekan),
        "unrelated": skp_build(org.unrelated),
    }
    realisasi_isi(skp["pegawai"], periode, [Decimal("100"), Decimal("2.5"), Decimal("4")])
    realisasi_isi(skp["rekan"], periode, [Decimal("60")])
    realisasi_isi(skp["unrelated"], periode, [Decimal("120"), Decimal("3"), Decimal("12")])
    jawab_360(periode, org.pegawai, org.atasan, PeranPenilai360.ATASAN, 4)
    jawab_360(periode, org.pegawai, org.rekan, PeranPenilai360.REKAN, 5)
    ResponsSurvei.objects.bulk_create(
        ResponsSurvei(unit_kerja=org.puskesmas, periode=periode, **{f"u{i}": 3 for i in range(1, 10)})
        for _ in range(30)
    )
    EvaluasiKinerja.objects.filter(periode=periode, pegawai=org.pegawai).update(
        rating_hasil_kerja="sesuai", rating_perilaku="di_atas", predikat="baik", status="dinilai"
    )
    return Kasus(periode=periode, skp=skp)


def baris(periode: Periode) -> dict[int, dict[str, Any]]:
    """The computed fields of every evaluation row of the period, by pegawai id."""
    return {
        r["pegawai_id"]: r for r in EvaluasiKinerja.objects.filter(periode=periode).values("pegawai_id", *NILAI_FIELDS)
    }
