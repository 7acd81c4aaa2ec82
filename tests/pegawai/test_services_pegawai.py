"""pegawai_create and pegawai_update on the real database: validation by field, nothing half-saved,
riwayat rows with their TMT, the login following the NIP, and audit rows with old and new values."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from common.models import AuditLog
from pegawai import services
from pegawai.models import Pegawai, RiwayatJabatan, RiwayatPangkat, User
from tests.factories.pegawai import JabatanFactory, PegawaiFactory, UserFactory, golongan

D = datetime.date


def _errors(exc_info):
    return exc_info.value.message_dict


def _state():
    """Everything a pegawai service may write, to prove a refused call wrote nothing."""
    return (
        list(Pegawai.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values_list("pk", "username")),
        list(RiwayatPangkat.objects.order_by("pk").values()),
        list(RiwayatJabatan.objects.order_by("pk").values()),
        AuditLog.objects.count(),
    )


# --- pegawai_create --------------------------------------------------------------------------------


def _create_values(org, **changes):
    values = {
        "instansi": org.instansi,
        "jenis_asn": "PNS",
        "nip": "198609262015051001",
        "nama": "Togar Panggabean",
        "jenis_kelamin": "L",
        "tanggal_lahir": D(1986, 9, 26),
        "pendidikan_terakhir": "S1",
        "tmt_cpns": D(2015, 5, 1),
        "golongan": golongan("III/a"),
        "tmt_golongan": D(2015, 5, 1),
        "jabatan": org.jabatan_pelaksana,
        "tmt_jabatan": D(2016, 5, 1),
        "nik": "1271012609860001",
        "gelar_belakang": "S.Kom.",
        "password": "kata-sandi-baru",
    }
    values.update(changes)
    return values


def test_pegawai_create_happy_path(org):
    p = services.pegawai_create(actor=org.bkd, **_create_values(org, nip=" 198609262015051001 "))
    p = Pegawai.objects.select_related("user").get(pk=p.pk)
    assert p.nip == "198609262015051001"
    assert p.unit_kerja == org.seksi  # from the jabatan
    assert p.nama_lengkap == "Togar Panggabean, S.Kom."
    assert p.atasan == org.atasan
    assert p.user.username == p.nip
    assert p.user.check_password("kata-sandi-baru")
    assert p.user.instansi == org.instansi
    assert p.user.peran == User.Peran.PEGAWAI
    pangkat = RiwayatPangkat.objects.get(pegawai=p)
    assert (pangkat.golongan.kode, pangkat.tmt, pangkat.jenis) == ("III/a", D(2015, 5, 1), RiwayatPangkat.Jenis.CPNS)
    jabatan = RiwayatJabatan.objects.get(pegawai=p)
    assert (jabatan.nama_jabatan, jabatan.nama_unit, jabatan.tmt, jabatan.tmt_selesai) == (
        "Pengadministrasi Umum",
        "Seksi Pelayanan Kesehatan Primer",
        D(2016, 5, 1),
        None,
    )
    log = AuditLog.objects.get(pegawai_id=p.pk)
    assert (log.aksi, log.actor, log.instansi_id) == ("create", org.bkd, org.instansi.pk)
    assert log.perubahan["nip"] == "198609262015051001"
    assert log.perubahan["golongan"] == "III/a Penata Muda"
    assert log.perubahan["tmt_cpns"] == "2015-05-01"


def test_pegawai_create_without_password_or_jabatan(org):
    p = services.pegawai_create(
        actor=None, **_create_values(org, jabatan=None, tmt_jabatan=None, unit_kerja=org.puskesmas, password=None)
    )
    p = Pegawai.objects.select_related("user").get(pk=p.pk)
    assert not p.user.has_usable_password()
    assert p.unit_kerja == org.puskesmas
    assert p.atasan is None
    assert not RiwayatJabatan.objects.filter(pegawai=p).exists()


def test_pegawai_create_kp_after_cpns_is_a_regular_riwayat(org):
    p = services.pegawai_create(
        actor=None, **_create_values(org, golongan=golongan("III/b"), tmt_golongan=D(2019, 4, 1))
    )
    assert RiwayatPangkat.objects.get(pegawai=p).jenis == RiwayatPangkat.Jenis.REGULER


def test_pegawai_create_pppk_number_is_not_read_as_a_pns_nip(org):
    p = services.pegawai_create(
        actor=None,
        **_create_values(
            org,
            jenis_asn="PPPK",
            nip="199009132025242014",
            nama="Nur Aisyah",
            jenis_kelamin="P",
            tanggal_lahir=D(1990, 9, 13),
            nik="1271015309900001",
            tmt_cpns=D(2025, 3, 1),
            golongan=golongan("IX", "PPPK"),
            tmt_golongan=D(2025, 3, 1),
            tmt_jabatan=D(2025, 3, 1),
        ),
    )
    assert Pegawai.objects.get(pk=p.pk).jenis_asn == "PPPK"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nip": "19860926201505100"}, "nip", "NIP harus tepat 18 angka."),
        ({"nip": "19860926201505100A"}, "nip", "NIP harus tepat 18 angka."),
        ({"nip": "198602312015051001"}, "nip", "Digit 1–8 NIP bukan tanggal lahir yang valid."),
        ({"nip": "198609262015053001"}, "nip", "Digit 15 NIP (jenis kelamin) harus 1 atau 2."),
        ({"jenis_kelamin": "P", "nik": ""}, "nip", "Digit 15 NIP (jenis kelamin) tidak sesuai dengan jenis kelamin."),
        ({"tanggal_lahir": D(1986, 9, 25), "nik": ""}, "nip", "Tanggal lahir pada NIP tidak sesuai"),
        ({"tmt_cpns": D(2015, 6, 1), "tmt_golongan": D(2015, 6, 1)}, "nip", "TMT CPNS pada NIP tidak sesuai"),
        ({"nik": "1271012609870001"}, "nik", "Tanggal lahir pada NIK tidak sesuai"),
        ({"nik": "12710126098600"}, "nik", "NIK harus tepat 16 angka."),
        ({"golongan": "IX"}, "golongan", "Golongan tidak sesuai dengan jenis ASN."),
        ({"tmt_golongan": D(2015, 4, 30)}, "tmt_golongan", "TMT golongan tidak boleh sebelum TMT CPNS/PPPK."),
        ({"tmt_jabatan": None}, "tmt_jabatan", "TMT jabatan wajib diisi jika jabatan diisi."),
        ({"tmt_jabatan": D(2015, 4, 1)}, "tmt_jabatan", "TMT jabatan tidak boleh sebelum TMT CPNS/PPPK."),
        ({"jabatan": "other"}, "jabatan", "Jabatan bukan milik instansi ini."),
        ({"unit_kerja": "other"}, "unit_kerja", "Unit kerja bukan milik instansi ini."),
        ({"jabatan": None, "tmt_jabatan": None}, "unit_kerja", "Unit kerja wajib diisi."),
        ({"pendidikan_terakhir": "S4"}, "pendidikan_terakhir", ""),
        ({"nama": "  "}, "nama", ""),
        ({"email": "bukan-email"}, "email", ""),
        ({"nip": "same-as-existing"}, "nip", ""),
        ({"nip": "taken-username"}, "nip", "sudah dipakai sebagai nama pengguna"),
    ],
)
def test_pegawai_create_errors_name_the_field_and_save_nothing(org, changes, field, message):
    if changes.get("golongan") == "IX":
        changes["golongan"] = golongan("IX", "PPPK")
    if changes.get("jabatan") == "other":
        changes["jabatan"] = org.other_pegawai.jabatan
    if changes.get("unit_kerja") == "other":
        changes["unit_kerja"] = org.other_pegawai.unit_kerja
    if changes.get("nip") == "same-as-existing":
        existing = org.pegawai
        changes = {
            "nip": existing.nip,
            "tanggal_lahir": existing.tanggal_lahir,
            "jenis_kelamin": existing.jenis_kelamin,
            "tmt_cpns": existing.tmt_cpns,
            "tmt_golongan": existing.tmt_cpns,
            "tmt_jabatan": existing.tmt_cpns,
            "nik": "",
        }
    if changes.get("nip") == "taken-username":
        UserFactory(instansi=org.instansi, username="198609262015051001")
        changes = {}
    before = _state()
    with pytest.raises(ValidationError) as e:
        services.pegawai_create(actor=org.bkd, **_create_values(org, **changes))
    assert field in _errors(e)
    assert message in _errors(e)[field][0]
    assert _state() == before


def test_pegawai_create_reports_every_broken_rule_at_once(org):
    with pytest.raises(ValidationError) as e:
        services.pegawai_create(
            actor=org.bkd,
            **_create_values(org, nip="1986", nik="12", tmt_golongan=D(2000, 1, 1), email="x", nama=""),
        )
    assert {"nip", "nik", "tmt_golongan", "email", "nama"} <= set(_errors(e))


# --- pegawai_update --------------------------------------------------------------------------------


def test_update_golongan_writes_riwayat_with_the_tmt_and_audits_old_and_new(org):
    p = org.pegawai
    old_tmt = p.tmt_golongan
    services.pegawai_update(
        actor=org.bkd, pegawai=p, data={"golongan": golongan("II/d"), "tmt_golongan": D(2024, 4, 1)}
    )
    stored = Pegawai.objects.get(pk=p.pk)
    assert (stored.golongan.kode, stored.tmt_golongan) == ("II/d", D(2024, 4, 1))
    rows = list(RiwayatPangkat.objects.filter(pegawai=p).order_by("tmt").values_list("golongan__kode", "tmt", "jenis"))
    assert rows == [("II/c", old_tmt, "cpns"), ("II/d", D(2024, 4, 1), "reguler")]
    log = AuditLog.objects.filter(pegawai_id=p.pk, aksi="update").get()
    assert log.actor == org.bkd
    assert log.perubahan == {
        "golongan": {"lama": "II/c Pengatur", "baru": "II/d Pengatur Tingkat I"},
        "tmt_golongan": {"lama": old_tmt.isoformat(), "baru": "2024-04-01"},
    }


def test_update_golongan_with_a_tmt_before_the_current_one_is_refused(org):
    p = org.pegawai
    before = _state()
    with pytest.raises(ValidationError) as e:
        services.pegawai_update(
            actor=org.bkd,
            pegawai=p,
            data={"golongan": golongan("II/d"), "tmt_golongan": p.tmt_golongan - datetime.timedelta(days=1)},
        )
    assert _errors(e) == {"tmt_golongan": ["TMT golongan baru tidak boleh sebelum TMT golongan sebelumnya."]}
    assert _state() == before


def test_update_golongan_on_the_same_tmt_is_recorded_on_that_tmt(org):
    p = org.pegawai
    services.pegawai_update(actor=org.bkd, pegawai=p, data={"golongan": golongan("II/b")})
    assert RiwayatPangkat.objects.get(pegawai=p, golongan__kode="II/b").tmt == p.tmt_golongan


def test_correcting_only_the_tmt_golongan_moves_its_riwayat_row(org):
    p = org.pegawai
    new_tmt = p.tmt_golongan + datetime.timedelta(days=31)
    services.pegawai_update(actor=org.bkd, pegawai=p, data={"tmt_golongan": new_tmt})
    row = RiwayatPangkat.objects.get(pegawai=p)
    assert (row.golongan_id, row.tmt, row.jenis) == (p.golongan_id, new_tmt, "cpns")


def test_update_jabatan_closes_the_previous_riwayat_and_opens_a_new_one(org):
    p = org.pegawai
    j_loket = JabatanFactory(unit_kerja=org.puskesmas, nama="Petugas Loket", atasan=org.jabatan_kapus, kebutuhan=2)
    services.pegawai_update(actor=org.bkd, pegawai=p, data={"jabatan": j_loket, "tmt_jabatan": D(2024, 7, 1)})
    stored = Pegawai.objects.get(pk=p.pk)
    assert stored.unit_kerja == org.puskesmas  # the unit follows the jabatan
    assert stored.atasan == org.kepala_puskesmas
    rows = list(
        RiwayatJabatan.objects.filter(pegawai=p)
        .order_by("tmt")
        .values_list("nama_jabatan", "nama_unit", "tmt", "tmt_selesai")
    )
    assert rows == [
        ("Pengadministrasi Umum", "Seksi Pelayanan Kesehatan Primer", p.tmt_jabatan, D(2024, 7, 1)),
        ("Petugas Loket", "Puskesmas Kota Sibolga", D(2024, 7, 1), None),
    ]
    log = AuditLog.objects.filter(pegawai_id=p.pk, aksi="update").get()
    assert log.perubahan["jabatan"] == {"lama": "Pengadministrasi Umum", "baru": "Petugas Loket"}
    assert log.perubahan["unit_kerja"] == {"lama": "Seksi Pelayanan Kesehatan Primer", "baru": "Puskesmas Kota Sibolga"}


def test_update_jabatan_with_an_explicit_unit_keeps_that_unit(org):
    services.pegawai_update(
        actor=org.bkd,
        pegawai=org.rekan,
        data={"jabatan": org.jabatan_perawat, "tmt_jabatan": D(2024, 7, 1), "unit_kerja": org.seksi},
    )
    assert Pegawai.objects.get(pk=org.rekan.pk).unit_kerja == org.seksi


def test_update_jabatan_with_a_tmt_before_the_current_one_is_refused(org):
    p = org.pegawai
    before = _state()
    with pytest.raises(ValidationError) as e:
        services.pegawai_update(
            actor=org.bkd,
            pegawai=p,
            data={"jabatan": org.jabatan_perawat, "tmt_jabatan": p.tmt_jabatan - datetime.timedelta(days=1)},
        )
    assert _errors(e) == {"tmt_jabatan": ["TMT jabatan baru tidak boleh sebelum TMT jabatan sebelumnya."]}
    assert _state() == before


def test_update_jabatan_on_the_same_tmt_closes_the_previous_on_that_day(org):
    p = org.pegawai
    services.pegawai_update(actor=org.bkd, pegawai=p, data={"jabatan": org.jabatan_perawat})
    rows = list(
        RiwayatJabatan.objects.filter(pegawai=p).order_by("pk").values_list("nama_jabatan", "tmt", "tmt_selesai")
    )
    assert rows == [
        ("Pengadministrasi Umum", p.tmt_jabatan, p.tmt_jabatan),
        ("Perawat Terampil", p.tmt_jabatan, None),
    ]


def test_update_removing_the_jabatan_closes_its_riwayat(org):
    p = org.pegawai
    services.pegawai_update(actor=org.bkd, pegawai=p, data={"jabatan": None})
    stored = Pegawai.objects.get(pk=p.pk)
    assert (stored.jabatan_id, stored.tmt_jabatan) == (None, None)
    row = RiwayatJabatan.objects.get(pegawai=p)
    assert row.tmt_selesai is not None
    assert row.tmt_selesai >= row.tmt


def test_correcting_only_the_tmt_jabatan_moves_the_open_riwayat_row(org):
    p = org.pegawai
    new_tmt = p.tmt_jabatan + datetime.timedelta(days=10)
    services.pegawai_update(actor=org.bkd, pegawai=p, data={"tmt_jabatan": new_tmt})
    row = RiwayatJabatan.objects.get(pegawai=p)
    assert (row.tmt, row.tmt_selesai) == (new_tmt, None)


def test_update_nip_renames_the_login(org):
    p = org.pegawai
    new_nip = p.nip[:-3] + "777"
    services.pegawai_update(actor=org.bkd, pegawai=p, data={"nip": new_nip})
    assert User.objects.get(pk=p.user_id).username == new_nip
    assert Pegawai.objects.get(pk=p.pk).nip == new_nip


def test_update_nip_taken_by_another_login_is_refused(org):
    p = org.pegawai
    new_nip = p.nip[:-3] + "777"
    UserFactory(instansi=org.instansi, username=new_nip)
    before = _state()
    with pytest.raises(ValidationError) as e:
        services.pegawai_update(actor=org.bkd, pegawai=p, data={"nip": new_nip})
    assert "sudah dipakai sebagai nama pengguna" in _errors(e)["nip"][0]
    assert _state() == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"nip": "19860926201505100"}, "nip"),
        ({"nik": "1271010101010001"}, "nik"),
        ({"jenis_kelamin": "X"}, "jenis_kelamin"),
        ({"status": "dipecat"}, "status"),
        ({"nama": ""}, "nama"),
        ({"golongan": "PPPK"}, "golongan"),
        ({"atasan_override": "self"}, "atasan_override"),
        ({"atasan_override": "other"}, "atasan_override"),
        ({"jabatan": "other", "tmt_jabatan": D(2030, 1, 1)}, "jabatan"),
        ({"unit_kerja": "other"}, "unit_kerja"),
        ({"nip": "rekan"}, "nip"),
    ],
)
def test_update_errors_name_the_field_and_save_nothing(org, data, field):
    p = org.pegawai
    replacements = {
        "PPPK": golongan("IX", "PPPK"),
        "self": p,
        "other": None,
        "rekan": org.rekan.nip,
    }
    data = dict(data)
    for key, value in data.items():
        if value == "other":
            data[key] = {
                "atasan_override": org.other_pegawai,
                "jabatan": org.other_pegawai.jabatan,
                "unit_kerja": org.other_pegawai.unit_kerja,
            }[key]
        elif isinstance(value, str) and value in replacements:
            data[key] = replacements[value]
    if field == "nip" and data["nip"] == org.rekan.nip:
        r = org.rekan
        data.update(tanggal_lahir=r.tanggal_lahir, jenis_kelamin=r.jenis_kelamin, nik="", tmt_cpns=r.tmt_cpns)
        data.update(tmt_golongan=r.tmt_golongan, tmt_jabatan=r.tmt_jabatan)
    before = _state()
    with pytest.raises(ValidationError) as e:
        services.pegawai_update(actor=org.bkd, pegawai=p, data=data)
    assert field in _errors(e)
    assert _state() == before


def test_update_without_a_change_writes_nothing(org):
    p = org.pegawai
    before = _state()
    result = services.pegawai_update(actor=org.bkd, pegawai=p, data={"nama": p.nama, "golongan": p.golongan})
    assert result.pk == p.pk
    assert _state() == before


def test_update_status_recomputes_the_subordinates_atasan(org):
    services.pegawai_update(actor=org.bkd, pegawai=org.atasan, data={"status": Pegawai.Status.PENSIUN})
    assert Pegawai.objects.get(pk=org.pegawai.pk).atasan == org.kepala_bidang


def test_update_of_a_pegawai_without_login_does_not_create_one(org):
    p = PegawaiFactory(jabatan=org.jabatan_pelaksana)
    Pegawai.objects.filter(pk=p.pk).update(user=None)
    p.refresh_from_db()
    services.pegawai_update(actor=None, pegawai=p, data={"nip": p.nip[:-3] + "555"})
    assert Pegawai.objects.get(pk=p.pk).user_id is None
    assert not User.objects.filter(username=p.nip[:-3] + "555").exists()
