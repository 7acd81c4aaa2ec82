"""Form of the rotation page: the filter (candidate or due, unit kerja with its subtree)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from karier.rules import StatusRotasi
from pegawai.forms import BootstrapMixin
from pegawai.models import UnitKerja

STATUS_PILIHAN = [
    ("", _("Semua")),
    (StatusRotasi.KANDIDAT, StatusRotasi.KANDIDAT.label),
    (StatusRotasi.JATUH_TEMPO, StatusRotasi.JATUH_TEMPO.label),
]


class RotasiFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_PILIHAN, required=False)
    unit_kerja = forms.ModelChoiceField(label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False)

    def __init__(self, *args: Any, instansi_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = UnitKerja.objects.filter(instansi_id=instansi_id).order_by("path")  # type: ignore[attr-defined]
        self._style_widgets()
