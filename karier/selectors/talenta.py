"""Reads of the 9-box talent map and the KRS: the latest year with placements, the grid counts,
one pegawai's placement, the list of one box, the movement since last year, the pegawai without
a box and each box's follow-ups. Set-based: a constant number of queries whatever the size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast
from urllib.parse import urlencode

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
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


def _filter_q(filters: dict[str, Any] | None) -> Q:
    """Filters of the talent map on the placement's snapshot: ``unit_kerja`` (an id, with its
    sub-units by path), ``jenis_jabatan``, ``golongan`` (an id). Empty values are ignored."""
    q = Q()
    if not filters:
        return q
    unit_kerja = filters.get("unit_kerja")
    if unit_kerja:
        path = UnitKerja.objects.filter(pk=getattr(unit_kerja, "pk", unit_kerja)).values("path")[:1]
        q &= Q(unit_kerja__path__startswith=Subquery(path))
    if filters.get("jenis_jabatan"):
        q &= Q(jenis_jabatan=filters["jenis_jabatan"])
    golongan = filters.get("golongan")
    if golongan:
        q &= Q(golongan_id=getattr(golongan, "pk", golongan))
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


def _hukdis_berjalan_exists(pada: datetime.date) -> Exists:
    return Exists(
        HukumanDisiplin.objects.filter(pegawai_id=OuterRef("pegawai_id"), tmt_mulai__lte=pada).filter(
            Q(tmt_selesai__isnull=True) | Q(tmt_selesai__gte=pada)
        )
    )


def _tindak_lanjut_annotations(pada: datetime.date) -> dict[str, Any]:
    """Per box: how many of its pegawai already have each follow-up (one EXISTS per kind)."""
    ann: dict[str, Any] = {
        f"n_{jenis}": Count(
            "pk",
            filter=Q(
                Exists(
                    Rekomendasi.objects.filter(
                        pegawai_id=OuterRef("pegawai_id"),
                        tahun=OuterRef("tahun"),
                        jenis=jenis,
                        status__in=Rekomendasi.TERBUKA,
                    )
                )
            ),
        )
        for jenis in JENIS_REKOMENDASI_TINDAK
    }
    ann["n_kebutuhan"] = Count(
        "pk",
        filter=Q(
            Exists(KebutuhanPelatihan.objects.filter(pegawai_id=OuterRef("pegawai_id"), status__in=KEBUTUHAN_TERBUKA))
        ),
    )
    ann["n_mentoring"] = Count(
        "pk",
        filter=Q(
            Exists(
                PasanganMentoring.objects.filter(
                    mentee_id=OuterRef("pegawai_id"), status=PasanganMentoring.Status.AKTIF
                )
            )
        ),
    )
    ann["n_hukdis"] = Count("pk", filter=Q(_hukdis_berjalan_exists(pada)))
    return ann


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
    pegawai without a box and why; the movement since last year. Three queries."""
    pada = pada or timezone.localdate()
    qs = penempatan_qs(instansi_id=instansi_id, tahun=tahun, filters=filters)
    rows: list[dict[str, Any]] = list(
        cast(Any, qs)
        .filter(kotak__isnull=False)
        .order_by()
        .values("kotak")
        .annotate(jumlah=Count("pk"), **_tindak_lanjut_annotations(pada))
    )
    per_kotak = {int(row["kotak"]): {k: int(v) for k, v in row.items()} for row in rows}
    dipetakan = sum(r["jumlah"] for r in per_kotak.values())
    level = _level_kotak()
    kotak = {}
    for k in KOTAK_SEMUA:
        row: dict[str, int] = per_kotak.get(k, {})
        jumlah = row.get("jumlah", 0)
        kotak[k] = KotakTalenta(
            kotak=k,
            jumlah=jumlah,
            persen=(Decimal(jumlah * 100) / Decimal(dipetakan)).quantize(Decimal("0.1")) if dipetakan else Decimal(0),
            tindakan=_tindak_lanjut(k, tahun, row),
            level_kinerja=level[k][0],
            level_potensi=level[k][1],
        )
    tanpa = qs.filter(kotak__isnull=True).aggregate(
        jumlah=Count("pk"),
        tanpa_predikat=Count("pk", filter=Q(predikat="") & ~Q(skor_potensi__isnull=True)),
        tanpa_asesmen=Count("pk", filter=Q(skor_potensi__isnull=True) & ~Q(predikat="")),
        tanpa_keduanya=Count("pk", filter=Q(skor_potensi__isnull=True, predikat="")),
    )
    return PetaTalenta(
        tahun=tahun,
        kotak=kotak,
        dipetakan=dipetakan,
        tanpa_kotak=TanpaKotak(**tanpa),
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
