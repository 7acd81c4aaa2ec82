"""Factories for penilaian/. Periods are made by the service (with their snapshot); an SKP with
its RHK, indikator and the seven perilaku expectations is built row by row, in the state asked for,
so that tests of later steps (realisasi, rating, the cycle) start from a known plan."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from pegawai.models import Pegawai
from penilaian.models import (
    SKP,
    EkspektasiPerilaku,
    EvaluasiKinerja,
    IndikatorKinerja,
    Periode,
    RencanaHasilKerja,
)
from penilaian.rules import Arah, AspekPerilaku, JenisIndikator, JenisPeriode
from penilaian.services.periode import periode_tahun_create

TAHUN = 2026


def periode_tahun(instansi: Any, tahun: int = TAHUN) -> tuple[list[Periode], Periode]:
    """The periodic periods of the year (in order) and the annual one, snapshotted."""
    semua = periode_tahun_create(actor=None, instansi=instansi, tahun=tahun)
    berkala = sorted((p for p in semua if p.jenis != JenisPeriode.TAHUNAN), key=lambda p: p.tanggal_mulai)
    tahunan = next(p for p in semua if p.jenis == JenisPeriode.TAHUNAN)
    return berkala, tahunan


# (uraian RHK, [(uraian indikator, target, satuan, arah)])
RHK_BAWAAN: list[tuple[str, list[tuple[str, Decimal, str, str]]]] = [
    (
        "Terlaksananya pelayanan administrasi kepegawaian yang tepat waktu",
        [
            ("Jumlah berkas layanan yang diselesaikan", Decimal("120"), "berkas", Arah.LEBIH_TINGGI),
            ("Rata-rata waktu penyelesaian berkas", Decimal("3"), "hari", Arah.LEBIH_RENDAH),
        ],
    ),
    (
        "Tersusunnya laporan data pegawai yang akurat",
        [("Jumlah laporan bulanan yang disampaikan", Decimal("12"), "laporan", Arah.LEBIH_TINGGI)],
    ),
]


def skp_build(
    pegawai: Pegawai,
    *,
    tahun: int = TAHUN,
    status: str = SKP.Status.DISETUJUI,
    rhk: list[tuple[str, list[tuple[str, Decimal, str, str]]]] | None = None,
    rhk_atasan: RencanaHasilKerja | None = None,
    kualitatif: bool = False,
) -> SKP:
    """An SKP for ``pegawai`` with its penilai from the stored atasan, in ``status``; with
    ``kualitatif`` one qualitative indikator is added to the first RHK. Existing evaluation rows
    of the year are linked to it, as the SKP service does."""
    atasan = pegawai.atasan
    now = timezone.now()
    skp = SKP.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        tahun=tahun,
        jabatan_id=pegawai.jabatan_id,
        unit_kerja_id=pegawai.unit_kerja_id,
        nama_jabatan=pegawai.jabatan.nama if pegawai.jabatan else "",
        nama_unit=pegawai.unit_kerja.nama,
        pejabat_penilai=atasan,
        atasan_pejabat_penilai=atasan.atasan if atasan else None,
        status=status,
        diajukan_pada=now if status in (SKP.Status.DIAJUKAN, SKP.Status.DISETUJUI) else None,
        disetujui_pada=now if status == SKP.Status.DISETUJUI else None,
    )
    for nomor, (uraian, indikator) in enumerate(rhk if rhk is not None else RHK_BAWAAN, start=1):
        r = RencanaHasilKerja.objects.create(
            skp=skp, urutan=nomor, uraian=uraian, rhk_atasan=rhk_atasan if nomor == 1 else None
        )
        for urutan, (teks, target, satuan, arah) in enumerate(indikator, start=1):
            IndikatorKinerja.objects.create(rhk=r, urutan=urutan, uraian=teks, target=target, satuan=satuan, arah=arah)
        if kualitatif and nomor == 1:
            IndikatorKinerja.objects.create(
                rhk=r,
                urutan=len(indikator) + 1,
                uraian="Kualitas layanan menurut survei internal",
                jenis=JenisIndikator.KUALITATIF,
                target_kualitatif="Tidak ada keluhan berulang",
            )
    EkspektasiPerilaku.objects.bulk_create(EkspektasiPerilaku(skp=skp, aspek=a) for a in AspekPerilaku.values)
    EvaluasiKinerja.objects.filter(pegawai=pegawai, periode__tahun=tahun, skp__isnull=True).update(skp=skp)
    return skp


def indikator_list(skp: SKP) -> list[IndikatorKinerja]:
    return list(IndikatorKinerja.objects.filter(rhk__skp=skp).order_by("rhk__urutan", "urutan"))


def evaluasi_of(pegawai: Pegawai, periode: Periode) -> EvaluasiKinerja:
    return EvaluasiKinerja.objects.get(pegawai=pegawai, periode=periode)


def tanggal(bulan: int, hari: int = 15, tahun: int = TAHUN) -> datetime.date:
    return datetime.date(tahun, bulan, hari)
