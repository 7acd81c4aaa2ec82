"""The KP page (BKD and pimpinan; everyone else 404): for a KP date of the policy, who is eligible
for KP reguler or fungsional, and for everyone else what is still missing; its XLSX export; and
BKD's proposal of the eligible to the committee (pimpinan 403)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from common.policies import Kebijakan
from karier.exports import kp_xlsx
from karier.forms.kp import KPFilterForm, KPUsulkanForm
from karier.permissions import instansi_komite
from karier.rules import tanggal_kp_berikut
from karier.selectors.kp import BarisKP, StatusKP, kp_daftar, kp_hitungan
from karier.services.kp import kp_usulkan_tanggal
from pegawai.forms import apply_service_errors
from pegawai.models import Instansi
from pegawai.permissions import can_edit_instansi
from pegawai.views.akun import AuthedRequest, htmx_partial

PER_HALAMAN = 50


def _saringan(
    request: AuthedRequest, instansi: Instansi, kebijakan: Kebijakan
) -> tuple[KPFilterForm, datetime.date, dict[str, Any]]:
    """The filter form, the chosen KP date (the next one when none or an invalid one is given)
    and the selector's filters."""
    pada = timezone.localdate()
    form = KPFilterForm(request.GET or None, instansi_id=instansi.pk, kebijakan=kebijakan, pada=pada)
    f: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # the valid fields still filter when another one is invalid (its error is shown)
        f = form.cleaned_data
    tanggal = f.get("tanggal") or tanggal_kp_berikut(pada, kebijakan.bulan_periode_kp)
    filters = {
        "unit_kerja": f.get("unit_kerja"),
        "golongan": f.get("golongan"),
        "q": (f.get("q") or "").strip(),
        "status": f.get("status") or "",
    }
    return form, tanggal, filters


def _halaman(
    request: AuthedRequest,
    instansi: Instansi,
    kebijakan: Kebijakan,
    *,
    usulkan_form: KPUsulkanForm | None = None,
    status: int = 200,
) -> HttpResponse:
    form, tanggal, filters = _saringan(request, instansi, kebijakan)
    pilih = filters.pop("status")
    semua = kp_daftar(instansi=instansi, tanggal_kp=tanggal, kebijakan=kebijakan, filters=filters)
    memenuhi, belum = kp_hitungan(semua)
    baris: list[BarisKP] = (
        [b for b in semua if b.memenuhi]
        if pilih == StatusKP.MEMENUHI
        else [b for b in semua if not b.memenuhi]
        if pilih == StatusKP.BELUM
        else semua
    )
    page = Paginator(baris, PER_HALAMAN).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "tanggal": tanggal,
        "memenuhi": memenuhi,
        "belum": belum,
        "page": page,
        "query": query.urlencode(),
        "boleh_usulkan": can_edit_instansi(request.user),
        "usulkan_form": usulkan_form
        or KPUsulkanForm(initial={"tanggal": tanggal}, kebijakan=kebijakan, pada=timezone.localdate()),
    }
    template = "karier/kp/list.html"
    if htmx_partial(request) and status == 200:
        template += "#daftar"
    return render(request, template, context, status=status)


@login_required
def kp_list(request: AuthedRequest) -> HttpResponse:
    instansi, kebijakan = instansi_komite(request.user)
    return _halaman(request, instansi, kebijakan)


@login_required
def kp_export(request: AuthedRequest) -> FileResponse:
    instansi, kebijakan = instansi_komite(request.user)
    _form, tanggal, filters = _saringan(request, instansi, kebijakan)
    baris = kp_daftar(instansi=instansi, tanggal_kp=tanggal, kebijakan=kebijakan, filters=filters)
    return FileResponse(
        kp_xlsx(baris, tanggal_kp=tanggal), as_attachment=True, filename=f"kp-{tanggal.isoformat()}.xlsx"
    )


@login_required
@require_POST
def kp_usulkan_view(request: AuthedRequest) -> HttpResponse:
    instansi, kebijakan = instansi_komite(request.user)
    if not can_edit_instansi(request.user):
        raise PermissionDenied
    form = KPUsulkanForm(request.POST, kebijakan=kebijakan, pada=timezone.localdate())
    if form.is_valid():
        tanggal = form.cleaned_data["tanggal"]
        try:
            hasil = kp_usulkan_tanggal(instansi=instansi, tanggal_kp=tanggal, kebijakan=kebijakan, actor=request.user)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(
                request,
                gettext("%(baru)d usulan KP baru dan %(ubah)d diperbarui untuk TMT %(tanggal)s diajukan ke tim.")
                % {"baru": hasil.dibuat, "ubah": hasil.diperbarui, "tanggal": tanggal.isoformat()},
            )
            return redirect(reverse("karier:kp") + f"?tanggal={tanggal.isoformat()}")
    return _halaman(request, instansi, kebijakan, usulkan_form=form, status=400)


urlpatterns: list[URLPattern] = [
    path("kp/", kp_list, name="kp"),
    path("kp/xlsx/", kp_export, name="kp-xlsx"),
    path("kp/usulkan/", kp_usulkan_view, name="kp-usulkan"),
]
