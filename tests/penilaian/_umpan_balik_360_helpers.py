"""Shared set-up for the 360 tests: the annual period of the `org` fixture, extra pelaksana under
the Kepala Seksi, and answering a request as its rater."""

from __future__ import annotations

from typing import Any

from pegawai.models import Pegawai
from penilaian.models import Periode, PermintaanUmpanBalik360
from penilaian.rules import AspekPerilaku
from penilaian.services.umpan_balik_360 import jawaban_360_simpan
from tests.factories.pegawai import PegawaiFactory
from tests.factories.penilaian import periode_tahun

ASPEK = list(AspekPerilaku.values)


def periode_360(org: Any) -> Periode:
    """The annual period of 2026 (with its snapshot of the fixture's pejabat penilai)."""
    return periode_tahun(org.instansi)[1]


def pelaksana_tambahan(org: Any, *nama: str) -> list[Pegawai]:
    """More pelaksana in the seksi, under the Kepala Seksi (so peers of `pegawai` and `rekan`)."""
    out = [PegawaiFactory(jabatan=org.jabatan_pelaksana, nama=n) for n in nama]
    for p in out:
        p.refresh_from_db()
    return out


def skor(nilai: int | list[int], komentar: str = "") -> dict[str, tuple[Any, str]]:
    daftar = nilai if isinstance(nilai, list) else [nilai] * 7
    return {a: (s, komentar) for a, s in zip(ASPEK, daftar, strict=True)}


def permintaan(periode: Periode, dinilai: Pegawai, penilai: Pegawai) -> PermintaanUmpanBalik360:
    return PermintaanUmpanBalik360.objects.select_related("periode").get(
        periode=periode, dinilai=dinilai, penilai=penilai
    )


def jawab(
    periode: Periode, dinilai: Pegawai, penilai: Pegawai, nilai: int | list[int], komentar: str = ""
) -> PermintaanUmpanBalik360:
    p = permintaan(periode, dinilai, penilai)
    return jawaban_360_simpan(actor=penilai.user, permintaan=p, jawaban=skor(nilai, komentar))
