"""Evaluation pages: my realisasi with evidence and feedback, "Bawahan saya", the evaluation with
its rating form and score explanation, my results, and the objections to decide.

Thin views: an access helper first (404 for what the user may not see, 403 for what they see
but may not change), a plain form, one service call, errors back onto the form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pegawai.forms import apply_service_errors
from pegawai.permissions import can_edit_instansi, pegawai_of_user
from pegawai.views.akun import AuthedRequest
from penilaian import rules
from penilaian.forms.evaluasi import (
    BuktiForm,
    KeberatanForm,
    KeberatanPutusForm,
    PenilaianForm,
    RealisasiForm,
    UmpanBalikForm,
)
from penilaian.models import EvaluasiKinerja, Periode
from penilaian.permissions import evaluasi_get_for_user, is_owner, is_pejabat_penilai
from penilaian.selectors import evaluasi as sel
from penilaian.selectors import periode as periode_sel
from penilaian.services import evaluasi as svc

# ---------------------------------------------------------------------------------------------
# Helpers


def skp_url(skp_id: int | None) -> str:
    """The SKP page (built by the SKP pages); a path when its name is not there."""
    if not skp_id:
        return ""
    try:
        return reverse("penilaian:skp-detail", args=[skp_id])
    except NoReverseMatch:
        return f"/penilaian/skp/{skp_id}/"


def _periode_pilih(request: AuthedRequest, pilihan: list[Periode], bawaan: Periode | None) -> Periode | None:
    raw = request.GET.get("periode") or request.POST.get("periode")
    if raw:
        for p in pilihan:
            if str(p.pk) == raw:
                return p
        raise Http404
    if bawaan is not None and any(p.pk == bawaan.pk for p in pilihan):
        return bawaan
    return pilihan[0] if pilihan else None


def _next_or(request: AuthedRequest, fallback: str) -> str:
    nxt = request.POST.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=False):
        return nxt
    return fallback


def _errors_to_messages(request: AuthedRequest, form: Any) -> None:
    """A form posted from a list page: its errors come back as messages on that page."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for m in errors:
            messages.error(request, f"{label}: {m}" if label else str(m))


def _realisasi_url(periode: Periode | None) -> str:
    url = reverse("penilaian:evaluasi-realisasi")
    return f"{url}?periode={periode.pk}" if periode is not None else url


# ---------------------------------------------------------------------------------------------
# Realisasi (the pegawai)


@login_required
def realisasi(request: AuthedRequest) -> HttpResponse:
    me = sel.pegawai_required(request.user)
    tahun = periode_sel.today().year
    pilihan = list(sel.periode_realisasi_pilihan(instansi_id=me.instansi_id, tahun=tahun))
    periode = _periode_pilih(request, pilihan, periode_sel.periode_current(instansi=me.instansi))
    skp = sel.skp_milik(pegawai=me, tahun=tahun)
    forms: dict[int, RealisasiForm] = {}
    if request.method == "POST":
        indikator = sel.indikator_get_for_owner(user=request.user, indikator_id=request.POST.get("indikator"))
        form = RealisasiForm(request.POST, indikator=indikator, prefix=f"i{indikator.pk}")
        if form.is_valid():
            if periode is None:
                raise Http404
            try:
                svc.realisasi_simpan(actor=request.user, indikator=indikator, periode=periode, **form.service_data())
            except ValidationError as e:
                apply_service_errors(form, e, {"indikator": "__all__", "periode": "__all__"})
            else:
                messages.success(request, _("Realisasi disimpan."))
                return redirect(_realisasi_url(periode))
        forms[indikator.pk] = form
    baris = sel.rhk_dengan_realisasi(skp=skp, periode=periode) if skp is not None else []
    for r in baris:
        for b in r.indikator:
            if b.indikator.pk not in forms:
                initial = {}
                if b.realisasi is not None:
                    initial = {
                        "nilai": b.realisasi.nilai,
                        "nilai_kualitatif": b.realisasi.nilai_kualitatif,
                        "catatan": b.realisasi.catatan,
                    }
                forms[b.indikator.pk] = RealisasiForm(
                    initial=initial, indikator=b.indikator, prefix=f"i{b.indikator.pk}"
                )
            b.form = forms[b.indikator.pk]  # type: ignore[attr-defined]
    context = {
        "me": me,
        "skp": skp,
        "skp_url": skp_url(skp.pk if skp else None),
        "periode": periode,
        "pilihan": pilihan,
        "baris": baris,
        "bisa_isi": skp is not None and skp.status == skp.Status.DISETUJUI and periode is not None,
        "bukti_form": BuktiForm(),
        "umpan_balik_form": UmpanBalikForm(),
    }
    return render(request, "penilaian/evaluasi/realisasi.html", context)


