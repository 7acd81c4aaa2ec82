"""Reads of training needs, requests and target jabatan, scoped to the user: BKD and pimpinan see
their instansi, an atasan their direct subordinates, a pegawai themself."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from pegawai.models import Pegawai, User
from pegawai.permissions import can_edit_instansi, can_read_instansi, id_or_404, instansi_q, pegawai_of_user
from pelatihan.models import KebutuhanPelatihan, PermintaanPelatihan, ProgramPelatihan, TargetJabatan
from pelatihan.rules import JenisKebutuhan
from pelatihan.selectors.dasar import level_efektif_map
from pelatihan.selectors.program import program_memenuhi_syarat, program_penutup_map
from penilaian.models import Kompetensi
from penilaian.selectors.kompetensi_dasar import standar_map


def pegawai_kebutuhan_q(user: User, prefix: str = "pegawai__") -> Q:
    """Whose needs and requests a user sees: BKD and pimpinan their instansi; anyone else
    themself and their direct subordinates."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if can_read_instansi(user) or (user.is_superuser and user.instansi_id is None):
        return instansi_q(user, f"{prefix}instansi_id")
    me = pegawai_of_user(user)
    if me is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}id": me.pk}) | Q(**{f"{prefix}atasan_id": me.pk})


def kebutuhan_list_for_user(
    *,
    user: User,
    tahun: int | None = None,
    jenis: str | None = None,
    status: str | None = None,
    unit_kerja_id: int | None = None,
    kompetensi_id: int | None = None,
    q: str | None = None,
    pegawai_id: int | None = None,
    tim: bool = False,
) -> QuerySet[KebutuhanPelatihan]:
    """Needs the user may see, filtered; ``tim`` keeps the direct subordinates of the user only."""
    qs = KebutuhanPelatihan.objects.filter(pegawai_kebutuhan_q(user))
    if tim:
        me = pegawai_of_user(user)
        qs = qs.filter(pegawai__atasan_id=me.pk if me else 0)
    if tahun:
        qs = qs.filter(tahun=tahun)
    if jenis:
        qs = qs.filter(jenis=jenis)
    if status:
        qs = qs.filter(status=status)
    if unit_kerja_id:
        qs = qs.filter(pegawai__unit_kerja_id=unit_kerja_id)
    if kompetensi_id:
        qs = qs.filter(kompetensi_id=kompetensi_id)
    if pegawai_id:
        qs = qs.filter(pegawai_id=pegawai_id)
    if q:
        qs = qs.filter(Q(pegawai__nama__icontains=q) | Q(pegawai__nip__startswith=q))
    return qs.select_related(
        "pegawai", "pegawai__unit_kerja", "kompetensi", "program", "jabatan", "permintaan"
    ).order_by("-prioritas", "pegawai__nama", "id")


def kebutuhan_per_jenis(qs: QuerySet[KebutuhanPelatihan]) -> list[tuple[str, str, int]]:
    """(jenis, label, count) for every jenis, in one aggregate query."""
    hitung = dict(qs.order_by().values("jenis").annotate(n=Count("id")).values_list("jenis", "n"))
    return [(value, str(label), hitung.get(value, 0)) for value, label in JenisKebutuhan.choices]


def kebutuhan_get_for_user(*, user: User, kebutuhan_id: Any) -> KebutuhanPelatihan:
    obj = kebutuhan_list_for_user(user=user).filter(pk=id_or_404(kebutuhan_id)).first()
    if obj is None:
        raise Http404
    return obj


def permintaan_list_for_user(
    *, user: User, tahun: int | None = None, status: str | None = None, tim: bool = False, saya: bool = False
) -> QuerySet[PermintaanPelatihan]:
    """Requests the user may see: ``saya`` their own, ``tim`` their direct subordinates'."""
    qs = PermintaanPelatihan.objects.filter(pegawai_kebutuhan_q(user))
    me = pegawai_of_user(user)
    if saya:
        qs = qs.filter(pegawai_id=me.pk if me else 0)
    if tim:
        qs = qs.filter(pegawai__atasan_id=me.pk if me else 0)
    if tahun:
        qs = qs.filter(tahun=tahun)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("pegawai", "program", "kompetensi", "ditanggapi_oleh").order_by("-created_at", "-id")


def boleh_tanggapi(user: User, permintaan: PermintaanPelatihan) -> bool:
    """The direct atasan of the pegawai, or BKD of the instansi."""
    if can_edit_instansi(user):
        return True
    me = pegawai_of_user(user)
    return me is not None and permintaan.pegawai.atasan_id == me.pk


