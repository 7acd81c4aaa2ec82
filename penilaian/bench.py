"""Measurements of the appraisal issue (DESIGN.md budgets): the evaluation cycle of one period at
``--pegawai`` pegawai (100,000 by default) and at a tenth of that, and the seeding of the demo
appraisal data.

Each size has its own instansi (``bench-siklus-<n>``, organisation and pegawai from
``pegawai.demo.instansi_seed``), kept between runs; its appraisal data is rebuilt on every run
(``demo_hapus`` then ``demo_isi``, timed) so that every cycle starts from the same state. The cycle
(``siklus_mulai`` then ``siklus_jalankan``) runs on the last period that ended, in a fresh Python
process on PostgreSQL, so that the peak memory reported is that of the process doing the work
(the high-water mark of its resident set), not of this one after seeding.

Four lines: ``penilaian.demo_isi`` (s, no budget), ``penilaian.siklus_evaluasi`` (s, 30 s at
100,000), ``penilaian.siklus_evaluasi.memori`` (MB, 400) and ``penilaian.siklus_evaluasi.linear``
(time at the full size / time at a tenth: at most 12, i.e. growth close to linear).
"""

from __future__ import annotations

import datetime
import inspect
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from common.bench import Hasil, Konteks, benchmark
from common.models import Notifikasi
from pegawai import demo as pegawai_demo
from pegawai.bench import _backend_cpu
from pegawai.models import Instansi, Pegawai, User

from . import demo
from .models import Periode, SiklusEvaluasi
from .rules import JenisPeriode

KODE = "bench-siklus-{n}"
BUDGET_DETIK_100K = 30.0
BUDGET_MB = 400.0
BUDGET_LINEAR = 12.0
STATE = "penilaian.siklus"


@dataclass
class Siap:
    """An instansi ready for a cycle: its appraisal data freshly built."""

    instansi: Instansi
    periode: Periode
    pegawai: int
    isi_detik: float
    hapus_detik: float
    hitungan: dict[str, int] = field(default_factory=dict)


