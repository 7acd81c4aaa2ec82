"""The rotation page: permission matrix for the page, its export and the proposal button, the
list with explanations and counts, filters, the query budget, and bad filter input."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from karier.models import Rekomendasi
from pegawai.rules import add_years
from tests.conftest import PERSONAS
from tests.factories.karier import penempatan_buat
from tests.factories.pelatihan import asesmen_buat, standar_set

from .test_rotasi_selectors import jabatan, pegawai, unit

pytestmark = pytest.mark.django_db

HARI_INI = timezone.localdate()


def _table(default: int, **kw: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, default) | {"anonymous": 302} | kw


LIST = _table(404, bkd=200, pimpinan=200, other_bkd=200)
USULKAN = _table(404, bkd=302, other_bkd=302, pimpinan=403)


@pytest.fixture
def ronde(org):
    a, b = unit(org, "A"), unit(org, "B")
    ja = jabatan(a, kebutuhan=10)
    pergi = pegawai(ja, add_years(HARI_INI, -6), nama="Ayu Jatuh Tempo")
    tinggal = pegawai(ja, add_years(HARI_INI, -3), nama="Bima Kandidat")
    for _ in range(8):
        pegawai(ja, add_years(HARI_INI, -1))
    jb = jabatan(b, nama="Pengelola Keuangan", kebutuhan=2)
    standar_set(jb, {"M1": 3})
    asesmen_buat(pergi, {"M1": 3})
    return a, pergi, tinggal, jb


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, client_as, ronde, persona):
    c = client_as(persona)
    assert c.get(reverse("karier:rotasi")).status_code == LIST[persona]
    assert c.get(reverse("karier:rotasi-xlsx")).status_code == LIST[persona]
    assert c.post(reverse("karier:rotasi-usulkan")).status_code == USULKAN[persona]
    dibuat = Rekomendasi.objects.filter(instansi=org.instansi, jenis="rotasi").count()
    assert dibuat == (1 if persona == "bkd" else 0)


def test_page_lists_with_explanations(org, client_as, ronde):
    a, pergi, tinggal, _jb = ronde
    r = client_as("pimpinan").get(reverse("karier:rotasi"), {"unit_kerja": a.pk})
    html = r.content.decode()
    assert [k.pegawai_id for k in r.context["page"]] == [pergi.pk, tinggal.pk]
    assert r.context["hitungan"] == {"kandidat": 1, "jatuh_tempo": 1, "diusulkan": 1, "ditahan": 1}
    assert "Pengelola Keuangan" in html
    assert "JPM 100.00% terhadap standar kompetensi Pengelola Keuangan" in html
    assert "ditahan: Bidang A sudah melepas 1 dari 10 pegawai" in html
    assert "Usulkan rotasi ke tim" not in html
    due = client_as("bkd").get(reverse("karier:rotasi"), {"status": "jatuh_tempo", "unit_kerja": a.pk})
    assert [k.pegawai_id for k in due.context["page"]] == [pergi.pk]
    assert "Usulkan rotasi ke tim" in due.content.decode()


def test_other_instansi_sees_only_its_own(org, client_as, ronde):
    r = client_as("other_bkd").get(reverse("karier:rotasi"))
    ids = {k.pegawai_id for k in r.context["page"]}
    assert ids <= {org.other_pegawai.pk}


def test_bad_filter_is_shown_and_ignored(org, client_as, ronde):
    r = client_as("bkd").get(reverse("karier:rotasi"), {"status": "nanti", "unit_kerja": "999999"})
    assert r.status_code == 200
    assert set(r.context["form"].errors) == {"status", "unit_kerja"}
    assert len(r.context["page"].object_list) >= 2


def test_htmx_fragment(org, client_as, ronde):
    r = client_as("bkd").get(reverse("karier:rotasi"), HTTP_HX_REQUEST="true")
    assert 'id="rotasi-daftar"' in r.content.decode()
    assert "<html" not in r.content.decode()


def test_query_budget(org, client_as, ronde, django_assert_max_num_queries):
    _a, pergi, tinggal, _jb = ronde
    for p in (pergi, tinggal):
        penempatan_buat(p, HARI_INI.year - 1, 4)
    c = client_as("bkd")
    with django_assert_max_num_queries(15):
        r = c.get(reverse("karier:rotasi"))
    assert len(r.context["page"].object_list) >= 9


def test_xlsx_export(org, client_as, ronde):
    a, pergi, _tinggal, jb = ronde
    r = client_as("pimpinan").get(reverse("karier:rotasi-xlsx"), {"unit_kerja": a.pk, "status": "jatuh_tempo"})
    rows = list(load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][0] == "NIP"
    assert len(rows) == 2
    assert rows[1][0] == pergi.nip
    assert rows[1][8] == jb.nama
    assert rows[1][12] == "Ya"
    assert "JPM 100.00%" in rows[1][13]


def test_propose_from_the_page(org, client_as, ronde):
    _a, pergi, _tinggal, jb = ronde
    r = client_as("bkd").post(reverse("karier:rotasi-usulkan"), follow=True)
    assert "1 usulan rotasi baru" in r.content.decode()
    rek = Rekomendasi.objects.get(instansi=org.instansi, jenis="rotasi")
    assert rek.pegawai_id == pergi.pk
    assert rek.jabatan_tujuan_id == jb.pk
    assert rek.kunci == f"rotasi:{HARI_INI.year - 1}:{pergi.pk}"


def test_get_on_the_proposal_is_refused(org, client_as, ronde):
    assert client_as("bkd").get(reverse("karier:rotasi-usulkan")).status_code == 405
    assert not Rekomendasi.objects.exists()
