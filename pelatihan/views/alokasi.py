"""Allocation pages: BKD runs an allocation and follows its progress, reads the results (objective,
LP bound, gap, budget, seats, fairness, participants, exclusions), adjusts and approves; pimpinan
reads; a pegawai sees why they were (not) chosen, an atasan their direct subordinates' rows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pegawai.permissions import can_edit_instansi, instansi_q, require_instansi_reader
from pegawai.views.akun import AuthedRequest, form_data, htmx_partial
from pelatihan.forms.alokasi import AlokasiBuatForm, PesertaSesuaikanForm
from pelatihan.models import Alokasi, AlokasiPeserta, ProgramPelatihan
from pelatihan.selectors import alokasi as selectors
from pelatihan.services import alokasi as services
from pelatihan.services.kebutuhan import kebutuhan_alasan

PER_HALAMAN = 50


def _program_qs(alokasi: Alokasi) -> QuerySet[ProgramPelatihan]:
    return ProgramPelatihan.objects.filter(instansi_id=alokasi.instansi_id, tahun=alokasi.tahun, is_active=True)


@login_required
def alokasi_list(request: AuthedRequest) -> HttpResponse:
    require_instansi_reader(request.user)
    if request.method == "POST" and not can_edit_instansi(request.user):
        raise PermissionDenied
    program_qs = ProgramPelatihan.objects.filter(instansi_q(request.user), is_active=True).order_by("-tahun", "nama")
    form = AlokasiBuatForm(form_data(request), program_qs=program_qs)
    instansi = request.user.instansi
    if request.method == "POST" and instansi is None:
        form.add_error(None, _("Akun ini tidak terhubung dengan instansi."))
    if request.method == "POST" and instansi is not None and form.is_valid():
        data = form.cleaned_data
        try:
            alokasi = services.alokasi_buat(
                actor=request.user,
                instansi=instansi,
                tahun=data["tahun"],
                nama=data["nama"],
                anggaran=data["anggaran"],
                program_ids=[p.pk for p in data["program"]],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            return redirect("pelatihan:alokasi-detail", alokasi_id=alokasi.pk)
    halaman = Paginator(selectors.alokasi_list(user=request.user), PER_HALAMAN).get_page(request.GET.get("page"))
    return render(
        request,
        "pelatihan/alokasi/list.html",
        {"halaman": halaman, "form": form, "boleh_ubah": can_edit_instansi(request.user)},
    )


@login_required
def alokasi_detail(request: AuthedRequest, alokasi_id: int) -> HttpResponse:
    alokasi = selectors.alokasi_get_for_user(user=request.user, alokasi_id=alokasi_id)
    berjalan = alokasi.status in (Alokasi.Status.MENUNGGU, Alokasi.Status.BERJALAN)
    context: dict[str, object] = {
        "alokasi": alokasi,
        "berjalan": berjalan,
        "langkah": services.LANGKAH,
        "boleh_ubah": can_edit_instansi(request.user) and alokasi.status == Alokasi.Status.SELESAI,
        "boleh_batal": can_edit_instansi(request.user)
        and alokasi.status not in (Alokasi.Status.DISETUJUI, Alokasi.Status.DIBATALKAN),
    }
    if htmx_partial(request) and berjalan:
        return render(request, "pelatihan/alokasi/detail.html#progres", context)
    if not berjalan:
        terpilih = request.GET.get("terpilih", "1") != "0"
        halaman = Paginator(selectors.peserta_list(alokasi=alokasi, terpilih=terpilih), PER_HALAMAN).get_page(
            request.GET.get("page")
        )
        for r in halaman:
            r.alasan_teks = selectors.alasan_teks(r)  # type: ignore[attr-defined]
            r.kebutuhan_teks = kebutuhan_alasan(r.kebutuhan)  # type: ignore[attr-defined]
        context.update(
            ringkasan=selectors.ringkasan(alokasi=alokasi),
            halaman=halaman,
            terpilih=terpilih,
            form_sesuaikan=PesertaSesuaikanForm(program_qs=_program_qs(alokasi)),
        )
    return render(request, "pelatihan/alokasi/detail.html", context)


@login_required
@require_POST
def peserta_sesuaikan(request: AuthedRequest, peserta_id: int) -> HttpResponse:
    peserta = selectors.peserta_get_for_user(user=request.user, peserta_id=peserta_id)
    if not can_edit_instansi(request.user):
        raise PermissionDenied
    form = PesertaSesuaikanForm(request.POST, program_qs=_program_qs(peserta.alokasi))
    if form.is_valid():
        try:
            services.alokasi_sesuaikan(
                actor=request.user,
                peserta=peserta,
                terpilih=form.cleaned_data["terpilih"],
                program=form.cleaned_data["program"],
                catatan=form.cleaned_data["catatan"],
            )
        except ValidationError as e:
            form.add_error(None, e)
    if form.errors:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for pesan in errors:
                messages.error(request, f"{label}: {pesan}" if label else str(pesan))
    else:
        messages.success(request, _("Penyesuaian disimpan."))
    return redirect("pelatihan:alokasi-detail", alokasi_id=peserta.alokasi_id)


def _aksi(request: AuthedRequest, alokasi_id: int, aksi: str) -> HttpResponse:
    alokasi = selectors.alokasi_get_for_user(user=request.user, alokasi_id=alokasi_id)
    if not can_edit_instansi(request.user):
        raise PermissionDenied
    try:
        if aksi == "setujui":
            services.alokasi_setujui(actor=request.user, alokasi=alokasi)
            messages.success(request, _("Alokasi disetujui; pegawai dan atasan diberi tahu."))
        else:
            services.alokasi_batalkan(actor=request.user, alokasi=alokasi)
            messages.success(request, _("Alokasi dibatalkan."))
    except ValidationError as e:
        for pesan in e.messages:
            messages.error(request, pesan)
    return redirect("pelatihan:alokasi-detail", alokasi_id=alokasi.pk)


@login_required
@require_POST
def alokasi_setujui(request: AuthedRequest, alokasi_id: int) -> HttpResponse:
    return _aksi(request, alokasi_id, "setujui")


@login_required
@require_POST
def alokasi_batalkan(request: AuthedRequest, alokasi_id: int) -> HttpResponse:
    return _aksi(request, alokasi_id, "batalkan")


def _baris_pribadi(request: AuthedRequest, qs: QuerySet[AlokasiPeserta], judul: str, tim: bool) -> HttpResponse:
    halaman = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("page"))
    for r in halaman:
        r.alasan_teks = selectors.alasan_teks(r)  # type: ignore[attr-defined]
        r.kebutuhan_teks = kebutuhan_alasan(r.kebutuhan)  # type: ignore[attr-defined]
    return render(request, "pelatihan/alokasi/pribadi.html", {"halaman": halaman, "judul": judul, "tim": tim})


@login_required
def alokasi_saya(request: AuthedRequest) -> HttpResponse:
    return _baris_pribadi(request, selectors.peserta_saya(user=request.user), _("Alokasi pelatihan saya"), False)


@login_required
def alokasi_tim(request: AuthedRequest) -> HttpResponse:
    return _baris_pribadi(request, selectors.peserta_tim(user=request.user), _("Alokasi pelatihan tim"), True)


urlpatterns: list[URLPattern] = [
    path("alokasi/", alokasi_list, name="alokasi-list"),
    path("alokasi/tim/", alokasi_tim, name="alokasi-tim"),
    path("alokasi/<int:alokasi_id>/", alokasi_detail, name="alokasi-detail"),
    path("alokasi/<int:alokasi_id>/setujui/", alokasi_setujui, name="alokasi-setujui"),
    path("alokasi/<int:alokasi_id>/batalkan/", alokasi_batalkan, name="alokasi-batalkan"),
    path("alokasi/peserta/<int:peserta_id>/sesuaikan/", peserta_sesuaikan, name="alokasi-peserta-sesuaikan"),
    path("saya/alokasi/", alokasi_saya, name="alokasi-saya"),
]
