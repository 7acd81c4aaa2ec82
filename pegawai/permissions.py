"""Access helpers: fetch and authorise in one step.

What a user may not see does not exist for them (404); what they may see but not change is 403.
Lists are scoped in the selectors through ``pegawai_visible_q``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from rest_framework.permissions import BasePermission

from .models import Jabatan, Pegawai, UnitKerja, User


def pegawai_of_user(user: User) -> Pegawai | None:
    """The pegawai record of a login, cached on the user object for the request."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_pegawai_cache"):
        user._pegawai_cache = (  # type: ignore[attr-defined]
            Pegawai.objects.select_related("jabatan").filter(user_id=user.id).first()
        )
    return user._pegawai_cache  # type: ignore[attr-defined]


def instansi_q(user: User, field: str = "instansi_id") -> Q:
    """Rows of the user's instansi. A superuser without an instansi sees every instansi;
    an anonymous visitor sees nothing."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser and user.instansi_id is None:
        return Q()
    return Q(**{field: user.instansi_id})


def can_read_instansi(user: User) -> bool:
    """BKD officers and pimpinan read everything of their own instansi."""
    return user.is_authenticated and (user.is_bkd or user.is_pimpinan)


def can_edit_instansi(user: User) -> bool:
    return user.is_authenticated and user.is_bkd


def pegawai_visible_q(user: User) -> Q:
    """Which pegawai a user may see: BKD and pimpinan all of their instansi; a pegawai themself;
    an atasan also their direct subordinates and, read-only, everyone below them."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if can_read_instansi(user):
        return instansi_q(user)
    me = pegawai_of_user(user)
    if me is None:
        return Q(pk__in=[])
    q = Q(pk=me.pk) | Q(atasan_id=me.pk)
    if me.jabatan_id and me.jabatan is not None and me.jabatan.path:
        q |= Q(jabatan__path__startswith=me.jabatan.path) & ~Q(jabatan_id=me.jabatan_id)
    return q & Q(instansi_id=me.instansi_id)


def pegawai_get_for_user(*, user: User, pegawai_id: Any) -> Pegawai:
    """A pegawai the user may see, or 404 (the same answer for 'absent' and 'not yours')."""
    try:
        pk = int(pegawai_id)
    except (TypeError, ValueError) as e:
        raise Http404 from e
    obj = (
        Pegawai.objects.filter(pegawai_visible_q(user), pk=pk)
        .select_related("instansi", "golongan", "jabatan", "unit_kerja", "atasan", "atasan_override", "user")
        .first()
    )
    if obj is None:
        raise Http404
    return obj


def pegawai_get_rw_for_user(*, user: User, pegawai_id: Any) -> Pegawai:
    """A pegawai the user may change: 404 if they may not even see it, 403 if read-only."""
    obj = pegawai_get_for_user(user=user, pegawai_id=pegawai_id)
    if not can_edit_instansi(user):
        raise PermissionDenied
    return obj


def unit_kerja_get_for_user(*, user: User, unit_kerja_id: Any, rw: bool = False) -> UnitKerja:
    obj = UnitKerja.objects.filter(instansi_q(user), pk=id_or_404(unit_kerja_id)).first()
    if obj is None:
        raise Http404
    if rw and not can_edit_instansi(user):
        raise PermissionDenied
    return obj


def jabatan_get_for_user(*, user: User, jabatan_id: Any, rw: bool = False) -> Jabatan:
    obj = (
        Jabatan.objects.filter(instansi_q(user), pk=id_or_404(jabatan_id))
        .select_related("unit_kerja", "atasan", "golongan_minimal", "golongan_maksimal")
        .first()
    )
    if obj is None:
        raise Http404
    if rw and not can_edit_instansi(user):
        raise PermissionDenied
    return obj


def require_bkd(user: User) -> None:
    """For pages that only BKD officers have: everyone else gets 404, not a hint that it exists."""
    if not can_edit_instansi(user):
        raise Http404


def require_instansi_reader(user: User) -> None:
    if not can_read_instansi(user):
        raise Http404


def id_or_404(value: Any) -> int:
    """An object id from a URL, form or query string; 404 for anything that is not a positive
    integer the database can hold (a larger one would overflow bigint and fail as a 500)."""
    try:
        pk = int(value)
    except (TypeError, ValueError) as e:
        raise Http404 from e
    if not 1 <= pk <= 2**63 - 1:
        raise Http404
    return pk


class IsBKD(BasePermission):
    """API: BKD officers (and superusers). Others get 404 through the views' access helpers."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_bkd)
