"""API of the JP ledger: training records (list, create, complete, certificate, evaluation), my JP,
the pegawai below the minimum, and the fair access report. Same permissions as the pages."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from pegawai.apis import (
    PAGE_PARAMETERS,
    ApiBase,
    InstansiRelatedField,
    IsInstansiReader,
    filters_from,
    input_from,
    method_routes,
    paginated,
    paginated_response,
    user_of,
)
from pegawai.models import JenisASN, Pegawai, UnitKerja
from pegawai.permissions import IsBKD, pegawai_of_user
from pelatihan.models import ProgramPelatihan, RiwayatPelatihan
from pelatihan.rules import Bentuk
from pelatihan.selectors.jp import (
    buku_jp,
    jp_kurang_list,
    jp_pegawai_qs,
    laporan_keadilan,
    minimal_jp_for_user,
    riwayat_get_for_user,
    riwayat_list_for_user,
)
from pelatihan.services.jp import (
    riwayat_catat,
    riwayat_evaluasi,
    riwayat_selesaikan,
    sertifikat_unggah,
)

TAG = ["JP dan riwayat pelatihan"]


class RiwayatOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pegawai = serializers.IntegerField(source="pegawai_id")
    pegawai_nama = serializers.CharField(source="pegawai.nama")
    program = serializers.IntegerField(source="program_id", allow_null=True)
    tahun = serializers.IntegerField()
    nama = serializers.CharField()
    bentuk = serializers.CharField()
    penyelenggara = serializers.CharField()
    tanggal_mulai = serializers.DateField()
    tanggal_selesai = serializers.DateField()
    jp = serializers.DecimalField(max_digits=6, decimal_places=2)
    biaya = serializers.DecimalField(max_digits=14, decimal_places=2)
    status = serializers.CharField()
    nomor_sertifikat = serializers.CharField()
    ada_sertifikat = serializers.SerializerMethodField()
    nilai_evaluasi = serializers.IntegerField(allow_null=True)
    catatan_evaluasi = serializers.CharField()
    nilai_peserta = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)

    class Meta:
        ref_name = "RiwayatPelatihan"

    def get_ada_sertifikat(self, obj: RiwayatPelatihan) -> bool:
        return bool(obj.sertifikat)


class RiwayatFilterSerializer(serializers.Serializer):
    tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    status = serializers.ChoiceField(choices=RiwayatPelatihan.Status.choices, required=False)
    program = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    q = serializers.CharField(required=False, max_length=100, allow_blank=True)


class RiwayatInputSerializer(serializers.Serializer):
    pegawai = InstansiRelatedField(Pegawai)
    program = InstansiRelatedField(ProgramPelatihan, required=False, allow_null=True)
    nama = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    bentuk = serializers.ChoiceField(choices=Bentuk.choices, required=False, allow_blank=True, default="")
    penyelenggara = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    tanggal_mulai = serializers.DateField()
    tanggal_selesai = serializers.DateField()
    jp = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False, allow_null=True)
    biaya = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True)
    status = serializers.ChoiceField(
        choices=[RiwayatPelatihan.Status.TERJADWAL, RiwayatPelatihan.Status.SELESAI],
        default=RiwayatPelatihan.Status.TERJADWAL,
    )
    nomor_sertifikat = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class RiwayatListApi(ApiBase):
    permission_classes: ClassVar[list[type[BasePermission]]] = [IsAuthenticated, IsInstansiReader]  # type: ignore[misc]

    @extend_schema(
        operation_id="riwayat_pelatihan_list",
        summary=_("Daftar riwayat pelatihan"),
        description=_("Petugas BKD dan pimpinan: riwayat pelatihan instansi, disaring tahun, status, program, q."),
        tags=TAG,
        parameters=[*PAGE_PARAMETERS, RiwayatFilterSerializer],
        responses={200: paginated(RiwayatOutputSerializer, "RiwayatPelatihanPage")},
    )
    def get(self, request: Request) -> Response:
        f = filters_from(request, RiwayatFilterSerializer)
        qs = riwayat_list_for_user(
            user=user_of(request),
            tahun=f.get("tahun"),
            status=f.get("status", ""),
            program_id=f.get("program"),
            q=f.get("q", ""),
        )
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=RiwayatOutputSerializer)


class RiwayatCreateApi(ApiBase):
    permission_classes: ClassVar[list[type[BasePermission]]] = [IsAuthenticated, IsBKD]  # type: ignore[misc]

    @extend_schema(
        operation_id="riwayat_pelatihan_create",
        summary=_("Catat riwayat pelatihan (petugas BKD)"),
        tags=TAG,
        request=RiwayatInputSerializer,
        responses={201: RiwayatOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = input_from(request, RiwayatInputSerializer)
        riwayat = riwayat_catat(actor=user_of(request), **data)
        return Response(RiwayatOutputSerializer(riwayat).data, status=status.HTTP_201_CREATED)


class RiwayatSelesaiInputSerializer(serializers.Serializer):
    jp = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False, allow_null=True)
    nilai_peserta = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False, allow_null=True
    )
    nomor_sertifikat = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class RiwayatSelesaiApi(ApiBase):
    @extend_schema(
        operation_id="riwayat_pelatihan_selesai",
        summary=_("Selesaikan pelatihan terjadwal (petugas BKD)"),
        tags=TAG,
        request=RiwayatSelesaiInputSerializer,
        responses={200: RiwayatOutputSerializer},
    )
    def post(self, request: Request, riwayat_id: int) -> Response:
        user = user_of(request)
        riwayat = riwayat_get_for_user(user=user, riwayat_id=riwayat_id)
        if not user.is_bkd:
            raise PermissionDenied
        data = input_from(request, RiwayatSelesaiInputSerializer)
        riwayat = riwayat_selesaikan(actor=user, riwayat=riwayat, **data)
        return Response(RiwayatOutputSerializer(riwayat).data)


class SertifikatInputSerializer(serializers.Serializer):
    sertifikat = serializers.FileField()


class SertifikatApi(ApiBase):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="riwayat_pelatihan_sertifikat",
        summary=_("Unggah sertifikat (petugas BKD atau pegawai pemilik)"),
        description=_("PDF, JPG atau PNG, paling besar 5 MB, diperiksa dari isinya; hanya untuk pelatihan selesai."),
        tags=TAG,
        request={"multipart/form-data": SertifikatInputSerializer},
        responses={200: RiwayatOutputSerializer},
    )
    def post(self, request: Request, riwayat_id: int) -> Response:
        user = user_of(request)
        riwayat = riwayat_get_for_user(user=user, riwayat_id=riwayat_id)
        me = pegawai_of_user(user)
        if not (user.is_bkd or (me is not None and me.pk == riwayat.pegawai_id)):
            raise PermissionDenied
        data = input_from(request, SertifikatInputSerializer)
        riwayat = sertifikat_unggah(actor=user, riwayat=riwayat, berkas=data["sertifikat"])
        return Response(RiwayatOutputSerializer(riwayat).data)


class EvaluasiInputSerializer(serializers.Serializer):
    nilai_evaluasi = serializers.IntegerField(min_value=1, max_value=5)
    catatan_evaluasi = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class EvaluasiApi(ApiBase):
    @extend_schema(
        operation_id="riwayat_pelatihan_evaluasi",
        summary=_("Evaluasi pelatihan oleh pegawai pesertanya"),
        tags=TAG,
        request=EvaluasiInputSerializer,
        responses={200: RiwayatOutputSerializer},
    )
    def post(self, request: Request, riwayat_id: int) -> Response:
        user = user_of(request)
        riwayat = riwayat_get_for_user(user=user, riwayat_id=riwayat_id)
        me = pegawai_of_user(user)
        if me is None or me.pk != riwayat.pegawai_id:
            raise PermissionDenied
        data = input_from(request, EvaluasiInputSerializer)
        riwayat = riwayat_evaluasi(
            actor=user, riwayat=riwayat, nilai=data["nilai_evaluasi"], catatan=data["catatan_evaluasi"]
        )
        return Response(RiwayatOutputSerializer(riwayat).data)


class CapaianSerializer(serializers.Serializer):
    tahun = serializers.IntegerField()
    jp = serializers.DecimalField(max_digits=8, decimal_places=2)
    minimal = serializers.IntegerField()
    persen = serializers.DecimalField(max_digits=6, decimal_places=2)
    kurang = serializers.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        ref_name = "CapaianJP"


class JPSayaOutputSerializer(serializers.Serializer):
    capaian = CapaianSerializer()
    tahun_lalu = CapaianSerializer(many=True)
    riwayat = RiwayatOutputSerializer(many=True)

    class Meta:
        ref_name = "JPSaya"


class TahunSerializer(serializers.Serializer):
    tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class JPSayaApi(ApiBase):
    @extend_schema(
        operation_id="jp_saya",
        summary=_("JP saya tahun ini"),
        tags=TAG,
        parameters=[TahunSerializer],
        responses={200: JPSayaOutputSerializer},
    )
    def get(self, request: Request) -> Response:
        me = pegawai_of_user(user_of(request))
        if me is None:
            raise Http404
        tahun = filters_from(request, TahunSerializer).get("tahun") or timezone.localdate().year
        buku = buku_jp(pegawai=me, tahun=tahun)
        return Response(JPSayaOutputSerializer(buku).data)


class JPKurangFilterSerializer(TahunSerializer):
    unit_kerja = InstansiRelatedField(UnitKerja, required=False)
    jenis_asn = serializers.ChoiceField(choices=JenisASN.choices, required=False)
    q = serializers.CharField(required=False, max_length=100, allow_blank=True)


class JPKurangOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nip = serializers.CharField()
    nama = serializers.CharField()
    unit_kerja = serializers.CharField(source="unit_kerja.nama")
    jp = serializers.DecimalField(source="jp_tercatat", max_digits=8, decimal_places=2)

    class Meta:
        ref_name = "JPKurang"


class JPKurangApi(ApiBase):
    permission_classes: ClassVar[list[type[BasePermission]]] = [IsAuthenticated, IsInstansiReader]  # type: ignore[misc]

    @extend_schema(
        operation_id="jp_kurang_list",
        summary=_("Pegawai di bawah JP minimal tahun ini"),
        tags=TAG,
        parameters=[*PAGE_PARAMETERS, JPKurangFilterSerializer],
        responses={200: paginated(JPKurangOutputSerializer, "JPKurangPage")},
    )
    def get(self, request: Request) -> Response:
        user = user_of(request)
        s = JPKurangFilterSerializer(data=request.query_params, context={"request": request})
        s.is_valid(raise_exception=True)
        f = s.validated_data
        qs = jp_pegawai_qs(
            user=user,
            tahun=f.get("tahun") or timezone.localdate().year,
            unit_kerja=f.get("unit_kerja"),
            jenis_asn=f.get("jenis_asn", ""),
            q=f.get("q", ""),
        )
        daftar = jp_kurang_list(qs=qs, minimal=minimal_jp_for_user(user))
        return paginated_response(
            request=request, view=self, queryset=daftar, serializer_class=JPKurangOutputSerializer
        )


class KeadilanApi(ApiBase):
    permission_classes: ClassVar[list[type[BasePermission]]] = [IsAuthenticated, IsInstansiReader]  # type: ignore[misc]

    @extend_schema(
        operation_id="keadilan_akses",
        summary=_("Laporan keadilan akses pengembangan"),
        description=_(
            "Per dimensi (unit kerja, jenis kelamin, kelompok golongan, PNS/PPPK, kelompok usia) dan kelompok: "
            "persen pegawai, peserta, JP dan biaya, rasio disparitas dengan tandanya, dan tingkat partisipasi "
            "lima tahun terakhir."
        ),
        tags=TAG,
        parameters=[TahunSerializer],
        responses={200: dict},
    )
    def get(self, request: Request) -> Response:
        user = user_of(request)
        if user.instansi is None:
            raise Http404
        tahun = filters_from(request, TahunSerializer).get("tahun") or timezone.localdate().year
        laporan = laporan_keadilan(instansi=user.instansi, tahun=tahun)
        return Response(_jsonable(dataclasses.asdict(laporan)))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (int, str)) or value is None:
        return value
    return str(value)


urlpatterns: list[URLPattern] = [
    path("riwayat/", method_routes("Riwayat", get=RiwayatListApi, post=RiwayatCreateApi), name="riwayat-list"),
    path("riwayat/<int:riwayat_id>/selesai/", RiwayatSelesaiApi.as_view(), name="riwayat-selesai"),
    path("riwayat/<int:riwayat_id>/sertifikat/", SertifikatApi.as_view(), name="riwayat-sertifikat"),
    path("riwayat/<int:riwayat_id>/evaluasi/", EvaluasiApi.as_view(), name="riwayat-evaluasi"),
    path("jp/saya/", JPSayaApi.as_view(), name="jp-saya"),
    path("jp/kurang/", JPKurangApi.as_view(), name="jp-kurang"),
    path("keadilan/", KeadilanApi.as_view(), name="keadilan"),
]
