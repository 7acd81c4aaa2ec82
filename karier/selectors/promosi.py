"""Vacant jabatan and their promotion candidates (DOMAIN.md §6; PP 11/2017 Pasal 198, PermenPANRB
on the eselon ↔ pangkat ranges in the research file §6.3).

A vacancy is a jabatan of jenis administrator, pengawas or JPT pratama with fewer active holders
than its ``kebutuhan``. JPT pratama is filled only by open selection (seleksi terbuka, PP 11/2017
Pasal 198), so it is listed without candidates. For administrator and pengawas, the pool is the
active PNS of the instansi one level below; each candidate passes hard requirements (education,
pangkat, time in the lower jabatan, predikat, leadership training, no running hukdis) or is
listed with every reason that failed. Those who pass are ranked by a transparent score whose
components and weights are shown.

Everything is set-based: the pool of a level and its facts are read once, whatever the number of
vacancies and pegawai (``kandidat_massal``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from common.policies import Kebijakan
from karier.models import AnggotaKRS, PenempatanTalenta
from karier.rules import PREDIKAT_BAIK, masa_teks
from pegawai.models import PENDIDIKAN_URUTAN, HukumanDisiplin, Instansi, Jabatan, Pegawai, Pendidikan
from pegawai.rules import add_years, masa_kerja
from pelatihan.models import ProgramPelatihan, RiwayatPelatihan
from penilaian.models import EvaluasiKinerja, JenisPeriode
from penilaian.rules import Predikat, jpm
from penilaian.selectors.kompetensi_dasar import level_kompetensi_map, standar_map

J = Jabatan.Jenis
JJ = Jabatan.Jenjang

JENIS_LOWONGAN = (J.JPT_PRATAMA, J.ADMINISTRATOR, J.PENGAWAS)

# The level below each promotable jenis (DOMAIN.md §6 "or equal JF"): the jabatan whose holders
# form the pool, as (jenis, jenjang or None for every jenjang). Administrator ← pengawas or the
# JF keahlian ahli muda; pengawas ← pelaksana, or the JF keahlian ahli pertama and JF
# keterampilan mahir/penyelia (the jenjang of the same pangkat range, research file §6.3).
LEVEL_BAWAH: dict[str, tuple[tuple[str, str | None], ...]] = {
    J.ADMINISTRATOR: ((J.PENGAWAS, None), (J.FUNGSIONAL_KEAHLIAN, JJ.AHLI_MUDA)),
    J.PENGAWAS: (
        (J.PELAKSANA, None),
        (J.FUNGSIONAL_KEAHLIAN, JJ.AHLI_PERTAMA),
        (J.FUNGSIONAL_KETERAMPILAN, JJ.MAHIR),
        (J.FUNGSIONAL_KETERAMPILAN, JJ.PENYELIA),
    ),
}
# minimum education (S-1/D-IV counts D-IV, the lower of the two in PENDIDIKAN_URUTAN) and years in
# the lower jabatan, per promotable jenis
PENDIDIKAN_MINIMAL: dict[str, str] = {J.ADMINISTRATOR: Pendidikan.D4, J.PENGAWAS: Pendidikan.D3}
PENDIDIKAN_MINIMAL_TEKS: dict[str, str] = {J.ADMINISTRATOR: "S-1/D-IV", J.PENGAWAS: "D-III"}
MASA_BAWAH_TAHUN: dict[str, int] = {J.ADMINISTRATOR: 3, J.PENGAWAS: 4}

# predikat history component: Sangat Baik 100, Baik 75, others 0, mean over the last 2 years
NILAI_PREDIKAT: dict[str, Decimal] = {Predikat.SANGAT_BAIK: Decimal(100), Predikat.BAIK: Decimal(75)}
SERATUS = Decimal(100)
DUA_DESIMAL = Decimal("0.01")


class Syarat:
    """Codes of the hard requirements, as they appear in a Kandidat's reasons."""

    PENDIDIKAN = "pendidikan"
    PANGKAT = "pangkat"
    MASA_JABATAN = "masa_jabatan"
    PREDIKAT = "predikat"
    PELATIHAN = "pelatihan_kepemimpinan"
    HUKDIS = "hukdis"


def _bulat(x: Decimal) -> Decimal:
    return x.quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)


