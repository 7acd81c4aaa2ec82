"""Reading realisasi, feedback, evaluations and objections, already scoped to the acting user,
plus the access helpers of this area (fetch and authorise in one step: 404 when not visible)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from pegawai.models import Pegawai, User
from pegawai.permissions import can_edit_instansi, id_or_404, instansi_q, pegawai_of_user
from penilaian import rules
from penilaian.models import (
    SKP,
    BuktiDukung,
    EvaluasiKinerja,
    IndikatorKinerja,
    Keberatan,
    Periode,
    Realisasi,
    RencanaHasilKerja,
    UmpanBalik,
)
from penilaian.permissions import evaluasi_visible_q, skp_visible_q
from penilaian.rules import JenisPeriode

STATUS_DINILAI = (
    EvaluasiKinerja.Status.DINILAI,
    EvaluasiKinerja.Status.KEBERATAN,
    EvaluasiKinerja.Status.FINAL,
)


# ---------------------------------------------------------------------------------------------
# Periods a pegawai works in


def periode_realisasi_pilihan(*, instansi_id: int, tahun: int) -> QuerySet[Periode]:
    """The open periodic periods of a year: where realisasi may be entered."""
    return (
        Periode.objects.filter(instansi_id=instansi_id, tahun=tahun, status=Periode.Status.TERBUKA)
        .exclude(jenis=JenisPeriode.TAHUNAN)
        .order_by("tanggal_mulai")
    )


def skp_milik(*, pegawai: Pegawai, tahun: int) -> SKP | None:
    return SKP.objects.filter(pegawai=pegawai, tahun=tahun).select_related("pejabat_penilai").first()


# ---------------------------------------------------------------------------------------------
# Realisasi and feedback


def realisasi_for_skp_periode(skp: SKP, periode: Periode) -> QuerySet[Realisasi]:
    return (
        Realisasi.objects.filter(indikator__rhk__skp=skp, periode=periode)
        .select_related("indikator", "indikator__rhk", "periode")
        .prefetch_related("bukti")
        .order_by("indikator__rhk__jenis", "indikator__rhk__urutan", "indikator__urutan", "indikator_id")
    )


def umpan_balik_thread(rhk: RencanaHasilKerja) -> QuerySet[UmpanBalik]:
    return UmpanBalik.objects.filter(rhk=rhk).select_related("penulis_pegawai", "periode").order_by("created_at", "id")


@dataclass
class BarisIndikator:
    indikator: IndikatorKinerja
    realisasi: Realisasi | None


@dataclass
class BarisRHK:
    rhk: RencanaHasilKerja
    indikator: list[BarisIndikator] = field(default_factory=list)
    umpan_balik: list[UmpanBalik] = field(default_factory=list)


def rhk_dengan_realisasi(*, skp: SKP, periode: Periode | None) -> list[BarisRHK]:
    """Every RHK of an SKP with its indikator, the realisasi of ``periode`` (and its bukti), and
    the feedback thread: four queries whatever the size of the plan."""
    rhk_list = list(
        RencanaHasilKerja.objects.filter(skp=skp)
        .order_by("jenis", "urutan", "id")
        .prefetch_related(
            Prefetch("indikator", queryset=IndikatorKinerja.objects.order_by("urutan", "id")),
            Prefetch(
                "umpan_balik",
                queryset=UmpanBalik.objects.select_related("penulis_pegawai").order_by("created_at", "id"),
            ),
        )
    )
    realisasi: dict[int, Realisasi] = {}
    if periode is not None:
        realisasi = {r.indikator_id: r for r in realisasi_for_skp_periode(skp, periode)}
    return [
        BarisRHK(
            rhk=r,
            indikator=[BarisIndikator(i, realisasi.get(i.pk)) for i in r.indikator.all()],
            umpan_balik=list(r.umpan_balik.all()),
        )
        for r in rhk_list
    ]


def realisasi_for_evaluasi(evaluasi: EvaluasiKinerja) -> QuerySet[Realisasi]:
    """The realisasi behind an evaluation, with their bukti: of its period, or of every period of
    the year for the annual row."""
    skp_q = Q(indikator__rhk__skp__pegawai_id=evaluasi.pegawai_id, indikator__rhk__skp__tahun=evaluasi.periode.tahun)
    qs = Realisasi.objects.filter(skp_q)
    if evaluasi.periode.is_tahunan:
        qs = qs.filter(periode__instansi_id=evaluasi.periode.instansi_id, periode__tahun=evaluasi.periode.tahun)
    else:
        qs = qs.filter(periode_id=evaluasi.periode_id)
    return (
        qs.select_related("indikator", "indikator__rhk", "periode")
        .prefetch_related("bukti")
        .order_by("periode__tanggal_mulai", "indikator__rhk__jenis", "indikator__rhk__urutan", "indikator__urutan")
    )


# ---------------------------------------------------------------------------------------------
# Bawahan saya


def bawahan_saya(user: User, periode: Periode) -> QuerySet[EvaluasiKinerja]:
    """The rows the user rates in ``periode``, each with its SKP's id and status, the number of
    indikator and how many have a realisasi (for the annual period: in any period of the year),
    in one query."""
    me = pegawai_of_user(user)
    if me is None:
        return EvaluasiKinerja.objects.none()
    skp_qs = SKP.objects.filter(pegawai_id=OuterRef("pegawai_id"), tahun=periode.tahun)
    indikator_qs = (
        IndikatorKinerja.objects.filter(rhk__skp__pegawai_id=OuterRef("pegawai_id"), rhk__skp__tahun=periode.tahun)
        .order_by()
        .values("rhk__skp__pegawai_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    realisasi_qs = Realisasi.objects.filter(
        indikator__rhk__skp__pegawai_id=OuterRef("pegawai_id"), indikator__rhk__skp__tahun=periode.tahun
    )
    if periode.is_tahunan:
        realisasi_qs = realisasi_qs.filter(periode__instansi_id=periode.instansi_id, periode__tahun=periode.tahun)
    else:
        realisasi_qs = realisasi_qs.filter(periode_id=periode.pk)
    realisasi_count = (
        realisasi_qs.order_by()
        .values("indikator__rhk__skp__pegawai_id")
        .annotate(n=Count("indikator_id", distinct=True))
        .values("n")
    )
    return (
        EvaluasiKinerja.objects.filter(pejabat_penilai=me, periode=periode)
        .select_related("pegawai", "periode")
        .annotate(
            skp_tahun_id=Subquery(skp_qs.values("pk")[:1]),
            skp_status=Subquery(skp_qs.values("status")[:1]),
            jumlah_indikator=Coalesce(Subquery(indikator_qs[:1], output_field=IntegerField()), Value(0)),
            jumlah_realisasi=Coalesce(Subquery(realisasi_count[:1], output_field=IntegerField()), Value(0)),
        )
        .order_by("pegawai__nama", "pk")
    )


# ---------------------------------------------------------------------------------------------
# Evaluations


def evaluasi_list_for_pegawai(pegawai: Pegawai) -> QuerySet[EvaluasiKinerja]:
    """A pegawai's evaluations across periods, newest year first, the annual one last in its year."""
    return (
        EvaluasiKinerja.objects.filter(pegawai=pegawai)
        .select_related("periode", "pejabat_penilai")
        .prefetch_related(Prefetch("keberatan", queryset=Keberatan.objects.order_by("-created_at")))
        .order_by("-periode__tahun", "periode__tanggal_selesai", "periode__tanggal_mulai")
    )


