"""Permission matrix of the pegawai API: every URL × every method × every persona, exact status.

The contract:
- anonymous callers get 401 (with ``WWW-Authenticate: Token``) on every protected URL;
- an object the persona may not see is 404, an object they may see but not change is 403;
- pegawai lists are open to every login (scoped by the selector); the organisation lists
  (unit kerja, jabatan) to BKD officers and pimpinan, as on the pages; creating is for BKD only;
- a method a URL does not have is 405 (after authentication).
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from pegawai.models import Jabatan, Pegawai, UnitKerja
from tests.conftest import PERSONAS, login_user
from tests.pegawai.payloads import pegawai_payload

ANON = "anonymous"
ALL_METHODS = ("get", "post", "put", "patch", "delete")


def _statuses(default, **overrides):
    table = dict.fromkeys(PERSONAS, default)
    table[ANON] = 401
    table.update(overrides)
    return table


# What each persona gets, per (url name, method). Methods not listed answer 405.
READ_OWN_PROFILE = _statuses(200, unrelated=404, other_bkd=404)
BKD_CREATES = _statuses(403, bkd=201, other_bkd=400)  # other_bkd's payload names instansi A's rows
ORG_READERS = _statuses(403, bkd=200, other_bkd=200, pimpinan=200)
ORG_OBJECT_READ = _statuses(404, bkd=200, pimpinan=200)
ORG_OBJECT_WRITE = _statuses(404, bkd=200, pimpinan=403)

MATRIX = {
    ("pegawai-list", "get"): _statuses(200),
    ("pegawai-list", "post"): BKD_CREATES,
    ("pegawai-detail", "get"): READ_OWN_PROFILE,
    ("pegawai-detail", "patch"): _statuses(403, bkd=200, unrelated=404, other_bkd=404),
    ("pegawai-riwayat", "get"): READ_OWN_PROFILE,
    ("pegawai-audit", "get"): READ_OWN_PROFILE,
    ("unit-kerja-list", "get"): ORG_READERS,
    ("unit-kerja-list", "post"): BKD_CREATES,
    ("unit-kerja-detail", "get"): ORG_OBJECT_READ,
    ("unit-kerja-detail", "patch"): ORG_OBJECT_WRITE,
    ("jabatan-list", "get"): ORG_READERS,
    ("jabatan-list", "post"): BKD_CREATES,
    ("jabatan-detail", "get"): ORG_OBJECT_READ,
    ("jabatan-detail", "patch"): ORG_OBJECT_WRITE,
    ("golongan-list", "get"): _statuses(200),
    # the token login is public; wrong credentials are a 400 whoever sends them
    ("token", "post"): dict.fromkeys(PERSONAS, 400),
}
URL_NAMES = sorted({name for name, _method in MATRIX})


def _url(org, name):
    kwargs = {
        "pegawai-detail": {"pegawai_id": org.pegawai.pk},
        "pegawai-riwayat": {"pegawai_id": org.pegawai.pk},
        "pegawai-audit": {"pegawai_id": org.pegawai.pk},
        "unit-kerja-detail": {"unit_kerja_id": org.seksi.pk},
        "jabatan-detail": {"jabatan_id": org.jabatan_pelaksana.pk},
    }.get(name, {})
    return reverse(f"pegawai-api:{name}", kwargs=kwargs)


def _body(org, name, method, persona="bkd"):
    if method == "get":
        return None
    return {
        ("pegawai-list", "post"): pegawai_payload(org),
        ("pegawai-detail", "patch"): {"gelar_belakang": "S.Kom."},
        ("unit-kerja-list", "post"): {
            "nama": "Seksi Promosi",
            "kode": "YAN-2",
            "jenis": "seksi",
            "parent": org.bidang.pk,
        },
        ("unit-kerja-detail", "patch"): {"nama": "Seksi Pelayanan Primer"},
        ("jabatan-list", "post"): {
            "unit_kerja": org.seksi.pk,
            "nama": "Analis Data",
            "jenis": "pelaksana",
            "atasan": org.jabatan_kasi.pk,
        },
        ("jabatan-detail", "patch"): {"kebutuhan": 5},
        # each persona tries its own username, so that no one reaches the lockout here
        ("token", "post"): {"username": _username(org, persona), "password": "bukan-sandinya"},
    }.get((name, method), {"nama": "x"})


def _username(org, persona):
    user = login_user(org, persona)
    return user.username if user is not None else org.rekan.nip


def _expected(name, method, persona):
    table = MATRIX.get((name, method))
    if table is not None:
        return table[persona]
    if name == "token":
        return 405  # public: no authentication step before the method check
    return 401 if persona == ANON else 405


@pytest.mark.parametrize("method", ALL_METHODS)
@pytest.mark.parametrize("name", URL_NAMES)
def test_permission_matrix(org, client_as, name, method):
    """One organisation per URL and method; every persona in turn (BKD last, as it may write)."""
    got, want = {}, {}
    for persona in sorted(PERSONAS, key=lambda p: p == "bkd"):
        client = client_as(persona)
        body = _body(org, name, method, persona)
        kwargs = {} if body is None else {"data": json.dumps(body), "content_type": "application/json"}
        response = getattr(client, method)(_url(org, name), **kwargs)
        got[persona] = response.status_code
        want[persona] = _expected(name, method, persona)
        if response.status_code == 401:
            assert response["WWW-Authenticate"] == "Token"
        if response.status_code == 405:
            assert method.upper() not in response["Allow"]
    assert got == want


def test_matrix_covers_every_api_url():
    from pegawai import api_urls

    assert {p.name for p in api_urls.urlpatterns} == set(URL_NAMES)


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "unrelated", "pimpinan", "other_bkd", ANON])
def test_refused_writes_change_nothing(org, client_as, persona):
    client = client_as(persona)
    before = (Pegawai.objects.count(), UnitKerja.objects.count(), Jabatan.objects.count())
    for name in ("pegawai-list", "unit-kerja-list", "jabatan-list"):
        client.post(_url(org, name), json.dumps(_body(org, name, "post")), content_type="application/json")
    for name in ("pegawai-detail", "unit-kerja-detail", "jabatan-detail"):
        client.patch(_url(org, name), json.dumps(_body(org, name, "patch")), content_type="application/json")
    assert (Pegawai.objects.count(), UnitKerja.objects.count(), Jabatan.objects.count()) == before
    org.pegawai.refresh_from_db()
    org.seksi.refresh_from_db()
    org.jabatan_pelaksana.refresh_from_db()
    assert org.pegawai.gelar_belakang == ""
    assert org.seksi.nama == "Seksi Pelayanan Kesehatan Primer"
    assert org.jabatan_pelaksana.kebutuhan == 4


def test_other_bkd_sees_nothing_of_the_other_instansi(org, client_as):
    client = client_as("other_bkd")
    for name, pk in (
        ("pegawai-detail", org.kepala_dinas.pk),
        ("pegawai-riwayat", org.kepala_dinas.pk),
        ("pegawai-audit", org.kepala_dinas.pk),
    ):
        assert client.get(reverse(f"pegawai-api:{name}", kwargs={"pegawai_id": pk})).status_code == 404
    for unit in (org.dinas, org.bidang, org.puskesmas):
        url = reverse("pegawai-api:unit-kerja-detail", kwargs={"unit_kerja_id": unit.pk})
        assert client.get(url).status_code == 404
    # and the same 404 for an id that does not exist at all
    assert client.get(reverse("pegawai-api:pegawai-detail", kwargs={"pegawai_id": 10**9})).status_code == 404
