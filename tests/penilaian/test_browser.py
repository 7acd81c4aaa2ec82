"""The appraisal loop in Debian's Chromium through Playwright, against a live server.

A pegawai enters realisasi with a link as evidence, their atasan rates them in "Bawahan saya",
the pegawai sees the predikat among their results; a member of the public answers the survey of
a unit layanan on a phone, without an account."""

from __future__ import annotations

from django.utils import timezone

from penilaian.models import EvaluasiKinerja, Realisasi, ResponsSurvei, TautanSurvei
from penilaian.services.ikm import tautan_survei_pastikan
from tests.factories.penilaian import indikator_list, periode_tahun, skp_build
from tests.pegawai.test_browser import SHOTS, _build_org, _login, browser, pytestmark  # noqa: F401


def test_realisasi_rating_predikat_and_the_public_survey(transactional_db, live_server, browser):  # noqa: F811
    from tests.conftest import PASSWORD

    org = _build_org()
    tahun = timezone.localdate().year
    periode_tahun(org.instansi, tahun=tahun)
    skp = skp_build(org.pegawai, tahun=tahun)
    indikator = indikator_list(skp)
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    # --- the pegawai enters realisasi for every indikator of the current period
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = ctx.new_page()
    _login(page, base, org.pegawai.nip, PASSWORD)
    page.goto(f"{base}/penilaian/realisasi/")
    nilai = {indikator[0].pk: "120", indikator[1].pk: "2", indikator[2].pk: "12"}
    for pk, value in nilai.items():
        blok = page.locator(f"#indikator-{pk}")
        blok.get_by_label("Realisasi").fill(value)
        blok.get_by_role("button", name="Simpan realisasi").click()
        page.wait_for_load_state("load")
    pertama = page.locator(f"#indikator-{indikator[0].pk}")
    pertama.get_by_label("atau tautan").fill("https://arsip.example.go.id/laporan-layanan.pdf")
    pertama.get_by_role("button", name="Tambah bukti").click()
    page.wait_for_load_state("load")
    assert "laporan-layanan.pdf" in page.locator(f"#indikator-{indikator[0].pk}").inner_text()
    page.screenshot(path=str(SHOTS / "10-pegawai-realisasi.png"), full_page=True)
    capaian = dict(Realisasi.objects.filter(indikator__rhk__skp=skp).values_list("indikator_id", "capaian"))
    # 120 of 120 (higher is better), 2 days against 3 (lower is better), 12 of 12
    assert {k: str(v) for k, v in capaian.items()} == {
        indikator[0].pk: "100.00",
        indikator[1].pk: "133.33",
        indikator[2].pk: "100.00",
    }
    ctx.close()

    # --- the atasan rates the pegawai from "Bawahan saya"
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = ctx.new_page()
    _login(page, base, org.atasan.nip, PASSWORD)
    page.goto(f"{base}/penilaian/bawahan/")
    baris = page.locator("tr", has_text=org.pegawai.nama)
    assert "Lengkap" in baris.inner_text()
    page.screenshot(path=str(SHOTS / "11-atasan-bawahan.png"), full_page=True)
    baris.get_by_role("link", name="Nilai").click()
    page.get_by_label("Rating hasil kerja").select_option("di_atas")
    page.get_by_label("Rating perilaku kerja").select_option("di_atas")
    page.get_by_role("button", name="Simpan penilaian").click()
    page.wait_for_load_state("load")
    assert "Sangat Baik" in page.locator("main").inner_text()
    page.screenshot(path=str(SHOTS / "12-atasan-menilai.png"), full_page=True)
    ctx.close()
    ev = EvaluasiKinerja.objects.get(pegawai=org.pegawai, periode__jenis="triwulanan", rating_hasil_kerja="di_atas")
    assert (ev.predikat, ev.status) == ("sangat_baik", "dinilai")

    # --- the pegawai sees the predikat among their results
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, locale="id-ID", is_mobile=True, has_touch=True)
    page = ctx.new_page()
    _login(page, base, org.pegawai.nip, PASSWORD)
    page.goto(f"{base}/penilaian/hasil/")
    assert "Sangat Baik" in page.locator("main").inner_text()
    page.screenshot(path=str(SHOTS / "13-pegawai-hasil-ponsel.png"), full_page=True)
    ctx.close()

    # --- a member of the public answers the puskesmas survey on a phone, without logging in
    tautan_survei_pastikan(instansi=org.instansi)
    kode = TautanSurvei.objects.get(unit_kerja=org.puskesmas).kode
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, locale="id-ID", is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.goto(f"{base}/s/{kode}/")
    assert org.puskesmas.nama in page.content()
    # submitting with nothing chosen names the unsur that is missing
    page.get_by_role("button", name="Kirim jawaban").click()
    page.wait_for_load_state("load")
    assert "U1" in page.locator(".alert").first.inner_text()
    for nomor in range(1, 10):
        page.locator(f"#isian-u{nomor} label").nth(3).click()
    page.get_by_role("button", name="Kirim jawaban").click()
    page.wait_for_url(f"{base}/s/{kode}/terima-kasih/")
    assert page.get_by_role("heading", name="Terima kasih!").is_visible()
    page.screenshot(path=str(SHOTS / "14-survei-ponsel.png"), full_page=True)
    ctx.close()
    respons = ResponsSurvei.objects.get(unit_kerja=org.puskesmas)
    assert [getattr(respons, f"u{i}") for i in range(1, 10)] == [4] * 9
