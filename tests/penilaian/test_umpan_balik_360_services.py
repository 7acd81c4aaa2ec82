"""360 requests (who is asked, in which role, idempotent, single and bulk agree) and answers."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.models import Notifikasi
from pegawai.models import Pegawai
from penilaian.models import EvaluasiKinerja, JawabanUmpanBalik360, Periode, PermintaanUmpanBalik360
from penilaian.rules import PeranPenilai360
from penilaian.services.umpan_balik_360 import (
    jawaban_360_simpan,
    penilai_360_rencana,
    permintaan_360_buat,
    permintaan_360_buat_massal,
)
from tests.factories.penilaian import periode_tahun
from tests.penilaian._umpan_balik_360_helpers import (
    ASPEK,
    jawab,
    pelaksana_tambahan,
    periode_360,
    permintaan,
    skor,
)

pytestmark = pytest.mark.django_db

A, R, B, D = (
    PeranPenilai360.ATASAN,
    PeranPenilai360.REKAN,
    PeranPenilai360.BAWAHAN,
    PeranPenilai360.DIRI_SENDIRI,
)


def _peran(periode: Periode, dinilai: Pegawai) -> dict[int, str]:
    return dict(
        PermintaanUmpanBalik360.objects.filter(periode=periode, dinilai=dinilai).values_list("penilai_id", "peran")
    )


def test_kepala_seksi_is_rated_by_their_atasan_subordinates_and_themself(org):
    periode = periode_360(org)
    dibuat = permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.atasan)
    assert _peran(periode, org.atasan) == {
        org.kepala_bidang.pk: A,
        org.pegawai.pk: B,
        org.rekan.pk: B,
        org.atasan.pk: D,
    }
    assert len(dibuat) == 4


def test_pelaksana_is_rated_by_atasan_peers_and_themself(org):
    periode = periode_360(org)
    permintaan_360_buat(actor=org.pegawai.user, periode=periode, dinilai=org.pegawai)
    assert _peran(periode, org.pegawai) == {org.atasan.pk: A, org.rekan.pk: R, org.pegawai.pk: D}


def test_peers_are_limited_in_name_order_and_inactive_ones_skipped(org):
    periode = periode_360(org)
    extra = pelaksana_tambahan(org, "Zainal Abidin", "Bambang Purba", "Cut Nyak", "Dedi Tanjung", "Eka Putri")
    Pegawai.objects.filter(pk=extra[3].pk).update(status=Pegawai.Status.PENSIUN)
    permintaan_360_buat(actor=org.atasan.user, periode=periode, dinilai=org.pegawai, rekan_maks=3)
    rekan = sorted(
        PermintaanUmpanBalik360.objects.filter(periode=periode, dinilai=org.pegawai, peran=R).values_list(
            "penilai__nama", flat=True
        )
    )
    # by name: Andi Lubis, Bambang Purba, Cut Nyak (Dedi retired, Eka and Zainal beyond three)
    assert rekan == ["Andi Lubis", "Bambang Purba", "Cut Nyak"]


def test_atasan_comes_from_the_period_snapshot(org):
    periode = periode_360(org)
    # after the period opened, the pegawai's stored atasan changes: the snapshot still decides
    EvaluasiKinerja.objects.filter(periode=periode, pegawai=org.pegawai).update(pejabat_penilai=org.kepala_bidang)
    permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.pegawai)
    # peers are the active pegawai under the snapshot atasan: here the Kepala Seksi
    assert _peran(periode, org.pegawai) == {org.kepala_bidang.pk: A, org.atasan.pk: R, org.pegawai.pk: D}


def test_without_snapshot_the_stored_atasan_is_used(org):
    periode = periode_360(org)
    (baru,) = pelaksana_tambahan(org, "Fajar Sitompul")
    assert not EvaluasiKinerja.objects.filter(periode=periode, pegawai=baru).exists()
    permintaan_360_buat(actor=baru.user, periode=periode, dinilai=baru)
    assert _peran(periode, baru) == {org.atasan.pk: A, org.pegawai.pk: R, org.rekan.pk: R, baru.pk: D}


def test_requests_are_idempotent_and_notify_once(org):
    periode = periode_360(org)
    permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.pegawai)
    n_notif = Notifikasi.objects.count()
    assert n_notif == 3
    assert set(Notifikasi.objects.values_list("user_id", flat=True)) == {
        org.atasan.user_id,
        org.rekan.user_id,
        org.pegawai.user_id,
    }
    permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.pegawai)
    permintaan_360_buat_massal(actor=org.bkd, periode=periode)
    assert PermintaanUmpanBalik360.objects.filter(periode=periode, dinilai=org.pegawai).count() == 3
    # the second ask added nothing for pegawai; the bulk notified only the new requests
    kunci = list(Notifikasi.objects.values_list("kunci", flat=True))
    assert len(kunci) == len(set(kunci)) == PermintaanUmpanBalik360.objects.filter(penilai__user__isnull=False).count()


@pytest.mark.parametrize(
    ("persona", "boleh"),
    [
        ("bkd", True),
        ("pegawai", True),
        ("atasan", True),
        ("rekan", False),
        ("kepala_bidang", False),
        ("pimpinan", False),
        ("other_bkd", False),
        ("unrelated", False),
    ],
)
def test_who_may_ask_for_a_ratee(org, persona, boleh):
    periode = periode_360(org)
    obj = getattr(org, persona)
    actor = obj.user if isinstance(obj, Pegawai) else obj
    if boleh:
        assert permintaan_360_buat(actor=actor, periode=periode, dinilai=org.pegawai)
    else:
        with pytest.raises(PermissionDenied):
            permintaan_360_buat(actor=actor, periode=periode, dinilai=org.pegawai)


def test_ask_refuses_closed_period_other_instansi_and_inactive(org):
    periode = periode_360(org)
    with pytest.raises(ValidationError) as e:
        permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.other_pegawai)
    assert "dinilai" in e.value.message_dict
    Pegawai.objects.filter(pk=org.rekan.pk).update(status=Pegawai.Status.PENSIUN)
    org.rekan.refresh_from_db()
    with pytest.raises(ValidationError) as e:
        permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.rekan)
    assert "dinilai" in e.value.message_dict
    Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.DITUTUP)
    periode.refresh_from_db()
    with pytest.raises(ValidationError) as e:
        permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.pegawai)
    assert "periode" in e.value.message_dict
    with pytest.raises(ValidationError):
        permintaan_360_buat_massal(actor=org.bkd, periode=periode)


def test_bulk_equals_single_for_everyone(org):
    pelaksana_tambahan(org, "Bambang Purba", "Cut Nyak")
    berkala, tahunan = periode_tahun(org.instansi)
    hasil = permintaan_360_buat_massal(actor=org.bkd, periode=tahunan)
    aktif = list(Pegawai.objects.filter(instansi=org.instansi, status=Pegawai.Status.AKTIF))
    assert hasil.dinilai == len(aktif)
    assert hasil.permintaan_baru == PermintaanUmpanBalik360.objects.filter(periode=tahunan).count()
    for p in aktif:
        permintaan_360_buat(actor=org.bkd, periode=berkala[0], dinilai=p)
    pasangan = {
        periode.pk: set(
            PermintaanUmpanBalik360.objects.filter(periode=periode).values_list("dinilai_id", "penilai_id", "peran")
        )
        for periode in (tahunan, berkala[0])
    }
    assert pasangan[tahunan.pk] == pasangan[berkala[0].pk]
    assert (org.kepala_dinas.pk, org.kepala_dinas.pk, D) in pasangan[tahunan.pk]
    # the kepala bidang and the kepala puskesmas both report to the kepala dinas: peers
    assert (org.kepala_bidang.pk, org.kepala_puskesmas.pk, R) in pasangan[tahunan.pk]


def test_bulk_for_a_unit_subtree_only(org):
    periode = periode_360(org)
    hasil = permintaan_360_buat_massal(actor=org.bkd, periode=periode, unit_kerja=org.bidang)
    dinilai = set(PermintaanUmpanBalik360.objects.filter(periode=periode).values_list("dinilai_id", flat=True))
    assert dinilai == {org.kepala_bidang.pk, org.atasan.pk, org.pegawai.pk, org.rekan.pk}
    assert hasil.dinilai == 4
    other_unit = org.other_pegawai.unit_kerja
    with pytest.raises(ValidationError) as e:
        permintaan_360_buat_massal(actor=org.bkd, periode=periode, unit_kerja=other_unit)
    assert "unit_kerja" in e.value.message_dict
    for actor in (org.pegawai.user, org.pimpinan, org.other_bkd):
        with pytest.raises(PermissionDenied):
            permintaan_360_buat_massal(actor=actor, periode=periode)


def test_bulk_query_count_does_not_grow_with_pegawai(org):
    berkala, _tahunan = periode_tahun(org.instansi)
    with CaptureQueriesContext(connection) as kecil:
        permintaan_360_buat_massal(actor=org.bkd, periode=berkala[0])
    pelaksana_tambahan(org, "Bambang Purba", "Cut Nyak", "Dedi Tanjung", "Eka Putri", "Fajar Sitompul")
    with CaptureQueriesContext(connection) as besar:
        hasil = permintaan_360_buat_massal(actor=org.bkd, periode=berkala[1])
    assert hasil.dinilai == 12
    assert len(besar) == len(kecil)
    assert len(besar) <= 12


def test_rencana_is_pure_and_skips_inactive_atasan():
    rows = penilai_360_rencana(dinilai_id=1, atasan_id=9, aktif_per_atasan={9: [1, 2, 3], 1: [4]}, aktif={2, 3, 4})
    assert [(r.penilai_id, r.peran) for r in rows] == [(1, D), (4, B), (2, R), (3, R)]
    rows = penilai_360_rencana(dinilai_id=1, atasan_id=None, aktif_per_atasan={}, rekan_maks=0)
    assert [(r.penilai_id, r.peran) for r in rows] == [(1, D)]


# ---------------------------------------------------------------------------------------------
# answers


def test_answer_saves_all_seven_and_can_be_changed(org):
    periode = periode_360(org)
    permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.pegawai)
    p = jawab(periode, org.pegawai, org.rekan, [1, 2, 3, 4, 5, 4, 3], "Rajin")
    assert p.status == PermintaanUmpanBalik360.Status.DIJAWAB
    assert p.dijawab_pada is not None
    assert dict(JawabanUmpanBalik360.objects.filter(permintaan=p).values_list("aspek", "skor")) == dict(
        zip(ASPEK, [1, 2, 3, 4, 5, 4, 3], strict=True)
    )
    jawab(periode, org.pegawai, org.rekan, 5, "  Berubah  ")
    assert set(JawabanUmpanBalik360.objects.filter(permintaan=p).values_list("skor", "komentar")) == {(5, "Berubah")}
    assert JawabanUmpanBalik360.objects.filter(permintaan=p).count() == 7


@pytest.mark.parametrize(
    ("ubah", "aspek"),
    [
        (lambda j: j.pop("loyal"), "loyal"),
        (lambda j: j.update(adaptif=(0, "")), "adaptif"),
        (lambda j: j.update(harmonis=(6, "")), "harmonis"),
        (lambda j: j.update(kompeten=(3.5, "")), "kompeten"),
        (lambda j: j.update(akuntabel=("x", "")), "akuntabel"),
        (lambda j: j.update(kolaboratif=(True, "")), "kolaboratif"),
        (lambda j: j.update(kolaboratif=(4, "x" * 2001)), "kolaboratif"),
        (lambda j: j.update(jujur=(4, "")), "jujur"),
    ],
)
def test_answer_validation_names_the_aspect(org, ubah, aspek):
    periode = periode_360(org)
    permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.pegawai)
    p = permintaan(periode, org.pegawai, org.rekan)
    jawaban = skor(4)
    ubah(jawaban)
    with pytest.raises(ValidationError) as e:
        jawaban_360_simpan(actor=org.rekan.user, permintaan=p, jawaban=jawaban)
    assert aspek in e.value.message_dict
    assert not JawabanUmpanBalik360.objects.filter(permintaan=p).exists()
    p.refresh_from_db()
    assert p.status == PermintaanUmpanBalik360.Status.MENUNGGU


def test_answer_accepts_numeric_strings_and_bare_scores(org):
    periode = periode_360(org)
    permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.pegawai)
    p = permintaan(periode, org.pegawai, org.rekan)
    jawaban: dict = dict.fromkeys(ASPEK, " 3 ")
    jawaban_360_simpan(actor=org.rekan.user, permintaan=p, jawaban=jawaban)
    assert set(JawabanUmpanBalik360.objects.filter(permintaan=p).values_list("skor", "komentar")) == {(3, "")}


def test_only_the_rater_answers_and_not_after_close(org):
    periode = periode_360(org)
    permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.pegawai)
    p = permintaan(periode, org.pegawai, org.rekan)
    for actor in (org.pegawai.user, org.atasan.user, org.bkd):
        with pytest.raises(PermissionDenied):
            jawaban_360_simpan(actor=actor, permintaan=p, jawaban=skor(4))
    Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.DITUTUP)
    p = permintaan(periode, org.pegawai, org.rekan)
    with pytest.raises(ValidationError) as e:
        jawaban_360_simpan(actor=org.rekan.user, permintaan=p, jawaban=skor(4))
    assert "periode" in e.value.message_dict