def ukuran(ctx: Konteks) -> tuple[int, int]:
    """The two sizes: a tenth of the run's size, and the run's size."""
    return max(1, ctx.pegawai // 10), ctx.pegawai


def _acuan() -> datetime.date:
    return timezone.localdate().replace(day=1)


def periode_terakhir(instansi: Instansi, acuan: datetime.date) -> Periode:
    """The periodic period that ended last before ``acuan``: the one whose cycle is measured."""
    periode = (
        Periode.objects.filter(instansi=instansi, tanggal_selesai__lt=acuan)
        .exclude(jenis=JenisPeriode.TAHUNAN)
        .order_by("-tanggal_selesai")
        .first()
    )
    if periode is None:
        raise RuntimeError("tidak ada periode yang sudah berakhir")
    return periode


def siapkan(n: int, *, seed: int = 1) -> Siap:
    """The instansi of size ``n`` (seeded when missing or of another size) with fresh appraisal data."""
    kode = KODE.format(n=n)
    acuan = _acuan()
    inst = Instansi.objects.filter(kode=kode).first()
    if inst is not None and Pegawai.objects.filter(instansi=inst).count() != n:
        pegawai_demo.instansi_reset(kode=kode)
        inst = None
    if inst is None:
        inst = pegawai_demo.instansi_seed(kode=kode, pegawai=n, seed=seed, acuan=acuan).instansi
    start = time.perf_counter()
    demo.demo_hapus(instansi=inst)
    # the cycle's notifications are idempotent by key: without this a rerun would send none
    Notifikasi.objects.filter(user__instansi=inst).delete()
    hapus = time.perf_counter() - start
    start = time.perf_counter()
    hitungan = demo.demo_isi(instansi=inst, acuan=acuan, seed=seed, siklus=False)
    isi = time.perf_counter() - start
    return Siap(inst, periode_terakhir(inst, acuan), n, isi, hapus, hitungan)


def _bkd(instansi: Instansi) -> User | None:
    return User.objects.filter(instansi=instansi, peran=User.Peran.BKD).order_by("id").first()


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident set of this process in MB. The peak is the mm's high-water mark
    (VmHWM), which starts afresh in a new process; ``ru_maxrss`` would carry the parent's peak
    across fork and exec."""
    try:
        with open("/proc/self/status") as f:
            nilai = dict(line.split(":", 1) for line in f if line.startswith(("VmRSS", "VmHWM")))
        return int(nilai["VmRSS"].split()[0]) / 1024, int(nilai["VmHWM"].split()[0]) / 1024
    except (OSError, KeyError, ValueError):  # pragma: no cover (not Linux)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return peak, peak


def siklus_jalankan_ukur(*, periode_id: int, actor_id: int | None) -> dict[str, Any]:
    """Start and run the cycle of a period in this process: seconds, peak RSS (MB), outcome."""
    from penilaian.hooks import hooks_ditahan
    from penilaian.services import siklus

    periode = Periode.objects.select_related("instansi").get(pk=periode_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    rss_awal = rss_mb()[0]
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    backend = _backend_cpu()
    start = time.perf_counter()
    kwargs: dict[str, Any] = {"actor": actor, "periode": periode}
    if "kirim" in inspect.signature(siklus.siklus_mulai).parameters:
        kwargs["kirim"] = False  # run it here, not through the task queue
    # the cycle alone: what other apps do after it (e.g. deriving training needs) runs on a worker
    # after the cycle has finished, and has its own measurement
    with hooks_ditahan():
        row = siklus.siklus_mulai(**kwargs)
        row = siklus.siklus_jalankan(siklus_id=row.pk)
    detik = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    backend_after = _backend_cpu()
    return {
        "detik": detik,
        "peak_rss_mb": rss_mb()[1],
        "rss_awal_mb": rss_awal,
        # CPU seconds of this process and of its PostgreSQL backend (same host only): together
        # with the wall time they tell the work apart from waiting for a busy machine
        "cpu_python_s": after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime,
        "cpu_postgres_s": None if backend is None or backend_after is None else backend_after - backend,
        "status": row.status,
        "galat": row.galat,
        "diproses": row.diproses,
        "total": row.total,
    }


def anak_main() -> None:  # pragma: no cover (runs in the child process)
    """Entry point of the child process: ``argv[1]`` is JSON with the database name and the ids."""
    from django.db import connections

    args = json.loads(sys.argv[1])
    connections["default"].settings_dict["NAME"] = args["db"]
    out = siklus_jalankan_ukur(periode_id=args["periode_id"], actor_id=args["actor_id"])
    sys.stdout.write("HASIL " + json.dumps(out) + "\n")


def siklus_ukur(siap: Siap, *, proses_baru: bool) -> dict[str, Any]:
    """Run the cycle of ``siap.periode``, in a fresh process when asked (PostgreSQL only)."""
    bkd = _bkd(siap.instansi)
    actor_id = bkd.pk if bkd else None
    if not proses_baru:
        return siklus_jalankan_ukur(periode_id=siap.periode.pk, actor_id=actor_id)
    args = {"db": connection.settings_dict["NAME"], "periode_id": siap.periode.pk, "actor_id": actor_id}
    kode = "import django; django.setup(); from penilaian.bench import anak_main; anak_main()"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    proc = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", kode, json.dumps(args)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    baris = [b for b in proc.stdout.splitlines() if b.startswith("HASIL ")]
    if proc.returncode != 0 or not baris:
        raise RuntimeError(f"proses siklus gagal ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return dict(json.loads(baris[-1].removeprefix("HASIL ")))


def _proses_baru(ctx: Konteks) -> bool:
    return connection.vendor == "postgresql" and not ctx.state.get("siklus_dalam_proses", False)


def _siap(ctx: Konteks, n: int) -> Siap:
    cache: dict[int, Siap] = ctx.state.setdefault("penilaian.siap", {})
    if n not in cache:
        cache[n] = siapkan(n)
    return cache[n]


def hasil_siklus(ctx: Konteks) -> dict[str, Any]:
    """Both sizes measured once per run; the four lines read from it."""
    if STATE in ctx.state:
        return dict(ctx.state[STATE])
    out: dict[str, Any] = {}
    proses_baru = _proses_baru(ctx)
    for label, n in zip(("kecil", "besar"), ukuran(ctx), strict=True):
        siap = _siap(ctx, n)
        ukur = siklus_ukur(siap, proses_baru=proses_baru)
        ctx.state["penilaian.siap"].pop(n)  # the cycle changed it: rebuilt if measured again
        if ukur["status"] != SiklusEvaluasi.Status.SELESAI:
            raise RuntimeError(f"siklus {n} pegawai: {ukur['status']} {ukur['galat']}")
        out[label] = {"pegawai": n, "periode": siap.periode.nama, **ukur}
    kecil, besar = out["kecil"], out["besar"]
    out["rasio"] = besar["detik"] / kecil["detik"] if kecil["detik"] > 0 else 0.0
    out["proses_baru"] = proses_baru
    ctx.state[STATE] = out
    return dict(out)


def detik_budget(ctx: Konteks) -> float:
    """30 s at 100,000 pegawai, linear in the size, at least 5 s."""
    return max(5.0, BUDGET_DETIK_100K * ctx.pegawai / 100_000)


@benchmark("penilaian.demo_isi", unit="s")
def demo_isi_ukur(ctx: Konteks) -> Hasil:
    n = ukuran(ctx)[1]
    siap = _siap(ctx, n)
    return Hasil(
        name="",
        value=siap.isi_detik,
        unit="s",
        details={"pegawai": n, "hapus_s": round(siap.hapus_detik, 3), **siap.hitungan},
    )


def _rincian(h: dict[str, Any]) -> dict[str, Any]:
    kecil, besar = h["kecil"], h["besar"]
    return {
        "pegawai": besar["pegawai"],
        "periode": besar["periode"],
        "detik_kecil": round(kecil["detik"], 3),
        "detik_besar": round(besar["detik"], 3),
        "pegawai_kecil": kecil["pegawai"],
        "ms_per_pegawai_kecil": round(kecil["detik"] * 1000 / kecil["pegawai"], 4),
        "ms_per_pegawai_besar": round(besar["detik"] * 1000 / besar["pegawai"], 4),
        "rasio": round(h["rasio"], 2),
        "peak_rss_mb": round(besar["peak_rss_mb"], 1),
        "rss_awal_mb": round(besar["rss_awal_mb"], 1),
        "cpu_python_s": round(besar["cpu_python_s"], 1),
        "cpu_postgres_s": None if besar["cpu_postgres_s"] is None else round(besar["cpu_postgres_s"], 1),
        "proses_baru": h["proses_baru"],
    }


@benchmark("penilaian.siklus_evaluasi", budget=detik_budget, unit="s")
def siklus_evaluasi(ctx: Konteks) -> Hasil:
    h = hasil_siklus(ctx)
    return Hasil(name="", value=h["besar"]["detik"], unit="s", details=_rincian(h))


@benchmark("penilaian.siklus_evaluasi.memori", budget=BUDGET_MB, unit="MB")
def siklus_evaluasi_memori(ctx: Konteks) -> Hasil:
    h = hasil_siklus(ctx)
    return Hasil(name="", value=h["besar"]["peak_rss_mb"], unit="MB", details=_rincian(h))


@benchmark("penilaian.siklus_evaluasi.linear", budget=BUDGET_LINEAR, unit="x")
def siklus_evaluasi_linear(ctx: Konteks) -> Hasil:
    h = hasil_siklus(ctx)
    return Hasil(name="", value=h["rasio"], unit="x", details=_rincian(h))
