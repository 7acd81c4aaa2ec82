"""The rotation page (BKD and pimpinan; everyone else 404): this round's candidates and due
pegawai with the proposed target and why, its XLSX export, and BKD's proposal of the round to the
committee (pimpinan 403)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from karier.exports import rotasi_xlsx
from karier.forms.rotasi import RotasiFilterForm
from karier.permissions import instansi_komite
from karier.selectors.rotasi import kandidat_rotasi, rotasi_hitungan
from karier.services.rotasi import rotasi_usulkan
from pegawai.models import Instansi
from pegawai.permissions import can_edit_instansi
from pegawai.views.akun import AuthedRequest, htmx_partial

PER_HALAMAN = 50


def _saringan(request: AuthedRequest, instansi: Instansi) -> tuple[RotasiFilterForm, dict[str, Any]]:
    form = RotasiFilterForm(request.GET or None, instansi_id=instansi.pk)
    f: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # the valid fields still filter when another one is invalid (its error is shown)
        f = form.cleaned_data
    return form, {"status": f.get("status") or "", "unit_kerja": f.get("unit_kerja")}


@login_required
def rotasi_list(request: AuthedRequest) -> HttpResponse:
    instansi, kebijakan = instansi_komite(request.user)
    form, filters = _saringan(request, instansi)
    pada = timezone.localdate()
    kandidat = kandidat_rotasi(instansi=instansi, pada=pada, kebijakan=kebijakan, filters=filters)
    page = Paginator(kandidat, PER_HALAMAN).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "pada": pada,
        "kebijakan": kebijakan,
        "hitungan": rotasi_hitungan(kandidat),
        "page": page,
        "query": query.urlencode(),
        "boleh_usulkan": can_edit_instansi(request.user),
    }
    template = "karier/rotasi/list.html"
    if htmx_partial(request):
        template += "#daftar"
    return render(request, template, context)


@login_required
def rotasi_export(request: AuthedRequest) -> FileResponse:
    instansi, kebijakan = instansi_komite(request.user)
    _form, filters = _saringan(request, instansi)
    pada = timezone.localdate()
    kandidat = kandidat_rotasi(instansi=instansi, pada=pada, kebijakan=kebijakan, filters=filters)
    return FileResponse(
        rotasi_xlsx(kandidat, pada=pada), as_attachment=True, filename=f"rotasi-{pada.isoformat()}.xlsx"
    )


@login_required
@require_POST
def rotasi_usulkan_view(request: AuthedRequest) -> HttpResponse:
    instansi, kebijakan = instansi_komite(request.user)
    if not can_edit_instansi(request.user):
        raise PermissionDenied
    pada = timezone.localdate()
    hasil = rotasi_usulkan(instansi=instansi, tahun=pada.year - 1, pada=pada, kebijakan=kebijakan, actor=request.user)
    messages.success(
        request,
        gettext("%(baru)d usulan rotasi baru, %(ubah)d diperbarui dan %(batal)d dibatalkan diajukan ke tim.")
        % {"baru": hasil.dibuat, "ubah": hasil.diperbarui, "batal": hasil.dibatalkan},
    )
    return redirect("karier:rotasi")


urlpatterns: list[URLPattern] = [
    path("rotasi/", rotasi_list, name="rotasi"),
    path("rotasi/xlsx/", rotasi_export, name="rotasi-xlsx"),
    path("rotasi/usulkan/", rotasi_usulkan_view, name="rotasi-usulkan"),
]
