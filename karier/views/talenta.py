"""Pages of the 9-box talent map and the KRS (committee material: BKD and pimpinan read, others
get 404). The grid with each box's actions and follow-ups, the list of one box (an htmx fragment
of the same view, with a real link), its XLSX, the movement since last year; BKD starts the
yearly run; the KRS of a year."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from karier.forms.talenta import KrsFilterForm, TalentaFilterForm, TalentaHitungForm
from karier.models import PenempatanTalenta
from karier.permissions import require_komite
from karier.selectors.talenta import (
    KOTAK_SEMUA,
    anggota_krs_list,
    dasar_nilai,
    krs_usulan_terbuka,
    penempatan_kotak_list,
    peta_talenta,
    tahun_krs_terakhir,
    tahun_talenta_list,
    tahun_talenta_terakhir,
    tautan_rekomendasi,
)
from karier.tasks.tahunan import karier_tahunan_task
from pegawai.exports import SPOOL_BYTES, xlsx_tabel_write
from pegawai.permissions import can_edit_instansi
from pegawai.views.akun import AuthedRequest, htmx_partial
from penilaian.rules import LevelKinerja, LevelPotensi, Predikat

PER_HALAMAN = 50
PREDIKAT_LABEL = dict(Predikat.choices)
LABEL_KINERJA = (LevelKinerja.DI_ATAS.label, LevelKinerja.SESUAI.label, LevelKinerja.DI_BAWAH.label)
LABEL_POTENSI = (LevelPotensi.RENDAH.label, LevelPotensi.MENENGAH.label, LevelPotensi.TINGGI.label)


def _instansi_id(request: AuthedRequest) -> int:
    require_komite(request.user)
    if request.user.instansi_id is None:
        raise Http404
    return request.user.instansi_id


def _filter(
    request: AuthedRequest, instansi_id: int, daftar_tahun: list[int] | None = None
) -> tuple[TalentaFilterForm, int, dict[str, Any], str]:
    """The filter form, the year (default: the latest year with placements), the filters and the
    query string that keeps them in links."""
    form = TalentaFilterForm(request.GET or None, instansi_id=instansi_id)
    filters = form.filters()
    terakhir = daftar_tahun[0] if daftar_tahun else None
    if daftar_tahun is None:
        terakhir = tahun_talenta_terakhir(instansi_id=instansi_id)
    tahun = (form.cleaned_data.get("tahun") if form.is_bound and form.is_valid() else None) or (
        terakhir or timezone.localdate().year
    )
    if not form.is_bound:
        form.initial["tahun"] = tahun
    query = request.GET.copy()
    query.pop("page", None)
    query["tahun"] = str(tahun)
    return form, tahun, filters, query.urlencode()


def _context(request: AuthedRequest, instansi_id: int, hitung_form: TalentaHitungForm | None = None) -> dict[str, Any]:
    daftar_tahun = tahun_talenta_list(instansi_id=instansi_id)
    form, tahun, filters, query = _filter(request, instansi_id, daftar_tahun)
    peta = peta_talenta(instansi_id=instansi_id, tahun=tahun, filters=filters)
    urutan = sorted(KOTAK_SEMUA, reverse=True)
    matriks = peta.perpindahan.matriks
    return {
        "form": form,
        "tahun": tahun,
        "query": query,
        "daftar_tahun": daftar_tahun,
        "peta": peta,
        # kinerja rising upward, potensi rising to the right (DOMAIN.md §3)
        "grid_baris": list(zip(LABEL_KINERJA, peta.baris, strict=True)),
        "label_potensi": LABEL_POTENSI,
        "urutan_kotak": urutan,
        "matriks_baris": [(dari, [matriks.get((dari, ke), 0) for ke in urutan]) for dari in urutan],
        "boleh_hitung": can_edit_instansi(request.user),
        "hitung_form": hitung_form or TalentaHitungForm(initial={"tahun": tahun}),
    }


@login_required
def talenta_view(request: AuthedRequest) -> HttpResponse:
    instansi_id = _instansi_id(request)
    return render(request, "karier/talenta/peta.html", _context(request, instansi_id))


def _kotak_or_404(kotak: int) -> int:
    if kotak not in KOTAK_SEMUA:
        raise Http404
    return kotak


def _baris(rows: Any) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        arah = ""
        if r.kotak_sebelumnya is not None and r.kotak is not None:
            arah = "naik" if r.kotak > r.kotak_sebelumnya else "turun" if r.kotak < r.kotak_sebelumnya else "tetap"
        out.append({"p": r, "predikat": PREDIKAT_LABEL.get(r.predikat, ""), "arah": arah})
    return out


@login_required
def talenta_kotak_view(request: AuthedRequest, kotak: int) -> HttpResponse:
    instansi_id = _instansi_id(request)
    kotak = _kotak_or_404(kotak)
    form, tahun, filters, query = _filter(request, instansi_id)
    qs = penempatan_kotak_list(instansi_id=instansi_id, tahun=tahun, kotak=kotak, filters=filters)
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "tahun": tahun,
        "kotak": kotak,
        "query": query,
        "page": page,
        "baris": _baris(page),
    }
    template = "karier/talenta/kotak.html"
    if htmx_partial(request):
        template += "#daftar"
    return render(request, template, context)


def _kotak_xlsx(qs: Any, *, kotak: int, tahun: int) -> IO[bytes]:
    def rows() -> Iterator[list[Any]]:
        r: PenempatanTalenta
        for r in qs.iterator(chunk_size=2000):
            yield [
                r.pegawai.nip,
                r.pegawai.nama_lengkap,
                r.pegawai.jabatan.nama if r.pegawai.jabatan else "",
                r.unit_kerja.nama if r.unit_kerja else "",
                r.golongan.kode if r.golongan else "",
                str(PREDIKAT_LABEL.get(r.predikat, "")),
                r.skor_potensi,
                r.kotak,
                r.kotak_sebelumnya,
            ]

    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (streamed by FileResponse)
    xlsx_tabel_write(
        out,
        judul=gettext("Kotak %(kotak)d tahun %(tahun)d") % {"kotak": kotak, "tahun": tahun},
        kolom=[
            gettext("NIP"),
            gettext("Nama"),
            gettext("Jabatan"),
            gettext("Unit kerja"),
            gettext("Golongan"),
            gettext("Predikat"),
            gettext("Skor potensi"),
            gettext("Kotak"),
            gettext("Kotak tahun lalu"),
        ],
        lebar=[20, 36, 36, 36, 9, 16, 12, 8, 14],
        rows=rows(),
    )
    out.seek(0)
    return out


@login_required
def talenta_xlsx_view(request: AuthedRequest, kotak: int) -> HttpResponseBase:
    instansi_id = _instansi_id(request)
    kotak = _kotak_or_404(kotak)
    _form, tahun, filters, _query = _filter(request, instansi_id)
    qs = penempatan_kotak_list(instansi_id=instansi_id, tahun=tahun, kotak=kotak, filters=filters)
    return FileResponse(
        _kotak_xlsx(qs, kotak=kotak, tahun=tahun), as_attachment=True, filename=f"talenta-{tahun}-kotak-{kotak}.xlsx"
    )


@login_required
@require_POST
def talenta_hitung_view(request: AuthedRequest) -> HttpResponse:
    instansi_id = _instansi_id(request)
    if not can_edit_instansi(request.user):
        raise PermissionDenied
    form = TalentaHitungForm(request.POST)
    if not form.is_valid():
        return render(request, "karier/talenta/peta.html", _context(request, instansi_id, form), status=400)
    tahun = form.cleaned_data["tahun"]
    actor_id = request.user.pk
    transaction.on_commit(lambda: karier_tahunan_task.delay(instansi_id, tahun, None, actor_id))
    messages.success(
        request,
        gettext("Perhitungan talenta dan rekomendasi tahun %(tahun)d dijalankan.") % {"tahun": tahun},
    )
    return redirect(reverse("karier:talenta") + f"?tahun={tahun}")


@login_required
def krs_view(request: AuthedRequest) -> HttpResponse:
    instansi_id = _instansi_id(request)
    form = KrsFilterForm(request.GET or None)
    tahun = (form.cleaned_data.get("tahun") if form.is_bound and form.is_valid() else None) or (
        tahun_krs_terakhir(instansi_id=instansi_id) or timezone.localdate().year
    )
    page = Paginator(anggota_krs_list(instansi_id=instansi_id, tahun=tahun), PER_HALAMAN).get_page(
        request.GET.get("page")
    )
    baris = [
        {
            "a": a,
            "jpm": dasar_nilai(a.rekomendasi.dasar if a.rekomendasi else None, "jpm"),
            "predikat": PREDIKAT_LABEL.get(a.predikat or "", ""),  # type: ignore[attr-defined]
        }
        for a in page
    ]
    context = {
        "form": form,
        "tahun": tahun,
        "page": page,
        "baris": baris,
        "query": f"tahun={tahun}",
        "usulan_terbuka": krs_usulan_terbuka(instansi_id=instansi_id, tahun=tahun),
        "tautan_usulan": tautan_rekomendasi(jenis="krs", tahun=tahun),
    }
    return render(request, "karier/talenta/krs.html", context)


urlpatterns: list[URLPattern] = [
    path("talenta/", talenta_view, name="talenta"),
    path("talenta/hitung/", talenta_hitung_view, name="talenta-hitung"),
    path("talenta/kotak/<int:kotak>/", talenta_kotak_view, name="talenta-kotak"),
    path("talenta/kotak/<int:kotak>/xlsx/", talenta_xlsx_view, name="talenta-xlsx"),
    path("krs/", krs_view, name="krs"),
]
