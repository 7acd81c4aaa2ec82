"""Career path pages: the permission matrix (own, atasan on a subordinate and on someone else,
another pegawai, BKD and pimpinan, BKD of another instansi, anonymous), the content of a rich
history, the query budget (≤ 15 for the own page, the atasan's and BKD's view) and the PDF."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from karier.dokumen import jalur_karier_pdf
from karier.rules import masa_teks, tanggal_kp_berikut
from karier.selectors.jalur import jalur_karier
from pegawai.rules import masa_kerja
from tests.conftest import PERSONAS
from tests.factories.karier import penempatan_buat, predikat_tahunan_set
from tests.factories.pelatihan import riwayat_selesai

from .test_jalur_selectors import riwayat_kaya

pytestmark = pytest.mark.django_db

HARI_INI = timezone.localdate()
TAHUN_INI = HARI_INI.year


def _table(default: int, **kw: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, default) | {"anonymous": 302} | kw


SAYA = _table(404, pegawai=200, atasan=200, unrelated=200)
# Siti's path: herself, her atasan, BKD and pimpinan
JALUR_SITI = _table(404, pegawai=200, atasan=200, bkd=200, pimpinan=200)
# Yusuf's path (the puskesmas): not Budi's subordinate
JALUR_YUSUF = _table(404, unrelated=200, bkd=200, pimpinan=200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, client_as, persona):
    c = client_as(persona)
    assert c.get(reverse("karier:jalur-saya")).status_code == SAYA[persona]
    for pegawai, tabel in ((org.pegawai, JALUR_SITI), (org.unrelated, JALUR_YUSUF)):
        assert c.get(reverse("karier:jalur", args=[pegawai.pk])).status_code == tabel[persona], pegawai
        r = c.get(reverse("karier:jalur-pdf", args=[pegawai.pk]))
        assert r.status_code == tabel[persona], pegawai
        if r.status_code == 200:
            assert r.content.startswith(b"%PDF")
    # Dewi of the other instansi: only that instansi's BKD
    assert (
        c.get(reverse("karier:jalur", args=[org.other_pegawai.pk])).status_code == _table(404, other_bkd=200)[persona]
    )
    # an id past bigint is a 404, not a database error
    assert c.get(f"/karier/jalur/{2**64}/").status_code == (302 if persona == "anonymous" else 404)


def test_anonymous_goes_to_the_login(client):
    r = client.get(reverse("karier:jalur-saya"))
    assert r.status_code == 302
    assert r["Location"].startswith("/masuk/")


@pytest.fixture
def kaya(org):
    return riwayat_kaya(org, TAHUN_INI)


def _kp_tanggal() -> datetime.date:
    # II/c since 1 April of four years ago: 4 years on 1 April this year; monthly KP dates
    return tanggal_kp_berikut(max(HARI_INI, datetime.date(TAHUN_INI, 4, 1)), range(1, 13))


def _pdf(teks: str) -> bytes:
    """Text as it stands in an uncompressed PDF page stream (parentheses are escaped)."""
    return teks.replace("(", "\\(").replace(")", "\\)").encode()


def _tanggal(d: datetime.date) -> str:
    with translation.override("id"):
        return formats.date_format(d, "j F Y")


def test_own_page_shows_the_whole_path(org, client_as, kaya, django_assert_max_num_queries):
    c = client_as("pegawai")
    with django_assert_max_num_queries(15):
        r = c.get(reverse("karier:jalur-saya"))
    assert r.status_code == 200
    html = r.content.decode()
    assert '<h1 class="h3 mb-0">Jalur karier saya</h1>' in html
    assert org.pegawai.nip in html
    # the own page links to its own PDF
    assert reverse("karier:jalur-pdf", args=[org.pegawai.pk]) in html
    # (b) next KP, eligible: predikat Baik and Sangat Baik in the last two years
    assert f"<strong>{_tanggal(_kp_tanggal())}</strong> · II/c → II/d" in html
    assert "Memenuhi syarat" in html
    # (c) box 8 with its actions, last year's box 5
    assert 'aria-current="true" data-kotak="8"' in html
    assert f"Kotak 8 ({TAHUN_INI - 1})" in html
    assert "Rotasi/perluasan jabatan" in html
    assert "Bimbingan kinerja (coaching)" in html
    # (d) gaps to the target, with the programmes closing them
    assert "Jabatan target" in html
    assert "Kepala Seksi Pelayanan Kesehatan Primer" in html
    assert "JPM 60,00% · Kurang Memenuhi Syarat" in html
    assert "Integritas Pejabat" in html
    assert "tidak memenuhi syarat" in html  # Kepemimpinan Pengawas is for pengawas
    # (e) JP: 12 JP of training and 2 JP of mentoring
    assert "14 dari 20 JP" in html
    assert "kurang 6 JP" in html
    # (f) rotation: over 5 years in the jabatan
    assert "Rotasi jatuh tempo" in html
    # (a) the timeline, newest first
    jenis = r.context["jalur"].timeline
    assert [e.jenis for e in jenis][:4] == ["pelatihan", "krs", "talenta", "predikat"]
    assert f"Predikat kinerja {TAHUN_INI - 1}: Baik" in html
    assert "Satyalancana Karya Satya X Tahun" in html
    assert "SMA Negeri 1 Sibolga" in html
    assert html.index("Integritas Lanjut</div>") < html.index("Pengelola Data</div>")
    # (g) masa kerja
    assert f'id="jalur-masa-kerja">{masa_teks(masa_kerja(datetime.date(2010, 3, 1), HARI_INI))} ' in html


def _sql_nyata(ctx: CaptureQueriesContext) -> list[str]:
    """The statements of a request without the savepoint pair that ATOMIC_REQUESTS adds inside the
    test's transaction (outside a test, as in the bench, there is none)."""
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def test_atasan_and_bkd_see_the_subordinates_path_within_budget(org, client_as, kaya, django_assert_max_num_queries):
    for p in (org.rekan, org.unrelated, org.kepala_bidang):
        riwayat_selesai(p, 6, tahun=TAHUN_INI)
        penempatan_buat(p, TAHUN_INI - 1, 5)
        predikat_tahunan_set(p, TAHUN_INI - 1, "baik")
    url = reverse("karier:jalur", args=[org.pegawai.pk])
    for persona in ("bkd", "pimpinan"):
        c = client_as(persona)
        with django_assert_max_num_queries(15):
            r = c.get(url)
        assert r.status_code == 200
        html = r.content.decode()
        assert "Jalur karier: Siti Nasution" in html
        assert "Kotak 8" in html
        assert reverse("karier:jalur-pdf", args=[org.pegawai.pk]) in html
    # the atasan's view (and the pegawai's own by its id) reads the user's own record first: it
    # scopes whom they see
    for persona in ("atasan", "pegawai"):
        c = client_as(persona)
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(url)
        assert r.status_code == 200
        assert len(_sql_nyata(ctx)) <= 15
        html = r.content.decode()
        assert r.context["milik_sendiri"] == (persona == "pegawai")
        assert ('<h1 class="h3 mb-0">Jalur karier saya</h1>' in html) == (persona == "pegawai")
        assert ("Jalur karier: Siti Nasution" in html) == (persona == "atasan")