@login_required
@require_POST
def bukti_tambah(request: AuthedRequest, realisasi_id: int) -> HttpResponse:
    obj = sel.realisasi_get_for_owner(user=request.user, realisasi_id=realisasi_id)
    form = BuktiForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            svc.bukti_tambah(
                actor=request.user,
                realisasi=obj,
                berkas=form.cleaned_data.get("berkas"),
                tautan=form.cleaned_data.get("tautan") or "",
                nama=form.cleaned_data.get("nama") or "",
            )
        except ValidationError as e:
            apply_service_errors(form, e)
    if form.errors:
        _errors_to_messages(request, form)
    else:
        messages.success(request, _("Bukti dukung ditambahkan."))
    return redirect(_realisasi_url(obj.periode))


@login_required
@require_POST
def bukti_hapus(request: AuthedRequest, bukti_id: int) -> HttpResponse:
    bukti = sel.bukti_get_for_user(user=request.user, bukti_id=bukti_id)
    periode = bukti.realisasi.periode
    try:
        svc.bukti_hapus(actor=request.user, bukti=bukti)
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Bukti dukung dihapus."))
    return redirect(_realisasi_url(periode))


@login_required
@require_GET
def bukti_unduh(request: AuthedRequest, bukti_id: int) -> HttpResponseBase:
    """Evidence files are served only here, to those who may see the SKP."""
    bukti = sel.bukti_get_for_user(user=request.user, bukti_id=bukti_id)
    if bukti.tautan and not bukti.berkas:
        return redirect(bukti.tautan)
    try:
        fh = bukti.berkas.open("rb")
    except FileNotFoundError as e:
        raise Http404 from e
    nama = (bukti.berkas.name or "").rsplit("/", 1)[-1]
    response = FileResponse(fh, as_attachment=True, filename=nama)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def umpan_balik_tambah(request: AuthedRequest, rhk_id: int) -> HttpResponse:
    rhk = sel.rhk_get_for_user(user=request.user, rhk_id=rhk_id)
    periode = None
    if request.POST.get("periode"):
        periode = Periode.objects.filter(
            pk=sel.id_or_404(request.POST["periode"]), instansi_id=rhk.skp.instansi_id
        ).first()
    form = UmpanBalikForm(request.POST)
    if form.is_valid():
        try:
            svc.umpan_balik_tambah(actor=request.user, rhk=rhk, periode=periode, isi=form.cleaned_data["isi"])
        except ValidationError as e:
            apply_service_errors(form, e)
    if form.errors:
        _errors_to_messages(request, form)
    else:
        messages.success(request, _("Umpan balik dikirim."))
    return redirect(_next_or(request, _realisasi_url(periode)))


# ---------------------------------------------------------------------------------------------
# Bawahan saya (the pejabat penilai)


@login_required
def bawahan(request: AuthedRequest) -> HttpResponse:
    me = sel.pegawai_required(request.user)
    tahun = periode_sel.today().year
    pilihan = list(
        periode_sel.periode_list(instansi=me.instansi, tahun=tahun).order_by("tanggal_selesai", "tanggal_mulai")
    )
    periode = _periode_pilih(request, pilihan, periode_sel.periode_current(instansi=me.instansi))
    rows = list(sel.bawahan_saya(request.user, periode)) if periode is not None else []
    for r in rows:
        r.skp_url = skp_url(r.skp_tahun_id)  # type: ignore[attr-defined]
    context = {"periode": periode, "pilihan": pilihan, "rows": rows, "status_dinilai": sel.STATUS_DINILAI}
    return render(request, "penilaian/evaluasi/bawahan.html", context)


