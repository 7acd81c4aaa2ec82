"""Forms of the training catalogue: the filter and the programme with the kompetensi it builds."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pegawai.forms import BootstrapMixin
from pegawai.models import Golongan, Jabatan
from pelatihan.forms.kebutuhan import kompetensi_qs
from pelatihan.models import ProgramPelatihan
from pelatihan.rules import Bentuk
from pelatihan.services.program import FIELDS
from penilaian.models import Kompetensi

BARIS_KOMPETENSI = 5
LEVEL = [("", "—"), *((str(i), str(i)) for i in range(1, 6))]


class ProgramFilterForm(BootstrapMixin, forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    bentuk = forms.ChoiceField(label=_("Bentuk"), required=False, choices=[("", _("Semua")), *Bentuk.choices])
    kompetensi = forms.ModelChoiceField(label=_("Kompetensi"), queryset=Kompetensi.objects.none(), required=False)
    q = forms.CharField(label=_("Cari"), max_length=100, required=False)

    def __init__(self, *args: Any, instansi_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kompetensi"].queryset = kompetensi_qs(instansi_id)  # type: ignore[attr-defined]
        self._style_widgets()


class ProgramForm(BootstrapMixin, forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"))
    kode = forms.CharField(label=_("Kode"), max_length=40)
    nama = forms.CharField(label=_("Nama program"), max_length=200)
    deskripsi = forms.CharField(label=_("Deskripsi"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    bentuk = forms.ChoiceField(label=_("Bentuk"), choices=Bentuk.choices)
    penyelenggara = forms.CharField(label=_("Penyelenggara"), max_length=200, required=False)
    jp = forms.DecimalField(label=_("JP"), max_digits=6, decimal_places=2)
    biaya_per_peserta = forms.DecimalField(label=_("Biaya per peserta (Rp)"), max_digits=14, decimal_places=2)
    kursi_per_angkatan = forms.IntegerField(label=_("Kursi per angkatan"))
    jumlah_angkatan = forms.IntegerField(label=_("Jumlah angkatan"), initial=1)
    tanggal_mulai = forms.DateField(
        label=_("Tanggal mulai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tanggal_selesai = forms.DateField(
        label=_("Tanggal selesai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    jenis_jabatan = forms.MultipleChoiceField(
        label=_("Jenis jabatan yang boleh ikut (kosong: semua)"),
        choices=Jabatan.Jenis.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    golongan_minimal = forms.ModelChoiceField(
        label=_("Golongan minimal"), queryset=Golongan.objects.all(), required=False
    )
    golongan_maksimal = forms.ModelChoiceField(
        label=_("Golongan maksimal"), queryset=Golongan.objects.all(), required=False
    )
    wajib_jenis_jabatan = forms.MultipleChoiceField(
        label=_("Wajib bagi jenis jabatan"),
        choices=Jabatan.Jenis.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    untuk_kinerja = forms.BooleanField(label=_("Untuk kesenjangan kinerja (coaching, konseling)"), required=False)
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args: Any, instansi_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, BARIS_KOMPETENSI + 1):
            self.fields[f"kompetensi_{i}"] = forms.ModelChoiceField(
                label=_("Kompetensi %(nomor)s") % {"nomor": i}, queryset=kompetensi_qs(instansi_id), required=False
            )
            self.fields[f"level_{i}"] = forms.TypedChoiceField(
                label=_("Level dicapai"), choices=LEVEL, coerce=int, empty_value=None, required=False
            )
        self._style_widgets()

    @property
    def baris_kompetensi(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"kompetensi_{i}"], self[f"level_{i}"]) for i in range(1, BARIS_KOMPETENSI + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(1, BARIS_KOMPETENSI + 1):
            if data.get(f"kompetensi_{i}") is not None and data.get(f"level_{i}") is None:
                self.add_error(f"level_{i}", gettext("Pilih level 1 sampai 5 untuk kompetensi ini."))
        return data

    def data_program(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in FIELDS if name in self.cleaned_data}

    def kompetensi_dibangun(self) -> list[tuple[Kompetensi, int]]:
        return [
            (self.cleaned_data[f"kompetensi_{i}"], self.cleaned_data[f"level_{i}"])
            for i in range(1, BARIS_KOMPETENSI + 1)
            if self.cleaned_data.get(f"kompetensi_{i}") is not None
        ]

    @classmethod
    def initial_from(cls, program: ProgramPelatihan) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(program, name) for name in FIELDS}
        for i, pk in enumerate(program.kompetensi_dibangun.all(), start=1):
            initial[f"kompetensi_{i}"] = pk.kompetensi_id
            initial[f"level_{i}"] = pk.level
        return initial
