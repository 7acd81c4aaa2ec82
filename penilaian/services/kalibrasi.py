"""Calibration: the predikat organisasi of a unit, the distribution check of SE MenPANRB 3/2023,
adjusting a staff predikat with a reason, and finalising a unit.

Who counts for a unit (its "staff"): the EvaluasiKinerja rows of the period whose snapshot unit is
the unit or any unit below it (materialised path prefix), except the unit's own leader (the row
with ``is_kepala_unit`` of that very unit, whose result is the unit's result). The distribution
counts the current ``predikat`` of the rated rows only; unrated rows are shown, not counted.

Who decides: the unit predikat is set and a unit is finalised by a BKD officer of the instansi or
by the leader authorised for the unit, the pegawai who holds the head jabatan of the unit's parent
unit (the leader above), or of the unit itself for a top-level unit. A staff predikat is adjusted
by that evaluation's pejabat penilai or by BKD.
"""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.services import audit_record
from pegawai.models import UnitKerja, User
from penilaian.models import EvaluasiKinerja, Periode, PredikatUnit
from penilaian.rules import Predikat, PredikatOrganisasi, pelanggaran_distribusi
from penilaian.selectors.kalibrasi import can_sesuaikan, can_tetapkan, hitungan_per_unit, path_ids, staff_q


def _refuse_final(predikat_unit: PredikatUnit, field: str) -> None:
    if predikat_unit.status == PredikatUnit.Status.FINAL:
        raise ValidationError({field: _("Predikat unit ini sudah final dan tidak dapat diubah.")})


def _check(predikat_unit: PredikatUnit, hitungan: Counter[str] | dict[str, int]) -> bool:
    """Fill ``pelanggaran`` and ``diperiksa_pada`` (not saved). True when anything is broken."""
    predikat_unit.pelanggaran = [
        p.as_dict() for p in pelanggaran_distribusi(predikat_unit.predikat_organisasi, dict(hitungan))
    ]
    predikat_unit.diperiksa_pada = timezone.now()
    return bool(predikat_unit.pelanggaran)


@transaction.atomic
def predikat_unit_tetapkan(
    *, actor: User, periode: Periode, unit_kerja: UnitKerja, predikat_organisasi: str
) -> PredikatUnit:
    """Set (or change) the predikat organisasi of a unit in a period, and check its distribution."""
    if unit_kerja.instansi_id != periode.instansi_id:
        raise ValidationError({"unit_kerja": _("Unit kerja bukan bagian dari instansi periode ini.")})
    if not can_tetapkan(actor, unit_kerja):
        raise PermissionDenied
    if predikat_organisasi not in PredikatOrganisasi.values:
        raise ValidationError({"predikat_organisasi": _("Predikat organisasi tidak dikenal.")})
    obj = PredikatUnit.objects.select_for_update().filter(periode=periode, unit_kerja=unit_kerja).first()
    lama = ""
    if obj is None:
        obj = PredikatUnit(periode=periode, unit_kerja=unit_kerja, predikat_organisasi=predikat_organisasi)
    else:
        _refuse_final(obj, "predikat_organisasi")
        lama = obj.predikat_organisasi
        obj.predikat_organisasi = predikat_organisasi
    obj.ditetapkan_oleh = actor
    _check(obj, hitungan_per_unit(periode=periode, unit_ids=[unit_kerja.pk]).get(unit_kerja.pk, Counter()))
    obj.save()
    audit_record(
        actor=actor,
        subject=obj,
        aksi="update" if lama else "create",
        perubahan={"predikat_organisasi": {"lama": lama, "baru": predikat_organisasi}},
        ringkasan=f"Predikat unit {unit_kerja.nama} {periode.nama}: {PredikatOrganisasi(predikat_organisasi).label}",
        instansi_id=periode.instansi_id,
    )
    return obj


def distribusi_periksa(*, predikat_unit: PredikatUnit) -> PredikatUnit:
    """Recheck one unit's distribution and store its violations."""
    unit = predikat_unit.unit_kerja
    hitungan = hitungan_per_unit(periode=predikat_unit.periode, unit_ids=[unit.pk]).get(unit.pk, Counter())
    _check(predikat_unit, hitungan)
    predikat_unit.save(update_fields=["pelanggaran", "diperiksa_pada", "updated_at"])
    return predikat_unit


def distribusi_periksa_periode(*, periode: Periode) -> int:
    """Recheck every PredikatUnit of the period with a constant number of queries (the unit
    predikat, one GROUP BY count, one bulk update). Returns how many units break a rule."""
    daftar = list(PredikatUnit.objects.filter(periode=periode).select_related("unit_kerja"))
    if not daftar:
        return 0
    semua = hitungan_per_unit(periode=periode, unit_ids=[p.unit_kerja_id for p in daftar])
    melanggar = 0
    for pu in daftar:
        melanggar += _check(pu, semua.get(pu.unit_kerja_id, Counter()))
    PredikatUnit.objects.bulk_update(daftar, ["pelanggaran", "diperiksa_pada"], batch_size=1000)
    return melanggar