# ---------------------------------------------------------------------------------------------
# One evaluation


def _matriks() -> list[dict[str, Any]]:
    urutan = [rules.Rating.DI_ATAS, rules.Rating.SESUAI, rules.Rating.DI_BAWAH]
    kolom = [rules.Rating.DI_BAWAH, rules.Rating.SESUAI, rules.Rating.DI_ATAS]
    return [
        {
            "hasil_kerja": h,
            "sel": [{"perilaku": p, "predikat": rules.Predikat(rules.PREDIKAT_MATRIKS[(h, p)])} for p in kolom],
        }
        for h in urutan
    ]


@login_required
def evaluasi_detail(request: AuthedRequest, evaluasi_id: int) -> HttpResponse:
    evaluasi = evaluasi_get_for_user(user=request.user, evaluasi_id=evaluasi_id)
    penilai = is_pejabat_penilai(request.user, evaluasi)
    wajib = svc.rating_hasil_kerja_wajib(evaluasi)
    form = None
    if penilai:
        initial = {
            "rating_hasil_kerja": wajib or evaluasi.rating_hasil_kerja,
            "rating_perilaku": evaluasi.rating_perilaku,
            "catatan": evaluasi.catatan_penilai,
        }
        data = request.POST if request.method == "POST" else None
        form = PenilaianForm(data, initial=initial, rating_wajib=wajib)
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            svc.evaluasi_nilai(
                actor=request.user,
                evaluasi=evaluasi,
                rating_hasil_kerja=form.cleaned_data["rating_hasil_kerja"],
                rating_perilaku=form.cleaned_data["rating_perilaku"],
                catatan=form.cleaned_data["catatan"],
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(request, _("Penilaian disimpan."))
            return redirect("penilaian:evaluasi-detail", evaluasi_id=evaluasi.pk)
    return render(request, "penilaian/evaluasi/detail.html", _detail_context(request, evaluasi, form, wajib))


def _detail_context(
    request: AuthedRequest, evaluasi: EvaluasiKinerja, form: PenilaianForm | None, wajib: Any
) -> dict[str, Any]:
    realisasi = list(sel.realisasi_for_evaluasi(evaluasi))
    keberatan = list(evaluasi.keberatan.select_related("diputus_oleh").order_by("-created_at"))
    owner = is_owner(request.user, evaluasi)
    batas = svc.keberatan_batas(evaluasi)
    bisa_keberatan = (
        owner
        and evaluasi.periode.is_tahunan
        and evaluasi.status == EvaluasiKinerja.Status.DINILAI
        and batas is not None
        and timezone.now() <= batas
    )
    skp = evaluasi.skp
    rhk_ids = {r.indikator.rhk_id for r in realisasi}
    thread = [
        {"rhk": rhk, "pesan": list(rhk.umpan_balik.all()), "ada_realisasi": rhk.pk in rhk_ids}
        for rhk in (
            skp.rhk.order_by("jenis", "urutan", "id").prefetch_related("umpan_balik__penulis_pegawai")
            if skp is not None
            else []
        )
    ]
    bisa_umpan_balik = skp is not None and (owner or is_pejabat_penilai(request.user, skp))
    return {
        "evaluasi": evaluasi,
        "form": form if form is not None and evaluasi.status not in _TERKUNCI else None,
        "form_terkunci": form is not None and evaluasi.status in _TERKUNCI,
        "rating_wajib": wajib,
        "matriks": _matriks(),
        "penjelasan": sel.skor_penjelasan(evaluasi),
        "realisasi": realisasi,
        "thread": thread,
        "bisa_umpan_balik": bisa_umpan_balik,
        "umpan_balik_form": UmpanBalikForm(),
        "keberatan": keberatan,
        "keberatan_batas": batas,
        "keberatan_form": KeberatanForm() if bisa_keberatan else None,
        "putus_form": KeberatanPutusForm(),
        "bisa_putus": any(
            k.status == k.Status.DIAJUKAN and svc.can_putus_keberatan(request.user, k) for k in keberatan
        ),
        "skp_url": skp_url(evaluasi.skp_id),
    }


_TERKUNCI = (EvaluasiKinerja.Status.FINAL, EvaluasiKinerja.Status.KEBERATAN)


@login_required
@require_POST
def keberatan_ajukan(request: AuthedRequest, evaluasi_id: int) -> HttpResponse:
    evaluasi = evaluasi_get_for_user(user=request.user, evaluasi_id=evaluasi_id)
    if not is_owner(request.user, evaluasi):
        raise PermissionDenied
    form = KeberatanForm(request.POST)
    if form.is_valid():
        try:
            svc.keberatan_ajukan(actor=request.user, evaluasi=evaluasi, alasan=form.cleaned_data["alasan"])
        except ValidationError as e:
            apply_service_errors(form, e)
    if form.errors:
        _errors_to_messages(request, form)
    else:
        messages.success(request, _("Keberatan diajukan."))
    return redirect("penilaian:evaluasi-detail", evaluasi_id=evaluasi.pk)


# ---------------------------------------------------------------------------------------------
# My results, and the objections to decide


@login_required
def hasil(request: AuthedRequest) -> HttpResponse:
    me = sel.pegawai_required(request.user)
    rows = list(sel.evaluasi_list_for_pegawai(me))
    for r in rows:
        r.penjelasan = sel.skor_penjelasan(r, dengan_capaian=False)  # type: ignore[attr-defined]
    return render(request, "penilaian/evaluasi/hasil.html", {"rows": rows, "me": me})


@login_required
def keberatan_list(request: AuthedRequest) -> HttpResponse:
    if pegawai_of_user(request.user) is None and not can_edit_instansi(request.user):
        raise Http404
    rows = list(sel.keberatan_terbuka_for_user(request.user))
    return render(request, "penilaian/evaluasi/keberatan.html", {"rows": rows, "form": KeberatanPutusForm()})


@login_required
@require_POST
def keberatan_putus(request: AuthedRequest, keberatan_id: int) -> HttpResponse:
    keberatan = sel.keberatan_get_for_user(user=request.user, keberatan_id=keberatan_id)
    if not svc.can_putus_keberatan(request.user, keberatan):
        raise PermissionDenied
    form = KeberatanPutusForm(request.POST)
    if form.is_valid():
        try:
            svc.keberatan_putus(actor=request.user, keberatan=keberatan, **form.service_data())
        except ValidationError as e:
            apply_service_errors(form, e)
    if form.errors:
        _errors_to_messages(request, form)
    else:
        messages.success(request, _("Keberatan diputus."))
    return redirect(_next_or(request, reverse("penilaian:evaluasi-keberatan-list")))


urlpatterns = [
    path("realisasi/", realisasi, name="evaluasi-realisasi"),
    path("realisasi/<int:realisasi_id>/bukti/", bukti_tambah, name="evaluasi-bukti-tambah"),
    path("bukti/<int:bukti_id>/hapus/", bukti_hapus, name="evaluasi-bukti-hapus"),
    path("bukti/<int:bukti_id>/unduh/", bukti_unduh, name="evaluasi-bukti-unduh"),
    path("rhk/<int:rhk_id>/umpan-balik/", umpan_balik_tambah, name="evaluasi-umpan-balik"),
    path("bawahan/", bawahan, name="evaluasi-bawahan"),
    path("evaluasi/<int:evaluasi_id>/", evaluasi_detail, name="evaluasi-detail"),
    path("evaluasi/<int:evaluasi_id>/keberatan/", keberatan_ajukan, name="evaluasi-keberatan-ajukan"),
    path("hasil/", hasil, name="evaluasi-hasil"),
    path("keberatan/", keberatan_list, name="evaluasi-keberatan-list"),
    path("keberatan/<int:keberatan_id>/putus/", keberatan_putus, name="evaluasi-keberatan-putus"),
]
