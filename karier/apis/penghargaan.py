"""API of awards: Satyalancana Karya Satya eligibility (with the reasons of those ruled out) or the
pegawai berprestasi of a year, by ``jenis``. BKD and pimpinan of the instansi; anyone else 404."""

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
from karier.selectors.penghargaan import berprestasi_daftar, satyalancana_daftar, tahun_penempatan_terakhir
from karier.services.penghargaan import BERPRESTASI, SATYALANCANA
from pegawai.apis import (
    MAX_ID,
    PAGE_PARAMETERS,
    ApiBase,
    PegawaiRingkasSerializer,
    filters_from,
    paginated,
    paginated_response,
    user_of,
)


class PenghargaanFilterSerializer(serializers.Serializer):
    jenis = serializers.ChoiceField(
        choices=[SATYALANCANA, BERPRESTASI], required=False, help_text=_("Daftar; bawaan satyalancana.")
    )
    tahun = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Tahun pegawai berprestasi; bawaan tahun penempatan talenta terakhir."),
    )
    layak = serializers.BooleanField(required=False, default=None, allow_null=True)
    unit_kerja = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    class Meta:
        ref_name = "PenghargaanFilter"


class PenghargaanSerializer(serializers.Serializer):
    pegawai = PegawaiRingkasSerializer()
    unit_kerja = serializers.CharField(source="pegawai.unit_kerja.nama")
    penghargaan = serializers.CharField()
    tahun_masa = serializers.IntegerField(allow_null=True, help_text=_("Satyalancana: 10, 20 atau 30 tahun."))
    masa_kerja = serializers.CharField(allow_null=True)
    layak = serializers.BooleanField()
    alasan = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Satyalancana: mengapa tidak memenuhi; berprestasi: mengapa diusulkan."),
    )

    class Meta:
        ref_name = "Penghargaan"


def _baris(b: Any) -> dict[str, Any]:
    if hasattr(b, "tahun_masa"):
        return {
            "pegawai": b.pegawai,
            "penghargaan": b.jenis,
            "tahun_masa": b.tahun_masa,
            "masa_kerja": b.masa_teks,
            "layak": b.layak,
            "alasan": b.alasan,
        }
    return {
        "pegawai": b.pegawai,
        "penghargaan": "pegawai_berprestasi",
        "tahun_masa": None,
        "masa_kerja": None,
        "layak": True,
        "alasan": b.alasan,
    }


class PenghargaanListApi(ApiBase):
    @extend_schema(
        operation_id="karier_penghargaan_list",
        summary=_("Penghargaan: Satyalancana Karya Satya atau pegawai berprestasi"),
        description=_(
            "Petugas BKD dan pimpinan: PNS yang mencapai masa kerja 10/20/30 tahun sejak TMT CPNS (yang tidak "
            "memenuhi dengan alasannya), atau pegawai berprestasi suatu tahun dengan alasannya. Selain itu 404."
        ),
        tags=TAG,
        parameters=[PenghargaanFilterSerializer, *PAGE_PARAMETERS],
        responses={200: paginated(PenghargaanSerializer, "PenghargaanPage")},
    )
    def get(self, request: Request) -> Response:
        instansi, kebijakan = instansi_komite(user_of(request))
        f = filters_from(request, PenghargaanFilterSerializer)
        pada = timezone.localdate()
        rows: list[Any]
        if f.get("jenis") == BERPRESTASI:
            tahun = f.get("tahun") or tahun_penempatan_terakhir(instansi=instansi, sampai=pada.year) or pada.year - 1
            rows = list(
                berprestasi_daftar(
                    instansi=instansi, tahun=tahun, kebijakan=kebijakan, filters={"unit_kerja_id": f.get("unit_kerja")}
                )
            )
        else:
            rows = list(
                satyalancana_daftar(
                    instansi=instansi,
                    pada=pada,
                    filters={"unit_kerja_id": f.get("unit_kerja"), "layak": f.get("layak")},
                )
            )
            if f.get("layak") is False:
                rows = [b for b in rows if not b.layak]
        return paginated_response(
            request=request,
            view=self,
            queryset=cast(Any, [_baris(b) for b in rows]),
            serializer_class=PenghargaanSerializer,
        )


urlpatterns: list[URLPattern] = [
    path("penghargaan/", PenghargaanListApi.as_view(), name="penghargaan"),
]
