"""Pegawai pages: the list (with htmx table refresh and export), the profile, and the BKD forms
that create and change a profile and add its riwayat."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from common.selectors import audit_list_for_pegawai
from pegawai import exports, selectors, services
from pegawai.forms import (
    HukumanDisiplinForm,
    PegawaiFilterForm,
    PegawaiForm,
    PegawaiUpdateForm,
    RiwayatCLTNForm,
    RiwayatJabatanForm,
    RiwayatPangkatForm,
    RiwayatPendidikanForm,
    apply_service_errors,
)
from pegawai.models import HukumanDisiplin, Pegawai, RiwayatCLTN, RiwayatJabatan, RiwayatPangkat, RiwayatPendidikan
from pegawai.permissions import (
    can_edit_instansi,
    pegawai_get_for_user,
    pegawai_get_rw_for_user,
    require_bkd,
    require_instansi_reader,
)
from pegawai.views.akun import AuthedRequest, form_data, htmx_partial, pilihan_id, pilihan_q

PER_HALAMAN = 50


@login_required
def pegawai_list(request: AuthedRequest) -> HttpResponse:
    form = PegawaiFilterForm(request.GET or None, user=request.user)
    qs = selectors.pegawai_list_for_user(user=request.user, filters=form.filters())
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_export": can_edit_instansi(request.user) or request.user.is_pimpinan,
        "can_create": can_edit_instansi(request.user) and request.user.instansi_id is not None,
    }
    template = "pegawai/pegawai_list.html#tabel" if htmx_partial(request) else "pegawai/pegawai_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
@login_required
def pegawai_pilihan(request: AuthedRequest) -> JsonResponse:
    """Active pegawai matching ``q`` (name, or NIP prefix), for the pejabat penilai override: for
    BKD and pimpinan, who read every profile of the instansi; 404 for everyone else."""
    require_instansi_reader(request.user)
    results = selectors.pegawai_pilihan(user=request.user, q=pilihan_q(request), kecuali=pilihan_id(request, "kecuali"))
    return JsonResponse({"results": results})


@login_required
def pegawai_export(request: AuthedRequest) -> HttpResponseBase:
    require_instansi_reader(request.user)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in exports.FORMATS:
        raise Http404
    form = PegawaiFilterForm(request.GET, user=request.user)
    qs = selectors.pegawai_list_for_user(user=request.user, filters=form.filters())
    out, content_type = exports.pegawai_export_file(qs, fmt)
    nama = f"pegawai-{timezone.localdate():%Y%m%d}.{fmt}"
    return FileResponse(out, as_attachment=True, filename=nama, content_type=content_type)


@login_required
def pegawai_detail(request: AuthedRequest, pegawai_id: int) -> HttpResponse:
    pegawai = pegawai_get_for_user(user=request.user, pegawai_id=pegawai_id)
    detail = selectors.pegawai_detail(pegawai=pegawai)
    context = {
        "pegawai": pegawai,
        **detail,
        "hukdis_berjalan_ids": {h.pk for h in detail["hukdis_berjalan"]},
        "pejabat_penilai": selectors.pejabat_penilai(pegawai=pegawai),
        "atasan_pejabat_penilai": selectors.atasan_pejabat_penilai(pegawai=pegawai),
        "audit": _audit_rows(list(audit_list_for_pegawai(pegawai_id=pegawai.pk))),
        "can_edit": can_edit_instansi(request.user),
    }
    return render(request, "pegawai/pegawai_detail.html", context)


def _field_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for model in (Pegawai, RiwayatPangkat, RiwayatJabatan, RiwayatPendidikan, HukumanDisiplin, RiwayatCLTN):
        for f in model._meta.get_fields():
            if hasattr(f, "verbose_name"):
                labels.setdefault(f.name, str(f.verbose_name))
    return labels


def _audit_rows(entries: list[Any]) -> list[dict[str, Any]]:
    """Audit entries shaped for the table: one line per field with its old and new value."""
    labels = _field_labels()
    rows = []
    for e in entries:
        perubahan = e.perubahan or {}
        lines = []
        for name, value in perubahan.items():
            if isinstance(value, dict) and set(value) == {"lama", "baru"}:
                lines.append({"field": labels.get(name, name), "lama": value["lama"], "baru": value["baru"]})
            else:
                lines.append({"field": labels.get(name, name), "lama": None, "baru": value})
        rows.append({"entry": e, "lines": lines})
    return rows


def _instansi_or_404(request: AuthedRequest) -> Any:
    """Creating needs a home instansi; a superuser without one works in the admin instead."""
    instansi = request.user.instansi
    if instansi is None:
        raise Http404
    return instansi


@login_required
def pegawai_create(request: AuthedRequest) -> HttpResponse:
    require_bkd(request.user)
    instansi = _instansi_or_404(request)
    form = PegawaiForm(form_data(request), user=request.user, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        try:
            pegawai = services.pegawai_create(actor=request.user, instansi=instansi, **form.service_data())
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Pegawai %(nama)s ditambahkan.") % {"nama": pegawai.nama_lengkap})
            return redirect("pegawai:pegawai-detail", pegawai_id=pegawai.pk)
    return render(request, "pegawai/pegawai_form.html", {"form": form, "judul": _("Tambah pegawai")})


@login_required
def pegawai_update(request: AuthedRequest, pegawai_id: int) -> HttpResponse:
    pegawai = pegawai_get_rw_for_user(user=request.user, pegawai_id=pegawai_id)
    form = PegawaiUpdateForm(form_data(request), user=request.user, instansi=pegawai.instansi, pegawai=pegawai)
    if request.method == "POST" and form.is_valid():
        data = form.changed_service_data()
        try:
            if data:
                services.pegawai_update(actor=request.user, pegawai=pegawai, data=data)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            if data:
                messages.success(request, _("Profil diperbarui."))
            else:
                messages.info(request, _("Tidak ada yang berubah."))
            return redirect("pegawai:pegawai-detail", pegawai_id=pegawai.pk)
    return render(
        request,
        "pegawai/pegawai_form.html",
        {"form": form, "pegawai": pegawai, "judul": _("Ubah profil %(nama)s") % {"nama": pegawai.nama_lengkap}},
    )


def _riwayat_view(
    request: AuthedRequest,
    pegawai_id: int,
    form_class: type[Any],
    service: Callable[..., Any],
    judul: Any,
    berhasil: Any,
    form_kwargs: Callable[[AuthedRequest], dict[str, Any]] | None = None,
) -> HttpResponse:
    """Shared shape of the riwayat forms: access helper, plain form, one service call."""
    pegawai = pegawai_get_rw_for_user(user=request.user, pegawai_id=pegawai_id)
    extra = form_kwargs(request) if form_kwargs else {}
    form = form_class(form_data(request), pegawai=pegawai, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, pegawai=pegawai, **form.service_data())
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, str(berhasil))
            return redirect("pegawai:pegawai-detail", pegawai_id=pegawai.pk)
    return render(request, "pegawai/riwayat_form.html", {"form": form, "pegawai": pegawai, "judul": judul})


@login_required
def riwayat_pangkat_create(request: AuthedRequest, pegawai_id: int) -> HttpResponse:
    return _riwayat_view(
        request,
        pegawai_id,
        RiwayatPangkatForm,
        services.riwayat_pangkat_create,
        gettext_lazy("Tambah riwayat pangkat"),
        gettext_lazy("Riwayat pangkat ditambahkan."),
    )


@login_required
def riwayat_jabatan_create(request: AuthedRequest, pegawai_id: int) -> HttpResponse:
    return _riwayat_view(
        request,
        pegawai_id,
        RiwayatJabatanForm,
        services.riwayat_jabatan_create,
        gettext_lazy("Tambah riwayat jabatan"),
        gettext_lazy("Riwayat jabatan ditambahkan."),
        lambda r: {"user": r.user},
    )


@login_required
def riwayat_pendidikan_create(request: AuthedRequest, pegawai_id: int) -> HttpResponse:
    return _riwayat_view(
        request,
        pegawai_id,
        RiwayatPendidikanForm,
        services.riwayat_pendidikan_create,
        gettext_lazy("Tambah riwayat pendidikan"),
        gettext_lazy("Riwayat pendidikan ditambahkan."),
    )


@login_required
def hukdis_create(request: AuthedRequest, pegawai_id: int) -> HttpResponse:
    return _riwayat_view(
        request,
        pegawai_id,
        HukumanDisiplinForm,
        services.hukuman_disiplin_create,
        gettext_lazy("Catat hukuman disiplin"),
        gettext_lazy("Hukuman disiplin dicatat."),
    )


@login_required
def riwayat_cltn_create(request: AuthedRequest, pegawai_id: int) -> HttpResponse:
    return _riwayat_view(
        request,
        pegawai_id,
        RiwayatCLTNForm,
        services.riwayat_cltn_create,
        gettext_lazy("Catat cuti di luar tanggungan negara"),
        gettext_lazy("Riwayat CLTN dicatat."),
    )
