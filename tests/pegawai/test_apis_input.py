"""Bad input to the pegawai API: a 400 naming the field, nothing saved, and never a 5xx."""

from __future__ import annotations

import json

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from common.models import AuditLog
from pegawai.models import Jabatan, Pegawai, UnitKerja, User
from tests.conftest import login_user
from tests.factories.pegawai import golongan
from tests.pegawai.payloads import pegawai_payload

LIST = reverse("pegawai-api:pegawai-list")


def counts():
    return (
        Pegawai.objects.count(),
        User.objects.count(),
        UnitKerja.objects.count(),
        Jabatan.objects.count(),
        AuditLog.objects.count(),
    )


def send(client, method, url, data):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def assert_400_naming(response, *fields):
    assert response.status_code == 400, response.content
    body = response.json()
    for field in fields:
        assert field in body, (field, body)
        assert body[field], body
        assert all(isinstance(message, str) and message for message in body[field]), body


@pytest.fixture
def bkd(client_as):
    return client_as("bkd")


@pytest.mark.parametrize(
    ("nip", "rule"),
    [
        ("19900517201503100", "17 digits"),
        ("1990051720150310011", "19 digits"),
        ("19900517201503100A", "a letter"),
        ("1990-0517201503100", "a dash"),
        ("199013172015031001", "birth month 13"),
        ("199002302015031001", "30 February"),
        ("199005182015031001", "birth date differs from tanggal_lahir"),
        ("199005172015001001", "TMT month 00"),
        ("199005172015131001", "TMT month 13"),
        ("199005171989031001", "TMT before birth"),
        ("199005172016031001", "TMT differs from tmt_cpns"),
        ("199005172015033001", "gender digit 3"),
        ("199005172015032001", "gender digit 2 for a man"),
        ("199005172015031000", "sequence 000"),
    ],
)
def test_bad_nip(org, bkd, nip, rule):
    before = counts()
    response = send(bkd, "post", LIST, pegawai_payload(org, nip=nip))
    assert_400_naming(response, "nip")
    assert counts() == before, rule


def test_duplicate_nip(org, bkd):
    p = org.pegawai
    data = pegawai_payload(
        org,
        nip=p.nip,
        tanggal_lahir=p.tanggal_lahir.isoformat(),
        jenis_kelamin=p.jenis_kelamin,
        tmt_cpns=p.tmt_cpns.isoformat(),
        tmt_golongan=p.tmt_cpns.isoformat(),
        tmt_jabatan=p.tmt_cpns.isoformat(),
        nik="",
    )
    before = counts()
    assert_400_naming(send(bkd, "post", LIST, data), "nip")
    assert counts() == before


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"golongan": "IX"}, "golongan"),  # a PPPK golongan for a PNS
        ({"jenis_asn": "PPPK", "nip": "123456789012345678", "golongan": "III/a"}, "golongan"),
        ({"golongan": "V/a"}, "golongan"),
        ({"golongan": 10**30}, "golongan"),
        ({"golongan": ["III/a"]}, "golongan"),
        ({"golongan": None}, "golongan"),
        ({"nik": "127101170590000"}, "nik"),
        ({"nik": "1271015705900001"}, "nik"),  # a woman's day (+40) for a man
        ({"email": "bukan-email"}, "email"),
        ({"jenis_kelamin": "X"}, "jenis_kelamin"),
        ({"pendidikan_terakhir": "SMA"}, "pendidikan_terakhir"),
        ({"tanggal_lahir": "1990-02-30"}, "tanggal_lahir"),
        ({"tanggal_lahir": "17-05-1990"}, "tanggal_lahir"),
        ({"tanggal_lahir": "kemarin"}, "tanggal_lahir"),
        ({"tanggal_lahir": 19900517}, "tanggal_lahir"),
        ({"tmt_cpns": "2015-03-01T25:00:00"}, "tmt_cpns"),
        ({"tmt_golongan": "2014-01-01"}, "tmt_golongan"),  # before TMT CPNS
        ({"tmt_jabatan": None}, "tmt_jabatan"),  # a jabatan needs its TMT
        ({"tmt_jabatan": "2010-01-01"}, "tmt_jabatan"),
        ({"nama": ""}, "nama"),
        ({"nama": "x" * 151}, "nama"),
        ({"nama": "Rahmat\x00Hidayat"}, "nama"),
        ({"unit_kerja": "abc"}, "unit_kerja"),
        ({"unit_kerja": 1.5}, "unit_kerja"),
        ({"unit_kerja": True}, "unit_kerja"),
        ({"unit_kerja": [1]}, "unit_kerja"),
        ({"unit_kerja": {"id": 1}}, "unit_kerja"),
        ({"unit_kerja": -1}, "unit_kerja"),
        ({"unit_kerja": 0}, "unit_kerja"),
        ({"unit_kerja": 10**30}, "unit_kerja"),
        ({"unit_kerja": "١٢"}, "unit_kerja"),  # Arabic-Indic digits
        ({"jabatan": "x"}, "jabatan"),
    ],
)
def test_bad_field(org, bkd, extra, field):
    before = counts()
    assert_400_naming(send(bkd, "post", LIST, pegawai_payload(org, **extra)), field)
    assert counts() == before


