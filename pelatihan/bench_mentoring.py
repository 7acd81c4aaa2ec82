"""Benchmarks of pelatihan: mentoring (registered with common.bench).

``pelatihan.penjodohan`` times a whole pairing run on the bench instansi (``bench-sibolga``,
100,000 pegawai by default, seeded by ``pegawai.seed``): the candidates and their reasons, the
pairing input (levels, gaps, atasan chains), the optimal assignment and the bulk write of the
proposals, in the process, as BKD would start it.

The bench instansi has no appraisal history of two years, so it has no mentor candidate and the
run pairs nobody. The measurement then also times the assignment at the instansi's size in the
worst case: the same mentee candidates, and every other active pegawai a mentor with the policy's
capacity (``mode: semua_mentor``); the value is the run plus that assignment. No budget is set by
DESIGN.md; the line reports the seconds with the candidates and pairs."""

from __future__ import annotations

import time

from django.utils import timezone

from common.bench import Hasil, Konteks, benchmark
from pegawai.bench import _bkd, _instansi
from pegawai.models import Pegawai
from pegawai.selectors import kebijakan_get

from .penjodohan import jodohkan
from .selectors.mentoring import calon_build, kandidat_get
from .services.mentoring import penjodohan_jalankan


@benchmark("pelatihan.penjodohan", unit="s")
def penjodohan(ctx: Konteks) -> Hasil:
    instansi = _instansi(ctx)
    tahun = timezone.localdate().year
    mulai = time.perf_counter()
    run = penjodohan_jalankan(actor=_bkd(ctx), instansi=instansi, tahun=tahun, sinkron=True)
    detik = time.perf_counter() - mulai
    hasil = run.hasil
    details = {
        "mode": "data",
        "kandidat_mentee": hasil.get("kandidat_mentee"),
        "kandidat_mentor": hasil.get("kandidat_mentor"),
        "pasangan": hasil.get("pasangan"),
        "total_skor": hasil.get("total_skor"),
        "sisi": hasil.get("sisi"),
        "komponen": hasil.get("komponen"),
        "run_s": round(detik, 3),
    }
    if not hasil.get("kandidat_mentor"):
        mulai = time.perf_counter()
        kebijakan = kebijakan_get(instansi=instansi)
        mentee_ids = set(kandidat_get(instansi=instansi, tahun=tahun, kebijakan=kebijakan).mentee)
        kapasitas = kebijakan.kapasitas_mentor
        mentor_ids = (
            Pegawai.objects.filter(instansi=instansi, status=Pegawai.Status.AKTIF)
            .exclude(pk__in=mentee_ids)
            .values_list("id", flat=True)
        )
        mentee, mentor = calon_build(
            instansi=instansi, mentee_ids=mentee_ids, mentor_kapasitas=dict.fromkeys(mentor_ids, kapasitas)
        )
        semua = jodohkan(mentee, mentor)
        tambahan = time.perf_counter() - mulai
        detik += tambahan
        details.update(
            {
                "mode": "semua_mentor",
                "kandidat_mentor": len(mentor),
                "pasangan": len(semua.pasangan),
                "total_skor": semua.total_skor,
                "sisi": semua.sisi,
                "komponen": semua.komponen,
                "semua_mentor_s": round(tambahan, 3),
            }
        )
    return Hasil(name="", value=detik, unit="s", details=details)
