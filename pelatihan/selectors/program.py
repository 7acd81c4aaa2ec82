"""Reads of the training catalogue, scoped to the user's instansi."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from pegawai.models import Pegawai, User
from pegawai.permissions import can_edit_instansi, id_or_404, instansi_q
from pelatihan.models import ProgramKompetensi, ProgramPelatihan
from pelatihan.rules import memenuhi_syarat_program


def _with_related(qs: QuerySet[ProgramPelatihan]) -> QuerySet[ProgramPelatihan]:
    return qs.select_related("golongan_minimal", "golongan_maksimal").prefetch_related(
        Prefetch(
            "kompetensi_dibangun",
            queryset=ProgramKompetensi.objects.select_related("kompetensi").order_by("kompetensi__kode"),
        )
    )


def program_list_for_user(
    *,
    user: User,
    tahun: int | None = None,
    bentuk: str | None = None,
    kompetensi_id: int | None = None,
    q: str | None = None,
    aktif: bool | None = None,
) -> QuerySet[ProgramPelatihan]:
    """The catalogue of the user's instansi, filtered; every user of the instansi reads it."""
    qs = ProgramPelatihan.objects.filter(instansi_q(user))
    if tahun:
        qs = qs.filter(tahun=tahun)
    if bentuk:
        qs = qs.filter(bentuk=bentuk)
    if kompetensi_id:
        qs = qs.filter(kompetensi_dibangun__kompetensi_id=kompetensi_id)
    if q:
        qs = qs.filter(Q(nama__icontains=q) | Q(kode__icontains=q) | Q(penyelenggara__icontains=q))
    if aktif is not None:
        qs = qs.filter(is_active=aktif)
    return _with_related(qs).order_by("-tahun", "nama", "id")


def program_get_for_user(*, user: User, program_id: Any, rw: bool = False) -> ProgramPelatihan:
    """A programme of the user's instansi (404 otherwise); with ``rw`` only BKD may have it (403)."""
    obj = _with_related(ProgramPelatihan.objects.filter(instansi_q(user), pk=id_or_404(program_id))).first()
    if obj is None:
        raise Http404
    if rw and not can_edit_instansi(user):
        raise PermissionDenied
    return obj


def program_memenuhi_syarat(program: ProgramPelatihan, pegawai: Pegawai) -> bool:
    """Whether ``pegawai`` may join ``program`` (golongan and jabatan loaded with the objects)."""
    gmin, gmaks = program.golongan_minimal, program.golongan_maksimal
    sejenis = pegawai.golongan.jenis_asn
    return memenuhi_syarat_program(
        jenis_jabatan_program=program.jenis_jabatan,
        golongan_minimal_urutan=gmin.urutan if gmin is not None and gmin.jenis_asn == sejenis else None,
        golongan_maksimal_urutan=gmaks.urutan if gmaks is not None and gmaks.jenis_asn == sejenis else None,
        jenis_jabatan_pegawai=pegawai.jabatan.jenis if pegawai.jabatan is not None else None,
        golongan_urutan_pegawai=pegawai.golongan.urutan,
    )


def program_penutup_map(
    *, instansi_id: int, tahun: int, kompetensi_ids: Iterable[int]
) -> dict[int, list[tuple[ProgramPelatihan, int]]]:
    """kompetensi id → [(active programme of the year, level it builds)], highest level first.
    One query with the programmes joined."""
    out: dict[int, list[tuple[ProgramPelatihan, int]]] = {}
    ids = sorted(set(kompetensi_ids))
    if not ids:
        return out
    rows = (
        ProgramKompetensi.objects.filter(
            kompetensi_id__in=ids, program__instansi_id=instansi_id, program__tahun=tahun, program__is_active=True
        )
        .select_related("program", "program__golongan_minimal", "program__golongan_maksimal")
        .order_by("kompetensi_id", "-level", "program__nama")
    )
    for row in rows:
        out.setdefault(row.kompetensi_id, []).append((row.program, row.level))
    return out
