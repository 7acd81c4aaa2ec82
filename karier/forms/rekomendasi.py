"""Forms of the committee pages: the list's filters, a decision (approve, or reject with a
reason), applying (TMT and SK number), a bulk decision, and starting the yearly run."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from karier.models import JenisRekomendasi, Rekomendasi
from karier.services.rekomendasi import NOMOR_SK_MAKS
from pegawai.forms import BootstrapMixin
from pegawai.models import UnitKerja

SETUJU, TOLAK = "setuju", "tolak"
KEPUTUSAN = [(SETUJU, _("Setujui")), (TOLAK, _("Tolak"))]


class RekomendasiFilterForm(BootstrapMixin, forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    jenis = forms.ChoiceField(label=_("Jenis"), required=False, choices=[("", _("Semua")), *JenisRekomendasi.choices])
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *Rekomendasi.Status.choices]
    )
    kotak = forms.TypedChoiceField(
        label=_("Kotak"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Semua")), *((str(k), str(k)) for k in range(1, 10))],
    )
    unit_kerja = forms.ModelChoiceField(label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False)
    q = forms.CharField(label=_("Nama atau NIP"), max_length=100, required=False)

    def __init__(self, *args: Any, instansi_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = UnitKerja.objects.filter(  # type: ignore[attr-defined]
            instansi_id=instansi_id or 0
        ).order_by("path")
        self._style_widgets()


class PutuskanForm(BootstrapMixin, forms.Form):
    keputusan = forms.ChoiceField(label=_("Keputusan"), choices=KEPUTUSAN)
    alasan = forms.CharField(
        label=_("Alasan"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib diisi bila rekomendasi ditolak."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("keputusan") == TOLAK and not (data.get("alasan") or "").strip():
            self.add_error("alasan", _("Alasan penolakan wajib diisi."))
        return data


class TerapkanForm(BootstrapMixin, forms.Form):
    tmt = forms.DateField(label=_("TMT"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    nomor_sk = forms.CharField(label=_("Nomor SK"), max_length=NOMOR_SK_MAKS, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()


class MassalForm(BootstrapMixin, forms.Form):
    """The same decision on the selected rows of the list."""

    rekomendasi = forms.ModelMultipleChoiceField(
        label=_("Rekomendasi"),
        queryset=Rekomendasi.objects.none(),
        error_messages={"required": _("Pilih sedikitnya satu rekomendasi.")},
    )
    keputusan = forms.ChoiceField(label=_("Keputusan"), choices=KEPUTUSAN)
    alasan = forms.CharField(label=_("Alasan"), max_length=2000, required=False)
    kembali = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args: Any, queryset: QuerySet[Rekomendasi], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rekomendasi"].queryset = queryset  # type: ignore[attr-defined]
        self._style_widgets()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("keputusan") == TOLAK and not (data.get("alasan") or "").strip():
            self.add_error("alasan", _("Alasan penolakan wajib diisi."))
        return data


class JalankanForm(BootstrapMixin, forms.Form):
    tahun = forms.IntegerField(
        label=_("Tahun penilaian"),
        min_value=2000,
        max_value=2100,
        help_text=_("Tahun predikat tahunan yang menjadi dasar kotak talenta."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # on the list page next to the filters, which have a tahun field too
        kwargs.setdefault("auto_id", "id_jalankan_%s")
        super().__init__(*args, **kwargs)
        self._style_widgets()
