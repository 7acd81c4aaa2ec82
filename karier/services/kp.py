"""KP proposals: the eligible PNS of a KP date go to the committee as recommendations of kind
"kp" with the new golongan, the TMT and the rule behind them (``karier.selectors.kp``).
Applying an approved one (the new pangkat in the history with its TMT) is
``karier.services.rekomendasi.rekomendasi_terapkan``."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.models import AuditLog
from common.policies import Kebijakan
from common.services import audit_record
from karier.models import JenisRekomendasi, Rekomendasi
from karier.rules import tanggal_kp_berikut
from karier.selectors.kp import StatusKP, kp_daftar
from pegawai.models import Instansi, User

from .rekomendasi import HasilUsulan, Usulan, rekomendasi_usulkan


def kp_kunci(pegawai_id: int, tmt: datetime.date) -> str:
    return f"kp:{pegawai_id}:{tmt.isoformat()}"


@transaction.atomic
def kp_usulkan_tanggal(
    *,
    instansi: Instansi,
    tanggal_kp: datetime.date,
    kebijakan: Kebijakan,
    actor: User | None = None,
    tahun: int | None = None,
    tarik_sisa: bool = False,
) -> HasilUsulan:
    """Propose every PNS eligible for KP on ``tanggal_kp`` (one recommendation per pegawai and
    TMT, updated in place when proposed again). ``tahun`` is the year of the latest annual
    predikat the proposal rests on (default: the year before the KP date). With ``tarik_sisa`` the
    open KP proposals of this same TMT whose pegawai is no longer eligible are withdrawn; open
    proposals of other KP dates are left alone."""
    if tanggal_kp.day != 1 or tanggal_kp.month not in kebijakan.bulan_periode_kp:
        raise ValidationError(
            {"tanggal": _("Tanggal %(tanggal)s bukan tanggal KP menurut kebijakan.") % {"tanggal": tanggal_kp}}
        )
    tahun = tahun or tanggal_kp.year - 1
    baris = kp_daftar(
        instansi=instansi, tanggal_kp=tanggal_kp, kebijakan=kebijakan, filters={"status": StatusKP.MEMENUHI}
    )
    usulan = [
        Usulan(
            pegawai_id=b.pegawai_id,
            kunci=kp_kunci(b.pegawai_id, tanggal_kp),
            golongan_baru_id=b.golongan_baru_id,
            tmt=tanggal_kp,
            dasar=b.dasar(tanggal_kp),
        )
        for b in baris
    ]
    hasil = rekomendasi_usulkan(
        instansi=instansi, jenis=JenisRekomendasi.KP, tahun=tahun, usulan=usulan, actor=actor, batalkan_sisa=False
    )
    dibatalkan = 0
    if tarik_sisa:
        kunci = {u.kunci for u in usulan}
        terbuka = Rekomendasi.objects.filter(
            instansi=instansi, jenis=JenisRekomendasi.KP, tmt=tanggal_kp, status__in=Rekomendasi.TERBUKA
        ).values_list("id", "kunci")
        tarik = [pk for pk, k in terbuka if k not in kunci]
        if tarik:
            dibatalkan = Rekomendasi.objects.filter(pk__in=tarik).update(
                status=Rekomendasi.Status.DIBATALKAN, updated_at=timezone.now()
            )
    audit_record(
        actor=actor,
        subject=instansi,
        aksi=AuditLog.Aksi.UPDATE,
        perubahan={
            "tanggal_kp": tanggal_kp.isoformat(),
            "dibuat": hasil.dibuat,
            "diperbarui": hasil.diperbarui,
            "dibatalkan": dibatalkan,
        },
        ringkasan=_("Usulan kenaikan pangkat %(tanggal)s") % {"tanggal": tanggal_kp.isoformat()},
        instansi_id=instansi.pk,
    )
    return HasilUsulan(
        dibuat=hasil.dibuat, diperbarui=hasil.diperbarui, dibatalkan=hasil.dibatalkan + dibatalkan, tetap=hasil.tetap
    )


def kp_usulkan(
    *, instansi: Instansi, tahun: int, pada: datetime.date, kebijakan: Kebijakan, actor: User | None = None
) -> HasilUsulan:
    """The yearly run: propose the eligible of the next KP date on or after ``pada``, withdrawing
    the open proposals of that date that are no longer eligible."""
    tanggal = tanggal_kp_berikut(pada, kebijakan.bulan_periode_kp)
    return kp_usulkan_tanggal(
        instansi=instansi, tanggal_kp=tanggal, kebijakan=kebijakan, actor=actor, tahun=tahun, tarik_sisa=True
    )
