"""The committee's pages (Baperjakat / tim penilai kinerja: BKD and pimpinan; anyone else 404):
the list of recommendations with tabs per kind, filters and a bulk decision; one recommendation
with the rule, its components, the pegawai, the steps and the audit trail, and the forms to
review, approve or reject, and (BKD only) apply; and BKD's button for the yearly run."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from karier.forms.rekomendasi import SETUJU, JalankanForm, MassalForm, PutuskanForm, RekomendasiFilterForm, TerapkanForm
from karier.models import Rekomendasi
from karier.permissions import boleh_menerapkan, rekomendasi_get_for_user, require_komite
from karier.selectors.rekomendasi import (
    aturan,
    dasar_tampil,
    rekomendasi_audit,
    rekomendasi_detail_for_user,
    rekomendasi_hitung,
    rekomendasi_langkah,
    rekomendasi_list_for_user,
    tahun_tahunan_terakhir,
)
from karier.services.rekomendasi import (
    rekomendasi_putuskan,
    rekomendasi_putuskan_massal,
    rekomendasi_terapkan,
    rekomendasi_tinjau,
)
from karier.tasks.tahunan import karier_tahunan_task
from pegawai.views.akun import AuthedRequest, htmx_partial

PER_HALAMAN = 50


def _filters(form: RekomendasiFilterForm) -> dict[str, Any]:
    f = form.cleaned_data if form.is_valid() else {}
    return {k: v for k, v in f.items() if v not in (None, "")}


def _list_response(
    request: AuthedRequest,
    *,
    massal_form: MassalForm | None = None,
    jalankan_form: JalankanForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    form = RekomendasiFilterForm(request.GET or None, instansi_id=user.instansi_id)
    filters = _filters(form)
    qs = rekomendasi_list_for_user(user=user, filters=filters)
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    hitung = rekomendasi_hitung(user=user, filters=filters)
    tabs = []
    for value, label, n in hitung.per_jenis:
        q = query.copy()
        q["jenis"] = value
        tabs.append(
            {"jenis": value, "label": label, "n": n, "url": q.urlencode(), "aktif": filters.get("jenis") == value}
        )
    semua = query.copy()
    semua.pop("jenis", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "tabs": tabs,
        "semua_url": semua.urlencode(),
        "semua_n": sum(n for _v, _l, n in hitung.per_jenis),
        "semua_aktif": not filters.get("jenis"),
        "per_status": hitung.per_status,
        "massal_form": massal_form
        or MassalForm(queryset=Rekomendasi.objects.none(), initial={"kembali": query.urlencode()}),
        "boleh_jalankan": boleh_menerapkan(user),
        "jalankan_form": (
            jalankan_form or JalankanForm(initial={"tahun": tahun_tahunan_terakhir(instansi_id=user.instansi_id)})
        )
        if boleh_menerapkan(user)
        else None,
        "terbuka": Rekomendasi.TERBUKA,
    }
    template = "karier/rekomendasi/list.html"
    if htmx_partial(request):
        template += "#daftar"
    return render(request, template, context, status=status)


@login_required
def rekomendasi_list(request: AuthedRequest) -> HttpResponse:
    require_komite(request.user)
    return _list_response(request)


def _detail_response(
    request: AuthedRequest,
    obj: Rekomendasi,
    *,
    putuskan_form: PutuskanForm | None = None,
    terapkan_form: TerapkanForm | None = None,
    status: int = 200,
) -> HttpResponse:
    terbuka = obj.status in Rekomendasi.TERBUKA
    boleh_terapkan = boleh_menerapkan(request.user) and obj.status == Rekomendasi.Status.DISETUJUI
    context = {
        "obj": obj,
        "aturan": aturan(obj),
        "dasar": dasar_tampil(obj),
        "langkah": rekomendasi_langkah(obj),
        "audit": rekomendasi_audit(obj),
        "boleh_tinjau": obj.status == Rekomendasi.Status.DIUSULKAN,
        "putuskan_form": (putuskan_form or PutuskanForm()) if terbuka else None,
        "terapkan_form": (terapkan_form or TerapkanForm(initial={"tmt": obj.tmt})) if boleh_terapkan else None,
    }
    return render(request, "karier/rekomendasi/detail.html", context, status=status)


def _detail_obj(request: AuthedRequest, rekomendasi_id: int) -> Rekomendasi:
    require_komite(request.user)
    obj = rekomendasi_detail_for_user(user=request.user, rekomendasi_id=rekomendasi_id)
    if obj is None:
        raise Http404
    return obj


@login_required
def rekomendasi_detail(request: AuthedRequest, rekomendasi_id: int) -> HttpResponse:
    return _detail_response(request, _detail_obj(request, rekomendasi_id))


def _konflik(request: AuthedRequest, obj: Rekomendasi, e: ValidationError) -> HttpResponse:
    """Another member moved the recommendation on (a stale page): say so on the current page."""
    messages.error(request, " ".join(e.messages))
    return redirect("karier:rekomendasi-detail", rekomendasi_id=obj.pk)


def _ke_form(form: Any, e: ValidationError) -> None:
    """A service's errors onto the form: its own fields by name, anything else form-wide."""
    if not hasattr(e, "error_dict"):
        form.add_error(None, e.messages)
        return
    for name, msgs in e.message_dict.items():
        form.add_error(name if name in form.fields else None, msgs)


@login_required
@require_POST
def rekomendasi_tinjau_view(request: AuthedRequest, rekomendasi_id: int) -> HttpResponse:
    require_komite(request.user)
    obj = rekomendasi_get_for_user(user=request.user, rekomendasi_id=rekomendasi_id)
    try:
        rekomendasi_tinjau(actor=request.user, rekomendasi=obj)
    except ValidationError as e:
        return _konflik(request, obj, e)
    messages.success(request, gettext("Rekomendasi ditinjau."))
    return redirect("karier:rekomendasi-detail", rekomendasi_id=obj.pk)


