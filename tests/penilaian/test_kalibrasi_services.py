"""Calibration services: who counts for a unit (roll-up over the tree), setting the unit predikat,
the distribution check (one unit and the whole period in constant queries), adjusting a staff
predikat with a reason, and finalising (blocked while broken, safe under concurrency)."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from common.models import AuditLog
from penilaian.models import EvaluasiKinerja, PredikatUnit
from penilaian.rules import PredikatOrganisasi
from penilaian.selectors.kalibrasi import hitungan_per_unit, path_ids
from penilaian.services.kalibrasi import (
    distribusi_periksa,
    distribusi_periksa_periode,
    predikat_sesuaikan,
    predikat_unit_finalisasi,
    predikat_unit_tetapkan,
)
from tests.factories.pegawai import UnitKerjaFactory
from tests.penilaian._kalibrasi_helpers import BP, SB, SK, B, K, nilai, nilai_banyak, periode_buka, staf_tambahan

ISTIMEWA = PredikatOrganisasi.ISTIMEWA
BAIK = PredikatOrganisasi.BAIK


@pytest.fixture
def periode(org):
    return periode_buka(org)


def test_path_ids():
    assert path_ids("12/40/41/") == [12, 40, 41]
    assert path_ids("") == []


def test_roll_up_over_the_tree_excludes_each_units_own_leader(org, periode):
    nilai_banyak(
        periode,
        [
            (org.kepala_dinas, SB),
            (org.kepala_bidang, B),
            (org.atasan, SB),
            (org.pegawai, B),
            (org.rekan, BP),
            (org.kepala_puskesmas, K),
            (org.unrelated, SK),
        ],
    )
    semua = hitungan_per_unit(periode=periode)
    # seksi: its pelaksana, not its head (atasan)
    assert semua[org.seksi.pk] == Counter({B: 1, BP: 1})
    # bidang: seksi and its head, not the head of the bidang
    assert semua[org.bidang.pk] == Counter({SB: 1, B: 1, BP: 1})
    # puskesmas: the perawat only
    assert semua[org.puskesmas.pk] == Counter({SK: 1})
    # dinas: everyone but the kepala dinas
    assert semua[org.dinas.pk] == Counter({B: 2, SB: 1, BP: 1, K: 1, SK: 1})
    # unrated rows are counted only when asked for, under ""
    EvaluasiKinerja.objects.filter(periode=periode, pegawai=org.rekan).update(
        rating_hasil_kerja="", rating_perilaku="", predikat="", predikat_matriks="", status="belum_dinilai"
    )
    assert hitungan_per_unit(periode=periode, unit_ids=[org.seksi.pk]) == {org.seksi.pk: Counter({B: 1})}
    semua = hitungan_per_unit(periode=periode, unit_ids=[org.seksi.pk], dinilai_saja=False)
    assert semua[org.seksi.pk] == Counter({B: 1, "": 1})


# ---------------------------------------------------------------------------------------------
# predikat_unit_tetapkan


@pytest.mark.parametrize(
    ("persona", "unit", "allowed"),
    [
        ("bkd", "seksi", True),
        ("kepala_bidang", "seksi", True),  # the head of the parent unit
        ("atasan", "seksi", False),  # the unit's own head
        ("kepala_dinas", "seksi", False),  # two levels up
        ("kepala_dinas", "bidang", True),
        ("kepala_dinas", "puskesmas", True),
        ("kepala_dinas", "dinas", True),  # a top-level unit: its own head
        ("kepala_puskesmas", "puskesmas", False),
        ("pegawai", "seksi", False),
        ("pimpinan", "seksi", False),
        ("other_bkd", "seksi", False),
    ],
)
def test_tetapkan_permissions(org, periode, persona, unit, allowed):
    obj = getattr(org, persona)
    user = getattr(obj, "user", obj)
    target = getattr(org, unit)
    if allowed:
        pu = predikat_unit_tetapkan(actor=user, periode=periode, unit_kerja=target, predikat_organisasi=BAIK)
        assert pu.predikat_organisasi == BAIK
        assert pu.ditetapkan_oleh == user
    else:
        with pytest.raises(PermissionDenied):
            predikat_unit_tetapkan(actor=user, periode=periode, unit_kerja=target, predikat_organisasi=BAIK)
        assert not PredikatUnit.objects.exists()


def test_tetapkan_checks_audits_and_updates(org, periode):
    nilai_banyak(periode, [(org.pegawai, SB), (org.rekan, B)])
    pu = predikat_unit_tetapkan(actor=org.bkd, periode=periode, unit_kerja=org.seksi, predikat_organisasi=BAIK)
    assert [p["kode"] for p in pu.pelanggaran] == ["baik_bp_k_min_1"]
    assert pu.diperiksa_pada is not None
    pu = predikat_unit_tetapkan(actor=org.bkd, periode=periode, unit_kerja=org.seksi, predikat_organisasi=ISTIMEWA)
    assert pu.pelanggaran == []
    assert PredikatUnit.objects.count() == 1
    audit = list(
        AuditLog.objects.filter(content_type__model="predikatunit", object_id=pu.pk)
        .order_by("id")
        .values_list("aksi", "perubahan")
    )
    assert audit == [
        ("create", {"predikat_organisasi": {"lama": "", "baru": "baik"}}),
        ("update", {"predikat_organisasi": {"lama": "baik", "baru": "istimewa"}}),
    ]


def test_tetapkan_refuses_bad_input_and_final(org, periode):
    with pytest.raises(ValidationError) as e:
        predikat_unit_tetapkan(actor=org.bkd, periode=periode, unit_kerja=org.seksi, predikat_organisasi="luar_biasa")
    assert "predikat_organisasi" in e.value.message_dict
    other_unit = UnitKerjaFactory(instansi=org.other_instansi, nama="Dinas Lain", kode="LAIN", jenis="dinas")
    with pytest.raises(ValidationError) as e:
        predikat_unit_tetapkan(actor=org.bkd, periode=periode, unit_kerja=other_unit, predikat_organisasi=BAIK)
    assert "unit_kerja" in e.value.message_dict
    pu = predikat_unit_tetapkan(actor=org.bkd, periode=periode, unit_kerja=org.seksi, predikat_organisasi=ISTIMEWA)
    PredikatUnit.objects.filter(pk=pu.pk).update(status=PredikatUnit.Status.FINAL)
    with pytest.raises(ValidationError) as e:
        predikat_unit_tetapkan(actor=org.bkd, periode=periode, unit_kerja=org.seksi, predikat_organisasi=BAIK)
    assert "predikat_organisasi" in e.value.message_dict


# ---------------------------------------------------------------------------------------------
# distribusi_periksa and distribusi_periksa_periode


def test_distribusi_periksa_stores_violations(org, periode):
    pu = PredikatUnit.objects.create(periode=periode, unit_kerja=org.seksi, predikat_organisasi=ISTIMEWA)
    nilai_banyak(periode, [(org.pegawai, SB), (org.rekan, SB)])
    pu = distribusi_periksa(predikat_unit=pu)
    pu.refresh_from_db()
    assert pu.pelanggaran == [
        {"kode": "istimewa_sb_maks_70", "aturan": "paling banyak 70% Sangat Baik", "jumlah": 2, "total": 2}
    ]
    assert pu.diperiksa_pada is not None


def _units_with_predikat(org, periode, n):
    units = [org.dinas, org.bidang, org.seksi, org.puskesmas]
    units.extend(
        UnitKerjaFactory(instansi=org.instansi, parent=org.dinas, nama=f"UPT {i}", kode=f"UPT-{i}", jenis="upt")
        for i in range(max(0, n - len(units)))
    )
    for unit in units[:n]:
        PredikatUnit.objects.get_or_create(periode=periode, unit_kerja=unit, defaults={"predikat_organisasi": ISTIMEWA})


def test_distribusi_periksa_periode_constant_queries(org, periode):
    nilai_banyak(periode, [(org.kepala_bidang, SB), (org.atasan, SB), (org.pegawai, SB), (org.rekan, B)])
    _units_with_predikat(org, periode, 3)
    with CaptureQueriesContext(connection) as small:
        assert distribusi_periksa_periode(periode=periode) == 1  # the dinas, see below
    _units_with_predikat(org, periode, 9)
    with CaptureQueriesContext(connection) as big:
        melanggar = distribusi_periksa_periode(periode=periode)
    assert len(big.captured_queries) == len(small.captured_queries) <= 4
    assert melanggar == 1
    hasil = dict(PredikatUnit.objects.filter(periode=periode).values_list("unit_kerja_id", "pelanggaran"))
    # dinas: kabid SB, kasi SB, pegawai SB, rekan B (others unrated) → 3 of 4 SB = 75% > 70%
    assert [p["jumlah"] for p in hasil[org.dinas.pk]] == [3]
    # bidang: kasi SB, pegawai SB, rekan B → 2 of 3 = 66.67%: passes
    assert hasil[org.bidang.pk] == []
    # seksi: pegawai SB, rekan B → 50%
    assert hasil[org.seksi.pk] == []
    assert hasil[org.puskesmas.pk] == []  # nobody rated


def test_distribusi_periksa_periode_without_units(org, periode):
    with CaptureQueriesContext(connection) as ctx:
        assert distribusi_periksa_periode(periode=periode) == 0
    assert len(ctx.captured_queries) == 1


# ---------------------------------------------------------------------------------------------
# predikat_sesuaikan


def test_sesuaikan_requires_reason(org, periode):
    ev = nilai(periode, org.pegawai, SB)
    for alasan in ("", "   "):
        with pytest.raises(ValidationError) as e:
            predikat_sesuaikan(actor=org.atasan.user, evaluasi=ev, predikat=B, alasan=alasan)
        assert set(e.value.message_dict) == {"alasan"}
    with pytest.raises(ValidationError) as e:
        predikat_sesuaikan(actor=org.atasan.user, evaluasi=ev, predikat="hebat", alasan="x")
    assert set(e.value.message_dict) == {"predikat"}
    ev.refresh_from_db()
    assert ev.predikat == SB
    assert not AuditLog.objects.filter(content_type__model="evaluasikinerja", object_id=ev.pk, aksi="update").exists()


def test_sesuaikan_by_pejabat_penilai_is_audited_and_rechecks(org, periode):
    nilai_banyak(periode, [(org.rekan, SB)])
    ev = nilai(periode, org.pegawai, SB)
    pu = PredikatUnit.objects.create(periode=periode, unit_kerja=org.seksi, predikat_organisasi=ISTIMEWA)
    distribusi_periksa(predikat_unit=pu)
    pu.refresh_from_db()
    assert len(pu.pelanggaran) == 1
    out = predikat_sesuaikan(actor=org.atasan.user, evaluasi=ev, predikat=B, alasan="  Target utama belum tuntas.  ")
    ev.refresh_from_db()
    assert out.pk == ev.pk
    assert (ev.predikat, ev.predikat_matriks, ev.alasan_penyesuaian) == (B, SB, "Target utama belum tuntas.")
    assert ev.disesuaikan_oleh == org.atasan.user
    audit = AuditLog.objects.get(content_type__model="evaluasikinerja", object_id=ev.pk, aksi="update")
    assert audit.perubahan == {
        "predikat": {"lama": "sangat_baik", "baru": "baik"},
        "alasan_penyesuaian": "Target utama belum tuntas.",
    }
    assert audit.actor == org.atasan.user
    assert audit.pegawai_id == org.pegawai.pk
    pu.refresh_from_db()
    assert pu.pelanggaran == []


def test_sesuaikan_permissions_and_states(org, periode):
    ev = nilai(periode, org.pegawai, SB)
    for user in (org.unrelated.user, org.pimpinan, org.other_bkd, org.pegawai.user, org.kepala_bidang.user):
        with pytest.raises(PermissionDenied):
            predikat_sesuaikan(actor=user, evaluasi=ev, predikat=B, alasan="x")
    # BKD may adjust, twice: the matrix predikat stays the first one
    predikat_sesuaikan(actor=org.bkd, evaluasi=ev, predikat=B, alasan="satu")
    predikat_sesuaikan(actor=org.bkd, evaluasi=ev, predikat=BP, alasan="dua")
    ev.refresh_from_db()
    assert (ev.predikat, ev.predikat_matriks) == (BP, SB)
    # an unrated row cannot be adjusted
    unrated = EvaluasiKinerja.objects.get(periode=periode, pegawai=org.rekan)
    with pytest.raises(ValidationError) as e:
        predikat_sesuaikan(actor=org.bkd, evaluasi=unrated, predikat=B, alasan="x")
    assert "predikat" in e.value.message_dict
    # a final unit (here the dinas, above the row) blocks
    PredikatUnit.objects.create(
        periode=periode, unit_kerja=org.dinas, predikat_organisasi=BAIK, status=PredikatUnit.Status.FINAL
    )
    with pytest.raises(ValidationError) as e:
        predikat_sesuaikan(actor=org.bkd, evaluasi=ev, predikat=B, alasan="x")
    assert "predikat" in e.value.message_dict


def test_sesuaikan_row_without_matrix_predikat_and_unit(org, periode):
    ev = nilai(periode, org.pegawai, SB, predikat_matriks="", unit_kerja=None)
    predikat_sesuaikan(actor=org.bkd, evaluasi=ev, predikat=B, alasan="impor lama")
    ev.refresh_from_db()
    assert (ev.predikat, ev.predikat_matriks) == (B, SB)


def test_sesuaikan_leader_row_not_blocked_by_own_final_unit(org, periode):
    """The head of the seksi counts for the bidang, not the seksi: a final seksi does not block."""
    ev = nilai(periode, org.atasan, SB)
    PredikatUnit.objects.create(
        periode=periode, unit_kerja=org.seksi, predikat_organisasi=BAIK, status=PredikatUnit.Status.FINAL
    )
    bidang = PredikatUnit.objects.create(periode=periode, unit_kerja=org.bidang, predikat_organisasi=ISTIMEWA)
    predikat_sesuaikan(actor=org.kepala_bidang.user, evaluasi=ev, predikat=B, alasan="x")
    bidang.refresh_from_db()
    assert bidang.diperiksa_pada is not None


# ---------------------------------------------------------------------------------------------
# predikat_unit_finalisasi


def test_finalisasi_blocked_while_broken_then_allowed_after_adjusting(org):
    extra = staf_tambahan(org, 1)
    periode = periode_buka(org)
    nilai_banyak(periode, [(org.pegawai, B), (org.rekan, B), (org.atasan, SB)])
    pu = predikat_unit_tetapkan(
        actor=org.kepala_bidang.user, periode=periode, unit_kerja=org.seksi, predikat_organisasi=BAIK
    )
    with pytest.raises(ValidationError) as e:
        predikat_unit_finalisasi(actor=org.kepala_bidang.user, predikat_unit=pu)
    pesan = e.value.message_dict["status"][0]
    assert "paling banyak 70% Baik" in pesan
    assert "paling sedikit satu Butuh Perbaikan atau Kurang" in pesan
    pu.refresh_from_db()
    assert pu.status == PredikatUnit.Status.DRAF
    assert len(pu.pelanggaran) == 2
    # the pejabat penilai adjusts one staff predikat with a reason
    ev = EvaluasiKinerja.objects.get(periode=periode, pegawai=org.rekan)
    predikat_sesuaikan(actor=org.atasan.user, evaluasi=ev, predikat=BP, alasan="Dua RHK utama tidak tercapai.")
    pu.refresh_from_db()
    assert pu.pelanggaran == []
    out = predikat_unit_finalisasi(actor=org.kepala_bidang.user, predikat_unit=pu)
    assert out.status == PredikatUnit.Status.FINAL
    assert out.difinalisasi_oleh == org.kepala_bidang.user
    pu.refresh_from_db()
    assert pu.status == PredikatUnit.Status.FINAL
    assert pu.difinalisasi_pada is not None
    status = dict(EvaluasiKinerja.objects.filter(periode=periode).values_list("pegawai_id", "status"))
    assert status[org.pegawai.pk] == status[org.rekan.pk] == "final"
    assert status[extra[0].pk] == "belum_dinilai"  # unrated: does not block, stays as it is
    assert status[org.atasan.pk] == "dinilai"  # the seksi's own head is not its staff
    audit = AuditLog.objects.filter(content_type__model="predikatunit", object_id=pu.pk).order_by("-id").first()
    assert audit.perubahan == {"status": {"lama": "draf", "baru": "final"}, "evaluasi_final": 2}
    with pytest.raises(ValidationError) as e:
        predikat_unit_finalisasi(actor=org.bkd, predikat_unit=pu)
    assert "status" in e.value.message_dict


def test_finalisasi_permissions(org, periode):
    pu = PredikatUnit.objects.create(periode=periode, unit_kerja=org.seksi, predikat_organisasi=BAIK)
    for user in (org.atasan.user, org.pimpinan, org.other_bkd, org.kepala_dinas.user):
        with pytest.raises(PermissionDenied):
            predikat_unit_finalisasi(actor=user, predikat_unit=pu)
    assert predikat_unit_finalisasi(actor=org.bkd, predikat_unit=pu).status == PredikatUnit.Status.FINAL


@pytest.mark.django_db(transaction=True)
def test_finalisasi_waits_for_a_concurrent_finalise(org):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    periode = periode_buka(org)
    nilai_banyak(periode, [(org.pegawai, B), (org.rekan, BP)])
    pu = PredikatUnit.objects.create(periode=periode, unit_kerja=org.seksi, predikat_organisasi=BAIK)
    hasil: dict[str, object] = {}

    def kedua() -> None:
        try:
            predikat_unit_finalisasi(actor=org.bkd, predikat_unit=PredikatUnit.objects.get(pk=pu.pk))
            hasil["kedua"] = "final"
        except ValidationError as e:
            hasil["kedua"] = e.message_dict
        finally:
            connection.close()

    with transaction.atomic():
        # a first finalise holds the row
        PredikatUnit.objects.select_for_update().get(pk=pu.pk)
        t = threading.Thread(target=kedua)
        t.start()
        time.sleep(0.5)
        assert t.is_alive()  # waiting on the lock
        PredikatUnit.objects.filter(pk=pu.pk).update(status=PredikatUnit.Status.FINAL)
    t.join(10)
    assert "status" in hasil["kedua"]  # type: ignore[operator]
    assert AuditLog.objects.filter(content_type__model="predikatunit", object_id=pu.pk, aksi="update").count() == 0


def test_calibration_scope_of_anonymous_and_non_leaders(org):
    from django.contrib.auth.models import AnonymousUser

    from pegawai.models import UnitKerja
    from penilaian.selectors.kalibrasi import unit_kalibrasi_q

    assert not UnitKerja.objects.filter(unit_kalibrasi_q(AnonymousUser())).exists()
    assert not UnitKerja.objects.filter(unit_kalibrasi_q(org.pegawai.user)).exists()
    assert list(UnitKerja.objects.filter(unit_kalibrasi_q(org.atasan.user))) == [org.seksi]