def test_page_of_a_pegawai_without_history(org, client_as):
    r = client_as("unrelated").get(reverse("karier:jalur-saya"))
    html = r.content.decode()
    assert "Belum ada penempatan pada peta talenta." in html
    assert "0 dari 20 JP" in html
    assert "Standar kompetensi jabatan ini belum ditetapkan." in html
    # no target: the jabatan one level up is suggested
    assert "Saran jabatan target" in html
    assert "Kepala Puskesmas Kota Sibolga" in html


def test_pdf_has_the_same_content(org, client_as, kaya):
    jalur = jalur_karier(pegawai=kaya.pegawai)
    pdf = jalur_karier_pdf(jalur=jalur, kompres=False)
    assert pdf.startswith(b"%PDF")
    for teks in (
        "JALUR KARIER PEGAWAI",
        "PEMERINTAH KOTA SIBOLGA",
        f"Dicetak pada {_tanggal(HARI_INI)}",
        "Siti Nasution",
        org.pegawai.nip,
        "KENAIKAN PANGKAT BERIKUTNYA",
        f"{_tanggal(_kp_tanggal())}: dari II/c ke II/d",
        "Memenuhi syarat",
        f"Kotak 8 ({TAHUN_INI - 1})",
        "Masuk kelompok rencana suksesi",
        "14 dari 20 JP",
        "Rotasi jatuh tempo",
        "Kepala Seksi Pelayanan Kesehatan Primer",
        "Integritas Pejabat (level 4)",
        "Satyalancana Karya Satya X Tahun",
        "RIWAYAT KARIER",
    ):
        assert _pdf(teks) in pdf, teks
    assert jalur_karier_pdf(jalur=jalur).startswith(b"%PDF")


