"""The real pages in Debian's Chromium through Playwright, against a live server.

A BKD officer logs in through the form, filters the pegawai list by typing part of a unit's name
into the type-ahead and choosing it, opens a profile and sees the riwayat; then a pegawai logs in,
opens their own profile, and gets 404 on another's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


def _build_org():
    """The persona organisation (conftest's ``org`` needs the ``db`` fixture; this test runs with
    ``transactional_db`` so that the live server sees the rows)."""
    from tests.conftest import org as org_fixture

    return org_fixture.__wrapped__(None)


def _login(page, base, username, password):
    page.goto(f"{base}/masuk/")
    page.get_by_label("NIP atau nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/")


def test_bkd_filters_and_opens_profile_then_pegawai_is_limited(transactional_db, live_server, browser):
    from tests.conftest import PASSWORD
    from tests.factories.pegawai import RiwayatJabatanFactory, RiwayatPendidikanFactory

    org = _build_org()
    RiwayatJabatanFactory(pegawai=org.pegawai, nama_jabatan="Pengelola Arsip")
    RiwayatPendidikanFactory(
        pegawai=org.pegawai, tingkat="SLTA", jurusan="IPS", tahun_lulus=org.pegawai.tanggal_lahir.year + 18
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    # --- the BKD officer, on a desktop
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = ctx.new_page()
    _login(page, base, "bkd.sibolga", PASSWORD)
    assert page.get_by_role("heading", name="Ringkasan instansi").is_visible()
    page.screenshot(path=str(SHOTS / "01-bkd-beranda.png"), full_page=True)

    page.get_by_role("link", name="Pegawai", exact=True).click()
    page.wait_for_url(f"{base}/pegawai/")
    assert page.locator("#pegawai-tabel tbody tr").count() == 7
    # the unit filter is a type-ahead: typing part of a name asks the server for matches ...
    unit_input = page.get_by_role("combobox", name="Unit kerja")
    with page.expect_response(lambda r: "/pilihan/unit-kerja/" in r.url and "q=primer" in r.url) as options:
        unit_input.press_sequentially("primer", delay=30)
    assert options.value.ok
    option = page.locator(".ts-dropdown .option", has_text="Seksi Pelayanan Kesehatan Primer")
    option.wait_for()
    assert page.locator(".ts-dropdown .option").count() == 1
    page.screenshot(path=str(SHOTS / "02a-bkd-unit-ketik.png"), full_page=True)
    # ... and choosing one refreshes only the table (htmx) and pushes the filter into the URL
    with page.expect_response(lambda r: "/pegawai/?" in r.url and r.request.headers.get("hx-request") == "true"):
        option.click()
    page.wait_for_function("document.querySelectorAll('#pegawai-tabel tbody tr').length === 3")
    assert page.locator("#id_unit_kerja").input_value() == str(org.seksi.pk)
    assert f"unit_kerja={org.seksi.pk}" in page.url
    rows = page.locator("#pegawai-tabel tbody tr").all_inner_texts()
    assert any("Siti Nasution" in r for r in rows)
    assert not any("Yusuf Harahap" in r for r in rows)
    page.screenshot(path=str(SHOTS / "02-bkd-pegawai-difilter.png"), full_page=True)

    page.get_by_role("link", name="Siti Nasution").click()
    page.wait_for_url(f"{base}/pegawai/{org.pegawai.pk}/")
    assert page.get_by_role("heading", name="Riwayat jabatan").is_visible()
    assert "Pengelola Arsip" in page.locator("#riwayat-jabatan").inner_text()
    assert "II/c" in page.locator("#riwayat-pangkat").inner_text()
    assert page.get_by_role("link", name="Ubah profil").is_visible()
    page.screenshot(path=str(SHOTS / "03-bkd-profil.png"), full_page=True)
    ctx.close()

    # --- the pegawai, on a phone
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, locale="id-ID", is_mobile=True, has_touch=True)
    page = ctx.new_page()
    _login(page, base, org.pegawai.nip, PASSWORD)
    page.screenshot(path=str(SHOTS / "04-pegawai-beranda-ponsel.png"), full_page=True)
    # the nav collapses behind the toggler on a phone
    nav_link = page.locator("#nav-utama").get_by_role("link", name="Profil saya", exact=True)
    assert not nav_link.is_visible()
    page.get_by_role("button", name="Buka menu").click()
    nav_link.click()
    page.wait_for_url(f"{base}/pegawai/{org.pegawai.pk}/")
    assert "Siti Nasution" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="Ubah profil").count() == 0
    page.screenshot(path=str(SHOTS / "05-pegawai-profil-ponsel.png"), full_page=True)

    response = page.goto(f"{base}/pegawai/{org.rekan.pk}/")
    assert response is not None
    assert response.status == 404
    assert page.get_by_role("heading", name="Halaman tidak ditemukan").is_visible()
    assert "Andi Lubis" not in page.content()
    page.screenshot(path=str(SHOTS / "06-pegawai-404-ponsel.png"), full_page=True)
    ctx.close()
