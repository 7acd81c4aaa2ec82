"""API of KP: the policy's KP dates and, for a KP date, every active PNS with eligibility, the
new golongan and what is missing. BKD and pimpinan of the instansi; anyone else 404."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from common.policies import Kebijakan
from karier.apis import TAG
from karier.forms.kp import tanggal_kp_valid
from karier.permissions import instansi_komite
from karier.rules import tanggal_kp_berikut
from karier.selectors.kp import StatusKP, kp_daftar, tanggal_kp_pilihan
from pegawai.apis import MAX_ID, PAGE_PARAMETERS, ApiBase, GolonganField, paginated, paginated_response, user_of
from pegawai.models import Instansi, UnitKerja


class KekuranganSerializer(serializers.Serializer):
    syarat = serializers.CharField()
    pesan = serializers.CharField()

    class Meta:
        ref_name = "KekuranganKP"


class KPOutputSerializer(serializers.Serializer):
    pegawai_id = serializers.IntegerField()
    nip = serializers.CharField()
    nama = serializers.CharField()
    unit_kerja_id = serializers.IntegerField(allow_null=True)
    unit_kerja = serializers.CharField()
    jabatan = serializers.CharField()
    jenis_kp = serializers.ChoiceField(choices=["reguler", "fungsional"])
    golongan = serializers.CharField()
    tmt_golongan = serializers.DateField()
    golongan_baru = serializers.CharField(allow_null=True)
    golongan_baru_id = serializers.IntegerField(allow_null=True)
    predikat_dua_tahun = serializers.ListField(child=serializers.CharField(allow_null=True))
    hukdis_berjalan = serializers.BooleanField()
    angka_kredit = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    angka_kredit_dibutuhkan = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    memenuhi = serializers.BooleanField()
    kekurangan = KekuranganSerializer(many=True)

    class Meta:
        ref_name = "KenaikanPangkat"


class KPFilterSerializer(serializers.Serializer):
    tanggal = serializers.DateField(
        required=False, help_text=_("Tanggal KP (tanggal 1 bulan periode KP); bawaan: tanggal KP berikutnya.")
    )
    status = serializers.ChoiceField(choices=[StatusKP.MEMENUHI, StatusKP.BELUM], required=False)
    unit_kerja = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Unit kerja beserta unit di bawahnya.")
    )
    golongan = GolonganField(required=False, help_text=_("Id atau kode golongan."))
    q = serializers.CharField(required=False, max_length=100, help_text=_("Nama atau awal NIP."))

    class Meta:
        ref_name = "KenaikanPangkatFilter"


def _filter(request: Request, instansi: Instansi, kebijakan: Kebijakan) -> tuple[datetime.date, dict[str, Any]]:
    s = KPFilterSerializer(data=request.query_params)
    s.is_valid(raise_exception=True)
    f = dict(s.validated_data)
    tanggal = f.get("tanggal")
    if tanggal is None:
        tanggal = tanggal_kp_berikut(timezone.localdate(), kebijakan.bulan_periode_kp)
    else:
        try:
            tanggal_kp_valid(tanggal, kebijakan)
        except DjangoValidationError as e:
            raise serializers.ValidationError({"tanggal": e.messages}) from e
    if f.get("unit_kerja"):
        unit = UnitKerja.objects.filter(instansi=instansi, pk=f["unit_kerja"]).first()
        if unit is None:
            raise serializers.ValidationError({"unit_kerja": [_("Unit kerja tidak ada di instansi Anda.")]})
        f["unit_kerja"] = unit
    return tanggal, f


class KPListApi(ApiBase):
    @extend_schema(
        operation_id="karier_kp_list",
        summary=_("Kenaikan pangkat pada satu tanggal KP"),
        description=_(
            "Petugas BKD dan pimpinan: setiap PNS aktif instansi pada tanggal KP, memenuhi syarat atau tidak, "
            "golongan baru, dan apa yang belum terpenuhi. Selain itu 404."
        ),
        tags=TAG,
        parameters=[KPFilterSerializer, *PAGE_PARAMETERS],
        responses={200: paginated(KPOutputSerializer, "KenaikanPangkatPage")},
    )
    def get(self, request: Request) -> Response:
        instansi, kebijakan = instansi_komite(user_of(request))
        tanggal, f = _filter(request, instansi, kebijakan)
        baris = kp_daftar(instansi=instansi, tanggal_kp=tanggal, kebijakan=kebijakan, filters=f)
        return paginated_response(
            request=request, view=self, queryset=cast(Any, baris), serializer_class=KPOutputSerializer
        )


class TanggalKPSerializer(serializers.Serializer):
    tanggal = serializers.ListField(child=serializers.DateField())
    bulan_periode_kp = serializers.ListField(child=serializers.IntegerField())

    class Meta:
        ref_name = "TanggalKP"


class KPTanggalApi(ApiBase):
    @extend_schema(
        operation_id="karier_kp_tanggal",
        summary=_("Tanggal KP berikutnya menurut kebijakan"),
        tags=TAG,
        responses={200: TanggalKPSerializer},
    )
    def get(self, request: Request) -> Response:
        _instansi, kebijakan = instansi_komite(user_of(request))
        tanggal = tanggal_kp_pilihan(pada=timezone.localdate(), kebijakan=kebijakan)
        return Response(
            TanggalKPSerializer({"tanggal": tanggal, "bulan_periode_kp": list(kebijakan.bulan_periode_kp)}).data
        )


urlpatterns: list[URLPattern] = [
    path("kp/", KPListApi.as_view(), name="kp-list"),
    path("kp/tanggal/", KPTanggalApi.as_view(), name="kp-tanggal"),
]
