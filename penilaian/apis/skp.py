"""REST API of the SKP: the list and creation, the detail, RHK and indikator, and the workflow.

Same permissions as the pages: lists are scoped by the selectors; single objects come from the
access helpers (404 for what the user may not see); the role is checked before the input (403 for
what they see but may not change); writes go through the services, whose ValidationErrors become
400s naming the field."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from pegawai.apis import (
    MAX_ID,
    PAGE_PARAMETERS,
    ApiBase,
    PegawaiRingkasSerializer,
    filters_from,
    input_from,
    method_routes,
    paginated,
    paginated_response,
    user_of,
)
from pegawai.models import UnitKerja, User
from pegawai.permissions import instansi_q, pegawai_of_user
from penilaian.models import SKP, RencanaHasilKerja
from penilaian.permissions import skp_get_for_user
from penilaian.rules import Arah, JenisIndikator
from penilaian.selectors import skp as selectors
from penilaian.services import skp as services

TAGS = ["penilaian: SKP"]


# ---------------------------------------------------------------------------------------------
# Serializers


class IndikatorOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    urutan = serializers.IntegerField()
    uraian = serializers.CharField()
    jenis = serializers.CharField(help_text=_("kuantitatif atau kualitatif"))
    target = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    satuan = serializers.CharField()
    target_kualitatif = serializers.CharField()
    arah = serializers.CharField(help_text=_("lebih_tinggi atau lebih_rendah"))

    class Meta:
        ref_name = "SKPIndikatorOutput"


class RHKOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    urutan = serializers.IntegerField()
    uraian = serializers.CharField()
    jenis = serializers.CharField(help_text=_("utama atau tambahan"))
    rhk_atasan = serializers.IntegerField(source="rhk_atasan_id", allow_null=True)
    indikator = IndikatorOutputSerializer(many=True, source="indikator.all")

    class Meta:
        ref_name = "SKPRHKOutput"


class EkspektasiOutputSerializer(serializers.Serializer):
    aspek = serializers.CharField()
    nama = serializers.CharField(source="label")
    standar = serializers.CharField()
    khusus = serializers.CharField()

    class Meta:
        ref_name = "SKPEkspektasiOutput"


class VersiOutputSerializer(serializers.Serializer):
    versi = serializers.IntegerField()
    disetujui_pada = serializers.DateTimeField(allow_null=True)
    isi = serializers.JSONField()

    class Meta:
        ref_name = "SKPVersiOutput"


class SKPListOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tahun = serializers.IntegerField()
    status = serializers.CharField(help_text=_("draft, diajukan, disetujui atau dikembalikan"))
    versi = serializers.IntegerField()
    pegawai = PegawaiRingkasSerializer()
    nama_jabatan = serializers.CharField()
    nama_unit = serializers.CharField()
    pejabat_penilai = PegawaiRingkasSerializer(allow_null=True)
    diajukan_pada = serializers.DateTimeField(allow_null=True)
    disetujui_pada = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "SKPListOutput"


class SKPDetailOutputSerializer(SKPListOutputSerializer):
    atasan_pejabat_penilai = PegawaiRingkasSerializer(allow_null=True)
    catatan_pengembalian = serializers.CharField()
    rhk = RHKOutputSerializer(many=True)
    ekspektasi = EkspektasiOutputSerializer(many=True)
    versi_riwayat = VersiOutputSerializer(many=True)

    class Meta:
        ref_name = "SKPDetailOutput"


def _detail_data(skp: SKP) -> dict[str, Any]:
    detail = selectors.skp_detail(skp=skp)
    data = {
        name: getattr(skp, name)
        for name in (
            "id",
            "tahun",
            "status",
            "versi",
            "pegawai",
            "nama_jabatan",
            "nama_unit",
            "pejabat_penilai",
            "atasan_pejabat_penilai",
            "diajukan_pada",
            "disetujui_pada",
            "catatan_pengembalian",
        )
    }
    data["rhk"] = detail.rhk
    data["ekspektasi"] = detail.ekspektasi
    data["versi_riwayat"] = list(selectors.skp_versi_list(skp=skp))
    return dict(SKPDetailOutputSerializer(data).data)


def _detail_response(skp: SKP, code: int = status.HTTP_200_OK) -> Response:
    return Response(_detail_data(skp), status=code)


def _require_owner(user: User, skp: SKP) -> None:
    if not selectors.skp_aksi(user=user, skp=skp).is_owner:
        raise PermissionDenied(gettext("Hanya pemilik SKP yang dapat melakukan ini."))


def _require_penilai(user: User, skp: SKP) -> None:
    if not selectors.skp_aksi(user=user, skp=skp).is_penilai:
        raise PermissionDenied(gettext("Hanya pejabat penilai SKP ini yang dapat melakukan ini."))


class RHKInputSerializer(serializers.Serializer):
    uraian = serializers.CharField(max_length=2000)
    jenis = serializers.ChoiceField(choices=RencanaHasilKerja.Jenis.choices, default=RencanaHasilKerja.Jenis.UTAMA)
    rhk_atasan = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Id RHK dari SKP pejabat penilai (tahun yang sama, sudah disetujui) yang diintervensi."),
    )

    class Meta:
        ref_name = "SKPRHKInput"


def _rhk_data(data: dict[str, Any]) -> dict[str, Any]:
    """The id of the RHK atasan as the row (an id that does not exist is refused like any RHK
    that may not be chosen, by the service's rule)."""
    if "rhk_atasan" in data and data["rhk_atasan"] is not None:
        data["rhk_atasan"] = RencanaHasilKerja.objects.filter(pk=data["rhk_atasan"]).first() or RencanaHasilKerja(pk=0)
    return data


class IndikatorInputSerializer(serializers.Serializer):
    uraian = serializers.CharField(max_length=2000)
    jenis = serializers.ChoiceField(choices=JenisIndikator.choices, default=JenisIndikator.KUANTITATIF)
    target = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    satuan = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    target_kualitatif = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    arah = serializers.ChoiceField(choices=Arah.choices, default=Arah.LEBIH_TINGGI)

    class Meta:
        ref_name = "SKPIndikatorInput"


# ---------------------------------------------------------------------------------------------
# SKP


class SKPListApi(ApiBase):
    class FilterSerializer(serializers.Serializer):
        tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
        status = serializers.ChoiceField(required=False, choices=SKP.Status.choices)
        unit_kerja = serializers.IntegerField(
            required=False, min_value=1, max_value=MAX_ID, help_text=_("Unit kerja beserta unit di bawahnya.")
        )
        q = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text=_("Nama atau awal NIP."))

        class Meta:
            ref_name = "SKPListFilter"

    @extend_schema(
        operation_id="skp_list",
        summary=_("Daftar SKP"),
        description=_(
            "SKP yang boleh dilihat pengguna: miliknya sendiri, yang ia nilai, bawahannya, dan bagi petugas BKD "
            "serta pimpinan seluruh SKP instansi."
        ),
        tags=TAGS,
        parameters=[FilterSerializer, *PAGE_PARAMETERS],
        responses={200: paginated(SKPListOutputSerializer, "PaginatedSKPList")},
    )
    def get(self, request: Request) -> Response:
        user = user_of(request)
        filters = filters_from(request, self.FilterSerializer)
        if "unit_kerja" in filters:
            filters["unit_kerja"] = _unit(user, filters["unit_kerja"])
        qs = selectors.skp_list_for_user(user=user, filters=filters)
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=SKPListOutputSerializer)


