"""API of the career path (jalur karier): the logged-in pegawai's own and one pegawai's, with the
pages' permissions (a pegawai themself, an atasan their subordinates, BKD and pimpinan their
instansi; 404 for everyone else and for a login without a pegawai record)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from karier.apis import TAG
from karier.selectors.jalur import JalurKarier, RotasiJalur, jalur_karier, jalur_pegawai_get
from pegawai.apis import ApiBase, MasaKerjaSerializer, PegawaiRingkasSerializer, user_of
from pegawai.rules import MasaKerja
from pelatihan.selectors.kebutuhan import Kesenjangan


def _masa(value: MasaKerja | None) -> dict[str, int] | None:
    if value is None:
        return None
    return {"tahun": value.tahun, "bulan": value.bulan, "hari": value.hari}


class PeristiwaSerializer(serializers.Serializer):
    tanggal = serializers.DateField(allow_null=True, help_text=_("Kosong bila hanya tahunnya yang diketahui."))
    tahun = serializers.IntegerField()
    jenis = serializers.CharField()
    judul = serializers.CharField()
    keterangan = serializers.CharField()

    class Meta:
        ref_name = "JalurPeristiwa"


class KekuranganSerializer(serializers.Serializer):
    syarat = serializers.CharField()
    pesan = serializers.CharField()

    class Meta:
        ref_name = "JalurKekurangan"


class KPSerializer(serializers.Serializer):
    tanggal = serializers.DateField(allow_null=True, help_text=_("Tanggal KP berikutnya menurut kebijakan."))
    masa_terpenuhi_pada = serializers.DateField(allow_null=True)
    jenis = serializers.CharField(help_text=_("reguler, fungsional, atau kosong (tanpa KP)."))
    golongan = serializers.CharField()
    golongan_baru = serializers.CharField(allow_null=True)
    memenuhi = serializers.BooleanField()
    kekurangan = KekuranganSerializer(many=True)

    class Meta:
        ref_name = "JalurKP"


class TindakanSerializer(serializers.Serializer):
    kode = serializers.CharField(source="value")
    nama = serializers.CharField(source="label")

    class Meta:
        ref_name = "JalurTindakan"


class TalentaSerializer(serializers.Serializer):
    tahun = serializers.IntegerField()
    kotak = serializers.IntegerField(allow_null=True)
    kotak_sebelumnya = serializers.IntegerField(allow_null=True)
    level_kinerja = serializers.CharField()
    level_potensi = serializers.CharField()
    tindakan = TindakanSerializer(many=True)

    class Meta:
        ref_name = "JalurTalenta"


class KompetensiSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kode = serializers.CharField()
    nama = serializers.CharField()

    class Meta:
        ref_name = "JalurKompetensi"


class ProgramSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()
    level = serializers.IntegerField(help_text=_("Level yang dicapai dengan program ini."))
    memenuhi_syarat = serializers.BooleanField()

    class Meta:
        ref_name = "JalurProgram"


class KesenjanganSerializer(serializers.Serializer):
    kompetensi = KompetensiSerializer()
    dibutuhkan = serializers.IntegerField()
    dimiliki = serializers.IntegerField(source="dicapai")
    gap = serializers.IntegerField()
    sumber = serializers.CharField(help_text=_("asesmen, pelatihan, atau kosong (belum dinilai)."))
    program = serializers.SerializerMethodField()

    class Meta:
        ref_name = "JalurKesenjangan"

    @extend_schema_field(ProgramSerializer(many=True))
    def get_program(self, obj: Kesenjangan) -> list[dict[str, Any]]:
        return [
            {"id": p.pk, "nama": p.nama, "level": level, "memenuhi_syarat": syarat} for p, level, syarat in obj.program
        ]


class JabatanTargetSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="jabatan_id")
    nama = serializers.CharField()

    class Meta:
        ref_name = "JalurJabatan"


class TargetSerializer(serializers.Serializer):
    jabatan = JabatanTargetSerializer(source="*")
    peran = serializers.CharField(help_text=_("sekarang, target, atau saran (belum ada target)."))
    sumber = serializers.CharField(help_text=_("Sumber jabatan target: krs, bkd, pegawai."))
    jpm = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    kategori = serializers.CharField()
    kesenjangan = KesenjanganSerializer(many=True, source="baris")

    class Meta:
        ref_name = "JalurTarget"


class JPSerializer(serializers.Serializer):
    tahun = serializers.IntegerField()
    jp = serializers.DecimalField(max_digits=8, decimal_places=2)
    minimal = serializers.IntegerField()
    kurang = serializers.DecimalField(max_digits=8, decimal_places=2)
    persen = serializers.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        ref_name = "JalurJP"


class RotasiSerializer(serializers.Serializer):
    status = serializers.CharField(allow_null=True, help_text=_("belum, kandidat, jatuh_tempo."))
    tmt_jabatan = serializers.DateField(allow_null=True)
    masa_jabatan = serializers.SerializerMethodField()
    kandidat_pada = serializers.DateField(allow_null=True)
    jatuh_tempo_pada = serializers.DateField(allow_null=True)
    minimal = serializers.IntegerField()
    maksimal = serializers.IntegerField()

    class Meta:
        ref_name = "JalurRotasi"

    @extend_schema_field(MasaKerjaSerializer(allow_null=True))
    def get_masa_jabatan(self, obj: RotasiJalur) -> dict[str, int] | None:
        return _masa(obj.masa_jabatan)


class JalurOutputSerializer(serializers.Serializer):
    pegawai = PegawaiRingkasSerializer()
    pada = serializers.DateField()
    masa_kerja = serializers.SerializerMethodField()
    masa_kerja_golongan = serializers.SerializerMethodField()
    timeline = PeristiwaSerializer(many=True)
    kp = KPSerializer()
    talenta = TalentaSerializer(allow_null=True)
    target = TargetSerializer(many=True)
    jp = JPSerializer()
    rotasi = RotasiSerializer()

    class Meta:
        ref_name = "JalurKarier"

    @extend_schema_field(MasaKerjaSerializer)
    def get_masa_kerja(self, obj: JalurKarier) -> dict[str, int] | None:
        return _masa(obj.masa_kerja)

    @extend_schema_field(MasaKerjaSerializer)
    def get_masa_kerja_golongan(self, obj: JalurKarier) -> dict[str, int] | None:
        return _masa(obj.masa_kerja_golongan)


DESKRIPSI = _(
    "Riwayat karier (pangkat, jabatan, pendidikan, pelatihan, predikat tahunan, kotak talenta, KRS, "
    "penghargaan; terbaru dahulu), KP berikutnya dan yang masih kurang, kotak talenta dan tindakannya, "
    "kesenjangan kompetensi jabatan saat ini dan jabatan target (atau saran jabatan satu tingkat di atas) "
    "dengan program yang menutupnya, JP tahun ini, jendela rotasi dan masa kerja."
)


class JalurSayaApi(ApiBase):
    @extend_schema(
        operation_id="karier_jalur_saya",
        summary=_("Jalur karier saya"),
        description=DESKRIPSI,
        tags=TAG,
        responses={200: JalurOutputSerializer},
    )
    def get(self, request: Request) -> Response:
        pegawai = jalur_pegawai_get(user=user_of(request))
        return Response(JalurOutputSerializer(jalur_karier(pegawai=pegawai)).data)


class JalurPegawaiApi(ApiBase):
    @extend_schema(
        operation_id="karier_jalur_pegawai",
        summary=_("Jalur karier seorang pegawai"),
        description=format_lazy(
            "{} {}", DESKRIPSI, _("Pegawai sendiri, atasannya, petugas BKD dan pimpinan instansi; selain itu 404.")
        ),
        tags=TAG,
        responses={200: JalurOutputSerializer},
    )
    def get(self, request: Request, pegawai_id: int) -> Response:
        pegawai = jalur_pegawai_get(user=user_of(request), pegawai_id=pegawai_id)
        return Response(JalurOutputSerializer(jalur_karier(pegawai=pegawai)).data)


urlpatterns: list[URLPattern] = [
    path("jalur/", JalurSayaApi.as_view(), name="jalur-saya"),
    path("jalur/<int:pegawai_id>/", JalurPegawaiApi.as_view(), name="jalur"),
]
