"""Reading SKPs: scoped lists, the detail with its plan, the approval queue, the intervensi
choices and tree, and the approved versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from pegawai.models import Pegawai, User
from pegawai.permissions import id_or_404, pegawai_of_user
from penilaian.models import SKP, EkspektasiPerilaku, IndikatorKinerja, RencanaHasilKerja, SKPVersi
from penilaian.permissions import is_owner, is_pejabat_penilai, skp_visible_q
from penilaian.rules import PERILAKU_STANDAR, AspekPerilaku

SKP_RELATED = ("pegawai", "pejabat_penilai", "atasan_pejabat_penilai")


def skp_for_pegawai(*, pegawai: Pegawai, tahun: int) -> SKP | None:
    return SKP.objects.filter(pegawai=pegawai, tahun=tahun).select_related(*SKP_RELATED).first()


def skp_list_for_user(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[SKP]:
    """SKPs the user may see, filtered by ``tahun``, ``status``, ``unit_kerja`` (a UnitKerja or
    id: that unit and the units below it, by the SKP's snapshot) and ``q`` (name or NIP prefix)."""
    filters = filters or {}
    qs = SKP.objects.filter(skp_visible_q(user))
    if filters.get("tahun"):
        qs = qs.filter(tahun=filters["tahun"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    unit = filters.get("unit_kerja")
    if unit:
        path = unit.path if hasattr(unit, "path") else None
        qs = qs.filter(unit_kerja__path__startswith=path) if path else qs.filter(unit_kerja_id=unit)
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(pegawai__nama__icontains=q) | Q(pegawai__nip__startswith=q))
    return qs.select_related(*SKP_RELATED).order_by("-tahun", "pegawai__nama", "id")


@dataclass
class Ekspektasi:
    aspek: str
    label: str
    standar: str
    khusus: str


@dataclass
class SKPDetail:
    skp: SKP
    rhk: list[RencanaHasilKerja]
    ekspektasi: list[Ekspektasi] = field(default_factory=list)


def skp_detail(*, skp: SKP) -> SKPDetail:
    """The plan of one SKP: RHK (with their intervensi parent) and indikator, and the seven
    perilaku expectations in BerAKHLAK order with their standard text. Three queries."""
    rhk = list(
        RencanaHasilKerja.objects.filter(skp=skp)
        .select_related("rhk_atasan")
        .prefetch_related(Prefetch("indikator", queryset=IndikatorKinerja.objects.order_by("urutan", "id")))
        .order_by("jenis", "urutan", "id")
    )
    khusus = dict(EkspektasiPerilaku.objects.filter(skp=skp).values_list("aspek", "ekspektasi_khusus"))
    ekspektasi = [
        Ekspektasi(aspek=a.value, label=str(a.label), standar=str(PERILAKU_STANDAR[a.value]), khusus=khusus.get(a, ""))
        for a in AspekPerilaku
    ]
    return SKPDetail(skp=skp, rhk=rhk, ekspektasi=ekspektasi)


def skp_untuk_disetujui(*, user: User, tahun: int | None = None) -> QuerySet[SKP]:
    """SKPs waiting for the user's approval (they are the recorded pejabat penilai)."""
    me = pegawai_of_user(user)
    if me is None:
        return SKP.objects.none()
    qs = SKP.objects.filter(pejabat_penilai=me, status=SKP.Status.DIAJUKAN)
    if tahun:
        qs = qs.filter(tahun=tahun)
    return qs.select_related(*SKP_RELATED).order_by("diajukan_pada", "id")


def rhk_atasan_pilihan(*, skp: SKP) -> QuerySet[RencanaHasilKerja]:
    """RHKs an RHK of ``skp`` may be cascaded from: those of the approved SKP of its pejabat
    penilai for the same year."""
    if skp.pejabat_penilai_id is None:
        return RencanaHasilKerja.objects.none()
    return RencanaHasilKerja.objects.filter(
        skp__pegawai_id=skp.pejabat_penilai_id, skp__tahun=skp.tahun, skp__status=SKP.Status.DISETUJUI
    ).order_by("jenis", "urutan", "id")


def pohon_intervensi(*, skp: SKP, user: User) -> list[RencanaHasilKerja]:
    """The RHKs of ``skp`` (the atasan's), each with ``intervensi_list``: the subordinates' RHKs
    cascaded from it that ``user`` may see, with their SKP and pegawai. Two queries."""
    return list(
        RencanaHasilKerja.objects.filter(skp=skp)
        .prefetch_related(
            Prefetch(
                "intervensi",
                queryset=RencanaHasilKerja.objects.filter(skp__in=SKP.objects.filter(skp_visible_q(user)))
                .select_related("skp", "skp__pegawai")
                .order_by("skp__pegawai__nama", "urutan", "id"),
                to_attr="intervensi_list",
            )
        )
        .order_by("jenis", "urutan", "id")
    )


def skp_versi_list(*, skp: SKP) -> QuerySet[SKPVersi]:
    return SKPVersi.objects.filter(skp=skp).select_related("disetujui_oleh").order_by("-versi")


# ---------------------------------------------------------------------------------------------
# Access helpers: fetch and authorise in one step (404 for what the user may not see)


def rhk_get_for_user(*, user: User, rhk_id: Any) -> RencanaHasilKerja:
    obj = (
        RencanaHasilKerja.objects.filter(skp__in=SKP.objects.filter(skp_visible_q(user)), pk=id_or_404(rhk_id))
        .select_related("skp", "skp__pegawai", "skp__pejabat_penilai")
        .first()
    )
    if obj is None:
        raise Http404
    return obj


def indikator_get_for_user(*, user: User, indikator_id: Any) -> IndikatorKinerja:
    obj = (
        IndikatorKinerja.objects.filter(
            rhk__skp__in=SKP.objects.filter(skp_visible_q(user)), pk=id_or_404(indikator_id)
        )
        .select_related("rhk", "rhk__skp", "rhk__skp__pegawai", "rhk__skp__pejabat_penilai")
        .first()
    )
    if obj is None:
        raise Http404
    return obj


@dataclass(frozen=True)
class SKPAksi:
    """What the user may do with one SKP (the services enforce the same rules)."""

    is_owner: bool
    is_penilai: bool
    can_edit: bool
    can_submit: bool
    can_approve: bool
    can_revise: bool
    can_ekspektasi: bool


def skp_aksi(*, user: User, skp: SKP) -> SKPAksi:
    owner = is_owner(user, skp)
    penilai = is_pejabat_penilai(user, skp)
    editable = skp.status in (SKP.Status.DRAFT, SKP.Status.DIKEMBALIKAN)
    return SKPAksi(
        is_owner=owner,
        is_penilai=penilai,
        can_edit=owner and editable,
        can_submit=owner and editable,
        can_approve=penilai and skp.status == SKP.Status.DIAJUKAN,
        can_revise=owner and skp.status == SKP.Status.DISETUJUI,
        can_ekspektasi=penilai and skp.status != SKP.Status.DISETUJUI,
    )
