"""Talent map and KRS pages: permission matrix, the grid laid out as DOMAIN.md §3 with counts,
shares and follow-ups, filters, the box list (full page and htmx fragment), its XLSX, the
movement table, the pegawai without a box, the yearly run button and the query budgets."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from karier.models import AnggotaKRS, JenisRekomendasi, Rekomendasi
from karier.selectors.talenta import grid_talenta, penempatan_pegawai, tahun_talenta_terakhir
from pegawai.models import HukumanDisiplin
from pelatihan.models import KebutuhanPelatihan, PasanganMentoring
from tests.conftest import PERSONAS
from tests.factories.karier import penempatan_buat, rekomendasi_buat
from tests.factories.pegawai import PegawaiFactory, golongan

pytestmark = pytest.mark.django_db

TAHUN = 2026


def _table(default: int, **kw: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, default) | {"anonymous": 302} | kw


BACA = _table(404, bkd=200, pimpinan=200, other_bkd=200)
HITUNG = _table(404, bkd=302, other_bkd=302, pimpinan=403)


@pytest.fixture
def peta(org):
    """Placements of 2026 (and 2025 for movement): box 9 ×3 (one moved up from 5, one down from
    none... see below), box 5 ×2, box 1 ×1, two without a box; follow-ups on some."""
    o = org
    tambahan = [PegawaiFactory(jabatan=o.jabatan_pelaksana, nama=f"Talenta {i}") for i in range(3)]
    p9 = [o.pegawai, o.rekan, tambahan[0]]
    penempatan_buat(o.pegawai, TAHUN, 9, kotak_sebelumnya=5, predikat="sangat_baik", skor_potensi=Decimal("92"))
    penempatan_buat(o.rekan, TAHUN, 9, kotak_sebelumnya=9, predikat="sangat_baik", skor_potensi=Decimal("95"))
    penempatan_buat(tambahan[0], TAHUN, 9, predikat="sangat_baik", skor_potensi=Decimal("90"))
    penempatan_buat(o.unrelated, TAHUN, 5, kotak_sebelumnya=8, predikat="baik", skor_potensi=Decimal("80"))
    penempatan_buat(o.kepala_puskesmas, TAHUN, 5, predikat="baik", skor_potensi=Decimal("85"))
    penempatan_buat(o.atasan, TAHUN, 1, predikat="kurang", skor_potensi=Decimal("60"))
    penempatan_buat(tambahan[1], TAHUN, None, predikat="baik")  # no assessment
    penempatan_buat(tambahan[2], TAHUN, None, skor_potensi=Decimal("80"))  # no predikat
    penempatan_buat(o.kepala_bidang, TAHUN, None)  # neither
    penempatan_buat(o.pegawai, TAHUN - 1, 5)
    penempatan_buat(o.other_pegawai, TAHUN, 9)  # another instansi: never counted
    # follow-ups: two open KRS proposals in box 9 (one decided does not count), an open need and an
    # active mentoring pair in box 5, a running hukdis in box 1
    for p in p9[:2]:
        rekomendasi_buat(p, JenisRekomendasi.KRS, tahun=TAHUN, kunci=f"krs:{TAHUN}:{p.pk}")
    rekomendasi_buat(
        tambahan[0],
        JenisRekomendasi.KRS,
        tahun=TAHUN,
        kunci="krs-x",
        status=Rekomendasi.Status.DITOLAK,
        alasan_keputusan="belum",
    )
    rekomendasi_buat(o.pegawai, JenisRekomendasi.PENGHARGAAN, tahun=TAHUN, kunci="ph")
    KebutuhanPelatihan.objects.create(
        instansi=o.instansi, pegawai=o.unrelated, tahun=TAHUN, jenis="kompetensi", kunci="k1", prioritas=10
    )
    KebutuhanPelatihan.objects.create(
        instansi=o.instansi, pegawai=o.unrelated, tahun=TAHUN, jenis="jp", kunci="k2", prioritas=5
    )
    PasanganMentoring.objects.create(
        instansi=o.instansi, tahun=TAHUN, mentor=o.kepala_dinas, mentee=o.kepala_puskesmas, status="aktif"
    )
    HukumanDisiplin.objects.create(
        pegawai=o.atasan, tingkat="ringan", jenis="teguran_lisan", tmt_mulai=datetime.date(2026, 1, 1)
    )
    return tambahan


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, client_as, peta, persona):
    c = client_as(persona)
    assert c.get(reverse("karier:talenta")).status_code == BACA[persona]
    assert c.get(reverse("karier:talenta-kotak", args=[9])).status_code == BACA[persona]
    assert c.get(reverse("karier:talenta-xlsx", args=[9])).status_code == BACA[persona]
    assert c.get(reverse("karier:krs")).status_code == BACA[persona]
    assert c.post(reverse("karier:talenta-hitung"), {"tahun": TAHUN}).status_code == HITUNG[persona]
    if persona != "anonymous":
        assert c.get(reverse("karier:talenta-hitung")).status_code == 405


def test_unknown_box_is_404(client_as, peta):
    c = client_as("bkd")
    assert c.get(reverse("karier:talenta-kotak", args=[0])).status_code == 404
    assert c.get(reverse("karier:talenta-kotak", args=[10])).status_code == 404
    assert c.get(reverse("karier:talenta-xlsx", args=[10])).status_code == 404


def _sel(html: str, kotak: int) -> str:
    m = re.search(rf'<td class="p-2 kotak-talenta" id="kotak-{kotak}".*?</td>', html, re.S)
    assert m, kotak
    return m.group(0)


def test_grid_layout_counts_shares_and_follow_ups(org, client_as, peta, django_assert_max_num_queries):
    c = client_as("bkd")
    with django_assert_max_num_queries(15):
        r = c.get(reverse("karier:talenta"))
    assert r.status_code == 200
    html = r.content.decode()
    # default year: the latest with placements; the layout: top row 4 7 9, middle 2 5 8, bottom 1 3 6
    assert r.context["tahun"] == TAHUN
    urutan = [int(k) for k in re.findall(r'id="kotak-(\d)"', html)]
    assert urutan == [4, 7, 9, 2, 5, 8, 1, 3, 6]
    peta_ = r.context["peta"]
    assert {k: v.jumlah for k, v in peta_.kotak.items()} == {1: 1, 2: 0, 3: 0, 4: 0, 5: 2, 6: 0, 7: 0, 8: 0, 9: 3}
    assert peta_.dipetakan == 6
    assert peta_.kotak[9].persen == Decimal("50.0")
    assert peta_.kotak[1].persen == Decimal("16.7")
    # box 9: promote, KRS (2 open, the rejected one does not count), award (1)
    t9 = {t.kode: t for t in peta_.kotak[9].tindakan}
    assert list(t9) == ["promosi", "krs", "penghargaan"]
    assert (t9["krs"].jumlah, t9["penghargaan"].jumlah, t9["promosi"].jumlah) == (2, 1, 0)
    assert t9["krs"].tautan == "/karier/rekomendasi/?jenis=krs&kotak=9&tahun=2026"
    sel9 = _sel(html, 9)
    assert "/karier/rekomendasi/?jenis=krs&amp;kotak=9&amp;tahun=2026" in sel9
    assert ">3<" in sel9
    assert "(50,0%)" in sel9
    # box 5: competency development (1 pegawai with open needs, counted once), coaching (1 pair)
    t5 = {t.kode: t for t in peta_.kotak[5].tindakan}
    assert (t5["pengembangan_kompetensi"].jumlah, t5["coaching"].jumlah) == (1, 1)
    assert t5["penempatan"].jumlah is None
    assert t5["pengembangan_kompetensi"].tautan == "/pelatihan/kebutuhan/"
    assert t5["coaching"].tautan == "/pelatihan/mentoring/"
    # box 1: disciplinary rules, running hukdis
    (t1,) = peta_.kotak[1].tindakan
    assert (t1.kode, t1.jumlah) == ("disiplin", 1)
    # without a box, and why
    tk = peta_.tanpa_kotak
    assert (tk.jumlah, tk.tanpa_predikat, tk.tanpa_asesmen, tk.tanpa_keduanya) == (3, 1, 1, 1)
    # movement: 5→9 up, 9→9 stable, 8→5 down, three placed without last year's box
    pp = peta_.perpindahan
    assert (pp.naik, pp.tetap, pp.turun, pp.baru) == (1, 1, 1, 3)
    assert pp.matriks == {(5, 9): 1, (9, 9): 1, (8, 5): 1}
    assert 'id="form-hitung"' in html


def test_query_budget_does_not_grow(org, client_as, peta, django_assert_max_num_queries):
    for i in range(5):
        p = PegawaiFactory(jabatan=org.jabatan_pelaksana, nama=f"Lagi {i}")
        penempatan_buat(p, TAHUN, 1 + i % 9, kotak_sebelumnya=9 - i)
        rekomendasi_buat(p, JenisRekomendasi.ROTASI, tahun=TAHUN, kunci=f"r{i}")
    c = client_as("pimpinan")
    with django_assert_max_num_queries(15):
        r = c.get(reverse("karier:talenta"), {"tahun": TAHUN})
    assert r.status_code == 200
    assert 'id="form-hitung"' not in r.content.decode()


def test_filters_unit_with_sub_units_jenis_and_golongan(org, client_as, peta):
    c = client_as("bkd")
    # the bidang holds the seksi (pegawai, rekan, tambahan, atasan), not the puskesmas
    r = c.get(reverse("karier:talenta"), {"tahun": TAHUN, "unit_kerja": org.bidang.pk})
    assert {k: v.jumlah for k, v in r.context["peta"].kotak.items() if v.jumlah} == {9: 3, 1: 1}
    r = c.get(reverse("karier:talenta"), {"tahun": TAHUN, "unit_kerja": org.puskesmas.pk})
    assert {k: v.jumlah for k, v in r.context["peta"].kotak.items() if v.jumlah} == {5: 2}
    r = c.get(reverse("karier:talenta"), {"tahun": TAHUN, "jenis_jabatan": "fungsional_keterampilan"})
    assert {k: v.jumlah for k, v in r.context["peta"].kotak.items() if v.jumlah} == {5: 1}
    r = c.get(reverse("karier:talenta"), {"tahun": TAHUN, "golongan": golongan("III/d").pk})
    # atasan and kepala puskesmas are III/d
    assert {k: v.jumlah for k, v in r.context["peta"].kotak.items() if v.jumlah} == {1: 1, 5: 1}
    # a filter that is not valid is ignored (the whole instansi), never a 500
    r = c.get(reverse("karier:talenta"), {"tahun": "abc", "unit_kerja": "99999999999999999999"})
    assert r.status_code == 200
    assert r.context["form"].errors.keys() == {"tahun", "unit_kerja"}
    assert r.context["peta"].dipetakan == 6
    # a unit of another instansi is not a choice
    r = c.get(reverse("karier:talenta"), {"unit_kerja": org.other_pegawai.unit_kerja_id})
    assert "unit_kerja" in r.context["form"].errors


def test_public_selectors(org, peta, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert tahun_talenta_terakhir(instansi_id=org.instansi.pk) == TAHUN
    with django_assert_max_num_queries(1):
        grid = grid_talenta(instansi_id=org.instansi.pk, tahun=TAHUN)
    assert grid == {1: 1, 2: 0, 3: 0, 4: 0, 5: 2, 6: 0, 7: 0, 8: 0, 9: 3}
    with django_assert_max_num_queries(1):
        assert grid_talenta(instansi_id=org.instansi.pk, tahun=TAHUN, filters={"unit_kerja": org.puskesmas.pk}) == {
            **dict.fromkeys(range(1, 10), 0),
            5: 2,
        }
    assert penempatan_pegawai(pegawai_id=org.pegawai.pk).tahun == TAHUN
    assert penempatan_pegawai(pegawai_id=org.pegawai.pk, tahun=TAHUN - 1).kotak == 5
    assert penempatan_pegawai(pegawai_id=org.pegawai.pk, tahun=2000) is None
    assert tahun_talenta_terakhir(instansi_id=org.other_instansi.pk + 1000) is None


def test_box_list_full_page_and_htmx_fragment(org, client_as, peta, django_assert_max_num_queries):
    c = client_as("bkd")
    url = reverse("karier:talenta-kotak", args=[9])
    with django_assert_max_num_queries(10):
        r = c.get(url, {"tahun": TAHUN})
    html = r.content.decode()
    assert "<html" in html
    names = [b["p"].pegawai.nama for b in r.context["baris"]]
    assert names == sorted([org.pegawai.nama, org.rekan.nama, peta[0].nama])
    assert org.other_pegawai.nama not in html
    arah = {b["p"].pegawai_id: b["arah"] for b in r.context["baris"]}
    assert arah == {org.pegawai.pk: "naik", org.rekan.pk: "tetap", peta[0].pk: ""}
    assert "↑" in html
    assert org.pegawai.nip in html
    assert "Sangat Baik" in html
    assert "Pengadministrasi Umum" in html
    r = c.get(url, {"tahun": TAHUN}, headers={"HX-Request": "true"})
    frag = r.content.decode()
    assert "<html" not in frag
    assert 'id="daftar-kotak-isi"' in frag
    assert org.rekan.nama in frag
    r = c.get(reverse("karier:talenta-kotak", args=[5]), {"tahun": TAHUN})
    assert [b["arah"] for b in r.context["baris"] if b["p"].pegawai_id == org.unrelated.pk] == ["turun"]
    assert "↓" in r.content.decode()


def test_box_list_paginates_without_n_plus_one(org, client_as, django_assert_max_num_queries):
    for i in range(55):
        penempatan_buat(PegawaiFactory(jabatan=org.jabatan_pelaksana, nama=f"P{i:02d}"), TAHUN, 7)
    c = client_as("bkd")
    with django_assert_max_num_queries(10):
        r = c.get(reverse("karier:talenta-kotak", args=[7]), {"tahun": TAHUN, "page": 2})
    assert len(r.context["baris"]) == 5
    assert r.context["page"].paginator.count == 55


def test_box_xlsx_content(org, client_as, peta):
    c = client_as("pimpinan")
    r = c.get(reverse("karier:talenta-xlsx", args=[9]), {"tahun": TAHUN, "unit_kerja": org.seksi.pk})
    assert r.status_code == 200
    assert r["Content-Disposition"].endswith('talenta-2026-kotak-9.xlsx"')
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == (
        "NIP", "Nama", "Jabatan", "Unit kerja", "Golongan", "Predikat", "Skor potensi", "Kotak", "Kotak tahun lalu"
    )  # fmt: skip
    body = {row[0]: row for row in rows[1:]}
    assert set(body) == {org.pegawai.nip, org.rekan.nip, peta[0].nip}
    row = body[org.pegawai.nip]
    assert row[2:] == ("Pengadministrasi Umum", org.seksi.nama, "II/c", "Sangat Baik", 92, 9, 5)


def test_hitung_dispatches_the_yearly_run_after_commit(org, client_as, monkeypatch, django_capture_on_commit_callbacks):
    calls = []
    monkeypatch.setattr("karier.views.talenta.karier_tahunan_task.delay", lambda *a: calls.append(a))
    c = client_as("bkd")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        r = c.post(reverse("karier:talenta-hitung"), {"tahun": 2025})
    assert r.status_code == 302
    assert r["Location"] == reverse("karier:talenta") + "?tahun=2025"
    assert calls == []  # not before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert calls == [(org.instansi.pk, 2025, None, org.bkd.pk)]
    page = c.get(r["Location"])
    assert "Perhitungan talenta dan rekomendasi tahun 2025 dijalankan." in page.content.decode()


@pytest.mark.parametrize("tahun", ["", "abc", "1999", "2101"])
def test_hitung_bad_year_is_400_naming_the_field(
    org, client_as, monkeypatch, tahun, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("karier.views.talenta.karier_tahunan_task.delay", lambda *a: pytest.fail("dispatched"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        r = client_as("bkd").post(reverse("karier:talenta-hitung"), {"tahun": tahun})
    assert r.status_code == 400
    assert list(r.context["hitung_form"].errors) == ["tahun"]
    assert callbacks == []


def test_krs_page(org, client_as, peta, django_assert_max_num_queries):
    for p in (org.pegawai, org.rekan, peta[0]):
        rek = Rekomendasi.objects.filter(pegawai=p, jenis="krs").first() or rekomendasi_buat(
            p, JenisRekomendasi.KRS, tahun=TAHUN, kunci=f"krs-{p.pk}"
        )
        Rekomendasi.objects.filter(pk=rek.pk).update(
            status=Rekomendasi.Status.DITERAPKAN,
            tmt_penerapan=datetime.date(2027, 1, 2),
            dasar=[{"kode": "jpm", "label": "JPM", "nilai": "84.50", "teks": "JPM 84,5% ≥ 78%"}],
        )
        AnggotaKRS.objects.create(
            instansi=org.instansi, tahun=TAHUN, pegawai=p, jabatan_target=org.jabatan_kasi, rekomendasi=rek
        )
    rekomendasi_buat(org.unrelated, JenisRekomendasi.KRS, tahun=TAHUN, kunci="krs-open")
    c = client_as("pimpinan")
    with django_assert_max_num_queries(10):
        r = c.get(reverse("karier:krs"), {"tahun": TAHUN})
    html = r.content.decode()
    assert [b["a"].pegawai_id for b in r.context["baris"]] == [
        p.pk for p in sorted((org.pegawai, org.rekan, peta[0]), key=lambda p: p.nama)
    ]
    b = r.context["baris"][0]
    assert (b["a"].kotak, b["jpm"], str(b["predikat"])) == (9, "84.50", "Sangat Baik")
    assert "Kepala Seksi Pelayanan Kesehatan Primer" in html
    assert "84,5%" in html
    assert r.context["usulan_terbuka"] == 1
    assert 'href="/karier/rekomendasi/?jenis=krs&amp;tahun=2026"' in html
    # default year: the latest with KRS proposals; another year is empty
    assert c.get(reverse("karier:krs")).context["tahun"] == TAHUN
    assert c.get(reverse("karier:krs"), {"tahun": 2020}).context["baris"] == []
    assert client_as("other_bkd").get(reverse("karier:krs"), {"tahun": TAHUN}).context["baris"] == []


def test_dasar_nilai_reads_one_condition():
    from karier.selectors.talenta import dasar_nilai

    dasar = ["rusak", {"kode": "jp", "nilai": "24"}, {"kode": "jpm", "nilai": "84.00"}]
    assert dasar_nilai(dasar, "jpm") == "84.00"
    assert dasar_nilai(dasar, "hukdis") == ""
    assert dasar_nilai(None, "jpm") == ""


def test_superuser_without_an_instansi_gets_404(org, client):
    """The talent map is per instansi; a superuser of every instansi has none to show."""
    from pegawai.models import User

    user = User.objects.create_superuser(username="admin.pusat", password="x")
    client.force_login(user)
    assert client.get(reverse("karier:talenta")).status_code == 404
    assert client.get(reverse("karier-api:talenta")).status_code == 404
