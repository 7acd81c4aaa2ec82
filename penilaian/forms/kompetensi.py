"""Plain forms of the kompetensi pages: a teknis kompetensi, the standard of a jabatan, an
assessment, the import uploads and the list filters. They check input; the services check the
rules, and their errors come back onto these fields."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Model, Q
from django.utils.translation import gettext_lazy as _

from pegawai.forms import KOSONG, BootstrapMixin, PilihanJarakJauhField, pegawai_field, unit_kerja_field
from pegawai.models import Jabatan, User
from pegawai.permissions import instansi_q
from pegawai.selectors import jabatan_pilihan_qs, jabatan_pilihan_text
from penilaian.models import Kompetensi, MetodeAsesmen
from penilaian.rules import KategoriJPM

LEVEL_PILIHAN = [("", "—"), *((str(i), str(i)) for i in range(1, 6))]
UKURAN_BERKAS_MAKS = 20 * 1024 * 1024


class _Form(BootstrapMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: (v.pk if isinstance(v, Model) else v) for k, v in self.cleaned_data.items() if v not in (None, "")}


def _cakup(form: forms.Form, user: User) -> None:
    for field in form.fields.values():
        if isinstance(field, PilihanJarakJauhField):
            field.cakupan = instansi_q(user)


class KompetensiForm(_Form):
    kode = forms.CharField(label=_("Kode"), max_length=30)
    nama = forms.CharField(label=_("Nama"), max_length=150)
    deskripsi = forms.CharField(label=_("Deskripsi"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    level_1 = forms.CharField(label=_("Level 1"), widget=forms.Textarea(attrs={"rows": 2}))
    level_2 = forms.CharField(label=_("Level 2"), widget=forms.Textarea(attrs={"rows": 2}))
    level_3 = forms.CharField(label=_("Level 3"), widget=forms.Textarea(attrs={"rows": 2}))
    level_4 = forms.CharField(label=_("Level 4"), widget=forms.Textarea(attrs={"rows": 2}))
    level_5 = forms.CharField(label=_("Level 5"), widget=forms.Textarea(attrs={"rows": 2}))
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    @classmethod
    def initial_of(cls, obj: Kompetensi) -> dict[str, Any]:
        level = list(obj.deskripsi_level or []) + [""] * 5
        return {
            "kode": obj.kode,
            "nama": obj.nama,
            "deskripsi": obj.deskripsi,
            "is_active": obj.is_active,
            **{f"level_{i}": level[i - 1] for i in range(1, 6)},
        }

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "kode": d["kode"],
            "nama": d["nama"],
            "deskripsi": d["deskripsi"],
            "deskripsi_level": [d[f"level_{i}"] for i in range(1, 6)],
        }


def _nama_level(kompetensi: Kompetensi) -> str:
    return f"kompetensi_{kompetensi.pk}"


class _LevelForm(_Form):
    """One level field (empty or 1–5) per kompetensi of the catalogue."""

    def _level_fields(self, kompetensi: list[Kompetensi]) -> None:
        self.kompetensi = kompetensi
        for k in kompetensi:
            self.fields[_nama_level(k)] = forms.TypedChoiceField(
                label=f"{k.kode} {k.nama}", choices=LEVEL_PILIHAN, required=False, coerce=int, empty_value=None
            )

    def level_rows(self) -> list[tuple[Kompetensi, forms.BoundField]]:
        return [(k, self[_nama_level(k)]) for k in self.kompetensi]

    def levels(self) -> dict[int, int | None]:
        return {k.pk: self.cleaned_data.get(_nama_level(k)) for k in self.kompetensi}


class StandarForm(_LevelForm):
    def __init__(self, *args: Any, kompetensi: list[Kompetensi], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._level_fields(kompetensi)
        self._style_widgets()


class AsesmenForm(_LevelForm):
    pegawai = pegawai_field(label=_("Pegawai"))
    tanggal = forms.DateField(label=_("Tanggal asesmen"), widget=forms.DateInput(attrs={"type": "date"}))
    metode = forms.ChoiceField(label=_("Metode"), choices=MetodeAsesmen.choices)
    penyelenggara = forms.CharField(label=_("Penyelenggara"), required=False, max_length=200)
    skor_potensi = forms.DecimalField(
        label=_("Skor potensi"), required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    catatan = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: User, kompetensi: list[Kompetensi], ubah: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _cakup(self, user)
        if ubah:
            del self.fields["pegawai"]
        self._level_fields(kompetensi)
        self._style_widgets()

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "tanggal": d["tanggal"],
            "metode": d["metode"],
            "penyelenggara": d["penyelenggara"],
            "skor_potensi": d["skor_potensi"],
            "catatan": d["catatan"],
            "levels": {k: v for k, v in self.levels().items() if v is not None},
        }


class ImporForm(_Form):
    berkas = forms.FileField(label=_("Berkas CSV atau XLSX"))

    def clean_berkas(self) -> Any:
        berkas = self.cleaned_data["berkas"]
        if not berkas.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Berkas harus berformat .csv atau .xlsx."))
        if berkas.size > UKURAN_BERKAS_MAKS:
            raise forms.ValidationError(_("Berkas paling besar 20 MB."))
        return berkas


class AsesmenFilterForm(_Form):
    unit_kerja = unit_kerja_field(label=_("Unit kerja"), required=False, placeholder=_("Semua unit kerja"))
    metode = forms.ChoiceField(label=_("Metode"), required=False, choices=[*KOSONG, *MetodeAsesmen.choices])
    tahun = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=_("Nama atau NIP"), required=False, max_length=100)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _cakup(self, user)


KATEGORI_PILIHAN = [*KOSONG, *KategoriJPM.choices, ("tanpa_standar", _("Tanpa standar"))]


class JPMFilterForm(_Form):
    unit_kerja = unit_kerja_field(label=_("Unit kerja"), required=False, placeholder=_("Semua unit kerja"))
    jenis_jabatan = forms.ChoiceField(
        label=_("Jenis jabatan"), required=False, choices=[*KOSONG, *Jabatan.Jenis.choices]
    )
    kategori = forms.ChoiceField(label=_("Kategori"), required=False, choices=KATEGORI_PILIHAN)
    q = forms.CharField(label=_("Nama atau NIP"), required=False, max_length=100)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _cakup(self, user)


class JabatanSasaranForm(_Form):
    """A jabatan of the pegawai's instansi that has a standar kompetensi (others have no JPM),
    chosen with a type-ahead (an instansi has tens of thousands of jabatan)."""

    jabatan = PilihanJarakJauhField(
        label=_("Bandingkan dengan jabatan"),
        url_name="penilaian:pilihan-jabatan-sasaran",
        queryset=jabatan_pilihan_qs,
        text=jabatan_pilihan_text,
        required=False,
        placeholder=_("— pilih jabatan —"),
        error_messages={"invalid_choice": _("Pilih jabatan instansi ini yang memiliki standar kompetensi.")},
    )

    def __init__(self, *args: Any, instansi_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(PilihanJarakJauhField, self.fields["jabatan"])
        field.cakupan = Q(instansi_id=instansi_id, standar_kompetensi__isnull=False)

    def sasaran(self) -> Jabatan | None:
        """The chosen jabatan of the pegawai's instansi (None when absent or not one of them)."""
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data.get("jabatan")
