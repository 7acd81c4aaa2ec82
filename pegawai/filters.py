"""FilterSets for the pegawai, unit kerja and jabatan lists (pages and API use the same ones)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Golongan, Jabatan, JenisASN, JenisKelamin, Pegawai, Pendidikan, UnitKerja


class PegawaiFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Nama atau NIP"), method="filter_q")
    unit_kerja = django_filters.NumberFilter(label=_("Unit kerja"), method="filter_unit")
    jenis_jabatan = django_filters.ChoiceFilter(
        label=_("Jenis jabatan"), field_name="jabatan__jenis", choices=Jabatan.Jenis.choices
    )
    golongan = django_filters.CharFilter(label=_("Golongan"), method="filter_golongan")
    pendidikan = django_filters.ChoiceFilter(
        label=_("Pendidikan"), field_name="pendidikan_terakhir", choices=Pendidikan.choices
    )
    jenis_kelamin = django_filters.ChoiceFilter(label=_("Jenis kelamin"), choices=JenisKelamin.choices)
    jenis_asn = django_filters.ChoiceFilter(label=_("PNS/PPPK"), choices=JenisASN.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Pegawai.Status.choices)

    class Meta:
        model = Pegawai
        fields = ["q", "unit_kerja", "jenis_jabatan", "golongan", "pendidikan", "jenis_kelamin", "jenis_asn", "status"]

    def filter_q(self, queryset: QuerySet[Pegawai], name: str, value: str) -> QuerySet[Pegawai]:
        # the form field strips the value and empty values never reach the method
        if value.isdigit():
            return queryset.filter(nip__startswith=value)
        return queryset.filter(Q(nama__icontains=value))

    def filter_unit(self, queryset: QuerySet[Pegawai], name: str, value: int) -> QuerySet[Pegawai]:
        """A unit and everything below it."""
        unit = UnitKerja.objects.filter(pk=value).only("path").first()
        if unit is None:
            return queryset.none()
        return queryset.filter(unit_kerja__path__startswith=unit.path)

    def filter_golongan(self, queryset: QuerySet[Pegawai], name: str, value: str) -> QuerySet[Pegawai]:
        """By golongan id or code ("III/a", in any case)."""
        if value.isdigit():
            return queryset.filter(golongan_id=int(value))
        return queryset.filter(golongan__kode__iexact=value)


class JabatanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Nama jabatan"), field_name="nama", lookup_expr="icontains")
    jenis = django_filters.ChoiceFilter(label=_("Jenis jabatan"), choices=Jabatan.Jenis.choices)
    unit_kerja = django_filters.NumberFilter(label=_("Unit kerja"), method="filter_unit")
    lowong = django_filters.BooleanFilter(label=_("Hanya yang lowong"), method="filter_lowong")

    class Meta:
        model = Jabatan
        fields = ["q", "jenis", "unit_kerja", "lowong"]

    def filter_unit(self, queryset: QuerySet[Jabatan], name: str, value: int) -> QuerySet[Jabatan]:
        unit = UnitKerja.objects.filter(pk=value).only("path").first()
        if unit is None:
            return queryset.none()
        return queryset.filter(unit_kerja__path__startswith=unit.path)

    def filter_lowong(self, queryset: QuerySet[Jabatan], name: str, value: bool) -> QuerySet[Jabatan]:
        # an empty choice never reaches the method; lowongan is annotated by
        # pegawai.selectors.jabatan_list_for_user
        return queryset.filter(**{"lowongan__gt" if value else "lowongan__lte": 0})


class GolonganFilter(django_filters.FilterSet):
    jenis_asn = django_filters.ChoiceFilter(choices=JenisASN.choices)

    class Meta:
        model = Golongan
        fields = ["jenis_asn"]
