"""Forms of the awards page: which list (Satyalancana or pegawai berprestasi) with its filters, and
BKD's choice of rows to propose."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from karier.services.penghargaan import BERPRESTASI, SATYALANCANA
from pegawai.forms import BootstrapMixin
from pegawai.models import Pegawai, UnitKerja

JENIS_DAFTAR = [(SATYALANCANA, _("Satyalancana Karya Satya")), (BERPRESTASI, _("Pegawai berprestasi"))]
STATUS_PILIHAN = [("", _("Semua")), ("layak", _("Memenuhi syarat")), ("tidak", _("Tidak memenuhi"))]


class PenghargaanFilterForm(BootstrapMixin, forms.Form):
    jenis = forms.ChoiceField(label=_("Daftar"), choices=JENIS_DAFTAR, required=False)
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_PILIHAN, required=False)
    unit_kerja = forms.ModelChoiceField(label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False)

    def __init__(self, *args: Any, instansi_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = UnitKerja.objects.filter(instansi_id=instansi_id).order_by("path")  # type: ignore[attr-defined]
        self._style_widgets()


class PenghargaanUsulkanForm(BootstrapMixin, forms.Form):
    jenis = forms.ChoiceField(label=_("Daftar"), choices=JENIS_DAFTAR)
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    pegawai = forms.ModelMultipleChoiceField(
        label=_("Pegawai"),
        queryset=Pegawai.objects.none(),
        error_messages={
            "required": _("Pilih paling sedikit satu pegawai."),
            "invalid_choice": _("Pegawai %(value)s tidak ada di instansi Anda."),
            "invalid_pk_value": _("“%(pk)s” bukan id pegawai."),
        },
    )

    def __init__(self, *args: Any, instansi_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pegawai"].queryset = Pegawai.objects.filter(instansi_id=instansi_id)  # type: ignore[attr-defined]
