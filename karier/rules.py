"""The rules of rank, position and transfer (DOMAIN.md §6), as pure functions: no database.

KP reguler and KP for jabatan fungsional with what is still missing, the education ceiling, the
next KP date of the policy's periods, the rotation window and Satyalancana Karya Satya. Time is
counted to the day with ``pegawai.rules.masa_kerja``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pegawai.rules import MasaKerja, add_years, masa_kerja

# PNS golongan, lowest first (17 levels)
GOLONGAN_PNS = (
    "I/a", "I/b", "I/c", "I/d",
    "II/a", "II/b", "II/c", "II/d",
    "III/a", "III/b", "III/c", "III/d",
    "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
)  # fmt: skip

# KP reguler may not pass the ceiling of the highest education (PP 99/2000); keys are
# pegawai.models.Pendidikan values
PLAFON_PENDIDIKAN: dict[str, str] = {
    "SD": "II/a",
    "SLTP": "II/c",
    "SLTP_KEJ": "II/d",
    "SLTA": "III/b",
    "D1": "III/b",
    "D2": "III/b",
    "D3": "III/c",
    "D4": "III/d",
    "S1": "III/d",
    "PROFESI": "IV/a",
    "S2": "IV/a",
    "S3": "IV/b",
}

MASA_KP_REGULER_TAHUN = 4
MASA_KP_FUNGSIONAL_TAHUN = 2
PREDIKAT_BAIK = ("sangat_baik", "baik")


def golongan_berikut(kode: str) -> str | None:
    """The next PNS golongan, or None at IV/e (or for a code that is not a PNS golongan)."""
    if kode not in GOLONGAN_PNS:
        return None
    i = GOLONGAN_PNS.index(kode)
    return GOLONGAN_PNS[i + 1] if i + 1 < len(GOLONGAN_PNS) else None


def masa_teks(masa: MasaKerja) -> str:
    """'1 tahun 2 bulan 3 hari', leaving out the zero parts ('7 bulan')."""
    bagian = []
    if masa.tahun:
        bagian.append(_("%(n)d tahun") % {"n": masa.tahun})
    if masa.bulan:
        bagian.append(_("%(n)d bulan") % {"n": masa.bulan})
    if masa.hari or not bagian:
        bagian.append(_("%(n)d hari") % {"n": masa.hari})
    return " ".join(bagian)


class SyaratKP(models.TextChoices):
    MASA_GOLONGAN = "masa_golongan", gettext_lazy("Masa kerja golongan")
    PREDIKAT = "predikat", gettext_lazy("Predikat kinerja dua tahun terakhir")
    PLAFON_PENDIDIKAN = "plafon_pendidikan", gettext_lazy("Plafon pendidikan")
    HUKDIS = "hukdis", gettext_lazy("Hukuman disiplin")
    ANGKA_KREDIT = "angka_kredit", gettext_lazy("Angka kredit")
    GOLONGAN_TERTINGGI = "golongan_tertinggi", gettext_lazy("Golongan tertinggi")


@dataclass(frozen=True)
class Kekurangan:
    syarat: str
    pesan: str


@dataclass(frozen=True)
class HasilKP:
    golongan_baru: str | None
    kekurangan: tuple[Kekurangan, ...] = field(default_factory=tuple)

    @property
    def memenuhi(self) -> bool:
        return not self.kekurangan


def _masa_golongan(tmt_golongan: datetime.date, tanggal_kp: datetime.date, tahun: int) -> Kekurangan | None:
    cukup_pada = add_years(tmt_golongan, tahun)
    if tanggal_kp >= cukup_pada:
        return None
    return Kekurangan(
        SyaratKP.MASA_GOLONGAN,
        _("masa kerja golongan kurang %(kurang)s (baru %(ada)s dari %(tahun)d tahun)")
        % {
            "kurang": masa_teks(masa_kerja(tanggal_kp, cukup_pada)),
            "ada": masa_teks(masa_kerja(tmt_golongan, tanggal_kp)),
            "tahun": tahun,
        },
    )


def _predikat(predikat_dua_tahun: Sequence[str | None]) -> Kekurangan | None:
    """Each of the last two annual predikat (most recent first) must be at least Baik."""
    if len(predikat_dua_tahun) >= 2 and all(p in PREDIKAT_BAIK for p in predikat_dua_tahun[:2]):
        return None
    return Kekurangan(
        SyaratKP.PREDIKAT,
        _("predikat kinerja paling rendah Baik dalam 2 tahun terakhir belum terpenuhi"),
    )


def _hukdis(hukdis_berjalan: bool, memblokir: bool) -> Kekurangan | None:
    if hukdis_berjalan and memblokir:
        return Kekurangan(SyaratKP.HUKDIS, _("sedang menjalani hukuman disiplin sedang atau berat"))
    return None


def kp_reguler(
    *,
    golongan: str,
    tmt_golongan: datetime.date,
    tanggal_kp: datetime.date,
    pendidikan: str,
    predikat_dua_tahun: Sequence[str | None],
    hukdis_berjalan: bool,
    hukdis_memblokir: bool = True,
) -> HasilKP:
    """KP reguler (PP 99/2000) on ``tanggal_kp``: 4 years in the golongan to the day, predikat at
    least Baik in each of the last 2 years (most recent first), the next golongan within the
    ceiling of the highest education, and no running hukdis sedang/berat (policy switch).
    Returns the new golongan and everything still missing."""
    baru = golongan_berikut(golongan)
    if baru is None:
        return HasilKP(None, (Kekurangan(SyaratKP.GOLONGAN_TERTINGGI, _("sudah di golongan tertinggi")),))
    kekurangan = [
        _masa_golongan(tmt_golongan, tanggal_kp, MASA_KP_REGULER_TAHUN),
        _predikat(predikat_dua_tahun),
    ]
    plafon = PLAFON_PENDIDIKAN.get(pendidikan)
    if plafon is not None and GOLONGAN_PNS.index(baru) > GOLONGAN_PNS.index(plafon):
        kekurangan.append(
            Kekurangan(
                SyaratKP.PLAFON_PENDIDIKAN,
                _("golongan %(golongan)s sudah plafon pendidikan %(pendidikan)s (paling tinggi %(plafon)s)")
                % {"golongan": golongan, "pendidikan": pendidikan, "plafon": plafon},
            )
        )
    kekurangan.append(_hukdis(hukdis_berjalan, hukdis_memblokir))
    return HasilKP(baru, tuple(k for k in kekurangan if k is not None))


def kp_fungsional(
    *,
    golongan: str,
    tmt_golongan: datetime.date,
    tanggal_kp: datetime.date,
    angka_kredit: Decimal,
    angka_kredit_dibutuhkan: Decimal,
    predikat_dua_tahun: Sequence[str | None],
    hukdis_berjalan: bool,
    hukdis_memblokir: bool = True,
) -> HasilKP:
    """KP of a jabatan fungsional: at least 2 years in the golongan, the angka kredit required for
    the next golongan (from the predikat conversion), predikat at least Baik in the last 2 years,
    and no running hukdis sedang/berat."""
    baru = golongan_berikut(golongan)
    if baru is None:
        return HasilKP(None, (Kekurangan(SyaratKP.GOLONGAN_TERTINGGI, _("sudah di golongan tertinggi")),))
    kekurangan = [
        _masa_golongan(tmt_golongan, tanggal_kp, MASA_KP_FUNGSIONAL_TAHUN),
        _predikat(predikat_dua_tahun),
    ]
    if angka_kredit < angka_kredit_dibutuhkan:
        kekurangan.append(
            Kekurangan(
                SyaratKP.ANGKA_KREDIT,
                _("angka kredit kurang %(kurang)s (baru %(ada)s dari %(perlu)s)")
                % {
                    "kurang": angka_kredit_dibutuhkan - angka_kredit,
                    "ada": angka_kredit,
                    "perlu": angka_kredit_dibutuhkan,
                },
            )
        )
    kekurangan.append(_hukdis(hukdis_berjalan, hukdis_memblokir))
    return HasilKP(baru, tuple(k for k in kekurangan if k is not None))


# Cumulative angka kredit a jabatan fungsional needs for the KP from a golongan, by jenjang
# (PermenPANRB 1/2023, Lampiran: angka kredit kumulatif untuk kenaikan pangkat; the step that
# crosses into the next jenjang needs the jenjang figure)
ANGKA_KREDIT_KP: dict[tuple[str, str], Decimal] = {
    ("pemula", "II/a"): Decimal("15"),
    ("terampil", "II/b"): Decimal("20"),
    ("terampil", "II/c"): Decimal("20"),
    ("terampil", "II/d"): Decimal("60"),
    ("mahir", "III/a"): Decimal("50"),
    ("mahir", "III/b"): Decimal("100"),
    ("penyelia", "III/c"): Decimal("100"),
    ("ahli_pertama", "III/a"): Decimal("50"),
    ("ahli_pertama", "III/b"): Decimal("100"),
    ("ahli_muda", "III/c"): Decimal("100"),
    ("ahli_muda", "III/d"): Decimal("200"),
    ("ahli_madya", "IV/a"): Decimal("150"),
    ("ahli_madya", "IV/b"): Decimal("150"),
    ("ahli_madya", "IV/c"): Decimal("450"),
    ("ahli_utama", "IV/d"): Decimal("200"),
}


def angka_kredit_dibutuhkan(jenjang: str, golongan: str) -> Decimal | None:
    """The angka kredit for the next KP of a jabatan fungsional of ``jenjang`` in ``golongan``, or
    None when that golongan is the top of the jenjang's range (no KP within the jenjang)."""
    return ANGKA_KREDIT_KP.get((jenjang, golongan))


