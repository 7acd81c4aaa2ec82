"""The rules of appraisal and assessment (DOMAIN.md §1–4), as pure functions: no database, no request.

Every number here is a ``Decimal`` computed from raw values, so each score can be explained and
each golden value in the tests is exact.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise

SERATUS = Decimal(100)
DUA_DESIMAL = Decimal("0.01")
TIGA_DESIMAL = Decimal("0.001")


def bulatkan(value: Decimal, places: Decimal = DUA_DESIMAL) -> Decimal:
    """Rounded half up, as people round on paper (Decimal's default would round half to even)."""
    return value.quantize(places, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------
# Vocabulary


class Rating(models.TextChoices):
    """Rating hasil kerja and rating perilaku kerja (PermenPANRB 6/2022)."""

    DI_ATAS = "di_atas", _("Di Atas Ekspektasi")
    SESUAI = "sesuai", _("Sesuai Ekspektasi")
    DI_BAWAH = "di_bawah", _("Di Bawah Ekspektasi")


class Predikat(models.TextChoices):
    """Predikat kinerja pegawai, best first."""

    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang/Misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class PredikatOrganisasi(models.TextChoices):
    """Predikat kinerja organisasi of a unit (SE MenPANRB 3/2023)."""

    ISTIMEWA = "istimewa", _("Istimewa")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class AspekPerilaku(models.TextChoices):
    """The seven BerAKHLAK core values, in their official order."""

    BERORIENTASI_PELAYANAN = "berorientasi_pelayanan", _("Berorientasi Pelayanan")
    AKUNTABEL = "akuntabel", _("Akuntabel")
    KOMPETEN = "kompeten", _("Kompeten")
    HARMONIS = "harmonis", _("Harmonis")
    LOYAL = "loyal", _("Loyal")
    ADAPTIF = "adaptif", _("Adaptif")
    KOLABORATIF = "kolaboratif", _("Kolaboratif")


# The standard expectation of each value (the panduan perilaku of SE MenPANRB 20/2021), shown on
# every SKP; the leader may add an ekspektasi khusus.
PERILAKU_STANDAR: dict[str, StrOrPromise] = {
    AspekPerilaku.BERORIENTASI_PELAYANAN: _(
        "Memahami dan memenuhi kebutuhan masyarakat; ramah, cekatan, solutif dan dapat diandalkan; "
        "melakukan perbaikan tiada henti."
    ),
    AspekPerilaku.AKUNTABEL: _(
        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin dan berintegritas tinggi; "
        "menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif dan efisien; "
        "tidak menyalahgunakan kewenangan jabatan."
    ),
    AspekPerilaku.KOMPETEN: _(
        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah; membantu orang lain "
        "belajar; melaksanakan tugas dengan kualitas terbaik."
    ),
    AspekPerilaku.HARMONIS: _(
        "Menghargai setiap orang apa pun latar belakangnya; suka menolong orang lain; membangun "
        "lingkungan kerja yang kondusif."
    ),
    AspekPerilaku.LOYAL: _(
        "Memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI dan pemerintahan yang sah; "
        "menjaga nama baik sesama ASN, pimpinan, instansi dan negara; menjaga rahasia jabatan dan negara."
    ),
    AspekPerilaku.ADAPTIF: _(
        "Cepat menyesuaikan diri menghadapi perubahan; terus berinovasi dan mengembangkan kreativitas; "
        "bertindak proaktif."
    ),
    AspekPerilaku.KOLABORATIF: _(
        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi; terbuka dalam bekerja sama untuk "
        "menghasilkan nilai tambah; menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama."
    ),
}


class JenisIndikator(models.TextChoices):
    KUANTITATIF = "kuantitatif", _("Kuantitatif")
    KUALITATIF = "kualitatif", _("Kualitatif")


class Arah(models.TextChoices):
    """Whether a higher or a lower realisasi is better."""

    LEBIH_TINGGI = "lebih_tinggi", _("Semakin tinggi semakin baik")
    LEBIH_RENDAH = "lebih_rendah", _("Semakin rendah semakin baik")


class PeranPenilai360(models.TextChoices):
    """Who the rater is, named from the ratee's side: 'atasan' is the ratee's atasan."""

    ATASAN = "atasan", _("Atasan")
    REKAN = "rekan", _("Rekan kerja")
    BAWAHAN = "bawahan", _("Bawahan")
    DIRI_SENDIRI = "diri_sendiri", _("Diri sendiri")


# Peer and subordinate answers are shown only as aggregates, and only above the policy minimum.
PERAN_360_ANONIM = (PeranPenilai360.REKAN, PeranPenilai360.BAWAHAN)


class UnsurIKM(models.TextChoices):
    """The nine unsur of the Survei Kepuasan Masyarakat (PermenPANRB 14/2017)."""

    U1 = "u1", _("Persyaratan")
    U2 = "u2", _("Sistem, Mekanisme, dan Prosedur")
    U3 = "u3", _("Waktu Penyelesaian")
    U4 = "u4", _("Biaya/Tarif")
    U5 = "u5", _("Produk Spesifikasi Jenis Pelayanan")
    U6 = "u6", _("Kompetensi Pelaksana")
    U7 = "u7", _("Perilaku Pelaksana")
    U8 = "u8", _("Sarana dan Prasarana")
    U9 = "u9", _("Penanganan Pengaduan, Saran dan Masukan")


UNSUR_IKM = tuple(u.value for u in UnsurIKM)


class MutuIKM(models.TextChoices):
    A = "A", _("A (Sangat Baik)")
    B = "B", _("B (Baik)")
    C = "C", _("C (Kurang Baik)")
    D = "D", _("D (Tidak Baik)")


class JenisPeriode(models.TextChoices):
    BULANAN = "bulanan", _("Bulanan")
    TRIWULANAN = "triwulanan", _("Triwulanan")
    SEMESTERAN = "semesteran", _("Semesteran")
    TAHUNAN = "tahunan", _("Tahunan")


# ---------------------------------------------------------------------------------------------
# §1 Predikat


PREDIKAT_MATRIKS: dict[tuple[str, str], str] = {
    # (rating hasil kerja, rating perilaku) → predikat
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
}


def predikat(hasil_kerja: str, perilaku: str) -> Predikat:
    """The predikat kinerja from the two ratings, through the matrix of PermenPANRB 6/2022."""
    try:
        return Predikat(PREDIKAT_MATRIKS[(Rating(hasil_kerja), Rating(perilaku))])
    except ValueError as e:
        raise ValueError(f"rating tidak dikenal: {hasil_kerja!r}, {perilaku!r}") from e


def rating_hasil_kerja_pimpinan(predikat_organisasi: str) -> Rating:
    """When the pegawai leads the unit, their rating hasil kerja is the unit's result:
    Istimewa → Di Atas, Baik → Sesuai, anything lower → Di Bawah Ekspektasi."""
    value = PredikatOrganisasi(predikat_organisasi)
    if value == PredikatOrganisasi.ISTIMEWA:
        return Rating.DI_ATAS
    if value == PredikatOrganisasi.BAIK:
        return Rating.SESUAI
    return Rating.DI_BAWAH


# ---------------------------------------------------------------------------------------------
# §1 Capaian and the numeric score


def capaian(*, target: Decimal, realisasi: Decimal, arah: str = Arah.LEBIH_TINGGI) -> Decimal:
    """Capaian of a quantitative indikator, in %, two decimals:
    realisasi / target × 100 ("higher is better"), (2 − realisasi / target) × 100 ("lower is better")."""
    if target <= 0:
        raise ValueError("target harus lebih besar dari 0")
    rasio = Decimal(realisasi) / Decimal(target)
    if Arah(arah) == Arah.LEBIH_RENDAH:
        rasio = 2 - rasio
    return bulatkan(rasio * SERATUS)


def capaian_rata_rata(nilai: Iterable[Decimal]) -> Decimal | None:
    """The mean capaian of an RHK set; None when no quantitative indikator has a realisasi."""
    daftar = [Decimal(v) for v in nilai]
    if not daftar:
        return None
    return bulatkan(sum(daftar, Decimal(0)) / len(daftar))


@dataclass(frozen=True)
class Komponen:
    """One component of the numeric score: its value (0–100 scale), its weight and where it came from."""

    nama: str
    nilai: Decimal | None
    bobot: Decimal
    sumber: str = ""


@dataclass(frozen=True)
class NilaiAkhir:
    nilai: Decimal | None
    komponen: tuple[Komponen, ...]
    bobot_dipakai: Decimal

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly, for EvaluasiKinerja.komponen: every part of the score, to show on screen."""
        return {
            "nilai_akhir": None if self.nilai is None else str(self.nilai),
            "bobot_dipakai": str(self.bobot_dipakai),
            "komponen": [
                {
                    "nama": k.nama,
                    "nilai": None if k.nilai is None else str(k.nilai),
                    "bobot": str(k.bobot),
                    "sumber": k.sumber,
                    "dipakai": k.nilai is not None and k.bobot > 0,
                }
                for k in self.komponen
            ],
        }


def nilai_akhir(komponen: Sequence[Komponen]) -> NilaiAkhir:
    """The weighted mean of the components that have a value: a missing component (no 360
    answers, no published IKM) leaves the weights of the others to share the whole."""
    dipakai = [k for k in komponen if k.nilai is not None and k.bobot > 0]
    total_bobot = sum((k.bobot for k in dipakai), Decimal(0))
    if not dipakai or total_bobot <= 0:
        return NilaiAkhir(None, tuple(komponen), Decimal(0))
    jumlah = sum((k.nilai * k.bobot for k in dipakai if k.nilai is not None), Decimal(0))
    return NilaiAkhir(bulatkan(jumlah / total_bobot), tuple(komponen), total_bobot)


def nilai_hasil_kerja(capaian_rata: Decimal | None, *, maksimal: Decimal) -> Decimal | None:
    """The hasil kerja component: the mean capaian, kept within 0 and the policy maximum."""
    if capaian_rata is None:
        return None
    return min(max(capaian_rata, Decimal(0)), maksimal)


def nilai_perilaku_360(skor_rata_rata: Decimal | None) -> Decimal | None:
    """The perilaku component from 360 answers: the mean score on the 1–5 scale × 20 (0–100)."""
    if skor_rata_rata is None:
        return None
    return bulatkan(Decimal(skor_rata_rata) * 20)


# ---------------------------------------------------------------------------------------------
# §1 Legacy scores and angka kredit


def nilai_pp30(*, skp: Decimal, perilaku: Decimal, dengan_360: bool = False) -> Decimal:
    """PP 30/2019: SKP × 70% + perilaku × 30% (60/40 when perilaku comes from 360 input)."""
    if dengan_360:
        return bulatkan(skp * Decimal("0.6") + perilaku * Decimal("0.4"))
    return bulatkan(skp * Decimal("0.7") + perilaku * Decimal("0.3"))


def nilai_pp46(*, skp: Decimal, perilaku: Decimal) -> Decimal:
    """PP 46/2011: SKP × 60% + perilaku × 40%."""
    return bulatkan(skp * Decimal("0.6") + perilaku * Decimal("0.4"))


def sebutan_pp46(nilai: Decimal) -> str:
    """PP 46/2011 bands: 91+ Sangat Baik, 76–90 Baik, 61–75 Cukup, 51–60 Kurang, ≤ 50 Buruk.
    The bands are whole numbers; a score between two bands (90.5) has not reached the upper one."""
    if nilai >= 91:
        return "Sangat Baik"
    if nilai >= 76:
        return "Baik"
    if nilai >= 61:
        return "Cukup"
    if nilai >= 51:
        return "Kurang"
    return "Buruk"


PERSEN_ANGKA_KREDIT: dict[str, Decimal] = {
    Predikat.SANGAT_BAIK: Decimal("1.50"),
    Predikat.BAIK: Decimal("1.00"),
    Predikat.BUTUH_PERBAIKAN: Decimal("0.75"),
    Predikat.KURANG: Decimal("0.50"),
    Predikat.SANGAT_KURANG: Decimal("0.25"),
}

KOEFISIEN_ANGKA_KREDIT: dict[str, Decimal] = {
    "pemula": Decimal("3.75"),
    "terampil": Decimal("5"),
    "mahir": Decimal("12.5"),
    "penyelia": Decimal("25"),
    "ahli_pertama": Decimal("12.5"),
    "ahli_muda": Decimal("25"),
    "ahli_madya": Decimal("37.5"),
    "ahli_utama": Decimal("50"),
}


def angka_kredit(*, predikat: str, jenjang: str, bulan: int = 12) -> Decimal:
    """Angka kredit of a jabatan fungsional: bulan / 12 × predikat % × koefisien of the jenjang."""
    if not 1 <= bulan <= 12:
        raise ValueError("bulan harus di antara 1 dan 12")
    nilai = Decimal(bulan) / 12 * PERSEN_ANGKA_KREDIT[Predikat(predikat)] * KOEFISIEN_ANGKA_KREDIT[jenjang]
    return bulatkan(nilai)


# ---------------------------------------------------------------------------------------------
# §1 Distribution of staff predikat against the unit's predikat (SE MenPANRB 3/2023)


@dataclass(frozen=True)
class Pelanggaran:
    """One broken distribution rule: the rule, what it asks and what the unit has."""

    kode: str
    aturan: str
    jumlah: int
    total: int

    @property
    def persen(self) -> Decimal:
        return bulatkan(Decimal(self.jumlah) * SERATUS / self.total) if self.total else Decimal(0)

    def as_dict(self) -> dict[str, object]:
        return {"kode": self.kode, "aturan": self.aturan, "jumlah": self.jumlah, "total": self.total}


@dataclass(frozen=True)
class _Aturan:
    kode: str
    predikat: tuple[str, ...]
    batas: str  # "maks" | "min"
    persen: int | None = None  # None: an absolute count
    jumlah: int | None = None
    teks: StrOrPromise = field(default="")


P = Predikat
ATURAN_DISTRIBUSI: dict[str, tuple[_Aturan, ...]] = {
    PredikatOrganisasi.ISTIMEWA: (
        _Aturan("istimewa_sb_maks_70", (P.SANGAT_BAIK,), "maks", persen=70, teks=_("paling banyak 70% Sangat Baik")),
    ),
    PredikatOrganisasi.BAIK: (
        _Aturan("baik_b_maks_70", (P.BAIK,), "maks", persen=70, teks=_("paling banyak 70% Baik")),
        _Aturan(
            "baik_bp_k_min_1",
            (P.BUTUH_PERBAIKAN, P.KURANG),
            "min",
            jumlah=1,
            teks=_("paling sedikit satu Butuh Perbaikan atau Kurang"),
        ),
    ),
    PredikatOrganisasi.BUTUH_PERBAIKAN: (
        _Aturan("bp_bp_min_60", (P.BUTUH_PERBAIKAN,), "min", persen=60, teks=_("paling sedikit 60% Butuh Perbaikan")),
        _Aturan("bp_sb_maks_10", (P.SANGAT_BAIK,), "maks", persen=10, teks=_("paling banyak 10% Sangat Baik")),
    ),
    PredikatOrganisasi.KURANG: (
        _Aturan("kurang_k_min_60", (P.KURANG,), "min", persen=60, teks=_("paling sedikit 60% Kurang")),
        _Aturan(
            "kurang_bp_min_10", (P.BUTUH_PERBAIKAN,), "min", persen=10, teks=_("paling sedikit 10% Butuh Perbaikan")
        ),
        _Aturan("kurang_sb_maks_10", (P.SANGAT_BAIK,), "maks", persen=10, teks=_("paling banyak 10% Sangat Baik")),
    ),
    PredikatOrganisasi.SANGAT_KURANG: (
        _Aturan("sk_sk_min_60", (P.SANGAT_KURANG,), "min", persen=60, teks=_("paling sedikit 60% Sangat Kurang")),
        _Aturan(
            "sk_k_bp_min_10",
            (P.KURANG, P.BUTUH_PERBAIKAN),
            "min",
            persen=10,
            teks=_("paling sedikit 10% Kurang atau Butuh Perbaikan"),
        ),
        _Aturan("sk_sb_nol", (P.SANGAT_BAIK,), "maks", jumlah=0, teks=_("tidak ada Sangat Baik")),
    ),
}


def pelanggaran_distribusi(predikat_organisasi: str, hitungan: Mapping[str, int]) -> list[Pelanggaran]:
    """The rules of SE 3/2023 that a unit's proposed staff predikat break. ``hitungan`` counts
    staff per predikat. Percentages are checked in integers (count × 100 against % × total), so
    a unit of 10 with 7 Sangat Baik meets "at most 70%" exactly. A unit with no rated staff
    breaks nothing yet."""
    total = sum(hitungan.values())
    if total == 0:
        return []
    out: list[Pelanggaran] = []
    for aturan in ATURAN_DISTRIBUSI[PredikatOrganisasi(predikat_organisasi)]:
        jumlah = sum(hitungan.get(p, 0) for p in aturan.predikat)
        if aturan.persen is not None:
            kiri, kanan = jumlah * 100, aturan.persen * total
        else:
            kiri, kanan = jumlah, aturan.jumlah or 0
        ok = kiri <= kanan if aturan.batas == "maks" else kiri >= kanan
        if not ok:
            out.append(Pelanggaran(aturan.kode, str(aturan.teks), jumlah, total))
    return out


# ---------------------------------------------------------------------------------------------
# §2 IKM


@dataclass(frozen=True)
class HasilIKM:
    responden: int
    nrr: tuple[Decimal, ...]  # per unsur, three decimals, for display
    ikm: Decimal  # two decimals, from the exact value
    mutu: str


def nrr(jumlah: int, responden: int) -> Decimal:
    """Nilai rata-rata of one unsur: its sum of answers / respondents (three decimals, for display)."""
    return bulatkan(Decimal(jumlah) / responden, TIGA_DESIMAL)


def ikm_nilai(jumlah_per_unsur: Sequence[int], responden: int) -> Decimal:
    """IKM = Σ(NRR × 1/9) × 25 = (Σ sums) × 25 / (9 × respondents), exact, then two decimals.
    Never through a rounded weight (0.111) or rounded NRRs."""
    if len(jumlah_per_unsur) != len(UNSUR_IKM):
        raise ValueError("IKM memerlukan sembilan unsur")
    if responden < 1:
        raise ValueError("IKM memerlukan paling sedikit satu responden")
    total = Decimal(sum(jumlah_per_unsur))
    return bulatkan(total * 25 / (len(UNSUR_IKM) * responden))


def mutu_ikm(ikm: Decimal) -> MutuIKM:
    """Mutu pelayanan from the IKM (two decimals): A 88.31–100, B 76.61–88.30, C 65.00–76.60, D 25.00–64.99."""
    value = bulatkan(Decimal(ikm))
    if value >= Decimal("88.31"):
        return MutuIKM.A
    if value >= Decimal("76.61"):
        return MutuIKM.B
    if value >= Decimal("65.00"):
        return MutuIKM.C
    return MutuIKM.D


def ikm_hitung(jumlah_per_unsur: Sequence[int], responden: int) -> HasilIKM:
    nilai = ikm_nilai(jumlah_per_unsur, responden)
    return HasilIKM(
        responden=responden,
        nrr=tuple(nrr(j, responden) for j in jumlah_per_unsur),
        ikm=nilai,
        mutu=mutu_ikm(nilai).value,
    )


# ---------------------------------------------------------------------------------------------
# §1 Periods


ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
PANJANG_PERIODE = {JenisPeriode.BULANAN: 1, JenisPeriode.TRIWULANAN: 3, JenisPeriode.SEMESTERAN: 6}


def periode_rentang(tahun: int, jenis: str) -> list[tuple[int, datetime.date, datetime.date]]:
    """(nomor, first day, last day) of every period of a type in a year; 'tahunan' is the year."""
    jenis = JenisPeriode(jenis)
    if jenis == JenisPeriode.TAHUNAN:
        return [(1, datetime.date(tahun, 1, 1), datetime.date(tahun, 12, 31))]
    bulan = PANJANG_PERIODE[jenis]
    out = []
    for nomor, awal in enumerate(range(1, 13, bulan), start=1):
        akhir = awal + bulan - 1
        out.append(
            (nomor, datetime.date(tahun, awal, 1), datetime.date(tahun, akhir, calendar.monthrange(tahun, akhir)[1]))
        )
    return out


def periode_nama(jenis: str, nomor: int, tahun: int) -> str:
    jenis = JenisPeriode(jenis)
    if jenis == JenisPeriode.TAHUNAN:
        return str(_("Tahunan %(tahun)s") % {"tahun": tahun})
    label = {
        JenisPeriode.BULANAN: _("Bulan %(nomor)s %(tahun)s"),
        JenisPeriode.TRIWULANAN: _("Triwulan %(nomor)s %(tahun)s"),
        JenisPeriode.SEMESTERAN: _("Semester %(nomor)s %(tahun)s"),
    }[jenis]
    return str(label % {"nomor": ROMAWI[nomor - 1], "tahun": tahun})


# ---------------------------------------------------------------------------------------------
# Kompetensi and JPM (PermenPANRB 38/2017; DOMAIN.md §4)

LEVEL_KOMPETENSI = (1, 2, 3, 4, 5)


class JenisKompetensi(models.TextChoices):
    MANAJERIAL = "manajerial", _("Manajerial")
    SOSIAL_KULTURAL = "sosial_kultural", _("Sosial kultural")
    TEKNIS = "teknis", _("Teknis")


class MetodeAsesmen(models.TextChoices):
    ASSESSMENT_CENTER = "assessment_center", _("Assessment center")
    CACT = "cact", _("CACT (computer assisted competency test)")
    UJI_KOMPETENSI = "uji_kompetensi", _("Uji kompetensi")


class KategoriJPM(models.TextChoices):
    """Mapping category of a JPM against the current jabatan (policy thresholds)."""

    OPTIMAL = "optimal", _("Optimal")
    CUKUP_OPTIMAL = "cukup_optimal", _("Cukup Optimal")
    KURANG_OPTIMAL = "kurang_optimal", _("Kurang Optimal")


class KategoriSeleksi(models.TextChoices):
    """Selection category of a JPM against a target jabatan (policy thresholds)."""

    MEMENUHI_SYARAT = "memenuhi_syarat", _("Memenuhi Syarat")
    MASIH_MEMENUHI_SYARAT = "masih_memenuhi_syarat", _("Masih Memenuhi Syarat")
    KURANG_MEMENUHI_SYARAT = "kurang_memenuhi_syarat", _("Kurang Memenuhi Syarat")


@dataclass(frozen=True)
class Kesenjangan:
    """One kompetensi of a standard against what a pegawai achieved (None: never assessed)."""

    kompetensi_id: int
    dibutuhkan: int
    dicapai: int | None

    @property
    def gap(self) -> int:
        """required − achieved, never negative; an unassessed kompetensi counts as level 0."""
        return max(self.dibutuhkan - (self.dicapai or 0), 0)


@dataclass(frozen=True)
class HasilJPM:
    persen: Decimal
    jumlah_dibutuhkan: int
    jumlah_dicapai: int
    kesenjangan: tuple[Kesenjangan, ...]

    @property
    def terbuka(self) -> tuple[Kesenjangan, ...]:
        return tuple(k for k in self.kesenjangan if k.gap > 0)


def jpm(standar: Mapping[int, int], dicapai: Mapping[int, int]) -> HasilJPM | None:
    """JPM = Σ min(achieved, required) / Σ required × 100, to two decimals (DOMAIN.md §4).

    ``standar`` maps kompetensi id → required level, ``dicapai`` kompetensi id → achieved level.
    A kompetensi of the standard that was never assessed counts as achieved 0. None when the
    jabatan has no standard (nothing to match against)."""
    jumlah_dibutuhkan = sum(standar.values())
    if jumlah_dibutuhkan <= 0:
        return None
    baris = tuple(Kesenjangan(k, level, dicapai.get(k)) for k, level in sorted(standar.items()))
    jumlah_dicapai = sum(min(b.dicapai or 0, b.dibutuhkan) for b in baris)
    persen = bulatkan(Decimal(jumlah_dicapai) * SERATUS / Decimal(jumlah_dibutuhkan))
    return HasilJPM(persen, jumlah_dibutuhkan, jumlah_dicapai, baris)


def kategori_jpm(persen: Decimal, *, optimal: Decimal, cukup_optimal: Decimal) -> KategoriJPM:
    if persen >= optimal:
        return KategoriJPM.OPTIMAL
    if persen >= cukup_optimal:
        return KategoriJPM.CUKUP_OPTIMAL
    return KategoriJPM.KURANG_OPTIMAL


def kategori_seleksi(persen: Decimal, *, memenuhi: Decimal, masih_memenuhi: Decimal) -> KategoriSeleksi:
    if persen >= memenuhi:
        return KategoriSeleksi.MEMENUHI_SYARAT
    if persen >= masih_memenuhi:
        return KategoriSeleksi.MASIH_MEMENUHI_SYARAT
    return KategoriSeleksi.KURANG_MEMENUHI_SYARAT


# ---------------------------------------------------------------------------------------------
# Talent 9-box (PermenPANRB 3/2020; DOMAIN.md §3)


class LevelKinerja(models.TextChoices):
    DI_BAWAH = "di_bawah", _("Di Bawah Ekspektasi")
    SESUAI = "sesuai", _("Sesuai Ekspektasi")
    DI_ATAS = "di_atas", _("Di Atas Ekspektasi")


class LevelPotensi(models.TextChoices):
    RENDAH = "rendah", _("Rendah")
    MENENGAH = "menengah", _("Menengah")
    TINGGI = "tinggi", _("Tinggi")


# kinerja rising upward, potensi rising to the right: top row 4 7 9, middle 2 5 8, bottom 1 3 6
KOTAK_TALENTA: dict[tuple[str, str], int] = {
    (LevelKinerja.DI_ATAS, LevelPotensi.RENDAH): 4,
    (LevelKinerja.DI_ATAS, LevelPotensi.MENENGAH): 7,
    (LevelKinerja.DI_ATAS, LevelPotensi.TINGGI): 9,
    (LevelKinerja.SESUAI, LevelPotensi.RENDAH): 2,
    (LevelKinerja.SESUAI, LevelPotensi.MENENGAH): 5,
    (LevelKinerja.SESUAI, LevelPotensi.TINGGI): 8,
    (LevelKinerja.DI_BAWAH, LevelPotensi.RENDAH): 1,
    (LevelKinerja.DI_BAWAH, LevelPotensi.MENENGAH): 3,
    (LevelKinerja.DI_BAWAH, LevelPotensi.TINGGI): 6,
}


def level_potensi(skor: Decimal, *, tinggi: Decimal, menengah: Decimal) -> LevelPotensi:
    if skor >= tinggi:
        return LevelPotensi.TINGGI
    if skor >= menengah:
        return LevelPotensi.MENENGAH
    return LevelPotensi.RENDAH


# default kinerja axis: the annual predikat (Sangat Baik above, Baik as expected, lower below)
LEVEL_KINERJA_PREDIKAT: dict[str, LevelKinerja] = {
    Predikat.SANGAT_BAIK: LevelKinerja.DI_ATAS,
    Predikat.BAIK: LevelKinerja.SESUAI,
    Predikat.BUTUH_PERBAIKAN: LevelKinerja.DI_BAWAH,
    Predikat.KURANG: LevelKinerja.DI_BAWAH,
    Predikat.SANGAT_KURANG: LevelKinerja.DI_BAWAH,
}


def kotak_talenta(kinerja: str, potensi: str) -> int:
    """Box number 1–9 of a kinerja level × potensi level."""
    return KOTAK_TALENTA[(LevelKinerja(kinerja), LevelPotensi(potensi))]


# predikat at or below this need performance development (coaching, counselling, training)
PREDIKAT_PERLU_PEMBINAAN = (Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG)
PREDIKAT_MINIMAL_BAIK = (Predikat.SANGAT_BAIK, Predikat.BAIK)
