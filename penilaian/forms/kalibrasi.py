"""Forms of the calibration pages: the unit predikat, and a staff predikat adjustment with its
mandatory reason. They validate input; the views hand the cleaned data to one service call."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pegawai.forms import BootstrapMixin
from penilaian.rules import Predikat, PredikatOrganisasi


class PredikatUnitForm(BootstrapMixin, forms.Form):
    predikat_organisasi = forms.ChoiceField(label=_("Predikat organisasi"), choices=PredikatOrganisasi.choices)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._style_widgets()


class PenyesuaianForm(BootstrapMixin, forms.Form):
    predikat = forms.ChoiceField(label=_("Predikat baru"), choices=Predikat.choices)
    alasan = forms.CharField(
        label=_("Alasan penyesuaian"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib diisi; dicatat dalam jejak audit."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._style_widgets()
