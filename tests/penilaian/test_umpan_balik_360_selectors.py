"""The 360 rekap (the minimum rule, exact means, anonymity) and the set-based 360 score."""

from __future__ import annotations

from decimal import Decimal

import pytest

from penilaian.models import PermintaanUmpanBalik360
from penilaian.rules import PeranPenilai360
from penilaian.selectors.umpan_balik_360 import (
    minimal_360,
    penilai_360_aspek,
    periode_360_bawaan,
    periode_360_get,
    permintaan_360_untuk_saya,
    rekap_360,
    skor_360_rata_rata,
)
from penilaian.services.umpan_balik_360 import permintaan_360_buat, permintaan_360_buat_massal
from tests.factories.penilaian import periode_tahun
from tests.penilaian._umpan_balik_360_helpers import jawab, pelaksana_tambahan, periode_360

pytestmark = pytest.mark.django_db

P3 = [3, 4, 5, 3, 4, 5, 3]


@pytest.fixture
def tiga_rekan(org):
    """pegawai with peers rekan, Bambang, Cut; atasan answers 3s, the pegawai 5s."""
    periode = periode_360(org)
    bambang, cut = pelaksana_tambahan(org, "Bambang Purba", "Cut Nyak")
    permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.pegawai)
    jawab(periode, org.pegawai, org.atasan, 3, "Perlu lebih teliti")
    jawab(periode, org.pegawai, org.pegawai, 5, "Saya sudah berusaha")
    jawab(periode, org.pegawai, org.rekan, 4, "Komentar rekan satu")
    jawab(periode, org.pegawai, bambang, 5, "Komentar rekan dua")
    return periode, bambang, cut


def _peran(rekap, peran):
    return next(p for p in rekap.peran if p.peran == peran)


def test_two_peers_answered_hides_the_peer_role(org, tiga_rekan):
    periode, _bambang, _cut = tiga_rekan
    rekap = rekap_360(dinilai=org.pegawai, periode=periode, minimal=3)
    rekan = _peran(rekap, PeranPenilai360.REKAN)
    assert (rekan.diminta, rekan.dijawab, rekan.cukup) == (3, 2, False)
    assert rekan.rata_rata is None
    assert rekan.agregat == []
    assert rekan.penilai == []
    # atasan (3) and diri sendiri (5)
    assert rekap.rata_rata == Decimal("4.00")
    assert skor_360_rata_rata(periode=periode, minimal=3) == {org.pegawai.pk: Decimal("4.00")}


def test_three_peers_answered_shows_exact_aggregates_without_names(org, tiga_rekan):
    periode, _bambang, cut = tiga_rekan
    jawab(periode, org.pegawai, cut, P3, "Komentar rekan tiga")
    rekap = rekap_360(dinilai=org.pegawai, periode=periode, minimal=3)
    rekan = _peran(rekap, PeranPenilai360.REKAN)
    assert (rekan.dijawab, rekan.cukup, rekan.anonim) == (3, True, True)
    assert [(a.aspek, a.rata_rata) for a in rekan.agregat] == [
        ("berorientasi_pelayanan", Decimal("4.00")),
        ("akuntabel", Decimal("4.33")),
        ("kompeten", Decimal("4.67")),
        ("harmonis", Decimal("4.00")),
        ("loyal", Decimal("4.33")),
        ("adaptif", Decimal("4.67")),
        ("kolaboratif", Decimal("4.00")),
    ]
    # 90 / 21 = 4.2857…
    assert rekan.rata_rata == Decimal("4.29")
    # comments without names, in alphabetical order (not in answer order)
    assert rekan.agregat[0].komentar == ["Komentar rekan dua", "Komentar rekan satu", "Komentar rekan tiga"]
    assert rekan.penilai == []
    atasan = _peran(rekap, PeranPenilai360.ATASAN)
    assert [j.nama for j in atasan.penilai] == [org.atasan.nama_lengkap]
    assert {a.skor for a in atasan.penilai[0].aspek} == {3}
    assert atasan.penilai[0].aspek[0].komentar == "Perlu lebih teliti"
    diri = _peran(rekap, PeranPenilai360.DIRI_SENDIRI)
    assert diri.rata_rata == Decimal("5.00")
    # (3 + 90/21 + 5) / 3 = 4.0952…
    assert rekap.rata_rata == Decimal("4.10")
    assert skor_360_rata_rata(periode=periode, minimal=3)[org.pegawai.pk] == rekap.rata_rata
    data = rekap.as_dict()
    teks = str(data)
    for nama in ("Andi Lubis", "Bambang Purba", "Cut Nyak"):
        assert nama not in teks
    assert data["rata_rata"] == "4.10"


