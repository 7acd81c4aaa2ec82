"""Kompetensi views of penilaian: catalogue, standar kompetensi, assessments, JPM.

Who: every user of an instansi reads the catalogue; BKD and pimpinan read standards, every
assessment and the JPM list; an atasan reads the assessments and JPM of their direct
subordinates, a pegawai their own. Only BKD changes anything (403 for readers, 404 for the rest)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pegawai.forms import apply_service_errors
from pegawai.models import Instansi, Pegawai
from pegawai.permissions import can_edit_instansi, pegawai_of_user, require_bkd, require_instansi_reader
from pegawai.selectors import kebijakan_get
from pegawai.views.akun import AuthedRequest, form_data, htmx_partial, pilihan_q
from penilaian.forms.kompetensi import (
    AsesmenFilterForm,
    AsesmenForm,
    ImporForm,
    JabatanSasaranForm,
    JPMFilterForm,
    KompetensiForm,
    StandarForm,
)
from penilaian.rules import KategoriJPM
from penilaian.selectors import kompetensi as selectors
from penilaian.services import kompetensi as services

PER_HALAMAN = 50


def _instansi(request: AuthedRequest) -> Instansi:
    """The BKD officer's instansi (a superuser without one cannot create rows here)."""
    if request.user.instansi is None:
        raise Http404
    return request.user.instansi


