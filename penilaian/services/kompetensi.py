"""Writes of the kompetensi area: teknis kompetensi of the catalogue, the standar kompetensi of a
jabatan (form and import), and assessments (form and import). Each runs in a transaction,
validates, audits and is all or nothing."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import IO

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.models import AuditLog
from common.services import audit_record
from pegawai.models import Instansi, Jabatan, Pegawai, User
from pegawai.permissions import can_edit_instansi
from penilaian.impor_kompetensi import BerkasTidakTerbaca, Galat, asesmen_impor_read, standar_impor_read
from penilaian.models import Asesmen, HasilAsesmenKompetensi, Kompetensi, MetodeAsesmen, StandarKompetensi
from penilaian.rules import JenisKompetensi

JUMLAH_LEVEL = 5
GALAT_DITAMPILKAN_MAKS = 100


def _require_bkd(actor: User) -> None:
    if not can_edit_instansi(actor):
        raise PermissionDenied


# ---------------------------------------------------------------------------------------------
# Catalogue


def _kompetensi_validate(
    *, instansi: Instansi, kode: str, nama: str, deskripsi_level: list[str], kecuali: int | None = None
) -> tuple[str, str, list[str]]:
    kode, nama = kode.strip(), nama.strip()
    errors: dict[str, list[str]] = {}
    if not kode:
        errors["kode"] = [_("Kode wajib diisi.")]
    elif len(kode) > 30:
        errors["kode"] = [_("Kode paling banyak 30 karakter.")]
    else:
        bentrok = Kompetensi.objects.filter(Q(instansi=instansi) | Q(instansi__isnull=True), kode__iexact=kode)
        if kecuali is not None:
            bentrok = bentrok.exclude(pk=kecuali)
        if bentrok.exists():
            errors["kode"] = [_("Kode %(kode)s sudah dipakai kompetensi lain.") % {"kode": kode}]
    if not nama:
        errors["nama"] = [_("Nama wajib diisi.")]
    elif len(nama) > 150:
        errors["nama"] = [_("Nama paling banyak 150 karakter.")]
    level = [str(t).strip() for t in deskripsi_level]
    if len(level) != JUMLAH_LEVEL:
        errors["deskripsi_level"] = [_("Deskripsi level harus berisi tepat 5 teks (level 1 sampai 5).")]
    if errors:
        raise ValidationError(errors)
    return kode, nama, level


@transaction.atomic
def kompetensi_create(
    *, actor: User, instansi: Instansi, kode: str, nama: str, deskripsi: str = "", deskripsi_level: list[str]
) -> Kompetensi:
    """A teknis kompetensi of the instansi (kode unique per instansi and against national codes)."""
    _require_bkd(actor)
    kode, nama, level = _kompetensi_validate(instansi=instansi, kode=kode, nama=nama, deskripsi_level=deskripsi_level)
    obj = Kompetensi.objects.create(
        instansi=instansi,
        jenis=JenisKompetensi.TEKNIS,
        kode=kode,
        nama=nama,
        deskripsi=deskripsi.strip(),
        deskripsi_level=level,
    )
    audit_record(
        actor=actor,
        subject=obj,
        aksi=AuditLog.Aksi.CREATE,
        ringkasan=_("Kompetensi teknis %(kode)s dibuat") % {"kode": kode},
        perubahan={"kode": kode, "nama": nama},
        instansi_id=instansi.pk,
    )
    return obj


@transaction.atomic
def kompetensi_update(
    *,
    actor: User,
    kompetensi: Kompetensi,
    kode: str,
    nama: str,
    deskripsi: str = "",
    deskripsi_level: list[str],
    is_active: bool = True,
) -> Kompetensi:
    """Change (or deactivate) a teknis kompetensi; national ones are read-only (403)."""
    _require_bkd(actor)
    if kompetensi.instansi is None:
        raise PermissionDenied
    kode, nama, level = _kompetensi_validate(
        instansi=kompetensi.instansi, kode=kode, nama=nama, deskripsi_level=deskripsi_level, kecuali=kompetensi.pk
    )
    lama = {"kode": kompetensi.kode, "nama": kompetensi.nama, "is_active": kompetensi.is_active}
    kompetensi.kode, kompetensi.nama, kompetensi.deskripsi = kode, nama, deskripsi.strip()
    kompetensi.deskripsi_level, kompetensi.is_active = level, is_active
    kompetensi.save(update_fields=["kode", "nama", "deskripsi", "deskripsi_level", "is_active", "updated_at"])
    audit_record(
        actor=actor,
        subject=kompetensi,
        aksi=AuditLog.Aksi.UPDATE,
        ringkasan=_("Kompetensi teknis %(kode)s diubah") % {"kode": kode},
        perubahan={"sebelum": lama, "sesudah": {"kode": kode, "nama": nama, "is_active": is_active}},
        instansi_id=kompetensi.instansi_id,
    )
    return kompetensi


# ---------------------------------------------------------------------------------------------
# Standar kompetensi


def _kompetensi_boleh(instansi_id: int, ids: set[int]) -> set[int]:
    return set(
        Kompetensi.objects.filter(Q(instansi__isnull=True) | Q(instansi_id=instansi_id), pk__in=ids).values_list(
            "id", flat=True
        )
    )


def _standar_tulis(*, actor: User, instansi_id: int, standar: Mapping[int, Mapping[int, int]], aksi: str) -> None:
    """Replace the standard of each listed jabatan (set-based), one audit row per jabatan."""
    StandarKompetensi.objects.filter(jabatan_id__in=list(standar)).delete()
    now = timezone.now()
    StandarKompetensi.objects.bulk_create(
        StandarKompetensi(jabatan_id=j, kompetensi_id=k, level=lv, created_at=now)
        for j, levels in standar.items()
        for k, lv in levels.items()
    )
    ct = ContentType.objects.get_for_model(Jabatan)
    AuditLog.objects.bulk_create(
        AuditLog(
            instansi_id=instansi_id,
            actor=actor,
            content_type=ct,
            object_id=j,
            aksi=aksi,
            ringkasan=_("Standar kompetensi jabatan ditetapkan"),
            perubahan={"standar": {str(k): lv for k, lv in sorted(levels.items())}},
        )
        for j, levels in standar.items()
    )


@transaction.atomic
def standar_update(*, actor: User, jabatan: Jabatan, levels: Mapping[int, int | None]) -> list[StandarKompetensi]:
    """Set the standar kompetensi of a jabatan in one go: kompetensi id → required level 1–5, or
    None to remove it. Kompetensi left out keep their level."""
    _require_bkd(actor)
    boleh = _kompetensi_boleh(jabatan.instansi_id, set(levels))
    errors: dict[str, list[str]] = {}
    for k, lv in levels.items():
        if k not in boleh:
            errors[f"kompetensi_{k}"] = [_("Kompetensi %(id)s tidak ada di katalog instansi ini.") % {"id": k}]
        elif lv is not None and not 1 <= lv <= JUMLAH_LEVEL:
            errors[f"kompetensi_{k}"] = [_("Level harus 1 sampai 5.")]
    if errors:
        raise ValidationError(errors)
    sekarang = dict(StandarKompetensi.objects.filter(jabatan=jabatan).values_list("kompetensi_id", "level"))
    for k, lv in levels.items():
        if lv is None:
            sekarang.pop(k, None)
        else:
            sekarang[k] = lv
    _standar_tulis(
        actor=actor, instansi_id=jabatan.instansi_id, standar={jabatan.pk: sekarang}, aksi=AuditLog.Aksi.UPDATE
    )
    return list(StandarKompetensi.objects.filter(jabatan=jabatan).select_related("kompetensi"))


def _galat_error(galat: list[Galat]) -> ValidationError:
    pesan = [
        _("Baris %(baris)d, kolom %(kolom)s: %(pesan)s") % {"baris": g.baris, "kolom": g.kolom or "-", "pesan": g.pesan}
        for g in galat[:GALAT_DITAMPILKAN_MAKS]
    ]
    if len(galat) > GALAT_DITAMPILKAN_MAKS:
        pesan.append(_("… dan %(n)d kesalahan lain.") % {"n": len(galat) - GALAT_DITAMPILKAN_MAKS})
    pesan.insert(0, _("Tidak ada yang disimpan: perbaiki kesalahan berikut lalu unggah ulang."))
    return ValidationError({"berkas": pesan})


@transaction.atomic
def standar_impor(*, actor: User, instansi: Instansi, berkas: IO[bytes], nama_file: str) -> int:
    """Import standards from CSV/XLSX; every row checked, all or nothing. The standard of each
    listed jabatan is replaced by the file's row. Returns the number of jabatan."""
    _require_bkd(actor)
    try:
        hasil = standar_impor_read(instansi=instansi, berkas=berkas, nama_file=nama_file)
    except BerkasTidakTerbaca as e:
        raise ValidationError({"berkas": [str(e)]}) from e
    if hasil.galat:
        raise _galat_error(hasil.galat)
    _standar_tulis(actor=actor, instansi_id=instansi.pk, standar=hasil.standar, aksi=AuditLog.Aksi.IMPORT)
    return len(hasil.standar)


