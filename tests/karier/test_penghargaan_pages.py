"""Awards page and API: the permission matrix of every URL, query budgets, both lists with their
reasons, the XLSX export, and BKD's proposal with bad input (field named, nothing half-saved)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from karier.models import Rekomendasi
from pegawai.models import Pegawai
from pegawai.rules import add_years
from tests.conftest import PERSONAS
from tests.factories.karier import penempatan_buat
from tests.factories.pegawai import HukumanDisiplinFactory, PegawaiFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _table(default: int, **kw: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, default) | {"anonymous": 302} | kw


LIST = _table(404, bkd=200, pimpinan=200, other_bkd=200)
USULKAN = _table(404, bkd=302, pimpinan=403, other_bkd=400)
API = _table(404, bkd=200, pimpinan=200, other_bkd=200, anonymous=401)


def pns(org, nama: str, tmt_cpns: datetime.date) -> Pegawai:  # type: ignore[no-untyped-def]
    p = PegawaiFactory(
        jabatan=org.jabatan_pelaksana, nama=nama, tanggal_lahir=D(1965, 2, 10), tmt_cpns=tmt_cpns, tmt_golongan=tmt_cpns
    )
    p.refresh_from_db()
    return p


@pytest.fixture
def data(org):
    hari_ini = timezone.localdate()
    layak = pns(org, "Abdi Sepuluh Tahun", add_years(hari_ini, -10))
    dihukum = pns(org, "Bagas Pernah Dihukum", add_years(hari_ini, -21))
    HukumanDisiplinFactory(pegawai=dihukum, tmt_mulai=D(2012, 1, 1), tmt_selesai=D(2012, 6, 30))
    tahun = hari_ini.year - 1
    penempatan_buat(org.atasan, tahun, 9)
    return layak, dihukum, tahun


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, client_as, data, persona):
    layak, _dihukum, _tahun = data
    c = client_as(persona)
    assert c.get(reverse("karier:penghargaan")).status_code == LIST[persona]
    assert c.get(reverse("karier:penghargaan"), {"jenis": "berprestasi"}).status_code == LIST[persona]
    assert c.get(reverse("karier:penghargaan-xlsx")).status_code == LIST[persona]
    usulkan = reverse("karier:penghargaan-usulkan")
    payload = {"jenis": "satyalancana", "tahun": 2026, "pegawai": [layak.pk]}
    assert c.post(usulkan, payload).status_code == USULKAN[persona]
    assert c.get(reverse("karier-api:penghargaan")).status_code == API[persona]
    if persona != "anonymous":
        assert c.get(usulkan).status_code == 405
    assert Rekomendasi.objects.count() == (1 if persona == "bkd" else 0)


def test_satyalancana_list_with_reasons_and_query_budget(org, client_as, data, django_assert_max_num_queries):
    layak, dihukum, _tahun = data
    for i in range(3):
        pns(org, f"Lama {i}", D(2000 + i, 1, 1))
    c = client_as("pimpinan")
    with django_assert_max_num_queries(12):
        r = c.get(reverse("karier:penghargaan"))
    html = r.content.decode()
    assert "Abdi Sepuluh Tahun" in html
    assert "pernah hukuman disiplin sedang (mulai 01-01-2012)" in html
    assert 'name="pegawai"' not in html  # the pimpinan reads, BKD proposes
    html = c.get(reverse("karier:penghargaan"), {"status": "layak"}).content.decode()
    assert "Bagas Pernah Dihukum" not in html
    html = c.get(reverse("karier:penghargaan"), {"status": "tidak"}).content.decode()
    assert "Abdi Sepuluh Tahun" not in html
    assert "Bagas Pernah Dihukum" in html
    html = client_as("bkd").get(reverse("karier:penghargaan")).content.decode()
    assert f'name="pegawai" value="{layak.pk}"' in html
    assert f'name="pegawai" value="{dihukum.pk}"' not in html  # not eligible: no checkbox
    r = c.get(reverse("karier:penghargaan"), HTTP_HX_REQUEST="true")
    assert "<html" not in r.content.decode()


def test_berprestasi_list_and_query_budget(org, client_as, data, django_assert_max_num_queries):
    _layak, _dihukum, tahun = data
    for p in (org.pegawai, org.rekan, org.unrelated):
        penempatan_buat(p, tahun, 9)
    c = client_as("bkd")
    with django_assert_max_num_queries(12):
        r = c.get(reverse("karier:penghargaan"), {"jenis": "berprestasi"})
    html = r.content.decode()
    assert "Budi Siregar" in html
    assert f"kotak 9 talenta tahun {tahun}" in html
    assert "Yusuf Harahap" in html


def test_xlsx_of_both_lists(org, client_as, data):
    layak, dihukum, tahun = data
    c = client_as("bkd")
    r = c.get(reverse("karier:penghargaan-xlsx"), {"jenis": "satyalancana"})
    rows = list(load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.iter_rows(values_only=True))
    by_nip = {row[0]: row for row in rows[1:]}
    assert by_nip[layak.nip][6] == 10
    assert by_nip[layak.nip][7] == "Memenuhi syarat"
    assert "hukuman disiplin sedang" in by_nip[dihukum.nip][8]
    r = c.get(reverse("karier:penghargaan-xlsx"), {"jenis": "berprestasi", "tahun": tahun})
    assert r["Content-Disposition"].endswith(f'pegawai-berprestasi-{tahun}.xlsx"')
    rows = list(load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.iter_rows(values_only=True))
    assert rows[1][0] == org.atasan.nip


def test_proposal_bad_input_names_the_field_and_saves_nothing(org, client_as, data):
    layak, dihukum, tahun = data
    c = client_as("bkd")
    url = reverse("karier:penghargaan-usulkan")
    for payload, pesan in (
        ({"jenis": "satyalancana", "tahun": 2026}, "Pilih paling sedikit satu pegawai."),
        ({"jenis": "lain", "tahun": 2026, "pegawai": [layak.pk]}, "Daftar: Masukkan pilihan yang valid"),
        ({"jenis": "satyalancana", "tahun": "x", "pegawai": [layak.pk]}, "Tahun: "),
        ({"jenis": "satyalancana", "tahun": 2026, "pegawai": [dihukum.pk]}, "tidak memenuhi syarat penghargaan"),
        ({"jenis": "satyalancana", "tahun": 2026, "pegawai": [org.other_pegawai.pk]}, "tidak ada di instansi Anda"),
        ({"jenis": "berprestasi", "tahun": tahun, "pegawai": [layak.pk]}, "tidak memenuhi syarat penghargaan"),
    ):
        r = c.post(url, payload)
        assert r.status_code == 400, payload
        assert pesan in r.content.decode(), payload
    assert not Rekomendasi.objects.exists()
    r = c.post(url, {"jenis": "berprestasi", "tahun": tahun, "pegawai": [org.atasan.pk]})
    assert r.status_code == 302
    rek = Rekomendasi.objects.get()
    assert rek.kunci == f"penghargaan:berprestasi:{tahun}:{org.atasan.pk}"
    assert rek.diusulkan_oleh_id == org.bkd.pk


def test_api_lists_both_and_rejects_bad_input(org, client_as, data):
    layak, dihukum, tahun = data
    c = client_as("bkd")
    body = c.get(reverse("karier-api:penghargaan")).json()
    rows = {r["pegawai"]["id"]: r for r in body["results"]}
    assert rows[layak.pk]["penghargaan"] == "satyalancana_10"
    assert rows[layak.pk]["layak"] is True
    assert rows[dihukum.pk]["alasan"] == ["pernah hukuman disiplin sedang (mulai 01-01-2012)"]
    only = c.get(reverse("karier-api:penghargaan"), {"layak": "false"}).json()
    assert {r["pegawai"]["id"] for r in only["results"]} >= {dihukum.pk}
    assert layak.pk not in {r["pegawai"]["id"] for r in only["results"]}
    b = c.get(reverse("karier-api:penghargaan"), {"jenis": "berprestasi", "tahun": tahun}).json()
    assert [r["pegawai"]["id"] for r in b["results"]] == [org.atasan.pk]
    assert b["results"][0]["alasan"] == [f"kotak 9 talenta tahun {tahun}"]
    bad = c.get(reverse("karier-api:penghargaan"), {"jenis": "x", "tahun": "abc", "unit_kerja": 0})
    assert bad.status_code == 400
    assert set(bad.json()) >= {"jenis", "tahun", "unit_kerja"}
    # another instansi's BKD sees only their own (nobody here)
    other = client_as("other_bkd").get(reverse("karier-api:penghargaan")).json()
    assert layak.pk not in {r["pegawai"]["id"] for r in other["results"]}
