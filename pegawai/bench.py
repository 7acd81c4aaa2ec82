"""Measurements of issue 2 (DESIGN.md budgets): seeding, the pegawai list page and API, the
profile page, and the XLSX import, at ``--pegawai`` pegawai (100,000 by default)."""

from __future__ import annotations

import importlib
import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from django.db import connection
from django.urls import NoReverseMatch, reverse

from common.bench import Hasil, Konteks, benchmark, peak_rss_mb, time_get

from . import demo
from .models import Instansi, Pegawai, UnitKerja, User

KODE_BENCH = "bench-sibolga"


def _instansi(ctx: Konteks) -> Instansi:
    inst = Instansi.objects.filter(kode=ctx.state.get("kode", KODE_BENCH)).first()
    if inst is None:
        raise RuntimeError("instansi bench belum ada: jalankan tanpa --skip-seed")
    return inst


def _bkd(ctx: Konteks) -> User:
    return User.objects.filter(instansi=_instansi(ctx), peran=User.Peran.BKD).order_by("id").first()  # type: ignore[return-value]


def _url(name: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch as e:
        raise RuntimeError(f"URL {name!r} belum ada") from e


def _backend_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend, when it runs on this host."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as c:
        c.execute("SELECT pg_backend_pid()")
        row = c.fetchone()
    try:
        fields = Path(f"/proc/{row[0]}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError, TypeError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def seed_budget(ctx: Konteks) -> float:
    """60 s at 100,000 pegawai, linear in the size, with 5 s for the fixed part (organisation,
    the password hash)."""
    return max(5.0, 60.0 * ctx.pegawai / 100_000)


@benchmark("pegawai.seed", budget=seed_budget, unit="s")
def seed(ctx: Konteks) -> Hasil:
    kode = ctx.state.setdefault("kode", KODE_BENCH)
    if not ctx.seed:
        n = Pegawai.objects.filter(instansi=_instansi(ctx)).count()
        return Hasil(name="", value=0.0, unit="s", details={"skipped": True, "pegawai": n})
    start = time.perf_counter()
    demo.instansi_reset(kode=kode)
    reset = time.perf_counter() - start
    backend = _backend_cpu()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    hasil = demo.instansi_seed(kode=kode, pegawai=ctx.pegawai, seed=1)
    detik = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = {"cpu_python_s": round(after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime, 1)}
    backend_after = _backend_cpu()
    if backend is not None and backend_after is not None:
        # the database server's own CPU time for this session (same host only): with the
        # Python time it tells the work done apart from waiting for a busy machine
        cpu["cpu_postgres_s"] = round(backend_after - backend, 1)
    return Hasil(
        name="",
        value=detik,
        unit="s",
        details={
            "pegawai": hasil.pegawai,
            "unit_kerja": hasil.unit_kerja,
            "jabatan": hasil.jabatan,
            "reset_s": round(reset, 3),
            **cpu,
            "peak_rss_mb": round(peak_rss_mb(), 1),
        },
    )


@benchmark("pegawai.list", budget=300, query_budget=15)
def pegawai_list(ctx: Konteks) -> Hasil:
    return time_get(ctx, ctx.client_for(_bkd(ctx)), _url("pegawai:pegawai-list"))


@benchmark("pegawai.list.filter", budget=300, query_budget=15)
def pegawai_list_filter(ctx: Konteks) -> Hasil:
    inst = _instansi(ctx)
    unit = (
        UnitKerja.objects.filter(instansi=inst, kode="DISDIK").first()
        or UnitKerja.objects.filter(instansi=inst).first()
    )
    url = _url("pegawai:pegawai-list")
    query = f"?unit_kerja={unit.pk if unit else ''}&jenis_jabatan=fungsional_keahlian&golongan=III/b&q=siregar"
    return time_get(ctx, ctx.client_for(_bkd(ctx)), url + query)


@benchmark("pegawai.detail", budget=100, query_budget=15)
def pegawai_detail(ctx: Konteks) -> Hasil:
    inst = _instansi(ctx)
    atasan = demo.demo_atasan(inst)
    target = demo.demo_pegawai(atasan) if atasan else None
    target = target or Pegawai.objects.filter(instansi=inst).order_by("id").first()
    if target is None:
        raise RuntimeError("tidak ada pegawai")
    return time_get(ctx, ctx.client_for(_bkd(ctx)), _url("pegawai:pegawai-detail", pegawai_id=target.pk))


@benchmark("pegawai.api.list", budget=300, query_budget=15)
def pegawai_api_list(ctx: Konteks) -> Hasil:
    return time_get(ctx, ctx.client_for(_bkd(ctx)), _url("pegawai-api:pegawai-list"))


def import_budget(ctx: Konteks) -> float:
    """90 s at 100,000 pegawai, linear in the size, at least 5 s."""
    return max(5.0, 90.0 * ctx.pegawai / 100_000)


@benchmark("pegawai.import.xlsx", budget=import_budget, unit="s")
def pegawai_import(ctx: Konteks) -> Hasil:
    try:
        impor = importlib.import_module("pegawai.impor")
    except ImportError as e:
        raise RuntimeError("modul pegawai.impor belum ada") from e
    run = getattr(impor, "impor_pegawai_run", None)
    builder = getattr(demo, "impor_xlsx_build", None)
    if run is None or builder is None:
        raise RuntimeError("pegawai.impor.impor_pegawai_run atau berkas uji belum tersedia")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pegawai.xlsx"
        job = builder(path=path, pegawai=ctx.pegawai)
        start = time.perf_counter()
        impor = run(**job)
        detik = time.perf_counter() - start
    if impor.status != "berhasil":
        raise RuntimeError(f"impor {impor.status}: {impor.galat[:3]}")
    return Hasil(name="", value=detik, unit="s", details={"pegawai": ctx.pegawai, "baru": impor.jumlah_baru})
