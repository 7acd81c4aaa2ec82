"""Reads of the kompetensi area: the catalogue, the standar kompetensi of a jabatan, assessments
and the JPM of a pegawai, each scoped to the acting user.

Access: every user of an instansi reads the catalogue and the standards; BKD and pimpinan read
every assessment and JPM of their instansi; an atasan those of their direct subordinates; a
pegawai their own. Only BKD writes (403 for readers, 404 for what the user may not see)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Least, Round
from django.http import Http404

from common.policies import Kebijakan
from pegawai.models import Jabatan, Pegawai, User
from pegawai.permissions import can_edit_instansi, can_read_instansi, id_or_404, instansi_q, pegawai_of_user
from pegawai.selectors import PILIHAN_BATAS, jabatan_pilihan_qs, jabatan_pilihan_text, kebijakan_get
from penilaian.models import Asesmen, HasilAsesmenKompetensi, Kompetensi, StandarKompetensi
from penilaian.rules import HasilJPM, KategoriJPM, KategoriSeleksi, jpm, kategori_jpm, kategori_seleksi
from penilaian.selectors.kompetensi_dasar import level_kompetensi_map, standar_map

# ---------------------------------------------------------------------------------------------
# Catalogue


def kompetensi_list_for_user(*, user: User, aktif_saja: bool = False) -> QuerySet[Kompetensi]:
    """National kompetensi and the teknis ones of the user's instansi (nothing for anonymous)."""
    if not user.is_authenticated:
        return Kompetensi.objects.none()
    qs = Kompetensi.objects.filter(Q(instansi__isnull=True) | instansi_q(user))
    if aktif_saja:
        qs = qs.filter(is_active=True)
    return qs.order_by("jenis", "kode")


def kompetensi_get_for_user(*, user: User, kompetensi_id: Any, rw: bool = False) -> Kompetensi:
    """A kompetensi the user may see (404 otherwise); with ``rw``, 403 for national rows and for
    anyone but BKD."""
    obj = kompetensi_list_for_user(user=user).filter(pk=id_or_404(kompetensi_id)).first()
    if obj is None:
        raise Http404
    if rw and (obj.instansi_id is None or not can_edit_instansi(user)):
        raise PermissionDenied
    return obj


# ---------------------------------------------------------------------------------------------
# Standar kompetensi


def standar_list(*, jabatan: Jabatan) -> QuerySet[StandarKompetensi]:
    return (
        StandarKompetensi.objects.filter(jabatan=jabatan)
        .select_related("kompetensi")
        .order_by("kompetensi__jenis", "kompetensi__kode")
    )


def standar_map_of(jabatan: Jabatan) -> dict[int, int]:
    """kompetensi id → required level of one jabatan."""
    return standar_map([jabatan.pk]).get(jabatan.pk, {})


def jabatan_list_for_user(*, user: User) -> QuerySet[Jabatan]:
    """Jabatan of the user's instansi, with the number of kompetensi in their standard."""
    return (
        Jabatan.objects.filter(instansi_q(user))
        .select_related("unit_kerja")
        .annotate(jumlah_standar=Count("standar_kompetensi"))
        .order_by("unit_kerja__path", "nama")
    )


def jabatan_standar_get_for_user(*, user: User, jabatan_id: Any, rw: bool = False) -> Jabatan:
    """A jabatan of the user's instansi whose standard the user may read (BKD and pimpinan) or,
    with ``rw``, change (BKD; 403 for pimpinan)."""
    if not can_read_instansi(user):
        raise Http404
    obj = Jabatan.objects.filter(instansi_q(user), pk=id_or_404(jabatan_id)).select_related("unit_kerja").first()
    if obj is None:
        raise Http404
    if rw and not can_edit_instansi(user):
        raise PermissionDenied
    return obj


# ---------------------------------------------------------------------------------------------
# Whose assessments a user sees


def jabatan_sasaran_pilihan(*, user: User, q: str = "") -> list[dict[str, Any]]:
    """At most PILIHAN_BATAS jabatan of the user's instansi that have a standar kompetensi and
    whose name contains ``q``, in tree order. One query."""
    punya_standar = Exists(StandarKompetensi.objects.filter(jabatan_id=OuterRef("pk")))
    qs = jabatan_pilihan_qs().filter(instansi_q(user), punya_standar)
    if q.strip():
        qs = qs.filter(nama__icontains=q.strip())
    qs = qs.order_by("unit_kerja__path", "nama", "id")
    return [{"value": j.pk, "text": jabatan_pilihan_text(j)} for j in qs[:PILIHAN_BATAS]]


