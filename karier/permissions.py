"""Who may see and decide what in karier.

The talent map, KP lists, vacancies, rotation, awards and recommendations are the committee's
material: BKD officers and pimpinan of the instansi read them; BKD officers change them. The
committee (BKD and pimpinan) reviews, approves and rejects; only BKD applies an approved
recommendation to the profile. A pegawai sees their own career path, an atasan their team's.
Everyone else gets 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from common.policies import Kebijakan
from pegawai.models import Instansi, User
from pegawai.permissions import can_edit_instansi, can_read_instansi, id_or_404, instansi_q
from pegawai.selectors import kebijakan_get

from .models import Rekomendasi


def require_komite(user: User) -> None:
    """Pages of the committee's material: BKD and pimpinan; 404 for everyone else."""
    if not can_read_instansi(user):
        raise Http404


def instansi_komite(user: User) -> tuple[Instansi, Kebijakan]:
    """The committee reader's own instansi and its policies: 404 for everyone else, and for a
    superuser of no instansi (these pages are one instansi's)."""
    require_komite(user)
    instansi = user.instansi
    if instansi is None:
        raise Http404
    return instansi, kebijakan_get(instansi=instansi)


def boleh_memutuskan(user: User) -> bool:
    return can_read_instansi(user)


def boleh_menerapkan(user: User) -> bool:
    return can_edit_instansi(user)


def rekomendasi_visible_q(user: User) -> Q:
    return instansi_q(user) if can_read_instansi(user) else Q(pk__in=[])


def rekomendasi_get_for_user(*, user: User, rekomendasi_id: Any) -> Rekomendasi:
    obj = (
        Rekomendasi.objects.filter(rekomendasi_visible_q(user), pk=id_or_404(rekomendasi_id))
        .select_related(
            "pegawai",
            "pegawai__jabatan",
            "pegawai__unit_kerja",
            "pegawai__golongan",
            "golongan_baru",
            "jabatan_tujuan",
            "jabatan_tujuan__unit_kerja",
            "ditinjau_oleh",
            "diputuskan_oleh",
            "diterapkan_oleh",
        )
        .first()
    )
    if obj is None:
        raise Http404
    return obj
