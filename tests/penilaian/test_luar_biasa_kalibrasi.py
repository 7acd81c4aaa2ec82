"""Calibration period choice for a superuser without an instansi: there is no "current period of
my instansi", so the latest period of any instansi is shown."""

from __future__ import annotations

import pytest
from django.http import Http404

from pegawai.models import User
from penilaian.selectors.kalibrasi import periode_get_for_kalibrasi
from tests.factories.penilaian import periode_tahun

pytestmark = pytest.mark.django_db


def test_superuser_without_instansi_gets_the_latest_period_of_every_instansi(org):
    berkala_2026, tahunan_2026 = periode_tahun(org.instansi, tahun=2026)
    berkala_lain, _tahunan_lain = periode_tahun(org.other_instansi, tahun=2027)
    admin = User.objects.create_superuser(username="admin.pusat", password="rahasia-uji")
    assert admin.instansi_id is None

    # the other instansi's last periodic period of 2027 is the newest of all
    assert periode_get_for_kalibrasi(user=admin, periode_id=None) == berkala_lain[-1]
    assert periode_get_for_kalibrasi(user=admin, periode_id="") == berkala_lain[-1]
    # any period may be asked for by id
    assert periode_get_for_kalibrasi(user=admin, periode_id=str(tahunan_2026.pk)) == tahunan_2026
    # a BKD officer never reaches the other instansi's periods
    with pytest.raises(Http404):
        periode_get_for_kalibrasi(user=org.bkd, periode_id=str(berkala_lain[-1].pk))
    assert periode_get_for_kalibrasi(user=org.bkd, periode_id=str(berkala_2026[0].pk)) == berkala_2026[0]


def test_superuser_without_instansi_and_no_period_anywhere_is_404(org):
    admin = User.objects.create_superuser(username="admin.pusat", password="rahasia-uji")
    with pytest.raises(Http404):
        periode_get_for_kalibrasi(user=admin)
