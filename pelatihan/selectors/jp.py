"""Reads of the JP ledger: training records, a pegawai's JP of a year against the minimum, the
team and the instansi below the minimum (computed in SQL), and the fair access report."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from common.policies import Kebijakan
from pegawai.models import Instansi, JenisASN, JenisKelamin, Pegawai, UnitKerja, User
from pegawai.permissions import id_or_404, instansi_q, pegawai_visible_q
from pegawai.selectors import kebijakan_get
from pelatihan import rules
from pelatihan.models import RiwayatPelatihan, SesiMentoring
from pelatihan.selectors.dasar import STATUS_PASANGAN_BERJALAN, jp_tahun_map

NOL = Decimal("0.00")
DUA = Decimal("0.01")
TAHUN_TREN = 5
# records that count as taking part in development in the fair access report
STATUS_IKUT = (RiwayatPelatihan.Status.TERJADWAL, RiwayatPelatihan.Status.SELESAI)
JP_FIELD = DecimalField(max_digits=8, decimal_places=2)


# ---------------------------------------------------------------------------------------------
# Training records


def riwayat_visible_q(user: User) -> Q:
    """Records of the pegawai the user may see (themself, their team, the instansi for BKD)."""
    return Q(pegawai__in=Pegawai.objects.filter(pegawai_visible_q(user)).values("pk"))


def riwayat_get_for_user(*, user: User, riwayat_id: Any) -> RiwayatPelatihan:
    """A record the user may see, or 404 (the same answer for 'absent' and 'not yours')."""
    obj = (
        RiwayatPelatihan.objects.filter(riwayat_visible_q(user), pk=id_or_404(riwayat_id))
        .select_related("pegawai", "program")
        .first()
    )
    if obj is None:
        raise Http404
    return obj


def riwayat_list_for_user(
    *,
    user: User,
    tahun: int | None = None,
    status: str = "",
    program_id: int | None = None,
    q: str = "",
) -> QuerySet[RiwayatPelatihan]:
    """The instansi's records for BKD and pimpinan, newest first, filtered."""
    qs = RiwayatPelatihan.objects.filter(instansi_q(user)).select_related("pegawai", "program")
    if tahun:
        qs = qs.filter(tahun=tahun)
    if status:
        qs = qs.filter(status=status)
    if program_id:
        qs = qs.filter(program_id=program_id)
    if q:
        qs = qs.filter(Q(pegawai__nama__icontains=q) | Q(pegawai__nip__startswith=q) | Q(nama__icontains=q))
    return qs.order_by("-tanggal_mulai", "-id")


# ---------------------------------------------------------------------------------------------
# A pegawai's JP


@dataclass(frozen=True)
class CapaianJP:
    """JP recorded in a year against the yearly minimum."""

    tahun: int
    jp: Decimal
    minimal: int
    persen: Decimal
    kurang: Decimal

    @property
    def memenuhi(self) -> bool:
        return self.kurang == 0

    @property
    def jp_ringkas(self) -> Decimal:
        """The JP without trailing zeros, for "12,5 dari 20 JP"."""
        return _ringkas(self.jp)

    @property
    def kurang_ringkas(self) -> Decimal:
        return _ringkas(self.kurang)


def _ringkas(d: Decimal) -> Decimal:
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def capaian_jp(*, jp: Decimal, tahun: int, minimal: int) -> CapaianJP:
    jp = Decimal(jp).quantize(DUA)
    return CapaianJP(
        tahun=tahun,
        jp=jp,
        minimal=minimal,
        persen=rules.persen_jp(jp, minimal),
        kurang=rules.jp_kurang(jp, minimal).quantize(DUA),
    )


@dataclass(frozen=True)
class BukuJP:
    """A pegawai's ledger: this year's JP, the records (all years), this year's sessions as mentee,
    and the JP of earlier years."""

    pegawai: Pegawai
    capaian: CapaianJP
    riwayat: list[RiwayatPelatihan]
    sesi: list[SesiMentoring]
    tahun_lalu: list[CapaianJP] = field(default_factory=list)