@dataclass
class Lowongan:
    jabatan: Jabatan
    terisi: int
    seleksi_terbuka: bool
    # filled by lowongan_ringkas for the list page
    jumlah_memenuhi: int | None = None
    kandidat_teratas: Kandidat | None = None

    @property
    def lowong(self) -> int:
        return max(self.jabatan.kebutuhan - self.terisi, 0)

    @property
    def alasan(self) -> str:
        if self.seleksi_terbuka:
            return _(
                "JPT Pratama diisi hanya melalui seleksi terbuka (PP 11/2017 Pasal 198): tanpa peringkat kandidat "
                "dan tanpa rekomendasi."
            )
        return ""


@dataclass(frozen=True)
class Komponen:
    kode: str
    label: str
    nilai: Decimal
    bobot: int
    teks: str

    @property
    def kontribusi(self) -> Decimal:
        return _bulat(self.nilai * self.bobot / SERATUS)


@dataclass(frozen=True)
class Alasan:
    syarat: str
    pesan: str


@dataclass
class Kandidat:
    pegawai: Pegawai
    skor: Decimal | None = None
    peringkat: int | None = None
    komponen: list[Komponen] = field(default_factory=list)
    alasan: list[Alasan] = field(default_factory=list)
    # the requirements met, with what was checked (shown with the score, stored in dasar)
    terpenuhi: list[Alasan] = field(default_factory=list)

    @property
    def memenuhi(self) -> bool:
        return not self.alasan

    def dasar(self) -> list[dict[str, Any]]:
        """The rule and its components, as a recommendation stores them."""
        rows: list[dict[str, Any]] = [
            {"kode": k.kode, "label": k.label, "nilai": str(k.nilai), "bobot": k.bobot, "teks": k.teks}
            for k in self.komponen
        ]
        rows += [{"kode": a.syarat, "label": _("Syarat"), "nilai": True, "teks": a.pesan} for a in self.terpenuhi]
        return rows


@dataclass
class HasilKandidat:
    jabatan: Jabatan
    seleksi_terbuka: bool
    memenuhi: list[Kandidat] = field(default_factory=list)
    tidak_memenuhi: list[Kandidat] = field(default_factory=list)
    # said once for everyone: e.g. the catalogue defines no leadership training, no standard
    catatan: list[str] = field(default_factory=list)
    # every eligible pegawai id, best first (``memenuhi`` may hold only the first ``batas``)
    urutan: list[int] = field(default_factory=list)
    # how many are disqualified (``tidak_memenuhi`` may hold only the first ``batas_tidak``)
    jumlah_tidak_memenuhi: int = 0
    _bangun: Any = field(default=None, repr=False)

    @property
    def jumlah_memenuhi(self) -> int:
        return len(self.urutan)

    def kandidat(self, pegawai_id: int, peringkat: int) -> Kandidat:
        """The full candidate (components, requirements met) of an eligible pegawai id."""
        k: Kandidat = self._bangun(pegawai_id)
        k.peringkat = peringkat
        return k


# ---------------------------------------------------------------------------------------------
# Vacancies


def lowongan_list(*, instansi: Instansi, filters: dict[str, Any] | None = None) -> list[Lowongan]:
    """Jabatan of jenis administrator, pengawas and JPT pratama with open slots (kebutuhan > active
    holders), by unit. Filters: ``jenis``, ``unit_kerja_id``. One query."""
    f = filters or {}
    qs = (
        Jabatan.objects.filter(instansi=instansi, jenis__in=JENIS_LOWONGAN)
        .annotate(terisi=Count("pemangku", filter=Q(pemangku__status=Pegawai.Status.AKTIF)))
        .filter(kebutuhan__gt=F("terisi"))
        .select_related("unit_kerja", "golongan_minimal")
        .order_by("unit_kerja__path", "nama", "id")
    )
    if f.get("jenis"):
        qs = qs.filter(jenis=f["jenis"])
    if f.get("unit_kerja_id"):
        qs = qs.filter(unit_kerja_id=f["unit_kerja_id"])
    return [Lowongan(jabatan=j, terisi=j.terisi, seleksi_terbuka=j.jenis == J.JPT_PRATAMA) for j in qs]


def lowongan_get(*, instansi_id: int | None, jabatan_id: int) -> Lowongan | None:
    """One jabatan of the instansi that can be a vacancy (open or not), with its holders."""
    q = Q(pk=jabatan_id, jenis__in=JENIS_LOWONGAN)
    if instansi_id is not None:
        q &= Q(instansi_id=instansi_id)
    j = (
        Jabatan.objects.filter(q)
        .annotate(terisi=Count("pemangku", filter=Q(pemangku__status=Pegawai.Status.AKTIF)))
        .select_related("unit_kerja", "golongan_minimal", "instansi")
        .first()
    )
    if j is None:
        return None
    return Lowongan(jabatan=j, terisi=j.terisi, seleksi_terbuka=j.jenis == J.JPT_PRATAMA)


