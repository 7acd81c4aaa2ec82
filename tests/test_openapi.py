"""The OpenAPI schema generates without a warning, and the docs page needs no other host."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

PEGAWAI_OPERATIONS = {
    ("/api/v1/auth/token/", "post"): "auth_token_create",
    ("/api/v1/pegawai/", "get"): "pegawai_list",
    ("/api/v1/pegawai/", "post"): "pegawai_create",
    ("/api/v1/pegawai/{pegawai_id}/", "get"): "pegawai_retrieve",
    ("/api/v1/pegawai/{pegawai_id}/", "patch"): "pegawai_update",
    ("/api/v1/pegawai/{pegawai_id}/riwayat/", "get"): "pegawai_riwayat",
    ("/api/v1/pegawai/{pegawai_id}/audit/", "get"): "pegawai_audit",
    ("/api/v1/unit-kerja/", "get"): "unit_kerja_list",
    ("/api/v1/unit-kerja/", "post"): "unit_kerja_create",
    ("/api/v1/unit-kerja/{unit_kerja_id}/", "get"): "unit_kerja_retrieve",
    ("/api/v1/unit-kerja/{unit_kerja_id}/", "patch"): "unit_kerja_update",
    ("/api/v1/jabatan/", "get"): "jabatan_list",
    ("/api/v1/jabatan/", "post"): "jabatan_create",
    ("/api/v1/jabatan/{jabatan_id}/", "get"): "jabatan_retrieve",
    ("/api/v1/jabatan/{jabatan_id}/", "patch"): "jabatan_update",
    ("/api/v1/golongan/", "get"): "golongan_list",
}


def test_spectacular_validates_and_fails_on_no_warning(tmp_path):
    # --fail-on-warn turns any warning or error of the generator into a failure
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    assert schema["openapi"].startswith("3.")


@pytest.fixture(scope="module")
def schema():
    generated = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(generated)
    return generated


def test_every_pegawai_operation_is_documented(schema):
    found = {
        (path, method): op["operationId"]
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if path.startswith(
            ("/api/v1/pegawai", "/api/v1/unit-kerja", "/api/v1/jabatan", "/api/v1/golongan", "/api/v1/auth")
        )
    }
    assert found == PEGAWAI_OPERATIONS
    for path, method in PEGAWAI_OPERATIONS:
        op = schema["paths"][path][method]
        assert op["tags"], path
        assert op["description"], path
        assert any(code.startswith("2") for code in op["responses"]), path


def test_list_filters_and_pages_are_query_parameters(schema):
    params = {p["name"] for p in schema["paths"]["/api/v1/pegawai/"]["get"]["parameters"]}
    assert params == {
        "q",
        "unit_kerja",
        "jenis_jabatan",
        "golongan",
        "pendidikan",
        "jenis_kelamin",
        "jenis_asn",
        "status",
        "page",
        "page_size",
    }
    params = {p["name"] for p in schema["paths"]["/api/v1/jabatan/"]["get"]["parameters"]}
    assert params == {"q", "jenis", "unit_kerja", "lowong", "page", "page_size"}
    page = schema["components"]["schemas"]["PegawaiListPage"]
    assert set(page["properties"]) == {"count", "next", "previous", "results"}


def test_request_and_response_bodies_are_explicit(schema):
    ops = schema["paths"]
    create = ops["/api/v1/pegawai/"]["post"]
    ref = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"nip", "golongan", "unit_kerja", "jabatan", "tanggal_lahir"} <= set(body["properties"])
    assert {"nip", "nama", "golongan", "tanggal_lahir"} <= set(body["required"])
    update = ops["/api/v1/pegawai/{pegawai_id}/"]["patch"]
    ref = update["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert "required" not in schema["components"]["schemas"][ref.rsplit("/", 1)[1]]  # PATCH: every field optional
    detail = schema["components"]["schemas"]["PegawaiDetailOutput"]["properties"]
    assert {"masa_kerja", "masa_kerja_golongan", "masa_jabatan", "atasan_langsung"} <= set(detail)
    # the token login is public; everything else takes a token or a session
    assert ops["/api/v1/auth/token/"]["post"].get("security", []) in ([], [{}])
    assert {"tokenAuth": []} in ops["/api/v1/pegawai/"]["get"]["security"]


def test_schema_endpoint_serves_it(db):
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/pegawai/" in response.json()["paths"]


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def test_docs_render_from_local_static_files_only(db):
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    parser = _Refs()
    parser.feed(html)
    assert parser.urls, html
    assert any("swagger-ui" in url for url in parser.urls)
    for url in parser.urls:
        assert not re.match(r"^(https?:)?//", url), url
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")) is not None, url
    # nothing in inline scripts points at another host either
    assert not re.search(r"https?://(?!localhost|127\.0\.0\.1|testserver)", html), html