def test_rows_of_another_instansi_are_refused_by_name(org, bkd):
    other_unit = UnitKerja.objects.get(instansi=org.other_instansi)
    other_jabatan = Jabatan.objects.get(instansi=org.other_instansi)
    before = counts()
    response = send(bkd, "post", LIST, pegawai_payload(org, unit_kerja=other_unit.pk, jabatan=other_jabatan.pk))
    assert_400_naming(response, "unit_kerja", "jabatan")
    assert str(other_unit.pk) in response.json()["unit_kerja"][0]
    assert counts() == before


def test_missing_fields_are_all_named(org, bkd):
    before = counts()
    response = send(bkd, "post", LIST, {})
    assert_400_naming(
        response,
        "jenis_asn",
        "nip",
        "nama",
        "jenis_kelamin",
        "tanggal_lahir",
        "pendidikan_terakhir",
        "tmt_cpns",
        "golongan",
        "tmt_golongan",
    )
    data = pegawai_payload(org)
    del data["unit_kerja"], data["jabatan"], data["tmt_jabatan"]
    assert_400_naming(send(bkd, "post", LIST, data), "unit_kerja")
    assert counts() == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"nip": "123"}, "nip"),
        ({"golongan": "IX"}, "golongan"),
        ({"tanggal_lahir": "1990-13-01"}, "tanggal_lahir"),
        ({"status": "cuti"}, "status"),
        ({"jenis_asn": "PPPK"}, "golongan"),  # a PNS golongan left on a PPPK
        ({"nama": None}, "nama"),
        ({"tmt_jabatan": None}, "tmt_jabatan"),
        ({"unit_kerja": None}, "unit_kerja"),
        ({"atasan_override": "self"}, "atasan_override"),
        ({"atasan_override": "other"}, "atasan_override"),
        ({"unit_kerja": "other"}, "unit_kerja"),
        ({"jabatan": "other"}, "jabatan"),
    ],
)
def test_bad_update_changes_nothing(org, bkd, data, field):
    p = org.pegawai
    replace = {
        "self": p.pk,
        "other": {
            "atasan_override": org.other_pegawai.pk,
            "unit_kerja": UnitKerja.objects.get(instansi=org.other_instansi).pk,
            "jabatan": Jabatan.objects.get(instansi=org.other_instansi).pk,
        },
    }
    data = {k: (replace[v] if v == "self" else replace["other"][k] if v == "other" else v) for k, v in data.items()}
    before = model_to_dict(Pegawai.objects.get(pk=p.pk))
    audit_before = AuditLog.objects.count()
    response = send(bkd, "patch", reverse("pegawai-api:pegawai-detail", kwargs={"pegawai_id": p.pk}), data)
    assert_400_naming(response, field)
    assert model_to_dict(Pegawai.objects.get(pk=p.pk)) == before
    assert AuditLog.objects.count() == audit_before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"nama": "Seksi X", "kode": "X", "jenis": "kantin"}, "jenis"),
        ({"nama": "Seksi X", "kode": "X", "jenis": "seksi", "parent": "root"}, "parent"),
        ({"nama": "Seksi X", "kode": "X", "jenis": "seksi", "parent": "other"}, "parent"),
        ({"kode": "X", "jenis": "seksi"}, "nama"),
        ({"nama": "Seksi X", "kode": "DINKES", "jenis": "seksi"}, "kode"),  # kode taken
        ({"nama": "Seksi X", "kode": "X", "jenis": "seksi", "is_unit_layanan": "barangkali"}, "is_unit_layanan"),
    ],
)
def test_bad_unit_kerja(org, bkd, data, field):
    other = UnitKerja.objects.get(instansi=org.other_instansi).pk
    data = {k: (other if v == "other" else "x1" if v == "root" else v) for k, v in data.items()}
    before = counts()
    assert_400_naming(send(bkd, "post", reverse("pegawai-api:unit-kerja-list"), data), field)
    assert counts() == before


