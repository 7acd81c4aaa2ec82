"""Organisation pages: the unit kerja tree, the jabatan list, their BKD forms, and the instansi's
policy settings (kebijakan)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pegawai import selectors, services
from pegawai.forms import JabatanFilterForm, JabatanForm, KebijakanForm, UnitKerjaForm, apply_service_errors
from pegawai.models import Pegawai, UnitKerja
from pegawai.permissions import (
    can_edit_instansi,
    jabatan_get_for_user,
    require_bkd,
    require_instansi_reader,
    unit_kerja_get_for_user,
)
from pegawai.views.akun import AuthedRequest, form_data, pilihan_id, pilihan_q

PER_HALAMAN = 50


@dataclass
class Simpul:
    """A unit in the tree, with its head and staff counts (own and whole subtree)."""

    unit: UnitKerja
    kepala: Pegawai | None = None
    jumlah_total: int = 0
    anak: list[Simpul] = field(default_factory=list)


def _pohon(units: list[UnitKerja], kepala: dict[int, Pegawai]) -> list[Simpul]:
    nodes = {u.pk: Simpul(unit=u, kepala=kepala.get(u.pk), jumlah_total=getattr(u, "jumlah_pegawai", 0)) for u in units}
    roots: list[Simpul] = []
    for u in units:  # path order: a parent always comes before its children
        node = nodes[u.pk]
        parent = nodes.get(u.parent_id) if u.parent_id else None
        (parent.anak if parent else roots).append(node)
    for u in reversed(units):  # children before parents: add each subtree to its parent
        if u.parent_id and u.parent_id in nodes:
            nodes[u.parent_id].jumlah_total += nodes[u.pk].jumlah_total
    return roots


def _instansi_or_404(request: AuthedRequest) -> Any:
    if request.user.instansi is None:
        raise Http404
    return request.user.instansi


@login_required
def unit_kerja_list(request: AuthedRequest) -> HttpResponse:
    require_instansi_reader(request.user)
    units = list(selectors.unit_kerja_list_for_user(user=request.user))
    pohon = _pohon(units, selectors.unit_kerja_kepala(user=request.user))
    can_edit = can_edit_instansi(request.user) and request.user.instansi_id is not None
    return render(
        request, "pegawai/unit_kerja_list.html", {"pohon": pohon, "jumlah_unit": len(units), "can_edit": can_edit}
    )


@login_required
def unit_kerja_create(request: AuthedRequest) -> HttpResponse:
    require_bkd(request.user)
    instansi = _instansi_or_404(request)
    initial = {"parent": request.GET.get("parent")} if request.GET.get("parent") else None
    form = UnitKerjaForm(form_data(request), user=request.user, instansi=instansi, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_kerja_create(actor=request.user, instansi=instansi, **form.service_data())
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Unit kerja %(nama)s dibuat.") % {"nama": unit.nama})
            return redirect("pegawai:unit-kerja-list")
    return render(request, "pegawai/unit_kerja_form.html", {"form": form, "judul": _("Tambah unit kerja")})


@login_required
def unit_kerja_update(request: AuthedRequest, unit_kerja_id: int) -> HttpResponse:
    require_instansi_reader(request.user)
    unit = unit_kerja_get_for_user(user=request.user, unit_kerja_id=unit_kerja_id, rw=True)
    form = UnitKerjaForm(form_data(request), user=request.user, instansi=unit.instansi, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_kerja_update(actor=request.user, unit=unit, data=form.service_data(only=form.changed_data))
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Unit kerja %(nama)s disimpan.") % {"nama": unit.nama})
            return redirect("pegawai:unit-kerja-list")
    return render(
        request,
        "pegawai/unit_kerja_form.html",
        {"form": form, "unit": unit, "judul": _("Ubah unit kerja %(nama)s") % {"nama": unit.nama}},
    )


@login_required
def jabatan_list(request: AuthedRequest) -> HttpResponse:
    require_instansi_reader(request.user)
    form = JabatanFilterForm(request.GET or None, user=request.user)
    qs = selectors.jabatan_list_with_pemangku_for_user(user=request.user, filters=form.filters())
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("page"))
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    context = {
        "form": form,
        "page": page,
        "can_edit": can_edit_instansi(request.user) and request.user.instansi_id is not None,
    }
    response = render(request, "pegawai/jabatan_list.html#tabel" if partial else "pegawai/jabatan_list.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
def jabatan_create(request: AuthedRequest) -> HttpResponse:
    require_bkd(request.user)
    instansi = _instansi_or_404(request)
    form = JabatanForm(form_data(request), user=request.user, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        try:
            jabatan = services.jabatan_create(actor=request.user, instansi=instansi, **form.service_data())
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Jabatan %(nama)s dibuat.") % {"nama": jabatan.nama})
            return redirect("pegawai:jabatan-list")
    return render(request, "pegawai/jabatan_form.html", {"form": form, "judul": _("Tambah jabatan")})


@login_required
def jabatan_update(request: AuthedRequest, jabatan_id: int) -> HttpResponse:
    require_instansi_reader(request.user)
    jabatan = jabatan_get_for_user(user=request.user, jabatan_id=jabatan_id, rw=True)
    form = JabatanForm(form_data(request), user=request.user, instansi=jabatan.instansi, jabatan=jabatan)
    if request.method == "POST" and form.is_valid():
        try:
            services.jabatan_update(actor=request.user, jabatan=jabatan, data=form.service_data(only=form.changed_data))
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Jabatan %(nama)s disimpan.") % {"nama": jabatan.nama})
            return redirect("pegawai:jabatan-list")
    return render(
        request,
        "pegawai/jabatan_form.html",
        {"form": form, "jabatan": jabatan, "judul": _("Ubah jabatan %(nama)s") % {"nama": jabatan.nama}},
    )


@login_required
def kebijakan(request: AuthedRequest) -> HttpResponse:
    """BKD edits the instansi's policy settings; pimpinan reads them; everyone else: 404."""
    require_instansi_reader(request.user)
    instansi = _instansi_or_404(request)
    can_edit = can_edit_instansi(request.user)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = KebijakanForm(form_data(request), kebijakan=selectors.kebijakan_get(instansi=instansi))
    if not can_edit:
        for f in form.fields.values():
            f.disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.changed_kebijakan_data()
        try:
            if data:
                services.instansi_kebijakan_update(actor=request.user, instansi=instansi, data=data)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Kebijakan disimpan.") if data else _("Tidak ada yang berubah."))
            return redirect("pegawai:kebijakan")
    return render(request, "pegawai/kebijakan.html", {"form": form, "instansi": instansi, "can_edit": can_edit})


# ---------------------------------------------------------------------------------------------
# Type-ahead options (JSON) for the unit kerja and jabatan selects


@require_GET
@login_required
def unit_kerja_pilihan(request: AuthedRequest) -> JsonResponse:
    """Units of the user's instansi matching ``q``. Everyone with a login: the pegawai list, which
    everyone has, filters by unit."""
    results = selectors.unit_kerja_pilihan(
        user=request.user, q=pilihan_q(request), kecuali=pilihan_id(request, "kecuali")
    )
    return JsonResponse({"results": results})


@require_GET
@login_required
def jabatan_pilihan(request: AuthedRequest) -> JsonResponse:
    """Jabatan matching ``q`` (of ``unit_kerja`` and its sub-units when given), with vacancies: for
    BKD and pimpinan, who read the jabatan list; 404 for everyone else."""
    require_instansi_reader(request.user)
    results = selectors.jabatan_pilihan(
        user=request.user,
        q=pilihan_q(request),
        unit_kerja=pilihan_id(request, "unit_kerja"),
        kecuali=pilihan_id(request, "kecuali"),
    )
    return JsonResponse({"results": results})
