"""Awards page (BKD and pimpinan; everyone else 404): Satyalancana Karya Satya eligibility with the
reasons of those ruled out, and the pegawai berprestasi of a year; XLSX of either list; BKD's
proposal of chosen rows to the committee (pimpinan 403)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from common.policies import Kebijakan
from karier.forms.penghargaan import PenghargaanFilterForm, PenghargaanUsulkanForm
from karier.permissions import instansi_komite
from karier.selectors.penghargaan import (
    BarisBerprestasi,
    BarisSatyalancana,
    berprestasi_daftar,
    satyalancana_daftar,
    tahun_penempatan_terakhir,
)
from karier.services.penghargaan import BERPRESTASI, SATYALANCANA, penghargaan_usulkan_pilihan
from pegawai.exports import SPOOL_BYTES, xlsx_tabel_write
from pegawai.forms import apply_service_errors
from pegawai.models import Instansi
from pegawai.permissions import can_edit_instansi
from pegawai.views.akun import AuthedRequest, htmx_partial

PER_HALAMAN = 50


def _daftar(
    request: AuthedRequest, instansi: Instansi, kebijakan: Kebijakan
) -> tuple[PenghargaanFilterForm, str, int, list[BarisSatyalancana] | list[BarisBerprestasi]]:
    """The filter form, the chosen list, its year and its rows."""
    form = PenghargaanFilterForm(request.GET or None, instansi_id=instansi.pk)
    f = form.cleaned_data if form.is_valid() else {}
    jenis = f.get("jenis") or SATYALANCANA
    pada = timezone.localdate()
    tahun = f.get("tahun") or tahun_penempatan_terakhir(instansi=instansi, sampai=pada.year) or pada.year - 1
    unit_id = f["unit_kerja"].pk if f.get("unit_kerja") else None
    if jenis == BERPRESTASI:
        return (
            form,
            jenis,
            tahun,
            berprestasi_daftar(instansi=instansi, tahun=tahun, kebijakan=kebijakan, filters={"unit_kerja_id": unit_id}),
        )
    rows = satyalancana_daftar(
        instansi=instansi, pada=pada, filters={"unit_kerja_id": unit_id, "layak": f.get("status") == "layak"}
    )
    if f.get("status") == "tidak":
        rows = [b for b in rows if not b.layak]
    return form, jenis, tahun, rows


def _halaman(
    request: AuthedRequest,
    instansi: Instansi,
    kebijakan: Kebijakan,
    *,
    usulkan_form: PenghargaanUsulkanForm | None = None,
    status: int = 200,
) -> HttpResponse:
    form, jenis, tahun, rows = _daftar(request, instansi, kebijakan)
    page = Paginator(rows, PER_HALAMAN).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "jenis": jenis,
        "tahun": tahun,
        "page": page,
        "query": query.urlencode(),
        "jumlah_layak": sum(1 for b in rows if getattr(b, "layak", True)),
        "kebijakan": kebijakan,
        "boleh_usulkan": can_edit_instansi(request.user),
        "usulkan_form": usulkan_form,
        "SATYALANCANA": SATYALANCANA,
        "BERPRESTASI": BERPRESTASI,
    }
    template = "karier/penghargaan/list.html"
    if htmx_partial(request) and status == 200:
        template += "#daftar"
    return render(request, template, context, status=status)


@login_required
def penghargaan_list(request: AuthedRequest) -> HttpResponse:
    instansi, kebijakan = instansi_komite(request.user)
    return _halaman(request, instansi, kebijakan)


def _xlsx(jenis: str, rows: list[Any]) -> IO[bytes]:
    out: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (returned open)
    if jenis == BERPRESTASI:

        def berprestasi() -> Iterator[list[Any]]:
            for b in rows:
                p = b.pegawai
                yield [
                    p.nip,
                    p.nama_lengkap,
                    p.jabatan.nama if p.jabatan else "",
                    p.unit_kerja.nama,
                    "; ".join(b.alasan),
                ]

        xlsx_tabel_write(
            out,
            judul=gettext("Pegawai berprestasi"),
            kolom=[gettext("NIP"), gettext("Nama"), gettext("Jabatan"), gettext("Unit kerja"), gettext("Alasan")],
            lebar=[20, 36, 36, 36, 80],
            rows=berprestasi(),
        )
    else:

        def satyalancana() -> Iterator[list[Any]]:
            for b in rows:
                p = b.pegawai
                yield [
                    p.nip,
                    p.nama_lengkap,
                    p.jabatan.nama if p.jabatan else "",
                    p.unit_kerja.nama,
                    p.tmt_cpns,
                    b.masa_teks,
                    b.tahun_masa,
                    gettext("Memenuhi syarat") if b.layak else gettext("Tidak memenuhi"),
                    "; ".join(b.alasan),
                ]

        xlsx_tabel_write(
            out,
            judul=gettext("Satyalancana Karya Satya"),
            kolom=[
                gettext("NIP"),
                gettext("Nama"),
                gettext("Jabatan"),
                gettext("Unit kerja"),
                gettext("TMT CPNS"),
                gettext("Masa kerja"),
                gettext("Satyalancana (tahun)"),
                gettext("Status"),
                gettext("Alasan tidak memenuhi"),
            ],
            lebar=[20, 36, 36, 36, 12, 18, 12, 16, 60],
            rows=satyalancana(),
        )
    out.seek(0)
    return out


@login_required
def penghargaan_export(request: AuthedRequest) -> FileResponse:
    instansi, kebijakan = instansi_komite(request.user)
    _form, jenis, tahun, rows = _daftar(request, instansi, kebijakan)
    nama = f"pegawai-berprestasi-{tahun}.xlsx" if jenis == BERPRESTASI else "satyalancana.xlsx"
    return FileResponse(_xlsx(jenis, list(rows)), as_attachment=True, filename=nama)


@login_required
@require_POST
def penghargaan_usulkan_view(request: AuthedRequest) -> HttpResponse:
    instansi, kebijakan = instansi_komite(request.user)
    if not can_edit_instansi(request.user):
        raise PermissionDenied
    form = PenghargaanUsulkanForm(request.POST, instansi_id=instansi.pk)
    if form.is_valid():
        jenis, tahun = form.cleaned_data["jenis"], form.cleaned_data["tahun"]
        try:
            hasil = penghargaan_usulkan_pilihan(
                actor=request.user,
                instansi=instansi,
                jenis=jenis,
                pegawai_ids=[p.pk for p in form.cleaned_data["pegawai"]],
                tahun=tahun,
                pada=timezone.localdate(),
                kebijakan=kebijakan,
            )
        except ValidationError as e:
            apply_service_errors(form, e)
        else:
            messages.success(
                request,
                gettext("%(n)d usulan penghargaan diajukan ke tim penilai kinerja.")
                % {"n": hasil.dibuat + hasil.diperbarui},
            )
            return redirect(reverse("karier:penghargaan") + f"?jenis={jenis}&tahun={tahun}")
    return _halaman(request, instansi, kebijakan, usulkan_form=form, status=400)


urlpatterns: list[URLPattern] = [
    path("penghargaan/", penghargaan_list, name="penghargaan"),
    path("penghargaan/xlsx/", penghargaan_export, name="penghargaan-xlsx"),
    path("penghargaan/usulkan/", penghargaan_usulkan_view, name="penghargaan-usulkan"),
]
