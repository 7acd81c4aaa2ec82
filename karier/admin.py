"""Read-only admin of karier: lists and details for BKD superusers. Placements come from the
yearly run; recommendations, KRS and awards change through the committee's services."""

from __future__ import annotations

from django.contrib import admin

from penilaian.admin import HanyaBaca

from .models import AnggotaKRS, PenempatanTalenta, Rekomendasi, RiwayatPenghargaan


@admin.register(PenempatanTalenta)
class PenempatanTalentaAdmin(HanyaBaca):
    list_display = ["pegawai", "tahun", "kotak", "kotak_sebelumnya", "predikat", "skor_potensi"]
    list_filter = ["instansi", "tahun", "kotak"]
    list_select_related = ["pegawai"]
    search_fields = ["pegawai__nama", "pegawai__nip"]


@admin.register(Rekomendasi)
class RekomendasiAdmin(HanyaBaca):
    list_display = ["pegawai", "jenis", "tahun", "status", "skor", "peringkat", "jabatan_tujuan", "golongan_baru"]
    list_filter = ["instansi", "jenis", "status", "tahun"]
    list_select_related = ["pegawai", "jabatan_tujuan", "golongan_baru"]
    search_fields = ["pegawai__nama", "pegawai__nip", "kunci"]


@admin.register(AnggotaKRS)
class AnggotaKRSAdmin(HanyaBaca):
    list_display = ["pegawai", "tahun", "jabatan_target", "ditetapkan_oleh"]
    list_filter = ["instansi", "tahun"]
    list_select_related = ["pegawai", "jabatan_target", "ditetapkan_oleh"]
    search_fields = ["pegawai__nama", "pegawai__nip"]


@admin.register(RiwayatPenghargaan)
class RiwayatPenghargaanAdmin(HanyaBaca):
    list_display = ["pegawai", "jenis", "tahun", "tanggal", "nomor_sk"]
    list_filter = ["jenis", "tahun"]
    list_select_related = ["pegawai"]
    search_fields = ["pegawai__nama", "pegawai__nip"]