def tanggal_kp_berikut(pada: datetime.date, bulan_periode: Sequence[int]) -> datetime.date:
    """The first KP date (the 1st of a policy month) on or after ``pada``."""
    bulan = sorted(set(bulan_periode))
    if not bulan:
        raise ValueError("bulan_periode kosong")
    for tahun in (pada.year, pada.year + 1):
        for b in bulan:
            d = datetime.date(tahun, b, 1)
            if d >= pada:
                return d
    raise AssertionError("unreachable")  # pragma: no cover (a year always has a listed month)


class StatusRotasi(models.TextChoices):
    BELUM = "belum", gettext_lazy("Belum dapat dirotasi")
    KANDIDAT = "kandidat", gettext_lazy("Kandidat rotasi")
    JATUH_TEMPO = "jatuh_tempo", gettext_lazy("Rotasi jatuh tempo")


def status_rotasi(tmt_jabatan: datetime.date, pada: datetime.date, *, minimal: int, maksimal: int) -> StatusRotasi:
    """Not before ``minimal`` and not after ``maksimal`` years in the same jabatan (DOMAIN.md §6):
    a candidate from ``minimal`` years to the day, due from ``maksimal`` years."""
    if pada >= add_years(tmt_jabatan, maksimal):
        return StatusRotasi.JATUH_TEMPO
    if pada >= add_years(tmt_jabatan, minimal):
        return StatusRotasi.KANDIDAT
    return StatusRotasi.BELUM


