"""Calibration pages and API: the permission matrix over every URL (7 personas), what the pages
show, the forms (adjust with a reason, set the unit predikat, finalise), bad input, and query
budgets.

The organisation (tests/conftest.py): the seksi is led by ``atasan`` (who sees the seksi's
calibration and rates ``pegawai`` and ``rekan``); the leader authorised for the seksi is the
kepala bidang; BKD decides everything; pimpinan reads."""

from __future__ import annotations

import pytest
from django.urls import reverse

from common.models import AuditLog
from penilaian.models import EvaluasiKinerja, PredikatUnit
from penilaian.rules import PredikatOrganisasi
from tests.conftest import PERSONAS
from tests.penilaian._kalibrasi_helpers import BP, SB, B, K, nilai, nilai_banyak, periode_buka

ANON_HTML = 302
ANON_API = (401, 403)
# who sees the seksi's calibration: BKD, pimpinan, and the seksi's head (atasan)
SEE = {"bkd": 200, "pimpinan": 200, "atasan": 200, "pegawai": 404, "unrelated": 404, "other_bkd": 404}
# who changes it: BKD (and the kepala bidang); the seksi's head and pimpinan see it, read-only
CHANGE_HTML = {"bkd": 302, "pimpinan": 403, "atasan": 403, "pegawai": 404, "unrelated": 404, "other_bkd": 404}
CHANGE_API = {**CHANGE_HTML, "bkd": 200}
# an evaluation of org.pegawai: its pejabat penilai (atasan) and BKD adjust; the pegawai and
# pimpinan see it but may not adjust
SESUAIKAN_HTML = {"bkd": 200, "atasan": 200, "pimpinan": 403, "pegawai": 403, "unrelated": 404, "other_bkd": 404}
SESUAIKAN_API = SESUAIKAN_HTML
DOKUMEN = {"bkd": 200, "atasan": 200, "pimpinan": 200, "pegawai": 200, "unrelated": 404, "other_bkd": 404}


@pytest.fixture
def setup(org):
    periode = periode_buka(org)
    nilai_banyak(periode, [(org.pegawai, SB), (org.rekan, B), (org.atasan, B), (org.unrelated, K)])
    PredikatUnit.objects.create(periode=periode, unit_kerja=org.seksi, predikat_organisasi=PredikatOrganisasi.ISTIMEWA)
    ev = EvaluasiKinerja.objects.get(periode=periode, pegawai=org.pegawai)
    return periode, ev


def _html(org, periode, ev):
    q = f"?periode={periode.pk}"
    s = org.seksi.pk
    return {
        "ringkasan": ("get", reverse("penilaian:kalibrasi-ringkasan") + q, SEE),
        "unit": ("get", reverse("penilaian:kalibrasi-unit", args=[s]) + q, SEE),
        "ekspor": ("get", reverse("penilaian:kalibrasi-ekspor") + f"{q}&unit={s}", SEE),
        "ekspor-semua": ("get", reverse("penilaian:kalibrasi-ekspor") + q, SEE),
        "predikat": ("post", reverse("penilaian:kalibrasi-unit-predikat", args=[s]) + q, CHANGE_HTML),
        "finalisasi": ("post", reverse("penilaian:kalibrasi-unit-finalisasi", args=[s]) + q, CHANGE_HTML),
        "sesuaikan": ("get", reverse("penilaian:kalibrasi-sesuaikan", args=[ev.pk]), SESUAIKAN_HTML),
        "dokumen": ("get", reverse("penilaian:kalibrasi-dokumen-pdf", args=[ev.pk]), DOKUMEN),
    }


def _api(org, periode, ev):
    q = f"?periode={periode.pk}"
    s = org.seksi.pk
    return {
        "ringkasan": ("get", reverse("penilaian-api:kalibrasi-ringkasan") + q, SEE, None),
        "unit": ("get", reverse("penilaian-api:kalibrasi-unit", args=[s]) + q, SEE, None),
        "predikat": (
            "post",
            reverse("penilaian-api:kalibrasi-unit-predikat", args=[s]) + q,
            CHANGE_API,
            {"predikat_organisasi": "baik"},
        ),
        "finalisasi": ("post", reverse("penilaian-api:kalibrasi-unit-finalisasi", args=[s]) + q, CHANGE_API, {}),
        "sesuaikan": (
            "post",
            reverse("penilaian-api:kalibrasi-evaluasi-sesuaikan", args=[ev.pk]),
            SESUAIKAN_API,
            {"predikat": "baik", "alasan": "Kalibrasi unit."},
        ),
    }


