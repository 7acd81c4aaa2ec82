"""Recommendations API: permission matrix, the list with filters and a query budget, the detail
with rule and components, each step with its bad input (400 naming the field), a status conflict
(409 with who acted first), the pimpinan's 403 on applying, and the yearly run (202 after commit)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from karier.models import JenisPenghargaan, JenisRekomendasi, Rekomendasi, RiwayatPenghargaan
from karier.services.rekomendasi import rekomendasi_putuskan
from pegawai.models import RiwayatPangkat
from tests.conftest import PERSONAS, login_user
from tests.factories.karier import penempatan_buat, rekomendasi_buat
from tests.factories.pegawai import PegawaiFactory, golongan

pytestmark = pytest.mark.django_db

S = Rekomendasi.Status
J = "application/json"


def _table(default: int, **kw: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, default) | {"anonymous": 401} | kw


LIST = _table(404, bkd=200, pimpinan=200, other_bkd=200)
DETAIL = _table(404, bkd=200, pimpinan=200)
PUTUSKAN = _table(404, bkd=400, pimpinan=400)
TERAPKAN = _table(404, bkd=409, pimpinan=403)
JALANKAN = _table(404, bkd=400, other_bkd=400, pimpinan=403)
TINJAU = _table(404, bkd=200, pimpinan=200)


def api(org, persona: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    user = login_user(org, persona)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def rek(org) -> Rekomendasi:
    return rekomendasi_buat(
        org.pegawai,
        golongan_baru=golongan("II/d"),
        tmt=datetime.date(2026, 4, 1),
        dasar=[{"kode": "masa", "label": "Masa kerja golongan", "nilai": 4, "teks": "4 tahun 0 bulan"}],
    )


@pytest.fixture
def tugas(monkeypatch) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr("karier.apis.rekomendasi.karier_tahunan_task.delay", lambda *a, **kw: calls.append((*a, kw)))
    return calls


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, rek, tugas, persona):
    c = api(org, persona)
    assert c.get(reverse("karier-api:rekomendasi-list")).status_code == LIST[persona]
    assert c.get(reverse("karier-api:rekomendasi-detail", args=[rek.pk])).status_code == DETAIL[persona]
    url = reverse("karier-api:rekomendasi-putuskan", args=[rek.pk])
    assert c.post(url, {}, content_type=J).status_code == PUTUSKAN[persona]
    url = reverse("karier-api:rekomendasi-terapkan", args=[rek.pk])
    assert c.post(url, {}, content_type=J).status_code == TERAPKAN[persona]
    assert c.post(reverse("karier-api:rekomendasi-jalankan"), {}, content_type=J).status_code == JALANKAN[persona]
    assert c.post(reverse("karier-api:rekomendasi-tinjau", args=[rek.pk])).status_code == TINJAU[persona]
    rek.refresh_from_db()
    assert rek.status == (S.DITINJAU if persona in ("bkd", "pimpinan") else S.DIUSULKAN)
    assert tugas == []
    if persona != "anonymous":
        assert c.get(reverse("karier-api:rekomendasi-tinjau", args=[rek.pk])).status_code == 405
        assert c.get("/api/v1/karier/rekomendasi/99999999999999999999/").status_code == 404


def test_list_filters_and_query_budget(org, rek, django_assert_max_num_queries):
    for i in range(3):
        p = PegawaiFactory(jabatan=org.jabatan_perawat, nama=f"Perawat {i}")
        r = rekomendasi_buat(p, JenisRekomendasi.ROTASI, jabatan_tujuan=org.jabatan_pelaksana, peringkat=i + 1)
        rekomendasi_putuskan(actor=org.bkd, rekomendasi=r, setuju=True)
        penempatan_buat(p, 2026, 7)
    c = api(org, "bkd")
    with django_assert_max_num_queries(8):
        r = c.get(reverse("karier-api:rekomendasi-list"))
    body = r.json()
    assert body["count"] == 4
    rot = [x for x in body["results"] if x["jenis"] == "rotasi"]
    assert [x["pegawai"]["nama_lengkap"] for x in rot] == ["Perawat 0", "Perawat 1", "Perawat 2"]
    assert rot[0]["diputuskan_oleh"] == "bkd.sibolga"
    assert rot[0]["kotak"] == 7
    assert rot[0]["jabatan_tujuan_nama"] == "Pengadministrasi Umum"
    kp = next(x for x in body["results"] if x["jenis"] == "kp")
    assert (kp["golongan_sekarang"], kp["golongan_baru"], kp["tmt"]) == ("II/c", "II/d", "2026-04-01")
    assert kp["ditinjau_oleh"] is None
    r = c.get(reverse("karier-api:rekomendasi-list"), {"jenis": "rotasi", "status": "disetujui", "tahun": 2026})
    assert r.json()["count"] == 3
    r = c.get(reverse("karier-api:rekomendasi-list"), {"unit_kerja": org.seksi.pk, "kotak": 7})
    assert r.json()["count"] == 0
    r = c.get(reverse("karier-api:rekomendasi-list"), {"q": "Siti"})
    assert [x["id"] for x in r.json()["results"]] == [rek.pk]
    for bad in ({"jenis": "naik"}, {"kotak": 10}, {"tahun": "x"}, {"unit_kerja": org.other_instansi.pk * 1000}):
        r = c.get(reverse("karier-api:rekomendasi-list"), bad)
        assert r.status_code == 400
        assert set(r.json()) == set(bad)
    r = c.get(reverse("karier-api:rekomendasi-list"), {"page": 9})
    assert r.status_code == 400
    assert "page" in r.json()
    assert api(org, "other_bkd").get(reverse("karier-api:rekomendasi-list")).json()["count"] == 0


def test_detail_has_the_rule_and_its_components(org, rek):
    body = api(org, "pimpinan").get(reverse("karier-api:rekomendasi-detail", args=[rek.pk])).json()
    assert body["aturan"].startswith("KP reguler (PP 99/2000)")
    assert body["dasar"] == [{"kode": "masa", "label": "Masa kerja golongan", "nilai": 4, "teks": "4 tahun 0 bulan"}]
    assert body["pegawai"]["nip"] == org.pegawai.nip
    assert body["status"] == "diusulkan"


def test_decide_bad_input_conflict_and_apply(org, rek):
    bkd, pimpinan = api(org, "bkd"), api(org, "pimpinan")
    url = reverse("karier-api:rekomendasi-putuskan", args=[rek.pk])
    r = bkd.post(url, {"setuju": "mungkin"}, content_type=J)
    assert r.status_code == 400
    assert "setuju" in r.json()
    r = bkd.post(url, {"setuju": False, "alasan": " "}, content_type=J)
    assert r.status_code == 400
    assert r.json() == {"alasan": ["Alasan penolakan wajib diisi."]}
    rek.refresh_from_db()
    assert rek.status == S.DIUSULKAN
    r = pimpinan.post(url, {"setuju": True}, content_type=J)
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["diputuskan_oleh"]) == ("disetujui", "sekda.sibolga")
    r = bkd.post(url, {"setuju": False, "alasan": "Tidak"}, content_type=J)
    assert r.status_code == 409
    assert "Rekomendasi ini sudah disetujui oleh sekda.sibolga pada" in r.json()["status"][0]

    terapkan = reverse("karier-api:rekomendasi-terapkan", args=[rek.pk])
    assert pimpinan.post(terapkan, {"tmt": "2026-04-01"}, content_type=J).status_code == 403
    r = bkd.post(terapkan, {"tmt": "01/04/2026"}, content_type=J)
    assert r.status_code == 400
    assert "tmt" in r.json()
    r = bkd.post(terapkan, {"tmt": "1990-01-01"}, content_type=J)
    assert r.status_code == 400
    assert "TMT kenaikan pangkat harus sesudah" in r.json()["tmt"][0]
    r = bkd.post(terapkan, {"nomor_sk": "x" * 101}, content_type=J)
    assert r.status_code == 400
    assert "nomor_sk" in r.json()
    assert not RiwayatPangkat.objects.filter(pegawai=org.pegawai, golongan=golongan("II/d")).exists()
    r = bkd.post(terapkan, {"nomor_sk": "800/1"}, content_type=J)  # the TMT defaults to the proposal's
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["tmt_penerapan"], r.json()["nomor_sk"]) == (
        "diterapkan",
        "2026-04-01",
        "800/1",
    )
    r = bkd.post(terapkan, {}, content_type=J)
    assert r.status_code == 409
    assert "sudah diterapkan oleh Petugas BKD" in r.json()["status"][0]
    r = bkd.post(reverse("karier-api:rekomendasi-tinjau", args=[rek.pk]))
    assert r.status_code == 409


def test_a_second_satyalancana_is_a_400_naming_penghargaan(org):
    p = org.kepala_dinas
    RiwayatPenghargaan.objects.create(
        pegawai=p, jenis="satyalancana_10", tahun=2020, tanggal=datetime.date(2020, 8, 17)
    )
    rek = rekomendasi_buat(
        p, JenisRekomendasi.PENGHARGAAN, status=S.DISETUJUI, penghargaan=JenisPenghargaan.SATYALANCANA_10
    )
    r = api(org, "bkd").post(
        reverse("karier-api:rekomendasi-terapkan", args=[rek.pk]), {"tmt": "2026-08-17"}, content_type=J
    )
    assert r.status_code == 400
    assert "penghargaan" in r.json()


def test_yearly_run_is_accepted_and_dispatched_after_commit(org, tugas, django_capture_on_commit_callbacks):
    c = api(org, "bkd")
    r = c.post(reverse("karier-api:rekomendasi-jalankan"), {"tahun": 1999}, content_type=J)
    assert r.status_code == 400
    assert "tahun" in r.json()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        r = c.post(reverse("karier-api:rekomendasi-jalankan"), {"tahun": 2025}, content_type=J)
    assert r.status_code == 202
    assert r.json() == {"instansi": org.instansi.pk, "tahun": 2025}
    assert len(callbacks) == 1
    assert tugas == [(org.instansi.pk, 2025, {"actor_id": org.bkd.pk})]


def test_schema_lists_the_operations_with_their_conflict_answer(org):
    c = api(org, "bkd")
    r = c.get("/api/schema/?format=json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for p in ("", "{rekomendasi_id}/", "{rekomendasi_id}/tinjau/", "{rekomendasi_id}/terapkan/", "jalankan/"):
        assert f"/api/v1/karier/rekomendasi/{p}" in paths
    assert "409" in paths["/api/v1/karier/rekomendasi/{rekomendasi_id}/putuskan/"]["post"]["responses"]
