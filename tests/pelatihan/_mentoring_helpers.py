"""Builders for mentoring tests: annual predikat, a small mentoring scenario on the ``org``
personas, and pairs made directly (for access tests)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from pegawai.models import Pegawai, User
from pelatihan.models import PasanganMentoring
from penilaian.models import EvaluasiKinerja, JenisPeriode, Periode
from penilaian.rules import Predikat, Rating
from tests.conftest import Organisasi
from tests.factories.pelatihan import asesmen_buat, standar_set
from tests.factories.penilaian import periode_tahun

TAHUN = 2026

# (rating hasil kerja, rating perilaku) that give each predikat (DOMAIN.md §1)
RATING_PREDIKAT = {
    Predikat.SANGAT_BAIK: (Rating.DI_ATAS, Rating.DI_ATAS),
    Predikat.BAIK: (Rating.SESUAI, Rating.SESUAI),
    Predikat.BUTUH_PERBAIKAN: (Rating.DI_BAWAH, Rating.SESUAI),
}


def login(pegawai: Pegawai) -> User:
    """The login of a persona's pegawai (every persona has one)."""
    if pegawai.user is None:
        raise ValueError(pegawai.nama)
    return pegawai.user


def predikat_set(pegawai: Pegawai, tahun: int, predikat: Predikat) -> None:
    """The annual predikat of ``pegawai`` for ``tahun`` (the year's periods are made once)."""
    if not Periode.objects.filter(instansi_id=pegawai.instansi_id, tahun=tahun).exists():
        periode_tahun(pegawai.instansi, tahun)
    EvaluasiKinerja.objects.filter(pegawai=pegawai, periode__tahun=tahun, periode__jenis=JenisPeriode.TAHUNAN).update(
        predikat=predikat, rating_hasil_kerja=RATING_PREDIKAT[predikat][0], rating_perilaku=RATING_PREDIKAT[predikat][1]
    )


def skenario(org: Organisasi) -> None:
    """Mentees: ``pegawai`` (new: TMT CPNS 2025, gap in M1), ``rekan`` (Butuh Perbaikan in 2026),
    ``unrelated`` (9-box 5: Baik in 2025, potensi 80). Mentors: ``atasan`` (Baik 2025, Sangat
    Baik 2024, strong in M1) and ``kepala_puskesmas`` (Baik 2025 and 2024). Not mentors:
    ``kepala_bidang`` (one year only), ``kepala_dinas`` (Butuh Perbaikan in 2024)."""
    Pegawai.objects.filter(pk=org.pegawai.pk).update(tmt_cpns=datetime.date(TAHUN - 1, 6, 1))
    predikat_set(org.rekan, TAHUN, Predikat.BUTUH_PERBAIKAN)
    predikat_set(org.unrelated, TAHUN - 1, Predikat.BAIK)
    asesmen_buat(org.unrelated, {"M2": 2}, skor_potensi=Decimal("80"))
    for p in (org.atasan, org.kepala_puskesmas):
        predikat_set(p, TAHUN - 1, Predikat.BAIK)
    predikat_set(org.atasan, TAHUN - 2, Predikat.SANGAT_BAIK)
    predikat_set(org.kepala_puskesmas, TAHUN - 2, Predikat.BAIK)
    predikat_set(org.kepala_bidang, TAHUN - 1, Predikat.SANGAT_BAIK)
    predikat_set(org.kepala_dinas, TAHUN - 1, Predikat.BAIK)
    predikat_set(org.kepala_dinas, TAHUN - 2, Predikat.BUTUH_PERBAIKAN)
    standar_set(org.jabatan_pelaksana, {"M1": 3})
    asesmen_buat(org.pegawai, {"M1": 1})
    asesmen_buat(org.atasan, {"M1": 4})
    for p in (org.pegawai, org.rekan, org.unrelated, org.atasan, org.kepala_puskesmas):
        p.refresh_from_db()


def pasangan_buat_langsung(
    org: Organisasi,
    *,
    mentor: Pegawai | None = None,
    mentee: Pegawai | None = None,
    status: str = PasanganMentoring.Status.AKTIF,
    skor: Decimal = Decimal("12"),
) -> PasanganMentoring:
    """A pair stored directly (the access tests need a pair, not the pairing run)."""
    return PasanganMentoring.objects.create(
        instansi=org.instansi,
        tahun=TAHUN,
        mentor=mentor or org.kepala_bidang,
        mentee=mentee or org.pegawai,
        status=status,
        skor=skor,
        alasan={"mentee": ["baru_cpns"], "senior": "golongan", "bidang": "unit_induk", "kekuatan": [], "komponen": {}},
    )
