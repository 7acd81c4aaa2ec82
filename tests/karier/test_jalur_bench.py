"""The career page measurement runs on the largest instansi (or the one named in the run's state)
and reports its time and query count against the budget."""

from __future__ import annotations

import pytest

from common.bench import Konteks
from karier.bench_jalur import jalur_saya, pegawai_jalur
from tests.factories.pegawai import PegawaiFactory

pytestmark = pytest.mark.django_db


def test_measures_the_own_page_of_a_pegawai_with_a_login(org):
    hasil = jalur_saya(Konteks(repeat=3, warmup=1))
    # the largest instansi is Sibolga (7 pegawai against 1); without a demo atasan with three
    # pelaksana, the first pegawai with a login
    assert hasil.details["instansi"] == "kota-sibolga"
    assert hasil.details["pegawai_id"] == org.kepala_dinas.pk
    assert hasil.details["url"] == "/karier/jalur/"
    assert hasil.value is not None
    assert hasil.value > 0
    assert hasil.queries is not None
    assert hasil.queries <= 15


def test_the_demo_pegawai_and_the_named_instansi(org):
    PegawaiFactory(jabatan=org.jabatan_pelaksana, nama="Pelaksana Ketiga")
    # Budi now leads three pelaksana: he is the demo atasan, Siti (the first of them) the pegawai
    assert pegawai_jalur(org.instansi).pk == org.pegawai.pk
    hasil = jalur_saya(Konteks(repeat=2, warmup=0, state={"kode": "kota-sawahlunto"}))
    assert (hasil.details["instansi"], hasil.details["pegawai_id"]) == ("kota-sawahlunto", org.other_pegawai.pk)


def test_no_instansi_is_an_error(db):
    with pytest.raises(RuntimeError):
        jalur_saya(Konteks(repeat=1, warmup=0))
