"""API of the training catalogue: every user of the instansi lists and reads programmes; BKD
creates and changes them (the same rules as the pages, through the same services)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Q, QuerySet
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from pegawai.apis import (
    PAGE_PARAMETERS,
    ApiBase,
    GolonganField,
    _parse_id,
    filters_from,
    input_from,
    method_routes,
    paginated,
    paginated_response,
    user_of,
)
from pegawai.models import Jabatan
from pegawai.permissions import IsBKD
from pelatihan.models import ProgramPelatihan
from pelatihan.rules import Bentuk
from pelatihan.selectors.program import program_get_for_user, program_list_for_user
from pelatihan.services.program import program_create, program_update
from penilaian.models import Kompetensi


@extend_schema_field(OpenApiTypes.INT)
class KompetensiField(serializers.Field):
    """A kompetensi by id: national, or a teknis one of the user's instansi."""

    default_error_messages = {
        "does_not_exist": _("Tidak ada kompetensi dengan id {pk_value} di instansi Anda."),
        "incorrect_type": _("Harus berupa id (bilangan bulat), bukan {data_type}."),
    }

    def to_internal_value(self, data: Any) -> Kompetensi:
        pk = _parse_id(self, data)
        user = self.context["request"].user
        obj = Kompetensi.objects.filter(Q(instansi__isnull=True) | Q(instansi_id=user.instansi_id), pk=pk).first()
        if obj is None:
            self.fail("does_not_exist", pk_value=pk)
        return obj

    def to_representation(self, value: Kompetensi) -> int:
        return value.pk


class KompetensiLevelSerializer(serializers.Serializer):
    kompetensi = KompetensiField()
    level = serializers.IntegerField(min_value=1, max_value=5)

    class Meta:
        ref_name = "ProgramKompetensiInput"


class KompetensiDibangunSerializer(serializers.Serializer):
    kompetensi = serializers.IntegerField(source="kompetensi_id")
    kode = serializers.CharField(source="kompetensi.kode")
    nama = serializers.CharField(source="kompetensi.nama")
    level = serializers.IntegerField()

    class Meta:
        ref_name = "ProgramKompetensi"


class ProgramOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tahun = serializers.IntegerField()
    kode = serializers.CharField()
    nama = serializers.CharField()
    deskripsi = serializers.CharField()
    bentuk = serializers.CharField()
    penyelenggara = serializers.CharField()
    jp = serializers.DecimalField(max_digits=6, decimal_places=2)
    biaya_per_peserta = serializers.DecimalField(max_digits=14, decimal_places=2)
    kursi_per_angkatan = serializers.IntegerField()
    jumlah_angkatan = serializers.IntegerField()
    kursi = serializers.IntegerField()
    tanggal_mulai = serializers.DateField(allow_null=True)
    tanggal_selesai = serializers.DateField(allow_null=True)
    jenis_jabatan = serializers.ListField(child=serializers.CharField())
    golongan_minimal = serializers.CharField(source="golongan_minimal.kode", allow_null=True, default=None)
    golongan_maksimal = serializers.CharField(source="golongan_maksimal.kode", allow_null=True, default=None)
    wajib_jenis_jabatan = serializers.ListField(child=serializers.CharField())
    untuk_kinerja = serializers.BooleanField()
    is_active = serializers.BooleanField()
    kompetensi = KompetensiDibangunSerializer(source="kompetensi_dibangun.all", many=True)

    class Meta:
        ref_name = "ProgramPelatihan"


class ProgramInputSerializer(serializers.Serializer):
    tahun = serializers.IntegerField(min_value=2000, max_value=2100)
    kode = serializers.CharField(max_length=40)
    nama = serializers.CharField(max_length=200)
    deskripsi = serializers.CharField(required=False, allow_blank=True)
    bentuk = serializers.ChoiceField(choices=Bentuk.choices)
    penyelenggara = serializers.CharField(max_length=200, required=False, allow_blank=True)
    jp = serializers.DecimalField(max_digits=6, decimal_places=2)
    biaya_per_peserta = serializers.DecimalField(max_digits=14, decimal_places=2)
    kursi_per_angkatan = serializers.IntegerField(max_value=2_000_000_000)
    jumlah_angkatan = serializers.IntegerField(required=False, max_value=32767)
    tanggal_mulai = serializers.DateField(required=False, allow_null=True)
    tanggal_selesai = serializers.DateField(required=False, allow_null=True)
    jenis_jabatan = serializers.ListField(
        child=serializers.ChoiceField(choices=Jabatan.Jenis.choices), required=False, max_length=20
    )
    golongan_minimal = GolonganField(required=False, allow_null=True)
    golongan_maksimal = GolonganField(required=False, allow_null=True)
    wajib_jenis_jabatan = serializers.ListField(
        child=serializers.ChoiceField(choices=Jabatan.Jenis.choices), required=False, max_length=20
    )
    untuk_kinerja = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)
    kompetensi = KompetensiLevelSerializer(many=True, required=False)

    class Meta:
        ref_name = "ProgramPelatihanInput"


