"""API of rotation: this round's candidates and due pegawai with the proposed target and the
explanation. BKD and pimpinan of the instansi; anyone else 404."""

from __future__ import annotations

from typing import Any, cast

from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from karier.apis import TAG
from karier.permissions import instansi_komite
from karier.rules import StatusRotasi
from karier.selectors.rotasi import kandidat_rotasi
from pegawai.apis import MAX_ID, PAGE_PARAMETERS, ApiBase, paginated, paginated_response, user_of
from pegawai.models import UnitKerja


class DasarSerializer(serializers.Serializer):
    kode = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    nilai = serializers.JSONField(allow_null=True)
    teks = serializers.CharField()

    class Meta:
        ref_name = "DasarRotasi"


class MasaSerializer(serializers.Serializer):
    tahun = serializers.IntegerField()
    bulan = serializers.IntegerField()
    hari = serializers.IntegerField()

    class Meta:
        ref_name = "MasaJabatanRotasi"


class RotasiOutputSerializer(serializers.Serializer):
    pegawai_id = serializers.IntegerField()
    nip = serializers.CharField()
    nama = serializers.CharField()
    unit_kerja_id = serializers.IntegerField(allow_null=True)
    unit_kerja = serializers.CharField()
    jabatan_id = serializers.IntegerField()
    jabatan = serializers.CharField()
    tmt_jabatan = serializers.DateField()
    masa_jabatan = MasaSerializer()
    status = serializers.ChoiceField(choices=StatusRotasi.choices)
    kotak = serializers.IntegerField(allow_null=True)
    tahun_kotak = serializers.IntegerField(allow_null=True)
    jabatan_tujuan_id = serializers.IntegerField(allow_null=True)
    jabatan_tujuan = serializers.CharField(allow_null=True)
    unit_tujuan_id = serializers.IntegerField(allow_null=True)
    unit_tujuan = serializers.CharField(allow_null=True)
    jpm = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    formasi_kosong = serializers.IntegerField(allow_null=True)
    ditahan = serializers.BooleanField()
    diusulkan = serializers.BooleanField()
    penjelasan = DasarSerializer(many=True)

    class Meta:
        ref_name = "KandidatRotasi"


class RotasiFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[StatusRotasi.KANDIDAT, StatusRotasi.JATUH_TEMPO], required=False)
    unit_kerja = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Unit kerja beserta unit di bawahnya.")
    )

    class Meta:
        ref_name = "KandidatRotasiFilter"


class RotasiListApi(ApiBase):
    @extend_schema(
        operation_id="karier_rotasi_list",
        summary=_("Kandidat rotasi putaran ini"),
        description=_(
            "Petugas BKD dan pimpinan: pegawai aktif yang sudah memenuhi masa jabatan minimal, jatuh tempo dahulu, "
            "dengan jabatan tujuan setingkat, JPM, kebutuhan unit, batas unit dan penjelasannya. Selain itu 404."
        ),
        tags=TAG,
        parameters=[RotasiFilterSerializer, *PAGE_PARAMETERS],
        responses={200: paginated(RotasiOutputSerializer, "KandidatRotasiPage")},
    )
    def get(self, request: Request) -> Response:
        instansi, kebijakan = instansi_komite(user_of(request))
        s = RotasiFilterSerializer(data=request.query_params)
        s.is_valid(raise_exception=True)
        f: dict[str, Any] = dict(s.validated_data)
        if f.get("unit_kerja"):
            unit = UnitKerja.objects.filter(instansi=instansi, pk=f["unit_kerja"]).first()
            if unit is None:
                raise serializers.ValidationError({"unit_kerja": [_("Unit kerja tidak ada di instansi Anda.")]})
            f["unit_kerja"] = unit
        kandidat = kandidat_rotasi(instansi=instansi, pada=timezone.localdate(), kebijakan=kebijakan, filters=f)
        return paginated_response(
            request=request, view=self, queryset=cast(Any, kandidat), serializer_class=RotasiOutputSerializer
        )


urlpatterns: list[URLPattern] = [
    path("rotasi/", RotasiListApi.as_view(), name="rotasi-list"),
]
