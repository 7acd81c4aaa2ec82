"""Mentoring candidates, the pairing run and the life of a pair, on real data."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from common.models import Notifikasi
from pegawai.models import Instansi, Pegawai
from pelatihan.models import PasanganMentoring, PenjodohanMentoring, SesiMentoring
from pelatihan.selectors import mentoring as mentoring_selectors
from pelatihan.selectors.dasar import jp_tahun_map
from pelatihan.selectors.mentoring import kandidat_get, tanggal_acuan
from pelatihan.services.mentoring import (
    pasangan_buat,
    pasangan_konfirmasi,
    pasangan_rencana_simpan,
    pasangan_selesai,
    pasangan_tolak,
    pasangan_umpan_balik,
    penjodohan_jalankan,
    penjodohan_proses,
    sesi_catat,
)
from penilaian.rules import Predikat
from tests.conftest import Organisasi
from tests.factories.pelatihan import asesmen_buat
from tests.pelatihan._mentoring_helpers import TAHUN, login, pasangan_buat_langsung, predikat_set, skenario

PADA = datetime.date(TAHUN, 6, 1)


def _kebijakan(instansi: Instansi, **nilai: object) -> None:
    instansi.kebijakan_data = {**instansi.kebijakan_data, **nilai}
    instansi.save(update_fields=["kebijakan_data"])


def test_tanggal_acuan_stays_within_the_year() -> None:
    assert tanggal_acuan(2026, datetime.date(2027, 3, 1)) == datetime.date(2026, 12, 31)
    assert tanggal_acuan(2026, datetime.date(2025, 3, 1)) == datetime.date(2026, 1, 1)
    assert tanggal_acuan(2026, datetime.date(2026, 3, 1)) == datetime.date(2026, 3, 1)


def test_candidates_for_each_reason(org: Organisasi) -> None:
    skenario(org)
    Pegawai.objects.filter(pk=org.kepala_bidang.pk).update(tmt_jabatan=datetime.date(TAHUN - 1, 9, 1))
    Pegawai.objects.filter(pk=org.other_pegawai.pk).update(tmt_cpns=datetime.date(TAHUN - 1, 1, 2))
    kandidat = kandidat_get(instansi=org.instansi, tahun=TAHUN, pada=PADA)
    assert kandidat.mentee == {
        org.pegawai.pk: {"alasan": ["baru_cpns"]},
        org.kepala_bidang.pk: {"alasan": ["baru_jabatan"]},
        org.rekan.pk: {"alasan": ["predikat"], "predikat": "butuh_perbaikan"},
        org.unrelated.pk: {"alasan": ["kotak"], "kotak": 5},
    }
    # Baik or better in the last two years with one; kepala_bidang is a mentee, kepala_dinas had BP
    assert kandidat.mentor == {org.atasan.pk: 3, org.kepala_puskesmas.pk: 3}


def test_new_is_judged_on_the_policy_years(org: Organisasi) -> None:
    skenario(org)
    _kebijakan(org.instansi, mentee_masa_baru_tahun=1)
    Pegawai.objects.filter(pk=org.pegawai.pk).update(tmt_jabatan=datetime.date(2020, 1, 1))
    # TMT CPNS 1 June 2025 is exactly one year before 1 June 2026: no longer new
    assert org.pegawai.pk not in kandidat_get(instansi=org.instansi, tahun=TAHUN, pada=PADA).mentee
    # 29 February: one year back is 28 February
    kandidat = kandidat_get(instansi=org.instansi, tahun=2028, pada=datetime.date(2028, 2, 29))
    assert org.pegawai.pk not in kandidat.mentee


def test_pairing_run_golden_and_rerun_replaces_proposals(org: Organisasi, monkeypatch: pytest.MonkeyPatch) -> None:
    skenario(org)
    run = penjodohan_jalankan(actor=org.bkd, instansi=org.instansi, tahun=TAHUN)
    assert run.status == PenjodohanMentoring.Status.SELESAI
    assert run.progres == 100
    pairs = {
        (p.mentee_id, p.mentor_id): p.skor
        for p in PasanganMentoring.objects.filter(tahun=TAHUN, status=PasanganMentoring.Status.USULAN)
    }
    # atasan → pegawai: 1 + 10 × (4 − 1 in M1) + 5 same seksi + 4 golongan steps (capped) + 2 pengawas > pelaksana
    # atasan → rekan (never assessed: M1 at 0): 1 + 10 × 4 + 5 + 4 + 2 = 52
    # kepala_puskesmas → unrelated: 1 + 5 same puskesmas + 3 (III/a → III/d) + 2 = 11
    assert pairs == {
        (org.pegawai.pk, org.atasan.pk): Decimal("42.00"),
        (org.rekan.pk, org.atasan.pk): Decimal("52.00"),
        (org.unrelated.pk, org.kepala_puskesmas.pk): Decimal("11.00"),
    }
    assert run.hasil["kandidat_mentee"] == 3
    assert run.hasil["kandidat_mentor"] == 2
    assert run.hasil["total_skor"] == 105
    alasan = PasanganMentoring.objects.get(mentee=org.pegawai).alasan
    assert alasan["mentee"] == ["baru_cpns"]
    assert alasan["kekuatan"] == [{"kompetensi": "Integritas", "selisih": 3}]
    assert alasan["komponen"] == {"dasar": 1, "kekuatan": 30, "satu_unit": 5, "golongan": 4, "jabatan": 2}

    # capacity 1: atasan → rekan (52) + kepala_puskesmas → unrelated (11) = 63 beats
    # atasan → pegawai (42) + kepala_puskesmas → unrelated (11) or → rekan (7); the previous
    # proposals are replaced, not added to
    _kebijakan(org.instansi, kapasitas_mentor=1)
    org.instansi.refresh_from_db()
    # the input read as for a large instansi (every active pegawai in one query): same result
    monkeypatch.setattr(mentoring_selectors, "SEDIKIT", 0)
    kedua = penjodohan_jalankan(actor=org.bkd, instansi=org.instansi, tahun=TAHUN)
    assert kedua.hasil["usulan_diganti"] == 3
    assert kedua.hasil["total_skor"] == 63
    assert set(PasanganMentoring.objects.values_list("mentee_id", "mentor_id")) == {
        (org.rekan.pk, org.atasan.pk),
        (org.unrelated.pk, org.kepala_puskesmas.pk),
    }
    # a claimed run is not run twice
    assert penjodohan_proses(penjodohan_id=kedua.pk).hasil == kedua.hasil


def test_pairing_run_rules(org: Organisasi, django_capture_on_commit_callbacks) -> None:
    with pytest.raises(PermissionDenied):
        penjodohan_jalankan(actor=org.pimpinan, instansi=org.instansi, tahun=TAHUN)
    with pytest.raises(PermissionDenied):
        penjodohan_jalankan(actor=org.other_bkd, instansi=org.instansi, tahun=TAHUN)
    with pytest.raises(ValidationError) as e:
        penjodohan_jalankan(actor=org.bkd, instansi=org.instansi, tahun=1999)
    assert "tahun" in e.value.message_dict
    # a large instansi runs as a task after commit (eager here); while it runs, no second start
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = penjodohan_jalankan(actor=org.bkd, instansi=org.instansi, tahun=TAHUN, sinkron=False)
    assert run.status == PenjodohanMentoring.Status.BERJALAN
    assert len(callbacks) == 1
    with pytest.raises(ValidationError):
        penjodohan_jalankan(actor=org.bkd, instansi=org.instansi, tahun=TAHUN)
    callbacks[0]()
    run.refresh_from_db()
    assert run.status == PenjodohanMentoring.Status.SELESAI
    assert run.hasil["pasangan"] == 0


def test_failed_run_records_the_error(org: Organisasi, monkeypatch: pytest.MonkeyPatch) -> None:
    from pelatihan.services import mentoring

    def rusak(*args: object, **kwargs: object) -> None:
        raise RuntimeError("solver rusak")

    monkeypatch.setattr(mentoring, "jodohkan", rusak)
    run = PenjodohanMentoring.objects.create(instansi=org.instansi, tahun=TAHUN)
    with pytest.raises(RuntimeError):
        penjodohan_proses(penjodohan_id=run.pk)
    run.refresh_from_db()
    assert run.status == PenjodohanMentoring.Status.GAGAL
    assert run.galat == "solver rusak"


def test_confirm_notifies_and_rechecks_capacity(org: Organisasi) -> None:
    skenario(org)
    penjodohan_jalankan(actor=org.bkd, instansi=org.instansi, tahun=TAHUN)
    _kebijakan(org.instansi, kapasitas_mentor=1)
    satu = PasanganMentoring.objects.get(mentee=org.pegawai)
    dua = PasanganMentoring.objects.get(mentee=org.rekan)
    with pytest.raises(PermissionDenied):
        pasangan_konfirmasi(actor=org.pimpinan, pasangan=satu)
    satu = pasangan_konfirmasi(actor=org.bkd, pasangan=satu)
    assert satu.status == PasanganMentoring.Status.AKTIF
    assert satu.jpm_awal == Decimal("33.33")  # M1 1 of 3
    assert satu.dikonfirmasi_oleh == org.bkd
    # mentor (= the mentee's atasan) and mentee, once each
    assert set(Notifikasi.objects.values_list("user_id", flat=True)) == {org.atasan.user_id, org.pegawai.user_id}
    with pytest.raises(ValidationError) as e:
        pasangan_konfirmasi(actor=org.bkd, pasangan=dua)
    assert "mentor" in e.value.message_dict
    assert PasanganMentoring.objects.get(pk=dua.pk).status == PasanganMentoring.Status.USULAN
    with pytest.raises(ValidationError):
        pasangan_konfirmasi(actor=org.bkd, pasangan=satu)
    ditolak = pasangan_tolak(actor=org.bkd, pasangan=dua)
    assert ditolak.status == PasanganMentoring.Status.DIBATALKAN
    # the rejection reaches the mentee's atasan (here also the mentor) and the mentee
    assert Notifikasi.objects.filter(user=login(org.rekan)).count() == 1
    with pytest.raises(ValidationError):
        pasangan_tolak(actor=org.bkd, pasangan=dua)


def test_pair_by_hand_checks_the_same_rules(org: Organisasi) -> None:
    skenario(org)
    with pytest.raises(ValidationError) as e:  # rekan (II/b pelaksana) is not senior to pegawai (II/c)
        pasangan_buat(actor=org.bkd, instansi=org.instansi, tahun=TAHUN, mentor=org.rekan, mentee=org.pegawai)
    assert "mentor" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        pasangan_buat(actor=org.bkd, instansi=org.instansi, tahun=TAHUN, mentor=org.pegawai, mentee=org.pegawai)
    assert "mentor" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        pasangan_buat(actor=org.bkd, instansi=org.instansi, tahun=TAHUN, mentor=org.other_pegawai, mentee=org.pegawai)
    assert "mentor" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        pasangan_buat(
            actor=org.bkd, instansi=org.instansi, tahun=TAHUN, mentor=org.atasan, mentee=org.pegawai, jenis="x"
        )
    assert "jenis" in e.value.message_dict
    Pegawai.objects.filter(pk=org.rekan.pk).update(status=Pegawai.Status.PENSIUN)
    org.rekan.refresh_from_db()
    with pytest.raises(ValidationError):
        pasangan_buat(actor=org.bkd, instansi=org.instansi, tahun=TAHUN, mentor=org.atasan, mentee=org.rekan)
    pasangan = pasangan_buat(
        actor=org.bkd, instansi=org.instansi, tahun=TAHUN, mentor=org.atasan, mentee=org.pegawai, jenis="coaching"
    )
    assert pasangan.status == PasanganMentoring.Status.AKTIF
    assert pasangan.skor == Decimal("42")
    assert pasangan.alasan["manual"] is True
    with pytest.raises(ValidationError) as e:
        pasangan_buat(
            actor=org.bkd, instansi=org.instansi, tahun=TAHUN, mentor=org.kepala_puskesmas, mentee=org.pegawai
        )
    assert "mentee" in e.value.message_dict


def test_sessions_give_jp_in_the_ledger(org: Organisasi) -> None:
    pasangan = pasangan_buat_langsung(org)
    hari = datetime.date(TAHUN, 3, 10)
    sesi = sesi_catat(actor=login(org.kepala_bidang), pasangan=pasangan, tanggal=hari, durasi_menit=90, topik="SKP")
    assert sesi.jp == Decimal("2.00")
    sesi_catat(actor=org.bkd, pasangan=pasangan, tanggal=hari, durasi_menit=50, topik=" Arsip ", catatan=" ok ")
    assert jp_tahun_map(instansi_id=org.instansi.pk, tahun=TAHUN) == {org.pegawai.pk: Decimal("3.11")}
    assert SesiMentoring.objects.get(topik="Arsip").catatan == "ok"
    with pytest.raises(PermissionDenied):  # the mentee does not record sessions
        sesi_catat(actor=login(org.pegawai), pasangan=pasangan, tanggal=hari, durasi_menit=60, topik="x")
    with pytest.raises(ValidationError) as e:
        sesi_catat(
            actor=org.bkd,
            pasangan=pasangan,
            tanggal=timezone.localdate() + datetime.timedelta(days=1),
            durasi_menit=0,
            topik=" ",
        )
    assert set(e.value.message_dict) == {"tanggal", "durasi_menit", "topik"}
    with pytest.raises(ValidationError) as e:
        sesi_catat(
            actor=org.bkd, pasangan=pasangan, tanggal=datetime.date(TAHUN - 1, 5, 1), durasi_menit=601, topik="x" * 201
        )
    assert set(e.value.message_dict) == {"tanggal", "durasi_menit", "topik"}
    usulan = pasangan_buat_langsung(org, mentee=org.rekan, status=PasanganMentoring.Status.USULAN)
    with pytest.raises(ValidationError) as e:
        sesi_catat(actor=org.bkd, pasangan=usulan, tanggal=hari, durasi_menit=60, topik="x")
    assert "pasangan" in e.value.message_dict
    assert SesiMentoring.objects.count() == 2


def test_plan_feedback_and_outcome(org: Organisasi) -> None:
    skenario(org)
    pasangan = pasangan_buat(actor=org.bkd, instansi=org.instansi, tahun=TAHUN, mentor=org.atasan, mentee=org.pegawai)
    mentor, mentee = login(org.atasan), login(org.pegawai)
    assert pasangan_rencana_simpan(actor=mentor, pasangan=pasangan, tujuan=" Menguasai SKP ").tujuan == "Menguasai SKP"
    with pytest.raises(ValidationError) as e:
        pasangan_rencana_simpan(actor=org.bkd, pasangan=pasangan, tujuan="  ")
    assert "tujuan" in e.value.message_dict
    with pytest.raises(PermissionDenied):
        pasangan_rencana_simpan(actor=mentee, pasangan=pasangan, tujuan="x")
    with pytest.raises(PermissionDenied):
        pasangan_umpan_balik(actor=mentor, pasangan=pasangan, nilai=5)
    with pytest.raises(ValidationError) as e:
        pasangan_umpan_balik(actor=mentee, pasangan=pasangan, nilai=6)
    assert "nilai" in e.value.message_dict
    pasangan = pasangan_umpan_balik(actor=mentee, pasangan=pasangan, nilai=4, umpan_balik=" Membantu ")
    assert (pasangan.nilai_umpan_balik, pasangan.umpan_balik_mentee) == (4, "Membantu")
    with pytest.raises(ValidationError) as e:
        pasangan_selesai(actor=mentor, pasangan=pasangan, hasil=" ")
    assert "hasil" in e.value.message_dict
    # no assessment since the pair began: no JPM at the end yet
    tanpa = pasangan_selesai(actor=mentor, pasangan=pasangan, hasil="Tuntas")
    assert tanpa.status == PasanganMentoring.Status.SELESAI
    assert tanpa.jpm_akhir is None
    with pytest.raises(ValidationError):
        pasangan_selesai(actor=mentor, pasangan=pasangan, hasil="lagi")
    with pytest.raises(ValidationError):
        pasangan_rencana_simpan(actor=mentor, pasangan=pasangan, tujuan="x")
    # feedback is still possible on a finished pair
    assert pasangan_umpan_balik(actor=mentee, pasangan=pasangan, nilai=5).nilai_umpan_balik == 5

    # the next assessment after the confirmation gives the JPM at the end
    kedua = pasangan_buat(actor=org.bkd, instansi=org.instansi, tahun=TAHUN, mentor=org.atasan, mentee=org.rekan)
    PasanganMentoring.objects.filter(pk=kedua.pk).update(dikonfirmasi_pada=timezone.now() - datetime.timedelta(days=30))
    kedua.refresh_from_db()
    asesmen_buat(org.rekan, {"M1": 2}, tanggal=timezone.localdate())
    selesai = pasangan_selesai(actor=org.bkd, pasangan=kedua, hasil="Naik satu level")
    assert kedua.jpm_awal == Decimal("0.00")  # never assessed at the start: M1 counts 0 of 3
    assert selesai.jpm_akhir == Decimal("66.67")
    dibatalkan = pasangan_buat_langsung(org, mentee=org.unrelated, status=PasanganMentoring.Status.DIBATALKAN)
    with pytest.raises(ValidationError) as e:
        pasangan_umpan_balik(actor=login(org.unrelated), pasangan=dibatalkan, nilai=3)
    assert "pasangan" in e.value.message_dict


def test_candidates_edges(org: Organisasi) -> None:
    skenario(org)
    # an inactive pegawai with 9-box data is no candidate; box 9 (Sangat Baik, potensi 95) needs no mentor
    Pegawai.objects.filter(pk=org.unrelated.pk).update(status=Pegawai.Status.PENSIUN)
    predikat_set(org.kepala_bidang, TAHUN - 2, Predikat.SANGAT_BAIK)
    asesmen_buat(org.kepala_bidang, {"M2": 4}, skor_potensi=Decimal("95"))
    # a mentor whose slots are taken by active pairs is no mentor candidate
    _kebijakan(org.instansi, kapasitas_mentor=1)
    org.instansi.refresh_from_db()
    pasangan_buat_langsung(org, mentor=org.kepala_puskesmas, mentee=org.rekan)
    kandidat = kandidat_get(instansi=org.instansi, tahun=TAHUN, pada=PADA)
    assert set(kandidat.mentee) == {org.pegawai.pk, org.rekan.pk}
    assert kandidat.mentor == {org.atasan.pk: 1, org.kepala_bidang.pk: 1}


def test_selectors_for_users_without_a_pegawai(org: Organisasi) -> None:
    from django.contrib.auth.models import AnonymousUser

    from pegawai.models import User
    from pelatihan.selectors.mentoring import pasangan_list_for_user, pasangan_saya, pasangan_tim_for_user

    pasangan_buat_langsung(org)
    tanpa = User.objects.create(username="tanpa.pegawai", instansi=org.instansi, peran=User.Peran.PEGAWAI)
    assert not pasangan_list_for_user(user=tanpa).exists()
    assert not pasangan_list_for_user(user=AnonymousUser()).exists()  # type: ignore[arg-type]
    assert not pasangan_tim_for_user(user=tanpa).exists()
    assert not pasangan_saya(user=tanpa).exists()


def test_pair_of_a_mentee_without_jabatan_or_atasan(org: Organisasi) -> None:
    skenario(org)
    Pegawai.objects.filter(pk=org.rekan.pk).update(jabatan=None, tmt_jabatan=None, atasan=None)
    org.rekan.refresh_from_db()
    pasangan = pasangan_buat(actor=org.bkd, instansi=org.instansi, tahun=TAHUN, mentor=org.atasan, mentee=org.rekan)
    assert pasangan.jpm_awal is None
    # only the mentor and the mentee are told
    assert set(Notifikasi.objects.values_list("user_id", flat=True)) == {org.atasan.user_id, org.rekan.user_id}
