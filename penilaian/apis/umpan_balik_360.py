"""REST API of 360 feedback, with the same permissions as the pages: my requests to answer,
answering one, the rekap of a pegawai (rekan and bawahan only as aggregates, never named), and
asking the raters of a ratee (BKD also of a unit or of the whole instansi)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pegawai.apis import MAX_ID, PAGE_PARAMETERS, paginated, paginated_response, user_of
from pegawai.models import Pegawai, UnitKerja
from pegawai.permissions import can_edit_instansi, instansi_q, pegawai_get_for_user
from penilaian.models import Periode, PermintaanUmpanBalik360
from penilaian.permissions import permintaan_360_get_for_penilai
from penilaian.rules import AspekPerilaku, PeranPenilai360
from penilaian.selectors import umpan_balik_360 as selectors
from penilaian.services import umpan_balik_360 as services
from penilaian.services.umpan_balik_360 import KOMENTAR_MAKS

TAG = "umpan-balik-360"


class ApiBase(APIView):
    permission_classes: ClassVar[list[type[BasePermission]]] = [IsAuthenticated]  # type: ignore[misc]


def _input(request: Request, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _periode(*, instansi_id: int, periode_id: int) -> Periode:
    periode = Periode.objects.filter(instansi_id=instansi_id, pk=periode_id).select_related("instansi").first()
    if periode is None:
        raise ValidationError({"periode": [gettext("Periode tidak ditemukan di instansi ini.")]})
    return periode


class _Ringkas(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()

    class Meta:
        ref_name = "UmpanBalik360Ringkas"


class PermintaanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    periode = serializers.SerializerMethodField()
    dinilai = serializers.SerializerMethodField()
    peran = serializers.ChoiceField(choices=PeranPenilai360.choices)
    status = serializers.ChoiceField(choices=PermintaanUmpanBalik360.Status.choices)
    dijawab_pada = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "PermintaanUmpanBalik360"

    def get_periode(self, obj: PermintaanUmpanBalik360) -> dict[str, Any]:
        return {"id": obj.periode_id, "nama": obj.periode.nama}

    def get_dinilai(self, obj: PermintaanUmpanBalik360) -> dict[str, Any]:
        return {"id": obj.dinilai_id, "nama": obj.dinilai.nama_lengkap}


class PermintaanSayaApi(ApiBase):
    @extend_schema(
        operation_id="umpan_balik_360_permintaan_list",
        summary=_("Permintaan umpan balik 360 untuk saya"),
        description=_("Permintaan yang harus saya jawab, yang menunggu lebih dahulu."),
        tags=[TAG],
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(PermintaanSerializer, "PermintaanUmpanBalik360Page")},
    )
    def get(self, request: Request) -> Response:
        qs = selectors.permintaan_360_untuk_saya(user_of(request))
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=PermintaanSerializer)


class _SkorSerializer(serializers.Serializer):
    skor = serializers.IntegerField(min_value=1, max_value=5)
    komentar = serializers.CharField(required=False, allow_blank=True, max_length=KOMENTAR_MAKS, default="")

    class Meta:
        ref_name = "JawabanUmpanBalik360Aspek"


JawabanInputSerializer = type(
    "JawabanInputSerializer",
    (serializers.Serializer,),
    {
        **{a.value: _SkorSerializer(help_text=a.label) for a in AspekPerilaku},
        "Meta": type("Meta", (), {"ref_name": "JawabanUmpanBalik360Input"}),
    },
)


class JawabanApi(ApiBase):
    @extend_schema(
        operation_id="umpan_balik_360_jawaban_simpan",
        summary=_("Simpan jawaban umpan balik 360"),
        description=_(
            "Hanya penilai yang diminta. Ketujuh nilai BerAKHLAK wajib diisi, skor bilangan bulat 1–5 dengan "
            "komentar; jawaban boleh diubah selama periode belum ditutup."
        ),
        tags=[TAG],
        request=JawabanInputSerializer,
        responses={200: PermintaanSerializer},
    )
    def post(self, request: Request, permintaan_id: int) -> Response:
        user = user_of(request)
        permintaan = permintaan_360_get_for_penilai(user=user, permintaan_id=permintaan_id)
        data = _input(request, JawabanInputSerializer)
        jawaban = {aspek: (v["skor"], v.get("komentar", "")) for aspek, v in data.items()}
        permintaan = services.jawaban_360_simpan(actor=user, permintaan=permintaan, jawaban=jawaban)
        return Response(PermintaanSerializer(permintaan).data)


class _PeriodeFilter(serializers.Serializer):
    periode = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    class Meta:
        ref_name = "UmpanBalik360RekapFilter"


class RekapApi(ApiBase):
    @extend_schema(
        operation_id="umpan_balik_360_rekap",
        summary=_("Rekap umpan balik 360 seorang pegawai"),
        description=_(
            "Untuk pegawai itu sendiri, atasannya, petugas BKD dan pimpinan. Jawaban atasan dan diri sendiri per "
            "aspek; rekan kerja dan bawahan hanya rata-rata tanpa nama, dan hanya bila jumlah yang menjawab "
            "mencapai batas minimal kebijakan (cukup=false bila belum)."
        ),
        tags=[TAG],
        parameters=[OpenApiParameter("periode", OpenApiTypes.INT, description=_("Id periode (bawaan: terbaru)."))],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, pegawai_id: int) -> Response:
        dinilai = pegawai_get_for_user(user=user_of(request), pegawai_id=pegawai_id)
        f = _PeriodeFilter(data=request.query_params)
        f.is_valid(raise_exception=True)
        if f.validated_data.get("periode"):
            periode = _periode(instansi_id=dinilai.instansi_id, periode_id=f.validated_data["periode"])
        else:
            periode_bawaan = selectors.periode_360_bawaan(dinilai=dinilai)
            if periode_bawaan is None:
                raise ValidationError({"periode": [gettext("Belum ada periode penilaian.")]})
            periode = periode_bawaan
        rekap = selectors.rekap_360(dinilai=dinilai, periode=periode, minimal=selectors.minimal_360(periode=periode))
        return Response(rekap.as_dict())


class BuatInputSerializer(serializers.Serializer):
    periode = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    pegawai = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Pegawai yang dinilai (bukan untuk massal).")
    )
    massal = serializers.BooleanField(
        required=False, default=False, help_text=_("Petugas BKD: semua pegawai aktif instansi atau unit kerja.")
    )
    unit_kerja = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID, help_text=_("Untuk massal: unit kerja.")
    )

    class Meta:
        ref_name = "PermintaanUmpanBalik360BuatInput"

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("massal") and not attrs.get("pegawai"):
            raise serializers.ValidationError({"pegawai": [gettext("Wajib diisi bila bukan permintaan massal.")]})
        return attrs


class BuatOutputSerializer(serializers.Serializer):
    periode = serializers.IntegerField()
    dinilai = serializers.IntegerField(allow_null=True, help_text=_("Untuk permintaan satu pegawai."))
    jumlah_dinilai = serializers.IntegerField()
    permintaan = serializers.DictField(child=serializers.IntegerField(), help_text=_("Jumlah permintaan per peran."))
    permintaan_baru = serializers.IntegerField(allow_null=True)

    class Meta:
        ref_name = "PermintaanUmpanBalik360BuatOutput"


class BuatApi(ApiBase):
    @extend_schema(
        operation_id="umpan_balik_360_permintaan_buat",
        summary=_("Minta umpan balik 360"),
        description=_(
            "Pegawai untuk dirinya, pejabat penilai untuk bawahannya, petugas BKD untuk siapa pun di instansinya; "
            "petugas BKD juga massal untuk satu unit kerja (beserta unit di bawahnya) atau seluruh instansi. "
            "Permintaan yang sudah ada tidak dibuat lagi. Nama penilai tidak dikembalikan."
        ),
        tags=[TAG],
        request=BuatInputSerializer,
        responses={201: BuatOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        data = _input(request, BuatInputSerializer)
        if data.get("massal"):
            if not can_edit_instansi(user) or user.instansi_id is None:
                raise PermissionDenied
            periode = _periode(instansi_id=user.instansi_id, periode_id=data["periode"])
            unit = None
            if data.get("unit_kerja"):
                unit = UnitKerja.objects.filter(instansi_q(user), pk=data["unit_kerja"]).first()
                if unit is None:
                    raise ValidationError({"unit_kerja": [gettext("Unit kerja tidak ditemukan di instansi ini.")]})
            hasil = services.permintaan_360_buat_massal(actor=user, periode=periode, unit_kerja=unit)
            out: dict[str, Any] = {
                "periode": periode.pk,
                "dinilai": None,
                "jumlah_dinilai": hasil.dinilai,
                "permintaan": {},
                "permintaan_baru": hasil.permintaan_baru,
            }
            return Response(BuatOutputSerializer(out).data, status=status.HTTP_201_CREATED)
        dinilai: Pegawai = pegawai_get_for_user(user=user, pegawai_id=data["pegawai"])
        periode = _periode(instansi_id=dinilai.instansi_id, periode_id=data["periode"])
        dibuat = services.permintaan_360_buat(actor=user, periode=periode, dinilai=dinilai)
        per_peran = {p.value: 0 for p in PeranPenilai360}
        for p in dibuat:
            per_peran[p.peran] += 1
        out = {
            "periode": periode.pk,
            "dinilai": dinilai.pk,
            "jumlah_dinilai": 1,
            "permintaan": per_peran,
            "permintaan_baru": None,
        }
        return Response(BuatOutputSerializer(out).data, status=status.HTTP_201_CREATED)


urlpatterns: list[URLPattern] = [
    path("360/permintaan/", PermintaanSayaApi.as_view(), name="umpan-balik-360-permintaan-list"),
    path("360/permintaan/buat/", BuatApi.as_view(), name="umpan-balik-360-permintaan-buat"),
    path("360/permintaan/<int:permintaan_id>/jawaban/", JawabanApi.as_view(), name="umpan-balik-360-jawaban"),
    path("360/pegawai/<int:pegawai_id>/rekap/", RekapApi.as_view(), name="umpan-balik-360-rekap"),
]
