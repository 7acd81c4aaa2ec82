"""API of training needs, requests and target jabatan, with the pages' scoping: BKD and pimpinan
their instansi, anyone else themself and their direct subordinates. BKD triggers a derivation."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from pegawai.apis import (
    PAGE_PARAMETERS,
    ApiBase,
    InstansiRelatedField,
    PegawaiRingkasSerializer,
    filters_from,
    input_from,
    method_routes,
    paginated,
    paginated_response,
    user_of,
)
from pegawai.models import Jabatan, Pegawai
from pegawai.permissions import IsBKD, can_edit_instansi, pegawai_of_user
from pelatihan.apis.program import KompetensiField
from pelatihan.models import KebutuhanPelatihan, PermintaanPelatihan, ProgramPelatihan, TargetJabatan
from pelatihan.rules import JenisKebutuhan
from pelatihan.selectors.kebutuhan import (
    kebutuhan_get_for_user,
    kebutuhan_list_for_user,
    permintaan_get_for_user,
    permintaan_list_for_user,
    target_jabatan_get_for_user,
    target_jabatan_list_for_user,
)
from pelatihan.services.kebutuhan import (
    kebutuhan_alasan,
    permintaan_ajukan,
    permintaan_batalkan,
    permintaan_tanggapi,
    target_jabatan_hapus,
    target_jabatan_set,
)
from pelatihan.tasks.kebutuhan import kebutuhan_turunkan_kirim

MAX_ID = 2**63 - 1


class KebutuhanOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pegawai = PegawaiRingkasSerializer()
    tahun = serializers.IntegerField()
    jenis = serializers.CharField()
    kunci = serializers.CharField()
    kompetensi = serializers.IntegerField(source="kompetensi_id", allow_null=True)
    jabatan = serializers.IntegerField(source="jabatan_id", allow_null=True)
    level_dibutuhkan = serializers.IntegerField(allow_null=True)
    level_dicapai = serializers.IntegerField(allow_null=True)
    program = serializers.IntegerField(source="program_id", allow_null=True)
    permintaan = serializers.IntegerField(source="permintaan_id", allow_null=True)
    jp_kurang = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    prioritas = serializers.IntegerField()
    status = serializers.CharField()
    alasan = serializers.SerializerMethodField()
    dasar = serializers.DictField()
    diperbarui_siklus = serializers.DateTimeField(allow_null=True)
    ditutup_pada = serializers.DateTimeField(allow_null=True)
    alasan_tutup = serializers.CharField()

    class Meta:
        ref_name = "KebutuhanPelatihan"

    def get_alasan(self, obj: KebutuhanPelatihan) -> str:
        return kebutuhan_alasan(obj)


class KebutuhanFilterSerializer(serializers.Serializer):
    tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    jenis = serializers.ChoiceField(choices=JenisKebutuhan.choices, required=False)
    status = serializers.ChoiceField(choices=KebutuhanPelatihan.Status.choices, required=False)
    unit_kerja = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    kompetensi = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    pegawai = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    q = serializers.CharField(required=False, max_length=100)


class KebutuhanListApi(ApiBase):
    @extend_schema(
        operation_id="kebutuhan_pelatihan_list",
        summary=_("Kebutuhan pelatihan"),
        description=_(
            "Petugas BKD dan pimpinan: kebutuhan seluruh instansi; pegawai lain: kebutuhannya sendiri dan "
            "bawahan langsungnya. Prioritas tertinggi dahulu, dengan alasan."
        ),
        tags=["pelatihan"],
        parameters=[
            *PAGE_PARAMETERS,
            OpenApiParameter("tahun", OpenApiTypes.INT),
            OpenApiParameter("jenis", OpenApiTypes.STR, enum=JenisKebutuhan.values),
            OpenApiParameter("status", OpenApiTypes.STR, enum=KebutuhanPelatihan.Status.values),
            OpenApiParameter("unit_kerja", OpenApiTypes.INT),
            OpenApiParameter("kompetensi", OpenApiTypes.INT),
            OpenApiParameter("pegawai", OpenApiTypes.INT),
            OpenApiParameter("q", OpenApiTypes.STR),
        ],
        responses={200: paginated(KebutuhanOutputSerializer, "KebutuhanPelatihanPage")},
    )
    def get(self, request: Request) -> Response:
        f = filters_from(request, KebutuhanFilterSerializer)
        qs = kebutuhan_list_for_user(
            user=user_of(request),
            tahun=f.get("tahun"),
            jenis=f.get("jenis"),
            status=f.get("status"),
            unit_kerja_id=f.get("unit_kerja"),
            kompetensi_id=f.get("kompetensi"),
            pegawai_id=f.get("pegawai"),
            q=f.get("q"),
        )
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=KebutuhanOutputSerializer)


class KebutuhanDetailApi(ApiBase):
    @extend_schema(
        operation_id="kebutuhan_pelatihan_detail",
        summary=_("Satu kebutuhan pelatihan dengan alasannya"),
        tags=["pelatihan"],
        responses={200: KebutuhanOutputSerializer},
    )
    def get(self, request: Request, kebutuhan_id: int) -> Response:
        obj = kebutuhan_get_for_user(user=user_of(request), kebutuhan_id=kebutuhan_id)
        return Response(KebutuhanOutputSerializer(obj).data)


class TurunkanInputSerializer(serializers.Serializer):
    tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class TurunkanOutputSerializer(serializers.Serializer):
    instansi = serializers.IntegerField()
    tahun = serializers.IntegerField()


class KebutuhanTurunkanApi(ApiBase):
    permission_classes: ClassVar[list[type[BasePermission]]] = [IsAuthenticated, IsBKD]  # type: ignore[misc]

    @extend_schema(
        operation_id="kebutuhan_pelatihan_turunkan",
        summary=_("Perbarui kebutuhan pelatihan (petugas BKD)"),
        description=_(
            "Menjalankan penurunan kebutuhan instansi untuk satu tahun (bawaan tahun ini) di latar belakang."
        ),
        tags=["pelatihan"],
        request=TurunkanInputSerializer,
        responses={202: TurunkanOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        data = input_from(request, TurunkanInputSerializer)
        if user.instansi_id is None:
            raise serializers.ValidationError({"instansi": [_("Akun tidak terikat pada satu instansi.")]})
        tahun = data.get("tahun") or timezone.localdate().year
        kebutuhan_turunkan_kirim(instansi_id=user.instansi_id, tahun=tahun, actor_id=user.pk)
        return Response({"instansi": user.instansi_id, "tahun": tahun}, status=status.HTTP_202_ACCEPTED)


# ---------------------------------------------------------------------------------------------
# Requests


class PermintaanOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pegawai = PegawaiRingkasSerializer()
    tahun = serializers.IntegerField()
    program = serializers.IntegerField(source="program_id", allow_null=True)
    kompetensi = serializers.IntegerField(source="kompetensi_id", allow_null=True)
    alasan = serializers.CharField()
    status = serializers.CharField()
    tanggapan = serializers.CharField()
    ditanggapi_pada = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "PermintaanPelatihan"


class PermintaanInputSerializer(serializers.Serializer):
    tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    program = InstansiRelatedField(ProgramPelatihan, required=False, allow_null=True)
    kompetensi = KompetensiField(required=False, allow_null=True)
    alasan = serializers.CharField(max_length=2000)

    class Meta:
        ref_name = "PermintaanPelatihanInput"


class PermintaanFilterSerializer(serializers.Serializer):
    tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    status = serializers.ChoiceField(choices=PermintaanPelatihan.Status.choices, required=False)


class PermintaanListApi(ApiBase):
    @extend_schema(
        operation_id="permintaan_pelatihan_list",
        summary=_("Permintaan pelatihan"),
        description=_("Permintaan sendiri dan bawahan langsung; petugas BKD dan pimpinan: seluruh instansi."),
        tags=["pelatihan"],
        parameters=[
            *PAGE_PARAMETERS,
            OpenApiParameter("tahun", OpenApiTypes.INT),
            OpenApiParameter("status", OpenApiTypes.STR, enum=PermintaanPelatihan.Status.values),
        ],
        responses={200: paginated(PermintaanOutputSerializer, "PermintaanPelatihanPage")},
    )
    def get(self, request: Request) -> Response:
        f = filters_from(request, PermintaanFilterSerializer)
        qs = permintaan_list_for_user(user=user_of(request), tahun=f.get("tahun"), status=f.get("status"))
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=PermintaanOutputSerializer)


def _pegawai_saya(request: Request) -> Pegawai:
    me = pegawai_of_user(user_of(request))
    if me is None:
        raise PermissionDenied
    return me


class PermintaanCreateApi(ApiBase):
    @extend_schema(
        operation_id="permintaan_pelatihan_create",
        summary=_("Ajukan permintaan pelatihan (pegawai untuk dirinya)"),
        tags=["pelatihan"],
        request=PermintaanInputSerializer,
        responses={201: PermintaanOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        me = _pegawai_saya(request)
        data = input_from(request, PermintaanInputSerializer)
        permintaan = permintaan_ajukan(
            actor=user_of(request),
            pegawai=me,
            tahun=data.get("tahun") or timezone.localdate().year,
            program=data.get("program"),
            kompetensi=data.get("kompetensi"),
            alasan=data["alasan"],
        )
        obj = permintaan_get_for_user(user=user_of(request), permintaan_id=permintaan.pk)
        return Response(PermintaanOutputSerializer(obj).data, status=status.HTTP_201_CREATED)


class PermintaanBatalApi(ApiBase):
    @extend_schema(
        operation_id="permintaan_pelatihan_batal",
        summary=_("Batalkan permintaan yang belum ditanggapi (pegawai yang mengajukan)"),
        tags=["pelatihan"],
        request=None,
        responses={200: PermintaanOutputSerializer},
    )
    def post(self, request: Request, permintaan_id: int) -> Response:
        user = user_of(request)
        obj = permintaan_get_for_user(user=user, permintaan_id=permintaan_id, aksi="batal")
        obj = permintaan_batalkan(actor=user, permintaan=obj)
        return Response(PermintaanOutputSerializer(permintaan_get_for_user(user=user, permintaan_id=obj.pk)).data)


class TanggapanInputSerializer(serializers.Serializer):
    tanggapan = serializers.CharField(max_length=2000, required=False, allow_blank=True)


def _tanggapi(request: Request, permintaan_id: int, *, dukung: bool) -> Response:
    user = user_of(request)
    obj = permintaan_get_for_user(user=user, permintaan_id=permintaan_id, aksi="tanggapi")
    data = input_from(request, TanggapanInputSerializer)
    obj = permintaan_tanggapi(actor=user, permintaan=obj, dukung=dukung, tanggapan=data.get("tanggapan", ""))
    return Response(PermintaanOutputSerializer(permintaan_get_for_user(user=user, permintaan_id=obj.pk)).data)


class PermintaanDukungApi(ApiBase):
    @extend_schema(
        operation_id="permintaan_pelatihan_dukung",
        summary=_("Dukung permintaan (atasan langsung atau petugas BKD)"),
        tags=["pelatihan"],
        request=TanggapanInputSerializer,
        responses={200: PermintaanOutputSerializer},
    )
    def post(self, request: Request, permintaan_id: int) -> Response:
        return _tanggapi(request, permintaan_id, dukung=True)


class PermintaanTolakApi(ApiBase):
    @extend_schema(
        operation_id="permintaan_pelatihan_tolak",
        summary=_("Tolak permintaan dengan tanggapan (atasan langsung atau petugas BKD)"),
        tags=["pelatihan"],
        request=TanggapanInputSerializer,
        responses={200: PermintaanOutputSerializer},
    )
    def post(self, request: Request, permintaan_id: int) -> Response:
        return _tanggapi(request, permintaan_id, dukung=False)


# ---------------------------------------------------------------------------------------------
# Target jabatan


class TargetOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pegawai = PegawaiRingkasSerializer()
    jabatan = serializers.IntegerField(source="jabatan_id")
    jabatan_nama = serializers.CharField(source="jabatan.nama")
    sumber = serializers.CharField()

    class Meta:
        ref_name = "TargetJabatan"


class TargetInputSerializer(serializers.Serializer):
    pegawai = InstansiRelatedField(Pegawai, required=False, allow_null=True)
    jabatan = InstansiRelatedField(Jabatan)

    class Meta:
        ref_name = "TargetJabatanInput"


class TargetListApi(ApiBase):
    @extend_schema(
        operation_id="target_jabatan_list",
        summary=_("Jabatan target aktif"),
        tags=["pelatihan"],
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(TargetOutputSerializer, "TargetJabatanPage")},
    )
    def get(self, request: Request) -> Response:
        qs = target_jabatan_list_for_user(user=user_of(request))
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=TargetOutputSerializer)


class TargetSetApi(ApiBase):
    @extend_schema(
        operation_id="target_jabatan_set",
        summary=_("Tetapkan jabatan target"),
        description=_(
            "Pegawai: cita-cita jabatannya sendiri (sumber pegawai). Petugas BKD: jabatan target pegawai mana pun "
            "di instansinya (sumber bkd; field pegawai wajib)."
        ),
        tags=["pelatihan"],
        request=TargetInputSerializer,
        responses={201: TargetOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        data: dict[str, Any] = input_from(request, TargetInputSerializer)
        if can_edit_instansi(user):
            pegawai = data.get("pegawai")
            if pegawai is None:
                raise serializers.ValidationError({"pegawai": [_("Wajib diisi.")]})
            sumber = TargetJabatan.Sumber.BKD
        else:
            pegawai = _pegawai_saya(request)
            if data.get("pegawai") not in (None, pegawai):
                raise PermissionDenied
            sumber = TargetJabatan.Sumber.PEGAWAI
        target = target_jabatan_set(actor=user, pegawai=pegawai, jabatan=data["jabatan"], sumber=sumber)
        obj = target_jabatan_list_for_user(user=user).get(pk=target.pk)
        return Response(TargetOutputSerializer(obj).data, status=status.HTTP_201_CREATED)


class TargetHapusApi(ApiBase):
    @extend_schema(
        operation_id="target_jabatan_hapus",
        summary=_("Hapus jabatan target (petugas BKD, atau pegawai untuk cita-citanya sendiri)"),
        tags=["pelatihan"],
        responses={204: None},
    )
    def delete(self, request: Request, target_id: int) -> Response:
        user = user_of(request)
        target = target_jabatan_get_for_user(user=user, target_id=target_id)
        target_jabatan_hapus(actor=user, target=target)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns: list[URLPattern] = [
    path("kebutuhan/", KebutuhanListApi.as_view(), name="kebutuhan-list"),
    path("kebutuhan/turunkan/", KebutuhanTurunkanApi.as_view(), name="kebutuhan-turunkan"),
    path("kebutuhan/<int:kebutuhan_id>/", KebutuhanDetailApi.as_view(), name="kebutuhan-detail"),
    path(
        "permintaan/",
        method_routes("PermintaanRoute", get=PermintaanListApi, post=PermintaanCreateApi),
        name="permintaan-list",
    ),
    path("permintaan/<int:permintaan_id>/batal/", PermintaanBatalApi.as_view(), name="permintaan-batal"),
    path("permintaan/<int:permintaan_id>/dukung/", PermintaanDukungApi.as_view(), name="permintaan-dukung"),
    path("permintaan/<int:permintaan_id>/tolak/", PermintaanTolakApi.as_view(), name="permintaan-tolak"),
    path(
        "target-jabatan/",
        method_routes("TargetJabatanRoute", get=TargetListApi, post=TargetSetApi),
        name="target-list",
    ),
    path("target-jabatan/<int:target_id>/", TargetHapusApi.as_view(), name="target-detail"),
]
