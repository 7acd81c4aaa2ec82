"""The development admin is read-only: records are listed and opened, never changed there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pegawai.models import User
from pelatihan.models import Alokasi, KebutuhanPelatihan, PasanganMentoring, ProgramPelatihan, RiwayatPelatihan
from penilaian.models import Asesmen, Kompetensi
from tests.factories.pelatihan import asesmen_buat, program_buat, riwayat_selesai

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", [Kompetensi, Asesmen, ProgramPelatihan, KebutuhanPelatihan, Alokasi, RiwayatPelatihan, PasanganMentoring]
)
def test_lists_open_and_nothing_can_be_added(org, client, model):
    client.force_login(User.objects.create_superuser(username="super", password="rahasia-uji-super"))
    asesmen_buat(org.pegawai, {"M1": 2})
    program = program_buat(org.instansi, "P1", membangun={"M1": 3})
    riwayat = riwayat_selesai(org.pegawai, 8, program=program)
    info = (model._meta.app_label, model._meta.model_name)
    assert client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 403
    page = client.get(reverse("admin:pelatihan_riwayatpelatihan_change", args=[riwayat.pk]))
    assert page.status_code == 200
    assert b'name="jp"' not in page.content
