"""Reads of the 9-box talent map and the KRS: the latest year with placements, the grid counts,
one pegawai's placement, the list of one box, the movement since last year, the pegawai without
a box and each box's follow-ups. Set-based: a constant number of queries whatever the size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext

from karier.models import AnggotaKRS, PenempatanTalenta, Rekomendasi
from karier.rules import TINDAKAN_KOTAK, Tindakan
from pegawai.models import HukumanDisiplin, UnitKerja
from pelatihan.models import KebutuhanPelatihan, PasanganMentoring
from penilaian.rules import KOTAK_TALENTA

KOTAK_SEMUA = tuple(range(1, 10))
# the grid as DOMAIN.md §3 lays it out: kinerja rising upward, potensi rising to the right
TATA_LETAK = ((4, 7, 9), (2, 5, 8), (1, 3, 6))


def _filter_q(filters: dict[str, Any] | None, prefix: str = "") -> Q:
    """Filters of the talent map on the placement's snapshot: ``unit_kerja`` (an id, with its
    sub-units by path), ``jenis_jabatan``, ``golongan`` (an id). Empty values are ignored.
    ``prefix`` reaches the placement from another model."""
    q = Q()
    if not filters:
        return q
    unit_kerja = filters.get("unit_kerja")
    if unit_kerja:
        path = UnitKerja.objects.filter(pk=getattr(unit_kerja, "pk", unit_kerja)).values("path")[:1]
        q &= Q(**{f"{prefix}unit_kerja__path__startswith": Subquery(path)})
    if filters.get("jenis_jabatan"):
        q &= Q(**{f"{prefix}jenis_jabatan": filters["jenis_jabatan"]})
    golongan = filters.get("golongan")
    if golongan:
        q &= Q(**{f"{prefix}golongan_id": getattr(golongan, "pk", golongan)})
    return q


def penempatan_qs(
    *, instansi_id: int, tahun: int, filters: dict[str, Any] | None = None
) -> QuerySet[PenempatanTalenta]:
    """The placements of one instansi and year, filtered."""
    return PenempatanTalenta.objects.filter(_filter_q(filters), instansi_id=instansi_id, tahun=tahun)


def tahun_talenta_terakhir(*, instansi_id: int) -> int | None:
    """The latest year with placements of the instansi, or None. One query."""
    tahun: int | None = PenempatanTalenta.objects.filter(instansi_id=instansi_id).aggregate(t=Max("tahun"))["t"]
    return tahun


def tahun_talenta_list(*, instansi_id: int) -> list[int]:
    """The years with placements, latest first. One query."""
    return list(
        PenempatanTalenta.objects.filter(instansi_id=instansi_id)
        .order_by("-tahun")
        .values_list("tahun", flat=True)
        .distinct()
    )


def grid_talenta(*, instansi_id: int, tahun: int, filters: dict[str, Any] | None = None) -> dict[int, int]:
    """Box → number of pegawai, for all nine boxes (0 when empty). One query."""
    hitung = dict(
        penempatan_qs(instansi_id=instansi_id, tahun=tahun, filters=filters)
        .filter(kotak__isnull=False)
        .order_by()
        .values("kotak")
        .annotate(n=Count("id"))
        .values_list("kotak", "n")
    )
    return {k: hitung.get(k, 0) for k in KOTAK_SEMUA}


def penempatan_pegawai(*, pegawai_id: int, tahun: int | None = None) -> PenempatanTalenta | None:
    """A pegawai's placement of ``tahun``, or their latest one when no year is given. One query."""
    qs = PenempatanTalenta.objects.filter(pegawai_id=pegawai_id).select_related("unit_kerja", "golongan")
    if tahun is not None:
        return qs.filter(tahun=tahun).first()
    return qs.order_by("-tahun").first()


# ---------------------------------------------------------------------------------------------
# The talent map page: the grid with each box's actions and follow-ups, the movement, the
# pegawai without a box, one box's list; and the KRS.

