"""The pegawai API through real requests: scoped lists, filters, profiles, writes through services."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common.models import AuditLog
from pegawai import services
from pegawai.models import Golongan, Jabatan, Pegawai, RiwayatPangkat, UnitKerja, User
from pegawai.rules import masa_kerja
from tests.factories.pegawai import golongan
from tests.pegawai import payloads

LIST = reverse("pegawai-api:pegawai-list")


def pegawai_payload(org, **extra):
    return payloads.pegawai_payload(org, **{"gelar_belakang": "S.T.", **extra})


def detail_url(pegawai, suffix="detail"):
    return reverse(f"pegawai-api:pegawai-{suffix}", kwargs={"pegawai_id": pegawai.pk})


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def logged_in(pegawai):
    client = Client()
    client.force_login(pegawai.user)
    return client


# ---------------------------------------------------------------------------------------------
# Lists are scoped


def test_pegawai_sees_only_themself(org, client_as):
    assert ids(client_as("pegawai").get(LIST)) == {org.pegawai.pk}
    assert ids(client_as("unrelated").get(LIST)) == {org.unrelated.pk}


def test_atasan_sees_themself_and_direct_subordinates(org, client_as):
    assert ids(client_as("atasan").get(LIST)) == {org.atasan.pk, org.pegawai.pk, org.rekan.pk}


def test_atasan_sees_indirect_subordinates_too(org):
    # kepala bidang → kepala seksi (direct) → the two pelaksana (indirect)
    expected = {org.kepala_bidang.pk, org.atasan.pk, org.pegawai.pk, org.rekan.pk}
    assert ids(logged_in(org.kepala_bidang).get(LIST)) == expected
    everyone = set(Pegawai.objects.filter(instansi=org.instansi).values_list("pk", flat=True))
    assert ids(logged_in(org.kepala_dinas).get(LIST)) == everyone


@pytest.mark.parametrize("persona", ["bkd", "pimpinan"])
def test_bkd_and_pimpinan_see_the_whole_instansi_and_nothing_else(org, client_as, persona):
    everyone = set(Pegawai.objects.filter(instansi=org.instansi).values_list("pk", flat=True))
    assert len(everyone) == 7
    assert ids(client_as(persona).get(LIST)) == everyone


def test_other_bkd_sees_only_their_own_instansi(org, client_as):
    assert ids(client_as("other_bkd").get(LIST)) == {org.other_pegawai.pk}
    units = client_as("other_bkd").get(reverse("pegawai-api:unit-kerja-list")).json()["results"]
    assert [u["nama"] for u in units] == ["Dinas Pendidikan"]
    jabatan = client_as("other_bkd").get(reverse("pegawai-api:jabatan-list")).json()["results"]
    assert [j["nama"] for j in jabatan] == ["Pengelola Data"]


def test_pegawai_list_rows(org, client_as):
    body = client_as("bkd").get(LIST, {"q": "Siti"}).json()
    assert body["count"] == 1
    assert body["next"] is None
    [row] = body["results"]
    assert row == {
        "id": org.pegawai.pk,
        "nip": org.pegawai.nip,
        "nama": "Siti Nasution",
        "nama_lengkap": "Siti Nasution",
        "jenis_asn": "PNS",
        "jenis_kelamin": org.pegawai.jenis_kelamin,
        "pendidikan_terakhir": "SLTA",
        "golongan": {"id": golongan("II/c").pk, "jenis_asn": "PNS", "kode": "II/c", "pangkat": "Pengatur"},
        "jabatan": {"id": org.jabatan_pelaksana.pk, "nama": "Pengadministrasi Umum", "jenis": "pelaksana"},
        "unit_kerja": {"id": org.seksi.pk, "nama": "Seksi Pelayanan Kesehatan Primer"},
        "status": "aktif",
    }


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"q": "siti"}, {"Siti Nasution"}),
        ({"q": "  "}, None),  # blank search: no filter
        ({"jenis_jabatan": "pengawas"}, {"Budi Siregar", "Maria Hutagalung"}),
        ({"golongan": "III/d"}, {"Budi Siregar", "Maria Hutagalung"}),
        ({"pendidikan": "SLTA"}, {"Siti Nasution", "Andi Lubis"}),
        ({"jenis_asn": "PPPK"}, set()),
        ({"status": "pensiun"}, set()),
        ({"status": "aktif", "jenis_jabatan": "fungsional_keterampilan"}, {"Yusuf Harahap"}),
    ],
)
def test_pegawai_list_filters(org, client_as, params, names):
    rows = client_as("bkd").get(LIST, params).json()["results"]
    if names is None:
        assert len(rows) == 7
    else:
        assert {r["nama"] for r in rows} == names


def test_pegawai_list_filters_by_unit_subtree_golongan_id_nip_and_gender(org, client_as):
    client = client_as("bkd")
    assert ids(client.get(LIST, {"unit_kerja": org.puskesmas.pk})) == {org.kepala_puskesmas.pk, org.unrelated.pk}
    assert ids(client.get(LIST, {"unit_kerja": org.bidang.pk})) == {
        org.kepala_bidang.pk,
        org.atasan.pk,
        org.pegawai.pk,
        org.rekan.pk,
    }
    # a unit of another instansi filters to nothing, it does not leak
    other_unit = UnitKerja.objects.get(instansi=org.other_instansi)
    assert ids(client.get(LIST, {"unit_kerja": other_unit.pk})) == set()
    assert ids(client.get(LIST, {"golongan": golongan("II/b").pk})) == {org.rekan.pk}
    assert ids(client.get(LIST, {"q": org.unrelated.nip[:12]})) == {org.unrelated.pk}
    women = set(Pegawai.objects.filter(instansi=org.instansi, jenis_kelamin="P").values_list("pk", flat=True))
    assert ids(client.get(LIST, {"jenis_kelamin": "P"})) == women


def test_filters_stay_inside_the_scope(org, client_as):
    # the atasan filtering the whole puskesmas sees none of it
    assert ids(client_as("atasan").get(LIST, {"unit_kerja": org.puskesmas.pk})) == set()


def test_pagination(org, client_as):
    body = client_as("bkd").get(LIST, {"page_size": 3, "page": 2}).json()
    assert body["count"] == 7
    assert len(body["results"]) == 3
    assert "page=3" in body["next"]
    assert "page_size=3" in body["previous"]
    all_ids = [r["id"] for r in client_as("bkd").get(LIST).json()["results"]]
    names = list(Pegawai.objects.filter(pk__in=all_ids).order_by("nama", "id").values_list("pk", flat=True))
    assert all_ids == names


# ---------------------------------------------------------------------------------------------
# Profile, riwayat, audit


def test_pegawai_detail_with_masa_kerja_and_atasan(org, client_as):
    body = client_as("pegawai").get(detail_url(org.pegawai)).json()
    p = org.pegawai
    today = timezone.localdate()
    assert body["nip"] == p.nip
    assert body["nik"] == p.nik
    assert body["tanggal_lahir"] == p.tanggal_lahir.isoformat()
    assert body["tmt_jabatan"] == p.tmt_jabatan.isoformat()
    for key, start in (
        ("masa_kerja", p.tmt_cpns),
        ("masa_kerja_golongan", p.tmt_golongan),
        ("masa_jabatan", p.tmt_jabatan),
    ):
        expected = masa_kerja(start, today)
        assert body[key] == {"tahun": expected.tahun, "bulan": expected.bulan, "hari": expected.hari}
    assert body["masa_kerja"]["tahun"] >= 10
    assert body["atasan_langsung"] == {
        "id": org.atasan.pk,
        "nip": org.atasan.nip,
        "nama_lengkap": "Budi Siregar",
    }
    assert body["atasan_override"] is None


def test_profile_without_jabatan_or_atasan(org, client_as):
    body = client_as("bkd").get(detail_url(org.kepala_dinas)).json()
    assert body["atasan_langsung"] is None
    services.pegawai_update(actor=org.bkd, pegawai=org.rekan, data={"jabatan": None, "tmt_jabatan": None})
    body = client_as("bkd").get(detail_url(org.rekan)).json()
    assert body["jabatan"] is None
    assert body["masa_jabatan"] is None


def test_riwayat(org, client_as):
    p = org.pegawai
    services.riwayat_pangkat_create(
        actor=org.bkd, pegawai=p, golongan=golongan("II/d"), tmt=p.tmt_golongan.replace(year=p.tmt_golongan.year + 4)
    )
    services.riwayat_pendidikan_create(
        actor=org.bkd, pegawai=p, tingkat="D3", tahun_lulus=p.tmt_cpns.year + 2, jurusan="Administrasi"
    )
    today = timezone.localdate()
    services.hukuman_disiplin_create(
        actor=org.bkd,
        pegawai=p,
        tingkat="ringan",
        jenis="teguran_lisan",
        tmt_mulai=today.replace(year=today.year - 1),
        tmt_selesai=today.replace(year=today.year - 1),
    )
    services.hukuman_disiplin_create(
        actor=org.bkd, pegawai=p, tingkat="sedang", jenis="potong_tukin_6", tmt_mulai=today
    )
    services.riwayat_cltn_create(
        actor=org.bkd, pegawai=p, tmt_mulai=datetime.date(2021, 3, 1), tmt_selesai=None, nomor_sk="851/7/2021"
    )
    body = client_as("atasan").get(detail_url(p, "riwayat")).json()
    assert [r["golongan"]["kode"] for r in body["pangkat"]] == ["II/d", "II/c"]
    assert [r["nama_jabatan"] for r in body["jabatan"]] == ["Pengadministrasi Umum"]
    assert body["jabatan"][0]["jabatan"] == org.jabatan_pelaksana.pk
    assert [(r["tingkat"], r["jurusan"]) for r in body["pendidikan"]] == [("D3", "Administrasi")]
    assert [(r["jenis"], r["berjalan"]) for r in body["hukuman_disiplin"]] == [
        ("potong_tukin_6", True),
        ("teguran_lisan", False),
    ]
    assert body["cltn"] == [
        {"id": body["cltn"][0]["id"], "tmt_mulai": "2021-03-01", "tmt_selesai": None, "nomor_sk": "851/7/2021"}
    ]


def test_audit_trail_shows_who_changed_what(org, client_as):
    response = patch(client_as("bkd"), detail_url(org.pegawai), {"gelar_depan": "Hj."})
    assert response.status_code == 200
    rows = client_as("pegawai").get(detail_url(org.pegawai, "audit")).json()
    assert rows[0]["aksi"] == "update"
    assert rows[0]["objek"] == "pegawai"
    assert rows[0]["oleh"] == "Petugas BKD"
    assert rows[0]["perubahan"] == {"gelar_depan": {"lama": "", "baru": "Hj."}}
    assert rows[-1]["aksi"] == "create"
    assert rows[-1]["oleh"] is None  # built by the factories, no actor


# ---------------------------------------------------------------------------------------------
# Writes


def test_bkd_creates_a_pegawai(org, client_as):
    response = post(client_as("bkd"), LIST, pegawai_payload(org))
    assert response.status_code == 201, response.content
    body = response.json()
    created = Pegawai.objects.get(nip="199005172015031001")
    assert body["id"] == created.pk
    assert body["nama_lengkap"] == "Rahmat Hidayat, S.T."
    assert body["golongan"]["kode"] == "III/a"
    assert body["unit_kerja"]["id"] == org.seksi.pk
    # derived from the jabatan tree: the holder of the kepala seksi jabatan
    assert body["atasan_langsung"]["id"] == org.atasan.pk
    assert created.instansi == org.instansi
    assert User.objects.get(username="199005172015031001").instansi == org.instansi
    assert RiwayatPangkat.objects.filter(pegawai=created, golongan__kode="III/a").exists()
    audit = AuditLog.objects.get(pegawai_id=created.pk, aksi="create")
    assert audit.actor == org.bkd


def test_create_by_golongan_id_and_unit_from_jabatan(org, client_as):
    data = pegawai_payload(org, golongan=golongan("III/b").pk)
    del data["unit_kerja"]
    response = post(client_as("bkd"), LIST, data)
    assert response.status_code == 201, response.content
    assert response.json()["golongan"]["kode"] == "III/b"
    assert response.json()["unit_kerja"]["id"] == org.seksi.pk


def test_create_pppk_with_pppk_golongan(org, client_as):
    data = pegawai_payload(org, jenis_asn="PPPK", nip="123456789012345678", golongan="IX")
    response = post(client_as("bkd"), LIST, data)
    assert response.status_code == 201, response.content
    assert response.json()["golongan"] == {
        "id": golongan("IX", "PPPK").pk,
        "jenis_asn": "PPPK",
        "kode": "IX",
        "pangkat": "",
    }


def test_update_changes_only_the_fields_sent(org, client_as):
    p = org.pegawai
    before = {f: getattr(p, f) for f in ("nama", "nip", "nik", "golongan_id", "jabatan_id", "unit_kerja_id")}
    response = patch(client_as("bkd"), detail_url(p), {"gelar_belakang": "A.Md.", "email": "siti@example.go.id"})
    assert response.status_code == 200, response.content
    assert response.json()["nama_lengkap"] == "Siti Nasution, A.Md."
    p.refresh_from_db()
    assert (p.gelar_belakang, p.email) == ("A.Md.", "siti@example.go.id")
    assert {f: getattr(p, f) for f in before} == before
    audit = AuditLog.objects.filter(pegawai_id=p.pk, aksi="update").get()
    assert set(audit.perubahan) == {"gelar_belakang", "email"}


def test_update_golongan_writes_riwayat(org, client_as):
    p = org.pegawai
    tmt = p.tmt_golongan.replace(year=p.tmt_golongan.year + 4).isoformat()
    response = patch(client_as("bkd"), detail_url(p), {"golongan": "II/d", "tmt_golongan": tmt})
    assert response.status_code == 200, response.content
    assert RiwayatPangkat.objects.filter(pegawai=p, golongan__kode="II/d", tmt=tmt).exists()


def test_update_jabatan_moves_unit_and_atasan(org, client_as):
    tmt = timezone.localdate().isoformat()
    response = patch(client_as("bkd"), detail_url(org.rekan), {"jabatan": org.jabatan_perawat.pk, "tmt_jabatan": tmt})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["unit_kerja"]["id"] == org.puskesmas.pk
    assert body["atasan_langsung"]["id"] == org.kepala_puskesmas.pk
    assert body["masa_jabatan"] == {"tahun": 0, "bulan": 0, "hari": 0}


def test_update_atasan_override(org, client_as):
    response = patch(client_as("bkd"), detail_url(org.pegawai), {"atasan_override": org.kepala_bidang.pk})
    assert response.status_code == 200, response.content
    assert response.json()["atasan_langsung"]["id"] == org.kepala_bidang.pk
    assert response.json()["atasan_override"] == org.kepala_bidang.pk


def test_unit_kerja_tree(org, client_as):
    rows = client_as("bkd").get(reverse("pegawai-api:unit-kerja-list")).json()["results"]
    by_id = {r["id"]: r for r in rows}
    assert [r["path"] for r in rows] == sorted(r["path"] for r in rows)
    assert rows[0]["id"] == org.dinas.pk
    position = {r["id"]: i for i, r in enumerate(rows)}
    for r in rows:
        if r["parent"] is not None:
            assert position[r["parent"]] < position[r["id"]]
    assert by_id[org.seksi.pk] == {
        "id": org.seksi.pk,
        "nama": "Seksi Pelayanan Kesehatan Primer",
        "kode": "DINKES-YAN-1",
        "jenis": "seksi",
        "parent": org.bidang.pk,
        "path": f"{org.dinas.pk}/{org.bidang.pk}/{org.seksi.pk}/",
        "depth": 2,
        "is_unit_layanan": False,
        "jumlah_pegawai": 3,
    }
    assert by_id[org.puskesmas.pk]["is_unit_layanan"] is True
    assert by_id[org.puskesmas.pk]["jumlah_pegawai"] == 2
    assert by_id[org.dinas.pk]["depth"] == 0


def test_unit_kerja_create_detail_update(org, client_as):
    client = client_as("bkd")
    response = post(
        client,
        reverse("pegawai-api:unit-kerja-list"),
        {
            "nama": "Puskesmas Sambas",
            "kode": "PKM-02",
            "jenis": "puskesmas",
            "parent": org.dinas.pk,
            "is_unit_layanan": True,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["parent"], body["depth"], body["jumlah_pegawai"], body["is_unit_layanan"]) == (
        org.dinas.pk,
        1,
        0,
        True,
    )
    url = reverse("pegawai-api:unit-kerja-detail", kwargs={"unit_kerja_id": body["id"]})
    assert client.get(url).json() == body
    # moving the seksi under the new puskesmas moves nothing else and keeps the path consistent
    response = patch(
        client, reverse("pegawai-api:unit-kerja-detail", kwargs={"unit_kerja_id": org.seksi.pk}), {"parent": body["id"]}
    )
    assert response.status_code == 200, response.content
    assert response.json()["path"] == f"{org.dinas.pk}/{body['id']}/{org.seksi.pk}/"
    assert response.json()["depth"] == 2
    assert response.json()["kode"] == "DINKES-YAN-1"


def test_jabatan_list_counts_holders_and_vacancies(org, client_as):
    rows = client_as("bkd").get(reverse("pegawai-api:jabatan-list")).json()["results"]
    by_id = {r["id"]: r for r in rows}
    assert len(rows) == 6
    pelaksana = by_id[org.jabatan_pelaksana.pk]
    assert (pelaksana["kebutuhan"], pelaksana["jumlah_pemangku"], pelaksana["lowongan"]) == (4, 2, 2)
    assert pelaksana["atasan"] == org.jabatan_kasi.pk
    assert pelaksana["unit_kerja"] == {"id": org.seksi.pk, "nama": "Seksi Pelayanan Kesehatan Primer"}
    perawat = by_id[org.jabatan_perawat.pk]
    assert (perawat["jenis"], perawat["jenjang"], perawat["lowongan"]) == ("fungsional_keterampilan", "terampil", 2)
    kasi = by_id[org.jabatan_kasi.pk]
    assert (kasi["eselon"], kasi["is_kepala_unit"], kasi["lowongan"]) == ("IV.a", True, 0)


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"lowong": "true"}, {"Pengadministrasi Umum", "Perawat Terampil"}),
        (
            {"lowong": "false"},
            {
                "Kepala Dinas Kesehatan",
                "Kepala Bidang Pelayanan Kesehatan",
                "Kepala Seksi Pelayanan Kesehatan Primer",
                "Kepala Puskesmas Kota Sibolga",
            },
        ),
        ({"jenis": "pengawas"}, {"Kepala Seksi Pelayanan Kesehatan Primer", "Kepala Puskesmas Kota Sibolga"}),
        ({"q": "perawat"}, {"Perawat Terampil"}),
    ],
)
def test_jabatan_list_filters(org, client_as, params, names):
    rows = client_as("pimpinan").get(reverse("pegawai-api:jabatan-list"), params).json()["results"]
    assert {r["nama"] for r in rows} == names


def test_jabatan_list_filters_by_unit_subtree(org, client_as):
    rows = client_as("bkd").get(reverse("pegawai-api:jabatan-list"), {"unit_kerja": org.bidang.pk}).json()["results"]
    assert {r["id"] for r in rows} == {org.jabatan_kabid.pk, org.jabatan_kasi.pk, org.jabatan_pelaksana.pk}


def test_jabatan_create_detail_update(org, client_as):
    client = client_as("bkd")
    response = post(
        client,
        reverse("pegawai-api:jabatan-list"),
        {
            "unit_kerja": org.puskesmas.pk,
            "nama": "Perawat Ahli Pertama",
            "jenis": "fungsional_keahlian",
            "jenjang": "ahli_pertama",
            "atasan": org.jabatan_kapus.pk,
            "kebutuhan": 2,
            "pendidikan_minimal": "S1",
            "golongan_minimal": "III/a",
            "golongan_maksimal": golongan("III/b").pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["jumlah_pemangku"], body["lowongan"]) == (0, 2)
    assert body["golongan_minimal"]["kode"] == "III/a"
    assert body["golongan_maksimal"]["kode"] == "III/b"
    url = reverse("pegawai-api:jabatan-detail", kwargs={"jabatan_id": body["id"]})
    assert client.get(url).json() == body
    response = patch(client, url, {"kebutuhan": 5, "nama": "Perawat Ahli Pertama Puskesmas"})
    assert response.status_code == 200, response.content
    assert (response.json()["kebutuhan"], response.json()["lowongan"]) == (5, 5)
    assert response.json()["jenjang"] == "ahli_pertama"


@pytest.mark.parametrize(("params", "count"), [({}, 34), ({"jenis_asn": "PNS"}, 17), ({"jenis_asn": "PPPK"}, 17)])
def test_golongan_list(org, client_as, params, count):
    body = client_as("pegawai").get(reverse("pegawai-api:golongan-list"), params).json()
    assert body["count"] == count
    if params.get("jenis_asn") == "PNS":
        rows = body["results"]
        assert [r["kode"] for r in rows[:3]] == ["I/a", "I/b", "I/c"]
        assert rows[-1] == {
            "id": Golongan.objects.get(jenis_asn="PNS", kode="IV/e").pk,
            "jenis_asn": "PNS",
            "kode": "IV/e",
            "pangkat": "Pembina Utama",
            "urutan": 17,
        }


def test_superuser_without_instansi_creates_in_the_instansi_of_the_unit(org):
    root = User.objects.create_superuser(username="root", password="rahasia-uji-root")
    client = Client()
    client.force_login(root)
    response = post(
        client,
        reverse("pegawai-api:jabatan-list"),
        {"unit_kerja": org.seksi.pk, "nama": "Analis", "jenis": "pelaksana"},
    )
    assert response.status_code == 201, response.content
    assert Jabatan.objects.get(pk=response.json()["id"]).instansi == org.instansi
    response = post(
        client, reverse("pegawai-api:unit-kerja-list"), {"nama": "Dinas Baru", "kode": "BARU", "jenis": "dinas"}
    )
    assert response.status_code == 400
    assert "parent" in response.json()
