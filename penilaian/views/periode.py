"""The BKD periods page: the periods of a year, each with its status and its evaluation cycle;
creating a year's periods; starting a cycle by hand."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pegawai.forms import apply_service_errors
from pegawai.permissions import can_edit_instansi, require_instansi_reader
from pegawai.views.akun import AuthedRequest
from penilaian.forms.siklus import PeriodeTahunForm
from penilaian.models import Periode, SiklusEvaluasi
from penilaian.selectors.siklus import periode_list_with_siklus, periode_tahun_list
from penilaian.services.periode import periode_tahun_create


def _tahun(request: AuthedRequest, default: int) -> int:
    try:
        return int(request.GET.get("tahun", default))
    except ValueError:
        return default


@login_required
def periode_list(request: AuthedRequest) -> HttpResponse:
    require_instansi_reader(request.user)
    tahun_ini = timezone.localdate().year
    tahun = _tahun(request, tahun_ini)
    form = PeriodeTahunForm(initial={"tahun": tahun})
    return render(request, "penilaian/periode/list.html", _context(request, tahun, form))


def _context(request: AuthedRequest, tahun: int, form: PeriodeTahunForm) -> dict[str, object]:
    tahun_list = periode_tahun_list(user=request.user)
    return {
        "tahun": tahun,
        "tahun_list": sorted({*tahun_list, tahun, timezone.localdate().year}, reverse=True),
        "periode_list": [_with_siklus(p) for p in periode_list_with_siklus(user=request.user, tahun=tahun)],
        "form": form,
        "boleh_ubah": can_edit_instansi(request.user),
        "hari_ini": timezone.localdate(),
    }


def _with_siklus(periode: Periode) -> Periode:
    try:
        periode.siklus_info = periode.siklus  # type: ignore[attr-defined]
    except SiklusEvaluasi.DoesNotExist:
        periode.siklus_info = None  # type: ignore[attr-defined]
    return periode


@login_required
@require_POST
def periode_tahun_buat(request: AuthedRequest) -> HttpResponse:
    require_instansi_reader(request.user)
    if not can_edit_instansi(request.user) or request.user.instansi is None:
        raise PermissionDenied
    form = PeriodeTahunForm(request.POST)
    if form.is_valid():
        tahun = form.cleaned_data["tahun"]
        try:
            periode_tahun_create(actor=request.user, instansi=request.user.instansi, tahun=tahun)
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Periode tahun %(tahun)s tersedia.") % {"tahun": tahun})
            return redirect(f"{reverse('penilaian:periode-list')}?tahun={tahun}")
    tahun = _tahun(request, timezone.localdate().year)
    return render(request, "penilaian/periode/list.html", _context(request, tahun, form), status=400)


urlpatterns: list[URLPattern] = [
    path("periode/", periode_list, name="periode-list"),
    path("periode/buat/", periode_tahun_buat, name="periode-tahun-create"),
]