# the follow-up of an action: an open recommendation of a kind, an open training need, an
# active mentoring pair as mentee, a running hukdis
TINDAK_LANJUT: dict[str, str] = {
    Tindakan.PROMOSI: "promosi",
    Tindakan.KRS: "krs",
    Tindakan.PENGHARGAAN: "penghargaan",
    Tindakan.ROTASI: "rotasi",
    Tindakan.ROTASI_PERLUASAN: "rotasi",
    Tindakan.ROTASI_PENGAYAAN: "rotasi",
    Tindakan.PENGEMBANGAN_KOMPETENSI: "kebutuhan",
    Tindakan.COACHING: "mentoring",
    Tindakan.DISIPLIN: "hukdis",
}
JENIS_REKOMENDASI_TINDAK = ("promosi", "krs", "penghargaan", "rotasi")
KEBUTUHAN_TERBUKA = (KebutuhanPelatihan.Status.TERBUKA, KebutuhanPelatihan.Status.DIALOKASIKAN)
TAUTAN_KEBUTUHAN = "/pelatihan/kebutuhan/"
TAUTAN_MENTORING = "/pelatihan/mentoring/"


def tautan_rekomendasi(**params: Any) -> str:
    try:
        base = reverse("karier:rekomendasi-list")
    except NoReverseMatch:  # pragma: no cover (the committee's list is part of karier)
        base = "/karier/rekomendasi/"
    return f"{base}?{urlencode(params)}"


@dataclass(frozen=True)
class TindakLanjut:
    kode: str
    label: str
    jenis: str  # "" when the action has no counted follow-up
    jumlah: int | None
    tautan: str
    keterangan: str


@dataclass(frozen=True)
class KotakTalenta:
    kotak: int
    jumlah: int
    persen: Decimal
    tindakan: list[TindakLanjut]
    level_kinerja: str
    level_potensi: str


@dataclass(frozen=True)
class TanpaKotak:
    jumlah: int
    tanpa_predikat: int
    tanpa_asesmen: int
    tanpa_keduanya: int


@dataclass(frozen=True)
class Perpindahan:
    naik: int
    tetap: int
    turun: int
    baru: int  # placed this year, no box last year
    matriks: dict[tuple[int, int], int]  # (last year's box, this year's box) → count


@dataclass(frozen=True)
class PetaTalenta:
    tahun: int
    kotak: dict[int, KotakTalenta]
    dipetakan: int
    tanpa_kotak: TanpaKotak
    perpindahan: Perpindahan

    @property
    def baris(self) -> list[list[KotakTalenta]]:
        return [[self.kotak[k] for k in row] for row in TATA_LETAK]


def _level_kotak() -> dict[int, tuple[str, str]]:
    return {k: v for v, k in KOTAK_TALENTA.items()}


def _per_kotak(qs: QuerySet[Any], prefix: str, kunci: str | None = None) -> Any:
    """Distinct pegawai per box of the placement reached through ``prefix`` (and per ``kunci``)."""
    kolom = [kunci] if kunci else []
    return (
        qs.order_by()
        .values(*kolom, f"{prefix}kotak")
        .annotate(n=Count(f"{prefix}pegawai_id", distinct=True))
        .values_list(*kolom, f"{prefix}kotak", "n")
    )


def _tindak_lanjut_hitung(
    *, instansi_id: int, tahun: int, filters: dict[str, Any] | None, pada: datetime.date
) -> dict[int, dict[str, int]]:
    """box → {"n_<kind>": how many of its pegawai already have that follow-up}: open
    recommendations of the year by kind, open training needs, active mentoring pairs as mentee,
    running hukdis. Four grouped queries from the follow-ups' side (they are few), each joined
    to the year's placements with the same filters."""

    def syarat(prefix: str) -> Q:
        return _filter_q(filters, prefix) & Q(
            **{f"{prefix}instansi_id": instansi_id, f"{prefix}tahun": tahun, f"{prefix}kotak__isnull": False}
        )

    out: dict[int, dict[str, int]] = {k: {} for k in KOTAK_SEMUA}
    pt = "pegawai__penempatan_talenta__"
    rekomendasi = Rekomendasi.objects.filter(
        syarat(pt),
        instansi_id=instansi_id,
        tahun=tahun,
        jenis__in=JENIS_REKOMENDASI_TINDAK,
        status__in=Rekomendasi.TERBUKA,
    )
    for jenis, kotak, n in _per_kotak(rekomendasi, pt, "jenis"):
        out[kotak][f"n_{jenis}"] = n
    kebutuhan = KebutuhanPelatihan.objects.filter(syarat(pt), instansi_id=instansi_id, status__in=KEBUTUHAN_TERBUKA)
    for kotak, n in _per_kotak(kebutuhan, pt):
        out[kotak]["n_kebutuhan"] = n
    mt = "mentee__penempatan_talenta__"
    mentoring = PasanganMentoring.objects.filter(
        syarat(mt), instansi_id=instansi_id, status=PasanganMentoring.Status.AKTIF
    )
    for kotak, n in _per_kotak(mentoring, mt):
        out[kotak]["n_mentoring"] = n
    hukdis = HukumanDisiplin.objects.filter(syarat(pt), tmt_mulai__lte=pada).filter(
        Q(tmt_selesai__isnull=True) | Q(tmt_selesai__gte=pada)
    )
    for kotak, n in _per_kotak(hukdis, pt):
        out[kotak]["n_hukdis"] = n
    return out


