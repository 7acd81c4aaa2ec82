"""Mentoring API: the same permissions as the pages, bad input as 400s naming the field, and a
query budget for the list."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from rest_framework.test import APIClient

from pegawai.models import Pegawai
from pelatihan.models import PasanganMentoring, PenjodohanMentoring, SesiMentoring
from tests.conftest import PERSONAS, Organisasi, login_user
from tests.factories.pegawai import JabatanFactory, PegawaiFactory, golongan
from tests.pelatihan._mentoring_helpers import TAHUN, login, pasangan_buat_langsung, skenario


def _api(org: Organisasi, persona: str) -> APIClient:
    client = APIClient()
    user = login_user(org, persona)
    if user is not None:
        client.force_authenticate(user)
    return client


def _url(nama: str, **kwargs: Any) -> str:
    return reverse(f"pelatihan-api:{nama}", kwargs=kwargs or None)


def test_read_matrix(org: Organisasi) -> None:
    pasangan = pasangan_buat_langsung(org)
    SesiMentoring.objects.create(
        pasangan=pasangan, tanggal=datetime.date(TAHUN, 2, 1), durasi_menit=90, jp=2, topik="a"
    )
    detail = {
        p: _api(org, p).get(_url("mentoring-pasangan-detail", pasangan_id=pasangan.pk)).status_code for p in PERSONAS
    }
    assert detail == {
        "pegawai": 200,
        "atasan": 200,
        "bkd": 200,
        "unrelated": 404,
        "other_bkd": 404,
        "pimpinan": 200,
        "anonymous": 401,
    }
    sesi = {p: _api(org, p).get(_url("mentoring-sesi", pasangan_id=pasangan.pk)).status_code for p in PERSONAS}
    assert sesi == detail
    daftar = {}
    for p in PERSONAS:
        response = _api(org, p).get(_url("mentoring-pasangan-list"))
        daftar[p] = response.json()["count"] if response.status_code == 200 else response.status_code
    assert daftar == {
        "pegawai": 1,
        "atasan": 1,
        "bkd": 1,
        "unrelated": 0,
        "other_bkd": 0,
        "pimpinan": 1,
        "anonymous": 401,
    }
    body = _api(org, "pegawai").get(_url("mentoring-sesi", pasangan_id=pasangan.pk)).json()
    assert body["results"][0]["jp"] == "2.00"


AKSI = {
    "mentoring-pasangan-konfirmasi": ({"pegawai": 403, "atasan": 403, "bkd": 200, "pimpinan": 403}, {}),
    "mentoring-pasangan-tolak": ({"pegawai": 403, "atasan": 403, "bkd": 200, "pimpinan": 403}, {}),
    "mentoring-pasangan-rencana": (
        {"pegawai": 403, "atasan": 403, "bkd": 200, "pimpinan": 403},
        {"tujuan": "Menguasai SKP"},
    ),
    "mentoring-sesi": (
        {"pegawai": 403, "atasan": 403, "bkd": 201, "pimpinan": 403},
        {"tanggal": f"{TAHUN}-03-10", "durasi_menit": 90, "topik": "SKP"},
    ),
    "mentoring-pasangan-umpan-balik": ({"pegawai": 200, "atasan": 403, "bkd": 403, "pimpinan": 403}, {"nilai": 4}),
    "mentoring-pasangan-selesai": ({"pegawai": 403, "atasan": 403, "bkd": 200, "pimpinan": 403}, {"hasil": "Tuntas"}),
}


def test_write_matrix(org: Organisasi) -> None:
    for nama, (harapan, data) in AKSI.items():
        status = PasanganMentoring.Status.USULAN if nama.endswith(("konfirmasi", "tolak")) else "aktif"
        hasil = {}
        for persona in PERSONAS:
            PasanganMentoring.objects.all().delete()
            pasangan = pasangan_buat_langsung(org, status=status)
            response = _api(org, persona).post(_url(nama, pasangan_id=pasangan.pk), data, format="json")
            hasil[persona] = response.status_code
        expected = {p: harapan.get(p, 401 if p == "anonymous" else 404) for p in PERSONAS}
        assert hasil == expected, nama


def test_run_matrix_and_result(org: Organisasi) -> None:
    skenario(org)
    hasil = {p: _api(org, p).post(_url("mentoring-penjodohan"), {"tahun": TAHUN}).status_code for p in PERSONAS}
    assert hasil == {
        "pegawai": 404,
        "atasan": 404,
        "bkd": 201,
        "unrelated": 404,
        "other_bkd": 201,
        "pimpinan": 403,
        "anonymous": 401,
    }
    run = PenjodohanMentoring.objects.get(instansi=org.instansi)
    lihat = {
        p: _api(org, p).get(_url("mentoring-penjodohan-detail", penjodohan_id=run.pk)).status_code for p in PERSONAS
    }
    assert lihat == {
        "pegawai": 404,
        "atasan": 404,
        "bkd": 200,
        "unrelated": 404,
        "other_bkd": 404,
        "pimpinan": 200,
        "anonymous": 401,
    }
    body = _api(org, "bkd").get(_url("mentoring-penjodohan-detail", penjodohan_id=run.pk)).json()
    assert body["status"] == "selesai"
    assert body["hasil"]["pasangan"] == 3
    daftar = _api(org, "bkd").get(_url("mentoring-pasangan-list"), {"tahun": str(TAHUN), "status": "usulan"}).json()
    assert {r["mentee"]["id"] for r in daftar["results"]} == {org.pegawai.pk, org.rekan.pk, org.unrelated.pk}
    # by unit kerja (the mentee's or the mentor's) and by name
    puskesmas = _api(org, "bkd").get(_url("mentoring-pasangan-list"), {"unit_kerja_id": str(org.puskesmas.pk)}).json()
    assert [r["mentee"]["id"] for r in puskesmas["results"]] == [org.unrelated.pk]
    cari = _api(org, "bkd").get(_url("mentoring-pasangan-list"), {"q": org.rekan.nip}).json()
    assert [r["mentee"]["id"] for r in cari["results"]] == [org.rekan.pk]


def test_bad_input_is_400_naming_the_field(org: Organisasi) -> None:
    pasangan = pasangan_buat_langsung(org)
    bkd = _api(org, "bkd")
    response = bkd.post(
        _url("mentoring-sesi", pasangan_id=pasangan.pk), {"durasi_menit": 0, "topik": ""}, format="json"
    )
    assert response.status_code == 400
    assert {"tanggal", "durasi_menit", "topik"} <= set(response.json())
    response = bkd.post(
        _url("mentoring-sesi", pasangan_id=pasangan.pk),
        {"tanggal": f"{TAHUN - 1}-01-05", "durasi_menit": 30, "topik": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert "tanggal" in response.json()
    response = bkd.post(_url("mentoring-pasangan-konfirmasi", pasangan_id=pasangan.pk), format="json")
    assert response.status_code == 400
    assert "status" in response.json()
    assert bkd.post(_url("mentoring-penjodohan"), {"tahun": "x"}).status_code == 400
    assert bkd.get(_url("mentoring-pasangan-list"), {"status": "x"}).status_code == 400
    mentee = _api(org, "pegawai")
    response = mentee.post(_url("mentoring-pasangan-umpan-balik", pasangan_id=pasangan.pk), {"nilai": 9}, format="json")
    assert response.status_code == 400
    assert "nilai" in response.json()
    assert bkd.get(_url("mentoring-pasangan-detail", pasangan_id=2**63)).status_code == 404
    assert bkd.get(_url("mentoring-penjodohan-detail", penjodohan_id=999_999)).status_code == 404
    assert SesiMentoring.objects.count() == 0


def test_list_query_budget(org: Organisasi, django_assert_max_num_queries) -> None:
    jabatan = JabatanFactory(
        unit_kerja=org.seksi, nama="Analis", jenis="pelaksana", atasan=org.jabatan_kasi, kebutuhan=9
    )
    for i in range(4):
        PegawaiFactory(jabatan=jabatan, golongan=golongan("II/a"), nama=f"Mentee {i}")
        pasangan_buat_langsung(org, mentee=Pegawai.objects.get(nama=f"Mentee {i}"))
    client = APIClient()
    client.force_authenticate(login(org.atasan))
    with django_assert_max_num_queries(8):
        response = client.get(_url("mentoring-pasangan-list"))
    assert response.json()["count"] == 4
