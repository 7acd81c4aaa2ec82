"""IKM selectors at their edges: ids out of range, anonymous visitors, a superuser without an
instansi, no period, and the survey links of someone who is not BKD."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import Http404

from pegawai.models import Pegawai, User
from penilaian.selectors import ikm as selectors
from penilaian.services import ikm as services
from tests.penilaian._ikm_helpers import kirim, periode_sekarang, simpan_banyak, tautan_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_kosong():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("unit_id", ["0", "-3", str(2**63), 2**64])
def test_unit_id_outside_the_key_range_is_404_not_a_database_error(org, unit_id):
    with pytest.raises(Http404):
        selectors.unit_layanan_get_for_user(user=org.bkd, unit_id=unit_id)
    # the largest valid key is accepted and simply finds nothing
    with pytest.raises(Http404):
        selectors.unit_layanan_get_for_user(user=org.bkd, unit_id=str(2**63 - 1))
    assert selectors.unit_layanan_get_for_user(user=org.bkd, unit_id=str(org.puskesmas.pk)) == org.puskesmas


def test_anonymous_visitor_leads_no_unit_and_sees_no_unit_layanan_or_complaint(org):
    tautan = tautan_of(org.puskesmas)
    keluhan = kirim(tautan, (3,) * 9, saran="Antrean terlalu panjang")
    anonim: Any = AnonymousUser()  # request.user of a visitor

    assert selectors.kepala_unit_of(anonim) is None
    assert list(selectors.unit_layanan_list_for_user(anonim)) == []
    assert list(selectors.pengaduan_list_for_user(anonim)) == []
    with pytest.raises(Http404):
        selectors.pengaduan_get_for_user(user=anonim, respons_id=keluhan.pk)
    with pytest.raises(Http404):
        selectors.ikm_require_reader(anonim)
    # the same complaint is there for the kepala of the unit
    assert list(selectors.pengaduan_list_for_user(org.kepala_puskesmas.user)) == [keluhan]


def test_instansi_of_a_superuser_without_instansi_comes_from_their_pegawai_record(org):
    admin = User.objects.create_superuser(username="admin.pusat", password="rahasia-uji")
    assert admin.instansi_id is None

    assert selectors.instansi_of(admin) is None

    Pegawai.objects.filter(pk=org.other_pegawai.pk).update(user=admin)
    admin = User.objects.get(pk=admin.pk)  # fresh: no cached pegawai lookup
    assert selectors.instansi_of(admin) == org.other_instansi
    # a login with an instansi keeps it, whatever their pegawai record says
    assert selectors.instansi_of(org.bkd) == org.instansi
    assert selectors.instansi_of(org.pegawai.user) == org.instansi


def test_hasil_ikm_get_without_a_period_is_none_and_with_one_is_the_unit_result(org):
    periode = periode_sekarang(org.instansi)
    simpan_banyak(org.puskesmas, periode, [(4,) * 9] * 2)
    services.ikm_hitung_periode(periode=periode)

    assert selectors.hasil_ikm_get(unit=org.puskesmas, periode=None) is None
    hasil = selectors.hasil_ikm_get(unit=org.puskesmas, periode=periode)
    assert hasil is not None
    assert (hasil.unit_kerja_id, hasil.periode_id, hasil.ikm, hasil.responden) == (
        org.puskesmas.pk,
        periode.pk,
        Decimal("100.00"),
        2,
    )


def test_survey_links_are_listed_for_bkd_only(org):
    tautan = tautan_of(org.puskesmas)

    (unit,) = selectors.tautan_list_for_user(org.bkd)
    assert (unit.pk, unit.tautan_survei.kode) == (org.puskesmas.pk, tautan.kode)
    # pimpinan reads IKM and the kepala of the unit leads it, but neither manages the links
    anonim: Any = AnonymousUser()
    for user in (org.pimpinan, org.kepala_puskesmas.user, org.pegawai.user, anonim):
        assert list(selectors.tautan_list_for_user(user)) == []
    assert list(selectors.tautan_list_for_user(org.other_bkd)) == []
