"""The audit trail of a profile: changes to the pegawai and their riwayat rows, newest first."""

from __future__ import annotations

from common.models import AuditLog
from common.selectors import audit_list_for_pegawai
from pegawai import services


def test_audit_trail_holds_profile_and_riwayat_changes_newest_first(org):
    services.pegawai_update(actor=org.bkd, pegawai=org.pegawai, data={"gelar_belakang": "A.Md."})
    services.riwayat_pendidikan_create(actor=org.bkd, pegawai=org.pegawai, tingkat="D3", tahun_lulus=2012)
    services.pegawai_update(actor=org.bkd, pegawai=org.rekan, data={"tempat_lahir": "Sibolga"})

    trail = list(audit_list_for_pegawai(pegawai_id=org.pegawai.pk))
    assert [log.ringkasan for log in trail] == [
        "Pendidikan terakhir diperbarui",
        "Riwayat pendidikan ditambahkan",
        "Profil Siti Nasution diubah",
        "Pegawai Siti Nasution ditambahkan",
    ]
    assert all(log.pegawai_id == org.pegawai.pk for log in trail)
    assert trail[0].actor == org.bkd
    assert trail[0].perubahan == {"pendidikan_terakhir": {"lama": "SLTA", "baru": "D3"}}


def test_audit_trail_is_limited_and_carries_the_actor_in_one_query(org, django_assert_num_queries):
    for tahun in range(2000, 2006):
        services.riwayat_pendidikan_create(actor=org.bkd, pegawai=org.pegawai, tingkat="SLTA", tahun_lulus=tahun)
    with django_assert_num_queries(1):
        trail = list(audit_list_for_pegawai(pegawai_id=org.pegawai.pk, limit=3))
        assert [log.actor.username for log in trail] == ["bkd.sibolga"] * 3
    assert AuditLog.objects.filter(pegawai_id=org.pegawai.pk).count() == 7


def test_audit_trail_of_an_unknown_pegawai_is_empty(org):
    assert list(audit_list_for_pegawai(pegawai_id=10**9)) == []
