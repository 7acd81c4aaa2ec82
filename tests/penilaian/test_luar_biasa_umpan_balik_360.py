"""360 at its edges: an aspect no peer answered (answers kept from before the aspect was asked)
is left out of the aggregate, not shown as zero; a rater who is both the ratee's pejabat penilai
and recorded as their subordinate (a cycle left by a reorganisation) is asked once, as atasan."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pegawai.models import Pegawai
from penilaian.models import JawabanUmpanBalik360, PermintaanUmpanBalik360
from penilaian.rules import AspekPerilaku, PeranPenilai360
from penilaian.selectors.umpan_balik_360 import rekap_360
from penilaian.services.umpan_balik_360 import penilai_360_rencana, permintaan_360_buat
from tests.penilaian._umpan_balik_360_helpers import jawab, pelaksana_tambahan, periode_360

pytestmark = pytest.mark.django_db

D, A, B, R = (
    PeranPenilai360.DIRI_SENDIRI,
    PeranPenilai360.ATASAN,
    PeranPenilai360.BAWAHAN,
    PeranPenilai360.REKAN,
)


def test_aspect_no_peer_answered_is_left_out_of_the_peer_aggregate(org):
    periode = periode_360(org)
    bambang, cut = pelaksana_tambahan(org, "Bambang Purba", "Cut Nyak")
    permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.pegawai)
    jawab(periode, org.pegawai, org.rekan, 4, "Rapi")
    jawab(periode, org.pegawai, bambang, 5)
    jawab(periode, org.pegawai, cut, [3, 4, 5, 3, 4, 5, 3], "Tepat waktu")
    JawabanUmpanBalik360.objects.filter(
        permintaan__dinilai=org.pegawai, permintaan__peran=R, aspek=AspekPerilaku.KOLABORATIF
    ).delete()

    rekap = rekap_360(dinilai=org.pegawai, periode=periode, minimal=3)

    rekan = next(p for p in rekap.peran if p.peran == R)
    assert (rekan.dijawab, rekan.cukup) == (3, True)
    assert [(a.aspek, a.rata_rata) for a in rekan.agregat] == [
        ("berorientasi_pelayanan", Decimal("4.00")),
        ("akuntabel", Decimal("4.33")),
        ("kompeten", Decimal("4.67")),
        ("harmonis", Decimal("4.00")),
        ("loyal", Decimal("4.33")),
        ("adaptif", Decimal("4.67")),
    ]
    assert rekan.agregat[0].komentar == ["Rapi", "Tepat waktu"]
    # the role mean is over the 18 scores there are: 78 / 18 = 4.333…
    assert rekan.rata_rata == Decimal("4.33")


def test_rencana_asks_a_rater_once_when_the_atasan_is_also_listed_as_a_subordinate():
    # ratee 1, atasan 9; the stored data also puts 9 (and 1 itself) under 1
    rows = penilai_360_rencana(dinilai_id=1, atasan_id=9, aktif_per_atasan={1: [1, 9, 4], 9: [1, 2]})
    assert [(r.penilai_id, r.peran) for r in rows] == [(1, D), (9, A), (4, B), (2, R)]


def test_requests_after_a_reorganisation_cycle_ask_the_pejabat_penilai_once_as_atasan(org):
    periode = periode_360(org)  # snapshot: the Kepala Seksi is rated by the Kepala Bidang
    # later the Kepala Bidang is recorded as reporting to the Kepala Seksi
    Pegawai.objects.filter(pk=org.kepala_bidang.pk).update(atasan=org.atasan)

    permintaan_360_buat(actor=org.bkd, periode=periode, dinilai=org.atasan)

    rows = set(
        PermintaanUmpanBalik360.objects.filter(periode=periode, dinilai=org.atasan).values_list("penilai_id", "peran")
    )
    assert rows == {
        (org.atasan.pk, D),
        (org.kepala_bidang.pk, A),
        (org.pegawai.pk, B),
        (org.rekan.pk, B),
    }
