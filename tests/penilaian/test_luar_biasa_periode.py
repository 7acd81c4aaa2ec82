"""The period list of an instansi without a year filter: every year, newest year first."""

from __future__ import annotations

import pytest

from penilaian.rules import JenisPeriode
from penilaian.selectors.periode import periode_list
from tests.factories.penilaian import periode_tahun

pytestmark = pytest.mark.django_db


def test_periode_list_without_a_year_holds_every_year_newest_first(org):
    berkala_25, tahunan_25 = periode_tahun(org.instansi, tahun=2025)
    berkala_26, tahunan_26 = periode_tahun(org.instansi, tahun=2026)
    periode_tahun(org.other_instansi, tahun=2026)

    semua = list(periode_list(instansi=org.instansi))

    assert [p.tahun for p in semua] == [2026] * len([*berkala_26, tahunan_26]) + [2025] * len([*berkala_25, tahunan_25])
    assert {p.pk for p in semua} == {p.pk for p in [*berkala_25, tahunan_25, *berkala_26, tahunan_26]}
    assert all(p.instansi_id == org.instansi.pk for p in semua)
    # within a year: by jenis, then number
    tahun_ini = [(p.jenis, p.nomor) for p in semua if p.tahun == 2026]
    assert tahun_ini == sorted(tahun_ini)
    assert JenisPeriode.TAHUNAN in {j for j, _n in tahun_ini}
    # with a year, only that year
    assert [p.pk for p in periode_list(instansi=org.instansi, tahun=2025)] == [p.pk for p in semua if p.tahun == 2025]
