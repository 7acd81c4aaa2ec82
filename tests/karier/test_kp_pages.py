"""The KP page: permission matrix for the page, its export and the proposal button, what the
page shows (counts, the missing items in words, filters), the query budget, and bad input."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from karier.models import Rekomendasi
from karier.rules import tanggal_kp_berikut
from pegawai.rules import add_years
from tests.conftest import PERSONAS

from .test_kp_selectors import _pns, _predikat

pytestmark = pytest.mark.django_db

KP = tanggal_kp_berikut(timezone.localdate(), range(1, 13))
BAIK_2 = ((KP.year - 1, "baik"), (KP.year - 2, "baik"))


def _table(default: int, **kw: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, default) | {"anonymous": 302} | kw


LIST = _table(404, bkd=200, pimpinan=200, other_bkd=200)
USULKAN = _table(404, bkd=302, other_bkd=302, pimpinan=403)


@pytest.fixture
def calon(org):
    ya = _pns(org, nama="Ayu Memenuhi", tmt=add_years(KP, -4))
    kurang = _pns(org, nama="Bima Kurang", tmt=add_years(KP, -4).replace(day=2))
    for p in (ya, kurang):
        _predikat(p, *BAIK_2)
    return ya, kurang


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, client_as, calon, persona):
    c = client_as(persona)
    assert c.get(reverse("karier:kp")).status_code == LIST[persona]
    assert c.get(reverse("karier:kp-xlsx")).status_code == LIST[persona]
    r = c.post(reverse("karier:kp-usulkan"), {"tanggal": KP.isoformat()})
    assert r.status_code == USULKAN[persona]
    dibuat = Rekomendasi.objects.filter(instansi=org.instansi, jenis="kp").count()
    assert dibuat == (1 if persona == "bkd" else 0)


def test_page_shows_counts_and_missing_items_in_words(org, client_as, calon):
    ya, kurang = calon
    r = client_as("bkd").get(reverse("karier:kp"), {"tanggal": KP.isoformat()})
    html = r.content.decode()
    assert r.context["tanggal"] == KP
    assert r.context["memenuhi"] == 1
    assert r.context["belum"] == 8  # the seven personas of the organisation and Bima
    assert "Ayu Memenuhi" in html
    assert "Bima Kurang" in html
    assert "masa kerja golongan kurang 1 hari" in html
    ok = client_as("pimpinan").get(reverse("karier:kp"), {"tanggal": KP.isoformat(), "status": "memenuhi"})
    assert [b.pegawai_id for b in ok.context["page"]] == [ya.pk]
    assert ok.context["boleh_usulkan"] is False
    cari = client_as("bkd").get(reverse("karier:kp"), {"q": "Bima"})
    assert [b.pegawai_id for b in cari.context["page"]] == [kurang.pk]
    unit = client_as("bkd").get(reverse("karier:kp"), {"unit_kerja": org.puskesmas.pk})
    assert {b.pegawai_id for b in unit.context["page"]} == {org.kepala_puskesmas.pk, org.unrelated.pk}


def test_other_instansi_sees_only_its_own(org, client_as, calon):
    r = client_as("other_bkd").get(reverse("karier:kp"))
    assert [b.pegawai_id for b in r.context["page"]] == [org.other_pegawai.pk]


def test_htmx_fragment(org, client_as, calon):
    r = client_as("bkd").get(reverse("karier:kp"), HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert 'id="kp-daftar"' in html
    assert "<html" not in html


def test_query_budget(org, client_as, calon, django_assert_max_num_queries):
    for i in range(3):
        _predikat(_pns(org, tmt=add_years(KP, -5 + i)), *BAIK_2)
    c = client_as("bkd")
    with django_assert_max_num_queries(15):
        r = c.get(reverse("karier:kp"), {"tanggal": KP.isoformat()})
    assert r.context["memenuhi"] == 3


def test_xlsx_export_of_the_same_filter(org, client_as, calon):
    ya, _ = calon
    r = client_as("pimpinan").get(reverse("karier:kp-xlsx"), {"tanggal": KP.isoformat(), "status": "memenuhi"})
    assert r["Content-Disposition"].endswith(f'kp-{KP.isoformat()}.xlsx"')
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:2] == ("NIP", "Nama")
    assert len(rows) == 2
    assert rows[1][0] == ya.nip
    assert rows[1][7] == "II/d"
    assert rows[1][10] == "Ya"
    semua = client_as("bkd").get(reverse("karier:kp-xlsx"), {"tanggal": KP.isoformat(), "status": "belum"})
    rows = list(load_workbook(io.BytesIO(b"".join(semua.streaming_content))).active.iter_rows(values_only=True))
    assert any(str(r[11]).startswith("masa kerja golongan kurang 1 hari") for r in rows[1:])


def test_propose_from_the_page(org, client_as, calon):
    ya, _ = calon
    r = client_as("bkd").post(reverse("karier:kp-usulkan"), {"tanggal": KP.isoformat()}, follow=True)
    assert r.redirect_chain[-1][0].endswith(f"?tanggal={KP.isoformat()}")
    assert "1 usulan KP baru" in r.content.decode()
    rek = Rekomendasi.objects.get(instansi=org.instansi, jenis="kp")
    assert rek.pegawai_id == ya.pk
    assert rek.kunci == f"kp:{ya.pk}:{KP.isoformat()}"
    assert rek.tmt == KP
    assert rek.diusulkan_oleh == org.bkd


@pytest.mark.parametrize("nilai", ["", "bukan-tanggal", "2026-04-02"])
def test_bad_date_on_the_proposal_names_the_field_and_saves_nothing(org, client_as, calon, nilai):
    r = client_as("bkd").post(reverse("karier:kp-usulkan"), {"tanggal": nilai})
    assert r.status_code == 400
    assert "tanggal" in r.context["usulkan_form"].errors
    assert not Rekomendasi.objects.exists()


def test_bad_date_in_the_filter_falls_back_to_the_next_kp_date(org, client_as, calon):
    _ya, kurang = calon
    r = client_as("bkd").get(reverse("karier:kp"), {"tanggal": "2026-04-02", "unit_kerja": "x", "q": "Bima"})
    assert r.status_code == 200
    assert r.context["tanggal"] == KP
    assert "tanggal" in r.context["form"].errors
    assert "unit_kerja" in r.context["form"].errors
    # the valid filter still applies
    assert [b.pegawai_id for b in r.context["page"]] == [kurang.pk]
