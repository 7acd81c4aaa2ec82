"""Development in Debian's Chromium through Playwright, against a live server.

A pegawai sees a training need with its reason and their JP bar; a BKD officer runs an
allocation under a budget, reads the result and approves it, which schedules the training."""

from __future__ import annotations

import re

from django.utils import timezone

from pelatihan.models import Alokasi, RiwayatPelatihan
from pelatihan.services.kebutuhan import kebutuhan_turunkan
from tests.factories.pelatihan import asesmen_buat, program_buat, riwayat_selesai, standar_set
from tests.pegawai.test_browser import SHOTS, _build_org, _login, browser, pytestmark  # noqa: F401


def test_pegawai_sees_need_and_jp_bar_then_bkd_allocates_and_approves(
    transactional_db,
    live_server,
    browser,  # noqa: F811
):
    from tests.conftest import PASSWORD

    org = _build_org()
    tahun = timezone.localdate().year
    standar_set(org.jabatan_pelaksana, {"M1": 3, "M3": 2})
    asesmen_buat(org.pegawai, {"M1": 1, "M3": 2}, tanggal=timezone.localdate().replace(month=1, day=2))
    program_buat(org.instansi, "INT-3", membangun={"M1": 3}, tahun=tahun, nama="Integritas Level 3", jp=24)
    riwayat_selesai(org.pegawai, 8, tahun=tahun, tanggal=timezone.localdate().replace(month=1, day=5))
    kebutuhan_turunkan(instansi=org.instansi, tahun=tahun)
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    # --- the pegawai sees the need with its reason, and the JP bar
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, locale="id-ID", is_mobile=True, has_touch=True)
    page = ctx.new_page()
    _login(page, base, org.pegawai.nip, PASSWORD)
    page.goto(f"{base}/pelatihan/saya/kebutuhan/")
    teks = page.locator("main").inner_text()
    assert "Integritas" in teks
    assert "Integritas Level 3" in teks  # the programme that closes the gap
    page.screenshot(path=str(SHOTS / "20-pegawai-kebutuhan.png"), full_page=True)
    page.goto(f"{base}/pelatihan/saya/")
    assert "8 dari 20 JP" in page.locator(".jp-capaian").first.inner_text()
    page.screenshot(path=str(SHOTS / "21-pegawai-jp.png"), full_page=True)
    ctx.close()

    # --- BKD runs an allocation and approves it
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = ctx.new_page()
    _login(page, base, org.bkd.username, PASSWORD)
    page.goto(f"{base}/pelatihan/alokasi/")
    page.get_by_text("Jalankan alokasi baru").click()
    page.get_by_label("Nama", exact=True).fill(f"Alokasi {tahun} tahap I")
    page.get_by_label("Tahun", exact=True).fill(str(tahun))
    page.get_by_label("Anggaran (Rp)").fill("10000000")
    page.get_by_role("button", name="Jalankan").click()
    page.wait_for_url(re.compile(r"/pelatihan/alokasi/\d+/$"))  # the run went through, its page shows
    alokasi = Alokasi.objects.get(instansi=org.instansi)
    assert alokasi.status == Alokasi.Status.SELESAI
    page.goto(f"{base}/pelatihan/alokasi/{alokasi.pk}/")
    teks = page.locator("main").inner_text()
    assert "Integritas Level 3" in teks
    page.screenshot(path=str(SHOTS / "22-bkd-alokasi.png"), full_page=True)
    dipilih = alokasi.peserta.get(pegawai=org.pegawai, kebutuhan__jenis="kompetensi")
    assert (dipilih.terpilih, dipilih.program.nama) == (True, "Integritas Level 3")
    with page.expect_navigation():
        page.get_by_role("button", name="Setujui").click()
    alokasi.refresh_from_db()
    assert alokasi.status == Alokasi.Status.DISETUJUI
    page.screenshot(path=str(SHOTS / "23-bkd-alokasi-disetujui.png"), full_page=True)
    ctx.close()
    terjadwal = RiwayatPelatihan.objects.get(pegawai=org.pegawai, status=RiwayatPelatihan.Status.TERJADWAL)
    assert (terjadwal.nama, terjadwal.jp) == ("Integritas Level 3", 24)