def buku_jp(*, pegawai: Pegawai, tahun: int) -> BukuJP:
    """Four queries whatever the number of records."""
    minimal = kebijakan_get(instansi=pegawai.instansi).jp_minimal_tahunan
    riwayat = list(
        RiwayatPelatihan.objects.filter(pegawai=pegawai).select_related("program").order_by("-tanggal_mulai", "-id")
    )
    sesi = list(
        SesiMentoring.objects.filter(
            pasangan__mentee=pegawai, pasangan__status__in=STATUS_PASANGAN_BERJALAN, tanggal__year=tahun
        )
        .select_related("pasangan__mentor")
        .order_by("-tanggal", "-id")
    )
    per_tahun: dict[int, Decimal] = defaultdict(Decimal)
    for r in riwayat:
        if r.status == RiwayatPelatihan.Status.SELESAI:
            per_tahun[r.tahun] += r.jp
    for tahun_sesi, jp in (
        SesiMentoring.objects.filter(pasangan__mentee=pegawai, pasangan__status__in=STATUS_PASANGAN_BERJALAN)
        .annotate(th=ExtractYear("tanggal"))
        .values("th")
        .annotate(jp=Sum("jp"))
        .values_list("th", "jp")
    ):
        per_tahun[tahun_sesi] += jp
    lalu = [capaian_jp(jp=per_tahun[t], tahun=t, minimal=minimal) for t in sorted(per_tahun, reverse=True) if t < tahun]
    return BukuJP(
        pegawai=pegawai,
        capaian=capaian_jp(jp=per_tahun.get(tahun, NOL), tahun=tahun, minimal=minimal),
        riwayat=riwayat,
        sesi=sesi,
        tahun_lalu=lalu,
    )


@dataclass(frozen=True)
class JPAnggota:
    pegawai: Pegawai
    capaian: CapaianJP


def jp_tim(*, atasan: Pegawai, tahun: int) -> list[JPAnggota]:
    """The atasan's active direct subordinates with their JP of the year. Three queries."""
    minimal = kebijakan_get(instansi=atasan.instansi).jp_minimal_tahunan
    anggota = list(
        Pegawai.objects.filter(atasan=atasan, status=Pegawai.Status.AKTIF)
        .select_related("jabatan", "unit_kerja", "golongan")
        .order_by("nama", "id")
    )
    jp = jp_tahun_map(instansi_id=atasan.instansi_id, tahun=tahun, pegawai_ids=[p.pk for p in anggota])
    return [JPAnggota(p, capaian_jp(jp=jp.get(p.pk, NOL), tahun=tahun, minimal=minimal)) for p in anggota]


# ---------------------------------------------------------------------------------------------
# Below the minimum, computed in SQL


def jp_tercatat_expr(tahun: int) -> Any:
    """The JP of the year of the outer pegawai: completed records plus sessions as mentee."""
    riwayat = (
        RiwayatPelatihan.objects.filter(pegawai_id=OuterRef("pk"), tahun=tahun, status=RiwayatPelatihan.Status.SELESAI)
        .values("pegawai_id")
        .annotate(s=Sum("jp"))
        .values("s")
    )
    sesi = (
        SesiMentoring.objects.filter(
            pasangan__mentee_id=OuterRef("pk"), pasangan__status__in=STATUS_PASANGAN_BERJALAN, tanggal__year=tahun
        )
        .values("pasangan__mentee_id")
        .annotate(s=Sum("jp"))
        .values("s")
    )
    return ExpressionWrapper(
        Coalesce(Subquery(riwayat, output_field=JP_FIELD), Value(NOL), output_field=JP_FIELD)
        + Coalesce(Subquery(sesi, output_field=JP_FIELD), Value(NOL), output_field=JP_FIELD),
        output_field=JP_FIELD,
    )


def jp_pegawai_qs(
    *, user: User, tahun: int, unit_kerja: UnitKerja | None = None, jenis_asn: str = "", q: str = ""
) -> QuerySet[Pegawai]:
    """Active pegawai of the user's instansi with ``jp_tercatat`` of the year, filtered."""
    qs = Pegawai.objects.filter(instansi_q(user), status=Pegawai.Status.AKTIF)
    if unit_kerja is not None:
        qs = qs.filter(unit_kerja__path__startswith=unit_kerja.path)
    if jenis_asn:
        qs = qs.filter(jenis_asn=jenis_asn)
    if q:
        qs = qs.filter(Q(nama__icontains=q) | Q(nip__startswith=q))
    return qs.annotate(jp_tercatat=jp_tercatat_expr(tahun))


def jp_kurang_list(*, qs: QuerySet[Pegawai], minimal: int) -> QuerySet[Pegawai]:
    """Those of ``qs`` below the minimum, the furthest behind first."""
    return (
        qs.filter(jp_tercatat__lt=minimal)  # type: ignore[misc]
        .select_related("unit_kerja", "jabatan", "golongan")
        .order_by("jp_tercatat", "nama", "id")
    )


def jp_rekap(*, qs: QuerySet[Pegawai], minimal: int) -> dict[str, int]:
    """Counts of ``qs``: total, at or above the minimum, below it. One query."""
    hasil = qs.aggregate(
        total=Count("pk"),
        kurang=Count("pk", filter=Q(jp_tercatat__lt=minimal)),
    )
    return {"total": hasil["total"], "memenuhi": hasil["total"] - hasil["kurang"], "kurang": hasil["kurang"]}


