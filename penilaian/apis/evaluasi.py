"""API of the evaluation: realisasi and their bukti, feedback per RHK, evaluations with their
components, rating, objections, and the results of a pegawai. Same permissions as the pages:
404 for what the user may not see, 403 for what they see but may not change."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from pegawai.apis import (
    MAX_ID,
    ApiBase,
    filters_from,
    input_from,
    method_routes,
    paginated,
    paginated_response,
    user_of,
)
from pegawai.permissions import pegawai_get_for_user
from penilaian.models import EvaluasiKinerja, Periode
from penilaian.permissions import evaluasi_get_for_user
from penilaian.rules import Predikat, Rating
from penilaian.selectors import evaluasi as sel
from penilaian.selectors import periode as periode_sel
from penilaian.services import evaluasi as svc

TAG = ["penilaian-evaluasi"]


class BuktiSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()
    ukuran = serializers.IntegerField()
    tautan = serializers.CharField()
    unduh = serializers.SerializerMethodField()

    class Meta:
        ref_name = "EvaluasiBukti"

    def get_unduh(self, obj: Any) -> str:
        from django.urls import reverse

        return reverse("penilaian:evaluasi-bukti-unduh", args=[obj.pk])


class RealisasiSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    indikator = serializers.IntegerField(source="indikator_id")
    periode = serializers.IntegerField(source="periode_id")
    nilai = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    nilai_kualitatif = serializers.CharField()
    catatan = serializers.CharField()
    capaian = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    bukti = BuktiSerializer(many=True)

    class Meta:
        ref_name = "EvaluasiRealisasi"


def _periode_param(request: Request, me: Any) -> Periode:
    pilihan = list(sel.periode_realisasi_pilihan(instansi_id=me.instansi_id, tahun=periode_sel.today().year))
    raw = request.query_params.get("periode")
    if raw:
        for p in pilihan:
            if str(p.pk) == raw:
                return p
        raise serializers.ValidationError({"periode": [_("Bukan periode terbuka tahun ini.")]})
    if not pilihan:
        raise Http404
    today = periode_sel.today()
    return next((p for p in pilihan if p.tanggal_mulai <= today <= p.tanggal_selesai), pilihan[0])


class RealisasiListApi(ApiBase):
    @extend_schema(
        operation_id="evaluasi_realisasi_list",
        summary=_("Realisasi saya"),
        description=_("Realisasi milik pengguna pada periode ?periode= (bawaan: periode berjalan)."),
        tags=TAG,
        responses={200: RealisasiSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        me = sel.pegawai_required(user_of(request))
        periode = _periode_param(request, me)
        skp = sel.skp_milik(pegawai=me, tahun=periode.tahun)
        rows = list(sel.realisasi_for_skp_periode(skp, periode)) if skp is not None else []
        return Response(RealisasiSerializer(rows, many=True).data)


class RealisasiSimpanApi(ApiBase):
    class InputSerializer(serializers.Serializer):
        indikator = serializers.IntegerField(min_value=1, max_value=MAX_ID)
        periode = serializers.IntegerField(min_value=1, max_value=MAX_ID)
        nilai = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
        nilai_kualitatif = serializers.CharField(required=False, allow_blank=True, default="")
        catatan = serializers.CharField(required=False, allow_blank=True, default="")

        class Meta:
            ref_name = "EvaluasiRealisasiInput"

    @extend_schema(
        operation_id="evaluasi_realisasi_simpan",
        summary=_("Simpan realisasi"),
        description=_("Membuat atau mengubah realisasi satu indikator pada satu periode (upsert)."),
        tags=TAG,
        request=InputSerializer,
        responses={200: RealisasiSerializer},
    )
    def post(self, request: Request) -> Response:
        return self._simpan(request)

    @extend_schema(
        operation_id="evaluasi_realisasi_ganti",
        summary=_("Simpan realisasi (PUT)"),
        description=_("Sama dengan POST: membuat atau mengubah realisasi satu indikator pada satu periode."),
        tags=TAG,
        request=InputSerializer,
        responses={200: RealisasiSerializer},
    )
    def put(self, request: Request) -> Response:
        return self._simpan(request)

    def _simpan(self, request: Request) -> Response:
        user = user_of(request)
        data = input_from(request, self.InputSerializer)
        indikator = sel.indikator_get_for_owner(user=user, indikator_id=data["indikator"])
        periode = Periode.objects.filter(pk=data["periode"], instansi_id=indikator.rhk.skp.instansi_id).first()
        if periode is None:
            raise serializers.ValidationError({"periode": [_("Periode tidak ditemukan.")]})
        obj = svc.realisasi_simpan(
            actor=user,
            indikator=indikator,
            periode=periode,
            nilai=data.get("nilai"),
            nilai_kualitatif=data["nilai_kualitatif"],
            catatan=data["catatan"],
        )
        return Response(RealisasiSerializer(obj).data)


class BuktiTambahApi(ApiBase):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class InputSerializer(serializers.Serializer):
        berkas = serializers.FileField(required=False, allow_null=True)
        tautan = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
        nama = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)

        class Meta:
            ref_name = "EvaluasiBuktiInput"

    @extend_schema(
        operation_id="evaluasi_bukti_create",
        summary=_("Tambah bukti dukung"),
        description=_("Berkas (multipart: PDF, JPG, PNG, XLSX, DOCX; paling besar 5 MB) atau tautan."),
        tags=TAG,
        request={"multipart/form-data": InputSerializer, "application/json": InputSerializer},
        responses={201: BuktiSerializer},
    )
    def post(self, request: Request, realisasi_id: int) -> Response:
        user = user_of(request)
        realisasi = sel.realisasi_get_for_owner(user=user, realisasi_id=realisasi_id)
        data = input_from(request, self.InputSerializer)
        obj = svc.bukti_tambah(
            actor=user, realisasi=realisasi, berkas=data.get("berkas"), tautan=data["tautan"], nama=data["nama"]
        )
        return Response(BuktiSerializer(obj).data, status=status.HTTP_201_CREATED)


class UmpanBalikSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    periode = serializers.IntegerField(source="periode_id", allow_null=True)
    penulis = serializers.CharField(source="penulis_pegawai.nama", default="")
    isi = serializers.CharField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "EvaluasiUmpanBalik"


class UmpanBalikListApi(ApiBase):
    @extend_schema(
        operation_id="evaluasi_umpan_balik_list",
        summary=_("Umpan balik satu RHK"),
        tags=TAG,
        responses={200: UmpanBalikSerializer(many=True)},
    )
    def get(self, request: Request, rhk_id: int) -> Response:
        rhk = sel.rhk_get_for_user(user=user_of(request), rhk_id=rhk_id)
        return Response(UmpanBalikSerializer(sel.umpan_balik_thread(rhk), many=True).data)


class UmpanBalikCreateApi(ApiBase):
    class InputSerializer(serializers.Serializer):
        isi = serializers.CharField()
        periode = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)

        class Meta:
            ref_name = "EvaluasiUmpanBalikInput"

    @extend_schema(
        operation_id="evaluasi_umpan_balik_create",
        summary=_("Kirim umpan balik"),
        tags=TAG,
        request=InputSerializer,
        responses={201: UmpanBalikSerializer},
    )
    def post(self, request: Request, rhk_id: int) -> Response:
        user = user_of(request)
        rhk = sel.rhk_get_for_user(user=user, rhk_id=rhk_id)
        data = input_from(request, self.InputSerializer)
        periode = None
        if data.get("periode"):
            periode = Periode.objects.filter(pk=data["periode"], instansi_id=rhk.skp.instansi_id).first()
            if periode is None:
                raise serializers.ValidationError({"periode": [_("Periode tidak ditemukan.")]})
        obj = svc.umpan_balik_tambah(actor=user, rhk=rhk, periode=periode, isi=data["isi"])
        return Response(UmpanBalikSerializer(obj).data, status=status.HTTP_201_CREATED)


class EvaluasiSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    periode = serializers.IntegerField(source="periode_id")
    periode_nama = serializers.CharField(source="periode.nama")
    pegawai = serializers.IntegerField(source="pegawai_id")
    nama_pegawai = serializers.CharField(source="pegawai.nama")
    nama_jabatan = serializers.CharField()
    nama_unit = serializers.CharField()
    is_kepala_unit = serializers.BooleanField()
    pejabat_penilai = serializers.IntegerField(source="pejabat_penilai_id", allow_null=True)
    status = serializers.CharField()
    rating_hasil_kerja = serializers.CharField()
    rating_perilaku = serializers.CharField()
    predikat_matriks = serializers.CharField()
    predikat = serializers.CharField()
    alasan_penyesuaian = serializers.CharField()
    dinilai_pada = serializers.DateTimeField(allow_null=True)
    nilai_akhir = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)

    class Meta:
        ref_name = "EvaluasiRingkas"


class EvaluasiDetailSerializer(EvaluasiSerializer):
    catatan_penilai = serializers.CharField()
    capaian_hasil_kerja = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    nilai_hasil_kerja = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    nilai_perilaku = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    nilai_ikm = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    komponen = serializers.JSONField()

    class Meta:
        ref_name = "EvaluasiDetail"


class EvaluasiListApi(ApiBase):
    class FilterSerializer(serializers.Serializer):
        periode = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
        pegawai = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

        class Meta:
            ref_name = "EvaluasiListFilter"

    @extend_schema(
        operation_id="evaluasi_list",
        summary=_("Daftar penilaian"),
        description=_("Penilaian saya dan yang saya nilai; petugas BKD seluruh instansi."),
        tags=TAG,
        parameters=[FilterSerializer],
        responses={200: paginated(EvaluasiSerializer, "EvaluasiPage")},
    )
    def get(self, request: Request) -> Response:
        filters = filters_from(request, self.FilterSerializer)
        qs = sel.evaluasi_list_for_user(user=user_of(request), filters=filters)
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=EvaluasiSerializer)


class EvaluasiDetailApi(ApiBase):
    @extend_schema(
        operation_id="evaluasi_retrieve",
        summary=_("Satu penilaian dengan komponennya"),
        tags=TAG,
        responses={200: EvaluasiDetailSerializer},
    )
    def get(self, request: Request, evaluasi_id: int) -> Response:
        obj = evaluasi_get_for_user(user=user_of(request), evaluasi_id=evaluasi_id)
        return Response(EvaluasiDetailSerializer(obj).data)


class EvaluasiNilaiApi(ApiBase):
    class InputSerializer(serializers.Serializer):
        rating_hasil_kerja = serializers.ChoiceField(
            choices=Rating.choices, required=False, allow_blank=True, default=""
        )
        rating_perilaku = serializers.ChoiceField(choices=Rating.choices)
        catatan = serializers.CharField(required=False, allow_blank=True, default="")

        class Meta:
            ref_name = "EvaluasiNilaiInput"

    @extend_schema(
        operation_id="evaluasi_nilai",
        summary=_("Nilai pegawai"),
        description=_("Pejabat penilai memberi rating; predikat mengikuti matriks."),
        tags=TAG,
        request=InputSerializer,
        responses={200: EvaluasiDetailSerializer},
    )
    def post(self, request: Request, evaluasi_id: int) -> Response:
        user = user_of(request)
        obj = evaluasi_get_for_user(user=user, evaluasi_id=evaluasi_id)
        data = input_from(request, self.InputSerializer)
        obj = svc.evaluasi_nilai(actor=user, evaluasi=obj, **data)
        return Response(EvaluasiDetailSerializer(obj).data)


class KeberatanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    evaluasi = serializers.IntegerField(source="evaluasi_id")
    alasan = serializers.CharField()
    status = serializers.CharField()
    predikat_semula = serializers.CharField()
    predikat_baru = serializers.CharField()
    tanggapan = serializers.CharField()
    diputus_pada = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "EvaluasiKeberatan"


class KeberatanAjukanApi(ApiBase):
    class InputSerializer(serializers.Serializer):
        alasan = serializers.CharField()

        class Meta:
            ref_name = "EvaluasiKeberatanInput"

    @extend_schema(
        operation_id="evaluasi_keberatan_create",
        summary=_("Ajukan keberatan atas predikat tahunan"),
        tags=TAG,
        request=InputSerializer,
        responses={201: KeberatanSerializer},
    )
    def post(self, request: Request, evaluasi_id: int) -> Response:
        user = user_of(request)
        evaluasi = evaluasi_get_for_user(user=user, evaluasi_id=evaluasi_id)
        data = input_from(request, self.InputSerializer)
        obj = svc.keberatan_ajukan(actor=user, evaluasi=evaluasi, alasan=data["alasan"])
        return Response(KeberatanSerializer(obj).data, status=status.HTTP_201_CREATED)


class KeberatanPutusApi(ApiBase):
    class InputSerializer(serializers.Serializer):
        diterima = serializers.BooleanField()
        predikat_baru = serializers.ChoiceField(choices=Predikat.choices, required=False, allow_blank=True, default="")
        tanggapan = serializers.CharField()

        class Meta:
            ref_name = "EvaluasiKeberatanPutusInput"

    @extend_schema(
        operation_id="evaluasi_keberatan_putus",
        summary=_("Putus keberatan"),
        tags=TAG,
        request=InputSerializer,
        responses={200: KeberatanSerializer},
    )
    def post(self, request: Request, keberatan_id: int) -> Response:
        user = user_of(request)
        keberatan = sel.keberatan_get_for_user(user=user, keberatan_id=keberatan_id)
        if not svc.can_putus_keberatan(user, keberatan):
            raise PermissionDenied
        data = input_from(request, self.InputSerializer)
        obj = svc.keberatan_putus(actor=user, keberatan=keberatan, **data)
        return Response(KeberatanSerializer(obj).data)


class HasilPegawaiApi(ApiBase):
    @extend_schema(
        operation_id="evaluasi_hasil_pegawai",
        summary=_("Hasil kinerja seorang pegawai"),
        description=_("Semua periode; dapat dilihat oleh yang boleh melihat profil pegawai."),
        tags=TAG,
        responses={200: EvaluasiDetailSerializer(many=True)},
    )
    def get(self, request: Request, pegawai_id: int) -> Response:
        pegawai = pegawai_get_for_user(user=user_of(request), pegawai_id=pegawai_id)
        rows: list[EvaluasiKinerja] = list(sel.evaluasi_list_for_pegawai(pegawai).select_related("pegawai"))
        return Response(EvaluasiDetailSerializer(rows, many=True).data)


urlpatterns = [
    path(
        "realisasi/",
        method_routes("RealisasiRoute", get=RealisasiListApi, post=RealisasiSimpanApi, put=RealisasiSimpanApi),
        name="evaluasi-realisasi",
    ),
    path(
        "realisasi/<int:realisasi_id>/bukti/",
        method_routes("BuktiRoute", post=BuktiTambahApi),
        name="evaluasi-bukti",
    ),
    path(
        "rhk/<int:rhk_id>/umpan-balik/",
        method_routes("UmpanBalikRoute", get=UmpanBalikListApi, post=UmpanBalikCreateApi),
        name="evaluasi-umpan-balik",
    ),
    path("evaluasi/", method_routes("EvaluasiListRoute", get=EvaluasiListApi), name="evaluasi-list"),
    path(
        "evaluasi/<int:evaluasi_id>/",
        method_routes("EvaluasiDetailRoute", get=EvaluasiDetailApi),
        name="evaluasi-detail",
    ),
    path(
        "evaluasi/<int:evaluasi_id>/nilai/",
        method_routes("EvaluasiNilaiRoute", post=EvaluasiNilaiApi),
        name="evaluasi-nilai",
    ),
    path(
        "evaluasi/<int:evaluasi_id>/keberatan/",
        method_routes("KeberatanAjukanRoute", post=KeberatanAjukanApi),
        name="evaluasi-keberatan-ajukan",
    ),
    path(
        "keberatan/<int:keberatan_id>/putus/",
        method_routes("KeberatanPutusRoute", post=KeberatanPutusApi),
        name="evaluasi-keberatan-putus",
    ),
    path(
        "pegawai/<int:pegawai_id>/hasil/",
        method_routes("HasilPegawaiRoute", get=HasilPegawaiApi),
        name="evaluasi-hasil",
    ),
]
