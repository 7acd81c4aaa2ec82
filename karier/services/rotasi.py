"""Rotation proposals: the round of ``karier.selectors.rotasi.kandidat_rotasi`` goes to the
committee as recommendations of kind "rotasi" (the target jabatan, the JPM as the score, and the
explanation as the basis). Applying an approved one moves the pegawai
(``karier.services.rekomendasi.rekomendasi_terapkan``)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from common.models import AuditLog
from common.policies import Kebijakan
from common.services import audit_record
from karier.models import JenisRekomendasi
from karier.selectors.rotasi import kandidat_rotasi
from pegawai.models import Instansi, User

from .rekomendasi import HasilUsulan, Usulan, rekomendasi_usulkan


def rotasi_kunci(tahun: int, pegawai_id: int) -> str:
    return f"rotasi:{tahun}:{pegawai_id}"


@transaction.atomic
def rotasi_usulkan(
    *, instansi: Instansi, tahun: int, pada: datetime.date, kebijakan: Kebijakan, actor: User | None = None
) -> HasilUsulan:
    """Propose the round of ``pada`` (each candidate with a target who is not held back by the
    unit cap), one recommendation per pegawai and year, updated in place when proposed again; the
    open rotation proposals of ``tahun`` the round no longer makes are withdrawn."""
    kandidat = [k for k in kandidat_rotasi(instansi=instansi, pada=pada, kebijakan=kebijakan) if k.diusulkan]
    usulan = [
        Usulan(
            pegawai_id=k.pegawai_id,
            kunci=rotasi_kunci(tahun, k.pegawai_id),
            jabatan_tujuan_id=k.jabatan_tujuan_id,
            skor=k.jpm,
            kotak=k.kotak,
            dasar=k.penjelasan,
        )
        for k in kandidat
    ]
    hasil = rekomendasi_usulkan(
        instansi=instansi, jenis=JenisRekomendasi.ROTASI, tahun=tahun, usulan=usulan, actor=actor, batalkan_sisa=True
    )
    audit_record(
        actor=actor,
        subject=instansi,
        aksi=AuditLog.Aksi.UPDATE,
        perubahan={
            "tahun": tahun,
            "pada": pada.isoformat(),
            "dibuat": hasil.dibuat,
            "diperbarui": hasil.diperbarui,
            "dibatalkan": hasil.dibatalkan,
        },
        ringkasan=_("Usulan rotasi %(tahun)s") % {"tahun": tahun},
        instansi_id=instansi.pk,
    )
    return hasil