def _predikat_unit_terkait(evaluasi: EvaluasiKinerja) -> list[PredikatUnit]:
    """The PredikatUnits of the period that count this evaluation (its unit and the units above,
    minus its own unit when it leads that unit)."""
    if evaluasi.unit_kerja is None:
        return []
    ids = path_ids(evaluasi.unit_kerja.path)
    if evaluasi.is_kepala_unit:
        ids = [i for i in ids if i != evaluasi.unit_kerja_id]
    return list(
        PredikatUnit.objects.select_for_update(of=("self",))
        .filter(periode_id=evaluasi.periode_id, unit_kerja_id__in=ids)
        .select_related("unit_kerja", "periode")
    )


@transaction.atomic
def predikat_sesuaikan(*, actor: User, evaluasi: EvaluasiKinerja, predikat: str, alasan: str) -> EvaluasiKinerja:
    """Adjust a rated staff predikat during calibration. The matrix predikat is kept; the reason is
    mandatory and audited; the distribution of every unit counting the row is rechecked."""
    if not can_sesuaikan(actor, evaluasi):
        raise PermissionDenied
    alasan = (alasan or "").strip()
    errors: dict[str, str] = {}
    if predikat not in Predikat.values:
        errors["predikat"] = _("Predikat tidak dikenal.")
    if not alasan:
        errors["alasan"] = _("Alasan penyesuaian wajib diisi.")
    if errors:
        raise ValidationError(errors)
    evaluasi = (
        EvaluasiKinerja.objects.select_for_update(of=("self",))
        .select_related("periode", "unit_kerja", "pegawai")
        .get(pk=evaluasi.pk)
    )
    if not evaluasi.predikat or evaluasi.status != EvaluasiKinerja.Status.DINILAI:
        raise ValidationError(
            {"predikat": _("Hanya evaluasi yang sudah dinilai dan belum final yang dapat disesuaikan.")}
        )
    terkait = _predikat_unit_terkait(evaluasi)
    for pu in terkait:
        _refuse_final(pu, "predikat")
    lama = evaluasi.predikat
    if not evaluasi.predikat_matriks:
        evaluasi.predikat_matriks = lama
    evaluasi.predikat = predikat
    evaluasi.alasan_penyesuaian = alasan
    evaluasi.disesuaikan_oleh = actor
    evaluasi.save(
        update_fields=["predikat", "predikat_matriks", "alasan_penyesuaian", "disesuaikan_oleh", "updated_at"]
    )
    audit_record(
        actor=actor,
        subject=evaluasi,
        aksi="update",
        perubahan={"predikat": {"lama": lama, "baru": predikat}, "alasan_penyesuaian": alasan},
        ringkasan=(
            f"Penyesuaian predikat {evaluasi.pegawai.nama_lengkap} {evaluasi.periode.nama}: "
            f"{Predikat(lama).label} → {Predikat(predikat).label}"
        ),
        instansi_id=evaluasi.periode.instansi_id,
        pegawai_id=evaluasi.pegawai_id,
    )
    if terkait:
        semua = hitungan_per_unit(periode=evaluasi.periode, unit_ids=[p.unit_kerja_id for p in terkait])
        for pu in terkait:
            _check(pu, semua.get(pu.unit_kerja_id, Counter()))
        PredikatUnit.objects.bulk_update(terkait, ["pelanggaran", "diperiksa_pada"])
    return evaluasi


@transaction.atomic
def predikat_unit_finalisasi(*, actor: User, predikat_unit: PredikatUnit) -> PredikatUnit:
    """Finalise a unit: recheck, refuse with the list of violations while a rule is broken; on
    success the unit is final and its rated staff rows (status 'dinilai') become final in one
    update. Unrated rows do not block (the page shows how many there are); rows under objection
    keep their workflow."""
    if not can_tetapkan(actor, predikat_unit.unit_kerja):
        raise PermissionDenied
    obj = (
        PredikatUnit.objects.select_for_update(of=("self",))
        .select_related("periode", "unit_kerja")
        .get(pk=predikat_unit.pk)
    )
    _refuse_final(obj, "status")
    unit = obj.unit_kerja
    hitungan = hitungan_per_unit(periode=obj.periode, unit_ids=[unit.pk]).get(unit.pk, Counter())
    if _check(obj, hitungan):
        obj.save(update_fields=["pelanggaran", "diperiksa_pada", "updated_at"])
        pesan = "; ".join(str(p["aturan"]) for p in obj.pelanggaran)
        raise ValidationError(
            {"status": _("Distribusi predikat melanggar pola SE MenPANRB 3/2023: %(daftar)s.") % {"daftar": pesan}}
        )
    now = timezone.now()
    obj.status = PredikatUnit.Status.FINAL
    obj.difinalisasi_oleh = actor
    obj.difinalisasi_pada = now
    obj.save()
    jumlah = (
        EvaluasiKinerja.objects.filter(staff_q(unit), periode=obj.periode, status=EvaluasiKinerja.Status.DINILAI)
        .exclude(predikat="")
        .update(status=EvaluasiKinerja.Status.FINAL, updated_at=now)
    )
    audit_record(
        actor=actor,
        subject=obj,
        aksi="update",
        perubahan={
            "status": {"lama": PredikatUnit.Status.DRAF, "baru": PredikatUnit.Status.FINAL},
            "evaluasi_final": jumlah,
        },
        ringkasan=f"Kalibrasi {unit.nama} {obj.periode.nama} difinalisasi ({jumlah} evaluasi)",
        instansi_id=obj.periode.instansi_id,
    )
    predikat_unit.refresh_from_db()
    return obj