# ---------------------------------------------------------------------------------------------
# Assessments


def _asesmen_validate(
    *, instansi_id: int, metode: str, skor_potensi: Decimal | None, levels: Mapping[int, int]
) -> None:
    errors: dict[str, list[str]] = {}
    if metode not in MetodeAsesmen.values:
        errors["metode"] = [_("Metode %(metode)s tidak dikenal.") % {"metode": metode}]
    if skor_potensi is not None and not Decimal(0) <= skor_potensi <= Decimal(100):
        errors["skor_potensi"] = [_("Skor potensi harus 0 sampai 100.")]
    boleh = _kompetensi_boleh(instansi_id, set(levels))
    for k, lv in levels.items():
        if k not in boleh:
            errors[f"kompetensi_{k}"] = [_("Kompetensi %(id)s tidak ada di katalog instansi ini.") % {"id": k}]
        elif not 1 <= lv <= JUMLAH_LEVEL:
            errors[f"kompetensi_{k}"] = [_("Level harus 1 sampai 5.")]
    if errors:
        raise ValidationError(errors)


def _duplikat() -> ValidationError:
    return ValidationError({"tanggal": [_("Pegawai ini sudah punya asesmen dengan tanggal dan metode yang sama.")]})


def _hasil_tulis(asesmen_ids: list[int], levels: Mapping[int, Mapping[int, int]]) -> None:
    HasilAsesmenKompetensi.objects.filter(asesmen_id__in=asesmen_ids).delete()
    HasilAsesmenKompetensi.objects.bulk_create(
        HasilAsesmenKompetensi(asesmen_id=a, kompetensi_id=k, level=lv)
        for a, per in levels.items()
        for k, lv in per.items()
    )


