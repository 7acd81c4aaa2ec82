"""Demo career data: two years of annual predikat, earlier Satyalancana, the 9-box of two years
with movement, proposals of every kind with an example of every committee status, the applied
ones on the profile; deterministic, and removable set-based."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import pytest

from karier import demo
from karier.models import AnggotaKRS, PenempatanTalenta, Rekomendasi, RiwayatPenghargaan
from pegawai import demo as pegawai_demo
from pegawai.models import Instansi, Pegawai, RiwayatPangkat
from pelatihan import demo as pelatihan_demo
from penilaian import demo as penilaian_demo
from penilaian.models import EvaluasiKinerja, JenisPeriode
from penilaian.rules import PREDIKAT_MINIMAL_BAIK
from tests.factories.pegawai import urutan_ulang

ACUAN = datetime.date(2026, 11, 1)
pytestmark = pytest.mark.django_db


def _seed(kode: str = "kota-sibolga", seed: int = 1) -> Instansi:
    inst = pegawai_demo.instansi_seed(kode=kode, pegawai=200, seed=seed, acuan=ACUAN).instansi
    penilaian_demo.demo_isi(instansi=inst, acuan=ACUAN, seed=seed, siklus=False)
    pelatihan_demo.demo_isi(instansi=inst, acuan=ACUAN, seed=seed)
    demo.demo_isi(instansi=inst, acuan=ACUAN, seed=seed)
    return inst


def _gambaran(inst: Instansi) -> dict[str, Any]:
    """The data keyed by NIP and codes (ids differ between builds)."""
    return {
        "predikat": sorted(
            EvaluasiKinerja.objects.filter(periode__instansi=inst, periode__jenis=JenisPeriode.TAHUNAN).values_list(
                "pegawai__nip", "periode__tahun", "predikat"
            )
        ),
        "talenta": sorted(
            PenempatanTalenta.objects.filter(instansi=inst).values_list("pegawai__nip", "tahun", "kotak")
        ),
        "rekomendasi": sorted(
            Rekomendasi.objects.filter(instansi=inst).values_list("pegawai__nip", "jenis", "kunci", "status")
        ),
        "penghargaan": sorted(
            RiwayatPenghargaan.objects.filter(pegawai__instansi=inst).values_list("pegawai__nip", "jenis", "tahun")
        ),
    }


def test_history_talent_map_proposals_and_committee_steps() -> None:
    inst = _seed()
    # two years of annual predikat for everyone who served then; most Baik
    tahunan = EvaluasiKinerja.objects.filter(periode__instansi=inst, periode__jenis=JenisPeriode.TAHUNAN)
    per_tahun = Counter(tahunan.filter(periode__tahun__in=[2024, 2025]).values_list("periode__tahun", flat=True))
    bertugas = Pegawai.objects.filter(instansi=inst, tmt_cpns__lte=datetime.date(2024, 12, 31)).count()
    assert per_tahun[2024] == bertugas
    assert per_tahun[2025] >= bertugas
    predikat = Counter(tahunan.exclude(predikat="").values_list("predikat", flat=True))
    assert predikat["baik"] > sum(predikat.values()) / 2
    assert predikat["sangat_baik"] > 0
    assert predikat["butuh_perbaikan"] > 0
    # the demo logins are Baik or better in both years
    atasan = pegawai_demo.demo_atasan(inst)
    assert atasan is not None
    saya = pegawai_demo.demo_pegawai(atasan)
    assert saya is not None
    for p in (atasan, saya):
        assert set(tahunan.filter(pegawai=p).exclude(predikat="").values_list("predikat", flat=True)) <= set(
            PREDIKAT_MINIMAL_BAIK
        )
    # the 9-box of both years, with last year's box carried for the movement
    talenta = PenempatanTalenta.objects.filter(instansi=inst)
    assert set(talenta.values_list("tahun", flat=True)) == {2024, 2025}
    kotak = Counter(talenta.filter(tahun=2025, kotak__isnull=False).values_list("kotak", flat=True))
    assert len(kotak) >= 6
    assert talenta.filter(tahun=2025, kotak_sebelumnya__isnull=False).exists()
    # proposals of every kind, and every committee status has an example
    rek = Rekomendasi.objects.filter(instansi=inst)
    assert set(rek.values_list("jenis", flat=True)) >= {"kp", "krs", "rotasi", "penghargaan"}
    assert set(rek.values_list("status", flat=True)) >= {"diusulkan", "ditinjau", "disetujui", "ditolak", "diterapkan"}
    assert all(r.dasar for r in rek)
    assert not rek.filter(status="ditolak", alasan_keputusan="").exists()
    # the applied ones are on the profile: a KP with its SK, a KRS member, an award
    for r in rek.filter(status="diterapkan", jenis="kp"):
        assert RiwayatPangkat.objects.filter(pegawai=r.pegawai, golongan=r.golongan_baru, tmt=r.tmt_penerapan).exists()
    assert (
        AnggotaKRS.objects.filter(instansi=inst, tahun=2025).count()
        == rek.filter(jenis="krs", status="diterapkan").count()
    )
    assert RiwayatPenghargaan.objects.filter(pegawai__instansi=inst, rekomendasi__isnull=False).exists()
    # long-serving PNS already hold their earlier Satyalancana
    assert RiwayatPenghargaan.objects.filter(pegawai__instansi=inst, jenis="satyalancana_10").count() > 10
    # a second call does nothing
    assert demo.demo_isi(instansi=inst, acuan=ACUAN, seed=1) == {}


def test_same_seed_same_data_and_demo_hapus_removes_it() -> None:
    urutan_ulang("pegawai", "penilaian", "pelatihan", "karier")
    first = _gambaran(_seed())
    assert all(first.values())
    assert pegawai_demo.instansi_reset(kode="kota-sibolga")
    urutan_ulang("pegawai", "penilaian", "pelatihan", "karier")
    inst = _seed()
    assert _gambaran(inst) == first
    other = _seed(kode="kota-sawahlunto", seed=2)
    before = _gambaran(other)
    assert demo.demo_hapus(instansi=inst) > 0
    assert not PenempatanTalenta.objects.filter(instansi=inst).exists()
    assert not Rekomendasi.objects.filter(instansi=inst).exists()
    assert not AnggotaKRS.objects.filter(instansi=inst).exists()
    assert not RiwayatPenghargaan.objects.filter(pegawai__instansi=inst).exists()
    assert _gambaran(other) == before
