"""Dashboard API: the same permissions as the page (BKD and pimpinan of the instansi, others 404,
anonymous 401), the same figures as JSON, the query budget and a method that is not allowed."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.conftest import PERSONAS, login_user

from .test_dasbor_pages import TAHUN_LALU, data  # noqa: F401 - the hand-built instansi

pytestmark = pytest.mark.django_db

STATUS = dict.fromkeys(PERSONAS, 404) | {"anonymous": 401, "bkd": 200, "pimpinan": 200, "other_bkd": 200}


@pytest.fixture(autouse=True)
def _cache_kosong():
    cache.clear()
    yield
    cache.clear()


def api(org, persona: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    user = login_user(org, persona)
    if user is not None:
        client.force_login(user)
    return client


def test_url():
    assert reverse("karier-api:dasbor") == "/api/v1/karier/dasbor/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, persona):
    r = api(org, persona).get(reverse("karier-api:dasbor"))
    assert r.status_code == STATUS[persona]


def test_figures(org, data, django_assert_max_num_queries):  # noqa: F811
    c = api(org, "pimpinan")
    with django_assert_max_num_queries(15):
        r = c.get(reverse("karier-api:dasbor"))
    assert r.status_code == 200
    j = r.json()
    assert j["instansi"] == org.instansi.pk
    assert (j["pegawai"], j["pns"], j["pppk"]) == (9, 8, 1)
    assert [(u["nama"], u["jumlah"], u["pns_jp_memenuhi"], u["persen_jp"]) for u in j["per_unit"]] == [
        ("Badan Kepegawaian", 1, 0, None),
        ("Dinas Kesehatan", 8, 2, "25.0"),
    ]
    assert {h["kunci"]: h["jumlah"] for h in j["per_jenis_kelamin"]} == {"L": 5, "P": 4}
    assert j["per_golongan"][-1] == {"kunci": j["per_golongan"][-1]["kunci"], "label": "PPPK IX", "jumlah": 1}
    assert j["predikat"]["tahun"] == TAHUN_LALU
    assert j["predikat"]["baris"][1]["hitungan"] == {"baik": 2, "sangat_baik": 1, "butuh_perbaikan": 1, "kurang": 1}
    assert (j["ikm"]["jumlah"], j["ikm"]["rata_rata"]) == (2, "80.38")
    assert [h["jumlah"] for h in j["ikm"]["per_mutu"]] == [1, 0, 1, 0]
    assert j["ikm"]["terendah"][1] == {
        "unit_id": org.puskesmas.pk,
        "nama": "Puskesmas Kota Sibolga",
        "ikm": "90.25",
        "mutu": "A",
        "mutu_label": "A (Sangat Baik)",
        "responden": 40,
        "dipublikasikan": True,
    }
    assert (j["jp"]["total"], j["jp"]["memenuhi"], j["jp"]["kurang"], j["jp"]["minimal"]) == (8, 2, 6, 20)
    assert j["talenta"] == {
        "tahun": TAHUN_LALU,
        "grid": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1, "6": 0, "7": 0, "8": 0, "9": 2},
        "total": 3,
    }
    assert (j["lowongan"]["jabatan"], j["lowongan"]["formasi"]) == (4, 6)
    assert len(j["lowongan"]["teratas"]) == 4
    assert j["kandidat_promosi"] == 2
    assert {r["kunci"]: r["jumlah"] for r in j["rekomendasi"]}["promosi"] == 2
    assert j["kp"]["tanggal"] >= j["pada"]
    assert j["siklus"]


def test_other_instansi_gets_its_own_figures(org, data):  # noqa: F811
    j = api(org, "other_bkd").get(reverse("karier-api:dasbor")).json()
    assert j["instansi"] == org.other_instansi.pk
    assert j["pegawai"] == 1
    assert j["kandidat_promosi"] == 1


def test_only_get(org):
    c = api(org, "bkd")
    assert c.post(reverse("karier-api:dasbor"), {}).status_code == 405
    assert c.delete(reverse("karier-api:dasbor")).status_code == 405


def test_unknown_query_parameters_are_ignored(org):
    r = api(org, "bkd").get(reverse("karier-api:dasbor") + "?tahun=abc&page=-1")
    assert r.status_code == 200


def test_superuser_without_instansi_gets_404(org, client, django_user_model):
    su = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    client.force_login(su)
    assert client.get(reverse("karier-api:dasbor")).status_code == 404