def pegawai_kompetensi_q(user: User, field: str = "") -> Q:
    """Pegawai whose assessments and JPM the user may see: BKD and pimpinan every pegawai of their
    instansi; anyone else themself and their direct subordinates. ``field`` prefixes the lookups
    (``"pegawai__"`` for assessments)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if can_read_instansi(user):
        return instansi_q(user, f"{field}instansi_id")
    me = pegawai_of_user(user)
    if me is None:
        return Q(pk__in=[])
    return Q(**{f"{field}pk": me.pk}) | Q(**{f"{field}atasan_id": me.pk})


def pegawai_kompetensi_get_for_user(*, user: User, pegawai_id: Any) -> Pegawai:
    obj = (
        Pegawai.objects.filter(pegawai_kompetensi_q(user), pk=id_or_404(pegawai_id))
        .select_related("instansi", "jabatan", "unit_kerja", "golongan")
        .first()
    )
    if obj is None:
        raise Http404
    return obj


def asesmen_list_for_user(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Asesmen]:
    """Assessments the user may see, newest first, with the pegawai, unit and number of kompetensi
    rated. Filters: ``unit_kerja`` (id, the pegawai's unit), ``metode``, ``tahun``, ``q`` (name or
    NIP), ``pegawai`` (id)."""
    filters = filters or {}
    qs = Asesmen.objects.filter(pegawai_kompetensi_q(user, "pegawai__"))
    if filters.get("unit_kerja"):
        qs = qs.filter(pegawai__unit_kerja_id=filters["unit_kerja"])
    if filters.get("metode"):
        qs = qs.filter(metode=filters["metode"])
    if filters.get("tahun"):
        qs = qs.filter(tanggal__year=filters["tahun"])
    if filters.get("pegawai"):
        qs = qs.filter(pegawai_id=filters["pegawai"])
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(Q(pegawai__nama__icontains=q) | Q(pegawai__nip__startswith=q))
    return (
        qs.select_related("pegawai", "pegawai__unit_kerja", "pegawai__jabatan")
        .annotate(jumlah_kompetensi=Count("hasil"))
        .order_by("-tanggal", "-id")
    )


def asesmen_get_for_user(*, user: User, asesmen_id: Any, rw: bool = False) -> Asesmen:
    obj = (
        Asesmen.objects.filter(pegawai_kompetensi_q(user, "pegawai__"), pk=id_or_404(asesmen_id))
        .select_related("pegawai", "pegawai__unit_kerja", "pegawai__jabatan", "dicatat_oleh")
        .first()
    )
    if obj is None:
        raise Http404
    if rw and not can_edit_instansi(user):
        raise PermissionDenied
    return obj


def asesmen_hasil_list(*, asesmen: Asesmen) -> QuerySet[HasilAsesmenKompetensi]:
    return (
        HasilAsesmenKompetensi.objects.filter(asesmen=asesmen)
        .select_related("kompetensi")
        .order_by("kompetensi__jenis", "kompetensi__kode")
    )


# ---------------------------------------------------------------------------------------------
# JPM


@dataclass(frozen=True)
class BarisKesenjangan:
    kompetensi: Kompetensi
    dibutuhkan: int
    dicapai: int | None
    gap: int


@dataclass(frozen=True)
class JPMPegawai:
    """The JPM of a pegawai against one jabatan: the rule's result (None when the jabatan has no
    standard), and the mapping category (current jabatan) or the selection category (another)."""

    pegawai: Pegawai
    jabatan: Jabatan | None
    jabatan_sekarang: bool
    hasil: HasilJPM | None
    kategori: str | None
    kategori_label: str

    @property
    def persen(self) -> Decimal | None:
        return self.hasil.persen if self.hasil else None


def _kategori(persen: Decimal, *, jabatan_sekarang: bool, kebijakan: Kebijakan) -> KategoriJPM | KategoriSeleksi:
    if jabatan_sekarang:
        return kategori_jpm(
            persen, optimal=kebijakan.jpm_optimal_minimal, cukup_optimal=kebijakan.jpm_cukup_optimal_minimal
        )
    return kategori_seleksi(
        persen,
        memenuhi=kebijakan.jpm_memenuhi_syarat_minimal,
        masih_memenuhi=kebijakan.jpm_masih_memenuhi_syarat_minimal,
    )


def jpm_pegawai(
    *,
    pegawai: Pegawai,
    jabatan: Jabatan | None = None,
    kebijakan: Kebijakan | None = None,
    levels: dict[int, int] | None = None,
) -> JPMPegawai:
    """JPM of ``pegawai`` against ``jabatan`` (default: their current jabatan) from their latest
    assessed level per kompetensi. Against the current jabatan the category is the mapping one
    (Optimal / Cukup Optimal / Kurang Optimal), against another the selection one (Memenuhi Syarat
    / Masih / Kurang), both with the instansi's policy thresholds. ``levels`` (kompetensi id →
    level) may be passed when already read."""
    sasaran = jabatan if jabatan is not None else pegawai.jabatan
    sekarang = sasaran is not None and sasaran.pk == pegawai.jabatan_id
    if sasaran is None:
        return JPMPegawai(pegawai, None, False, None, None, "")
    if levels is None:
        levels = {k: lv for k, (lv, _t) in level_kompetensi_map([pegawai.pk]).get(pegawai.pk, {}).items()}
    hasil = jpm(standar_map([sasaran.pk]).get(sasaran.pk, {}), levels)
    if hasil is None:
        return JPMPegawai(pegawai, sasaran, sekarang, None, None, "")
    kebijakan = kebijakan or kebijakan_get(instansi=pegawai.instansi)
    kategori = _kategori(hasil.persen, jabatan_sekarang=sekarang, kebijakan=kebijakan)
    return JPMPegawai(pegawai, sasaran, sekarang, hasil, kategori.value, str(kategori.label))


@dataclass(frozen=True)
class ProfilKompetensi:
    """What the "kompetensi" pages of a pegawai show: the levels with their assessment date, and
    the JPM with its gap table against the current jabatan and, optionally, another one."""

    pegawai: Pegawai
    levels: list[tuple[Kompetensi, int, datetime.date]]
    jpm_sekarang: JPMPegawai
    kesenjangan_sekarang: list[BarisKesenjangan]
    jpm_sasaran: JPMPegawai | None
    kesenjangan_sasaran: list[BarisKesenjangan]


def _baris(hasil: HasilJPM | None, katalog: dict[int, Kompetensi]) -> list[BarisKesenjangan]:
    if hasil is None:
        return []
    rows = [BarisKesenjangan(katalog[k.kompetensi_id], k.dibutuhkan, k.dicapai, k.gap) for k in hasil.kesenjangan]
    return sorted(rows, key=lambda r: (r.kompetensi.jenis, r.kompetensi.kode))


def profil_kompetensi(*, pegawai: Pegawai, jabatan: Jabatan | None = None) -> ProfilKompetensi:
    """The levels and JPM of one pegawai; ``jabatan`` is a target jabatan to compare with."""
    tercatat = level_kompetensi_map([pegawai.pk]).get(pegawai.pk, {})
    levels = {k: lv for k, (lv, _t) in tercatat.items()}
    kebijakan = kebijakan_get(instansi=pegawai.instansi)
    sekarang = jpm_pegawai(pegawai=pegawai, kebijakan=kebijakan, levels=levels)
    sasaran = None
    if jabatan is not None and jabatan.pk != pegawai.jabatan_id:
        sasaran = jpm_pegawai(pegawai=pegawai, jabatan=jabatan, kebijakan=kebijakan, levels=levels)
    ids = set(tercatat)
    for j in (sekarang, sasaran):
        if j is not None and j.hasil is not None:
            ids.update(k.kompetensi_id for k in j.hasil.kesenjangan)
    katalog = Kompetensi.objects.in_bulk(ids)
    daftar = sorted(((katalog[k], lv, t) for k, (lv, t) in tercatat.items()), key=lambda r: (r[0].jenis, r[0].kode))
    return ProfilKompetensi(
        pegawai=pegawai,
        levels=daftar,
        jpm_sekarang=sekarang,
        kesenjangan_sekarang=_baris(sekarang.hasil, katalog),
        jpm_sasaran=sasaran,
        kesenjangan_sasaran=_baris(sasaran.hasil if sasaran else None, katalog),
    )


def _jpm_annotate(qs: QuerySet[Pegawai]) -> QuerySet[Pegawai]:
    """Σ required and Σ min(latest achieved, required) of each pegawai's current jabatan, and the
    JPM % rounded to two decimals as the rule rounds it (so the category filter and counts match)."""
    capai = (
        HasilAsesmenKompetensi.objects.filter(
            asesmen__pegawai_id=OuterRef(OuterRef("pk")), kompetensi_id=OuterRef("kompetensi_id")
        )
        .order_by("-asesmen__tanggal", "-asesmen_id")
        .values("level")[:1]
    )
    standar = StandarKompetensi.objects.filter(jabatan_id=OuterRef("jabatan_id")).order_by().values("jabatan_id")
    dibutuhkan = standar.annotate(s=Sum("level")).values("s")
    dicapai = standar.annotate(
        s=Sum(
            Least(
                Coalesce(Subquery(capai, output_field=IntegerField()), Value(0)),
                F("level"),
                output_field=IntegerField(),
            )
        )
    ).values("s")
    desimal = DecimalField(max_digits=12, decimal_places=4)
    return qs.annotate(
        jpm_dibutuhkan=Subquery(dibutuhkan, output_field=IntegerField()),
        jpm_dicapai=Coalesce(Subquery(dicapai, output_field=IntegerField()), Value(0)),
    ).annotate(
        jpm_persen=Round(
            ExpressionWrapper(
                Cast(F("jpm_dicapai"), desimal) * Value(Decimal(100)) / Cast(F("jpm_dibutuhkan"), desimal),
                output_field=desimal,
            ),
            2,
        )
    )


def _kategori_q(kategori: str, kebijakan: Kebijakan) -> Q:
    optimal, cukup = kebijakan.jpm_optimal_minimal, kebijakan.jpm_cukup_optimal_minimal
    if kategori == KategoriJPM.OPTIMAL:
        return Q(jpm_persen__gte=optimal)
    if kategori == KategoriJPM.CUKUP_OPTIMAL:
        return Q(jpm_persen__gte=cukup, jpm_persen__lt=optimal)
    if kategori == KategoriJPM.KURANG_OPTIMAL:
        return Q(jpm_persen__lt=cukup)
    return Q(jpm_persen__isnull=True)  # "tanpa_standar": no standard for the jabatan (or no jabatan)


TANPA_STANDAR = "tanpa_standar"


def jpm_list_for_user(*, user: User, kebijakan: Kebijakan, filters: dict[str, Any] | None = None) -> QuerySet[Pegawai]:
    """Active pegawai of the user's instansi (BKD and pimpinan) with ``jpm_persen`` against their
    current jabatan. Filters: ``unit_kerja`` (id), ``jenis_jabatan``, ``kategori`` (a KategoriJPM
    value or "tanpa_standar"), ``q`` (name or NIP)."""
    if not can_read_instansi(user):
        return Pegawai.objects.none()
    filters = filters or {}
    qs = Pegawai.objects.filter(instansi_q(user), status=Pegawai.Status.AKTIF)
    if filters.get("unit_kerja"):
        qs = qs.filter(unit_kerja_id=filters["unit_kerja"])
    if filters.get("jenis_jabatan"):
        qs = qs.filter(jabatan__jenis=filters["jenis_jabatan"])
    if filters.get("q"):
        qs = qs.filter(Q(nama__icontains=filters["q"]) | Q(nip__startswith=filters["q"]))
    qs = _jpm_annotate(qs)
    if filters.get("kategori"):
        qs = qs.filter(_kategori_q(filters["kategori"], kebijakan))
    return qs.select_related("jabatan", "unit_kerja").order_by("unit_kerja__path", "nama", "id")


def jpm_jumlah_per_kategori(qs: QuerySet[Pegawai], kebijakan: Kebijakan) -> dict[str, int]:
    """Pegawai per mapping category (and without a standard) of an annotated JPM list, one query."""
    kunci = [*KategoriJPM.values, TANPA_STANDAR]
    hasil = qs.order_by().aggregate(**{k: Count("pk", filter=_kategori_q(k, kebijakan)) for k in kunci})
    return {k: hasil[k] for k in kunci}


@dataclass(frozen=True)
class BarisJPM:
    pegawai: Pegawai
    jpm: JPMPegawai
    jumlah_gap: int


def jpm_rows(pegawai: list[Pegawai], kebijakan: Kebijakan) -> list[BarisJPM]:
    """The JPM of each pegawai of a page against their current jabatan, from the set-based maps
    (two queries whatever the page size)."""
    levels = level_kompetensi_map(p.pk for p in pegawai)
    standar_ids = {p.jabatan_id for p in pegawai if p.jabatan_id}
    standar = standar_map(j for j in standar_ids if j is not None)
    rows = []
    for p in pegawai:
        dicapai = {k: lv for k, (lv, _t) in levels.get(p.pk, {}).items()}
        hasil = jpm(standar.get(p.jabatan_id, {}), dicapai) if p.jabatan_id else None
        if hasil is None:
            j = JPMPegawai(p, p.jabatan, p.jabatan_id is not None, None, None, "")
        else:
            kat = _kategori(hasil.persen, jabatan_sekarang=True, kebijakan=kebijakan)
            j = JPMPegawai(p, p.jabatan, True, hasil, kat.value, str(kat.label))
        rows.append(BarisJPM(p, j, len(hasil.terbuka) if hasil else 0))
    return rows
