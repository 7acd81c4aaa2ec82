"""API of the dashboard: the same figures as the page, for BKD and pimpinan of the instansi (others
404, anonymous 401), read from the same 60-second cache."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from karier.apis import TAG
from karier.permissions import require_komite
from karier.selectors.dasbor import dasbor_instansi_cached
from pegawai.apis import ApiBase, user_of


class HitunganSerializer(serializers.Serializer):
    kunci = serializers.CharField(help_text=_("Nilai penyaring daftar (id golongan, jenis, L/P)."))
    label = serializers.CharField()  # type: ignore[assignment]
    jumlah = serializers.IntegerField()

    class Meta:
        ref_name = "DasborHitungan"


class BarisUnitSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField()
    nama = serializers.CharField()
    jumlah = serializers.IntegerField()
    laki_laki = serializers.IntegerField()
    perempuan = serializers.IntegerField()
    pns = serializers.IntegerField()
    pppk = serializers.IntegerField()
    pns_jp_memenuhi = serializers.IntegerField()
    persen_jp = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)

    class Meta:
        ref_name = "DasborUnit"


class BarisPredikatSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField()
    nama = serializers.CharField()
    hitungan = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()

    class Meta:
        ref_name = "DasborPredikatUnit"


class SebaranPredikatSerializer(serializers.Serializer):
    periode_id = serializers.IntegerField(allow_null=True)
    tahun = serializers.IntegerField(allow_null=True)
    baris = BarisPredikatSerializer(many=True)
    jumlah = serializers.DictField(child=serializers.IntegerField())

    class Meta:
        ref_name = "DasborPredikat"


class BarisIKMSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField()
    nama = serializers.CharField()
    ikm = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    mutu = serializers.CharField()
    mutu_label = serializers.CharField()
    responden = serializers.IntegerField()
    dipublikasikan = serializers.BooleanField()

    class Meta:
        ref_name = "DasborIKMUnit"


class IKMSerializer(serializers.Serializer):
    periode_id = serializers.IntegerField(allow_null=True)
    periode = serializers.CharField()
    jumlah = serializers.IntegerField(help_text=_("Unit layanan dengan hasil pada periode itu."))
    rata_rata = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    per_mutu = HitunganSerializer(many=True)
    terendah = BarisIKMSerializer(many=True)

    class Meta:
        ref_name = "DasborIKM"


class KepatuhanJPSerializer(serializers.Serializer):
    tahun = serializers.IntegerField()
    minimal = serializers.IntegerField()
    total = serializers.IntegerField()
    memenuhi = serializers.IntegerField()
    kurang = serializers.IntegerField()
    persen = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)

    class Meta:
        ref_name = "DasborJP"


class TalentaSerializer(serializers.Serializer):
    tahun = serializers.IntegerField(allow_null=True)
    grid = serializers.DictField(child=serializers.IntegerField(), help_text=_("Kotak 1–9 → jumlah pegawai."))
    total = serializers.IntegerField()

    class Meta:
        ref_name = "DasborTalenta"


class KPSerializer(serializers.Serializer):
    tanggal = serializers.DateField()
    jumlah = serializers.IntegerField()
    reguler = serializers.IntegerField()
    fungsional = serializers.IntegerField()
    batas_reguler = serializers.DateField(help_text=_("TMT golongan paling akhir yang memenuhi 4 tahun."))
    batas_fungsional = serializers.DateField(help_text=_("TMT golongan paling akhir yang memenuhi 2 tahun."))

    class Meta:
        ref_name = "DasborKP"


class BarisLowonganSerializer(serializers.Serializer):
    jabatan_id = serializers.IntegerField()
    nama = serializers.CharField()
    unit = serializers.CharField()
    jenis = serializers.CharField()
    kebutuhan = serializers.IntegerField()
    pemangku = serializers.IntegerField()
    lowongan = serializers.IntegerField()
    seleksi_terbuka = serializers.BooleanField()

    class Meta:
        ref_name = "DasborLowonganJabatan"


class LowonganSerializer(serializers.Serializer):
    jabatan = serializers.IntegerField()
    formasi = serializers.IntegerField()
    teratas = BarisLowonganSerializer(many=True)

    class Meta:
        ref_name = "DasborLowongan"


class BarisSiklusSerializer(serializers.Serializer):
    periode_id = serializers.IntegerField()
    periode = serializers.CharField()
    jenis = serializers.CharField()
    tanggal_selesai = serializers.DateField()
    periode_ditutup = serializers.BooleanField()
    siklus_id = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField()
    selesai_pada = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "DasborSiklus"


class DasborSerializer(serializers.Serializer):
    instansi = serializers.IntegerField(source="instansi_id")
    pada = serializers.DateField()
    dihitung_pada = serializers.DateTimeField()
    pegawai = serializers.IntegerField()
    pns = serializers.IntegerField()
    pppk = serializers.IntegerField()
    per_unit = BarisUnitSerializer(many=True)
    per_golongan = HitunganSerializer(many=True)
    per_jenis_jabatan = HitunganSerializer(many=True)
    per_jenis_kelamin = HitunganSerializer(many=True)
    predikat = SebaranPredikatSerializer()
    ikm = IKMSerializer()
    jp = KepatuhanJPSerializer()
    talenta = TalentaSerializer()
    kp = KPSerializer()
    lowongan = LowonganSerializer()
    kandidat_promosi = serializers.IntegerField()
    rekomendasi = HitunganSerializer(many=True, help_text=_("Rekomendasi menunggu keputusan, per jenis."))
    siklus = BarisSiklusSerializer(many=True)

    class Meta:
        ref_name = "Dasbor"


class DasborApi(ApiBase):
    @extend_schema(
        operation_id="karier_dasbor",
        summary=_("Dasbor karier instansi"),
        description=_(
            "Angka dasbor BKD dan pimpinan: pegawai aktif per unit kerja, golongan, jenis jabatan dan jenis "
            "kelamin; predikat per unit; IKM per unit layanan; kepatuhan JP; peta talenta; KP berikutnya; "
            "jabatan lowong dan kandidat; rekomendasi menunggu keputusan; siklus evaluasi. Disimpan 60 detik."
        ),
        tags=TAG,
        responses={200: DasborSerializer},
    )
    def get(self, request: Request) -> Response:
        user = user_of(request)
        require_komite(user)
        if user.instansi is None:
            raise Http404
        d = dasbor_instansi_cached(instansi=user.instansi)
        data: dict[str, Any] = DasborSerializer(d).data
        return Response(data)


urlpatterns: list[URLPattern] = [
    path("dasbor/", DasborApi.as_view(), name="dasbor"),
]
