"""Promotion pages and API: the permission matrix of every URL, query budgets, the score breakdown
and reasons on the page, the XLSX export, and BKD's proposal with bad input (field named, nothing
half-saved)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from karier.models import Rekomendasi
from tests.conftest import PERSONAS
from tests.factories.karier import predikat_tahunan_set
from tests.factories.pegawai import JabatanFactory
from tests.factories.pelatihan import standar_set

from .test_promosi_data import calon, lowongan_administrator, predikat_set

pytestmark = pytest.mark.django_db
D = datetime.date


def _table(default: int, **kw: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, default) | {"anonymous": 302} | kw


LIST = _table(404, bkd=200, pimpinan=200, other_bkd=200)
DETAIL = _table(404, bkd=200, pimpinan=200)
USULKAN = _table(404, bkd=302, pimpinan=403)
API_LIST = _table(404, bkd=200, pimpinan=200, other_bkd=200, anonymous=401)
API_DETAIL = _table(404, bkd=200, pimpinan=200, anonymous=401)


@pytest.fixture
def data(org):
    """A vacant administrator jabatan with two eligible candidates (pengawas since 2015, Baik or
    better in the two years before this year) and one whose education is below S-1/D-IV."""
    jabatan = lowongan_administrator(org)
    standar_set(jabatan, {"M1": 3, "M2": 3})
    a = calon(org, "Ayu Kandidat", tmt_jabatan=D(2015, 1, 1))
    b = calon(org, "Bona Kandidat", tmt_jabatan=D(2015, 1, 1))
    c = calon(org, "Citra Diploma", pendidikan="D3", tmt_jabatan=D(2015, 1, 1))
    tahun = timezone.localdate().year - 1
    for p in (a, b, c):
        predikat_tahunan_set(p, tahun, "baik")
        predikat_tahunan_set(p, tahun - 1, "sangat_baik" if p is a else "baik")
    return jabatan, a, b, c


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, client_as, data, persona):
    jabatan, a, _b, _c = data
    c = client_as(persona)
    assert c.get(reverse("karier:promosi")).status_code == LIST[persona]
    assert c.get(reverse("karier:promosi-detail", args=[jabatan.pk])).status_code == DETAIL[persona]
    assert c.get(reverse("karier:promosi-xlsx", args=[jabatan.pk])).status_code == DETAIL[persona]
    usulkan = reverse("karier:promosi-usulkan", args=[jabatan.pk])
    assert c.post(usulkan, {"pegawai": [a.pk]}).status_code == USULKAN[persona]
    assert c.get(reverse("karier-api:promosi")).status_code == API_LIST[persona]
    assert c.get(reverse("karier-api:promosi-detail", args=[jabatan.pk])).status_code == API_DETAIL[persona]
    if persona != "anonymous":
        assert c.get(usulkan).status_code == 405
    assert Rekomendasi.objects.filter(jenis="promosi").count() == (1 if persona == "bkd" else 0)


def test_other_instansi_jabatan_and_bad_ids_are_404(org, client_as, data):
    other = JabatanFactory(
        unit_kerja=org.other_pegawai.unit_kerja, nama="Kepala Seksi Lain", jenis="pengawas", eselon="IV.a"
    )
    c = client_as("bkd")
    for url in (
        reverse("karier:promosi-detail", args=[other.pk]),
        reverse("karier:promosi-xlsx", args=[other.pk]),
        reverse("karier:promosi-detail", args=[org.jabatan_pelaksana.pk]),  # not a promotable jenis
        reverse("karier-api:promosi-detail", args=[other.pk]),
        "/karier/promosi/99999999999999999999/",
        "/api/v1/karier/promosi/99999999999999999999/",
    ):
        assert c.get(url).status_code == 404, url
    assert c.post(reverse("karier:promosi-usulkan", args=[other.pk]), {"pegawai": [1]}).status_code == 404


def test_list_shows_vacancies_and_jpt_open_selection(org, client_as, data, django_assert_max_num_queries):
    _jabatan, _a, _b, _c = data
    JabatanFactory(unit_kerja=org.dinas, nama="Kepala Badan Baru", jenis="jpt_pratama", eselon="II.a")
    for i in range(3):
        lowongan_administrator(org, nama=f"Kepala Bagian {i}")
    c = client_as("pimpinan")
    with django_assert_max_num_queries(15):
        r = c.get(reverse("karier:promosi"))
    html = r.content.decode()
    assert "Sekretaris Dinas Kesehatan" in html
    assert "Kepala Badan Baru" in html
    assert "Seleksi terbuka" in html
    assert "Pasal 198" in html
    assert "Ayu Kandidat" in html  # the top candidate
    r = c.get(reverse("karier:promosi"), {"jenis": "jpt_pratama"})
    assert "Sekretaris Dinas Kesehatan" not in r.content.decode()
    r = c.get(reverse("karier:promosi"), HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    assert "<html" not in r.content.decode()


def test_detail_shows_breakdown_reasons_and_query_budget(org, client_as, data, django_assert_max_num_queries):
    jabatan, a, _b, _c3 = data
    for i in range(3):
        p = calon(org, f"Tambahan {i}", tmt_jabatan=D(2015, 1, 1))
        predikat_set([p])
    c = client_as("bkd")
    with django_assert_max_num_queries(15):
        r = c.get(reverse("karier:promosi-detail", args=[jabatan.pk]))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Ayu Kandidat" in html
    assert "× 50% =" in html  # the JPM component with its weight
    assert "pendidikan D-III di bawah syarat paling rendah S-1/D-IV" in html
    assert f'name="pegawai" value="{a.pk}"' in html
    # pimpinan reads the same page without the proposal form
    html = client_as("pimpinan").get(reverse("karier:promosi-detail", args=[jabatan.pk])).content.decode()
    assert "Ayu Kandidat" in html
    assert 'name="pegawai"' not in html


def test_xlsx_lists_every_candidate(org, client_as, data):
    jabatan, a, _b, c3 = data
    r = client_as("bkd").get(reverse("karier:promosi-xlsx", args=[jabatan.pk]))
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("NIP", "Nama")
    by_nip = {row[0]: row for row in rows[1:]}
    assert by_nip[a.nip][7] == "Memenuhi syarat"
    assert by_nip[a.nip][8] == 1
    assert by_nip[c3.nip][7] == "Tidak memenuhi"
    assert "D-III" in by_nip[c3.nip][14]


def test_proposal_bad_input_names_the_field_and_saves_nothing(org, client_as, data):
    jabatan, a, b, c3 = data
    c = client_as("bkd")
    url = reverse("karier:promosi-usulkan", args=[jabatan.pk])
    for payload, pesan in (
        ({}, "Pilih paling sedikit satu kandidat."),
        ({"pegawai": ["abc"]}, "bukan id pegawai"),
        ({"pegawai": [org.other_pegawai.pk]}, "tidak ada di instansi Anda"),
        ({"pegawai": [c3.pk]}, "Bukan kandidat yang memenuhi syarat"),
        ({"pegawai": [a.pk, b.pk]}, "Paling banyak 1 kandidat"),
    ):
        r = c.post(url, payload)
        assert r.status_code == 400, payload
        assert pesan in r.content.decode(), payload
    assert not Rekomendasi.objects.exists()
    r = c.post(url, {"pegawai": [b.pk]})
    assert r.status_code == 302
    rek = Rekomendasi.objects.get()
    assert (rek.pegawai_id, rek.jabatan_tujuan_id, rek.status) == (b.pk, jabatan.pk, "diusulkan")


def test_api_lists_and_explains(org, client_as, data):
    jabatan, a, _b, c3 = data
    c = client_as("bkd")
    body = c.get(reverse("karier-api:promosi")).json()
    row = next(r for r in body["results"] if r["jabatan"]["id"] == jabatan.pk)
    assert row["lowong"] == 1
    assert row["jumlah_memenuhi"] == 2
    assert row["kandidat_teratas"]["pegawai"]["id"] == a.pk
    detail = c.get(reverse("karier-api:promosi-detail", args=[jabatan.pk])).json()
    first = detail["memenuhi"][0]
    assert [k["kode"] for k in first["komponen"]] == ["jpm", "kotak", "predikat", "krs"]
    assert first["komponen"][0]["bobot"] == 50
    gagal = next(k for k in detail["tidak_memenuhi"] if k["pegawai"]["id"] == c3.pk)
    assert gagal["alasan"][0]["syarat"] == "pendidikan"
    bad = c.get(reverse("karier-api:promosi"), {"jenis": "pelaksana", "unit_kerja": "x"})
    assert bad.status_code == 400
    assert set(bad.json()) >= {"jenis", "unit_kerja"}
    assert c.get(reverse("karier-api:promosi"), {"page": 99}).status_code == 400
