"""Forms of the needs pages: filters, a request, the atasan's answer, a target jabatan."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pegawai.forms import BootstrapMixin, PilihanJarakJauhField
from pegawai.models import Pegawai, UnitKerja
from pegawai.selectors import jabatan_pilihan_qs, jabatan_pilihan_text
from pelatihan.models import KebutuhanPelatihan, ProgramPelatihan
from pelatihan.rules import JenisKebutuhan
from penilaian.models import Kompetensi


def kompetensi_qs(instansi_id: int | None) -> Any:
    return Kompetensi.objects.filter(
        Q(instansi__isnull=True) | Q(instansi_id=instansi_id or 0), is_active=True
    ).order_by("jenis", "kode")


class KebutuhanFilterForm(BootstrapMixin, forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    jenis = forms.ChoiceField(label=_("Jenis"), required=False, choices=[("", _("Semua")), *JenisKebutuhan.choices])
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *KebutuhanPelatihan.Status.choices]
    )
    unit = forms.ModelChoiceField(label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False)
    kompetensi = forms.ModelChoiceField(label=_("Kompetensi"), queryset=Kompetensi.objects.none(), required=False)
    q = forms.CharField(label=_("Nama atau NIP"), max_length=100, required=False)

    def __init__(self, *args: Any, instansi_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = UnitKerja.objects.filter(instansi_id=instansi_id or 0).order_by("path")  # type: ignore[attr-defined]
        self.fields["kompetensi"].queryset = kompetensi_qs(instansi_id)  # type: ignore[attr-defined]
        self._style_widgets()


class PermintaanForm(BootstrapMixin, forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=ProgramPelatihan.objects.none(), required=False)
    kompetensi = forms.ModelChoiceField(label=_("Kompetensi"), queryset=Kompetensi.objects.none(), required=False)
    alasan = forms.CharField(label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, pegawai: Pegawai, tahun: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = ProgramPelatihan.objects.filter(  # type: ignore[attr-defined]
            instansi_id=pegawai.instansi_id, tahun=tahun, is_active=True
        ).order_by("nama")
        self.fields["kompetensi"].queryset = kompetensi_qs(pegawai.instansi_id)  # type: ignore[attr-defined]
        self._style_widgets()


class TanggapanForm(BootstrapMixin, forms.Form):
    keputusan = forms.ChoiceField(
        label=_("Keputusan"), choices=[("dukung", _("Dukung")), ("tolak", _("Tolak"))], widget=forms.HiddenInput
    )
    tanggapan = forms.CharField(label=_("Tanggapan"), max_length=2000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()


class TargetJabatanForm(BootstrapMixin, forms.Form):
    """Any jabatan of the pegawai's instansi but their own, chosen with a type-ahead (an instansi
    has tens of thousands of jabatan: a plain select would render them all)."""

    jabatan = PilihanJarakJauhField(
        label=_("Jabatan target"),
        url_name="pelatihan:pilihan-jabatan-target",
        queryset=jabatan_pilihan_qs,
        text=jabatan_pilihan_text,
        error_messages={"invalid_choice": _("Pilih jabatan yang ada di instansi ini.")},
    )

    def __init__(self, *args: Any, pegawai: Pegawai, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(PilihanJarakJauhField, self.fields["jabatan"])
        field.cakupan = Q(instansi_id=pegawai.instansi_id) & ~Q(pk=pegawai.jabatan_id or 0)
        self._style_widgets()
