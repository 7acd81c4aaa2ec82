"""The appraisal admin is read-only: records are listed and opened, never changed there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pegawai.models import User
from penilaian.models import SKP, EvaluasiKinerja, HasilIKM, Periode, SiklusEvaluasi, TautanSurvei
from tests.factories.penilaian import periode_tahun, skp_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(org, client):
    user = User.objects.create_superuser(username="super", password="rahasia-uji-super")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", [Periode, SKP, EvaluasiKinerja, HasilIKM, TautanSurvei, SiklusEvaluasi])
def test_lists_open_and_nothing_can_be_added(org, admin_client, model):
    periode_tahun(org.instansi)
    skp_build(org.pegawai)
    info = (model._meta.app_label, model._meta.model_name)
    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    assert admin_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 403


def test_a_record_opens_read_only(org, admin_client):
    periode_tahun(org.instansi)
    skp = skp_build(org.pegawai)
    page = admin_client.get(reverse("admin:penilaian_skp_change", args=[skp.pk]))
    assert page.status_code == 200
    assert b'name="status"' not in page.content
    assert admin_client.post(reverse("admin:penilaian_skp_delete", args=[skp.pk])).status_code == 403
    ev = EvaluasiKinerja.objects.filter(pegawai=org.pegawai).first()
    assert admin_client.get(reverse("admin:penilaian_evaluasikinerja_change", args=[ev.pk])).status_code == 200