# ---------------------------------------------------------------------------------------------
# The pool of a level and its facts, read once


@dataclass
class _Fakta:
    """What the requirements and the score need of the pool of one level, from constant queries."""

    pool: list[Pegawai]
    predikat: dict[tuple[int, int], str]
    hukdis: set[int]
    wajib: dict[str, list[tuple[str, str]]]  # jenis jabatan → [(kode, nama)] of mandatory programmes
    selesai: dict[int, set[str]]  # pegawai → kode of completed programmes
    kotak: dict[int, tuple[int, int]]  # pegawai → (tahun, kotak)
    krs: dict[int, int | None]  # pegawai → jabatan_target of the latest KRS year
    krs_tahun: int | None
    level: dict[int, dict[int, int]]


def _pool_q(jenis_lowongan: Iterable[str]) -> Q:
    q = Q(pk__in=[])
    for jl in jenis_lowongan:
        for jenis, jenjang in LEVEL_BAWAH[jl]:
            q |= Q(jabatan__jenis=jenis) if jenjang is None else Q(jabatan__jenis=jenis, jabatan__jenjang=jenjang)
    return q


def _di_level(p: Pegawai, jenis_lowongan: str) -> bool:
    """Whether the pegawai's jabatan is one level below ``jenis_lowongan``."""
    if p.jabatan is None:
        return False
    return any(
        p.jabatan.jenis == jenis and (jenjang is None or p.jabatan.jenjang == jenjang)
        for jenis, jenjang in LEVEL_BAWAH[jenis_lowongan]
    )


def tahun_predikat(pada: datetime.date, tahun: int | None = None) -> tuple[int, int]:
    """The last two annual years (most recent first): ``tahun`` and the year before when given
    (the yearly run's year), otherwise the two years before ``pada``'s year."""
    t = tahun if tahun is not None else pada.year - 1
    return (t, t - 1)


def _fakta(*, instansi_id: int, jenis_lowongan: Sequence[str], pada: datetime.date, tahun: tuple[int, int]) -> _Fakta:
    """The pools of every level of ``jenis_lowongan`` and their facts, in one query per fact (the
    running hukdis and the latest box ride along the pool's query)."""
    hukdis_berjalan = HukumanDisiplin.objects.filter(
        Q(tmt_selesai__isnull=True) | Q(tmt_selesai__gte=pada),
        pegawai_id=OuterRef("pk"),
        tingkat__in=(HukumanDisiplin.Tingkat.SEDANG, HukumanDisiplin.Tingkat.BERAT),
        tmt_mulai__lte=pada,
    )
    kotak_terakhir = PenempatanTalenta.objects.filter(
        pegawai_id=OuterRef("pk"), kotak__isnull=False, tahun__lte=tahun[0]
    ).order_by("-tahun")
    pool = list(
        Pegawai.objects.filter(
            _pool_q(jenis_lowongan), instansi_id=instansi_id, status=Pegawai.Status.AKTIF, jenis_asn="PNS"
        )
        .annotate(
            hukdis_berjalan=Exists(hukdis_berjalan),
            kotak_tahun=Subquery(kotak_terakhir.values("tahun")[:1]),
            kotak_terakhir=Subquery(kotak_terakhir.values("kotak")[:1]),
        )
        .select_related("jabatan", "golongan", "unit_kerja")
        # what the checks, the score and the rows read: fewer columns for a pool of tens of thousands
        .only(
            "instansi_id",
            "nip",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "pendidikan_terakhir",
            "tmt_jabatan",
            "unit_kerja__nama",
            "jabatan__nama",
            "jabatan__jenis",
            "jabatan__jenjang",
            "golongan__kode",
            "golongan__urutan",
        )
        .order_by("nama", "id")
    )
    pool_sub = Pegawai.objects.filter(
        _pool_q(jenis_lowongan), instansi_id=instansi_id, status=Pegawai.Status.AKTIF, jenis_asn="PNS"
    ).values("pk")
    predikat = {
        (p, t): pr
        for p, t, pr in EvaluasiKinerja.objects.filter(
            periode__instansi_id=instansi_id,
            periode__jenis=JenisPeriode.TAHUNAN,
            periode__tahun__in=tahun,
            pegawai_id__in=pool_sub,
        )
        .exclude(predikat="")
        .values_list("pegawai_id", "periode__tahun", "predikat")
    }
    hukdis = {p.pk for p in pool if p.hukdis_berjalan}
    # the catalogue's mandatory programmes per jabatan jenis, by code (a programme recurs yearly)
    wajib: dict[str, list[tuple[str, str]]] = {}
    for kode, nama, jenis_list in (
        ProgramPelatihan.objects.filter(instansi_id=instansi_id, is_active=True, tahun__lte=pada.year)
        .exclude(wajib_jenis_jabatan=[])
        .order_by("kode", "-tahun")
        .values_list("kode", "nama", "wajib_jenis_jabatan")
    ):
        for jenis in jenis_list or []:
            daftar = wajib.setdefault(jenis, [])
            if kode not in {k for k, _n in daftar}:
                daftar.append((kode, nama))
    kode_wajib = {k for daftar in wajib.values() for k, _n in daftar}
    selesai: dict[int, set[str]] = {}
    if kode_wajib:
        for p, kode in RiwayatPelatihan.objects.filter(
            instansi_id=instansi_id,
            pegawai_id__in=pool_sub,
            status=RiwayatPelatihan.Status.SELESAI,
            program__kode__in=kode_wajib,
            tanggal_selesai__lte=pada,
        ).values_list("pegawai_id", "program__kode"):
            selesai.setdefault(p, set()).add(kode)
    kotak = {p.pk: (p.kotak_tahun, p.kotak_terakhir) for p in pool if p.kotak_terakhir is not None}
    # the KRS of the instansi's latest year (up to the predikat year), in one query
    tahun_krs = (
        AnggotaKRS.objects.filter(instansi_id=instansi_id, tahun__lte=tahun[0]).order_by("-tahun").values("tahun")[:1]
    )
    krs: dict[int, int | None] = {}
    krs_tahun: int | None = None
    for pid, target, t in AnggotaKRS.objects.filter(
        instansi_id=instansi_id, tahun=Subquery(tahun_krs), pegawai_id__in=pool_sub
    ).values_list("pegawai_id", "jabatan_target_id", "tahun"):
        krs[pid], krs_tahun = target, t
    return _Fakta(
        pool=list[Pegawai](pool),
        predikat=predikat,
        hukdis=hukdis,
        wajib=wajib,
        selesai=selesai,
        kotak=kotak,
        krs=krs,
        krs_tahun=krs_tahun,
        level={},
    )


