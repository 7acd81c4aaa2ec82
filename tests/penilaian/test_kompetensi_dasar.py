"""The shared set-based reads of assessment data (penilaian.selectors.kompetensi_dasar): the latest
level per kompetensi across assessments, the standard of jabatan, the latest potensi score with a
value, and the annual and the latest predikat."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from penilaian.models import EvaluasiKinerja, MetodeAsesmen
from penilaian.selectors.kompetensi_dasar import (
    level_kompetensi_map,
    potensi_map,
    predikat_tahunan_map,
    predikat_terakhir_map,
    standar_map,
)
from tests.factories.pelatihan import asesmen_buat, kompetensi, standar_set
from tests.factories.penilaian import TAHUN, periode_tahun

pytestmark = pytest.mark.django_db


def test_level_map_latest_per_kompetensi(org, django_assert_max_num_queries) -> None:
    m1, m2, m3 = kompetensi("M1"), kompetensi("M2"), kompetensi("M3")
    asesmen_buat(org.pegawai, {"M1": 2, "M2": 4}, tanggal=datetime.date(2024, 5, 1))
    # a later assessment of M1 and M3 only: M2 keeps its older level
    asesmen_buat(org.pegawai, {"M1": 3, "M3": 1}, tanggal=datetime.date(2025, 5, 1), metode=MetodeAsesmen.CACT)
    asesmen_buat(org.rekan, {"M1": 5}, tanggal=datetime.date(2023, 1, 1))
    with django_assert_max_num_queries(1):
        out = level_kompetensi_map([org.pegawai.pk, org.rekan.pk, org.unrelated.pk])
    assert out == {
        org.pegawai.pk: {
            m1.pk: (3, datetime.date(2025, 5, 1)),
            m2.pk: (4, datetime.date(2024, 5, 1)),
            m3.pk: (1, datetime.date(2025, 5, 1)),
        },
        org.rekan.pk: {m1.pk: (5, datetime.date(2023, 1, 1))},
    }
    assert level_kompetensi_map([]) == {}


def test_standar_map(org) -> None:
    standar_set(org.jabatan_pelaksana, {"M1": 3, "SK1": 2})
    standar_set(org.jabatan_kasi, {"M2": 4})
    out = standar_map([org.jabatan_pelaksana.pk, org.jabatan_kasi.pk, org.jabatan_kadis.pk])
    assert out == {
        org.jabatan_pelaksana.pk: {kompetensi("M1").pk: 3, kompetensi("SK1").pk: 2},
        org.jabatan_kasi.pk: {kompetensi("M2").pk: 4},
    }
    assert standar_map([]) == {}


def test_potensi_map_latest_with_a_score(org) -> None:
    asesmen_buat(org.pegawai, {}, tanggal=datetime.date(2024, 1, 1), skor_potensi=Decimal("81.50"))
    asesmen_buat(org.pegawai, {"M1": 3}, tanggal=datetime.date(2025, 1, 1))  # newer, no score: ignored
    asesmen_buat(org.rekan, {}, tanggal=datetime.date(2023, 1, 1), skor_potensi=Decimal("70"))
    asesmen_buat(org.rekan, {}, tanggal=datetime.date(2024, 1, 1), skor_potensi=Decimal("92"))
    asesmen_buat(org.other_pegawai, {}, skor_potensi=Decimal("99"))
    assert potensi_map(instansi_id=org.instansi.pk) == {org.pegawai.pk: Decimal("81.50"), org.rekan.pk: Decimal("92")}
    assert potensi_map(instansi_id=org.instansi.pk, pegawai_ids=[org.rekan.pk]) == {org.rekan.pk: Decimal("92")}


def _nilai(periode, pegawai, predikat: str) -> None:
    EvaluasiKinerja.objects.filter(periode=periode, pegawai=pegawai).update(
        rating_hasil_kerja="sesuai", rating_perilaku="sesuai", predikat=predikat
    )


def test_predikat_maps(org) -> None:
    berkala, tahunan = periode_tahun(org.instansi)
    _nilai(tahunan, org.pegawai, "baik")
    _nilai(tahunan, org.rekan, "sangat_baik")
    _nilai(berkala[0], org.pegawai, "butuh_perbaikan")
    _nilai(berkala[1], org.atasan, "kurang")
    out = predikat_tahunan_map(instansi_id=org.instansi.pk, tahun=TAHUN)
    assert out == {org.pegawai.pk: "baik", org.rekan.pk: "sangat_baik"}
    assert predikat_tahunan_map(instansi_id=org.instansi.pk, tahun=TAHUN, pegawai_ids=[org.rekan.pk]) == {
        org.rekan.pk: "sangat_baik"
    }
    assert predikat_tahunan_map(instansi_id=org.instansi.pk, tahun=TAHUN - 1) == {}

    terakhir = predikat_terakhir_map(instansi_id=org.instansi.pk, sejak=datetime.date(TAHUN, 1, 1))
    # the annual period ends last: it wins over the periodic one of the pegawai
    assert terakhir[org.pegawai.pk][0] == "baik"
    assert terakhir[org.atasan.pk][0] == "kurang"
    ev = EvaluasiKinerja.objects.get(periode=berkala[1], pegawai=org.atasan)
    assert terakhir[org.atasan.pk][1] == ev.pk
    only = predikat_terakhir_map(
        instansi_id=org.instansi.pk, sejak=datetime.date(TAHUN, 1, 1), pegawai_ids=[org.atasan.pk]
    )
    assert set(only) == {org.atasan.pk}
    # periods that ended before ``sejak`` are ignored
    assert predikat_terakhir_map(instansi_id=org.instansi.pk, sejak=datetime.date(TAHUN + 1, 1, 1)) == {}
