"""API of the 9-box talent map and the KRS, with the pages' permissions: BKD and pimpinan of the
instansi read; everyone else gets 404. Bad filters are a 400 naming the parameter."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from karier.apis import TAG
from karier.models import AnggotaKRS
from karier.permissions import require_komite
from karier.selectors.talenta import (
    KOTAK_SEMUA,
    PetaTalenta,
    anggota_krs_list,
    dasar_nilai,
    krs_usulan_terbuka,
    penempatan_kotak_list,
    peta_talenta,
    tahun_krs_terakhir,
    tahun_talenta_terakhir,
)
from pegawai.apis import (
    PAGE_PARAMETERS,
    ApiBase,
    GolonganField,
    InstansiRelatedField,
    PegawaiRingkasSerializer,
    paginated,
    paginated_response,
    user_of,
)
from pegawai.models import Jabatan, UnitKerja


def _instansi_id(request: Request) -> int:
    user = user_of(request)
    require_komite(user)
    if user.instansi_id is None:
        raise Http404
    return user.instansi_id


class TahunSerializer(serializers.Serializer):
    tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)

    class Meta:
        ref_name = "TalentaTahun"


class TalentaFilterSerializer(TahunSerializer):
    unit_kerja = InstansiRelatedField(UnitKerja, required=False)
    jenis_jabatan = serializers.ChoiceField(choices=Jabatan.Jenis.choices, required=False)
    golongan = GolonganField(required=False)

    class Meta:
        ref_name = "TalentaFilter"


def _filters(request: Request, instansi_id: int) -> tuple[int, dict[str, Any]]:
    s = TalentaFilterSerializer(data=request.query_params, context={"request": request})
    s.is_valid(raise_exception=True)
    f = s.validated_data
    tahun = f.get("tahun") or tahun_talenta_terakhir(instansi_id=instansi_id) or timezone.localdate().year
    filters = {
        "unit_kerja": f["unit_kerja"].pk if f.get("unit_kerja") else None,
        "jenis_jabatan": f.get("jenis_jabatan") or "",
        "golongan": f["golongan"].pk if f.get("golongan") else None,
    }
    return tahun, filters


class TindakanSerializer(serializers.Serializer):
    kode = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    jenis = serializers.CharField(help_text=_("Jenis tindak lanjut yang dihitung; kosong bila tidak ada."))
    jumlah = serializers.IntegerField(allow_null=True, help_text=_("Pegawai kotak ini yang sudah memilikinya."))
    tautan = serializers.CharField()
    keterangan = serializers.CharField()

    class Meta:
        ref_name = "TalentaTindakan"


class KotakSerializer(serializers.Serializer):
    kotak = serializers.IntegerField()
    level_kinerja = serializers.CharField()
    level_potensi = serializers.CharField()
    jumlah = serializers.IntegerField()
    persen = serializers.DecimalField(max_digits=5, decimal_places=1)
    tindakan = TindakanSerializer(many=True)

    class Meta:
        ref_name = "TalentaKotak"


class TanpaKotakSerializer(serializers.Serializer):
    jumlah = serializers.IntegerField()
    tanpa_predikat = serializers.IntegerField()
    tanpa_asesmen = serializers.IntegerField()
    tanpa_keduanya = serializers.IntegerField()

    class Meta:
        ref_name = "TalentaTanpaKotak"


class PindahSerializer(serializers.Serializer):
    dari = serializers.IntegerField()
    ke = serializers.IntegerField()
    jumlah = serializers.IntegerField()

    class Meta:
        ref_name = "TalentaPindah"


class PerpindahanSerializer(serializers.Serializer):
    naik = serializers.IntegerField()
    tetap = serializers.IntegerField()
    turun = serializers.IntegerField()
    baru = serializers.IntegerField()
    matriks = PindahSerializer(many=True)

    class Meta:
        ref_name = "TalentaPerpindahan"


class PetaSerializer(serializers.Serializer):
    tahun = serializers.IntegerField()
    dipetakan = serializers.IntegerField()
    grid = KotakSerializer(many=True)
    tanpa_kotak = TanpaKotakSerializer()
    perpindahan = PerpindahanSerializer()

    class Meta:
        ref_name = "PetaTalenta"


def _peta_data(peta: PetaTalenta) -> dict[str, Any]:
    p = peta.perpindahan
    return {
        "tahun": peta.tahun,
        "dipetakan": peta.dipetakan,
        "grid": [peta.kotak[k] for k in sorted(KOTAK_SEMUA, reverse=True)],
        "tanpa_kotak": peta.tanpa_kotak,
        "perpindahan": {
            "naik": p.naik,
            "tetap": p.tetap,
            "turun": p.turun,
            "baru": p.baru,
            "matriks": [{"dari": d, "ke": k, "jumlah": n} for (d, k), n in sorted(p.matriks.items())],
        },
    }


class TalentaApi(ApiBase):
    @extend_schema(
        operation_id="talenta_peta",
        summary=_("Peta talenta 9 kotak"),
        description=_(
            "Petugas BKD dan pimpinan: jumlah dan persen per kotak dengan tindakan yang disarankan dan tindak "
            "lanjutnya, pegawai tanpa kotak, dan perpindahan sejak tahun lalu. Tahun bawaan: tahun terakhir "
            "yang sudah dipetakan."
        ),
        tags=TAG,
        parameters=[TalentaFilterSerializer],
        responses={200: PetaSerializer},
    )
    def get(self, request: Request) -> Response:
        instansi_id = _instansi_id(request)
        tahun, filters = _filters(request, instansi_id)
        peta = peta_talenta(instansi_id=instansi_id, tahun=tahun, filters=filters)
        return Response(PetaSerializer(_peta_data(peta)).data)


class PenempatanSerializer(serializers.Serializer):
    pegawai = PegawaiRingkasSerializer()
    jabatan = serializers.CharField(source="pegawai.jabatan.nama", default="")
    unit_kerja = serializers.CharField(source="unit_kerja.nama", default="")
    golongan = serializers.CharField(source="golongan.kode", default="")
    predikat = serializers.CharField()
    level_kinerja = serializers.CharField()
    skor_potensi = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    level_potensi = serializers.CharField()
    kotak = serializers.IntegerField()
    kotak_sebelumnya = serializers.IntegerField(allow_null=True)

    class Meta:
        ref_name = "PenempatanTalenta"


class TalentaKotakApi(ApiBase):
    @extend_schema(
        operation_id="talenta_kotak_list",
        summary=_("Pegawai satu kotak talenta"),
        tags=TAG,
        parameters=[*PAGE_PARAMETERS, TalentaFilterSerializer],
        responses={200: paginated(PenempatanSerializer, "PenempatanTalentaPage")},
    )
    def get(self, request: Request, kotak: int) -> Response:
        instansi_id = _instansi_id(request)
        if kotak not in KOTAK_SEMUA:
            raise Http404
        tahun, filters = _filters(request, instansi_id)
        qs = penempatan_kotak_list(instansi_id=instansi_id, tahun=tahun, kotak=kotak, filters=filters)
        return paginated_response(request=request, view=self, queryset=qs, serializer_class=PenempatanSerializer)


class AnggotaKRSSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tahun = serializers.IntegerField()
    pegawai = PegawaiRingkasSerializer()
    jabatan = serializers.CharField(source="pegawai.jabatan.nama", default="")
    jabatan_target = serializers.IntegerField(source="jabatan_target_id", allow_null=True)
    jabatan_target_nama = serializers.CharField(source="jabatan_target.nama", default="")
    kotak = serializers.IntegerField(allow_null=True)
    predikat = serializers.CharField(allow_null=True)
    jpm = serializers.SerializerMethodField()
    rekomendasi = serializers.IntegerField(source="rekomendasi_id", allow_null=True)

    class Meta:
        ref_name = "AnggotaKRS"

    def get_jpm(self, obj: AnggotaKRS) -> str:
        return dasar_nilai(obj.rekomendasi.dasar if obj.rekomendasi else None, "jpm")


class AnggotaKRSPageSerializer(paginated(AnggotaKRSSerializer, "AnggotaKRSPageDasar")):  # type: ignore[misc]
    tahun = serializers.IntegerField()
    usulan_terbuka = serializers.IntegerField(help_text=_("Usulan KRS tahun itu yang menunggu keputusan tim."))

    class Meta:
        ref_name = "AnggotaKRSPage"


class KrsApi(ApiBase):
    @extend_schema(
        operation_id="krs_list",
        summary=_("Anggota kelompok rencana suksesi"),
        description=_(
            "Anggota KRS yang sudah ditetapkan pada tahun itu dengan jabatan target, kotak, JPM dan predikat, "
            "serta jumlah usulan KRS yang menunggu keputusan tim."
        ),
        tags=TAG,
        parameters=[*PAGE_PARAMETERS, TahunSerializer],
        responses={200: AnggotaKRSPageSerializer},
    )
    def get(self, request: Request) -> Response:
        instansi_id = _instansi_id(request)
        s = TahunSerializer(data=request.query_params)
        s.is_valid(raise_exception=True)
        tahun = (
            s.validated_data.get("tahun") or tahun_krs_terakhir(instansi_id=instansi_id) or timezone.localdate().year
        )
        response = paginated_response(
            request=request,
            view=self,
            queryset=anggota_krs_list(instansi_id=instansi_id, tahun=tahun),
            serializer_class=AnggotaKRSSerializer,
        )
        response.data["tahun"] = tahun
        response.data["usulan_terbuka"] = krs_usulan_terbuka(instansi_id=instansi_id, tahun=tahun)
        return response


urlpatterns: list[URLPattern] = [
    path("talenta/", TalentaApi.as_view(), name="talenta"),
    path("talenta/kotak/<int:kotak>/", TalentaKotakApi.as_view(), name="talenta-kotak"),
    path("krs/", KrsApi.as_view(), name="krs"),
]
