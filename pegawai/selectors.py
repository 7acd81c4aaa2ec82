"""Reads. Every list is scoped to the acting user and carries its joins."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from common.policies import Kebijakan

from .filters import JabatanFilter, PegawaiFilter
from .models import (
    Golongan,
    HukumanDisiplin,
    Instansi,
    Jabatan,
    Pegawai,
    RiwayatCLTN,
    RiwayatJabatan,
    RiwayatPangkat,
    RiwayatPendidikan,
    UnitKerja,
    User,
)
from .permissions import instansi_q, pegawai_of_user, pegawai_visible_q
from .rules import MasaKerja, masa_kerja


def today() -> datetime.date:
    return timezone.localdate()


def pegawai_list_for_user(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Pegawai]:
    qs = Pegawai.objects.filter(pegawai_visible_q(user)).select_related("golongan", "jabatan", "unit_kerja")
    if filters:
        qs = PegawaiFilter(filters, queryset=qs).qs
    return qs.order_by("nama", "id")


def pegawai_detail(*, pegawai: Pegawai) -> dict[str, Any]:
    """Everything the profile page shows, in a fixed number of queries."""
    on = today()
    return {
        "riwayat_pangkat": list(
            RiwayatPangkat.objects.filter(pegawai=pegawai).select_related("golongan").order_by("-tmt")
        ),
        "riwayat_jabatan": list(RiwayatJabatan.objects.filter(pegawai=pegawai).order_by("-tmt")),
        "riwayat_pendidikan": list(RiwayatPendidikan.objects.filter(pegawai=pegawai).order_by("-tahun_lulus")),
        "hukuman_disiplin": list(HukumanDisiplin.objects.filter(pegawai=pegawai).order_by("-tmt_mulai")),
        "riwayat_cltn": list(RiwayatCLTN.objects.filter(pegawai=pegawai).order_by("-tmt_mulai")),
        "masa_kerja": masa_kerja_total(pegawai=pegawai, on=on),
        "masa_kerja_golongan": masa_kerja_golongan(pegawai=pegawai, on=on),
        "masa_jabatan": masa_jabatan(pegawai=pegawai, on=on),
        "hukdis_berjalan": hukuman_disiplin_berjalan(pegawai=pegawai, on=on),
    }


def masa_kerja_total(*, pegawai: Pegawai, on: datetime.date | None = None) -> MasaKerja:
    """Service years counted from TMT CPNS/PPPK."""
    return masa_kerja(pegawai.tmt_cpns, on or today())


def masa_kerja_golongan(*, pegawai: Pegawai, on: datetime.date | None = None) -> MasaKerja:
    """Time in the current golongan, counted from its TMT, correct to the day."""
    return masa_kerja(pegawai.tmt_golongan, on or today())


def masa_jabatan(*, pegawai: Pegawai, on: datetime.date | None = None) -> MasaKerja | None:
    """Time in the current jabatan, from its TMT; None without a jabatan."""
    if pegawai.tmt_jabatan is None:
        return None
    return masa_kerja(pegawai.tmt_jabatan, on or today())


def hukuman_disiplin_berjalan(*, pegawai: Pegawai, on: datetime.date | None = None) -> list[HukumanDisiplin]:
    """Penalties running on a date (started, and not yet ended)."""
    on = on or today()
    return list(
        HukumanDisiplin.objects.filter(pegawai=pegawai, tmt_mulai__lte=on).filter(
            Q(tmt_selesai__isnull=True) | Q(tmt_selesai__gte=on)
        )
    )


def pejabat_penilai(*, pegawai: Pegawai) -> Pegawai | None:
    """The appraiser: the stored atasan (jabatan tree, or the explicit override)."""
    return pegawai.atasan


def atasan_pejabat_penilai(*, pegawai: Pegawai) -> Pegawai | None:
    atasan = pegawai.atasan
    return atasan.atasan if atasan is not None else None


def bawahan_langsung(*, pegawai: Pegawai) -> QuerySet[Pegawai]:
    return (
        Pegawai.objects.filter(atasan=pegawai, status=Pegawai.Status.AKTIF)
        .select_related("golongan", "jabatan", "unit_kerja")
        .order_by("nama")
    )


def is_atasan(*, user: User) -> bool:
    """Derived role: holds a jabatan that others (still active) report to."""
    me = pegawai_of_user(user)
    return me is not None and Pegawai.objects.filter(atasan=me, status=Pegawai.Status.AKTIF).exists()


def unit_kerja_list_for_user(*, user: User) -> QuerySet[UnitKerja]:
    """Every unit of the user's instansi in tree order, with ``jumlah_pegawai``: the active pegawai
    placed in the unit itself (not its sub-units)."""
    return (
        UnitKerja.objects.filter(instansi_q(user))
        .annotate(jumlah_pegawai=Count("pegawai", filter=Q(pegawai__status=Pegawai.Status.AKTIF)))
        .order_by("path")
    )


def unit_kerja_choices(*, user: User) -> list[tuple[int, str]]:
    """(id, indented name) for select boxes, in tree order."""
    rows = UnitKerja.objects.filter(instansi_q(user)).order_by("path").values_list("id", "nama", "depth")
    return [(pk, f"{'— ' * depth}{nama}") for pk, nama, depth in rows]


def jabatan_list_for_user(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Jabatan]:
    """Jabatan of the user's instansi with the number of holders and open seats.

    The holder count is a correlated subquery rather than a GROUP BY over every jabatan, so that
    a page of 50 counts the holders of those 50 only (PostgreSQL evaluates it after the LIMIT)
    and the paginator's COUNT(*) does not count holders at all."""
    pemangku_aktif = (
        Pegawai.objects.filter(jabatan=OuterRef("pk"), status=Pegawai.Status.AKTIF)
        .order_by()
        .values("jabatan")
        .annotate(n=Count("id"))
        .values("n")
    )
    qs = (
        Jabatan.objects.filter(instansi_q(user))
        .select_related("unit_kerja", "atasan", "golongan_minimal", "golongan_maksimal")
        .annotate(
            jumlah_pemangku=Coalesce(Subquery(pemangku_aktif, output_field=IntegerField()), Value(0)),
        )
        .annotate(lowongan=F("kebutuhan") - F("jumlah_pemangku"))
    )
    if filters:
        qs = JabatanFilter(filters, queryset=qs).qs
    return qs.order_by("unit_kerja__path", "nama")


