"""Plain forms for the pegawai pages. They validate input; the views hand the cleaned data to one
service call and put the service's ValidationError back on the fields."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.policies import (
    DIMENSI_KEADILAN,
    DIMENSI_KEADILAN_LABEL,
    JENIS_JABATAN,
    JENIS_PERIODE,
    MUTU_IKM,
    PREDIKAT,
    Kebijakan,
)

from . import selectors
from .models import (
    Golongan,
    HukumanDisiplin,
    Instansi,
    Jabatan,
    JenisASN,
    JenisKelamin,
    Pegawai,
    Pendidikan,
    RiwayatPangkat,
    UnitKerja,
    User,
)
from .permissions import instansi_q

KOSONG: list[tuple[Any, Any]] = [("", "—")]


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BootstrapMixin:
    """Bootstrap 5 classes on every widget, and ``is-invalid`` on fields with errors."""

    fields: dict[str, forms.Field]

    def _style_widgets(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput,)):
                css = "form-check-input"
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                css = ""
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        for name in getattr(self, "_errors", None) or {}:
            if name in self.fields:
                w = self.fields[name].widget
                if "is-invalid" not in w.attrs.get("class", ""):
                    w.attrs["class"] = f"{w.attrs.get('class', '')} is-invalid".strip()
                    w.attrs["aria-invalid"] = "true"


def apply_service_errors(form: forms.Form, error: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError back on the form: known fields get their messages, anything
    else becomes a form-wide error, so no message is lost."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = field_map.get(name, name)
            messages = [m for e in errors for m in e.messages]
            if target in form.fields:
                form.add_error(target, messages)
            else:
                form.add_error(None, messages if name == NON_FIELD_ERRORS else [f"{name}: {m}" for m in messages])
    else:
        form.add_error(None, error.messages)


# ---------------------------------------------------------------------------------------------
# Type-ahead selects for tables too large to list (unit kerja, jabatan, pegawai)

# Ids are bigint: anything larger is not an id (and would make PostgreSQL fail, not answer "no").
_ID_MAKS = 2**63 - 1


class PilihanJarakJauhWidget(forms.Select):
    """A <select> holding only the chosen option. ``static/js/pilihan.js`` turns it into a Tom Select
    type-ahead that asks ``data-pilihan-url`` for matches as the user types."""

    field: PilihanJarakJauhField | None = None

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        field = self.field
        if field is not None:
            self.choices = field.pilihan_untuk(self.format_value(value))
            attrs = {**(attrs or {}), **field.data_attrs()}
        return super().get_context(name, value, attrs)


class PilihanJarakJauhField(forms.Field):
    """A reference to one row of a large table, chosen with a type-ahead.

    The form sets ``cakupan`` (the rows that may be chosen: the instansi, minus exceptions); until
    then nothing validates. ``clean`` returns the object (one query, by id, within ``cakupan``), or
    raises ``invalid_choice`` naming the field. ``url_params`` go with every type-ahead request
    (``kecuali``); ``induk`` names another field of the same form whose current value goes with
    every request under that name (the jabatan of the chosen unit)."""

    widget = PilihanJarakJauhWidget
    default_error_messages = {"invalid_choice": _("Pilih data yang ada di instansi ini.")}

    def __init__(
        self,
        *,
        url_name: str,
        queryset: Callable[[], QuerySet[Any]],
        text: Callable[[Any], str],
        placeholder: Any = None,
        induk: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.url_name = url_name
        self.queryset = queryset
        self.text = text
        self.placeholder = placeholder
        self.induk = induk
        self.cakupan: Q = Q(pk__in=[])
        self.url_params: dict[str, Any] = {}
        self._found: dict[int, Any] = {}
        self.widget.field = self

    def __deepcopy__(self, memo: dict[int, Any]) -> PilihanJarakJauhField:
        result = super().__deepcopy__(memo)
        result.url_params = copy.copy(self.url_params)
        result._found = {}
        result.widget.field = result
        return result

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, Model):
            return value.pk
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= _ID_MAKS:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return int(text)

    def clean(self, value: Any) -> Any:
        pk = self.to_python(value)
        self.validate(pk)
        if pk is None:
            return None
        found = self.get(pk)
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self.disabled:
            return False
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True

    def get(self, pk: int) -> Any:
        """The row with this id within ``cakupan``, or None; each id is read once per form."""
        if pk not in self._found:
            self._found[pk] = self.queryset().filter(self.cakupan, pk=pk).first()
        return self._found[pk]

    def pilihan_untuk(self, values: list[str]) -> list[tuple[Any, str]]:
        """The options to render: an empty one, and the chosen row if it is one the user may pick."""
        choices: list[tuple[Any, str]] = [("", "")]
        for value in values:
            try:
                pk = self.to_python(value)
            except ValidationError:
                continue
            found = self.get(pk) if pk is not None else None
            if found is not None:
                choices.append((found.pk, self.text(found)))
        return choices

    def data_attrs(self) -> dict[str, Any]:
        url = reverse(self.url_name)
        if self.url_params:
            url = f"{url}?{urlencode(self.url_params)}"
        attrs: dict[str, Any] = {
            "data-pilihan-url": url,
            "data-pilihan-placeholder": self.placeholder or _("Ketik untuk mencari…"),
            "data-pilihan-kosong": _("Tidak ada yang cocok."),
            "data-pilihan-memuat": _("Memuat…"),
        }
        if self.induk:
            attrs["data-pilihan-induk"] = self.induk
        return attrs


def unit_kerja_field(**kwargs: Any) -> PilihanJarakJauhField:
    kwargs.setdefault("error_messages", {"invalid_choice": _("Pilih unit kerja yang ada di instansi ini.")})
    return PilihanJarakJauhField(
        url_name="pegawai:pilihan-unit-kerja",
        queryset=selectors.unit_kerja_pilihan_qs,
        text=selectors.unit_kerja_pilihan_text,
        **kwargs,
    )


def jabatan_field(**kwargs: Any) -> PilihanJarakJauhField:
    kwargs.setdefault("error_messages", {"invalid_choice": _("Pilih jabatan yang ada di instansi ini.")})
    return PilihanJarakJauhField(
        url_name="pegawai:pilihan-jabatan",
        queryset=selectors.jabatan_pilihan_qs,
        text=selectors.jabatan_pilihan_text,
        **kwargs,
    )


def pegawai_field(**kwargs: Any) -> PilihanJarakJauhField:
    kwargs.setdefault("error_messages", {"invalid_choice": _("Pilih pegawai yang ada di instansi ini.")})
    return PilihanJarakJauhField(
        url_name="pegawai:pilihan-pegawai",
        queryset=selectors.pegawai_pilihan_qs,
        text=selectors.pegawai_pilihan_text,
        **kwargs,
    )


def _cakup(form: forms.Form, cakupan: Q) -> None:
    """Limit every type-ahead field of the form to ``cakupan`` (the rows of the user's instansi)."""
    for field in form.fields.values():
        if isinstance(field, PilihanJarakJauhField):
            field.cakupan = cakupan


def _pilihan(form: forms.Form, name: str) -> PilihanJarakJauhField:
    return cast(PilihanJarakJauhField, form.fields[name])


def _filter_value(value: Any) -> str:
    return str(value.pk) if isinstance(value, Model) else str(value)


def _golongan_choices(golongan: Iterable[Golongan]) -> list[tuple[Any, Any]]:
    """Golongan grouped by PNS/PPPK for a select box."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for g in golongan:
        groups.setdefault(g.jenis_asn, []).append((g.pk, str(g)))
    return list(groups.items())


class _ScopedChoices:
    """Turns a selected golongan id back into the object (golongan is reference data, 34 rows)."""

    instansi: Instansi | None
    _golongan: dict[int, Golongan]

    def _gol(self, pk: int | None) -> Golongan | None:
        return None if pk is None else self._golongan.get(pk)


# ---------------------------------------------------------------------------------------------
# Filters of the list pages


class PegawaiFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Nama atau NIP"), required=False, max_length=100)
    unit_kerja = unit_kerja_field(label=_("Unit kerja"), required=False, placeholder=_("Semua unit kerja"))
    jenis_jabatan = forms.ChoiceField(label=_("Jenis jabatan"), required=False, choices=KOSONG + Jabatan.Jenis.choices)
    golongan = forms.TypedChoiceField(label=_("Golongan"), required=False, coerce=int, empty_value=None)
    pendidikan = forms.ChoiceField(label=_("Pendidikan"), required=False, choices=KOSONG + Pendidikan.choices)
    jenis_kelamin = forms.ChoiceField(label=_("Jenis kelamin"), required=False, choices=KOSONG + JenisKelamin.choices)
    jenis_asn = forms.ChoiceField(label=_("PNS/PPPK"), required=False, choices=KOSONG + JenisASN.choices)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=KOSONG + Pegawai.Status.choices)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _cakup(self, instansi_q(user))
        self.fields["golongan"].choices = KOSONG + _golongan_choices(selectors.golongan_list())  # type: ignore[attr-defined]
        self._style_widgets()

    def filters(self) -> dict[str, Any]:
        """The valid, non-empty filters, in the form PegawaiFilter reads them."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {k: _filter_value(v) for k, v in data.items() if v not in (None, "")}


class JabatanFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Nama jabatan"), required=False, max_length=100)
    jenis = forms.ChoiceField(label=_("Jenis jabatan"), required=False, choices=KOSONG + Jabatan.Jenis.choices)
    unit_kerja = unit_kerja_field(label=_("Unit kerja"), required=False, placeholder=_("Semua unit kerja"))
    lowong = forms.BooleanField(label=_("Hanya yang lowong"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _cakup(self, instansi_q(user))
        self._style_widgets()

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = dict(getattr(self, "cleaned_data", {}))
        out = {k: _filter_value(v) for k, v in data.items() if k != "lowong" and v not in (None, "")}
        if data.get("lowong"):
            out["lowong"] = "true"
        return out


# ---------------------------------------------------------------------------------------------
# Pegawai


class PegawaiForm(_ScopedChoices, BootstrapMixin, forms.Form):
    jenis_asn = forms.ChoiceField(label=_("Jenis ASN"), choices=JenisASN.choices)
    nip = forms.CharField(
        label=_("NIP"),
        max_length=18,
        help_text=_("18 angka: tanggal lahir, TMT CPNS, jenis kelamin, nomor urut (DOMAIN.md §7)."),
    )
    gelar_depan = forms.CharField(label=_("Gelar depan"), max_length=30, required=False)
    nama = forms.CharField(label=_("Nama"), max_length=150)
    gelar_belakang = forms.CharField(label=_("Gelar belakang"), max_length=60, required=False)
    jenis_kelamin = forms.ChoiceField(label=_("Jenis kelamin"), choices=JenisKelamin.choices)
    tempat_lahir = forms.CharField(label=_("Tempat lahir"), max_length=100, required=False)
    tanggal_lahir = forms.DateField(label=_("Tanggal lahir"), widget=_date_widget())
    nik = forms.CharField(
        label=_("NIK"), max_length=16, required=False, help_text=_("16 angka; tanggal lahir perempuan ditambah 40.")
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    pendidikan_terakhir = forms.ChoiceField(label=_("Pendidikan terakhir"), choices=Pendidikan.choices)
    tmt_cpns = forms.DateField(label=_("TMT CPNS/PPPK"), widget=_date_widget())
    golongan = forms.TypedChoiceField(label=_("Golongan"), coerce=int)
    tmt_golongan = forms.DateField(label=_("TMT golongan"), widget=_date_widget())
    unit_kerja = unit_kerja_field(label=_("Unit kerja"))
    jabatan = jabatan_field(
        label=_("Jabatan"),
        required=False,
        induk="unit_kerja",
        help_text=_("Pilihan mengikuti unit kerja yang dipilih."),
    )
    tmt_jabatan = forms.DateField(label=_("TMT jabatan"), required=False, widget=_date_widget())

    def __init__(self, *args: Any, user: User, instansi: Instansi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        golongan = list(selectors.golongan_list())
        self._golongan = {g.pk: g for g in golongan}
        self.fields["golongan"].choices = KOSONG + _golongan_choices(golongan)  # type: ignore[attr-defined]
        _cakup(self, Q(instansi=instansi))
        self._style_widgets()

    def clean_nip(self) -> str:
        return str(self.cleaned_data["nip"]).strip()

    def clean_nik(self) -> str:
        return str(self.cleaned_data["nik"]).strip()

    def service_data(self, only: Iterable[str] | None = None) -> dict[str, Any]:
        """Cleaned data with ids turned into objects; ``only`` keeps just those fields."""
        data = dict(self.cleaned_data)
        data["golongan"] = self._gol(data.get("golongan"))
        if only is not None:
            keep = set(only)
            data = {k: v for k, v in data.items() if k in keep}
        return data


class PegawaiUpdateForm(PegawaiForm):
    status = forms.ChoiceField(label=_("Status"), choices=Pegawai.Status.choices)
    atasan_override = pegawai_field(
        label=_("Pejabat penilai (pengecualian)"),
        required=False,
        placeholder=_("Ketik nama atau NIP…"),
        help_text=_(
            "Kosongkan agar pejabat penilai mengikuti pohon jabatan (pemangku jabatan atasan). "
            "Isi hanya untuk pengecualian, misalnya Plt."
        ),
        error_messages={"invalid_choice": _("Pilih pegawai lain yang ada di instansi ini.")},
    )

    def __init__(self, *args: Any, pegawai: Pegawai, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                **{name: getattr(pegawai, name) for name in PEGAWAI_FORM_FIELDS},
                "golongan": pegawai.golongan_id,
                "unit_kerja": pegawai.unit_kerja_id,
                "jabatan": pegawai.jabatan_id,
                "atasan_override": pegawai.atasan_override_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.pegawai = pegawai
        field = _pilihan(self, "atasan_override")
        # another pegawai of the instansi: never the pegawai themself
        field.cakupan = Q(instansi=self.instansi) & ~Q(pk=pegawai.pk)
        field.url_params = {"kecuali": pegawai.pk}

    def changed_service_data(self) -> dict[str, Any]:
        """Only the fields the user changed, as the service names them."""
        return self.service_data(only=self.changed_data)


PEGAWAI_FORM_FIELDS = [
    "jenis_asn",
    "nip",
    "gelar_depan",
    "nama",
    "gelar_belakang",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "nik",
    "email",
    "pendidikan_terakhir",
    "tmt_cpns",
    "tmt_golongan",
    "tmt_jabatan",
    "status",
]


# ---------------------------------------------------------------------------------------------
# Riwayat and hukuman disiplin, added from the profile


class RiwayatPangkatForm(_ScopedChoices, BootstrapMixin, forms.Form):
    golongan = forms.TypedChoiceField(label=_("Golongan"), coerce=int)
    tmt = forms.DateField(label=_("TMT"), widget=_date_widget())
    jenis = forms.ChoiceField(label=_("Jenis kenaikan"), choices=RiwayatPangkat.Jenis.choices)
    nomor_sk = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)
    tanggal_sk = forms.DateField(label=_("Tanggal SK"), required=False, widget=_date_widget())

    def __init__(self, *args: Any, pegawai: Pegawai, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instansi = pegawai.instansi
        golongan = list(selectors.golongan_list(jenis_asn=pegawai.jenis_asn))
        self._golongan = {g.pk: g for g in golongan}
        self.fields["golongan"].choices = KOSONG + [(g.pk, str(g)) for g in golongan]  # type: ignore[attr-defined]
        self._style_widgets()

    def service_data(self) -> dict[str, Any]:
        return {**self.cleaned_data, "golongan": self._gol(self.cleaned_data["golongan"])}


class RiwayatJabatanForm(_ScopedChoices, BootstrapMixin, forms.Form):
    jabatan = jabatan_field(
        label=_("Jabatan di instansi ini"),
        required=False,
        help_text=_("Opsional; kosongkan untuk jabatan di luar instansi atau yang sudah dihapus."),
    )
    nama_jabatan = forms.CharField(label=_("Nama jabatan"), max_length=200)
    nama_unit = forms.CharField(label=_("Unit kerja"), max_length=200, required=False)
    jenis_jabatan = forms.ChoiceField(label=_("Jenis jabatan"), choices=Jabatan.Jenis.choices)
    tmt = forms.DateField(label=_("TMT"), widget=_date_widget())
    tmt_selesai = forms.DateField(label=_("Sampai"), required=False, widget=_date_widget())
    nomor_sk = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)

    def __init__(self, *args: Any, user: User, pegawai: Pegawai, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instansi = pegawai.instansi
        _cakup(self, Q(instansi=pegawai.instansi))
        self._style_widgets()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mulai, selesai = data.get("tmt"), data.get("tmt_selesai")
        if mulai and selesai and selesai < mulai:
            self.add_error("tmt_selesai", _("Tanggal selesai tidak boleh sebelum TMT."))
        return data

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class RiwayatPendidikanForm(BootstrapMixin, forms.Form):
    tingkat = forms.ChoiceField(label=_("Tingkat"), choices=Pendidikan.choices)
    jurusan = forms.CharField(label=_("Jurusan"), max_length=150, required=False)
    institusi = forms.CharField(label=_("Institusi"), max_length=200, required=False)
    tahun_lulus = forms.IntegerField(label=_("Tahun lulus"), min_value=1940, max_value=2100)

    def __init__(self, *args: Any, pegawai: Pegawai, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class HukumanDisiplinForm(BootstrapMixin, forms.Form):
    tingkat = forms.ChoiceField(label=_("Tingkat"), choices=HukumanDisiplin.Tingkat.choices)
    jenis = forms.ChoiceField(
        label=_("Jenis hukuman"),
        choices=HukumanDisiplin.Jenis.choices,
        help_text=_(
            "Harus sesuai tingkatnya (PP 94/2021): ringan = teguran/pernyataan; sedang = potong tukin 25%; "
            "berat = penurunan/pembebasan jabatan atau pemberhentian."
        ),
    )
    tmt_mulai = forms.DateField(label=_("Mulai"), widget=_date_widget())
    tmt_selesai = forms.DateField(label=_("Selesai"), required=False, widget=_date_widget())
    nomor_sk = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)
    keterangan = forms.CharField(label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, pegawai: Pegawai, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mulai, selesai = data.get("tmt_mulai"), data.get("tmt_selesai")
        if mulai and selesai and selesai < mulai:
            self.add_error("tmt_selesai", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class RiwayatCLTNForm(BootstrapMixin, forms.Form):
    tmt_mulai = forms.DateField(label=_("Mulai"), widget=_date_widget())
    tmt_selesai = forms.DateField(
        label=_("Selesai"),
        required=False,
        widget=_date_widget(),
        help_text=_("Kosongkan bila CLTN masih berjalan."),
    )
    nomor_sk = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)

    def __init__(self, *args: Any, pegawai: Pegawai, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


# ---------------------------------------------------------------------------------------------
# Organisation


class UnitKerjaForm(_ScopedChoices, BootstrapMixin, forms.Form):
    nama = forms.CharField(label=_("Nama"), max_length=200)
    kode = forms.CharField(label=_("Kode"), max_length=40, help_text=_("Unik di instansi ini."))
    jenis = forms.ChoiceField(label=_("Jenis"), choices=UnitKerja.Jenis.choices)
    parent = unit_kerja_field(
        label=_("Unit induk"),
        required=False,
        placeholder=_("Tanpa induk (perangkat daerah)"),
        help_text=_("Ketik nama atau kode unit induk."),
    )
    is_unit_layanan = forms.BooleanField(
        label=_("Unit layanan"), required=False, help_text=_("Melayani publik dan disurvei untuk IKM (DOMAIN.md §2).")
    )

    def __init__(self, *args: Any, user: User, instansi: Instansi, unit: UnitKerja | None = None, **kwargs: Any):
        if unit is not None:
            kwargs.setdefault(
                "initial",
                {
                    "nama": unit.nama,
                    "kode": unit.kode,
                    "jenis": unit.jenis,
                    "parent": unit.parent_id,
                    "is_unit_layanan": unit.is_unit_layanan,
                },
            )
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        _cakup(self, Q(instansi=instansi))
        if unit is not None:
            # a unit cannot move under itself or its own subtree: the type-ahead leaves them out
            # and the service refuses them
            _pilihan(self, "parent").url_params = {"kecuali": unit.pk}
        self._style_widgets()

    def service_data(self, only: Iterable[str] | None = None) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if only is not None:
            data = {k: v for k, v in data.items() if k in set(only)}
        return data


class JabatanForm(_ScopedChoices, BootstrapMixin, forms.Form):
    nama = forms.CharField(label=_("Nama jabatan"), max_length=200)
    unit_kerja = unit_kerja_field(label=_("Unit kerja"))
    jenis = forms.ChoiceField(label=_("Jenis jabatan"), choices=Jabatan.Jenis.choices)
    jenjang = forms.ChoiceField(
        label=_("Jenjang"),
        required=False,
        choices=KOSONG + Jabatan.Jenjang.choices,
        help_text=_("Hanya untuk jabatan fungsional: keahlian (Ahli ...) atau keterampilan (Pemula ... Penyelia)."),
    )
    eselon = forms.ChoiceField(label=_("Eselon"), required=False, choices=KOSONG + Jabatan.Eselon.choices)
    atasan = jabatan_field(
        label=_("Jabatan atasan"),
        required=False,
        help_text=_("Pemangkunya menjadi pejabat penilai bagi pemangku jabatan ini."),
    )
    is_kepala_unit = forms.BooleanField(label=_("Kepala unit"), required=False)
    kebutuhan = forms.IntegerField(
        label=_("Kebutuhan (formasi)"),
        min_value=1,
        max_value=32767,
        initial=1,
        help_text=_("Jumlah pemangku yang dibutuhkan."),
    )
    pendidikan_minimal = forms.ChoiceField(
        label=_("Pendidikan minimal"), required=False, choices=KOSONG + Pendidikan.choices
    )
    golongan_minimal = forms.TypedChoiceField(label=_("Golongan minimal"), coerce=int, required=False, empty_value=None)
    golongan_maksimal = forms.TypedChoiceField(
        label=_("Golongan maksimal"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, user: User, instansi: Instansi, jabatan: Jabatan | None = None, **kwargs: Any):
        if jabatan is not None:
            kwargs.setdefault(
                "initial",
                {
                    "nama": jabatan.nama,
                    "unit_kerja": jabatan.unit_kerja_id,
                    "jenis": jabatan.jenis,
                    "jenjang": jabatan.jenjang,
                    "eselon": jabatan.eselon,
                    "atasan": jabatan.atasan_id,
                    "is_kepala_unit": jabatan.is_kepala_unit,
                    "kebutuhan": jabatan.kebutuhan,
                    "pendidikan_minimal": jabatan.pendidikan_minimal,
                    "golongan_minimal": jabatan.golongan_minimal_id,
                    "golongan_maksimal": jabatan.golongan_maksimal_id,
                },
            )
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        golongan = list(selectors.golongan_list())
        self._golongan = {g.pk: g for g in golongan}
        gol_choices = KOSONG + _golongan_choices(golongan)
        self.fields["golongan_minimal"].choices = gol_choices  # type: ignore[attr-defined]
        self.fields["golongan_maksimal"].choices = gol_choices  # type: ignore[attr-defined]
        _cakup(self, Q(instansi=instansi))
        if jabatan is not None:
            # not itself nor anyone reporting to it: the type-ahead leaves them out, the service refuses them
            _pilihan(self, "atasan").url_params = {"kecuali": jabatan.pk}
        self._style_widgets()

    def service_data(self, only: Iterable[str] | None = None) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["golongan_minimal"] = self._gol(d.get("golongan_minimal"))
        d["golongan_maksimal"] = self._gol(d.get("golongan_maksimal"))
        if only is not None:
            d = {k: v for k, v in d.items() if k in set(only)}
        return d


# ---------------------------------------------------------------------------------------------
# Kebijakan instansi (common.policies.Kebijakan): every field, with the rule it comes from

BULAN = [
    (1, _("Januari")),
    (2, _("Februari")),
    (3, _("Maret")),
    (4, _("April")),
    (5, _("Mei")),
    (6, _("Juni")),
    (7, _("Juli")),
    (8, _("Agustus")),
    (9, _("September")),
    (10, _("Oktober")),
    (11, _("November")),
    (12, _("Desember")),
]

JENIS_JABATAN_LABEL = dict(Jabatan.Jenis.choices)
# the labels of penilaian.rules.Predikat (pegawai sits below penilaian)
PREDIKAT_LABEL = (_("Sangat Baik"), _("Baik"), _("Butuh Perbaikan"), _("Kurang/Misconduct"), _("Sangat Kurang"))
PREDIKAT_PILIHAN = list(zip(PREDIKAT, PREDIKAT_LABEL, strict=True))
# multiple-choice policies of text values, stored sorted
TEKS_GANDA = ("kinerja_di_atas_predikat", "kinerja_sesuai_predikat", "penghargaan_mutu_ikm")

JENIS_PERIODE_LABEL = {"bulanan": _("Bulanan"), "triwulanan": _("Triwulanan"), "semesteran": _("Semesteran")}


def _persen(label: Any, help_text: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=Decimal(0), max_value=Decimal(100), max_digits=5, decimal_places=2, help_text=help_text
    )


class KebijakanForm(BootstrapMixin, forms.Form):
    jenis_periode = forms.ChoiceField(
        label=_("Jenis periode penilaian"),
        choices=[(k, JENIS_PERIODE_LABEL[k]) for k in JENIS_PERIODE],
        help_text=_(
            "DOMAIN.md §1: periode penilaian berkala per instansi; bawaan triwulanan ditambah penilaian tahunan."
        ),
    )
    ikm_minimal_responden = forms.IntegerField(
        label=_("Minimal responden IKM"),
        min_value=1,
        help_text=_("DOMAIN.md §2: jumlah responden minimal per unit dan periode sebelum IKM diterbitkan; bawaan 30."),
    )
    umpan_balik_360_minimal = forms.IntegerField(
        label=_("Minimal jawaban umpan balik 360"),
        min_value=1,
        help_text=_("DOMAIN.md §1: jawaban rekan/bawahan minimal sebelum rekapnya ditampilkan; bawaan 3."),
    )
    potensi_tinggi_minimal = forms.DecimalField(
        label=_("Batas potensi tinggi"),
        max_digits=6,
        decimal_places=2,
        min_value=Decimal(0),
        help_text=_("DOMAIN.md §3: skor potensi ≥ batas ini = Tinggi; bawaan 90."),
    )
    potensi_menengah_minimal = forms.DecimalField(
        label=_("Batas potensi menengah"),
        max_digits=6,
        decimal_places=2,
        min_value=Decimal(0),
        help_text=_("DOMAIN.md §3: skor potensi ≥ batas ini (dan di bawah batas tinggi) = Menengah; bawaan 78."),
    )
    jpm_optimal_minimal = _persen(_("JPM optimal (%)"), _("DOMAIN.md §4: JPM ≥ batas ini = Optimal; bawaan 90%."))
    jpm_cukup_optimal_minimal = _persen(
        _("JPM cukup optimal (%)"), _("DOMAIN.md §4: JPM ≥ batas ini = Cukup Optimal; bawaan 78%.")
    )
    jpm_memenuhi_syarat_minimal = _persen(
        _("JPM memenuhi syarat (%)"), _("DOMAIN.md §4: seleksi, JPM ≥ batas ini = Memenuhi Syarat; bawaan 80%.")
    )
    jpm_masih_memenuhi_syarat_minimal = _persen(
        _("JPM masih memenuhi syarat (%)"),
        _("DOMAIN.md §4: seleksi, JPM ≥ batas ini = Masih Memenuhi Syarat; bawaan 68%."),
    )
    jp_minimal_tahunan = forms.IntegerField(
        label=_("JP minimal per tahun"),
        min_value=0,
        help_text=_(
            "DOMAIN.md §5 (PP 11/2017 Pasal 203): hak dan kewajiban pengembangan per PNS per tahun; bawaan 20 JP."
        ),
    )
    kapasitas_mentor = forms.IntegerField(
        label=_("Kapasitas mentor"),
        min_value=1,
        help_text=_("DOMAIN.md §5: jumlah mentee paling banyak per mentor; bawaan 3."),
    )
    bulan_periode_kp = forms.TypedMultipleChoiceField(
        label=_("Bulan periode KP"),
        coerce=int,
        choices=BULAN,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("DOMAIN.md §6: TMT kenaikan pangkat; bawaan tanggal 1 setiap bulan (Peraturan BKN 4/2025)."),
    )
    hukdis_memblokir_karier = forms.BooleanField(
        label=_("Hukdis sedang/berat yang berjalan memblokir KP, promosi dan KRS"),
        required=False,
        help_text=_("DOMAIN.md §6 (PP 94/2021); bawaan aktif."),
    )
    rotasi_minimal_tahun = forms.IntegerField(
        label=_("Rotasi: minimal tahun dalam jabatan"),
        min_value=0,
        help_text=_("DOMAIN.md §6: mutasi tidak sebelum 2 tahun dalam jabatan yang sama; bawaan 2."),
    )
    rotasi_maksimal_tahun = forms.IntegerField(
        label=_("Rotasi: maksimal tahun dalam jabatan"),
        min_value=1,
        help_text=_("DOMAIN.md §6: mutasi tidak sesudah 5 tahun dalam jabatan yang sama; bawaan 5."),
    )

    bobot_hasil_kerja = _persen(
        _("Bobot hasil kerja"),
        _("DOMAIN.md §1: bobot komponen hasil kerja dalam nilai akhir; bawaan 70 (PP 30/2019)."),
    )
    bobot_perilaku = _persen(
        _("Bobot perilaku kerja"),
        _("DOMAIN.md §1: bobot komponen perilaku (umpan balik 360) dalam nilai akhir; bawaan 30."),
    )
    nilai_capaian_maksimal = forms.DecimalField(
        label=_("Nilai capaian maksimal (%)"),
        min_value=Decimal(100),
        max_digits=6,
        decimal_places=2,
        help_text=_("DOMAIN.md §1: rata-rata capaian dibatasi 0 sampai nilai ini dalam nilai hasil kerja; bawaan 120."),
    )
    ikm_bobot_kepala_unit = _persen(
        _("Bobot IKM untuk kepala unit layanan"),
        _("DOMAIN.md §2: IKM unit ikut dalam nilai akhir pimpinan unit layanan dengan bobot ini; bawaan 20."),
    )
    ikm_bobot_pelayanan = _persen(
        _("Bobot IKM untuk petugas layanan"),
        _("DOMAIN.md §2: IKM unit ikut dalam nilai akhir petugas unit layanan dengan bobot ini; bawaan 10."),
    )
    ikm_jenis_jabatan_pelayanan = forms.MultipleChoiceField(
        label=_("Jenis jabatan petugas layanan"),
        choices=[(k, JENIS_JABATAN_LABEL[k]) for k in JENIS_JABATAN],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("DOMAIN.md §2: jenis jabatan di unit layanan yang nilainya memuat IKM unit."),
    )
    pengingat_hari_sebelum_akhir = forms.IntegerField(
        label=_("Pengingat sebelum periode berakhir (hari)"),
        min_value=0,
        help_text=_("Pengingat realisasi dan penilaian dikirim sekian hari sebelum periode berakhir; bawaan 7."),
    )
    keberatan_batas_hari = forms.IntegerField(
        label=_("Batas pengajuan keberatan (hari)"),
        min_value=1,
        help_text=_("DOMAIN.md §1: keberatan atas predikat tahunan diajukan paling lambat sekian hari; bawaan 14."),
    )

    prioritas_kinerja = _persen(
        _("Prioritas kebutuhan: kesenjangan kinerja"),
        _("DOMAIN.md §5: prioritas dasar (0–100) kebutuhan dari predikat Butuh Perbaikan ke bawah; bawaan 80."),
    )
    prioritas_kompetensi = _persen(
        _("Prioritas kebutuhan: kesenjangan kompetensi"),
        _("DOMAIN.md §5: prioritas dasar kesenjangan kompetensi jabatan saat ini; bawaan 50."),
    )
    prioritas_per_level = _persen(
        _("Prioritas tambahan per level kesenjangan"),
        _("Ditambahkan untuk setiap level kompetensi yang kurang, paling tinggi 100; bawaan 10."),
    )
    prioritas_kompetensi_target = _persen(
        _("Prioritas kebutuhan: jabatan target (KRS)"),
        _("DOMAIN.md §5: prioritas dasar kesenjangan terhadap jabatan target anggota KRS; bawaan 40."),
    )
    prioritas_jp = _persen(
        _("Prioritas kebutuhan: kekurangan JP"), _("DOMAIN.md §5: pegawai di bawah JP minimal tahun ini; bawaan 30.")
    )
    prioritas_permintaan = _persen(
        _("Prioritas kebutuhan: permintaan didukung atasan"), _("Permintaan pegawai yang didukung atasan; bawaan 60.")
    )
    prioritas_wajib = _persen(
        _("Prioritas kebutuhan: pelatihan wajib jabatan"),
        _("Program wajib bagi jenis jabatan yang belum pernah diselesaikan; bawaan 70."),
    )
    keadilan_porsi_minimal = _persen(
        _("Porsi adil minimal (%)"),
        _(
            "DOMAIN.md §5: setiap kelompok menerima paling sedikit persentase ini dari porsi proporsionalnya "
            "dalam alokasi; bawaan 80%."
        ),
    )
    keadilan_dimensi = forms.MultipleChoiceField(
        label=_("Dimensi keadilan alokasi"),
        choices=[(k, DIMENSI_KEADILAN_LABEL[k]) for k in DIMENSI_KEADILAN],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Kelompok yang dijaga porsinya saat alokasi; bawaan golongan, jenis kelamin dan unit kerja."),
    )
    bobot_tanpa_pengembangan = forms.DecimalField(
        label=_("Bobot pegawai tanpa pengembangan tahun lalu"),
        min_value=Decimal(1),
        max_digits=4,
        decimal_places=2,
        help_text=_("Manfaat kebutuhan pegawai yang tidak mendapat JP tahun lalu dikalikan bobot ini; bawaan 1,5."),
    )
    maks_program_per_pegawai = forms.IntegerField(
        label=_("Maksimal program per pegawai per alokasi"), min_value=1, help_text=_("Bawaan 2.")
    )
    disparitas_bawah = forms.DecimalField(
        label=_("Batas disparitas bawah (%)"),
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        max_digits=6,
        decimal_places=2,
        help_text=_("Laporan akses adil: porsi peserta di bawah persen ini dari porsi pegawai ditandai; bawaan 80."),
    )
    disparitas_atas = forms.DecimalField(
        label=_("Batas disparitas atas (%)"),
        min_value=Decimal(100),
        max_digits=6,
        decimal_places=2,
        help_text=_("Porsi peserta di atas persentase ini dari porsi pegawai ditandai; bawaan 125."),
    )
    bulan_pengingat_jp = forms.TypedMultipleChoiceField(
        label=_("Bulan pengingat JP"),
        coerce=int,
        choices=BULAN,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tanggal 1 bulan-bulan ini pegawai di bawah JP minimal diingatkan; bawaan Oktober–Desember."),
    )
    mentee_masa_baru_tahun = forms.IntegerField(
        label=_("Mentee: masa kerja atau jabatan baru (tahun)"),
        min_value=0,
        help_text=_("DOMAIN.md §5: ASN baru atau baru dalam jabatan selama sekian tahun jadi calon mentee; bawaan 2."),
    )
    kotak_mentee = forms.TypedMultipleChoiceField(
        label=_("Kotak talenta calon mentee"),
        coerce=int,
        choices=[(k, str(k)) for k in range(1, 10)],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("DOMAIN.md §3: kotak yang tindak lanjutnya memuat coaching; bawaan 2, 3, 5, 6, 8."),
    )
    kinerja_di_atas_predikat = forms.MultipleChoiceField(
        label=_("Kinerja di atas ekspektasi (9-box)"),
        choices=PREDIKAT_PILIHAN,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("DOMAIN.md §3: predikat tahunan yang ditempatkan di baris atas 9-box; bawaan Sangat Baik."),
    )
    kinerja_sesuai_predikat = forms.MultipleChoiceField(
        label=_("Kinerja sesuai ekspektasi (9-box)"),
        choices=PREDIKAT_PILIHAN,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("DOMAIN.md §3: predikat tahunan di baris tengah 9-box; predikat lain di baris bawah; bawaan Baik."),
    )
    rotasi_porsi_maksimal_unit = _persen(
        _("Rotasi: porsi maksimal per unit kerja (%)"),
        _("DOMAIN.md §6: satu putaran rotasi tidak memindahkan lebih dari porsi pegawai aktif unit ini; bawaan 10."),
    )
    bobot_promosi_jpm = forms.IntegerField(
        label=_("Bobot skor promosi: JPM"),
        min_value=0,
        max_value=100,
        help_text=_("Bawaan 50; keempat bobot berjumlah 100."),
    )
    bobot_promosi_kotak = forms.IntegerField(
        label=_("Bobot skor promosi: kotak talenta"), min_value=0, max_value=100, help_text=_("Bawaan 20.")
    )
    bobot_promosi_predikat = forms.IntegerField(
        label=_("Bobot skor promosi: riwayat predikat"), min_value=0, max_value=100, help_text=_("Bawaan 20.")
    )
    bobot_promosi_krs = forms.IntegerField(
        label=_("Bobot skor promosi: anggota KRS"), min_value=0, max_value=100, help_text=_("Bawaan 10.")
    )
    penghargaan_mutu_ikm = forms.MultipleChoiceField(
        label=_("Mutu IKM unit yang mengusulkan pegawai berprestasi"),
        choices=[(m, m) for m in MUTU_IKM],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("DOMAIN.md §3, §2: unit layanan dengan mutu IKM ini mengusulkan pegawai berprestasi; bawaan A."),
    )

    def __init__(self, *args: Any, kebijakan: Kebijakan, **kwargs: Any) -> None:
        initial = kebijakan.to_dict()
        initial = {name: getattr(kebijakan, name) for name in self.base_fields if name in initial}
        initial["bulan_periode_kp"] = list(kebijakan.bulan_periode_kp)
        initial["ikm_jenis_jabatan_pelayanan"] = list(kebijakan.ikm_jenis_jabatan_pelayanan)
        initial["keadilan_dimensi"] = list(kebijakan.keadilan_dimensi)
        initial["bulan_pengingat_jp"] = list(kebijakan.bulan_pengingat_jp)
        initial["kotak_mentee"] = list(kebijakan.kotak_mentee)
        for name in TEKS_GANDA:
            initial[name] = list(getattr(kebijakan, name))
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def changed_kebijakan_data(self) -> dict[str, Any]:
        """The changed settings, JSON-friendly as Instansi.kebijakan_data stores them."""
        out: dict[str, Any] = {}
        for name in self.changed_data:
            value = self.cleaned_data[name]
            if isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, list) and name in ("ikm_jenis_jabatan_pelayanan", "keadilan_dimensi", *TEKS_GANDA):
                value = sorted(value)
            elif isinstance(value, list):
                value = sorted(int(v) for v in value)
            out[name] = value
        return out
