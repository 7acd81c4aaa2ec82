"""API of the training allocation, with the pages' access: BKD starts a run, follows it, adjusts
single rows, approves or cancels; pimpinan reads the runs of the instansi (403 on writes); anyone
else gets 404 for the runs. Every user reads their own rows of approved runs, an atasan those of
their direct subordinates. A state that forbids an action is a 400 with the service's message."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.fields import empty
from rest_framework.request import Request
from rest_framework.response import Response

from pegawai.apis import (
    MAX_ID,
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
from pegawai.models import User
from pegawai.permissions import can_edit_instansi, require_instansi_reader
from pelatihan.models import Alokasi, AlokasiPeserta, ProgramPelatihan
from pelatihan.selectors import alokasi as selectors
from pelatihan.services import alokasi as services
from pelatihan.services.kebutuhan import kebutuhan_alasan

TAGS = ["alokasi pelatihan"]

# ---------------------------------------------------------------------------------------------
# Output


class AlokasiOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()
    tahun = serializers.IntegerField()
    anggaran = serializers.DecimalField(max_digits=16, decimal_places=2)
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    langkah = serializers.CharField()
    progres = serializers.IntegerField()
    jumlah_terpilih = serializers.IntegerField()
    nilai_objektif = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True)
    batas_lp = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True)
    gap_persen = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    dimulai_oleh = serializers.IntegerField(source="dimulai_oleh_id", allow_null=True)
    dimulai_pada = serializers.DateTimeField(allow_null=True)
    selesai_pada = serializers.DateTimeField(allow_null=True)
    detak = serializers.DateTimeField(allow_null=True)
    disetujui_oleh = serializers.IntegerField(source="disetujui_oleh_id", allow_null=True)
    disetujui_pada = serializers.DateTimeField(allow_null=True)
    galat = serializers.CharField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "AlokasiPelatihan"


class KursiSerializer(serializers.Serializer):
    program = serializers.IntegerField()
    nama = serializers.CharField()
    kursi = serializers.IntegerField()
    terpakai_sebelumnya = serializers.IntegerField()
    terpilih = serializers.IntegerField()

    class Meta:
        ref_name = "AlokasiKursi"


class KelompokSerializer(serializers.Serializer):
    dimensi = serializers.CharField()
    kelompok = serializers.CharField()
    nama = serializers.CharField()
    pegawai_pool = serializers.IntegerField()
    porsi_pool = serializers.DecimalField(max_digits=8, decimal_places=2, help_text=_("Porsi pool (%)."))
    wajib = serializers.DecimalField(max_digits=12, decimal_places=2, help_text=_("Peserta minimal kelompok."))
    tercapai = serializers.IntegerField()

    class Meta:
        ref_name = "AlokasiKelompok"


class RingkasanSerializer(serializers.Serializer):
    terpilih = serializers.IntegerField()
    biaya_terpakai = serializers.DecimalField(max_digits=16, decimal_places=2)
    sisa_anggaran = serializers.DecimalField(max_digits=16, decimal_places=2)
    kursi = KursiSerializer(many=True)
    kelompok = KelompokSerializer(many=True)
    alasan = serializers.DictField(child=serializers.IntegerField())

    class Meta:
        ref_name = "AlokasiRingkasan"


class AlokasiDetailSerializer(AlokasiOutputSerializer):
    parameter = serializers.DictField()
    program_ids = serializers.SerializerMethodField()
    solver = serializers.SerializerMethodField()
    ringkasan = serializers.SerializerMethodField()

    class Meta:
        ref_name = "AlokasiPelatihanDetail"

    def get_program_ids(self, obj: Alokasi) -> list[int]:
        return sorted(obj.program.values_list("pk", flat=True))

    def get_solver(self, obj: Alokasi) -> dict[str, Any]:
        return {k: v for k, v in obj.hasil.items() if k not in ("kursi", "kelompok", "alasan", "biaya_terpakai")}

    @extend_schema_field(RingkasanSerializer)
    def get_ringkasan(self, obj: Alokasi) -> Any:
        return RingkasanSerializer(selectors.ringkasan(alokasi=obj)).data


class ProgramMiniSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kode = serializers.CharField()
    nama = serializers.CharField()

    class Meta:
        ref_name = "AlokasiProgram"


class PesertaOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pegawai = PegawaiRingkasSerializer()
    unit_kerja = serializers.CharField(source="pegawai.unit_kerja.nama", default="")
    kebutuhan = serializers.IntegerField(source="kebutuhan_id")
    jenis_kebutuhan = serializers.CharField(source="kebutuhan.jenis")
    kebutuhan_teks = serializers.SerializerMethodField()
    prioritas = serializers.IntegerField(source="kebutuhan.prioritas")
    program = ProgramMiniSerializer(allow_null=True)
    terpilih = serializers.BooleanField()
    manfaat = serializers.DecimalField(max_digits=12, decimal_places=4)
    biaya = serializers.DecimalField(max_digits=14, decimal_places=2)
    alasan = serializers.CharField()
    alasan_teks = serializers.SerializerMethodField()
    alasan_data = serializers.DictField()
    disesuaikan = serializers.BooleanField()
    catatan_penyesuaian = serializers.CharField()

    class Meta:
        ref_name = "AlokasiPeserta"

    def get_kebutuhan_teks(self, obj: AlokasiPeserta) -> str:
        return kebutuhan_alasan(obj.kebutuhan)

    def get_alasan_teks(self, obj: AlokasiPeserta) -> str:
        return selectors.alasan_teks(obj)


class AlokasiMiniSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()
    tahun = serializers.IntegerField()

    class Meta:
        ref_name = "AlokasiRingkas"


class PesertaPribadiSerializer(PesertaOutputSerializer):
    alokasi = AlokasiMiniSerializer()

    class Meta:
        ref_name = "AlokasiPesertaPribadi"


def _detail(user: User, alokasi_id: int, code: int = status.HTTP_200_OK) -> Response:
    obj = selectors.alokasi_get_for_user(user=user, alokasi_id=alokasi_id)
    return Response(AlokasiDetailSerializer(obj).data, status=code)


def _bkd_alokasi(request: Request, alokasi_id: int) -> tuple[User, Alokasi]:
    """The run (404 for who may not read it) for a BKD write (403 for a reader who may not)."""
    user = user_of(request)
    alokasi = selectors.alokasi_get_for_user(user=user, alokasi_id=alokasi_id)
    if not can_edit_instansi(user):
        raise PermissionDenied
    return user, alokasi


# ---------------------------------------------------------------------------------------------
# Runs


class AlokasiListApi(ApiBase):
    @extend_schema(
        operation_id="alokasi_pelatihan_list",
        summary=_("Daftar alokasi pelatihan"),
        description=_("Petugas BKD dan pimpinan: alokasi instansi, tahun terbaru dahulu. Selain itu 404."),
        tags=TAGS,
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(AlokasiOutputSerializer, "AlokasiPelatihanPage")},
    )
    def get(self, request: Request) -> Response:
        user = user_of(request)
        require_instansi_reader(user)
        qs = selectors.alokasi_list(user=user)
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=AlokasiOutputSerializer)


class AlokasiInputSerializer(serializers.Serializer):
    nama = serializers.CharField(max_length=200)
    tahun = serializers.IntegerField(min_value=services.TAHUN_MIN, max_value=services.TAHUN_MAKS)
    anggaran = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0)
    program_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=1000,
        help_text=_("Program yang dialokasikan; kosong: semua program aktif instansi pada tahun itu."),
    )

    class Meta:
        ref_name = "AlokasiPelatihanInput"


class AlokasiCreateApi(ApiBase):
    @extend_schema(
        operation_id="alokasi_pelatihan_create",
        summary=_("Jalankan alokasi pelatihan (petugas BKD)"),
        description=_("Membuat alokasi dan menjalankannya di latar belakang; ikuti kemajuannya pada rincian alokasi."),
        tags=TAGS,
        request=AlokasiInputSerializer,
        responses={201: AlokasiDetailSerializer},
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        require_instansi_reader(user)
        if not can_edit_instansi(user):
            raise PermissionDenied
        data = input_from(request, AlokasiInputSerializer)
        if user.instansi is None:
            raise serializers.ValidationError({"instansi": [_("Akun tidak terikat pada satu instansi.")]})
        try:
            alokasi = services.alokasi_buat(
                actor=user,
                instansi=user.instansi,
                tahun=data["tahun"],
                nama=data["nama"],
                anggaran=data["anggaran"],
                program_ids=data.get("program_ids") or None,
            )
        except DjangoValidationError as e:
            # the service names the batch "program"; this API calls it "program_ids"
            errors = e.message_dict
            if "program" in errors:
                errors["program_ids"] = errors.pop("program")
            raise serializers.ValidationError(errors) from e
        return _detail(user, alokasi.pk, status.HTTP_201_CREATED)


class AlokasiDetailApi(ApiBase):
    @extend_schema(
        operation_id="alokasi_pelatihan_detail",
        summary=_("Rincian dan kemajuan alokasi pelatihan"),
        description=_(
            "Status, langkah, kemajuan, nilai objektif, batas LP, gap, anggaran terpakai, kursi per program dan "
            "keadilan per kelompok (petugas BKD dan pimpinan)."
        ),
        tags=TAGS,
        responses={200: AlokasiDetailSerializer},
    )
    def get(self, request: Request, alokasi_id: int) -> Response:
        return _detail(user_of(request), alokasi_id)


class AlokasiSetujuiApi(ApiBase):
    @extend_schema(
        operation_id="alokasi_pelatihan_setujui",
        summary=_("Setujui alokasi (petugas BKD)"),
        description=_(
            "Menjadwalkan pelatihan peserta terpilih dan memberi tahu pegawai serta atasannya. Alokasi yang belum "
            "selesai, sudah disetujui, atau yang pesertanya melebihi sisa kursi program ditolak (400)."
        ),
        tags=TAGS,
        request=None,
        responses={200: AlokasiDetailSerializer},
    )
    def post(self, request: Request, alokasi_id: int) -> Response:
        user, alokasi = _bkd_alokasi(request, alokasi_id)
        services.alokasi_setujui(actor=user, alokasi=alokasi)
        return _detail(user, alokasi.pk)


class AlokasiBatalkanApi(ApiBase):
    @extend_schema(
        operation_id="alokasi_pelatihan_batalkan",
        summary=_("Batalkan alokasi yang belum disetujui (petugas BKD)"),
        description=_("Alokasi yang sudah disetujui atau dibatalkan ditolak (400)."),
        tags=TAGS,
        request=None,
        responses={200: AlokasiDetailSerializer},
    )
    def post(self, request: Request, alokasi_id: int) -> Response:
        user, alokasi = _bkd_alokasi(request, alokasi_id)
        services.alokasi_batalkan(actor=user, alokasi=alokasi)
        return _detail(user, alokasi.pk)


# ---------------------------------------------------------------------------------------------
# Participants


class PesertaFilterSerializer(serializers.Serializer):
    terpilih = serializers.BooleanField(required=False, allow_null=True)
    program = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class PesertaListApi(ApiBase):
    @extend_schema(
        operation_id="alokasi_pelatihan_peserta_list",
        summary=_("Kebutuhan yang dipertimbangkan alokasi, dengan alasan terpilih atau tidak"),
        tags=TAGS,
        parameters=[
            *PAGE_PARAMETERS,
            OpenApiParameter("terpilih", OpenApiTypes.BOOL, description=_("Hanya yang terpilih / tidak terpilih.")),
            OpenApiParameter("program", OpenApiTypes.INT, description=_("Id program.")),
        ],
        responses={200: paginated(PesertaOutputSerializer, "AlokasiPesertaPage")},
    )
    def get(self, request: Request, alokasi_id: int) -> Response:
        alokasi = selectors.alokasi_get_for_user(user=user_of(request), alokasi_id=alokasi_id)
        f = filters_from(request, PesertaFilterSerializer)
        qs = selectors.peserta_list(alokasi=alokasi, terpilih=f.get("terpilih"), program_id=f.get("program"))
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=PesertaOutputSerializer)


class WajibBooleanField(serializers.BooleanField):
    """A boolean that must be sent, in JSON or in a form (where a missing box would read as false)."""

    default_empty_html = empty


class SesuaikanInputSerializer(serializers.Serializer):
    terpilih = WajibBooleanField(help_text=_("true: masukkan ke program; false: keluarkan."))
    program = InstansiRelatedField(
        ProgramPelatihan,
        required=False,
        allow_null=True,
        help_text=_("Program bila dimasukkan; bawaan: program yang dipertimbangkan untuk kebutuhan ini."),
    )
    catatan = serializers.CharField(max_length=2000)

    class Meta:
        ref_name = "AlokasiSesuaikanInput"


class PesertaSesuaikanApi(ApiBase):
    @extend_schema(
        operation_id="alokasi_pelatihan_peserta_sesuaikan",
        summary=_("Masukkan atau keluarkan satu kebutuhan sebelum persetujuan (petugas BKD)"),
        description=_(
            "Dengan catatan wajib. Memasukkan memeriksa program alokasi, syarat pegawai, kursi dan anggaran (400 "
            "menyebut field program)."
        ),
        tags=TAGS,
        request=SesuaikanInputSerializer,
        responses={200: PesertaOutputSerializer},
    )
    def post(self, request: Request, peserta_id: int) -> Response:
        user = user_of(request)
        peserta = selectors.peserta_get_for_user(user=user, peserta_id=peserta_id)
        if not can_edit_instansi(user):
            raise PermissionDenied
        data = input_from(request, SesuaikanInputSerializer)
        services.alokasi_sesuaikan(
            actor=user,
            peserta=peserta,
            terpilih=data["terpilih"],
            program=data.get("program"),
            catatan=data["catatan"],
        )
        obj = selectors.peserta_list(alokasi=peserta.alokasi).get(pk=peserta.pk)
        return Response(PesertaOutputSerializer(obj).data)


def _pribadi(request: Request, view: ApiBase, qs: QuerySet[AlokasiPeserta]) -> Response:
    return paginated_response(request=request, view=view, queryset=qs, serializer_class=PesertaPribadiSerializer)


class AlokasiSayaApi(ApiBase):
    @extend_schema(
        operation_id="alokasi_pelatihan_saya",
        summary=_("Alokasi pelatihan saya"),
        description=_("Baris pegawai sendiri pada alokasi yang disetujui: terpilih atau tidak, dan alasannya."),
        tags=TAGS,
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(PesertaPribadiSerializer, "AlokasiPesertaPribadiPage")},
    )
    def get(self, request: Request) -> Response:
        return _pribadi(request, self, selectors.peserta_saya(user=user_of(request)))


class AlokasiTimApi(ApiBase):
    @extend_schema(
        operation_id="alokasi_pelatihan_tim",
        summary=_("Alokasi pelatihan bawahan langsung"),
        description=_("Baris bawahan langsung pada alokasi yang disetujui, dengan alasannya (kosong bila tidak ada)."),
        tags=TAGS,
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(PesertaPribadiSerializer, "AlokasiPesertaTimPage")},
    )
    def get(self, request: Request) -> Response:
        return _pribadi(request, self, selectors.peserta_tim(user=user_of(request)))


urlpatterns: list[URLPattern] = [
    path(
        "alokasi/",
        method_routes("AlokasiRoute", get=AlokasiListApi, post=AlokasiCreateApi),
        name="alokasi-list",
    ),
    path("alokasi/tim/", AlokasiTimApi.as_view(), name="alokasi-tim"),
    path("alokasi/<int:alokasi_id>/", AlokasiDetailApi.as_view(), name="alokasi-detail"),
    path("alokasi/<int:alokasi_id>/peserta/", PesertaListApi.as_view(), name="alokasi-peserta-list"),
    path("alokasi/<int:alokasi_id>/setujui/", AlokasiSetujuiApi.as_view(), name="alokasi-setujui"),
    path("alokasi/<int:alokasi_id>/batalkan/", AlokasiBatalkanApi.as_view(), name="alokasi-batalkan"),
    path(
        "alokasi/peserta/<int:peserta_id>/sesuaikan/",
        PesertaSesuaikanApi.as_view(),
        name="alokasi-peserta-sesuaikan",
    ),
    path("saya/alokasi/", AlokasiSayaApi.as_view(), name="alokasi-saya"),
]