class ProgramFilterSerializer(serializers.Serializer):
    tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    bentuk = serializers.ChoiceField(choices=Bentuk.choices, required=False)
    kompetensi = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    q = serializers.CharField(required=False, max_length=100)
    aktif = serializers.BooleanField(required=False, allow_null=True, default=None)


def _pisah(data: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[Kompetensi, int]] | None]:
    kompetensi = data.pop("kompetensi", None)
    return data, None if kompetensi is None else [(k["kompetensi"], k["level"]) for k in kompetensi]


def _terbaca(request: Request, program: ProgramPelatihan) -> Response:
    obj = program_get_for_user(user=user_of(request), program_id=program.pk)
    return Response(ProgramOutputSerializer(obj).data)


class ProgramListApi(ApiBase):
    @extend_schema(
        operation_id="program_pelatihan_list",
        summary=_("Katalog program pelatihan"),
        description=_("Program pelatihan instansi pengguna, disaring tahun, bentuk, kompetensi dan teks."),
        tags=["pelatihan"],
        parameters=[
            *PAGE_PARAMETERS,
            OpenApiParameter("tahun", OpenApiTypes.INT),
            OpenApiParameter("bentuk", OpenApiTypes.STR, enum=Bentuk.values),
            OpenApiParameter("kompetensi", OpenApiTypes.INT),
            OpenApiParameter("q", OpenApiTypes.STR),
            OpenApiParameter("aktif", OpenApiTypes.BOOL),
        ],
        responses={200: paginated(ProgramOutputSerializer, "ProgramPelatihanPage")},
    )
    def get(self, request: Request) -> Response:
        f = filters_from(request, ProgramFilterSerializer)
        qs: QuerySet[ProgramPelatihan] = program_list_for_user(
            user=user_of(request),
            tahun=f.get("tahun"),
            bentuk=f.get("bentuk"),
            kompetensi_id=f.get("kompetensi"),
            q=f.get("q"),
            aktif=f.get("aktif"),
        )
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=ProgramOutputSerializer)


class ProgramCreateApi(ApiBase):
    permission_classes: ClassVar[list[type[BasePermission]]] = [IsAuthenticated, IsBKD]  # type: ignore[misc]

    @extend_schema(
        operation_id="program_pelatihan_create",
        summary=_("Tambah program pelatihan (petugas BKD)"),
        tags=["pelatihan"],
        request=ProgramInputSerializer,
        responses={201: ProgramOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        if user.instansi is None:
            raise ValidationError({"instansi": [_("Akun tidak terikat pada satu instansi.")]})
        data, kompetensi = _pisah(input_from(request, ProgramInputSerializer))
        program = program_create(actor=user, instansi=user.instansi, data=data, kompetensi=kompetensi or [])
        response = _terbaca(request, program)
        response.status_code = status.HTTP_201_CREATED
        return response


class ProgramDetailApi(ApiBase):
    @extend_schema(
        operation_id="program_pelatihan_detail",
        summary=_("Satu program pelatihan"),
        tags=["pelatihan"],
        responses={200: ProgramOutputSerializer},
    )
    def get(self, request: Request, program_id: int) -> Response:
        program = program_get_for_user(user=user_of(request), program_id=program_id)
        return Response(ProgramOutputSerializer(program).data)


class ProgramUpdateApi(ApiBase):
    @extend_schema(
        operation_id="program_pelatihan_update",
        summary=_("Ubah program pelatihan (petugas BKD)"),
        description=_(
            "Hanya bidang yang dikirim yang diubah; daftar kompetensi, bila dikirim, menggantikan yang lama."
        ),
        tags=["pelatihan"],
        request=ProgramInputSerializer,
        responses={200: ProgramOutputSerializer},
    )
    def patch(self, request: Request, program_id: int) -> Response:
        user = user_of(request)
        program = program_get_for_user(user=user, program_id=program_id, rw=True)
        data, kompetensi = _pisah(input_from(request, ProgramInputSerializer, partial=True))
        program = program_update(actor=user, program=program, data=data, kompetensi=kompetensi)
        return _terbaca(request, program)


urlpatterns: list[URLPattern] = [
    path("program/", method_routes("ProgramRoute", get=ProgramListApi, post=ProgramCreateApi), name="program-list"),
    path(
        "program/<int:program_id>/",
        method_routes("ProgramDetailRoute", get=ProgramDetailApi, patch=ProgramUpdateApi),
        name="program-detail",
    ),
]