@login_required
@require_POST
def rekomendasi_putuskan_view(request: AuthedRequest, rekomendasi_id: int) -> HttpResponse:
    require_komite(request.user)
    obj = rekomendasi_get_for_user(user=request.user, rekomendasi_id=rekomendasi_id)
    form = PutuskanForm(request.POST)
    if form.is_valid():
        setuju = form.cleaned_data["keputusan"] == SETUJU
        try:
            with transaction.atomic():
                rekomendasi_putuskan(
                    actor=request.user, rekomendasi=obj, setuju=setuju, alasan=form.cleaned_data["alasan"]
                )
        except ValidationError as e:
            if "status" in getattr(e, "error_dict", {}):
                return _konflik(request, obj, e)
            _ke_form(form, e)
        else:
            messages.success(request, gettext("Rekomendasi disetujui.") if setuju else gettext("Rekomendasi ditolak."))
            return redirect("karier:rekomendasi-detail", rekomendasi_id=obj.pk)
    return _detail_response(request, _detail_obj(request, obj.pk), putuskan_form=form, status=400)


@login_required
@require_POST
def rekomendasi_terapkan_view(request: AuthedRequest, rekomendasi_id: int) -> HttpResponse:
    require_komite(request.user)
    obj = rekomendasi_get_for_user(user=request.user, rekomendasi_id=rekomendasi_id)
    if not boleh_menerapkan(request.user):
        raise PermissionDenied
    form = TerapkanForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                rekomendasi_terapkan(
                    actor=request.user,
                    rekomendasi=obj,
                    tmt=form.cleaned_data["tmt"],
                    nomor_sk=form.cleaned_data["nomor_sk"],
                )
        except ValidationError as e:
            if "status" in getattr(e, "error_dict", {}):
                return _konflik(request, obj, e)
            _ke_form(form, e)
        else:
            messages.success(request, gettext("Rekomendasi diterapkan pada profil pegawai."))
            return redirect("karier:rekomendasi-detail", rekomendasi_id=obj.pk)
    return _detail_response(request, _detail_obj(request, obj.pk), terapkan_form=form, status=400)


def _kembali(kembali: str) -> str:
    """Back to the list with its filters (re-encoded: only a query string, never another URL)."""
    q = QueryDict(kembali or "").urlencode()
    return reverse("karier:rekomendasi-list") + (f"?{q}" if q else "")


@login_required
@require_POST
def rekomendasi_massal_view(request: AuthedRequest) -> HttpResponse:
    require_komite(request.user)
    form = MassalForm(request.POST, queryset=rekomendasi_list_for_user(user=request.user))
    if not form.is_valid():
        return _list_response(request, massal_form=form, status=400)
    setuju = form.cleaned_data["keputusan"] == SETUJU
    daftar = list(form.cleaned_data["rekomendasi"])
    hasil = rekomendasi_putuskan_massal(
        actor=request.user, rekomendasi=daftar, setuju=setuju, alasan=form.cleaned_data["alasan"]
    )
    per_id = {obj.pk: obj for obj in daftar}
    berhasil = sum(1 for h in hasil if h.berhasil)
    if berhasil:
        pesan = gettext("%(n)d rekomendasi disetujui.") if setuju else gettext("%(n)d rekomendasi ditolak.")
        messages.success(request, pesan % {"n": berhasil})
    for h in hasil:
        if not h.berhasil:
            obj = per_id[h.rekomendasi_id]
            messages.error(
                request,
                gettext("%(nama)s (%(jenis)s): %(pesan)s")
                % {"nama": obj.pegawai.nama, "jenis": obj.get_jenis_display(), "pesan": h.pesan},
            )
    return redirect(_kembali(form.cleaned_data.get("kembali", "")))


@login_required
@require_POST
def rekomendasi_jalankan_view(request: AuthedRequest) -> HttpResponse:
    require_komite(request.user)
    if not boleh_menerapkan(request.user):
        raise PermissionDenied
    if request.user.instansi_id is None:
        raise Http404
    form = JalankanForm(request.POST)
    if not form.is_valid():
        return _list_response(request, jalankan_form=form, status=400)
    instansi_id, tahun, actor_id = request.user.instansi_id, form.cleaned_data["tahun"], request.user.pk
    transaction.on_commit(lambda: karier_tahunan_task.delay(instansi_id, tahun, actor_id=actor_id))
    messages.success(
        request, gettext("Perhitungan talenta dan rekomendasi tahun %(tahun)s dijalankan.") % {"tahun": tahun}
    )
    return redirect(reverse("karier:rekomendasi-list") + f"?tahun={tahun}")


urlpatterns: list[URLPattern] = [
    path("rekomendasi/", rekomendasi_list, name="rekomendasi-list"),
    path("rekomendasi/massal/", rekomendasi_massal_view, name="rekomendasi-massal"),
    path("rekomendasi/jalankan/", rekomendasi_jalankan_view, name="rekomendasi-jalankan"),
    path("rekomendasi/<int:rekomendasi_id>/", rekomendasi_detail, name="rekomendasi-detail"),
    path("rekomendasi/<int:rekomendasi_id>/tinjau/", rekomendasi_tinjau_view, name="rekomendasi-tinjau"),
    path("rekomendasi/<int:rekomendasi_id>/putuskan/", rekomendasi_putuskan_view, name="rekomendasi-putuskan"),
    path("rekomendasi/<int:rekomendasi_id>/terapkan/", rekomendasi_terapkan_view, name="rekomendasi-terapkan"),
]
