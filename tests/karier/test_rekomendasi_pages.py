"""The committee's pages: permission matrix, the list (tabs with counts, filters, query budget,
bulk decisions with per-row failures), the detail (rule, components, pegawai and box, steps,
audit trail), the decision and application forms with bad input and a stale page, and BKD's
button for the yearly run."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from karier.models import JenisRekomendasi, Rekomendasi
from karier.services.rekomendasi import rekomendasi_putuskan
from pegawai.models import RiwayatPangkat
from tests.conftest import PERSONAS
from tests.factories.karier import penempatan_buat, predikat_tahunan_set, rekomendasi_buat
from tests.factories.pegawai import PegawaiFactory, golongan

pytestmark = pytest.mark.django_db

S = Rekomendasi.Status


def _table(default: int, **kw: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, default) | {"anonymous": 302} | kw


LIST = _table(404, bkd=200, pimpinan=200, other_bkd=200)
DETAIL = _table(404, bkd=200, pimpinan=200)
TINJAU = _table(404, bkd=302, pimpinan=302)
PUTUSKAN = _table(404, bkd=400, pimpinan=400)
TERAPKAN = _table(404, bkd=400, pimpinan=403)
MASSAL = _table(404, bkd=400, pimpinan=400, other_bkd=400)
JALANKAN = _table(404, bkd=400, other_bkd=400, pimpinan=403)

DASAR = [
    {"kode": "masa_golongan", "label": "Masa kerja golongan", "nilai": "4 tahun 0 bulan", "teks": "memenuhi 4 tahun"},
    {"kode": "predikat", "label": "Predikat 2 tahun terakhir", "nilai": "Baik, Sangat Baik", "teks": "minimal Baik"},
]


@pytest.fixture
def rek(org) -> Rekomendasi:
    return rekomendasi_buat(org.pegawai, golongan_baru=golongan("II/d"), tmt=datetime.date(2026, 4, 1), dasar=DASAR)


@pytest.fixture
def tugas(monkeypatch) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr("karier.views.rekomendasi.karier_tahunan_task.delay", lambda *a, **kw: calls.append((*a, kw)))
    return calls


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, client_as, rek, tugas, persona):
    c = client_as(persona)
    assert c.get(reverse("karier:rekomendasi-list")).status_code == LIST[persona]
    detail = reverse("karier:rekomendasi-detail", args=[rek.pk])
    assert c.get(detail).status_code == DETAIL[persona]
    assert c.post(reverse("karier:rekomendasi-putuskan", args=[rek.pk]), {}).status_code == PUTUSKAN[persona]
    assert c.post(reverse("karier:rekomendasi-terapkan", args=[rek.pk]), {}).status_code == TERAPKAN[persona]
    assert c.post(reverse("karier:rekomendasi-massal"), {}).status_code == MASSAL[persona]
    assert c.post(reverse("karier:rekomendasi-jalankan"), {}).status_code == JALANKAN[persona]
    assert c.post(reverse("karier:rekomendasi-tinjau", args=[rek.pk])).status_code == TINJAU[persona]
    rek.refresh_from_db()
    assert rek.status == (S.DITINJAU if persona in ("bkd", "pimpinan") else S.DIUSULKAN)
    assert tugas == []
    if persona != "anonymous":
        for name in ("karier:rekomendasi-tinjau", "karier:rekomendasi-putuskan", "karier:rekomendasi-terapkan"):
            assert c.get(reverse(name, args=[rek.pk])).status_code == 405
        assert c.get(reverse("karier:rekomendasi-massal")).status_code == 405
    for bad in ("0", "99999999999999999999"):
        assert c.get(f"/karier/rekomendasi/{bad}/").status_code in (302, 404)


def test_other_instansi_bkd_sees_none_of_it(org, client_as, rek):
    c = client_as("other_bkd")
    r = c.get(reverse("karier:rekomendasi-list"))
    assert list(r.context["page"]) == []
    r = c.post(reverse("karier:rekomendasi-massal"), {"rekomendasi": [rek.pk], "keputusan": "setuju"})
    assert r.status_code == 400
    assert "rekomendasi" in r.context["massal_form"].errors
    rek.refresh_from_db()
    assert rek.status == S.DIUSULKAN


def test_list_tabs_counts_filters_and_query_budget(org, client_as, rek, django_assert_max_num_queries):
    for i in range(3):
        p = PegawaiFactory(jabatan=org.jabatan_perawat, nama=f"Perawat {i}")
        rekomendasi_buat(p, JenisRekomendasi.ROTASI, jabatan_tujuan=org.jabatan_pelaksana, skor=i, peringkat=3 - i)
        penempatan_buat(p, 2026, 5)
    rekomendasi_buat(org.rekan, status=S.DITOLAK, alasan_keputusan="Belum 4 tahun", golongan_baru=golongan("II/c"))
    rekomendasi_buat(org.atasan, JenisRekomendasi.KRS, tahun=2025, jabatan_tujuan=org.jabatan_kabid)
    penempatan_buat(org.pegawai, 2026, 9)
    c = client_as("bkd")
    with django_assert_max_num_queries(15):
        r = c.get(reverse("karier:rekomendasi-list"))
    assert r.status_code == 200
    assert {t["jenis"]: t["n"] for t in r.context["tabs"]} == {
        "kp": 2,
        "promosi": 0,
        "rotasi": 3,
        "krs": 1,
        "penghargaan": 0,
    }
    assert r.context["semua_n"] == 6
    assert {s: n for s, _l, n in r.context["per_status"]}["ditolak"] == 1
    html = r.content.decode()
    assert "Jalankan talenta & rekomendasi tahunan" in html
    assert html.count('id="id_tahun"') == 1
    assert "II/c → II/d" in html

    r = c.get(reverse("karier:rekomendasi-list"), {"jenis": "rotasi"})
    assert [x.pegawai.nama for x in r.context["page"]] == ["Perawat 2", "Perawat 1", "Perawat 0"]  # by rank
    r = c.get(reverse("karier:rekomendasi-list"), {"status": "diusulkan"})
    assert {t["jenis"]: t["n"] for t in r.context["tabs"]}["kp"] == 1
    r = c.get(reverse("karier:rekomendasi-list"), {"kotak": 9})
    assert [x.pk for x in r.context["page"]] == [rek.pk]
    assert r.context["page"][0].kotak == 9
    r = c.get(reverse("karier:rekomendasi-list"), {"unit_kerja": org.bidang.pk})
    assert {x.pegawai_id for x in r.context["page"]} == {org.pegawai.pk, org.rekan.pk, org.atasan.pk}
    r = c.get(reverse("karier:rekomendasi-list"), {"unit_kerja": org.puskesmas.pk, "tahun": 2026})
    assert len(r.context["page"]) == 3
    r = c.get(reverse("karier:rekomendasi-list"), {"q": "Siti"})
    assert [x.pk for x in r.context["page"]] == [rek.pk]
    r = c.get(reverse("karier:rekomendasi-list"), {"q": org.pegawai.nip[:10], "tahun": "2025"})
    assert list(r.context["page"]) == []
    # malformed filters are ignored, not a 500
    r = c.get(reverse("karier:rekomendasi-list"), {"kotak": "12", "tahun": "x", "status": "nope"})
    assert r.status_code == 200
    assert "kotak" in r.context["form"].errors
    # pimpinan: the same list without the yearly-run button
    r = client_as("pimpinan").get(reverse("karier:rekomendasi-list"))
    assert "Jalankan talenta" not in r.content.decode()
    assert r.context["jalankan_form"] is None


def test_detail_shows_rule_components_pegawai_box_steps_and_audit(org, client_as, rek, django_assert_max_num_queries):
    penempatan_buat(org.pegawai, 2026, 8, kotak_sebelumnya=5)
    rekomendasi_putuskan(actor=org.pimpinan, rekomendasi=rek, setuju=True)
    c = client_as("bkd")
    with django_assert_max_num_queries(15):
        r = c.get(reverse("karier:rekomendasi-detail", args=[rek.pk]))
    html = r.content.decode()
    assert "KP reguler (PP 99/2000): paling singkat 4 tahun dalam pangkat" in html
    for text in ("Masa kerja golongan", "4 tahun 0 bulan", "memenuhi 4 tahun", "Predikat 2 tahun terakhir"):
        assert text in html
    assert "Kotak 8 (2026)" in html
    assert "tahun lalu kotak 5" in html
    assert "Pengadministrasi Umum" in html
    assert "II/c → II/d" in html
    assert [lk.label for lk in r.context["langkah"]] == ["Diusulkan", "Ditinjau", "Disetujui"]
    assert r.context["langkah"][2].oleh == org.pimpinan
    assert [a.ringkasan for a in r.context["audit"]] == ["Rekomendasi disetujui"]
    assert r.context["putuskan_form"] is None
    assert r.context["terapkan_form"].initial["tmt"] == datetime.date(2026, 4, 1)
    assert 'id="terapkan-form"' in html
    r = client_as("pimpinan").get(reverse("karier:rekomendasi-detail", args=[rek.pk]))
    assert r.context["terapkan_form"] is None
    assert 'id="terapkan-form"' not in r.content.decode()


def test_reject_needs_a_reason_then_approve_and_a_stale_page(org, client_as, rek):
    url = reverse("karier:rekomendasi-putuskan", args=[rek.pk])
    bkd, pimpinan = client_as("bkd"), client_as("pimpinan")
    r = bkd.post(url, {"keputusan": "tolak", "alasan": "  "})
    assert r.status_code == 400
    assert r.context["putuskan_form"].errors["alasan"] == ["Alasan penolakan wajib diisi."]
    r = bkd.post(url, {"keputusan": "entah"})
    assert r.status_code == 400
    assert "keputusan" in r.context["putuskan_form"].errors
    rek.refresh_from_db()
    assert rek.status == S.DIUSULKAN
    r = bkd.post(url, {"keputusan": "setuju"})
    assert r.status_code == 302
    rek.refresh_from_db()
    assert (rek.status, rek.diputuskan_oleh) == (S.DISETUJUI, org.bkd)
    # the pimpinan still had the page open with the decision form
    r = pimpinan.post(url, {"keputusan": "tolak", "alasan": "Tidak sesuai"}, follow=True)
    assert r.status_code == 200
    assert "Rekomendasi ini sudah disetujui oleh Petugas BKD pada" in r.content.decode()
    r = pimpinan.post(reverse("karier:rekomendasi-tinjau", args=[rek.pk]), follow=True)
    assert "sehingga tidak dapat ditinjau lagi" in r.content.decode()
    rek.refresh_from_db()
    assert rek.status == S.DISETUJUI


def test_apply_form_bad_input_and_success(org, client_as, rek):
    url = reverse("karier:rekomendasi-terapkan", args=[rek.pk])
    c = client_as("bkd")
    r = c.post(url, {"tmt": "2026-04-01"}, follow=True)
    assert "Rekomendasi ini belum disetujui" in r.content.decode()
    rekomendasi_putuskan(actor=org.bkd, rekomendasi=rek, setuju=True)
    r = c.post(url, {"tmt": "bukan tanggal"})
    assert r.status_code == 400
    assert "tmt" in r.context["terapkan_form"].errors
    r = c.post(url, {"tmt": org.pegawai.tmt_golongan.isoformat(), "nomor_sk": "SK/1"})
    assert r.status_code == 400
    assert "TMT kenaikan pangkat harus sesudah" in r.context["terapkan_form"].errors["tmt"][0]
    r = c.post(url, {"tmt": "2026-04-01", "nomor_sk": "x" * 101})
    assert r.status_code == 400
    assert "nomor_sk" in r.context["terapkan_form"].errors
    assert not RiwayatPangkat.objects.filter(pegawai=org.pegawai, golongan=golongan("II/d")).exists()
    assert client_as("pimpinan").post(url, {"tmt": "2026-04-01"}).status_code == 403
    r = c.post(url, {"tmt": "2026-04-01", "nomor_sk": "800/12/BKD"})
    assert r.status_code == 302
    rek.refresh_from_db()
    assert (rek.status, rek.tmt_penerapan, rek.nomor_sk) == (S.DITERAPKAN, datetime.date(2026, 4, 1), "800/12/BKD")
    org.pegawai.refresh_from_db()
    assert org.pegawai.golongan.kode == "II/d"


def test_apply_to_a_full_jabatan_shows_the_reason_on_the_form(org, client_as):
    rek = rekomendasi_buat(org.atasan, JenisRekomendasi.PROMOSI, status=S.DISETUJUI, jabatan_tujuan=org.jabatan_kabid)
    r = client_as("bkd").post(reverse("karier:rekomendasi-terapkan", args=[rek.pk]), {"tmt": "2026-07-01"})
    assert r.status_code == 400
    assert r.context["terapkan_form"].non_field_errors() == [
        "Jabatan Kepala Bidang Pelayanan Kesehatan sudah terisi penuh (1 dari 1)."
    ]


def test_bulk_decision_reports_each_row(org, client_as, rek):
    lain = rekomendasi_buat(org.rekan, golongan_baru=golongan("II/c"))
    sudah = rekomendasi_buat(org.atasan, JenisRekomendasi.KRS, status=S.DITINJAU)
    rekomendasi_putuskan(actor=org.pimpinan, rekomendasi=sudah, setuju=False, alasan="Belum 20 JP")
    c = client_as("bkd")
    url = reverse("karier:rekomendasi-massal")
    r = c.post(url, {"rekomendasi": [rek.pk, lain.pk], "keputusan": "tolak", "alasan": ""})
    assert r.status_code == 400
    assert r.context["massal_form"].errors["alasan"] == ["Alasan penolakan wajib diisi."]
    r = c.post(url, {"keputusan": "setuju"})
    assert r.context["massal_form"].errors["rekomendasi"] == ["Pilih sedikitnya satu rekomendasi."]
    assert Rekomendasi.objects.filter(status=S.DIUSULKAN).count() == 2
    r = c.post(
        url,
        {"rekomendasi": [rek.pk, lain.pk, sudah.pk], "keputusan": "setuju", "kembali": "jenis=kp&status=diusulkan"},
    )
    assert r.status_code == 302
    assert r["Location"] == "/karier/rekomendasi/?jenis=kp&status=diusulkan"
    r = c.get(r["Location"])
    html = r.content.decode()
    assert "2 rekomendasi disetujui." in html
    assert "Budi Siregar (Kelompok rencana suksesi): Rekomendasi ini sudah ditolak oleh sekda.sibolga" in html
    assert set(Rekomendasi.objects.values_list("status", flat=True)) == {S.DISETUJUI, S.DITOLAK}
    r = c.post(url, {"rekomendasi": [rek.pk], "keputusan": "setuju", "kembali": "\r\nLocation: x"})
    assert r.status_code == 302


def test_yearly_run_button_dispatches_after_commit(org, client_as, tugas, django_capture_on_commit_callbacks):
    c = client_as("bkd")
    tahun_lalu = datetime.date.today().year - 1
    r = c.get(reverse("karier:rekomendasi-list"))
    assert r.context["jalankan_form"].initial["tahun"] == tahun_lalu
    predikat_tahunan_set(org.pegawai, 2024, "baik")
    r = c.get(reverse("karier:rekomendasi-list"))
    assert r.context["jalankan_form"].initial["tahun"] == 2024
    r = c.post(reverse("karier:rekomendasi-jalankan"), {"tahun": "1990"})
    assert r.status_code == 400
    assert "tahun" in r.context["jalankan_form"].errors
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        r = c.post(reverse("karier:rekomendasi-jalankan"), {"tahun": "2024"})
        assert tugas == []  # nothing goes to the worker before the commit
    assert r.status_code == 302
    assert r["Location"] == "/karier/rekomendasi/?tahun=2024"
    assert len(callbacks) == 1
    callbacks[0]()
    assert tugas == [(org.instansi.pk, 2024, {"actor_id": org.bkd.pk})]


def test_htmx_request_gets_the_list_fragment(org, client_as, rek):
    r = client_as("bkd").get(reverse("karier:rekomendasi-list"), {"page": 1}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert 'id="rekomendasi-daftar"' in html
    assert "<html" not in html
    assert "Siti Nasution" in html


def test_detail_shows_a_list_component_as_text(org, client_as):
    obj = rekomendasi_buat(
        org.pegawai,
        JenisRekomendasi.KP,
        golongan_baru=golongan("II/d"),
        dasar=[
            {"kode": "predikat", "label": "Predikat 2 tahun terakhir", "nilai": ["baik", "sangat_baik"], "teks": ""}
        ],
    )
    page = client_as("bkd").get(reverse("karier:rekomendasi-detail", args=[obj.pk])).content.decode()
    assert "<td>baik, sangat_baik</td>" in page
    assert "[&#x27;baik&#x27;" not in page
