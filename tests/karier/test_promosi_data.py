"""Builders shared by the promotion and award tests: vacancies and candidates with explicit
dates, education, golongan and predikat."""

from __future__ import annotations

import datetime
from typing import Any

from pegawai.models import Jabatan, Pegawai
from penilaian.models import Periode
from penilaian.services.periode import periode_snapshot
from tests.factories.karier import predikat_tahunan_set
from tests.factories.pegawai import JabatanFactory, PegawaiFactory, golongan

PADA = datetime.date(2026, 7, 1)
TAHUN = (2025, 2024)  # the last two annual years before PADA


def lowongan_administrator(org: Any, **kw: Any) -> Jabatan:
    """A vacant administrator jabatan (no holder) under the Kepala Dinas."""
    return JabatanFactory(
        unit_kerja=org.dinas,
        nama=kw.pop("nama", "Sekretaris Dinas Kesehatan"),
        jenis="administrator",
        eselon="III.a",
        atasan=org.jabatan_kadis,
        **kw,
    )


def lowongan_pengawas(org: Any, **kw: Any) -> Jabatan:
    return JabatanFactory(
        unit_kerja=org.bidang,
        nama=kw.pop("nama", "Kepala Subbagian Program"),
        jenis="pengawas",
        eselon="IV.a",
        atasan=org.jabatan_kabid,
        **kw,
    )


def calon(
    org: Any,
    nama: str,
    *,
    jenis: str = "pengawas",
    tmt_jabatan: datetime.date = datetime.date(2020, 1, 1),
    pendidikan: str = "S1",
    gol: str = "III/c",
    jenjang: str = "",
) -> Pegawai:
    """A candidate holding a jabatan of ``jenis`` of their own (so no vacancy appears)."""
    jabatan = JabatanFactory(
        unit_kerja=org.bidang,
        nama=f"{jenis.title()} {nama}",
        jenis=jenis,
        jenjang=jenjang,
        atasan=org.jabatan_kabid,
    )
    p = PegawaiFactory(
        jabatan=jabatan,
        nama=nama,
        pendidikan_terakhir=pendidikan,
        golongan=golongan(gol),
        tanggal_lahir=datetime.date(1982, 5, 17),
        tmt_cpns=datetime.date(2008, 3, 1),
        tmt_golongan=datetime.date(2019, 1, 1),
        tmt_jabatan=tmt_jabatan,
    )
    p.refresh_from_db()
    return p


def predikat_set(daftar: list[Pegawai], *, per_tahun: dict[int, str] | None = None) -> None:
    """The annual predikat of the two years for each pegawai (Baik unless given)."""
    per_tahun = per_tahun or {}
    for periode in Periode.objects.filter(instansi_id=daftar[0].instansi_id, tahun__in=TAHUN):
        periode_snapshot(periode=periode)  # pegawai created after the periods were opened
    for p in daftar:
        for t in TAHUN:
            predikat_tahunan_set(p, t, per_tahun.get(t, "baik"))