def _level_untuk(fakta: _Fakta, pegawai_ids: Iterable[int]) -> None:
    """The assessed levels of the pegawai not read yet (one query for all of them)."""
    baru = [p for p in pegawai_ids if p not in fakta.level]
    if not baru:
        return
    for p, komp in level_kompetensi_map(baru).items():
        fakta.level[p] = {k: lv for k, (lv, _t) in komp.items()}
    for p in baru:
        fakta.level.setdefault(p, {})


# ---------------------------------------------------------------------------------------------
# Requirements and score


def _syarat_umum(
    p: Pegawai, *, jenis_lowongan: str, pada: datetime.date, tahun: tuple[int, int], fakta: _Fakta, kebijakan: Kebijakan
) -> tuple[list[Alasan], list[Alasan]]:
    """The requirements that do not depend on the vacancy itself: (failed, met)."""
    gagal: list[Alasan] = []
    lulus: list[Alasan] = []
    # time in the lower jabatan, to the day
    n = MASA_BAWAH_TAHUN[jenis_lowongan]
    jab = p.jabatan.nama if p.jabatan else ""
    if p.tmt_jabatan is None:
        gagal.append(Alasan(Syarat.MASA_JABATAN, _("TMT jabatan tidak tercatat")))
    else:
        cukup = add_years(p.tmt_jabatan, n)
        ada = masa_teks(masa_kerja(p.tmt_jabatan, pada))
        if pada < cukup:
            gagal.append(
                Alasan(
                    Syarat.MASA_JABATAN,
                    _("masa jabatan %(jabatan)s kurang %(kurang)s (baru %(ada)s dari %(tahun)d tahun)")
                    % {"jabatan": jab, "kurang": masa_teks(masa_kerja(pada, cukup)), "ada": ada, "tahun": n},
                )
            )
        else:
            lulus.append(
                Alasan(
                    Syarat.MASA_JABATAN,
                    _("masa jabatan %(jabatan)s %(ada)s (paling sedikit %(tahun)d tahun)")
                    % {"jabatan": jab, "ada": ada, "tahun": n},
                )
            )
    # predikat at least Baik in each of the last two annual years
    label = dict(Predikat.choices)
    riwayat = [fakta.predikat.get((p.pk, t)) for t in tahun]
    teks = ", ".join(f"{t}: {label.get(r, '-') if r else '-'}" for t, r in zip(tahun, riwayat, strict=True))
    if all(r in PREDIKAT_BAIK for r in riwayat):
        lulus.append(Alasan(Syarat.PREDIKAT, _("predikat kinerja %(teks)s") % {"teks": teks}))
    else:
        gagal.append(
            Alasan(
                Syarat.PREDIKAT,
                _("predikat kinerja paling rendah Baik dalam 2 tahun terakhir belum terpenuhi (%(teks)s)")
                % {"teks": teks},
            )
        )
    # leadership training: the mandatory programmes of the current jabatan jenis
    jenis_sekarang = p.jabatan.jenis if p.jabatan else ""
    wajib = fakta.wajib.get(jenis_sekarang, [])
    if wajib:
        kurang = [nama for kode, nama in wajib if kode not in fakta.selesai.get(p.pk, set())]
        if kurang:
            gagal.append(
                Alasan(
                    Syarat.PELATIHAN,
                    _("pelatihan wajib jabatan belum selesai: %(program)s") % {"program": ", ".join(kurang)},
                )
            )
        else:
            lulus.append(
                Alasan(
                    Syarat.PELATIHAN,
                    _("pelatihan wajib jabatan selesai: %(program)s") % {"program": ", ".join(n for _k, n in wajib)},
                )
            )
    # no running hukdis sedang/berat (policy switch)
    if kebijakan.hukdis_memblokir_karier and p.pk in fakta.hukdis:
        gagal.append(Alasan(Syarat.HUKDIS, _("sedang menjalani hukuman disiplin sedang atau berat")))
    return gagal, lulus


