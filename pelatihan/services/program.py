"""The training catalogue: BKD creates and edits programmes with the kompetensi they build."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from common.models import AuditLog
from common.services import audit_record, snapshot
from pegawai.models import Instansi, Jabatan
from pelatihan.models import ProgramKompetensi, ProgramPelatihan
from pelatihan.rules import Bentuk
from penilaian.models import Kompetensi

FIELDS = [
    "tahun",
    "kode",
    "nama",
    "deskripsi",
    "bentuk",
    "penyelenggara",
    "jp",
    "biaya_per_peserta",
    "kursi_per_angkatan",
    "jumlah_angkatan",
    "tanggal_mulai",
    "tanggal_selesai",
    "jenis_jabatan",
    "golongan_minimal",
    "golongan_maksimal",
    "wajib_jenis_jabatan",
    "untuk_kinerja",
    "is_active",
]


def _validate(
    *, instansi: Instansi, data: dict[str, Any], kompetensi: Sequence[tuple[Kompetensi, int]], pk: int | None
) -> None:
    """Every rule of a programme, each message naming its field."""
    errors: dict[str, str] = {}
    if not str(data.get("kode") or "").strip():
        errors["kode"] = gettext("Kode wajib diisi.")
    if not str(data.get("nama") or "").strip():
        errors["nama"] = gettext("Nama program wajib diisi.")
    if data.get("bentuk") not in Bentuk.values:
        errors["bentuk"] = gettext("Bentuk harus salah satu dari: %(pilihan)s.") % {"pilihan": ", ".join(Bentuk.values)}
    tahun = data.get("tahun")
    if not isinstance(tahun, int) or not 2000 <= tahun <= 2100:
        errors["tahun"] = gettext("Tahun harus antara 2000 dan 2100.")
    jp = data.get("jp")
    if jp is None or Decimal(jp) <= 0:
        errors["jp"] = gettext("JP harus lebih dari 0.")
    biaya = data.get("biaya_per_peserta")
    if biaya is None or Decimal(biaya) < 0:
        errors["biaya_per_peserta"] = gettext("Biaya per peserta tidak boleh negatif.")
    if (data.get("kursi_per_angkatan") or 0) < 1:
        errors["kursi_per_angkatan"] = gettext("Kursi per angkatan paling sedikit 1.")
    if (data.get("jumlah_angkatan") or 0) < 1:
        errors["jumlah_angkatan"] = gettext("Jumlah angkatan paling sedikit 1.")
    mulai, selesai = data.get("tanggal_mulai"), data.get("tanggal_selesai")
    if mulai and selesai and selesai < mulai:
        errors["tanggal_selesai"] = gettext("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    gmin, gmaks = data.get("golongan_minimal"), data.get("golongan_maksimal")
    if gmin is not None and gmaks is not None and (gmin.jenis_asn != gmaks.jenis_asn or gmin.urutan > gmaks.urutan):
        errors["golongan_maksimal"] = gettext("Golongan maksimal harus sejenis dan tidak di bawah golongan minimal.")
    for name in ("jenis_jabatan", "wajib_jenis_jabatan"):
        salah = [j for j in data.get(name) or [] if j not in Jabatan.Jenis.values]
        if salah:
            errors[name] = gettext("Jenis jabatan tidak dikenal: %(salah)s.") % {"salah": ", ".join(map(str, salah))}
    dilihat: set[int] = set()
    for komp, level in kompetensi:
        if komp.instansi_id not in (None, instansi.pk):
            errors["kompetensi"] = gettext("Kompetensi %(nama)s tidak dikenal di instansi ini.") % {"nama": komp.nama}
        elif komp.pk in dilihat:
            errors["kompetensi"] = gettext("Kompetensi %(nama)s tercantum dua kali.") % {"nama": komp.nama}
        elif not isinstance(level, int) or not 1 <= level <= 5:
            errors["kompetensi"] = gettext("Level kompetensi %(nama)s harus 1 sampai 5.") % {"nama": komp.nama}
        dilihat.add(komp.pk)
    if "kode" not in errors and isinstance(tahun, int) and "tahun" not in errors:
        sama = ProgramPelatihan.objects.filter(instansi=instansi, tahun=tahun, kode=str(data["kode"]).strip())
        if pk is not None:
            sama = sama.exclude(pk=pk)
        if sama.exists():
            errors["kode"] = gettext("Kode %(kode)s sudah dipakai program lain tahun %(tahun)s.") % {
                "kode": data["kode"],
                "tahun": tahun,
            }
    if errors:
        raise ValidationError(errors)


def _kompetensi_set(program: ProgramPelatihan, kompetensi: Sequence[tuple[Kompetensi, int]]) -> None:
    ProgramKompetensi.objects.filter(program=program).delete()
    ProgramKompetensi.objects.bulk_create(
        ProgramKompetensi(program=program, kompetensi=komp, level=level) for komp, level in kompetensi
    )


@transaction.atomic
def program_create(
    *, actor: Any, instansi: Instansi, data: dict[str, Any], kompetensi: Sequence[tuple[Kompetensi, int]]
) -> ProgramPelatihan:
    """A new programme of the catalogue with the kompetensi and levels it builds."""
    values = {name: data[name] for name in FIELDS if name in data}
    values.setdefault("jumlah_angkatan", 1)
    values.setdefault("is_active", True)
    _validate(instansi=instansi, data=values, kompetensi=kompetensi, pk=None)
    values["kode"] = str(values["kode"]).strip()
    program = ProgramPelatihan.objects.create(instansi=instansi, **values)
    _kompetensi_set(program, kompetensi)
    audit_record(
        actor=actor,
        subject=program,
        aksi=AuditLog.Aksi.CREATE,
        perubahan={
            **snapshot(program, ["kode", "nama", "tahun", "jp", "biaya_per_peserta"]),
            "kompetensi": _ringkas(kompetensi),
        },
        ringkasan=gettext("Program pelatihan %(nama)s dibuat") % {"nama": program.nama},
        instansi_id=instansi.pk,
    )
    return program


@transaction.atomic
def program_update(
    *,
    actor: Any,
    program: ProgramPelatihan,
    data: dict[str, Any],
    kompetensi: Sequence[tuple[Kompetensi, int]] | None = None,
) -> ProgramPelatihan:
    """Change a programme; ``kompetensi`` (when given) replaces the kompetensi it builds."""
    obj = ProgramPelatihan.objects.select_for_update().get(pk=program.pk)
    lama = snapshot(obj, FIELDS)
    values = {name: getattr(obj, name) for name in FIELDS}
    values.update({name: data[name] for name in FIELDS if name in data})
    if kompetensi is None:
        kompetensi = [(pk.kompetensi, pk.level) for pk in obj.kompetensi_dibangun.select_related("kompetensi")]
        ganti = False
    else:
        ganti = True
    _validate(instansi=obj.instansi, data=values, kompetensi=kompetensi, pk=obj.pk)
    values["kode"] = str(values["kode"]).strip()
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
    if ganti:
        _kompetensi_set(obj, kompetensi)
    baru = snapshot(obj, FIELDS)
    perubahan: dict[str, Any] = {k: {"lama": lama[k], "baru": baru[k]} for k in FIELDS if lama[k] != baru[k]}
    if ganti:
        perubahan["kompetensi"] = _ringkas(kompetensi)
    audit_record(
        actor=actor,
        subject=obj,
        aksi=AuditLog.Aksi.UPDATE,
        perubahan=perubahan,
        ringkasan=gettext("Program pelatihan %(nama)s diubah") % {"nama": obj.nama},
        instansi_id=obj.instansi_id,
    )
    return obj


def _ringkas(kompetensi: Sequence[tuple[Kompetensi, int]]) -> dict[str, int]:
    return {komp.kode: level for komp, level in kompetensi}