HTML_NAMES = ["ringkasan", "unit", "ekspor", "ekspor-semua", "predikat", "finalisasi", "sesuaikan", "dokumen"]
API_NAMES = ["ringkasan", "unit", "predikat", "finalisasi", "sesuaikan"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", HTML_NAMES)
def test_html_permission_matrix(org, setup, client_as, name, persona):
    periode, ev = setup
    method, url, expected = _html(org, periode, ev)[name]
    response = getattr(client_as(persona), method)(url)
    if persona == "anonymous":
        assert response.status_code == ANON_HTML
        assert "/login" in response["Location"] or "masuk" in response["Location"]
    else:
        assert response.status_code == expected[persona], (name, persona)


@pytest.mark.parametrize("name", ["predikat", "finalisasi"])
def test_post_only_urls_refuse_get(org, setup, client_as, name):
    periode, ev = setup
    _method, url, _expected = _html(org, periode, ev)[name]
    assert client_as("bkd").get(url).status_code == 405


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", API_NAMES)
def test_api_permission_matrix(org, setup, client_as, name, persona):
    periode, ev = setup
    method, url, expected, data = _api(org, periode, ev)[name]
    client = client_as(persona)
    response = client.get(url) if method == "get" else client.post(url, data or {}, content_type="application/json")
    if persona == "anonymous":
        assert response.status_code in ANON_API
    else:
        assert response.status_code == expected[persona], (name, persona, response.content[:300])


def test_kepala_bidang_may_decide_for_the_seksi(org, setup, client_as):
    periode, _ev = setup
    from django.test import Client

    client = Client()
    client.force_login(org.kepala_bidang.user)
    url = reverse("penilaian:kalibrasi-unit-predikat", args=[org.seksi.pk]) + f"?periode={periode.pk}"
    assert client.post(url, {"predikat_organisasi": "baik"}).status_code == 302
    assert PredikatUnit.objects.get(unit_kerja=org.seksi).predikat_organisasi == "baik"
    # the kepala puskesmas leads no unit above the seksi: it does not exist for them
    client.force_login(org.kepala_puskesmas.user)
    assert client.get(reverse("penilaian:kalibrasi-unit", args=[org.seksi.pk])).status_code == 404


# ---------------------------------------------------------------------------------------------
# What the pages show and do


def test_ringkasan_shows_units_distribution_and_violations(org, setup, client_as):
    periode, _ev = setup
    PredikatUnit.objects.filter(unit_kerja=org.seksi).update(predikat_organisasi=PredikatOrganisasi.BAIK)
    url = reverse("penilaian:kalibrasi-ringkasan") + f"?periode={periode.pk}"
    # one level of the tree at a time: the top units, then a unit and its children
    html = client_as("bkd").get(url).content.decode()
    assert f'data-unit="{org.dinas.pk}"' in html
    assert f'data-unit="{org.bidang.pk}"' not in html
    assert f"induk={org.dinas.pk}" in html
    html = client_as("bkd").get(url + f"&induk={org.dinas.pk}").content.decode()
    for unit in (org.dinas, org.bidang, org.puskesmas):
        assert f'data-unit="{unit.pk}"' in html
    assert f'data-unit="{org.seksi.pk}"' not in html
    html = client_as("bkd").get(url + f"&induk={org.bidang.pk}").content.decode()
    for unit in (org.bidang, org.seksi):
        assert f'data-unit="{unit.pk}"' in html
    assert "1 pelanggaran" in html  # Baik without BP/K in the seksi
    assert 'name="predikat_organisasi"' in html
    # a unit of another instansi cannot be opened
    other = org.other_pegawai.unit_kerja
    assert client_as("bkd").get(url + f"&induk={other.pk}").status_code == 404
    # the seksi's head sees only the seksi, without the select
    html = client_as("atasan").get(reverse("penilaian:kalibrasi-ringkasan")).content.decode()
    assert f'data-unit="{org.seksi.pk}"' in html
    assert f'data-unit="{org.dinas.pk}"' not in html
    assert 'name="predikat_organisasi"' not in html


def test_unit_page_rules_and_finalise_button(org, setup, client_as):
    periode, ev = setup
    PredikatUnit.objects.filter(unit_kerja=org.seksi).update(predikat_organisasi=PredikatOrganisasi.BAIK)
    url = reverse("penilaian:kalibrasi-unit", args=[org.seksi.pk]) + f"?periode={periode.pk}"
    html = client_as("bkd").get(url).content.decode()
    assert 'data-aturan="baik_b_maks_70" data-lulus="1"' in html
    assert 'data-aturan="baik_bp_k_min_1" data-lulus="0"' in html
    assert "disabled" in html
    assert "Belum dapat difinalisasi" in html
    assert f'data-evaluasi="{ev.pk}"' in html
    assert "Siti Nasution" in html
    assert f'id="sesuaikan-{ev.pk}"' in html
    # the pejabat penilai gets the adjust form for their own staff, not the finalise button
    html = client_as("atasan").get(url).content.decode()
    assert f'id="sesuaikan-{ev.pk}"' in html
    assert "Finalisasi kalibrasi" not in html
    # pimpinan reads only
    html = client_as("pimpinan").get(url).content.decode()
    assert f'id="sesuaikan-{ev.pk}"' not in html
    assert "Finalisasi kalibrasi" not in html


def test_adjust_form_requires_reason_then_finalise(org, setup, client_as):
    periode, ev = setup
    PredikatUnit.objects.filter(unit_kerja=org.seksi).update(predikat_organisasi=PredikatOrganisasi.BAIK)
    unit_url = reverse("penilaian:kalibrasi-unit", args=[org.seksi.pk]) + f"?periode={periode.pk}"
    fin_url = reverse("penilaian:kalibrasi-unit-finalisasi", args=[org.seksi.pk]) + f"?periode={periode.pk}"
    bkd = client_as("bkd")
    # blocked while broken
    response = bkd.post(fin_url, follow=True)
    assert "paling sedikit satu Butuh Perbaikan atau Kurang" in response.content.decode()
    assert PredikatUnit.objects.get(unit_kerja=org.seksi).status == "draf"
    # adjusting without a reason is refused on the form
    atasan = client_as("atasan")
    url = reverse("penilaian:kalibrasi-sesuaikan", args=[ev.pk])
    response = atasan.post(url, {"predikat": BP, "alasan": "  ", "next": unit_url})
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()
    ev.refresh_from_db()
    assert ev.predikat == SB
    response = atasan.post(url, {"predikat": BP, "alasan": "Target utama tidak tercapai.", "next": unit_url})
    assert response.status_code == 302
    assert response["Location"] == unit_url
    ev.refresh_from_db()
    assert (ev.predikat, ev.predikat_matriks) == (BP, SB)
    assert AuditLog.objects.filter(object_id=ev.pk, aksi="update").count() == 1
    # an unsafe next goes to the unit page instead
    response = bkd.post(url, {"predikat": BP, "alasan": "lagi", "next": "https://contoh.invalid/"})
    assert response["Location"] == unit_url
    # now it passes
    response = bkd.post(fin_url, follow=True)
    assert "difinalisasi" in response.content.decode()
    assert PredikatUnit.objects.get(unit_kerja=org.seksi).status == "final"
    # a final unit shows no forms, and refuses another adjustment
    html = bkd.get(unit_url).content.decode()
    assert "Difinalisasi oleh" in html
    assert f'id="sesuaikan-{ev.pk}"' not in html
    response = bkd.get(url)
    assert response.status_code == 200  # the page, but the service refuses the change
    response = bkd.post(url, {"predikat": B, "alasan": "x"})
    assert response.status_code == 400


def test_set_unit_predikat_page_messages(org, setup, client_as):
    periode, _ev = setup
    url = reverse("penilaian:kalibrasi-unit-predikat", args=[org.bidang.pk]) + f"?periode={periode.pk}"
    bkd = client_as("bkd")
    response = bkd.post(url, {"predikat_organisasi": "luar_biasa"}, follow=True)
    assert "Pilih predikat organisasi yang dikenal." in response.content.decode()
    response = bkd.post(url, {"predikat_organisasi": "baik", "next": "/penilaian/kalibrasi/"})
    assert response["Location"] == "/penilaian/kalibrasi/"
    PredikatUnit.objects.filter(unit_kerja=org.bidang).update(status=PredikatUnit.Status.FINAL)
    response = bkd.post(url, {"predikat_organisasi": "istimewa"}, follow=True)
    assert "sudah final" in response.content.decode()
    # finalising a unit without a predikat
    url = reverse("penilaian:kalibrasi-unit-finalisasi", args=[org.puskesmas.pk]) + f"?periode={periode.pk}"
    response = bkd.post(url, follow=True)
    assert "Tetapkan predikat organisasi" in response.content.decode()


def test_default_period_and_bad_period(org, setup, client_as):
    bkd = client_as("bkd")
    assert bkd.get(reverse("penilaian:kalibrasi-ringkasan")).status_code == 200
    assert bkd.get(reverse("penilaian:kalibrasi-ringkasan") + "?periode=abc").status_code == 404
    assert bkd.get(reverse("penilaian:kalibrasi-unit", args=[999999])).status_code == 404


def test_no_period_yet(org, client_as):
    assert client_as("bkd").get(reverse("penilaian:kalibrasi-ringkasan")).status_code == 404


# ---------------------------------------------------------------------------------------------
# API details


def test_api_unit_and_bad_input(org, setup, client_as):
    periode, ev = setup
    client = client_as("bkd")
    data = client.get(reverse("penilaian-api:kalibrasi-unit", args=[org.seksi.pk]) + f"?periode={periode.pk}").json()
    assert data["predikat_organisasi"] == "istimewa"
    assert data["dinilai"] == 2
    assert [s["nama"] for s in data["staf"]] == ["Andi Lubis", "Siti Nasution"]
    assert data["pola"] == [
        {
            "kode": "istimewa_sb_maks_70",
            "aturan": "paling banyak 70% Sangat Baik",
            "jumlah": 1,
            "total": 2,
            "persen": "50.00",
            "lulus": True,
        }
    ]
    r = client.get(reverse("penilaian-api:kalibrasi-ringkasan") + "?periode=abc")
    assert r.status_code == 400
    assert "periode" in r.json()
    url = reverse("penilaian-api:kalibrasi-unit-predikat", args=[org.seksi.pk])
    r = client.post(url, {"predikat_organisasi": "x"}, content_type="application/json")
    assert r.status_code == 400
    assert "predikat_organisasi" in r.json()
    url = reverse("penilaian-api:kalibrasi-evaluasi-sesuaikan", args=[ev.pk])
    r = client.post(url, {"predikat": "baik", "alasan": "   "}, content_type="application/json")
    assert r.status_code == 400
    assert "alasan" in r.json()
    r = client.post(url, {"predikat": "baik", "alasan": "Kalibrasi."}, content_type="application/json")
    assert r.json() == {
        "id": ev.pk,
        "predikat_matriks": "sangat_baik",
        "predikat": "baik",
        "alasan_penyesuaian": "Kalibrasi.",
        "status": "dinilai",
    }
    # finalise refused while broken: 400 naming the status
    PredikatUnit.objects.filter(unit_kerja=org.seksi).update(predikat_organisasi=PredikatOrganisasi.BAIK)
    url = reverse("penilaian-api:kalibrasi-unit-finalisasi", args=[org.seksi.pk]) + f"?periode={periode.pk}"
    r = client.post(url, {}, content_type="application/json")
    assert r.status_code == 400
    assert "status" in r.json()
    # a unit without predikat: nothing to finalise
    url = reverse("penilaian-api:kalibrasi-unit-finalisasi", args=[org.bidang.pk]) + f"?periode={periode.pk}"
    assert client.post(url, {}, content_type="application/json").status_code == 404
    # adjusting a final row is refused with 400
    EvaluasiKinerja.objects.filter(pk=ev.pk).update(status="final")
    url = reverse("penilaian-api:kalibrasi-evaluasi-sesuaikan", args=[ev.pk])
    r = client.post(url, {"predikat": "baik", "alasan": "x"}, content_type="application/json")
    assert r.status_code == 400
    assert "predikat" in r.json()


def test_api_ringkasan_content(org, setup, client_as):
    from tests.factories.pegawai import UnitKerjaFactory

    periode, _ev = setup
    UnitKerjaFactory(instansi=org.instansi, parent=org.dinas, nama="UPT Kosong", kode="UPT-KOSONG", jenis="upt")
    data = client_as("bkd").get(reverse("penilaian-api:kalibrasi-ringkasan") + f"?periode={periode.pk}").json()
    assert data["periode"] == {"id": periode.pk, "nama": "Triwulan I 2026"}
    rows = {r["unit"]["id"]: r for r in data["results"]}
    # a unit without staff nor predikat is left out
    assert set(rows) == {org.dinas.pk, org.bidang.pk, org.seksi.pk, org.puskesmas.pk}
    seksi = rows[org.seksi.pk]
    assert seksi["dinilai"] == 2
    assert seksi["belum_dinilai"] == 0
    assert seksi["pelanggaran"] == []
    assert [(d["predikat"], d["jumlah"], d["persen"]) for d in seksi["distribusi"]][:2] == [
        ("sangat_baik", 1, "50.00"),
        ("baik", 1, "50.00"),
    ]
    assert rows[org.dinas.pk]["predikat_organisasi"] is None
    assert rows[org.dinas.pk]["belum_dinilai"] == 2  # kepala bidang, kepala puskesmas


# ---------------------------------------------------------------------------------------------
# Query budgets


def _more_units(org, periode, n=3):
    from tests.factories.pegawai import JabatanFactory, PegawaiFactory, UnitKerjaFactory

    for i in range(n):
        unit = UnitKerjaFactory(instansi=org.instansi, parent=org.dinas, nama=f"UPT {i}", kode=f"UPT-{i}", jenis="upt")
        jab = JabatanFactory(unit_kerja=unit, nama=f"Pelaksana UPT {i}", jenis="pelaksana", atasan=org.jabatan_kadis)
        for _ in range(3):
            PegawaiFactory(jabatan=jab)


def test_query_budgets(org, client_as, django_assert_max_num_queries):
    _more_units(org, None)
    periode = periode_buka(org)
    for e in EvaluasiKinerja.objects.filter(periode=periode).select_related("pegawai"):
        nilai(periode, e.pegawai, B)
    for unit in (org.dinas, org.bidang, org.seksi):
        PredikatUnit.objects.create(periode=periode, unit_kerja=unit, predikat_organisasi=PredikatOrganisasi.BAIK)
    q = f"?periode={periode.pk}"
    bkd = client_as("bkd")
    with django_assert_max_num_queries(12):
        r = bkd.get(reverse("penilaian:kalibrasi-ringkasan") + q + f"&induk={org.dinas.pk}")
    # the dinas and its children: bidang, puskesmas and the three UPT
    assert r.content.decode().count("data-unit=") == 6
    with django_assert_max_num_queries(12):
        r = bkd.get(reverse("penilaian:kalibrasi-unit", args=[org.dinas.pk]) + q)
    assert r.content.decode().count("data-evaluasi=") == 15
    with django_assert_max_num_queries(10):
        r = bkd.get(reverse("penilaian-api:kalibrasi-ringkasan") + q)
    assert len(r.json()["results"]) == 7
    with django_assert_max_num_queries(10):
        r = bkd.get(reverse("penilaian-api:kalibrasi-unit", args=[org.dinas.pk]) + q)
    assert len(r.json()["staf"]) == 15
    with django_assert_max_num_queries(10):
        r = bkd.get(reverse("penilaian:kalibrasi-ekspor") + q)
        b"".join(r.streaming_content)
