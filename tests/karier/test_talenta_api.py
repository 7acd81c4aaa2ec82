"""Talent map and KRS API: permission matrix, response shapes, filters, a box's page, bad input
as 400 naming the parameter, unknown boxes as 404, and the OpenAPI schema."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from karier.models import AnggotaKRS, JenisRekomendasi, Rekomendasi
from tests.conftest import PERSONAS, login_user
from tests.factories.karier import penempatan_buat, rekomendasi_buat

pytestmark = pytest.mark.django_db

TAHUN = 2026
BACA = dict.fromkeys(PERSONAS, 404) | {"anonymous": 401, "bkd": 200, "pimpinan": 200, "other_bkd": 200}


@pytest.fixture
def api_as(org):
    def make(persona: str) -> APIClient:
        c = APIClient()
        user = login_user(org, persona)
        if user is not None:
            c.force_authenticate(user)
        return c

    return make


@pytest.fixture
def data(org):
    penempatan_buat(org.pegawai, TAHUN, 9, kotak_sebelumnya=7, predikat="sangat_baik", skor_potensi=Decimal("93"))
    penempatan_buat(org.rekan, TAHUN, 8, predikat="baik", skor_potensi=Decimal("91"))
    penempatan_buat(org.unrelated, TAHUN, 2, kotak_sebelumnya=5, predikat="baik", skor_potensi=Decimal("70"))
    penempatan_buat(org.atasan, TAHUN, None, predikat="baik")
    penempatan_buat(org.other_pegawai, TAHUN, 9)
    rekomendasi_buat(org.pegawai, JenisRekomendasi.KRS, tahun=TAHUN, kunci="krs-a")
    rek = rekomendasi_buat(
        org.rekan,
        JenisRekomendasi.KRS,
        tahun=TAHUN,
        kunci="krs-b",
        status=Rekomendasi.Status.DITERAPKAN,
        tmt_penerapan=datetime.date(2027, 1, 2),
        dasar=[{"kode": "jpm", "label": "JPM", "nilai": "82.00", "teks": "JPM 82,0% ≥ 78%"}],
    )
    AnggotaKRS.objects.create(
        instansi=org.instansi, tahun=TAHUN, pegawai=org.rekan, jabatan_target=org.jabatan_kasi, rekomendasi=rek
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(api_as, data, persona):
    c = api_as(persona)
    assert c.get(reverse("karier-api:talenta")).status_code == BACA[persona]
    assert c.get(reverse("karier-api:talenta-kotak", args=[9])).status_code == BACA[persona]
    assert c.get(reverse("karier-api:krs")).status_code == BACA[persona]
    if persona in ("bkd", "pimpinan"):
        assert c.post(reverse("karier-api:talenta")).status_code == 405


def test_grid_shape(org, api_as, data, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        r = api_as("pimpinan").get(reverse("karier-api:talenta"))
    d = r.json()
    assert set(d) == {"tahun", "dipetakan", "grid", "tanpa_kotak", "perpindahan"}
    assert d["tahun"] == TAHUN
    assert d["dipetakan"] == 3
    assert [g["kotak"] for g in d["grid"]] == [9, 8, 7, 6, 5, 4, 3, 2, 1]
    g9 = d["grid"][0]
    assert g9 == {
        "kotak": 9,
        "level_kinerja": "di_atas",
        "level_potensi": "tinggi",
        "jumlah": 1,
        "persen": "33.3",
        "tindakan": [
            {
                "kode": "promosi",
                "label": "Promosi dan dipertahankan",
                "jenis": "promosi",
                "jumlah": 0,
                "tautan": "/karier/rekomendasi/?jenis=promosi&kotak=9&tahun=2026",
                "keterangan": "rekomendasi terbuka",
            },
            {
                "kode": "krs",
                "label": "Masuk kelompok rencana suksesi",
                "jenis": "krs",
                "jumlah": 1,
                "tautan": "/karier/rekomendasi/?jenis=krs&kotak=9&tahun=2026",
                "keterangan": "rekomendasi terbuka",
            },
            {
                "kode": "penghargaan",
                "label": "Penghargaan",
                "jenis": "penghargaan",
                "jumlah": 0,
                "tautan": "/karier/rekomendasi/?jenis=penghargaan&kotak=9&tahun=2026",
                "keterangan": "rekomendasi terbuka",
            },
        ],
    }
    # box 8's KRS recommendation was applied: no longer open
    g8 = d["grid"][1]
    assert next(t for t in g8["tindakan"] if t["kode"] == "krs")["jumlah"] == 0
    assert d["tanpa_kotak"] == {"jumlah": 1, "tanpa_predikat": 0, "tanpa_asesmen": 1, "tanpa_keduanya": 0}
    assert d["perpindahan"] == {
        "naik": 1,
        "tetap": 0,
        "turun": 1,
        "baru": 1,
        "matriks": [{"dari": 5, "ke": 2, "jumlah": 1}, {"dari": 7, "ke": 9, "jumlah": 1}],
    }


def test_grid_filters(org, api_as, data):
    c = api_as("bkd")
    d = c.get(reverse("karier-api:talenta"), {"unit_kerja": org.puskesmas.pk}).json()
    assert {g["kotak"]: g["jumlah"] for g in d["grid"] if g["jumlah"]} == {2: 1}
    d = c.get(reverse("karier-api:talenta"), {"jenis_jabatan": "pelaksana", "golongan": "II/b"}).json()
    assert {g["kotak"]: g["jumlah"] for g in d["grid"] if g["jumlah"]} == {8: 1}
    d = c.get(reverse("karier-api:talenta"), {"tahun": 2020}).json()
    assert d["dipetakan"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"tahun": "abc"}, "tahun"),
        ({"tahun": 1999}, "tahun"),
        ({"unit_kerja": "x"}, "unit_kerja"),
        ({"unit_kerja": 2**70}, "unit_kerja"),
        ({"jenis_jabatan": "raja"}, "jenis_jabatan"),
        ({"golongan": "Z/z"}, "golongan"),
    ],
)
def test_bad_filters_are_400_naming_the_parameter(api_as, data, params, field):
    for url in (reverse("karier-api:talenta"), reverse("karier-api:talenta-kotak", args=[9])):
        r = api_as("bkd").get(url, params)
        assert r.status_code == 400
        assert field in r.json()


def test_unit_of_another_instansi_is_400(org, api_as, data):
    r = api_as("bkd").get(reverse("karier-api:talenta"), {"unit_kerja": org.other_pegawai.unit_kerja_id})
    assert r.status_code == 400
    assert "unit_kerja" in r.json()


def test_box_page(org, api_as, data, django_assert_max_num_queries):
    c = api_as("bkd")
    with django_assert_max_num_queries(8):
        r = c.get(reverse("karier-api:talenta-kotak", args=[9]), {"tahun": TAHUN})
    d = r.json()
    assert d["count"] == 1
    (row,) = d["results"]
    assert row == {
        "pegawai": {"id": org.pegawai.pk, "nip": org.pegawai.nip, "nama_lengkap": org.pegawai.nama_lengkap},
        "jabatan": "Pengadministrasi Umum",
        "unit_kerja": org.seksi.nama,
        "golongan": "II/c",
        "predikat": "sangat_baik",
        "level_kinerja": "",
        "skor_potensi": "93.00",
        "level_potensi": "",
        "kotak": 9,
        "kotak_sebelumnya": 7,
    }
    assert c.get(reverse("karier-api:talenta-kotak", args=[10])).status_code == 404
    assert c.get(reverse("karier-api:talenta-kotak", args=[0])).status_code == 404
    r = c.get(reverse("karier-api:talenta-kotak", args=[9]), {"page": 99})
    assert r.status_code == 400
    assert "page" in r.json()


def test_krs_list(org, api_as, data):
    r = api_as("pimpinan").get(reverse("karier-api:krs"), {"tahun": TAHUN})
    d = r.json()
    assert (d["count"], d["tahun"], d["usulan_terbuka"]) == (1, TAHUN, 1)
    (row,) = d["results"]
    assert row["pegawai"]["id"] == org.rekan.pk
    assert (row["jabatan_target"], row["jabatan_target_nama"]) == (org.jabatan_kasi.pk, org.jabatan_kasi.nama)
    assert (row["kotak"], row["predikat"], row["jpm"]) == (8, "baik", "82.00")
    r = api_as("bkd").get(reverse("karier-api:krs"), {"tahun": "x"})
    assert r.status_code == 400
    assert "tahun" in r.json()
    assert api_as("other_bkd").get(reverse("karier-api:krs"), {"tahun": TAHUN}).json()["count"] == 0


def test_schema_documents_the_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    found = {
        (path, method): op["operationId"]
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if path.startswith(("/api/v1/karier/talenta", "/api/v1/karier/krs"))
    }
    assert found == {
        ("/api/v1/karier/talenta/", "get"): "talenta_peta",
        ("/api/v1/karier/talenta/kotak/{kotak}/", "get"): "talenta_kotak_list",
        ("/api/v1/karier/krs/", "get"): "krs_list",
    }
    page = schema["components"]["schemas"]["AnggotaKRSPage"]["properties"]
    assert {"count", "results", "tahun", "usulan_terbuka"} <= set(page)
