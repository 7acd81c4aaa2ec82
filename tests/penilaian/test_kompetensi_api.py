"""Kompetensi API: permission matrix (404 hidden, 403 read-only, 401 anonymous), bad input as 400
naming the field, golden JPM, and query budgets on the lists."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from penilaian.models import Asesmen, Kompetensi, StandarKompetensi
from tests.conftest import PERSONAS
from tests.factories.pelatihan import asesmen_buat, kompetensi, kompetensi_teknis, standar_set

pytestmark = pytest.mark.django_db

LEVEL = ["a", "b", "c", "d", "e"]


def _get_matrix(org) -> list[tuple[str, dict[str, int]]]:
    a = asesmen_buat(org.pegawai, {"M1": 3})
    t1 = kompetensi_teknis(org.instansi, "T1")
    pegawai_read = {"bkd": 200, "other_bkd": 404, "pimpinan": 200, "pegawai": 200, "atasan": 200, "unrelated": 404}
    return [
        (reverse("penilaian-api:kompetensi-list"), {p: 200 for p in PERSONAS if p != "anonymous"}),
        (reverse("penilaian-api:kompetensi-detail", args=[t1.pk]), {**dict.fromkeys(PERSONAS, 200), "other_bkd": 404}),
        (
            reverse("penilaian-api:kompetensi-standar", args=[org.jabatan_pelaksana.pk]),
            {"bkd": 200, "other_bkd": 404, "pimpinan": 200, "pegawai": 404, "atasan": 404, "unrelated": 404},
        ),
        (reverse("penilaian-api:kompetensi-asesmen-list"), {p: 200 for p in PERSONAS if p != "anonymous"}),
        (reverse("penilaian-api:kompetensi-asesmen-detail", args=[a.pk]), pegawai_read),
        (reverse("penilaian-api:kompetensi-jpm-pegawai", args=[org.pegawai.pk]), pegawai_read),
    ]


def test_read_matrix(org, client_as) -> None:
    clients = {p: client_as(p) for p in PERSONAS}
    for url, expected in _get_matrix(org):
        for persona, status in expected.items():
            if persona == "anonymous":
                continue
            got = clients[persona].get(url).status_code
            assert got == status, (url, persona, got)
        assert clients["anonymous"].get(url).status_code == 401, url


def test_asesmen_list_is_scoped(org, client_as) -> None:
    for p in (org.pegawai, org.rekan, org.unrelated):
        asesmen_buat(p, {"M1": 2})
    url = reverse("penilaian-api:kompetensi-asesmen-list")
    ids = lambda persona: {r["pegawai"]["id"] for r in client_as(persona).get(url).json()["results"]}  # noqa: E731
    assert ids("pegawai") == {org.pegawai.pk}
    assert ids("atasan") == {org.pegawai.pk, org.rekan.pk}
    assert ids("bkd") == {org.pegawai.pk, org.rekan.pk, org.unrelated.pk}
    assert ids("other_bkd") == set()
    assert client_as("bkd").get(url, {"tahun": "x"}).status_code == 400


def test_write_matrix(org, client_as) -> None:
    t1 = kompetensi_teknis(org.instansi, "T1")
    body = {"kode": "T1", "nama": "Arsip", "deskripsi_level": LEVEL}
    upd = reverse("penilaian-api:kompetensi-detail", args=[t1.pk])
    expected = {"bkd": 200, "other_bkd": 404, "pimpinan": 403, "pegawai": 403, "atasan": 403, "unrelated": 403}
    for persona, status in expected.items():
        assert client_as(persona).put(upd, body, content_type="application/json").status_code == status, persona
    assert client_as("anonymous").put(upd, body, content_type="application/json").status_code == 401
    national = reverse("penilaian-api:kompetensi-detail", args=[kompetensi("M1").pk])
    assert client_as("bkd").put(national, body, content_type="application/json").status_code == 403
    create = reverse("penilaian-api:kompetensi-list")
    for persona in ("pimpinan", "pegawai", "atasan", "unrelated"):
        assert client_as(persona).post(create, body, content_type="application/json").status_code == 404
    std = reverse("penilaian-api:kompetensi-standar", args=[org.jabatan_pelaksana.pk])
    sbody = {"standar": [{"kompetensi_id": kompetensi("M1").pk, "level": 3}]}
    for persona, status in {"bkd": 200, "other_bkd": 404, "pimpinan": 403, "pegawai": 404}.items():
        assert client_as(persona).put(std, sbody, content_type="application/json").status_code == status, persona
    abody = {"pegawai_id": org.pegawai.pk, "tanggal": "2025-01-01", "metode": "cact", "hasil": []}
    for persona, status in {"pimpinan": 404, "pegawai": 404, "other_bkd": 400}.items():
        url = reverse("penilaian-api:kompetensi-asesmen-list")
        assert client_as(persona).post(url, abody, content_type="application/json").status_code == status, persona


def test_kompetensi_create_and_bad_input(org, client_as) -> None:
    c = client_as("bkd")
    url = reverse("penilaian-api:kompetensi-list")
    r = c.post(url, {"kode": "T7", "nama": "Arsip", "deskripsi_level": LEVEL[:4]}, content_type="application/json")
    assert r.status_code == 400
    assert "deskripsi_level" in r.json()
    r = c.post(url, {"kode": "M2", "nama": "Arsip", "deskripsi_level": LEVEL}, content_type="application/json")
    assert r.status_code == 400
    assert "kode" in r.json()
    r = c.post(url, {"kode": "T7", "nama": "Arsip", "deskripsi_level": LEVEL}, content_type="application/json")
    assert r.status_code == 201
    assert r.json()["nasional"] is False
    assert Kompetensi.objects.filter(instansi=org.instansi, kode="T7").exists()


def test_standar_put_and_bad_input(org, client_as) -> None:
    c = client_as("bkd")
    m1, m2 = kompetensi("M1"), kompetensi("M2")
    url = reverse("penilaian-api:kompetensi-standar", args=[org.jabatan_pelaksana.pk])
    put = lambda body: c.put(url, body, content_type="application/json")  # noqa: E731
    r = put({"standar": [{"kompetensi_id": m1.pk, "level": 6}]})
    assert r.status_code == 400
    assert "standar" in r.json()
    r = put({"standar": [{"kompetensi_id": m1.pk, "level": 3}, {"kompetensi_id": m1.pk, "level": 2}]})
    assert r.status_code == 400
    other = kompetensi_teknis(org.other_instansi, "T1")
    r = put({"standar": [{"kompetensi_id": other.pk, "level": 3}]})
    assert r.status_code == 400
    assert f"kompetensi_{other.pk}" in r.json()
    assert not StandarKompetensi.objects.exists()
    r = put({"standar": [{"kompetensi_id": m1.pk, "level": 3}, {"kompetensi_id": m2.pk, "level": 2}]})
    assert r.status_code == 200
    assert [(s["kode"], s["level"]) for s in r.json()["standar"]] == [("M1", 3), ("M2", 2)]
    r = put({"standar": [{"kompetensi_id": m2.pk, "level": None}]})
    assert [s["kode"] for s in r.json()["standar"]] == ["M1"]


def test_asesmen_create_and_bad_input(org, client_as) -> None:
    c = client_as("bkd")
    url = reverse("penilaian-api:kompetensi-asesmen-list")
    m1 = kompetensi("M1")
    body = {
        "pegawai_id": org.pegawai.pk,
        "tanggal": "2025-01-01",
        "metode": "cact",
        "skor_potensi": "88.50",
        "hasil": [{"kompetensi_id": m1.pk, "level": 4}],
    }
    post = lambda b: c.post(url, b, content_type="application/json")  # noqa: E731
    for bad, field in (
        ({"pegawai_id": org.other_pegawai.pk}, "pegawai_id"),
        ({"metode": "lisan"}, "metode"),
        ({"skor_potensi": "101"}, "skor_potensi"),
        ({"tanggal": "kemarin"}, "tanggal"),
        ({"hasil": [{"kompetensi_id": m1.pk, "level": 0}]}, "hasil"),
        ({"hasil": [{"kompetensi_id": 10**12, "level": 2}]}, f"kompetensi_{10**12}"),
    ):
        r = post({**body, **bad})
        assert r.status_code == 400, bad
        assert field in r.json(), (bad, r.json())
    assert not Asesmen.objects.exists()
    r = post(body)
    assert r.status_code == 201
    assert r.json()["hasil"] == [{"kompetensi_id": m1.pk, "kode": "M1", "level": 4}]
    r = post(body)
    assert r.status_code == 400
    assert "tanggal" in r.json()


def test_jpm_api_golden(org, client_as) -> None:
    standar_set(org.jabatan_pelaksana, {"M1": 3, "M2": 3, "M3": 2, "M4": 4})
    standar_set(org.jabatan_kasi, {"M1": 3, "M2": 2})
    asesmen_buat(org.pegawai, {"M1": 3, "M2": 2, "M3": 3})
    url = reverse("penilaian-api:kompetensi-jpm-pegawai", args=[org.pegawai.pk])
    c = client_as("pegawai")
    r = c.get(url).json()
    assert (r["persen"], r["kategori"], r["jumlah_dicapai"], r["jumlah_dibutuhkan"]) == (
        "58.33",
        "kurang_optimal",
        7,
        12,
    )
    assert [(k["kode"], k["gap"]) for k in r["kesenjangan"]] == [("M1", 0), ("M2", 1), ("M3", 0), ("M4", 4)]
    r = c.get(url, {"jabatan": org.jabatan_kasi.pk}).json()
    assert (r["persen"], r["kategori"], r["jabatan_sekarang"]) == ("100.00", "memenuhi_syarat", False)
    assert c.get(url, {"jabatan": "abc"}).status_code == 400
    assert c.get(url, {"jabatan": org.other_pegawai.jabatan_id}).status_code == 400
    r = c.get(url, {"jabatan": org.jabatan_kadis.pk}).json()
    assert (r["persen"], r["kategori"]) == (None, None)


def test_api_lists_query_budget(org, client_as, django_assert_max_num_queries) -> None:
    for i, p in enumerate((org.pegawai, org.rekan, org.atasan, org.unrelated)):
        asesmen_buat(p, {"M1": 2, "M2": 3}, tanggal=datetime.date(2025, 1, 1 + i))
    kompetensi_teknis(org.instansi, "T1")
    c = client_as("bkd")
    for name in ("penilaian-api:kompetensi-list", "penilaian-api:kompetensi-asesmen-list"):
        with django_assert_max_num_queries(6):
            r = c.get(reverse(name))
        assert r.status_code == 200
    assert r.json()["count"] == 4
