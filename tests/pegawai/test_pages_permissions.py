"""Permission matrix over every HTML page of pegawai: 7 personas × URL × method, exact status codes.

Legend: 200 page, 302 redirect (to login for anonymous), 403 visible but not changeable,
404 not visible (including everything of another instansi), 405 wrong method."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS

ANON = 302
BKD_ONLY = {"bkd": 200, "other_bkd": 200, "pimpinan": 404, "pegawai": 404, "atasan": 404, "unrelated": 404}
READERS = {"bkd": 200, "other_bkd": 200, "pimpinan": 200, "pegawai": 404, "atasan": 404, "unrelated": 404}
EVERYONE = dict.fromkeys(PERSONAS, 200)
# changing this instansi's objects: BKD yes, pimpinan sees but may not change, another instansi's
# BKD does not see them at all
ORG_OBJECT_RW = {"bkd": 200, "other_bkd": 404, "pimpinan": 403, "pegawai": 404, "atasan": 404, "unrelated": 404}
# changing org.pegawai's profile: the pegawai and their atasan see it but may not change it
PROFILE_RW = {"bkd": 200, "other_bkd": 404, "pimpinan": 403, "pegawai": 403, "atasan": 403, "unrelated": 404}
PROFILE_READ = {"bkd": 200, "other_bkd": 404, "pimpinan": 200, "pegawai": 200, "atasan": 200, "unrelated": 404}


def _urls(org):
    p = org.pegawai.pk
    return {
        "beranda": (reverse("beranda"), EVERYONE),
        "pegawai-list": (reverse("pegawai:pegawai-list"), EVERYONE),
        "pegawai-export-xlsx": (reverse("pegawai:pegawai-export") + "?format=xlsx", READERS),
        "pegawai-export-csv": (reverse("pegawai:pegawai-export") + "?format=csv", READERS),
        "pegawai-detail": (reverse("pegawai:pegawai-detail", args=[p]), PROFILE_READ),
        "pegawai-create": (reverse("pegawai:pegawai-create"), BKD_ONLY),
        "pegawai-update": (reverse("pegawai:pegawai-update", args=[p]), PROFILE_RW),
        "riwayat-pangkat-create": (reverse("pegawai:riwayat-pangkat-create", args=[p]), PROFILE_RW),
        "riwayat-jabatan-create": (reverse("pegawai:riwayat-jabatan-create", args=[p]), PROFILE_RW),
        "riwayat-pendidikan-create": (reverse("pegawai:riwayat-pendidikan-create", args=[p]), PROFILE_RW),
        "hukdis-create": (reverse("pegawai:hukdis-create", args=[p]), PROFILE_RW),
        "cltn-create": (reverse("pegawai:cltn-create", args=[p]), PROFILE_RW),
        "unit-kerja-list": (reverse("pegawai:unit-kerja-list"), READERS),
        "unit-kerja-create": (reverse("pegawai:unit-kerja-create"), BKD_ONLY),
        "unit-kerja-update": (reverse("pegawai:unit-kerja-update", args=[org.seksi.pk]), ORG_OBJECT_RW),
        "jabatan-list": (reverse("pegawai:jabatan-list"), READERS),
        "jabatan-create": (reverse("pegawai:jabatan-create"), BKD_ONLY),
        "jabatan-update": (reverse("pegawai:jabatan-update", args=[org.jabatan_kasi.pk]), ORG_OBJECT_RW),
        "kebijakan": (reverse("pegawai:kebijakan"), READERS),
    }


URL_NAMES = [
    "beranda",
    "pegawai-list",
    "pegawai-export-xlsx",
    "pegawai-export-csv",
    "pegawai-detail",
    "pegawai-create",
    "pegawai-update",
    "riwayat-pangkat-create",
    "riwayat-jabatan-create",
    "riwayat-pendidikan-create",
    "hukdis-create",
    "cltn-create",
    "unit-kerja-list",
    "unit-kerja-create",
    "unit-kerja-update",
    "jabatan-list",
    "jabatan-create",
    "jabatan-update",
    "kebijakan",
]
# pages with a form: an empty POST is refused with field errors (200) for those who may change,
# and gets exactly the GET answer (403/404) for everyone else
POST_NAMES = [
    "pegawai-create",
    "pegawai-update",
    "riwayat-pangkat-create",
    "riwayat-jabatan-create",
    "riwayat-pendidikan-create",
    "hukdis-create",
    "cltn-create",
    "unit-kerja-create",
    "unit-kerja-update",
    "jabatan-create",
    "jabatan-update",
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", URL_NAMES)
def test_get(org, client_as, persona, name):
    url, expected = _urls(org)[name]
    response = client_as(persona).get(url)
    if persona == "anonymous":
        assert response.status_code == ANON
        assert response["Location"].startswith(reverse("masuk") + "?next=")
    else:
        assert response.status_code == expected[persona], (name, persona)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", POST_NAMES)
def test_post_empty(org, client_as, persona, name):
    url, expected = _urls(org)[name]
    response = client_as(persona).post(url, {})
    if persona == "anonymous":
        assert response.status_code == ANON
        assert response["Location"].startswith(reverse("masuk"))
        return
    assert response.status_code == expected[persona], (name, persona)
    if expected[persona] == 200:
        assert b"invalid-feedback" in response.content  # the field errors are shown


@pytest.mark.parametrize("persona", PERSONAS)
def test_kebijakan_post(org, client_as, persona):
    """BKD saves; pimpinan reads but may not change (403); the others do not see the page."""
    expected = {"bkd": 200, "other_bkd": 200, "pimpinan": 403, "pegawai": 404, "atasan": 404, "unrelated": 404}
    response = client_as(persona).post(reverse("pegawai:kebijakan"), {})
    if persona == "anonymous":
        assert response.status_code == ANON
    else:
        assert response.status_code == expected[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_login_page(org, client_as, persona):
    response = client_as(persona).get(reverse("masuk"))
    # a logged-in user is sent on to the home page
    assert response.status_code == (200 if persona == "anonymous" else 302)


@pytest.mark.parametrize("persona", PERSONAS)
def test_logout_is_post_only(org, client_as, persona):
    client = client_as(persona)
    assert client.get(reverse("keluar")).status_code == 405
    response = client.post(reverse("keluar"))
    assert response.status_code == 302
    assert response["Location"] == reverse("masuk")
    assert client.get(reverse("beranda")).status_code == 302  # logged out


def test_other_instansi_objects_are_invisible_to_other_bkd(org, client_as):
    client = client_as("other_bkd")
    for url in (
        reverse("pegawai:pegawai-detail", args=[org.kepala_dinas.pk]),
        reverse("pegawai:pegawai-update", args=[org.kepala_dinas.pk]),
        reverse("pegawai:unit-kerja-update", args=[org.dinas.pk]),
        reverse("pegawai:jabatan-update", args=[org.jabatan_kadis.pk]),
    ):
        assert client.get(url).status_code == 404, url
    # lists and exports are scoped: this instansi's rows never appear
    for url in (
        reverse("pegawai:pegawai-list") + "?q=Siti",
        reverse("pegawai:unit-kerja-list"),
        reverse("pegawai:jabatan-list"),
        reverse("pegawai:pegawai-export") + "?format=csv",
    ):
        body = b"".join(client.get(url).streaming_content) if "ekspor" in url else client.get(url).content
        assert org.pegawai.nip.encode() not in body, url
        assert b"Dinas Kesehatan" not in body, url
    assert b"Dewi Chaniago" in client.get(reverse("pegawai:pegawai-list")).content


def test_atasan_list_is_scoped_to_their_subordinates(org, client_as):
    body = client_as("atasan").get(reverse("pegawai:pegawai-list")).content.decode()
    assert org.pegawai.nama in body
    assert org.rekan.nama in body
    assert org.unrelated.nama not in body
    assert org.kepala_bidang.nama not in body
    # and the nav offers it as "Bawahan saya"
    assert "Bawahan saya" in body


def test_pegawai_list_for_a_plain_pegawai_holds_only_themself(org, client_as):
    body = client_as("pegawai").get(reverse("pegawai:pegawai-list")).content.decode()
    assert org.pegawai.nama in body
    assert org.rekan.nama not in body


def test_unknown_export_format_is_404(org, client_as):
    assert client_as("bkd").get(reverse("pegawai:pegawai-export") + "?format=pdf").status_code == 404


@pytest.mark.parametrize(
    ("persona", "present", "absent"),
    [
        (
            "bkd",
            ["Pegawai", "Unit kerja", "Jabatan", "Impor", "Kebijakan", "Penilaian", "Pengembangan", "Karier"],
            ["Profil saya", "Bawahan saya", "Kinerja saya", "Pengembangan saya", "Jalur karier saya"],
        ),
        (
            "pimpinan",
            ["Pegawai", "Unit kerja", "Jabatan", "Kebijakan", "Penilaian", "Pengembangan", "Karier"],
            ["Impor", "Profil saya"],
        ),
        (
            "pegawai",
            ["Profil saya", "Kinerja saya", "Pengembangan saya", "Jalur karier saya"],
            ["Bawahan saya", "Unit kerja", "Impor", "Kebijakan", "Penilaian", "Pengembangan", "Karier"],
        ),
        (
            "atasan",
            ["Profil saya", "Kinerja saya", "Pengembangan saya", "Bawahan saya", "Jalur karier saya"],
            ["Unit kerja", "Impor", "Kebijakan", "Pengembangan", "Karier"],
        ),
    ],
)
def test_navigation_per_role(org, client_as, persona, present, absent):
    html = client_as(persona).get(reverse("beranda")).content.decode()
    nav = html.split('id="nav-utama"', 1)[1].split('<div class="d-flex flex-column', 1)[0]
    labels = [re.sub(r"<[^>]+>", "", m).strip() for m in re.findall(r'class="nav-link[^"]*"[^>]*>(.*?)</a>', nav, re.S)]
    for label in present:
        assert label in labels, (persona, label, labels)
    for label in absent:
        assert label not in labels, (persona, label, labels)
