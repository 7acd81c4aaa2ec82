"""Forms of the talent map and the KRS: the map's filters, the yearly run's year, the KRS year."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pegawai.forms import BootstrapMixin
from pegawai.models import Golongan, Jabatan, UnitKerja

TAHUN_MIN, TAHUN_MAX = 2000, 2100


def _tahun_field(required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(label=_("Tahun"), min_value=TAHUN_MIN, max_value=TAHUN_MAX, required=required)


class TalentaFilterForm(BootstrapMixin, forms.Form):
    tahun = _tahun_field()
    unit_kerja = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False, empty_label=_("Semua")
    )
    jenis_jabatan = forms.ChoiceField(
        label=_("Jenis jabatan"), required=False, choices=[("", _("Semua")), *Jabatan.Jenis.choices]
    )
    golongan = forms.ModelChoiceField(
        label=_("Golongan"), queryset=Golongan.objects.none(), required=False, empty_label=_("Semua")
    )

    def __init__(self, *args: Any, instansi_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = UnitKerja.objects.filter(  # type: ignore[attr-defined]
            instansi_id=instansi_id or 0
        ).order_by("path")
        self.fields["golongan"].queryset = Golongan.objects.order_by("jenis_asn", "urutan")  # type: ignore[attr-defined]
        self._style_widgets()

    def filters(self) -> dict[str, Any]:
        """The map's filters (for the selectors) from valid data; none when the form is invalid."""
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "unit_kerja": d["unit_kerja"].pk if d.get("unit_kerja") else None,
            "jenis_jabatan": d.get("jenis_jabatan") or "",
            "golongan": d["golongan"].pk if d.get("golongan") else None,
        }


class TalentaHitungForm(BootstrapMixin, forms.Form):
    tahun = _tahun_field(required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()


class KrsFilterForm(BootstrapMixin, forms.Form):
    tahun = _tahun_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()