SATYALANCANA_TAHUN = (10, 20, 30)


def satyalancana(
    *, tmt_cpns: datetime.date, pada: datetime.date, pernah_hukdis_sedang_berat: bool, pernah_cltn: bool
) -> int | None:
    """The highest Satyalancana Karya Satya (10, 20 or 30 years of service from TMT CPNS) reached on
    ``pada``, or None: not yet 10 years, or ever a hukdis sedang/berat, or ever on CLTN."""
    if pernah_hukdis_sedang_berat or pernah_cltn:
        return None
    masa = masa_kerja(tmt_cpns, pada).tahun
    tercapai = [t for t in SATYALANCANA_TAHUN if masa >= t]
    return tercapai[-1] if tercapai else None


class Tindakan(models.TextChoices):
    """Recommended actions of the 9-box (PermenPANRB 3/2020; DOMAIN.md §3)."""

    PROMOSI = "promosi", gettext_lazy("Promosi dan dipertahankan")
    KRS = "krs", gettext_lazy("Masuk kelompok rencana suksesi")
    PENGHARGAAN = "penghargaan", gettext_lazy("Penghargaan")
    DIPERTAHANKAN = "dipertahankan", gettext_lazy("Dipertahankan")
    ROTASI_PERLUASAN = "rotasi_perluasan", gettext_lazy("Rotasi/perluasan jabatan")
    ROTASI_PENGAYAAN = "rotasi_pengayaan", gettext_lazy("Rotasi/pengayaan jabatan")
    ROTASI = "rotasi", gettext_lazy("Rotasi")
    COACHING = "coaching", gettext_lazy("Bimbingan kinerja (coaching)")
    KONSELING = "konseling", gettext_lazy("Konseling kinerja")
    PENGEMBANGAN_KOMPETENSI = "pengembangan_kompetensi", gettext_lazy("Pengembangan kompetensi")
    TUGAS_BELAJAR = "tugas_belajar", gettext_lazy("Penugasan belajar")
    PENEMPATAN = "penempatan", gettext_lazy("Penempatan yang sesuai")
    DISIPLIN = "disiplin", gettext_lazy("Diproses sesuai ketentuan disiplin")


T = Tindakan
# box → recommended actions, in the order DOMAIN.md §3 lists them
TINDAKAN_KOTAK: dict[int, tuple[Tindakan, ...]] = {
    9: (T.PROMOSI, T.KRS, T.PENGHARGAAN),
    8: (T.DIPERTAHANKAN, T.KRS, T.ROTASI_PERLUASAN, T.COACHING),
    7: (T.DIPERTAHANKAN, T.KRS, T.ROTASI_PENGAYAAN, T.PENGEMBANGAN_KOMPETENSI, T.TUGAS_BELAJAR),
    6: (T.PENEMPATAN, T.COACHING, T.KONSELING),
    5: (T.PENEMPATAN, T.COACHING, T.PENGEMBANGAN_KOMPETENSI),
    4: (T.ROTASI, T.PENGEMBANGAN_KOMPETENSI),
    3: (T.COACHING, T.KONSELING, T.PENGEMBANGAN_KOMPETENSI, T.PENEMPATAN),
    2: (T.COACHING, T.PENGEMBANGAN_KOMPETENSI, T.PENEMPATAN),
    1: (T.DISIPLIN,),
}
# boxes whose actions include entering the KRS, a rotation, an award
KOTAK_KRS = tuple(k for k, t in TINDAKAN_KOTAK.items() if T.KRS in t)
KOTAK_ROTASI = tuple(
    k for k, t in TINDAKAN_KOTAK.items() if {T.ROTASI, T.ROTASI_PERLUASAN, T.ROTASI_PENGAYAAN} & set(t)
)
KOTAK_PENGHARGAAN = tuple(k for k, t in TINDAKAN_KOTAK.items() if T.PENGHARGAAN in t)