def _render_list(request: AuthedRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, f"{template}#tabel" if htmx_partial(request) else template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


# ---------------------------------------------------------------------------------------------
# Catalogue


@login_required
@require_GET
def kompetensi_list(request: AuthedRequest) -> HttpResponse:
    if request.user.instansi_id is None and not request.user.is_superuser:
        raise Http404
    rows = list(selectors.kompetensi_list_for_user(user=request.user))
    context = {
        "nasional": [k for k in rows if k.instansi_id is None],
        "teknis": [k for k in rows if k.instansi_id is not None],
        "can_edit": can_edit_instansi(request.user),
    }
    return render(request, "penilaian/kompetensi/kompetensi_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def kompetensi_create(request: AuthedRequest) -> HttpResponse:
    require_bkd(request.user)
    instansi = _instansi(request)
    form = KompetensiForm(form_data(request))
    del form.fields["is_active"]
    if form.is_bound and form.is_valid():
        try:
            obj = services.kompetensi_create(actor=request.user, instansi=instansi, **form.service_kwargs())
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Kompetensi %(kode)s ditambahkan.") % {"kode": obj.kode})
            return redirect("penilaian:kompetensi-list")
    return render(request, "penilaian/kompetensi/kompetensi_form.html", {"form": form, "obj": None})


@login_required
@require_http_methods(["GET", "POST"])
def kompetensi_update(request: AuthedRequest, kompetensi_id: int) -> HttpResponse:
    obj = selectors.kompetensi_get_for_user(user=request.user, kompetensi_id=kompetensi_id, rw=True)
    form = KompetensiForm(form_data(request), initial=KompetensiForm.initial_of(obj))
    if form.is_bound and form.is_valid():
        try:
            services.kompetensi_update(
                actor=request.user, kompetensi=obj, is_active=form.cleaned_data["is_active"], **form.service_kwargs()
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Kompetensi %(kode)s disimpan.") % {"kode": obj.kode})
            return redirect("penilaian:kompetensi-list")
    return render(request, "penilaian/kompetensi/kompetensi_form.html", {"form": form, "obj": obj})


# ---------------------------------------------------------------------------------------------
# Standar kompetensi


@login_required
@require_GET
def standar_list(request: AuthedRequest) -> HttpResponse:
    require_instansi_reader(request.user)
    page = Paginator(selectors.jabatan_list_for_user(user=request.user), PER_HALAMAN).get_page(request.GET.get("page"))
    context = {"page": page, "can_edit": can_edit_instansi(request.user)}
    return _render_list(request, "penilaian/kompetensi/standar_list.html", context)


@login_required
@require_GET
def standar_detail(request: AuthedRequest, jabatan_id: int) -> HttpResponse:
    jabatan = selectors.jabatan_standar_get_for_user(user=request.user, jabatan_id=jabatan_id)
    context = {
        "jabatan": jabatan,
        "standar": list(selectors.standar_list(jabatan=jabatan)),
        "can_edit": can_edit_instansi(request.user),
    }
    return render(request, "penilaian/kompetensi/standar_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def standar_update(request: AuthedRequest, jabatan_id: int) -> HttpResponse:
    jabatan = selectors.jabatan_standar_get_for_user(user=request.user, jabatan_id=jabatan_id, rw=True)
    sekarang = {s.kompetensi_id: s.level for s in selectors.standar_list(jabatan=jabatan)}
    kompetensi = [k for k in selectors.kompetensi_list_for_user(user=request.user) if k.is_active or k.pk in sekarang]
    initial = {f"kompetensi_{k}": level for k, level in sekarang.items()}
    form = StandarForm(form_data(request), initial=initial, kompetensi=kompetensi)
    if form.is_bound and form.is_valid():
        try:
            services.standar_update(actor=request.user, jabatan=jabatan, levels=form.levels())
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Standar kompetensi %(jabatan)s disimpan.") % {"jabatan": jabatan.nama})
            return redirect("penilaian:kompetensi-standar", jabatan_id=jabatan.pk)
    return render(request, "penilaian/kompetensi/standar_form.html", {"jabatan": jabatan, "form": form})


def _impor(request: AuthedRequest, *, jenis: str) -> HttpResponse:
    require_bkd(request.user)
    instansi = _instansi(request)
    form = ImporForm(form_data(request), request.FILES if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        try:
            if jenis == "standar":
                n = services.standar_impor(actor=request.user, instansi=instansi, berkas=berkas, nama_file=berkas.name)
                messages.success(request, _("Standar kompetensi %(n)d jabatan diimpor.") % {"n": n})
                return redirect("penilaian:kompetensi-standar-list")
            baru, ubah = services.asesmen_impor(
                actor=request.user, instansi=instansi, berkas=berkas, nama_file=berkas.name
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(
                request, _("%(baru)d asesmen baru dan %(ubah)d asesmen diperbarui.") % {"baru": baru, "ubah": ubah}
            )
            return redirect("penilaian:kompetensi-asesmen-list")
    katalog = list(selectors.kompetensi_list_for_user(user=request.user, aktif_saja=True))
    return render(request, "penilaian/kompetensi/impor.html", {"form": form, "jenis": jenis, "katalog": katalog})


@login_required
@require_http_methods(["GET", "POST"])
def standar_impor(request: AuthedRequest) -> HttpResponse:
    return _impor(request, jenis="standar")


# ---------------------------------------------------------------------------------------------
# Assessments


@login_required
@require_GET
def asesmen_list(request: AuthedRequest) -> HttpResponse:
    require_instansi_reader(request.user)
    form = AsesmenFilterForm(request.GET or None, user=request.user)
    qs = selectors.asesmen_list_for_user(user=request.user, filters=form.filters())
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_edit": can_edit_instansi(request.user)}
    return _render_list(request, "penilaian/kompetensi/asesmen_list.html", context)


@login_required
@require_GET
def asesmen_detail(request: AuthedRequest, asesmen_id: int) -> HttpResponse:
    asesmen = selectors.asesmen_get_for_user(user=request.user, asesmen_id=asesmen_id)
    context = {
        "asesmen": asesmen,
        "hasil": list(selectors.asesmen_hasil_list(asesmen=asesmen)),
        "can_edit": can_edit_instansi(request.user),
    }
    return render(request, "penilaian/kompetensi/asesmen_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def asesmen_create(request: AuthedRequest) -> HttpResponse:
    require_bkd(request.user)
    kompetensi = list(selectors.kompetensi_list_for_user(user=request.user, aktif_saja=True))
    form = AsesmenForm(form_data(request), user=request.user, kompetensi=kompetensi)
    if form.is_bound and form.is_valid():
        pegawai: Pegawai = form.cleaned_data["pegawai"]
        try:
            obj = services.asesmen_create(actor=request.user, pegawai=pegawai, **form.service_kwargs())
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Asesmen %(nama)s dicatat.") % {"nama": pegawai.nama_lengkap})
            return redirect("penilaian:kompetensi-asesmen-detail", asesmen_id=obj.pk)
    return render(request, "penilaian/kompetensi/asesmen_form.html", {"form": form, "asesmen": None})


@login_required
@require_http_methods(["GET", "POST"])
def asesmen_update(request: AuthedRequest, asesmen_id: int) -> HttpResponse:
    asesmen = selectors.asesmen_get_for_user(user=request.user, asesmen_id=asesmen_id, rw=True)
    hasil = list(selectors.asesmen_hasil_list(asesmen=asesmen))
    dinilai = {h.kompetensi_id for h in hasil}
    kompetensi = [k for k in selectors.kompetensi_list_for_user(user=request.user) if k.is_active or k.pk in dinilai]
    initial = {
        "tanggal": asesmen.tanggal,
        "metode": asesmen.metode,
        "penyelenggara": asesmen.penyelenggara,
        "skor_potensi": asesmen.skor_potensi,
        "catatan": asesmen.catatan,
        **{f"kompetensi_{h.kompetensi_id}": h.level for h in hasil},
    }
    form = AsesmenForm(form_data(request), initial=initial, user=request.user, kompetensi=kompetensi, ubah=True)
    if form.is_bound and form.is_valid():
        try:
            services.asesmen_update(actor=request.user, asesmen=asesmen, **form.service_kwargs())
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Asesmen disimpan."))
            return redirect("penilaian:kompetensi-asesmen-detail", asesmen_id=asesmen.pk)
    return render(request, "penilaian/kompetensi/asesmen_form.html", {"form": form, "asesmen": asesmen})


@login_required
@require_http_methods(["GET", "POST"])
def asesmen_impor(request: AuthedRequest) -> HttpResponse:
    return _impor(request, jenis="asesmen")


# ---------------------------------------------------------------------------------------------
# JPM


def _profil(request: AuthedRequest, pegawai: Pegawai, *, saya: bool) -> HttpResponse:
    form = JabatanSasaranForm(request.GET if "jabatan" in request.GET else None, instansi_id=pegawai.instansi_id)
    profil = selectors.profil_kompetensi(pegawai=pegawai, jabatan=form.sasaran())
    asesmen = selectors.asesmen_list_for_user(user=request.user, filters={"pegawai": pegawai.pk})[:10]
    context = {"profil": profil, "form": form, "saya": saya, "asesmen": list(asesmen)}
    return render(request, "penilaian/kompetensi/profil.html", context)


@login_required
@require_GET
def jabatan_sasaran_pilihan(request: AuthedRequest) -> JsonResponse:
    """The type-ahead of "Bandingkan dengan jabatan": jabatan of the user's instansi that have a
    standar kompetensi, matching ``q``; 404 for a login without an instansi."""
    if request.user.instansi_id is None:
        raise Http404
    return JsonResponse({"results": selectors.jabatan_sasaran_pilihan(user=request.user, q=pilihan_q(request))})


@login_required
@require_GET
def kompetensi_saya(request: AuthedRequest) -> HttpResponse:
    me = pegawai_of_user(request.user)
    if me is None:
        raise Http404
    pegawai = selectors.pegawai_kompetensi_get_for_user(user=request.user, pegawai_id=me.pk)
    return _profil(request, pegawai, saya=True)


@login_required
@require_GET
def kompetensi_pegawai(request: AuthedRequest, pegawai_id: int) -> HttpResponse:
    pegawai = selectors.pegawai_kompetensi_get_for_user(user=request.user, pegawai_id=pegawai_id)
    return _profil(request, pegawai, saya=False)


@login_required
@require_GET
def jpm_list(request: AuthedRequest) -> HttpResponse:
    require_instansi_reader(request.user)
    instansi = _instansi(request)
    kebijakan = kebijakan_get(instansi=instansi)
    form = JPMFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    qs = selectors.jpm_list_for_user(user=request.user, kebijakan=kebijakan, filters=filters)
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("page"))
    semua = selectors.jpm_list_for_user(
        user=request.user, kebijakan=kebijakan, filters={k: v for k, v in filters.items() if k != "kategori"}
    )
    jumlah = selectors.jpm_jumlah_per_kategori(semua, kebijakan)
    label = {**dict(KategoriJPM.choices), selectors.TANPA_STANDAR: _("Tanpa standar")}
    context = {
        "form": form,
        "page": page,
        "rows": selectors.jpm_rows(list(page.object_list), kebijakan),
        "jumlah": [(k, label[k], n) for k, n in jumlah.items()],
        "kebijakan": kebijakan,
    }
    return _render_list(request, "penilaian/kompetensi/jpm_list.html", context)


urlpatterns: list[URLPattern] = [
    path("kompetensi/", kompetensi_list, name="kompetensi-list"),
    path("kompetensi/tambah/", kompetensi_create, name="kompetensi-create"),
    path("kompetensi/<int:kompetensi_id>/ubah/", kompetensi_update, name="kompetensi-update"),
    path("kompetensi/standar/", standar_list, name="kompetensi-standar-list"),
    path("kompetensi/standar/impor/", standar_impor, name="kompetensi-standar-impor"),
    path("kompetensi/standar/<int:jabatan_id>/", standar_detail, name="kompetensi-standar"),
    path("kompetensi/standar/<int:jabatan_id>/ubah/", standar_update, name="kompetensi-standar-update"),
    path("kompetensi/asesmen/", asesmen_list, name="kompetensi-asesmen-list"),
    path("kompetensi/asesmen/tambah/", asesmen_create, name="kompetensi-asesmen-create"),
    path("kompetensi/asesmen/impor/", asesmen_impor, name="kompetensi-asesmen-impor"),
    path("kompetensi/asesmen/<int:asesmen_id>/", asesmen_detail, name="kompetensi-asesmen-detail"),
    path("kompetensi/asesmen/<int:asesmen_id>/ubah/", asesmen_update, name="kompetensi-asesmen-update"),
    path("kompetensi/saya/", kompetensi_saya, name="kompetensi-saya"),
    path("kompetensi/pilihan-jabatan/", jabatan_sasaran_pilihan, name="pilihan-jabatan-sasaran"),
    path("kompetensi/pegawai/<int:pegawai_id>/", kompetensi_pegawai, name="kompetensi-pegawai"),
    path("kompetensi/jpm/", jpm_list, name="kompetensi-jpm"),
]
