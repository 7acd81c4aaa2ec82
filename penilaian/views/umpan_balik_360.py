"""360 feedback pages: my requests to answer, the answer form, my own rekap, the rekap of a
pegawai (their atasan line, BKD, pimpinan), and asking the raters of a ratee."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from pegawai.forms import apply_service_errors
from pegawai.models import Pegawai
from pegawai.permissions import can_edit_instansi, pegawai_get_for_user, pegawai_of_user
from pegawai.views.akun import AuthedRequest, form_data
from penilaian.forms.umpan_balik_360 import JawabanForm, MintaForm, MintaMassalForm
from penilaian.models import JawabanUmpanBalik360, Periode
from penilaian.permissions import permintaan_360_get_for_penilai
from penilaian.selectors import umpan_balik_360 as selectors
from penilaian.services import umpan_balik_360 as services

PER_HALAMAN = 50


@login_required
def daftar(request: AuthedRequest) -> HttpResponse:
    """My 360 requests to answer, pending first."""
    qs = selectors.permintaan_360_untuk_saya(request.user)
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("page"))
    me = pegawai_of_user(request.user)
    context = {
        "page": page,
        "menunggu": selectors.jumlah_menunggu(request.user) if me is not None else 0,
        "punya_pegawai": me is not None,
        "boleh_minta": can_edit_instansi(request.user) or me is not None,
    }
    return render(request, "penilaian/umpan_balik_360/daftar.html", context)


@login_required
def jawab(request: AuthedRequest, permintaan_id: int) -> HttpResponse:
    permintaan = permintaan_360_get_for_penilai(user=request.user, permintaan_id=permintaan_id)
    ditutup = permintaan.periode.status == Periode.Status.DITUTUP
    initial = JawabanForm.initial_dari(JawabanUmpanBalik360.objects.filter(permintaan=permintaan))
    form = JawabanForm(form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.jawaban_360_simpan(actor=request.user, permintaan=permintaan, jawaban=form.jawaban())
        except ValidationError as e:
            apply_service_errors(form, e, field_map=JawabanForm.field_map())
        else:
            messages.success(request, _("Umpan balik 360 tersimpan. Terima kasih."))
            return redirect("penilaian:umpan-balik-360-list")
    context = {"permintaan": permintaan, "form": form, "ditutup": ditutup}
    return render(request, "penilaian/umpan_balik_360/jawab.html", context)


def _periode_dari(request: HttpRequest, dinilai: Pegawai) -> Periode | None:
    periode_id = request.GET.get("periode")
    if periode_id:
        periode = selectors.periode_360_get(dinilai=dinilai, periode_id=periode_id)
        if periode is None:
            raise Http404
        return periode
    return selectors.periode_360_bawaan(dinilai=dinilai)


def _rekap_page(request: AuthedRequest, dinilai: Pegawai, *, sendiri: bool) -> HttpResponse:
    periode = _periode_dari(request, dinilai)
    rekap = None
    if periode is not None:
        rekap = selectors.rekap_360(dinilai=dinilai, periode=periode, minimal=selectors.minimal_360(periode=periode))
    context = {
        "dinilai": dinilai,
        "periode": periode,
        "periode_pilihan": list(selectors.periode_360_pilihan(dinilai=dinilai)),
        "rekap": rekap,
        "sendiri": sendiri,
    }
    return render(request, "penilaian/umpan_balik_360/rekap.html", context)


@login_required
def hasil(request: AuthedRequest) -> HttpResponse:
    """My own 360 rekap for a period (``?periode=``)."""
    me = pegawai_of_user(request.user)
    if me is None:
        raise Http404
    dinilai = pegawai_get_for_user(user=request.user, pegawai_id=me.pk)
    return _rekap_page(request, dinilai, sendiri=True)


@login_required
def rekap_pegawai(request: AuthedRequest, pegawai_id: int) -> HttpResponse:
    """The 360 rekap of a pegawai: for whoever may see the pegawai (themself, their atasan line,
    BKD and pimpinan of the instansi); rekan and bawahan are never identified."""
    dinilai = pegawai_get_for_user(user=request.user, pegawai_id=pegawai_id)
    me = pegawai_of_user(request.user)
    return _rekap_page(request, dinilai, sendiri=me is not None and me.pk == dinilai.pk)


@login_required
def minta(request: AuthedRequest) -> HttpResponse:
    """Ask the raters of one ratee (the ratee, their atasan, BKD); BKD also of a unit or of the
    whole instansi."""
    user = request.user
    bkd = can_edit_instansi(user)
    me = pegawai_of_user(user)
    instansi = user.instansi if bkd else (me.instansi if me is not None else None)
    if instansi is None:
        raise Http404
    aksi = request.POST.get("aksi", "satu") if request.method == "POST" else ""
    form = MintaForm(form_data(request) if aksi == "satu" else None, user=user, instansi=instansi)
    massal = (
        MintaMassalForm(form_data(request) if aksi == "massal" else None, instansi=instansi, prefix="massal")
        if bkd
        else None
    )
    if aksi == "satu" and form.is_valid():
        try:
            dibuat = services.permintaan_360_buat(
                actor=user, periode=form.cleaned_data["periode"], dinilai=form.cleaned_data["pegawai"]
            )
        except ValidationError as e:
            apply_service_errors(form, e, field_map={"dinilai": "pegawai"})
        except PermissionDenied:
            form.add_error("pegawai", _("Anda tidak berwenang meminta umpan balik 360 untuk pegawai ini."))
        else:
            messages.success(
                request,
                _("Permintaan umpan balik 360 untuk %(nama)s: %(jumlah)s penilai.")
                % {"nama": form.cleaned_data["pegawai"].nama_lengkap, "jumlah": len(dibuat)},
            )
            return redirect("penilaian:umpan-balik-360-minta")
    elif aksi == "massal" and massal is not None and massal.is_valid():
        try:
            hasil_massal = services.permintaan_360_buat_massal(
                actor=user, periode=massal.cleaned_data["periode"], unit_kerja=massal.cleaned_data["unit_kerja"]
            )
        except ValidationError as e:
            apply_service_errors(massal, e)
        else:
            messages.success(
                request,
                _("%(baru)s permintaan baru untuk %(dinilai)s pegawai.")
                % {"baru": hasil_massal.permintaan_baru, "dinilai": hasil_massal.dinilai},
            )
            return redirect("penilaian:umpan-balik-360-minta")
    elif aksi == "massal" and massal is None:
        raise Http404
    return render(request, "penilaian/umpan_balik_360/minta.html", {"form": form, "massal": massal})


urlpatterns: list[URLPattern] = [
    path("360/", daftar, name="umpan-balik-360-list"),
    path("360/<int:permintaan_id>/jawab/", jawab, name="umpan-balik-360-jawab"),
    path("360/hasil/", hasil, name="umpan-balik-360-hasil"),
    path("360/pegawai/<int:pegawai_id>/", rekap_pegawai, name="umpan-balik-360-pegawai"),
    path("360/minta/", minta, name="umpan-balik-360-minta"),
]
