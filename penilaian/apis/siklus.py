"""API of the evaluation cycle: list the cycles, start one for a period, follow its progress."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from pegawai.apis import PAGE_PARAMETERS, ApiBase, IsInstansiReader, paginated, paginated_response, user_of
from pegawai.permissions import can_edit_instansi
from penilaian.models import SiklusEvaluasi
from penilaian.selectors.siklus import periode_get_for_reader, siklus_get_for_user, siklus_list_for_user, siklus_persen
from penilaian.services.siklus import siklus_mulai


class SiklusOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    periode = serializers.IntegerField(source="periode_id")
    periode_nama = serializers.CharField(source="periode.nama")
    status = serializers.CharField()
    langkah = serializers.CharField()
    total = serializers.IntegerField()
    diproses = serializers.IntegerField()
    persen = serializers.SerializerMethodField()
    dimulai_pada = serializers.DateTimeField(allow_null=True)
    selesai_pada = serializers.DateTimeField(allow_null=True)
    detak = serializers.DateTimeField(allow_null=True)
    hasil = serializers.DictField()
    galat = serializers.CharField()

    class Meta:
        ref_name = "SiklusEvaluasi"

    def get_persen(self, obj: SiklusEvaluasi) -> int:
        return siklus_persen(obj)


class SiklusListApi(ApiBase):
    permission_classes: ClassVar[list[type[BasePermission]]] = [IsAuthenticated, IsInstansiReader]  # type: ignore[misc]

    @extend_schema(
        operation_id="siklus_list",
        summary=_("Daftar siklus evaluasi"),
        description=_("Petugas BKD dan pimpinan: siklus evaluasi setiap periode instansi, terbaru dahulu."),
        tags=["siklus evaluasi"],
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(SiklusOutputSerializer, "SiklusEvaluasiPage")},
    )
    def get(self, request: Request) -> Response:
        qs = siklus_list_for_user(user=user_of(request))
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=SiklusOutputSerializer)


class SiklusDetailApi(ApiBase):
    @extend_schema(
        operation_id="siklus_detail",
        summary=_("Kemajuan siklus evaluasi"),
        description=_("Status, langkah, kemajuan dan hasil satu siklus (petugas BKD dan pimpinan)."),
        tags=["siklus evaluasi"],
        responses={200: SiklusOutputSerializer},
    )
    def get(self, request: Request, siklus_id: int) -> Response:
        siklus = siklus_get_for_user(user=user_of(request), siklus_id=siklus_id)
        return Response(SiklusOutputSerializer(siklus).data)


class SiklusMulaiApi(ApiBase):
    @extend_schema(
        operation_id="siklus_mulai",
        summary=_("Jalankan siklus evaluasi periode (petugas BKD)"),
        description=_(
            "Menyiapkan dan menjalankan siklus evaluasi periode di latar belakang. Siklus yang sedang berjalan "
            "ditolak (400); siklus yang gagal dilanjutkan dari langkah terakhir."
        ),
        tags=["siklus evaluasi"],
        request=None,
        responses={202: SiklusOutputSerializer},
    )
    def post(self, request: Request, periode_id: int) -> Response:
        user = user_of(request)
        periode = periode_get_for_reader(user=user, periode_id=periode_id)
        if not can_edit_instansi(user):
            raise PermissionDenied
        siklus = siklus_mulai(actor=user, periode=periode)
        siklus = siklus_get_for_user(user=user, siklus_id=siklus.pk)
        return Response(SiklusOutputSerializer(siklus).data, status=status.HTTP_202_ACCEPTED)


urlpatterns: list[URLPattern] = [
    path("siklus/", SiklusListApi.as_view(), name="siklus-list"),
    path("siklus/<int:siklus_id>/", SiklusDetailApi.as_view(), name="siklus-detail"),
    path("periode/<int:periode_id>/siklus/", SiklusMulaiApi.as_view(), name="siklus-mulai"),
]
