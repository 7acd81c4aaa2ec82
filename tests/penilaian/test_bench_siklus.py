"""The appraisal measurements: registered with the harness, run at a tiny size."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from common import bench
from pegawai.models import Instansi, Pegawai
from penilaian import bench as penilaian_bench
from penilaian.models import Periode, SiklusEvaluasi

NAMA = [
    "penilaian.demo_isi",
    "penilaian.siklus_evaluasi",
    "penilaian.siklus_evaluasi.memori",
    "penilaian.siklus_evaluasi.linear",
]


def test_the_measurements_are_registered_with_their_budgets() -> None:
    bench.autodiscover()
    for name in NAMA:
        assert name in bench.REGISTRY
    assert bench.REGISTRY["penilaian.siklus_evaluasi"].unit == "s"
    assert penilaian_bench.detik_budget(bench.Konteks(pegawai=100_000)) == 30.0
    assert penilaian_bench.detik_budget(bench.Konteks(pegawai=1_000)) == 5.0
    assert bench.REGISTRY["penilaian.siklus_evaluasi.memori"].budget == 400.0
    assert bench.REGISTRY["penilaian.siklus_evaluasi.linear"].budget == 12.0
    assert penilaian_bench.ukuran(bench.Konteks(pegawai=100_000)) == (10_000, 100_000)


@pytest.mark.django_db
def test_smoke_at_a_tiny_size_in_process() -> None:
    ctx = bench.Konteks(pegawai=150, state={"siklus_dalam_proses": True})
    rows = {name: bench.REGISTRY[name].run(ctx) for name in NAMA}
    for name, hasil in rows.items():
        assert hasil.error is None, (name, hasil.error)
        assert hasil.ok, (name, hasil.as_dict())
    seed = rows["penilaian.demo_isi"].as_dict()
    assert seed["pegawai"] == 150
    assert seed["skp"] > 100
    assert seed["realisasi"] > 0
    siklus = rows["penilaian.siklus_evaluasi"].as_dict()
    assert siklus["pegawai"] == 150
    assert siklus["pegawai_kecil"] == 15
    assert siklus["detik_besar"] > 0
    assert siklus["proses_baru"] is False
    assert rows["penilaian.siklus_evaluasi.memori"].unit == "MB"
    assert rows["penilaian.siklus_evaluasi.memori"].value == pytest.approx(siklus["peak_rss_mb"], abs=0.1)
    assert rows["penilaian.siklus_evaluasi.linear"].value == pytest.approx(siklus["rasio"], abs=0.01)
    inst = Instansi.objects.get(kode="bench-siklus-150")
    periode = penilaian_bench.periode_terakhir(inst, penilaian_bench._acuan())
    assert SiklusEvaluasi.objects.get(periode=periode).status == SiklusEvaluasi.Status.SELESAI
    # a second run reuses the instansi and rebuilds its appraisal data
    again = bench.Konteks(pegawai=150, state={"siklus_dalam_proses": True})
    assert bench.REGISTRY["penilaian.siklus_evaluasi"].run(again).ok
    assert Instansi.objects.filter(kode="bench-siklus-150").get().pk == inst.pk
    # a budget missed fails the line
    tight = bench.Konteks(pegawai=150, state=dict(ctx.state), budgets={"penilaian.siklus_evaluasi.memori": 1})
    assert not bench.REGISTRY["penilaian.siklus_evaluasi.memori"].run(tight).ok


@pytest.mark.django_db
def test_an_instansi_of_another_size_is_rebuilt_and_a_year_without_an_ended_period_fails() -> None:
    siap = penilaian_bench.siapkan(30)
    assert Pegawai.objects.filter(instansi=siap.instansi).count() == 30
    Pegawai.objects.filter(instansi=siap.instansi).order_by("-id")[:1].get().delete()
    again = penilaian_bench.siapkan(30)
    assert again.instansi.pk != siap.instansi.pk
    assert Pegawai.objects.filter(instansi=again.instansi).count() == 30
    Periode.objects.filter(instansi=again.instansi).delete()
    with pytest.raises(RuntimeError, match="berakhir"):
        penilaian_bench.periode_terakhir(again.instansi, datetime.date(2026, 11, 1))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the cycle runs in a fresh process on PostgreSQL")
def test_the_cycle_runs_in_a_fresh_process() -> None:
    from tests.factories.pegawai import golongan_reference_ensure

    golongan_reference_ensure()  # an earlier transactional test may have emptied the reference rows
    siap = penilaian_bench.siapkan(40)
    ukur = penilaian_bench.siklus_ukur(siap, proses_baru=True)
    assert ukur["status"] == SiklusEvaluasi.Status.SELESAI, ukur
    assert ukur["detik"] > 0
    assert ukur["peak_rss_mb"] >= ukur["rss_awal_mb"] > 20
    assert SiklusEvaluasi.objects.get(periode=siap.periode).status == SiklusEvaluasi.Status.SELESAI
