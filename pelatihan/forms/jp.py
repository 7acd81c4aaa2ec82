"""Forms of the JP ledger pages: record and complete training, certificate, evaluation, filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pegawai.forms import BootstrapMixin
from pegawai.models import JenisASN, Pegawai, UnitKerja
from pelatihan.models import ProgramPelatihan, RiwayatPelatihan
from pelatihan.rules import Bentuk

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Styled(BootstrapMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()


class RiwayatCatatForm(_Styled):
    pegawai = forms.ModelChoiceField(label=_("Pegawai"), queryset=Pegawai.objects.none())
    program = forms.ModelChoiceField(
        label=_("Program katalog"),
        queryset=ProgramPelatihan.objects.none(),
        required=False,
        help_text=_("Kosongkan untuk pelatihan di luar katalog."),
    )
    nama = forms.CharField(label=_("Nama pelatihan"), max_length=200, required=False)
    bentuk = forms.ChoiceField(label=_("Bentuk"), choices=[("", "—"), *Bentuk.choices], required=False)
    penyelenggara = forms.CharField(label=_("Penyelenggara"), max_length=200, required=False)
    tanggal_mulai = forms.DateField(label=_("Tanggal mulai"), widget=DATE)
    tanggal_selesai = forms.DateField(label=_("Tanggal selesai"), widget=DATE)
    jp = forms.DecimalField(label=_("JP"), max_digits=6, decimal_places=2, min_value=0, required=False)
    biaya = forms.DecimalField(label=_("Biaya (Rp)"), max_digits=14, decimal_places=2, min_value=0, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s, label) for s, label in RiwayatPelatihan.Status.choices if s in ("terjadwal", "selesai")],
    )
    nomor_sertifikat = forms.CharField(label=_("Nomor sertifikat"), max_length=100, required=False)

    def __init__(self, *args: Any, pegawai_qs: QuerySet[Pegawai], program_qs: QuerySet[ProgramPelatihan], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["pegawai"].queryset = pegawai_qs  # type: ignore[attr-defined]
        self.fields["program"].queryset = program_qs  # type: ignore[attr-defined]


class RiwayatSelesaiForm(_Styled):
    jp = forms.DecimalField(label=_("JP"), max_digits=6, decimal_places=2, min_value=0, required=False)
    nilai_peserta = forms.DecimalField(
        label=_("Nilai peserta"), max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )
    nomor_sertifikat = forms.CharField(label=_("Nomor sertifikat"), max_length=100, required=False)


class ProgramSelesaiForm(_Styled):
    program = forms.ModelChoiceField(label=_("Program"), queryset=ProgramPelatihan.objects.none())

    def __init__(self, *args: Any, program_qs: QuerySet[ProgramPelatihan], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["program"].queryset = program_qs  # type: ignore[attr-defined]


class SertifikatForm(_Styled):
    sertifikat = forms.FileField(label=_("Sertifikat (PDF, JPG atau PNG, maks. 5 MB)"))


class EvaluasiForm(_Styled):
    nilai_evaluasi = forms.TypedChoiceField(
        label=_("Penilaian Anda atas pelatihan"), coerce=int, choices=[(i, str(i)) for i in range(1, 6)]
    )
    catatan_evaluasi = forms.CharField(label=_("Komentar"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RiwayatFilterForm(_Styled):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Semua")), *RiwayatPelatihan.Status.choices], required=False
    )
    program = forms.ModelChoiceField(label=_("Program"), queryset=ProgramPelatihan.objects.none(), required=False)
    q = forms.CharField(label=_("Cari nama/NIP/pelatihan"), max_length=100, required=False)

    def __init__(self, *args: Any, program_qs: QuerySet[ProgramPelatihan], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["program"].queryset = program_qs  # type: ignore[attr-defined]


class JPFilterForm(_Styled):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    unit_kerja = forms.ModelChoiceField(label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False)
    jenis_asn = forms.ChoiceField(label=_("Jenis ASN"), choices=[("", _("Semua")), *JenisASN.choices], required=False)
    q = forms.CharField(label=_("Cari nama/NIP"), max_length=100, required=False)

    def __init__(self, *args: Any, unit_qs: QuerySet[UnitKerja], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["unit_kerja"].queryset = unit_qs  # type: ignore[attr-defined]


class TahunForm(_Styled):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
