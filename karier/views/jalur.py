"""The career path (jalur karier) pages: a pegawai's own, an atasan's view of a subordinate's, BKD's
and pimpinan's view of anyone in the instansi, and the same content as a printable PDF. Everyone
else gets 404; a login without a pegawai record has no own path (404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from karier.dokumen import jalur_karier_pdf
from karier.selectors.jalur import jalur_karier, jalur_pegawai_get
from pegawai.models import Pegawai
from pegawai.views.akun import AuthedRequest


def _halaman(request: AuthedRequest, pegawai: Pegawai) -> HttpResponse:
    context = {
        "jalur": jalur_karier(pegawai=pegawai),
        "pegawai": pegawai,
        "milik_sendiri": pegawai.user_id is not None and pegawai.user_id == request.user.pk,
    }
    return render(request, "karier/jalur/detail.html", context)


@login_required
def jalur_saya(request: AuthedRequest) -> HttpResponse:
    return _halaman(request, jalur_pegawai_get(user=request.user))


@login_required
def jalur_detail(request: AuthedRequest, pegawai_id: int) -> HttpResponse:
    return _halaman(request, jalur_pegawai_get(user=request.user, pegawai_id=pegawai_id))


@login_required
def jalur_pdf(request: AuthedRequest, pegawai_id: int) -> HttpResponse:
    pegawai = jalur_pegawai_get(user=request.user, pegawai_id=pegawai_id)
    response = HttpResponse(jalur_karier_pdf(jalur=jalur_karier(pegawai=pegawai)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="jalur-karier-{pegawai.nip}.pdf"'
    return response


urlpatterns: list[URLPattern] = [
    path("jalur/", jalur_saya, name="jalur-saya"),
    path("jalur/<int:pegawai_id>/", jalur_detail, name="jalur"),
    path("jalur/<int:pegawai_id>/pdf/", jalur_pdf, name="jalur-pdf"),
]
