"""API of the evaluation: permission matrix with personas (401 anonymous, 404 not visible, 403
read-only), 400 naming the field, a round trip from realisasi to the decided keberatan."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from penilaian.models import EvaluasiKinerja
from penilaian.services import evaluasi as svc
from tests.conftest import PERSONAS, login_user
from tests.factories.penilaian import indikator_list
from tests.penilaian._evaluasi_helpers import dunia_fixture, exe, pdf  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1/penilaian/"


@pytest.fixture
def api_as(org):  # type: ignore[no-untyped-def]
    def make(persona: str) -> APIClient:
        client = APIClient()
        user = login_user(org, persona)
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def realisasi(org, dunia, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return svc.realisasi_simpan(
        actor=org.pegawai.user, indikator=indikator_list(dunia.skp)[0], periode=dunia.q4, nilai=Decimal(30)
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_read_matrix(org, dunia, realisasi, api_as, persona):
    client = api_as(persona)
    rhk = dunia.skp.rhk.first()
    cases = {
        "realisasi": (
            f"{API}realisasi/",
            {"pegawai": 200, "atasan": 200, "unrelated": 200, "bkd": 404, "other_bkd": 404, "pimpinan": 404},
        ),
        "umpan-balik": (
            f"{API}rhk/{rhk.pk}/umpan-balik/",
            {"pegawai": 200, "atasan": 200, "bkd": 200, "pimpinan": 200, "unrelated": 404, "other_bkd": 404},
        ),
        "evaluasi-list": (f"{API}evaluasi/", dict.fromkeys(PERSONAS, 200)),
        "evaluasi-detail": (
            f"{API}evaluasi/{dunia.ev.pk}/",
            {"pegawai": 200, "atasan": 200, "bkd": 200, "pimpinan": 200, "unrelated": 404, "other_bkd": 404},
        ),
        "hasil": (
            f"{API}pegawai/{org.pegawai.pk}/hasil/",
            {"pegawai": 200, "atasan": 200, "bkd": 200, "pimpinan": 200, "unrelated": 404, "other_bkd": 404},
        ),
    }
    for name, (url, expected) in cases.items():
        status = client.get(url).status_code
        assert status == (401 if persona == "anonymous" else expected[persona]), (name, persona, status)


@pytest.mark.parametrize("persona", PERSONAS)
def test_write_matrix(org, dunia, realisasi, api_as, persona):
    client = api_as(persona)
    rhk = dunia.skp.rhk.first()
    ind = indikator_list(dunia.skp)[0]
    cases = {
        "realisasi": (
            f"{API}realisasi/",
            {"indikator": ind.pk, "periode": dunia.q4.pk, "nilai": "40"},
            {"pegawai": 200, "atasan": 404, "unrelated": 404, "bkd": 404, "other_bkd": 404, "pimpinan": 404},
        ),
        "bukti": (
            f"{API}realisasi/{realisasi.pk}/bukti/",
            {"tautan": "https://x.example.id/1"},
            {"pegawai": 201, "atasan": 404, "unrelated": 404, "bkd": 404, "other_bkd": 404, "pimpinan": 404},
        ),
        "umpan-balik": (
            f"{API}rhk/{rhk.pk}/umpan-balik/",
            {"isi": "Catatan"},
            {"pegawai": 201, "atasan": 201, "bkd": 403, "pimpinan": 403, "unrelated": 404, "other_bkd": 404},
        ),
        "nilai": (
            f"{API}evaluasi/{dunia.ev.pk}/nilai/",
            {"rating_hasil_kerja": "sesuai", "rating_perilaku": "di_atas"},
            {"pegawai": 403, "atasan": 200, "bkd": 403, "pimpinan": 403, "unrelated": 404, "other_bkd": 404},
        ),
    }
    for name, (url, body, expected) in cases.items():
        status = client.post(url, body, format="json").status_code
        assert status == (401 if persona == "anonymous" else expected[persona]), (name, persona, status)


def test_round_trip(org, dunia, realisasi, api_as, django_assert_max_num_queries):
    pegawai, atasan, kabid = api_as("pegawai"), api_as("atasan"), APIClient()
    kabid.force_authenticate(org.kepala_bidang.user)
    ind = indikator_list(dunia.skp)[1]
    r = pegawai.put(f"{API}realisasi/", {"indikator": ind.pk, "periode": dunia.q4.pk, "nilai": "1.5"}, format="json")
    assert r.status_code == 200
    assert r.json()["capaian"] == "150.00"
    r = pegawai.post(f"{API}realisasi/", {"indikator": ind.pk, "periode": dunia.q4.pk, "nilai": "-1"}, format="json")
    assert r.status_code == 400
    assert "nilai" in r.json()
    r = pegawai.post(f"{API}realisasi/", {"indikator": ind.pk, "periode": 999999}, format="json")
    assert r.status_code == 400
    assert "periode" in r.json()
    r = pegawai.post(f"{API}realisasi/{realisasi.pk}/bukti/", {"berkas": exe()}, format="multipart")
    assert r.status_code == 400
    assert "berkas" in r.json()
    r = pegawai.post(f"{API}realisasi/{realisasi.pk}/bukti/", {"berkas": pdf()}, format="multipart")
    assert r.status_code == 201
    assert r.json()["unduh"].endswith("/unduh/")
    r = pegawai.get(f"{API}realisasi/?periode={dunia.q4.pk}")
    assert {x["indikator"] for x in r.json()} == {realisasi.indikator_id, ind.pk}
    assert pegawai.get(f"{API}realisasi/?periode={dunia.tahunan.pk}").status_code == 400
    rhk = dunia.skp.rhk.first()
    assert (
        atasan.post(
            f"{API}rhk/{rhk.pk}/umpan-balik/", {"isi": "Bagus", "periode": dunia.q4.pk}, format="json"
        ).status_code
        == 201
    )
    assert (
        atasan.post(f"{API}rhk/{rhk.pk}/umpan-balik/", {"isi": "x", "periode": 999999}, format="json").status_code
        == 400
    )
    assert [u["isi"] for u in pegawai.get(f"{API}rhk/{rhk.pk}/umpan-balik/").json()] == ["Bagus"]
    r = atasan.post(f"{API}evaluasi/{dunia.ev_tahunan.pk}/nilai/", {"rating_perilaku": "x"}, format="json")
    assert r.status_code == 400
    assert "rating_perilaku" in r.json()
    r = atasan.post(
        f"{API}evaluasi/{dunia.ev_tahunan.pk}/nilai/",
        {"rating_hasil_kerja": "di_bawah", "rating_perilaku": "sesuai"},
        format="json",
    )
    assert r.status_code == 200
    assert r.json()["predikat"] == "butuh_perbaikan"
    with django_assert_max_num_queries(6):
        r = atasan.get(f"{API}evaluasi/", {"periode": dunia.tahunan.pk})
    assert {x["pegawai"] for x in r.json()["results"]} >= {org.pegawai.pk, org.rekan.pk, org.atasan.pk}
    assert api_as("bkd").get(f"{API}evaluasi/", {"pegawai": org.pegawai.pk}).json()["count"] == 5
    assert atasan.get(f"{API}evaluasi/", {"periode": "x"}).status_code == 400
    r = api_as("atasan").post(f"{API}evaluasi/{dunia.ev_tahunan.pk}/keberatan/", {"alasan": "x"}, format="json")
    assert r.status_code == 403
    r = pegawai.post(f"{API}evaluasi/{dunia.ev_tahunan.pk}/keberatan/", {"alasan": ""}, format="json")
    assert r.status_code == 400
    assert "alasan" in r.json()
    r = pegawai.post(f"{API}evaluasi/{dunia.ev_tahunan.pk}/keberatan/", {"alasan": "Keberatan"}, format="json")
    assert r.status_code == 201
    k = r.json()["id"]
    assert (
        atasan.post(f"{API}keberatan/{k}/putus/", {"diterima": False, "tanggapan": "x"}, format="json").status_code
        == 403
    )
    assert (
        api_as("unrelated")
        .post(f"{API}keberatan/{k}/putus/", {"diterima": False, "tanggapan": "x"}, format="json")
        .status_code
        == 404
    )
    r = kabid.post(
        f"{API}keberatan/{k}/putus/", {"diterima": True, "predikat_baru": "baik", "tanggapan": "Ok"}, format="json"
    )
    assert r.status_code == 200
    assert r.json()["status"] == "diterima"
    r = pegawai.get(f"{API}evaluasi/{dunia.ev_tahunan.pk}/")
    assert r.json()["predikat"] == "baik"
    assert r.json()["predikat_matriks"] == "butuh_perbaikan"
    # five rows: the profile check, the rows, their keberatan, fixed overhead; nothing per row
    with django_assert_max_num_queries(6):
        r = api_as("bkd").get(f"{API}pegawai/{org.pegawai.pk}/hasil/")
    assert len(r.json()) == 5
    assert EvaluasiKinerja.objects.filter(pegawai=org.pegawai, status="dinilai").count() == 1
