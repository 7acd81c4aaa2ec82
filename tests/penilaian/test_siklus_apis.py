"""API of the evaluation cycle: permission matrix, list query budget, start and progress."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from penilaian.models import SiklusEvaluasi
from penilaian.services.siklus import siklus_jalankan, siklus_mulai
from tests.conftest import PERSONAS, login_user
from tests.factories.penilaian import periode_tahun

pytestmark = pytest.mark.django_db


def _statuses(default, **overrides):
    table = dict.fromkeys(PERSONAS, default)
    table["anonymous"] = 401
    table.update(overrides)
    return table


LIST = _statuses(403, bkd=200, other_bkd=200, pimpinan=200)
DETAIL = _statuses(404, bkd=200, pimpinan=200)
START = _statuses(404, bkd=202, pimpinan=403)


@pytest.fixture
def siklus(org):
    berkala, _ = periode_tahun(org.instansi)
    return siklus_mulai(actor=org.bkd, periode=berkala[0], kirim=False)


def api(org, persona: str) -> Client:
    client = Client()
    user = login_user(org, persona)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, siklus, persona):
    client = api(org, persona)
    assert client.get(reverse("penilaian-api:siklus-list")).status_code == LIST[persona]
    assert client.get(reverse("penilaian-api:siklus-detail", args=[siklus.pk])).status_code == DETAIL[persona]
    start = client.post(reverse("penilaian-api:siklus-mulai", args=[siklus.periode_id]))
    assert start.status_code == START[persona]
    if persona != "anonymous":
        assert client.delete(reverse("penilaian-api:siklus-detail", args=[siklus.pk])).status_code in (404, 405)
        assert client.get(reverse("penilaian-api:siklus-mulai", args=[siklus.periode_id])).status_code == 405


def test_list_is_scoped_and_its_queries_do_not_grow(org, django_assert_max_num_queries):
    berkala, tahunan = periode_tahun(org.instansi)
    for p in [*berkala[:3], tahunan]:
        siklus_mulai(actor=org.bkd, periode=p, kirim=False)
    client = api(org, "bkd")
    with django_assert_max_num_queries(6):
        data = client.get(reverse("penilaian-api:siklus-list")).json()
    assert data["count"] == 4
    assert {r["periode_nama"] for r in data["results"]} >= {"Triwulan I 2026", "Tahunan 2026"}
    assert api(org, "other_bkd").get(reverse("penilaian-api:siklus-list")).json()["count"] == 0


def test_start_then_follow_progress(org, siklus):
    client = api(org, "bkd")
    siklus_jalankan(siklus_id=siklus.pk)
    data = client.get(reverse("penilaian-api:siklus-detail", args=[siklus.pk])).json()
    assert (data["status"], data["langkah"], data["persen"]) == ("selesai", "selesai", 100)
    assert data["hasil"]["pegawai"] == 7

    started = client.post(reverse("penilaian-api:siklus-mulai", args=[siklus.periode_id]))
    assert started.status_code == 202
    assert (started.json()["status"], started.json()["persen"]) == ("menunggu", 0)


def test_running_cycle_is_bad_input_naming_the_period(org, siklus):
    SiklusEvaluasi.objects.filter(pk=siklus.pk).update(status="berjalan", detak=timezone.now())
    response = api(org, "bkd").post(reverse("penilaian-api:siklus-mulai", args=[siklus.periode_id]))
    assert response.status_code == 400
    assert "periode" in response.json()


def test_unknown_ids_are_404(org):
    client = api(org, "bkd")
    assert client.get(reverse("penilaian-api:siklus-detail", args=[999999])).status_code == 404
    assert client.post(reverse("penilaian-api:siklus-mulai", args=[999999])).status_code == 404