@transaction.atomic
def asesmen_create(
    *,
    actor: User,
    pegawai: Pegawai,
    tanggal: datetime.date,
    metode: str,
    penyelenggara: str = "",
    skor_potensi: Decimal | None = None,
    catatan: str = "",
    levels: Mapping[int, int],
) -> Asesmen:
    """Record an assessment of a pegawai with the level found per kompetensi."""
    _require_bkd(actor)
    _asesmen_validate(instansi_id=pegawai.instansi_id, metode=metode, skor_potensi=skor_potensi, levels=levels)
    if Asesmen.objects.filter(pegawai=pegawai, tanggal=tanggal, metode=metode).exists():
        raise _duplikat()
    asesmen = Asesmen.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        tanggal=tanggal,
        metode=metode,
        penyelenggara=penyelenggara.strip(),
        skor_potensi=skor_potensi,
        catatan=catatan.strip(),
        dicatat_oleh=actor,
    )
    _hasil_tulis([asesmen.pk], {asesmen.pk: levels})
    _asesmen_audit(actor, asesmen, AuditLog.Aksi.CREATE, _("Asesmen %(tanggal)s dicatat"), levels)
    return asesmen


@transaction.atomic
def asesmen_update(
    *,
    actor: User,
    asesmen: Asesmen,
    tanggal: datetime.date,
    metode: str,
    penyelenggara: str = "",
    skor_potensi: Decimal | None = None,
    catatan: str = "",
    levels: Mapping[int, int],
) -> Asesmen:
    """Change an assessment; ``levels`` replaces the levels it found."""
    _require_bkd(actor)
    _asesmen_validate(instansi_id=asesmen.instansi_id, metode=metode, skor_potensi=skor_potensi, levels=levels)
    if (
        Asesmen.objects.filter(pegawai_id=asesmen.pegawai_id, tanggal=tanggal, metode=metode)
        .exclude(pk=asesmen.pk)
        .exists()
    ):
        raise _duplikat()
    asesmen.tanggal, asesmen.metode, asesmen.penyelenggara = tanggal, metode, penyelenggara.strip()
    asesmen.skor_potensi, asesmen.catatan = skor_potensi, catatan.strip()
    asesmen.save(update_fields=["tanggal", "metode", "penyelenggara", "skor_potensi", "catatan", "updated_at"])
    _hasil_tulis([asesmen.pk], {asesmen.pk: levels})
    _asesmen_audit(actor, asesmen, AuditLog.Aksi.UPDATE, _("Asesmen %(tanggal)s diubah"), levels)
    return asesmen


