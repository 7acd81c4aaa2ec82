"""Reading calibration: the units of a period with their distribution, one unit's staff and the
pattern rules, and the rows of the results export.

Who sees calibration: BKD and pimpinan of the instansi see every unit; a pegawai whose jabatan
leads a unit sees that unit and every unit below it; nobody else (404).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from pegawai.models import Pegawai, UnitKerja, User
from pegawai.permissions import can_read_instansi, id_or_404, instansi_q, pegawai_of_user
from penilaian.models import EvaluasiKinerja, Periode, PredikatUnit
from penilaian.permissions import is_bkd_of, is_pejabat_penilai
from penilaian.rules import (
    ATURAN_DISTRIBUSI,
    SERATUS,
    Predikat,
    PredikatOrganisasi,
    bulatkan,
    pelanggaran_distribusi,
)
from penilaian.selectors.periode import periode_current


def path_ids(path: str) -> list[int]:
    """The unit ids of a materialised path ("12/40/41/" → [12, 40, 41]), root first."""
    return [int(part) for part in path.split("/") if part]


def staff_q(unit: UnitKerja, prefix: str = "") -> Q:
    """EvaluasiKinerja rows that count for ``unit`` (within one period): the unit and below, without
    the unit's own leader. ``prefix`` reaches the rows through a relation."""
    return Q(**{f"{prefix}unit_kerja__path__startswith": unit.path}) & ~Q(
        **{f"{prefix}unit_kerja_id": unit.pk, f"{prefix}is_kepala_unit": True}
    )


def hitungan_per_unit(
    *, periode: Periode, unit_ids: Iterable[int] | None = None, dinilai_saja: bool = True
) -> dict[int, Counter[str]]:
    """Staff per predikat for every unit of the period (or only ``unit_ids``), rolled up the tree:
    one GROUP BY (unit, leader flag, predikat) query, then each count is added to every unit on the
    row's path (except the row's own unit when the row is that unit's leader). Only rated rows,
    unless ``dinilai_saja`` is False: unrated rows then count under the key ""."""
    wanted = set(unit_ids) if unit_ids is not None else None
    qs = EvaluasiKinerja.objects.filter(periode=periode, unit_kerja__isnull=False)
    if dinilai_saja:
        qs = qs.exclude(predikat="")
    rows = (
        qs.values_list("unit_kerja_id", "unit_kerja__path", "is_kepala_unit", "predikat")
        .annotate(n=Count("id"))
        .order_by()
    )
    out: dict[int, Counter[str]] = defaultdict(Counter)
    for unit_id, path, kepala, nilai, n in rows:
        for ancestor in path_ids(path or ""):
            if kepala and ancestor == unit_id:
                continue
            if wanted is None or ancestor in wanted:
                out[ancestor][nilai] += n
    return out


def leader_unit_id(unit: UnitKerja) -> int:
    """The unit whose head is authorised for ``unit``: its parent, or itself at the top."""
    return unit.parent_id or unit.pk


def is_pemimpin_berwenang(user: User, unit: UnitKerja) -> bool:
    """The user holds the head jabatan of the unit's parent (or of the unit itself at the top)."""
    me = pegawai_of_user(user)
    if me is None or me.jabatan is None or not me.jabatan.is_kepala_unit:
        return False
    return me.status == Pegawai.Status.AKTIF and me.jabatan.unit_kerja_id == leader_unit_id(unit)


def can_tetapkan(user: User, unit: UnitKerja) -> bool:
    """May set the unit predikat and finalise the unit."""
    return is_bkd_of(user, unit.instansi_id) or is_pemimpin_berwenang(user, unit)


def can_sesuaikan(user: User, evaluasi: EvaluasiKinerja) -> bool:
    """May adjust a staff predikat: the evaluation's pejabat penilai or BKD of the instansi."""
    return is_bkd_of(user, evaluasi.periode.instansi_id) or is_pejabat_penilai(user, evaluasi)


def unit_dipimpin(user: User) -> UnitKerja | None:
    """The unit the user's jabatan leads (None when the user leads no unit)."""
    me = pegawai_of_user(user)
    if me is None or me.jabatan is None or not me.jabatan.is_kepala_unit:
        return None
    if not hasattr(user, "_unit_dipimpin_cache"):
        user._unit_dipimpin_cache = UnitKerja.objects.filter(pk=me.jabatan.unit_kerja_id).first()  # type: ignore[attr-defined]
    return user._unit_dipimpin_cache  # type: ignore[attr-defined]


