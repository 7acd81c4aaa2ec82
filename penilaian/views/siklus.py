"""The evaluation cycle pages: start a cycle, follow its progress (a live bar), and "who is late"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pegawai.permissions import can_edit_instansi, require_instansi_reader
from pegawai.views.akun import AuthedRequest
from penilaian.forms.siklus import KeterlambatanFilterForm
from penilaian.models import SiklusEvaluasi
from penilaian.selectors.siklus import (
    JENIS_KETERLAMBATAN,
    keterlambatan_list,
    keterlambatan_per_unit,
    periode_get_for_reader,
    periode_list_with_siklus,
    siklus_get_for_user,
    siklus_persen,
)
from penilaian.services.siklus import LANGKAH, siklus_mulai

PER_HALAMAN = 50


@login_required
@require_POST
def siklus_mulai_view(request: AuthedRequest, periode_id: int) -> HttpResponse:
    periode = periode_get_for_reader(user=request.user, periode_id=periode_id)
    if not can_edit_instansi(request.user):
        raise PermissionDenied
    try:
        siklus = siklus_mulai(actor=request.user, periode=periode)
    except ValidationError as e:
        for pesan in e.messages:
            messages.error(request, pesan)
        return redirect(f"{reverse('penilaian:periode-list')}?tahun={periode.tahun}")
    return redirect("penilaian:siklus-detail", siklus_id=siklus.pk)


@login_required
def siklus_detail(request: AuthedRequest, siklus_id: int) -> HttpResponse:
    siklus = siklus_get_for_user(user=request.user, siklus_id=siklus_id)
    berjalan = siklus.status in (SiklusEvaluasi.Status.MENUNGGU, SiklusEvaluasi.Status.BERJALAN)
    langkah_idx = LANGKAH.index(siklus.langkah) if siklus.langkah in LANGKAH else -1
    context = {
        "siklus": siklus,
        "periode": siklus.periode,
        "berjalan": berjalan,
        "persen": siklus_persen(siklus),
        "langkah": [
            (nama, i < langkah_idx or siklus.status == SiklusEvaluasi.Status.SELESAI, i == langkah_idx)
            for i, nama in enumerate(LANGKAH)
        ],
        "boleh_ubah": can_edit_instansi(request.user),
    }
    template = "penilaian/siklus/detail.html"
    if getattr(request, "htmx", False):
        template += "#progres"
    return render(request, template, context)


@login_required
def keterlambatan(request: AuthedRequest) -> HttpResponse:
    require_instansi_reader(request.user)
    periode_qs = periode_list_with_siklus(user=request.user)
    form = KeterlambatanFilterForm(request.GET or None, periode_qs=periode_qs)
    periode = None
    jenis = JENIS_KETERLAMBATAN[0]
    if form.is_valid():
        periode = form.cleaned_data["periode"]
        jenis = form.cleaned_data["jenis"] or jenis
    if periode is None:
        hari_ini = timezone.localdate()
        periode = (
            periode_qs.filter(tanggal_mulai__lte=hari_ini).exclude(jenis="tahunan").order_by("-tanggal_mulai").first()
            or periode_qs.first()
        )
    context: dict[str, object] = {"form": form, "periode": periode, "jenis": jenis}
    if periode is not None:
        # the choices are already the user's instansi's periods (periode_list_with_siklus)
        per_unit = keterlambatan_per_unit(periode)
        page = Paginator(keterlambatan_list(periode=periode, jenis=jenis), PER_HALAMAN).get_page(
            request.GET.get("page")
        )
        context.update(
            {
                "per_unit": per_unit,
                "jumlah": {
                    k: sum(int(u[k]) for u in per_unit)
                    for k in ("jumlah", "tanpa_skp", "tanpa_realisasi", "belum_dinilai")
                },
                "page": page,
                "query_periode": f"periode={periode.pk}&jenis={jenis}",
            }
        )
    return render(request, "penilaian/siklus/keterlambatan.html", context)


urlpatterns: list[URLPattern] = [
    path("periode/<int:periode_id>/siklus/", siklus_mulai_view, name="siklus-mulai"),
    path("siklus/<int:siklus_id>/", siklus_detail, name="siklus-detail"),
    path("keterlambatan/", keterlambatan, name="siklus-keterlambatan"),
]
