"""IKM pages and API: permission matrix over every URL, the public survey (anonymous, CSRF,
device cookie, rate limit 429, inactive link 404), QR codes, complaints, query budgets."""

from __future__ import annotations

import io

import pytest
import segno
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from common.models import Notifikasi
from penilaian.models import HasilIKM, ResponsSurvei
from penilaian.services import ikm as services
from tests.conftest import PERSONAS
from tests.penilaian._ikm_helpers import jawaban, kirim, periode_sekarang, simpan_banyak, tautan_of

pytestmark = pytest.mark.django_db

ANON = 302
# BKD and pimpinan read every unit layanan of their instansi (another instansi's BKD sees its own,
# empty, list); others have no IKM page
READERS = {"bkd": 200, "other_bkd": 200, "pimpinan": 200, "pegawai": 404, "atasan": 404, "unrelated": 404}
BKD_ONLY = {"bkd": 200, "other_bkd": 200, "pimpinan": 404, "pegawai": 404, "atasan": 404, "unrelated": 404}
UNIT_READ = {"bkd": 200, "other_bkd": 404, "pimpinan": 200, "pegawai": 404, "atasan": 404, "unrelated": 404}
TAUTAN = {"bkd": 200, "other_bkd": 404, "pimpinan": 404, "pegawai": 404, "atasan": 404, "unrelated": 404}
TINDAK_LANJUT = {"bkd": 200, "other_bkd": 404, "pimpinan": 403, "pegawai": 404, "atasan": 404, "unrelated": 404}
PUBLIC = dict.fromkeys(PERSONAS, 200)


@pytest.fixture(autouse=True)
def _cache_kosong():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def data(org):
    periode = periode_sekarang(org.instansi)
    tautan = tautan_of(org.puskesmas)
    respons = kirim(tautan, (3,) * 9, saran="Antrean lama")
    services.ikm_hitung_periode(periode=periode)
    return {"periode": periode, "tautan": tautan, "respons": respons}


def _urls(org, data):
    t = data["tautan"].pk
    return {
        "ikm-list": (reverse("penilaian:ikm-list"), READERS, ANON),
        "ikm-unit": (reverse("penilaian:ikm-unit", args=[org.puskesmas.pk]), UNIT_READ, ANON),
        "ikm-tautan-list": (reverse("penilaian:ikm-tautan-list"), BKD_ONLY, ANON),
        "ikm-tautan-qr-png": (reverse("penilaian:ikm-tautan-qr-png", args=[t]), TAUTAN, ANON),
        "ikm-tautan-qr-svg": (reverse("penilaian:ikm-tautan-qr-svg", args=[t]), TAUTAN, ANON),
        "ikm-pengaduan-list": (reverse("penilaian:ikm-pengaduan-list"), READERS, ANON),
        "ikm-pengaduan-tindak-lanjut": (
            reverse("penilaian:ikm-pengaduan-tindak-lanjut", args=[data["respons"].pk]),
            TINDAK_LANJUT,
            ANON,
        ),
        "survei": (reverse("survei:ikm-survei", args=[data["tautan"].kode]), PUBLIC, 200),
        "survei-terima-kasih": (reverse("survei:ikm-terima-kasih", args=[data["tautan"].kode]), PUBLIC, 200),
        "api-ikm-list": (reverse("penilaian-api:ikm-list"), READERS, 401),
        "api-ikm-unit": (reverse("penilaian-api:ikm-unit", args=[org.puskesmas.pk]), UNIT_READ, 401),
        "api-survei": (reverse("penilaian-api:ikm-survei", args=[data["tautan"].kode]), PUBLIC, 200),
    }


URL_NAMES = [
    "ikm-list",
    "ikm-unit",
    "ikm-tautan-list",
    "ikm-tautan-qr-png",
    "ikm-tautan-qr-svg",
    "ikm-pengaduan-list",
    "ikm-pengaduan-tindak-lanjut",
    "survei",
    "survei-terima-kasih",
    "api-ikm-list",
    "api-ikm-unit",
    "api-survei",
]


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_get_permission_matrix(org, data, client_as, persona, name):
    url, expected, anon = _urls(org, data)[name]
    response = client_as(persona).get(url)
    assert response.status_code == (anon if persona == "anonymous" else expected[persona])