def permintaan_get_for_user(*, user: User, permintaan_id: Any, aksi: str = "lihat") -> PermintaanPelatihan:
    """A request the user may see (404 otherwise). ``aksi`` "batal": only the pegawai themself;
    "tanggapi": their direct atasan or BKD; others who see it get 403."""
    obj = permintaan_list_for_user(user=user).filter(pk=id_or_404(permintaan_id)).first()
    if obj is None:
        raise Http404
    me = pegawai_of_user(user)
    if aksi == "batal" and (me is None or obj.pegawai_id != me.pk):
        raise PermissionDenied
    if aksi == "tanggapi" and not boleh_tanggapi(user, obj):
        raise PermissionDenied
    return obj


def target_jabatan_list(*, pegawai: Pegawai) -> QuerySet[TargetJabatan]:
    return (
        TargetJabatan.objects.filter(pegawai=pegawai, is_active=True)
        .select_related("jabatan", "jabatan__unit_kerja")
        .order_by("-sumber", "jabatan__nama")
    )


def target_jabatan_list_for_user(*, user: User) -> QuerySet[TargetJabatan]:
    return (
        TargetJabatan.objects.filter(pegawai_kebutuhan_q(user), is_active=True)
        .select_related("pegawai", "jabatan")
        .order_by("pegawai__nama", "jabatan__nama", "id")
    )


def target_jabatan_get_for_user(*, user: User, target_id: Any) -> TargetJabatan:
    """A target the user may see (404); only BKD, or the pegawai for their own aspiration, may
    remove it (403)."""
    obj = target_jabatan_list_for_user(user=user).filter(pk=id_or_404(target_id)).first()
    if obj is None:
        raise Http404
    me = pegawai_of_user(user)
    milik_sendiri = me is not None and obj.pegawai_id == me.pk and obj.sumber == TargetJabatan.Sumber.PEGAWAI
    if not (can_edit_instansi(user) or milik_sendiri):
        raise PermissionDenied
    return obj


# ---------------------------------------------------------------------------------------------
# "Kebutuhan saya": gaps against the current and target jabatan, with the programmes closing them


@dataclass
class Kesenjangan:
    kompetensi: Kompetensi
    dibutuhkan: int
    dicapai: int
    sumber: str
    tanggal: datetime.date | None
    program: list[tuple[ProgramPelatihan, int, bool]] = field(default_factory=list)

    @property
    def gap(self) -> int:
        return max(self.dibutuhkan - self.dicapai, 0)


@dataclass
class ProfilJabatan:
    jabatan_id: int
    nama: str
    target: TargetJabatan | None
    baris: list[Kesenjangan]

    @property
    def kesenjangan(self) -> list[Kesenjangan]:
        return [b for b in self.baris if b.gap > 0]


def kesenjangan_pegawai(*, pegawai: Pegawai, tahun: int) -> list[ProfilJabatan]:
    """The pegawai's levels against the standard of their current jabatan and of each active
    target, with, for each gap, the active programmes of ``tahun`` that build the kompetensi
    (and whether the pegawai is eligible). A constant number of queries."""
    targets = list(target_jabatan_list(pegawai=pegawai))
    jabatan: list[tuple[int, str, TargetJabatan | None]] = []
    if pegawai.jabatan_id and pegawai.jabatan is not None:
        jabatan.append((pegawai.jabatan_id, pegawai.jabatan.nama, None))
    jabatan.extend((t.jabatan_id, t.jabatan.nama, t) for t in targets)
    standar = standar_map(j for j, _n, _t in jabatan)
    kompetensi_ids = {k for levels in standar.values() for k in levels}
    nama = Kompetensi.objects.in_bulk(kompetensi_ids)
    levels = level_efektif_map([pegawai.pk]).get(pegawai.pk, {})
    kurang = {k for levels_j in standar.values() for k, lv in levels_j.items() if levels.get(k, (0, "", None))[0] < lv}
    penutup = program_penutup_map(instansi_id=pegawai.instansi_id, tahun=tahun, kompetensi_ids=kurang)
    out: list[ProfilJabatan] = []
    for jabatan_id, jabatan_nama, target in jabatan:
        baris: list[Kesenjangan] = []
        for kompetensi_id, dibutuhkan in sorted(standar.get(jabatan_id, {}).items(), key=lambda kv: nama[kv[0]].kode):
            level, sumber, tanggal = levels.get(kompetensi_id, (0, "", None))
            row = Kesenjangan(nama[kompetensi_id], dibutuhkan, level, sumber, tanggal)
            if row.gap > 0:
                row.program = [
                    (p, lv, program_memenuhi_syarat(p, pegawai))
                    for p, lv in penutup.get(kompetensi_id, [])
                    if lv > level
                ]
            baris.append(row)
        out.append(ProfilJabatan(jabatan_id, jabatan_nama, target, baris))
    return out
