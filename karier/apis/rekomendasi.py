"""API of the committee's recommendations, with the pages' permissions: BKD and pimpinan of the
instansi list, read, review and decide; only BKD applies and starts the yearly run (403 for the
pimpinan); anyone else, and another instansi's rows, 404. A step the recommendation's status no
longer allows (another member acted first) is 409 with the message saying who and when."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from karier.apis import TAG
from karier.models import JenisRekomendasi, Rekomendasi
from karier.permissions import boleh_menerapkan, require_komite
from karier.selectors.rekomendasi import aturan, rekomendasi_detail_for_user, rekomendasi_list_for_user
from karier.services.rekomendasi import (
    NOMOR_SK_MAKS,
    rekomendasi_putuskan,
    rekomendasi_terapkan,
    rekomendasi_tinjau,
)
from karier.tasks.tahunan import karier_tahunan_task
from pegawai.apis import (
    MAX_ID,
    PAGE_PARAMETERS,
    ApiBase,
    PegawaiRingkasSerializer,
    filters_from,
    input_from,
    paginated,
    paginated_response,
    user_of,
)
from pegawai.models import UnitKerja
from pegawai.permissions import instansi_q


class DasarSerializer(serializers.Serializer):
    kode = serializers.CharField(required=False)
    label = serializers.CharField(required=False)  # type: ignore[assignment]  # a field named like Field.label
    nilai = serializers.JSONField(required=False)
    teks = serializers.CharField(required=False)

    class Meta:
        ref_name = "RekomendasiDasar"


class RekomendasiOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tahun = serializers.IntegerField()
    jenis = serializers.CharField()
    status = serializers.CharField()
    pegawai = PegawaiRingkasSerializer()
    golongan_sekarang = serializers.CharField(source="pegawai.golongan.kode")
    jabatan_sekarang = serializers.CharField(source="pegawai.jabatan.nama", allow_null=True)
    unit_kerja = serializers.CharField(source="pegawai.unit_kerja.nama")
    kotak = serializers.IntegerField(allow_null=True)
    golongan_baru = serializers.CharField(source="golongan_baru.kode", allow_null=True)
    jabatan_tujuan = serializers.IntegerField(source="jabatan_tujuan_id", allow_null=True)
    jabatan_tujuan_nama = serializers.CharField(source="jabatan_tujuan.nama", allow_null=True)
    penghargaan = serializers.CharField()
    tmt = serializers.DateField(allow_null=True)
    skor = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    peringkat = serializers.IntegerField(allow_null=True)
    aturan = serializers.SerializerMethodField()
    dasar = DasarSerializer(many=True)
    ditinjau_oleh = serializers.CharField(source="ditinjau_oleh.username", allow_null=True)
    ditinjau_pada = serializers.DateTimeField(allow_null=True)
    diputuskan_oleh = serializers.CharField(source="diputuskan_oleh.username", allow_null=True)
    diputuskan_pada = serializers.DateTimeField(allow_null=True)
    alasan_keputusan = serializers.CharField()
    diterapkan_oleh = serializers.CharField(source="diterapkan_oleh.username", allow_null=True)
    diterapkan_pada = serializers.DateTimeField(allow_null=True)
    tmt_penerapan = serializers.DateField(allow_null=True)
    nomor_sk = serializers.CharField()

    class Meta:
        ref_name = "Rekomendasi"

    def get_aturan(self, obj: Rekomendasi) -> str:
        return aturan(obj)


class RekomendasiFilterSerializer(serializers.Serializer):
    jenis = serializers.ChoiceField(choices=JenisRekomendasi.choices, required=False)
    status = serializers.ChoiceField(choices=Rekomendasi.Status.choices, required=False)
    tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    kotak = serializers.IntegerField(required=False, min_value=1, max_value=9)
    unit_kerja = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    q = serializers.CharField(required=False, max_length=100)

    class Meta:
        ref_name = "RekomendasiFilter"


class PutuskanInputSerializer(serializers.Serializer):
    setuju = serializers.BooleanField()
    alasan = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    class Meta:
        ref_name = "RekomendasiPutuskanInput"


class TerapkanInputSerializer(serializers.Serializer):
    tmt = serializers.DateField(required=False, allow_null=True, help_text=_("Bawaan: TMT usulan."))
    nomor_sk = serializers.CharField(required=False, allow_blank=True, max_length=NOMOR_SK_MAKS)

    class Meta:
        ref_name = "RekomendasiTerapkanInput"


class JalankanInputSerializer(serializers.Serializer):
    tahun = serializers.IntegerField(min_value=2000, max_value=2100)

    class Meta:
        ref_name = "KarierTahunanInput"


class JalankanOutputSerializer(serializers.Serializer):
    instansi = serializers.IntegerField()
    tahun = serializers.IntegerField()

    class Meta:
        ref_name = "KarierTahunanOutput"


class KonflikSerializer(serializers.Serializer):
    status = serializers.ListField(child=serializers.CharField())

    class Meta:
        ref_name = "RekomendasiKonflik"


KONFLIK = OpenApiResponse(KonflikSerializer, description=_("Status rekomendasi sudah berubah (anggota lain)."))


def _detail(request: Request, rekomendasi_id: Any) -> Rekomendasi:
    user = user_of(request)
    require_komite(user)
    obj = rekomendasi_detail_for_user(user=user, rekomendasi_id=rekomendasi_id)
    if obj is None:
        raise Http404
    return obj


def _langkah(request: Request, rekomendasi_id: int, fn: Any) -> Response:
    """Run one committee step; a status conflict is 409, other validation errors 400."""
    obj = _detail(request, rekomendasi_id)
    try:
        with transaction.atomic():
            fn(obj)
    except DjangoValidationError as e:
        if "status" in getattr(e, "error_dict", {}):
            return Response({"status": e.message_dict["status"]}, status=status.HTTP_409_CONFLICT)
        raise
    return Response(RekomendasiOutputSerializer(_detail(request, obj.pk)).data)


class RekomendasiListApi(ApiBase):
    @extend_schema(
        operation_id="rekomendasi_list",
        summary=_("Rekomendasi karier"),
        description=_(
            "Petugas BKD dan pimpinan: rekomendasi instansinya (KP, promosi, rotasi, KRS, penghargaan), tahun "
            "terbaru dahulu, dengan aturan dan komponennya."
        ),
        tags=TAG,
        parameters=[
            *PAGE_PARAMETERS,
            OpenApiParameter("jenis", OpenApiTypes.STR, enum=JenisRekomendasi.values),
            OpenApiParameter("status", OpenApiTypes.STR, enum=Rekomendasi.Status.values),
            OpenApiParameter("tahun", OpenApiTypes.INT),
            OpenApiParameter("kotak", OpenApiTypes.INT),
            OpenApiParameter("unit_kerja", OpenApiTypes.INT),
            OpenApiParameter("q", OpenApiTypes.STR),
        ],
        responses={200: paginated(RekomendasiOutputSerializer, "RekomendasiPage")},
    )
    def get(self, request: Request) -> Response:
        user = user_of(request)
        require_komite(user)
        f = filters_from(request, RekomendasiFilterSerializer)
        if "unit_kerja" in f:
            unit = UnitKerja.objects.filter(instansi_q(user), pk=f["unit_kerja"]).first()
            if unit is None:
                raise serializers.ValidationError(
                    {"unit_kerja": [_("Tidak ada data dengan id %(id)s di instansi Anda.") % {"id": f["unit_kerja"]}]}
                )
            f["unit_kerja"] = unit
        qs = rekomendasi_list_for_user(user=user, filters=f).select_related(
            "ditinjau_oleh", "diputuskan_oleh", "diterapkan_oleh"
        )
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=RekomendasiOutputSerializer)


class RekomendasiDetailApi(ApiBase):
    @extend_schema(
        operation_id="rekomendasi_detail",
        summary=_("Satu rekomendasi dengan aturan dan komponennya"),
        tags=TAG,
        responses={200: RekomendasiOutputSerializer},
    )
    def get(self, request: Request, rekomendasi_id: int) -> Response:
        return Response(RekomendasiOutputSerializer(_detail(request, rekomendasi_id)).data)


class RekomendasiTinjauApi(ApiBase):
    @extend_schema(
        operation_id="rekomendasi_tinjau",
        summary=_("Tinjau rekomendasi (anggota tim penilai kinerja)"),
        tags=TAG,
        request=None,
        responses={200: RekomendasiOutputSerializer, 409: KONFLIK},
    )
    def post(self, request: Request, rekomendasi_id: int) -> Response:
        user = user_of(request)
        return _langkah(request, rekomendasi_id, lambda obj: rekomendasi_tinjau(actor=user, rekomendasi=obj))


class RekomendasiPutuskanApi(ApiBase):
    @extend_schema(
        operation_id="rekomendasi_putuskan",
        summary=_("Setujui atau tolak rekomendasi (anggota tim penilai kinerja)"),
        description=_("Penolakan wajib dengan alasan."),
        tags=TAG,
        request=PutuskanInputSerializer,
        responses={200: RekomendasiOutputSerializer, 409: KONFLIK},
    )
    def post(self, request: Request, rekomendasi_id: int) -> Response:
        user = user_of(request)
        _detail(request, rekomendasi_id)  # 404 before reading the input
        data = input_from(request, PutuskanInputSerializer)
        return _langkah(
            request,
            rekomendasi_id,
            lambda obj: rekomendasi_putuskan(
                actor=user, rekomendasi=obj, setuju=data["setuju"], alasan=data.get("alasan", "")
            ),
        )


class RekomendasiTerapkanApi(ApiBase):
    @extend_schema(
        operation_id="rekomendasi_terapkan",
        summary=_("Terapkan rekomendasi yang disetujui pada profil pegawai (petugas BKD)"),
        tags=TAG,
        request=TerapkanInputSerializer,
        responses={200: RekomendasiOutputSerializer, 409: KONFLIK},
    )
    def post(self, request: Request, rekomendasi_id: int) -> Response:
        user = user_of(request)
        _detail(request, rekomendasi_id)
        if not boleh_menerapkan(user):
            raise PermissionDenied
        data = input_from(request, TerapkanInputSerializer)
        return _langkah(
            request,
            rekomendasi_id,
            lambda obj: rekomendasi_terapkan(
                actor=user, rekomendasi=obj, tmt=data.get("tmt"), nomor_sk=data.get("nomor_sk", "")
            ),
        )


class RekomendasiJalankanApi(ApiBase):
    @extend_schema(
        operation_id="karier_tahunan_jalankan",
        summary=_("Jalankan talenta dan rekomendasi tahunan (petugas BKD)"),
        description=_("Menghitung kotak talenta tahun itu dan mengusulkan rekomendasi, di latar belakang."),
        tags=TAG,
        request=JalankanInputSerializer,
        responses={202: JalankanOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        require_komite(user)
        if not boleh_menerapkan(user):
            raise PermissionDenied
        data = input_from(request, JalankanInputSerializer)
        if user.instansi_id is None:
            raise serializers.ValidationError({"instansi": [_("Akun tidak terikat pada satu instansi.")]})
        instansi_id, tahun, actor_id = user.instansi_id, data["tahun"], user.pk
        transaction.on_commit(lambda: karier_tahunan_task.delay(instansi_id, tahun, actor_id=actor_id))
        return Response({"instansi": instansi_id, "tahun": tahun}, status=status.HTTP_202_ACCEPTED)


urlpatterns: list[URLPattern] = [
    path("rekomendasi/", RekomendasiListApi.as_view(), name="rekomendasi-list"),
    path("rekomendasi/jalankan/", RekomendasiJalankanApi.as_view(), name="rekomendasi-jalankan"),
    path("rekomendasi/<int:rekomendasi_id>/", RekomendasiDetailApi.as_view(), name="rekomendasi-detail"),
    path("rekomendasi/<int:rekomendasi_id>/tinjau/", RekomendasiTinjauApi.as_view(), name="rekomendasi-tinjau"),
    path("rekomendasi/<int:rekomendasi_id>/putuskan/", RekomendasiPutuskanApi.as_view(), name="rekomendasi-putuskan"),
    path("rekomendasi/<int:rekomendasi_id>/terapkan/", RekomendasiTerapkanApi.as_view(), name="rekomendasi-terapkan"),
]
