"""Access helpers for appraisal: fetch and authorise in one step (404 for what the user may not
see, 403 for what they may see but not change). Lists are scoped with the ``*_visible_q`` helpers.

Who sees an SKP or an evaluation: the pegawai themself; their pejabat penilai and atasan pejabat
penilai as recorded on it (so a transfer does not hide history from the one who rated it); anyone
who may see the pegawai (their atasan line, read-only); BKD and pimpinan of the instansi.
Who changes what is decided by the services (owner edits a draft, the pejabat penilai approves
and rates, BKD calibrates).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from pegawai.models import Pegawai, User
from pegawai.permissions import (
    can_edit_instansi,
    can_read_instansi,
    id_or_404,
    instansi_q,
    pegawai_of_user,
    pegawai_visible_q,
)

from .models import SKP, EvaluasiKinerja, PermintaanUmpanBalik360


def _penilaian_visible_q(user: User, instansi_field: str) -> Q:
    """Rows (SKP or EvaluasiKinerja: both have pegawai, pejabat_penilai, atasan_pejabat_penilai)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if can_read_instansi(user):
        return instansi_q(user, instansi_field)
    me = pegawai_of_user(user)
    if me is None:
        return Q(pk__in=[])
    visible = Pegawai.objects.filter(pegawai_visible_q(user)).values("pk")
    return (
        Q(pegawai_id=me.pk)
        | Q(pejabat_penilai_id=me.pk)
        | Q(atasan_pejabat_penilai_id=me.pk)
        | Q(pegawai_id__in=visible)
    )


def skp_visible_q(user: User) -> Q:
    return _penilaian_visible_q(user, "instansi_id")


def evaluasi_visible_q(user: User) -> Q:
    return _penilaian_visible_q(user, "periode__instansi_id")


def skp_get_for_user(*, user: User, skp_id: Any) -> SKP:
    obj = (
        SKP.objects.filter(skp_visible_q(user), pk=id_or_404(skp_id))
        .select_related("pegawai", "pegawai__user", "pejabat_penilai", "atasan_pejabat_penilai", "jabatan", "instansi")
        .first()
    )
    if obj is None:
        raise Http404
    return obj


def evaluasi_get_for_user(*, user: User, evaluasi_id: Any) -> EvaluasiKinerja:
    obj = (
        EvaluasiKinerja.objects.filter(evaluasi_visible_q(user), pk=id_or_404(evaluasi_id))
        .select_related("periode", "periode__instansi", "pegawai", "pegawai__user", "pejabat_penilai", "skp")
        .first()
    )
    if obj is None:
        raise Http404
    return obj


def is_owner(user: User, obj: SKP | EvaluasiKinerja) -> bool:
    me = pegawai_of_user(user)
    return me is not None and obj.pegawai_id == me.pk


def is_pejabat_penilai(user: User, obj: SKP | EvaluasiKinerja) -> bool:
    me = pegawai_of_user(user)
    return me is not None and obj.pejabat_penilai_id == me.pk


def is_atasan_pejabat_penilai(user: User, obj: SKP | EvaluasiKinerja) -> bool:
    me = pegawai_of_user(user)
    return me is not None and obj.atasan_pejabat_penilai_id == me.pk


def is_bkd_of(user: User, instansi_id: int) -> bool:
    return can_edit_instansi(user) and (user.instansi_id == instansi_id or (user.is_superuser and not user.instansi_id))


def permintaan_360_get_for_penilai(*, user: User, permintaan_id: Any) -> PermintaanUmpanBalik360:
    """A 360 request addressed to the user (only the rater answers it), or 404."""
    me = pegawai_of_user(user)
    if me is None:
        raise Http404
    obj = (
        PermintaanUmpanBalik360.objects.filter(pk=id_or_404(permintaan_id), penilai=me)
        .select_related("periode", "dinilai", "penilai")
        .first()
    )
    if obj is None:
        raise Http404
    return obj