def _unit(user: User, unit_id: int) -> Any:
    unit = UnitKerja.objects.filter(instansi_q(user), pk=unit_id).first()
    if unit is None:
        raise ValidationError({"unit_kerja": [gettext("Tidak ada unit kerja dengan id ini di instansi Anda.")]})
    return unit


class SKPCreateApi(ApiBase):
    class InputSerializer(serializers.Serializer):
        tahun = serializers.IntegerField(min_value=2000, max_value=2100)

        class Meta:
            ref_name = "SKPCreateInput"

    @extend_schema(
        operation_id="skp_create",
        summary=_("Buat SKP saya"),
        description=_("Membuat SKP pengguna sendiri untuk satu tahun (satu SKP per tahun)."),
        tags=TAGS,
        request=InputSerializer,
        responses={201: SKPDetailOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        me = pegawai_of_user(user)
        if me is None:
            raise PermissionDenied(gettext("Akun ini tidak terhubung dengan data pegawai."))
        data = input_from(request, self.InputSerializer)
        skp = services.skp_create(actor=user, pegawai=me, tahun=data["tahun"])
        return _detail_response(skp_get_for_user(user=user, skp_id=skp.pk), status.HTTP_201_CREATED)


class SKPDetailApi(ApiBase):
    @extend_schema(
        operation_id="skp_retrieve",
        summary=_("Detail SKP"),
        description=_("SKP dengan RHK, indikator, ekspektasi perilaku dan riwayat versi yang disetujui."),
        tags=TAGS,
        responses={200: SKPDetailOutputSerializer},
    )
    def get(self, request: Request, skp_id: int) -> Response:
        return _detail_response(skp_get_for_user(user=user_of(request), skp_id=skp_id))


class RHKCreateApi(ApiBase):
    @extend_schema(
        operation_id="skp_rhk_create",
        summary=_("Tambah RHK"),
        description=_("Hanya pemilik SKP, selama SKP berstatus draf atau dikembalikan."),
        tags=TAGS,
        request=RHKInputSerializer,
        responses={201: RHKOutputSerializer},
    )
    def post(self, request: Request, skp_id: int) -> Response:
        user = user_of(request)
        skp = skp_get_for_user(user=user, skp_id=skp_id)
        _require_owner(user, skp)
        data = _rhk_data(input_from(request, RHKInputSerializer))
        rhk = services.rhk_create(actor=user, skp=skp, **data)
        return Response(RHKOutputSerializer(rhk).data, status=status.HTTP_201_CREATED)


class RHKUpdateApi(ApiBase):
    @extend_schema(
        operation_id="skp_rhk_update",
        summary=_("Ubah RHK"),
        description=_("Hanya pemilik SKP, selama SKP berstatus draf atau dikembalikan."),
        tags=TAGS,
        request=RHKInputSerializer(partial=True),
        responses={200: RHKOutputSerializer},
    )
    def patch(self, request: Request, rhk_id: int) -> Response:
        user = user_of(request)
        rhk = selectors.rhk_get_for_user(user=user, rhk_id=rhk_id)
        _require_owner(user, rhk.skp)
        data = _rhk_data(input_from(request, RHKInputSerializer, partial=True))
        rhk = services.rhk_update(actor=user, rhk=rhk, data=data)
        return Response(RHKOutputSerializer(rhk).data)


class RHKDeleteApi(ApiBase):
    @extend_schema(
        operation_id="skp_rhk_delete",
        summary=_("Hapus RHK"),
        description=_("Hanya pemilik SKP, selama SKP berstatus draf atau dikembalikan."),
        tags=TAGS,
        responses={204: None},
    )
    def delete(self, request: Request, rhk_id: int) -> Response:
        user = user_of(request)
        rhk = selectors.rhk_get_for_user(user=user, rhk_id=rhk_id)
        _require_owner(user, rhk.skp)
        services.rhk_delete(actor=user, rhk=rhk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class IndikatorCreateApi(ApiBase):
    @extend_schema(
        operation_id="skp_indikator_create",
        summary=_("Tambah indikator"),
        description=_(
            "Kuantitatif: target lebih dari 0 dan satuan wajib. Kualitatif: target_kualitatif wajib. "
            "Hanya pemilik SKP, selama SKP berstatus draf atau dikembalikan."
        ),
        tags=TAGS,
        request=IndikatorInputSerializer,
        responses={201: IndikatorOutputSerializer},
    )
    def post(self, request: Request, rhk_id: int) -> Response:
        user = user_of(request)
        rhk = selectors.rhk_get_for_user(user=user, rhk_id=rhk_id)
        _require_owner(user, rhk.skp)
        data = input_from(request, IndikatorInputSerializer)
        indikator = services.indikator_create(actor=user, rhk=rhk, **data)
        return Response(IndikatorOutputSerializer(indikator).data, status=status.HTTP_201_CREATED)


class IndikatorUpdateApi(ApiBase):
    @extend_schema(
        operation_id="skp_indikator_update",
        summary=_("Ubah indikator"),
        description=_("Hanya pemilik SKP, selama SKP berstatus draf atau dikembalikan."),
        tags=TAGS,
        request=IndikatorInputSerializer(partial=True),
        responses={200: IndikatorOutputSerializer},
    )
    def patch(self, request: Request, indikator_id: int) -> Response:
        user = user_of(request)
        indikator = selectors.indikator_get_for_user(user=user, indikator_id=indikator_id)
        _require_owner(user, indikator.rhk.skp)
        serializer = IndikatorInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        # only what was sent (a partial serializer still fills the defaults)
        data = {k: v for k, v in serializer.validated_data.items() if k in request.data}
        indikator = services.indikator_update(actor=user, indikator=indikator, data=data)
        return Response(IndikatorOutputSerializer(indikator).data)


class IndikatorDeleteApi(ApiBase):
    @extend_schema(
        operation_id="skp_indikator_delete",
        summary=_("Hapus indikator"),
        description=_("Hanya pemilik SKP, selama SKP berstatus draf atau dikembalikan."),
        tags=TAGS,
        responses={204: None},
    )
    def delete(self, request: Request, indikator_id: int) -> Response:
        user = user_of(request)
        indikator = selectors.indikator_get_for_user(user=user, indikator_id=indikator_id)
        _require_owner(user, indikator.rhk.skp)
        services.indikator_delete(actor=user, indikator=indikator)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------------------------------------
# Workflow


class SKPSubmitApi(ApiBase):
    @extend_schema(
        operation_id="skp_submit",
        summary=_("Ajukan SKP"),
        description=_(
            "Pemilik mengajukan SKP (draf atau dikembalikan) kepada pejabat penilai; perlu minimal satu RHK dan "
            "setiap RHK minimal satu indikator."
        ),
        tags=TAGS,
        request=None,
        responses={200: SKPDetailOutputSerializer},
    )
    def post(self, request: Request, skp_id: int) -> Response:
        user = user_of(request)
        skp = skp_get_for_user(user=user, skp_id=skp_id)
        _require_owner(user, skp)
        return _detail_response(services.skp_submit(actor=user, skp=skp))


class SKPApproveApi(ApiBase):
    @extend_schema(
        operation_id="skp_approve",
        summary=_("Setujui SKP"),
        description=_("Pejabat penilai menyetujui SKP yang diajukan; isi yang disetujui disimpan sebagai versi."),
        tags=TAGS,
        request=None,
        responses={200: SKPDetailOutputSerializer},
    )
    def post(self, request: Request, skp_id: int) -> Response:
        user = user_of(request)
        skp = skp_get_for_user(user=user, skp_id=skp_id)
        _require_penilai(user, skp)
        return _detail_response(services.skp_approve(actor=user, skp=skp))


class SKPReturnApi(ApiBase):
    class InputSerializer(serializers.Serializer):
        catatan = serializers.CharField(max_length=4000)

        class Meta:
            ref_name = "SKPReturnInput"

    @extend_schema(
        operation_id="skp_return",
        summary=_("Kembalikan SKP"),
        description=_("Pejabat penilai mengembalikan SKP yang diajukan, dengan catatan wajib."),
        tags=TAGS,
        request=InputSerializer,
        responses={200: SKPDetailOutputSerializer},
    )
    def post(self, request: Request, skp_id: int) -> Response:
        user = user_of(request)
        skp = skp_get_for_user(user=user, skp_id=skp_id)
        _require_penilai(user, skp)
        data = input_from(request, self.InputSerializer)
        return _detail_response(services.skp_return(actor=user, skp=skp, catatan=data["catatan"]))


class SKPReviseApi(ApiBase):
    @extend_schema(
        operation_id="skp_revise",
        summary=_("Revisi SKP"),
        description=_(
            "Pemilik membuka kembali SKP yang sudah disetujui sebagai versi berikutnya (draf); versi yang "
            "disetujui tetap tersimpan."
        ),
        tags=TAGS,
        request=None,
        responses={200: SKPDetailOutputSerializer},
    )
    def post(self, request: Request, skp_id: int) -> Response:
        user = user_of(request)
        skp = skp_get_for_user(user=user, skp_id=skp_id)
        _require_owner(user, skp)
        return _detail_response(services.skp_revise(actor=user, skp=skp))


urlpatterns = [
    path("skp/", method_routes("SKPRoute", get=SKPListApi, post=SKPCreateApi), name="skp-list"),
    path("skp/<int:skp_id>/", SKPDetailApi.as_view(), name="skp-detail"),
    path("skp/<int:skp_id>/rhk/", RHKCreateApi.as_view(), name="skp-rhk-create"),
    path("skp/<int:skp_id>/ajukan/", SKPSubmitApi.as_view(), name="skp-submit"),
    path("skp/<int:skp_id>/setujui/", SKPApproveApi.as_view(), name="skp-approve"),
    path("skp/<int:skp_id>/kembalikan/", SKPReturnApi.as_view(), name="skp-return"),
    path("skp/<int:skp_id>/revisi/", SKPReviseApi.as_view(), name="skp-revise"),
    path("rhk/<int:rhk_id>/", method_routes("SKPRHKRoute", patch=RHKUpdateApi, delete=RHKDeleteApi), name="skp-rhk"),
    path("rhk/<int:rhk_id>/indikator/", IndikatorCreateApi.as_view(), name="skp-indikator-create"),
    path(
        "indikator/<int:indikator_id>/",
        method_routes("SKPIndikatorRoute", patch=IndikatorUpdateApi, delete=IndikatorDeleteApi),
        name="skp-indikator",
    ),
]
