"""Forms of the evaluation pages: plain forms; the services decide and their errors come back
onto the form (``pegawai.forms.apply_service_errors``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pegawai.forms import BootstrapMixin
from penilaian.models import IndikatorKinerja
from penilaian.rules import JenisIndikator, Predikat, Rating


class _Form(BootstrapMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()


class RealisasiForm(_Form):
    """One indikator's realisasi; the prefix is the indikator id so many forms share a page."""

    nilai = forms.DecimalField(label=_("Realisasi"), required=False, min_value=0, max_digits=14, decimal_places=2)
    nilai_kualitatif = forms.CharField(label=_("Realisasi"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    catatan = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, indikator: IndikatorKinerja, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indikator = indikator
        if indikator.jenis == JenisIndikator.KUANTITATIF:
            del self.fields["nilai_kualitatif"]
            if indikator.satuan:
                self.fields["nilai"].help_text = indikator.satuan
        else:
            del self.fields["nilai"]

    def service_data(self) -> dict[str, Any]:
        return {
            "nilai": self.cleaned_data.get("nilai"),
            "nilai_kualitatif": self.cleaned_data.get("nilai_kualitatif", ""),
            "catatan": self.cleaned_data.get("catatan", ""),
        }


class BuktiForm(_Form):
    berkas = forms.FileField(
        label=_("Berkas"), required=False, help_text=_("PDF, JPG, PNG, XLSX atau DOCX; paling besar 5 MB.")
    )
    tautan = forms.URLField(label=_("atau tautan"), required=False, max_length=500, assume_scheme="https")
    nama = forms.CharField(label=_("Keterangan"), required=False, max_length=200)


class UmpanBalikForm(_Form):
    isi = forms.CharField(label=_("Umpan balik"), widget=forms.Textarea(attrs={"rows": 2}))


class PenilaianForm(_Form):
    rating_hasil_kerja = forms.ChoiceField(
        label=_("Rating hasil kerja"), choices=[("", "—"), *Rating.choices], required=False
    )
    rating_perilaku = forms.ChoiceField(label=_("Rating perilaku kerja"), choices=Rating.choices)
    catatan = forms.CharField(
        label=_("Catatan pejabat penilai"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, rating_wajib: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if rating_wajib:
            self.fields["rating_hasil_kerja"].help_text = _(
                "Mengikuti predikat kinerja organisasi unit yang dipimpin pegawai ini."
            )
            self.fields["rating_hasil_kerja"].initial = rating_wajib


class KeberatanForm(_Form):
    alasan = forms.CharField(label=_("Alasan keberatan"), widget=forms.Textarea(attrs={"rows": 3}))


class KeberatanPutusForm(_Form):
    KEPUTUSAN = (("terima", _("Terima")), ("tolak", _("Tolak")))

    keputusan = forms.ChoiceField(label=_("Keputusan"), choices=KEPUTUSAN)
    predikat_baru = forms.ChoiceField(
        label=_("Predikat baru (bila diterima)"), choices=[("", "—"), *Predikat.choices], required=False
    )
    tanggapan = forms.CharField(label=_("Tanggapan"), widget=forms.Textarea(attrs={"rows": 2}))

    def service_data(self) -> dict[str, Any]:
        return {
            "diterima": self.cleaned_data["keputusan"] == "terima",
            "predikat_baru": self.cleaned_data.get("predikat_baru", ""),
            "tanggapan": self.cleaned_data["tanggapan"],
        }