def test_pdf_view(org, client_as, kaya):
    r = client_as("pegawai").get(reverse("karier:jalur-pdf", args=[org.pegawai.pk]))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert f"jalur-karier-{org.pegawai.nip}.pdf" in r["Content-Disposition"]


def test_pdf_of_what_is_missing_and_without_a_box(org):
    from karier.selectors.jalur import jalur_pegawai_get

    jalur = jalur_karier(pegawai=jalur_pegawai_get(user=org.bkd, pegawai_id=org.rekan.pk))
    pdf = jalur_karier_pdf(jalur=jalur, kompres=False)
    for teks in (
        "Andi Lubis",
        "Yang masih kurang",
        "predikat kinerja paling rendah Baik dalam 2 tahun terakhir belum terpenuhi",
        "Belum ada penempatan pada peta talenta.",
        "Saran jabatan target",
        "Standar kompetensi jabatan ini belum ditetapkan.",
    ):
        assert _pdf(teks) in pdf, teks


def test_pdf_and_api_of_a_pppk_without_jabatan_or_history(org, client_as):
    from pegawai.models import RiwayatJabatan, RiwayatPangkat
    from tests.factories.pegawai import PegawaiFactory, golongan

    pppk = PegawaiFactory(
        jabatan=None, unit_kerja=org.seksi, instansi=org.instansi, jenis_asn="PPPK", golongan=golongan("VII", "PPPK")
    )
    RiwayatPangkat.objects.filter(pegawai=pppk).delete()
    RiwayatJabatan.objects.filter(pegawai=pppk).delete()
    org.instansi.kebijakan_data = {"jp_minimal_tahunan": 0}
    org.instansi.save()
    r = client_as("bkd").get(reverse("karier:jalur-pdf", args=[pppk.pk]))
    assert r.status_code == 200
    from karier.selectors.jalur import jalur_pegawai_get

    pdf = jalur_karier_pdf(
        jalur=jalur_karier(pegawai=jalur_pegawai_get(user=org.bkd, pegawai_id=pppk.pk)), kompres=False
    )
    for teks in (
        "PPPK tidak mengikuti kenaikan pangkat",
        "Belum memiliki jabatan.",
        "0 dari 0 JP",
        "Belum ada riwayat.",
    ):
        assert _pdf(teks) in pdf, teks
    assert b"KP berikutnya" not in pdf
    j = client_as("bkd").get(reverse("karier-api:jalur", args=[pppk.pk])).json()
    assert j["rotasi"]["masa_jabatan"] is None
    assert (j["kp"]["tanggal"], j["kp"]["jenis"], j["target"], j["timeline"]) == (None, "", [], [])
    html = client_as("bkd").get(reverse("karier:jalur", args=[pppk.pk])).content.decode()
    assert "Belum ada riwayat." in html
    assert "Belum memiliki jabatan." in html
