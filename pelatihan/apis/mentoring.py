"""Mentoring API: pairs (list, detail), the pairing run, confirming and rejecting proposals,
the plan, sessions, the mentee's feedback and the outcome. The same permissions as the pages:
404 for what the user may not see, 403 for what they may see but not change."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
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
from pegawai.permissions import can_edit_instansi, require_instansi_reader
from pelatihan.models import PasanganMentoring
from pelatihan.selectors import mentoring as selectors
from pelatihan.services import mentoring as services

# ---------------------------------------------------------------------------------------------
# Serializers


class PasanganOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tahun = serializers.IntegerField()
    jenis = serializers.CharField()
    status = serializers.CharField()
    mentor = PegawaiRingkasSerializer()
    mentee = PegawaiRingkasSerializer()
    skor = serializers.DecimalField(max_digits=8, decimal_places=2)
    alasan = serializers.JSONField()
    tujuan = serializers.CharField()
    nilai_umpan_balik = serializers.IntegerField(allow_null=True)
    umpan_balik_mentee = serializers.CharField()
    hasil = serializers.CharField()
    jpm_awal = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    jpm_akhir = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    dikonfirmasi_pada = serializers.DateTimeField(allow_null=True)
    selesai_pada = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "PasanganMentoring"


class PasanganListItemSerializer(PasanganOutputSerializer):
    jumlah_sesi = serializers.IntegerField()

    class Meta:
        ref_name = "PasanganMentoringRingkas"


class PasanganFilterSerializer(serializers.Serializer):
    tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    status = serializers.ChoiceField(choices=PasanganMentoring.Status.choices, required=False)
    q = serializers.CharField(required=False, max_length=100, allow_blank=True)
    unit_kerja_id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class PenjodohanOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tahun = serializers.IntegerField()
    status = serializers.CharField()
    progres = serializers.IntegerField()
    hasil = serializers.JSONField()
    galat = serializers.CharField()
    created_at = serializers.DateTimeField()
    selesai_pada = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "PenjodohanMentoring"


class PenjodohanInputSerializer(serializers.Serializer):
    tahun = serializers.IntegerField(min_value=2000, max_value=2100)


class SesiOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tanggal = serializers.DateField()
    durasi_menit = serializers.IntegerField()
    jp = serializers.DecimalField(max_digits=6, decimal_places=2)
    topik = serializers.CharField()
    catatan = serializers.CharField()

    class Meta:
        ref_name = "SesiMentoring"


class SesiInputSerializer(serializers.Serializer):
    tanggal = serializers.DateField()
    durasi_menit = serializers.IntegerField(min_value=1, max_value=600)
    topik = serializers.CharField(max_length=200)
    catatan = serializers.CharField(required=False, allow_blank=True, default="")


class RencanaInputSerializer(serializers.Serializer):
    tujuan = serializers.CharField()


class UmpanBalikInputSerializer(serializers.Serializer):
    nilai = serializers.IntegerField(min_value=1, max_value=5)
    umpan_balik = serializers.CharField(required=False, allow_blank=True, default="")


class SelesaiInputSerializer(serializers.Serializer):
    hasil = serializers.CharField()


# ---------------------------------------------------------------------------------------------
# Pairs


class PasanganListApi(ApiBase):
    @extend_schema(
        operation_id="mentoring_pasangan_list",
        parameters=[PasanganFilterSerializer, *PAGE_PARAMETERS],
        responses=paginated(PasanganListItemSerializer, "PasanganMentoringPage"),
    )
    def get(self, request: Request) -> Response:
        filters = filters_from(request, PasanganFilterSerializer)
        qs = selectors.pasangan_list_for_user(user=user_of(request), **filters)
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=PasanganListItemSerializer)


class PasanganDetailApi(ApiBase):
    @extend_schema(operation_id="mentoring_pasangan_detail", responses=PasanganOutputSerializer)
    def get(self, request: Request, pasangan_id: int) -> Response:
        pasangan = selectors.pasangan_get_for_user(user=user_of(request), pasangan_id=pasangan_id)
        return Response(PasanganOutputSerializer(pasangan).data)


def _pasangan_untuk(request: Request, pasangan_id: int, peran: set[str]) -> PasanganMentoring:
    """A pair the user sees (404 otherwise) in which they hold one of ``peran`` (403 otherwise)."""
    user = user_of(request)
    pasangan = selectors.pasangan_get_for_user(user=user, pasangan_id=pasangan_id)
    if not selectors.peran_pada(user=user, pasangan=pasangan) & peran:
        raise PermissionDenied
    return pasangan


def _jawab(pasangan: PasanganMentoring) -> Response:
    return Response(PasanganOutputSerializer(pasangan).data)


class PasanganKonfirmasiApi(ApiBase):
    @extend_schema(operation_id="mentoring_pasangan_konfirmasi", request=None, responses=PasanganOutputSerializer)
    def post(self, request: Request, pasangan_id: int) -> Response:
        pasangan = _pasangan_untuk(request, pasangan_id, {"bkd"})
        return _jawab(services.pasangan_konfirmasi(actor=user_of(request), pasangan=pasangan))


class PasanganTolakApi(ApiBase):
    @extend_schema(operation_id="mentoring_pasangan_tolak", request=None, responses=PasanganOutputSerializer)
    def post(self, request: Request, pasangan_id: int) -> Response:
        pasangan = _pasangan_untuk(request, pasangan_id, {"bkd"})
        return _jawab(services.pasangan_tolak(actor=user_of(request), pasangan=pasangan))


class PasanganRencanaApi(ApiBase):
    @extend_schema(
        operation_id="mentoring_pasangan_rencana", request=RencanaInputSerializer, responses=PasanganOutputSerializer
    )
    def post(self, request: Request, pasangan_id: int) -> Response:
        pasangan = _pasangan_untuk(request, pasangan_id, {"bkd", "mentor"})
        data = input_from(request, RencanaInputSerializer)
        return _jawab(services.pasangan_rencana_simpan(actor=user_of(request), pasangan=pasangan, **data))


class PasanganUmpanBalikApi(ApiBase):
    @extend_schema(
        operation_id="mentoring_pasangan_umpan_balik",
        request=UmpanBalikInputSerializer,
        responses=PasanganOutputSerializer,
    )
    def post(self, request: Request, pasangan_id: int) -> Response:
        pasangan = _pasangan_untuk(request, pasangan_id, {"mentee"})
        data = input_from(request, UmpanBalikInputSerializer)
        return _jawab(services.pasangan_umpan_balik(actor=user_of(request), pasangan=pasangan, **data))


class PasanganSelesaiApi(ApiBase):
    @extend_schema(
        operation_id="mentoring_pasangan_selesai", request=SelesaiInputSerializer, responses=PasanganOutputSerializer
    )
    def post(self, request: Request, pasangan_id: int) -> Response:
        pasangan = _pasangan_untuk(request, pasangan_id, {"bkd", "mentor"})
        data = input_from(request, SelesaiInputSerializer)
        return _jawab(services.pasangan_selesai(actor=user_of(request), pasangan=pasangan, **data))


class SesiListApi(ApiBase):
    @extend_schema(
        operation_id="mentoring_sesi_list",
        parameters=PAGE_PARAMETERS,
        responses=paginated(SesiOutputSerializer, "SesiMentoringPage"),
    )
    def get(self, request: Request, pasangan_id: int) -> Response:
        pasangan = selectors.pasangan_get_for_user(user=user_of(request), pasangan_id=pasangan_id)
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.sesi_list(pasangan=pasangan),
            serializer_class=SesiOutputSerializer,
        )


class SesiCatatApi(ApiBase):
    @extend_schema(
        operation_id="mentoring_sesi_catat", request=SesiInputSerializer, responses={201: SesiOutputSerializer}
    )
    def post(self, request: Request, pasangan_id: int) -> Response:
        pasangan = _pasangan_untuk(request, pasangan_id, {"bkd", "mentor"})
        data = input_from(request, SesiInputSerializer)
        sesi = services.sesi_catat(actor=user_of(request), pasangan=pasangan, **data)
        return Response(SesiOutputSerializer(sesi).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------
# The pairing run


class PenjodohanJalankanApi(ApiBase):
    @extend_schema(
        operation_id="mentoring_penjodohan_jalankan",
        request=PenjodohanInputSerializer,
        responses={201: PenjodohanOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        require_instansi_reader(user)
        if not can_edit_instansi(user) or user.instansi is None:
            raise PermissionDenied
        data = input_from(request, PenjodohanInputSerializer)
        run = services.penjodohan_jalankan(actor=user, instansi=user.instansi, **data)
        return Response(PenjodohanOutputSerializer(run).data, status=status.HTTP_201_CREATED)


class PenjodohanDetailApi(ApiBase):
    @extend_schema(operation_id="mentoring_penjodohan_detail", responses=PenjodohanOutputSerializer)
    def get(self, request: Request, penjodohan_id: int) -> Response:
        run = selectors.penjodohan_get_for_user(user=user_of(request), penjodohan_id=penjodohan_id)
        return Response(PenjodohanOutputSerializer(run).data)


urlpatterns: list[URLPattern] = [
    path(
        "mentoring/pasangan/",
        method_routes("PasanganMentoringRoute", get=PasanganListApi),
        name="mentoring-pasangan-list",
    ),
    path(
        "mentoring/pasangan/<int:pasangan_id>/",
        method_routes("PasanganMentoringDetailRoute", get=PasanganDetailApi),
        name="mentoring-pasangan-detail",
    ),
    path(
        "mentoring/pasangan/<int:pasangan_id>/konfirmasi/",
        method_routes("PasanganKonfirmasiRoute", post=PasanganKonfirmasiApi),
        name="mentoring-pasangan-konfirmasi",
    ),
    path(
        "mentoring/pasangan/<int:pasangan_id>/tolak/",
        method_routes("PasanganTolakRoute", post=PasanganTolakApi),
        name="mentoring-pasangan-tolak",
    ),
    path(
        "mentoring/pasangan/<int:pasangan_id>/rencana/",
        method_routes("PasanganRencanaRoute", post=PasanganRencanaApi),
        name="mentoring-pasangan-rencana",
    ),
    path(
        "mentoring/pasangan/<int:pasangan_id>/umpan-balik/",
        method_routes("PasanganUmpanBalikRoute", post=PasanganUmpanBalikApi),
        name="mentoring-pasangan-umpan-balik",
    ),
    path(
        "mentoring/pasangan/<int:pasangan_id>/selesai/",
        method_routes("PasanganSelesaiRoute", post=PasanganSelesaiApi),
        name="mentoring-pasangan-selesai",
    ),
    path(
        "mentoring/pasangan/<int:pasangan_id>/sesi/",
        method_routes("SesiMentoringRoute", get=SesiListApi, post=SesiCatatApi),
        name="mentoring-sesi",
    ),
    path(
        "mentoring/penjodohan/",
        method_routes("PenjodohanRoute", post=PenjodohanJalankanApi),
        name="mentoring-penjodohan",
    ),
    path(
        "mentoring/penjodohan/<int:penjodohan_id>/",
        method_routes("PenjodohanDetailRoute", get=PenjodohanDetailApi),
        name="mentoring-penjodohan-detail",
    ),
]