@pytest.mark.parametrize("target", ["seksi", "bidang"])
def test_unit_kerja_cannot_move_under_itself(org, bkd, target):
    url = reverse("pegawai-api:unit-kerja-detail", kwargs={"unit_kerja_id": org.bidang.pk})
    assert_400_naming(send(bkd, "patch", url, {"parent": getattr(org, target).pk}), "parent")
    org.bidang.refresh_from_db()
    assert org.bidang.parent == org.dinas
    assert org.bidang.path == f"{org.dinas.pk}/{org.bidang.pk}/"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"jenis": "fungsional_keahlian"}, "jenjang"),
        ({"jenis": "fungsional_keahlian", "jenjang": "terampil"}, "jenjang"),
        ({"jenjang": "ahli_muda"}, "jenjang"),  # jenjang on a pelaksana
        ({"golongan_minimal": "III/c", "golongan_maksimal": "III/a"}, "golongan_maksimal"),
        ({"kebutuhan": 0}, "kebutuhan"),
        ({"kebutuhan": 10**6}, "kebutuhan"),
        ({"eselon": "VI"}, "eselon"),
        ({"atasan": "other"}, "atasan"),
        ({"unit_kerja": "other"}, "unit_kerja"),
        ({"unit_kerja": None}, "unit_kerja"),
        ({"is_kepala_unit": True}, "is_kepala_unit"),  # the seksi has its kepala already
    ],
)
def test_bad_jabatan(org, bkd, extra, field):
    other_unit = UnitKerja.objects.get(instansi=org.other_instansi).pk
    other_jabatan = Jabatan.objects.get(instansi=org.other_instansi).pk
    data = {"unit_kerja": org.seksi.pk, "nama": "Analis", "jenis": "pelaksana", **extra}
    if data.get("atasan") == "other":
        data["atasan"] = other_jabatan
    if data.get("unit_kerja") == "other":
        data["unit_kerja"] = other_unit
    before = counts()
    assert_400_naming(send(bkd, "post", reverse("pegawai-api:jabatan-list"), data), field)
    assert counts() == before


def test_jabatan_cannot_report_to_its_own_subordinate(org, bkd):
    url = reverse("pegawai-api:jabatan-detail", kwargs={"jabatan_id": org.jabatan_kabid.pk})
    assert_400_naming(send(bkd, "patch", url, {"atasan": org.jabatan_pelaksana.pk}), "atasan")
    org.jabatan_kabid.refresh_from_db()
    assert org.jabatan_kabid.atasan == org.jabatan_kadis


