"""The Django admin for BKD superusers: appraisal records are read here, and changed only on the
pages (or the API), which go through the services with their rules, notifications and audit rows.
Every appraisal model is therefore read-only in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    SKP,
    Asesmen,
    EvaluasiKinerja,
    HasilIKM,
    Keberatan,
    Kompetensi,
    Periode,
    PredikatUnit,
    ResponsSurvei,
    SiklusEvaluasi,
    TautanSurvei,
)


class HanyaBaca(admin.ModelAdmin[Any]):
    """List, search and read; no add, change or delete (those are the services' job)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Periode)
class PeriodeAdmin(HanyaBaca):
    list_display = ["__str__", "instansi", "tanggal_mulai", "tanggal_selesai", "status"]
    list_filter = ["instansi", "tahun", "jenis", "status"]
    list_select_related = ["instansi"]


@admin.register(SKP)
class SKPAdmin(HanyaBaca):
    list_display = ["pegawai", "tahun", "status", "versi", "pejabat_penilai"]
    list_filter = ["instansi", "tahun", "status"]
    list_select_related = ["pegawai", "pejabat_penilai"]
    search_fields = ["pegawai__nama", "pegawai__nip"]
    raw_id_fields = ["pegawai", "pejabat_penilai", "atasan_pejabat_penilai", "jabatan", "unit_kerja"]


@admin.register(EvaluasiKinerja)
class EvaluasiKinerjaAdmin(HanyaBaca):
    list_display = ["pegawai", "periode", "rating_hasil_kerja", "rating_perilaku", "predikat", "nilai_akhir", "status"]
    list_filter = ["periode__instansi", "periode__tahun", "predikat", "status"]
    list_select_related = ["pegawai", "periode"]
    search_fields = ["pegawai__nama", "pegawai__nip"]
    raw_id_fields = ["pegawai", "periode", "skp", "jabatan", "unit_kerja", "pejabat_penilai", "atasan_pejabat_penilai"]


@admin.register(Keberatan)
class KeberatanAdmin(HanyaBaca):
    list_display = ["evaluasi", "status", "predikat_semula", "predikat_baru", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["evaluasi"]


@admin.register(PredikatUnit)
class PredikatUnitAdmin(HanyaBaca):
    list_display = ["unit_kerja", "periode", "predikat_organisasi", "status", "diperiksa_pada"]
    list_filter = ["predikat_organisasi", "status"]
    list_select_related = ["unit_kerja", "periode"]


@admin.register(TautanSurvei)
class TautanSurveiAdmin(HanyaBaca):
    list_display = ["unit_kerja", "kode", "aktif"]
    list_filter = ["aktif"]
    list_select_related = ["unit_kerja"]
    search_fields = ["unit_kerja__nama", "kode"]


@admin.register(ResponsSurvei)
class ResponsSurveiAdmin(HanyaBaca):
    list_display = ["unit_kerja", "periode", "created_at", "saran_singkat"]
    list_select_related = ["unit_kerja", "periode"]
    raw_id_fields = ["unit_kerja", "periode"]

    @admin.display(description="saran")
    def saran_singkat(self, obj: ResponsSurvei) -> str:
        return obj.saran[:80]


@admin.register(HasilIKM)
class HasilIKMAdmin(HanyaBaca):
    list_display = ["unit_kerja", "periode", "responden", "ikm", "mutu", "dipublikasikan"]
    list_filter = ["mutu", "dipublikasikan"]
    list_select_related = ["unit_kerja", "periode"]


@admin.register(SiklusEvaluasi)
class SiklusEvaluasiAdmin(HanyaBaca):
    list_display = ["periode", "status", "langkah", "diproses", "total", "dimulai_pada", "selesai_pada"]
    list_filter = ["status"]
    list_select_related = ["periode"]


@admin.register(Kompetensi)
class KompetensiAdmin(HanyaBaca):
    list_display = ["kode", "nama", "jenis", "instansi", "is_active"]
    list_filter = ["jenis", "instansi", "is_active"]
    search_fields = ["kode", "nama"]


@admin.register(Asesmen)
class AsesmenAdmin(HanyaBaca):
    list_display = ["pegawai", "tanggal", "metode", "skor_potensi"]
    list_filter = ["instansi", "metode"]
    list_select_related = ["pegawai"]
    search_fields = ["pegawai__nama", "pegawai__nip"]
    raw_id_fields = ["pegawai"]
