"""Award proposals (DOMAIN.md §6): Satyalancana Karya Satya for every eligible PNS at the length
reached, and pegawai berprestasi of the year (box 9; best-rated of a unit layanan with IKM mutu
in the policy). The yearly run proposes all of them; BKD may propose chosen rows by hand."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.models import AuditLog
from common.policies import Kebijakan
from common.services import audit_record
from karier.models import JenisPenghargaan, JenisRekomendasi
from karier.selectors.penghargaan import (
    BarisBerprestasi,
    BarisSatyalancana,
    berprestasi_daftar,
    satyalancana_daftar,
)
from pegawai.models import Instansi, User

from .rekomendasi import HasilUsulan, Usulan, rekomendasi_usulkan

SATYALANCANA = "satyalancana"
BERPRESTASI = "berprestasi"


def _usulan_satyalancana(b: BarisSatyalancana) -> Usulan:
    return Usulan(
        pegawai_id=b.pegawai.pk,
        kunci=f"penghargaan:satyalancana_{b.tahun_masa}:{b.pegawai.pk}",
        penghargaan=b.jenis,
        dasar=[
            {
                "kode": "masa_kerja",
                "label": _("Masa kerja sejak TMT CPNS"),
                "nilai": b.tahun_masa,
                "teks": _("%(masa)s sejak TMT CPNS %(tmt)s; tidak pernah hukuman disiplin sedang/berat atau CLTN")
                % {"masa": b.masa_teks, "tmt": b.pegawai.tmt_cpns.strftime("%d-%m-%Y")},
            }
        ],
    )


def _usulan_berprestasi(b: BarisBerprestasi) -> Usulan:
    return Usulan(
        pegawai_id=b.pegawai.pk,
        kunci=f"penghargaan:berprestasi:{b.tahun}:{b.pegawai.pk}",
        penghargaan=JenisPenghargaan.PEGAWAI_BERPRESTASI,
        dasar=[{"kode": "berprestasi", "label": _("Pegawai berprestasi"), "nilai": True, "teks": a} for a in b.alasan],
    )


@transaction.atomic
def penghargaan_usulkan(
    *, instansi: Instansi, tahun: int, pada: datetime.date, kebijakan: Kebijakan, actor: User | None = None
) -> HasilUsulan:
    """Propose every eligible Satyalancana (as of ``pada``) and the pegawai berprestasi of
    ``tahun``; open award proposals of the year no longer made are withdrawn."""
    usulan = [
        _usulan_satyalancana(b) for b in satyalancana_daftar(instansi=instansi, pada=pada, filters={"layak": True})
    ]
    usulan += [_usulan_berprestasi(b) for b in berprestasi_daftar(instansi=instansi, tahun=tahun, kebijakan=kebijakan)]
    return rekomendasi_usulkan(
        instansi=instansi, jenis=JenisRekomendasi.PENGHARGAAN, tahun=tahun, usulan=usulan, actor=actor
    )


@transaction.atomic
def penghargaan_usulkan_pilihan(
    *,
    actor: User,
    instansi: Instansi,
    jenis: str,
    pegawai_ids: Sequence[int],
    tahun: int,
    pada: datetime.date,
    kebijakan: Kebijakan,
) -> HasilUsulan:
    """BKD proposes chosen rows of one list (``satyalancana`` or ``berprestasi``) to the
    committee; each must be eligible on that list."""
    if jenis not in (SATYALANCANA, BERPRESTASI):
        raise ValidationError({"jenis": _("Jenis penghargaan harus satyalancana atau berprestasi.")})
    pilihan = list(dict.fromkeys(pegawai_ids))
    if not pilihan:
        raise ValidationError({"pegawai": _("Pilih paling sedikit satu pegawai.")})
    if jenis == SATYALANCANA:
        layak_s = {b.pegawai.pk: b for b in satyalancana_daftar(instansi=instansi, pada=pada, filters={"layak": True})}
        bukan = [p for p in pilihan if p not in layak_s]
        usulan = [_usulan_satyalancana(layak_s[p]) for p in pilihan if p in layak_s]
    else:
        layak_b = {b.pegawai.pk: b for b in berprestasi_daftar(instansi=instansi, tahun=tahun, kebijakan=kebijakan)}
        bukan = [p for p in pilihan if p not in layak_b]
        usulan = [_usulan_berprestasi(layak_b[p]) for p in pilihan if p in layak_b]
    if bukan:
        raise ValidationError(
            {
                "pegawai": _("Pegawai ini tidak memenuhi syarat penghargaan: %(ids)s.")
                % {"ids": ", ".join(str(p) for p in bukan)}
            }
        )
    hasil = rekomendasi_usulkan(
        instansi=instansi,
        jenis=JenisRekomendasi.PENGHARGAAN,
        tahun=tahun,
        usulan=usulan,
        actor=actor,
        batalkan_sisa=False,
    )
    audit_record(
        actor=actor,
        subject=instansi,
        aksi=AuditLog.Aksi.UPDATE,
        perubahan={"jenis": jenis, "tahun": tahun, "pegawai": pilihan},
        ringkasan=_("Penghargaan diusulkan ke tim penilai kinerja"),
        instansi_id=instansi.pk,
    )
    return hasil
