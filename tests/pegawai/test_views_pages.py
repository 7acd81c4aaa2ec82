"""The pages themselves: list with filters, htmx partial and pagination, export, profile, home,
unit tree, jabatan list, login and lockout, language, and query budgets."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from pegawai.models import Pegawai
from tests.conftest import PASSWORD
from tests.factories.pegawai import (
    HukumanDisiplinFactory,
    JabatanFactory,
    PegawaiFactory,
    RiwayatJabatanFactory,
    RiwayatPangkatFactory,
    RiwayatPendidikanFactory,
    UnitKerjaFactory,
    golongan,
)

# --- pegawai list ------------------------------------------------------------------------------


def test_list_filters_by_unit_subtree_and_search(org, client_as):
    client = client_as("bkd")
    body = client.get(reverse("pegawai:pegawai-list"), {"unit_kerja": org.bidang.pk}).content.decode()
    for p in (org.kepala_bidang, org.atasan, org.pegawai, org.rekan):
        assert p.nama in body
    for p in (org.kepala_dinas, org.unrelated, org.kepala_puskesmas):
        assert p.nama not in body
    body = client.get(reverse("pegawai:pegawai-list"), {"q": org.unrelated.nip[:10]}).content.decode()
    assert org.unrelated.nama in body
    body = client.get(reverse("pegawai:pegawai-list"), {"q": "siti"}).content.decode()
    assert org.pegawai.nama in body
    assert org.rekan.nama not in body


def test_list_filters_by_golongan_pendidikan_gender_and_jenis(org, client_as):
    client = client_as("bkd")
    url = reverse("pegawai:pegawai-list")
    names = lambda params: {p.nama for p in client.get(url, params).context["page"].object_list}  # noqa: E731
    assert names({"golongan": golongan("II/c").pk}) == {"Siti Nasution"}
    assert names({"pendidikan": "D3"}) == {"Yusuf Harahap"}
    assert names({"jenis_jabatan": "administrator"}) == {"Rina Pasaribu"}
    assert names({"jenis_asn": "PPPK"}) == set()
    assert names({"status": "aktif", "jenis_kelamin": org.pegawai.jenis_kelamin}) >= {"Siti Nasution"}


def test_list_rejects_a_unit_of_another_instansi(org, client_as):
    response = client_as("bkd").get(reverse("pegawai:pegawai-list"), {"unit_kerja": org.other_pegawai.unit_kerja_id})
    assert response.status_code == 200
    assert response.context["form"].errors["unit_kerja"]
    # the invalid filter is dropped, not applied against the other instansi
    assert "Dewi Chaniago" not in response.content.decode()


def test_htmx_request_gets_only_the_table_partial(org, client_as):
    client = client_as("bkd")
    response = client.get(reverse("pegawai:pegawai-list"), {"q": "Siti"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="pegawai-tabel"')
    assert "<html" not in body
    assert "Siti Nasution" in body
    assert "HX-Request" in response["Vary"]
    full = client.get(reverse("pegawai:pegawai-list"), {"q": "Siti"}).content.decode()
    assert "<html" in full
    assert 'id="pegawai-tabel"' in full
    # the back button does not restore htmx's snapshot (its filter form may be ahead of its URL):
    # it asks the server again, and gets the whole page with the filters of that URL
    assert 'hx-history="false"' in full
    restored = client.get(
        reverse("pegawai:pegawai-list"),
        {"unit_kerja": org.seksi.pk},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    ).content.decode()
    assert "<html" in restored
    assert f'<option value="{org.seksi.pk}" selected>Seksi Pelayanan Kesehatan Primer' in restored


def test_pagination_keeps_filters(org, client_as):
    unit = org.puskesmas
    jabatan = JabatanFactory(unit_kerja=unit, nama="Pengadministrasi Puskesmas", kebutuhan=60, atasan=org.jabatan_kapus)
    for _ in range(52):
        PegawaiFactory(jabatan=jabatan)
    client = client_as("bkd")
    response = client.get(reverse("pegawai:pegawai-list"), {"unit_kerja": unit.pk})
    page = response.context["page"]
    assert page.paginator.count == 54  # 52 + kepala puskesmas + perawat
    assert len(page.object_list) == 50
    body = response.content.decode()
    assert f"?unit_kerja={unit.pk}&amp;page=2" in body
    page2 = client.get(reverse("pegawai:pegawai-list"), {"unit_kerja": unit.pk, "page": 2}).context["page"]
    assert len(page2.object_list) == 4


# --- export ------------------------------------------------------------------------------------


def test_export_xlsx_keeps_nip_as_text_and_applies_filters(org, client_as):
    response = client_as("bkd").get(reverse("pegawai:pegawai-export"), {"format": "xlsx", "unit_kerja": org.seksi.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "NIP"
    assert rows[0][1] == "Nama lengkap"
    assert len(rows[0]) == 13
    data = {r[1]: r for r in rows[1:]}
    assert set(data) == {"Budi Siregar", "Siti Nasution", "Andi Lubis"}
    siti = data["Siti Nasution"]
    assert siti[0] == org.pegawai.nip  # a string, not a number
    assert isinstance(siti[0], str)
    assert ws.cell(row=2, column=1).number_format == "@"
    assert siti[3] == "II/c"
    assert siti[6] == "Pengadministrasi Umum"
    assert siti[8] == org.seksi.nama
    assert siti[11].date() == org.pegawai.tanggal_lahir


def test_export_csv(org, client_as):
    response = client_as("pimpinan").get(reverse("pegawai:pegawai-export"), {"format": "csv", "q": "Yusuf"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "NIP"
    assert len(rows) == 2
    assert rows[1][0] == org.unrelated.nip
    assert rows[1][1] == "Yusuf Harahap"
    assert rows[1][7] == "Fungsional Keterampilan"
    assert rows[1][11] == org.unrelated.tanggal_lahir.isoformat()


def test_export_csv_neutralises_formulas(org, client_as):
    PegawaiFactory(jabatan=org.jabatan_perawat, nama="=HYPERLINK(1)")
    text = b"".join(
        client_as("bkd").get(reverse("pegawai:pegawai-export"), {"format": "csv", "q": "HYPERLINK"}).streaming_content
    ).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text


# --- profile -----------------------------------------------------------------------------------


def test_profile_shows_riwayat_masa_and_atasan(org, client_as):
    p = org.pegawai
    RiwayatJabatanFactory(pegawai=p, nama_jabatan="Pengelola Arsip Lama")
    RiwayatPendidikanFactory(pegawai=p, tingkat="D3", jurusan="Administrasi Perkantoran", tahun_lulus=2010)
    response = client_as("atasan").get(reverse("pegawai:pegawai-detail", args=[p.pk]))
    body = response.content.decode()
    assert "Pengelola Arsip Lama" in body
    assert "Administrasi Perkantoran" in body
    assert response.context["pejabat_penilai"] == org.atasan
    assert response.context["atasan_pejabat_penilai"] == org.kepala_bidang
    assert response.context["masa_kerja_golongan"].tahun >= 1
    assert "Ubah profil" not in body  # can_edit is for BKD only
    assert client_as("bkd").get(reverse("pegawai:pegawai-detail", args=[p.pk])).context["can_edit"] is True


def test_profile_of_another_pegawai_is_404_for_a_pegawai(org, client_as):
    response = client_as("pegawai").get(reverse("pegawai:pegawai-detail", args=[org.rekan.pk]))
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


# --- home --------------------------------------------------------------------------------------


def test_home_for_bkd_has_counts_and_chart_data(org, client_as):
    response = client_as("bkd").get(reverse("beranda"))
    ctx = response.context
    assert ctx["ringkasan"].jumlah_pegawai == 7
    assert dict(zip(ctx["grafik"]["golongan"]["labels"], ctx["grafik"]["golongan"]["data"], strict=True)) == {
        "PNS I": 0,
        "PNS II": 2,
        "PNS III": 3,
        "PNS IV": 2,
        "PPPK": 0,
    }
    assert sum(ctx["grafik"]["jenis_jabatan"]["data"]) == 7
    body = response.content.decode()
    assert 'id="grafik-golongan"' in body
    assert "chart.umd.min.js" in body


def test_home_for_atasan_lists_direct_subordinates(org, client_as):
    response = client_as("atasan").get(reverse("beranda"))
    assert {p.nama for p in response.context["bawahan"]} == {"Siti Nasution", "Andi Lubis"}
    assert response.context["saya"] == org.atasan
    assert "ringkasan" not in response.context
    body = response.content.decode()
    assert reverse("pegawai:pegawai-detail", args=[org.atasan.pk]) in body


def test_home_for_pegawai_shows_own_summary(org, client_as):
    response = client_as("pegawai").get(reverse("beranda"))
    assert response.context["saya"] == org.pegawai
    assert response.context["bawahan"] == []
    assert "Masa kerja golongan" in response.content.decode()


def test_home_for_superuser_without_instansi_links_to_admin(org):
    from pegawai import services

    su = services.user_create(instansi=None, username="root", password=PASSWORD, peran="bkd", is_superuser=True)
    client = Client()
    client.force_login(su)
    body = client.get(reverse("beranda")).content.decode()
    assert reverse("admin:index") in body


# --- unit tree and jabatan list ----------------------------------------------------------------


def test_unit_tree_is_nested_with_heads_and_counts(org, client_as):
    response = client_as("pimpinan").get(reverse("pegawai:unit-kerja-list"))
    pohon = response.context["pohon"]
    dinas = next(s for s in pohon if s.unit == org.dinas)
    assert dinas.kepala == org.kepala_dinas
    assert dinas.jumlah_total == 7
    bidang = next(s for s in dinas.anak if s.unit == org.bidang)
    assert [s.unit for s in bidang.anak] == [org.seksi]
    assert bidang.anak[0].jumlah_total == 3
    body = response.content.decode()
    assert "unit layanan" in body  # puskesmas badge
    assert "ubah" not in body  # pimpinan reads only


def test_jabatan_list_holders_vacancies_and_filters(org, client_as):
    client = client_as("bkd")
    response = client.get(reverse("pegawai:jabatan-list"))
    rows = {j.nama: j for j in response.context["page"].object_list}
    pelaksana = rows["Pengadministrasi Umum"]
    assert {p.nama for p in pelaksana.pemangku_aktif} == {"Siti Nasution", "Andi Lubis"}
    assert pelaksana.lowongan == 2
    response = client.get(reverse("pegawai:jabatan-list"), {"lowong": "on"})
    assert {j.nama for j in response.context["page"].object_list} == {"Pengadministrasi Umum", "Perawat Terampil"}
    response = client.get(reverse("pegawai:jabatan-list"), {"unit_kerja": org.puskesmas.pk, "jenis": "pengawas"})
    assert [j.nama for j in response.context["page"].object_list] == ["Kepala Puskesmas Kota Sibolga"]
    partial = client.get(reverse("pegawai:jabatan-list"), {"q": "perawat"}, headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div id="jabatan-tabel"')


# --- login, lockout, language ------------------------------------------------------------------


def test_login_with_nip_and_wrong_password_message(org):
    client = Client()
    response = client.post(reverse("masuk"), {"username": org.pegawai.nip, "password": "salah"})
    assert response.status_code == 200
    assert "kata sandi salah" in response.content.decode()
    response = client.post(reverse("masuk"), {"username": org.pegawai.nip, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("beranda")


def test_lockout_page_after_repeated_failures(org, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("masuk"), {"username": "bkd.sibolga", "password": "salah"})
    response = client.post(reverse("masuk"), {"username": "bkd.sibolga", "password": PASSWORD})
    assert response.status_code == 429
    body = response.content.decode()
    assert "Akun terkunci sementara" in body
    assert "15 menit" in body


def test_language_switch(org, client_as):
    client = client_as("bkd")
    assert '<html lang="id">' in client.get(reverse("beranda")).content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("beranda")})
    assert response.status_code == 302
    body = client.get(reverse("beranda")).content.decode()
    assert '<html lang="en">' in body
    assert 'aria-pressed="true" title="English"' in body or 'value="en" lang="en"' in body


# --- query budgets (N ≥ 3 related rows so that an N+1 would show) ------------------------------


def _grow(org, n=4):
    """More pegawai with riwayat and hukdis, in several units and jabatan."""
    for i in range(n):
        unit = UnitKerjaFactory(instansi=org.instansi, parent=org.dinas, nama=f"Seksi Tambahan {i}", jenis="seksi")
        jab = JabatanFactory(unit_kerja=unit, nama=f"Pelaksana Tambahan {i}", atasan=org.jabatan_kabid, kebutuhan=3)
        for _ in range(3):
            PegawaiFactory(jabatan=jab, golongan=golongan("II/a"))


def test_query_budget_pegawai_list(org, client_as, django_assert_max_num_queries):
    _grow(org)
    client = client_as("bkd")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("pegawai:pegawai-list"))
    assert response.context["page"].paginator.count >= 19


def test_query_budget_jabatan_list(org, client_as, django_assert_max_num_queries):
    _grow(org)
    client = client_as("bkd")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("pegawai:jabatan-list"))
    assert len(response.context["page"].object_list) >= 10


def test_query_budget_unit_tree(org, client_as, django_assert_max_num_queries):
    _grow(org)
    client = client_as("bkd")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("pegawai:unit-kerja-list"))
    assert response.context["jumlah_unit"] >= 8


@pytest.mark.parametrize("n", [1, 4])
def test_query_budget_profile(org, client_as, django_assert_max_num_queries, n):
    p = org.pegawai
    for i in range(n):
        RiwayatJabatanFactory(
            pegawai=p,
            nama_jabatan=f"Jabatan Lama {i}",
            tmt=datetime.date(2000 + i, 1, 1),
            tmt_selesai=datetime.date(2000 + i, 12, 31),
        )
        RiwayatPendidikanFactory(pegawai=p, tingkat="SLTA", tahun_lulus=p.tanggal_lahir.year + 18 + i)
        HukumanDisiplinFactory(pegawai=p, tmt_mulai=datetime.date(2015 + i, 1, 1))
    for kode in ("II/d", "III/a", "III/b")[: min(n, 3)]:
        RiwayatPangkatFactory(pegawai=Pegawai.objects.get(pk=p.pk), golongan=golongan(kode))
    client = client_as("bkd")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("pegawai:pegawai-detail", args=[p.pk]))
    assert len(response.context["riwayat_jabatan"]) >= n
    assert len(response.context["audit"]) >= n


def test_query_budget_home(org, client_as, django_assert_max_num_queries):
    _grow(org)
    client = client_as("bkd")
    with django_assert_max_num_queries(13):
        client.get(reverse("beranda"))
