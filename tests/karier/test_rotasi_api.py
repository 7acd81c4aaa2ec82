"""The rotation API: permission matrix, the round with explanations, filters, bad input as a
400 naming the parameter, and the query budget."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PERSONAS, login_user

from .test_rotasi_pages import ronde  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

READ = dict.fromkeys(PERSONAS, 404) | {"anonymous": 401, "bkd": 200, "pimpinan": 200, "other_bkd": 200}


def api(org, persona: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    user = login_user(org, persona)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, ronde, persona):  # noqa: F811
    assert api(org, persona).get(reverse("karier-api:rotasi-list")).status_code == READ[persona]


def test_round_with_explanations(org, ronde):  # noqa: F811
    a, pergi, tinggal, jb = ronde
    r = api(org, "pimpinan").get(reverse("karier-api:rotasi-list"), {"unit_kerja": a.pk})
    body = r.json()
    assert body["count"] == 2
    first, second = body["results"]
    assert first["pegawai_id"] == pergi.pk
    assert first["status"] == "jatuh_tempo"
    assert first["jabatan_tujuan_id"] == jb.pk
    assert first["jpm"] == "100.00"
    assert first["diusulkan"] is True
    assert [p["kode"] for p in first["penjelasan"]] == ["masa_jabatan", "kotak", "jpm", "kebutuhan_unit", "batas_unit"]
    assert second["pegawai_id"] == tinggal.pk
    assert second["ditahan"] is True
    assert second["masa_jabatan"] == {"tahun": 3, "bulan": 0, "hari": 0}
    due = api(org, "bkd").get(reverse("karier-api:rotasi-list"), {"unit_kerja": a.pk, "status": "kandidat"})
    assert [row["pegawai_id"] for row in due.json()["results"]] == [tinggal.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"status": "nanti"}, "status"), ({"unit_kerja": "abc"}, "unit_kerja"), ({"unit_kerja": "0"}, "unit_kerja")],
)
def test_bad_input_is_400_naming_the_field(org, ronde, params, field):  # noqa: F811
    r = api(org, "bkd").get(reverse("karier-api:rotasi-list"), params)
    assert r.status_code == 400
    assert field in r.json()


def test_unit_of_another_instansi_is_400(org, ronde):  # noqa: F811
    r = api(org, "bkd").get(reverse("karier-api:rotasi-list"), {"unit_kerja": org.other_pegawai.unit_kerja_id})
    assert r.status_code == 400
    assert "unit_kerja" in r.json()


def test_query_budget(org, ronde, django_assert_max_num_queries):  # noqa: F811
    c = api(org, "bkd")
    with django_assert_max_num_queries(14):
        r = c.get(reverse("karier-api:rotasi-list"))
    assert r.json()["count"] >= 9
