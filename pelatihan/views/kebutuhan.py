"""The needs pages: BKD and pimpinan see the instansi's needs (and BKD refreshes them), an atasan
the team's needs and the requests to endorse, a pegawai "Kebutuhan saya": gaps, target jabatan,
the programmes that close each gap, needs, requests and a request form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from pegawai.forms import apply_service_errors
from pegawai.models import Pegawai
from pegawai.permissions import can_edit_instansi, pegawai_of_user, require_instansi_reader
from pegawai.selectors import is_atasan, jabatan_pilihan
from pegawai.views.akun import AuthedRequest, form_data, htmx_partial, pilihan_q
from pelatihan.forms.kebutuhan import KebutuhanFilterForm, PermintaanForm, TanggapanForm, TargetJabatanForm
from pelatihan.models import KebutuhanPelatihan, PermintaanPelatihan, TargetJabatan
from pelatihan.selectors.kebutuhan import (
    kebutuhan_list_for_user,
    kebutuhan_per_jenis,
    kesenjangan_pegawai,
    permintaan_get_for_user,
    permintaan_list_for_user,
    target_jabatan_get_for_user,
)
from pelatihan.services.kebutuhan import (
    kebutuhan_alasan,
    permintaan_ajukan,
    permintaan_batalkan,
    permintaan_tanggapi,
    target_jabatan_hapus,
    target_jabatan_set,
)
from pelatihan.tasks.kebutuhan import kebutuhan_turunkan_kirim

PER_HALAMAN = 50


def _tahun_ini() -> int:
    return timezone.localdate().year


def _dengan_alasan(rows: Any) -> list[tuple[KebutuhanPelatihan, str]]:
    return [(k, kebutuhan_alasan(k)) for k in rows]


@login_required
def kebutuhan_list(request: AuthedRequest) -> HttpResponse:
    require_instansi_reader(request.user)
    form = KebutuhanFilterForm(request.GET or None, instansi_id=request.user.instansi_id)
    f = form.cleaned_data if form.is_valid() else {}
    tahun = f.get("tahun") or _tahun_ini()
    umum: dict[str, Any] = {
        "user": request.user,
        "tahun": tahun,
        "status": f.get("status") or None,
        "unit_kerja_id": f["unit"].pk if f.get("unit") else None,
        "kompetensi_id": f["kompetensi"].pk if f.get("kompetensi") else None,
        "q": (f.get("q") or "").strip() or None,
    }
    per_jenis = kebutuhan_per_jenis(kebutuhan_list_for_user(**umum))
    page = Paginator(kebutuhan_list_for_user(**umum, jenis=f.get("jenis") or None), PER_HALAMAN).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "tahun": tahun,
        "per_jenis": per_jenis,
        "page": page,
        "baris": _dengan_alasan(page),
        "query": query.urlencode(),
        "boleh_ubah": can_edit_instansi(request.user),
    }
    template = "pelatihan/kebutuhan/list.html"
    if htmx_partial(request):
        template += "#daftar"
    return render(request, template, context)


@login_required
@require_POST
def kebutuhan_perbarui(request: AuthedRequest) -> HttpResponse:
    require_instansi_reader(request.user)
    if not can_edit_instansi(request.user):
        raise PermissionDenied
    if request.user.instansi_id is None:
        raise Http404
    tahun = _tahun_ini()
    kebutuhan_turunkan_kirim(instansi_id=request.user.instansi_id, tahun=tahun, actor_id=request.user.pk)
    messages.success(request, gettext("Penurunan kebutuhan %(tahun)s dijalankan.") % {"tahun": tahun})
    return redirect(reverse("pelatihan:kebutuhan-list") + f"?tahun={tahun}")


def _saya(request: AuthedRequest) -> Pegawai:
    me = pegawai_of_user(request.user)
    if me is None:
        raise Http404
    return me


@login_required
def kebutuhan_tim(request: AuthedRequest) -> HttpResponse:
    me = _saya(request)
    if not is_atasan(user=request.user):
        raise Http404
    tahun = _tahun_ini()
    page = Paginator(kebutuhan_list_for_user(user=request.user, tim=True, tahun=tahun), PER_HALAMAN).get_page(
        request.GET.get("page")
    )
    context = {
        "saya": me,
        "tahun": tahun,
        "page": page,
        "baris": _dengan_alasan(page),
        "permintaan": permintaan_list_for_user(user=request.user, tim=True, status=PermintaanPelatihan.Status.DIAJUKAN),
        "tanggapan_form": TanggapanForm(),
    }
    return render(request, "pelatihan/kebutuhan/tim.html", context)


@login_required
@require_POST
def permintaan_tanggapi_view(request: AuthedRequest, permintaan_id: int) -> HttpResponse:
    permintaan = permintaan_get_for_user(user=request.user, permintaan_id=permintaan_id, aksi="tanggapi")
    form = TanggapanForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Keputusan harus dukung atau tolak."))
    else:
        try:
            permintaan_tanggapi(
                actor=request.user,
                permintaan=permintaan,
                dukung=form.cleaned_data["keputusan"] == "dukung",
                tanggapan=form.cleaned_data["tanggapan"],
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, gettext("Permintaan %(nama)s ditanggapi.") % {"nama": permintaan.pegawai.nama})
    if can_edit_instansi(request.user) and permintaan.pegawai.atasan_id != getattr(
        pegawai_of_user(request.user), "pk", None
    ):
        return redirect("pelatihan:kebutuhan-list")
    return redirect("pelatihan:kebutuhan-tim")


def _halaman_saya(
    request: AuthedRequest,
    me: Pegawai,
    *,
    permintaan_form: PermintaanForm | None = None,
    target_form: TargetJabatanForm | None = None,
    status: int = 200,
) -> HttpResponse:
    tahun = _tahun_ini()
    context = {
        "saya": me,
        "tahun": tahun,
        "profil": kesenjangan_pegawai(pegawai=me, tahun=tahun),
        "baris": _dengan_alasan(kebutuhan_list_for_user(user=request.user, pegawai_id=me.pk, tahun=tahun)),
        "permintaan": permintaan_list_for_user(user=request.user, saya=True),
        "permintaan_form": permintaan_form or PermintaanForm(pegawai=me, tahun=tahun),
        "target_form": target_form or TargetJabatanForm(pegawai=me),
        "sumber_pegawai": TargetJabatan.Sumber.PEGAWAI,
    }
    return render(request, "pelatihan/kebutuhan/saya.html", context, status=status)


@login_required
def kebutuhan_saya(request: AuthedRequest) -> HttpResponse:
    return _halaman_saya(request, _saya(request))


@login_required
@require_POST
def permintaan_ajukan_view(request: AuthedRequest) -> HttpResponse:
    me = _saya(request)
    tahun = _tahun_ini()
    form = PermintaanForm(form_data(request), pegawai=me, tahun=tahun)
    if form.is_valid():
        try:
            permintaan_ajukan(
                actor=request.user,
                pegawai=me,
                tahun=tahun,
                program=form.cleaned_data["program"],
                kompetensi=form.cleaned_data["kompetensi"],
                alasan=form.cleaned_data["alasan"],
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, gettext("Permintaan diajukan kepada atasan."))
            return redirect("pelatihan:kebutuhan-saya")
    return _halaman_saya(request, me, permintaan_form=form, status=400)


@login_required
@require_POST
def permintaan_batal_view(request: AuthedRequest, permintaan_id: int) -> HttpResponse:
    permintaan = permintaan_get_for_user(user=request.user, permintaan_id=permintaan_id, aksi="batal")
    try:
        permintaan_batalkan(actor=request.user, permintaan=permintaan)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, gettext("Permintaan dibatalkan."))
    return redirect("pelatihan:kebutuhan-saya")


@login_required
@require_GET
def jabatan_target_pilihan(request: AuthedRequest) -> JsonResponse:
    """The type-ahead of the target jabatan form: jabatan of the pegawai's instansi matching ``q``,
    their own left out; 404 for a login without a pegawai."""
    me = _saya(request)
    results = jabatan_pilihan(user=request.user, q=pilihan_q(request))
    return JsonResponse({"results": [r for r in results if r["value"] != me.jabatan_id]})


@login_required
@require_POST
def target_set_view(request: AuthedRequest) -> HttpResponse:
    me = _saya(request)
    form = TargetJabatanForm(form_data(request), pegawai=me)
    if form.is_valid():
        try:
            target_jabatan_set(
                actor=request.user,
                pegawai=me,
                jabatan=form.cleaned_data["jabatan"],
                sumber=TargetJabatan.Sumber.PEGAWAI,
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, gettext("Jabatan target disimpan."))
            return redirect("pelatihan:kebutuhan-saya")
    return _halaman_saya(request, me, target_form=form, status=400)


@login_required
@require_POST
def target_hapus_view(request: AuthedRequest, target_id: int) -> HttpResponse:
    target = target_jabatan_get_for_user(user=request.user, target_id=target_id)
    target_jabatan_hapus(actor=request.user, target=target)
    messages.success(request, gettext("Jabatan target dihapus."))
    return redirect("pelatihan:kebutuhan-saya")


urlpatterns: list[URLPattern] = [
    path("kebutuhan/", kebutuhan_list, name="kebutuhan-list"),
    path("kebutuhan/perbarui/", kebutuhan_perbarui, name="kebutuhan-perbarui"),
    path("kebutuhan/tim/", kebutuhan_tim, name="kebutuhan-tim"),
    path("saya/kebutuhan/", kebutuhan_saya, name="kebutuhan-saya"),
    path("saya/permintaan/", permintaan_ajukan_view, name="permintaan-ajukan"),
    path("saya/target/", target_set_view, name="target-set"),
    path("saya/target/pilihan/", jabatan_target_pilihan, name="pilihan-jabatan-target"),
    path("permintaan/<int:permintaan_id>/tanggapi/", permintaan_tanggapi_view, name="permintaan-tanggapi"),
    path("permintaan/<int:permintaan_id>/batal/", permintaan_batal_view, name="permintaan-batal"),
    path("target/<int:target_id>/hapus/", target_hapus_view, name="target-hapus"),
]
