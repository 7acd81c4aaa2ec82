"""SKP pages: my SKP, the detail with its inline forms and workflow actions, the intervensi tree,
the approval queue, and the list for BKD and pimpinan.

Each view fetches with an access helper (404 for what the user may not see), checks the role
(403 for what they see but may not change), binds a plain form and makes one service call. A
refused action renders the SKP page again with the errors on its form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pegawai.forms import apply_service_errors
from pegawai.permissions import can_read_instansi, pegawai_of_user, require_instansi_reader
from pegawai.views.akun import AuthedRequest, form_data, htmx_partial
from penilaian.forms.skp import (
    AksiForm,
    CatatanForm,
    EkspektasiKhususForm,
    IndikatorForm,
    RHKForm,
    SKPCreateForm,
    SKPFilterForm,
)
from penilaian.models import SKP
from penilaian.permissions import skp_get_for_user
from penilaian.selectors import skp as selectors
from penilaian.services import skp as services

PER_HALAMAN = 50


def _tahun(request: HttpRequest) -> int:
    try:
        tahun = int(request.GET.get("tahun", ""))
    except ValueError:
        return timezone.localdate().year
    return tahun if 2000 <= tahun <= 2100 else timezone.localdate().year


# ---------------------------------------------------------------------------------------------
# Pages


@login_required
def skp_saya(request: AuthedRequest) -> HttpResponse:
    """My SKP of the year (``?tahun=``, the current year by default); a button creates it."""
    me = pegawai_of_user(request.user)
    if me is None:  # a BKD or pimpinan login without a pegawai record has no SKP of its own
        raise Http404
    tahun = _tahun(request)
    form = SKPCreateForm(form_data(request), initial={"tahun": tahun})
    if request.method == "POST" and form.is_valid():
        try:
            skp = services.skp_create(actor=request.user, pegawai=me, tahun=form.cleaned_data["tahun"])
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("SKP %(tahun)s dibuat.") % {"tahun": skp.tahun})
            return redirect("penilaian:skp-detail", skp_id=skp.pk)
    ada = selectors.skp_for_pegawai(pegawai=me, tahun=tahun)
    if ada is not None and request.method == "GET":
        return redirect("penilaian:skp-detail", skp_id=ada.pk)
    return render(request, "penilaian/skp/skp_saya.html", {"form": form, "tahun": tahun, "pegawai": me})


def _detail_context(request: AuthedRequest, skp: SKP, **bound: Any) -> dict[str, Any]:
    """The SKP page: its plan, and the forms of what this user may do. ``bound`` carries the form
    of a refused action; when the page has no place for it (the action no longer applies), its
    errors are shown at the top."""
    aksi = selectors.skp_aksi(user=request.user, skp=skp)
    detail = selectors.skp_detail(skp=skp)
    context: dict[str, Any] = {"skp": skp, "detail": detail, "aksi": aksi}
    gagal = bound.pop("indikator_gagal", None)
    if aksi.can_edit:
        context["rhk_form"] = bound.pop("rhk_form", None) or RHKForm(
            pilihan=selectors.rhk_atasan_pilihan(skp=skp), prefix="rhk"
        )
        for r in detail.rhk:  # each RHK carries its own add-indikator form (its own prefix and ids)
            form = gagal[1] if gagal and gagal[0] == r.pk else IndikatorForm(prefix=f"ind-{r.pk}")
            setattr(r, "indikator_form", form)  # noqa: B010
        gagal = None
    if aksi.can_approve:
        context["catatan_form"] = bound.pop("catatan_form", None) or CatatanForm()
    if aksi.can_ekspektasi:
        context["ekspektasi_form"] = bound.pop("ekspektasi_form", None) or EkspektasiKhususForm(
            initial={e.aspek: e.khusus for e in detail.ekspektasi}
        )
    sisa = [f for f in (bound.pop("aksi_form", None), *bound.values(), gagal[1] if gagal else None) if f is not None]
    context["aksi_form"] = sisa[0] if sisa else None
    context["versi_list"] = list(selectors.skp_versi_list(skp=skp))
    context["can_list"] = can_read_instansi(request.user)
    return context


def _render_detail(request: AuthedRequest, skp: SKP, **bound: Any) -> HttpResponse:
    return render(request, "penilaian/skp/skp_detail.html", _detail_context(request, skp, **bound))


@login_required
def skp_detail(request: AuthedRequest, skp_id: int) -> HttpResponse:
    skp = skp_get_for_user(user=request.user, skp_id=skp_id)
    return _render_detail(request, skp)


@login_required
def skp_pohon(request: AuthedRequest, skp_id: int) -> HttpResponse:
    skp = skp_get_for_user(user=request.user, skp_id=skp_id)
    pohon = selectors.pohon_intervensi(skp=skp, user=request.user)
    return render(request, "penilaian/skp/skp_pohon.html", {"skp": skp, "pohon": pohon})


@login_required
def skp_persetujuan(request: AuthedRequest) -> HttpResponse:
    """The SKPs waiting for my approval (all years unless ``?tahun=``)."""
    tahun = _tahun(request) if request.GET.get("tahun") else None
    daftar = list(selectors.skp_untuk_disetujui(user=request.user, tahun=tahun))
    return render(request, "penilaian/skp/skp_persetujuan.html", {"daftar": daftar, "tahun": tahun})


@login_required
def skp_list(request: AuthedRequest) -> HttpResponse:
    """Every SKP of the instansi, for BKD and pimpinan (read-only), with filters."""
    require_instansi_reader(request.user)
    form = SKPFilterForm(request.GET or None, user=request.user)
    qs = selectors.skp_list_for_user(user=request.user, filters=form.filters())
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("page"))
    template = "penilaian/skp/skp_list.html#tabel" if htmx_partial(request) else "penilaian/skp/skp_list.html"
    response = render(request, template, {"form": form, "page": page})
    patch_vary_headers(response, ("HX-Request",))
    return response


# ---------------------------------------------------------------------------------------------
# Actions (POST): owner edits


def _owner_skp(request: AuthedRequest, skp: SKP) -> None:
    if not selectors.skp_aksi(user=request.user, skp=skp).is_owner:
        raise PermissionDenied


def _penilai_skp(request: AuthedRequest, skp: SKP) -> None:
    if not selectors.skp_aksi(user=request.user, skp=skp).is_penilai:
        raise PermissionDenied


def _run(
    request: AuthedRequest, skp: SKP, form: Any, call: Callable[[], Any], berhasil: str, form_key: str, **extra: Any
) -> HttpResponse:
    """Call the service when the form is valid; success goes back to the SKP page with a message,
    a refusal renders the page again with the errors on the form."""
    if form.is_valid():
        try:
            call()
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, berhasil)
            return redirect("penilaian:skp-detail", skp_id=skp.pk)
    return _render_detail(request, skp, **{form_key: form}, **extra)


@login_required
@require_POST
def rhk_create(request: AuthedRequest, skp_id: int) -> HttpResponse:
    skp = skp_get_for_user(user=request.user, skp_id=skp_id)
    _owner_skp(request, skp)
    form = RHKForm(request.POST, pilihan=selectors.rhk_atasan_pilihan(skp=skp), prefix="rhk")
    return _run(
        request,
        skp,
        form,
        lambda: services.rhk_create(actor=request.user, skp=skp, **form.service_data()),
        _("Rencana hasil kerja ditambahkan."),
        "rhk_form",
    )


@login_required
def rhk_update(request: AuthedRequest, rhk_id: int) -> HttpResponse:
    rhk = selectors.rhk_get_for_user(user=request.user, rhk_id=rhk_id)
    skp = rhk.skp
    _owner_skp(request, skp)
    pilihan = selectors.rhk_atasan_pilihan(skp=skp)
    initial = {"uraian": rhk.uraian, "jenis": rhk.jenis, "rhk_atasan": rhk.rhk_atasan_id}
    form = RHKForm(form_data(request), pilihan=pilihan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rhk_update(actor=request.user, rhk=rhk, data=form.service_data())
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Rencana hasil kerja diperbarui."))
            return redirect("penilaian:skp-detail", skp_id=skp.pk)
    return render(
        request, "penilaian/skp/skp_form.html", {"form": form, "skp": skp, "judul": _("Ubah rencana hasil kerja")}
    )


@login_required
@require_POST
def rhk_delete(request: AuthedRequest, rhk_id: int) -> HttpResponse:
    rhk = selectors.rhk_get_for_user(user=request.user, rhk_id=rhk_id)
    skp = rhk.skp
    _owner_skp(request, skp)
    try:
        services.rhk_delete(actor=request.user, rhk=rhk)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Rencana hasil kerja dihapus."))
    return redirect("penilaian:skp-detail", skp_id=skp.pk)


@login_required
@require_POST
def indikator_create(request: AuthedRequest, rhk_id: int) -> HttpResponse:
    rhk = selectors.rhk_get_for_user(user=request.user, rhk_id=rhk_id)
    skp = rhk.skp
    _owner_skp(request, skp)
    form = IndikatorForm(request.POST, prefix=f"ind-{rhk.pk}")
    if form.is_valid():
        try:
            services.indikator_create(actor=request.user, rhk=rhk, **form.service_data())
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Indikator ditambahkan."))
            return redirect("penilaian:skp-detail", skp_id=skp.pk)
    return _render_detail(request, skp, indikator_gagal=(rhk.pk, form))


@login_required
def indikator_update(request: AuthedRequest, indikator_id: int) -> HttpResponse:
    indikator = selectors.indikator_get_for_user(user=request.user, indikator_id=indikator_id)
    skp = indikator.rhk.skp
    _owner_skp(request, skp)
    form = IndikatorForm(form_data(request), initial=IndikatorForm.initial_of(indikator))
    if request.method == "POST" and form.is_valid():
        try:
            services.indikator_update(actor=request.user, indikator=indikator, data=form.service_data())
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Indikator diperbarui."))
            return redirect("penilaian:skp-detail", skp_id=skp.pk)
    return render(request, "penilaian/skp/skp_form.html", {"form": form, "skp": skp, "judul": _("Ubah indikator")})


@login_required
@require_POST
def indikator_delete(request: AuthedRequest, indikator_id: int) -> HttpResponse:
    indikator = selectors.indikator_get_for_user(user=request.user, indikator_id=indikator_id)
    skp = indikator.rhk.skp
    _owner_skp(request, skp)
    try:
        services.indikator_delete(actor=request.user, indikator=indikator)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Indikator dihapus."))
    return redirect("penilaian:skp-detail", skp_id=skp.pk)


# ---------------------------------------------------------------------------------------------
# Actions (POST): the workflow


@login_required
@require_POST
def skp_submit(request: AuthedRequest, skp_id: int) -> HttpResponse:
    skp = skp_get_for_user(user=request.user, skp_id=skp_id)
    _owner_skp(request, skp)
    form = AksiForm(request.POST)
    return _run(
        request,
        skp,
        form,
        lambda: services.skp_submit(actor=request.user, skp=skp),
        _("SKP diajukan kepada pejabat penilai."),
        "aksi_form",
    )


@login_required
@require_POST
def skp_approve(request: AuthedRequest, skp_id: int) -> HttpResponse:
    skp = skp_get_for_user(user=request.user, skp_id=skp_id)
    _penilai_skp(request, skp)
    form = AksiForm(request.POST)
    return _run(
        request, skp, form, lambda: services.skp_approve(actor=request.user, skp=skp), _("SKP disetujui."), "aksi_form"
    )


@login_required
@require_POST
def skp_return(request: AuthedRequest, skp_id: int) -> HttpResponse:
    skp = skp_get_for_user(user=request.user, skp_id=skp_id)
    _penilai_skp(request, skp)
    form = CatatanForm(request.POST)
    return _run(
        request,
        skp,
        form,
        lambda: services.skp_return(actor=request.user, skp=skp, catatan=form.cleaned_data["catatan"]),
        _("SKP dikembalikan kepada pegawai."),
        "catatan_form",
    )


@login_required
@require_POST
def skp_revise(request: AuthedRequest, skp_id: int) -> HttpResponse:
    skp = skp_get_for_user(user=request.user, skp_id=skp_id)
    _owner_skp(request, skp)
    form = AksiForm(request.POST)
    return _run(
        request,
        skp,
        form,
        lambda: services.skp_revise(actor=request.user, skp=skp),
        _("Revisi SKP dimulai; ajukan kembali setelah selesai."),
        "aksi_form",
    )


@login_required
@require_POST
def ekspektasi_khusus(request: AuthedRequest, skp_id: int) -> HttpResponse:
    skp = skp_get_for_user(user=request.user, skp_id=skp_id)
    _penilai_skp(request, skp)
    form = EkspektasiKhususForm(request.POST)
    return _run(
        request,
        skp,
        form,
        lambda: services.ekspektasi_khusus_set(actor=request.user, skp=skp, ekspektasi=form.cleaned_data),
        _("Ekspektasi khusus disimpan."),
        "ekspektasi_form",
    )


urlpatterns = [
    path("skp/", skp_list, name="skp-list"),
    path("skp/saya/", skp_saya, name="skp-saya"),
    path("skp/persetujuan/", skp_persetujuan, name="skp-persetujuan"),
    path("skp/<int:skp_id>/", skp_detail, name="skp-detail"),
    path("skp/<int:skp_id>/pohon/", skp_pohon, name="skp-pohon"),
    path("skp/<int:skp_id>/rhk/", rhk_create, name="skp-rhk-create"),
    path("skp/<int:skp_id>/ajukan/", skp_submit, name="skp-submit"),
    path("skp/<int:skp_id>/setujui/", skp_approve, name="skp-approve"),
    path("skp/<int:skp_id>/kembalikan/", skp_return, name="skp-return"),
    path("skp/<int:skp_id>/revisi/", skp_revise, name="skp-revise"),
    path("skp/<int:skp_id>/ekspektasi/", ekspektasi_khusus, name="skp-ekspektasi"),
    path("skp/rhk/<int:rhk_id>/ubah/", rhk_update, name="skp-rhk-update"),
    path("skp/rhk/<int:rhk_id>/hapus/", rhk_delete, name="skp-rhk-delete"),
    path("skp/rhk/<int:rhk_id>/indikator/", indikator_create, name="skp-indikator-create"),
    path("skp/indikator/<int:indikator_id>/ubah/", indikator_update, name="skp-indikator-update"),
    path("skp/indikator/<int:indikator_id>/hapus/", indikator_delete, name="skp-indikator-delete"),
]
