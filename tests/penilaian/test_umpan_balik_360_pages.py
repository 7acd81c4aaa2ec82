"""360 pages: permission matrix over every URL and persona, the answer and request forms, that
no rekan or bawahan is ever identified, and query budgets for the lists."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from penilaian.models import JawabanUmpanBalik360, Periode, PermintaanUmpanBalik360
from penilaian.rules import AspekPerilaku
from penilaian.services import umpan_balik_360 as services
from penilaian.services.umpan_balik_360 import permintaan_360_buat, permintaan_360_buat_massal
from tests.conftest import PERSONAS
from tests.penilaian._umpan_balik_360_helpers import jawab, pelaksana_tambahan, periode_360, permintaan

pytestmark = pytest.mark.django_db

ANON = 302


@pytest.fixture
def siap(org):
    periode = periode_360(org)
    permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.pegawai)
    return periode


def _urls(org, periode):
    diri = permintaan(periode, org.pegawai, org.pegawai)
    oleh_atasan = permintaan(periode, org.pegawai, org.atasan)
    everyone = dict.fromkeys(PERSONAS, 200)
    return {
        "list": (reverse("penilaian:umpan-balik-360-list"), everyone),
        "jawab-diri": (
            reverse("penilaian:umpan-balik-360-jawab", args=[diri.pk]),
            {"pegawai": 200, "atasan": 404, "bkd": 404, "unrelated": 404, "other_bkd": 404, "pimpinan": 404},
        ),
        "jawab-atasan": (
            reverse("penilaian:umpan-balik-360-jawab", args=[oleh_atasan.pk]),
            {"pegawai": 404, "atasan": 200, "bkd": 404, "unrelated": 404, "other_bkd": 404, "pimpinan": 404},
        ),
        "hasil": (
            reverse("penilaian:umpan-balik-360-hasil"),
            {"pegawai": 200, "atasan": 200, "bkd": 404, "unrelated": 200, "other_bkd": 404, "pimpinan": 404},
        ),
        "rekap-pegawai": (
            reverse("penilaian:umpan-balik-360-pegawai", args=[org.pegawai.pk]),
            {"pegawai": 200, "atasan": 200, "bkd": 200, "unrelated": 404, "other_bkd": 404, "pimpinan": 200},
        ),
        "minta": (
            reverse("penilaian:umpan-balik-360-minta"),
            {"pegawai": 200, "atasan": 200, "bkd": 200, "unrelated": 200, "other_bkd": 200, "pimpinan": 404},
        ),
    }


@pytest.mark.parametrize("name", ["list", "jawab-diri", "jawab-atasan", "hasil", "rekap-pegawai", "minta"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_get_matrix(org, siap, client_as, name, persona):
    url, expected = _urls(org, siap)[name]
    response = client_as(persona).get(url)
    assert response.status_code == (ANON if persona == "anonymous" else expected[persona]), (name, persona)
    if persona == "anonymous":
        assert "/login" in response["Location"] or "masuk" in response["Location"]


def _minta(periode, pegawai):
    return {"aksi": "satu", "periode": periode.pk, "pegawai": pegawai.pk}


@pytest.mark.parametrize(
    ("persona", "status", "dibuat"),
    [
        ("pegawai", 302, True),
        ("atasan", 302, True),
        ("bkd", 302, True),
        ("unrelated", 200, False),  # not a choice for them: a field error
        ("other_bkd", 200, False),  # not in their instansi: the period and the pegawai are no choice
        ("pimpinan", 404, False),
        ("anonymous", 302, False),
    ],
)
def test_post_minta_matrix(org, client_as, persona, status, dibuat):
    periode = periode_360(org)
    response = client_as(persona).post(reverse("penilaian:umpan-balik-360-minta"), _minta(periode, org.pegawai))
    assert response.status_code == status
    assert PermintaanUmpanBalik360.objects.filter(dinilai=org.pegawai).exists() == dibuat
    if status == 200:
        assert response.context["form"].errors


def test_minta_refuses_a_closed_period_on_the_form(org, client_as):
    periode = periode_360(org)
    Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.DITUTUP)
    response = client_as("bkd").post(reverse("penilaian:umpan-balik-360-minta"), _minta(periode, org.pegawai))
    assert response.status_code == 200
    assert "periode" in response.context["form"].errors


def test_kepala_bidang_sees_the_form_but_may_not_ask_for_an_indirect_subordinate(org):
    periode = periode_360(org)
    client = Client()
    client.force_login(org.kepala_bidang.user)
    response = client.post(reverse("penilaian:umpan-balik-360-minta"), _minta(periode, org.pegawai))
    assert response.status_code == 200
    assert "pegawai" in response.context["form"].errors
    response = client.post(reverse("penilaian:umpan-balik-360-minta"), _minta(periode, org.atasan))
    assert response.status_code == 302


def test_bulk_form_for_bkd_only(org, client_as):
    periode = periode_360(org)
    data = {"aksi": "massal", "massal-periode": periode.pk, "massal-unit_kerja": org.seksi.pk}
    assert client_as("pegawai").post(reverse("penilaian:umpan-balik-360-minta"), data).status_code == 404
    assert not PermintaanUmpanBalik360.objects.exists()
    response = client_as("bkd").post(reverse("penilaian:umpan-balik-360-minta"), data)
    assert response.status_code == 302
    assert set(PermintaanUmpanBalik360.objects.values_list("dinilai_id", flat=True)) == {
        org.atasan.pk,
        org.pegawai.pk,
        org.rekan.pk,
    }
    response = client_as("bkd").post(reverse("penilaian:umpan-balik-360-minta"), {"aksi": "massal"})
    assert response.status_code == 200
    assert "periode" in response.context["massal"].errors
    Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.DITUTUP)
    response = client_as("bkd").post(
        reverse("penilaian:umpan-balik-360-minta"), {"aksi": "massal", "massal-periode": periode.pk}
    )
    assert response.status_code == 200  # a closed period is no longer a choice


def test_answer_form_round_trip(org, siap):
    p = permintaan(siap, org.pegawai, org.rekan)
    url = reverse("penilaian:umpan-balik-360-jawab", args=[p.pk])
    client = Client()
    client.force_login(org.rekan.user)
    page = client.get(url)
    assert page.status_code == 200
    for aspek in AspekPerilaku:
        assert str(aspek.label) in page.content.decode()
    data = {f"skor_{a}": "4" for a in AspekPerilaku.values}
    data["komentar_loyal"] = "Setia"
    del data["skor_adaptif"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "skor_adaptif" in response.context["form"].errors
    data["skor_adaptif"] = "5"
    response = client.post(url, data)
    assert response.status_code == 302
    assert JawabanUmpanBalik360.objects.filter(permintaan=p).count() == 7
    # shown again with the saved answers; closed: the service refuses
    page = client.get(url)
    assert page.context["form"].initial["komentar_loyal"] == "Setia"
    Periode.objects.filter(pk=siap.pk).update(status=Periode.Status.DITUTUP)
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["ditutup"]
    assert response.context["form"].non_field_errors()


def _lengkap(org):
    """pegawai's peers all answered (3 ≥ minimum), and the Kepala Seksi's three subordinates."""
    periode = periode_360(org)
    bambang, cut = pelaksana_tambahan(org, "Bambang Purba", "Cut Nyak")
    permintaan_360_buat_massal(actor=org.bkd, periode=periode)
    for rater, nilai in ((org.rekan, 4), (bambang, 5), (cut, 3)):
        jawab(periode, org.pegawai, rater, nilai, f"Catatan rahasia {rater.pk}")
    jawab(periode, org.pegawai, org.atasan, 4, "Catatan atasan")
    for rater in (org.pegawai, org.rekan, bambang):
        jawab(periode, org.atasan, rater, 4)
    return periode, bambang, cut


ANONIM_NAMA = ("Andi Lubis", "Bambang Purba", "Cut Nyak")


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "bkd", "pimpinan"])
def test_rekap_never_names_peers(org, client_as, persona):
    periode, bambang, cut = _lengkap(org)
    url = reverse("penilaian:umpan-balik-360-pegawai", args=[org.pegawai.pk]) + f"?periode={periode.pk}"
    response = client_as(persona).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for nama in ANONIM_NAMA:
        assert nama not in html
    for p in (org.rekan, bambang, cut):
        assert p.nip not in html
    assert "Catatan rahasia" in html  # comments are shown, without names
    assert org.atasan.nama in html  # the atasan's answer is not anonymous
    # rekan (4, 5, 3 → 4) and atasan (4); the pegawai did not assess themself
    assert response.context["rekap"].rata_rata == Decimal("4.00")


@pytest.mark.parametrize("persona", ["atasan", "bkd"])
def test_rekap_of_the_kepala_seksi_never_names_subordinates(org, client_as, persona):
    periode, _bambang, _cut = _lengkap(org)
    if persona == "atasan":
        url = reverse("penilaian:umpan-balik-360-hasil") + f"?periode={periode.pk}"
    else:
        url = reverse("penilaian:umpan-balik-360-pegawai", args=[org.atasan.pk])
    html = client_as(persona).get(url).content.decode()
    for nama in ("Siti Nasution", *ANONIM_NAMA):
        assert nama not in html


def test_rekap_below_minimum_shows_no_scores(org, client_as):
    periode = periode_360(org)
    permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.pegawai)
    jawab(periode, org.pegawai, org.rekan, 2, "Satu-satunya rekan")
    response = client_as("pegawai").get(reverse("penilaian:umpan-balik-360-hasil"))
    html = response.content.decode()
    assert "data-belum-cukup" in html
    assert "Satu-satunya rekan" not in html


def test_rekap_unknown_period_is_404(org, client_as, siap):
    url = reverse("penilaian:umpan-balik-360-hasil")
    assert client_as("pegawai").get(url + "?periode=abc").status_code == 404
    assert client_as("pegawai").get(url + "?periode=999999").status_code == 404


def test_rekap_without_any_period(org, client_as):
    response = client_as("pegawai").get(reverse("penilaian:umpan-balik-360-hasil"))
    assert response.status_code == 200
    assert response.context["rekap"] is None


def test_list_query_budget(org, django_assert_max_num_queries):
    _lengkap(org)
    client = Client()
    client.force_login(org.atasan.user)
    assert PermintaanUmpanBalik360.objects.filter(penilai=org.atasan).count() >= 5
    # session, user, pegawai, count, pending count, list, and the layout's own (nav, savepoints)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("penilaian:umpan-balik-360-list"))
    assert response.status_code == 200
    assert "Siti Nasution" in response.content.decode()  # the rater sees whom they rate


def test_rekap_query_budget(org, client_as, django_assert_max_num_queries):
    periode, _b, _c = _lengkap(org)
    client = client_as("bkd")
    url = reverse("penilaian:umpan-balik-360-pegawai", args=[org.pegawai.pk]) + f"?periode={periode.pk}"
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("galat", "field"),
    [
        (PermissionDenied(), "pegawai"),
        (ValidationError({"dinilai": "Hanya pegawai aktif yang dapat dinilai."}), "pegawai"),
    ],
)
def test_minta_puts_service_refusals_on_the_form(org, client_as, monkeypatch, galat, field):
    """A race (the pegawai retired, the penilai changed) between the form and the service."""
    periode = periode_360(org)

    def tolak(**kwargs):
        raise galat

    monkeypatch.setattr(services, "permintaan_360_buat", tolak)
    monkeypatch.setattr(services, "permintaan_360_buat_massal", tolak)
    response = client_as("bkd").post(reverse("penilaian:umpan-balik-360-minta"), _minta(periode, org.pegawai))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    if isinstance(galat, ValidationError):
        response = client_as("bkd").post(
            reverse("penilaian:umpan-balik-360-minta"), {"aksi": "massal", "massal-periode": periode.pk}
        )
        assert response.status_code == 200
        assert response.context["massal"].errors
