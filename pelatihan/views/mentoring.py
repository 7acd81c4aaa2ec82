"""Mentoring pages: BKD's pairing page (candidates, the run, proposals with their reasons, active
pairs), the pair page (plan, sessions, feedback, outcome), the atasan's overview and the
pegawai's own mentoring."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from pegawai.permissions import can_edit_instansi, pegawai_of_user, require_instansi_reader
from pegawai.selectors import is_atasan
from pegawai.views.akun import AuthedRequest, form_data, htmx_partial
from pelatihan.forms.mentoring import (
    PasanganBuatForm,
    PasanganFilterForm,
    PenjodohanForm,
    RencanaForm,
    SelesaiForm,
    SesiForm,
    UmpanBalikForm,
    tahun_ini,
)
from pelatihan.models import PasanganMentoring, PenjodohanMentoring, SesiMentoring
from pelatihan.selectors.mentoring import (
    pasangan_get_for_user,
    pasangan_list_for_user,
    pasangan_saya,
    pasangan_tim_for_user,
    penjodohan_terakhir,
    peran_pada,
    sesi_list,
    status_hitungan,
)
from pelatihan.services import mentoring as services

PER_HALAMAN = 50

ALASAN_MENTEE = {
    "baru_cpns": _l("ASN baru (masa kerja CPNS/PPPK singkat)"),
    "baru_jabatan": _l("baru dalam jabatan"),
    "predikat": _l("predikat Butuh Perbaikan atau lebih rendah"),
    "kotak": _l("kotak talenta yang memerlukan coaching"),
}
ALASAN_SENIOR = {
    "atasan": _l("mentor adalah atasan mentee"),
    "golongan": _l("golongan mentor lebih tinggi"),
    "jabatan": _l("jabatan mentor lebih tinggi"),
}
ALASAN_BIDANG = {
    "unit_induk": _l("unit kerja induk yang sama"),
    "nama_jabatan": _l("jabatan yang sama"),
}


def alasan_teks(alasan: dict[str, Any]) -> list[str]:
    """The stored reasons of a pair as sentences for people."""
    out = [str(ALASAN_MENTEE.get(a, a)) for a in alasan.get("mentee", [])]
    if alasan.get("kotak"):
        out.append(_("kotak %(kotak)s") % {"kotak": alasan["kotak"]})
    if alasan.get("senior"):
        out.append(str(ALASAN_SENIOR.get(alasan["senior"], alasan["senior"])))
    if alasan.get("bidang"):
        out.append(str(ALASAN_BIDANG.get(alasan["bidang"], alasan["bidang"])))
    out.extend(
        _("mentor %(selisih)s level di atas mentee pada %(kompetensi)s")
        % {"selisih": k["selisih"], "kompetensi": k["kompetensi"]}
        for k in alasan.get("kekuatan", [])
    )
    return out


def _tampilkan_galat(request: AuthedRequest, e: ValidationError) -> None:
    for pesan in e.messages:
        messages.error(request, pesan)


def _form_galat(form: Any, e: ValidationError) -> None:
    """A service error back onto the form: on the field it names, or on the whole form."""
    for field, pesan in e.message_dict.items() if hasattr(e, "error_dict") else [(None, e.messages)]:
        form.add_error(field if field in form.fields else None, pesan)


@login_required
def mentoring_bkd(request: AuthedRequest) -> HttpResponse:
    require_instansi_reader(request.user)
    filter_form = PasanganFilterForm(request.GET or None)
    data = filter_form.cleaned_data if filter_form.is_valid() else {}
    tahun = data.get("tahun") or tahun_ini()
    run = penjodohan_terakhir(user=request.user, tahun=tahun)
    berjalan = run is not None and run.status == PenjodohanMentoring.Status.BERJALAN
    context: dict[str, Any] = {"tahun": tahun, "run": run, "berjalan": berjalan}
    if htmx_partial(request) and request.GET.get("bagian") == "progres":
        return render(request, "pelatihan/mentoring/bkd.html#progres", context)
    qs = pasangan_list_for_user(user=request.user, tahun=tahun, status=data.get("status"), q=data.get("q"))
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("page"))
    for p in page:
        p.alasan_teks = alasan_teks(p.alasan)  # type: ignore[attr-defined]
    context.update(
        {
            "filter_form": filter_form,
            "page": page,
            "hitungan": status_hitungan(user=request.user, tahun=tahun),
            "boleh_ubah": can_edit_instansi(request.user),
            "run_form": PenjodohanForm(initial={"tahun": tahun}),
        }
    )
    return render(request, "pelatihan/mentoring/bkd.html", context)


@login_required
@require_POST
def penjodohan_mulai(request: AuthedRequest) -> HttpResponse:
    require_instansi_reader(request.user)
    if not can_edit_instansi(request.user) or request.user.instansi is None:
        raise PermissionDenied
    form = PenjodohanForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for pesan in errors:
                messages.error(request, f"{form.fields[field].label}: {pesan}")
        return redirect("pelatihan:mentoring-bkd")
    tahun = form.cleaned_data["tahun"]
    try:
        run = services.penjodohan_jalankan(actor=request.user, instansi=request.user.instansi, tahun=tahun)
    except ValidationError as e:
        _tampilkan_galat(request, e)
    else:
        if run.status == PenjodohanMentoring.Status.SELESAI:
            messages.success(
                request, _("Penjodohan selesai: %(n)s usulan pasangan.") % {"n": run.hasil.get("pasangan", 0)}
            )
        else:
            messages.info(request, _("Penjodohan berjalan di latar belakang; kemajuannya tampil di bawah."))
    return redirect(f"{reverse('pelatihan:mentoring-bkd')}?tahun={tahun}")


@login_required
def pasangan_buat(request: AuthedRequest) -> HttpResponse:
    require_instansi_reader(request.user)
    if not can_edit_instansi(request.user) or request.user.instansi is None:
        raise PermissionDenied
    form = PasanganBuatForm(form_data(request), instansi=request.user.instansi, initial={"tahun": tahun_ini()})
    if request.method == "POST" and form.is_valid():
        try:
            pasangan = services.pasangan_buat(actor=request.user, instansi=request.user.instansi, **form.cleaned_data)
        except ValidationError as e:
            _form_galat(form, e)
        else:
            messages.success(request, _("Pasangan mentoring dibuat."))
            return redirect("pelatihan:mentoring-detail", pasangan_id=pasangan.pk)
    return render(request, "pelatihan/mentoring/buat.html", {"form": form})


def _aksi_bkd(request: AuthedRequest, pasangan_id: int, aksi: Any, berhasil: str) -> HttpResponse:
    pasangan = pasangan_get_for_user(user=request.user, pasangan_id=pasangan_id)
    if "bkd" not in peran_pada(user=request.user, pasangan=pasangan):
        raise PermissionDenied
    try:
        aksi(actor=request.user, pasangan=pasangan)
    except ValidationError as e:
        _tampilkan_galat(request, e)
    else:
        messages.success(request, berhasil)
    return redirect(f"{reverse('pelatihan:mentoring-bkd')}?tahun={pasangan.tahun}")


@login_required
@require_POST
def pasangan_konfirmasi(request: AuthedRequest, pasangan_id: int) -> HttpResponse:
    return _aksi_bkd(request, pasangan_id, services.pasangan_konfirmasi, _("Pasangan dikonfirmasi."))


@login_required
@require_POST
def pasangan_tolak(request: AuthedRequest, pasangan_id: int) -> HttpResponse:
    return _aksi_bkd(request, pasangan_id, services.pasangan_tolak, _("Usulan ditolak."))


def _detail_context(request: AuthedRequest, pasangan: PasanganMentoring, **forms: Any) -> dict[str, Any]:
    peran = peran_pada(user=request.user, pasangan=pasangan)
    berjalan = pasangan.status in (PasanganMentoring.Status.USULAN, PasanganMentoring.Status.AKTIF)
    aktif = pasangan.status == PasanganMentoring.Status.AKTIF
    pengubah = bool(peran & {"mentor", "bkd"})
    sesi = list(sesi_list(pasangan=pasangan))
    pasangan.alasan_teks = alasan_teks(pasangan.alasan)  # type: ignore[attr-defined]
    return {
        "pasangan": pasangan,
        "sesi": sesi,
        "peran": peran,
        "rencana_form": forms.get("rencana_form")
        or (RencanaForm(initial={"tujuan": pasangan.tujuan}) if pengubah and berjalan else None),
        "sesi_form": forms.get("sesi_form") or (SesiForm() if pengubah and aktif else None),
        "umpan_balik_form": forms.get("umpan_balik_form")
        or (
            UmpanBalikForm(initial={"nilai": pasangan.nilai_umpan_balik, "umpan_balik": pasangan.umpan_balik_mentee})
            if "mentee" in peran
            and pasangan.status in (PasanganMentoring.Status.AKTIF, PasanganMentoring.Status.SELESAI)
            else None
        ),
        "selesai_form": forms.get("selesai_form") or (SelesaiForm() if pengubah and aktif else None),
        "jumlah_jp": sum((s.jp for s in sesi), start=Decimal(0)),
    }


@login_required
def pasangan_detail(request: AuthedRequest, pasangan_id: int) -> HttpResponse:
    pasangan = pasangan_get_for_user(user=request.user, pasangan_id=pasangan_id)
    return render(request, "pelatihan/mentoring/detail.html", _detail_context(request, pasangan))


def _pasangan_form_post(
    request: AuthedRequest, pasangan_id: int, form_class: Any, nama: str, peran_boleh: set[str], simpan: Any
) -> HttpResponse:
    pasangan = pasangan_get_for_user(user=request.user, pasangan_id=pasangan_id)
    if not peran_pada(user=request.user, pasangan=pasangan) & peran_boleh:
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        try:
            simpan(actor=request.user, pasangan=pasangan, **form.cleaned_data)
        except ValidationError as e:
            _form_galat(form, e)
        else:
            messages.success(request, _("Tersimpan."))
            return redirect("pelatihan:mentoring-detail", pasangan_id=pasangan.pk)
    return render(
        request, "pelatihan/mentoring/detail.html", _detail_context(request, pasangan, **{nama: form}), status=400
    )


@login_required
@require_POST
def pasangan_rencana(request: AuthedRequest, pasangan_id: int) -> HttpResponse:
    return _pasangan_form_post(
        request, pasangan_id, RencanaForm, "rencana_form", {"mentor", "bkd"}, services.pasangan_rencana_simpan
    )


@login_required
@require_POST
def pasangan_sesi(request: AuthedRequest, pasangan_id: int) -> HttpResponse:
    return _pasangan_form_post(request, pasangan_id, SesiForm, "sesi_form", {"mentor", "bkd"}, services.sesi_catat)


@login_required
@require_POST
def pasangan_umpan_balik(request: AuthedRequest, pasangan_id: int) -> HttpResponse:
    return _pasangan_form_post(
        request, pasangan_id, UmpanBalikForm, "umpan_balik_form", {"mentee"}, services.pasangan_umpan_balik
    )


@login_required
@require_POST
def pasangan_selesai(request: AuthedRequest, pasangan_id: int) -> HttpResponse:
    return _pasangan_form_post(
        request, pasangan_id, SelesaiForm, "selesai_form", {"mentor", "bkd"}, services.pasangan_selesai
    )


def _dengan_sesi(qs: Any) -> Any:
    return qs.prefetch_related(Prefetch("sesi", queryset=SesiMentoring.objects.order_by("-tanggal", "-id")))


@login_required
def mentoring_tim(request: AuthedRequest) -> HttpResponse:
    if not is_atasan(user=request.user):
        raise Http404
    page = Paginator(pasangan_tim_for_user(user=request.user), PER_HALAMAN).get_page(request.GET.get("page"))
    return render(request, "pelatihan/mentoring/tim.html", {"page": page, "me": pegawai_of_user(request.user)})


@login_required
def mentoring_saya(request: AuthedRequest) -> HttpResponse:
    me = pegawai_of_user(request.user)
    if me is None:
        raise Http404
    daftar = list(_dengan_sesi(pasangan_saya(user=request.user)))
    return render(
        request,
        "pelatihan/mentoring/saya.html",
        {
            "me": me,
            "sebagai_mentee": [p for p in daftar if p.mentee_id == me.pk],
            "sebagai_mentor": [p for p in daftar if p.mentor_id == me.pk],
        },
    )


urlpatterns: list[URLPattern] = [
    path("mentoring/", mentoring_bkd, name="mentoring-bkd"),
    path("mentoring/jalankan/", penjodohan_mulai, name="mentoring-jalankan"),
    path("mentoring/baru/", pasangan_buat, name="mentoring-buat"),
    path("mentoring/tim/", mentoring_tim, name="mentoring-tim"),
    path("mentoring/<int:pasangan_id>/", pasangan_detail, name="mentoring-detail"),
    path("mentoring/<int:pasangan_id>/konfirmasi/", pasangan_konfirmasi, name="mentoring-konfirmasi"),
    path("mentoring/<int:pasangan_id>/tolak/", pasangan_tolak, name="mentoring-tolak"),
    path("mentoring/<int:pasangan_id>/rencana/", pasangan_rencana, name="mentoring-rencana"),
    path("mentoring/<int:pasangan_id>/sesi/", pasangan_sesi, name="mentoring-sesi"),
    path("mentoring/<int:pasangan_id>/umpan-balik/", pasangan_umpan_balik, name="mentoring-umpan-balik"),
    path("mentoring/<int:pasangan_id>/selesai/", pasangan_selesai, name="mentoring-selesai"),
    path("saya/mentoring/", mentoring_saya, name="mentoring-saya"),
]
