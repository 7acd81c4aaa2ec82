"""Measurement of a pegawai's own career page: ``karier.jalur`` (ms, p95 server time and the
query count of GET /karier/jalur/) on the largest instansi present (or ``ctx.state["kode"]``),
logged in as the demo pegawai (the first PNS pelaksana under the demo atasan, whose history the
demo fills) or, without one, the first pegawai with a login.

Budget (DESIGN.md): p95 ≤ 100 ms and ≤ 15 queries at 100,000 pegawai. Every read of the page is
keyed by the pegawai (their rows, standards, levels, KP check), so the figure does not grow with
the size of the instansi."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from common.bench import Hasil, Konteks, benchmark, time_get
from pegawai import demo
from pegawai.models import Instansi, Pegawai


def _instansi(ctx: Konteks) -> Instansi:
    kode = ctx.state.get("kode")
    inst = Instansi.objects.filter(kode=kode).first() if kode else None
    if inst is None:
        inst = Instansi.objects.annotate(n=Count("pegawai")).order_by("-n", "id").first()
    if inst is None:
        raise RuntimeError("belum ada instansi: jalankan seed_demo atau bench tanpa --skip-seed")
    return inst


def pegawai_jalur(inst: Instansi) -> Pegawai:
    """The demo pegawai of ``inst`` with a login, else the first pegawai with one."""
    atasan = demo.demo_atasan(inst)
    pegawai = demo.demo_pegawai(atasan) if atasan is not None else None
    if pegawai is None or pegawai.user_id is None:
        pegawai = Pegawai.objects.filter(instansi=inst, user__isnull=False).order_by("id").first()
    if pegawai is None:
        raise RuntimeError("tidak ada pegawai dengan akun")
    return pegawai


@benchmark("karier.jalur", budget=100, query_budget=15)
def jalur_saya(ctx: Konteks) -> Hasil:
    inst = _instansi(ctx)
    pegawai = pegawai_jalur(inst)
    hasil = time_get(ctx, ctx.client_for(pegawai.user), reverse("karier:jalur-saya"))
    hasil.details.update({"instansi": inst.kode, "pegawai_id": pegawai.pk})
    return hasil
