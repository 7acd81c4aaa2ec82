"""Calibration pages: the units of a period with their distribution, one unit against its pattern
(adjusting staff predikat, finalising), the results export (XLSX) and the Dokumen Evaluasi Kinerja
Pegawai (PDF). Thin views: an access helper first, a plain form, one service call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pegawai.forms import apply_service_errors
from pegawai.views.akun import AuthedRequest
from penilaian import dokumen, exports
from penilaian.forms.kalibrasi import PenyesuaianForm, PredikatUnitForm
from penilaian.models import PredikatUnit
from penilaian.permissions import evaluasi_get_for_user
from penilaian.rules import Predikat, PredikatOrganisasi
from penilaian.selectors.kalibrasi import (
    can_sesuaikan,
    can_tetapkan,
    kalibrasi_ekspor_qs,
    kalibrasi_ringkasan,
    kalibrasi_unit,
    periode_get_for_kalibrasi,
    periode_list_for_kalibrasi,
    unit_get_for_kalibrasi,
)
from penilaian.services.kalibrasi import predikat_sesuaikan, predikat_unit_finalisasi, predikat_unit_tetapkan


def _pesan(error: ValidationError) -> str:
    return " ".join(error.messages)


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _unit_url(unit_id: int, periode_id: int) -> str:
    return f"{reverse('penilaian:kalibrasi-unit', args=[unit_id])}?periode={periode_id}"


@login_required
def kalibrasi_ringkasan_view(request: AuthedRequest) -> HttpResponse:
    periode = periode_get_for_kalibrasi(user=request.user, periode_id=request.GET.get("periode"))
    induk = None
    if request.GET.get("induk"):
        induk = unit_get_for_kalibrasi(user=request.user, unit_id=request.GET["induk"])
    context = {
        "periode": periode,
        "induk": induk,
        "periode_list": periode_list_for_kalibrasi(user=request.user),
        "baris": kalibrasi_ringkasan(request.user, periode, induk=induk, bertingkat=True),
        "predikat_list": list(Predikat),
        "predikat_organisasi_list": list(PredikatOrganisasi),
    }
    return render(request, "penilaian/kalibrasi/ringkasan.html", context)


@login_required
def kalibrasi_unit_view(request: AuthedRequest, unit_id: int) -> HttpResponse:
    periode = periode_get_for_kalibrasi(user=request.user, periode_id=request.GET.get("periode"))
    unit = unit_get_for_kalibrasi(user=request.user, unit_id=unit_id)
    data = kalibrasi_unit(request.user, periode, unit)
    form = PredikatUnitForm(
        initial={"predikat_organisasi": data["predikat_unit"].predikat_organisasi if data["predikat_unit"] else ""}
    )
    context = {
        "periode": periode,
        "unit": unit,
        "periode_list": periode_list_for_kalibrasi(user=request.user),
        "predikat_form": form,
        "sesuaikan_form": PenyesuaianForm(),
        "kembali": request.get_full_path(),
        **data,
    }
    return render(request, "penilaian/kalibrasi/unit.html", context)


@require_POST
@login_required
def kalibrasi_unit_predikat(request: AuthedRequest, unit_id: int) -> HttpResponse:
    periode = periode_get_for_kalibrasi(user=request.user, periode_id=request.GET.get("periode"))
    unit = unit_get_for_kalibrasi(user=request.user, unit_id=unit_id)
    if not can_tetapkan(request.user, unit):
        raise PermissionDenied
    form = PredikatUnitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih predikat organisasi yang dikenal."))
    else:
        try:
            pu = predikat_unit_tetapkan(
                actor=request.user,
                periode=periode,
                unit_kerja=unit,
                predikat_organisasi=form.cleaned_data["predikat_organisasi"],
            )
        except ValidationError as e:
            messages.error(request, _pesan(e))
        else:
            messages.success(
                request,
                _("Predikat %(unit)s ditetapkan: %(predikat)s.")
                % {"unit": unit.nama, "predikat": pu.get_predikat_organisasi_display()},
            )
    return redirect(_next(request, _unit_url(unit.pk, periode.pk)))


@require_POST
@login_required
def kalibrasi_unit_finalisasi(request: AuthedRequest, unit_id: int) -> HttpResponse:
    periode = periode_get_for_kalibrasi(user=request.user, periode_id=request.GET.get("periode"))
    unit = unit_get_for_kalibrasi(user=request.user, unit_id=unit_id)
    if not can_tetapkan(request.user, unit):
        raise PermissionDenied
    pu = PredikatUnit.objects.filter(periode=periode, unit_kerja=unit).select_related("unit_kerja").first()
    if pu is None:
        messages.error(request, _("Tetapkan predikat organisasi unit ini lebih dahulu."))
    else:
        try:
            predikat_unit_finalisasi(actor=request.user, predikat_unit=pu)
        except ValidationError as e:
            messages.error(request, _pesan(e))
        else:
            messages.success(request, _("Kalibrasi %(unit)s difinalisasi.") % {"unit": unit.nama})
    return redirect(_unit_url(unit.pk, periode.pk))


@login_required
def kalibrasi_sesuaikan(request: AuthedRequest, evaluasi_id: int) -> HttpResponse:
    evaluasi = evaluasi_get_for_user(user=request.user, evaluasi_id=evaluasi_id)
    if not can_sesuaikan(request.user, evaluasi):
        raise PermissionDenied
    default = _unit_url(evaluasi.unit_kerja_id, evaluasi.periode_id) if evaluasi.unit_kerja_id else "/"
    form = PenyesuaianForm(
        request.POST if request.method == "POST" else None, initial={"predikat": evaluasi.predikat or Predikat.BAIK}
    )
    if request.method == "POST" and form.is_valid():
        try:
            predikat_sesuaikan(
                actor=request.user,
                evaluasi=evaluasi,
                predikat=form.cleaned_data["predikat"],
                alasan=form.cleaned_data["alasan"],
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Predikat %(nama)s disesuaikan.") % {"nama": evaluasi.pegawai.nama_lengkap})
            return redirect(_next(request, default))
    context = {"evaluasi": evaluasi, "form": form, "next": _next(request, default)}
    return render(request, "penilaian/kalibrasi/sesuaikan.html", context, status=400 if form.errors else 200)


@login_required
def kalibrasi_ekspor(request: AuthedRequest) -> HttpResponseBase:
    periode = periode_get_for_kalibrasi(user=request.user, periode_id=request.GET.get("periode"))
    unit = None
    if request.GET.get("unit"):
        unit = unit_get_for_kalibrasi(user=request.user, unit_id=request.GET["unit"])
    qs = kalibrasi_ekspor_qs(user=request.user, periode=periode, unit=unit)
    out = exports.hasil_xlsx_file(qs, judul=periode.nama)
    nama = f"hasil-penilaian-{periode.tahun}-{periode.jenis}-{periode.nomor}{f'-unit-{unit.pk}' if unit else ''}.xlsx"
    return FileResponse(
        out,
        as_attachment=True,
        filename=nama,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def kalibrasi_dokumen_pdf(request: AuthedRequest, evaluasi_id: int) -> HttpResponse:
    evaluasi = evaluasi_get_for_user(user=request.user, evaluasi_id=evaluasi_id)
    isi = dokumen.dokumen_evaluasi_pdf(evaluasi=evaluasi)
    response = HttpResponse(isi, content_type="application/pdf")
    p = evaluasi.periode
    nama = f"evaluasi-kinerja-{evaluasi.pegawai.nip}-{p.tahun}-{p.jenis}-{p.nomor}.pdf"
    response["Content-Disposition"] = f'inline; filename="{nama}"'
    return response


urlpatterns = [
    path("kalibrasi/", kalibrasi_ringkasan_view, name="kalibrasi-ringkasan"),
    path("kalibrasi/ekspor.xlsx", kalibrasi_ekspor, name="kalibrasi-ekspor"),
    path("kalibrasi/unit/<int:unit_id>/", kalibrasi_unit_view, name="kalibrasi-unit"),
    path("kalibrasi/unit/<int:unit_id>/predikat/", kalibrasi_unit_predikat, name="kalibrasi-unit-predikat"),
    path("kalibrasi/unit/<int:unit_id>/finalisasi/", kalibrasi_unit_finalisasi, name="kalibrasi-unit-finalisasi"),
    path("kalibrasi/evaluasi/<int:evaluasi_id>/sesuaikan/", kalibrasi_sesuaikan, name="kalibrasi-sesuaikan"),
    path("evaluasi/<int:evaluasi_id>/dokumen.pdf", kalibrasi_dokumen_pdf, name="kalibrasi-dokumen-pdf"),
]
