"""Riwayat (pangkat, jabatan, pendidikan), hukuman disiplin and login services."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from common.models import AuditLog
from pegawai import services
from pegawai.models import HukumanDisiplin, Pegawai, RiwayatJabatan, RiwayatPangkat, RiwayatPendidikan, User
from tests.factories.pegawai import (
    HukumanDisiplinFactory,
    RiwayatJabatanFactory,
    RiwayatPangkatFactory,
    RiwayatPendidikanFactory,
    golongan,
)

D = datetime.date


def _errors(exc_info):
    return exc_info.value.message_dict


def _counts():
    return tuple(
        m.objects.count() for m in (RiwayatPangkat, RiwayatJabatan, RiwayatPendidikan, HukumanDisiplin, AuditLog, User)
    )


# --- riwayat pangkat ---------------------------------------------------------------------------------


def test_a_later_rank_becomes_the_current_golongan_with_audit(org):
    p = org.pegawai
    row = services.riwayat_pangkat_create(
        actor=org.bkd, pegawai=p, golongan=golongan("II/d"), tmt=D(2024, 4, 1), nomor_sk="823.3/12/BKPSDM/2024"
    )
    stored = Pegawai.objects.get(pk=p.pk)
    assert (stored.golongan.kode, stored.tmt_golongan) == ("II/d", D(2024, 4, 1))
    assert row.jenis == RiwayatPangkat.Jenis.REGULER
    logs = list(AuditLog.objects.filter(pegawai_id=p.pk).exclude(aksi="create", object_id=p.pk).order_by("id"))
    assert [log.ringkasan for log in logs] == [
        "Riwayat pangkat ditambahkan",
        "Golongan diperbarui dari riwayat pangkat",
    ]
    assert logs[0].perubahan["nomor_sk"] == "823.3/12/BKPSDM/2024"
    assert logs[1].perubahan["golongan"] == {"lama": "II/c Pengatur", "baru": "II/d Pengatur Tingkat I"}
    assert all(log.actor == org.bkd for log in logs)


def test_an_earlier_rank_is_history_only(org):
    p = org.pegawai
    services.riwayat_pangkat_create(actor=org.bkd, pegawai=p, golongan=golongan("II/d"), tmt=D(2024, 4, 1))
    services.riwayat_pangkat_create(actor=org.bkd, pegawai=p, golongan=golongan("II/a"), tmt=p.tmt_cpns)
    stored = Pegawai.objects.get(pk=p.pk)
    assert (stored.golongan.kode, stored.tmt_golongan) == ("II/d", D(2024, 4, 1))


def test_riwayat_pangkat_factory_goes_through_the_service(org):
    row = RiwayatPangkatFactory(pegawai=org.rekan)
    assert Pegawai.objects.get(pk=org.rekan.pk).golongan == row.golongan


@pytest.mark.parametrize(
    ("kode", "jenis_asn", "tmt", "field", "message"),
    [
        ("IX", "PPPK", D(2024, 4, 1), "golongan", "tidak sesuai dengan jenis ASN"),
        ("II/d", "PNS", D(1990, 1, 1), "tmt", "sebelum TMT CPNS"),
        ("II/c", "PNS", D(2024, 4, 1), "golongan", "sudah ada di riwayat pangkat"),
    ],
)
def test_riwayat_pangkat_errors(org, kode, jenis_asn, tmt, field, message):
    before = _counts()
    with pytest.raises(ValidationError) as e:
        services.riwayat_pangkat_create(actor=org.bkd, pegawai=org.pegawai, golongan=golongan(kode, jenis_asn), tmt=tmt)
    assert message in _errors(e)[field][0]
    assert _counts() == before


# --- riwayat jabatan ---------------------------------------------------------------------------------


def test_riwayat_jabatan_records_a_past_position(org):
    row = services.riwayat_jabatan_create(
        actor=org.bkd,
        pegawai=org.pegawai,
        nama_jabatan="Pengelola Data",
        jenis_jabatan="pelaksana",
        nama_unit="Dinas Pendidikan",
        tmt=D(2005, 1, 1),
        tmt_selesai=D(2007, 12, 31),
        jabatan=org.jabatan_pelaksana,
    )
    log = AuditLog.objects.get(object_id=row.pk, content_type__model="riwayatjabatan")
    assert (log.pegawai_id, log.actor) == (org.pegawai.pk, org.bkd)
    assert log.perubahan == {
        "nama_jabatan": "Pengelola Data",
        "nama_unit": "Dinas Pendidikan",
        "tmt": "2005-01-01",
        "tmt_selesai": "2007-12-31",
    }
    assert RiwayatJabatanFactory(pegawai=org.rekan).tmt_selesai is not None


def test_riwayat_jabatan_errors(org):
    before = _counts()
    with pytest.raises(ValidationError) as e:
        services.riwayat_jabatan_create(
            actor=org.bkd,
            pegawai=org.pegawai,
            nama_jabatan="Pengelola Data",
            jenis_jabatan="pelaksana",
            tmt=D(2007, 1, 1),
            tmt_selesai=D(2006, 12, 31),
        )
    assert _errors(e) == {"tmt_selesai": ["Tanggal selesai tidak boleh sebelum TMT."]}
    with pytest.raises(ValidationError) as e:
        services.riwayat_jabatan_create(
            actor=org.bkd,
            pegawai=org.pegawai,
            nama_jabatan="",
            jenis_jabatan="camat",
            tmt=D(2007, 1, 1),
            jabatan=org.other_pegawai.jabatan,
        )
    assert {"nama_jabatan", "jenis_jabatan", "jabatan"} <= set(_errors(e))
    assert _counts() == before


# --- riwayat pendidikan --------------------------------------------------------------------------------


def test_a_higher_education_becomes_pendidikan_terakhir(org):
    services.riwayat_pendidikan_create(
        actor=org.bkd, pegawai=org.pegawai, tingkat="S1", tahun_lulus=2020, jurusan="Kesehatan Masyarakat"
    )
    assert Pegawai.objects.get(pk=org.pegawai.pk).pendidikan_terakhir == "S1"
    services.riwayat_pendidikan_create(actor=org.bkd, pegawai=org.pegawai, tingkat="SLTP", tahun_lulus=2001)
    assert Pegawai.objects.get(pk=org.pegawai.pk).pendidikan_terakhir == "S1"
    assert RiwayatPendidikanFactory(pegawai=org.rekan).tingkat == "S1"


@pytest.mark.parametrize(
    ("tingkat", "tahun", "field"),
    [("S1", 1950, "tahun_lulus"), ("S4", 2010, "tingkat"), ("S1", 2099, "tahun_lulus"), ("S1", 2200, "tahun_lulus")],
)
def test_riwayat_pendidikan_errors(org, tingkat, tahun, field):
    before = _counts()
    with pytest.raises(ValidationError) as e:
        services.riwayat_pendidikan_create(actor=org.bkd, pegawai=org.pegawai, tingkat=tingkat, tahun_lulus=tahun)
    assert field in _errors(e)
    assert _counts() == before
    assert Pegawai.objects.get(pk=org.pegawai.pk).pendidikan_terakhir == "SLTA"


# --- hukuman disiplin ------------------------------------------------------------------------------------


def test_hukuman_disiplin_is_recorded_with_audit(org):
    row = services.hukuman_disiplin_create(
        actor=org.bkd,
        pegawai=org.pegawai,
        tingkat="berat",
        jenis="pembebasan_jabatan",
        tmt_mulai=D(2024, 2, 1),
        tmt_selesai=D(2025, 1, 31),
        nomor_sk="800/5/2024",
    )
    log = AuditLog.objects.get(object_id=row.pk, content_type__model="hukumandisiplin")
    assert (log.pegawai_id, log.actor, log.ringkasan) == (org.pegawai.pk, org.bkd, "Hukuman disiplin dicatat")
    assert log.perubahan["jenis"] == "pembebasan_jabatan"
    assert HukumanDisiplinFactory(pegawai=org.rekan).tingkat == "sedang"


@pytest.mark.parametrize(
    ("tingkat", "jenis", "selesai", "field", "message"),
    [
        ("ringan", "potong_tukin_6", None, "jenis", "tidak sesuai dengan tingkatnya"),
        ("sedang", "teguran_lisan", None, "jenis", "tidak sesuai dengan tingkatnya"),
        ("ekstrem", "teguran_lisan", None, "jenis", "tidak sesuai dengan tingkatnya"),
        ("sedang", "potong_tukin_6", D(2023, 12, 31), "tmt_selesai", "tidak boleh sebelum tanggal mulai"),
    ],
)
def test_hukuman_disiplin_errors(org, tingkat, jenis, selesai, field, message):
    before = _counts()
    with pytest.raises(ValidationError) as e:
        services.hukuman_disiplin_create(
            actor=org.bkd,
            pegawai=org.pegawai,
            tingkat=tingkat,
            jenis=jenis,
            tmt_mulai=D(2024, 1, 1),
            tmt_selesai=selesai,
        )
    assert message in _errors(e)[field][0]
    assert _counts() == before


# --- logins ----------------------------------------------------------------------------------------------


def test_user_create_for_bkd_staff_and_a_superuser(org):
    user = services.user_create(instansi=org.instansi, username="bkd.kedua", password="sandi-kuat-1", peran="bkd")
    assert user.check_password("sandi-kuat-1")
    assert (user.is_bkd, user.is_pimpinan, user.is_staff) == (True, False, False)
    root = services.user_create(
        instansi=None, username="admin", password="sandi-kuat-2", peran="bkd", is_superuser=True
    )
    assert (root.is_superuser, root.is_staff, root.instansi_id) == (True, True, None)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": "bkd.sibolga"}, "username"),
        ({"instansi": None}, "instansi"),
        ({"peran": "raja"}, "peran"),
        ({"username": "nama dengan spasi!"}, "username"),
    ],
)
def test_user_create_errors(org, changes, field):
    values = {"instansi": org.instansi, "username": "bkd.kedua", "password": "sandi-kuat-1", "peran": "bkd", **changes}
    before = _counts()
    with pytest.raises(ValidationError) as e:
        services.user_create(**values)
    assert field in _errors(e)
    assert _counts() == before
