"""Recommendations and the committee's decisions on them.

The yearly run (and BKD by hand) proposes; the committee (Baperjakat / tim penilai kinerja: BKD
officers and pimpinan) reviews, then approves or rejects with a reason; BKD applies an approved
recommendation, which changes the profile through the pegawai services with history and TMT.
Every step locks the row, checks the status it expects and tells the second of two members who
act at once what the first one did.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.models import AuditLog
from common.services import audit_record
from karier.models import AnggotaKRS, JenisRekomendasi, Rekomendasi, RiwayatPenghargaan
from pegawai.models import Golongan, Instansi, Jabatan, Pegawai, RiwayatPangkat, User
from pegawai.permissions import can_edit_instansi, can_read_instansi
from pegawai.services import pegawai_update, riwayat_pangkat_create
from pelatihan.models import TargetJabatan
from pelatihan.services.kebutuhan import target_jabatan_set

Status = Rekomendasi.Status


@dataclass(frozen=True)
class Usulan:
    """One proposal of a run: what is recommended, its score and the rule behind it."""

    pegawai_id: int
    kunci: str
    golongan_baru_id: int | None = None
    jabatan_tujuan_id: int | None = None
    penghargaan: str = ""
    tmt: datetime.date | None = None
    skor: Decimal | None = None
    peringkat: int | None = None
    kotak: int | None = None
    dasar: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class HasilUsulan:
    dibuat: int
    diperbarui: int
    dibatalkan: int
    tetap: int  # already decided: left as the committee left them


FIELD_USULAN = ("golongan_baru_id", "jabatan_tujuan_id", "penghargaan", "tmt", "skor", "peringkat", "dasar")


@transaction.atomic
def rekomendasi_usulkan(
    *,
    instansi: Instansi,
    jenis: str,
    tahun: int,
    usulan: Iterable[Usulan],
    actor: User | None = None,
    batalkan_sisa: bool = True,
    batch_size: int = 2000,
) -> HasilUsulan:
    """Upsert the proposals of one run by their ``kunci``: a new key is created, an open one is
    updated, a decided one is left alone. With ``batalkan_sisa`` the open recommendations of this
    kind and year that the run no longer proposes are withdrawn (dibatalkan)."""
    if jenis not in JenisRekomendasi.values:
        raise ValidationError({"jenis": _("Jenis rekomendasi tidak dikenal.")})
    daftar = {u.kunci: u for u in usulan}
    ada: dict[str, tuple[int, str]] = {}
    kunci = list(daftar)
    for i in range(0, len(kunci), batch_size):
        ada.update(
            (k, (pk, st))
            for k, pk, st in Rekomendasi.objects.filter(instansi=instansi, kunci__in=kunci[i : i + batch_size])
            .values_list("kunci", "id", "status")
            .iterator()
        )
    now = timezone.now()
    baru = [
        Rekomendasi(
            instansi=instansi,
            tahun=tahun,
            jenis=jenis,
            pegawai_id=u.pegawai_id,
            kunci=k,
            diusulkan_oleh=actor,
            created_at=now,
            **{f: getattr(u, f) for f in FIELD_USULAN},
        )
        for k, u in daftar.items()
        if k not in ada
    ]
    Rekomendasi.objects.bulk_create(baru, batch_size=batch_size)
    ubah = []
    for k, (pk, status) in ada.items():
        if status in Rekomendasi.TERBUKA or status == Status.DIBATALKAN:
            u = daftar[k]
            row = Rekomendasi(pk=pk, status=Status.DIUSULKAN, tahun=tahun, updated_at=now)
            for f in FIELD_USULAN:
                setattr(row, f, getattr(u, f))
            ubah.append(row)
    Rekomendasi.objects.bulk_update(ubah, ["status", "tahun", "updated_at", *FIELD_USULAN], batch_size=batch_size)
    dibatalkan = 0
    if batalkan_sisa:
        dibatalkan = (
            Rekomendasi.objects.filter(instansi=instansi, jenis=jenis, tahun=tahun, status__in=Rekomendasi.TERBUKA)
            .exclude(kunci__in=kunci)
            .update(status=Status.DIBATALKAN, updated_at=now)
            if kunci
            else Rekomendasi.objects.filter(
                instansi=instansi, jenis=jenis, tahun=tahun, status__in=Rekomendasi.TERBUKA
            ).update(status=Status.DIBATALKAN, updated_at=now)
        )
    return HasilUsulan(dibuat=len(baru), diperbarui=len(ubah), dibatalkan=dibatalkan, tetap=len(ada) - len(ubah))


# ---------------------------------------------------------------------------------------------
# The committee's steps


def _kunci(rekomendasi_id: int, *, harap: Iterable[str], aksi: str) -> Rekomendasi:
    """The recommendation, locked, in one of the statuses ``harap``; otherwise a message saying
    who moved it on and when (the second of two members acting at once gets this)."""
    obj = (
        Rekomendasi.objects.select_for_update(of=("self",))
        .select_related("pegawai", "jabatan_tujuan", "golongan_baru", "diputuskan_oleh", "ditinjau_oleh")
        .get(pk=rekomendasi_id)
    )
    if obj.status not in harap:
        siapa = obj.diterapkan_oleh or obj.diputuskan_oleh or obj.ditinjau_oleh
        kapan = obj.diterapkan_pada or obj.diputuskan_pada or obj.ditinjau_pada or obj.updated_at
        raise ValidationError(
            {
                "status": _("Rekomendasi ini tidak dapat %(aksi)s: statusnya sudah %(status)s%(oleh)s pada %(kapan)s.")
                % {
                    "aksi": aksi,
                    "status": obj.get_status_display().lower(),
                    "oleh": (" " + _("oleh %(nama)s") % {"nama": siapa.get_full_name() or siapa.username})
                    if siapa
                    else "",
                    "kapan": timezone.localtime(kapan).strftime("%d-%m-%Y %H:%M"),
                }
            }
        )
    return obj


def _cek_anggota(actor: User, obj: Rekomendasi, *, terapkan: bool = False) -> None:
    boleh = can_edit_instansi(actor) if terapkan else can_read_instansi(actor)
    if not boleh or (actor.instansi_id is not None and actor.instansi_id != obj.instansi_id):
        raise ValidationError(
            _("Hanya petugas BKD yang dapat menerapkan rekomendasi.")
            if terapkan
            else _("Hanya anggota tim penilai kinerja (BKD atau pimpinan) yang dapat memutuskan rekomendasi.")
        )


def _audit(actor: User, obj: Rekomendasi, ringkasan: str, **perubahan: Any) -> None:
    audit_record(
        actor=actor,
        subject=obj,
        aksi=AuditLog.Aksi.UPDATE,
        perubahan={k: str(v) for k, v in perubahan.items()},
        ringkasan=ringkasan,
        instansi_id=obj.instansi_id,
        pegawai_id=obj.pegawai_id,
    )


@transaction.atomic
def rekomendasi_tinjau(*, actor: User, rekomendasi: Rekomendasi) -> Rekomendasi:
    """A member takes a proposal into review."""
    obj = _kunci(rekomendasi.pk, harap=(Status.DIUSULKAN,), aksi=_("ditinjau"))
    _cek_anggota(actor, obj)
    obj.status, obj.ditinjau_oleh, obj.ditinjau_pada = Status.DITINJAU, actor, timezone.now()
    obj.save(update_fields=["status", "ditinjau_oleh", "ditinjau_pada", "updated_at"])
    _audit(actor, obj, _("Rekomendasi ditinjau"), status=obj.status)
    return obj


@transaction.atomic
def rekomendasi_putuskan(*, actor: User, rekomendasi: Rekomendasi, setuju: bool, alasan: str = "") -> Rekomendasi:
    """Approve or reject (a rejection needs its reason). A proposal not yet in review is taken
    into review by the same decision."""
    alasan = (alasan or "").strip()
    if not setuju and not alasan:
        raise ValidationError({"alasan_keputusan": _("Alasan penolakan wajib diisi.")})
    obj = _kunci(rekomendasi.pk, harap=Rekomendasi.TERBUKA, aksi=_("diputuskan"))
    _cek_anggota(actor, obj)
    now = timezone.now()
    if obj.status == Status.DIUSULKAN:
        obj.ditinjau_oleh, obj.ditinjau_pada = actor, now
    obj.status = Status.DISETUJUI if setuju else Status.DITOLAK
    obj.diputuskan_oleh, obj.diputuskan_pada, obj.alasan_keputusan = actor, now, alasan
    obj.save(
        update_fields=[
            "status",
            "ditinjau_oleh",
            "ditinjau_pada",
            "diputuskan_oleh",
            "diputuskan_pada",
            "alasan_keputusan",
            "updated_at",
        ]
    )
    _audit(
        actor,
        obj,
        _("Rekomendasi disetujui") if setuju else _("Rekomendasi ditolak"),
        status=obj.status,
        alasan=alasan,
    )
    return obj


@transaction.atomic
def rekomendasi_terapkan(
    *, actor: User, rekomendasi: Rekomendasi, tmt: datetime.date | None = None, nomor_sk: str = ""
) -> Rekomendasi:
    """Apply an approved recommendation: KP adds the new pangkat to the history with its TMT;
    promotion and rotation move the pegawai to the jabatan (the previous riwayat jabatan closes
    on the TMT); KRS adds the pegawai to this year's KRS with the key jabatan as a development
    target; an award enters the award history. Nothing is applied without an approval."""
    obj = _kunci(rekomendasi.pk, harap=(Status.DISETUJUI,), aksi=_("diterapkan"))
    _cek_anggota(actor, obj, terapkan=True)
    tmt = tmt or obj.tmt or timezone.localdate()
    pegawai = Pegawai.objects.select_related("jabatan", "unit_kerja").get(pk=obj.pegawai_id)
    _TERAPAN[JenisRekomendasi(obj.jenis)](actor, obj, pegawai, tmt, nomor_sk.strip())
    obj.status, obj.diterapkan_oleh, obj.diterapkan_pada = Status.DITERAPKAN, actor, timezone.now()
    obj.tmt_penerapan, obj.nomor_sk = tmt, nomor_sk.strip()
    obj.save(update_fields=["status", "diterapkan_oleh", "diterapkan_pada", "tmt_penerapan", "nomor_sk", "updated_at"])
    _audit(actor, obj, _("Rekomendasi diterapkan"), status=obj.status, tmt=tmt, nomor_sk=nomor_sk)
    return obj


def _terapkan_kp(actor: User, obj: Rekomendasi, pegawai: Pegawai, tmt: datetime.date, nomor_sk: str) -> None:
    golongan = obj.golongan_baru
    if golongan is None:
        raise ValidationError({"golongan_baru": _("Rekomendasi KP tidak memuat golongan baru.")})
    jenis = (
        RiwayatPangkat.Jenis.FUNGSIONAL
        if pegawai.jabatan is not None and pegawai.jabatan.jenis.startswith("fungsional")
        else RiwayatPangkat.Jenis.REGULER
    )
    riwayat_pangkat_create(
        actor=actor, pegawai=pegawai, golongan=golongan, tmt=tmt, jenis=jenis, nomor_sk=nomor_sk, tanggal_sk=None
    )


def _terapkan_jabatan(actor: User, obj: Rekomendasi, pegawai: Pegawai, tmt: datetime.date, nomor_sk: str) -> None:
    jabatan = obj.jabatan_tujuan
    if jabatan is None:
        raise ValidationError({"jabatan_tujuan": _("Rekomendasi tidak memuat jabatan tujuan.")})
    jabatan = Jabatan.objects.select_for_update().select_related("unit_kerja").get(pk=jabatan.pk)
    terisi = Pegawai.objects.filter(jabatan=jabatan, status=Pegawai.Status.AKTIF).exclude(pk=pegawai.pk).count()
    if terisi >= jabatan.kebutuhan:
        raise ValidationError(
            {
                "jabatan_tujuan": _("Jabatan %(nama)s sudah terisi penuh (%(n)d dari %(k)d).")
                % {"nama": jabatan.nama, "n": terisi, "k": jabatan.kebutuhan}
            }
        )
    if pegawai.tmt_jabatan is not None and tmt < pegawai.tmt_jabatan:
        raise ValidationError({"tmt_penerapan": _("TMT tidak boleh sebelum TMT jabatan sekarang.")})
    pegawai_update(actor=actor, pegawai=pegawai, data={"jabatan": jabatan, "tmt_jabatan": tmt})


def _terapkan_krs(actor: User, obj: Rekomendasi, pegawai: Pegawai, tmt: datetime.date, nomor_sk: str) -> None:
    anggota, _dibuat = AnggotaKRS.objects.update_or_create(
        pegawai=pegawai,
        tahun=obj.tahun,
        defaults={
            "instansi_id": obj.instansi_id,
            "jabatan_target": obj.jabatan_tujuan,
            "rekomendasi": obj,
            "ditetapkan_oleh": actor,
        },
    )
    audit_record(
        actor=actor,
        subject=anggota,
        aksi=AuditLog.Aksi.CREATE,
        perubahan={"tahun": obj.tahun, "jabatan_target": str(obj.jabatan_tujuan or "")},
        ringkasan=_("Ditetapkan sebagai anggota KRS"),
        instansi_id=obj.instansi_id,
        pegawai_id=pegawai.pk,
    )
    if obj.jabatan_tujuan is not None and obj.jabatan_tujuan_id != pegawai.jabatan_id:
        target_jabatan_set(actor=actor, pegawai=pegawai, jabatan=obj.jabatan_tujuan, sumber=TargetJabatan.Sumber.KRS)


def _terapkan_penghargaan(actor: User, obj: Rekomendasi, pegawai: Pegawai, tmt: datetime.date, nomor_sk: str) -> None:
    if RiwayatPenghargaan.objects.filter(pegawai=pegawai, jenis=obj.penghargaan, tahun=tmt.year).exists() or (
        obj.penghargaan.startswith("satyalancana")
        and RiwayatPenghargaan.objects.filter(pegawai=pegawai, jenis=obj.penghargaan).exists()
    ):
        raise ValidationError({"penghargaan": _("Penghargaan ini sudah ada di riwayat pegawai.")})
    row = RiwayatPenghargaan.objects.create(
        pegawai=pegawai, jenis=obj.penghargaan, tahun=tmt.year, tanggal=tmt, nomor_sk=nomor_sk, rekomendasi=obj
    )
    audit_record(
        actor=actor,
        subject=row,
        aksi=AuditLog.Aksi.CREATE,
        perubahan={"jenis": obj.penghargaan, "tanggal": tmt.isoformat(), "nomor_sk": nomor_sk},
        ringkasan=_("Penghargaan dicatat"),
        instansi_id=obj.instansi_id,
        pegawai_id=pegawai.pk,
    )


_TERAPAN = {
    JenisRekomendasi.KP: _terapkan_kp,
    JenisRekomendasi.PROMOSI: _terapkan_jabatan,
    JenisRekomendasi.ROTASI: _terapkan_jabatan,
    JenisRekomendasi.KRS: _terapkan_krs,
    JenisRekomendasi.PENGHARGAAN: _terapkan_penghargaan,
}


def golongan_pns_map() -> dict[str, int]:
    """PNS golongan code → id (for proposals that name the new golongan)."""
    return dict(Golongan.objects.filter(jenis_asn="PNS").values_list("kode", "id"))
