"""REST API of IKM: the results per unit layanan (scoped as the pages), a unit's NRR per unsur
with its trend, and the public survey (its questions, and the anonymous submission: no account,
no CSRF, the same checks and rate limit as the page: 400 naming the field, 429 with a message)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pegawai.apis import PAGE_PARAMETERS, ApiBase, paginated, paginated_response, user_of
from pegawai.selectors import kebijakan_get
from penilaian.forms.ikm import JAWABAN_UNSUR, PERTANYAAN_UNSUR
from penilaian.models import ResponsSurvei
from penilaian.rules import UNSUR_IKM, UnsurIKM
from penilaian.selectors import ikm as selectors
from penilaian.services import ikm as services
from penilaian.views.ikm import TREN_PERIODE, alamat_klien, jaringan_klien, perangkat_dari_cookie

HEADER_PERANGKAT = "HTTP_X_SURVEI_PERANGKAT"


PERIODE_PARAMETER = OpenApiParameter(
    "periode", OpenApiTypes.INT, description=_("Id periode; bawaan: periode berjalan.")
)


class HasilIkmOutputSerializer(serializers.Serializer):
    unit_kerja_id = serializers.IntegerField(source="pk")
    unit_kerja = serializers.CharField(source="nama")
    ikm = serializers.DecimalField(source="hasil_ikm", max_digits=5, decimal_places=2, allow_null=True)
    mutu = serializers.CharField(source="hasil_mutu", allow_null=True)
    responden = serializers.IntegerField(source="hasil_responden", allow_null=True)
    respons_masuk = serializers.IntegerField()
    dipublikasikan = serializers.SerializerMethodField()

    class Meta:
        ref_name = "HasilIkm"

    def get_dipublikasikan(self, obj: Any) -> bool:
        return bool(obj.hasil_terbit)


class IkmListApi(ApiBase):
    @extend_schema(
        operation_id="ikm_list",
        description=_(
            "BKD dan pimpinan: setiap unit layanan instansi; kepala unit: unit layanan di unitnya. Unit yang belum "
            "mencapai minimal responden tampil dengan dipublikasikan=false."
        ),
        tags=["ikm"],
        summary=_("Hasil IKM per unit layanan"),
        parameters=[PERIODE_PARAMETER, *PAGE_PARAMETERS],
        responses={200: paginated(HasilIkmOutputSerializer, "HasilIkmPage")},
    )
    def get(self, request: Request) -> Response:
        user = user_of(request)
        selectors.ikm_require_reader(user)
        periode = selectors.periode_pilihan(
            instansi=selectors.instansi_of(user), periode_id=request.query_params.get("periode")
        )
        qs = selectors.hasil_ikm_list_for_user(user, periode)
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=HasilIkmOutputSerializer)


class UnsurOutputSerializer(serializers.Serializer):
    kode = serializers.CharField()
    nama = serializers.CharField()
    jumlah = serializers.IntegerField(allow_null=True)
    nrr = serializers.DecimalField(max_digits=5, decimal_places=3, allow_null=True)


class TrenOutputSerializer(serializers.Serializer):
    periode_id = serializers.IntegerField()
    periode = serializers.CharField(source="periode.nama")
    ikm = serializers.DecimalField(max_digits=5, decimal_places=2)
    mutu = serializers.CharField()
    responden = serializers.IntegerField()
    dipublikasikan = serializers.BooleanField()


class IkmUnitOutputSerializer(serializers.Serializer):
    unit_kerja_id = serializers.IntegerField()
    unit_kerja = serializers.CharField()
    periode_id = serializers.IntegerField(allow_null=True)
    ikm = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    mutu = serializers.CharField(allow_null=True)
    responden = serializers.IntegerField()
    minimal_responden = serializers.IntegerField()
    dipublikasikan = serializers.BooleanField()
    unsur = UnsurOutputSerializer(many=True)
    tren = TrenOutputSerializer(many=True)

    class Meta:
        ref_name = "IkmUnit"


class IkmUnitApi(ApiBase):
    @extend_schema(
        operation_id="ikm_unit_retrieve",
        description=_(
            "Jumlah nilai dan NRR per unsur, IKM, mutu dan tren antar periode satu unit layanan. "
            "IKM = Σ(NRR × 1/9) × 25 dari jumlah nilai, tanpa pembulatan bobot."
        ),
        tags=["ikm"],
        summary=_("IKM satu unit layanan"),
        parameters=[PERIODE_PARAMETER],
        responses={200: IkmUnitOutputSerializer},
    )
    def get(self, request: Request, unit_id: int) -> Response:
        user = user_of(request)
        unit = selectors.unit_layanan_get_for_user(user=user, unit_id=unit_id)
        periode = selectors.periode_pilihan(instansi=unit.instansi, periode_id=request.query_params.get("periode"))
        hasil = selectors.hasil_ikm_get(unit=unit, periode=periode)
        data = {
            "unit_kerja_id": unit.pk,
            "unit_kerja": unit.nama,
            "periode_id": periode.pk if periode else None,
            "ikm": hasil.ikm if hasil else None,
            "mutu": hasil.mutu if hasil else None,
            "responden": hasil.responden if hasil else 0,
            "minimal_responden": kebijakan_get(instansi=unit.instansi).ikm_minimal_responden,
            "dipublikasikan": bool(hasil and hasil.dipublikasikan),
            "unsur": [
                {
                    "kode": kode,
                    "nama": str(UnsurIKM(kode).label),
                    "jumlah": hasil.jumlah_unsur[i] if hasil else None,
                    "nrr": hasil.nrr[i] if hasil else None,
                }
                for i, kode in enumerate(UNSUR_IKM)
            ],
            "tren": selectors.ikm_tren(unit, TREN_PERIODE),
        }
        return Response(IkmUnitOutputSerializer(data).data)


class SurveiInputSerializer(serializers.Serializer):
    """Documentation of the body; the service checks it (so the page and the API say the same)."""

    u1 = serializers.IntegerField(min_value=1, max_value=4, help_text=_("U1 Persyaratan, 1–4"))
    u2 = serializers.IntegerField(min_value=1, max_value=4)
    u3 = serializers.IntegerField(min_value=1, max_value=4)
    u4 = serializers.IntegerField(min_value=1, max_value=4)
    u5 = serializers.IntegerField(min_value=1, max_value=4)
    u6 = serializers.IntegerField(min_value=1, max_value=4)
    u7 = serializers.IntegerField(min_value=1, max_value=4)
    u8 = serializers.IntegerField(min_value=1, max_value=4)
    u9 = serializers.IntegerField(min_value=1, max_value=4)
    kelompok_usia = serializers.ChoiceField(choices=ResponsSurvei.KelompokUsia.choices, required=False)
    jenis_kelamin = serializers.ChoiceField(choices=ResponsSurvei.JenisKelamin.choices, required=False)
    pendidikan = serializers.ChoiceField(choices=ResponsSurvei.Pendidikan.choices, required=False)
    layanan = serializers.CharField(max_length=services.LAYANAN_MAKS, required=False)
    saran = serializers.CharField(max_length=services.SARAN_MAKS, required=False)

    class Meta:
        ref_name = "SurveiInput"


class SurveiApi(APIView):
    """The public survey of one unit layanan, by its short code. No account, no session (so no
    CSRF). The device is the survey cookie of the page when present, else the
    ``X-Survei-Perangkat`` header an app sends, else the client's address."""

    authentication_classes: ClassVar[list[type]] = []  # type: ignore[misc]
    permission_classes: ClassVar[list[type[BasePermission]]] = [AllowAny]  # type: ignore[misc]

    @extend_schema(
        operation_id="survei_retrieve",
        description=_("Pertanyaan survei dan empat pilihan jawaban setiap unsur (1–4)."),
        tags=["ikm"],
        summary=_("Pertanyaan survei kepuasan masyarakat"),
        responses={
            200: inline_serializer(
                "SurveiPertanyaan",
                {
                    "unit_kerja": serializers.CharField(),
                    "unsur": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
        auth=[],
    )
    def get(self, request: Request, kode: str) -> Response:
        tautan = services.tautan_survei_aktif(kode=kode)
        return Response(
            {
                "unit_kerja": tautan.unit_kerja.nama,
                "unsur": [
                    {
                        "kode": k,
                        "label": str(UnsurIKM(k).label),
                        "pertanyaan": str(PERTANYAAN_UNSUR[k]),
                        "jawaban": [{"nilai": i, "label": str(j)} for i, j in enumerate(JAWABAN_UNSUR[k], start=1)],
                    }
                    for k in UNSUR_IKM
                ],
            }
        )

    @extend_schema(
        operation_id="survei_create",
        description=_(
            "Kirim jawaban survei tanpa akun. 400 menyebut isian yang salah; 429 bila perangkat atau jaringan ini "
            "sudah mengirim terlalu banyak jawaban untuk unit ini."
        ),
        tags=["ikm"],
        summary=_("Kirim jawaban survei kepuasan masyarakat"),
        request=SurveiInputSerializer,
        responses={
            201: inline_serializer("SurveiTerima", {"detail": serializers.CharField()}),
            429: inline_serializer("SurveiDibatasi", {"detail": serializers.CharField()}),
        },
        auth=[],
    )
    def post(self, request: Request, kode: str) -> Response:
        data: Mapping[str, Any] = request.data if isinstance(request.data, Mapping) else {}
        perangkat = (
            perangkat_dari_cookie(request._request)
            or str(request.META.get(HEADER_PERANGKAT, "")).strip()[:100]
            or "alamat:" + alamat_klien(request._request)
        )
        try:
            services.respons_survei_simpan(
                tautan_kode=kode, data=data, perangkat=perangkat, jaringan=jaringan_klien(request._request)
            )
        except services.SurveiDibatasi as e:
            return Response(
                {"detail": e.message},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(e.coba_lagi_detik)},
            )
        return Response(
            {"detail": str(_("Terima kasih, jawaban Anda sudah diterima."))}, status=status.HTTP_201_CREATED
        )


urlpatterns: list[URLPattern] = [
    path("ikm/", IkmListApi.as_view(), name="ikm-list"),
    path("ikm/unit/<int:unit_id>/", IkmUnitApi.as_view(), name="ikm-unit"),
    path("survei/<slug:kode>/", SurveiApi.as_view(), name="ikm-survei"),
]
