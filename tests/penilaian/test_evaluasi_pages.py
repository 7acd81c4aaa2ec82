"""Pages of the evaluation: permission matrix over every URL, "Bawahan saya" statuses and its
query budget, the realisasi form round trip, evidence served only through the access check."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from penilaian.models import EvaluasiKinerja, IndikatorKinerja, Realisasi
from penilaian.selectors import evaluasi as sel
from penilaian.services import evaluasi as svc
from tests.conftest import PERSONAS
from tests.factories.pegawai import PegawaiFactory
from tests.factories.penilaian import evaluasi_of, indikator_list, skp_build
from tests.penilaian._evaluasi_helpers import dunia_fixture, pdf  # noqa: F401

pytestmark = pytest.mark.django_db

ANON = 302
# own pages: every login with a pegawai record; BKD/pimpinan accounts have none
OWN = {"pegawai": 200, "atasan": 200, "unrelated": 200, "bkd": 404, "other_bkd": 404, "pimpinan": 404}
KEBERATAN = {**OWN, "bkd": 200, "other_bkd": 200}
# the pegawai's evaluation: owner, their penilai, BKD and pimpinan of the instansi see it
EVAL_READ = {"pegawai": 200, "atasan": 200, "bkd": 200, "pimpinan": 200, "unrelated": 404, "other_bkd": 404}
# rating it: only the pejabat penilai; others who see it get 403
EVAL_RATE = {"pegawai": 403, "atasan": 200, "bkd": 403, "pimpinan": 403, "unrelated": 404, "other_bkd": 404}
BUKTI = {**EVAL_READ}


@pytest.fixture
def setup(org, dunia, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    r = svc.realisasi_simpan(
        actor=org.pegawai.user, indikator=indikator_list(dunia.skp)[0], periode=dunia.q4, nilai=Decimal(60)
    )
    bukti = svc.bukti_tambah(actor=org.pegawai.user, realisasi=r, berkas=pdf())
    return {"realisasi": r, "bukti": bukti, "rhk": dunia.skp.rhk.first()}


def _urls(org, dunia, setup):  # type: ignore[no-untyped-def]
    return {
        "realisasi": (reverse("penilaian:evaluasi-realisasi"), OWN),
        "bawahan": (reverse("penilaian:evaluasi-bawahan"), OWN),
        "hasil": (reverse("penilaian:evaluasi-hasil"), OWN),
        "keberatan": (reverse("penilaian:evaluasi-keberatan-list"), KEBERATAN),
        "detail": (reverse("penilaian:evaluasi-detail", args=[dunia.ev.pk]), EVAL_READ),
        "bukti-unduh": (reverse("penilaian:evaluasi-bukti-unduh", args=[setup["bukti"].pk]), BUKTI),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_get_matrix(org, dunia, setup, client_as, persona):
    client = client_as(persona)
    for name, (url, expected) in _urls(org, dunia, setup).items():
        status = client.get(url).status_code
        assert status == (ANON if persona == "anonymous" else expected[persona]), (name, persona, status)


@pytest.mark.parametrize("persona", PERSONAS)
def test_post_matrix(org, dunia, setup, client_as, persona):
    """Empty POSTs: refused with errors (200/302 back) for who may act, 403/404 for everyone else."""
    client = client_as(persona)
    cases = {
        "rate": (reverse("penilaian:evaluasi-detail", args=[dunia.ev.pk]), EVAL_RATE),
        "bukti-tambah": (
            reverse("penilaian:evaluasi-bukti-tambah", args=[setup["realisasi"].pk]),
            {"pegawai": 302, "atasan": 404, "bkd": 404, "pimpinan": 404, "unrelated": 404, "other_bkd": 404},
        ),
        "umpan-balik": (
            reverse("penilaian:evaluasi-umpan-balik", args=[setup["rhk"].pk]),
            {"pegawai": 302, "atasan": 302, "bkd": 302, "pimpinan": 302, "unrelated": 404, "other_bkd": 404},
        ),
        "keberatan-ajukan": (
            reverse("penilaian:evaluasi-keberatan-ajukan", args=[dunia.ev.pk]),
            {"pegawai": 302, "atasan": 403, "bkd": 403, "pimpinan": 403, "unrelated": 404, "other_bkd": 404},
        ),
    }
    for name, (url, expected) in cases.items():
        status = client.post(url, {}).status_code
        assert status == (ANON if persona == "anonymous" else expected[persona]), (name, persona, status)
    # GET on a POST-only URL: 405 for a login
    if persona != "anonymous":
        assert client.get(cases["bukti-tambah"][0]).status_code == 405


@pytest.mark.parametrize("persona", PERSONAS)
def test_keberatan_putus_and_bukti_hapus_matrix(org, dunia, setup, client_as, persona):
    svc.evaluasi_nilai(
        actor=org.atasan.user, evaluasi=dunia.ev_tahunan, rating_hasil_kerja="sesuai", rating_perilaku="sesuai"
    )
    k = svc.keberatan_ajukan(actor=org.pegawai.user, evaluasi=dunia.ev_tahunan, alasan="x")
    client = client_as(persona)
    # the decider is the kepala bidang (atasan pejabat penilai) or BKD; atasan and pegawai see it: 403
    expected = {"bkd": 302, "pegawai": 403, "atasan": 403, "pimpinan": 403, "unrelated": 404, "other_bkd": 404}
    status = client.post(reverse("penilaian:evaluasi-keberatan-putus", args=[k.pk]), {}).status_code
    assert status == (ANON if persona == "anonymous" else expected[persona])
    expected = {"pegawai": 302, "atasan": 403, "bkd": 403, "pimpinan": 403, "unrelated": 404, "other_bkd": 404}
    status = client.post(reverse("penilaian:evaluasi-bukti-hapus", args=[setup["bukti"].pk])).status_code
    if persona == "anonymous":
        assert status == ANON
    elif expected[persona] == 403:
        assert status in (302, 403)  # a visible bukti: the service refuses, nothing is deleted
        assert setup["bukti"].__class__.objects.filter(pk=setup["bukti"].pk).exists()
    else:
        assert status == expected[persona]


def test_realisasi_page_round_trip(org, dunia, client_as):
    client = client_as("pegawai")
    berkas, waktu, kualitatif, _laporan = indikator_list(dunia.skp)
    url = reverse("penilaian:evaluasi-realisasi")
    r = client.get(url)
    assert r.status_code == 200
    assert dunia.q4.nama in r.content.decode()
    r = client.post(url, {"indikator": waktu.pk, "periode": dunia.q4.pk, f"i{waktu.pk}-nilai": "2.4"})
    assert r.status_code == 302
    assert Realisasi.objects.get(indikator=waktu, periode=dunia.q4).capaian == Decimal("120.00")
    r = client.post(url, {"indikator": kualitatif.pk, "periode": dunia.q4.pk, f"i{kualitatif.pk}-nilai_kualitatif": ""})
    assert r.status_code == 200
    assert "wajib diisi uraian" in r.content.decode()
    r = client.post(url, {"indikator": berkas.pk, "periode": dunia.berkala[0].pk, f"i{berkas.pk}-nilai": "5"})
    assert r.status_code == 302  # Q1 is still open in this set-up
    assert client.post(url, {"indikator": berkas.pk, "periode": dunia.tahunan.pk}).status_code == 404
    # someone else's indikator: 404
    lain = indikator_list(dunia.skp_rekan)[0]
    assert client.post(url, {"indikator": lain.pk, f"i{lain.pk}-nilai": "1"}).status_code == 404
    # evidence: a renamed executable is refused with a message, a pdf is kept and served
    rea = Realisasi.objects.get(indikator=waktu, periode=dunia.q4)
    from tests.penilaian._evaluasi_helpers import exe

    r = client.post(reverse("penilaian:evaluasi-bukti-tambah", args=[rea.pk]), {"berkas": exe()}, follow=True)
    assert "tidak sesuai" in r.content.decode()
    assert rea.bukti.count() == 0
    client.post(reverse("penilaian:evaluasi-bukti-tambah", args=[rea.pk]), {"tautan": "https://drive.example.id/a"})
    bukti = rea.bukti.get()
    r = client.get(reverse("penilaian:evaluasi-bukti-unduh", args=[bukti.pk]))
    assert r.status_code == 302
    assert r["Location"] == "https://drive.example.id/a"
    r = client.post(reverse("penilaian:evaluasi-bukti-hapus", args=[bukti.pk]))
    assert r.status_code == 302
    assert rea.bukti.count() == 0
    # feedback from the page
    rhk = dunia.skp.rhk.first()
    r = client.post(
        reverse("penilaian:evaluasi-umpan-balik", args=[rhk.pk]), {"isi": "Mohon arahan.", "periode": dunia.q4.pk}
    )
    assert r.status_code == 302
    assert rhk.umpan_balik.count() == 1


def test_bukti_file_download_checks_access(org, dunia, setup, client_as):
    r = client_as("atasan").get(reverse("penilaian:evaluasi-bukti-unduh", args=[setup["bukti"].pk]))
    assert r.status_code == 200
    assert b"".join(r.streaming_content).startswith(b"%PDF-")
    assert r["Content-Disposition"].startswith("attachment")


def test_rating_page_round_trip(org, dunia, client_as):
    client = client_as("atasan")
    url = reverse("penilaian:evaluasi-detail", args=[dunia.ev.pk])
    r = client.post(url, {"rating_hasil_kerja": "di_atas", "rating_perilaku": "di_atas", "catatan": "Bagus"})
    assert r.status_code == 302
    ev = EvaluasiKinerja.objects.get(pk=dunia.ev.pk)
    assert ev.predikat == "sangat_baik"
    page = client.get(url).content.decode()
    assert "table-primary" in page
    assert "Sangat Baik" in page
    r = client.post(url, {"rating_hasil_kerja": "x", "rating_perilaku": "di_atas"})
    assert r.status_code == 200


def test_keberatan_pages_round_trip(org, dunia, client_as):
    svc.evaluasi_nilai(
        actor=org.atasan.user, evaluasi=dunia.ev_tahunan, rating_hasil_kerja="sesuai", rating_perilaku="sesuai"
    )
    pegawai = client_as("pegawai")
    page = pegawai.get(reverse("penilaian:evaluasi-hasil")).content.decode()
    assert "keberatan" in page.lower()
    detail = pegawai.get(reverse("penilaian:evaluasi-detail", args=[dunia.ev_tahunan.pk])).content.decode()
    assert "Ajukan keberatan" in detail
    r = pegawai.post(
        reverse("penilaian:evaluasi-keberatan-ajukan", args=[dunia.ev_tahunan.pk]), {"alasan": "Tidak adil"}
    )
    assert r.status_code == 302
    k = dunia.ev_tahunan.keberatan.get()
    bkd = client_as("bkd")
    assert "Tidak adil" in bkd.get(reverse("penilaian:evaluasi-keberatan-list")).content.decode()
    r = bkd.post(
        reverse("penilaian:evaluasi-keberatan-putus", args=[k.pk]),
        {"keputusan": "terima", "predikat_baru": "", "tanggapan": "x"},
        follow=True,
    )
    assert "Pilih predikat baru" in r.content.decode()
    r = bkd.post(
        reverse("penilaian:evaluasi-keberatan-putus", args=[k.pk]),
        {"keputusan": "terima", "predikat_baru": "sangat_baik", "tanggapan": "Diterima"},
    )
    assert r.status_code == 302
    assert EvaluasiKinerja.objects.get(pk=dunia.ev_tahunan.pk).predikat == "sangat_baik"


def test_bawahan_saya_statuses_and_query_budget(org, dunia, client_as, django_assert_max_num_queries):
    """Four subordinates: SKP approved with full / partial / no realisasi, and one without SKP."""
    ketiga = PegawaiFactory(jabatan=org.jabatan_pelaksana, nama="Citra Sinaga")
    keempat = PegawaiFactory(jabatan=org.jabatan_pelaksana, nama="Dodi Panjaitan")
    from penilaian.services.periode import periode_snapshot

    periode_snapshot(periode=dunia.q4)
    skp_build(ketiga, status="diajukan")
    user = org.pegawai.user
    for i in indikator_list(dunia.skp):
        if i.jenis == "kuantitatif":
            svc.realisasi_simpan(actor=user, indikator=i, periode=dunia.q4, nilai=Decimal(1))
        else:
            svc.realisasi_simpan(actor=user, indikator=i, periode=dunia.q4, nilai_kualitatif="baik")
    svc.realisasi_simpan(
        actor=org.rekan.user, indikator=indikator_list(dunia.skp_rekan)[0], periode=dunia.q4, nilai=Decimal(1)
    )
    svc.realisasi_simpan(
        actor=org.rekan.user, indikator=indikator_list(dunia.skp_rekan)[0], periode=dunia.berkala[0], nilai=Decimal(1)
    )
    svc.evaluasi_nilai(actor=org.atasan.user, evaluasi=dunia.ev, rating_hasil_kerja="sesuai", rating_perilaku="sesuai")
    with django_assert_max_num_queries(1):
        rows = {r.pegawai_id: r for r in sel.bawahan_saya(org.atasan.user, dunia.q4)}
    assert set(rows) == {org.pegawai.pk, org.rekan.pk, ketiga.pk, keempat.pk}
    p, r, k3, k4 = rows[org.pegawai.pk], rows[org.rekan.pk], rows[ketiga.pk], rows[keempat.pk]
    assert (p.skp_status, p.jumlah_indikator, p.jumlah_realisasi, p.status) == ("disetujui", 4, 4, "dinilai")
    assert (r.skp_status, r.jumlah_indikator, r.jumlah_realisasi, r.status) == ("disetujui", 3, 1, "belum_dinilai")
    assert (k3.skp_status, k3.jumlah_realisasi) == ("diajukan", 0)
    assert (k4.skp_status, k4.skp_tahun_id, k4.jumlah_indikator) == (None, None, 0)
    # the annual row counts indikator with a realisasi in any period of the year
    tahunan = {x.pegawai_id: x for x in sel.bawahan_saya(org.atasan.user, dunia.tahunan)}
    assert tahunan[org.rekan.pk].jumlah_realisasi == 1
    client = client_as("atasan")
    client.get(reverse("penilaian:evaluasi-bawahan"))
    # session, user, pegawai, instansi, periods (2), the one query of rows, the layout (3)
    with django_assert_max_num_queries(13):
        page = client.get(reverse("penilaian:evaluasi-bawahan")).content.decode()
    assert "Citra Sinaga" in page
    assert "4/4" in page
    assert "1/3" in page
    assert f"/penilaian/skp/{dunia.skp.pk}/" in page
    assert list(sel.bawahan_saya(org.bkd, dunia.q4)) == []


def test_hasil_and_detail_query_budget(org, dunia, client_as, django_assert_max_num_queries):
    for p in dunia.berkala:
        ev = evaluasi_of(org.pegawai, p)
        svc.evaluasi_nilai(actor=org.atasan.user, evaluasi=ev, rating_hasil_kerja="sesuai", rating_perilaku="sesuai")
    pertama = IndikatorKinerja.objects.filter(rhk__skp__pegawai=org.pegawai).order_by("pk").first()
    EvaluasiKinerja.objects.filter(pk=dunia.ev.pk).update(
        nilai_akhir=Decimal("84.50"),
        komponen={
            "nilai_akhir": "84.50",
            "bobot_dipakai": "100",
            "komponen": [
                {"nama": "Hasil kerja", "nilai": "90.00", "bobot": "70", "sumber": "capaian", "dipakai": True},
                {"nama": "Perilaku", "nilai": "71.67", "bobot": "30", "sumber": "360", "dipakai": True},
                {"nama": "IKM", "nilai": None, "bobot": "0", "sumber": "", "dipakai": False},
            ],
            "capaian_indikator": [{"indikator": pertama.pk, "capaian": "90.00"}],
        },
    )
    client = client_as("pegawai")
    client.get(reverse("penilaian:evaluasi-hasil"))
    # five rows: session, user, pegawai, rows, their keberatan, the layout; no query per row
    with django_assert_max_num_queries(10):
        page = client.get(reverse("penilaian:evaluasi-hasil")).content.decode()
    assert "84,50" in page
    assert "Perilaku: 71,67" in page
    page = client.get(reverse("penilaian:evaluasi-detail", args=[dunia.ev.pk])).content.decode()
    assert "90,00%" in page
    assert "tidak dipakai" in page


def test_skor_penjelasan_live_and_stored(org, dunia):
    berkas, waktu, kualitatif, _laporan = indikator_list(dunia.skp)
    svc.realisasi_simpan(actor=org.pegawai.user, indikator=berkas, periode=dunia.berkala[2], nilai=Decimal(60))
    svc.realisasi_simpan(actor=org.pegawai.user, indikator=berkas, periode=dunia.q4, nilai=Decimal(96))
    svc.realisasi_simpan(actor=org.pegawai.user, indikator=kualitatif, periode=dunia.q4, nilai_kualitatif="nihil")
    live = sel.skor_penjelasan(dunia.ev)
    assert live.langsung
    assert live.nilai_akhir is None
    rows = {c["indikator_id"]: c for c in live.capaian}
    assert rows[berkas.pk]["capaian"] == Decimal("80.00")
    assert rows[waktu.pk]["capaian"] is None
    assert rows[kualitatif.pk]["realisasi"] == "nihil"
    assert rows[kualitatif.pk]["arah"] == ""
    # the annual row uses the latest period that has a realisasi
    annual = {c["indikator_id"]: c for c in sel.skor_penjelasan(dunia.ev_tahunan).capaian}
    assert annual[berkas.pk]["realisasi"] == Decimal("96.00")
    EvaluasiKinerja.objects.filter(pk=dunia.ev.pk).update(skp=None)
    EvaluasiKinerja.objects.filter(pegawai=org.unrelated).update(skp=None)
    assert sel.skor_penjelasan(evaluasi_of(org.unrelated, dunia.q4)).capaian == []
    assert sel.skor_penjelasan(evaluasi_of(org.pegawai, dunia.q4), dengan_capaian=False).capaian == []


def test_detail_links_the_pdf_and_the_adjustment(org, dunia, client_as):
    from penilaian.models import EvaluasiKinerja
    from penilaian.rules import Predikat, Rating

    ev = EvaluasiKinerja.objects.filter(pegawai=org.pegawai).exclude(periode__jenis="tahunan").first()
    url = reverse("penilaian:evaluasi-detail", args=[ev.pk])
    pdf = reverse("penilaian:kalibrasi-dokumen-pdf", args=[ev.pk])
    sesuaikan = reverse("penilaian:kalibrasi-sesuaikan", args=[ev.pk])
    html = client_as("pegawai").get(url).content.decode()
    assert pdf in html
    assert sesuaikan not in html
    EvaluasiKinerja.objects.filter(pk=ev.pk).update(
        rating_hasil_kerja=Rating.SESUAI,
        rating_perilaku=Rating.SESUAI,
        predikat=Predikat.BAIK,
        predikat_matriks=Predikat.BAIK,
        status=EvaluasiKinerja.Status.DINILAI,
    )
    assert sesuaikan in client_as("bkd").get(url).content.decode()
    assert sesuaikan not in client_as("pegawai").get(url).content.decode()


def test_score_components_are_named_for_people(org, dunia, client_as):
    from penilaian.models import EvaluasiKinerja

    ev = EvaluasiKinerja.objects.filter(pegawai=org.pegawai).exclude(periode__jenis="tahunan").first()
    ev.komponen = {
        "nilai_akhir": "95.00",
        "bobot_dipakai": "70",
        "komponen": [
            {"nama": "hasil_kerja", "nilai": "95.00", "bobot": "70", "sumber": "", "dipakai": True},
            {"nama": "perilaku", "nilai": None, "bobot": "30", "sumber": "", "dipakai": False},
        ],
    }
    ev.save(update_fields=["komponen"])
    html = client_as("pegawai").get(reverse("penilaian:evaluasi-detail", args=[ev.pk])).content.decode()
    assert "Hasil kerja</td>" in html
    assert "Perilaku kerja (umpan balik 360)</td>" in html
    assert "hasil_kerja" not in html


def test_capaian_per_indikator_comes_from_the_cycle_once_it_ran(org, dunia, client_as):
    from decimal import Decimal

    from penilaian.models import EvaluasiKinerja, IndikatorKinerja
    from penilaian.selectors.evaluasi import skor_penjelasan

    ev = EvaluasiKinerja.objects.filter(pegawai=org.pegawai).exclude(periode__jenis="tahunan").first()
    before = skor_penjelasan(ev)
    assert before.langsung
    indikator = IndikatorKinerja.objects.filter(rhk__skp__pegawai=org.pegawai).order_by("pk").first()
    ev.komponen = {"komponen": [], "capaian_indikator": [{"indikator": indikator.pk, "capaian": "87.50"}]}
    ev.save(update_fields=["komponen"])
    after = skor_penjelasan(ev)
    assert not after.langsung
    row = next(r for r in after.capaian if r["indikator_id"] == indikator.pk)
    assert row["capaian"] == Decimal("87.50")
    assert row["uraian"] == indikator.uraian
    html = client_as("pegawai").get(reverse("penilaian:evaluasi-detail", args=[ev.pk])).content.decode()
    assert "sementara, dari realisasi saat ini" not in html
