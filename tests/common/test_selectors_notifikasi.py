"""The unread-notification badge: counted for a login, nothing (and no query) for a visitor."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from common.models import Notifikasi
from common.selectors import notifikasi_belum_dibaca


def test_anonymous_visitor_has_no_unread_notifications_and_costs_no_query(org, django_assert_num_queries):
    user = org.pegawai.user
    Notifikasi.objects.create(user=user, judul="SKP disetujui", kunci="a")
    Notifikasi.objects.create(user=user, judul="Umpan balik baru", kunci="b")
    Notifikasi.objects.create(user=user, judul="Sudah dibaca", kunci="c", dibaca_pada=timezone.now())

    with django_assert_num_queries(0):
        assert notifikasi_belum_dibaca(user=AnonymousUser()) == 0
        assert notifikasi_belum_dibaca(user=None) == 0
    # the same rows are counted for their owner: the visitor's zero is not an empty table
    assert notifikasi_belum_dibaca(user=user) == 2
