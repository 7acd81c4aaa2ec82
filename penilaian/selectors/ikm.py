"""Reading IKM: who sees which unit layanan, the results per period, the trend, the complaints.

Who sees what: BKD and pimpinan every unit layanan of their instansi; the kepala of a unit the unit
layanan in their own unit's subtree (the kepala of a puskesmas their puskesmas, a kepala dinas the
units under the dinas). A follow-up to a complaint is written by BKD or the kepala of that unit.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from pegawai.models import Instansi, UnitKerja, User
from pegawai.permissions import can_edit_instansi, can_read_instansi, id_or_404, instansi_q, pegawai_of_user
from penilaian.models import HasilIKM, Periode, ResponsSurvei, TautanSurvei
from penilaian.rules import JenisPeriode
from penilaian.selectors.periode import periode_current

# ---------------------------------------------------------------------------------------------
# Access


def kepala_unit_of(user: User) -> UnitKerja | None:
    """The unit the user leads (holder of its is_kepala_unit jabatan), cached on the user."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_ikm_kepala_unit"):
        me = pegawai_of_user(user)
        unit = None
        if me is not None and me.jabatan is not None and me.jabatan.is_kepala_unit:
            unit = UnitKerja.objects.filter(pk=me.jabatan.unit_kerja_id).first()
        user._ikm_kepala_unit = unit  # type: ignore[attr-defined]
    return user._ikm_kepala_unit  # type: ignore[attr-defined]


def unit_layanan_visible_q(user: User) -> Q:
    """The unit layanan whose IKM and complaints the user may see."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if can_read_instansi(user):
        return instansi_q(user) & Q(is_unit_layanan=True)
    unit = kepala_unit_of(user)
    if unit is None:
        return Q(pk__in=[])
    return Q(instansi_id=unit.instansi_id, path__startswith=unit.path, is_unit_layanan=True)


def unit_layanan_list_for_user(user: User) -> QuerySet[UnitKerja]:
    return UnitKerja.objects.filter(unit_layanan_visible_q(user)).order_by("path")


def ikm_require_reader(user: User) -> None:
    """The IKM pages are for BKD, pimpinan and the kepala of a unit layanan: 404 for the rest."""
    if can_read_instansi(user):
        return
    if kepala_unit_of(user) is None or not UnitKerja.objects.filter(unit_layanan_visible_q(user)).exists():
        raise Http404


def instansi_of(user: User) -> Instansi | None:
    if user.instansi_id:
        return user.instansi
    me = pegawai_of_user(user)
    return me.instansi if me is not None else None


def unit_layanan_get_for_user(*, user: User, unit_id: Any) -> UnitKerja:
    unit = (
        UnitKerja.objects.filter(unit_layanan_visible_q(user), pk=id_or_404(unit_id)).select_related("instansi").first()
    )
    if unit is None:
        raise Http404
    return unit


def can_tindak_lanjut(user: User, unit: UnitKerja) -> bool:
    """BKD of the unit's instansi, or the kepala of the unit itself."""
    if can_edit_instansi(user) and (
        user.instansi_id == unit.instansi_id or (user.is_superuser and not user.instansi_id)
    ):
        return True
    kepala = kepala_unit_of(user)
    return kepala is not None and kepala.pk == unit.pk


def tautan_get_for_user(*, user: User, tautan_id: Any) -> TautanSurvei:
    """A survey link, for BKD of its instansi only (404 for everyone else)."""
    if not can_edit_instansi(user):
        raise Http404
    tautan = (
        TautanSurvei.objects.filter(instansi_q(user, "unit_kerja__instansi_id"), pk=id_or_404(tautan_id))
        .select_related("unit_kerja")
        .first()
    )
    if tautan is None:
        raise Http404
    return tautan


def pengaduan_get_for_user(*, user: User, respons_id: Any) -> ResponsSurvei:
    """A complaint the user may see (404 otherwise); writing needs ``can_tindak_lanjut``."""
    respons = (
        ResponsSurvei.objects.filter(pk=id_or_404(respons_id))
        .exclude(saran="")
        .filter(unit_kerja__in=UnitKerja.objects.filter(unit_layanan_visible_q(user)))
        .select_related("unit_kerja", "periode")
        .first()
    )
    if respons is None:
        raise Http404
    return respons


# ---------------------------------------------------------------------------------------------
# Periods


def periode_pilihan(
    *, instansi: Instansi | None, periode_id: Any = None, on: datetime.date | None = None
) -> Periode | None:
    """The period asked for (404 if it is not the instansi's), else the current periodic one, else
    the latest one that has started."""
    if instansi is None:
        if periode_id not in (None, ""):
            raise Http404
        return None
    if periode_id not in (None, ""):
        periode = Periode.objects.filter(instansi=instansi, pk=id_or_404(periode_id)).first()
        if periode is None:
            raise Http404
        return periode
    current = periode_current(instansi=instansi, on=on)
    if current is not None:
        return current
    return (
        Periode.objects.filter(instansi=instansi).exclude(jenis=JenisPeriode.TAHUNAN).order_by("-tanggal_mulai").first()
    )