def _syarat_jabatan(p: Pegawai, jabatan: Jabatan) -> tuple[list[Alasan], list[Alasan]]:
    """Education (the jenis minimum and the jabatan's own) and pangkat (the jabatan's minimum)."""
    gagal: list[Alasan] = []
    lulus: list[Alasan] = []
    label = dict(Pendidikan.choices)
    minimal = PENDIDIKAN_MINIMAL[jabatan.jenis]
    teks_min = PENDIDIKAN_MINIMAL_TEKS[jabatan.jenis]
    if jabatan.pendidikan_minimal and PENDIDIKAN_URUTAN[jabatan.pendidikan_minimal] > PENDIDIKAN_URUTAN[minimal]:
        minimal = jabatan.pendidikan_minimal
        teks_min = str(label[minimal])
    punya = str(label.get(p.pendidikan_terakhir, p.pendidikan_terakhir))
    if PENDIDIKAN_URUTAN.get(p.pendidikan_terakhir, -1) < PENDIDIKAN_URUTAN[minimal]:
        gagal.append(
            Alasan(
                Syarat.PENDIDIKAN,
                _("pendidikan %(punya)s di bawah syarat paling rendah %(minimal)s")
                % {"punya": punya, "minimal": teks_min},
            )
        )
    else:
        lulus.append(
            Alasan(
                Syarat.PENDIDIKAN,
                _("pendidikan %(punya)s (paling rendah %(minimal)s)") % {"punya": punya, "minimal": teks_min},
            )
        )
    gmin = jabatan.golongan_minimal
    if gmin is not None:
        if p.golongan.urutan < gmin.urutan:
            gagal.append(
                Alasan(
                    Syarat.PANGKAT,
                    _("golongan %(punya)s di bawah golongan minimal %(minimal)s")
                    % {"punya": p.golongan.kode, "minimal": gmin.kode},
                )
            )
        else:
            lulus.append(
                Alasan(
                    Syarat.PANGKAT,
                    _("golongan %(punya)s (paling rendah %(minimal)s)")
                    % {"punya": p.golongan.kode, "minimal": gmin.kode},
                )
            )
    return gagal, lulus