def evaluasi_list_for_user(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[EvaluasiKinerja]:
    """API list: my rows and the ones I rate; BKD every row of the instansi."""
    filters = filters or {}
    if can_edit_instansi(user):
        q = instansi_q(user, "periode__instansi_id")
    else:
        me = pegawai_of_user(user)
        if me is None:
            return EvaluasiKinerja.objects.none()
        q = Q(pegawai_id=me.pk) | Q(pejabat_penilai_id=me.pk)
    qs = EvaluasiKinerja.objects.filter(q).select_related("periode", "pegawai", "pejabat_penilai")
    if filters.get("periode"):
        qs = qs.filter(periode_id=filters["periode"])
    if filters.get("pegawai"):
        qs = qs.filter(pegawai_id=filters["pegawai"])
    return qs.order_by("-periode__tahun", "periode__tanggal_selesai", "pegawai__nama", "pk")


@dataclass
class Penjelasan:
    """The explanation of a score: its components and the capaian per indikator."""

    nilai_akhir: Decimal | None
    bobot_dipakai: Decimal | None
    komponen: list[dict[str, Any]]
    capaian: list[dict[str, Any]]
    langsung: bool  # True: computed now from the realisasi (the cycle has not run yet)


def _dec(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def _capaian_langsung(evaluasi: EvaluasiKinerja) -> list[dict[str, Any]]:
    """Capaian per indikator from the stored realisasi: of the row's period, or for the annual
    row the realisasi of the latest period of the year that has one."""
    skp = evaluasi.skp or SKP.objects.filter(pegawai_id=evaluasi.pegawai_id, tahun=evaluasi.periode.tahun).first()
    if skp is None:
        return []
    qs = Realisasi.objects.filter(indikator__rhk__skp=skp).select_related("indikator", "periode")
    if evaluasi.periode.is_tahunan:
        qs = qs.filter(periode__tahun=evaluasi.periode.tahun).order_by("indikator_id", "periode__tanggal_mulai")
    else:
        qs = qs.filter(periode_id=evaluasi.periode_id).order_by("indikator_id")
    terakhir: dict[int, Realisasi] = {}
    for rea in qs:
        terakhir[rea.indikator_id] = rea
    indikator = IndikatorKinerja.objects.filter(rhk__skp=skp).order_by("rhk__jenis", "rhk__urutan", "urutan", "id")
    rows = []
    for i in indikator:
        r: Realisasi | None = terakhir.get(i.pk)
        realisasi: Any = None
        if r is not None:
            realisasi = r.nilai if i.jenis == rules.JenisIndikator.KUANTITATIF else r.nilai_kualitatif
        rows.append(
            {
                "indikator_id": i.pk,
                "uraian": i.uraian,
                "target": i.target if i.jenis == rules.JenisIndikator.KUANTITATIF else i.target_kualitatif,
                "realisasi": realisasi,
                "arah": i.arah if i.jenis == rules.JenisIndikator.KUANTITATIF else "",
                "capaian": r.capaian if r is not None else None,
            }
        )
    return rows


KOMPONEN_LABEL = {
    "hasil_kerja": _("Hasil kerja"),
    "perilaku": _("Perilaku kerja (umpan balik 360)"),
    "ikm": _("IKM unit layanan"),
}


def skor_penjelasan(evaluasi: EvaluasiKinerja, *, dengan_capaian: bool = True) -> Penjelasan:
    """Rows to show how the numeric score was made: the components the cycle stored in
    ``evaluasi.komponen``; the capaian per indikator as the cycle computed it, or, before the
    cycle has run, live from the realisasi (marked as provisional)."""
    data = evaluasi.komponen or {}
    komponen = [
        {
            "nama": k.get("nama", ""),
            "label": KOMPONEN_LABEL.get(k.get("nama", ""), k.get("nama", "")),
            "nilai": _dec(k.get("nilai")),
            "bobot": _dec(k.get("bobot")),
            "sumber": k.get("sumber", ""),
            "dipakai": bool(k.get("dipakai")),
        }
        for k in data.get("komponen", [])
    ]
    dihitung = data.get("capaian_indikator")
    if dihitung is not None and dengan_capaian:
        # the cycle stored the capaian per indikator id; the texts and values come from the plan
        nilai = {c.get("indikator"): _dec(c.get("capaian")) for c in dihitung}
        capaian = [{**row, "capaian": nilai.get(row["indikator_id"])} for row in _capaian_langsung(evaluasi)]
        langsung = False
    else:
        capaian = _capaian_langsung(evaluasi) if dengan_capaian else []
        langsung = True
    return Penjelasan(
        nilai_akhir=_dec(data.get("nilai_akhir")),
        bobot_dipakai=_dec(data.get("bobot_dipakai")),
        komponen=komponen,
        capaian=capaian,
        langsung=langsung,
    )


# ---------------------------------------------------------------------------------------------
# Objections


def keberatan_terbuka_for_user(user: User) -> QuerySet[Keberatan]:
    """Open objections the user decides: as atasan pejabat penilai, or every one of the
    instansi for BKD."""
    if can_edit_instansi(user):
        q = instansi_q(user, "evaluasi__periode__instansi_id")
    else:
        me = pegawai_of_user(user)
        if me is None:
            return Keberatan.objects.none()
        q = Q(evaluasi__atasan_pejabat_penilai_id=me.pk)
    return (
        Keberatan.objects.filter(q, status=Keberatan.Status.DIAJUKAN)
        .select_related("evaluasi", "evaluasi__pegawai", "evaluasi__periode", "evaluasi__pejabat_penilai")
        .order_by("created_at", "pk")
    )


# ---------------------------------------------------------------------------------------------
# Access helpers


def pegawai_required(user: User) -> Pegawai:
    """Pages of one's own appraisal need a pegawai record; an account without one gets 404."""
    me = pegawai_of_user(user)
    if me is None:
        raise Http404
    return me


def realisasi_get_for_owner(*, user: User, realisasi_id: Any) -> Realisasi:
    me = pegawai_of_user(user)
    obj = (
        Realisasi.objects.filter(pk=id_or_404(realisasi_id), indikator__rhk__skp__pegawai=me)
        .select_related("indikator", "indikator__rhk", "indikator__rhk__skp", "periode")
        .first()
        if me is not None
        else None
    )
    if obj is None:
        raise Http404
    return obj


def indikator_get_for_owner(*, user: User, indikator_id: Any) -> IndikatorKinerja:
    me = pegawai_of_user(user)
    obj = (
        IndikatorKinerja.objects.filter(pk=id_or_404(indikator_id), rhk__skp__pegawai=me)
        .select_related("rhk", "rhk__skp")
        .first()
        if me is not None
        else None
    )
    if obj is None:
        raise Http404
    return obj


def bukti_get_for_user(*, user: User, bukti_id: Any) -> BuktiDukung:
    """Evidence of an SKP the user may see, or 404."""
    obj = (
        BuktiDukung.objects.filter(
            pk=id_or_404(bukti_id), realisasi__indikator__rhk__skp__in=SKP.objects.filter(skp_visible_q(user))
        )
        .select_related("realisasi", "realisasi__periode", "realisasi__indikator__rhk__skp")
        .first()
    )
    if obj is None:
        raise Http404
    return obj


def rhk_get_for_user(*, user: User, rhk_id: Any) -> RencanaHasilKerja:
    obj = (
        RencanaHasilKerja.objects.filter(pk=id_or_404(rhk_id), skp__in=SKP.objects.filter(skp_visible_q(user)))
        .select_related("skp", "skp__pegawai", "skp__pejabat_penilai")
        .first()
    )
    if obj is None:
        raise Http404
    return obj


def keberatan_get_for_user(*, user: User, keberatan_id: Any) -> Keberatan:
    obj = (
        Keberatan.objects.filter(
            pk=id_or_404(keberatan_id), evaluasi__in=EvaluasiKinerja.objects.filter(evaluasi_visible_q(user))
        )
        .select_related("evaluasi", "evaluasi__periode", "evaluasi__pegawai")
        .first()
    )
    if obj is None:
        raise Http404
    return obj