def _tindak_lanjut(kotak: int, tahun: int, hitung: dict[str, int]) -> list[TindakLanjut]:
    out = []
    for t in TINDAKAN_KOTAK[kotak]:
        jenis = TINDAK_LANJUT.get(t, "")
        if jenis in JENIS_REKOMENDASI_TINDAK:
            tautan = tautan_rekomendasi(jenis=jenis, kotak=kotak, tahun=tahun)
            keterangan = gettext("rekomendasi terbuka")
        elif jenis == "kebutuhan":
            tautan, keterangan = TAUTAN_KEBUTUHAN, gettext("kebutuhan pelatihan terbuka")
        elif jenis == "mentoring":
            tautan, keterangan = TAUTAN_MENTORING, gettext("pasangan mentoring aktif")
        elif jenis == "hukdis":
            tautan, keterangan = "", gettext("hukuman disiplin berjalan")
        else:
            tautan, keterangan = "", ""
        out.append(
            TindakLanjut(
                kode=t.value,
                label=str(t.label),
                jenis=jenis,
                jumlah=hitung.get(f"n_{jenis}", 0) if jenis else None,
                tautan=tautan,
                keterangan=keterangan,
            )
        )
    return out


def peta_talenta(
    *, instansi_id: int, tahun: int, filters: dict[str, Any] | None = None, pada: datetime.date | None = None
) -> PetaTalenta:
    """The talent map of one year: per box the count, its share of the placed pegawai and each
    recommended action with how many of the box's pegawai already have its follow-up; the
    pegawai without a box and why; the movement since last year. Six queries."""
    pada = pada or timezone.localdate()
    qs = penempatan_qs(instansi_id=instansi_id, tahun=tahun, filters=filters)
    # the nine boxes and the group without a box (with why) in one grouped query
    per_kotak = {
        row["kotak"]: row
        for row in qs.order_by()
        .values("kotak")
        .annotate(
            jumlah=Count("pk"),
            tanpa_predikat=Count("pk", filter=Q(predikat="") & ~Q(skor_potensi__isnull=True)),
            tanpa_asesmen=Count("pk", filter=Q(skor_potensi__isnull=True) & ~Q(predikat="")),
            tanpa_keduanya=Count("pk", filter=Q(skor_potensi__isnull=True, predikat="")),
        )
    }
    grid = {k: per_kotak[k]["jumlah"] if k in per_kotak else 0 for k in KOTAK_SEMUA}
    tanpa = per_kotak.get(None) or dict.fromkeys(("jumlah", "tanpa_predikat", "tanpa_asesmen", "tanpa_keduanya"), 0)
    hitung = _tindak_lanjut_hitung(instansi_id=instansi_id, tahun=tahun, filters=filters, pada=pada)
    dipetakan = sum(grid.values())
    level = _level_kotak()
    kotak = {}
    for k in KOTAK_SEMUA:
        jumlah = grid[k]
        kotak[k] = KotakTalenta(
            kotak=k,
            jumlah=jumlah,
            persen=(Decimal(jumlah * 100) / Decimal(dipetakan)).quantize(Decimal("0.1")) if dipetakan else Decimal(0),
            tindakan=_tindak_lanjut(k, tahun, hitung[k]),
            level_kinerja=level[k][0],
            level_potensi=level[k][1],
        )
    return PetaTalenta(
        tahun=tahun,
        kotak=kotak,
        dipetakan=dipetakan,
        tanpa_kotak=TanpaKotak(
            jumlah=tanpa["jumlah"],
            tanpa_predikat=tanpa["tanpa_predikat"],
            tanpa_asesmen=tanpa["tanpa_asesmen"],
            tanpa_keduanya=tanpa["tanpa_keduanya"],
        ),
        perpindahan=perpindahan_talenta(qs=qs, dipetakan=dipetakan),
    )