def test_minimum_comes_from_the_policy(org, tiga_rekan):
    periode, _b, _c = tiga_rekan
    assert minimal_360(periode=periode) == 3
    org.instansi.kebijakan_data = {"umpan_balik_360_minimal": 2}
    org.instansi.save()
    periode.refresh_from_db()
    assert minimal_360(periode=periode) == 2
    # (3 + 4.5 + 5) / 3 = 4.1666…
    assert skor_360_rata_rata(periode=periode) == {org.pegawai.pk: Decimal("4.17")}


def test_skor_golden_values_for_several_ratees(org):
    periode = periode_360(org)
    permintaan_360_buat_massal(actor=org.bkd, periode=periode)
    # the Kepala Seksi: atasan 4s, two subordinates 2s and 3s, no self-assessment
    jawab(periode, org.atasan, org.kepala_bidang, 4)
    jawab(periode, org.atasan, org.pegawai, 2)
    jawab(periode, org.atasan, org.rekan, 3)
    # the rekan: only their own answer, mixed
    jawab(periode, org.rekan, org.rekan, [5, 4, 4, 4, 4, 4, 4])
    assert skor_360_rata_rata(periode=periode, minimal=3) == {
        org.atasan.pk: Decimal("4.00"),
        org.rekan.pk: Decimal("4.14"),
    }
    # with a minimum of two the subordinates count: (4 + 2.5) / 2
    assert skor_360_rata_rata(periode=periode, minimal=2) == {
        org.atasan.pk: Decimal("3.25"),
        org.rekan.pk: Decimal("4.14"),
    }
    assert skor_360_rata_rata(periode=periode, minimal=2, pegawai_ids=[org.rekan.pk]) == {org.rekan.pk: Decimal("4.14")}
    from pegawai.models import Pegawai

    subset = Pegawai.objects.filter(pk=org.atasan.pk).values("pk")
    assert skor_360_rata_rata(periode=periode, minimal=2, pegawai_ids=subset) == {org.atasan.pk: Decimal("3.25")}


def test_skor_is_one_query(org, django_assert_num_queries):
    periode = periode_360(org)
    permintaan_360_buat_massal(actor=org.bkd, periode=periode)
    for penilai in (org.kepala_bidang, org.pegawai, org.rekan, org.atasan):
        jawab(periode, org.atasan, penilai, 4)
    for dinilai in (org.pegawai, org.rekan):
        jawab(periode, dinilai, org.atasan, 3)
        jawab(periode, dinilai, dinilai, 5)
    with django_assert_num_queries(1):
        hasil = skor_360_rata_rata(periode=periode, minimal=3)
    assert hasil == {org.atasan.pk: Decimal("4.00"), org.pegawai.pk: Decimal("4.00"), org.rekan.pk: Decimal("4.00")}


def test_rekap_queries_do_not_grow_with_raters(org, django_assert_max_num_queries, tiga_rekan):
    periode, _b, cut = tiga_rekan
    jawab(periode, org.pegawai, cut, 4)
    with django_assert_max_num_queries(2):
        rekap_360(dinilai=org.pegawai, periode=periode, minimal=3)


def test_rekap_of_nobody_asked(org):
    periode = periode_360(org)
    rekap = rekap_360(dinilai=org.unrelated, periode=periode, minimal=3)
    assert rekap.rata_rata is None
    assert all(p.diminta == 0 and not p.cukup for p in rekap.peran)


def test_my_requests_pending_first(org):
    periode = periode_360(org)
    permintaan_360_buat_massal(actor=org.bkd, periode=periode)
    jawab(periode, org.pegawai, org.atasan, 4)
    daftar = list(permintaan_360_untuk_saya(org.atasan.user))
    assert {p.penilai_id for p in daftar} == {org.atasan.pk}
    status = [p.status for p in daftar]
    assert status == sorted(status, key=lambda s: s != PermintaanUmpanBalik360.Status.MENUNGGU)
    assert status[-1] == PermintaanUmpanBalik360.Status.DIJAWAB
    assert list(permintaan_360_untuk_saya(org.bkd)) == []


def test_default_and_chosen_period(org):
    berkala, tahunan = periode_tahun(org.instansi)
    assert periode_360_bawaan(dinilai=org.pegawai) is not None
    permintaan_360_buat(actor=org.bkd, periode=berkala[1], dinilai=org.pegawai)
    assert periode_360_bawaan(dinilai=org.pegawai) == berkala[1]
    assert periode_360_get(dinilai=org.pegawai, periode_id=str(tahunan.pk)) == tahunan
    assert periode_360_get(dinilai=org.pegawai, periode_id="x") is None
    assert periode_360_get(dinilai=org.pegawai, periode_id=str(2**64)) is None
    assert periode_360_get(dinilai=org.other_pegawai, periode_id=tahunan.pk) is None
    assert periode_360_bawaan(dinilai=org.other_pegawai) is None
    assert len(penilai_360_aspek()) == 7
