"""Builders for development tests: national kompetensi, standards, assessments, programmes and
training records, created through the ORM with explicit values (no randomness)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from pegawai.models import Instansi, Jabatan, Pegawai
from pelatihan.models import ProgramKompetensi, ProgramPelatihan, RiwayatPelatihan
from pelatihan.rules import Bentuk
from penilaian.models import Asesmen, HasilAsesmenKompetensi, Kompetensi, MetodeAsesmen, StandarKompetensi

TAHUN = 2026


def kompetensi(kode: str) -> Kompetensi:
    """A national kompetensi by code: M1..M8 (manajerial), SK1 (Perekat Bangsa)."""
    return Kompetensi.objects.get(instansi=None, kode=kode)


def kompetensi_teknis(instansi: Instansi, kode: str = "T1", nama: str = "Pengelolaan Arsip") -> Kompetensi:
    obj, _ = Kompetensi.objects.get_or_create(
        instansi=instansi, kode=kode, defaults={"jenis": "teknis", "nama": nama, "deskripsi_level": []}
    )
    return obj


def standar_set(jabatan: Jabatan, levels: dict[str, int] | dict[Kompetensi, int]) -> None:
    """The standar kompetensi of a jabatan: {code or Kompetensi: required level}."""
    for key, level in levels.items():
        komp = key if isinstance(key, Kompetensi) else kompetensi(key)
        StandarKompetensi.objects.update_or_create(jabatan=jabatan, kompetensi=komp, defaults={"level": level})


def asesmen_buat(
    pegawai: Pegawai,
    levels: dict[str, int] | dict[Kompetensi, int],
    *,
    tanggal: datetime.date = datetime.date(TAHUN - 1, 6, 1),
    skor_potensi: Decimal | None = None,
    metode: str = MetodeAsesmen.ASSESSMENT_CENTER,
) -> Asesmen:
    asesmen = Asesmen.objects.create(
        instansi_id=pegawai.instansi_id, pegawai=pegawai, tanggal=tanggal, metode=metode, skor_potensi=skor_potensi
    )
    for key, level in levels.items():
        komp = key if isinstance(key, Kompetensi) else kompetensi(key)
        HasilAsesmenKompetensi.objects.create(asesmen=asesmen, kompetensi=komp, level=level)
    return asesmen


def program_buat(
    instansi: Instansi,
    kode: str,
    *,
    membangun: dict[str, int] | dict[Kompetensi, int] | None = None,
    tahun: int = TAHUN,
    bentuk: str = Bentuk.KLASIKAL,
    jp: Decimal | int = 24,
    biaya: Decimal | int = 1_000_000,
    kursi: int = 30,
    angkatan: int = 1,
    **extra: Any,
) -> ProgramPelatihan:
    program = ProgramPelatihan.objects.create(
        instansi=instansi,
        tahun=tahun,
        kode=kode,
        nama=extra.pop("nama", f"Program {kode}"),
        bentuk=bentuk,
        jp=Decimal(jp),
        biaya_per_peserta=Decimal(biaya),
        kursi_per_angkatan=kursi,
        jumlah_angkatan=angkatan,
        **extra,
    )
    for key, level in (membangun or {}).items():
        komp = key if isinstance(key, Kompetensi) else kompetensi(key)
        ProgramKompetensi.objects.create(program=program, kompetensi=komp, level=level)
    return program


def riwayat_selesai(
    pegawai: Pegawai,
    jp: Decimal | int,
    *,
    tahun: int = TAHUN,
    program: ProgramPelatihan | None = None,
    tanggal: datetime.date | None = None,
    status: str = RiwayatPelatihan.Status.SELESAI,
) -> RiwayatPelatihan:
    tanggal = tanggal or datetime.date(tahun, 3, 10)
    return RiwayatPelatihan.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        tahun=tahun,
        program=program,
        nama=program.nama if program else "Pelatihan mandiri",
        bentuk=program.bentuk if program else Bentuk.SEMINAR,
        tanggal_mulai=tanggal,
        tanggal_selesai=tanggal,
        jp=Decimal(jp),
        status=status,
    )