def jabatan_choices(*, user: User) -> list[tuple[int, str]]:
    rows = (
        Jabatan.objects.filter(instansi_q(user))
        .order_by("unit_kerja__path", "nama")
        .values_list("id", "nama", "unit_kerja__nama")
    )
    return [(pk, f"{nama} — {unit}") for pk, nama, unit in rows]


def golongan_list(*, jenis_asn: str | None = None) -> QuerySet[Golongan]:
    qs = Golongan.objects.all()
    if jenis_asn:
        qs = qs.filter(jenis_asn=jenis_asn)
    return qs.order_by("jenis_asn", "urutan")


def kebijakan_get(*, instansi: Instansi) -> Kebijakan:
    return instansi.kebijakan


@dataclass(frozen=True)
class RingkasanInstansi:
    jumlah_pegawai: int
    jumlah_pns: int
    jumlah_pppk: int
    jumlah_unit: int
    jumlah_jabatan: int
    jumlah_lowong: int


def ringkasan_instansi(*, user: User) -> RingkasanInstansi:
    """Head counts for the BKD home page, in three aggregate queries."""
    pegawai = Pegawai.objects.filter(instansi_q(user), status=Pegawai.Status.AKTIF).aggregate(
        total=Count("id"),
        pns=Count("id", filter=Q(jenis_asn="PNS")),
        pppk=Count("id", filter=Q(jenis_asn="PPPK")),
    )
    jumlah_unit = UnitKerja.objects.filter(instansi_q(user)).count()
    jabatan = jabatan_list_for_user(user=user)
    jumlah_jabatan = Jabatan.objects.filter(instansi_q(user)).count()
    jumlah_lowong = jabatan.filter(**{"lowongan__gt": 0}).count()
    return RingkasanInstansi(
        jumlah_pegawai=pegawai["total"],
        jumlah_pns=pegawai["pns"],
        jumlah_pppk=pegawai["pppk"],
        jumlah_unit=jumlah_unit,
        jumlah_jabatan=jumlah_jabatan,
        jumlah_lowong=jumlah_lowong,
    )


# ---------------------------------------------------------------------------------------------
# Pages: home charts, unit tree heads, jabatan holders

_URUTAN_RUANG = ("I", "II", "III", "IV")


