"""The benchmark harness and the bench command."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from common import bench


def test_percentile_interpolates() -> None:
    values = [float(v) for v in range(1, 11)]  # 1..10
    assert bench.percentile(values, 50) == pytest.approx(5.5)
    assert bench.percentile(values, 95) == pytest.approx(9.55)
    assert bench.percentile(values, 100) == 10
    assert bench.percentile([3.0], 95) == 3.0
    with pytest.raises(ValueError, match="no values"):
        bench.percentile([], 50)


@pytest.mark.django_db
def test_registry_runs_a_fake_measurement_with_budgets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "REGISTRY", {})

    @bench.benchmark("fake.sleepless", budget=lambda ctx: ctx.pegawai / 10, query_budget=2)
    def fake(ctx: bench.Konteks) -> bench.Hasil:
        samples, _q = bench.timings(lambda: None, repeat=5, warmup=1)
        assert len(samples) == 5
        return bench.Hasil(name="", value=7.0, queries=2)

    @bench.benchmark("fake.broken", budget=1)
    def broken(ctx: bench.Konteks) -> bench.Hasil:
        raise RuntimeError("URL belum ada")

    assert [b.name for b in bench.selected()] == ["fake.sleepless", "fake.broken"]
    ok = bench.REGISTRY["fake.sleepless"].run(bench.Konteks(pegawai=100))
    assert (ok.budget, ok.ok, ok.as_dict()["queries"]) == (10.0, True, 2)
    tight = bench.REGISTRY["fake.sleepless"].run(bench.Konteks(pegawai=100, budgets={"fake.sleepless:queries": 1}))
    assert not tight.ok
    assert "2 queries > 1" in tight.missed()
    slow = bench.REGISTRY["fake.sleepless"].run(bench.Konteks(pegawai=50))
    assert not slow.ok
    assert "7.0 ms > 5.0 ms" in slow.missed()
    bad = bench.REGISTRY["fake.broken"].run(bench.Konteks())
    assert bad.as_dict()["ok"] is False
    assert "URL belum ada" in bad.as_dict()["error"]
    with pytest.raises(KeyError):
        bench.selected(["nope"])


def test_traced_peak_measures_allocations() -> None:
    with bench.traced_peak() as m:
        blob = [0] * 2_000_000
    assert m["peak_mb"] > 10
    assert blob


def _run(*args: str) -> tuple[list[dict], CommandError | None]:
    out = io.StringIO()
    err = None
    try:
        call_command("bench", "--pegawai", "200", "--allow-sqlite", "--repeat", "3", *args, stdout=out)
    except CommandError as e:
        err = e
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()], err


@pytest.mark.django_db
def test_bench_command_prints_json_and_fails_on_a_missed_budget() -> None:
    rows, err = _run("--only", "pegawai.seed")
    assert err is None
    assert [r["name"] for r in rows] == ["pegawai.seed"]
    assert rows[0]["ok"] is True
    assert rows[0]["pegawai"] == 200
    assert rows[0]["unit"] == "s"
    rows, err = _run("--only", "pegawai.seed", "--budget", "pegawai.seed=0.000001")
    assert err is not None
    assert "pegawai.seed" in str(err)
    assert rows[0]["ok"] is False
    assert rows[0]["budget"] == 0.000001


@pytest.mark.django_db
def test_bench_refuses_sqlite_and_unknown_names(settings) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    if connection.vendor == "sqlite":
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("bench", "--pegawai", "10", stdout=io.StringIO())
    with pytest.raises(CommandError, match="nope"):
        call_command("bench", "--allow-sqlite", "--only", "nope", stdout=io.StringIO())
    with pytest.raises(CommandError, match="NAMA=ANGKA"):
        call_command("bench", "--allow-sqlite", "--budget", "x", stdout=io.StringIO())


@pytest.mark.django_db
def test_bench_measures_the_pages_on_the_seeded_instansi() -> None:
    rows, _err = _run("--only", "pegawai.list,pegawai.detail,pegawai.api.list", "--repeat", "2")
    by_name = {r["name"]: r for r in rows}
    assert "pegawai.seed" not in by_name, by_name.get("pegawai.seed", {}).get("error")
    assert set(by_name) == {"pegawai.list", "pegawai.detail", "pegawai.api.list"}
    for row in by_name.values():
        assert "error" not in row, row.get("error")
        assert row["p95"] >= row["p50"] > 0
        assert 0 < row["queries"] <= 15
        assert row["n"] == 2
