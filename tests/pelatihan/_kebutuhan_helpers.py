"""Builders for the needs tests: a standard for the pelaksana jabatan, assessments, a rated
evaluation, requests and targets, with explicit values."""

from __future__ import annotations

from pegawai.models import Pegawai
from pelatihan.models import KebutuhanPelatihan, PermintaanPelatihan, TargetJabatan
from penilaian.models import EvaluasiKinerja
from penilaian.rules import PREDIKAT_MATRIKS
from tests.factories.pelatihan import TAHUN, kompetensi
from tests.factories.penilaian import periode_tahun


def predikat_set(pegawai: Pegawai, predikat: str, *, tahun: int = TAHUN) -> EvaluasiKinerja:
    """The first period of ``tahun`` rates ``pegawai`` with ``predikat`` (periods made when missing)."""
    berkala, _ = periode_tahun(pegawai.instansi, tahun)
    evaluasi = EvaluasiKinerja.objects.get(pegawai=pegawai, periode=berkala[0])
    hasil_kerja, perilaku = next(k for k, v in PREDIKAT_MATRIKS.items() if v == predikat)
    EvaluasiKinerja.objects.filter(pk=evaluasi.pk).update(
        rating_hasil_kerja=hasil_kerja, rating_perilaku=perilaku, predikat=predikat
    )
    return evaluasi


def permintaan_buat(
    pegawai: Pegawai, *, status: str = PermintaanPelatihan.Status.DIAJUKAN, kode: str = "M3", tahun: int = TAHUN
) -> PermintaanPelatihan:
    return PermintaanPelatihan.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        tahun=tahun,
        kompetensi=kompetensi(kode),
        alasan="Saya ingin memperkuat komunikasi dengan masyarakat",
        status=status,
    )


def target_krs(pegawai: Pegawai, jabatan) -> TargetJabatan:  # type: ignore[no-untyped-def]
    return TargetJabatan.objects.create(pegawai=pegawai, jabatan=jabatan, sumber=TargetJabatan.Sumber.KRS)


def needs(pegawai: Pegawai, *, tahun: int = TAHUN) -> dict[str, tuple[str, int]]:
    """kunci → (status, prioritas) of a pegawai's needs."""
    return {k.kunci: (k.status, k.prioritas) for k in KebutuhanPelatihan.objects.filter(pegawai=pegawai, tahun=tahun)}
