"""Calibration API: the units of a period, one unit with its staff and pattern, setting the unit
predikat, finalising, and adjusting a staff predikat with its reason. Same access as the pages:
404 for what the user may not see, 403 for what they may see but not change, 400 naming the field."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from pegawai.apis import ApiBase, filters_from, input_from, method_routes, user_of
from penilaian.models import Periode, PredikatUnit
from penilaian.permissions import evaluasi_get_for_user
from penilaian.rules import Predikat, PredikatOrganisasi
from penilaian.selectors.kalibrasi import (
    can_sesuaikan,
    can_tetapkan,
    kalibrasi_ringkasan,
    kalibrasi_unit,
    periode_get_for_kalibrasi,
    unit_get_for_kalibrasi,
)
from penilaian.services.kalibrasi import predikat_sesuaikan, predikat_unit_finalisasi, predikat_unit_tetapkan

PERIODE_PARAM = OpenApiParameter(
    "periode", OpenApiTypes.INT, description=_("Id periode; bawaan: periode berjalan, atau yang terakhir.")
)


class PeriodeFilterSerializer(serializers.Serializer):
    periode = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    class Meta:
        ref_name = "KalibrasiPeriodeFilter"


def _periode(request: Request) -> Periode:
    data = filters_from(request, PeriodeFilterSerializer)
    return periode_get_for_kalibrasi(user=user_of(request), periode_id=data.get("periode"))


class PelanggaranSerializer(serializers.Serializer):
    kode = serializers.CharField()
    aturan = serializers.CharField()
    jumlah = serializers.IntegerField()
    total = serializers.IntegerField()

    class Meta:
        ref_name = "KalibrasiPelanggaran"


class DistribusiBarisSerializer(serializers.Serializer):
    predikat = serializers.CharField()
    nama = serializers.CharField()
    jumlah = serializers.IntegerField()
    persen = serializers.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        ref_name = "KalibrasiDistribusiBaris"


class PeriodeRingkasSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()

    class Meta:
        ref_name = "KalibrasiPeriode"


class UnitRingkasSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()
    parent_id = serializers.IntegerField(allow_null=True)

    class Meta:
        ref_name = "KalibrasiUnit"


def _distribusi(d: Any) -> list[dict[str, Any]]:
    return [
        {"predikat": b["predikat"].value, "nama": str(b["label"]), "jumlah": b["jumlah"], "persen": b["persen"]}
        for b in d.baris
    ]


def _pu(pu: PredikatUnit | None) -> dict[str, Any]:
    return {
        "predikat_organisasi": pu.predikat_organisasi if pu else None,
        "status": pu.status if pu else None,
        "diperiksa_pada": pu.diperiksa_pada if pu else None,
        "difinalisasi_pada": pu.difinalisasi_pada if pu else None,
    }


class KalibrasiBarisSerializer(serializers.Serializer):
    unit = UnitRingkasSerializer()
    predikat_organisasi = serializers.CharField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    diperiksa_pada = serializers.DateTimeField(allow_null=True)
    difinalisasi_pada = serializers.DateTimeField(allow_null=True)
    dinilai = serializers.IntegerField()
    belum_dinilai = serializers.IntegerField()
    distribusi = DistribusiBarisSerializer(many=True)
    pelanggaran = PelanggaranSerializer(many=True)
    boleh_menetapkan = serializers.BooleanField()

    class Meta:
        ref_name = "KalibrasiRingkasan"


class KalibrasiRingkasanResponseSerializer(serializers.Serializer):
    periode = PeriodeRingkasSerializer()
    results = KalibrasiBarisSerializer(many=True)

    class Meta:
        ref_name = "KalibrasiRingkasanResponse"


class KalibrasiRingkasanApi(ApiBase):
    @extend_schema(
        operation_id="kalibrasi_ringkasan",
        summary=str(_("Distribusi predikat per unit dalam satu periode")),
        parameters=[PERIODE_PARAM],
        responses={200: KalibrasiRingkasanResponseSerializer},
    )
    def get(self, request: Request) -> Response:
        periode = _periode(request)
        rows = [
            {
                "unit": {"id": b.unit.pk, "nama": b.unit.nama, "parent_id": b.unit.parent_id},
                **_pu(b.predikat_unit),
                "dinilai": b.distribusi.total,
                "belum_dinilai": b.distribusi.belum_dinilai,
                "distribusi": _distribusi(b.distribusi),
                "pelanggaran": b.pelanggaran,
                "boleh_menetapkan": b.can_tetapkan and not b.is_final,
            }
            for b in kalibrasi_ringkasan(user_of(request), periode)
        ]
        return Response(
            {
                "periode": {"id": periode.pk, "nama": periode.nama},
                "results": KalibrasiBarisSerializer(rows, many=True).data,
            }
        )


class StafSerializer(serializers.Serializer):
    evaluasi_id = serializers.IntegerField(source="pk")
    pegawai_id = serializers.IntegerField()
    nip = serializers.CharField(source="pegawai.nip")
    nama = serializers.CharField(source="pegawai.nama_lengkap")
    jabatan = serializers.CharField(source="nama_jabatan")
    unit = serializers.CharField(source="nama_unit")
    pejabat_penilai_id = serializers.IntegerField(allow_null=True)
    rating_hasil_kerja = serializers.CharField()
    rating_perilaku = serializers.CharField()
    predikat_matriks = serializers.CharField()
    predikat = serializers.CharField()
    alasan_penyesuaian = serializers.CharField()
    status = serializers.CharField()
    nilai_akhir = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    boleh_disesuaikan = serializers.BooleanField(source="can_sesuaikan")

    class Meta:
        ref_name = "KalibrasiStaf"


class PolaSerializer(serializers.Serializer):
    kode = serializers.CharField()
    aturan = serializers.CharField()
    jumlah = serializers.IntegerField()
    total = serializers.IntegerField()
    persen = serializers.DecimalField(max_digits=6, decimal_places=2)
    lulus = serializers.BooleanField()

    class Meta:
        ref_name = "KalibrasiPola"


class KalibrasiUnitApi(ApiBase):
    class OutputSerializer(serializers.Serializer):
        periode = PeriodeRingkasSerializer()
        unit = UnitRingkasSerializer()
        predikat_organisasi = serializers.CharField(allow_null=True)
        status = serializers.CharField(allow_null=True)
        diperiksa_pada = serializers.DateTimeField(allow_null=True)
        difinalisasi_pada = serializers.DateTimeField(allow_null=True)
        dinilai = serializers.IntegerField()
        belum_dinilai = serializers.IntegerField()
        distribusi = DistribusiBarisSerializer(many=True)
        pola = PolaSerializer(many=True)
        pelanggaran = PelanggaranSerializer(many=True)
        boleh_menetapkan = serializers.BooleanField()
        boleh_finalisasi = serializers.BooleanField()
        staf = StafSerializer(many=True)

        class Meta:
            ref_name = "KalibrasiUnitDetail"

    @extend_schema(
        operation_id="kalibrasi_unit",
        summary=str(_("Distribusi satu unit terhadap polanya, dengan daftar pegawainya")),
        parameters=[PERIODE_PARAM],
        responses={200: OutputSerializer},
    )
    def get(self, request: Request, unit_id: int) -> Response:
        user = user_of(request)
        periode = _periode(request)
        unit = unit_get_for_kalibrasi(user=user, unit_id=unit_id)
        return Response(self.OutputSerializer(_unit_data(user, periode, unit)).data)


def _unit_data(user: Any, periode: Periode, unit: Any) -> dict[str, Any]:
    data = kalibrasi_unit(user, periode, unit)
    return {
        "periode": {"id": periode.pk, "nama": periode.nama},
        "unit": {"id": unit.pk, "nama": unit.nama, "parent_id": unit.parent_id},
        **_pu(data["predikat_unit"]),
        "dinilai": data["distribusi"].total,
        "belum_dinilai": data["distribusi"].belum_dinilai,
        "distribusi": _distribusi(data["distribusi"]),
        "pola": data["pola"],
        "pelanggaran": data["pelanggaran"],
        "boleh_menetapkan": data["can_tetapkan"],
        "boleh_finalisasi": data["can_finalisasi"],
        "staf": data["staf"],
    }


class KalibrasiPredikatUnitApi(ApiBase):
    class InputSerializer(serializers.Serializer):
        predikat_organisasi = serializers.ChoiceField(choices=PredikatOrganisasi.choices)

        class Meta:
            ref_name = "KalibrasiPredikatUnitInput"

    @extend_schema(
        operation_id="kalibrasi_unit_predikat",
        summary=str(_("Menetapkan predikat organisasi unit")),
        parameters=[PERIODE_PARAM],
        request=InputSerializer,
        responses={200: KalibrasiUnitApi.OutputSerializer},
    )
    def post(self, request: Request, unit_id: int) -> Response:
        user = user_of(request)
        periode = _periode(request)
        unit = unit_get_for_kalibrasi(user=user, unit_id=unit_id)
        if not can_tetapkan(user, unit):
            raise PermissionDenied
        data = input_from(request, self.InputSerializer)
        predikat_unit_tetapkan(
            actor=user, periode=periode, unit_kerja=unit, predikat_organisasi=data["predikat_organisasi"]
        )
        return Response(KalibrasiUnitApi.OutputSerializer(_unit_data(user, periode, unit)).data)


class KalibrasiFinalisasiApi(ApiBase):
    @extend_schema(
        operation_id="kalibrasi_unit_finalisasi",
        summary=str(_("Memfinalisasi kalibrasi unit (ditolak selama ada pelanggaran pola)")),
        parameters=[PERIODE_PARAM],
        request=None,
        responses={200: KalibrasiUnitApi.OutputSerializer},
    )
    def post(self, request: Request, unit_id: int) -> Response:
        user = user_of(request)
        periode = _periode(request)
        unit = unit_get_for_kalibrasi(user=user, unit_id=unit_id)
        if not can_tetapkan(user, unit):
            raise PermissionDenied
        pu = PredikatUnit.objects.filter(periode=periode, unit_kerja=unit).select_related("unit_kerja").first()
        if pu is None:
            raise Http404
        predikat_unit_finalisasi(actor=user, predikat_unit=pu)
        return Response(KalibrasiUnitApi.OutputSerializer(_unit_data(user, periode, unit)).data)


class EvaluasiSesuaikanApi(ApiBase):
    class InputSerializer(serializers.Serializer):
        predikat = serializers.ChoiceField(choices=Predikat.choices)
        alasan = serializers.CharField(max_length=2000)

        class Meta:
            ref_name = "EvaluasiSesuaikanInput"

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        predikat_matriks = serializers.CharField()
        predikat = serializers.CharField()
        alasan_penyesuaian = serializers.CharField()
        status = serializers.CharField()

        class Meta:
            ref_name = "EvaluasiSesuaikanOutput"

    @extend_schema(
        operation_id="evaluasi_sesuaikan",
        summary=str(_("Menyesuaikan predikat pegawai dalam kalibrasi, dengan alasan")),
        request=InputSerializer,
        responses={200: OutputSerializer},
    )
    def post(self, request: Request, evaluasi_id: int) -> Response:
        user = user_of(request)
        evaluasi = evaluasi_get_for_user(user=user, evaluasi_id=evaluasi_id)
        if not can_sesuaikan(user, evaluasi):
            raise PermissionDenied
        data = input_from(request, self.InputSerializer)
        out = predikat_sesuaikan(actor=user, evaluasi=evaluasi, predikat=data["predikat"], alasan=data["alasan"])
        return Response(self.OutputSerializer(out).data)


urlpatterns = [
    path("kalibrasi/", method_routes("KalibrasiRingkasanRoute", get=KalibrasiRingkasanApi), name="kalibrasi-ringkasan"),
    path(
        "kalibrasi/unit/<int:unit_id>/",
        method_routes("KalibrasiUnitRoute", get=KalibrasiUnitApi),
        name="kalibrasi-unit",
    ),
    path(
        "kalibrasi/unit/<int:unit_id>/predikat/",
        method_routes("KalibrasiPredikatUnitRoute", post=KalibrasiPredikatUnitApi),
        name="kalibrasi-unit-predikat",
    ),
    path(
        "kalibrasi/unit/<int:unit_id>/finalisasi/",
        method_routes("KalibrasiFinalisasiRoute", post=KalibrasiFinalisasiApi),
        name="kalibrasi-unit-finalisasi",
    ),
    path(
        "evaluasi/<int:evaluasi_id>/sesuaikan/",
        method_routes("EvaluasiSesuaikanRoute", post=EvaluasiSesuaikanApi),
        name="kalibrasi-evaluasi-sesuaikan",
    ),
]