def respons_periode_q(periode: Periode, prefix: str = "") -> Q:
    """The answers that count for a period: those stored with it (for the annual period, those of
    every periodic period of the year), and those stored when no period existed, by their date."""
    if periode.jenis == JenisPeriode.TAHUNAN:
        q = Q(**{f"{prefix}periode__instansi_id": periode.instansi_id, f"{prefix}periode__tahun": periode.tahun})
    else:
        q = Q(**{f"{prefix}periode_id": periode.pk})
    return q | Q(
        **{
            f"{prefix}periode__isnull": True,
            f"{prefix}unit_kerja__instansi_id": periode.instansi_id,
            f"{prefix}created_at__date__gte": periode.tanggal_mulai,
            f"{prefix}created_at__date__lte": periode.tanggal_selesai,
        }
    )


# ---------------------------------------------------------------------------------------------
# Results


def ikm_unit_map(*, periode: Periode) -> dict[int, Decimal]:
    """The published IKM per unit_kerja id for a period (one query): what the appraisal uses."""
    return dict(
        HasilIKM.objects.filter(periode=periode, dipublikasikan=True).order_by().values_list("unit_kerja_id", "ikm")
    )


def hasil_ikm_list_for_user(user: User, periode: Periode | None) -> QuerySet[UnitKerja]:
    """Every unit layanan the user may see, with the period's result when there is one
    (``hasil_ikm``, ``hasil_mutu``, ``hasil_responden``, ``hasil_terbit``, ``hasil_id``) and the
    answers received so far (``respons_masuk``): one query."""
    qs = UnitKerja.objects.filter(unit_layanan_visible_q(user)).select_related("tautan_survei").order_by("path")
    if periode is None:
        return qs.none()
    hasil = HasilIKM.objects.filter(periode=periode, unit_kerja=OuterRef("pk"))
    masuk = (
        ResponsSurvei.objects.filter(respons_periode_q(periode), unit_kerja=OuterRef("pk"))
        .order_by()
        .values("unit_kerja")
        .annotate(n=Count("id"))
        .values("n")
    )
    return qs.annotate(
        hasil_id=Subquery(hasil.values("pk")[:1]),
        hasil_ikm=Subquery(hasil.values("ikm")[:1]),
        hasil_mutu=Subquery(hasil.values("mutu")[:1]),
        hasil_responden=Subquery(hasil.values("responden")[:1]),
        hasil_terbit=Subquery(hasil.values("dipublikasikan")[:1]),
        respons_masuk=Coalesce(Subquery(masuk, output_field=IntegerField()), Value(0)),
    )


def hasil_ikm_get(*, unit: UnitKerja, periode: Periode | None) -> HasilIKM | None:
    if periode is None:
        return None
    return HasilIKM.objects.filter(unit_kerja=unit, periode=periode).select_related("periode").first()


def ikm_tren(unit: UnitKerja, n_periode: int = 8) -> list[HasilIKM]:
    """The unit's results over its last ``n_periode`` periodic periods, oldest first (one query)."""
    rows = list(
        HasilIKM.objects.filter(unit_kerja=unit)
        .exclude(periode__jenis=JenisPeriode.TAHUNAN)
        .select_related("periode")
        .order_by("-periode__tanggal_mulai")[:n_periode]
    )
    rows.reverse()
    return rows


def pengaduan_list_for_user(user: User, filters: dict[str, Any] | None = None) -> QuerySet[ResponsSurvei]:
    """Complaints and suggestions of the unit layanan the user may see, newest first.
    Filters: ``unit_kerja`` (id), ``periode`` (a Periode), ``status`` ("baru" or "ditindaklanjuti"),
    ``q`` (text in the complaint)."""
    filters = filters or {}
    qs = (
        ResponsSurvei.objects.exclude(saran="")
        .filter(unit_kerja__in=UnitKerja.objects.filter(unit_layanan_visible_q(user)))
        .select_related("unit_kerja", "periode")
        .order_by("-created_at", "-pk")
    )
    if filters.get("unit_kerja"):
        qs = qs.filter(unit_kerja_id=filters["unit_kerja"])
    if filters.get("periode") is not None:
        qs = qs.filter(respons_periode_q(filters["periode"]))
    if filters.get("status") == "baru":
        qs = qs.filter(ditindaklanjuti_pada__isnull=True)
    elif filters.get("status") == "ditindaklanjuti":
        qs = qs.filter(ditindaklanjuti_pada__isnull=False)
    if filters.get("q"):
        qs = qs.filter(saran__icontains=filters["q"])
    return qs


def tautan_list_for_user(user: User) -> QuerySet[UnitKerja]:
    """Every unit layanan of the BKD officer's instansi with its link (if any)."""
    if not can_edit_instansi(user):
        return UnitKerja.objects.none()
    return (
        UnitKerja.objects.filter(instansi_q(user), is_unit_layanan=True)
        .select_related("tautan_survei")
        .order_by("path")
    )
