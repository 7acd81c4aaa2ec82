"""A small benchmark harness: a registry of measurements, timers and query counters.

Each app declares its measurements in its own ``bench`` module (``pegawai/bench.py``, later
``penilaian/bench.py``, ...)::

    from common.bench import Konteks, Hasil, benchmark, time_get

    @benchmark("pegawai.list", budget=300, query_budget=15, unit="ms")
    def pegawai_list(ctx: Konteks) -> Hasil:
        return time_get(ctx, ctx.client_for(user), "/pegawai/")

``python manage.py bench`` imports every installed app's ``bench`` module, runs the selected
measurements in registration order and prints one JSON line per measurement. Budgets come from
DESIGN.md; a run may override them (``--budget NAME=VALUE`` or the ``BENCH_BUDGETS`` setting),
which is how the tests check that a missed budget fails the command.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass
class Hasil:
    """One measurement's outcome. ``value`` is compared with ``budget`` (lower is better) and
    ``queries`` with ``query_budget``; ``error`` marks a measurement that could not run."""

    name: str
    value: float | None = None
    unit: str = "ms"
    budget: float | None = None
    queries: int | None = None
    query_budget: int | None = None
    error: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        if self.error is not None or self.value is None:
            return False
        if self.budget is not None and self.value > self.budget:
            return False
        return not (self.query_budget is not None and self.queries is not None and self.queries > self.query_budget)

    def as_dict(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "name": self.name,
            "value": None if self.value is None else round(self.value, 3),
            "unit": self.unit,
            "budget": self.budget,
            "ok": self.ok,
        }
        if self.queries is not None or self.query_budget is not None:
            row["queries"] = self.queries
            row["query_budget"] = self.query_budget
        if self.error is not None:
            row["error"] = self.error
        row.update(self.details)
        return row

    def missed(self) -> str:
        """Why the measurement failed, in one line (for the command's error message)."""
        if self.error is not None:
            return f"{self.name}: {self.error}"
        parts = []
        if self.budget is not None and self.value is not None and self.value > self.budget:
            parts.append(f"{self.value:.1f} {self.unit} > {self.budget} {self.unit}")
        if self.query_budget is not None and self.queries is not None and self.queries > self.query_budget:
            parts.append(f"{self.queries} queries > {self.query_budget}")
        return f"{self.name}: {', '.join(parts)}"


@dataclass
class Konteks:
    """What measurements share: the size, the repetitions, budget overrides and state that
    earlier measurements leave for later ones (for example the seeded instansi)."""

    pegawai: int = 100_000
    repeat: int = 20
    warmup: int = 2
    seed: bool = True
    budgets: dict[str, float] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)

    def client_for(self, user: Any) -> Client:
        hosts = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
        client = Client(raise_request_exception=True, HTTP_HOST=hosts[0] if hosts else "testserver")
        client.force_login(user)
        return client


Fungsi = Callable[[Konteks], Hasil]


@dataclass
class Benchmark:
    name: str
    func: Fungsi
    budget: float | Callable[[Konteks], float] | None
    query_budget: int | None
    unit: str

    def run(self, ctx: Konteks) -> Hasil:
        try:
            hasil = self.func(ctx)
        except Exception as e:  # a measurement that cannot run is reported, not fatal
            hasil = Hasil(name=self.name, error=f"{type(e).__name__}: {e}")
        hasil.name = self.name
        hasil.unit = hasil.unit if hasil.unit != "ms" else self.unit
        budget = self.budget(ctx) if callable(self.budget) else self.budget
        hasil.budget = ctx.budgets.get(self.name, budget)
        qkey = f"{self.name}:queries"
        hasil.query_budget = int(ctx.budgets[qkey]) if qkey in ctx.budgets else self.query_budget
        return hasil


REGISTRY: dict[str, Benchmark] = {}


def benchmark(
    name: str,
    *,
    budget: float | Callable[[Konteks], float] | None = None,
    query_budget: int | None = None,
    unit: str = "ms",
) -> Callable[[Fungsi], Fungsi]:
    """Register a measurement. ``budget`` may depend on the run (e.g. scale with the size)."""

    def register(func: Fungsi) -> Fungsi:
        REGISTRY[name] = Benchmark(name=name, func=func, budget=budget, query_budget=query_budget, unit=unit)
        return func

    return register


def autodiscover() -> None:
    """Import ``<app>.bench`` of every installed app that has one."""
    for app in apps.get_app_configs():
        module = f"{app.name}.bench"
        if module in sys.modules:
            continue
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)


def selected(names: list[str] | None = None) -> list[Benchmark]:
    if not names:
        return list(REGISTRY.values())
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise KeyError(", ".join(unknown))
    return [REGISTRY[n] for n in names]


def configured_budgets() -> dict[str, float]:
    return dict(getattr(settings, "BENCH_BUDGETS", {}) or {})


# ---------------------------------------------------------------------------------------------
# Measuring


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0–100) with linear interpolation between closest ranks."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100
    lo, hi = math.floor(rank), math.ceil(rank)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (rank - lo)


def timings(func: Callable[[], Any], *, repeat: int, warmup: int = 1) -> tuple[list[float], int]:
    """Run func warmup + repeat times; the milliseconds of the measured runs and the number of
    SQL queries of the last run."""
    for _ in range(warmup):
        func()
    samples = []
    queries = 0
    for i in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            func()
            samples.append((time.perf_counter() - start) * 1000)
        if i == repeat - 1:
            queries = len(ctx.captured_queries)
    return samples, queries


def time_get(ctx: Konteks, client: Client, url: str, **extra: Any) -> Hasil:
    """p95 server time (the request through the whole Django stack) and the query count of a GET."""
    status: list[int] = []

    def get() -> None:
        response = client.get(url, **extra)
        status.append(response.status_code)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} → {response.status_code}")

    samples, queries = timings(get, repeat=ctx.repeat, warmup=ctx.warmup)
    return Hasil(
        name="",
        value=percentile(samples, 95),
        queries=queries,
        details={
            "p50": round(percentile(samples, 50), 3),
            "p95": round(percentile(samples, 95), 3),
            "n": len(samples),
            "url": url,
        },
    )


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def traced_peak() -> Iterator[dict[str, float]]:
    """Peak Python allocation inside the block, in MB (for jobs: ``with traced_peak() as m: ...``)."""
    out: dict[str, float] = {}
    tracemalloc.start()
    try:
        yield out
    finally:
        out["peak_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
