"""The Django admin for BKD superusers: development records are read here and changed only on the
pages (or the API), which go through the services with their rules, notifications and audit rows."""

from __future__ import annotations

from django.contrib import admin

from penilaian.admin import HanyaBaca

from .models import Alokasi, KebutuhanPelatihan, PasanganMentoring, ProgramPelatihan, RiwayatPelatihan


@admin.register(ProgramPelatihan)
class ProgramPelatihanAdmin(HanyaBaca):
    list_display = ["kode", "nama", "tahun", "bentuk", "jp", "biaya_per_peserta", "is_active"]
    list_filter = ["instansi", "tahun", "bentuk", "is_active"]
    search_fields = ["kode", "nama"]


@admin.register(KebutuhanPelatihan)
class KebutuhanPelatihanAdmin(HanyaBaca):
    list_display = ["pegawai", "tahun", "jenis", "kunci", "prioritas", "status"]
    list_filter = ["instansi", "tahun", "jenis", "status"]
    list_select_related = ["pegawai"]
    search_fields = ["pegawai__nama", "pegawai__nip"]
    raw_id_fields = ["pegawai", "kompetensi", "jabatan", "program", "permintaan"]


@admin.register(Alokasi)
class AlokasiAdmin(HanyaBaca):
    list_display = ["nama", "tahun", "anggaran", "status", "nilai_objektif", "batas_lp", "gap_persen"]
    list_filter = ["instansi", "tahun", "status"]


@admin.register(RiwayatPelatihan)
class RiwayatPelatihanAdmin(HanyaBaca):
    list_display = ["pegawai", "nama", "tahun", "jp", "status"]
    list_filter = ["instansi", "tahun", "status", "bentuk"]
    list_select_related = ["pegawai"]
    search_fields = ["pegawai__nama", "pegawai__nip", "nama"]
    raw_id_fields = ["pegawai", "program", "alokasi_peserta", "kebutuhan"]


@admin.register(PasanganMentoring)
class PasanganMentoringAdmin(HanyaBaca):
    list_display = ["mentor", "mentee", "tahun", "jenis", "status", "skor"]
    list_filter = ["instansi", "tahun", "status", "jenis"]
    list_select_related = ["mentor", "mentee"]
    search_fields = ["mentor__nama", "mentee__nama"]
    raw_id_fields = ["mentor", "mentee", "penjodohan"]