def unit_kalibrasi_q(user: User, prefix: str = "") -> Q:
    """Units (or rows through ``prefix``) whose calibration the user may see."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if can_read_instansi(user):
        return instansi_q(user, f"{prefix}instansi_id")
    unit = unit_dipimpin(user)
    if unit is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}path__startswith": unit.path, f"{prefix}instansi_id": unit.instansi_id})


def can_see_kalibrasi(user: User) -> bool:
    return user.is_authenticated and (can_read_instansi(user) or unit_dipimpin(user) is not None)


def periode_get_for_kalibrasi(*, user: User, periode_id: Any = None) -> Periode:
    """The period asked for (of the user's instansi), or the current periodic one, or the latest; 404
    when the user sees no calibration or there is no such period."""
    if not can_see_kalibrasi(user):
        raise Http404
    qs = Periode.objects.filter(instansi_q(user, "instansi_id")).select_related("instansi")
    if periode_id not in (None, ""):
        obj = qs.filter(pk=id_or_404(periode_id)).first()
    else:
        obj = None
        if user.instansi is not None:
            current = periode_current(instansi=user.instansi)
            obj = qs.filter(pk=current.pk).first() if current else None
        obj = obj or qs.order_by("-tahun", "-tanggal_mulai", "jenis").first()
    if obj is None:
        raise Http404
    return obj


def unit_get_for_kalibrasi(*, user: User, unit_id: Any) -> UnitKerja:
    obj = UnitKerja.objects.filter(unit_kalibrasi_q(user), pk=id_or_404(unit_id)).select_related("parent").first()
    if obj is None:
        raise Http404
    return obj


def periode_list_for_kalibrasi(*, user: User) -> QuerySet[Periode]:
    return Periode.objects.filter(instansi_q(user, "instansi_id")).order_by("-tahun", "jenis", "nomor")


WARNA_PREDIKAT = {
    Predikat.SANGAT_BAIK: "bg-success",
    Predikat.BAIK: "bg-primary",
    Predikat.BUTUH_PERBAIKAN: "bg-warning text-dark",
    Predikat.KURANG: "bg-danger-subtle text-danger-emphasis",
    Predikat.SANGAT_KURANG: "bg-danger",
}


@dataclass
class Distribusi:
    """Counts per predikat of a unit's rated staff, with their share."""

    hitungan: dict[str, int]
    belum_dinilai: int = 0

    @property
    def total(self) -> int:
        return sum(self.hitungan.values())

    @property
    def baris(self) -> list[dict[str, Any]]:
        total = self.total
        return [
            {
                "predikat": p,
                "label": p.label,
                "warna": WARNA_PREDIKAT[p],
                "jumlah": self.hitungan.get(p.value, 0),
                "persen": bulatkan(Decimal(self.hitungan.get(p.value, 0)) * SERATUS / total) if total else Decimal(0),
            }
            for p in Predikat
        ]


def pola_aturan(predikat_organisasi: str, hitungan: dict[str, int]) -> list[dict[str, Any]]:
    """Every rule of the unit's pattern with what the unit has and whether it passes."""
    if not predikat_organisasi:
        return []
    gagal = {p.kode for p in pelanggaran_distribusi(predikat_organisasi, hitungan)}
    total = sum(hitungan.values())
    out = []
    for aturan in ATURAN_DISTRIBUSI[PredikatOrganisasi(predikat_organisasi)]:
        jumlah = sum(hitungan.get(p, 0) for p in aturan.predikat)
        out.append(
            {
                "kode": aturan.kode,
                "aturan": str(aturan.teks),
                "jumlah": jumlah,
                "total": total,
                "persen": bulatkan(Decimal(jumlah) * SERATUS / total) if total else Decimal(0),
                "lulus": aturan.kode not in gagal,
            }
        )
    return out


@dataclass
class BarisKalibrasi:
    unit: UnitKerja
    predikat_unit: PredikatUnit | None
    distribusi: Distribusi
    pelanggaran: list[dict[str, Any]] = field(default_factory=list)
    can_tetapkan: bool = False
    punya_anak: bool = False

    @property
    def is_final(self) -> bool:
        return self.predikat_unit is not None and self.predikat_unit.status == PredikatUnit.Status.FINAL


def kalibrasi_ringkasan(
    user: User, periode: Periode, *, induk: UnitKerja | None = None, bertingkat: bool = False
) -> list[BarisKalibrasi]:
    """Every unit the user may see that has a unit predikat or staff in the period, with its
    distribution, violations (live, from the current predikat) and status. Four queries.

    ``bertingkat`` (the page) shows one level of the tree at a time: ``induk`` and its children,
    or, without ``induk``, the highest units the user may see; rows say whether they have
    children to open. Without it (the API, the export) every unit is listed."""
    units = list(UnitKerja.objects.filter(unit_kalibrasi_q(user), instansi_id=periode.instansi_id).order_by("path"))
    ids = [u.pk for u in units]
    visible = set(ids)
    induk_dari = {u.parent_id for u in units if u.parent_id in visible}
    if bertingkat:
        if induk is not None:
            units = [u for u in units if u.pk == induk.pk or u.parent_id == induk.pk]
        else:
            units = [u for u in units if u.parent_id not in visible]
    predikat_unit = {p.unit_kerja_id: p for p in PredikatUnit.objects.filter(periode=periode, unit_kerja_id__in=ids)}
    semua = hitungan_per_unit(periode=periode, unit_ids=ids, dinilai_saja=False)
    out = []
    for unit in units:
        hitungan = dict(semua.get(unit.pk, Counter()))
        belum = hitungan.pop("", 0)
        pu = predikat_unit.get(unit.pk)
        if pu is None and not hitungan and not belum:
            continue
        out.append(
            BarisKalibrasi(
                unit=unit,
                predikat_unit=pu,
                distribusi=Distribusi(hitungan, belum),
                pelanggaran=[p.as_dict() for p in pelanggaran_distribusi(pu.predikat_organisasi, hitungan)]
                if pu
                else [],
                can_tetapkan=can_tetapkan(user, unit),
                punya_anak=unit.pk in induk_dari and unit.pk != getattr(induk, "pk", None),
            )
        )
    return out


def kalibrasi_unit(user: User, periode: Periode, unit: UnitKerja) -> dict[str, Any]:
    """One unit: its staff rows (rated or not) with ratings, predikat, pejabat penilai and
    adjustment reasons; the distribution of the rated ones against the unit's pattern."""
    pu = (
        PredikatUnit.objects.filter(periode=periode, unit_kerja=unit)
        .select_related("ditetapkan_oleh", "difinalisasi_oleh")
        .first()
    )
    staf = list(
        EvaluasiKinerja.objects.filter(staff_q(unit), periode=periode)
        .select_related("pegawai", "pejabat_penilai", "disesuaikan_oleh", "unit_kerja")
        .order_by("unit_kerja__path", "pegawai__nama", "pk")
    )
    hitungan = Counter(e.predikat for e in staf if e.predikat)
    belum = sum(1 for e in staf if not e.predikat)
    final = pu is not None and pu.status == PredikatUnit.Status.FINAL
    me = pegawai_of_user(user)
    bkd = is_bkd_of(user, periode.instansi_id)
    for e in staf:
        e.can_sesuaikan = (  # type: ignore[attr-defined]
            not final
            and bool(e.predikat)
            and e.status == EvaluasiKinerja.Status.DINILAI
            and (bkd or (me is not None and e.pejabat_penilai_id == me.pk))
        )
    pelanggaran = [p.as_dict() for p in pelanggaran_distribusi(pu.predikat_organisasi, dict(hitungan))] if pu else []
    return {
        "predikat_unit": pu,
        "staf": staf,
        "distribusi": Distribusi(dict(hitungan), belum),
        "pola": pola_aturan(pu.predikat_organisasi if pu else "", dict(hitungan)),
        "pelanggaran": pelanggaran,
        "is_final": final,
        "can_tetapkan": can_tetapkan(user, unit) and not final,
        "can_finalisasi": can_tetapkan(user, unit) and pu is not None and not final,
        "is_pemimpin_berwenang": is_pemimpin_berwenang(user, unit),
    }


EKSPOR_RELATED = ("pegawai", "pegawai__golongan", "unit_kerja", "pejabat_penilai")


def kalibrasi_ekspor_qs(*, user: User, periode: Periode, unit: UnitKerja | None = None) -> QuerySet[EvaluasiKinerja]:
    """The evaluation rows of the export: a unit's staff, or every row the user may see in the period."""
    qs = EvaluasiKinerja.objects.filter(periode=periode)
    qs = qs.filter(staff_q(unit) if unit is not None else unit_kalibrasi_q(user, "unit_kerja__"))
    return qs.select_related(*EKSPOR_RELATED).order_by("unit_kerja__path", "pegawai__nama", "pk")
