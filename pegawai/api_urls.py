"""API routes of pegawai, mounted under /api/v1/ with the namespace "pegawai-api"."""

from django.urls import path

from . import apis

app_name = "pegawai-api"
urlpatterns = [
    path("auth/token/", apis.TokenObtainApi.as_view(), name="token"),
    path(
        "pegawai/",
        apis.method_routes("PegawaiRoute", get=apis.PegawaiListApi, post=apis.PegawaiCreateApi),
        name="pegawai-list",
    ),
    path(
        "pegawai/<int:pegawai_id>/",
        apis.method_routes("PegawaiDetailRoute", get=apis.PegawaiDetailApi, patch=apis.PegawaiUpdateApi),
        name="pegawai-detail",
    ),
    path("pegawai/<int:pegawai_id>/riwayat/", apis.PegawaiRiwayatApi.as_view(), name="pegawai-riwayat"),
    path("pegawai/<int:pegawai_id>/audit/", apis.PegawaiAuditApi.as_view(), name="pegawai-audit"),
    path(
        "unit-kerja/",
        apis.method_routes("UnitKerjaRoute", get=apis.UnitKerjaListApi, post=apis.UnitKerjaCreateApi),
        name="unit-kerja-list",
    ),
    path(
        "unit-kerja/<int:unit_kerja_id>/",
        apis.method_routes("UnitKerjaDetailRoute", get=apis.UnitKerjaDetailApi, patch=apis.UnitKerjaUpdateApi),
        name="unit-kerja-detail",
    ),
    path(
        "jabatan/",
        apis.method_routes("JabatanRoute", get=apis.JabatanListApi, post=apis.JabatanCreateApi),
        name="jabatan-list",
    ),
    path(
        "jabatan/<int:jabatan_id>/",
        apis.method_routes("JabatanDetailRoute", get=apis.JabatanDetailApi, patch=apis.JabatanUpdateApi),
        name="jabatan-detail",
    ),
    path("golongan/", apis.GolonganListApi.as_view(), name="golongan-list"),
]
