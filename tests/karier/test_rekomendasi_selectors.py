"""Recommendation reads: scoping, every filter (the unit by object or id), counts per kind and
status in one query, the steps of each status, the rule texts and the yearly run's default year."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from karier.models import JenisPenghargaan, JenisRekomendasi, Rekomendasi
from karier.selectors.rekomendasi import (
    aturan,
    rekomendasi_detail_for_user,
    rekomendasi_hitung,
    rekomendasi_langkah,
    rekomendasi_list_for_user,
    tahun_tahunan_terakhir,
)
from karier.services.rekomendasi import rekomendasi_putuskan, rekomendasi_terapkan
from tests.factories.karier import penempatan_buat, predikat_tahunan_set, rekomendasi_buat
from tests.factories.pegawai import golongan

pytestmark = pytest.mark.django_db

S = Rekomendasi.Status


@pytest.fixture
def rows(org):
    a = rekomendasi_buat(org.pegawai, golongan_baru=golongan("II/d"))
    b = rekomendasi_buat(org.unrelated, JenisRekomendasi.ROTASI, jabatan_tujuan=org.jabatan_pelaksana)
    c = rekomendasi_buat(org.atasan, JenisRekomendasi.KRS, tahun=2025, status=S.DITINJAU)
    d = rekomendasi_buat(org.other_pegawai, JenisRekomendasi.KRS)
    penempatan_buat(org.pegawai, 2026, 9)
    penempatan_buat(org.atasan, 2025, 9)
    return a, b, c, d


def _ids(qs) -> set[int]:  # type: ignore[no-untyped-def]
    return {r.pk for r in qs}


def test_scoping_and_filters(org, rows):
    a, b, c, d = rows
    assert _ids(rekomendasi_list_for_user(user=org.bkd)) == {a.pk, b.pk, c.pk}
    assert _ids(rekomendasi_list_for_user(user=org.pimpinan)) == {a.pk, b.pk, c.pk}
    assert _ids(rekomendasi_list_for_user(user=org.other_bkd)) == {d.pk}
    assert _ids(rekomendasi_list_for_user(user=org.pegawai.user)) == set()
    f = rekomendasi_list_for_user
    assert _ids(f(user=org.bkd, filters={"jenis": "krs"})) == {c.pk}
    assert _ids(f(user=org.bkd, filters={"status": "ditinjau"})) == {c.pk}
    assert _ids(f(user=org.bkd, filters={"tahun": 2026})) == {a.pk, b.pk}
    # the box of the recommendation's own year
    assert _ids(f(user=org.bkd, filters={"kotak": 9})) == {a.pk, c.pk}
    assert _ids(f(user=org.bkd, filters={"kotak": 9, "tahun": 2025})) == {c.pk}
    assert _ids(f(user=org.bkd, filters={"unit_kerja": org.bidang})) == {a.pk, c.pk}
    assert _ids(f(user=org.bkd, filters={"unit_kerja": org.puskesmas.pk})) == {b.pk}
    assert _ids(f(user=org.bkd, filters={"unit_kerja": org.dinas.pk})) == {a.pk, b.pk, c.pk}
    assert _ids(f(user=org.bkd, filters={"q": " yusuf "})) == {b.pk}
    assert _ids(f(user=org.bkd, filters={"q": org.atasan.nip[:8], "jenis": ""})) >= {c.pk}
    assert [r.kotak for r in f(user=org.bkd, filters={"jenis": "kp"})] == [9]


def test_counts_per_kind_and_status_in_one_query(org, rows, django_assert_num_queries):
    with django_assert_num_queries(1):
        h = rekomendasi_hitung(user=org.bkd)
    assert {j: n for j, _l, n in h.per_jenis} == {"kp": 1, "promosi": 0, "rotasi": 1, "krs": 1, "penghargaan": 0}
    assert {s: n for s, _l, n in h.per_status}["diusulkan"] == 2
    assert h.total == 3
    h = rekomendasi_hitung(user=org.bkd, filters={"status": "diusulkan", "jenis": "kp"})
    assert {j: n for j, _l, n in h.per_jenis}["krs"] == 0  # under the status filter
    assert {s: n for s, _l, n in h.per_status} == dict.fromkeys(S.values, 0) | {"diusulkan": 1}  # under the kind
    assert h.total == 1


def test_steps_of_each_status(org, rows):
    a, b, c, _d = rows
    rekomendasi_putuskan(actor=org.pimpinan, rekomendasi=b, setuju=False, alasan="Belum 2 tahun")
    b = rekomendasi_detail_for_user(user=org.bkd, rekomendasi_id=b.pk)
    assert [(s.label, s.oleh, s.catatan) for s in rekomendasi_langkah(b)] == [
        ("Diusulkan", None, ""),
        ("Ditinjau", org.pimpinan, ""),
        ("Ditolak", org.pimpinan, "Belum 2 tahun"),
    ]
    rekomendasi_putuskan(actor=org.bkd, rekomendasi=a, setuju=True)
    rekomendasi_terapkan(actor=org.bkd, rekomendasi=a, tmt=datetime.date(2026, 4, 1), nomor_sk="SK 9")
    a = rekomendasi_detail_for_user(user=org.bkd, rekomendasi_id=a.pk)
    assert a.kotak == 9
    assert rekomendasi_langkah(a)[-1].label == "Diterapkan"
    assert rekomendasi_langkah(a)[-1].catatan == "TMT 01-04-2026, SK SK 9"
    Rekomendasi.objects.filter(pk=c.pk).update(status=S.DIBATALKAN)
    c = rekomendasi_detail_for_user(user=org.bkd, rekomendasi_id=c.pk)
    assert rekomendasi_langkah(c)[-1].label.startswith("Dibatalkan")
    assert rekomendasi_detail_for_user(user=org.other_bkd, rekomendasi_id=a.pk) is None


def test_rule_texts(org):
    def rek(jenis: str, penghargaan: str = "") -> Rekomendasi:
        return Rekomendasi(jenis=jenis, penghargaan=penghargaan)

    assert aturan(rek("kp")).startswith("KP reguler (PP 99/2000)")
    assert aturan(rek("promosi")).startswith("Promosi: syarat jabatan")
    assert aturan(rek("rotasi")).startswith("Mutasi dalam instansi: tidak sebelum 2 dan tidak sesudah 5 tahun")
    assert aturan(rek("krs")).startswith("KRS (PP 11/2017 Pasal 199)")
    assert aturan(rek("penghargaan", JenisPenghargaan.SATYALANCANA_20)).startswith("Satyalancana Karya Satya: 10, 20")
    assert aturan(rek("penghargaan", JenisPenghargaan.PEGAWAI_BERPRESTASI)).startswith("Pegawai berprestasi: kotak")


def test_default_year_is_the_latest_rated_annual_period(org):
    assert tahun_tahunan_terakhir(instansi_id=org.instansi.pk) == timezone.localdate().year - 1
    predikat_tahunan_set(org.pegawai, 2023, "baik")
    predikat_tahunan_set(org.pegawai, 2024, "sangat_baik")
    assert tahun_tahunan_terakhir(instansi_id=org.instansi.pk) == 2024
    assert tahun_tahunan_terakhir(instansi_id=org.other_instansi.pk) == timezone.localdate().year - 1
    assert tahun_tahunan_terakhir(instansi_id=None) == timezone.localdate().year - 1
