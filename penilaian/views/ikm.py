"""IKM pages: the public survey at its short link (no account; see ``penilaian/urls_survei.py``),
and behind the login the results per unit layanan, a unit's detail with its chart, trend and
complaints, the links with their QR codes, and the complaints list."""

from __future__ import annotations

import io
import secrets
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pegawai.forms import apply_service_errors
from pegawai.permissions import can_edit_instansi, require_bkd
from pegawai.selectors import kebijakan_get
from pegawai.views.akun import AuthedRequest
from penilaian.forms.ikm import PengaduanFilterForm, PeriodeForm, SurveiForm, TindakLanjutForm
from penilaian.models import TautanSurvei
from penilaian.rules import UNSUR_IKM, UnsurIKM
from penilaian.selectors import ikm as selectors
from penilaian.services import ikm as services

PER_HALAMAN = 50
TREN_PERIODE = 8

COOKIE_PERANGKAT = "survei_perangkat"
COOKIE_SALT = "penilaian.survei.perangkat"
COOKIE_UMUR = 365 * 24 * 60 * 60


# ---------------------------------------------------------------------------------------------
# Who is answering: the device (a random id in a signed cookie) and the network


def alamat_klien(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or, behind a trusted proxy (``SURVEI_PERCAYA_PROXY``),
    the last address of X-Forwarded-For (the one the proxy itself saw)."""
    if getattr(settings, "SURVEI_PERCAYA_PROXY", False):
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1]
    return str(request.META.get("REMOTE_ADDR", ""))


def jaringan_klien(request: HttpRequest) -> str:
    return services.jaringan_dari_alamat(alamat_klien(request))


def perangkat_dari_cookie(request: HttpRequest) -> str | None:
    value = request.get_signed_cookie(COOKIE_PERANGKAT, default=None, salt=COOKIE_SALT)
    return value or None


def _pasang_cookie(request: HttpRequest, response: HttpResponse, perangkat: str) -> None:
    response.set_signed_cookie(
        COOKIE_PERANGKAT,
        perangkat,
        salt=COOKIE_SALT,
        max_age=COOKIE_UMUR,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def tautan_absolut(request: HttpRequest, kode: str) -> str:
    """The short link as printed: ``SURVEI_URL_DASAR`` (e.g. https://asn.example.go.id) when set,
    else from the request's host."""
    relatif = reverse("survei:ikm-survei", args=[kode])
    dasar = str(getattr(settings, "SURVEI_URL_DASAR", "") or "").rstrip("/")
    return f"{dasar}{relatif}" if dasar else request.build_absolute_uri(relatif)


# ---------------------------------------------------------------------------------------------
# Public survey


@never_cache
@ensure_csrf_cookie
@require_http_methods(["GET", "POST"])
def survei_form(request: HttpRequest, kode: str) -> HttpResponse:
    tautan = services.tautan_survei_aktif(kode=kode)
    perangkat = perangkat_dari_cookie(request)
    baru = perangkat is None
    perangkat = perangkat or secrets.token_urlsafe(16)
    form = SurveiForm(request.POST if request.method == "POST" else None)
    status = 200
    dibatasi = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.respons_survei_simpan(
                tautan_kode=tautan.kode, data=form.cleaned_data, perangkat=perangkat, jaringan=jaringan_klien(request)
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        except services.SurveiDibatasi as e:
            dibatasi = e.message
            status = 429
        else:
            terima_kasih = redirect("survei:ikm-terima-kasih", kode=tautan.kode)
            if baru:
                _pasang_cookie(request, terima_kasih, perangkat)
            return terima_kasih
    context = {"tautan": tautan, "unit": tautan.unit_kerja, "form": form, "dibatasi": dibatasi}
    response = render(request, "penilaian/ikm/survei_form.html", context, status=status)
    if baru:
        _pasang_cookie(request, response, perangkat)
    return response


@require_GET
def survei_terima_kasih(request: HttpRequest, kode: str) -> HttpResponse:
    tautan = services.tautan_survei_aktif(kode=kode)
    return render(request, "penilaian/ikm/survei_terima_kasih.html", {"tautan": tautan, "unit": tautan.unit_kerja})


# ---------------------------------------------------------------------------------------------
# Results


@login_required
@require_GET
def ikm_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    selectors.ikm_require_reader(user)
    instansi = selectors.instansi_of(user)
    periode = selectors.periode_pilihan(instansi=instansi, periode_id=request.GET.get("periode"))
    rows = list(selectors.hasil_ikm_list_for_user(user, periode))
    minimal = kebijakan_get(instansi=instansi).ikm_minimal_responden if instansi else 0
    context = {
        "form": PeriodeForm(initial={"periode": periode}, instansi=instansi),
        "periode": periode,
        "rows": rows,
        "minimal": minimal,
        "can_hitung": can_edit_instansi(user) and periode is not None,
        "is_bkd": can_edit_instansi(user),
    }
    return render(request, "penilaian/ikm/hasil_list.html", context)


@login_required
@require_POST
def ikm_hitung(request: AuthedRequest) -> HttpResponse:
    """BKD: compute the IKM of a period now (the evaluation cycle does it at the period's end)."""
    require_bkd(request.user)
    instansi = selectors.instansi_of(request.user)
    periode = selectors.periode_pilihan(instansi=instansi, periode_id=request.POST.get("periode"))
    if periode is None:
        messages.error(request, _("Belum ada periode penilaian."))
        return redirect("penilaian:ikm-list")
    n = services.ikm_hitung_periode(periode=periode, actor=request.user)
    messages.success(request, _("IKM %(periode)s dihitung untuk %(n)d unit.") % {"periode": periode.nama, "n": n})
    return redirect(f"{reverse('penilaian:ikm-list')}?periode={periode.pk}")


def unsur_rows(hasil: Any) -> list[dict[str, Any]]:
    """The nine unsur of a result: label, sum of answers and NRR (for the table and the chart)."""
    rows = []
    for i, kode in enumerate(UNSUR_IKM):
        rows.append(
            {
                "kode": kode,
                "label": UnsurIKM(kode).label,
                "jumlah": hasil.jumlah_unsur[i] if hasil else None,
                "nrr": hasil.nrr[i] if hasil else None,
            }
        )
    return rows


@login_required
@require_GET
def ikm_unit(request: AuthedRequest, unit_id: int) -> HttpResponse:
    user = request.user
    unit = selectors.unit_layanan_get_for_user(user=user, unit_id=unit_id)
    periode = selectors.periode_pilihan(instansi=unit.instansi, periode_id=request.GET.get("periode"))
    hasil = selectors.hasil_ikm_get(unit=unit, periode=periode)
    unsur = unsur_rows(hasil)
    tren = selectors.ikm_tren(unit, TREN_PERIODE)
    boleh = selectors.can_tindak_lanjut(user, unit)
    pengaduan = list(selectors.pengaduan_list_for_user(user, {"unit_kerja": unit.pk})[:20])
    context = {
        "unit": unit,
        "periode": periode,
        "form": PeriodeForm(initial={"periode": periode}, instansi=unit.instansi),
        "hasil": hasil,
        "unsur": unsur,
        "minimal": kebijakan_get(instansi=unit.instansi).ikm_minimal_responden,
        "grafik_nrr": {
            "judul": _("NRR per unsur"),
            "labels": [r["kode"].upper() for r in unsur],
            "data": [float(r["nrr"]) if r["nrr"] is not None else None for r in unsur],
        },
        "grafik_tren": {
            "judul": _("IKM"),
            "labels": [h.periode.nama for h in tren],
            "data": [float(h.ikm) if h.dipublikasikan else None for h in tren],
        },
        "tren": tren,
        "pengaduan": [
            {"respons": r, "form": TindakLanjutForm(initial={"tindak_lanjut": r.tindak_lanjut})} for r in pengaduan
        ],
        "can_tindak_lanjut": boleh,
    }
    return render(request, "penilaian/ikm/unit_detail.html", context)


# ---------------------------------------------------------------------------------------------
# Links and QR codes (BKD)


@login_required
@require_GET
def ikm_tautan_list(request: AuthedRequest) -> HttpResponse:
    require_bkd(request.user)
    units = list(selectors.tautan_list_for_user(request.user))
    rows = []
    for unit in units:
        tautan: TautanSurvei | None = getattr(unit, "tautan_survei", None)
        rows.append({"unit": unit, "tautan": tautan, "url": tautan_absolut(request, tautan.kode) if tautan else ""})
    context = {"rows": rows, "tanpa_tautan": sum(1 for r in rows if r["tautan"] is None)}
    return render(request, "penilaian/ikm/tautan_list.html", context)


@login_required
@require_POST
def ikm_tautan_pastikan(request: AuthedRequest) -> HttpResponse:
    require_bkd(request.user)
    instansi = selectors.instansi_of(request.user)
    n = services.tautan_survei_pastikan(instansi=instansi) if instansi else 0
    messages.success(request, _("%(n)d tautan survei dibuat.") % {"n": n})
    return redirect("penilaian:ikm-tautan-list")


@login_required
@require_POST
def ikm_tautan_ganti(request: AuthedRequest, tautan_id: int) -> HttpResponse:
    tautan = selectors.tautan_get_for_user(user=request.user, tautan_id=tautan_id)
    services.tautan_survei_ganti(actor=request.user, tautan=tautan)
    messages.success(
        request,
        _("Tautan %(unit)s diganti. Cetak ulang kode QR-nya; tautan lama tidak berlaku lagi.")
        % {"unit": tautan.unit_kerja.nama},
    )
    return redirect("penilaian:ikm-tautan-list")


@login_required
@require_POST
def ikm_tautan_aktif(request: AuthedRequest, tautan_id: int) -> HttpResponse:
    tautan = selectors.tautan_get_for_user(user=request.user, tautan_id=tautan_id)
    aktif = request.POST.get("aktif") == "1"
    services.tautan_survei_atur_aktif(actor=request.user, tautan=tautan, aktif=aktif)
    if aktif:
        messages.success(request, _("Survei %(unit)s dibuka.") % {"unit": tautan.unit_kerja.nama})
    else:
        messages.success(request, _("Survei %(unit)s ditutup.") % {"unit": tautan.unit_kerja.nama})
    return redirect("penilaian:ikm-tautan-list")


def _qr(request: AuthedRequest, tautan_id: int, kind: str) -> HttpResponse:
    tautan = selectors.tautan_get_for_user(user=request.user, tautan_id=tautan_id)
    url = tautan_absolut(request, tautan.kode)
    buffer = io.BytesIO()
    qr = segno.make(url, error="m")
    if kind == "svg":
        qr.save(buffer, kind="svg", scale=10, border=4, title=url, xmldecl=True)
        content_type = "image/svg+xml"
    else:
        qr.save(buffer, kind="png", scale=10, border=4)
        content_type = "image/png"
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    nama = f"qr-survei-{tautan.unit_kerja.kode or tautan.unit_kerja_id}.{kind}".replace('"', "")
    response["Content-Disposition"] = f'inline; filename="{nama}"'
    return response


@login_required
@require_GET
def ikm_tautan_qr_png(request: AuthedRequest, tautan_id: int) -> HttpResponse:
    return _qr(request, tautan_id, "png")


@login_required
@require_GET
def ikm_tautan_qr_svg(request: AuthedRequest, tautan_id: int) -> HttpResponse:
    return _qr(request, tautan_id, "svg")


# ---------------------------------------------------------------------------------------------
# Complaints


@login_required
@require_GET
def ikm_pengaduan_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    selectors.ikm_require_reader(user)
    instansi = selectors.instansi_of(user)
    form = PengaduanFilterForm(request.GET or None, units=selectors.unit_layanan_list_for_user(user), instansi=instansi)
    qs = selectors.pengaduan_list_for_user(user, form.filters())
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("page"))
    kepala = selectors.kepala_unit_of(user)
    context = {
        "form": form,
        "page": page,
        "semua_boleh": can_edit_instansi(user),
        "unit_boleh": kepala.pk if kepala else None,
    }
    partial = bool(getattr(request, "htmx", None)) and not request.htmx.history_restore_request  # type: ignore[attr-defined]
    template = "penilaian/ikm/pengaduan_list.html#tabel" if partial else "penilaian/ikm/pengaduan_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def ikm_pengaduan_tindak_lanjut(request: AuthedRequest, respons_id: int) -> HttpResponse:
    respons = selectors.pengaduan_get_for_user(user=request.user, respons_id=respons_id)
    if not selectors.can_tindak_lanjut(request.user, respons.unit_kerja):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = TindakLanjutForm(data, initial={"tindak_lanjut": respons.tindak_lanjut})
    if request.method == "POST" and form.is_valid():
        try:
            services.pengaduan_tindak_lanjut(
                actor=request.user, respons=respons, tindak_lanjut=form.cleaned_data["tindak_lanjut"]
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Tindak lanjut disimpan."))
            lanjut = request.POST.get("next", "")
            if lanjut and url_has_allowed_host_and_scheme(
                lanjut, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(lanjut)
            return redirect(reverse("penilaian:ikm-unit", args=[respons.unit_kerja_id]) + "#pengaduan")
    return render(request, "penilaian/ikm/tindak_lanjut_form.html", {"respons": respons, "form": form})


urlpatterns: list[URLPattern] = [
    path("ikm/", ikm_list, name="ikm-list"),
    path("ikm/hitung/", ikm_hitung, name="ikm-hitung"),
    path("ikm/unit/<int:unit_id>/", ikm_unit, name="ikm-unit"),
    path("ikm/tautan/", ikm_tautan_list, name="ikm-tautan-list"),
    path("ikm/tautan/pastikan/", ikm_tautan_pastikan, name="ikm-tautan-pastikan"),
    path("ikm/tautan/<int:tautan_id>/ganti/", ikm_tautan_ganti, name="ikm-tautan-ganti"),
    path("ikm/tautan/<int:tautan_id>/aktif/", ikm_tautan_aktif, name="ikm-tautan-aktif"),
    path("ikm/tautan/<int:tautan_id>/qr.png", ikm_tautan_qr_png, name="ikm-tautan-qr-png"),
    path("ikm/tautan/<int:tautan_id>/qr.svg", ikm_tautan_qr_svg, name="ikm-tautan-qr-svg"),
    path("ikm/pengaduan/", ikm_pengaduan_list, name="ikm-pengaduan-list"),
    path(
        "ikm/pengaduan/<int:respons_id>/tindak-lanjut/", ikm_pengaduan_tindak_lanjut, name="ikm-pengaduan-tindak-lanjut"
    ),
]
