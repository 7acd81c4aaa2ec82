"""BKD page for the pegawai import: upload a CSV/XLSX, then follow its progress and errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pegawai.impor import KOLOM_WAJIB, impor_get_for_user, impor_pegawai_create
from pegawai.models import Golongan, ImporPegawai, Pegawai, Pendidikan
from pegawai.permissions import require_bkd

UKURAN_MAKS = getattr(settings, "IMPOR_PEGAWAI_UKURAN_MAKS", 40 * 1024 * 1024)


class ImporPegawaiForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_berkas(self) -> Any:
        berkas = self.cleaned_data["berkas"]
        if not berkas.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(gettext("Berkas harus berformat .csv atau .xlsx."))
        if berkas.size > UKURAN_MAKS:
            raise ValidationError(
                gettext("Ukuran berkas paling besar %(mb)d MB.") % {"mb": UKURAN_MAKS // (1024 * 1024)}
            )
        return berkas


def _kolom_keterangan() -> list[tuple[str, bool, str]]:
    """(column, required, what it holds) for the page's column table."""
    pns = ", ".join(Golongan.objects.filter(jenis_asn="PNS").order_by("urutan").values_list("kode", flat=True))
    rows = [
        ("nip", gettext("NIP 18 angka (PNS: sesuai tanggal lahir, TMT CPNS, dan jenis kelamin), sebagai teks")),
        ("nama", gettext("nama tanpa gelar")),
        ("gelar_depan", gettext("misalnya dr. atau Ir.")),
        ("gelar_belakang", gettext("misalnya S.Kom. atau M.Si.")),
        ("jenis_asn", "PNS / PPPK"),
        ("jenis_kelamin", gettext("L (laki-laki) / P (perempuan)")),
        ("tempat_lahir", ""),
        ("tanggal_lahir", gettext("YYYY-MM-DD atau DD-MM-YYYY, atau sel tanggal Excel")),
        ("nik", gettext("NIK 16 angka, sebagai teks")),
        ("email", ""),
        ("pendidikan", ", ".join(Pendidikan.values)),
        ("tmt_cpns", gettext("TMT CPNS/PPPK, tanggal")),
        ("golongan", gettext("PNS: %(pns)s; PPPK: I sampai XVII") % {"pns": pns}),
        ("tmt_golongan", gettext("tanggal, tidak sebelum TMT CPNS")),
        ("kode_unit", gettext("kode unit kerja di instansi ini")),
        ("jabatan", gettext("nama jabatan di unit kerja tersebut, atau id jabatan")),
        ("tmt_jabatan", gettext("tanggal, wajib jika jabatan diisi")),
        ("status", gettext("%(pilihan)s; kosong berarti aktif") % {"pilihan": ", ".join(Pegawai.Status.values)}),
    ]
    return [(kolom, kolom in KOLOM_WAJIB, ket) for kolom, ket in rows]


@login_required
def impor_create(request: HttpRequest) -> HttpResponse:
    require_bkd(request.user)  # type: ignore[arg-type]
    instansi = request.user.instansi  # type: ignore[union-attr]
    if instansi is None:  # a superuser without an instansi has nowhere to import into
        raise Http404
    form = ImporPegawaiForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        try:
            impor = impor_pegawai_create(actor=request.user, instansi=instansi, berkas=berkas, nama_file=berkas.name)  # type: ignore[arg-type]
        except ValidationError as e:
            form.add_error("berkas", e.message_dict.get("berkas", e.messages))
        else:
            return redirect("pegawai:impor-detail", impor_id=impor.pk)
    terakhir = ImporPegawai.objects.filter(instansi=instansi).select_related("dibuat_oleh").order_by("-created_at")[:5]
    return render(
        request,
        "pegawai/impor/create.html",
        {
            "form": form,
            "kolom": _kolom_keterangan(),
            "terakhir": terakhir,
            "batas_inline": settings.IMPOR_PEGAWAI_ROWS_INLINE,
        },
    )


@login_required
def impor_detail(request: HttpRequest, impor_id: int) -> HttpResponse:
    impor = impor_get_for_user(user=request.user, impor_id=impor_id)  # type: ignore[arg-type]
    context = {
        "impor": impor,
        "berjalan": impor.status in (ImporPegawai.Status.MENUNGGU, ImporPegawai.Status.BERJALAN),
    }
    template = "pegawai/impor/detail.html"
    if getattr(request, "htmx", False):
        template += "#status"
    return render(request, template, context)
