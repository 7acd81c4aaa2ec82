"""BKD forms: a valid post saves through the service and leaves an audit row; an invalid post shows
the message on the field and saves nothing."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from common.models import AuditLog
from pegawai.models import (
    HukumanDisiplin,
    Jabatan,
    Pegawai,
    RiwayatCLTN,
    RiwayatJabatan,
    RiwayatPangkat,
    RiwayatPendidikan,
    UnitKerja,
)
from pegawai.rules import nik_build, nip_build
from tests.factories.pegawai import golongan


def _errors(response, field):
    """The error messages rendered for one field of the form in the response context."""
    return response.context["form"].errors.get(field, [])


def _pegawai_post(org, **over):
    lahir = datetime.date(1992, 5, 17)
    tmt = datetime.date(2018, 3, 1)
    data = {
        "jenis_asn": "PNS",
        "nip": nip_build(tanggal_lahir=lahir, tmt_cpns=tmt, jenis_kelamin="P", urutan=7),
        "nama": "Lestari Panjaitan",
        "gelar_belakang": "S.Kep",
        "jenis_kelamin": "P",
        "tempat_lahir": "Sibolga",
        "tanggal_lahir": "1992-05-17",
        "nik": nik_build(kode_wilayah="127101", tanggal_lahir=lahir, jenis_kelamin="P", urutan=12),
        "pendidikan_terakhir": "S1",
        "tmt_cpns": "2018-03-01",
        "golongan": golongan("III/a").pk,
        "tmt_golongan": "2018-03-01",
        "unit_kerja": org.puskesmas.pk,
        "jabatan": org.jabatan_perawat.pk,
        "tmt_jabatan": "2019-01-01",
    }
    data.update(over)
    return data


def _audit_count(model, **kw):
    return AuditLog.objects.filter(content_type=ContentType.objects.get_for_model(model), **kw).count()


# --- pegawai create / update -------------------------------------------------------------------


def test_pegawai_create_valid(org, client_as):
    data = _pegawai_post(org)
    response = client_as("bkd").post(reverse("pegawai:pegawai-create"), data)
    created = Pegawai.objects.get(nip=data["nip"])
    assert response.status_code == 302
    assert response["Location"] == reverse("pegawai:pegawai-detail", args=[created.pk])
    assert created.instansi == org.instansi
    assert created.atasan == org.kepala_puskesmas  # derived from the jabatan tree
    assert created.user.username == data["nip"]
    assert AuditLog.objects.filter(pegawai_id=created.pk, aksi="create", actor=org.bkd).exists()


def test_pegawai_create_invalid_nip_shows_the_rule_and_saves_nothing(org, client_as):
    before = Pegawai.objects.count()
    data = _pegawai_post(org, nip="199205172018031007")  # gender digit 1 but jenis kelamin P
    response = client_as("bkd").post(reverse("pegawai:pegawai-create"), data)
    assert response.status_code == 200
    assert any("jenis kelamin" in m for m in _errors(response, "nip")), _errors(response, "nip")
    assert Pegawai.objects.count() == before
    assert "is-invalid" in response.content.decode()


def test_pegawai_create_cannot_use_another_instansis_unit(org, client_as):
    other_unit = org.other_pegawai.unit_kerja
    response = client_as("bkd").post(
        reverse("pegawai:pegawai-create"), _pegawai_post(org, unit_kerja=other_unit.pk, jabatan="")
    )
    assert response.status_code == 200
    assert _errors(response, "unit_kerja") == ["Pilih unit kerja yang ada di instansi ini."]
    assert not Pegawai.objects.filter(nama="Lestari Panjaitan").exists()


def test_pegawai_update_changes_only_changed_fields(org, client_as):
    p = org.pegawai
    client = client_as("bkd")
    form = client.get(reverse("pegawai:pegawai-update", args=[p.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    for key in ("tanggal_lahir", "tmt_cpns", "tmt_golongan", "tmt_jabatan"):
        value = data[key]
        data[key] = value.isoformat() if isinstance(value, datetime.date) else value
    data["email"] = "siti.nasution@sibolgakota.go.id"
    data["tempat_lahir"] = "Tapanuli Tengah"
    response = client.post(reverse("pegawai:pegawai-update", args=[p.pk]), data)
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.email == "siti.nasution@sibolgakota.go.id"
    entry = AuditLog.objects.filter(pegawai_id=p.pk, aksi="update").latest("id")
    assert set(entry.perubahan) == {"email", "tempat_lahir"}
    assert entry.perubahan["tempat_lahir"]["baru"] == "Tapanuli Tengah"
    assert entry.actor == org.bkd
    # the profile shows the trail with who and old → new
    page = client.get(reverse("pegawai:pegawai-detail", args=[p.pk])).content.decode()
    assert "Tapanuli Tengah" in page
    assert "Petugas BKD" in page


def test_pegawai_update_invalid_override_keeps_profile(org, client_as):
    p = org.pegawai
    client = client_as("bkd")
    form = client.get(reverse("pegawai:pegawai-update", args=[p.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else (v.isoformat() if isinstance(v, datetime.date) else v)) for k, v in data.items()}
    data["atasan_override"] = org.other_pegawai.pk  # another instansi
    data["nama"] = "Nama Baru"
    response = client.post(reverse("pegawai:pegawai-update", args=[p.pk]), data)
    assert response.status_code == 200
    assert _errors(response, "atasan_override") == ["Pilih pegawai lain yang ada di instansi ini."]
    # the pegawai themself is not "another pegawai" either
    data["atasan_override"] = p.pk
    response = client.post(reverse("pegawai:pegawai-update", args=[p.pk]), data)
    assert _errors(response, "atasan_override") == ["Pilih pegawai lain yang ada di instansi ini."]
    p.refresh_from_db()
    assert p.nama == "Siti Nasution"
    assert p.atasan_override is None


def test_pegawai_update_sets_and_clears_the_override(org, client_as):
    p = org.pegawai
    client = client_as("bkd")
    url = reverse("pegawai:pegawai-update", args=[p.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else (v.isoformat() if isinstance(v, datetime.date) else v)) for k, v in data.items()}
    response = client.post(url, {**data, "atasan_override": org.kepala_puskesmas.pk})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.atasan_override == org.kepala_puskesmas
    assert p.atasan == org.kepala_puskesmas
    entry = AuditLog.objects.filter(pegawai_id=p.pk, aksi="update").latest("id")
    assert set(entry.perubahan) == {"atasan_override"}
    # the edit form shows the chosen override as its only option
    body = client.get(url).content.decode()
    assert f'<option value="{org.kepala_puskesmas.pk}" selected>Maria Hutagalung' in body
    response = client.post(url, {**data, "atasan_override": ""})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.atasan_override is None
    assert p.atasan == org.atasan  # back to the jabatan tree


def test_pegawai_update_service_error_goes_back_on_the_field(org, client_as):
    """tmt_jabatan before TMT CPNS is a service rule; it comes back on the tmt_jabatan field."""
    p = org.pegawai
    client = client_as("bkd")
    form = client.get(reverse("pegawai:pegawai-update", args=[p.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else (v.isoformat() if isinstance(v, datetime.date) else v)) for k, v in data.items()}
    data["tmt_jabatan"] = (p.tmt_cpns - datetime.timedelta(days=30)).isoformat()
    response = client.post(reverse("pegawai:pegawai-update", args=[p.pk]), data)
    assert response.status_code == 200
    assert any("TMT CPNS" in m for m in _errors(response, "tmt_jabatan"))
    p.refresh_from_db()
    assert p.tmt_jabatan == p.tmt_cpns


# --- riwayat and hukdis ------------------------------------------------------------------------


def test_riwayat_pangkat_valid_and_invalid(org, client_as):
    p = org.pegawai
    url = reverse("pegawai:riwayat-pangkat-create", args=[p.pk])
    client = client_as("bkd")
    tmt = (p.tmt_golongan + datetime.timedelta(days=4 * 366)).isoformat()
    response = client.post(url, {"golongan": golongan("II/d").pk, "tmt": tmt, "jenis": "reguler"})
    assert response.status_code == 302
    row = RiwayatPangkat.objects.get(pegawai=p, golongan=golongan("II/d"))
    assert _audit_count(RiwayatPangkat, object_id=row.pk, pegawai_id=p.pk) == 1
    p.refresh_from_db()
    assert p.golongan.kode == "II/d"  # the latest TMT becomes the current golongan
    # the same golongan twice: a field error from the service, nothing saved
    response = client.post(url, {"golongan": golongan("II/d").pk, "tmt": tmt, "jenis": "reguler"})
    assert response.status_code == 200
    assert _errors(response, "golongan")
    assert RiwayatPangkat.objects.filter(pegawai=p, golongan=golongan("II/d")).count() == 1


def test_riwayat_pangkat_offers_only_the_pegawais_asn_golongan(org, client_as):
    response = client_as("bkd").get(reverse("pegawai:riwayat-pangkat-create", args=[org.pegawai.pk]))
    choices = [c[1] for c in response.context["form"].fields["golongan"].choices]
    assert "II/c Pengatur" in choices
    assert not any(label.startswith("IX") or label == "V" for label in choices)


def test_riwayat_jabatan_valid_and_invalid(org, client_as):
    p = org.pegawai
    url = reverse("pegawai:riwayat-jabatan-create", args=[p.pk])
    client = client_as("bkd")
    data = {
        "nama_jabatan": "Pengelola Data",
        "nama_unit": "Sekretariat Dinas",
        "jenis_jabatan": "pelaksana",
        "tmt": "2010-01-01",
        "tmt_selesai": "2012-06-30",
    }
    assert client.post(url, data).status_code == 302
    row = RiwayatJabatan.objects.get(pegawai=p, nama_jabatan="Pengelola Data")
    assert _audit_count(RiwayatJabatan, object_id=row.pk) == 1
    before = RiwayatJabatan.objects.count()
    response = client.post(url, {**data, "tmt_selesai": "2009-12-31"})
    assert response.status_code == 200
    assert _errors(response, "tmt_selesai")
    assert RiwayatJabatan.objects.count() == before


def test_riwayat_pendidikan_valid_and_invalid(org, client_as):
    p = org.pegawai
    url = reverse("pegawai:riwayat-pendidikan-create", args=[p.pk])
    client = client_as("bkd")
    response = client.post(
        url, {"tingkat": "D3", "jurusan": "Akuntansi", "institusi": "Politeknik", "tahun_lulus": 2015}
    )
    assert response.status_code == 302
    row = RiwayatPendidikan.objects.get(pegawai=p, tingkat="D3")
    assert _audit_count(RiwayatPendidikan, object_id=row.pk) == 1
    p.refresh_from_db()
    assert p.pendidikan_terakhir == "D3"  # higher than SLTA
    before = RiwayatPendidikan.objects.count()
    # a year before the birth year is the service's rule; it lands on the field
    response = client.post(url, {"tingkat": "S1", "tahun_lulus": p.tanggal_lahir.year - 1})
    assert response.status_code == 200
    assert any("tahun lahir" in m for m in _errors(response, "tahun_lulus"))
    assert RiwayatPendidikan.objects.count() == before


def test_hukdis_valid_invalid_and_running_is_highlighted(org, client_as):
    p = org.pegawai
    url = reverse("pegawai:hukdis-create", args=[p.pk])
    client = client_as("bkd")
    today = datetime.date.today()
    response = client.post(
        url,
        {
            "tingkat": "sedang",
            "jenis": "potong_tukin_6",
            "tmt_mulai": (today - datetime.timedelta(days=10)).isoformat(),
            "tmt_selesai": (today + datetime.timedelta(days=170)).isoformat(),
            "nomor_sk": "800/12/BKPSDM/2026",
        },
    )
    assert response.status_code == 302
    row = HukumanDisiplin.objects.get(pegawai=p)
    assert _audit_count(HukumanDisiplin, object_id=row.pk) == 1
    page = client.get(reverse("pegawai:pegawai-detail", args=[p.pk])).content.decode()
    assert 'data-berjalan="1"' in page
    # a jenis that does not match its tingkat (PP 94/2021)
    response = client.post(url, {"tingkat": "ringan", "jenis": "pemberhentian", "tmt_mulai": "2024-01-01"})
    assert response.status_code == 200
    assert any("PP 94/2021" in m for m in _errors(response, "jenis"))
    assert HukumanDisiplin.objects.filter(pegawai=p).count() == 1


def test_cltn_recorded_with_audit_and_bad_dates_refused(org, client_as):
    p = org.pegawai
    url = reverse("pegawai:cltn-create", args=[p.pk])
    client = client_as("bkd")
    response = client.post(url, {"tmt_mulai": "2021-03-01", "tmt_selesai": "2022-02-28", "nomor_sk": "851/7/2021"})
    assert response.status_code == 302
    row = RiwayatCLTN.objects.get(pegawai=p)
    assert (row.tmt_mulai, row.tmt_selesai, row.nomor_sk) == (
        datetime.date(2021, 3, 1),
        datetime.date(2022, 2, 28),
        "851/7/2021",
    )
    assert _audit_count(RiwayatCLTN, object_id=row.pk) == 1
    page = client.get(reverse("pegawai:pegawai-detail", args=[p.pk])).content.decode()
    assert 'id="riwayat-cltn"' in page
    assert "851/7/2021" in page
    # the end before the start, and a start before TMT CPNS: refused, nothing saved
    response = client.post(url, {"tmt_mulai": "2023-05-01", "tmt_selesai": "2023-04-01"})
    assert response.status_code == 200
    assert any("sebelum tanggal mulai" in m for m in _errors(response, "tmt_selesai"))
    sebelum_cpns = (p.tmt_cpns - datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"tmt_mulai": sebelum_cpns})
    assert response.status_code == 200
    assert any("TMT CPNS" in m for m in _errors(response, "tmt_mulai"))
    assert RiwayatCLTN.objects.filter(pegawai=p).count() == 1


# --- unit kerja and jabatan --------------------------------------------------------------------


def test_unit_kerja_create_and_update(org, client_as):
    client = client_as("bkd")
    response = client.post(
        reverse("pegawai:unit-kerja-create"),
        {"nama": "Seksi Farmasi", "kode": "DINKES-YAN-2", "jenis": "seksi", "parent": org.bidang.pk},
    )
    assert response.status_code == 302
    unit = UnitKerja.objects.get(kode="DINKES-YAN-2")
    assert unit.parent == org.bidang
    assert unit.path == f"{org.bidang.path}{unit.pk}/"
    assert _audit_count(UnitKerja, object_id=unit.pk, aksi="create") == 1
    response = client.post(
        reverse("pegawai:unit-kerja-update", args=[unit.pk]),
        {
            "nama": "Seksi Kefarmasian",
            "kode": "DINKES-YAN-2",
            "jenis": "seksi",
            "parent": org.bidang.pk,
            "is_unit_layanan": "on",
        },
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.nama == "Seksi Kefarmasian"
    assert unit.is_unit_layanan
    entry = AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(UnitKerja), object_id=unit.pk, aksi="update"
    ).get()
    assert set(entry.perubahan) == {"nama", "is_unit_layanan"}


def test_unit_kerja_invalid(org, client_as):
    client = client_as("bkd")
    before = UnitKerja.objects.count()
    # duplicate kode within the instansi
    response = client.post(
        reverse("pegawai:unit-kerja-create"), {"nama": "Dinas Lagi", "kode": "DINKES", "jenis": "dinas"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert UnitKerja.objects.count() == before
    # a unit cannot move under its own subtree: the type-ahead leaves the subtree out (see
    # test_views_pilihan) and the service refuses it on the field
    response = client.post(
        reverse("pegawai:unit-kerja-update", args=[org.bidang.pk]),
        {"nama": org.bidang.nama, "kode": org.bidang.kode, "jenis": "bidang", "parent": org.seksi.pk},
    )
    assert response.status_code == 200
    assert _errors(response, "parent") == ["Unit induk tidak boleh unit ini sendiri atau bawahannya."]
    org.bidang.refresh_from_db()
    assert org.bidang.parent == org.dinas


def test_jabatan_create_and_update(org, client_as):
    client = client_as("bkd")
    response = client.post(
        reverse("pegawai:jabatan-create"),
        {
            "nama": "Perawat Ahli Pertama",
            "unit_kerja": org.puskesmas.pk,
            "jenis": "fungsional_keahlian",
            "jenjang": "ahli_pertama",
            "atasan": org.jabatan_kapus.pk,
            "kebutuhan": 2,
            "pendidikan_minimal": "S1",
            "golongan_minimal": golongan("III/a").pk,
            "golongan_maksimal": golongan("III/b").pk,
        },
    )
    assert response.status_code == 302
    jabatan = Jabatan.objects.get(nama="Perawat Ahli Pertama")
    assert jabatan.atasan == org.jabatan_kapus
    assert _audit_count(Jabatan, object_id=jabatan.pk, aksi="create") == 1
    form = client.get(reverse("pegawai:jabatan-update", args=[jabatan.pk])).context["form"]
    data = {k: ("" if form[k].value() is None else form[k].value()) for k in form.fields}
    data["kebutuhan"] = 3
    data.pop("is_kepala_unit")
    assert client.post(reverse("pegawai:jabatan-update", args=[jabatan.pk]), data).status_code == 302
    jabatan.refresh_from_db()
    assert jabatan.kebutuhan == 3
    assert _audit_count(Jabatan, object_id=jabatan.pk, aksi="update") == 1


def test_jabatan_invalid(org, client_as):
    client = client_as("bkd")
    before = Jabatan.objects.count()
    response = client.post(
        reverse("pegawai:jabatan-create"),
        {"nama": "Analis", "unit_kerja": org.seksi.pk, "jenis": "fungsional_keahlian", "kebutuhan": 1},
    )
    assert response.status_code == 200
    assert any("jenjang" in m for m in _errors(response, "jenjang"))
    response = client.post(
        reverse("pegawai:jabatan-create"),
        {
            "nama": "Analis",
            "unit_kerja": org.seksi.pk,
            "jenis": "pelaksana",
            "kebutuhan": 1,
            "golongan_minimal": golongan("III/c").pk,
            "golongan_maksimal": golongan("II/a").pk,
        },
    )
    assert response.status_code == 200
    assert _errors(response, "golongan_maksimal")
    assert Jabatan.objects.count() == before


# --- kebijakan ---------------------------------------------------------------------------------


def _kebijakan_post(client):
    form = client.get(reverse("pegawai:kebijakan")).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif name == "hukdis_memblokir_karier":
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    return data


def test_kebijakan_update(org, client_as):
    client = client_as("bkd")
    data = _kebijakan_post(client)
    data["jenis_periode"] = "semesteran"
    data["ikm_minimal_responden"] = "50"
    data["bulan_periode_kp"] = ["4", "10"]
    response = client.post(reverse("pegawai:kebijakan"), data)
    assert response.status_code == 302
    org.instansi.refresh_from_db()
    k = org.instansi.kebijakan
    assert k.jenis_periode == "semesteran"
    assert k.ikm_minimal_responden == 50
    assert k.bulan_periode_kp == (4, 10)
    # only the changed settings are stored; the rest keep following the defaults
    assert set(org.instansi.kebijakan_data) == {"jenis_periode", "ikm_minimal_responden", "bulan_periode_kp"}
    assert AuditLog.objects.filter(instansi_id=org.instansi.pk, ringkasan__icontains="kebijakan").exists()


def test_kebijakan_update_development_policies(org, client_as):
    client = client_as("bkd")
    data = _kebijakan_post(client)
    data["keadilan_dimensi"] = ["jenis_kelamin", "kelompok_usia"]
    data["kotak_mentee"] = ["3", "6"]
    data["keadilan_porsi_minimal"] = "75"
    response = client.post(reverse("pegawai:kebijakan"), data)
    assert response.status_code == 302
    org.instansi.refresh_from_db()
    k = org.instansi.kebijakan
    assert (k.keadilan_dimensi, k.kotak_mentee, k.keadilan_porsi_minimal) == (
        ("jenis_kelamin", "kelompok_usia"),
        (3, 6),
        75,
    )


def test_kebijakan_update_career_policies(org, client_as):
    client = client_as("bkd")
    data = _kebijakan_post(client)
    data["kinerja_di_atas_predikat"] = ["sangat_baik", "baik"]
    data["kinerja_sesuai_predikat"] = []
    data["rotasi_porsi_maksimal_unit"] = "15"
    data["penghargaan_mutu_ikm"] = ["A", "B"]
    response = client.post(reverse("pegawai:kebijakan"), data)
    assert response.status_code == 302
    org.instansi.refresh_from_db()
    k = org.instansi.kebijakan
    assert (k.kinerja_di_atas_predikat, k.kinerja_sesuai_predikat) == (("baik", "sangat_baik"), ())
    assert (k.rotasi_porsi_maksimal_unit, k.penghargaan_mutu_ikm) == (15, ("A", "B"))
    # the promotion weights must add up to 100: the rule's message lands on the first weight
    data = _kebijakan_post(client)
    data["bobot_promosi_krs"] = "30"
    response = client.post(reverse("pegawai:kebijakan"), data)
    assert response.status_code == 200
    assert any("harus 100" in m for m in _errors(response, "bobot_promosi_jpm"))


def test_kebijakan_rule_error_lands_on_the_field(org, client_as):
    client = client_as("bkd")
    data = _kebijakan_post(client)
    data["rotasi_minimal_tahun"] = "6"  # not below the maximum of 5
    response = client.post(reverse("pegawai:kebijakan"), data)
    assert response.status_code == 200
    assert _errors(response, "rotasi_minimal_tahun")
    org.instansi.refresh_from_db()
    assert org.instansi.kebijakan_data == {}


def test_kebijakan_page_cites_the_rules_and_is_read_only_for_pimpinan(org, client_as):
    page = client_as("pimpinan").get(reverse("pegawai:kebijakan")).content.decode()
    assert "DOMAIN.md §6" in page
    assert "disabled" in page
    assert "Simpan kebijakan" not in page
