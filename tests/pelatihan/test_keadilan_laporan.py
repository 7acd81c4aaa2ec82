"""The fair access report on a small known workforce: exact shares, ratios and flags, the trend
over five years, constant queries, the page, the API and the XLSX export."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pelatihan.selectors.jp import laporan_keadilan
from tests.conftest import PERSONAS
from tests.factories.pelatihan import TAHUN
from tests.pelatihan._jp_helpers import riwayat

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def kasus(org):
    """7 active pegawai of the instansi: 6 under Dinas Kesehatan (the only top-level unit).
    Participants of TAHUN: pegawai (2 records), rekan (scheduled), unrelated; kadis cancelled."""
    riwayat(org.pegawai, 8, biaya=1_000_000)
    riwayat(org.pegawai, 4, biaya=500_000)
    riwayat(org.rekan, 12, status="terjadwal", biaya=1_500_000)
    riwayat(org.unrelated, 6, biaya=0)
    riwayat(org.kepala_dinas, 20, status="batal", biaya=9_000_000)
    riwayat(org.kepala_dinas, 20, tahun=TAHUN - 2)
    return org


def _dim(laporan, kunci):
    return {b.label: b for b in next(d for d in laporan.dimensi if d.kunci == kunci).baris}


def test_report_golden_shares_ratios_and_flags(kasus, django_assert_max_num_queries):
    org = kasus
    with django_assert_max_num_queries(4):
        lap = laporan_keadilan(instansi=org.instansi, tahun=TAHUN)
    assert (lap.pegawai, lap.peserta, lap.jp, lap.biaya) == (7, 3, D("30.00"), D("3000000.00"))
    unit = _dim(lap, "unit")
    assert list(unit) == ["Dinas Kesehatan"]
    assert (unit["Dinas Kesehatan"].persen_pegawai, unit["Dinas Kesehatan"].rasio) == (D("100.00"), D("100.00"))
    gol = _dim(lap, "golongan")
    # II: pegawai (II/c), rekan (II/b) both take part; III: atasan, kapus, unrelated → 1 of 3; IV: 0 of 2
    assert (gol["II"].pegawai, gol["II"].peserta) == (2, 2)
    assert gol["II"].persen_pegawai == D("28.57")
    assert gol["II"].persen_peserta == D("66.67")
    assert gol["II"].persen_jp == D("80.00")  # (8 + 4 + 12) / 30
    assert gol["II"].persen_biaya == D("100.00")
    assert gol["II"].rasio == D("233.36")  # 66.67 / 28.57
    assert gol["II"].tanda == "atas"
    assert (gol["III"].persen_pegawai, gol["III"].persen_peserta, gol["III"].rasio) == (
        D("42.86"),
        D("33.33"),
        D("77.76"),
    )
    assert gol["III"].tanda == "bawah"
    assert (gol["IV"].peserta, gol["IV"].rasio, gol["IV"].tanda) == (0, D("0.00"), "bawah")
    asn = _dim(lap, "jenis_asn")
    assert (asn["PNS"].rasio, asn["PNS"].tanda) == (D("100.00"), "")
    # the trend: five years ending at TAHUN; kadis took part two years ago
    assert lap.tahun_tren == [TAHUN - 4, TAHUN - 3, TAHUN - 2, TAHUN - 1, TAHUN]
    tren = {t.label: t.tingkat for t in next(d for d in lap.dimensi if d.kunci == "golongan").tren}
    assert tren["IV"] == [D("0.00"), D("0.00"), D("50.00"), D("0.00"), D("0.00")]
    assert tren["II"][-1] == D("100.00")


def test_report_age_groups_at_31_december_and_no_participants(org):
    lap = laporan_keadilan(instansi=org.instansi, tahun=TAHUN)
    usia = next(d for d in lap.dimensi if d.kunci == "usia")
    assert sum(b.pegawai for b in usia.baris) == 7
    assert all(b.rasio is None and b.tanda == "" for b in usia.baris)
    for b in usia.baris:
        assert b.kunci in ("<30", "30-39", "40-49", "50+")
    kelamin = next(d for d in lap.dimensi if d.kunci == "jenis_kelamin")
    assert {b.kunci for b in kelamin.baris} <= {"L", "P"}


def test_report_query_count_does_not_grow(kasus, django_assert_max_num_queries):
    from tests.factories.pegawai import PegawaiFactory

    for _ in range(3):
        p = PegawaiFactory(jabatan=kasus.jabatan_perawat)
        riwayat(p, 3)
    with django_assert_max_num_queries(4):
        lap = laporan_keadilan(instansi=kasus.instansi, tahun=TAHUN)
    assert lap.peserta == 6


EXPECTED = {"bkd": 200, "pimpinan": 200, "other_bkd": 200, "pegawai": 404, "atasan": 404, "unrelated": 404}


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_and_api_permission_matrix(kasus, client_as, persona):
    client = client_as(persona)
    page = client.get(reverse("pelatihan:keadilan"), {"tahun": TAHUN})
    api = client.get(reverse("pelatihan-api:keadilan"), {"tahun": TAHUN})
    if persona == "anonymous":
        assert page.status_code == 302
        assert api.status_code == 401
        return
    assert page.status_code == EXPECTED[persona]
    assert api.status_code == (EXPECTED[persona] if EXPECTED[persona] == 200 else 403)
    if persona == "other_bkd":
        assert api.json()["pegawai"] == 1  # their own instansi only
        assert kasus.pegawai.nama not in page.content.decode()


def test_page_charts_api_json_and_xlsx(kasus, client_as, django_assert_max_num_queries):
    client = client_as("bkd")
    url = reverse("pelatihan:keadilan")
    with django_assert_max_num_queries(12):
        page = client.get(url, {"tahun": TAHUN})
    html = page.content.decode()
    assert 'id="grafik-golongan"' in html
    assert "chart.umd.min.js" in html
    data = client.get(reverse("pelatihan-api:keadilan"), {"tahun": TAHUN}).json()
    gol = next(d for d in data["dimensi"] if d["kunci"] == "golongan")
    assert {b["label"]: b["tanda"] for b in gol["baris"]} == {"II": "atas", "III": "bawah", "IV": "bawah"}
    assert client.get(reverse("pelatihan-api:keadilan"), {"tahun": "abc"}).status_code == 400
    resp = client.get(url, {"tahun": TAHUN, "format": "xlsx"})
    wb = load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    assert len(wb.sheetnames) == 5
    ws = wb[wb.sheetnames[2]]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Kelompok golongan"
    assert rows[1][:4] == ("II", 2, 28.57, 2)
