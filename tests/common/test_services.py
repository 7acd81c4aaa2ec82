"""model_update, audit_record and snapshot on real rows."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from common.models import AuditLog
from common.services import audit_record, model_update, snapshot
from pegawai.models import Golongan, UnitKerja
from tests.factories.pegawai import UnitKerjaFactory, UserFactory, golongan


@pytest.fixture
def unit(db):
    return UnitKerjaFactory(nama="Dinas Pendidikan", kode="DISDIK")


def test_model_update_saves_changed_fields_and_audits_old_and_new(unit):
    actor = UserFactory(instansi=unit.instansi)
    before = unit.updated_at
    obj, changed = model_update(
        instance=unit,
        fields=["nama", "kode", "is_unit_layanan"],
        data={"nama": "Dinas Pendidikan dan Kebudayaan", "kode": "DISDIK", "is_unit_layanan": True},
        actor=actor,
        instansi_id=unit.instansi_id,
        ringkasan="Unit diubah",
    )
    assert changed is True
    assert obj is unit
    stored = UnitKerja.objects.get(pk=unit.pk)
    assert stored.nama == "Dinas Pendidikan dan Kebudayaan"
    assert stored.is_unit_layanan is True
    assert stored.updated_at > before
    log = AuditLog.objects.get(object_id=unit.pk, aksi=AuditLog.Aksi.UPDATE)
    assert log.actor == actor
    assert log.instansi_id == unit.instansi_id
    assert log.ringkasan == "Unit diubah"
    # only what changed is recorded: kode was sent unchanged
    assert log.perubahan == {
        "nama": {"lama": "Dinas Pendidikan", "baru": "Dinas Pendidikan dan Kebudayaan"},
        "is_unit_layanan": {"lama": False, "baru": True},
    }
    assert log.subject == stored


def test_model_update_without_a_change_saves_and_audits_nothing(unit):
    before = UnitKerja.objects.get(pk=unit.pk).updated_at
    _, changed = model_update(instance=unit, fields=["nama"], data={"nama": "Dinas Pendidikan"})
    assert changed is False
    assert UnitKerja.objects.get(pk=unit.pk).updated_at == before
    assert not AuditLog.objects.filter(aksi=AuditLog.Aksi.UPDATE).exists()


def test_model_update_ignores_fields_outside_the_whitelist(unit):
    _, changed = model_update(instance=unit, fields=["nama"], data={"kode": "LAIN", "path": "1/"})
    assert changed is False
    assert UnitKerja.objects.get(pk=unit.pk).kode == "DISDIK"


def test_model_update_foreign_key_is_saved_by_its_column_and_audited_by_name(unit):
    child = UnitKerjaFactory(instansi=unit.instansi, nama="Bidang SD", kode="DISDIK-SD", jenis="bidang")
    model_update(instance=child, fields=["parent"], data={"parent": unit}, pegawai_id=None)
    assert UnitKerja.objects.get(pk=child.pk).parent_id == unit.pk
    log = AuditLog.objects.get(object_id=child.pk, aksi=AuditLog.Aksi.UPDATE)
    assert log.perubahan == {"parent": {"lama": None, "baru": "Dinas Pendidikan"}}
    assert log.actor is None


def test_model_update_invalid_data_saves_nothing_and_restores_the_instance(unit):
    with pytest.raises(ValidationError) as e:
        model_update(instance=unit, fields=["nama", "jenis"], data={"nama": "Dinas Baru", "jenis": "kementerian"})
    assert "jenis" in e.value.message_dict
    assert UnitKerja.objects.get(pk=unit.pk).nama == "Dinas Pendidikan"
    assert (unit.nama, unit.jenis) == ("Dinas Pendidikan", "dinas")
    assert not AuditLog.objects.filter(aksi=AuditLog.Aksi.UPDATE).exists()


def test_model_update_on_a_model_without_updated_at(db):
    gol = golongan("III/a")
    _, changed = model_update(instance=gol, fields=["pangkat"], data={"pangkat": "Penata Muda (uji)"})
    assert changed is True
    assert Golongan.objects.get(pk=gol.pk).pangkat == "Penata Muda (uji)"


def test_audit_record_of_an_anonymous_actor_stores_no_actor(unit):
    log = audit_record(
        actor=AnonymousUser(),
        subject=unit,
        aksi=AuditLog.Aksi.IMPORT,
        ringkasan="x" * 300,
        pegawai_id=7,
    )
    log.refresh_from_db()
    assert log.actor is None
    assert log.perubahan == {}
    assert len(log.ringkasan) == 255
    assert log.pegawai_id == 7
    assert str(log) == f"diimpor {log.content_type_id}:{unit.pk}"


def test_snapshot_gives_json_friendly_values(unit):
    unit.anggaran = Decimal("1250000.50")
    unit.tanggal = datetime.date(2024, 4, 1)
    unit.waktu = datetime.datetime(2024, 4, 1, 8, 30, tzinfo=datetime.UTC)
    assert snapshot(unit, ["nama", "instansi", "anggaran", "tanggal", "waktu", "depth"]) == {
        "nama": "Dinas Pendidikan",
        "instansi": str(unit.instansi),
        "anggaran": "1250000.50",
        "tanggal": "2024-04-01",
        "waktu": "2024-04-01T08:30:00+00:00",
        "depth": 0,
    }


@pytest.mark.django_db(transaction=True)
def test_notifikasi_kirim_is_idempotent_by_kunci_and_mails_after_commit(org, mailoutbox):
    from common.models import Notifikasi
    from common.selectors import notifikasi_belum_dibaca, notifikasi_list_for_user
    from common.services import Pesan, notifikasi_baca, notifikasi_kirim

    user = org.pegawai.user
    pesan = [
        Pesan(user_id=user.pk, judul="Isi realisasi", kunci="realisasi:1", email="pegawai@example.test"),
        Pesan(user_id=org.bkd.pk, judul="Tanpa kunci"),
    ]
    assert notifikasi_kirim(pesan=pesan) == 2
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["pegawai@example.test"]
    # a rerun sends the keyed message neither in-app nor by e-mail; unkeyed ones are new each time
    assert notifikasi_kirim(pesan=pesan) == 1
    assert len(mailoutbox) == 1
    assert Notifikasi.objects.filter(user=user).count() == 1
    assert notifikasi_belum_dibaca(user=user) == 1
    assert [n.judul for n in notifikasi_list_for_user(user=user)] == ["Isi realisasi"]
    assert notifikasi_baca(user=user) == 1
    assert notifikasi_belum_dibaca(user=user) == 0
    assert notifikasi_kirim(pesan=[]) == 0


def test_surel_ditahan_keeps_notifications_in_app(org, django_capture_on_commit_callbacks, mailoutbox):
    from common.models import Notifikasi
    from common.services import Pesan, notifikasi_kirim, surel_ditahan

    user = org.pegawai.user
    with django_capture_on_commit_callbacks(execute=True) as callbacks, surel_ditahan():
        notifikasi_kirim(pesan=[Pesan(user_id=user.pk, judul="Riwayat", kunci="x", email="p@example.test")])
    assert callbacks == []
    assert mailoutbox == []
    assert Notifikasi.objects.filter(user=user, kunci="x").exists()
    with django_capture_on_commit_callbacks(execute=True):
        notifikasi_kirim(pesan=[Pesan(user_id=user.pk, judul="Baru", kunci="y", email="p@example.test")])
    assert [m.subject for m in mailoutbox] == ["Baru"]
