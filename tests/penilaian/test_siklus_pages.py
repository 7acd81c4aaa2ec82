"""Pages of the evaluation cycle: periods, a cycle's progress, who is late. Permission matrix
over the personas, query budgets, the live progress partial."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from penilaian.models import Periode, SiklusEvaluasi
from penilaian.services.siklus import siklus_jalankan, siklus_mulai
from tests.conftest import PERSONAS
from tests.factories.penilaian import periode_tahun
from tests.penilaian._siklus_helpers import kasus_golden

pytestmark = pytest.mark.django_db

READERS = {"bkd": 200, "other_bkd": 200, "pimpinan": 200, "pegawai": 404, "atasan": 404, "unrelated": 404}
ORG_READ = {"bkd": 200, "other_bkd": 404, "pimpinan": 200, "pegawai": 404, "atasan": 404, "unrelated": 404}
ORG_WRITE = {"bkd": 302, "other_bkd": 404, "pimpinan": 403, "pegawai": 404, "atasan": 404, "unrelated": 404}
OWN_WRITE = {"bkd": 302, "other_bkd": 302, "pimpinan": 403, "pegawai": 404, "atasan": 404, "unrelated": 404}


@pytest.fixture
def siklus(org):
    berkala, _ = periode_tahun(org.instansi)
    return siklus_mulai(actor=org.bkd, periode=berkala[0], kirim=False)


def _cases(org, siklus):
    p = siklus.periode_id
    return {
        "periode-list": ("get", reverse("penilaian:periode-list"), {}, READERS),
        "periode-tahun-create": ("post", reverse("penilaian:periode-tahun-create"), {"tahun": 2027}, OWN_WRITE),
        "siklus-mulai": ("post", reverse("penilaian:siklus-mulai", args=[p]), {}, ORG_WRITE),
        "siklus-detail": ("get", reverse("penilaian:siklus-detail", args=[siklus.pk]), {}, ORG_READ),
        "siklus-keterlambatan": ("get", reverse("penilaian:siklus-keterlambatan") + f"?periode={p}", {}, READERS),
    }


NAMES = ["periode-list", "periode-tahun-create", "siklus-mulai", "siklus-detail", "siklus-keterlambatan"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", NAMES)
def test_permission_matrix(org, siklus, client_as, persona, name):
    method, url, data, expected = _cases(org, siklus)[name]
    response = getattr(client_as(persona), method)(url, data)
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/login" in response["Location"] or "masuk" in response["Location"]
    else:
        assert response.status_code == expected[persona]


@pytest.mark.parametrize("name", ["periode-tahun-create", "siklus-mulai"])
def test_posting_pages_refuse_get(org, siklus, client_as, name):
    _method, url, _data, _expected = _cases(org, siklus)[name]
    assert client_as("bkd").get(url).status_code == 405


def test_other_instansi_sees_nothing_of_this_one_when_late_page_is_asked_for_it(org, siklus, client_as):
    response = client_as("other_bkd").get(reverse("penilaian:siklus-keterlambatan") + f"?periode={siklus.periode_id}")
    assert response.status_code == 200
    assert response.context["periode"] is None
    assert org.pegawai.nama not in response.content.decode()


def test_create_a_year_of_periods(org, client_as):
    response = client_as("bkd").post(reverse("penilaian:periode-tahun-create"), {"tahun": 2027})
    assert response.status_code == 302
    assert response["Location"].endswith("?tahun=2027")
    assert Periode.objects.filter(instansi=org.instansi, tahun=2027).count() == 5  # 4 quarters + annual
    bad = client_as("bkd").post(reverse("penilaian:periode-tahun-create"), {"tahun": 1999})
    assert bad.status_code == 400
    assert bad.context["form"].errors["tahun"]


def test_start_redirects_to_progress_and_a_running_cycle_is_refused(org, siklus, client_as):
    url = reverse("penilaian:siklus-mulai", args=[siklus.periode_id])
    response = client_as("bkd").post(url)
    assert response["Location"] == reverse("penilaian:siklus-detail", args=[siklus.pk])
    SiklusEvaluasi.objects.filter(pk=siklus.pk).update(status="berjalan", detak=timezone.now())
    response = client_as("bkd").post(url, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("penilaian:periode-list"))
    assert "sedang berjalan" in response.content.decode()


def test_progress_polls_while_running_and_shows_the_outcome_when_done(org, siklus, client_as):
    url = reverse("penilaian:siklus-detail", args=[siklus.pk])
    client = client_as("bkd")
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "<html" in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="siklus-progres"' in partial
    assert "<html" not in partial

    siklus_jalankan(siklus_id=siklus.pk)
    done = client.get(url).content.decode()
    assert "every 2s" not in done
    assert 'id="siklus-hasil"' in done
    assert 'aria-valuenow="100"' in done


def test_failed_cycle_shows_its_error(org, siklus, client_as):
    SiklusEvaluasi.objects.filter(pk=siklus.pk).update(status="gagal", galat="RuntimeError: contoh", langkah="nilai")
    page = client_as("pimpinan").get(reverse("penilaian:siklus-detail", args=[siklus.pk])).content.decode()
    assert "RuntimeError: contoh" in page
    assert "Lanjutkan" not in page  # pimpinan reads only


def test_periode_page_query_budget(org, client_as, django_assert_max_num_queries):
    berkala, tahunan = periode_tahun(org.instansi)
    for p in [*berkala[:3], tahunan]:
        siklus_mulai(actor=org.bkd, periode=p, kirim=False)
    client = client_as("bkd")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("penilaian:periode-list") + "?tahun=2026")
    assert response.status_code == 200
    assert len(response.context["periode_list"]) == 5
    assert response.content.decode().count(reverse("penilaian:siklus-detail", args=[0])[:-2]) >= 4


@pytest.mark.parametrize("jenis", ["skp", "realisasi", "penilai"])
def test_keterlambatan_query_budget_and_content(org, client_as, django_assert_max_num_queries, jenis):
    kasus = kasus_golden(org)
    client = client_as("bkd")
    url = reverse("penilaian:siklus-keterlambatan") + f"?periode={kasus.periode.pk}&jenis={jenis}"
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    jumlah = response.context["jumlah"]
    assert (jumlah["jumlah"], jumlah["tanpa_skp"], jumlah["tanpa_realisasi"], jumlah["belum_dinilai"]) == (7, 4, 1, 6)
    page = response.content.decode()
    daftar = list(response.context["page"])
    if jenis == "skp":
        assert {r["pegawai_id"] for r in daftar} == {
            org.kepala_dinas.pk,
            org.kepala_bidang.pk,
            org.atasan.pk,
            org.kepala_puskesmas.pk,
        }
    elif jenis == "realisasi":
        assert [r["pegawai_id"] for r in daftar] == [org.rekan.pk]
        assert org.rekan.nama in page
    else:
        assert {r["pejabat_penilai_id"]: r["jumlah"] for r in daftar} == {
            org.atasan.pk: 1,
            org.kepala_bidang.pk: 1,
            org.kepala_dinas.pk: 2,
            org.kepala_puskesmas.pk: 1,
        }


def test_keterlambatan_defaults_to_the_current_period(org, client_as):
    periode_tahun(org.instansi)
    response = client_as("bkd").get(reverse("penilaian:siklus-keterlambatan"))
    assert response.status_code == 200
    assert response.context["periode"].jenis != "tahunan"
    empty = client_as("other_bkd").get(reverse("penilaian:siklus-keterlambatan"))
    assert empty.context["periode"] is None


def test_periode_page_ignores_a_malformed_year(org, client_as):
    response = client_as("bkd").get(reverse("penilaian:periode-list") + "?tahun=abc")
    assert response.status_code == 200
    assert response.context["tahun"] == timezone.localdate().year
