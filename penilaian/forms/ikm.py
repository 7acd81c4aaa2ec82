"""Forms of the IKM pages: the public survey (its fields bind the input; the service checks it and
names every unsur in its messages), the follow-up of a complaint, and the list filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pegawai.forms import BootstrapMixin
from pegawai.models import UnitKerja
from penilaian.models import Periode, ResponsSurvei
from penilaian.rules import UNSUR_IKM, StrOrPromise, UnsurIKM
from penilaian.services.ikm import LAYANAN_MAKS, SARAN_MAKS, TINDAK_LANJUT_MAKS

# The question and the four standard answers of each unsur (PermenPANRB 14/2017), answers 1 to 4.
PERTANYAAN_UNSUR: dict[str, StrOrPromise] = {
    UnsurIKM.U1: _("Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
    UnsurIKM.U2: _("Bagaimana pemahaman Anda tentang kemudahan prosedur pelayanan di unit ini?"),
    UnsurIKM.U3: _("Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?"),
    UnsurIKM.U4: _("Bagaimana pendapat Anda tentang kewajaran biaya/tarif dalam pelayanan?"),
    UnsurIKM.U5: _(
        "Bagaimana pendapat Anda tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
        "pelayanan dengan hasil yang diberikan?"
    ),
    UnsurIKM.U6: _("Bagaimana pendapat Anda tentang kompetensi/kemampuan petugas dalam pelayanan?"),
    UnsurIKM.U7: _("Bagaimana pendapat Anda tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?"),
    UnsurIKM.U8: _("Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?"),
    UnsurIKM.U9: _("Bagaimana pendapat Anda tentang penanganan pengaduan pengguna layanan?"),
}

JAWABAN_UNSUR: dict[str, tuple[StrOrPromise, StrOrPromise, StrOrPromise, StrOrPromise]] = {
    UnsurIKM.U1: (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    UnsurIKM.U2: (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    UnsurIKM.U3: (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    UnsurIKM.U4: (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    UnsurIKM.U5: (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    UnsurIKM.U6: (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    UnsurIKM.U7: (
        _("Tidak sopan dan ramah"),
        _("Kurang sopan dan ramah"),
        _("Sopan dan ramah"),
        _("Sangat sopan dan ramah"),
    ),
    UnsurIKM.U8: (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
    UnsurIKM.U9: (
        _("Tidak ada"),
        _("Ada tetapi tidak berfungsi"),
        _("Berfungsi kurang maksimal"),
        _("Dikelola dengan baik"),
    ),
}


def _pilihan_kosong(choices: Any) -> list[tuple[str, StrOrPromise]]:
    return [("", _("— tidak ingin mengisi —")), *choices]


class SurveiForm(forms.Form):
    """The survey as the public fills it in. Nothing is checked here: the service checks every
    field (so the page and the API give the same messages) and its errors come back onto the form."""

    kelompok_usia = forms.CharField(
        label=_("Kelompok usia"),
        required=False,
        widget=forms.Select(choices=_pilihan_kosong(ResponsSurvei.KelompokUsia.choices)),
    )
    jenis_kelamin = forms.CharField(
        label=_("Jenis kelamin"),
        required=False,
        widget=forms.Select(choices=_pilihan_kosong(ResponsSurvei.JenisKelamin.choices)),
    )
    pendidikan = forms.CharField(
        label=_("Pendidikan terakhir"),
        required=False,
        widget=forms.Select(choices=_pilihan_kosong(ResponsSurvei.Pendidikan.choices)),
    )
    layanan = forms.CharField(
        label=_("Layanan yang Anda terima"),
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"maxlength": LAYANAN_MAKS, "placeholder": _("mis. pemeriksaan umum")}),
    )
    saran = forms.CharField(
        label=_("Pengaduan atau saran (tidak wajib)"),
        required=False,
        strip=True,
        help_text=_(
            "Disampaikan kepada pimpinan unit ini. Jangan menuliskan data pribadi. Paling banyak 2000 karakter."
        ),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": SARAN_MAKS}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kode in UNSUR_IKM:
            self.fields[kode] = forms.CharField(
                label=f"{kode.upper()}. {UnsurIKM(kode).label}",
                required=False,
                widget=forms.RadioSelect(
                    choices=[(str(i), label) for i, label in enumerate(JAWABAN_UNSUR[kode], start=1)],
                    attrs={"class": "btn-check"},
                ),
            )
        for name in ("kelompok_usia", "jenis_kelamin", "pendidikan"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-lg"
        for name in ("layanan", "saran"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-lg"

    def unsur(self) -> list[dict[str, Any]]:
        """The nine questions for the template: bound field, question, error state."""
        return [
            {"kode": kode, "field": self[kode], "pertanyaan": PERTANYAAN_UNSUR[kode], "nomor": i}
            for i, kode in enumerate(UNSUR_IKM, start=1)
        ]

    def profil(self) -> list[forms.BoundField]:
        return [self["kelompok_usia"], self["jenis_kelamin"], self["pendidikan"], self["layanan"]]


class TindakLanjutForm(BootstrapMixin, forms.Form):
    tindak_lanjut = forms.CharField(
        label=_("Tindak lanjut"),
        max_length=TINDAK_LANJUT_MAKS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan tindak lanjutnya.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()


class PeriodeForm(BootstrapMixin, forms.Form):
    """Choose the period of the results pages (GET)."""

    periode = forms.ModelChoiceField(label=_("Periode"), queryset=Periode.objects.none(), required=False)

    def __init__(self, *args: Any, instansi: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["periode"].queryset = Periode.objects.filter(instansi=instansi).order_by("-tahun", "tanggal_mulai")  # type: ignore[attr-defined]
        self._style_widgets()


class PengaduanFilterForm(BootstrapMixin, forms.Form):
    STATUS = [("", _("Semua")), ("baru", _("Belum ditindaklanjuti")), ("ditindaklanjuti", _("Sudah ditindaklanjuti"))]

    unit_kerja = forms.ModelChoiceField(label=_("Unit layanan"), queryset=UnitKerja.objects.none(), required=False)
    periode = forms.ModelChoiceField(label=_("Periode"), queryset=Periode.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS, required=False)
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)

    def __init__(self, *args: Any, units: Any, instansi: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = units  # type: ignore[attr-defined]
        self.fields["periode"].queryset = Periode.objects.filter(instansi=instansi).order_by("-tahun", "tanggal_mulai")  # type: ignore[attr-defined]
        self._style_widgets()

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "unit_kerja": data["unit_kerja"].pk if data.get("unit_kerja") else None,
            "periode": data.get("periode"),
            "status": data.get("status") or "",
            "q": data.get("q") or "",
        }
