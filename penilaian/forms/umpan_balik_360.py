"""Forms of the 360 pages: the answer form (seven values, a score 1–5 and a comment each), and
the request forms (one ratee; BKD also a unit or the whole instansi)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pegawai.forms import BootstrapMixin, PilihanJarakJauhField, pegawai_field, unit_kerja_field
from pegawai.models import Instansi, Pegawai, User
from pegawai.permissions import can_edit_instansi, pegawai_of_user
from penilaian.models import Periode
from penilaian.rules import PERILAKU_STANDAR, AspekPerilaku
from penilaian.services.umpan_balik_360 import KOMENTAR_MAKS

SKOR_PILIHAN = [(i, str(i)) for i in range(1, 6)]


class JawabanForm(BootstrapMixin, forms.Form):
    """``skor_<aspek>`` (radio 1–5) and ``komentar_<aspek>`` for each BerAKHLAK value."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for aspek in AspekPerilaku:
            self.fields[f"skor_{aspek.value}"] = forms.TypedChoiceField(
                label=aspek.label,
                choices=SKOR_PILIHAN,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=str(PERILAKU_STANDAR[aspek]),
                error_messages={"required": _("Pilih skor 1 sampai 5.")},
            )
            self.fields[f"komentar_{aspek.value}"] = forms.CharField(
                label=_("Komentar"),
                required=False,
                max_length=KOMENTAR_MAKS,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self._style_widgets()
        for aspek in AspekPerilaku:
            self.fields[f"skor_{aspek.value}"].widget.attrs["class"] = "form-check-input"

    def baris(self) -> list[tuple[str, str, str, forms.BoundField, forms.BoundField]]:
        """(value, label, standard, score field, comment field) per value, for the template."""
        return [
            (a.value, str(a.label), str(PERILAKU_STANDAR[a]), self[f"skor_{a.value}"], self[f"komentar_{a.value}"])
            for a in AspekPerilaku
        ]

    def jawaban(self) -> dict[str, tuple[int, str]]:
        return {
            a.value: (self.cleaned_data[f"skor_{a.value}"], self.cleaned_data.get(f"komentar_{a.value}", ""))
            for a in AspekPerilaku
        }

    @staticmethod
    def field_map() -> dict[str, str]:
        return {a.value: f"skor_{a.value}" for a in AspekPerilaku}

    @staticmethod
    def initial_dari(jawaban: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for j in jawaban:
            out[f"skor_{j.aspek}"] = j.skor
            out[f"komentar_{j.aspek}"] = j.komentar
        return out


def periode_terbuka_qs(instansi: Instansi | None) -> QuerySet[Periode]:
    return Periode.objects.filter(instansi=instansi, status=Periode.Status.TERBUKA).order_by("-tanggal_mulai", "jenis")


class MintaForm(BootstrapMixin, forms.Form):
    """Ask the raters of one ratee: BKD picks any active pegawai of the instansi (type-ahead);
    an atasan themself or a direct subordinate; a pegawai only themself."""

    periode = forms.ModelChoiceField(label=_("Periode"), queryset=Periode.objects.none())

    def __init__(self, *args: Any, user: User, instansi: Instansi | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        periode_field = cast(forms.ModelChoiceField, self.fields["periode"])
        periode_field.queryset = periode_terbuka_qs(instansi)
        if can_edit_instansi(user):
            field: forms.Field = pegawai_field(label=_("Pegawai yang dinilai"))
            cast(PilihanJarakJauhField, field).cakupan = Q(instansi=instansi, status=Pegawai.Status.AKTIF)
        else:
            me = pegawai_of_user(user)
            qs = Pegawai.objects.none()
            if me is not None:
                qs = Pegawai.objects.filter(
                    Q(pk=me.pk) | Q(atasan_id=me.pk), status=Pegawai.Status.AKTIF, instansi_id=me.instansi_id
                ).order_by("nama", "id")
            field = forms.ModelChoiceField(label=_("Pegawai yang dinilai"), queryset=qs)
            if me is not None and not self.is_bound:
                self.initial.setdefault("pegawai", me.pk)
        self.fields["pegawai"] = field
        self._style_widgets()


class MintaMassalForm(BootstrapMixin, forms.Form):
    """BKD: ask the raters of every active pegawai of a unit (and the units below it), or of the
    whole instansi when no unit is chosen."""

    periode = forms.ModelChoiceField(label=_("Periode"), queryset=Periode.objects.none())

    def __init__(self, *args: Any, instansi: Instansi | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        periode_field = cast(forms.ModelChoiceField, self.fields["periode"])
        periode_field.queryset = periode_terbuka_qs(instansi)
        unit = unit_kerja_field(
            label=_("Unit kerja"), required=False, help_text=_("Kosongkan untuk seluruh pegawai instansi.")
        )
        unit.cakupan = Q(instansi=instansi)
        self.fields["unit_kerja"] = unit
        self._style_widgets()