def _asesmen_audit(actor: User, asesmen: Asesmen, aksi: str, ringkasan: str, levels: Mapping[int, int]) -> None:
    audit_record(
        actor=actor,
        subject=asesmen,
        aksi=aksi,
        ringkasan=ringkasan % {"tanggal": asesmen.tanggal.isoformat()},
        perubahan={
            "metode": asesmen.metode,
            "skor_potensi": str(asesmen.skor_potensi),
            "level": {str(k): v for k, v in levels.items()},
        },
        instansi_id=asesmen.instansi_id,
        pegawai_id=asesmen.pegawai_id,
    )


@transaction.atomic
def asesmen_impor(*, actor: User, instansi: Instansi, berkas: IO[bytes], nama_file: str) -> tuple[int, int]:
    """Import assessments from CSV/XLSX; every row checked, all or nothing. A row whose (pegawai,
    tanggal, metode) already exists updates that assessment (its levels replaced by the row's).
    Returns (created, updated)."""
    _require_bkd(actor)
    try:
        hasil = asesmen_impor_read(instansi=instansi, berkas=berkas, nama_file=nama_file)
    except BerkasTidakTerbaca as e:
        raise ValidationError({"berkas": [str(e)]}) from e
    if hasil.galat:
        raise _galat_error(hasil.galat)
    pegawai_ids = {b.pegawai_id for b in hasil.baris}
    ada = {
        (a.pegawai_id, a.tanggal, a.metode): a
        for a in Asesmen.objects.filter(instansi=instansi, pegawai_id__in=pegawai_ids).select_for_update()
    }
    now = timezone.now()
    ubah: list[Asesmen] = []
    baru: list[Asesmen] = []
    for b in hasil.baris:
        obj = ada.get((b.pegawai_id, b.tanggal, b.metode))
        if obj is None:
            obj = Asesmen(
                instansi=instansi, pegawai_id=b.pegawai_id, tanggal=b.tanggal, metode=b.metode, dicatat_oleh=actor
            )
            obj.created_at = now
            baru.append(obj)
        else:
            ubah.append(obj)
        obj.skor_potensi, obj.penyelenggara, obj.updated_at = b.skor_potensi, b.penyelenggara, now
    try:
        Asesmen.objects.bulk_create(baru)
    except IntegrityError as e:  # another import of the same rows committed in between
        raise ValidationError({"berkas": [_("Berkas yang sama sedang diimpor; coba lagi.")]}) from e
    Asesmen.objects.bulk_update(ubah, ["skor_potensi", "penyelenggara", "updated_at"])
    kunci = {(a.pegawai_id, a.tanggal, a.metode): a.pk for a in [*baru, *ubah]}
    _hasil_tulis(list(kunci.values()), {kunci[(b.pegawai_id, b.tanggal, b.metode)]: b.levels for b in hasil.baris})
    ct = ContentType.objects.get_for_model(Asesmen)
    AuditLog.objects.bulk_create(
        AuditLog(
            instansi_id=instansi.pk,
            actor=actor,
            content_type=ct,
            object_id=kunci[(b.pegawai_id, b.tanggal, b.metode)],
            pegawai_id=b.pegawai_id,
            aksi=AuditLog.Aksi.IMPORT,
            ringkasan=_("Asesmen %(tanggal)s diimpor") % {"tanggal": b.tanggal.isoformat()},
            perubahan={"baris": b.baris, "level": {str(k): v for k, v in b.levels.items()}},
        )
        for b in hasil.baris
    )
    return len(baru), len(ubah)
