"""The dashboard in Debian's Chromium through Playwright, against a live server.

A BKD officer opens the dashboard and sees the charts drawn; clicking a bar of the unit chart
opens the pegawai list of that unit; from the dashboard they open the talent map and click a box,
and the list of that box's pegawai appears. The pimpinan sees the same dashboard on a phone,
without the buttons that start work."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.utils import timezone

from tests.factories.karier import penempatan_buat
from tests.pegawai.test_browser import SHOTS, _build_org, _login, browser, pytestmark  # noqa: F401


def _klik_batang(page, grafik: str, indeks: int) -> None:
    """Click the middle of bar ``indeks`` of the chart drawn on canvas[data-dasbor-grafik=grafik]."""
    canvas = page.locator(f'canvas[data-dasbor-grafik="{grafik}"]')
    canvas.scroll_into_view_if_needed()
    titik = canvas.evaluate(
        """(c, i) => {
            const bar = window.Chart.getChart(c).getDatasetMeta(0).data[i];
            const p = bar.getCenterPoint();
            return {x: p.x, y: p.y};
        }""",
        indeks,
    )
    kotak = canvas.bounding_box()
    page.mouse.click(kotak["x"] + titik["x"], kotak["y"] + titik["y"])


def test_bkd_opens_dashboard_drills_into_a_bar_and_a_box_pimpinan_reads_on_a_phone(
    transactional_db,
    live_server,
    browser,  # noqa: F811
):
    from tests.conftest import PASSWORD

    cache.clear()  # the live server shares this process' cache: no figures kept from another test
    org = _build_org()
    tahun = timezone.localdate().year - 1
    penempatan_buat(org.pegawai, tahun, 9)
    penempatan_buat(org.rekan, tahun, 9)
    penempatan_buat(org.atasan, tahun, 5)
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    # --- BKD, on a desktop
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = ctx.new_page()
    _login(page, base, org.bkd.username, PASSWORD)
    page.goto(f"{base}/karier/dasbor/")
    assert page.get_by_role("heading", name="Dasbor karier").is_visible()
    for grafik in ("grafik-unit", "grafik-golongan", "grafik-jenis-jabatan", "grafik-jenis-kelamin", "grafik-jp"):
        page.locator(f'canvas[data-dasbor-grafik="{grafik}"][data-digambar="1"]').wait_for()
    assert page.locator('[data-angka="pegawai"]').inner_text() == "7"
    assert page.locator('form[data-aksi="ikm-hitung"]').count() == 1
    # the table under the unit chart carries the same figures and links
    assert "Dinas Kesehatan" in page.locator('table[data-tabel="unit"]').inner_text()
    page.screenshot(path=str(SHOTS / "40-bkd-dasbor.png"), full_page=True)

    # a bar of the unit chart opens the pegawai list of that unit
    _klik_batang(page, "grafik-unit", 0)
    page.wait_for_url(re.compile(rf"/pegawai/\?unit_kerja={org.dinas.pk}&status=aktif$"))
    page.wait_for_function("document.querySelectorAll('#pegawai-tabel tbody tr').length === 7")
    page.screenshot(path=str(SHOTS / "41-bkd-dasbor-ke-pegawai-unit.png"), full_page=True)

    # the talent map from the dashboard, then a box: its pegawai appear under the grid
    page.goto(f"{base}/karier/dasbor/")
    assert page.locator('table[data-tabel="talenta"] a[data-kotak="9"]').inner_text().endswith("2")
    page.get_by_role("link", name="Peta talenta").click()
    page.wait_for_url(re.compile(rf"/karier/talenta/\?tahun={tahun}$"))
    page.locator("#kotak-9 a[hx-get]").click()
    daftar = page.locator("#daftar-kotak")
    daftar.get_by_text("Siti Nasution").wait_for()
    teks = daftar.inner_text()
    assert "Andi Lubis" in teks
    assert "Budi Siregar" not in teks  # box 5
    page.screenshot(path=str(SHOTS / "42-bkd-talenta-kotak-9.png"), full_page=True)

    # the dashboard's own box cell opens the list of that box directly
    page.goto(f"{base}/karier/dasbor/")
    page.locator('table[data-tabel="talenta"] a[data-kotak="5"]').click()
    page.wait_for_url(re.compile(rf"/karier/talenta/kotak/5/\?tahun={tahun}$"))
    page.get_by_text("Budi Siregar").first.wait_for()
    ctx.close()

    # --- the pimpinan, on a phone: the same figures, no buttons that change anything
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, locale="id-ID", is_mobile=True, has_touch=True)
    page = ctx.new_page()
    _login(page, base, org.pimpinan.username, PASSWORD)
    page.goto(f"{base}/karier/dasbor/")
    page.locator('canvas[data-dasbor-grafik="grafik-unit"][data-digambar="1"]').wait_for()
    assert page.locator('[data-angka="pegawai"]').inner_text() == "7"
    assert page.locator("[data-aksi]").count() == 0
    assert page.get_by_test_id("hanya-baca").is_visible()
    page.screenshot(path=str(SHOTS / "43-pimpinan-dasbor-ponsel.png"), full_page=True)
    ctx.close()