@pytest.mark.parametrize(
    ("url_name", "params", "field"),
    [
        ("pegawai-list", {"page": 999999}, "page"),
        ("pegawai-list", {"page": 10**30}, "page"),
        ("pegawai-list", {"page": 0}, "page"),
        ("pegawai-list", {"page": "abc"}, "page"),
        ("pegawai-list", {"unit_kerja": "abc"}, "unit_kerja"),
        ("pegawai-list", {"unit_kerja": 10**30}, "unit_kerja"),
        ("pegawai-list", {"jenis_asn": "TNI"}, "jenis_asn"),
        ("pegawai-list", {"jenis_jabatan": "raja"}, "jenis_jabatan"),
        ("pegawai-list", {"pendidikan": "SMA"}, "pendidikan"),
        ("pegawai-list", {"status": "cuti"}, "status"),
        ("pegawai-list", {"q": "x" * 101}, "q"),
        ("pegawai-list", {"q": "Siti\x00"}, "q"),
        ("unit-kerja-list", {"page": 99}, "page"),
        ("jabatan-list", {"lowong": "barangkali"}, "lowong"),
        ("jabatan-list", {"jenis": "raja"}, "jenis"),
        ("jabatan-list", {"page": -1}, "page"),
        ("golongan-list", {"jenis_asn": "TNI"}, "jenis_asn"),
        ("golongan-list", {"page": 3}, "page"),
    ],
)
def test_bad_query_parameters(org, bkd, url_name, params, field):
    assert_400_naming(bkd.get(reverse(f"pegawai-api:{url_name}"), params), field)


@pytest.mark.parametrize("page_size", ["abc", "0", "-5", str(10**30)])
def test_odd_page_sizes_fall_back_to_the_limits(org, bkd, page_size):
    response = bkd.get(LIST, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 7


GARBAGE = [
    (b"{not json", "application/json"),
    (b"[1, 2, 3]", "application/json"),
    (b'"just a string"', "application/json"),
    (b"null", "application/json"),
    (b"", "application/json"),
    (b"\x00\xff\xfe", "application/json"),
    (b'{"nama": {"nested": [1, {"deep": null}]}, "nip": 1e309}', "application/json"),
    (b'{"unit_kerja": 1e400, "golongan": -0.0, "tanggal_lahir": []}', "application/json"),
    (b"nama=x&nip=1", "application/x-www-form-urlencoded"),
    (b"<xml/>", "application/xml"),
    (b"\x00\x01", "text/plain"),
]


@pytest.mark.parametrize("persona", ["bkd", "pegawai", "anonymous"])
def test_no_5xx_for_garbage_anywhere(org, persona):
    client = Client(raise_request_exception=False)
    user = login_user(org, persona)
    if user is not None:
        client.force_login(user)
    urls = [
        reverse("pegawai-api:token"),
        LIST,
        reverse("pegawai-api:pegawai-detail", kwargs={"pegawai_id": org.pegawai.pk}),
        reverse("pegawai-api:pegawai-riwayat", kwargs={"pegawai_id": org.pegawai.pk}),
        reverse("pegawai-api:pegawai-audit", kwargs={"pegawai_id": org.pegawai.pk}),
        reverse("pegawai-api:unit-kerja-list"),
        reverse("pegawai-api:unit-kerja-detail", kwargs={"unit_kerja_id": org.seksi.pk}),
        reverse("pegawai-api:jabatan-list"),
        reverse("pegawai-api:jabatan-detail", kwargs={"jabatan_id": org.jabatan_pelaksana.pk}),
        reverse("pegawai-api:golongan-list"),
        "/api/v1/pegawai/99999999999999999999999/",
        "/api/v1/unit-kerja/9223372036854775808/",
    ]
    before = counts()[:4]
    for url in urls:
        for body, content_type in GARBAGE:
            for method in ("post", "patch", "put"):
                response = getattr(client, method)(url, body, content_type=content_type)
                assert response.status_code < 500, (url, method, body, response.status_code)
        for query in ("?page=-1&page_size=x&unit_kerja=%00", "?q=%ff%fe&golongan=%00", "?lowong=1e9&jenis_asn[]=x"):
            response = client.get(url + query)
            assert response.status_code < 500, (url, query, response.status_code)
    assert counts()[:4] == before


def test_golongan_by_code_of_either_jenis(org, bkd):
    # codes do not overlap between PNS and PPPK, so a code names one golongan
    data = pegawai_payload(org, golongan="II/a")
    response = send(bkd, "post", LIST, data)
    assert response.status_code == 201, response.content
    assert response.json()["golongan"]["id"] == golongan("II/a").pk