POST_URLS = {
    # name: (url, {persona: status})
    "ikm-hitung": ("penilaian:ikm-hitung", None, {"bkd": 302, "other_bkd": 302, "pimpinan": 404}),
    "ikm-tautan-pastikan": ("penilaian:ikm-tautan-pastikan", None, {"bkd": 302, "other_bkd": 302, "pimpinan": 404}),
    "ikm-tautan-ganti": ("penilaian:ikm-tautan-ganti", "tautan", {"bkd": 302, "other_bkd": 404, "pimpinan": 404}),
    "ikm-tautan-aktif": ("penilaian:ikm-tautan-aktif", "tautan", {"bkd": 302, "other_bkd": 404, "pimpinan": 404}),
}


@pytest.mark.parametrize("name", list(POST_URLS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_post_permission_matrix(org, data, client_as, persona, name):
    route, arg, expected = POST_URLS[name]
    url = reverse(route, args=[data[arg].pk] if arg else [])
    response = client_as(persona).post(url, {"aktif": "1"})
    if persona == "anonymous":
        assert response.status_code == ANON
    else:
        assert response.status_code == expected.get(persona, 404)
    # GET is not allowed on an action
    if persona == "bkd":
        assert client_as(persona).get(url).status_code == 405


def test_kepala_unit_sees_own_unit_and_may_follow_up(org, data):
    client = Client()
    client.force_login(org.kepala_puskesmas.user)
    assert client.get(reverse("penilaian:ikm-list")).status_code == 200
    assert client.get(reverse("penilaian:ikm-unit", args=[org.puskesmas.pk])).status_code == 200
    assert client.get(reverse("penilaian:ikm-tautan-list")).status_code == 404
    url = reverse("penilaian:ikm-pengaduan-tindak-lanjut", args=[data["respons"].pk])
    response = client.post(url, {"tindak_lanjut": "", "next": "https://contoh.invalid/"})
    assert response.status_code == 200
    assert "Tuliskan tindak lanjutnya." in response.content.decode()
    response = client.post(url, {"tindak_lanjut": "Loket kedua dibuka", "next": "https://contoh.invalid/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("penilaian:ikm-unit", args=[org.puskesmas.pk]) + "#pengaduan"
    data["respons"].refresh_from_db()
    assert data["respons"].tindak_lanjut == "Loket kedua dibuka"
    back = reverse("penilaian:ikm-pengaduan-list")
    response = client.post(url, {"tindak_lanjut": "Loket kedua dibuka pagi", "next": back})
    assert response["Location"] == back


def test_results_page_shows_threshold_and_unit_page_shows_chart(org, data, client_as):
    body = client_as("bkd").get(reverse("penilaian:ikm-list")).content.decode()
    assert "Puskesmas Kota Sibolga" in body
    assert "belum cukup responden: 1 dari 30" in body
    body = client_as("bkd").get(reverse("penilaian:ikm-unit", args=[org.puskesmas.pk])).content.decode()
    assert 'data-grafik="grafik-nrr"' in body
    assert 'data-grafik="grafik-tren"' in body
    assert "vendor/chart.js/chart.umd.min.js" in body
    assert "Antrean lama" in body
    assert "75,00" in body  # Indonesian number format


def test_ikm_hitung_button(org, data, client_as):
    simpan_banyak(org.puskesmas, data["periode"], [(4,) * 9] * 29)
    response = client_as("bkd").post(reverse("penilaian:ikm-hitung"), {"periode": data["periode"].pk})
    assert response.status_code == 302
    h = HasilIKM.objects.get(unit_kerja=org.puskesmas, periode=data["periode"])
    assert (h.responden, h.dipublikasikan) == (30, True)


# ---------------------------------------------------------------------------------------------
# Public survey


def test_survey_page_anonymous_with_csrf_and_device_cookie(org, data):
    client = Client(enforce_csrf_checks=True)
    url = reverse("survei:ikm-survei", args=[data["tautan"].kode])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Tidak sopan dan ramah" in body
    assert "Dikelola dengan baik" in body
    assert "Gratis" in body
    assert 'action="/i18n/setlang/"' in body  # the language switcher
    assert "navbar-nav" not in body  # no dashboard navigation
    assert "survei_perangkat" in page.cookies
    token = client.cookies["csrftoken"].value
    response = client.post(url, jawaban((4,) * 9, csrfmiddlewaretoken=token, saran="Bagus"))
    assert response.status_code == 302
    assert response["Location"] == reverse("survei:ikm-terima-kasih", args=[data["tautan"].kode])
    assert ResponsSurvei.objects.filter(unit_kerja=org.puskesmas).count() == 2


def test_survey_page_bad_input_and_rate_limit(org, data, settings):
    settings.SURVEI_BATAS_PERANGKAT = 2
    client = Client()
    url = reverse("survei:ikm-survei", args=[data["tautan"].kode])
    client.get(url)
    bad = jawaban((4,) * 9)
    bad.pop("u2")
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "Pilih jawaban untuk unsur U2 Sistem, Mekanisme, dan Prosedur." in response.content.decode()
    for _ in range(2):
        assert client.post(url, jawaban((4,) * 9)).status_code == 302
    response = client.post(url, jawaban((4,) * 9))
    assert response.status_code == 429
    assert "Perangkat ini sudah mengirim 2 jawaban" in response.content.decode()
    # another device on another network still gets through
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(url, jawaban((4,) * 9)).status_code == 302


def test_survey_network_limit_behind_a_trusted_proxy(org, data, settings):
    settings.SURVEI_BATAS_JARINGAN = 1
    settings.SURVEI_PERCAYA_PROXY = True
    url = reverse("survei:ikm-survei", args=[data["tautan"].kode])
    assert Client(HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5").post(url, jawaban((4,) * 9)).status_code == 302
    assert Client(HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.77").post(url, jawaban((4,) * 9)).status_code == 429
    assert Client(HTTP_X_FORWARDED_FOR="203.0.113.77, 192.0.2.1").post(url, jawaban((4,) * 9)).status_code == 302


def test_inactive_link_is_404(org, data, client_as):
    services.tautan_survei_atur_aktif(actor=org.bkd, tautan=data["tautan"], aktif=False)
    assert Client().get(reverse("survei:ikm-survei", args=[data["tautan"].kode])).status_code == 404
    assert Client().get(reverse("survei:ikm-survei", args=["tidakada"])).status_code == 404
    assert Client().get(reverse("survei:ikm-terima-kasih", args=[data["tautan"].kode])).status_code == 404
    api = reverse("penilaian-api:ikm-survei", args=[data["tautan"].kode])
    assert Client().post(api, jawaban((4,) * 9), content_type="application/json").status_code == 404


def test_complaint_from_the_page_notifies_the_kepala(org, data):
    Notifikasi.objects.all().delete()
    url = reverse("survei:ikm-survei", args=[data["tautan"].kode])
    Client().post(url, jawaban((2,) * 9, saran="Petugas tidak ramah"))
    assert Notifikasi.objects.get().user == org.kepala_puskesmas.user


# ---------------------------------------------------------------------------------------------
# QR codes and links


def test_qr_png_and_svg_encode_the_short_link(org, data, client_as, settings):
    link = f"http://testserver/s/{data['tautan'].kode}/"
    png = client_as("bkd").get(reverse("penilaian:ikm-tautan-qr-png", args=[data["tautan"].pk]))
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    expected = io.BytesIO()
    segno.make(link, error="m").save(expected, kind="png", scale=10, border=4)
    assert png.content == expected.getvalue()
    svg = client_as("bkd").get(reverse("penilaian:ikm-tautan-qr-svg", args=[data["tautan"].pk]))
    assert svg["Content-Type"] == "image/svg+xml"
    text = svg.content.decode()
    assert "<svg" in text
    assert f"<title>{link}</title>" in text
    settings.SURVEI_URL_DASAR = "https://asn.contoh.go.id/"
    svg = client_as("bkd").get(reverse("penilaian:ikm-tautan-qr-svg", args=[data["tautan"].pk]))
    assert f"<title>https://asn.contoh.go.id/s/{data['tautan'].kode}/</title>" in svg.content.decode()


def test_tautan_list_and_actions(org, data, client_as):
    org.seksi.is_unit_layanan = True
    org.seksi.save()
    client = client_as("bkd")
    body = client.get(reverse("penilaian:ikm-tautan-list")).content.decode()
    assert f"/s/{data['tautan'].kode}/" in body
    assert "Belum ada tautan" in body
    client.post(reverse("penilaian:ikm-tautan-pastikan"))
    assert org.seksi.tautan_survei.kode
    client.post(reverse("penilaian:ikm-tautan-aktif", args=[data["tautan"].pk]), {"aktif": "0"})
    data["tautan"].refresh_from_db()
    assert data["tautan"].aktif is False
    lama = data["tautan"].kode
    client.post(reverse("penilaian:ikm-tautan-ganti", args=[data["tautan"].pk]))
    data["tautan"].refresh_from_db()
    assert data["tautan"].kode != lama


# ---------------------------------------------------------------------------------------------
# API


def test_api_results_and_unit(org, data, client_as):
    response = client_as("bkd").get(reverse("penilaian-api:ikm-list"), {"periode": data["periode"].pk})
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row == {
        "unit_kerja_id": org.puskesmas.pk,
        "unit_kerja": "Puskesmas Kota Sibolga",
        "ikm": "75.00",
        "mutu": "C",
        "responden": 1,
        "respons_masuk": 1,
        "dipublikasikan": False,
    }
    detail = client_as("pimpinan").get(reverse("penilaian-api:ikm-unit", args=[org.puskesmas.pk])).json()
    assert detail["unsur"][0] == {"kode": "u1", "nama": "Persyaratan", "jumlah": 3, "nrr": "3.000"}
    assert detail["minimal_responden"] == 30
    assert [t["ikm"] for t in detail["tren"]] == ["75.00"]
    assert client_as("bkd").get(reverse("penilaian-api:ikm-list"), {"periode": "x"}).status_code == 404


def test_api_submission_400_naming_the_field_and_429(org, data, settings):
    settings.SURVEI_BATAS_PERANGKAT = 1
    url = reverse("penilaian-api:ikm-survei", args=[data["tautan"].kode])
    client = Client()
    bad = jawaban((4,) * 9)
    bad["u9"] = 7
    response = client.post(url, bad, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["u9"] == [
        "Jawaban unsur U9 Penanganan Pengaduan, Saran dan Masukan harus salah satu dari 1, 2, 3 atau 4."
    ]
    assert client.post(url, [1, 2], content_type="application/json").status_code == 400
    headers = {"HTTP_X_SURVEI_PERANGKAT": "aplikasi-1"}
    assert client.post(url, jawaban((4,) * 9), content_type="application/json", **headers).status_code == 201
    response = client.post(url, jawaban((4,) * 9), content_type="application/json", **headers)
    assert response.status_code == 429
    assert "Perangkat ini" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    questions = client.get(url).json()
    assert questions["unsur"][3]["jawaban"][3] == {"nilai": 4, "label": "Gratis"}


# ---------------------------------------------------------------------------------------------
# Query budgets


@pytest.fixture
def banyak(org, data):
    """Three more unit layanan with links, results and complaints."""
    from tests.factories.pegawai import UnitKerjaFactory

    units = [
        UnitKerjaFactory(
            instansi=org.instansi, parent=org.dinas, nama=f"Puskesmas {i}", kode=f"PKM-X{i}", is_unit_layanan=True
        )
        for i in range(3)
    ]
    services.tautan_survei_pastikan(instansi=org.instansi)
    for unit in units:
        simpan_banyak(unit, data["periode"], [(3,) * 9] * 2, saran="Mohon diperbaiki")
    services.ikm_hitung_periode(periode=data["periode"])
    return units


@pytest.mark.parametrize(
    ("name", "budget"),
    [("penilaian:ikm-list", 12), ("penilaian:ikm-pengaduan-list", 12), ("penilaian:ikm-tautan-list", 10)],
)
def test_page_query_budgets(org, banyak, client_as, django_assert_max_num_queries, name, budget):
    client = client_as("bkd")
    with django_assert_max_num_queries(budget):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.content.decode().count("Puskesmas ") >= 4


def test_unit_page_and_api_query_budgets(org, banyak, client_as, django_assert_max_num_queries):
    client = client_as("bkd")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("penilaian:ikm-unit", args=[banyak[0].pk])).status_code == 200
    with django_assert_max_num_queries(8):
        response = client.get(reverse("penilaian-api:ikm-list"))
    assert response.json()["count"] == 4