def _komponen(
    p: Pegawai,
    *,
    jabatan: Jabatan,
    standar: dict[int, int],
    tahun: tuple[int, int],
    fakta: _Fakta,
    kebijakan: Kebijakan,
) -> list[Komponen]:
    label = dict(Predikat.choices)
    hasil = jpm(standar, fakta.level.get(p.pk, {}))
    if hasil is None:
        nilai_jpm, teks_jpm = Decimal(0), _("jabatan ini belum memiliki standar kompetensi")
    else:
        nilai_jpm = hasil.persen
        teks_jpm = _("JPM %(persen)s%% terhadap standar %(jabatan)s (%(dicapai)d dari %(dibutuhkan)d level)") % {
            "persen": hasil.persen,
            "jabatan": jabatan.nama,
            "dicapai": hasil.jumlah_dicapai,
            "dibutuhkan": hasil.jumlah_dibutuhkan,
        }
    kotak = fakta.kotak.get(p.pk)
    if kotak is None:
        nilai_kotak, teks_kotak = Decimal(0), _("belum dipetakan pada kotak talenta")
    else:
        nilai_kotak = _bulat(Decimal(kotak[1]) * SERATUS / 9)
        teks_kotak = _("kotak %(kotak)d tahun %(tahun)d: %(kotak)d/9 × 100") % {"kotak": kotak[1], "tahun": kotak[0]}
    nilai_tahun = [NILAI_PREDIKAT.get(fakta.predikat.get((p.pk, t), ""), Decimal(0)) for t in tahun]
    nilai_predikat = _bulat(sum(nilai_tahun, Decimal(0)) / len(tahun))
    teks_predikat = ", ".join(
        f"{t}: {label.get(fakta.predikat.get((p.pk, t), ''), '-')} ({v})"
        for t, v in zip(tahun, nilai_tahun, strict=True)
    )
    if p.pk in fakta.krs:
        nilai_krs = SERATUS
        teks_krs = (
            _("anggota KRS %(tahun)s untuk jabatan ini") % {"tahun": fakta.krs_tahun}
            if fakta.krs[p.pk] == jabatan.pk
            else _("anggota KRS %(tahun)s") % {"tahun": fakta.krs_tahun}
        )
    else:
        nilai_krs, teks_krs = Decimal(0), _("bukan anggota KRS")
    return [
        Komponen("jpm", _("JPM"), nilai_jpm, kebijakan.bobot_promosi_jpm, teks_jpm),
        Komponen("kotak", _("Kotak talenta"), nilai_kotak, kebijakan.bobot_promosi_kotak, teks_kotak),
        Komponen("predikat", _("Riwayat predikat"), nilai_predikat, kebijakan.bobot_promosi_predikat, teks_predikat),
        Komponen("krs", _("Keanggotaan KRS"), nilai_krs, kebijakan.bobot_promosi_krs, teks_krs),
    ]


def skor_promosi(komponen: Sequence[Komponen]) -> Decimal:
    """Σ value × weight / Σ weight (weights summing to 100 give Σ value × weight / 100), 0–100."""
    total_bobot = sum(k.bobot for k in komponen)
    if total_bobot <= 0:
        return Decimal(0)
    return _bulat(sum((k.nilai * k.bobot for k in komponen), Decimal(0)) / total_bobot)


