"""Forms of the KP page: the filter (a KP date of the policy, eligible or not, unit, golongan,
name or NIP) and the proposal of a KP date's eligible to the committee."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.policies import Kebijakan
from karier.selectors.kp import StatusKP, tanggal_kp_pilihan
from pegawai.forms import BootstrapMixin
from pegawai.models import Golongan, JenisASN, UnitKerja

STATUS_PILIHAN = [("", _("Semua")), (StatusKP.MEMENUHI, _("Memenuhi syarat")), (StatusKP.BELUM, _("Belum memenuhi"))]


def tanggal_kp_valid(tanggal: datetime.date, kebijakan: Kebijakan) -> None:
    """A KP date is the 1st of one of the policy's KP months."""
    if tanggal.day != 1 or tanggal.month not in kebijakan.bulan_periode_kp:
        raise ValidationError(
            _("Tanggal KP harus tanggal 1 pada bulan periode KP menurut kebijakan instansi."), code="bukan_tanggal_kp"
        )


class _TanggalKPMixin:
    fields: dict[str, forms.Field]
    kebijakan: Kebijakan

    def _tanggal_pilihan(self, pada: datetime.date, dipilih: Any) -> None:
        pilihan = tanggal_kp_pilihan(pada=pada, kebijakan=self.kebijakan)
        choices = [(d.isoformat(), date_format(d, "j F Y")) for d in pilihan]
        if isinstance(dipilih, str) and dipilih not in dict(choices):
            try:
                d = datetime.date.fromisoformat(dipilih)
            except ValueError:
                d = None
            if d is not None and d.day == 1 and d.month in self.kebijakan.bulan_periode_kp:
                choices.insert(0, (d.isoformat(), date_format(d, "j F Y")))
        self.fields["tanggal"].widget = forms.Select(choices=choices)

    def clean_tanggal(self) -> datetime.date | None:
        tanggal: datetime.date | None = self.cleaned_data.get("tanggal")  # type: ignore[attr-defined]
        if tanggal is not None:
            tanggal_kp_valid(tanggal, self.kebijakan)
        return tanggal


class KPFilterForm(_TanggalKPMixin, BootstrapMixin, forms.Form):
    tanggal = forms.DateField(label=_("Tanggal KP"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_PILIHAN, required=False)
    unit_kerja = forms.ModelChoiceField(label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False)
    golongan = forms.ModelChoiceField(label=_("Golongan"), queryset=Golongan.objects.none(), required=False)
    q = forms.CharField(label=_("Nama atau NIP"), max_length=100, required=False)

    def __init__(self, *args: Any, instansi_id: int, kebijakan: Kebijakan, pada: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kebijakan = kebijakan
        self.fields["unit_kerja"].queryset = UnitKerja.objects.filter(instansi_id=instansi_id).order_by("path")  # type: ignore[attr-defined]
        self.fields["golongan"].queryset = Golongan.objects.filter(jenis_asn=JenisASN.PNS).order_by("urutan")  # type: ignore[attr-defined]
        self._tanggal_pilihan(pada, self.data.get("tanggal") if self.is_bound else None)
        self._style_widgets()


class KPUsulkanForm(_TanggalKPMixin, BootstrapMixin, forms.Form):
    tanggal = forms.DateField(label=_("Tanggal KP"))

    def __init__(self, *args: Any, kebijakan: Kebijakan, pada: datetime.date, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "usulkan_%s")
        super().__init__(*args, **kwargs)
        self.kebijakan = kebijakan
        self._tanggal_pilihan(pada, self.data.get("tanggal") if self.is_bound else None)
        self._style_widgets()
