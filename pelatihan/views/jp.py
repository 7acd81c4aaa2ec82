"""Pages of the JP ledger: my training and JP bar, the team's JP, those below the minimum,
the records list with its forms, certificates, evaluation, and the fair access report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pegawai.models import Pegawai, UnitKerja
from pegawai.permissions import (
    can_edit_instansi,
    instansi_q,
    pegawai_of_user,
    require_instansi_reader,
)
from pegawai.views.akun import AuthedRequest, form_data
from pelatihan.exports import jp_kurang_xlsx, keadilan_xlsx
from pelatihan.forms.jp import (
    EvaluasiForm,
    JPFilterForm,
    ProgramSelesaiForm,
    RiwayatCatatForm,
    RiwayatFilterForm,
    RiwayatSelesaiForm,
    SertifikatForm,
    TahunForm,
)
from pelatihan.models import ProgramPelatihan
from pelatihan.selectors.jp import (
    buku_jp,
    jp_kurang_list,
    jp_pegawai_qs,
    jp_rekap,
    jp_tim,
    laporan_keadilan,
    minimal_jp_for_user,
    riwayat_get_for_user,
    riwayat_list_for_user,
)
from pelatihan.services.jp import (
    riwayat_catat,
    riwayat_evaluasi,
    riwayat_selesaikan,
    riwayat_selesaikan_program,
    sertifikat_unggah,
)
from penilaian.permissions import is_bkd_of

PER_HALAMAN = 50


def _tahun(request: AuthedRequest) -> int:
    form = TahunForm(request.GET)
    if form.is_valid() and form.cleaned_data["tahun"]:
        return int(form.cleaned_data["tahun"])
    return timezone.localdate().year


def _errors_to_form(form: Any, e: ValidationError) -> None:
    if hasattr(e, "error_dict"):
        for name, errs in e.error_dict.items():
            form.add_error(name if name in form.fields else None, errs)
    else:
        form.add_error(None, e)


@login_required
def jp_saya(request: AuthedRequest) -> HttpResponse:
    me = pegawai_of_user(request.user)
    if me is None:
        raise Http404
    buku = buku_jp(pegawai=me, tahun=_tahun(request))
    return render(
        request,
        "pelatihan/jp/saya.html",
        {"buku": buku, "evaluasi_form": EvaluasiForm(), "sertifikat_form": SertifikatForm()},
    )


@login_required
def jp_tim_view(request: AuthedRequest) -> HttpResponse:
    me = pegawai_of_user(request.user)
    if me is None:
        raise Http404
    tahun = _tahun(request)
    return render(request, "pelatihan/jp/tim.html", {"tahun": tahun, "anggota": jp_tim(atasan=me, tahun=tahun)})


@login_required
def jp_kurang_view(request: AuthedRequest) -> HttpResponseBase:
    require_instansi_reader(request.user)
    form = JPFilterForm(request.GET or None, unit_qs=UnitKerja.objects.filter(instansi_q(request.user)))
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    tahun = data.get("tahun") or timezone.localdate().year
    minimal = minimal_jp_for_user(request.user)
    qs = jp_pegawai_qs(
        user=request.user,
        tahun=tahun,
        unit_kerja=data.get("unit_kerja"),
        jenis_asn=data.get("jenis_asn") or "",
        q=data.get("q") or "",
    )
    daftar = jp_kurang_list(qs=qs, minimal=minimal)
    if request.GET.get("format") == "xlsx":
        return FileResponse(
            jp_kurang_xlsx(daftar, minimal=minimal), as_attachment=True, filename=f"jp-kurang-{tahun}.xlsx"
        )
    page = Paginator(daftar, PER_HALAMAN).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "tahun": tahun,
        "minimal": minimal,
        "rekap": jp_rekap(qs=qs, minimal=minimal),
        "page": page,
    }
    return render(request, "pelatihan/jp/kurang.html", context)


def _riwayat_forms(request: AuthedRequest, data: Any = None) -> dict[str, Any]:
    user = request.user
    program_qs = ProgramPelatihan.objects.filter(instansi_q(user)).order_by("-tahun", "nama")
    return {
        "catat_form": RiwayatCatatForm(
            data,
            pegawai_qs=Pegawai.objects.filter(instansi_q(user), status=Pegawai.Status.AKTIF).order_by("nama"),
            program_qs=program_qs,
        ),
        "program_form": ProgramSelesaiForm(program_qs=program_qs),
        "selesai_form": RiwayatSelesaiForm(),
    }


@login_required
def riwayat_list_view(request: AuthedRequest) -> HttpResponse:
    require_instansi_reader(request.user)
    user = request.user
    forms = _riwayat_forms(request, form_data(request))
    status_code = 200
    if request.method == "POST":
        if not can_edit_instansi(user):
            raise PermissionDenied
        form = forms["catat_form"]
        if form.is_valid():
            d = form.cleaned_data
            try:
                riwayat_catat(
                    actor=user,
                    pegawai=d["pegawai"],
                    program=d["program"],
                    nama=d["nama"],
                    bentuk=d["bentuk"],
                    penyelenggara=d["penyelenggara"],
                    tanggal_mulai=d["tanggal_mulai"],
                    tanggal_selesai=d["tanggal_selesai"],
                    jp=d["jp"],
                    biaya=d["biaya"],
                    status=d["status"],
                    nomor_sertifikat=d["nomor_sertifikat"],
                )
            except ValidationError as e:
                _errors_to_form(form, e)
            else:
                messages.success(request, _("Riwayat pelatihan dicatat."))
                return redirect("pelatihan:riwayat-list")
        status_code = 400
    program_qs = forms["program_form"].fields["program"].queryset
    filter_form = RiwayatFilterForm(request.GET or None, program_qs=program_qs)
    f: dict[str, Any] = filter_form.cleaned_data if filter_form.is_valid() else {}
    qs = riwayat_list_for_user(
        user=user,
        tahun=f.get("tahun"),
        status=f.get("status") or "",
        program_id=f["program"].pk if f.get("program") else None,
        q=f.get("q") or "",
    )
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("page"))
    context = {**forms, "filter_form": filter_form, "page": page, "boleh_ubah": can_edit_instansi(user)}
    return render(request, "pelatihan/jp/riwayat.html", context, status=status_code)


@login_required
@require_POST
def riwayat_selesai_view(request: AuthedRequest, riwayat_id: int) -> HttpResponse:
    riwayat = riwayat_get_for_user(user=request.user, riwayat_id=riwayat_id)
    if not is_bkd_of(request.user, riwayat.instansi_id):
        raise PermissionDenied
    form = RiwayatSelesaiForm(request.POST)
    if form.is_valid():
        try:
            riwayat_selesaikan(actor=request.user, riwayat=riwayat, **form.cleaned_data)
        except ValidationError as e:
            _errors_to_form(form, e)
    if form.errors:
        for err in form.errors.values():
            messages.error(request, " ".join(str(x) for x in err))
    else:
        messages.success(request, _("Pelatihan %(nama)s diselesaikan.") % {"nama": riwayat.nama})
    return redirect("pelatihan:riwayat-list")


@login_required
@require_POST
def program_selesai_view(request: AuthedRequest) -> HttpResponse:
    require_instansi_reader(request.user)
    if not can_edit_instansi(request.user):
        raise PermissionDenied
    form = ProgramSelesaiForm(request.POST, program_qs=ProgramPelatihan.objects.filter(instansi_q(request.user)))
    if form.is_valid():
        try:
            n = riwayat_selesaikan_program(actor=request.user, program=form.cleaned_data["program"])
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, _("%(n)s peserta diselesaikan.") % {"n": n})
    for err in form.errors.values():
        messages.error(request, " ".join(str(x) for x in err))
    return redirect("pelatihan:riwayat-list")


@login_required
def sertifikat_unduh(request: AuthedRequest, riwayat_id: int) -> HttpResponseBase:
    riwayat = riwayat_get_for_user(user=request.user, riwayat_id=riwayat_id)
    if not riwayat.sertifikat:
        raise Http404
    nama = (riwayat.sertifikat.name or "").rsplit("/", 1)[-1]
    return FileResponse(riwayat.sertifikat.open("rb"), as_attachment=True, filename=nama)


def _kembali(request: AuthedRequest, riwayat_pegawai_id: int) -> HttpResponse:
    me = pegawai_of_user(request.user)
    if me is not None and me.pk == riwayat_pegawai_id:
        return redirect("pelatihan:jp-saya")
    return redirect("pelatihan:riwayat-list")


@login_required
@require_POST
def sertifikat_unggah_view(request: AuthedRequest, riwayat_id: int) -> HttpResponse:
    riwayat = riwayat_get_for_user(user=request.user, riwayat_id=riwayat_id)
    if not (is_bkd_of(request.user, riwayat.instansi_id) or _milik(request, riwayat.pegawai_id)):
        raise PermissionDenied
    form = SertifikatForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            sertifikat_unggah(actor=request.user, riwayat=riwayat, berkas=form.cleaned_data["sertifikat"])
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, _("Sertifikat diunggah."))
    for err in form.errors.values():
        messages.error(request, " ".join(str(x) for x in err))
    return _kembali(request, riwayat.pegawai_id)


def _milik(request: AuthedRequest, pegawai_id: int) -> bool:
    me = pegawai_of_user(request.user)
    return me is not None and me.pk == pegawai_id


@login_required
@require_POST
def evaluasi_view(request: AuthedRequest, riwayat_id: int) -> HttpResponse:
    riwayat = riwayat_get_for_user(user=request.user, riwayat_id=riwayat_id)
    if not _milik(request, riwayat.pegawai_id):
        raise PermissionDenied
    form = EvaluasiForm(request.POST)
    if form.is_valid():
        try:
            riwayat_evaluasi(
                actor=request.user,
                riwayat=riwayat,
                nilai=form.cleaned_data["nilai_evaluasi"],
                catatan=form.cleaned_data["catatan_evaluasi"],
            )
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, _("Terima kasih, evaluasi Anda disimpan."))
    for err in form.errors.values():
        messages.error(request, " ".join(str(x) for x in err))
    return redirect("pelatihan:jp-saya")


@login_required
def keadilan_view(request: AuthedRequest) -> HttpResponseBase:
    require_instansi_reader(request.user)
    if request.user.instansi is None:
        raise Http404
    tahun = _tahun(request)
    laporan = laporan_keadilan(instansi=request.user.instansi, tahun=tahun)
    if request.GET.get("format") == "xlsx":
        return FileResponse(keadilan_xlsx(laporan), as_attachment=True, filename=f"keadilan-akses-{tahun}.xlsx")
    grafik = [
        (
            f"grafik-{d.kunci}",
            {
                "labels": [b.label for b in d.baris],
                "data": [float(b.rasio or 0) for b in d.baris],
                "judul": _("Rasio peserta/pegawai (%)"),
            },
        )
        for d in laporan.dimensi
    ]
    return render(
        request,
        "pelatihan/jp/keadilan.html",
        {"laporan": laporan, "grafik": grafik, "form": TahunForm(initial={"tahun": tahun})},
    )


urlpatterns: list[URLPattern] = [
    path("saya/", jp_saya, name="jp-saya"),
    path("jp/tim/", jp_tim_view, name="jp-tim"),
    path("jp/", jp_kurang_view, name="jp-kurang"),
    path("riwayat/", riwayat_list_view, name="riwayat-list"),
    path("riwayat/selesai-program/", program_selesai_view, name="riwayat-selesai-program"),
    path("riwayat/<int:riwayat_id>/selesai/", riwayat_selesai_view, name="riwayat-selesai"),
    path("riwayat/<int:riwayat_id>/sertifikat/", sertifikat_unduh, name="riwayat-sertifikat"),
    path("riwayat/<int:riwayat_id>/sertifikat/unggah/", sertifikat_unggah_view, name="riwayat-sertifikat-unggah"),
    path("riwayat/<int:riwayat_id>/evaluasi/", evaluasi_view, name="riwayat-evaluasi"),
    path("keadilan/", keadilan_view, name="keadilan"),
]