class _Penilai:
    """Checks and scores the pool of one instansi against many vacancies. The pass/fail checks and
    the score are cheap numbers; the texts (reasons, components) are built only for the rows shown
    or proposed, so that thousands of vacancies × pegawai stay fast."""

    def __init__(self, *, fakta: _Fakta, pada: datetime.date, tahun: tuple[int, int], kebijakan: Kebijakan) -> None:
        self.fakta, self.pada, self.tahun, self.kebijakan = fakta, pada, tahun, kebijakan
        self.bobot = (
            kebijakan.bobot_promosi_jpm,
            kebijakan.bobot_promosi_kotak,
            kebijakan.bobot_promosi_predikat,
            kebijakan.bobot_promosi_krs,
        )
        self._dasar: dict[int, Decimal] = {}
        self._jpm: dict[tuple[tuple[tuple[int, int], ...], tuple[int, ...]], Decimal] = {}
        self._item: dict[int, tuple[tuple[int, int], ...]] = {}

    def lolos_umum(self, p: Pegawai, jenis_lowongan: str) -> bool:
        f = self.fakta
        if p.tmt_jabatan is None or self.pada < add_years(p.tmt_jabatan, MASA_BAWAH_TAHUN[jenis_lowongan]):
            return False
        if not all(f.predikat.get((p.pk, t)) in PREDIKAT_BAIK for t in self.tahun):
            return False
        wajib = f.wajib.get(p.jabatan.jenis if p.jabatan else "", [])
        if wajib and not {k for k, _n in wajib} <= f.selesai.get(p.pk, set()):
            return False
        return not (self.kebijakan.hukdis_memblokir_karier and p.pk in f.hukdis)

    @staticmethod
    def kunci_jabatan(j: Jabatan) -> tuple[int, int]:
        """What the jabatan itself requires: (minimum education rank, minimum golongan rank)."""
        minimal = PENDIDIKAN_URUTAN[PENDIDIKAN_MINIMAL[j.jenis]]
        if j.pendidikan_minimal:
            minimal = max(minimal, PENDIDIKAN_URUTAN[j.pendidikan_minimal])
        return minimal, j.golongan_minimal.urutan if j.golongan_minimal is not None else 0

    @staticmethod
    def lolos_jabatan(p: Pegawai, kunci: tuple[int, int]) -> bool:
        return PENDIDIKAN_URUTAN.get(p.pendidikan_terakhir, -1) >= kunci[0] and p.golongan.urutan >= kunci[1]

    def _nilai_dasar(self, p: Pegawai) -> tuple[Decimal, Decimal, Decimal]:
        f = self.fakta
        kotak = f.kotak.get(p.pk)
        nilai_kotak = _bulat(Decimal(kotak[1]) * SERATUS / 9) if kotak else Decimal(0)
        nilai = [NILAI_PREDIKAT.get(f.predikat.get((p.pk, t), ""), Decimal(0)) for t in self.tahun]
        nilai_predikat = _bulat(sum(nilai, Decimal(0)) / len(self.tahun))
        return nilai_kotak, nilai_predikat, SERATUS if p.pk in f.krs else Decimal(0)

    def jpm(self, p: Pegawai, standar: dict[int, int]) -> Decimal | None:
        """JPM (%) of ``p`` against ``standar`` (as penilaian.rules.jpm), cached per standard and
        the levels it reads."""
        if not standar:
            return None
        level = self.fakta.level.get(p.pk, {})
        item = self._item.get(id(standar))
        if item is None:
            item = self._item[id(standar)] = tuple(sorted(standar.items()))
        kunci = (item, tuple(level.get(k, 0) for k, _lv in item))
        persen = self._jpm.get(kunci)
        if persen is None:
            hasil = jpm(standar, level)
            persen = hasil.persen if hasil is not None else Decimal(0)
            self._jpm[kunci] = persen
        return persen

    def skor(self, p: Pegawai, standar: dict[int, int]) -> Decimal:
        total = sum(self.bobot)
        if total <= 0:
            return Decimal(0)
        dasar = self._dasar.get(p.pk)
        if dasar is None:
            kotak, predikat, krs = self._nilai_dasar(p)
            dasar = kotak * self.bobot[1] + predikat * self.bobot[2] + krs * self.bobot[3]
            self._dasar[p.pk] = dasar
        return _bulat(((self.jpm(p, standar) or Decimal(0)) * self.bobot[0] + dasar) / total)

    def alasan(self, p: Pegawai, j: Jabatan) -> tuple[list[Alasan], list[Alasan]]:
        """(failed, met) requirements with their texts."""
        g1, l1 = _syarat_jabatan(p, j)
        g2, l2 = _syarat_umum(
            p, jenis_lowongan=j.jenis, pada=self.pada, tahun=self.tahun, fakta=self.fakta, kebijakan=self.kebijakan
        )
        return g1 + g2, l1 + l2

    def kandidat(self, p: Pegawai, j: Jabatan, standar: dict[int, int]) -> Kandidat:
        gagal, lulus = self.alasan(p, j)
        k = Kandidat(pegawai=p, alasan=gagal, terpenuhi=lulus)
        if not gagal:
            k.komponen = _komponen(
                p, jabatan=j, standar=standar, tahun=self.tahun, fakta=self.fakta, kebijakan=self.kebijakan
            )
            k.skor = skor_promosi(k.komponen)
        return k


