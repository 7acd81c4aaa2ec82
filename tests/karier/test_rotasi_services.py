"""Rotation proposals through the database: the round's proposals with target, JPM as the score
and the explanation; reruns update in place and withdraw what the round no longer proposes; an
approved proposal applied moves the pegawai."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from common.models import AuditLog
from common.policies import Kebijakan
from karier.models import Rekomendasi
from karier.services.rekomendasi import rekomendasi_putuskan, rekomendasi_terapkan
from karier.services.rotasi import rotasi_usulkan
from pegawai.models import RiwayatJabatan
from pegawai.rules import add_years
from tests.factories.pelatihan import asesmen_buat, standar_set

from .test_rotasi_selectors import jabatan, pegawai, unit

pytestmark = pytest.mark.django_db

PADA = datetime.date(2026, 4, 1)
KEBIJAKAN = Kebijakan()


@pytest.fixture
def ronde(org):
    a, b = unit(org, "A"), unit(org, "B")
    ja = jabatan(a, kebutuhan=10)
    pergi = pegawai(ja, add_years(PADA, -6))
    tinggal = pegawai(ja, add_years(PADA, -3))
    for _ in range(8):
        pegawai(ja, add_years(PADA, -1))
    jb = jabatan(b, nama="Pengelola Keuangan", kebutuhan=2)
    standar_set(jb, {"M1": 3})
    asesmen_buat(pergi, {"M1": 3})
    return pergi, tinggal, jb


def test_round_is_proposed_with_target_score_and_explanation(org, ronde):
    pergi, tinggal, jb = ronde
    hasil = rotasi_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=KEBIJAKAN, actor=org.bkd)
    assert hasil.dibuat == 1
    r = Rekomendasi.objects.get(instansi=org.instansi, jenis="rotasi")
    assert r.pegawai_id == pergi.pk
    assert r.kunci == f"rotasi:2025:{pergi.pk}"
    assert r.jabatan_tujuan == jb
    assert r.skor == Decimal("100.00")
    assert r.diusulkan_oleh == org.bkd
    assert [d["kode"] for d in r.dasar] == ["masa_jabatan", "kotak", "jpm", "kebutuhan_unit", "batas_unit"]
    assert not Rekomendasi.objects.filter(pegawai=tinggal).exists()
    assert AuditLog.objects.filter(ringkasan="Usulan rotasi 2025").exists()
    again = rotasi_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=KEBIJAKAN)
    assert (again.dibuat, again.diperbarui, again.dibatalkan) == (0, 1, 0)


def test_rerun_withdraws_what_the_round_no_longer_proposes(org, ronde):
    pergi, _tinggal, _jb = ronde
    rotasi_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=KEBIJAKAN)
    # with the share at 0% nobody may leave
    nol = Kebijakan(rotasi_porsi_maksimal_unit=Decimal("0"))
    hasil = rotasi_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=nol)
    assert (hasil.dibuat, hasil.dibatalkan) == (0, 1)
    assert Rekomendasi.objects.get(pegawai=pergi).status == Rekomendasi.Status.DIBATALKAN


def test_end_to_end_apply_moves_the_pegawai(org, ronde):
    pergi, _tinggal, jb = ronde
    rotasi_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=KEBIJAKAN)
    r = Rekomendasi.objects.get(pegawai=pergi, jenis="rotasi")
    r = rekomendasi_putuskan(actor=org.pimpinan, rekomendasi=r, setuju=True)
    rekomendasi_terapkan(actor=org.bkd, rekomendasi=r, tmt=PADA)
    pergi.refresh_from_db()
    assert pergi.jabatan == jb
    assert pergi.unit_kerja == jb.unit_kerja
    assert pergi.tmt_jabatan == PADA
    assert RiwayatJabatan.objects.filter(pegawai=pergi, jabatan=jb, tmt=PADA).exists()
    # moved today: no longer in the window
    rotasi_usulkan(instansi=org.instansi, tahun=2026, pada=PADA, kebijakan=KEBIJAKAN)
    assert not Rekomendasi.objects.filter(pegawai=pergi, tahun=2026).exists()
