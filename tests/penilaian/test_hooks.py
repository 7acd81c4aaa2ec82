"""The after-cycle hooks: a finished cycle calls each registered hook after the commit."""

from __future__ import annotations

import pytest

from penilaian import hooks
from penilaian.services.siklus import siklus_jalankan, siklus_mulai
from tests.factories.penilaian import periode_tahun

pytestmark = pytest.mark.django_db(transaction=True)


def test_finished_cycle_calls_registered_hooks_after_commit(org, monkeypatch):
    dipanggil: list[int] = []
    monkeypatch.setattr(hooks, "_setelah_siklus", {})
    hooks.setelah_siklus_register("uji", dipanggil.append)
    periode = periode_tahun(org.instansi, 2025)[0][0]
    siklus = siklus_mulai(actor=None, periode=periode, kirim=False)
    siklus_jalankan(siklus_id=siklus.pk)
    assert dipanggil == [periode.pk]


def test_held_hooks_are_not_called(org, monkeypatch):
    dipanggil: list[int] = []
    monkeypatch.setattr(hooks, "_setelah_siklus", {})
    hooks.setelah_siklus_register("uji", dipanggil.append)
    periode = periode_tahun(org.instansi, 2025)[0][0]
    with hooks.hooks_ditahan():
        siklus_jalankan(siklus_id=siklus_mulai(actor=None, periode=periode, kirim=False).pk)
    assert dipanggil == []
    assert hooks.setelah_siklus_hooks() == [dipanggil.append]
