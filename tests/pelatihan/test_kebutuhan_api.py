"""Needs, requests and target jabatan API: permission matrices, query budgets, the reason in the
detail, the request workflow and the derivation trigger."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from pelatihan.models import KebutuhanPelatihan, PermintaanPelatihan, TargetJabatan
from pelatihan.services.kebutuhan import kebutuhan_turunkan, target_jabatan_set
from tests.conftest import PERSONAS, login_user
from tests.factories.pelatihan import TAHUN, asesmen_buat, kompetensi, program_buat, standar_set

from ._kebutuhan_helpers import permintaan_buat

pytestmark = pytest.mark.django_db


def _table(default: int, **kw: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, default) | {"anonymous": 401} | kw


LIST = _table(200)
DETAIL = _table(404, pegawai=200, atasan=200, bkd=200, pimpinan=200)
TURUNKAN = _table(403, bkd=202, other_bkd=202)
AJUKAN = _table(403, pegawai=400, atasan=400, unrelated=400)
BATAL = _table(404, pegawai=200, atasan=403, bkd=403, pimpinan=403)
DUKUNG = _table(404, atasan=200, bkd=200, pimpinan=403, pegawai=403)
TARGET_SET = _table(400)
TARGET_HAPUS = _table(404, pegawai=204, bkd=204, atasan=403, pimpinan=403)


def api(org, persona: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    user = login_user(org, persona)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def data(org):
    standar_set(org.jabatan_pelaksana, {"M1": 3})
    asesmen_buat(org.pegawai, {"M1": 1})
    kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN)
    need = KebutuhanPelatihan.objects.get(pegawai=org.pegawai, jenis="kompetensi")
    permintaan = permintaan_buat(org.pegawai)
    target = target_jabatan_set(actor=None, pegawai=org.pegawai, jabatan=org.jabatan_kasi, sumber="pegawai")
    return need, permintaan, target


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, data, persona, django_capture_on_commit_callbacks):
    need, permintaan, target = data
    c = api(org, persona)
    j = "application/json"
    assert c.get(reverse("pelatihan-api:kebutuhan-list")).status_code == LIST[persona]
    assert c.get(reverse("pelatihan-api:kebutuhan-detail", args=[need.pk])).status_code == DETAIL[persona]
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(reverse("pelatihan-api:kebutuhan-turunkan"), {"tahun": TAHUN}, content_type=j)
    assert r.status_code == TURUNKAN[persona]
    assert c.get(reverse("pelatihan-api:permintaan-list")).status_code == LIST[persona]
    assert c.post(reverse("pelatihan-api:permintaan-list"), {}, content_type=j).status_code == AJUKAN[persona]
    assert c.post(reverse("pelatihan-api:permintaan-dukung", args=[permintaan.pk])).status_code == DUKUNG[persona]
    if DUKUNG[persona] != 200:
        assert c.post(reverse("pelatihan-api:permintaan-batal", args=[permintaan.pk])).status_code == BATAL[persona]
    assert c.get(reverse("pelatihan-api:target-list")).status_code == LIST[persona]
    assert c.post(reverse("pelatihan-api:target-list"), {}, content_type=j).status_code == TARGET_SET[persona]
    hapus = reverse("pelatihan-api:target-detail", args=[target.pk])
    assert c.delete(hapus).status_code == TARGET_HAPUS[persona]


def test_lists_are_scoped_and_their_queries_do_not_grow(org, data, django_assert_max_num_queries):
    for p in (org.rekan, org.unrelated, org.kepala_dinas):
        asesmen_buat(p, {"M2": 1})
        permintaan_buat(p)
        target_jabatan_set(actor=None, pegawai=p, jabatan=org.jabatan_kabid, sumber="bkd")
    kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN)
    bkd = api(org, "bkd")
    with django_assert_max_num_queries(7):
        r = bkd.get(reverse("pelatihan-api:kebutuhan-list"), {"page_size": 100})
    assert r.json()["count"] == KebutuhanPelatihan.objects.filter(instansi=org.instansi).count()
    with django_assert_max_num_queries(7):
        assert bkd.get(reverse("pelatihan-api:permintaan-list")).json()["count"] == 4
    with django_assert_max_num_queries(7):
        assert bkd.get(reverse("pelatihan-api:target-list")).json()["count"] == 4
    atasan = api(org, "atasan").get(reverse("pelatihan-api:kebutuhan-list"), {"jenis": "kompetensi"}).json()
    assert {row["pegawai"]["id"] for row in atasan["results"]} == {org.pegawai.pk, org.rekan.pk}
    saya = api(org, "unrelated").get(reverse("pelatihan-api:permintaan-list")).json()
    assert [row["pegawai"]["id"] for row in saya["results"]] == [org.unrelated.pk]


def test_detail_carries_the_reason(org, data):
    need, _p, _t = data
    body = api(org, "pegawai").get(reverse("pelatihan-api:kebutuhan-detail", args=[need.pk])).json()
    assert body["prioritas"] == 70
    assert body["alasan"].startswith("Integritas: jabatan Pengadministrasi Umum membutuhkan level 3, dicapai level 1")
    assert (body["level_dibutuhkan"], body["level_dicapai"], body["status"]) == (3, 1, "terbuka")
    r = api(org, "bkd").get(reverse("pelatihan-api:kebutuhan-list"), {"jenis": "bukan"})
    assert r.status_code == 400
    assert "jenis" in r.json()


def test_request_workflow(org, data):
    _need, permintaan, _t = data
    j = "application/json"
    program = program_buat(org.instansi, "KOM", membangun={"M3": 3})
    pegawai = api(org, "pegawai")
    r = pegawai.post(
        reverse("pelatihan-api:permintaan-list"), {"program": program.pk, "alasan": "Layanan"}, content_type=j
    )
    assert r.status_code == 201
    assert (r.json()["program"], r.json()["status"], r.json()["tahun"]) == (program.pk, "diajukan", r.json()["tahun"])
    r = pegawai.post(reverse("pelatihan-api:permintaan-list"), {"kompetensi": 10**20, "alasan": "x"}, content_type=j)
    assert r.status_code == 400
    assert "kompetensi" in r.json()
    atasan = api(org, "atasan")
    r = atasan.post(reverse("pelatihan-api:permintaan-tolak", args=[permintaan.pk]), {}, content_type=j)
    assert r.status_code == 400
    assert "tanggapan" in r.json()
    r = atasan.post(
        reverse("pelatihan-api:permintaan-tolak", args=[permintaan.pk]), {"tanggapan": "Tahun depan"}, content_type=j
    )
    assert (r.status_code, r.json()["status"], r.json()["tanggapan"]) == (200, "ditolak", "Tahun depan")
    r = pegawai.post(reverse("pelatihan-api:permintaan-batal", args=[permintaan.pk]))
    assert r.status_code == 400
    assert "status" in r.json()
    assert PermintaanPelatihan.objects.get(pk=permintaan.pk).status == "ditolak"


def test_target_jabatan_by_pegawai_and_bkd(org, data):
    j = "application/json"
    r = api(org, "pegawai").post(
        reverse("pelatihan-api:target-list"), {"jabatan": org.jabatan_kabid.pk}, content_type=j
    )
    assert r.status_code == 201
    assert (r.json()["sumber"], r.json()["pegawai"]["id"]) == ("pegawai", org.pegawai.pk)
    r = api(org, "pegawai").post(
        reverse("pelatihan-api:target-list"), {"pegawai": org.rekan.pk, "jabatan": org.jabatan_kabid.pk}, content_type=j
    )
    assert r.status_code == 403
    bkd = api(org, "bkd")
    r = bkd.post(reverse("pelatihan-api:target-list"), {"jabatan": org.jabatan_kabid.pk}, content_type=j)
    assert r.status_code == 400
    assert "pegawai" in r.json()
    r = bkd.post(
        reverse("pelatihan-api:target-list"), {"pegawai": org.rekan.pk, "jabatan": org.jabatan_kabid.pk}, content_type=j
    )
    assert (r.status_code, r.json()["sumber"]) == (201, "bkd")
    r = bkd.post(
        reverse("pelatihan-api:target-list"),
        {"pegawai": org.rekan.pk, "jabatan": org.other_pegawai.jabatan_id},
        content_type=j,
    )
    assert r.status_code == 400
    assert "jabatan" in r.json()
    assert TargetJabatan.objects.filter(pegawai=org.rekan).count() == 1


def test_trigger_runs_the_derivation(org, data, django_capture_on_commit_callbacks):
    KebutuhanPelatihan.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        r = api(org, "bkd").post(
            reverse("pelatihan-api:kebutuhan-turunkan"), {"tahun": TAHUN}, content_type="application/json"
        )
    assert r.json() == {"instansi": org.instansi.pk, "tahun": TAHUN}
    assert KebutuhanPelatihan.objects.filter(pegawai=org.pegawai, kompetensi=kompetensi("M1")).exists()
