"""Needs pages: permission matrices, query budgets, the refresh button, the team page with
requests to endorse, and "Kebutuhan saya" (gaps, programmes closing them, target, requests)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pelatihan.models import KebutuhanPelatihan, PermintaanPelatihan, TargetJabatan
from pelatihan.services.kebutuhan import kebutuhan_turunkan, target_jabatan_set
from tests.conftest import PERSONAS
from tests.factories.pegawai import PegawaiFactory
from tests.factories.pelatihan import asesmen_buat, kompetensi, program_buat, standar_set

from ._kebutuhan_helpers import permintaan_buat

pytestmark = pytest.mark.django_db

TAHUN_INI = timezone.localdate().year


def _table(default: int, **kw: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, default) | {"anonymous": 302} | kw


LIST = _table(404, bkd=200, pimpinan=200, other_bkd=200)
PERBARUI = _table(404, bkd=302, other_bkd=302, pimpinan=403)
TIM = _table(404, atasan=200)
SAYA = _table(404, pegawai=200, atasan=200, unrelated=200)
AJUKAN = _table(404, pegawai=400, atasan=400, unrelated=400)
TANGGAPI = _table(404, atasan=302, bkd=302, pimpinan=403, pegawai=403)
BATAL = _table(404, pegawai=302, atasan=403, bkd=403, pimpinan=403)
HAPUS = _table(404, pegawai=302, bkd=302, atasan=403, pimpinan=403)


@pytest.fixture
def data(org):
    standar_set(org.jabatan_pelaksana, {"M1": 3, "M2": 2})
    asesmen_buat(org.pegawai, {"M1": 1, "M2": 2}, tanggal=datetime.date(TAHUN_INI - 1, 6, 1))
    program_buat(org.instansi, "INT", membangun={"M1": 3}, tahun=TAHUN_INI, nama="Integritas Lanjut")
    program_buat(
        org.instansi,
        "INT-ADM",
        membangun={"M1": 3},
        tahun=TAHUN_INI,
        nama="Integritas Pejabat",
        jenis_jabatan=["administrator"],
    )
    kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN_INI)
    permintaan = permintaan_buat(org.pegawai, tahun=TAHUN_INI)
    target = target_jabatan_set(actor=None, pegawai=org.pegawai, jabatan=org.jabatan_kasi, sumber="pegawai")
    return permintaan, target


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, client_as, data, persona):
    permintaan, target = data
    c = client_as(persona)
    assert c.get(reverse("pelatihan:kebutuhan-list")).status_code == LIST[persona]
    assert c.get(reverse("pelatihan:kebutuhan-tim")).status_code == TIM[persona]
    assert c.get(reverse("pelatihan:kebutuhan-saya")).status_code == SAYA[persona]
    assert c.post(reverse("pelatihan:permintaan-ajukan"), {}).status_code == AJUKAN[persona]
    assert c.post(reverse("pelatihan:target-set"), {}).status_code == AJUKAN[persona]
    tanggapi = reverse("pelatihan:permintaan-tanggapi", args=[permintaan.pk])
    assert c.post(tanggapi, {"keputusan": "x"}).status_code == TANGGAPI[persona]
    assert c.post(reverse("pelatihan:permintaan-batal", args=[permintaan.pk])).status_code == BATAL[persona]
    assert c.post(reverse("pelatihan:target-hapus", args=[target.pk])).status_code == HAPUS[persona]
    assert c.post(reverse("pelatihan:kebutuhan-perbarui")).status_code == PERBARUI[persona]
    if persona != "anonymous":
        assert c.get(reverse("pelatihan:kebutuhan-perbarui")).status_code == 405


def test_bkd_list_filters_counts_and_query_budget(org, client_as, data, django_assert_max_num_queries):
    for i in range(3):
        PegawaiFactory(jabatan=org.jabatan_pelaksana, nama=f"Pelaksana {i}")
    kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN_INI)
    c = client_as("bkd")
    with django_assert_max_num_queries(14):
        r = c.get(reverse("pelatihan:kebutuhan-list"))
    per_jenis = {jenis: n for jenis, _label, n in r.context["per_jenis"]}
    # 10 active pegawai lack JP; 5 pelaksana lack M1 (4 never assessed → also M2)
    assert per_jenis["jp"] == 10
    assert per_jenis["kompetensi"] == 5 + 4
    html = r.content.decode()
    assert "Integritas: jabatan Pengadministrasi Umum membutuhkan level 3, dicapai level 1" in html
    assert "Perbarui kebutuhan" in html
    r = c.get(
        reverse("pelatihan:kebutuhan-list"),
        {"jenis": "kompetensi", "kompetensi": kompetensi("M1").pk, "unit": org.seksi.pk, "q": "Siti"},
    )
    assert [(k.pegawai_id, k.kompetensi_id) for k, _a in r.context["baris"]] == [(org.pegawai.pk, kompetensi("M1").pk)]
    r = client_as("pimpinan").get(reverse("pelatihan:kebutuhan-list"))
    assert "Perbarui kebutuhan" not in r.content.decode()


def test_refresh_button_runs_the_derivation_after_commit(org, client_as, data, django_capture_on_commit_callbacks):
    KebutuhanPelatihan.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        r = client_as("bkd").post(reverse("pelatihan:kebutuhan-perbarui"))
    assert r.status_code == 302
    assert len(callbacks) == 1
    assert KebutuhanPelatihan.objects.filter(pegawai=org.pegawai, jenis="kompetensi").count() == 1


def test_team_page_and_endorsing(org, client_as, data, django_assert_max_num_queries):
    permintaan, _target = data
    permintaan_buat(org.rekan, tahun=TAHUN_INI, kode="M5")
    permintaan_buat(org.unrelated, tahun=TAHUN_INI)  # not the atasan's subordinate
    c = client_as("atasan")
    with django_assert_max_num_queries(14):
        r = c.get(reverse("pelatihan:kebutuhan-tim"))
    assert sorted(p.pegawai_id for p in r.context["permintaan"]) == sorted([org.pegawai.pk, org.rekan.pk])
    assert {k.pegawai_id for k, _a in r.context["baris"]} == {org.pegawai.pk, org.rekan.pk}
    url = reverse("pelatihan:permintaan-tanggapi", args=[permintaan.pk])
    r = c.post(url, {"keputusan": "tolak", "tanggapan": ""}, follow=True)
    assert "Tanggapan wajib diisi bila permintaan ditolak." in r.content.decode()
    c.post(url, {"keputusan": "dukung"})
    permintaan.refresh_from_db()
    assert permintaan.status == PermintaanPelatihan.Status.DIDUKUNG
    r = client_as("bkd").post(url, {"keputusan": "dukung"}, follow=True)
    assert "Permintaan sudah Didukung atasan." in r.content.decode()


def test_my_page_shows_gaps_programmes_needs_and_requests(org, client_as, data, django_assert_max_num_queries):
    standar_set(org.jabatan_kasi, {"M1": 4, "M4": 3})
    c = client_as("pegawai")
    with django_assert_max_num_queries(20):
        r = c.get(reverse("pelatihan:kebutuhan-saya"))
    saat_ini, target = r.context["profil"]
    assert [(b.kompetensi.kode, b.dibutuhkan, b.dicapai, b.sumber, b.gap) for b in saat_ini.baris] == [
        ("M1", 3, 1, "asesmen", 2),
        ("M2", 2, 2, "asesmen", 0),
    ]
    assert [(p.kode, lv, syarat) for p, lv, syarat in saat_ini.baris[0].program] == [
        ("INT", 3, True),
        ("INT-ADM", 3, False),
    ]
    assert target.target.jabatan_id == org.jabatan_kasi.pk
    assert [(b.kompetensi.kode, b.gap) for b in target.kesenjangan] == [("M1", 3), ("M4", 3)]
    html = r.content.decode()
    assert "Integritas Lanjut" in html
    assert "tidak memenuhi syarat" in html
    assert "Kekurangan JP" in html or "JP tercatat tahun ini" in html


def test_my_request_target_and_cancel(org, client_as, data):
    permintaan, target = data
    c = client_as("pegawai")
    r = c.post(reverse("pelatihan:permintaan-ajukan"), {"kompetensi": kompetensi("M6").pk, "alasan": ""})
    assert r.status_code == 400
    assert r.context["permintaan_form"].errors["alasan"]
    r = c.post(reverse("pelatihan:permintaan-ajukan"), {"alasan": "Butuh pelatihan"})
    assert "Pilih program atau kompetensi yang diminta." in r.context["permintaan_form"].errors["program"][0]
    r = c.post(reverse("pelatihan:permintaan-ajukan"), {"kompetensi": kompetensi("M6").pk, "alasan": "Mentor tim"})
    assert r.status_code == 302
    assert PermintaanPelatihan.objects.filter(pegawai=org.pegawai, kompetensi=kompetensi("M6")).exists()
    c.post(reverse("pelatihan:permintaan-batal", args=[permintaan.pk]))
    permintaan.refresh_from_db()
    assert permintaan.status == "dibatalkan"
    r = c.post(reverse("pelatihan:permintaan-batal", args=[permintaan.pk]), follow=True)
    assert "Permintaan sudah Dibatalkan." in r.content.decode()
    r = c.post(reverse("pelatihan:target-set"), {"jabatan": org.jabatan_kabid.pk})
    assert r.status_code == 302
    aktif = TargetJabatan.objects.filter(pegawai=org.pegawai, is_active=True).get()
    assert aktif.jabatan_id == org.jabatan_kabid.pk
    r = c.post(reverse("pelatihan:target-set"), {"jabatan": org.jabatan_pelaksana.pk})
    assert r.status_code == 400  # the current jabatan is not a choice
    c.post(reverse("pelatihan:target-hapus", args=[aktif.pk]))
    assert not TargetJabatan.objects.filter(pk=aktif.pk).exists()
    assert TargetJabatan.objects.filter(pk=target.pk).exists()


PILIHAN = _table(404, pegawai=200, atasan=200, unrelated=200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_target_type_ahead_permission_matrix(org, client_as, persona):
    r = client_as(persona).get(reverse("pelatihan:pilihan-jabatan-target"), {"q": "Kepala"})
    assert r.status_code == PILIHAN[persona]


def test_target_type_ahead_offers_the_instansis_jabatan_but_ones_own(org, client_as):
    c = client_as("pegawai")
    hasil = c.get(reverse("pelatihan:pilihan-jabatan-target"), {"q": ""}).json()["results"]
    ids = {r["value"] for r in hasil}
    assert org.jabatan_kabid.pk in ids
    assert org.jabatan_pelaksana.pk not in ids  # the pegawai's own
    assert org.other_pegawai.jabatan_id not in ids  # another instansi's
    kepala = c.get(reverse("pelatihan:pilihan-jabatan-target"), {"q": "Kepala Bidang"}).json()["results"]
    assert [r["value"] for r in kepala] == [org.jabatan_kabid.pk]
    # the page renders a type-ahead, not every jabatan as an option; another instansi's jabatan
    # is refused naming the field, and nothing is saved
    page = c.get(reverse("pelatihan:kebutuhan-saya")).content.decode()
    assert 'data-pilihan-url="/pelatihan/saya/target/pilihan/"' in page
    assert f'<option value="{org.jabatan_kapus.pk}"' not in page
    r = c.post(reverse("pelatihan:target-set"), {"jabatan": org.other_pegawai.jabatan_id})
    assert r.status_code == 400
    assert r.context["target_form"].errors["jabatan"] == ["Pilih jabatan yang ada di instansi ini."]
    assert not TargetJabatan.objects.filter(pegawai=org.pegawai, sumber="pegawai").exists()
