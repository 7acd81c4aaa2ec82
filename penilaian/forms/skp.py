"""Plain forms of the SKP pages. They check input; the views hand the cleaned data to one service
call and put the service's ValidationError back on the fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pegawai.forms import KOSONG, BootstrapMixin, PilihanJarakJauhField, unit_kerja_field
from pegawai.models import User
from pegawai.permissions import instansi_q
from penilaian.models import SKP, IndikatorKinerja, RencanaHasilKerja
from penilaian.rules import Arah, AspekPerilaku, JenisIndikator


class _Form(BootstrapMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()


class SKPCreateForm(_Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)


class RHKForm(_Form):
    uraian = forms.CharField(label=_("Rencana hasil kerja"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    jenis = forms.ChoiceField(label=_("Jenis"), choices=RencanaHasilKerja.Jenis.choices)
    rhk_atasan = forms.ModelChoiceField(
        label=_("Intervensi dari RHK atasan"),
        queryset=RencanaHasilKerja.objects.none(),
        required=False,
        empty_label=_("— tidak ada —"),
        help_text=_("RHK dari SKP pejabat penilai yang sudah disetujui."),
    )

    def __init__(self, *args: Any, pilihan: QuerySet[RencanaHasilKerja], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rhk_atasan"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (narrowing for the type checker)
        field.queryset = pilihan

    def service_data(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("uraian", "jenis", "rhk_atasan")}


class IndikatorForm(_Form):
    uraian = forms.CharField(label=_("Indikator"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    jenis = forms.ChoiceField(label=_("Jenis"), choices=JenisIndikator.choices)
    target = forms.DecimalField(
        label=_("Target"), required=False, max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    satuan = forms.CharField(label=_("Satuan"), required=False, max_length=50)
    target_kualitatif = forms.CharField(label=_("Target kualitatif"), required=False, max_length=255)
    arah = forms.ChoiceField(label=_("Arah"), choices=Arah.choices)

    @classmethod
    def initial_of(cls, indikator: IndikatorKinerja) -> dict[str, Any]:
        return {name: getattr(indikator, name) for name in cls.base_fields}

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class AksiForm(_Form):
    """No fields: a one-click action (submit, approve, revise) whose refusal is shown as a form error."""


class CatatanForm(_Form):
    catatan = forms.CharField(
        label=_("Catatan pengembalian"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,  # the service names the rule (a comment is needed to return)
    )


class EkspektasiKhususForm(_Form):
    """One text per BerAKHLAK aspek; field names are the aspek values."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for aspek in AspekPerilaku:
            self.fields[aspek.value] = forms.CharField(
                label=aspek.label,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self._style_widgets()


class SKPFilterForm(_Form):
    tahun = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[*KOSONG, *SKP.Status.choices])
    unit_kerja = unit_kerja_field(label=_("Unit kerja"), required=False, placeholder=_("Semua unit kerja"))
    q = forms.CharField(label=_("Nama atau NIP"), required=False, max_length=100)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit_kerja"]
        assert isinstance(field, PilihanJarakJauhField)  # noqa: S101 (narrowing for the type checker)
        field.cakupan = instansi_q(user)

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
