"""Benchmarks of pelatihan: mentoring (registered with common.bench).

``pelatihan.penjodohan`` times a whole pairing run on the bench instansi (``bench-sibolga``,
100,000 pegawai by default, seeded by ``pegawai.seed``): the candidates and their reasons, the
pairing input (levels, gaps, atasan chains), the optimal assignment and the bulk write of the
proposals, in the process, as BKD would start it. No budget is set by DESIGN.md; the line
reports the seconds with the candidates and pairs."""

from __future__ import annotations

import time

from django.utils import timezone

from common.bench import Hasil, Konteks, benchmark
from pegawai.bench import _bkd, _instansi

from .services.mentoring import penjodohan_jalankan


@benchmark("pelatihan.penjodohan", unit="s")
def penjodohan(ctx: Konteks) -> Hasil:
    instansi = _instansi(ctx)
    mulai = time.perf_counter()
    run = penjodohan_jalankan(actor=_bkd(ctx), instansi=instansi, tahun=timezone.localdate().year, sinkron=True)
    detik = time.perf_counter() - mulai
    hasil = run.hasil
    return Hasil(
        name="",
        value=detik,
        unit="s",
        details={
            "kandidat_mentee": hasil.get("kandidat_mentee"),
            "kandidat_mentor": hasil.get("kandidat_mentor"),
            "pasangan": hasil.get("pasangan"),
            "total_skor": hasil.get("total_skor"),
            "sisi": hasil.get("sisi"),
            "komponen": hasil.get("komponen"),
            "detik_penjodohan": hasil.get("detik"),
        },
    )