def sebaran_golongan(*, user: User) -> list[tuple[str, int]]:
    """Active pegawai per golongan group (PNS I–IV, then PPPK), for the home chart.
    One aggregate query; at most 34 small rows are folded into the groups."""
    rows = (
        Pegawai.objects.filter(instansi_q(user), status=Pegawai.Status.AKTIF)
        .values_list("golongan__jenis_asn", "golongan__kode")
        .annotate(jumlah=Count("id"))
        .order_by()
    )
    groups: dict[str, int] = {f"PNS {r}": 0 for r in _URUTAN_RUANG}
    pppk = 0
    for jenis_asn, kode, jumlah in rows:
        if jenis_asn == "PNS":
            key = f"PNS {kode.split('/')[0]}"
            groups[key] = groups.get(key, 0) + jumlah
        else:
            pppk += jumlah
    return [*groups.items(), ("PPPK", pppk)]


def sebaran_jenis_jabatan(*, user: User) -> list[tuple[str, int]]:
    """Active pegawai per jenis jabatan (jenis value or "" without a jabatan), one aggregate query."""
    rows = (
        Pegawai.objects.filter(instansi_q(user), status=Pegawai.Status.AKTIF)
        .values_list("jabatan__jenis")
        .annotate(jumlah=Count("id"))
        .order_by()
    )
    found = {jenis or "": jumlah for jenis, jumlah in rows}
    return [(jenis, found[jenis]) for jenis in [*Jabatan.Jenis.values, ""] if found.get(jenis)]


def unit_kerja_kepala(*, user: User) -> dict[int, Pegawai]:
    """unit id → the active holder of its head jabatan (the longest-serving if several): one query."""
    rows = (
        Pegawai.objects.filter(instansi_q(user), status=Pegawai.Status.AKTIF, jabatan__is_kepala_unit=True)
        .select_related("jabatan")
        .order_by("tmt_jabatan", "id")
    )
    out: dict[int, Pegawai] = {}
    for p in rows:
        jabatan = cast(Jabatan, p.jabatan)  # never None: filtered on jabatan__is_kepala_unit
        out.setdefault(jabatan.unit_kerja_id, p)
    return out


def jabatan_list_with_pemangku_for_user(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Jabatan]:
    """jabatan_list_for_user with the active holders prefetched as ``pemangku_aktif``."""
    from django.db.models import Prefetch

    return jabatan_list_for_user(user=user, filters=filters).prefetch_related(
        Prefetch(
            "pemangku",
            queryset=Pegawai.objects.filter(status=Pegawai.Status.AKTIF).order_by("nama", "id"),
            to_attr="pemangku_aktif",
        )
    )


# ---------------------------------------------------------------------------------------------
# Type-ahead options (pilihan): a few matches as {value, text}, never a whole table

PILIHAN_BATAS = 30


def _pilihan_urutan(q: str, field: str) -> Case:
    """0 for rows whose ``field`` starts with the typed text, 1 for the rest: prefix matches first."""
    return Case(When(**{f"{field}__istartswith": q}, then=Value(0)), default=Value(1), output_field=IntegerField())


def unit_kerja_pilihan_qs() -> QuerySet[UnitKerja]:
    """Units with what their option text needs (the parent's name)."""
    return UnitKerja.objects.select_related("parent").only("id", "nama", "kode", "parent__nama")


def unit_kerja_pilihan_text(unit: UnitKerja) -> str:
    """The option text, e.g. "Seksi Farmasi — Bidang Pelayanan": the parent tells namesakes apart."""
    parent = unit.parent
    return f"{unit.nama} — {parent.nama}" if parent is not None else unit.nama


def unit_kerja_pilihan(*, user: User, q: str = "", kecuali: int | None = None) -> list[dict[str, Any]]:
    """At most PILIHAN_BATAS units of the user's instansi whose name contains ``q`` or whose code
    starts with it; prefix matches first, then higher in the tree. ``kecuali`` leaves out that unit
    and its subtree (a unit cannot move under itself). One query (two with ``kecuali``)."""
    qs = unit_kerja_pilihan_qs().filter(instansi_q(user))
    if kecuali is not None:
        path = UnitKerja.objects.filter(instansi_q(user), pk=kecuali).values_list("path", flat=True).first()
        if path:
            qs = qs.exclude(path__startswith=path)
    q = q.strip()
    if q:
        qs = qs.filter(Q(nama__icontains=q) | Q(kode__istartswith=q)).order_by(
            _pilihan_urutan(q, "nama"), "depth", "nama", "id"
        )
    else:
        qs = qs.order_by("depth", "nama", "id")
    return [{"value": u.pk, "text": unit_kerja_pilihan_text(u)} for u in qs[:PILIHAN_BATAS]]


