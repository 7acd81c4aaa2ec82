"""Access helpers: scoping (who sees which pegawai) and fetch-and-authorise (404 before 403)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from pegawai import permissions, selectors, services
from pegawai.models import Pegawai
from tests.conftest import login_user
from tests.factories.pegawai import PegawaiFactory, UserFactory, golongan

ALL_SIBOLGA = {
    "Hotma Simanjuntak",
    "Rina Pasaribu",
    "Budi Siregar",
    "Siti Nasution",
    "Andi Lubis",
    "Maria Hutagalung",
    "Yusuf Harahap",
}


def _user(org, persona):
    if persona == "anonymous":
        return AnonymousUser()
    if persona in ("kepala_dinas", "kepala_bidang", "kepala_puskesmas", "rekan"):
        return getattr(org, persona).user
    return login_user(org, persona)


def _visible(user):
    return set(selectors.pegawai_list_for_user(user=user).values_list("nama", flat=True))


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("pegawai", {"Siti Nasution"}),
        ("rekan", {"Andi Lubis"}),  # a peer does not see a peer
        ("atasan", {"Budi Siregar", "Siti Nasution", "Andi Lubis"}),
        ("kepala_bidang", {"Rina Pasaribu", "Budi Siregar", "Siti Nasution", "Andi Lubis"}),
        ("kepala_puskesmas", {"Maria Hutagalung", "Yusuf Harahap"}),
        ("kepala_dinas", ALL_SIBOLGA),
        ("unrelated", {"Yusuf Harahap"}),
        ("bkd", ALL_SIBOLGA),
        ("pimpinan", ALL_SIBOLGA),
        ("other_bkd", {"Dewi Chaniago"}),
        ("anonymous", set()),
    ],
)
def test_visibility_matrix(org, persona, expected):
    assert _visible(_user(org, persona)) == expected


def test_superuser_without_instansi_sees_every_instansi_and_with_one_only_that(org):
    root = UserFactory(instansi=None, username="root", is_superuser=True)
    assert _visible(root) == {*ALL_SIBOLGA, "Dewi Chaniago"}
    admin = UserFactory(instansi=org.other_instansi, username="root2", is_superuser=True)
    assert _visible(admin) == {"Dewi Chaniago"}


def test_a_holder_of_the_same_jabatan_as_the_atasan_is_a_peer_not_a_subordinate(org):
    PegawaiFactory(jabatan=org.jabatan_kasi, nama="Kasi Kedua", golongan=golongan("III/c"))
    assert "Kasi Kedua" not in _visible(org.atasan.user)
    assert "Kasi Kedua" in _visible(org.kepala_bidang.user)


def test_a_subordinate_by_override_is_visible_to_the_appraiser(org):
    services.pegawai_update(actor=org.bkd, pegawai=org.unrelated, data={"atasan_override": org.atasan})
    assert "Yusuf Harahap" in _visible(org.atasan.user)
    assert "Yusuf Harahap" in _visible(org.kepala_puskesmas.user)  # still in the tree below the kapus


def test_a_login_without_pegawai_record_and_no_role_sees_nothing(org):
    orphan = UserFactory(instansi=org.instansi, username="tanpa.profil", peran="pegawai")
    assert _visible(orphan) == set()


def test_an_atasan_without_jabatan_sees_only_themself_and_direct_overrides(org):
    services.pegawai_update(actor=org.bkd, pegawai=org.atasan, data={"jabatan": None})
    assert _visible(org.atasan.user) == {"Budi Siregar"}


# --- helpers ----------------------------------------------------------------------------------------


def test_pegawai_of_user_is_cached_per_user_object(org, django_assert_num_queries):
    user = org.pegawai.user
    with django_assert_num_queries(1):
        assert permissions.pegawai_of_user(user) == org.pegawai
        assert permissions.pegawai_of_user(user) == org.pegawai
    assert permissions.pegawai_of_user(AnonymousUser()) is None
    assert permissions.pegawai_of_user(org.bkd) is None


def test_instansi_q_scopes_to_the_users_instansi(org):
    from pegawai.models import UnitKerja

    assert set(UnitKerja.objects.filter(permissions.instansi_q(org.other_bkd)).values_list("kode", flat=True)) == {
        "DISDIK"
    }
    assert not UnitKerja.objects.filter(permissions.instansi_q(AnonymousUser())).exists()


@pytest.mark.parametrize(
    ("persona", "read", "edit"),
    [
        ("bkd", True, True),
        ("pimpinan", True, False),
        ("atasan", False, False),
        ("pegawai", False, False),
        ("anonymous", False, False),
    ],
)
def test_role_checks(org, persona, read, edit):
    user = _user(org, persona)
    assert permissions.can_read_instansi(user) is read
    assert permissions.can_edit_instansi(user) is edit
    assert permissions.IsBKD().has_permission(SimpleNamespace(user=user), None) is edit
    if read:
        permissions.require_instansi_reader(user)
    else:
        with pytest.raises(Http404):
            permissions.require_instansi_reader(user)
    if edit:
        permissions.require_bkd(user)
    else:
        with pytest.raises(Http404):
            permissions.require_bkd(user)


@pytest.mark.parametrize(
    ("persona", "target", "read", "write"),
    [
        ("bkd", "pegawai", 200, 200),
        ("bkd", "other_pegawai", 404, 404),
        ("other_bkd", "pegawai", 404, 404),
        ("pimpinan", "pegawai", 200, 403),
        ("atasan", "pegawai", 200, 403),
        ("atasan", "unrelated", 404, 404),
        ("pegawai", "pegawai", 200, 403),
        ("pegawai", "rekan", 404, 404),
        ("unrelated", "pegawai", 404, 404),
        ("anonymous", "pegawai", 404, 404),
    ],
)
def test_pegawai_get_404_before_403(org, persona, target, read, write):
    user = _user(org, persona)
    pk = getattr(org, target).pk

    def outcome(fn):
        try:
            fn(user=user, pegawai_id=pk)
        except Http404:
            return 404
        except PermissionDenied:
            return 403
        return 200

    assert outcome(permissions.pegawai_get_for_user) == read
    assert outcome(permissions.pegawai_get_rw_for_user) == write


@pytest.mark.parametrize("bad_id", ["abc", None, "", "1.5", 10**9])
def test_pegawai_get_with_a_bad_or_unknown_id_is_404(org, bad_id):
    with pytest.raises(Http404):
        permissions.pegawai_get_for_user(user=org.bkd, pegawai_id=bad_id)


def test_pegawai_get_loads_the_profile_joins_in_one_query(org, django_assert_num_queries):
    with django_assert_num_queries(1):
        p = permissions.pegawai_get_for_user(user=org.bkd, pegawai_id=str(org.pegawai.pk))
        assert (
            p.instansi.kode,
            p.golongan.kode,
            p.jabatan.nama,
            p.unit_kerja.kode,
            p.atasan.nama,
            p.user.username,
        ) == (
            "kota-sibolga",
            "II/c",
            "Pengadministrasi Umum",
            "DINKES-YAN-1",
            "Budi Siregar",
            org.pegawai.nip,
        )


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("bkd", 200, 200),
        ("pimpinan", 200, 403),
        ("pegawai", 200, 403),
        ("other_bkd", 404, 404),
        ("anonymous", 404, 404),
    ],
)
def test_unit_kerja_and_jabatan_get(org, persona, read, write):
    user = _user(org, persona)

    def outcome(fn, **kwargs):
        try:
            fn(user=user, **kwargs)
        except Http404:
            return 404
        except PermissionDenied:
            return 403
        return 200

    assert outcome(permissions.unit_kerja_get_for_user, unit_kerja_id=org.seksi.pk) == read
    assert outcome(permissions.unit_kerja_get_for_user, unit_kerja_id=org.seksi.pk, rw=True) == write
    assert outcome(permissions.jabatan_get_for_user, jabatan_id=org.jabatan_kasi.pk) == read
    assert outcome(permissions.jabatan_get_for_user, jabatan_id=org.jabatan_kasi.pk, rw=True) == write
    assert outcome(permissions.unit_kerja_get_for_user, unit_kerja_id="x") == 404
    assert outcome(permissions.jabatan_get_for_user, jabatan_id=None) == 404


def test_visibility_is_independent_of_the_tmt(org):
    # the scoping reads the stored tree, not dates
    services.pegawai_update(
        actor=org.bkd, pegawai=org.pegawai, data={"tmt_jabatan": org.pegawai.tmt_jabatan + datetime.timedelta(days=1)}
    )
    assert "Siti Nasution" in _visible(org.atasan.user)
    assert Pegawai.objects.filter(permissions.pegawai_visible_q(org.atasan.user)).count() == 3
