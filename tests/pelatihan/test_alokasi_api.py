"""Allocation API: permission matrix over every URL, bad input as 400 naming the field, query
budgets on the lists, and the whole flow (create → run → detail → adjust → approve → my rows)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pelatihan.models import Alokasi, AlokasiPeserta, RiwayatPelatihan
from pelatihan.services.alokasi import alokasi_buat, alokasi_jalankan, alokasi_setujui
from tests.conftest import PERSONAS, Organisasi, login_user
from tests.factories.pelatihan import TAHUN, program_buat
from tests.pelatihan._alokasi_helpers import ANGGARAN, Skenario, skenario


def api(org: Organisasi, persona: str) -> Client:
    client = Client()
    user = login_user(org, persona)
    if user is not None:
        client.force_login(user)
    return client


def _tabel(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(PERSONAS, default)
    table["anonymous"] = 401
    table.update(overrides)
    return table


BACA = _tabel(404, bkd=200, pimpinan=200)
DAFTAR = _tabel(404, bkd=200, pimpinan=200, other_bkd=200)
BUAT = _tabel(404, bkd=201, pimpinan=403, other_bkd=201)
UBAH = _tabel(404, bkd=200, pimpinan=403)
PRIBADI = _tabel(200)


def _jalankan(org: Organisasi, nama: str = "Alokasi 2026", **kw: Any) -> Alokasi:
    a = alokasi_buat(actor=org.bkd, instansi=org.instansi, tahun=TAHUN, nama=nama, anggaran=ANGGARAN, kirim=False, **kw)
    return alokasi_jalankan(alokasi_id=a.pk)


def _baris(alokasi: Alokasi, kebutuhan_id: int) -> AlokasiPeserta:
    return AlokasiPeserta.objects.get(alokasi=alokasi, kebutuhan_id=kebutuhan_id)


@pytest.mark.parametrize("persona", PERSONAS)
def test_matriks_izin(org: Organisasi, persona: str) -> None:
    s = skenario(org)
    alokasi = _jalankan(org)
    kedua = alokasi_buat(
        actor=org.bkd, instansi=org.instansi, tahun=TAHUN, nama="Batch kedua", anggaran=ANGGARAN, kirim=False
    )
    c = api(org, persona)

    daftar = c.get(reverse("pelatihan-api:alokasi-list"))
    assert daftar.status_code == DAFTAR[persona]
    if persona == "other_bkd":
        assert daftar.json()["count"] == 0
    baru = c.post(
        reverse("pelatihan-api:alokasi-list"),
        {"nama": "Baru", "tahun": TAHUN, "anggaran": "1000000"},
        content_type="application/json",
    )
    assert baru.status_code == BUAT[persona]
    for url in (
        reverse("pelatihan-api:alokasi-detail", args=[alokasi.pk]),
        reverse("pelatihan-api:alokasi-peserta-list", args=[alokasi.pk]),
    ):
        assert c.get(url).status_code == BACA[persona], url

    rekan = _baris(alokasi, s.rekan_m3.pk)
    sesuaikan = c.post(
        reverse("pelatihan-api:alokasi-peserta-sesuaikan", args=[rekan.pk]),
        {"terpilih": False, "catatan": "Tugas belajar"},
        content_type="application/json",
    )
    assert sesuaikan.status_code == UBAH[persona]
    rekan.refresh_from_db()
    assert rekan.terpilih == (persona != "bkd")

    setujui = c.post(reverse("pelatihan-api:alokasi-setujui", args=[alokasi.pk]))
    assert setujui.status_code == UBAH[persona]
    batal = c.post(reverse("pelatihan-api:alokasi-batalkan", args=[kedua.pk]))
    assert batal.status_code == UBAH[persona]
    assert Alokasi.objects.get(pk=alokasi.pk).status == ("disetujui" if persona == "bkd" else "selesai")
    assert Alokasi.objects.get(pk=kedua.pk).status == ("dibatalkan" if persona == "bkd" else "menunggu")

    for name in ("pelatihan-api:alokasi-saya", "pelatihan-api:alokasi-tim"):
        assert c.get(reverse(name)).status_code == PRIBADI[persona]
    if persona != "anonymous":
        # a write verb on a read URL is refused, never served
        assert c.delete(reverse("pelatihan-api:alokasi-detail", args=[alokasi.pk])).status_code in (404, 405)
        assert c.get(reverse("pelatihan-api:alokasi-setujui", args=[alokasi.pk])).status_code in (404, 405)


def test_masukan_salah_400_menyebut_field(org: Organisasi) -> None:
    s = skenario(org)
    lain = program_buat(org.other_instansi, "L1")
    lalu = program_buat(org.instansi, "Q1", tahun=TAHUN - 1)
    c = api(org, "bkd")
    url = reverse("pelatihan-api:alokasi-list")
    r = c.post(
        url, {"nama": "", "tahun": 1990, "anggaran": "-1", "program_ids": ["x"]}, content_type="application/json"
    )
    assert r.status_code == 400
    assert set(r.json()) == {"nama", "tahun", "anggaran", "program_ids"}
    r = c.post(url, {"nama": "A", "tahun": TAHUN, "anggaran": "1e16"}, content_type="application/json")
    assert (r.status_code, set(r.json())) == (400, {"anggaran"})
    # a programme of another instansi or another year is refused by the service, under the API's name
    for program in (lain, lalu):
        r = c.post(
            url,
            {"nama": "A", "tahun": TAHUN, "anggaran": "10", "program_ids": [s.p1.pk, program.pk]},
            content_type="application/json",
        )
        assert r.status_code == 400
        assert "tahun 2026" in r.json()["program_ids"][0]
    assert not Alokasi.objects.exists()

    alokasi = _jalankan(org, program_ids=[s.p1.pk, s.p2.pk])
    peserta = reverse("pelatihan-api:alokasi-peserta-list", args=[alokasi.pk])
    assert set(c.get(peserta, {"terpilih": "mungkin"}).json()) == {"terpilih"}
    assert set(c.get(peserta, {"program": "0"}).json()) == {"program"}
    assert set(c.get(peserta, {"page": "99"}).json()) == {"page"}
    assert c.get(reverse("pelatihan-api:alokasi-detail", args=[2**63])).status_code == 404

    baris = _baris(alokasi, s.pegawai_m3.pk)
    sesuaikan = reverse("pelatihan-api:alokasi-peserta-sesuaikan", args=[baris.pk])
    cases: list[tuple[dict[str, Any], str]] = [
        ({"catatan": "Tanpa keputusan"}, "terpilih"),
        ({"terpilih": True, "catatan": "  "}, "catatan"),
        ({"terpilih": True, "program": lain.pk, "catatan": "Lain"}, "program"),
        ({"terpilih": True, "program": s.p3.pk, "catatan": "Bukan batch ini"}, "program"),
        ({"terpilih": True, "catatan": "Kursi penuh"}, "program"),
    ]
    for body, field in cases:
        r = c.post(sesuaikan, body, content_type="application/json")
        assert r.status_code == 400, body
        assert set(r.json()) == {field}, r.json()
    assert "bukan bagian" in c.post(sesuaikan, cases[3][0], content_type="application/json").json()["program"][0]
    # a form post without the box is not read as "exclude"
    assert set(c.post(sesuaikan, {"catatan": "Form"}).json()) == {"terpilih"}
    baris.refresh_from_db()
    assert (baris.terpilih, baris.disesuaikan) == (False, False)

    # the state forbids: approving twice, cancelling an approved run
    assert c.post(reverse("pelatihan-api:alokasi-setujui", args=[alokasi.pk])).status_code == 200
    r = c.post(reverse("pelatihan-api:alokasi-setujui", args=[alokasi.pk]))
    assert r.status_code == 400
    assert "sudah disetujui" in r.json()["non_field_errors"][0]
    r = c.post(reverse("pelatihan-api:alokasi-batalkan", args=[alokasi.pk]))
    assert r.status_code == 400
    assert "tidak dapat dibatalkan" in r.json()["non_field_errors"][0]
    r = c.post(sesuaikan, {"terpilih": False, "catatan": "Terlambat"}, content_type="application/json")
    assert r.status_code == 400
    assert "belum disetujui" in r.json()["non_field_errors"][0]


def test_daftar_tidak_bertambah_kueri(org: Organisasi, django_assert_max_num_queries: Any) -> None:
    skenario(org)
    alokasi = _jalankan(org)
    for n in range(3):
        alokasi_buat(
            actor=org.bkd, instansi=org.instansi, tahun=TAHUN, nama=f"Batch {n}", anggaran=ANGGARAN, kirim=False
        )
    c = api(org, "bkd")
    with django_assert_max_num_queries(6):
        data = c.get(reverse("pelatihan-api:alokasi-list")).json()
    assert data["count"] == 4
    assert {r["nama"]: r["jumlah_terpilih"] for r in data["results"]}["Alokasi 2026"] == 2
    with django_assert_max_num_queries(7):
        data = c.get(reverse("pelatihan-api:alokasi-peserta-list", args=[alokasi.pk])).json()
    assert data["count"] == 6
    alokasi_setujui(actor=org.bkd, alokasi=alokasi)
    pegawai, atasan = api(org, "pegawai"), api(org, "atasan")
    with django_assert_max_num_queries(7):
        saya = pegawai.get(reverse("pelatihan-api:alokasi-saya")).json()
    assert saya["count"] == 3
    with django_assert_max_num_queries(7):
        tim = atasan.get(reverse("pelatihan-api:alokasi-tim")).json()
    assert {r["pegawai"]["nama_lengkap"] for r in tim["results"]} == {org.pegawai.nama_lengkap, org.rekan.nama_lengkap}
    assert tim["count"] == 4


def _flow_detail(c: Client, alokasi_id: int) -> dict[str, Any]:
    r = c.get(reverse("pelatihan-api:alokasi-detail", args=[alokasi_id]))
    assert r.status_code == 200
    return dict(r.json())


def test_alur_lengkap_lewat_api(org: Organisasi, django_capture_on_commit_callbacks: Any) -> None:
    s: Skenario = skenario(org)
    c = api(org, "bkd")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        r = c.post(
            reverse("pelatihan-api:alokasi-list"),
            {"nama": "Alokasi 2026", "tahun": TAHUN, "anggaran": "3000000"},
            content_type="application/json",
        )
    assert r.status_code == 201
    assert (r.json()["status"], r.json()["progres"]) == ("menunggu", 0)
    assert len(callbacks) == 1  # the run was dispatched after commit and ran eagerly

    d = _flow_detail(c, r.json()["id"])
    assert (d["status"], d["langkah"], d["progres"]) == ("selesai", "selesai", 100)
    assert (d["nilai_objektif"], d["batas_lp"], d["gap_persen"]) == ("170.0000", "170.0000", "0.0000")
    assert d["program_ids"] == []
    assert d["parameter"]["maks_program_per_pegawai"] == 2
    assert d["solver"]["kebutuhan"] == 6
    ring = d["ringkasan"]
    assert (ring["terpilih"], ring["biaya_terpakai"], ring["sisa_anggaran"]) == (2, "3000000.00", "0.00")
    assert {k["nama"]: (k["kursi"], k["terpilih"]) for k in ring["kursi"]} == {
        "Program P1": (1, 1),
        "Program P2": (5, 1),
        "Program P3": (30, 0),
    }
    assert {k["dimensi"] for k in ring["kelompok"]} >= {"jenis_kelamin"}
    assert ring["alasan"] == {"terpilih": 2, "kursi": 1}

    peserta_url = reverse("pelatihan-api:alokasi-peserta-list", args=[d["id"]])
    terpilih = c.get(peserta_url, {"terpilih": "true"}).json()["results"]
    assert {(p["pegawai"]["id"], p["program"]["kode"], p["manfaat"]) for p in terpilih} == {
        (org.rekan.pk, "P1", "60.0000"),
        (org.pegawai.pk, "P2", "80.0000"),
    }
    p1 = c.get(peserta_url, {"program": str(s.p1.pk), "terpilih": "false"}).json()["results"]
    assert [(p["kebutuhan"], p["alasan"]) for p in p1] == [(s.pegawai_m3.pk, "kursi")]
    assert p1[0]["alasan_teks"].startswith("Kursi program habis")

    rekan = _baris(Alokasi.objects.get(pk=d["id"]), s.rekan_m3.pk)
    pegawai_m3 = _baris(Alokasi.objects.get(pk=d["id"]), s.pegawai_m3.pk)
    r = c.post(
        reverse("pelatihan-api:alokasi-peserta-sesuaikan", args=[rekan.pk]),
        {"terpilih": False, "catatan": "Sedang tugas belajar"},
        content_type="application/json",
    )
    assert (r.json()["terpilih"], r.json()["alasan"]) == (False, "dikeluarkan_bkd")
    r = c.post(
        reverse("pelatihan-api:alokasi-peserta-sesuaikan", args=[pegawai_m3.pk]),
        {"terpilih": True, "program": s.p1.pk, "catatan": "Kepala dinas meminta"},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert (r.json()["terpilih"], r.json()["alasan"], r.json()["program"]["id"]) == (True, "ditambahkan_bkd", s.p1.pk)
    assert r.json()["alasan_teks"] == "Ditambahkan oleh BKD (Kepala dinas meminta)"

    r = c.post(reverse("pelatihan-api:alokasi-setujui", args=[d["id"]]))
    assert r.status_code == 200
    assert r.json()["status"] == "disetujui"
    assert r.json()["ringkasan"]["terpilih"] == 2
    assert RiwayatPelatihan.objects.filter(pegawai=org.pegawai, tahun=TAHUN).count() == 2

    saya = api(org, "pegawai").get(reverse("pelatihan-api:alokasi-saya")).json()["results"]
    alasan = {row["kebutuhan"]: (row["terpilih"], row["alasan_teks"]) for row in saya}
    assert alasan[s.pegawai_m3.pk] == (True, "Ditambahkan oleh BKD (Kepala dinas meminta)")
    assert alasan[s.pegawai_kinerja.pk] == (True, "Terpilih (Program P2, manfaat 80,00, biaya Rp 1.000.000)")
    assert alasan[s.pegawai_m1.pk][0] is False
    assert alasan[s.pegawai_m1.pk][1].startswith("Tidak memenuhi syarat program")
    assert {row["alokasi"]["nama"] for row in saya} == {"Alokasi 2026"}
    tim = api(org, "atasan").get(reverse("pelatihan-api:alokasi-tim")).json()["results"]
    assert [(r["terpilih"], r["alasan"], Decimal(r["biaya"])) for r in tim if r["pegawai"]["id"] == org.rekan.pk] == [
        (False, "dikeluarkan_bkd", Decimal("2000000.00"))
    ]
