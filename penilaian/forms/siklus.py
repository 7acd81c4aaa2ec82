"""Forms of the periods page and the "who is late" page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pegawai.forms import BootstrapMixin
from penilaian.models import Periode
from penilaian.selectors.siklus import JENIS_KETERLAMBATAN


class PeriodeTahunForm(BootstrapMixin, forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()


class KeterlambatanFilterForm(BootstrapMixin, forms.Form):
    periode = forms.ModelChoiceField(label=_("Periode"), queryset=Periode.objects.none(), required=False)
    jenis = forms.ChoiceField(
        label=_("Jenis"),
        required=False,
        choices=list(
            zip(
                JENIS_KETERLAMBATAN,
                (_("Tanpa SKP disetujui"), _("Realisasi belum lengkap"), _("Penilai dengan bawahan belum dinilai")),
                strict=True,
            )
        ),
    )

    def __init__(self, *args: Any, periode_qs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["periode"].queryset = periode_qs  # type: ignore[attr-defined]
        self._style_widgets()
