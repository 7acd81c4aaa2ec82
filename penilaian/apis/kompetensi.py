"""Kompetensi API of penilaian: the catalogue, the standard of a jabatan, assessments and the JPM
of a pegawai, with the same permissions as the pages (404 for what the user may not see, 403 for
what they may see but not change)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from pegawai.apis import (
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
from pegawai.models import Jabatan, Pegawai
from pegawai.permissions import can_edit_instansi, id_or_404, instansi_q
from penilaian.models import MetodeAsesmen
from penilaian.selectors import kompetensi as selectors
from penilaian.services import kompetensi as services

# ---------------------------------------------------------------------------------------------
# Catalogue


class KompetensiOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kode = serializers.CharField()
    nama = serializers.CharField()
    jenis = serializers.CharField()
    nasional = serializers.SerializerMethodField()
    deskripsi = serializers.CharField()
    deskripsi_level = serializers.ListField(child=serializers.CharField())
    is_active = serializers.BooleanField()

    class Meta:
        ref_name = "Kompetensi"

    def get_nasional(self, obj: Any) -> bool:
        return obj.instansi_id is None


class KompetensiInputSerializer(serializers.Serializer):
    kode = serializers.CharField(max_length=30)
    nama = serializers.CharField(max_length=150)
    deskripsi = serializers.CharField(required=False, allow_blank=True, default="")
    deskripsi_level = serializers.ListField(child=serializers.CharField(allow_blank=False), min_length=5, max_length=5)
    is_active = serializers.BooleanField(required=False, default=True)


class KompetensiListApi(ApiBase):
    @extend_schema(
        operation_id="kompetensi_list",
        tags=["kompetensi"],
        summary=_("Katalog kompetensi"),
        description=_("Kompetensi nasional (M1..M8, SK1) dan kompetensi teknis instansi; semua pengguna instansi."),
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(KompetensiOutputSerializer, "KompetensiPage")},
    )
    def get(self, request: Request) -> Response:
        qs = selectors.kompetensi_list_for_user(user=user_of(request))
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=KompetensiOutputSerializer)


class KompetensiCreateApi(ApiBase):
    @extend_schema(
        operation_id="kompetensi_create",
        tags=["kompetensi"],
        summary=_("Tambah kompetensi teknis (BKD)"),
        request=KompetensiInputSerializer,
        responses={201: KompetensiOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        if not can_edit_instansi(user) or user.instansi is None:
            raise Http404
        data = input_from(request, KompetensiInputSerializer)
        data.pop("is_active")
        obj = services.kompetensi_create(actor=user, instansi=user.instansi, **data)
        return Response(KompetensiOutputSerializer(obj).data, status=status.HTTP_201_CREATED)


class KompetensiDetailApi(ApiBase):
    @extend_schema(
        operation_id="kompetensi_retrieve",
        tags=["kompetensi"],
        summary=_("Satu kompetensi"),
        responses={200: KompetensiOutputSerializer},
    )
    def get(self, request: Request, kompetensi_id: int) -> Response:
        obj = selectors.kompetensi_get_for_user(user=user_of(request), kompetensi_id=kompetensi_id)
        return Response(KompetensiOutputSerializer(obj).data)


class KompetensiUpdateApi(ApiBase):
    @extend_schema(
        operation_id="kompetensi_update",
        tags=["kompetensi"],
        summary=_("Ubah atau nonaktifkan kompetensi teknis (BKD; kompetensi nasional 403)"),
        request=KompetensiInputSerializer,
        responses={200: KompetensiOutputSerializer},
    )
    def put(self, request: Request, kompetensi_id: int) -> Response:
        user = user_of(request)
        obj = selectors.kompetensi_get_for_user(user=user, kompetensi_id=kompetensi_id, rw=True)
        obj = services.kompetensi_update(actor=user, kompetensi=obj, **input_from(request, KompetensiInputSerializer))
        return Response(KompetensiOutputSerializer(obj).data)


# ---------------------------------------------------------------------------------------------
# Standar kompetensi


class StandarBarisSerializer(serializers.Serializer):
    kompetensi_id = serializers.IntegerField()
    kode = serializers.CharField(source="kompetensi.kode")
    nama = serializers.CharField(source="kompetensi.nama")
    level = serializers.IntegerField()

    class Meta:
        ref_name = "StandarKompetensiBaris"


class StandarOutputSerializer(serializers.Serializer):
    jabatan_id = serializers.IntegerField(source="jabatan.pk")
    jabatan = serializers.CharField(source="jabatan.nama")
    standar = StandarBarisSerializer(many=True)

    class Meta:
        ref_name = "StandarKompetensi"


class StandarLevelInputSerializer(serializers.Serializer):
    kompetensi_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    level = serializers.IntegerField(min_value=1, max_value=5, allow_null=True)


class StandarInputSerializer(serializers.Serializer):
    standar = StandarLevelInputSerializer(many=True)

    def validate_standar(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [v["kompetensi_id"] for v in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Setiap kompetensi paling banyak satu kali."))
        return value


def _standar_data(jabatan: Jabatan) -> dict[str, Any]:
    return dict(StandarOutputSerializer({"jabatan": jabatan, "standar": selectors.standar_list(jabatan=jabatan)}).data)


class StandarDetailApi(ApiBase):
    @extend_schema(
        operation_id="standar_kompetensi_retrieve",
        tags=["kompetensi"],
        summary=_("Standar kompetensi jabatan"),
        responses={200: StandarOutputSerializer},
    )
    def get(self, request: Request, jabatan_id: int) -> Response:
        jabatan = selectors.jabatan_standar_get_for_user(user=user_of(request), jabatan_id=jabatan_id)
        return Response(_standar_data(jabatan))


class StandarUpdateApi(ApiBase):
    @extend_schema(
        operation_id="standar_kompetensi_update",
        tags=["kompetensi"],
        summary=_("Tetapkan standar kompetensi jabatan (BKD)"),
        description=_("Level 1–5 per kompetensi; level null menghapus kompetensi itu dari standar."),
        request=StandarInputSerializer,
        responses={200: StandarOutputSerializer},
    )
    def put(self, request: Request, jabatan_id: int) -> Response:
        user = user_of(request)
        jabatan = selectors.jabatan_standar_get_for_user(user=user, jabatan_id=jabatan_id, rw=True)
        data = input_from(request, StandarInputSerializer)
        services.standar_update(
            actor=user, jabatan=jabatan, levels={r["kompetensi_id"]: r["level"] for r in data["standar"]}
        )
        return Response(_standar_data(jabatan))


# ---------------------------------------------------------------------------------------------
# Assessments


class HasilAsesmenSerializer(serializers.Serializer):
    kompetensi_id = serializers.IntegerField()
    kode = serializers.CharField(source="kompetensi.kode")
    level = serializers.IntegerField()

    class Meta:
        ref_name = "HasilAsesmenKompetensi"


class AsesmenOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pegawai = PegawaiRingkasSerializer()
    tanggal = serializers.DateField()
    metode = serializers.CharField()
    penyelenggara = serializers.CharField()
    skor_potensi = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)

    class Meta:
        ref_name = "Asesmen"


class AsesmenDetailOutputSerializer(AsesmenOutputSerializer):
    catatan = serializers.CharField()
    hasil = HasilAsesmenSerializer(many=True, source="hasil_list")

    class Meta:
        ref_name = "AsesmenDetail"


class AsesmenFilterSerializer(serializers.Serializer):
    unit_kerja = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    pegawai = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    metode = serializers.ChoiceField(choices=MetodeAsesmen.choices, required=False)
    tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    q = serializers.CharField(required=False, max_length=100)


class LevelInputSerializer(serializers.Serializer):
    kompetensi_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    level = serializers.IntegerField(min_value=1, max_value=5)


class AsesmenInputSerializer(serializers.Serializer):
    pegawai_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    tanggal = serializers.DateField()
    metode = serializers.ChoiceField(choices=MetodeAsesmen.choices)
    penyelenggara = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    skor_potensi = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False, allow_null=True, default=None
    )
    catatan = serializers.CharField(required=False, allow_blank=True, default="")
    hasil = LevelInputSerializer(many=True)

    def validate_hasil(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [v["kompetensi_id"] for v in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Setiap kompetensi paling banyak satu kali."))
        return value


class AsesmenListApi(ApiBase):
    @extend_schema(
        operation_id="asesmen_list",
        tags=["kompetensi"],
        summary=_("Hasil asesmen"),
        description=_("BKD dan pimpinan: seluruh instansi; atasan: bawahan langsungnya; pegawai: asesmennya sendiri."),
        parameters=[AsesmenFilterSerializer, *PAGE_PARAMETERS],
        responses={200: paginated(AsesmenOutputSerializer, "AsesmenPage")},
    )
    def get(self, request: Request) -> Response:
        filters = filters_from(request, AsesmenFilterSerializer)
        qs = selectors.asesmen_list_for_user(user=user_of(request), filters=filters)
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=AsesmenOutputSerializer)


def _asesmen_data(asesmen: Any) -> dict[str, Any]:
    asesmen.hasil_list = list(selectors.asesmen_hasil_list(asesmen=asesmen))
    return dict(AsesmenDetailOutputSerializer(asesmen).data)


class AsesmenCreateApi(ApiBase):
    @extend_schema(
        operation_id="asesmen_create",
        tags=["kompetensi"],
        summary=_("Catat asesmen (BKD)"),
        request=AsesmenInputSerializer,
        responses={201: AsesmenDetailOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        if not can_edit_instansi(user):
            raise Http404
        data = input_from(request, AsesmenInputSerializer)
        pegawai = Pegawai.objects.filter(instansi_q(user), pk=data.pop("pegawai_id")).first()
        if pegawai is None:
            raise serializers.ValidationError({"pegawai_id": [_("Tidak ada pegawai dengan id ini di instansi Anda.")]})
        levels = {r["kompetensi_id"]: r["level"] for r in data.pop("hasil")}
        obj = services.asesmen_create(actor=user, pegawai=pegawai, levels=levels, **data)
        return Response(_asesmen_data(obj), status=status.HTTP_201_CREATED)


class AsesmenDetailApi(ApiBase):
    @extend_schema(
        operation_id="asesmen_retrieve",
        tags=["kompetensi"],
        summary=_("Satu asesmen dengan level per kompetensi"),
        responses={200: AsesmenDetailOutputSerializer},
    )
    def get(self, request: Request, asesmen_id: int) -> Response:
        obj = selectors.asesmen_get_for_user(user=user_of(request), asesmen_id=asesmen_id)
        return Response(_asesmen_data(obj))


# ---------------------------------------------------------------------------------------------
# JPM


class KesenjanganSerializer(serializers.Serializer):
    kompetensi_id = serializers.IntegerField(source="kompetensi.pk")
    kode = serializers.CharField(source="kompetensi.kode")
    nama = serializers.CharField(source="kompetensi.nama")
    dibutuhkan = serializers.IntegerField()
    dicapai = serializers.IntegerField(allow_null=True)
    gap = serializers.IntegerField()

    class Meta:
        ref_name = "KesenjanganKompetensi"


class JPMOutputSerializer(serializers.Serializer):
    pegawai = PegawaiRingkasSerializer()
    jabatan_id = serializers.IntegerField(allow_null=True)
    jabatan = serializers.CharField(allow_null=True)
    jabatan_sekarang = serializers.BooleanField()
    persen = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    jumlah_dibutuhkan = serializers.IntegerField(allow_null=True)
    jumlah_dicapai = serializers.IntegerField(allow_null=True)
    kategori = serializers.CharField(allow_null=True)
    kategori_label = serializers.CharField()
    kesenjangan = KesenjanganSerializer(many=True)

    class Meta:
        ref_name = "JPMPegawai"


class JPMPegawaiApi(ApiBase):
    @extend_schema(
        operation_id="jpm_pegawai_retrieve",
        tags=["kompetensi"],
        summary=_("JPM pegawai"),
        description=_(
            "JPM = Σ level dicapai (maks. level dibutuhkan) / Σ level dibutuhkan × 100. Terhadap jabatan sekarang: "
            "kategori pemetaan (optimal, cukup_optimal, kurang_optimal); terhadap jabatan lain (?jabatan=): kategori "
            "seleksi (memenuhi_syarat, masih_memenuhi_syarat, kurang_memenuhi_syarat). "
            "persen null: jabatan tanpa standar."
        ),
        parameters=[OpenApiParameter("jabatan", OpenApiTypes.INT, description=_("Id jabatan sasaran."))],
        responses={200: JPMOutputSerializer},
    )
    def get(self, request: Request, pegawai_id: int) -> Response:
        pegawai = selectors.pegawai_kompetensi_get_for_user(user=user_of(request), pegawai_id=pegawai_id)
        jabatan = None
        if request.query_params.get("jabatan"):
            try:
                jabatan_id = id_or_404(request.query_params["jabatan"])
            except Http404 as e:
                raise serializers.ValidationError({"jabatan": [_("Harus berupa id jabatan.")]}) from e
            jabatan = Jabatan.objects.filter(instansi_id=pegawai.instansi_id, pk=jabatan_id).first()
            if jabatan is None:
                raise serializers.ValidationError({"jabatan": [_("Tidak ada jabatan dengan id ini di instansi.")]})
        profil = selectors.profil_kompetensi(pegawai=pegawai, jabatan=jabatan)
        hasil = profil.jpm_sasaran or profil.jpm_sekarang
        baris = profil.kesenjangan_sasaran if profil.jpm_sasaran else profil.kesenjangan_sekarang
        data = {
            "pegawai": pegawai,
            "jabatan_id": hasil.jabatan.pk if hasil.jabatan else None,
            "jabatan": hasil.jabatan.nama if hasil.jabatan else None,
            "jabatan_sekarang": hasil.jabatan_sekarang,
            "persen": hasil.persen,
            "jumlah_dibutuhkan": hasil.hasil.jumlah_dibutuhkan if hasil.hasil else None,
            "jumlah_dicapai": hasil.hasil.jumlah_dicapai if hasil.hasil else None,
            "kategori": hasil.kategori,
            "kategori_label": hasil.kategori_label,
            "kesenjangan": baris,
        }
        return Response(JPMOutputSerializer(data).data)


urlpatterns: list[URLPattern] = [
    path(
        "kompetensi/",
        method_routes("KompetensiRoute", get=KompetensiListApi, post=KompetensiCreateApi),
        name="kompetensi-list",
    ),
    path(
        "kompetensi/<int:kompetensi_id>/",
        method_routes("KompetensiDetailRoute", get=KompetensiDetailApi, put=KompetensiUpdateApi),
        name="kompetensi-detail",
    ),
    path(
        "kompetensi/standar/<int:jabatan_id>/",
        method_routes("StandarKompetensiRoute", get=StandarDetailApi, put=StandarUpdateApi),
        name="kompetensi-standar",
    ),
    path(
        "kompetensi/asesmen/",
        method_routes("AsesmenRoute", get=AsesmenListApi, post=AsesmenCreateApi),
        name="kompetensi-asesmen-list",
    ),
    path("kompetensi/asesmen/<int:asesmen_id>/", AsesmenDetailApi.as_view(), name="kompetensi-asesmen-detail"),
    path("kompetensi/jpm/<int:pegawai_id>/", JPMPegawaiApi.as_view(), name="kompetensi-jpm-pegawai"),
]
