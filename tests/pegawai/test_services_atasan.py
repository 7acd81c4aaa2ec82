"""Atasan langsung derived from the jabatan tree (pegawai.services.atasan_recompute)."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pegawai import services
from pegawai.models import Jabatan, Pegawai
from tests.factories.pegawai import PegawaiFactory, golongan


def _atasan(p):
    return Pegawai.objects.get(pk=p.pk).atasan_id


def test_recompute_is_idempotent(org):
    assert services.atasan_recompute(instansi_id=org.instansi.pk) == 0


def test_vacant_superior_jabatan_passes_to_the_next_occupied_one_up(org):
    # the kepala seksi leaves his jabatan: the pelaksana now report to the kepala bidang
    services.pegawai_update(actor=org.bkd, pegawai=org.atasan, data={"jabatan": None})
    assert _atasan(org.pegawai) == org.kepala_bidang.pk
    assert _atasan(org.rekan) == org.kepala_bidang.pk
    # the kepala bidang leaves too: up to the kepala dinas
    services.pegawai_update(actor=org.bkd, pegawai=org.kepala_bidang, data={"status": Pegawai.Status.PENSIUN})
    assert _atasan(org.pegawai) == org.kepala_dinas.pk
    # a new kepala seksi is appointed: the line is restored
    kasi_baru = PegawaiFactory(jabatan=org.jabatan_kasi, nama="Rudi Sitompul", golongan=golongan("III/c"))
    assert _atasan(org.pegawai) == kasi_baru.pk
    assert _atasan(kasi_baru) == org.kepala_dinas.pk


def test_the_top_of_the_tree_has_no_atasan(org):
    assert _atasan(org.kepala_dinas) is None
    services.pegawai_update(actor=org.bkd, pegawai=org.kepala_dinas, data={"status": Pegawai.Status.PENSIUN})
    assert _atasan(org.kepala_bidang) is None
    assert _atasan(org.kepala_puskesmas) is None


def test_override_wins_over_the_tree_and_is_undone(org):
    services.pegawai_update(actor=org.bkd, pegawai=org.pegawai, data={"atasan_override": org.kepala_puskesmas})
    assert _atasan(org.pegawai) == org.kepala_puskesmas.pk
    assert _atasan(org.rekan) == org.atasan.pk
    services.pegawai_update(actor=org.bkd, pegawai=org.pegawai, data={"atasan_override": None})
    assert _atasan(org.pegawai) == org.atasan.pk


def test_override_applies_to_a_pegawai_without_jabatan(org):
    services.pegawai_update(actor=org.bkd, pegawai=org.rekan, data={"jabatan": None})
    assert _atasan(org.rekan) is None
    services.pegawai_update(actor=org.bkd, pegawai=org.rekan, data={"atasan_override": org.kepala_bidang})
    assert _atasan(org.rekan) == org.kepala_bidang.pk


def test_several_holders_the_longest_serving_active_one_leads(org):
    # a second kepala seksi (a Plt appointed later) does not take over
    plt = PegawaiFactory(
        jabatan=org.jabatan_kasi,
        nama="Plt Kasi",
        tanggal_lahir=datetime.date(1960, 5, 5),
        tmt_jabatan=datetime.date(2030, 1, 1),
        golongan=golongan("III/c"),
    )
    assert _atasan(org.pegawai) == org.atasan.pk
    assert _atasan(plt) == org.kepala_bidang.pk
    # peers holding the same jabatan are never each other's atasan
    assert _atasan(org.atasan) == org.kepala_bidang.pk
    # an earlier TMT makes the other holder lead
    services.pegawai_update(
        actor=org.bkd, pegawai=plt, data={"tmt_jabatan": org.atasan.tmt_jabatan - datetime.timedelta(days=1)}
    )
    assert _atasan(org.pegawai) == plt.pk
    # inactive holders are ignored
    services.pegawai_update(actor=org.bkd, pegawai=plt, data={"status": Pegawai.Status.CLTN})
    assert _atasan(org.pegawai) == org.atasan.pk


def test_same_tmt_the_lower_id_leads(org):
    second = PegawaiFactory(
        jabatan=org.jabatan_kasi,
        tanggal_lahir=datetime.date(1960, 5, 5),
        tmt_jabatan=org.atasan.tmt_jabatan,
        golongan=golongan("III/c"),
    )
    assert second.pk > org.atasan.pk
    assert _atasan(org.pegawai) == org.atasan.pk


def test_an_inactive_holder_leaves_the_jabatan_vacant_for_the_tree(org):
    services.pegawai_update(actor=org.bkd, pegawai=org.kepala_puskesmas, data={"status": Pegawai.Status.MENINGGAL})
    assert _atasan(org.unrelated) == org.kepala_dinas.pk


def test_a_cycle_forced_into_the_database_cannot_hang_or_point_at_oneself(org):
    # bypass the services (which refuse cycles) to prove the recompute still terminates
    Jabatan.objects.filter(pk=org.jabatan_kadis.pk).update(atasan=org.jabatan_kasi)
    services.atasan_recompute(instansi_id=org.instansi.pk)
    assert _atasan(org.kepala_dinas) == org.atasan.pk
    for p in Pegawai.objects.filter(instansi=org.instansi):
        assert p.atasan_id != p.pk
    # a cycle with every jabatan vacant ends without an atasan
    Pegawai.objects.filter(pk__in=[org.kepala_dinas.pk, org.kepala_bidang.pk, org.atasan.pk]).update(
        status=Pegawai.Status.PENSIUN
    )
    services.atasan_recompute(instansi_id=org.instansi.pk)
    assert _atasan(org.pegawai) is None


def test_recompute_touches_only_its_instansi(org):
    other_atasan = Pegawai.objects.get(pk=org.other_pegawai.pk).atasan_id
    Pegawai.objects.filter(instansi=org.instansi).update(atasan=None)
    assert services.atasan_recompute(instansi_id=org.instansi.pk) == 6  # everyone but the kepala dinas
    assert _atasan(org.other_pegawai) == other_atasan
    assert _atasan(org.pegawai) == org.atasan.pk


def _recompute_queries(instansi_id):
    Pegawai.objects.filter(instansi_id=instansi_id).update(atasan=None)
    with CaptureQueriesContext(connection) as ctx:
        services.atasan_recompute(instansi_id=instansi_id)
    return len(ctx.captured_queries)


def test_recompute_is_set_based_more_subordinates_cost_no_more_queries(org):
    before = _recompute_queries(org.instansi.pk)
    for _ in range(3):
        PegawaiFactory(jabatan=org.jabatan_pelaksana, golongan=golongan("II/a"))
    assert _recompute_queries(org.instansi.pk) == before
