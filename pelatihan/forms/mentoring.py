"""Forms of the mentoring pages: plain forms; the services validate the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pegawai.models import Instansi, Pegawai
from pelatihan.models import PasanganMentoring
from pelatihan.rules import JenisMentoring


def tahun_ini() -> int:
    return timezone.localdate().year


class PenjodohanForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)


class PasanganFilterForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Semua")), *PasanganMentoring.Status.choices], required=False
    )
    q = forms.CharField(label=_("Cari nama atau NIP"), max_length=100, required=False)


class PegawaiNipField(forms.CharField):
    """A pegawai of the instansi by NIP."""

    def __init__(self, *, instansi: Instansi | None = None, **kwargs: Any) -> None:
        self.instansi = instansi
        super().__init__(max_length=18, **kwargs)

    def clean(self, value: Any) -> Pegawai:
        nip = super().clean(value).strip()
        obj = Pegawai.objects.filter(instansi=self.instansi, nip=nip).first()
        if obj is None:
            raise forms.ValidationError(_("Tidak ada pegawai dengan NIP %(nip)s di instansi Anda.") % {"nip": nip})
        return obj


class PasanganBuatForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    mentor = PegawaiNipField(label=_("NIP mentor"))
    mentee = PegawaiNipField(label=_("NIP mentee"))
    jenis = forms.ChoiceField(label=_("Jenis"), choices=JenisMentoring.choices, initial=JenisMentoring.MENTORING)

    def __init__(self, *args: Any, instansi: Instansi | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].instansi = instansi  # type: ignore[attr-defined]
        self.fields["mentee"].instansi = instansi  # type: ignore[attr-defined]


class RencanaForm(forms.Form):
    tujuan = forms.CharField(label=_("Rencana dan tujuan"), widget=forms.Textarea(attrs={"rows": 4}))


class SesiForm(forms.Form):
    tanggal = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    durasi_menit = forms.IntegerField(label=_("Durasi (menit)"), min_value=1, max_value=600)
    topik = forms.CharField(label=_("Topik"), max_length=200)
    catatan = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"tanggal": timezone.localdate().isoformat()})
        super().__init__(*args, **kwargs)


class UmpanBalikForm(forms.Form):
    nilai = forms.TypedChoiceField(label=_("Nilai (1–5)"), coerce=int, choices=[(i, str(i)) for i in range(1, 6)])
    umpan_balik = forms.CharField(label=_("Umpan balik"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SelesaiForm(forms.Form):
    hasil = forms.CharField(label=_("Hasil mentoring"), widget=forms.Textarea(attrs={"rows": 3}))
