"""Kompetensi pages: permission matrix over every URL, the forms (service errors back on the form,
nothing half-saved), the imports through the page, the JPM pages, and query budgets on lists."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from penilaian.models import Asesmen, Kompetensi, StandarKompetensi
from tests.conftest import PERSONAS
from tests.factories.pelatihan import asesmen_buat, kompetensi, kompetensi_teknis, standar_set
from tests.penilaian._kompetensi_helpers import csv_bytes, upload

pytestmark = pytest.mark.django_db

ALL = {p: 200 for p in PERSONAS if p != "anonymous"}
READERS = {"bkd": 200, "other_bkd": 200, "pimpinan": 200, "pegawai": 404, "atasan": 404, "unrelated": 404}
BKD_ONLY = {"bkd": 200, "other_bkd": 200, "pimpinan": 404, "pegawai": 404, "atasan": 404, "unrelated": 404}
OWN_READERS = {"bkd": 200, "other_bkd": 404, "pimpinan": 200, "pegawai": 404, "atasan": 404, "unrelated": 404}
OWN_BKD_RW = {"bkd": 200, "other_bkd": 404, "pimpinan": 403, "pegawai": 404, "atasan": 404, "unrelated": 404}
TEKNIS_RW = {"bkd": 200, "other_bkd": 404, "pimpinan": 403, "pegawai": 403, "atasan": 403, "unrelated": 403}
PEGAWAI_READ = {"bkd": 200, "other_bkd": 404, "pimpinan": 200, "pegawai": 200, "atasan": 200, "unrelated": 404}
PEGAWAI_RW = {"bkd": 200, "other_bkd": 404, "pimpinan": 403, "pegawai": 403, "atasan": 403, "unrelated": 404}
SAYA = {"bkd": 404, "other_bkd": 404, "pimpinan": 404, "pegawai": 200, "atasan": 200, "unrelated": 200}


def _urls(org) -> list[tuple[str, dict[str, int]]]:
    t1 = kompetensi_teknis(org.instansi, "T1")
    a = asesmen_buat(org.pegawai, {"M1": 3})
    j = org.jabatan_pelaksana.pk
    return [
        (reverse("penilaian:kompetensi-list"), ALL),
        (reverse("penilaian:kompetensi-create"), BKD_ONLY),
        (reverse("penilaian:kompetensi-update", args=[t1.pk]), TEKNIS_RW),
        (reverse("penilaian:kompetensi-standar-list"), READERS),
        (reverse("penilaian:kompetensi-standar", args=[j]), OWN_READERS),
        (reverse("penilaian:kompetensi-standar-update", args=[j]), OWN_BKD_RW),
        (reverse("penilaian:kompetensi-standar-impor"), BKD_ONLY),
        (reverse("penilaian:kompetensi-asesmen-list"), READERS),
        (reverse("penilaian:kompetensi-asesmen-create"), BKD_ONLY),
        (reverse("penilaian:kompetensi-asesmen-impor"), BKD_ONLY),
        (reverse("penilaian:kompetensi-asesmen-detail", args=[a.pk]), PEGAWAI_READ),
        (reverse("penilaian:kompetensi-asesmen-update", args=[a.pk]), PEGAWAI_RW),
        (reverse("penilaian:kompetensi-saya"), SAYA),
        (reverse("penilaian:kompetensi-pegawai", args=[org.pegawai.pk]), PEGAWAI_READ),
        (reverse("penilaian:kompetensi-jpm"), READERS),
    ]


def test_permission_matrix(org, client_as) -> None:
    assert org.pegawai.atasan_id == org.atasan.pk
    clients = {p: client_as(p) for p in PERSONAS}
    for url, expected in _urls(org):
        for persona, status in expected.items():
            got = clients[persona].get(url).status_code
            assert got == status, (url, persona, got)
        anon = clients["anonymous"].get(url)
        assert anon.status_code == 302, url
        assert reverse("masuk") in anon["Location"] or "login" in anon["Location"] or "masuk" in anon["Location"]


def test_national_kompetensi_read_only(org, client_as) -> None:
    url = reverse("penilaian:kompetensi-update", args=[kompetensi("M1").pk])
    assert client_as("bkd").get(url).status_code == 403
    assert client_as("bkd").post(url, {"kode": "M1", "nama": "X"}).status_code == 403
    other = kompetensi_teknis(org.other_instansi, "T1")
    assert client_as("bkd").get(reverse("penilaian:kompetensi-update", args=[other.pk])).status_code == 404
    assert client_as("bkd").get("/penilaian/kompetensi/99999999999999999999/ubah/").status_code == 404


def _level(n: int) -> dict[str, str]:
    return {f"level_{i}": f"Level {i} teks" for i in range(1, n + 1)}


def test_kompetensi_create_and_update_pages(org, client_as) -> None:
    c = client_as("bkd")
    r = c.post(reverse("penilaian:kompetensi-create"), {"kode": "M1", "nama": "Dup", **_level(5)})
    assert r.status_code == 200
    assert "sudah dipakai" in r.content.decode()
    r = c.post(reverse("penilaian:kompetensi-create"), {"kode": "T5", "nama": "Pengadaan", **_level(4)})
    assert r.status_code == 200  # level 5 missing: field error, nothing saved
    assert not Kompetensi.objects.filter(kode="T5").exists()
    r = c.post(reverse("penilaian:kompetensi-create"), {"kode": "T5", "nama": "Pengadaan", **_level(5)})
    assert r.status_code == 302
    obj = Kompetensi.objects.get(instansi=org.instansi, kode="T5")
    assert obj.deskripsi_level[4] == "Level 5 teks"
    url = reverse("penilaian:kompetensi-update", args=[obj.pk])
    assert "Pengadaan" in c.get(url).content.decode()
    r = c.post(url, {"kode": "T5", "nama": "Pengadaan Barang", **_level(5)})  # is_active unticked
    assert r.status_code == 302
    obj.refresh_from_db()
    assert (obj.nama, obj.is_active) == ("Pengadaan Barang", False)
    r = c.post(url, {"kode": "SK1", "nama": "X", **_level(5)})
    assert "sudah dipakai" in r.content.decode()
    page = client_as("pegawai").get(reverse("penilaian:kompetensi-list")).content.decode()
    assert "Pengadaan Barang" in page
    assert "Integritas" in page


def test_standar_form_page(org, client_as) -> None:
    c = client_as("bkd")
    m1, m2 = kompetensi("M1"), kompetensi("M2")
    standar_set(org.jabatan_pelaksana, {"M2": 2})
    url = reverse("penilaian:kompetensi-standar-update", args=[org.jabatan_pelaksana.pk])
    r = c.post(url, {f"kompetensi_{m1.pk}": "7"})
    assert r.status_code == 200  # not a choice: field error
    assert StandarKompetensi.objects.filter(jabatan=org.jabatan_pelaksana).count() == 1
    r = c.post(url, {f"kompetensi_{m1.pk}": "3", f"kompetensi_{m2.pk}": ""})
    assert r.status_code == 302
    assert dict(
        StandarKompetensi.objects.filter(jabatan=org.jabatan_pelaksana).values_list("kompetensi__kode", "level")
    ) == {"M1": 3}
    detail = c.get(reverse("penilaian:kompetensi-standar", args=[org.jabatan_pelaksana.pk])).content.decode()
    assert "Integritas" in detail


def test_imports_through_the_pages(org, client_as) -> None:
    c = client_as("bkd")
    rows = [["jabatan_id", "M1"], [org.jabatan_pelaksana.pk, "9"]]
    r = c.post(reverse("penilaian:kompetensi-standar-impor"), {"berkas": upload(csv_bytes(rows), "s.csv")})
    assert r.status_code == 200
    assert "Baris 2, kolom M1" in r.content.decode()
    r = c.post(reverse("penilaian:kompetensi-standar-impor"), {"berkas": upload(b"x", "s.txt")})
    assert ".csv atau .xlsx" in r.content.decode()
    rows[1][1] = "4"
    r = c.post(reverse("penilaian:kompetensi-standar-impor"), {"berkas": upload(csv_bytes(rows), "s.csv")})
    assert r.status_code == 302
    assert StandarKompetensi.objects.get(jabatan=org.jabatan_pelaksana).level == 4
    arows = [["nip", "tanggal", "metode", "M1"], [org.pegawai.nip, "2025-01-02", "cact", "2"]]
    r = c.post(reverse("penilaian:kompetensi-asesmen-impor"), {"berkas": upload(csv_bytes(arows), "a.csv")})
    assert r.status_code == 302
    assert Asesmen.objects.filter(pegawai=org.pegawai, tanggal=datetime.date(2025, 1, 2)).exists()


def test_asesmen_form_pages(org, client_as) -> None:
    c = client_as("bkd")
    m1 = kompetensi("M1")
    data = {"pegawai": org.pegawai.pk, "tanggal": "2025-02-01", "metode": "cact", f"kompetensi_{m1.pk}": "3"}
    r = c.post(reverse("penilaian:kompetensi-asesmen-create"), {**data, "skor_potensi": "101"})
    assert r.status_code == 200
    assert not Asesmen.objects.exists()
    r = c.post(reverse("penilaian:kompetensi-asesmen-create"), {**data, "pegawai": org.other_pegawai.pk})
    assert r.status_code == 200
    assert not Asesmen.objects.exists()
    r = c.post(reverse("penilaian:kompetensi-asesmen-create"), data)
    assert r.status_code == 302
    a = Asesmen.objects.get()
    r = c.post(reverse("penilaian:kompetensi-asesmen-create"), data)
    assert "tanggal dan metode yang sama" in r.content.decode()
    url = reverse("penilaian:kompetensi-asesmen-update", args=[a.pk])
    r = c.post(url, {"tanggal": "2025-02-03", "metode": "cact", f"kompetensi_{m1.pk}": "4"})
    assert r.status_code == 302
    assert a.hasil.get().level == 4
    other = asesmen_buat(org.pegawai, {}, tanggal=datetime.date(2025, 5, 5), metode="cact")
    r = c.post(
        reverse("penilaian:kompetensi-asesmen-update", args=[other.pk]), {"tanggal": "2025-02-03", "metode": "cact"}
    )
    assert "tanggal dan metode yang sama" in r.content.decode()
    detail = client_as("atasan").get(reverse("penilaian:kompetensi-asesmen-detail", args=[a.pk])).content.decode()
    assert "Integritas" in detail


def test_kompetensi_saya_golden_and_target(org, client_as) -> None:
    standar_set(org.jabatan_pelaksana, {"M1": 3, "M2": 3, "M3": 2, "M4": 4})
    standar_set(org.jabatan_kasi, {"M1": 3, "M2": 2})
    asesmen_buat(org.pegawai, {"M1": 3, "M2": 2, "M3": 3})
    c = client_as("pegawai")
    page = c.get(reverse("penilaian:kompetensi-saya")).content.decode()
    assert "58,33%" in page
    assert "Kurang Optimal" in page
    page = c.get(reverse("penilaian:kompetensi-saya"), {"jabatan": org.jabatan_kasi.pk}).content.decode()
    assert "100,00%" in page
    assert "Memenuhi Syarat" in page
    # a jabatan of another instansi is not a choice: no comparison, no error page
    page = c.get(reverse("penilaian:kompetensi-saya"), {"jabatan": org.other_pegawai.jabatan_id})
    assert page.status_code == 200
    assert "100,00%" not in page.content.decode()
    page = client_as("atasan").get(reverse("penilaian:kompetensi-pegawai", args=[org.pegawai.pk])).content.decode()
    assert "58,33%" in page


def test_lists_query_budget(org, client_as, django_assert_max_num_queries) -> None:
    standar_set(org.jabatan_pelaksana, {"M1": 3, "M2": 3})
    standar_set(org.jabatan_kasi, {"M1": 3})
    for i, p in enumerate((org.pegawai, org.rekan, org.atasan, org.unrelated)):
        asesmen_buat(p, {"M1": 2 + i % 2, "M2": 3}, tanggal=datetime.date(2025, 1, 1 + i))
    kompetensi_teknis(org.instansi, "T1")
    kompetensi_teknis(org.instansi, "T2")
    c = client_as("bkd")
    for name in (
        "penilaian:kompetensi-list",
        "penilaian:kompetensi-standar-list",
        "penilaian:kompetensi-asesmen-list",
        "penilaian:kompetensi-jpm",
    ):
        with django_assert_max_num_queries(14):
            r = c.get(reverse(name))
        assert r.status_code == 200
    r = c.get(reverse("penilaian:kompetensi-jpm"), {"kategori": "cukup_optimal"})
    assert org.pegawai.nama in r.content.decode()
    assert org.rekan.nama not in r.content.decode()  # 100 %: Optimal
    r = c.get(
        reverse("penilaian:kompetensi-asesmen-list"),
        {"metode": "assessment_center", "tahun": 2025},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    assert "<html" not in r.content.decode()
    assert org.rekan.nama in r.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_comparison_type_ahead_offers_own_instansi_jabatan_with_a_standard(org, client_as, persona) -> None:
    standar_set(org.jabatan_kasi, {"M1": 3})
    standar_set(org.jabatan_kabid, {"M1": 4})
    r = client_as(persona).get(reverse("penilaian:pilihan-jabatan-sasaran"), {"q": "Kepala"})
    if persona == "anonymous":
        assert r.status_code == 302
        return
    assert r.status_code == 200
    ids = {x["value"] for x in r.json()["results"]}
    if persona == "other_bkd":
        assert ids == set()  # the other instansi's jabatan have no standard
    else:
        assert ids == {org.jabatan_kasi.pk, org.jabatan_kabid.pk}  # not the Kepala Dinas: no standard


def test_comparison_field_is_a_type_ahead(org, client_as) -> None:
    standar_set(org.jabatan_kasi, {"M1": 3})
    page = client_as("pegawai").get(reverse("penilaian:kompetensi-saya")).content.decode()
    assert 'data-pilihan-url="/penilaian/kompetensi/pilihan-jabatan/"' in page
    assert f'<option value="{org.jabatan_kabid.pk}"' not in page
