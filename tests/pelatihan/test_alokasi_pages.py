"""Allocation pages: permission matrix, rendering of the results and reasons, query budgets."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from pelatihan.models import AlokasiPeserta
from pelatihan.services.alokasi import alokasi_buat, alokasi_jalankan, alokasi_setujui
from tests.factories.pelatihan import TAHUN
from tests.pelatihan._alokasi_helpers import ANGGARAN, skenario


@pytest.fixture
def alokasi(org):  # type: ignore[no-untyped-def]
    skenario(org)
    a = alokasi_buat(actor=org.bkd, instansi=org.instansi, tahun=TAHUN, nama="Alokasi 2026", anggaran=ANGGARAN)
    return alokasi_jalankan(alokasi_id=a.pk)


LIHAT = {"bkd": 200, "pimpinan": 200, "pegawai": 404, "atasan": 404, "unrelated": 404, "other_bkd": 404}


@pytest.mark.parametrize("persona", [*LIHAT, "anonymous"])
def test_matriks_halaman_bkd(client_as, alokasi, persona) -> None:  # type: ignore[no-untyped-def]
    for url in (reverse("pelatihan:alokasi-list"), reverse("pelatihan:alokasi-detail", args=[alokasi.pk])):
        r = client_as(persona).get(url)
        if persona == "anonymous":
            assert r.status_code == 302
            assert r["Location"].startswith(reverse(settings.LOGIN_URL))
        elif persona == "other_bkd" and url.endswith("/alokasi/"):
            # their own (empty) list
            assert r.status_code == 200
            assert alokasi.nama not in r.content.decode()
        else:
            assert r.status_code == LIHAT[persona]
    setujui = reverse("pelatihan:alokasi-setujui", args=[alokasi.pk])
    r = client_as(persona).post(setujui)
    expected = {"bkd": 302, "pimpinan": 403}.get(persona, 302 if persona == "anonymous" else 404)
    assert r.status_code == expected
    alokasi.refresh_from_db()
    assert (alokasi.status == "disetujui") == (persona == "bkd")


def test_hasil_dan_alasan_tampil(client_as, org, alokasi, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    c = client_as("bkd")
    with django_assert_max_num_queries(20):
        r = c.get(reverse("pelatihan:alokasi-detail", args=[alokasi.pk]) + "?terpilih=0")
    body = r.content.decode()
    assert "170,00" in body
    assert "Kursi program habis" in body
    assert "Tidak ada program" in body
    with django_assert_max_num_queries(12):
        assert c.get(reverse("pelatihan:alokasi-list")).status_code == 200


def test_buat_dan_sesuaikan_lewat_halaman(client_as, org, alokasi) -> None:  # type: ignore[no-untyped-def]
    c = client_as("bkd")
    r = c.post(reverse("pelatihan:alokasi-list"), {"nama": "", "tahun": TAHUN, "anggaran": "-5"})
    assert r.status_code == 200
    assert "nama" in r.context["form"].errors
    assert "anggaran" in r.context["form"].errors
    baris = AlokasiPeserta.objects.get(alokasi=alokasi, pegawai=org.rekan)
    url = reverse("pelatihan:alokasi-peserta-sesuaikan", args=[baris.pk])
    assert client_as("pimpinan").post(url, {"terpilih": "0", "catatan": "x"}).status_code == 403
    c.post(url, {"terpilih": "0", "catatan": ""})
    baris.refresh_from_db()
    assert baris.terpilih
    c.post(url, {"terpilih": "0", "catatan": "Sedang tugas belajar"})
    baris.refresh_from_db()
    assert (baris.terpilih, baris.alasan) == (False, "dikeluarkan_bkd")


def test_halaman_saya_dan_tim(client_as, org, alokasi, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    assert "Belum ada" in client_as("pegawai").get(reverse("pelatihan:alokasi-saya")).content.decode()
    alokasi_setujui(actor=org.bkd, alokasi=alokasi)
    pegawai, atasan = client_as("pegawai"), client_as("atasan")
    with django_assert_max_num_queries(10):
        body = pegawai.get(reverse("pelatihan:alokasi-saya")).content.decode()
    assert "Program P2" in body
    assert "Kursi program habis" in body
    with django_assert_max_num_queries(10):
        tim = atasan.get(reverse("pelatihan:alokasi-tim")).content.decode()
    assert org.pegawai.nama in tim
    assert org.rekan.nama in tim
    assert org.unrelated.nama not in tim
    assert org.pegawai.nama not in client_as("unrelated").get(reverse("pelatihan:alokasi-tim")).content.decode()
    assert client_as("anonymous").get(reverse("pelatihan:alokasi-saya")).status_code == 302
