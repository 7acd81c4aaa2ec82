"""The rules of development (DOMAIN.md §4–5), as pure functions: no database, no request.

JP arithmetic, the forms of development and their paths, need priorities, the benefit a
programme brings to a need, and the groups the fair access report and the allocation compare.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

MENIT_PER_JP = 45
DUA_DESIMAL = Decimal("0.01")


class Bentuk(models.TextChoices):
    """Forms of pengembangan kompetensi (PP 11/2017 Pasal 203; PerLAN 10/2018)."""

    KLASIKAL = "klasikal", _("Pelatihan klasikal")
    E_LEARNING = "e_learning", _("E-learning")
    COACHING = "coaching", _("Coaching")
    MENTORING = "mentoring", _("Mentoring")
    SEMINAR = "seminar", _("Seminar")
    WORKSHOP = "workshop", _("Workshop")
    MAGANG = "magang", _("Magang")
    TUGAS_BELAJAR = "tugas_belajar", _("Tugas belajar")
    IZIN_BELAJAR = "izin_belajar", _("Izin belajar")


class Jalur(models.TextChoices):
    KLASIKAL = "klasikal", _("Klasikal")
    NON_KLASIKAL = "non_klasikal", _("Non-klasikal")
    PENDIDIKAN_FORMAL = "pendidikan_formal", _("Pendidikan formal")


JALUR_BENTUK: dict[str, Jalur] = {
    Bentuk.KLASIKAL: Jalur.KLASIKAL,
    Bentuk.E_LEARNING: Jalur.NON_KLASIKAL,
    Bentuk.COACHING: Jalur.NON_KLASIKAL,
    Bentuk.MENTORING: Jalur.NON_KLASIKAL,
    Bentuk.SEMINAR: Jalur.NON_KLASIKAL,
    Bentuk.WORKSHOP: Jalur.NON_KLASIKAL,
    Bentuk.MAGANG: Jalur.NON_KLASIKAL,
    Bentuk.TUGAS_BELAJAR: Jalur.PENDIDIKAN_FORMAL,
    Bentuk.IZIN_BELAJAR: Jalur.PENDIDIKAN_FORMAL,
}


def jalur(bentuk: str) -> Jalur:
    return JALUR_BENTUK[Bentuk(bentuk)]


class JenisKebutuhan(models.TextChoices):
    """Why a training need exists."""

    KOMPETENSI = "kompetensi", _("Kesenjangan kompetensi jabatan saat ini")
    KOMPETENSI_TARGET = "kompetensi_target", _("Kesenjangan kompetensi jabatan target")
    KINERJA = "kinerja", _("Kesenjangan kinerja")
    JP = "jp", _("Kekurangan JP tahun ini")
    PERMINTAAN = "permintaan", _("Permintaan pegawai didukung atasan")
    WAJIB = "wajib", _("Pelatihan wajib jabatan")


class AlasanAlokasi(models.TextChoices):
    """Why an allocation run did or did not choose a need."""

    TERPILIH = "terpilih", _("Terpilih")
    TIDAK_ADA_PROGRAM = "tidak_ada_program", _("Tidak ada program yang menutup kebutuhan ini")
    TIDAK_MEMENUHI_SYARAT = "tidak_memenuhi_syarat", _("Tidak memenuhi syarat program (jenis jabatan/golongan)")
    ANGGARAN = "anggaran", _("Anggaran habis untuk kebutuhan dengan manfaat lebih tinggi")
    KURSI = "kursi", _("Kursi program habis untuk kebutuhan dengan manfaat lebih tinggi")
    BATAS_PEGAWAI = "batas_pegawai", _("Pegawai sudah mendapat jumlah program maksimal")
    DIKELUARKAN_BKD = "dikeluarkan_bkd", _("Dikeluarkan oleh BKD")
    DITAMBAHKAN_BKD = "ditambahkan_bkd", _("Ditambahkan oleh BKD")


class JenisMentoring(models.TextChoices):
    MENTORING = "mentoring", _("Mentoring")
    COACHING = "coaching", _("Coaching")


class KelompokUsia(models.TextChoices):
    DI_BAWAH_30 = "<30", _("< 30 tahun")
    USIA_30_39 = "30-39", _("30–39 tahun")
    USIA_40_49 = "40-49", _("40–49 tahun")
    USIA_50_KE_ATAS = "50+", _("≥ 50 tahun")


def jp_dari_menit(menit: int) -> Decimal:
    """JP of a session: 1 JP is 45 minutes (PerLAN 10/2018), to two decimals, half up."""
    if menit < 0:
        raise ValueError("menit < 0")
    return (Decimal(menit) / Decimal(MENIT_PER_JP)).quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)


def jp_kurang(jp_tercatat: Decimal, minimal: int) -> Decimal:
    """JP still missing to reach the yearly minimum (never negative)."""
    return max(Decimal(minimal) - jp_tercatat, Decimal(0))


def persen_jp(jp_tercatat: Decimal, minimal: int) -> Decimal:
    """Progress towards the yearly minimum in %, capped at 100 (for the bar)."""
    if minimal <= 0:
        return Decimal(100)
    return min(jp_tercatat * 100 / Decimal(minimal), Decimal(100)).quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)


def usia(tanggal_lahir: datetime.date, pada: datetime.date) -> int:
    """Completed years of age on a date."""
    return pada.year - tanggal_lahir.year - ((pada.month, pada.day) < (tanggal_lahir.month, tanggal_lahir.day))


def kelompok_usia(tanggal_lahir: datetime.date, pada: datetime.date) -> KelompokUsia:
    umur = usia(tanggal_lahir, pada)
    if umur < 30:
        return KelompokUsia.DI_BAWAH_30
    if umur < 40:
        return KelompokUsia.USIA_30_39
    if umur < 50:
        return KelompokUsia.USIA_40_49
    return KelompokUsia.USIA_50_KE_ATAS


def kelompok_golongan(kode: str) -> str:
    """The group of a golongan for fairness: its roman part (I–IV for PNS, the PPPK grade as is).
    'III/a' → 'III'; PPPK codes such as 'IX' stay whole."""
    return kode.split("/", 1)[0]


def prioritas_kompetensi(*, dasar: int, per_level: int, gap: int) -> int:
    """Priority of a competency gap: the base priority plus per_level for each missing level,
    kept within 0–100."""
    return max(0, min(dasar + per_level * gap, 100))


def manfaat_kompetensi(*, prioritas: int, dibutuhkan: int, dicapai: int, level_program: int) -> Decimal:
    """Benefit of a programme for a competency need: the priority times the share of the gap the
    programme closes (a programme building level 3 closes 1 of a 2-level gap from 1 to 3 only
    when it reaches past the current level). Four decimals."""
    gap = dibutuhkan - dicapai
    if gap <= 0:
        return Decimal(0)
    ditutup = max(min(level_program, dibutuhkan) - dicapai, 0)
    return (Decimal(prioritas) * Decimal(ditutup) / Decimal(gap)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def manfaat_jp(*, prioritas: int, kurang: Decimal, jp_program: Decimal) -> Decimal:
    """Benefit of a programme for a JP shortfall: the priority times the share of the shortfall
    the programme's JP covers."""
    if kurang <= 0:
        return Decimal(0)
    return (Decimal(prioritas) * min(jp_program, kurang) / kurang).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def memenuhi_syarat_program(
    *,
    jenis_jabatan_program: list[str] | tuple[str, ...],
    golongan_minimal_urutan: int | None,
    golongan_maksimal_urutan: int | None,
    jenis_jabatan_pegawai: str | None,
    golongan_urutan_pegawai: int,
) -> bool:
    """Whether a pegawai may join a programme: their jabatan type is listed (an empty list admits
    every type) and their golongan lies within the range (an empty bound admits all)."""
    if jenis_jabatan_program and jenis_jabatan_pegawai not in jenis_jabatan_program:
        return False
    if golongan_minimal_urutan is not None and golongan_urutan_pegawai < golongan_minimal_urutan:
        return False
    return golongan_maksimal_urutan is None or golongan_urutan_pegawai <= golongan_maksimal_urutan
