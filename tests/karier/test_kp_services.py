"""KP proposals through the database: the yearly run proposes the eligible of the next KP date
with the rule behind each, reruns update in place, withdraw only within the same TMT, and an
approved proposal applied adds the pangkat to the history with its TMT."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from common.models import AuditLog
from common.policies import Kebijakan
from karier.models import Rekomendasi
from karier.services.kp import kp_usulkan, kp_usulkan_tanggal
from karier.services.rekomendasi import rekomendasi_putuskan, rekomendasi_terapkan
from pegawai.models import RiwayatPangkat
from tests.factories.pegawai import HukumanDisiplinFactory, golongan

from .test_kp_selectors import BAIK_2, KP, _pns, _predikat

D = datetime.date
KEBIJAKAN = Kebijakan()
PADA = D(2026, 3, 15)  # next KP date: 1 April 2026

pytestmark = pytest.mark.django_db


@pytest.fixture
def calon(org):
    ya = _pns(org, nama="Ayu Memenuhi")
    kurang = _pns(org, nama="Bima Kurang", tmt=D(2022, 4, 2))
    for p in (ya, kurang):
        _predikat(p, *BAIK_2)
    return ya, kurang


def test_yearly_run_proposes_the_eligible_of_the_next_kp_date(org, calon):
    ya, _kurang = calon
    hasil = kp_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=KEBIJAKAN, actor=org.bkd)
    assert (hasil.dibuat, hasil.diperbarui, hasil.dibatalkan) == (1, 0, 0)
    r = Rekomendasi.objects.get(instansi=org.instansi, jenis="kp")
    assert r.pegawai_id == ya.pk
    assert r.kunci == f"kp:{ya.pk}:2026-04-01"
    assert r.tmt == KP
    assert r.golongan_baru == golongan("II/d")
    assert r.tahun == 2025
    assert r.status == Rekomendasi.Status.DIUSULKAN
    assert r.diusulkan_oleh == org.bkd
    kode = [d["kode"] for d in r.dasar]
    assert kode[:3] == ["aturan", "golongan", "predikat"]
    assert r.dasar[2]["nilai"] == ["baik", "baik"]
    assert AuditLog.objects.filter(ringkasan__startswith="Usulan kenaikan pangkat 2026-04-01").exists()
    # a rerun updates in place
    again = kp_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=KEBIJAKAN)
    assert (again.dibuat, again.diperbarui) == (0, 1)
    assert Rekomendasi.objects.filter(jenis="kp").count() == 1


def test_rerun_withdraws_within_the_same_tmt_only(org, calon):
    ya, _kurang = calon
    kp_usulkan_tanggal(instansi=org.instansi, tanggal_kp=D(2026, 5, 1), kebijakan=KEBIJAKAN)
    kp_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=KEBIJAKAN)
    assert Rekomendasi.objects.filter(jenis="kp", status="diusulkan").count() == 3  # ya (Apr, May), kurang (May)
    # ya is no longer eligible on 1 April (a running hukdis sedang)
    HukumanDisiplinFactory(pegawai=ya, tmt_mulai=D(2026, 3, 1), tmt_selesai=D(2026, 4, 30))
    hasil = kp_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=KEBIJAKAN)
    assert hasil.dibatalkan == 1
    assert Rekomendasi.objects.get(kunci=f"kp:{ya.pk}:2026-04-01").status == Rekomendasi.Status.DIBATALKAN
    # the May proposals are left alone
    assert Rekomendasi.objects.get(kunci=f"kp:{ya.pk}:2026-05-01").status == Rekomendasi.Status.DIUSULKAN


def test_decided_proposals_are_left_as_the_committee_left_them(org, calon):
    ya, _ = calon
    kp_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=KEBIJAKAN)
    r = Rekomendasi.objects.get(pegawai=ya, jenis="kp")
    rekomendasi_putuskan(actor=org.pimpinan, rekomendasi=r, setuju=False, alasan="Berkas belum lengkap")
    hasil = kp_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=KEBIJAKAN)
    assert (hasil.dibuat, hasil.diperbarui, hasil.tetap) == (0, 0, 1)
    assert Rekomendasi.objects.get(pk=r.pk).status == Rekomendasi.Status.DITOLAK


def test_not_a_kp_date_is_refused_naming_the_field(org, calon):
    with pytest.raises(ValidationError) as e:
        kp_usulkan_tanggal(instansi=org.instansi, tanggal_kp=D(2026, 4, 2), kebijakan=KEBIJAKAN)
    assert "tanggal" in e.value.message_dict
    with pytest.raises(ValidationError):
        kp_usulkan_tanggal(
            instansi=org.instansi, tanggal_kp=D(2026, 3, 1), kebijakan=Kebijakan(bulan_periode_kp=(4, 10))
        )
    assert not Rekomendasi.objects.exists()


def test_end_to_end_propose_approve_apply_adds_the_pangkat_with_its_tmt(org, calon):
    ya, _ = calon
    kp_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=KEBIJAKAN, actor=org.bkd)
    r = Rekomendasi.objects.get(pegawai=ya, jenis="kp")
    r = rekomendasi_putuskan(actor=org.pimpinan, rekomendasi=r, setuju=True)
    rekomendasi_terapkan(actor=org.bkd, rekomendasi=r, nomor_sk="823.3/045/BKPSDM/2026")
    r.refresh_from_db()
    assert r.status == Rekomendasi.Status.DITERAPKAN
    assert r.tmt_penerapan == KP
    row = RiwayatPangkat.objects.get(pegawai=ya, golongan=golongan("II/d"))
    assert row.tmt == KP
    assert row.jenis == RiwayatPangkat.Jenis.REGULER
    assert row.nomor_sk == "823.3/045/BKPSDM/2026"
    ya.refresh_from_db()
    assert ya.golongan == golongan("II/d")
    assert ya.tmt_golongan == KP
    # now at II/d since 1 April 2026: no longer eligible, nothing new proposed
    hasil = kp_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=KEBIJAKAN)
    assert hasil.dibuat == 0
