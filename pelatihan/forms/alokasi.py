"""Forms of the allocation pages: a new run, and a BKD adjustment of one row."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pelatihan.models import ProgramPelatihan
from pelatihan.services.alokasi import TAHUN_MAKS, TAHUN_MIN


class AlokasiBuatForm(forms.Form):
    nama = forms.CharField(label=_("Nama"), max_length=200)
    tahun = forms.IntegerField(label=_("Tahun"), min_value=TAHUN_MIN, max_value=TAHUN_MAKS)
    anggaran = forms.DecimalField(label=_("Anggaran (Rp)"), min_value=0, max_digits=16, decimal_places=2)
    program = forms.ModelMultipleChoiceField(
        label=_("Program (kosong: semua program aktif tahun itu)"),
        queryset=ProgramPelatihan.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, program_qs: QuerySet[ProgramPelatihan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = program_qs  # type: ignore[attr-defined]


class PesertaSesuaikanForm(forms.Form):
    terpilih = forms.TypedChoiceField(
        label=_("Keputusan"),
        choices=[("1", _("Masukkan")), ("0", _("Keluarkan"))],
        coerce=lambda v: v == "1",
    )
    program = forms.ModelChoiceField(label=_("Program"), queryset=ProgramPelatihan.objects.none(), required=False)
    catatan = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, program_qs: QuerySet[ProgramPelatihan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = program_qs  # type: ignore[attr-defined]