def kandidat_massal(
    *,
    jabatan_list: Sequence[Jabatan],
    pada: datetime.date,
    kebijakan: Kebijakan,
    tahun: int | None = None,
    dengan_tidak_memenuhi: bool = True,
    batas: int | None = None,
    batas_tidak: int | None = None,
) -> dict[int, HasilKandidat]:
    """Candidates of many vacancies of one instansi. The pools of the levels and their facts are
    read once (a constant number of queries); the requirements are checked and the score computed
    in memory; eligible candidates are ranked by score, then name. ``memenuhi`` holds the first
    ``batas`` eligible in full (all when None); ``urutan`` every eligible id; ``tidak_memenuhi``
    the first ``batas_tidak`` of everyone else with their reasons (when asked for; all when None)."""
    out: dict[int, HasilKandidat] = {}
    if not jabatan_list:
        return out
    catatan_jpt = _(
        "JPT Pratama diisi hanya melalui seleksi terbuka (PP 11/2017 Pasal 198): tanpa peringkat kandidat dan "
        "tanpa rekomendasi."
    )
    for j in jabatan_list:
        if j.jenis == J.JPT_PRATAMA:
            out[j.pk] = HasilKandidat(jabatan=j, seleksi_terbuka=True, catatan=[catatan_jpt])
    daftar = [j for j in jabatan_list if j.jenis in LEVEL_BAWAH]
    if not daftar:
        return out
    thn = tahun_predikat(pada, tahun)
    level = sorted({j.jenis for j in daftar})
    fakta = _fakta(instansi_id=daftar[0].instansi_id, jenis_lowongan=level, pada=pada, tahun=thn)
    penilai = _Penilai(fakta=fakta, pada=pada, tahun=thn, kebijakan=kebijakan)
    pool = {jenis: [p for p in fakta.pool if _di_level(p, jenis)] for jenis in level}
    lolos_umum = {jenis: [p for p in pool[jenis] if penilai.lolos_umum(p, jenis)] for jenis in level}
    # eligible per vacancy: the general checks once per level, the jabatan's own once per kind
    lolos: dict[int, list[Pegawai]] = {}
    per_kunci: dict[tuple[str, tuple[int, int]], list[Pegawai]] = {}
    for j in daftar:
        kunci = (j.jenis, penilai.kunci_jabatan(j))
        if kunci not in per_kunci:
            per_kunci[kunci] = [p for p in lolos_umum[j.jenis] if penilai.lolos_jabatan(p, kunci[1])]
        lolos[j.pk] = per_kunci[kunci]
    _level_untuk(fakta, {p.pk for rows in per_kunci.values() for p in rows})
    standar_semua = standar_map(j.pk for j in daftar)
    catatan_umum = []
    if not fakta.wajib:
        catatan_umum.append(
            _(
                "Katalog pelatihan belum menetapkan pelatihan wajib (kepemimpinan) untuk jenis jabatan mana pun: "
                "syarat pelatihan tidak diperiksa."
            )
        )
    for j in daftar:
        standar = standar_semua.get(j.pk, {})
        hasil = HasilKandidat(jabatan=j, seleksi_terbuka=False, catatan=list(catatan_umum))
        if not standar:
            hasil.catatan.append(_("Jabatan ini belum memiliki standar kompetensi: komponen JPM bernilai 0."))
        ranking = sorted(lolos[j.pk], key=lambda p, st=standar: (-penilai.skor(p, st), p.nama, p.pk))  # type: ignore[misc]
        hasil.urutan = [p.pk for p in ranking]
        per_id = {p.pk: p for p in ranking}
        hasil._bangun = lambda pid, j=j, st=standar, per_id=per_id: penilai.kandidat(per_id[pid], j, st)
        for i, p in enumerate(ranking[:batas] if batas is not None else ranking, start=1):
            hasil.memenuhi.append(hasil.kandidat(p.pk, i))
        ids = set(hasil.urutan)
        gagal = [p for p in pool[j.jenis] if p.pk not in ids]
        hasil.jumlah_tidak_memenuhi = len(gagal)
        if dengan_tidak_memenuhi:
            tampil = gagal[:batas_tidak] if batas_tidak is not None else gagal
            hasil.tidak_memenuhi = [penilai.kandidat(p, j, standar) for p in tampil]
        out[j.pk] = hasil
    return out


def kandidat_promosi(
    *,
    jabatan: Jabatan,
    pada: datetime.date,
    kebijakan: Kebijakan,
    tahun: int | None = None,
    batas: int | None = None,
    batas_tidak: int | None = None,
) -> HasilKandidat:
    """Ranked eligible candidates (``memenuhi``) and the disqualified with their reasons
    (``tidak_memenuhi``) for one jabatan; JPT pratama: open selection, no candidates. A page
    passes ``batas``/``batas_tidak`` and builds the rows it shows from ``urutan``."""
    return kandidat_massal(
        jabatan_list=[jabatan], pada=pada, kebijakan=kebijakan, tahun=tahun, batas=batas, batas_tidak=batas_tidak
    )[jabatan.pk]


def lowongan_ringkas(
    lowongan: list[Lowongan], *, pada: datetime.date, kebijakan: Kebijakan, tahun: int | None = None
) -> list[Lowongan]:
    """Fill the number eligible and the top candidate of each vacancy (for the list)."""
    hasil = kandidat_massal(
        jabatan_list=[lw.jabatan for lw in lowongan],
        pada=pada,
        kebijakan=kebijakan,
        tahun=tahun,
        dengan_tidak_memenuhi=False,
        batas=1,
    )
    for lw in lowongan:
        h = hasil.get(lw.jabatan.pk)
        if h is None or h.seleksi_terbuka:
            continue
        lw.jumlah_memenuhi = h.jumlah_memenuhi
        lw.kandidat_teratas = h.memenuhi[0] if h.memenuhi else None
    return lowongan
