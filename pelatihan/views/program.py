"""The training catalogue pages: the list (every user of the instansi), a programme, and BKD's
create and edit forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext

from pegawai.forms import apply_service_errors
from pegawai.permissions import can_edit_instansi
from pegawai.views.akun import AuthedRequest, form_data, htmx_partial
from pelatihan.forms.program import ProgramFilterForm, ProgramForm
from pelatihan.selectors.program import program_get_for_user, program_list_for_user
from pelatihan.services.program import program_create, program_update

PER_HALAMAN = 25


def _instansi_pengguna(request: AuthedRequest) -> None:
    """The catalogue belongs to an instansi: a login without one has nothing here."""
    if request.user.instansi_id is None and not request.user.is_superuser:
        raise Http404


@login_required
def program_list(request: AuthedRequest) -> HttpResponse:
    _instansi_pengguna(request)
    form = ProgramFilterForm(request.GET or None, instansi_id=request.user.instansi_id)
    filters = form.cleaned_data if form.is_valid() else {}
    tahun = filters.get("tahun") or timezone.localdate().year
    qs = program_list_for_user(
        user=request.user,
        tahun=tahun,
        bentuk=filters.get("bentuk") or None,
        kompetensi_id=filters["kompetensi"].pk if filters.get("kompetensi") else None,
        q=(filters.get("q") or "").strip() or None,
    )
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "tahun": tahun,
        "page": page,
        "query": query.urlencode(),
        "boleh_ubah": can_edit_instansi(request.user),
    }
    template = "pelatihan/program/list.html"
    if htmx_partial(request):
        template += "#daftar"
    return render(request, template, context)


@login_required
def program_detail(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = program_get_for_user(user=request.user, program_id=program_id)
    return render(
        request,
        "pelatihan/program/detail.html",
        {"program": program, "boleh_ubah": can_edit_instansi(request.user)},
    )


@login_required
def program_baru(request: AuthedRequest) -> HttpResponse:
    _instansi_pengguna(request)
    if not can_edit_instansi(request.user):
        raise PermissionDenied
    if request.user.instansi is None:
        raise Http404  # a superuser of every instansi adds programmes in the admin
    form = ProgramForm(
        form_data(request),
        instansi_id=request.user.instansi_id,
        initial={"tahun": timezone.localdate().year, "jumlah_angkatan": 1, "is_active": True},
    )
    if form.is_valid():
        try:
            program = program_create(
                actor=request.user,
                instansi=request.user.instansi,
                data=form.data_program(),
                kompetensi=form.kompetensi_dibangun(),
            )
        except ValidationError as e:
            apply_service_errors(form, e, {"kompetensi": "kompetensi_1"})
        else:
            messages.success(request, gettext("Program %(nama)s disimpan.") % {"nama": program.nama})
            return redirect("pelatihan:program-detail", program_id=program.pk)
    return render(request, "pelatihan/program/form.html", {"form": form, "program": None})


@login_required
def program_ubah(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = program_get_for_user(user=request.user, program_id=program_id, rw=True)
    form = ProgramForm(form_data(request), instansi_id=program.instansi_id, initial=ProgramForm.initial_from(program))
    if form.is_valid():
        try:
            program = program_update(
                actor=request.user, program=program, data=form.data_program(), kompetensi=form.kompetensi_dibangun()
            )
        except ValidationError as e:
            apply_service_errors(form, e, {"kompetensi": "kompetensi_1"})
        else:
            messages.success(request, gettext("Program %(nama)s disimpan.") % {"nama": program.nama})
            return redirect("pelatihan:program-detail", program_id=program.pk)
    return render(request, "pelatihan/program/form.html", {"form": form, "program": program})


urlpatterns: list[URLPattern] = [
    path("program/", program_list, name="program-list"),
    path("program/baru/", program_baru, name="program-baru"),
    path("program/<int:program_id>/", program_detail, name="program-detail"),
    path("program/<int:program_id>/ubah/", program_ubah, name="program-ubah"),
]
