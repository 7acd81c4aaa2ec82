"""Pages and API of the JP ledger: permission matrices over the personas, query budgets with
several rows, bad input, certificate download, the JP bar and the XLSX export."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from pegawai.models import Pegawai
from pelatihan.models import RiwayatPelatihan
from pelatihan.services.jp import sertifikat_unggah
from tests.conftest import PERSONAS
from tests.factories.pegawai import PegawaiFactory
from tests.factories.pelatihan import TAHUN, program_buat
from tests.pelatihan._jp_helpers import PDF, riwayat, sesi

pytestmark = pytest.mark.django_db

READ = {"bkd": 200, "pimpinan": 200, "other_bkd": 200, "pegawai": 404, "atasan": 404, "unrelated": 404}
OWN = {"bkd": 404, "pimpinan": 404, "other_bkd": 404, "pegawai": 200, "atasan": 200, "unrelated": 200}
WRITE = {"bkd": 302, "pimpinan": 403, "other_bkd": 404, "pegawai": 403, "atasan": 403, "unrelated": 404}
BKD_POST = {"bkd": 302, "pimpinan": 403, "other_bkd": 302, "pegawai": 404, "atasan": 404, "unrelated": 404}
DOWNLOAD = {"bkd": 200, "pimpinan": 200, "other_bkd": 404, "pegawai": 200, "atasan": 200, "unrelated": 404}
UPLOAD = {"bkd": 302, "pimpinan": 403, "other_bkd": 404, "pegawai": 302, "atasan": 403, "unrelated": 404}
EVALUASI = {"bkd": 403, "pimpinan": 403, "other_bkd": 404, "pegawai": 302, "atasan": 403, "unrelated": 404}


@pytest.fixture
def data(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    selesai = riwayat(org.pegawai, Decimal("10.5"))
    sertifikat_unggah(actor=org.bkd, riwayat=selesai, berkas=SimpleUploadedFile("s.pdf", PDF))
    terjadwal = riwayat(org.pegawai, 6, status="terjadwal")
    sesi(org.atasan, org.pegawai, 90)
    return {"selesai": selesai, "terjadwal": terjadwal}


def _cases(org, data):
    s, t = data["selesai"].pk, data["terjadwal"].pk
    return {
        "jp-saya": ("get", reverse("pelatihan:jp-saya"), {}, OWN),
        "jp-tim": ("get", reverse("pelatihan:jp-tim"), {}, OWN),
        "jp-kurang": ("get", reverse("pelatihan:jp-kurang"), {"tahun": TAHUN}, READ),
        "riwayat-list": ("get", reverse("pelatihan:riwayat-list"), {}, READ),
        "riwayat-selesai": ("post", reverse("pelatihan:riwayat-selesai", args=[t]), {"jp": "6"}, WRITE),
        "riwayat-selesai-program": ("post", reverse("pelatihan:riwayat-selesai-program"), {}, BKD_POST),
        "riwayat-sertifikat": ("get", reverse("pelatihan:riwayat-sertifikat", args=[s]), {}, DOWNLOAD),
        "riwayat-sertifikat-unggah": (
            "post",
            reverse("pelatihan:riwayat-sertifikat-unggah", args=[s]),
            {"sertifikat": SimpleUploadedFile("b.pdf", PDF)},
            UPLOAD,
        ),
        "riwayat-evaluasi": (
            "post",
            reverse("pelatihan:riwayat-evaluasi", args=[s]),
            {"nilai_evaluasi": "4"},
            EVALUASI,
        ),
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "name",
    [
        "jp-saya",
        "jp-tim",
        "jp-kurang",
        "riwayat-list",
        "riwayat-selesai",
        "riwayat-selesai-program",
        "riwayat-sertifikat",
        "riwayat-sertifikat-unggah",
        "riwayat-evaluasi",
    ],
)
def test_permission_matrix(org, data, client_as, persona, name):
    method, url, payload, expected = _cases(org, data)[name]
    response = getattr(client_as(persona), method)(url, payload)
    if persona == "anonymous":
        assert response.status_code == 302
        assert "masuk" in response["Location"] or "login" in response["Location"]
    else:
        assert response.status_code == expected[persona]


API_RIWAYAT_ID = "__riwayat__"
API = {
    "riwayat-list": ("get", "pelatihan-api:riwayat-list", False, {"bkd": 200, "pimpinan": 200, "other_bkd": 200}),
    "riwayat-create": ("post", "pelatihan-api:riwayat-list", False, {"bkd": 400, "pimpinan": 403, "other_bkd": 400}),
    "riwayat-selesai": ("post", "pelatihan-api:riwayat-selesai", True, {"bkd": 200, "pimpinan": 403, "atasan": 403}),
    "riwayat-evaluasi": ("post", "pelatihan-api:riwayat-evaluasi", True, {"pegawai": 400, "bkd": 403, "atasan": 403}),
    "riwayat-sertifikat": ("post", "pelatihan-api:riwayat-sertifikat", True, {"pegawai": 400, "bkd": 400}),
    "jp-saya": ("get", "pelatihan-api:jp-saya", False, {"pegawai": 200, "atasan": 200, "unrelated": 200}),
    "jp-kurang": ("get", "pelatihan-api:jp-kurang", False, {"bkd": 200, "pimpinan": 200, "other_bkd": 200}),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(API))
def test_api_permission_matrix(org, data, client_as, persona, name):
    method, url_name, by_id, expected = API[name]
    target = data["terjadwal"] if name == "riwayat-selesai" else data["selesai"]
    url = reverse(url_name, args=[target.pk]) if by_id else reverse(url_name)
    response = getattr(client_as(persona), method)(url, {})
    if persona == "anonymous":
        assert response.status_code == 401
        return
    # forbidden objects are 404; a role without the operation 403
    default = 404 if by_id and persona in ("other_bkd", "unrelated") else 403
    if name == "jp-saya":  # logins without a pegawai record have no ledger
        default = 404
    assert response.status_code == expected.get(persona, default)


def test_my_page_shows_the_jp_bar_records_and_earlier_years(org, data, client_as, django_assert_max_num_queries):
    riwayat(org.pegawai, 21, tahun=TAHUN - 1)
    riwayat(org.pegawai, 2)
    client = client_as("pegawai")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("pelatihan:jp-saya"), {"tahun": TAHUN})
    html = response.content.decode()
    assert response.context["buku"].capaian.jp == Decimal("14.50")  # 10.5 + 2 + a 90-minute session
    assert "14,5 dari 20 JP" in html
    assert 'aria-valuenow="72.50"' in html
    assert "21 dari 20 JP" in html
    assert reverse("pelatihan:riwayat-sertifikat", args=[data["selesai"].pk]) in html


def test_team_page_bars_constant_queries(org, data, client_as, django_assert_max_num_queries):
    for _ in range(3):
        baru = PegawaiFactory(jabatan=org.jabatan_pelaksana)
        Pegawai.objects.filter(pk=baru.pk).update(atasan=org.atasan)
        riwayat(baru, 20)
    client = client_as("atasan")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("pelatihan:jp-tim"), {"tahun": TAHUN})
    anggota = {a.pegawai.pk: a.capaian for a in response.context["anggota"]}
    assert anggota[org.pegawai.pk].jp == Decimal("12.50")
    assert anggota[org.rekan.pk].jp == Decimal("0.00")
    assert len(anggota) >= 5


def test_below_minimum_list_counts_filters_budget_and_xlsx(org, data, client_as, django_assert_max_num_queries):
    for i in range(3):
        riwayat(PegawaiFactory(jabatan=org.jabatan_perawat, nama=f"Perawat {i}"), i)
    riwayat(org.rekan, 20)
    client = client_as("bkd")
    url = reverse("pelatihan:jp-kurang")
    with django_assert_max_num_queries(10):
        response = client.get(url, {"tahun": TAHUN})
    assert response.context["rekap"] == {"total": 10, "memenuhi": 1, "kurang": 9}
    nama = [p.nama for p in response.context["page"]]
    assert org.rekan.nama not in nama
    assert nama[:1] != [org.pegawai.nama]  # the furthest behind (0 JP) first
    unit = client.get(url, {"tahun": TAHUN, "unit_kerja": org.puskesmas.pk})
    assert {p.unit_kerja_id for p in unit.context["page"]} == {org.puskesmas.pk}
    assert client.get(url, {"tahun": TAHUN, "q": org.pegawai.nip[:10]}).context["rekap"]["total"] == 1
    resp = client.get(url, {"tahun": TAHUN, "format": "xlsx"})
    ws = load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 10
    nip_row = next(r for r in rows if r[1] == org.pegawai.nama_lengkap)
    assert nip_row[0] == org.pegawai.nip
    assert isinstance(nip_row[0], str)
    assert nip_row[6:] == (12.5, 7.5)
    api = client.get(reverse("pelatihan-api:jp-kurang"), {"tahun": TAHUN})
    assert api.json()["count"] == 9
    assert client.get(reverse("pelatihan-api:jp-kurang"), {"unit_kerja": "999999"}).status_code == 400


def test_records_list_filters_and_budget(org, data, client_as, django_assert_max_num_queries):
    program = program_buat(org.instansi, "LAT1")
    for p in (org.rekan, org.unrelated, org.atasan):
        riwayat(p, 3).__class__.objects.filter(pegawai=p).update(program=program)
    client = client_as("bkd")
    url = reverse("pelatihan:riwayat-list")
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert len(response.context["page"]) == 5
    assert len(client.get(url, {"program": program.pk}).context["page"]) == 3
    assert len(client.get(url, {"status": "terjadwal"}).context["page"]) == 1
    assert len(client.get(url, {"q": "Siti"}).context["page"]) == 2
    with django_assert_max_num_queries(8):
        api = client.get(reverse("pelatihan-api:riwayat-list"), {"tahun": TAHUN})
    assert api.json()["count"] == 5


def test_record_form_and_bad_input(org, client_as):
    client = client_as("bkd")
    url = reverse("pelatihan:riwayat-list")
    ok = client.post(
        url,
        {
            "pegawai": org.pegawai.pk,
            "nama": "Workshop",
            "bentuk": "workshop",
            "tanggal_mulai": f"{TAHUN}-05-01",
            "tanggal_selesai": f"{TAHUN}-05-02",
            "jp": "8",
            "status": "selesai",
        },
    )
    assert ok.status_code == 302
    bad = client.post(
        url,
        {
            "pegawai": org.pegawai.pk,
            "nama": "",
            "tanggal_mulai": f"{TAHUN}-05-03",
            "tanggal_selesai": f"{TAHUN}-05-01",
            "jp": "8",
            "status": "selesai",
        },
    )
    assert bad.status_code == 400
    errors = bad.context["catat_form"].errors
    assert "nama" in errors
    assert "bentuk" in errors
    assert "tanggal_selesai" in errors
    assert RiwayatPelatihan.objects.count() == 1


def test_api_create_complete_evaluate_and_upload(org, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bkd = client_as("bkd")
    url = reverse("pelatihan-api:riwayat-list")
    bad = bkd.post(url, {"pegawai": org.other_pegawai.pk, "tanggal_mulai": "x"}, content_type="application/json")
    assert bad.status_code == 400
    assert "pegawai" in bad.json()
    assert "tanggal_mulai" in bad.json()
    payload = {
        "pegawai": org.pegawai.pk,
        "nama": "E-learning SPBE",
        "bentuk": "e_learning",
        "tanggal_mulai": f"{TAHUN}-02-01",
        "tanggal_selesai": f"{TAHUN}-02-03",
        "jp": "5",
    }
    created = bkd.post(url, payload, content_type="application/json")
    assert created.status_code == 201
    rid = created.json()["id"]
    assert created.json()["status"] == "terjadwal"
    done = bkd.post(reverse("pelatihan-api:riwayat-selesai", args=[rid]), {"nilai_peserta": "90"})
    assert done.json()["status"] == "selesai"
    again = bkd.post(reverse("pelatihan-api:riwayat-selesai", args=[rid]), {})
    assert again.status_code == 400
    assert "status" in again.json()
    pegawai = client_as("pegawai")
    ev = pegawai.post(reverse("pelatihan-api:riwayat-evaluasi", args=[rid]), {"nilai_evaluasi": 6})
    assert ev.status_code == 400
    assert "nilai_evaluasi" in ev.json()
    assert pegawai.post(reverse("pelatihan-api:riwayat-evaluasi", args=[rid]), {"nilai_evaluasi": 5}).status_code == 200
    up = pegawai.post(
        reverse("pelatihan-api:riwayat-sertifikat", args=[rid]), {"sertifikat": SimpleUploadedFile("a.png", PDF)}
    )
    assert up.status_code == 400
    assert "sertifikat" in up.json()
    up = pegawai.post(
        reverse("pelatihan-api:riwayat-sertifikat", args=[rid]), {"sertifikat": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert up.json()["ada_sertifikat"] is True
    saya = pegawai.get(reverse("pelatihan-api:jp-saya"), {"tahun": TAHUN}).json()
    assert saya["capaian"]["jp"] == "5.00"
    assert saya["capaian"]["kurang"] == "15.00"
    dl = pegawai.get(reverse("pelatihan:riwayat-sertifikat", args=[rid]))
    assert b"".join(dl.streaming_content) == PDF
