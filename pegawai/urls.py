"""HTML routes of pegawai, mounted at the site root with the namespace "pegawai"."""

from django.urls import path

from .views import impor, organisasi, profil

app_name = "pegawai"
urlpatterns = [
    path("pegawai/", profil.pegawai_list, name="pegawai-list"),
    path("pegawai/ekspor/", profil.pegawai_export, name="pegawai-export"),
    path("pegawai/tambah/", profil.pegawai_create, name="pegawai-create"),
    path("pegawai/<int:pegawai_id>/", profil.pegawai_detail, name="pegawai-detail"),
    path("pegawai/<int:pegawai_id>/ubah/", profil.pegawai_update, name="pegawai-update"),
    path(
        "pegawai/<int:pegawai_id>/riwayat-pangkat/tambah/",
        profil.riwayat_pangkat_create,
        name="riwayat-pangkat-create",
    ),
    path(
        "pegawai/<int:pegawai_id>/riwayat-jabatan/tambah/",
        profil.riwayat_jabatan_create,
        name="riwayat-jabatan-create",
    ),
    path(
        "pegawai/<int:pegawai_id>/riwayat-pendidikan/tambah/",
        profil.riwayat_pendidikan_create,
        name="riwayat-pendidikan-create",
    ),
    path("pegawai/<int:pegawai_id>/hukuman-disiplin/tambah/", profil.hukdis_create, name="hukdis-create"),
    path("pegawai/<int:pegawai_id>/cltn/tambah/", profil.riwayat_cltn_create, name="cltn-create"),
    path("unit-kerja/", organisasi.unit_kerja_list, name="unit-kerja-list"),
    path("unit-kerja/tambah/", organisasi.unit_kerja_create, name="unit-kerja-create"),
    path("unit-kerja/<int:unit_kerja_id>/ubah/", organisasi.unit_kerja_update, name="unit-kerja-update"),
    path("jabatan/", organisasi.jabatan_list, name="jabatan-list"),
    path("jabatan/tambah/", organisasi.jabatan_create, name="jabatan-create"),
    path("jabatan/<int:jabatan_id>/ubah/", organisasi.jabatan_update, name="jabatan-update"),
    path("kebijakan/", organisasi.kebijakan, name="kebijakan"),
    # type-ahead options (JSON) for the unit kerja, jabatan and pegawai selects
    path("pilihan/unit-kerja/", organisasi.unit_kerja_pilihan, name="pilihan-unit-kerja"),
    path("pilihan/jabatan/", organisasi.jabatan_pilihan, name="pilihan-jabatan"),
    path("pilihan/pegawai/", profil.pegawai_pilihan, name="pilihan-pegawai"),
    path("impor/", impor.impor_create, name="impor-create"),
    path("impor/<int:impor_id>/", impor.impor_detail, name="impor-detail"),
]
