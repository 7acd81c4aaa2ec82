"""Forms of the promotion pages: the vacancies filter and BKD's choice of candidates to propose."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from karier.selectors.promosi import JENIS_LOWONGAN
from pegawai.forms import BootstrapMixin
from pegawai.models import Jabatan, Pegawai, UnitKerja

JENIS_PILIHAN = [("", _("Semua")), *((j, Jabatan.Jenis(j).label) for j in JENIS_LOWONGAN)]


class LowonganFilterForm(BootstrapMixin, forms.Form):
    jenis = forms.ChoiceField(label=_("Jenis jabatan"), choices=JENIS_PILIHAN, required=False)
    unit_kerja = forms.ModelChoiceField(label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False)

    def __init__(self, *args: Any, instansi_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = UnitKerja.objects.filter(instansi_id=instansi_id).order_by("path")  # type: ignore[attr-defined]
        self._style_widgets()


class PromosiUsulkanForm(BootstrapMixin, forms.Form):
    """The candidates chosen on the vacancy page (pegawai of the instansi; the service checks
    that each is eligible and that they fit the open slots)."""

    pegawai = forms.ModelMultipleChoiceField(
        label=_("Kandidat"),
        queryset=Pegawai.objects.none(),
        error_messages={
            "required": _("Pilih paling sedikit satu kandidat."),
            "invalid_choice": _("Pegawai %(value)s tidak ada di instansi Anda."),
            "invalid_pk_value": _("“%(pk)s” bukan id pegawai."),
        },
    )

    def __init__(self, *args: Any, instansi_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pegawai"].queryset = Pegawai.objects.filter(instansi_id=instansi_id)  # type: ignore[attr-defined]
