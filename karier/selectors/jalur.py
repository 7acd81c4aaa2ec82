"""Reads of a pegawai's career path (jalur karier): the timeline of pangkat, jabatan, education,
training, annual predikat, 9-box placements, KRS membership and awards; the next KP date and what
is still missing on it; the current box with its actions; the gaps to the current jabatan, to each
target jabatan (or, with none set, to the jabatan one level up the reporting line) with the
programmes that close them; JP of the year against the minimum; the rotation window; masa kerja.

Everything reads one pegawai's rows by ``pegawai_id`` (indexed), never the instansi: the page of a
pegawai stays within its query budget at any instansi size. The pegawai's own rows (riwayat,
predikat, placements, KRS, awards, targets and this year's mentoring sessions) come back in one
round trip (a UNION ALL of per-table reads with the same columns), with the standar kompetensi of
the jabatan the gaps are measured against."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import CharField, DateField, DecimalField, F, IntegerField, QuerySet, Value
from django.db.models.functions import Cast, TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.policies import Kebijakan
from karier.models import AnggotaKRS, JenisPenghargaan, PenempatanTalenta, RiwayatPenghargaan
from karier.rules import (
    MASA_KP_FUNGSIONAL_TAHUN,
    MASA_KP_REGULER_TAHUN,
    TINDAKAN_KOTAK,
    Kekurangan,
    StatusRotasi,
    Tindakan,
    masa_teks,
    status_rotasi,
    tanggal_kp_berikut,
)
from karier.selectors.kp import is_fungsional, kp_pegawai
from karier.selectors.talenta import TATA_LETAK
from pegawai.models import (
    Jabatan,
    JenisASN,
    Pegawai,
    Pendidikan,
    RiwayatJabatan,
    RiwayatPangkat,
    RiwayatPendidikan,
    User,
)
from pegawai.permissions import id_or_404, pegawai_visible_q
from pegawai.rules import MasaKerja, add_years, masa_kerja
from pegawai.selectors import kebijakan_get
from pelatihan.models import RiwayatPelatihan, SesiMentoring, TargetJabatan
from pelatihan.rules import Bentuk
from pelatihan.selectors.dasar import STATUS_PASANGAN_BERJALAN, level_efektif_map
from pelatihan.selectors.jp import CapaianJP, capaian_jp
from pelatihan.selectors.kebutuhan import Kesenjangan
from pelatihan.selectors.program import program_memenuhi_syarat, program_penutup_map
from penilaian.models import EvaluasiKinerja, JenisPeriode, Kompetensi, StandarKompetensi
from penilaian.rules import (
    KategoriJPM,
    KategoriSeleksi,
    LevelKinerja,
    LevelPotensi,
    Predikat,
    jpm,
    kategori_jpm,
    kategori_seleksi,
)

# ---------------------------------------------------------------------------------------------
# Whose path: the pegawai the user may see (404 otherwise)


def jalur_pegawai_qs() -> QuerySet[Pegawai]:
    """Pegawai with everything the career path reads from the row itself (the jabatan one level
    up is the suggested target)."""
    return Pegawai.objects.select_related("instansi", "golongan", "jabatan", "jabatan__atasan", "unit_kerja")


def jalur_pegawai_get(*, user: User, pegawai_id: Any = None) -> Pegawai:
    """The pegawai whose career path the user opens: with no ``pegawai_id`` the user's own (404
    for a login without a pegawai record); otherwise one the user may see (a pegawai themself, an
    atasan their subordinates, BKD and pimpinan their instansi), 404 for everyone else. One query
    for the own path, two for another pegawai's (the user's own record scopes an atasan)."""
    if not user.is_authenticated:
        raise Http404
    if pegawai_id is None:
        obj = jalur_pegawai_qs().filter(user_id=user.pk).first()
    else:
        obj = jalur_pegawai_qs().filter(pegawai_visible_q(user), pk=id_or_404(pegawai_id)).first()
    if obj is None:
        raise Http404
    return obj


# ---------------------------------------------------------------------------------------------
# The pegawai's own rows, in one round trip


class JenisPeristiwa:
    """Kinds of timeline entries (and two kinds read with them that the timeline does not show)."""

    PANGKAT = "pangkat"
    JABATAN = "jabatan"
    PENDIDIKAN = "pendidikan"
    PELATIHAN = "pelatihan"
    PREDIKAT = "predikat"
    TALENTA = "talenta"
    KRS = "krs"
    PENGHARGAAN = "penghargaan"
    TARGET = "target"
    SESI = "sesi"
    STANDAR = "standar"

    LABEL: dict[str, Any] = {
        PANGKAT: gettext_lazy("Pangkat"),
        JABATAN: gettext_lazy("Jabatan"),
        PENDIDIKAN: gettext_lazy("Pendidikan"),
        PELATIHAN: gettext_lazy("Pelatihan"),
        PREDIKAT: gettext_lazy("Predikat kinerja"),
        TALENTA: gettext_lazy("Kotak talenta"),
        KRS: gettext_lazy("Kelompok rencana suksesi"),
        PENGHARGAAN: gettext_lazy("Penghargaan"),
    }
    TIMELINE = tuple(LABEL)


# the columns every branch of the UNION returns, with their types
_KOLOM: dict[str, Any] = {
    "jenis": CharField(),
    "tanggal": DateField(),
    "tanggal2": DateField(),
    "tahun": IntegerField(),
    "a": CharField(),
    "b": CharField(),
    "c": CharField(),
    "d": CharField(),
    "angka": DecimalField(max_digits=8, decimal_places=2),
    "i": IntegerField(),
    "i2": IntegerField(),
}


@dataclass(frozen=True)
class Baris:
    """One row of the UNION: a kind and its generic columns (see ``_cabang`` for their meaning)."""

    jenis: str
    tanggal: datetime.date | None
    tanggal2: datetime.date | None
    tahun: int | None
    a: str | None
    b: str | None
    c: str | None
    d: str | None
    angka: Decimal | None
    i: int | None
    i2: int | None


def _cabang(qs: QuerySet[Any], jenis: str, **kolom: Any) -> QuerySet[Any]:
    """One branch: ``qs`` read as the shared columns (absent ones NULL of their type), each cast
    so that the UNION resolves one type per column."""
    nilai = {"jenis": Value(jenis), **kolom}
    anotasi = {f"jl_{nama}": Cast(nilai.get(nama, Value(None)), output_field=tipe) for nama, tipe in _KOLOM.items()}
    return qs.order_by().annotate(**anotasi).values_list(*anotasi)


def _cabang_standar(qs: QuerySet[StandarKompetensi]) -> QuerySet[Any]:
    return _cabang(
        qs,
        JenisPeristiwa.STANDAR,
        a=F("kompetensi__nama"),
        b=F("kompetensi__kode"),
        angka=F("level"),
        i=F("jabatan_id"),
        i2=F("kompetensi_id"),
    )


def baris_qs(*, pegawai_id: int, instansi_id: int, jabatan_ids: tuple[int, int], tahun: int) -> QuerySet[Any]:
    """Every row of a pegawai the career path shows, as one UNION ALL: riwayat pangkat, jabatan
    and pendidikan, completed training, rated annual predikat, 9-box placements, KRS membership,
    awards, the active target jabatan, the mentoring sessions of ``tahun`` as mentee (their JP
    counts towards the year's JP as in ``pelatihan.selectors.dasar.jp_tahun_map``) and the
    standar kompetensi of the active targets and of ``jabatan_ids`` (the current jabatan and the
    one above it; 0 for none)."""
    pid = pegawai_id
    target_ids = TargetJabatan.objects.filter(pegawai_id=pid, is_active=True).values("jabatan_id")
    cabang = [
        _cabang(
            RiwayatPangkat.objects.filter(pegawai_id=pid),
            JenisPeristiwa.PANGKAT,
            tanggal=F("tmt"),
            a=F("golongan__kode"),
            b=F("golongan__pangkat"),
            c=F("jenis"),
            d=F("nomor_sk"),
        ),
        _cabang(
            RiwayatJabatan.objects.filter(pegawai_id=pid),
            JenisPeristiwa.JABATAN,
            tanggal=F("tmt"),
            tanggal2=F("tmt_selesai"),
            a=F("nama_jabatan"),
            b=F("nama_unit"),
            c=F("jenis_jabatan"),
            d=F("nomor_sk"),
        ),
        _cabang(
            RiwayatPendidikan.objects.filter(pegawai_id=pid),
            JenisPeristiwa.PENDIDIKAN,
            tahun=F("tahun_lulus"),
            a=F("tingkat"),
            b=F("jurusan"),
            c=F("institusi"),
        ),
        _cabang(
            RiwayatPelatihan.objects.filter(pegawai_id=pid, status=RiwayatPelatihan.Status.SELESAI),
            JenisPeristiwa.PELATIHAN,
            tanggal=F("tanggal_selesai"),
            tanggal2=F("tanggal_mulai"),
            tahun=F("tahun"),
            a=F("nama"),
            b=F("bentuk"),
            c=F("penyelenggara"),
            angka=F("jp"),
            i=F("program_id"),
            i2=F("instansi_id"),
        ),
        _cabang(
            EvaluasiKinerja.objects.filter(pegawai_id=pid, periode__jenis=JenisPeriode.TAHUNAN).exclude(predikat=""),
            JenisPeristiwa.PREDIKAT,
            tanggal=F("periode__tanggal_selesai"),
            tahun=F("periode__tahun"),
            a=F("predikat"),
        ),
        _cabang(
            PenempatanTalenta.objects.filter(pegawai_id=pid),
            JenisPeristiwa.TALENTA,
            tahun=F("tahun"),
            a=F("level_kinerja"),
            b=F("level_potensi"),
            c=F("predikat"),
            i=F("kotak"),
            i2=F("kotak_sebelumnya"),
        ),
        _cabang(
            AnggotaKRS.objects.filter(pegawai_id=pid),
            JenisPeristiwa.KRS,
            tanggal=TruncDate("created_at"),
            tahun=F("tahun"),
            a=F("jabatan_target__nama"),
        ),
        _cabang(
            RiwayatPenghargaan.objects.filter(pegawai_id=pid),
            JenisPeristiwa.PENGHARGAAN,
            tanggal=F("tanggal"),
            tahun=F("tahun"),
            a=F("jenis"),
            d=F("nomor_sk"),
        ),
        _cabang(
            TargetJabatan.objects.filter(pegawai_id=pid, is_active=True),
            JenisPeristiwa.TARGET,
            a=F("jabatan__nama"),
            c=F("sumber"),
            i=F("jabatan_id"),
        ),
        _cabang(
            SesiMentoring.objects.filter(
                pasangan__mentee_id=pid,
                pasangan__instansi_id=instansi_id,
                pasangan__status__in=STATUS_PASANGAN_BERJALAN,
                tanggal__year=tahun,
            ),
            JenisPeristiwa.SESI,
            tanggal=F("tanggal"),
            angka=F("jp"),
        ),
        # the standards of the targets, and of the current jabatan and the one above: two branches,
        # each on the jabatan index (one OR over both would scan every standard)
        _cabang_standar(StandarKompetensi.objects.filter(jabatan_id__in=target_ids)),
        _cabang_standar(StandarKompetensi.objects.filter(jabatan_id__in=jabatan_ids)),
    ]
    pertama, *lain = cabang
    return pertama.union(*lain, all=True)


# Compiling the twelve branches costs far more than running them (tens of ms against a few), so
# the SQL is compiled once per process with stand-in values that the call replaces by the
# pegawai's: their id, instansi, jabatan and the one above, and the year's bounds.
_PEGAWAI, _INSTANSI, _JABATAN, _ATASAN = -2_000_000_001, -2_000_000_002, -2_000_000_003, -2_000_000_004
_TAHUN = 1901


@functools.cache
def _sql_baris(vendor: str) -> tuple[str, tuple[Any, ...]]:
    qs = baris_qs(pegawai_id=_PEGAWAI, instansi_id=_INSTANSI, jabatan_ids=(_JABATAN, _ATASAN), tahun=_TAHUN)
    sql, params = qs.query.sql_with_params()
    return sql, tuple(params)


def _ganti(nilai: Any, peta: dict[Any, Any]) -> Any:
    if isinstance(nilai, bool):  # True == 1: never a stand-in
        return nilai
    try:
        return peta.get(nilai, nilai)
    except TypeError:  # an unhashable parameter is never a stand-in
        return nilai


def baris_pegawai(*, pegawai: Pegawai, tahun: int) -> list[Baris]:
    """The rows of ``baris_qs`` for ``pegawai`` and ``tahun``, in one query (see ``_sql_baris``)."""
    jabatan = pegawai.jabatan
    peta: dict[Any, Any] = {
        _PEGAWAI: pegawai.pk,
        _INSTANSI: pegawai.instansi_id,
        _JABATAN: pegawai.jabatan_id or 0,
        _ATASAN: (jabatan.atasan_id if jabatan is not None else None) or 0,
        datetime.date(_TAHUN, 1, 1): datetime.date(tahun, 1, 1),
        datetime.date(_TAHUN, 12, 31): datetime.date(tahun, 12, 31),
    }
    if connection.vendor != "postgresql":
        # elsewhere (SQLite, the embedded default) the queryset itself: its year bounds are
        # text parameters the stand-ins do not cover, and it converts each column's type
        qs = baris_qs(
            pegawai_id=pegawai.pk,
            instansi_id=pegawai.instansi_id,
            jabatan_ids=(peta[_JABATAN], peta[_ATASAN]),
            tahun=tahun,
        )
        return [_baris(tuple(row)) for row in qs]
    sql, params = _sql_baris(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [_ganti(p, peta) for p in params])
        return [_baris(row) for row in cursor.fetchall()]


def _tanggal(nilai: Any) -> datetime.date | None:
    """A date column of the raw UNION: PostgreSQL gives a date (or a timestamp), SQLite the text."""
    if nilai is None or type(nilai) is datetime.date:
        return nilai
    if isinstance(nilai, datetime.datetime):
        return timezone.localtime(nilai).date() if timezone.is_aware(nilai) else nilai.date()
    return datetime.date.fromisoformat(str(nilai)[:10])


def _baris(row: tuple[Any, ...]) -> Baris:
    jenis, tanggal, tanggal2, tahun, a, b, c, d, angka, i, i2 = row
    if angka is not None and not isinstance(angka, Decimal):
        angka = Decimal(str(angka))
    return Baris(jenis, _tanggal(tanggal), _tanggal(tanggal2), tahun, a, b, c, d, angka, i, i2)


# ---------------------------------------------------------------------------------------------
# The parts of the page


@dataclass(frozen=True)
class Peristiwa:
    """One timeline entry. ``tanggal`` is None for what only has a year (education, a box)."""

    tanggal: datetime.date | None
    tahun: int
    jenis: str
    judul: str
    keterangan: str

    @property
    def jenis_label(self) -> str:
        return str(JenisPeristiwa.LABEL[self.jenis])

    @property
    def urutan(self) -> tuple[datetime.date, int]:
        # year-only entries sit at the end of their year, an annual box after the year's predikat
        return (self.tanggal or datetime.date(self.tahun, 12, 31), 1 if self.tanggal is None else 0)


def _label(choices: Any, value: str | None) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _gabung(*bagian: str | None) -> str:
    return " · ".join(b for b in bagian if b)


def _peristiwa(b: Baris) -> Peristiwa | None:
    """A row as a timeline entry (None for the kinds the timeline does not show)."""
    tahun = b.tahun or (b.tanggal.year if b.tanggal else 0)
    if b.jenis == JenisPeristiwa.PANGKAT:
        judul = _("Golongan %(golongan)s") % {"golongan": b.a} + (f" ({b.b})" if b.b else "")
        keterangan = _gabung(_label(RiwayatPangkat.Jenis, b.c), _("SK %(nomor)s") % {"nomor": b.d} if b.d else None)
    elif b.jenis == JenisPeristiwa.JABATAN:
        judul = b.a or ""
        sampai = (
            _("sampai %(tanggal)s") % {"tanggal": b.tanggal2.strftime("%d-%m-%Y")}
            if b.tanggal2
            else _("sampai sekarang")
        )
        keterangan = _gabung(b.b, _label(Jabatan.Jenis, b.c), sampai)
    elif b.jenis == JenisPeristiwa.PENDIDIKAN:
        judul = _gabung(_label(Pendidikan, b.a), b.b)
        keterangan = _gabung(b.c, _("lulus %(tahun)d") % {"tahun": tahun})
    elif b.jenis == JenisPeristiwa.PELATIHAN:
        judul = b.a or ""
        keterangan = _gabung(_label(Bentuk, b.b), b.c, _("%(jp)s JP") % {"jp": _ringkas(b.angka)})
    elif b.jenis == JenisPeristiwa.PREDIKAT:
        judul = _("Predikat kinerja %(tahun)d: %(predikat)s") % {"tahun": tahun, "predikat": _label(Predikat, b.a)}
        keterangan = _("Evaluasi kinerja tahunan")
    elif b.jenis == JenisPeristiwa.TALENTA:
        judul = (
            _("Kotak talenta %(kotak)d (%(tahun)d)") % {"kotak": b.i, "tahun": tahun}
            if b.i
            else _("Belum ditempatkan pada kotak talenta (%(tahun)d)") % {"tahun": tahun}
        )
        keterangan = _gabung(
            _("kinerja %(level)s") % {"level": _label(LevelKinerja, b.a)} if b.a else None,
            _("potensi %(level)s") % {"level": _label(LevelPotensi, b.b)} if b.b else None,
        )
    elif b.jenis == JenisPeristiwa.KRS:
        judul = _("Anggota kelompok rencana suksesi %(tahun)d") % {"tahun": tahun}
        keterangan = _("disiapkan untuk %(jabatan)s") % {"jabatan": b.a} if b.a else ""
    elif b.jenis == JenisPeristiwa.PENGHARGAAN:
        judul = _label(JenisPenghargaan, b.a)
        keterangan = _("SK %(nomor)s") % {"nomor": b.d} if b.d else ""
    else:
        return None
    return Peristiwa(b.tanggal, tahun, b.jenis, judul, keterangan)


def _ringkas(d: Decimal | None) -> Decimal:
    d = d or Decimal(0)
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def timeline(rows: Iterable[Baris]) -> list[Peristiwa]:
    """The timeline entries of ``rows``, newest first."""
    out = [p for p in (_peristiwa(b) for b in rows) if p is not None]
    out.sort(key=lambda p: (p.urutan, p.jenis, p.judul), reverse=True)
    return out


@dataclass(frozen=True)
class KPBerikut:
    """The next KP: the first policy KP date on which the time in the golongan is met (or the next
    one from today when it already is), and what kp_pegawai still finds missing on it."""

    tanggal: datetime.date | None
    masa_terpenuhi_pada: datetime.date | None
    jenis: str  # "reguler" | "fungsional" | "" (no KP: PPPK)
    golongan: str
    golongan_baru: str | None
    kekurangan: tuple[Kekurangan, ...]

    @property
    def memenuhi(self) -> bool:
        return self.tanggal is not None and self.golongan_baru is not None and not self.kekurangan


def kp_berikut(*, pegawai: Pegawai, pada: datetime.date, kebijakan: Kebijakan) -> KPBerikut:
    """Two queries (predikat and running hukdis, in kp_pegawai); none for a PPPK."""
    golongan = pegawai.golongan.kode
    if pegawai.jenis_asn != JenisASN.PNS:
        hasil = kp_pegawai(pegawai=pegawai, tanggal_kp=pada, kebijakan=kebijakan)
        return KPBerikut(None, None, "", golongan, None, hasil.kekurangan)
    jabatan = pegawai.jabatan
    fungsional = jabatan is not None and is_fungsional(jabatan.jenis) and bool(jabatan.jenjang)
    cukup = add_years(pegawai.tmt_golongan, MASA_KP_FUNGSIONAL_TAHUN if fungsional else MASA_KP_REGULER_TAHUN)
    tanggal = tanggal_kp_berikut(max(pada, cukup), kebijakan.bulan_periode_kp)
    hasil = kp_pegawai(pegawai=pegawai, tanggal_kp=tanggal, kebijakan=kebijakan)
    if hasil.golongan_baru is None:  # the top golongan: no next KP date
        return KPBerikut(None, None, "", golongan, None, hasil.kekurangan)
    return KPBerikut(
        tanggal, cukup, "fungsional" if fungsional else "reguler", golongan, hasil.golongan_baru, hasil.kekurangan
    )


@dataclass(frozen=True)
class TalentaJalur:
    """The latest 9-box placement, its recommended actions and last year's box."""

    tahun: int
    kotak: int | None
    kotak_sebelumnya: int | None
    level_kinerja: str
    level_potensi: str
    predikat: str
    tata_letak: tuple[tuple[int, int, int], ...] = TATA_LETAK

    @property
    def tindakan(self) -> tuple[Tindakan, ...]:
        return TINDAKAN_KOTAK.get(self.kotak, ()) if self.kotak else ()

    @property
    def kinerja_label(self) -> str:
        return _label(LevelKinerja, self.level_kinerja)

    @property
    def potensi_label(self) -> str:
        return _label(LevelPotensi, self.level_potensi)


def talenta(rows: Iterable[Baris]) -> TalentaJalur | None:
    per_tahun = {b.tahun: b for b in rows if b.jenis == JenisPeristiwa.TALENTA and b.tahun}
    if not per_tahun:
        return None
    tahun = max(per_tahun)
    b = per_tahun[tahun]
    lalu = per_tahun.get(tahun - 1)
    sebelumnya = b.i2 if b.i2 is not None else (lalu.i if lalu is not None else None)
    return TalentaJalur(tahun, b.i, sebelumnya, b.a or "", b.b or "", b.c or "")


class PeranTarget:
    SEKARANG = "sekarang"
    TARGET = "target"
    SARAN = "saran"


@dataclass
class ProfilTarget:
    """One jabatan against the pegawai's levels: the current one, an active target, or the
    suggestion (the jabatan one level up the reporting line) when no target is set."""

    jabatan_id: int
    nama: str
    peran: str
    sumber: str  # TargetJabatan.Sumber of a target, "" otherwise
    jpm: Decimal | None
    kategori: str
    baris: list[Kesenjangan] = field(default_factory=list)

    @property
    def kesenjangan(self) -> list[Kesenjangan]:
        return [b for b in self.baris if b.gap > 0]

    @property
    def sumber_label(self) -> str:
        return _label(TargetJabatan.Sumber, self.sumber)


def _urutan_target(b: Baris) -> tuple[str, str]:
    return (b.c or "", b.a or "")


def target_jalur(*, pegawai: Pegawai, rows: list[Baris], tahun: int, kebijakan: Kebijakan) -> list[ProfilTarget]:
    """The current jabatan, then the active targets (or the suggestion), each with its JPM and
    category and, per kompetensi of its standard, the gap and the active programmes of ``tahun``
    that build it (with the pegawai's eligibility). Levels are the effective ones of
    ``pelatihan.selectors.dasar.level_efektif_map`` (the latest assessment, raised by training
    completed since), as in the needs pages. The standards come with ``rows``; at most four queries
    (the levels, none without a standard, and the programmes closing the gaps)."""
    jabatan: list[tuple[int, str, str, str]] = []
    if pegawai.jabatan is not None:
        jabatan.append((pegawai.jabatan.pk, pegawai.jabatan.nama, PeranTarget.SEKARANG, ""))
    targets = sorted(
        (b for b in rows if b.jenis == JenisPeristiwa.TARGET and b.i and b.i != pegawai.jabatan_id),
        key=_urutan_target,
        reverse=True,
    )
    jabatan.extend((b.i, b.a or "", PeranTarget.TARGET, b.c or "") for b in targets if b.i)
    atasan = pegawai.jabatan.atasan if pegawai.jabatan is not None else None
    if not targets and atasan is not None:
        jabatan.append((atasan.pk, atasan.nama, PeranTarget.SARAN, ""))
    if not jabatan:
        return []
    standar: dict[int, dict[int, int]] = {}
    kompetensi: dict[int, Kompetensi] = {}
    for b in rows:
        if b.jenis == JenisPeristiwa.STANDAR and b.i and b.i2 and b.angka is not None:
            standar.setdefault(b.i, {})[b.i2] = int(b.angka)
            kompetensi[b.i2] = Kompetensi(pk=b.i2, kode=b.b or "", nama=b.a or "")
    levels = level_efektif_map([pegawai.pk]).get(pegawai.pk, {}) if standar else {}
    kurang = {k for lv in standar.values() for k, perlu in lv.items() if levels.get(k, (0, "", None))[0] < perlu}
    penutup = program_penutup_map(instansi_id=pegawai.instansi_id, tahun=tahun, kompetensi_ids=kurang)
    dicapai = {k: lv for k, (lv, _s, _t) in levels.items()}
    out: list[ProfilTarget] = []
    for jabatan_id, nama, peran, sumber in jabatan:
        std = standar.get(jabatan_id, {})
        hasil = jpm(std, dicapai)
        if hasil is None:
            kategori = ""
        elif peran == PeranTarget.SEKARANG:
            kategori = str(
                KategoriJPM(
                    kategori_jpm(
                        hasil.persen,
                        optimal=kebijakan.jpm_optimal_minimal,
                        cukup_optimal=kebijakan.jpm_cukup_optimal_minimal,
                    )
                ).label
            )
        else:
            kategori = str(
                KategoriSeleksi(
                    kategori_seleksi(
                        hasil.persen,
                        memenuhi=kebijakan.jpm_memenuhi_syarat_minimal,
                        masih_memenuhi=kebijakan.jpm_masih_memenuhi_syarat_minimal,
                    )
                ).label
            )
        baris: list[Kesenjangan] = []
        for kompetensi_id, perlu in sorted(std.items(), key=lambda kv: kompetensi[kv[0]].kode):
            level, asal, tanggal = levels.get(kompetensi_id, (0, "", None))
            row = Kesenjangan(kompetensi[kompetensi_id], perlu, level, asal, tanggal)
            if row.gap > 0:
                row.program = [
                    (p, lv, program_memenuhi_syarat(p, pegawai))
                    for p, lv in penutup.get(kompetensi_id, [])
                    if lv > level
                ]
            baris.append(row)
        out.append(ProfilTarget(jabatan_id, nama, peran, sumber, hasil.persen if hasil else None, kategori, baris))
    return out


def jp_tahun(*, pegawai: Pegawai, rows: Iterable[Baris], tahun: int, kebijakan: Kebijakan) -> CapaianJP:
    """JP of ``tahun`` against the policy minimum: completed training of the year and the year's
    mentoring sessions as mentee, counted as ``jp_tahun_map`` counts them."""
    jp = Decimal(0)
    for b in rows:
        pelatihan_tahun_ini = b.jenis == JenisPeristiwa.PELATIHAN and b.tahun == tahun and b.i2 == pegawai.instansi_id
        if pelatihan_tahun_ini or b.jenis == JenisPeristiwa.SESI:
            jp += b.angka or 0
    return capaian_jp(jp=jp, tahun=tahun, minimal=kebijakan.jp_minimal_tahunan)


@dataclass(frozen=True)
class RotasiJalur:
    """Years in the current jabatan against the policy's rotation window."""

    tmt_jabatan: datetime.date | None
    masa_jabatan: MasaKerja | None
    status: StatusRotasi | None
    kandidat_pada: datetime.date | None
    jatuh_tempo_pada: datetime.date | None
    minimal: int
    maksimal: int

    @property
    def status_label(self) -> str:
        return str(self.status.label) if self.status is not None else ""

    @property
    def masa_teks(self) -> str:
        return masa_teks(self.masa_jabatan) if self.masa_jabatan is not None else ""


def rotasi_jalur(*, pegawai: Pegawai, pada: datetime.date, kebijakan: Kebijakan) -> RotasiJalur:
    minimal, maksimal = kebijakan.rotasi_minimal_tahun, kebijakan.rotasi_maksimal_tahun
    tmt = pegawai.tmt_jabatan if pegawai.jabatan_id else None
    if tmt is None:
        return RotasiJalur(None, None, None, None, None, minimal, maksimal)
    return RotasiJalur(
        tmt,
        masa_kerja(tmt, pada),
        StatusRotasi(status_rotasi(tmt, pada, minimal=minimal, maksimal=maksimal)),
        add_years(tmt, minimal),
        add_years(tmt, maksimal),
        minimal,
        maksimal,
    )


# ---------------------------------------------------------------------------------------------
# The whole page


@dataclass
class JalurKarier:
    pegawai: Pegawai
    pada: datetime.date
    tahun: int
    timeline: list[Peristiwa]
    kp: KPBerikut
    talenta: TalentaJalur | None
    target: list[ProfilTarget]
    jp: CapaianJP
    rotasi: RotasiJalur
    masa_kerja: MasaKerja
    masa_kerja_golongan: MasaKerja

    @property
    def masa_kerja_teks(self) -> str:
        return masa_teks(self.masa_kerja)

    @property
    def masa_kerja_golongan_teks(self) -> str:
        return masa_teks(self.masa_kerja_golongan)

    @property
    def saran(self) -> bool:
        """Whether the target section shows a suggestion (no target is set)."""
        return any(t.peran == PeranTarget.SARAN for t in self.target)


def jalur_karier(*, pegawai: Pegawai, pada: datetime.date | None = None) -> JalurKarier:
    """A pegawai's career path as of ``pada`` (today). ``pegawai`` comes from
    ``jalur_pegawai_get`` (its instansi, golongan, jabatan and the jabatan above loaded). At most
    seven queries: the pegawai's rows with the standards (1), the KP check (2), the levels (0–3)
    and the programmes closing the gaps (0–1)."""
    pada = pada or timezone.localdate()
    tahun = pada.year
    kebijakan = kebijakan_get(instansi=pegawai.instansi)
    rows = baris_pegawai(pegawai=pegawai, tahun=tahun)
    return JalurKarier(
        pegawai=pegawai,
        pada=pada,
        tahun=tahun,
        timeline=timeline(rows),
        kp=kp_berikut(pegawai=pegawai, pada=pada, kebijakan=kebijakan),
        talenta=talenta(rows),
        target=target_jalur(pegawai=pegawai, rows=rows, tahun=tahun, kebijakan=kebijakan),
        jp=jp_tahun(pegawai=pegawai, rows=rows, tahun=tahun, kebijakan=kebijakan),
        rotasi=rotasi_jalur(pegawai=pegawai, pada=pada, kebijakan=kebijakan),
        masa_kerja=masa_kerja(pegawai.tmt_cpns, pada),
        masa_kerja_golongan=masa_kerja(pegawai.tmt_golongan, pada),
    )