def perpindahan_talenta(*, qs: QuerySet[PenempatanTalenta], dipetakan: int) -> Perpindahan:
    """Last year's box → this year's box counts; a higher box number is a move up. One query."""
    matriks: dict[tuple[int, int], int] = {
        (int(dari or 0), int(ke or 0)): n
        for dari, ke, n in qs.filter(kotak__isnull=False, kotak_sebelumnya__isnull=False)
        .order_by()
        .values("kotak_sebelumnya", "kotak")
        .annotate(n=Count("pk"))
        .values_list("kotak_sebelumnya", "kotak", "n")
    }
    naik = sum(n for (dari, ke), n in matriks.items() if ke > dari)
    turun = sum(n for (dari, ke), n in matriks.items() if ke < dari)
    tetap = sum(n for (dari, ke), n in matriks.items() if ke == dari)
    return Perpindahan(naik=naik, tetap=tetap, turun=turun, baru=dipetakan - naik - turun - tetap, matriks=matriks)


def penempatan_kotak_list(
    *, instansi_id: int, tahun: int, kotak: int, filters: dict[str, Any] | None = None
) -> QuerySet[PenempatanTalenta]:
    """The pegawai of one box, by name, with their jabatan, unit and golongan."""
    return (
        penempatan_qs(instansi_id=instansi_id, tahun=tahun, filters=filters)
        .filter(kotak=kotak)
        .select_related("pegawai", "pegawai__jabatan", "unit_kerja", "golongan")
        .order_by("pegawai__nama", "pegawai_id")
    )


def tahun_krs_terakhir(*, instansi_id: int) -> int | None:
    """The latest year with KRS members or proposals, or None. One query."""
    tahun: int | None = Rekomendasi.objects.filter(instansi_id=instansi_id, jenis="krs").aggregate(t=Max("tahun"))["t"]
    return tahun


def anggota_krs_list(*, instansi_id: int, tahun: int) -> QuerySet[AnggotaKRS]:
    """The confirmed KRS members of a year, by name, with their target jabatan, the year's box and
    predikat (annotated ``kotak``, ``predikat``) and the recommendation behind them."""
    penempatan = PenempatanTalenta.objects.filter(pegawai_id=OuterRef("pegawai_id"), tahun=OuterRef("tahun"))
    return (
        AnggotaKRS.objects.filter(instansi_id=instansi_id, tahun=tahun)
        .select_related(
            "pegawai", "pegawai__jabatan", "pegawai__unit_kerja", "jabatan_target", "rekomendasi", "ditetapkan_oleh"
        )
        .annotate(
            kotak=Subquery(penempatan.values("kotak")[:1]),
            predikat=Subquery(penempatan.values("predikat")[:1]),
        )
        .order_by("pegawai__nama", "pegawai_id")
    )


def krs_usulan_terbuka(*, instansi_id: int, tahun: int) -> int:
    """Open KRS proposals of the year (awaiting the committee). One query."""
    return Rekomendasi.objects.filter(
        instansi_id=instansi_id, jenis="krs", tahun=tahun, status__in=Rekomendasi.TERBUKA
    ).count()


def dasar_nilai(dasar: Any, kode: str) -> str:
    """The value of one condition of a recommendation's ``dasar`` ("" when absent)."""
    for d in dasar or ():
        if isinstance(d, dict) and d.get("kode") == kode:
            return str(d.get("nilai", ""))
    return ""
