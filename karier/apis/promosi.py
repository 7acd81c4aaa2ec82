"""API of promotion: the vacancies (with the number eligible and the top candidate; JPT pratama
as open selection) and one vacancy's candidates with their score components and the reasons of
those disqualified. BKD and pimpinan of the instansi; anyone else, and any other instansi's
jabatan, 404."""

from __future__ import annotations

from typing import Any, cast

from django.http import Http404
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from karier.apis import TAG
from karier.permissions import instansi_komite
from karier.selectors.promosi import JENIS_LOWONGAN, kandidat_promosi, lowongan_get, lowongan_list, lowongan_ringkas
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
from pegawai.permissions import id_or_404


class JabatanLowonganSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()
    jenis = serializers.CharField()
    eselon = serializers.CharField()
    unit_kerja_id = serializers.IntegerField()
    unit_kerja = serializers.CharField(source="unit_kerja.nama")
    kebutuhan = serializers.IntegerField()

    class Meta:
        ref_name = "JabatanLowongan"


class KomponenSerializer(serializers.Serializer):
    kode = serializers.CharField()
    nama = serializers.CharField(source="label")
    nilai = serializers.DecimalField(max_digits=6, decimal_places=2)
    bobot = serializers.IntegerField()
    kontribusi = serializers.DecimalField(max_digits=6, decimal_places=2)
    teks = serializers.CharField()

    class Meta:
        ref_name = "KomponenSkorPromosi"


class AlasanSerializer(serializers.Serializer):
    syarat = serializers.CharField()
    pesan = serializers.CharField()

    class Meta:
        ref_name = "SyaratPromosi"


class KandidatSerializer(serializers.Serializer):
    pegawai = PegawaiRingkasSerializer()
    jabatan = serializers.CharField(source="pegawai.jabatan.nama", allow_null=True)
    golongan = serializers.CharField(source="pegawai.golongan.kode")
    memenuhi = serializers.BooleanField()
    peringkat = serializers.IntegerField(allow_null=True)
    skor = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    komponen = KomponenSerializer(many=True)
    terpenuhi = AlasanSerializer(many=True)
    alasan = AlasanSerializer(many=True)

    class Meta:
        ref_name = "KandidatPromosi"


class LowonganSerializer(serializers.Serializer):
    jabatan = JabatanLowonganSerializer()
    terisi = serializers.IntegerField()
    lowong = serializers.IntegerField()
    seleksi_terbuka = serializers.BooleanField()
    alasan = serializers.CharField()
    jumlah_memenuhi = serializers.IntegerField(allow_null=True)
    kandidat_teratas = KandidatSerializer(allow_null=True)

    class Meta:
        ref_name = "LowonganJabatan"


class LowonganFilterSerializer(serializers.Serializer):
    jenis = serializers.ChoiceField(choices=list(JENIS_LOWONGAN), required=False)
    unit_kerja = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    class Meta:
        ref_name = "LowonganFilter"


class HasilKandidatSerializer(serializers.Serializer):
    jabatan = JabatanLowonganSerializer()
    seleksi_terbuka = serializers.BooleanField()
    catatan = serializers.ListField(child=serializers.CharField())
    memenuhi = KandidatSerializer(many=True)
    tidak_memenuhi = KandidatSerializer(many=True)

    class Meta:
        ref_name = "KandidatPromosiJabatan"


class PromosiListApi(ApiBase):
    @extend_schema(
        operation_id="karier_promosi_list",
        summary=_("Jabatan lowong untuk promosi"),
        description=_(
            "Petugas BKD dan pimpinan: jabatan administrator, pengawas dan JPT Pratama yang pemangkunya kurang "
            "dari kebutuhan, dengan jumlah kandidat yang memenuhi syarat dan kandidat teratas. JPT Pratama hanya "
            "melalui seleksi terbuka. Selain itu 404."
        ),
        tags=TAG,
        parameters=[LowonganFilterSerializer, *PAGE_PARAMETERS],
        responses={200: paginated(LowonganSerializer, "LowonganJabatanPage")},
    )
    def get(self, request: Request) -> Response:
        instansi, kebijakan = instansi_komite(user_of(request))
        f = filters_from(request, LowonganFilterSerializer)
        rows = lowongan_ringkas(
            lowongan_list(instansi=instansi, filters={"jenis": f.get("jenis"), "unit_kerja_id": f.get("unit_kerja")}),
            pada=timezone.localdate(),
            kebijakan=kebijakan,
        )
        return paginated_response(
            request=request, view=self, queryset=cast(Any, rows), serializer_class=LowonganSerializer
        )


class PromosiDetailApi(ApiBase):
    @extend_schema(
        operation_id="karier_promosi_detail",
        summary=_("Kandidat promosi untuk satu jabatan"),
        description=_(
            "Kandidat yang memenuhi syarat berurutan menurut skor dengan setiap komponen dan bobotnya, dan yang "
            "tidak memenuhi dengan alasannya. Jabatan instansi lain: 404."
        ),
        tags=TAG,
        responses={200: HasilKandidatSerializer},
    )
    def get(self, request: Request, jabatan_id: int) -> Response:
        instansi, kebijakan = instansi_komite(user_of(request))
        lw = lowongan_get(instansi_id=instansi.pk, jabatan_id=id_or_404(jabatan_id))
        if lw is None:
            raise Http404
        hasil = kandidat_promosi(jabatan=lw.jabatan, pada=timezone.localdate(), kebijakan=kebijakan)
        return Response(HasilKandidatSerializer(hasil).data)


urlpatterns: list[URLPattern] = [
    path("promosi/", PromosiListApi.as_view(), name="promosi"),
    path("promosi/<int:jabatan_id>/", PromosiDetailApi.as_view(), name="promosi-detail"),
]
