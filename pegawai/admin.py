"""The Django admin for BKD superusers. Changes go through the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from . import services
from .models import (
    Golongan,
    HukumanDisiplin,
    Instansi,
    Jabatan,
    Pegawai,
    RiwayatCLTN,
    RiwayatJabatan,
    RiwayatPangkat,
    RiwayatPendidikan,
    UnitKerja,
    User,
)


@admin.register(User)
class PenggunaAdmin(UserAdmin):
    list_display = ["username", "first_name", "instansi", "peran", "is_superuser", "is_active"]
    list_filter = ["peran", "instansi", "is_superuser", "is_active"]
    list_select_related = ["instansi"]
    fieldsets = (*UserAdmin.fieldsets, ("ASN Karier", {"fields": ("instansi", "peran")}))  # type: ignore[misc]


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin[Instansi]):
    list_display = ["nama", "kode"]
    search_fields = ["nama", "kode"]


@admin.register(Golongan)
class GolonganAdmin(admin.ModelAdmin[Golongan]):
    list_display = ["kode", "pangkat", "jenis_asn", "urutan"]
    list_filter = ["jenis_asn"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # reference data


@admin.register(UnitKerja)
class UnitKerjaAdmin(admin.ModelAdmin[UnitKerja]):
    list_display = ["nama", "kode", "jenis", "is_unit_layanan", "parent", "instansi"]
    list_filter = ["instansi", "jenis", "is_unit_layanan"]
    list_select_related = ["parent", "instansi"]
    search_fields = ["nama", "kode"]
    readonly_fields = ["path", "depth"]

    def save_model(self, request: HttpRequest, obj: UnitKerja, form: Any, change: bool) -> None:
        try:
            if change:
                data = {f: form.cleaned_data[f] for f in form.changed_data}
                services.unit_kerja_update(actor=request.user, unit=UnitKerja.objects.get(pk=obj.pk), data=data)  # type: ignore[arg-type]
            else:
                created = services.unit_kerja_create(
                    actor=request.user,  # type: ignore[arg-type]
                    instansi=obj.instansi,
                    nama=obj.nama,
                    kode=obj.kode,
                    jenis=obj.jenis,
                    parent=obj.parent,
                    is_unit_layanan=obj.is_unit_layanan,
                )
                obj.pk = created.pk
        except ValidationError as e:
            self.message_user(request, "; ".join(e.messages), level=messages.ERROR)


@admin.register(Jabatan)
class JabatanAdmin(admin.ModelAdmin[Jabatan]):
    list_display = ["nama", "jenis", "jenjang", "eselon", "unit_kerja", "kebutuhan"]
    list_filter = ["instansi", "jenis"]
    list_select_related = ["unit_kerja"]
    search_fields = ["nama"]
    raw_id_fields = ["unit_kerja", "atasan"]
    readonly_fields = ["path"]

    def save_model(self, request: HttpRequest, obj: Jabatan, form: Any, change: bool) -> None:
        try:
            if change:
                data = {f: form.cleaned_data[f] for f in form.changed_data}
                services.jabatan_update(actor=request.user, jabatan=Jabatan.objects.get(pk=obj.pk), data=data)  # type: ignore[arg-type]
            else:
                fields = {f: form.cleaned_data[f] for f in services.JABATAN_FIELDS if f in form.cleaned_data}
                created = services.jabatan_create(actor=request.user, instansi=obj.instansi, **fields)  # type: ignore[arg-type]
                obj.pk = created.pk
        except ValidationError as e:
            self.message_user(request, "; ".join(e.messages), level=messages.ERROR)


class RiwayatPangkatInline(admin.TabularInline[RiwayatPangkat, Pegawai]):
    model = RiwayatPangkat
    extra = 0
    can_delete = False
    readonly_fields = ["golongan", "tmt", "jenis", "nomor_sk", "tanggal_sk"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RiwayatJabatanInline(admin.TabularInline[RiwayatJabatan, Pegawai]):
    model = RiwayatJabatan
    extra = 0
    can_delete = False
    readonly_fields = ["nama_jabatan", "nama_unit", "tmt", "tmt_selesai", "nomor_sk"]
    exclude = ["jabatan"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RiwayatPendidikanInline(admin.TabularInline[RiwayatPendidikan, Pegawai]):
    model = RiwayatPendidikan
    extra = 0
    can_delete = False
    readonly_fields = ["tingkat", "jurusan", "institusi", "tahun_lulus"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class HukumanDisiplinInline(admin.TabularInline[HukumanDisiplin, Pegawai]):
    model = HukumanDisiplin
    extra = 0
    can_delete = False
    readonly_fields = ["tingkat", "jenis", "tmt_mulai", "tmt_selesai", "nomor_sk"]
    exclude = ["keterangan"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RiwayatCLTNInline(admin.TabularInline[RiwayatCLTN, Pegawai]):
    model = RiwayatCLTN
    extra = 0
    can_delete = False
    readonly_fields = ["tmt_mulai", "tmt_selesai", "nomor_sk"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Pegawai)
class PegawaiAdmin(admin.ModelAdmin[Pegawai]):
    list_display = ["nip", "nama", "jenis_asn", "golongan", "jabatan", "unit_kerja", "status"]
    list_filter = ["instansi", "jenis_asn", "status", "jenis_kelamin"]
    list_select_related = ["golongan", "jabatan", "unit_kerja"]
    search_fields = ["nip", "nama"]
    raw_id_fields = ["jabatan", "unit_kerja", "atasan_override", "user"]
    readonly_fields = ["atasan"]
    inlines = [
        RiwayatPangkatInline,
        RiwayatJabatanInline,
        RiwayatPendidikanInline,
        HukumanDisiplinInline,
        RiwayatCLTNInline,
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # new pegawai come through the BKD form or the import, which create the login

    def save_model(self, request: HttpRequest, obj: Pegawai, form: Any, change: bool) -> None:
        data = {f: form.cleaned_data[f] for f in form.changed_data if f in services.PEGAWAI_FIELDS}
        try:
            services.pegawai_update(actor=request.user, pegawai=Pegawai.objects.get(pk=obj.pk), data=data)  # type: ignore[arg-type]
        except ValidationError as e:
            self.message_user(request, "; ".join(e.messages), level=messages.ERROR)
