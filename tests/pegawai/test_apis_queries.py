"""Query budgets of the API lists: a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.factories.pegawai import JabatanFactory, PegawaiFactory, UnitKerjaFactory


@pytest.fixture
def more_rows(org):
    """Three more units, jabatan and pegawai (each with golongan, jabatan and unit), so an N+1
    in any list would cost at least three extra queries."""
    for i in range(3):
        unit = UnitKerjaFactory(instansi=org.instansi, parent=org.dinas, nama=f"UPT {i}", kode=f"UPT-{i}", jenis="upt")
        jabatan = JabatanFactory(unit_kerja=unit, nama=f"Kepala UPT {i}", jenis="pengawas", atasan=org.jabatan_kadis)
        PegawaiFactory(jabatan=jabatan)
    return org


@pytest.mark.parametrize(
    ("persona", "url_name", "budget"),
    [
        # the request's savepoint and its release, session, user, count, page
        ("bkd", "pegawai-list", 6),
        ("pimpinan", "pegawai-list", 6),
        # + the pegawai record of the login, for the scope
        ("atasan", "pegawai-list", 7),
        ("bkd", "unit-kerja-list", 6),
        ("bkd", "jabatan-list", 6),
        ("pegawai", "golongan-list", 6),
    ],
)
def test_list_query_budget(more_rows, client_as, django_assert_max_num_queries, persona, url_name, budget):
    client = client_as(persona)
    url = reverse(f"pegawai-api:{url_name}")
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["results"]) >= 3


def test_filtered_pegawai_list_budget(more_rows, client_as, django_assert_max_num_queries):
    client = client_as("bkd")
    url = reverse("pegawai-api:pegawai-list")
    # the unit filter reads the unit's path once
    with django_assert_max_num_queries(7):
        response = client.get(url, {"unit_kerja": more_rows.dinas.pk, "jenis_jabatan": "pengawas"})
    assert len(response.json()["results"]) == 5


def test_token_authenticated_list_budget(more_rows, django_assert_max_num_queries):
    token = Token.objects.create(user=more_rows.bkd)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    # savepoint, release, token with its user, count, page
    with django_assert_max_num_queries(5):
        response = client.get(reverse("pegawai-api:pegawai-list"))
    assert response.json()["count"] == 10


def test_profile_riwayat_and_audit_budgets(more_rows, client_as, django_assert_max_num_queries):
    client = client_as("bkd")
    for name, budget in (("pegawai-detail", 6), ("pegawai-riwayat", 11), ("pegawai-audit", 6)):
        url = reverse(f"pegawai-api:{name}", kwargs={"pegawai_id": more_rows.pegawai.pk})
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200