def jabatan_pilihan_qs() -> QuerySet[Jabatan]:
    """Jabatan with their unit and ``jumlah_pemangku`` (active holders) as a correlated subquery, so
    that a LIMIT counts the holders of the returned rows only."""
    pemangku = (
        Pegawai.objects.filter(jabatan=OuterRef("pk"), status=Pegawai.Status.AKTIF)
        .order_by()
        .values("jabatan")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        Jabatan.objects.select_related("unit_kerja")
        .only("id", "nama", "kebutuhan", "unit_kerja__nama")
        .annotate(jumlah_pemangku=Coalesce(Subquery(pemangku, output_field=IntegerField()), Value(0)))
    )


def jabatan_pilihan_text(jabatan: Jabatan) -> str:
    """The option text, e.g. "Pengadministrasi Umum — Seksi X (lowong 2)": the unit, and the open
    seats when there are any."""
    text = f"{jabatan.nama} — {jabatan.unit_kerja.nama}"
    lowong = jabatan.kebutuhan - getattr(jabatan, "jumlah_pemangku", 0)
    if lowong > 0:
        text += " (" + gettext("lowong %(jumlah)d") % {"jumlah": lowong} + ")"
    return text


def jabatan_pilihan(
    *, user: User, q: str = "", unit_kerja: int | None = None, kecuali: int | None = None
) -> list[dict[str, Any]]:
    """At most PILIHAN_BATAS jabatan of the user's instansi whose name contains ``q``; with
    ``unit_kerja`` only those of that unit and its sub-units (none for a unit the user cannot see);
    ``kecuali`` leaves out that jabatan and everyone reporting to it. Prefix matches first, then in
    tree order. One query (two with ``kecuali``)."""
    qs = jabatan_pilihan_qs().filter(instansi_q(user))
    if unit_kerja is not None:
        path = UnitKerja.objects.filter(instansi_q(user), pk=unit_kerja).values("path")[:1]
        qs = qs.filter(unit_kerja__path__startswith=Subquery(path))
    if kecuali is not None:
        path_jabatan = Jabatan.objects.filter(instansi_q(user), pk=kecuali).values_list("path", flat=True).first()
        if path_jabatan:
            qs = qs.exclude(path__startswith=path_jabatan)
    q = q.strip()
    if q:
        qs = qs.filter(nama__icontains=q).order_by(_pilihan_urutan(q, "nama"), "unit_kerja__path", "nama", "id")
    else:
        qs = qs.order_by("unit_kerja__path", "nama", "id")
    return [{"value": j.pk, "text": jabatan_pilihan_text(j)} for j in qs[:PILIHAN_BATAS]]


def pegawai_pilihan_qs() -> QuerySet[Pegawai]:
    return Pegawai.objects.select_related("jabatan").only(
        "id", "nama", "gelar_depan", "gelar_belakang", "nip", "jabatan__nama"
    )


def pegawai_pilihan_text(pegawai: Pegawai) -> str:
    """The option text, e.g. "Budi Siregar — 198001012005011001 — Kepala Seksi": the NIP tells
    namesakes apart."""
    parts = [pegawai.nama_lengkap, pegawai.nip]
    if pegawai.jabatan is not None:
        parts.append(pegawai.jabatan.nama)
    return " — ".join(parts)


def pegawai_pilihan(*, user: User, q: str = "", kecuali: int | None = None) -> list[dict[str, Any]]:
    """At most PILIHAN_BATAS active pegawai the user may see, by NIP prefix (digits) or a part of
    the name, by name (name-prefix matches first). One query."""
    qs = pegawai_pilihan_qs().filter(pegawai_visible_q(user), status=Pegawai.Status.AKTIF)
    if kecuali is not None:
        qs = qs.exclude(pk=kecuali)
    q = q.strip()
    if q.isdigit():
        # by name, not NIP: PostgreSQL then walks pegawai_list_idx or the NIP pattern index,
        # whichever the prefix makes cheaper (ordering by NIP walks the unique index past every
        # non-matching row)
        qs = qs.filter(nip__startswith=q).order_by("nama", "id")
    elif q:
        qs = qs.filter(nama__icontains=q).order_by(_pilihan_urutan(q, "nama"), "nama", "id")
    else:
        qs = qs.order_by("nama", "id")
    return [{"value": p.pk, "text": pegawai_pilihan_text(p)} for p in qs[:PILIHAN_BATAS]]
