"""Token login for the API: obtain a token with NIP or username, use it, and the axes lockout."""

from __future__ import annotations

import json

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.conftest import PASSWORD

TOKEN = reverse("pegawai-api:token")
LIST = reverse("pegawai-api:pegawai-list")


def obtain(client, username, password):
    return client.post(TOKEN, json.dumps({"username": username, "password": password}), content_type="application/json")


def test_pegawai_obtains_a_token_with_their_nip_and_uses_it(org):
    response = obtain(Client(), org.pegawai.nip, PASSWORD)
    assert response.status_code == 200, response.content
    key = response.json()["token"]
    assert Token.objects.get(key=key).user == org.pegawai.user
    # a fresh client without a session: only the token authenticates
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    body = api.get(LIST).json()
    assert [row["id"] for row in body["results"]] == [org.pegawai.pk]
    assert api.get(reverse("pegawai-api:pegawai-detail", kwargs={"pegawai_id": org.rekan.pk})).status_code == 404
    # asking again returns the same token
    assert obtain(Client(), org.pegawai.nip, PASSWORD).json()["token"] == key


def test_bkd_obtains_a_token_with_their_username_and_writes_with_it(org):
    key = obtain(Client(), "bkd.sibolga", PASSWORD).json()["token"]
    api = Client(HTTP_AUTHORIZATION=f"Token {key}", enforce_csrf_checks=True)
    url = reverse("pegawai-api:pegawai-detail", kwargs={"pegawai_id": org.pegawai.pk})
    # token requests need no CSRF token
    response = api.patch(url, json.dumps({"gelar_depan": "Hj."}), content_type="application/json")
    assert response.status_code == 200, response.content
    org.pegawai.refresh_from_db()
    assert org.pegawai.gelar_depan == "Hj."


def test_session_writes_need_the_csrf_token(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.bkd)
    url = reverse("pegawai-api:pegawai-detail", kwargs={"pegawai_id": org.pegawai.pk})
    response = client.patch(url, json.dumps({"gelar_depan": "Hj."}), content_type="application/json")
    assert response.status_code == 403
    org.pegawai.refresh_from_db()
    assert org.pegawai.gelar_depan == ""


def test_wrong_password_is_400_without_a_token(org):
    response = obtain(Client(), org.pegawai.nip, "salah-sandi")
    assert response.status_code == 400
    assert response.json()["non_field_errors"]
    assert not Token.objects.filter(user=org.pegawai.user).exists()
    assert obtain(Client(), "tidak-ada", "salah-sandi").status_code == 400


def test_missing_fields_are_named(org):
    response = Client().post(TOKEN, {}, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_inactive_user_gets_no_token(org):
    org.pegawai.user.is_active = False
    org.pegawai.user.save(update_fields=["is_active"])
    assert obtain(Client(), org.pegawai.nip, PASSWORD).status_code == 400


def test_bad_or_unknown_token_is_401(org):
    for header in ("Token 0123456789abcdef0123456789abcdef01234567", "Token", "Token a b", "Bearer xyz"):
        response = Client(HTTP_AUTHORIZATION=header).get(LIST)
        assert response.status_code == 401, header


def test_lockout_after_the_failure_limit(org):
    limit = settings.AXES_FAILURE_LIMIT
    client = Client()
    for _ in range(limit - 1):
        assert obtain(client, org.pegawai.nip, "salah-sandi").status_code == 400
    # the limit-th failure locks the account out
    assert obtain(client, org.pegawai.nip, "salah-sandi").status_code == 429
    # from now on even the right password is refused, and no token is issued
    response = obtain(client, org.pegawai.nip, PASSWORD)
    assert response.status_code == 429
    assert "token" not in response.json()
    assert not Token.objects.filter(user=org.pegawai.user).exists()
    assert AccessAttempt.objects.get(username=org.pegawai.nip).failures_since_start >= limit
    # another account from the same address is not affected
    assert obtain(client, org.rekan.nip, PASSWORD).status_code == 200


def test_a_success_before_the_limit_resets_the_count(org):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        obtain(Client(), org.pegawai.nip, "salah-sandi")
    assert obtain(Client(), org.pegawai.nip, PASSWORD).status_code == 200
    assert obtain(Client(), org.pegawai.nip, "salah-sandi").status_code == 400
