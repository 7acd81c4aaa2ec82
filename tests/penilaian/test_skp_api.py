"""SKP API: the permission matrix (same as the pages: 401 anonymous, 404 not visible, 403 visible
but not changeable, 400 naming the field), a round trip through the workflow, query budgets."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from penilaian.models import SKP, RencanaHasilKerja
from tests.conftest import PERSONAS, login_user
from tests.factories.penilaian import TAHUN, skp_build
from tests.penilaian._skp_helpers import skp_draft

API = "/api/v1/penilaian/"
OWNER = {"pegawai": 0, "atasan": 403, "bkd": 403, "pimpinan": 403, "unrelated": 404, "other_bkd": 404}
READ = {"pegawai": 200, "atasan": 200, "bkd": 200, "pimpinan": 200, "unrelated": 404, "other_bkd": 404}


def _owner(ok: int) -> dict[str, int]:
    return {**OWNER, "pegawai": ok}


def _penilai(ok: int) -> dict[str, int]:
    return {**OWNER, "pegawai": 403, "atasan": ok}


@pytest.fixture
def api_as(org):
    def make(persona: str) -> APIClient:
        client = APIClient()
        user = login_user(org, persona)
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def plan(org):
    skp = skp_draft(org.pegawai, rhk=1)
    rhk = RencanaHasilKerja.objects.get(skp=skp)
    return skp, rhk, rhk.indikator.get()


def _cases(plan):
    skp, rhk, indikator = plan
    s, r, i = skp.pk, rhk.pk, indikator.pk
    return {
        "list": ("get", f"{API}skp/", None, dict.fromkeys(READ, 200)),
        "create": (
            "post",
            f"{API}skp/",
            {"tahun": TAHUN + 1},
            {"pegawai": 201, "atasan": 201, "unrelated": 201, "bkd": 403, "pimpinan": 403, "other_bkd": 403},
        ),
        "detail": ("get", f"{API}skp/{s}/", None, READ),
        "rhk-create": ("post", f"{API}skp/{s}/rhk/", {}, _owner(400)),
        "rhk-update": ("patch", f"{API}rhk/{r}/", {"uraian": ""}, _owner(400)),
        "rhk-delete": ("delete", f"{API}rhk/{r}/", None, _owner(204)),
        "indikator-create": ("post", f"{API}rhk/{r}/indikator/", {}, _owner(400)),
        "indikator-update": ("patch", f"{API}indikator/{i}/", {"target": "0"}, _owner(400)),
        "indikator-delete": ("delete", f"{API}indikator/{i}/", None, _owner(204)),
        "ajukan": ("post", f"{API}skp/{s}/ajukan/", None, _owner(200)),
        "setujui": ("post", f"{API}skp/{s}/setujui/", None, _penilai(400)),
        "kembalikan": ("post", f"{API}skp/{s}/kembalikan/", {}, _penilai(400)),
        "revisi": ("post", f"{API}skp/{s}/revisi/", None, _owner(400)),
    }


CASES = [
    "list",
    "create",
    "detail",
    "rhk-create",
    "rhk-update",
    "rhk-delete",
    "indikator-create",
    "indikator-update",
    "indikator-delete",
    "ajukan",
    "setujui",
    "kembalikan",
    "revisi",
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", CASES)
def test_matrix(org, plan, api_as, persona, name):
    method, url, data, expected = _cases(plan)[name]
    response = getattr(api_as(persona), method)(url, data, format="json")
    if persona == "anonymous":
        assert response.status_code == 401
    else:
        assert response.status_code == expected[persona], (name, persona, response.content[:200])


def test_bad_input_names_the_field(org, plan, api_as):
    skp, rhk, indikator = plan
    client = api_as("pegawai")
    assert set(client.post(f"{API}skp/{skp.pk}/rhk/", {}, format="json").json()) == {"uraian"}
    r = client.post(f"{API}skp/{skp.pk}/rhk/", {"uraian": "x", "rhk_atasan": 999999}, format="json")
    assert r.status_code == 400
    assert set(r.json()) == {"rhk_atasan"}
    r = client.post(f"{API}rhk/{rhk.pk}/indikator/", {"uraian": "x", "target": "5"}, format="json")
    assert r.status_code == 400
    assert set(r.json()) == {"satuan"}
    assert set(client.patch(f"{API}indikator/{indikator.pk}/", {"target": "0"}, format="json").json()) == {"target"}
    assert set(client.post(f"{API}skp/", {"tahun": TAHUN}, format="json").json()) == {"tahun"}
    assert set(client.post(f"{API}skp/{skp.pk}/revisi/", format="json").json()) == {"status"}
    bkd = api_as("bkd")
    assert set(bkd.get(f"{API}skp/", {"status": "x"}).json()) == {"status"}
    assert set(bkd.get(f"{API}skp/", {"unit_kerja": 999999}).json()) == {"unit_kerja"}
    assert bkd.get(f"{API}skp/", {"page": 99}).status_code == 400
    assert bkd.put(f"{API}skp/", {}, format="json").status_code == 405


def test_round_trip(org, api_as):
    atasan_skp = skp_build(org.atasan)
    rhk_atasan = RencanaHasilKerja.objects.filter(skp=atasan_skp).order_by("urutan").first()
    pegawai, atasan = api_as("pegawai"), api_as("atasan")
    r = pegawai.post(f"{API}skp/", {"tahun": TAHUN}, format="json")
    assert r.status_code == 201
    data = r.json()
    skp_id = data["id"]
    assert (data["status"], data["versi"], data["pejabat_penilai"]["id"]) == ("draft", 1, org.atasan.pk)
    assert [e["aspek"] for e in data["ekspektasi"]][:2] == ["berorientasi_pelayanan", "akuntabel"]
    r = pegawai.post(f"{API}skp/{skp_id}/ajukan/", format="json")
    assert r.status_code == 400
    assert set(r.json()) == {"rhk"}
    r = pegawai.post(
        f"{API}skp/{skp_id}/rhk/", {"uraian": "Berkas selesai", "rhk_atasan": rhk_atasan.pk}, format="json"
    )
    assert r.status_code == 201
    rhk = r.json()
    assert (rhk["rhk_atasan"], rhk["jenis"], rhk["indikator"]) == (rhk_atasan.pk, "utama", [])
    r = pegawai.post(
        f"{API}rhk/{rhk['id']}/indikator/",
        {"uraian": "Waktu penyelesaian", "target": "3", "satuan": "hari", "arah": "lebih_rendah"},
        format="json",
    )
    assert r.status_code == 201
    ind = r.json()
    assert (ind["target"], ind["arah"], ind["jenis"]) == ("3.00", "lebih_rendah", "kuantitatif")
    r = pegawai.patch(f"{API}indikator/{ind['id']}/", {"target": "2.5"}, format="json")
    assert (r.status_code, r.json()["target"], r.json()["satuan"]) == (200, "2.50", "hari")
    r = pegawai.patch(f"{API}rhk/{rhk['id']}/", {"uraian": "Berkas layanan selesai"}, format="json")
    assert (r.status_code, r.json()["rhk_atasan"]) == (200, rhk_atasan.pk)
    assert pegawai.post(f"{API}skp/{skp_id}/ajukan/", format="json").json()["status"] == "diajukan"
    r = atasan.post(f"{API}skp/{skp_id}/kembalikan/", {"catatan": "Tambah target mutu."}, format="json")
    assert (r.json()["status"], r.json()["catatan_pengembalian"]) == ("dikembalikan", "Tambah target mutu.")
    r = pegawai.post(
        f"{API}rhk/{rhk['id']}/indikator/",
        {"uraian": "Mutu layanan", "jenis": "kualitatif", "target_kualitatif": "Tanpa keluhan"},
        format="json",
    )
    assert r.status_code == 201
    assert pegawai.post(f"{API}skp/{skp_id}/ajukan/", format="json").status_code == 200
    r = atasan.post(f"{API}skp/{skp_id}/setujui/", format="json")
    data = r.json()
    assert data["status"] == "disetujui"
    assert [v["versi"] for v in data["versi_riwayat"]] == [1]
    assert [i["uraian"] for i in data["versi_riwayat"][0]["isi"]["rhk"][0]["indikator"]] == [
        "Waktu penyelesaian",
        "Mutu layanan",
    ]
    assert pegawai.post(f"{API}rhk/{rhk['id']}/indikator/", {"uraian": "x"}, format="json").status_code == 400
    r = pegawai.post(f"{API}skp/{skp_id}/revisi/", format="json")
    assert (r.json()["status"], r.json()["versi"]) == ("draft", 2)
    assert pegawai.delete(f"{API}indikator/{ind['id']}/").status_code == 204
    assert SKP.objects.get(pk=skp_id).versi_riwayat.get().isi["rhk"][0]["indikator"][0]["target"] == "2.50"
    # the list as the atasan sees it: their own SKP and the pegawai's
    r = atasan.get(f"{API}skp/", {"tahun": TAHUN})
    assert sorted(row["pegawai"]["id"] for row in r.json()["results"]) == sorted([org.atasan.pk, org.pegawai.pk])


def test_query_budgets(org, api_as, django_assert_max_num_queries):
    from tests.factories.pegawai import PegawaiFactory

    extra = PegawaiFactory(jabatan=org.jabatan_pelaksana, nama="Zaki Daulay")
    extra.refresh_from_db()
    daftar = [skp_build(p, kualitatif=True) for p in (org.pegawai, org.rekan, extra)]
    bkd = api_as("bkd")
    with django_assert_max_num_queries(6):
        r = bkd.get(f"{API}skp/", {"tahun": TAHUN, "unit_kerja": org.seksi.pk})
    assert r.json()["count"] == 3
    with django_assert_max_num_queries(8):
        r = bkd.get(f"{API}skp/{daftar[0].pk}/")
    assert len(r.json()["rhk"]) == 2
    assert len(r.json()["rhk"][0]["indikator"]) == 3