def minimal_jp_for_user(user: User) -> int:
    """The yearly minimum of the user's instansi (the default for a superuser of every instansi)."""
    if user.instansi is None:
        return Kebijakan().jp_minimal_tahunan
    return kebijakan_get(instansi=user.instansi).jp_minimal_tahunan


# ---------------------------------------------------------------------------------------------
# Fair access report


DIMENSI = (
    ("unit", _("Unit kerja")),
    ("jenis_kelamin", _("Jenis kelamin")),
    ("golongan", _("Kelompok golongan")),
    ("jenis_asn", _("PNS/PPPK")),
    ("usia", _("Kelompok usia")),
)
# the pegawai columns a group is built from (combined, so each pegawai lies in one combination)
KOLOM = ("unit_kerja_id", "jenis_kelamin", "golongan__jenis_asn", "golongan__kode", "jenis_asn", "th_lahir")


@dataclass(frozen=True)
class BarisKeadilan:
    kunci: str
    label: str
    pegawai: int
    persen_pegawai: Decimal
    peserta: int
    persen_peserta: Decimal
    jp: Decimal
    persen_jp: Decimal
    biaya: Decimal
    persen_biaya: Decimal
    # participant share / workforce share × 100; None when nobody took part or the group is empty
    rasio: Decimal | None
    # "bawah" below the lower bound, "atas" above the upper bound, "" within
    tanda: str


@dataclass(frozen=True)
class TrenKelompok:
    """Participation rate (participants / workforce × 100) per year of ``LaporanKeadilan.tahun_tren``."""

    kunci: str
    label: str
    tingkat: list[Decimal]


@dataclass(frozen=True)
class DimensiKeadilan:
    kunci: str
    label: str
    baris: list[BarisKeadilan]
    tren: list[TrenKelompok]


@dataclass(frozen=True)
class LaporanKeadilan:
    tahun: int
    tahun_tren: list[int]
    pegawai: int
    peserta: int
    jp: Decimal
    biaya: Decimal
    batas_bawah: Decimal
    batas_atas: Decimal
    dimensi: list[DimensiKeadilan]


def _persen(bagian: Decimal | int, total: Decimal | int) -> Decimal:
    if not total:
        return NOL
    return (Decimal(bagian) * 100 / Decimal(total)).quantize(DUA, rounding=ROUND_HALF_UP)


def _kelompok(dimensi: str, row: dict[str, Any], tahun: int, unit_induk: dict[int, tuple[str, str]]) -> tuple[str, str]:
    """(key, label) of the group a combination of pegawai columns falls in for ``dimensi``."""
    if dimensi == "unit":
        return unit_induk.get(row["unit_kerja_id"], ("", str(_("Tanpa unit"))))
    if dimensi == "jenis_kelamin":
        return row["jenis_kelamin"], str(JenisKelamin(row["jenis_kelamin"]).label)
    if dimensi == "golongan":
        kelompok = rules.kelompok_golongan(row["golongan__kode"])
        jenis = row["golongan__jenis_asn"]
        return f"{jenis}:{kelompok}", kelompok if jenis == JenisASN.PNS else f"{jenis} {kelompok}"
    if dimensi == "jenis_asn":
        return row["jenis_asn"], str(JenisASN(row["jenis_asn"]).label)
    # age at 31 December of the year: the birthday of that year has passed
    kelompok_usia = rules.kelompok_usia(datetime.date(row["th_lahir"], 1, 1), datetime.date(tahun, 12, 31))
    return kelompok_usia.value, str(kelompok_usia.label)


def _urutan(dimensi: str, kunci: str, label: str) -> tuple[Any, ...]:
    if dimensi == "usia":
        return (list(rules.KelompokUsia.values).index(kunci),)
    return (label,)


