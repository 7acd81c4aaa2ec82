"""The yearly talent and recommendation run: place everyone on the 9-box of the year, then
propose KRS members, KP for the next KP date, promotions to vacant jabatan, rotations and
awards, each with the rule behind it. Rerun-safe: proposals are upserted by their key, and the
committee's decisions are left alone."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.utils import timezone

from common.models import AuditLog
from common.services import audit_record
from pegawai.models import Instansi, User
from pegawai.selectors import kebijakan_get

from .kp import kp_usulkan
from .penghargaan import penghargaan_usulkan
from .promosi import promosi_usulkan
from .rekomendasi import HasilUsulan
from .rotasi import rotasi_usulkan
from .talenta import HasilTalenta, krs_usulkan, talenta_hitung

# in this order: KRS and promotion read the year's boxes; promotion reads the KRS
PENGUSUL = (
    ("krs", krs_usulkan),
    ("kp", kp_usulkan),
    ("promosi", promosi_usulkan),
    ("rotasi", rotasi_usulkan),
    ("penghargaan", penghargaan_usulkan),
)


@dataclass(frozen=True)
class HasilTahunan:
    tahun: int
    talenta: HasilTalenta
    usulan: dict[str, HasilUsulan]
    detik: float
    detik_per_langkah: dict[str, float]


def karier_tahunan_jalankan(
    *, instansi: Instansi, tahun: int, pada: datetime.date | None = None, actor: User | None = None
) -> HasilTahunan:
    """The run for the 9-box year ``tahun`` (the year of the annual predikat), proposing as of
    ``pada`` (today by default). One audit row with the counts."""
    mulai = time.perf_counter()
    pada = pada or timezone.localdate()
    kebijakan = kebijakan_get(instansi=instansi)
    talenta = talenta_hitung(instansi=instansi, tahun=tahun, kebijakan=kebijakan)
    langkah = {"talenta": time.perf_counter() - mulai}
    usulan = {}
    for nama, fungsi in PENGUSUL:
        awal = time.perf_counter()
        usulan[nama] = fungsi(instansi=instansi, tahun=tahun, pada=pada, kebijakan=kebijakan, actor=actor)
        langkah[nama] = time.perf_counter() - awal
    hasil = HasilTahunan(
        tahun=tahun, talenta=talenta, usulan=usulan, detik=time.perf_counter() - mulai, detik_per_langkah=langkah
    )
    audit_record(
        actor=actor,
        subject=instansi,
        aksi=AuditLog.Aksi.UPDATE,
        perubahan={
            "tahun": tahun,
            "pada": pada.isoformat(),
            "dipetakan": talenta.dipetakan,
            "tanpa_kotak": talenta.tanpa_kotak,
            **{f"usulan_{nama}": h.dibuat + h.diperbarui for nama, h in usulan.items()},
        },
        ringkasan="Talenta dan rekomendasi tahunan dihitung",
        instansi_id=instansi.pk,
    )
    return hasil
