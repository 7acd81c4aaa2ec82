"""The BKD dashboard (and the pimpinan's read-only version): every figure of one instansi, in a
fixed number of aggregate queries whatever its size.

One query per table, aggregated in SQL (GROUP BY with conditional counts), nine in all:
- the top-level units (names for the tables);
- active pegawai per unit kerja × jenis kelamin × jenis ASN (units rolled up to their top-level
  unit by ``UnitKerja.path``), with how many are PNS at or above the policy's yearly JP minimum
  (pelatihan's JP: completed training plus mentoring sessions as mentee, summed once and joined);
- active pegawai per golongan × jenis jabatan, with the counts whose TMT golongan meets the time
  condition of the next KP date (4 years, 2 for jabatan fungsional);
- the predikat per unit of the latest annual period with rated evaluations, counted as
  calibration counts them (the unit and below, without the unit's own head);
- the IKM results of the latest period with any: count per mutu, mean and the lowest units;
- the 9-box of the latest year (what ``karier.selectors.talenta`` reads in two queries);
- vacancies: jabatan whose ``kebutuhan`` exceeds their active holders (count, seats, the top);
- open recommendations per jenis; the evaluation cycle of the latest periods.

At 100,000 pegawai three of these pass over every active pegawai; the pages therefore read the
figures through ``dasbor_instansi_cached`` (kept 60 seconds per instansi, day and language, with
the time they were computed shown, and a refresh on demand).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.policies import Kebijakan
from karier.models import JenisRekomendasi, PenempatanTalenta, Rekomendasi
from karier.rules import MASA_KP_FUNGSIONAL_TAHUN, MASA_KP_REGULER_TAHUN, golongan_berikut, tanggal_kp_berikut
from karier.selectors.talenta import KOTAK_SEMUA, TATA_LETAK
from pegawai.models import Instansi, Jabatan, JenisASN, JenisKelamin, Pegawai, UnitKerja
from pegawai.rules import add_years
from pelatihan.models import PasanganMentoring, RiwayatPelatihan, SesiMentoring
from pelatihan.selectors.dasar import STATUS_PASANGAN_BERJALAN
from penilaian.models import EvaluasiKinerja, HasilIKM, Periode, SiklusEvaluasi
from penilaian.rules import JenisPeriode, MutuIKM, Predikat, periode_nama

SERATUS = Decimal(100)
SATU_DESIMAL = Decimal("0.1")
LOWONGAN_TERATAS = 10
IKM_TERENDAH = 10
SIKLUS_TERAKHIR = 6
# the figures of an instansi are kept this long (seconds): the page then costs a few queries
CACHE_DETIK = 60
# how long stale figures are served while a background task refreshes them
SIMPAN_DETIK = 3600
JENIS_FUNGSIONAL = (Jabatan.Jenis.FUNGSIONAL_KEAHLIAN, Jabatan.Jenis.FUNGSIONAL_KETERAMPILAN)


def persen(bagian: int, total: int) -> Decimal | None:
    """``bagian`` of ``total`` in percent, one decimal (half up); None when ``total`` is 0."""
    if not total:
        return None
    return (Decimal(bagian) * SERATUS / Decimal(total)).quantize(SATU_DESIMAL, rounding=ROUND_HALF_UP)


def _unit_teratas(path: str | None) -> int | None:
    """The top-level unit of a materialised path ("12/40/41/" → 12)."""
    bagian = (path or "").split("/", 1)[0]
    return int(bagian) if bagian.isdigit() else None


# ---------------------------------------------------------------------------------------------
# What the dashboard shows


@dataclass(frozen=True)
class Hitungan:
    """A labelled count with the value its drill-down filters on (a golongan id, a jenis, L/P)."""

    kunci: str
    label: str
    jumlah: int


@dataclass
class BarisUnit:
    """A top-level unit with everything below it: active pegawai by gender and jenis ASN, and the
    JP compliance of its active PNS."""

    unit_id: int
    nama: str
    jumlah: int = 0
    laki_laki: int = 0
    perempuan: int = 0
    pns: int = 0
    pppk: int = 0
    pns_jp_memenuhi: int = 0

    @property
    def persen_jp(self) -> Decimal | None:
        return persen(self.pns_jp_memenuhi, self.pns)


@dataclass
class BarisPredikat:
    unit_id: int
    nama: str
    hitungan: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.hitungan.values())

    @property
    def urut(self) -> list[tuple[str, str, int]]:
        """(predikat, label, count) best first."""
        return [(p.value, str(p.label), self.hitungan.get(p.value, 0)) for p in Predikat]


@dataclass(frozen=True)
class SebaranPredikat:
    periode_id: int | None
    tahun: int | None
    baris: list[BarisPredikat]

    @property
    def jumlah(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for b in self.baris:
            total.update(b.hitungan)
        return {p.value: total.get(p.value, 0) for p in Predikat}


@dataclass(frozen=True)
class BarisIKM:
    unit_id: int
    nama: str
    ikm: Decimal | None
    mutu: str
    responden: int
    dipublikasikan: bool

    @property
    def mutu_label(self) -> str:
        return str(MutuIKM(self.mutu).label) if self.mutu else ""


@dataclass(frozen=True)
class IKMUnit:
    """The units layanan with a result in the latest period with IKM results: how many, their mean,
    how many per mutu, and the lowest (those that need attention first)."""

    periode_id: int | None
    periode: str
    jumlah: int
    rata_rata: Decimal | None
    per_mutu: list[Hitungan]
    terendah: list[BarisIKM]


@dataclass(frozen=True)
class KepatuhanJP:
    """Active PNS at or above the yearly JP minimum of the policy (DOMAIN.md §5)."""

    tahun: int
    minimal: int
    total: int
    memenuhi: int

    @property
    def kurang(self) -> int:
        return self.total - self.memenuhi

    @property
    def persen(self) -> Decimal | None:
        return persen(self.memenuhi, self.total)


@dataclass(frozen=True)
class Talenta:
    """The 9-box of the latest year with placements: box → pegawai (all nine boxes)."""

    tahun: int | None
    grid: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.grid.values())

    @property
    def baris(self) -> list[list[tuple[int, int]]]:
        """The grid as laid out on the page (kinerja rising upward, potensi to the right)."""
        return [[(k, self.grid.get(k, 0)) for k in row] for row in TATA_LETAK]


@dataclass(frozen=True)
class KPMendatang:
    """Active PNS (below the top golongan) whose time in their golongan reaches 4 years (2 in a
    jabatan fungsional) by the next KP date of the policy: the time condition only; the KP page
    checks the rest."""

    tanggal: datetime.date
    reguler: int
    fungsional: int
    # the latest TMT golongan that meets each condition on ``tanggal`` (to the day)
    batas_reguler: datetime.date
    batas_fungsional: datetime.date

    @property
    def jumlah(self) -> int:
        return self.reguler + self.fungsional


@dataclass(frozen=True)
class BarisLowongan:
    jabatan_id: int
    nama: str
    unit: str
    jenis: str
    kebutuhan: int
    pemangku: int

    @property
    def lowongan(self) -> int:
        return self.kebutuhan - self.pemangku

    @property
    def jenis_label(self) -> str:
        return str(Jabatan.Jenis(self.jenis).label) if self.jenis in Jabatan.Jenis.values else self.jenis

    @property
    def seleksi_terbuka(self) -> bool:
        """JPT Pratama is filled only by open selection (DOMAIN.md §6)."""
        return self.jenis == Jabatan.Jenis.JPT_PRATAMA


@dataclass(frozen=True)
class Lowongan:
    """Jabatan with a vacancy: how many, the seats open in them, and those with the most."""

    jabatan: int
    formasi: int
    teratas: list[BarisLowongan]


@dataclass(frozen=True)
class BarisSiklus:
    periode_id: int
    periode: str
    jenis: str
    tanggal_selesai: datetime.date
    periode_ditutup: bool
    siklus_id: int | None
    status: str  # a SiklusEvaluasi.Status value, "" when no cycle has been started
    selesai_pada: datetime.datetime | None
    # no cycle yet for a period that has ended: BKD may start one
    boleh_dimulai: bool

    @property
    def status_label(self) -> str:
        return str(SiklusEvaluasi.Status(self.status).label) if self.status else ""


@dataclass(frozen=True)
class Dasbor:
    instansi_id: int
    pada: datetime.date
    pegawai: int
    pns: int
    pppk: int
    per_unit: list[BarisUnit]
    per_golongan: list[Hitungan]
    per_jenis_jabatan: list[Hitungan]
    per_jenis_kelamin: list[Hitungan]
    predikat: SebaranPredikat
    ikm: IKMUnit
    jp: KepatuhanJP
    talenta: Talenta
    kp: KPMendatang
    lowongan: Lowongan
    rekomendasi: list[Hitungan]
    siklus: list[BarisSiklus] = field(default_factory=list)
    dihitung_pada: datetime.datetime = field(default_factory=timezone.now)

    @property
    def kandidat_promosi(self) -> int:
        return next((r.jumlah for r in self.rekomendasi if r.kunci == JenisRekomendasi.PROMOSI), 0)


# ---------------------------------------------------------------------------------------------
# The queries


def batas_tmt(tanggal: datetime.date, tahun: int) -> datetime.date:
    """The latest TMT golongan whose ``tahun`` years are complete on ``tanggal``, to the day, as
    ``karier.rules`` counts them (``add_years(tmt, tahun) <= tanggal``)."""
    # going back ``tahun`` years never overshoots (a 29 February lands on the 28th, whose years
    # end on or before ``tanggal``); step forward over the days that still make it
    t = add_years(tanggal, -tahun)
    satu = datetime.timedelta(days=1)
    while add_years(t + satu, tahun) <= tanggal:
        t += satu
    return t


def _unit(instansi_id: int) -> dict[int, str]:
    """Top-level units: id → name, by name. One query."""
    return dict(
        UnitKerja.objects.filter(instansi_id=instansi_id, parent__isnull=True)
        .order_by("nama", "id")
        .values_list("id", "nama")
    )


def _pegawai_aktif(instansi_id: int) -> Any:
    return Pegawai.objects.filter(instansi_id=instansi_id, status=Pegawai.Status.AKTIF)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _sql_per_unit() -> str:
    """Active pegawai per unit path × jenis kelamin × jenis ASN, with how many of them are PNS at or
    above the JP minimum of the year. The JP of a pegawai is pelatihan's: completed training
    records of the year plus the sessions of the mentoring or coaching pairs (active or finished)
    in which they are the mentee (``pelatihan.selectors.dasar.jp_tahun_map``), summed once over
    both sources and joined, instead of two correlated subqueries per pegawai."""
    peg, unit = Pegawai._meta.db_table, UnitKerja._meta.db_table
    riw, sesi, pas = RiwayatPelatihan._meta.db_table, SesiMentoring._meta.db_table, PasanganMentoring._meta.db_table
    return f"""
        SELECT u.{_q("path")}, a.jenis_kelamin, a.jenis_asn, a.n, a.memenuhi
        FROM (
            SELECT p.{_q("unit_kerja_id")} AS unit_kerja_id, p.{_q("jenis_kelamin")} AS jenis_kelamin,
                   p.{_q("jenis_asn")} AS jenis_asn, COUNT(*) AS n,
                   SUM(CASE WHEN p.{_q("jenis_asn")} = %(pns)s AND (j.pegawai_id IS NOT NULL OR %(minimal)s <= 0)
                       THEN 1 ELSE 0 END) AS memenuhi
            FROM {_q(peg)} p
            LEFT JOIN (
                SELECT x.pegawai_id FROM (
                    SELECT r.{_q("pegawai_id")} AS pegawai_id, r.{_q("jp")} AS jp
                    FROM {_q(riw)} r
                    WHERE r.{_q("instansi_id")} = %(instansi)s AND r.{_q("tahun")} = %(tahun)s
                      AND r.{_q("status")} = %(selesai)s
                    UNION ALL
                    SELECT m.{_q("mentee_id")} AS pegawai_id, s.{_q("jp")} AS jp
                    FROM {_q(sesi)} s JOIN {_q(pas)} m ON m.{_q("id")} = s.{_q("pasangan_id")}
                    WHERE m.{_q("instansi_id")} = %(instansi)s
                      AND m.{_q("status")} IN (%(aktif_pasangan)s, %(selesai_pasangan)s)
                      AND s.{_q("tanggal")} >= %(mulai)s AND s.{_q("tanggal")} < %(sampai)s
                ) x
                GROUP BY x.pegawai_id
                HAVING SUM(x.jp) >= %(minimal)s
            ) j ON j.pegawai_id = p.{_q("id")}
            WHERE p.{_q("instansi_id")} = %(instansi)s AND p.{_q("status")} = %(aktif)s
            GROUP BY p.{_q("unit_kerja_id")}, p.{_q("jenis_kelamin")}, p.{_q("jenis_asn")}
        ) a
        JOIN {_q(unit)} u ON u.{_q("id")} = a.unit_kerja_id
    """  # noqa: S608 - table and column names from the models, values as parameters


def _per_unit(
    instansi_id: int, teratas: dict[int, str], *, tahun: int, minimal: int
) -> tuple[dict[int, BarisUnit], Counter[str], Counter[str], KepatuhanJP]:
    """Active pegawai per top-level unit, jenis kelamin and jenis ASN, and the JP compliance of
    the active PNS (DOMAIN.md §5) in total and per unit. One GROUP BY query."""
    baris = {pk: BarisUnit(unit_id=pk, nama=nama) for pk, nama in teratas.items()}
    kelamin: Counter[str] = Counter()
    asn: Counter[str] = Counter()
    params: dict[str, Any] = {
        "instansi": instansi_id,
        "tahun": tahun,
        "minimal": minimal,
        "pns": JenisASN.PNS.value,
        "aktif": Pegawai.Status.AKTIF.value,
        "selesai": RiwayatPelatihan.Status.SELESAI.value,
        "aktif_pasangan": STATUS_PASANGAN_BERJALAN[0].value,
        "selesai_pasangan": STATUS_PASANGAN_BERJALAN[1].value,
        "mulai": datetime.date(tahun, 1, 1),
        "sampai": datetime.date(tahun + 1, 1, 1),
    }
    with connection.cursor() as cursor:
        cursor.execute(_sql_per_unit(), params)
        rows = cursor.fetchall()
    jp_memenuhi = 0
    for path, jk, jenis_asn, n, memenuhi in rows:
        memenuhi = int(memenuhi or 0)
        kelamin[jk] += n
        asn[jenis_asn] += n
        jp_memenuhi += memenuhi
        top = _unit_teratas(path)
        b = baris.get(top) if top is not None else None
        if b is None:
            continue
        b.jumlah += n
        b.pns_jp_memenuhi += memenuhi
        if jk == JenisKelamin.LAKI_LAKI:
            b.laki_laki += n
        else:
            b.perempuan += n
        if jenis_asn == JenisASN.PNS:
            b.pns += n
        else:
            b.pppk += n
    jp = KepatuhanJP(tahun=tahun, minimal=minimal, total=asn.get(JenisASN.PNS, 0), memenuhi=jp_memenuhi)
    return baris, kelamin, asn, jp


def _per_golongan(instansi_id: int, kp_tanggal: datetime.date) -> tuple[list[Hitungan], list[Hitungan], KPMendatang]:
    """Active pegawai per golongan and per jenis jabatan, and the PNS meeting the KP time
    condition on ``kp_tanggal``. One GROUP BY query with conditional counts."""
    b4 = batas_tmt(kp_tanggal, MASA_KP_REGULER_TAHUN)
    b2 = batas_tmt(kp_tanggal, MASA_KP_FUNGSIONAL_TAHUN)
    rows = (
        _pegawai_aktif(instansi_id)
        .values_list("golongan_id", "golongan__jenis_asn", "golongan__kode", "golongan__urutan", "jabatan__jenis")
        .annotate(
            n=Count("id"),
            kp4=Count("id", filter=Q(jenis_asn=JenisASN.PNS, tmt_golongan__lte=b4)),
            kp2=Count("id", filter=Q(jenis_asn=JenisASN.PNS, tmt_golongan__lte=b2)),
        )
        .order_by()
    )
    golongan: dict[int, list[Any]] = {}
    jenis: Counter[str] = Counter()
    reguler = fungsional = 0
    for gol_id, gol_asn, kode, urutan, jenis_jabatan, n, kp4, kp2 in rows:
        g = golongan.setdefault(gol_id, [gol_asn, urutan, kode, 0])
        g[3] += n
        jenis[jenis_jabatan or ""] += n
        if gol_asn != JenisASN.PNS or golongan_berikut(kode) is None:
            continue
        if jenis_jabatan in JENIS_FUNGSIONAL:
            fungsional += kp2
        else:
            reguler += kp4
    urut_asn = {JenisASN.PNS: 0, JenisASN.PPPK: 1}
    per_golongan = [
        Hitungan(kunci=str(gol_id), label=kode if asn_ == JenisASN.PNS else f"PPPK {kode}", jumlah=n)
        for gol_id, (asn_, _urutan, kode, n) in sorted(
            golongan.items(), key=lambda item: (urut_asn.get(item[1][0], 9), item[1][1])
        )
    ]
    label_jenis = dict(Jabatan.Jenis.choices)
    per_jenis = [
        Hitungan(kunci=j, label=str(label_jenis[j]), jumlah=jenis[j]) for j in Jabatan.Jenis.values if jenis.get(j)
    ]
    if jenis.get(""):
        per_jenis.append(Hitungan(kunci="", label=_("Tanpa jabatan"), jumlah=jenis[""]))
    kp = KPMendatang(tanggal=kp_tanggal, reguler=reguler, fungsional=fungsional, batas_reguler=b4, batas_fungsional=b2)
    return per_golongan, per_jenis, kp


def _predikat(instansi_id: int, teratas: dict[int, str]) -> SebaranPredikat:
    """Rated staff per predikat of each top-level unit in the latest annual period with rated
    evaluations, counted as calibration counts them (``penilaian.selectors.kalibrasi.staff_q``:
    the unit and below, without the head of the unit itself). One query."""
    terakhir = (
        Periode.objects.filter(instansi_id=instansi_id, jenis=JenisPeriode.TAHUNAN)
        .filter(Exists(EvaluasiKinerja.objects.filter(periode=OuterRef("pk")).exclude(predikat="")))
        .order_by("-tahun", "-tanggal_selesai")
        .values("pk")[:1]
    )
    rows = (
        EvaluasiKinerja.objects.filter(periode_id=Subquery(terakhir), unit_kerja__isnull=False)
        .exclude(predikat="")
        .values_list("periode_id", "periode__tahun", "unit_kerja_id", "unit_kerja__path", "is_kepala_unit", "predikat")
        .annotate(n=Count("id"))
        .order_by()
    )
    hitungan: dict[int, Counter[str]] = defaultdict(Counter)
    periode_id = tahun = None
    for pid, th, unit_id, path, kepala, predikat, n in rows:
        periode_id, tahun = pid, th
        top = _unit_teratas(path)
        if top is None or top not in teratas or (kepala and unit_id == top):
            continue
        hitungan[top][predikat] += n
    baris = [BarisPredikat(unit_id=pk, nama=nama, hitungan=dict(hitungan[pk])) for pk, nama in teratas.items()]
    return SebaranPredikat(periode_id=periode_id, tahun=tahun, baris=baris)


def _ikm(instansi_id: int) -> IKMUnit:
    """The IKM results of the latest period with any (an instansi may survey thousands of units
    layanan: schools, puskesmas, kelurahan): their number, mean and count per mutu, and the lowest
    ``IKM_TERENDAH``. One query."""
    terakhir = (
        HasilIKM.objects.filter(periode__instansi_id=instansi_id)
        .order_by("-periode__tanggal_selesai", "-periode__tanggal_mulai", "-periode_id")
        .values("periode_id")[:1]
    )
    rows = list(
        HasilIKM.objects.filter(periode_id=Subquery(terakhir))
        .order_by("ikm", "unit_kerja__nama", "unit_kerja_id")
        .values_list(
            "unit_kerja_id",
            "unit_kerja__nama",
            "ikm",
            "mutu",
            "responden",
            "dipublikasikan",
            "periode_id",
            "periode__jenis",
            "periode__nomor",
            "periode__tahun",
        )
    )
    if not rows:
        return IKMUnit(periode_id=None, periode="", jumlah=0, rata_rata=None, per_mutu=[], terendah=[])
    _u, _n, _i, _m, _r, _d, periode_id, jenis, nomor, tahun = rows[0]
    mutu = Counter(r[3] for r in rows)
    total = sum((r[2] for r in rows), Decimal(0))
    return IKMUnit(
        periode_id=periode_id,
        periode=periode_nama(jenis, nomor, tahun),
        jumlah=len(rows),
        rata_rata=(total / len(rows)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        per_mutu=[Hitungan(kunci=m.value, label=str(m.label), jumlah=mutu.get(m.value, 0)) for m in MutuIKM],
        terendah=[
            BarisIKM(unit_id=u, nama=nama, ikm=ikm, mutu=m, responden=responden, dipublikasikan=publik)
            for u, nama, ikm, m, responden, publik, *_ in rows[:IKM_TERENDAH]
        ],
    )


def _sql_lowongan() -> str:
    """The jabatan of the instansi with fewer active holders than their kebutuhan, the most open
    seats first, with their number and the seats open in all of them (window aggregates, so only
    the first rows travel): the holders are counted per jabatan in one pass over the active
    pegawai (a derived table), then joined."""
    jab, unit, peg = Jabatan._meta.db_table, UnitKerja._meta.db_table, Pegawai._meta.db_table
    return f"""
        SELECT j.{_q("id")}, j.{_q("nama")}, u.{_q("nama")}, j.{_q("jenis")}, j.{_q("kebutuhan")},
               COALESCE(c.n, 0), COUNT(*) OVER (), SUM(j.{_q("kebutuhan")} - COALESCE(c.n, 0)) OVER ()
        FROM {_q(jab)} j
        JOIN {_q(unit)} u ON u.{_q("id")} = j.{_q("unit_kerja_id")}
        LEFT JOIN (
            SELECT {_q("jabatan_id")} AS jabatan_id, COUNT(*) AS n FROM {_q(peg)}
            WHERE {_q("instansi_id")} = %(instansi)s AND {_q("status")} = %(aktif)s AND {_q("jabatan_id")} IS NOT NULL
            GROUP BY {_q("jabatan_id")}
        ) c ON c.jabatan_id = j.{_q("id")}
        WHERE j.{_q("instansi_id")} = %(instansi)s AND j.{_q("kebutuhan")} > COALESCE(c.n, 0)
        ORDER BY j.{_q("kebutuhan")} - COALESCE(c.n, 0) DESC, u.{_q("path")}, j.{_q("nama")}, j.{_q("id")}
        LIMIT %(batas)s
    """  # noqa: S608 - table and column names from the models, values as parameters


def _lowongan(instansi_id: int) -> Lowongan:
    """Jabatan whose kebutuhan exceeds their active holders: how many, the seats open, and the
    ``LOWONGAN_TERATAS`` with the most (then by unit and name). One query."""
    params: dict[str, Any] = {"instansi": instansi_id, "aktif": Pegawai.Status.AKTIF.value, "batas": LOWONGAN_TERATAS}
    with connection.cursor() as cursor:
        cursor.execute(_sql_lowongan(), params)
        rows = cursor.fetchall()
    if not rows:
        return Lowongan(jabatan=0, formasi=0, teratas=[])
    return Lowongan(
        jabatan=int(rows[0][6]),
        formasi=int(rows[0][7]),
        teratas=[
            BarisLowongan(jabatan_id=pk, nama=nama, unit=unit, jenis=jenis, kebutuhan=keb, pemangku=int(pem))
            for pk, nama, unit, jenis, keb, pem, _n, _f in rows
        ],
    )


def _talenta(instansi_id: int) -> Talenta:
    """The 9-box of the latest year with placements (``karier.selectors.talenta``: the year of
    ``tahun_talenta_terakhir``, the counts of ``grid_talenta``), in one query instead of their two."""
    terakhir = PenempatanTalenta.objects.filter(instansi_id=instansi_id).order_by("-tahun").values("tahun")[:1]
    rows = (
        PenempatanTalenta.objects.filter(instansi_id=instansi_id, tahun=Subquery(terakhir))
        .values_list("tahun", "kotak")
        .annotate(n=Count("id"))
        .order_by()
    )
    tahun: int | None = None
    hitung: dict[int, int] = {}
    for th, kotak, n in rows:
        tahun = th
        if kotak is not None:
            hitung[kotak] = n
    return Talenta(tahun=tahun, grid={k: hitung.get(k, 0) for k in KOTAK_SEMUA} if tahun else {})


def _rekomendasi(instansi_id: int) -> list[Hitungan]:
    """Open recommendations (awaiting the committee) per jenis, every jenis listed. One query."""
    found = dict(
        Rekomendasi.objects.filter(instansi_id=instansi_id, status__in=Rekomendasi.TERBUKA)
        .values_list("jenis")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [Hitungan(kunci=j.value, label=str(j.label), jumlah=found.get(j.value, 0)) for j in JenisRekomendasi]


def _siklus(instansi_id: int, pada: datetime.date) -> list[BarisSiklus]:
    """The latest periods that have started, with their evaluation cycle. One query."""
    rows = (
        Periode.objects.filter(instansi_id=instansi_id, tanggal_mulai__lte=pada)
        .select_related("siklus")
        .order_by("-tanggal_selesai", "-tanggal_mulai", "jenis")[:SIKLUS_TERAKHIR]
    )
    out = []
    for p in rows:
        siklus: SiklusEvaluasi | None = getattr(p, "siklus", None)
        out.append(
            BarisSiklus(
                periode_id=p.pk,
                periode=p.nama,
                jenis=p.jenis,
                tanggal_selesai=p.tanggal_selesai,
                periode_ditutup=p.status == Periode.Status.DITUTUP,
                siklus_id=siklus.pk if siklus else None,
                status=siklus.status if siklus else "",
                selesai_pada=siklus.selesai_pada if siklus else None,
                boleh_dimulai=siklus is None and p.tanggal_selesai < pada,
            )
        )
    return out


def dasbor_instansi(*, instansi: Instansi, pada: datetime.date | None = None) -> Dasbor:
    """Every figure of the dashboard for ``instansi`` as of ``pada`` (today by default): the
    caller has checked that the user reads this instansi (``karier.permissions.require_komite``).
    Nine queries, whatever the number of pegawai."""
    pada = pada or timezone.localdate()
    kebijakan: Kebijakan = instansi.kebijakan
    teratas = _unit(instansi.pk)
    per_unit, kelamin, asn, jp = _per_unit(instansi.pk, teratas, tahun=pada.year, minimal=kebijakan.jp_minimal_tahunan)
    per_golongan, per_jenis, kp = _per_golongan(instansi.pk, tanggal_kp_berikut(pada, kebijakan.bulan_periode_kp))
    label_jk = dict(JenisKelamin.choices)
    return Dasbor(
        instansi_id=instansi.pk,
        pada=pada,
        pegawai=sum(asn.values()),
        pns=asn.get(JenisASN.PNS, 0),
        pppk=asn.get(JenisASN.PPPK, 0),
        per_unit=list(per_unit.values()),
        per_golongan=per_golongan,
        per_jenis_jabatan=per_jenis,
        per_jenis_kelamin=[
            Hitungan(kunci=jk, label=str(label_jk[jk]), jumlah=kelamin.get(jk, 0)) for jk in JenisKelamin.values
        ],
        predikat=_predikat(instansi.pk, teratas),
        ikm=_ikm(instansi.pk),
        jp=jp,
        talenta=_talenta(instansi.pk),
        kp=kp,
        lowongan=_lowongan(instansi.pk),
        rekomendasi=_rekomendasi(instansi.pk),
        siklus=_siklus(instansi.pk, pada),
    )


def dasbor_cache_key(*, instansi_id: int, pada: datetime.date) -> str:
    """Per instansi, day (so per year) and language (the labels are translated)."""
    return f"karier:dasbor:{instansi_id}:{pada.isoformat()}:{get_language() or ''}"


def dasbor_instansi_cached(*, instansi: Instansi, pada: datetime.date | None = None, segar: bool = False) -> Dasbor:
    """``dasbor_instansi`` kept in the cache per instansi, day and language. Figures older than
    ``CACHE_DETIK`` seconds are still served (up to ``SIMPAN_DETIK``) while one background task
    computes them afresh, so that no visitor waits for the full computation once the figures have
    been computed; ``segar`` computes afresh now (and replaces the kept figures)."""
    pada = pada or timezone.localdate()
    key = dasbor_cache_key(instansi_id=instansi.pk, pada=pada)
    if not segar:
        hasil = cache.get(key)
        if isinstance(hasil, Dasbor):
            umur = (timezone.now() - hasil.dihitung_pada).total_seconds()
            if umur > CACHE_DETIK and cache.add(f"{key}:segarkan", 1, CACHE_DETIK):
                from karier.tasks.dasbor import dasbor_segarkan_task

                bahasa = get_language() or ""
                transaction.on_commit(lambda: dasbor_segarkan_task.delay(instansi.pk, pada.isoformat(), bahasa))
            return hasil
    hasil = dasbor_instansi(instansi=instansi, pada=pada)
    cache.set(key, hasil, SIMPAN_DETIK)
    return hasil
    hasil = dasbor_instansi(instansi=instansi, pada=pada)
    cache.set(key, hasil, CACHE_DETIK)
    return hasil