def laporan_keadilan(*, instansi: Instansi, tahun: int) -> LaporanKeadilan:
    """Shares of the active workforce, participants, JP and budget per group of every dimension,
    the disparity ratio with its flag, and the participation rate per group over the last five
    years. Three queries whatever the size (aggregation in SQL, grouped by the pegawai columns)."""
    kebijakan = kebijakan_get(instansi=instansi)
    tahun_tren = list(range(tahun - TAHUN_TREN + 1, tahun + 1))
    unit_induk: dict[int, tuple[str, str]] = {}
    units = list(UnitKerja.objects.filter(instansi=instansi).values_list("id", "parent_id", "nama", "path"))
    nama_unit = {pk: nama for pk, _parent, nama, _path in units}
    for pk, _parent, _nama, path in units:
        akar = int(path.split("/", 1)[0]) if path else pk
        unit_induk[pk] = (str(akar), nama_unit.get(akar, _nama))

    tenaga = list(
        Pegawai.objects.filter(instansi=instansi, status=Pegawai.Status.AKTIF)
        .annotate(th_lahir=ExtractYear("tanggal_lahir"))
        .values(*KOLOM)
        .annotate(n=Count("pk"))
        .order_by()
    )
    ikut = list(
        RiwayatPelatihan.objects.filter(
            instansi=instansi,
            tahun__in=tahun_tren,
            status__in=STATUS_IKUT,
            pegawai__status=Pegawai.Status.AKTIF,
        )
        .annotate(
            unit_kerja_id=F("pegawai__unit_kerja_id"),
            jenis_kelamin=F("pegawai__jenis_kelamin"),
            golongan__jenis_asn=F("pegawai__golongan__jenis_asn"),
            golongan__kode=F("pegawai__golongan__kode"),
            jenis_asn=F("pegawai__jenis_asn"),
            th_lahir=ExtractYear("pegawai__tanggal_lahir"),
        )
        .values("tahun", *KOLOM)
        .annotate(peserta=Count("pegawai_id", distinct=True), jp=Sum("jp"), biaya=Sum("biaya"))
        .order_by()
    )
    total_pegawai = sum(r["n"] for r in tenaga)
    ini = [r for r in ikut if r["tahun"] == tahun]
    total_peserta = sum(r["peserta"] for r in ini)
    total_jp = sum((r["jp"] for r in ini), NOL)
    total_biaya = sum((r["biaya"] for r in ini), NOL)

    dimensi_out: list[DimensiKeadilan] = []
    for kunci_dim, label_dim in DIMENSI:
        label: dict[str, str] = {}
        n: dict[str, int] = defaultdict(int)
        p: dict[str, int] = defaultdict(int)
        jp: dict[str, Decimal] = defaultdict(Decimal)
        biaya: dict[str, Decimal] = defaultdict(Decimal)
        n_th: dict[tuple[int, str], int] = defaultdict(int)
        p_th: dict[tuple[int, str], int] = defaultdict(int)
        for r in tenaga:
            for th in tahun_tren:
                k, lbl = _kelompok(kunci_dim, r, th, unit_induk)
                n_th[th, k] += r["n"]
                if th == tahun:
                    label[k] = lbl
                    n[k] += r["n"]
        for r in ikut:
            k, lbl = _kelompok(kunci_dim, r, r["tahun"], unit_induk)
            p_th[r["tahun"], k] += r["peserta"]
            if r["tahun"] == tahun:
                label.setdefault(k, lbl)
                p[k] += r["peserta"]
                jp[k] += r["jp"]
                biaya[k] += r["biaya"]
        baris = []
        for k in sorted(label, key=lambda k: _urutan(kunci_dim, k, label[k])):
            persen_pegawai = _persen(n[k], total_pegawai)
            persen_peserta = _persen(p[k], total_peserta)
            rasio = _persen(persen_peserta, persen_pegawai) if total_peserta and n[k] else None
            tanda = ""
            if rasio is not None and rasio < kebijakan.disparitas_bawah:
                tanda = "bawah"
            elif rasio is not None and rasio > kebijakan.disparitas_atas:
                tanda = "atas"
            baris.append(
                BarisKeadilan(
                    kunci=k,
                    label=label[k],
                    pegawai=n[k],
                    persen_pegawai=persen_pegawai,
                    peserta=p[k],
                    persen_peserta=persen_peserta,
                    jp=jp[k].quantize(DUA),
                    persen_jp=_persen(jp[k], total_jp),
                    biaya=biaya[k].quantize(DUA),
                    persen_biaya=_persen(biaya[k], total_biaya),
                    rasio=rasio,
                    tanda=tanda,
                )
            )
        tren = [
            TrenKelompok(b.kunci, b.label, [_persen(p_th[th, b.kunci], n_th[th, b.kunci]) for th in tahun_tren])
            for b in baris
        ]
        dimensi_out.append(DimensiKeadilan(kunci_dim, str(label_dim), baris, tren))
    return LaporanKeadilan(
        tahun=tahun,
        tahun_tren=tahun_tren,
        pegawai=total_pegawai,
        peserta=total_peserta,
        jp=total_jp.quantize(DUA),
        biaya=total_biaya.quantize(DUA),
        batas_bawah=kebijakan.disparitas_bawah,
        batas_atas=kebijakan.disparitas_atas,
        dimensi=dimensi_out,
    )


__all__ = [
    "BukuJP",
    "CapaianJP",
    "LaporanKeadilan",
    "buku_jp",
    "capaian_jp",
    "jp_kurang_list",
    "jp_pegawai_qs",
    "jp_rekap",
    "jp_tim",
    "laporan_keadilan",
    "riwayat_get_for_user",
    "riwayat_list_for_user",
]
