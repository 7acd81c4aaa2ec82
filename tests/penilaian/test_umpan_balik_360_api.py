"""360 API: the same permissions as the pages (401 anonymous, 404 forbidden objects, 403 visible
but not allowed), 400 naming the field, no identity of rekan or bawahan, query budget."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from penilaian.models import JawabanUmpanBalik360, Periode, PermintaanUmpanBalik360
from penilaian.rules import AspekPerilaku
from penilaian.services.umpan_balik_360 import permintaan_360_buat, permintaan_360_buat_massal
from tests.conftest import PERSONAS
from tests.penilaian._umpan_balik_360_helpers import jawab, pelaksana_tambahan, periode_360, permintaan

pytestmark = pytest.mark.django_db


def _payload(nilai: int = 4) -> dict:
    return {a: {"skor": nilai, "komentar": f"komentar {a}"} for a in AspekPerilaku.values}


@pytest.fixture
def siap(org):
    periode = periode_360(org)
    permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.pegawai)
    return periode


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_mine(org, siap, client_as, persona):
    response = client_as(persona).get(reverse("penilaian-api:umpan-balik-360-permintaan-list"))
    if persona == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    data = response.json()
    expected = {"pegawai": 1, "atasan": 1}.get(persona, 0)
    assert data["count"] == expected
    if expected:
        assert data["results"][0]["dinilai"] == {"id": org.pegawai.pk, "nama": org.pegawai.nama_lengkap}
        assert data["results"][0]["status"] == "menunggu"


JAWAB = {"pegawai": 200, "atasan": 404, "bkd": 404, "unrelated": 404, "other_bkd": 404, "pimpinan": 404}


@pytest.mark.parametrize("persona", PERSONAS)
def test_answer_matrix(org, siap, client_as, persona):
    p = permintaan(siap, org.pegawai, org.pegawai)
    url = reverse("penilaian-api:umpan-balik-360-jawaban", args=[p.pk])
    response = client_as(persona).post(url, _payload(), content_type="application/json")
    assert response.status_code == (401 if persona == "anonymous" else JAWAB[persona])
    assert JawabanUmpanBalik360.objects.filter(permintaan=p).exists() == (response.status_code == 200)
    if response.status_code == 200:
        assert response.json()["status"] == "dijawab"


@pytest.mark.parametrize(
    ("ubah", "field"),
    [
        (lambda d: d.pop("loyal"), "loyal"),
        (lambda d: d["adaptif"].update(skor=6), "adaptif"),
        (lambda d: d["kompeten"].update(skor="lima"), "kompeten"),
        (lambda d: d["harmonis"].pop("skor"), "harmonis"),
    ],
)
def test_answer_bad_input_names_the_aspect(org, siap, client_as, ubah, field):
    p = permintaan(siap, org.pegawai, org.pegawai)
    data = _payload()
    ubah(data)
    response = client_as("pegawai").post(
        reverse("penilaian-api:umpan-balik-360-jawaban", args=[p.pk]), data, content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_answer_after_close_is_400_naming_the_period(org, siap, client_as):
    p = permintaan(siap, org.pegawai, org.pegawai)
    Periode.objects.filter(pk=siap.pk).update(status=Periode.Status.DITUTUP)
    response = client_as("pegawai").post(
        reverse("penilaian-api:umpan-balik-360-jawaban", args=[p.pk]), _payload(), content_type="application/json"
    )
    assert response.status_code == 400
    assert "periode" in response.json()


REKAP = {"pegawai": 200, "atasan": 200, "bkd": 200, "unrelated": 404, "other_bkd": 404, "pimpinan": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_rekap_matrix_and_anonymity(org, client_as, persona):
    periode = periode_360(org)
    bambang, cut = pelaksana_tambahan(org, "Bambang Purba", "Cut Nyak")
    permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.pegawai)
    for rater in (org.rekan, bambang, cut):
        jawab(periode, org.pegawai, rater, 4, "Catatan rekan")
    url = reverse("penilaian-api:umpan-balik-360-rekap", args=[org.pegawai.pk]) + f"?periode={periode.pk}"
    response = client_as(persona).get(url)
    assert response.status_code == (401 if persona == "anonymous" else REKAP[persona])
    if response.status_code != 200:
        return
    data = response.json()
    text = response.content.decode()
    for p in (org.rekan, bambang, cut):
        assert p.nama not in text
        assert p.nip not in text
    rekan = next(r for r in data["peran"] if r["peran"] == "rekan")
    assert rekan["cukup"] is True
    assert rekan["rata_rata"] == "4.00"
    assert rekan["penilai"] == []
    assert rekan["agregat"][0]["komentar"] == ["Catatan rekan"] * 3
    assert data["rata_rata"] == "4.00"


def test_rekap_below_minimum_has_no_scores(org, siap, client_as):
    jawab(siap, org.pegawai, org.rekan, 2, "rahasia")
    data = client_as("atasan").get(reverse("penilaian-api:umpan-balik-360-rekap", args=[org.pegawai.pk])).json()
    rekan = next(r for r in data["peran"] if r["peran"] == "rekan")
    assert (rekan["dijawab"], rekan["cukup"], rekan["rata_rata"], rekan["agregat"]) == (1, False, None, [])
    assert "rahasia" not in str(data)


def test_rekap_bad_period_is_400(org, siap, client_as):
    url = reverse("penilaian-api:umpan-balik-360-rekap", args=[org.pegawai.pk])
    client = client_as("bkd")
    assert "periode" in client.get(url + "?periode=abc").json()
    response = client.get(url + "?periode=999999")
    assert response.status_code == 400
    assert "periode" in response.json()
    # a pegawai of an instansi without periods
    response = client_as("other_bkd").get(reverse("penilaian-api:umpan-balik-360-rekap", args=[org.other_pegawai.pk]))
    assert response.status_code == 400


BUAT = {"pegawai": 201, "atasan": 201, "bkd": 201, "unrelated": 404, "other_bkd": 404, "pimpinan": 403}


@pytest.mark.parametrize("persona", PERSONAS)
def test_buat_matrix(org, client_as, persona):
    periode = periode_360(org)
    response = client_as(persona).post(
        reverse("penilaian-api:umpan-balik-360-permintaan-buat"),
        {"periode": periode.pk, "pegawai": org.pegawai.pk},
        content_type="application/json",
    )
    assert response.status_code == (401 if persona == "anonymous" else BUAT[persona])
    if response.status_code == 201:
        data = response.json()
        assert data["permintaan"] == {"atasan": 1, "rekan": 1, "bawahan": 0, "diri_sendiri": 1}
        assert org.rekan.nama not in response.content.decode()
    else:
        assert not PermintaanUmpanBalik360.objects.exists()


def test_buat_bad_input(org, client_as):
    periode = periode_360(org)
    url = reverse("penilaian-api:umpan-balik-360-permintaan-buat")
    client = client_as("bkd")
    assert "pegawai" in client.post(url, {"periode": periode.pk}, content_type="application/json").json()
    assert "periode" in client.post(url, {"pegawai": org.pegawai.pk}, content_type="application/json").json()
    response = client.post(url, {"periode": 999999, "pegawai": org.pegawai.pk}, content_type="application/json")
    assert response.status_code == 400
    assert "periode" in response.json()
    Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.DITUTUP)
    response = client.post(url, {"periode": periode.pk, "pegawai": org.pegawai.pk}, content_type="application/json")
    assert response.status_code == 400
    assert "periode" in response.json()


def test_buat_massal(org, client_as):
    periode = periode_360(org)
    url = reverse("penilaian-api:umpan-balik-360-permintaan-buat")
    body = {"periode": periode.pk, "massal": True, "unit_kerja": org.seksi.pk}
    assert client_as("pegawai").post(url, body, content_type="application/json").status_code == 403
    assert client_as("other_bkd").post(url, body, content_type="application/json").status_code == 400
    bad = client_as("bkd").post(url, {**body, "unit_kerja": 999999}, content_type="application/json")
    assert bad.status_code == 400
    assert "unit_kerja" in bad.json()
    response = client_as("bkd").post(url, body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["jumlah_dinilai"] == 3
    assert response.json()["permintaan_baru"] == PermintaanUmpanBalik360.objects.count()
    response = client_as("bkd").post(url, {"periode": periode.pk, "massal": True}, content_type="application/json")
    assert response.json()["jumlah_dinilai"] == 7


def test_list_query_budget(org, django_assert_max_num_queries):
    periode = periode_360(org)
    pelaksana_tambahan(org, "Bambang Purba", "Cut Nyak")
    permintaan_360_buat_massal(actor=org.bkd, periode=periode)
    client = Client()
    client.force_login(org.atasan.user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("penilaian-api:umpan-balik-360-permintaan-list"))
    assert response.json()["count"] >= 5
