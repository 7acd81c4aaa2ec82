"""Measurement of the needs derivation: ``pelatihan.kebutuhan_turunkan`` (s) on an instansi of
``--pegawai`` pegawai (100,000 by default).

The instansi (``bench-kebutuhan-<n>``, organisation and pegawai from ``pegawai.demo``) is kept
between runs. Its competency data is built once, set-based and deterministic: every jabatan
requires the eight manajerial kompetensi at level 2–4, and two pegawai in three have an
assessment at level 1–4, so most pegawai have several gaps and everyone lacks JP. Each run
clears the instansi's needs and times two derivations: the first creates every need (the value
compared with the budget), the second sees them all again (reported as ``rerun_s``).

Budget 60 s: the derivation runs in a worker after each evaluation cycle, which itself may take
30 s at 100,000 pegawai; a derivation within twice that keeps needs fresh the same hour.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.db import transaction
from django.utils import timezone

from common.bench import Hasil, Konteks, benchmark
from pegawai import demo as pegawai_demo
from pegawai.models import Instansi, Jabatan, Pegawai
from pelatihan.models import KebutuhanPelatihan
from pelatihan.services.kebutuhan import kebutuhan_turunkan
from penilaian.models import Asesmen, HasilAsesmenKompetensi, Kompetensi, MetodeAsesmen, StandarKompetensi

KODE = "bench-kebutuhan-{n}"
BUDGET_DETIK = 60.0
BATCH = 5000


def _kompetensi_isi(instansi: Instansi) -> dict[str, int]:
    """Standards for every jabatan and assessments for two pegawai in three (once per instansi)."""
    if StandarKompetensi.objects.filter(jabatan__instansi=instansi).exists():
        return {}
    manajerial = list(Kompetensi.objects.filter(instansi=None, kode__startswith="M").order_by("kode"))
    jabatan_ids = list(Jabatan.objects.filter(instansi=instansi).values_list("id", flat=True))
    StandarKompetensi.objects.bulk_create(
        (
            StandarKompetensi(jabatan_id=j, kompetensi=k, level=2 + (j + i) % 3)
            for j in jabatan_ids
            for i, k in enumerate(manajerial)
        ),
        batch_size=BATCH,
    )
    pegawai_ids = list(Pegawai.objects.filter(instansi=instansi).values_list("id", flat=True))
    tanggal = datetime.date(timezone.localdate().year - 1, 6, 1)
    dinilai = [p for p in pegawai_ids if p % 3]
    for i in range(0, len(dinilai), BATCH):
        chunk = dinilai[i : i + BATCH]
        asesmen = Asesmen.objects.bulk_create(
            Asesmen(instansi=instansi, pegawai_id=p, tanggal=tanggal, metode=MetodeAsesmen.ASSESSMENT_CENTER)
            for p in chunk
        )
        HasilAsesmenKompetensi.objects.bulk_create(
            (
                HasilAsesmenKompetensi(asesmen=a, kompetensi=k, level=1 + (a.pegawai_id + j) % 4)
                for a in asesmen
                for j, k in enumerate(manajerial)
            ),
            batch_size=BATCH,
        )
    return {"jabatan": len(jabatan_ids), "asesmen": len(dinilai)}


def siapkan(n: int) -> Instansi:
    kode = KODE.format(n=n)
    inst = Instansi.objects.filter(kode=kode).first()
    if inst is not None and Pegawai.objects.filter(instansi=inst).count() != n:
        pegawai_demo.instansi_reset(kode=kode)
        inst = None
    if inst is None:
        inst = pegawai_demo.instansi_seed(kode=kode, pegawai=n, seed=1).instansi
    with transaction.atomic():
        _kompetensi_isi(inst)
    KebutuhanPelatihan.objects.filter(instansi=inst).delete()
    return inst


@benchmark("pelatihan.kebutuhan_turunkan", budget=BUDGET_DETIK, unit="s")
def kebutuhan_turunkan_ukur(ctx: Konteks) -> Hasil:
    inst = siapkan(ctx.pegawai)
    tahun = timezone.localdate().year
    start = time.perf_counter()
    pertama = kebutuhan_turunkan(instansi=inst, tahun=tahun)
    detik = time.perf_counter() - start
    start = time.perf_counter()
    kedua = kebutuhan_turunkan(instansi=inst, tahun=tahun)
    ulang = time.perf_counter() - start
    details: dict[str, Any] = {
        "pegawai": ctx.pegawai,
        "kebutuhan": pertama.baru,
        "terbuka": pertama.terbuka,
        "rerun_s": round(ulang, 3),
        "rerun_baru": kedua.baru,
    }
    return Hasil(name="pelatihan.kebutuhan_turunkan", value=detik, unit="s", details=details)
