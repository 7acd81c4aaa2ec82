"""Promotion pages (BKD and pimpinan; everyone else 404): the vacancies with the number eligible and
the top candidate (JPT pratama marked open selection), one vacancy's ranked eligible candidates
with the score breakdown and the disqualified with their reasons, its XLSX export, and BKD's
proposal of chosen candidates to the committee (pimpinan 403)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from common.policies import Kebijakan
from karier.forms.promosi import LowonganFilterForm, PromosiUsulkanForm
from karier.permissions import instansi_komite
from karier.selectors.promosi import (
    HasilKandidat,
    Lowongan,
    kandidat_promosi,
    lowongan_get,
    lowongan_list,
    lowongan_ringkas,
    tahun_predikat,
)
from karier.services.promosi import promosi_usulkan_pilihan
from pegawai.exports import SPOOL_BYTES, xlsx_tabel_write
from pegawai.forms import apply_service_errors
from pegawai.models import Instansi, Pendidikan
from pegawai.permissions import can_edit_instansi, id_or_404
from pegawai.views.akun import AuthedRequest, htmx_partial

PER_HALAMAN = 50
TIDAK_MEMENUHI_TAMPIL = 100


def _lowongan(instansi: Instansi, jabatan_id: Any) -> Lowongan:
    lw = lowongan_get(instansi_id=instansi.pk, jabatan_id=id_or_404(jabatan_id))
    if lw is None:
        raise Http404
    return lw


@login_required
def promosi_list(request: AuthedRequest) -> HttpResponse:
    instansi, kebijakan = instansi_komite(request.user)
    form = LowonganFilterForm(request.GET or None, instansi_id=instansi.pk)
    f = form.cleaned_data if form.is_valid() else {}
    filters = {"jenis": f.get("jenis") or None, "unit_kerja_id": f["unit_kerja"].pk if f.get("unit_kerja") else None}
    pada = timezone.localdate()
    lowongan = lowongan_ringkas(lowongan_list(instansi=instansi, filters=filters), pada=pada, kebijakan=kebijakan)
    page = Paginator(lowongan, PER_HALAMAN).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "jumlah": len(lowongan),
        "tahun_predikat": tahun_predikat(pada),
        "query": query.urlencode(),
    }
    template = "karier/promosi/list.html"
    if htmx_partial(request):
        template += "#daftar"
    return render(request, template, context)


def _detail(
    request: AuthedRequest,
    instansi: Instansi,
    kebijakan: Kebijakan,
    lowongan: Lowongan,
    *,
    usulkan_form: PromosiUsulkanForm | None = None,
    status: int = 200,
) -> HttpResponse:
    pada = timezone.localdate()
    hasil = kandidat_promosi(
        jabatan=lowongan.jabatan, pada=pada, kebijakan=kebijakan, batas=0, batas_tidak=TIDAK_MEMENUHI_TAMPIL
    )
    page = Paginator(hasil.urutan, PER_HALAMAN).get_page(request.GET.get("page"))
    awal = page.start_index() if hasil.urutan else 1
    context = {
        "lowongan": lowongan,
        "hasil": hasil,
        "page": page,
        "baris": [hasil.kandidat(pid, awal + i) for i, pid in enumerate(page)],
        "tidak_memenuhi": hasil.tidak_memenuhi,
        "tidak_memenuhi_sisa": max(hasil.jumlah_tidak_memenuhi - TIDAK_MEMENUHI_TAMPIL, 0),
        "tahun_predikat": tahun_predikat(pada),
        "kebijakan": kebijakan,
        "boleh_usulkan": can_edit_instansi(request.user) and not hasil.seleksi_terbuka and lowongan.lowong > 0,
        "usulkan_form": usulkan_form or PromosiUsulkanForm(instansi_id=instansi.pk),
    }
    template = "karier/promosi/detail.html"
    if htmx_partial(request) and status == 200:
        template += "#memenuhi"
    return render(request, template, context, status=status)


@login_required
def promosi_detail(request: AuthedRequest, jabatan_id: int) -> HttpResponse:
    instansi, kebijakan = instansi_komite(request.user)
    return _detail(request, instansi, kebijakan, _lowongan(instansi, jabatan_id))


def _xlsx(hasil: HasilKandidat) -> IO[bytes]:
    pendidikan = dict(Pendidikan.choices)

    def rows() -> Iterator[list[Any]]:
        for k in hasil.memenuhi + hasil.tidak_memenuhi:
            p = k.pegawai
            nilai = {c.kode: c.nilai for c in k.komponen}
            yield [
                p.nip,
                p.nama_lengkap,
                p.jabatan.nama if p.jabatan else "",
                p.unit_kerja.nama,
                p.golongan.kode,
                str(pendidikan.get(p.pendidikan_terakhir, p.pendidikan_terakhir)),
                p.tmt_jabatan,
                gettext("Memenuhi syarat") if k.memenuhi else gettext("Tidak memenuhi"),
                k.peringkat,
                k.skor,
                nilai.get("jpm"),
                nilai.get("kotak"),
                nilai.get("predikat"),
                nilai.get("krs"),
                "; ".join(a.pesan for a in k.alasan),
            ]

    out: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (returned open)
    xlsx_tabel_write(
        out,
        judul=gettext("Kandidat promosi"),
        kolom=[
            gettext("NIP"),
            gettext("Nama"),
            gettext("Jabatan"),
            gettext("Unit kerja"),
            gettext("Golongan"),
            gettext("Pendidikan"),
            gettext("TMT jabatan"),
            gettext("Status"),
            gettext("Peringkat"),
            gettext("Skor"),
            gettext("JPM"),
            gettext("Kotak talenta"),
            gettext("Riwayat predikat"),
            gettext("Keanggotaan KRS"),
            gettext("Alasan tidak memenuhi"),
        ],
        lebar=[20, 36, 36, 36, 9, 12, 12, 16, 10, 8, 8, 8, 8, 8, 60],
        rows=rows(),
    )
    out.seek(0)
    return out


@login_required
def promosi_export(request: AuthedRequest, jabatan_id: int) -> FileResponse:
    instansi, kebijakan = instansi_komite(request.user)
    lowongan = _lowongan(instansi, jabatan_id)
    hasil = kandidat_promosi(jabatan=lowongan.jabatan, pada=timezone.localdate(), kebijakan=kebijakan)
    return FileResponse(_xlsx(hasil), as_attachment=True, filename=f"kandidat-promosi-{lowongan.jabatan.pk}.xlsx")


@login_required
@require_POST
def promosi_usulkan_view(request: AuthedRequest, jabatan_id: int) -> HttpResponse:
    instansi, kebijakan = instansi_komite(request.user)
    lowongan = _lowongan(instansi, jabatan_id)
    if not can_edit_instansi(request.user):
        raise PermissionDenied
    form = PromosiUsulkanForm(request.POST, instansi_id=instansi.pk)
    if form.is_valid():
        pada = timezone.localdate()
        try:
            hasil = promosi_usulkan_pilihan(
                actor=request.user,
                jabatan=lowongan.jabatan,
                pegawai_ids=[p.pk for p in form.cleaned_data["pegawai"]],
                tahun=tahun_predikat(pada)[0],
                pada=pada,
                kebijakan=kebijakan,
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(
                request,
                gettext("%(n)d kandidat diusulkan ke tim penilai kinerja untuk %(jabatan)s.")
                % {"n": hasil.dibuat + hasil.diperbarui, "jabatan": lowongan.jabatan.nama},
            )
            return redirect(reverse("karier:promosi-detail", args=[lowongan.jabatan.pk]))
    return _detail(request, instansi, kebijakan, lowongan, usulkan_form=form, status=400)


urlpatterns: list[URLPattern] = [
    path("promosi/", promosi_list, name="promosi"),
    path("promosi/<int:jabatan_id>/", promosi_detail, name="promosi-detail"),
    path("promosi/<int:jabatan_id>/xlsx/", promosi_export, name="promosi-xlsx"),
    path("promosi/<int:jabatan_id>/usulkan/", promosi_usulkan_view, name="promosi-usulkan"),
]
