"""The SKP and its workflow: the plan (RHK with indikator, perilaku expectations), then
draft → diajukan → disetujui, or dikembalikan with a comment; a revision after approval opens a new
version while the approved state stays in ``SKPVersi``.

Who may act is decided here: only the owner edits a draft (or a returned SKP) and submits it; only
the pejabat penilai recorded on the SKP sets ekspektasi khusus, approves and returns. A wrong actor
gets ``PermissionDenied`` (the views fetch with ``skp_get_for_user`` first, so a user who may not
see the SKP gets a 404 before reaching this module); a wrong state a ``ValidationError`` naming
``status``. Transitions lock the SKP row so that two clicks cannot apply twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.models import AuditLog
from common.services import Pesan, audit_record, notifikasi_kirim
from pegawai.models import Pegawai, User
from pegawai.permissions import pegawai_of_user
from penilaian.models import (
    SKP,
    EkspektasiPerilaku,
    EvaluasiKinerja,
    IndikatorKinerja,
    RencanaHasilKerja,
    SKPVersi,
)
from penilaian.permissions import is_bkd_of, is_owner, is_pejabat_penilai
from penilaian.rules import Arah, AspekPerilaku, JenisIndikator

# the states in which the owner may change the plan
STATUS_DAPAT_DIUBAH = (SKP.Status.DRAFT, SKP.Status.DIKEMBALIKAN)

RHK_FIELDS = ("uraian", "jenis", "rhk_atasan")
INDIKATOR_FIELDS = ("uraian", "jenis", "target", "satuan", "target_kualitatif", "arah")


# ---------------------------------------------------------------------------------------------
# Guards


def _require_owner(actor: User, skp: SKP) -> None:
    if not is_owner(actor, skp):
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat melakukan ini."))


def _require_penilai(actor: User, skp: SKP) -> None:
    if not is_pejabat_penilai(actor, skp):
        raise PermissionDenied(_("Hanya pejabat penilai SKP ini yang dapat melakukan ini."))


def _require_status(skp: SKP, allowed: tuple[str, ...]) -> None:
    if skp.status not in allowed:
        raise ValidationError(
            {
                "status": _("SKP berstatus %(status)s; tindakan ini hanya untuk status %(boleh)s.")
                % {
                    "status": skp.get_status_display(),
                    "boleh": ", ".join(str(SKP.Status(s).label) for s in allowed),
                }
            }
        )


def _lock(skp: SKP) -> SKP:
    """The SKP row, locked for the rest of the transaction, copied onto the caller's instance
    (so the caller sees the state another request may have just written)."""
    fresh = SKP.objects.select_for_update().get(pk=skp.pk)
    for name in ("status", "versi", "catatan_pengembalian", "diajukan_pada", "disetujui_pada", "pejabat_penilai_id"):
        setattr(skp, name, getattr(fresh, name))
    return skp


def _lock_for_edit(actor: User, skp: SKP) -> SKP:
    _require_owner(actor, skp)
    _lock(skp)
    _require_status(skp, STATUS_DAPAT_DIUBAH)
    return skp


def _audit(actor: User | None, skp: SKP, subject: Any, aksi: str, ringkasan: str, perubahan: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        subject=subject,
        aksi=aksi,
        perubahan=perubahan,
        ringkasan=ringkasan,
        instansi_id=skp.instansi_id,
        pegawai_id=skp.pegawai_id,
    )


def _status_change(actor: User, skp: SKP, lama: str, ringkasan: str, **extra: Any) -> None:
    _audit(
        actor,
        skp,
        skp,
        AuditLog.Aksi.UPDATE,
        ringkasan,
        {"status": {"lama": lama, "baru": skp.status}, **extra},
    )


def _notify(penerima: Pegawai | None, skp: SKP, judul: str, isi: str, kunci: str) -> None:
    if penerima is None or penerima.user_id is None:
        return
    notifikasi_kirim(
        pesan=[
            Pesan(
                user_id=penerima.user_id,
                judul=judul,
                isi=isi,
                tautan=reverse("penilaian:skp-detail", args=[skp.pk]),
                kunci=kunci,
                email=penerima.email,
            )
        ]
    )


def _kunci(skp: SKP, aksi: str) -> str:
    # one key per event: a second submission after a return is a new event and notifies again
    return f"skp:{skp.pk}:{aksi}:{timezone.now().timestamp():.6f}"


# ---------------------------------------------------------------------------------------------
# The SKP


@transaction.atomic
def skp_create(*, actor: User, pegawai: Pegawai, tahun: int) -> SKP:
    """The SKP of ``pegawai`` for ``tahun``: a draft with the jabatan, unit and penilai as they
    are now, and the seven perilaku expectations. Evaluation rows of that year that have no SKP yet
    are linked to it. The pegawai themself creates it (a BKD officer of the instansi may too)."""
    me = pegawai_of_user(actor)
    if not (me is not None and me.pk == pegawai.pk) and not is_bkd_of(actor, pegawai.instansi_id):
        raise PermissionDenied(_("Hanya pegawai yang bersangkutan yang dapat membuat SKP-nya."))
    if not 2000 <= tahun <= 2100:
        raise ValidationError({"tahun": _("Tahun harus di antara 2000 dan 2100.")})
    # lock the pegawai row: two concurrent creates for one year must not both pass the check
    Pegawai.objects.select_for_update().filter(pk=pegawai.pk).first()
    if SKP.objects.filter(pegawai=pegawai, tahun=tahun).exists():
        raise ValidationError({"tahun": _("SKP tahun %(tahun)s sudah ada.") % {"tahun": tahun}})
    atasan = pegawai.atasan
    skp = SKP.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        tahun=tahun,
        jabatan=pegawai.jabatan,
        unit_kerja=pegawai.unit_kerja,
        nama_jabatan=pegawai.jabatan.nama if pegawai.jabatan else "",
        nama_unit=pegawai.unit_kerja.nama,
        pejabat_penilai=atasan,
        atasan_pejabat_penilai=atasan.atasan if atasan else None,
    )
    EkspektasiPerilaku.objects.bulk_create(EkspektasiPerilaku(skp=skp, aspek=a) for a in AspekPerilaku.values)
    tertaut = EvaluasiKinerja.objects.filter(pegawai=pegawai, periode__tahun=tahun, skp__isnull=True).update(skp=skp)
    _audit(
        actor,
        skp,
        skp,
        AuditLog.Aksi.CREATE,
        f"SKP {tahun}",
        {
            "tahun": tahun,
            "nama_jabatan": skp.nama_jabatan,
            "nama_unit": skp.nama_unit,
            "pejabat_penilai": skp.pejabat_penilai_id,
            "evaluasi_tertaut": tertaut,
        },
    )
    return skp


# ---------------------------------------------------------------------------------------------
# RHK


def _validate_rhk_atasan(skp: SKP, rhk_atasan: RencanaHasilKerja | None) -> None:
    if rhk_atasan is None:
        return
    ok = (
        skp.pejabat_penilai_id is not None
        and RencanaHasilKerja.objects.filter(
            pk=rhk_atasan.pk,
            skp__pegawai_id=skp.pejabat_penilai_id,
            skp__tahun=skp.tahun,
            skp__status=SKP.Status.DISETUJUI,
        ).exists()
    )
    if not ok:
        raise ValidationError(
            {
                "rhk_atasan": _(
                    "RHK yang diintervensi harus dari SKP pejabat penilai tahun yang sama yang sudah disetujui."
                )
            }
        )


def _validate_rhk(uraian: str, jenis: str) -> None:
    if not (uraian or "").strip():
        raise ValidationError({"uraian": _("Uraian rencana hasil kerja wajib diisi.")})
    if jenis not in RencanaHasilKerja.Jenis.values:
        raise ValidationError({"jenis": _("Jenis RHK tidak dikenal.")})


@transaction.atomic
def rhk_create(
    *,
    actor: User,
    skp: SKP,
    uraian: str,
    jenis: str = RencanaHasilKerja.Jenis.UTAMA,
    rhk_atasan: RencanaHasilKerja | None = None,
) -> RencanaHasilKerja:
    _lock_for_edit(actor, skp)
    _validate_rhk(uraian, jenis)
    _validate_rhk_atasan(skp, rhk_atasan)
    urutan = (RencanaHasilKerja.objects.filter(skp=skp).aggregate(m=Max("urutan"))["m"] or 0) + 1
    rhk = RencanaHasilKerja.objects.create(
        skp=skp, urutan=urutan, uraian=uraian.strip(), jenis=jenis, rhk_atasan=rhk_atasan
    )
    _audit(
        actor,
        skp,
        rhk,
        AuditLog.Aksi.CREATE,
        f"RHK: {rhk.uraian}",
        {"skp": skp.pk, "uraian": rhk.uraian, "jenis": jenis, "rhk_atasan": rhk.rhk_atasan_id},
    )
    return rhk


@transaction.atomic
def rhk_update(*, actor: User, rhk: RencanaHasilKerja, data: Mapping[str, Any]) -> RencanaHasilKerja:
    """Change ``uraian``, ``jenis`` or ``rhk_atasan`` (keys present in ``data``)."""
    skp = rhk.skp
    _lock_for_edit(actor, skp)
    unknown = set(data) - set(RHK_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Kolom ini tidak dapat diubah.")})
    uraian = data.get("uraian", rhk.uraian)
    jenis = data.get("jenis", rhk.jenis)
    _validate_rhk(uraian, jenis)
    if "rhk_atasan" in data:
        _validate_rhk_atasan(skp, data["rhk_atasan"])
    perubahan: dict[str, Any] = {}
    for name, value in (("uraian", uraian.strip()), ("jenis", jenis)):
        if getattr(rhk, name) != value:
            perubahan[name] = {"lama": getattr(rhk, name), "baru": value}
            setattr(rhk, name, value)
    if "rhk_atasan" in data:
        baru = data["rhk_atasan"].pk if data["rhk_atasan"] is not None else None
        if baru != rhk.rhk_atasan_id:
            perubahan["rhk_atasan"] = {"lama": rhk.rhk_atasan_id, "baru": baru}
            rhk.rhk_atasan_id = baru
    if perubahan:
        rhk.save(update_fields=[*perubahan, "updated_at"])
        _audit(actor, skp, rhk, AuditLog.Aksi.UPDATE, f"RHK: {rhk.uraian}"[:255], perubahan)
    return rhk


@transaction.atomic
def rhk_delete(*, actor: User, rhk: RencanaHasilKerja) -> None:
    skp = rhk.skp
    _lock_for_edit(actor, skp)
    _audit(actor, skp, rhk, AuditLog.Aksi.DELETE, f"RHK: {rhk.uraian}"[:255], {"skp": skp.pk, "uraian": rhk.uraian})
    rhk.delete()


# ---------------------------------------------------------------------------------------------
# Indikator


def _indikator_clean(values: dict[str, Any]) -> dict[str, Any]:
    """Check an indikator's values as a whole and drop what does not apply to its jenis."""
    out = dict(values)
    out["uraian"] = (out.get("uraian") or "").strip()
    if not out["uraian"]:
        raise ValidationError({"uraian": _("Uraian indikator wajib diisi.")})
    if out.get("jenis") not in JenisIndikator.values:
        raise ValidationError({"jenis": _("Jenis indikator tidak dikenal.")})
    if out.get("arah") not in Arah.values:
        raise ValidationError({"arah": _("Arah indikator tidak dikenal.")})
    out["satuan"] = (out.get("satuan") or "").strip()
    out["target_kualitatif"] = (out.get("target_kualitatif") or "").strip()
    if out["jenis"] == JenisIndikator.KUANTITATIF:
        target = out.get("target")
        if target is None or Decimal(target) <= 0:
            raise ValidationError({"target": _("Target indikator kuantitatif harus lebih dari 0.")})
        if not out["satuan"]:
            raise ValidationError({"satuan": _("Satuan indikator kuantitatif wajib diisi.")})
        out["target"] = Decimal(target)
        out["target_kualitatif"] = ""
    else:
        if not out["target_kualitatif"]:
            raise ValidationError({"target_kualitatif": _("Target indikator kualitatif wajib diisi.")})
        out["target"] = None
        out["satuan"] = ""
    return out


