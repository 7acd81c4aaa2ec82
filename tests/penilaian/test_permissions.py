"""Ids in URLs: one parser for every access helper."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["penilaian:skp-detail", "penilaian:evaluasi-detail", "penilaian:siklus-detail"])
def test_an_id_too_large_for_the_database_is_404_not_500(org, client_as, name):
    # one id parser for every access helper: beyond bigint it is 404 before any query
    url = reverse(name, args=[2**64])
    assert client_as("bkd").get(url).status_code == 404


def test_id_or_404():
    from django.http import Http404

    from pegawai.permissions import id_or_404

    assert id_or_404("42") == 42
    assert id_or_404(2**63 - 1) == 2**63 - 1
    for bad in (None, "", "x", "4.2", 0, -1, 2**63):
        with pytest.raises(Http404):
            id_or_404(bad)
