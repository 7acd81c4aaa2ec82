"""Measurements of issue 5 (DESIGN.md budgets): the yearly talent and recommendation run, the BKD
dashboard and a pegawai's own career page, on the largest instansi of the database (the demo of
``seed_demo --pegawai 100000``: it needs the annual predikat, assessments and training that the
demo builds).

``karier.tahunan``: ``karier_tahunan_jalankan`` for last year's 9-box as of today, in one
transaction, committed (the run is rerun-safe: proposals are upserted by their key, and the
later measurements read its placements). DESIGN.md sets no budget for it; ours is 120 s at
100,000 pegawai, linear in the size: the run follows the annual evaluation cycle in a worker once
a year, and twice the cycle's own 30 s per step would still finish the same hour. The details
give each step's seconds, the counts and the peak memory of the process.
"""

from __future__ import annotations

import time

from django.db import transaction
from django.utils import timezone

from common.bench import Hasil, Konteks, benchmark, peak_rss_mb

from .bench_dasbor import instansi_terbesar
from .services.tahunan import karier_tahunan_jalankan


def tahunan_budget(ctx: Konteks) -> float:
    return max(5.0, 120.0 * ctx.pegawai / 100_000)


@benchmark("karier.tahunan", budget=tahunan_budget, unit="s")
def tahunan(ctx: Konteks) -> Hasil:
    inst = instansi_terbesar()
    tahun = timezone.localdate().year - 1
    mulai = time.perf_counter()
    with transaction.atomic():
        hasil = karier_tahunan_jalankan(instansi=inst, tahun=tahun)
    detik = time.perf_counter() - mulai
    return Hasil(
        name="",
        value=detik,
        unit="s",
        details={
            "instansi": inst.kode,
            "tahun": tahun,
            "dipetakan": hasil.talenta.dipetakan,
            "tanpa_kotak": hasil.talenta.tanpa_kotak,
            "usulan": {nama: h.dibuat + h.diperbarui for nama, h in hasil.usulan.items()},
            "langkah_s": {nama: round(s, 2) for nama, s in hasil.detik_per_langkah.items()},
            "peak_rss_mb": round(peak_rss_mb(), 1),
        },
    )


# registered after the run, so that the pages read this year's placements and proposals
from . import bench_dasbor, bench_jalur  # noqa: E402, F401
