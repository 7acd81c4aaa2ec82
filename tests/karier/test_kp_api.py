"""The KP API: permission matrix, the list of a KP date with what is missing, the policy's
dates, bad input as a 400 naming the parameter, and the query budget."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from karier.rules import tanggal_kp_berikut
from pegawai.rules import add_years
from tests.conftest import PERSONAS, login_user

from .test_kp_selectors import _pns, _predikat

pytestmark = pytest.mark.django_db

KP = tanggal_kp_berikut(timezone.localdate(), range(1, 13))
BAIK_2 = ((KP.year - 1, "baik"), (KP.year - 2, "baik"))
READ = dict.fromkeys(PERSONAS, 404) | {"anonymous": 401, "bkd": 200, "pimpinan": 200, "other_bkd": 200}


def api(org, persona: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    user = login_user(org, persona)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def calon(org):
    ya = _pns(org, nama="Ayu Memenuhi", tmt=add_years(KP, -4))
    kurang = _pns(org, nama="Bima Kurang", tmt=add_years(KP, -4).replace(day=2))
    for p in (ya, kurang):
        _predikat(p, *BAIK_2)
    return ya, kurang


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, calon, persona):
    c = api(org, persona)
    assert c.get(reverse("karier-api:kp-list")).status_code == READ[persona]
    assert c.get(reverse("karier-api:kp-tanggal")).status_code == READ[persona]


def test_list_with_missing_items(org, calon):
    ya, kurang = calon
    r = api(org, "pimpinan").get(reverse("karier-api:kp-list"), {"tanggal": KP.isoformat()})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 9
    by = {row["pegawai_id"]: row for row in body["results"]}
    assert by[ya.pk]["memenuhi"] is True
    assert by[ya.pk]["golongan_baru"] == "II/d"
    assert by[ya.pk]["kekurangan"] == []
    assert by[kurang.pk]["memenuhi"] is False
    assert by[kurang.pk]["kekurangan"][0]["syarat"] == "masa_golongan"
    assert by[kurang.pk]["kekurangan"][0]["pesan"].startswith("masa kerja golongan kurang 1 hari")
    ok = api(org, "bkd").get(reverse("karier-api:kp-list"), {"tanggal": KP.isoformat(), "status": "memenuhi"})
    assert [row["pegawai_id"] for row in ok.json()["results"]] == [ya.pk]
    gol = api(org, "bkd").get(reverse("karier-api:kp-list"), {"golongan": "III/d"})
    assert {row["pegawai_id"] for row in gol.json()["results"]} == {org.atasan.pk, org.kepala_puskesmas.pk}
    unit = api(org, "bkd").get(reverse("karier-api:kp-list"), {"unit_kerja": org.puskesmas.pk, "page_size": 1})
    assert unit.json()["count"] == 2
    assert len(unit.json()["results"]) == 1


def test_kp_dates(org):
    r = api(org, "bkd").get(reverse("karier-api:kp-tanggal"))
    body = r.json()
    assert body["tanggal"][0] == KP.isoformat()
    assert len(body["tanggal"]) == 12
    assert body["bulan_periode_kp"] == list(range(1, 13))


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"tanggal": "2026-04-02"}, "tanggal"),
        ({"tanggal": "kemarin"}, "tanggal"),
        ({"status": "mungkin"}, "status"),
        ({"unit_kerja": "abc"}, "unit_kerja"),
        ({"golongan": "IX/z"}, "golongan"),
    ],
)
def test_bad_input_is_400_naming_the_field(org, calon, params, field):
    r = api(org, "bkd").get(reverse("karier-api:kp-list"), params)
    assert r.status_code == 400
    assert field in r.json()


def test_unit_of_another_instansi_is_400(org, calon):
    other_unit = org.other_pegawai.unit_kerja_id
    r = api(org, "bkd").get(reverse("karier-api:kp-list"), {"unit_kerja": other_unit})
    assert r.status_code == 400
    assert "unit_kerja" in r.json()


def test_query_budget(org, calon, django_assert_max_num_queries):
    for i in range(3):
        _predikat(_pns(org, tmt=add_years(KP, -5 + i)), *BAIK_2)
    c = api(org, "bkd")
    with django_assert_max_num_queries(12):
        r = c.get(reverse("karier-api:kp-list"))
    assert r.json()["count"] == 12
