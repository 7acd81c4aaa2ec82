"""Builders for the JP ledger tests: records of any status and mentoring sessions."""

from __future__ import annotations

import datetime
from decimal import Decimal

from pegawai.models import Pegawai
from pelatihan.models import PasanganMentoring, RiwayatPelatihan, SesiMentoring
from pelatihan.rules import jp_dari_menit
from tests.factories.pelatihan import TAHUN, riwayat_selesai

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def riwayat(
    pegawai: Pegawai,
    jp: Decimal | int,
    *,
    tahun: int = TAHUN,
    status: str = RiwayatPelatihan.Status.SELESAI,
    biaya: Decimal | int = 0,
) -> RiwayatPelatihan:
    r = riwayat_selesai(pegawai, jp, tahun=tahun, status=status)
    if biaya:
        r.biaya = Decimal(biaya)
        r.save(update_fields=["biaya"])
    return r


def sesi(
    mentor: Pegawai,
    mentee: Pegawai,
    menit: int,
    *,
    tanggal: datetime.date = datetime.date(TAHUN, 4, 2),
    status: str = PasanganMentoring.Status.AKTIF,
) -> SesiMentoring:
    pasangan, _ = PasanganMentoring.objects.get_or_create(
        mentor=mentor,
        mentee=mentee,
        tahun=tanggal.year,
        defaults={"instansi_id": mentee.instansi_id, "status": status},
    )
    return SesiMentoring.objects.create(
        pasangan=pasangan, tanggal=tanggal, durasi_menit=menit, jp=jp_dari_menit(menit), topik="Pembinaan"
    )