@transaction.atomic
def indikator_create(
    *,
    actor: User,
    rhk: RencanaHasilKerja,
    uraian: str,
    jenis: str = JenisIndikator.KUANTITATIF,
    target: Decimal | None = None,
    satuan: str = "",
    target_kualitatif: str = "",
    arah: str = Arah.LEBIH_TINGGI,
) -> IndikatorKinerja:
    skp = rhk.skp
    _lock_for_edit(actor, skp)
    values = _indikator_clean(
        {
            "uraian": uraian,
            "jenis": jenis,
            "target": target,
            "satuan": satuan,
            "target_kualitatif": target_kualitatif,
            "arah": arah,
        }
    )
    urutan = (IndikatorKinerja.objects.filter(rhk=rhk).aggregate(m=Max("urutan"))["m"] or 0) + 1
    indikator = IndikatorKinerja.objects.create(rhk=rhk, urutan=urutan, **values)
    _audit(
        actor,
        skp,
        indikator,
        AuditLog.Aksi.CREATE,
        f"Indikator: {indikator.uraian}"[:255],
        {"rhk": rhk.pk, **{k: str(v) if isinstance(v, Decimal) else v for k, v in values.items()}},
    )
    return indikator


@transaction.atomic
def indikator_update(*, actor: User, indikator: IndikatorKinerja, data: Mapping[str, Any]) -> IndikatorKinerja:
    """Change any of uraian, jenis, target, satuan, target_kualitatif, arah (keys in ``data``);
    the result is checked as a whole."""
    skp = indikator.rhk.skp
    _lock_for_edit(actor, skp)
    unknown = set(data) - set(INDIKATOR_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Kolom ini tidak dapat diubah.")})
    values = _indikator_clean({name: data.get(name, getattr(indikator, name)) for name in INDIKATOR_FIELDS})
    perubahan: dict[str, Any] = {}
    for name, value in values.items():
        lama = getattr(indikator, name)
        if lama != value:
            perubahan[name] = {
                "lama": str(lama) if isinstance(lama, Decimal) else lama,
                "baru": str(value) if isinstance(value, Decimal) else value,
            }
            setattr(indikator, name, value)
    if perubahan:
        indikator.save(update_fields=[*perubahan, "updated_at"])
        _audit(actor, skp, indikator, AuditLog.Aksi.UPDATE, f"Indikator: {indikator.uraian}"[:255], perubahan)
    return indikator


@transaction.atomic
def indikator_delete(*, actor: User, indikator: IndikatorKinerja) -> None:
    skp = indikator.rhk.skp
    _lock_for_edit(actor, skp)
    _audit(
        actor,
        skp,
        indikator,
        AuditLog.Aksi.DELETE,
        f"Indikator: {indikator.uraian}"[:255],
        {"rhk": indikator.rhk_id, "uraian": indikator.uraian},
    )
    indikator.delete()


# ---------------------------------------------------------------------------------------------
# Perilaku


@transaction.atomic
def ekspektasi_khusus_set(*, actor: User, skp: SKP, ekspektasi: Mapping[str, str]) -> list[EkspektasiPerilaku]:
    """The leader's ekspektasi khusus per BerAKHLAK aspek (``{aspek: text}``; an empty text clears
    it). Only the pejabat penilai, and only before approval: an approved SKP changes through a
    revision, so that every approved version keeps what was agreed."""
    _require_penilai(actor, skp)
    _lock(skp)
    _require_status(skp, (SKP.Status.DRAFT, SKP.Status.DIAJUKAN, SKP.Status.DIKEMBALIKAN))
    unknown = set(ekspektasi) - set(AspekPerilaku.values)
    if unknown:
        raise ValidationError({"aspek": _("Aspek perilaku tidak dikenal: %(aspek)s.") % {"aspek": sorted(unknown)[0]}})
    rows = {e.aspek: e for e in EkspektasiPerilaku.objects.filter(skp=skp)}
    missing = [EkspektasiPerilaku(skp=skp, aspek=a) for a in AspekPerilaku.values if a not in rows]
    if missing:  # an SKP made outside the service: complete its seven rows
        for e in EkspektasiPerilaku.objects.bulk_create(missing):
            rows[e.aspek] = e
    changed: list[EkspektasiPerilaku] = []
    perubahan: dict[str, Any] = {}
    for aspek, teks in ekspektasi.items():
        row = rows[aspek]
        teks = (teks or "").strip()
        if row.ekspektasi_khusus != teks:
            perubahan[aspek] = {"lama": row.ekspektasi_khusus, "baru": teks}
            row.ekspektasi_khusus = teks
            changed.append(row)
    if changed:
        EkspektasiPerilaku.objects.bulk_update(changed, ["ekspektasi_khusus"])
        _audit(actor, skp, skp, AuditLog.Aksi.UPDATE, f"SKP {skp.tahun}: ekspektasi khusus", perubahan)
    return [rows[a] for a in AspekPerilaku.values]


# ---------------------------------------------------------------------------------------------
# Workflow


def _kelengkapan(skp: SKP) -> None:
    """At least one RHK, and every RHK with at least one indikator."""
    rhk = list(
        RencanaHasilKerja.objects.filter(skp=skp).order_by("jenis", "urutan", "id").values_list("uraian", "indikator")
    )
    if not rhk:
        raise ValidationError({"rhk": _("SKP belum memiliki rencana hasil kerja.")})
    tanpa = [uraian for uraian, indikator in rhk if indikator is None]
    if tanpa:
        raise ValidationError(
            {
                "indikator": _("RHK berikut belum memiliki indikator: %(daftar)s.")
                % {"daftar": "; ".join(u[:80] for u in tanpa)}
            }
        )
    if skp.pejabat_penilai_id is None:
        raise ValidationError(
            {"pejabat_penilai": _("SKP belum memiliki pejabat penilai; hubungi BKD untuk menetapkannya.")}
        )


@transaction.atomic
def skp_submit(*, actor: User, skp: SKP) -> SKP:
    _require_owner(actor, skp)
    _lock(skp)
    _require_status(skp, STATUS_DAPAT_DIUBAH)
    _kelengkapan(skp)
    lama = skp.status
    skp.status = SKP.Status.DIAJUKAN
    skp.diajukan_pada = timezone.now()
    skp.save(update_fields=["status", "diajukan_pada", "updated_at"])
    _status_change(actor, skp, lama, f"SKP {skp.tahun} diajukan")
    _notify(
        skp.pejabat_penilai,
        skp,
        _("SKP %(tahun)s %(nama)s menunggu persetujuan Anda") % {"tahun": skp.tahun, "nama": skp.pegawai.nama_lengkap},
        _("Periksa rencana hasil kerja dan indikatornya, lalu setujui atau kembalikan dengan catatan."),
        _kunci(skp, "ajukan"),
    )
    return skp


def skp_isi(skp: SKP) -> dict[str, Any]:
    """The content of an SKP as it stands: what an approved version keeps (plain JSON)."""
    rhk = RencanaHasilKerja.objects.filter(skp=skp).prefetch_related("indikator").order_by("jenis", "urutan", "id")
    return {
        "tahun": skp.tahun,
        "nama_jabatan": skp.nama_jabatan,
        "nama_unit": skp.nama_unit,
        "pejabat_penilai_id": skp.pejabat_penilai_id,
        "atasan_pejabat_penilai_id": skp.atasan_pejabat_penilai_id,
        "rhk": [
            {
                "id": r.pk,
                "urutan": r.urutan,
                "uraian": r.uraian,
                "jenis": r.jenis,
                "rhk_atasan_id": r.rhk_atasan_id,
                "indikator": [
                    {
                        "id": i.pk,
                        "urutan": i.urutan,
                        "uraian": i.uraian,
                        "jenis": i.jenis,
                        "target": str(i.target) if i.target is not None else None,
                        "satuan": i.satuan,
                        "target_kualitatif": i.target_kualitatif,
                        "arah": i.arah,
                    }
                    for i in r.indikator.all()
                ],
            }
            for r in rhk
        ],
        "ekspektasi": {e.aspek: e.ekspektasi_khusus for e in EkspektasiPerilaku.objects.filter(skp=skp).order_by("id")},
    }


@transaction.atomic
def skp_approve(*, actor: User, skp: SKP) -> SKP:
    _require_penilai(actor, skp)
    _lock(skp)
    _require_status(skp, (SKP.Status.DIAJUKAN,))
    now = timezone.now()
    skp.status = SKP.Status.DISETUJUI
    skp.disetujui_pada = now
    skp.catatan_pengembalian = ""
    skp.save(update_fields=["status", "disetujui_pada", "catatan_pengembalian", "updated_at"])
    SKPVersi.objects.create(skp=skp, versi=skp.versi, isi=skp_isi(skp), disetujui_pada=now, disetujui_oleh=actor)
    _status_change(actor, skp, SKP.Status.DIAJUKAN, f"SKP {skp.tahun} disetujui (versi {skp.versi})", versi=skp.versi)
    _notify(
        skp.pegawai,
        skp,
        _("SKP %(tahun)s Anda disetujui") % {"tahun": skp.tahun},
        _("Pejabat penilai menyetujui SKP Anda (versi %(versi)s).") % {"versi": skp.versi},
        _kunci(skp, "setujui"),
    )
    return skp


@transaction.atomic
def skp_return(*, actor: User, skp: SKP, catatan: str) -> SKP:
    _require_penilai(actor, skp)
    _lock(skp)
    _require_status(skp, (SKP.Status.DIAJUKAN,))
    catatan = (catatan or "").strip()
    if not catatan:
        raise ValidationError({"catatan": _("Tulis catatan agar pegawai tahu apa yang harus diperbaiki.")})
    skp.status = SKP.Status.DIKEMBALIKAN
    skp.catatan_pengembalian = catatan
    skp.save(update_fields=["status", "catatan_pengembalian", "updated_at"])
    _status_change(actor, skp, SKP.Status.DIAJUKAN, f"SKP {skp.tahun} dikembalikan", catatan=catatan)
    _notify(
        skp.pegawai,
        skp,
        _("SKP %(tahun)s Anda dikembalikan") % {"tahun": skp.tahun},
        catatan,
        _kunci(skp, "kembalikan"),
    )
    return skp


@transaction.atomic
def skp_revise(*, actor: User, skp: SKP) -> SKP:
    """The owner reopens an approved SKP: back to draft as the next version; the approved state
    stays in SKPVersi and the evaluation keeps working on the plan rows."""
    _require_owner(actor, skp)
    _lock(skp)
    _require_status(skp, (SKP.Status.DISETUJUI,))
    skp.status = SKP.Status.DRAFT
    skp.versi += 1
    skp.save(update_fields=["status", "versi", "updated_at"])
    _status_change(actor, skp, SKP.Status.DISETUJUI, f"SKP {skp.tahun} direvisi (versi {skp.versi})", versi=skp.versi)
    _notify(
        skp.pejabat_penilai,
        skp,
        _("SKP %(tahun)s %(nama)s sedang direvisi") % {"tahun": skp.tahun, "nama": skp.pegawai.nama_lengkap},
        _("Versi %(versi)s akan diajukan kembali untuk persetujuan Anda.") % {"versi": skp.versi},
        _kunci(skp, "revisi"),
    )
    return skp
