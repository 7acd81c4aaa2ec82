"""Catalogue API: permission matrix, list query budget and filters, create and update through the
service with 400s naming the field."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from pelatihan.models import ProgramPelatihan
from tests.conftest import PERSONAS, login_user
from tests.factories.pelatihan import TAHUN, kompetensi, kompetensi_teknis, program_buat

pytestmark = pytest.mark.django_db


def _table(default: int, **kw: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, default) | {"anonymous": 401} | kw


LIST = _table(200)
DETAIL = _table(200, other_bkd=404)
CREATE = _table(403, bkd=400, other_bkd=400)
UPDATE = _table(403, bkd=200, other_bkd=404)


def api(org, persona: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    user = login_user(org, persona)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def program(org):
    return program_buat(org.instansi, "INT-1", membangun={"M1": 3})


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, program, persona):
    c = api(org, persona)
    assert c.get(reverse("pelatihan-api:program-list")).status_code == LIST[persona]
    assert c.get(reverse("pelatihan-api:program-detail", args=[program.pk])).status_code == DETAIL[persona]
    assert (
        c.post(reverse("pelatihan-api:program-list"), {}, content_type="application/json").status_code
        == (CREATE[persona])
    )
    detail = reverse("pelatihan-api:program-detail", args=[program.pk])
    assert c.patch(detail, {}, content_type="application/json").status_code == UPDATE[persona]
    if persona != "anonymous":
        assert c.delete(detail).status_code == 405


def test_list_filters_and_query_budget(org, django_assert_max_num_queries):
    for i in range(4):
        program_buat(org.instansi, f"P{i}", membangun={"M1": 2, "M2": 3, "M3": 1})
    program_buat(org.instansi, "LAMA", tahun=TAHUN - 1)
    program_buat(org.other_instansi, "X")
    c = api(org, "pegawai")
    with django_assert_max_num_queries(7):
        r = c.get(reverse("pelatihan-api:program-list"), {"tahun": TAHUN})
    body = r.json()
    assert body["count"] == 4
    assert body["results"][0]["kompetensi"] == [
        {"kompetensi": kompetensi("M1").pk, "kode": "M1", "nama": "Integritas", "level": 2},
        {"kompetensi": kompetensi("M2").pk, "kode": "M2", "nama": "Kerja Sama", "level": 3},
        {"kompetensi": kompetensi("M3").pk, "kode": "M3", "nama": "Komunikasi", "level": 1},
    ]
    assert c.get(reverse("pelatihan-api:program-list"), {"kompetensi": kompetensi("M3").pk}).json()["count"] == 4
    r = c.get(reverse("pelatihan-api:program-list"), {"tahun": "dua ribu"})
    assert r.status_code == 400
    assert "tahun" in r.json()


def test_create_and_update(org):
    c = api(org, "bkd")
    teknis = kompetensi_teknis(org.instansi)
    body = {
        "tahun": TAHUN,
        "kode": "ARSIP",
        "nama": "Pengelolaan Arsip Dinamis",
        "bentuk": "e_learning",
        "jp": "12.5",
        "biaya_per_peserta": "0",
        "kursi_per_angkatan": 100,
        "jenis_jabatan": ["pelaksana"],
        "golongan_minimal": "II/a",
        "golongan_maksimal": "III/d",
        "kompetensi": [{"kompetensi": teknis.pk, "level": 2}],
    }
    r = c.post(reverse("pelatihan-api:program-list"), body, content_type="application/json")
    assert r.status_code == 201
    out = r.json()
    assert (out["jp"], out["kursi"], out["golongan_minimal"], out["jumlah_angkatan"]) == ("12.50", 100, "II/a", 1)
    r = c.post(reverse("pelatihan-api:program-list"), body, content_type="application/json")
    assert r.status_code == 400
    assert "sudah dipakai" in r.json()["kode"][0]
    detail = reverse("pelatihan-api:program-detail", args=[out["id"]])
    r = c.patch(detail, {"jp": "0"}, content_type="application/json")
    assert r.status_code == 400
    assert r.json() == {"jp": ["JP harus lebih dari 0."]}
    r = c.patch(detail, {"nama": "Arsip Digital", "kompetensi": []}, content_type="application/json")
    assert r.status_code == 200
    assert (r.json()["nama"], r.json()["kompetensi"]) == ("Arsip Digital", [])
    lain = kompetensi_teknis(org.other_instansi, kode="LAIN")
    r = c.patch(detail, {"kompetensi": [{"kompetensi": lain.pk, "level": 2}]}, content_type="application/json")
    assert r.status_code == 400
    assert "kompetensi" in r.json()
    r = c.patch(detail, {"kompetensi": [{"kompetensi": teknis.pk, "level": 6}]}, content_type="application/json")
    assert r.status_code == 400
    assert ProgramPelatihan.objects.get(pk=out["id"]).kompetensi_dibangun.count() == 0
