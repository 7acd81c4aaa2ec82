"""Builders for the allocation tests: open needs and a small scenario on the ``org`` fixture whose
optimum is known by hand."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pegawai.models import Pegawai
from pelatihan.models import KebutuhanPelatihan, ProgramPelatihan
from pelatihan.rules import JenisKebutuhan
from tests.factories.pegawai import golongan
from tests.factories.pelatihan import TAHUN, kompetensi, program_buat, riwayat_selesai


def kebutuhan_buat(pegawai: Pegawai, jenis: str, *, prioritas: int, kode: str = "", **extra: Any) -> KebutuhanPelatihan:
    return KebutuhanPelatihan.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        tahun=TAHUN,
        jenis=jenis,
        kunci=f"{jenis}:{kode or extra.get('program', '')}",
        kompetensi=kompetensi(kode) if kode else None,
        prioritas=prioritas,
        **extra,
    )


@dataclass
class Skenario:
    p1: ProgramPelatihan  # builds M3 to 3, Rp 2 million, one seat
    p2: ProgramPelatihan  # for performance gaps, pelaksana only, Rp 1 million
    p3: ProgramPelatihan  # builds M1 to 4, golongan IV/a and up
    pegawai_m3: KebutuhanPelatihan
    pegawai_kinerja: KebutuhanPelatihan
    pegawai_m1: KebutuhanPelatihan
    rekan_m3: KebutuhanPelatihan
    unrelated_kinerja: KebutuhanPelatihan
    atasan_m8: KebutuhanPelatihan


def skenario(org: Any) -> Skenario:
    """Budget Rp 3 million. The pegawai had JP last year (weight 1); the rekan had none (1.5).
    Optimum: rekan → P1 (1.5 × 60 = 90), pegawai → P2 (80): objective 170, budget used in full."""
    Pegawai.objects.filter(pk__in=[org.pegawai.pk, org.rekan.pk]).update(jenis_kelamin="P")
    riwayat_selesai(org.pegawai, 20, tahun=TAHUN - 1)
    p1 = program_buat(org.instansi, "P1", membangun={"M3": 3}, biaya=2_000_000, kursi=1)
    p2 = program_buat(org.instansi, "P2", biaya=1_000_000, kursi=5, untuk_kinerja=True, jenis_jabatan=["pelaksana"])
    p3 = program_buat(org.instansi, "P3", membangun={"M1": 4}, biaya=500_000, golongan_minimal=golongan("IV/a"))
    return Skenario(
        p1=p1,
        p2=p2,
        p3=p3,
        pegawai_m3=kebutuhan_buat(
            org.pegawai, JenisKebutuhan.KOMPETENSI, prioritas=70, kode="M3", level_dibutuhkan=3, level_dicapai=1
        ),
        pegawai_kinerja=kebutuhan_buat(org.pegawai, JenisKebutuhan.KINERJA, prioritas=80),
        pegawai_m1=kebutuhan_buat(
            org.pegawai, JenisKebutuhan.KOMPETENSI, prioritas=50, kode="M1", level_dibutuhkan=3, level_dicapai=2
        ),
        rekan_m3=kebutuhan_buat(
            org.rekan, JenisKebutuhan.KOMPETENSI, prioritas=60, kode="M3", level_dibutuhkan=3, level_dicapai=2
        ),
        unrelated_kinerja=kebutuhan_buat(org.unrelated, JenisKebutuhan.KINERJA, prioritas=80),
        atasan_m8=kebutuhan_buat(
            org.atasan, JenisKebutuhan.KOMPETENSI, prioritas=60, kode="M8", level_dibutuhkan=4, level_dicapai=3
        ),
    )


ANGGARAN = Decimal("3000000")
