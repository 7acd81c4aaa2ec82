"""The evaluation cycle on a database without exact numeric arithmetic (SQLite): the entry points
take the rule path (capaian through ``rules.capaian``, scores through ``bulk_update``) and store
exactly what the SQL path stores; a realisasi without a countable value loses a stale capaian."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from penilaian.models import EvaluasiKinerja, IndikatorKinerja, Periode, Realisasi, SiklusEvaluasi
from penilaian.rules import JenisIndikator
from penilaian.services import siklus as svc
from tests.factories.penilaian import indikator_list
from tests.penilaian._siklus_helpers import baris, kasus_golden

pytestmark = pytest.mark.django_db


def _jalankan(periode: Periode) -> SiklusEvaluasi:
    siklus = svc.siklus_mulai(actor=None, periode=periode, kirim=False)
    return svc.siklus_jalankan(siklus_id=siklus.pk)


def _tanpa_waktu(rows: dict[int, dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {pk: {k: v for k, v in r.items() if k != "dihitung_pada"} for pk, r in rows.items()}


def test_cycle_without_sql_arithmetic_stores_what_the_sql_path_stores(org, monkeypatch):
    kasus = kasus_golden(org)
    periode = kasus.periode
    skp = kasus.skp["pegawai"]
    # a qualitative indikator and a quantitative one without a value, both with a stale capaian
    rhk = skp.rhk.order_by("urutan").first()
    assert rhk is not None
    kualitatif = IndikatorKinerja.objects.create(
        rhk=rhk,
        urutan=9,
        uraian="Kualitas layanan menurut survei internal",
        jenis=JenisIndikator.KUALITATIF,
        target_kualitatif="Tidak ada keluhan berulang",
    )
    r_kual = Realisasi.objects.create(
        indikator=kualitatif, periode=periode, nilai_kualitatif="Tidak ada keluhan", capaian=Decimal("50")
    )
    kosong = indikator_list(kasus.skp["rekan"])[1]
    r_kosong = Realisasi.objects.create(indikator=kosong, periode=periode, nilai=None, capaian=Decimal("75"))

    assert _jalankan(periode).status == SiklusEvaluasi.Status.SELESAI
    lewat_sql = _tanpa_waktu(baris(periode))
    capaian_sql = dict(Realisasi.objects.filter(periode=periode).values_list("id", "capaian"))
    assert (capaian_sql[r_kual.pk], capaian_sql[r_kosong.pk]) == (None, None)
    assert lewat_sql[org.pegawai.pk]["nilai_akhir"] == Decimal("78.45")

    # back to the stale state, then the same cycle on "SQLite"
    Realisasi.objects.filter(pk=r_kual.pk).update(capaian=Decimal("50"))
    Realisasi.objects.filter(pk=r_kosong.pk).update(capaian=Decimal("75"))
    Realisasi.objects.exclude(pk__in=[r_kual.pk, r_kosong.pk]).update(capaian=None)
    EvaluasiKinerja.objects.filter(periode=periode).update(
        nilai_akhir=None, nilai_hasil_kerja=None, capaian_hasil_kerja=None, komponen={}
    )
    monkeypatch.setattr(svc, "connection", SimpleNamespace(vendor="sqlite"))

    ubah = svc.realisasi_capaian_hitung(periode=periode)
    assert ubah == len(capaian_sql)  # every row was stale
    assert dict(Realisasi.objects.filter(periode=periode).values_list("id", "capaian")) == capaian_sql
    assert svc.realisasi_capaian_hitung(periode=periode) == 0  # only changes are written

    assert _jalankan(periode).status == SiklusEvaluasi.Status.SELESAI
    assert _tanpa_waktu(baris(periode)) == lewat_sql
