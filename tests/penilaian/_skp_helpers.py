"""Helpers for the SKP tests: plans built through the services, as a pegawai would write them."""

from __future__ import annotations

from decimal import Decimal

from pegawai.models import Pegawai
from penilaian.models import SKP, IndikatorKinerja, RencanaHasilKerja
from penilaian.services import skp as services
from tests.factories.penilaian import TAHUN


def skp_draft(pegawai: Pegawai, *, tahun: int = TAHUN, rhk: int = 0) -> SKP:
    """A draft SKP of ``pegawai`` with ``rhk`` RHKs, each with one quantitative indikator."""
    skp = services.skp_create(actor=pegawai.user, pegawai=pegawai, tahun=tahun)
    for n in range(1, rhk + 1):
        r = services.rhk_create(actor=pegawai.user, skp=skp, uraian=f"RHK {n}")
        indikator_tambah(r)
    return skp


def indikator_tambah(rhk: RencanaHasilKerja, target: str = "12") -> IndikatorKinerja:
    return services.indikator_create(
        actor=rhk.skp.pegawai.user, rhk=rhk, uraian=f"Indikator {rhk.uraian}", target=Decimal(target), satuan="laporan"
    )


def skp_diajukan(pegawai: Pegawai, *, rhk: int = 1) -> SKP:
    skp = skp_draft(pegawai, rhk=rhk)
    return services.skp_submit(actor=pegawai.user, skp=skp)


def skp_disetujui(pegawai: Pegawai, *, rhk: int = 1) -> SKP:
    skp = skp_diajukan(pegawai, rhk=rhk)
    assert pegawai.atasan is not None
    return services.skp_approve(actor=pegawai.atasan.user, skp=skp)
