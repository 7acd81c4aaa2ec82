"""The career path in Debian's Chromium through Playwright, against a live server: a pegawai logs
in on a phone and on a desktop, opens their career path, sees the timeline, the next KP, their box
and their JP, and downloads the PDF; their atasan opens the same path from the team's side."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from tests.karier.test_jalur_selectors import riwayat_kaya
from tests.pegawai.test_browser import SHOTS, _build_org, _login, browser, pytestmark  # noqa: F401


def test_pegawai_opens_career_path_and_downloads_pdf(
    transactional_db,
    live_server,
    browser,  # noqa: F811
):
    from tests.conftest import PASSWORD

    org = _build_org()
    tahun = timezone.localdate().year
    riwayat_kaya(org, tahun)
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    # --- the pegawai, on a phone
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, locale="id-ID", is_mobile=True, has_touch=True)
    page = ctx.new_page()
    _login(page, base, org.pegawai.nip, PASSWORD)
    page.goto(f"{base}/karier/jalur/")
    assert page.get_by_role("heading", name="Jalur karier saya").is_visible()
    assert "II/c → II/d" in page.locator("#jalur-kp").inner_text()
    assert "Memenuhi syarat" in page.locator("#jalur-kp").inner_text()
    assert page.locator('#jalur-talenta td[aria-current="true"]').inner_text() == "8"
    assert "Masuk kelompok rencana suksesi" in page.locator("#jalur-tindakan").inner_text()
    assert "14 dari 20 JP" in page.locator("#jalur-jp .jp-capaian").inner_text()
    timeline = page.locator("#jalur-timeline .jalur-peristiwa")
    assert timeline.count() == 14
    assert "Integritas Lanjut" in timeline.first.inner_text()
    assert "Pengelola Data" in timeline.nth(12).inner_text()
    page.screenshot(path=str(SHOTS / "45-pegawai-jalur-karier-ponsel.png"), full_page=True)
    ctx.close()

    # --- the pegawai on a desktop downloads the PDF
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID", accept_downloads=True)
    page = ctx.new_page()
    _login(page, base, org.pegawai.nip, PASSWORD)
    page.goto(f"{base}/karier/jalur/")
    assert "Kepala Seksi Pelayanan Kesehatan Primer" in page.locator("#jalur-target").inner_text()
    page.screenshot(path=str(SHOTS / "46-pegawai-jalur-karier.png"), full_page=True)
    with page.expect_download() as unduhan:
        page.get_by_role("link", name="Unduh PDF").click()
    assert unduhan.value.suggested_filename == f"jalur-karier-{org.pegawai.nip}.pdf"
    assert Path(unduhan.value.path()).read_bytes().startswith(b"%PDF")
    ctx.close()

    # --- the atasan opens the subordinate's path; someone else's is not there for them
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = ctx.new_page()
    _login(page, base, org.atasan.nip, PASSWORD)
    page.goto(f"{base}/karier/jalur/{org.pegawai.pk}/")
    assert page.get_by_role("heading", name="Jalur karier: Siti Nasution").is_visible()
    page.screenshot(path=str(SHOTS / "47-atasan-jalur-bawahan.png"), full_page=True)
    assert page.goto(f"{base}/karier/jalur/{org.unrelated.pk}/").status == 404
    ctx.close()
