"""Shared reads of the development ledger that every area builds on, set-based: JP per pegawai
and year, and each pegawai's effective level per kompetensi (assessed, raised by completed
training after the assessment)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Sum

from pelatihan.models import PasanganMentoring, ProgramKompetensi, RiwayatPelatihan, SesiMentoring
from penilaian.selectors.kompetensi_dasar import level_kompetensi_map

STATUS_PASANGAN_BERJALAN = (PasanganMentoring.Status.AKTIF, PasanganMentoring.Status.SELESAI)


def jp_tahun_map(*, instansi_id: int, tahun: int, pegawai_ids: Iterable[int] | None = None) -> dict[int, Decimal]:
    """pegawai id → JP recorded in ``tahun``: completed training records plus the sessions of the
    mentoring or coaching pairs in which they are the mentee. Pegawai with no JP are absent.
    Two queries."""
    ids = sorted(set(pegawai_ids)) if pegawai_ids is not None else None
    pelatihan = RiwayatPelatihan.objects.filter(
        instansi_id=instansi_id, tahun=tahun, status=RiwayatPelatihan.Status.SELESAI
    )
    sesi = SesiMentoring.objects.filter(
        pasangan__instansi_id=instansi_id,
        pasangan__status__in=STATUS_PASANGAN_BERJALAN,
        tanggal__year=tahun,
    )
    if ids is not None:
        pelatihan = pelatihan.filter(pegawai_id__in=ids)
        sesi = sesi.filter(pasangan__mentee_id__in=ids)
    out: dict[int, Decimal] = defaultdict(Decimal)
    for pegawai_id, jp in pelatihan.values("pegawai_id").annotate(jp=Sum("jp")).values_list("pegawai_id", "jp"):
        out[pegawai_id] += jp
    for pegawai_id, jp in (
        sesi.values("pasangan__mentee_id").annotate(jp=Sum("jp")).values_list("pasangan__mentee_id", "jp")
    ):
        out[pegawai_id] += jp
    return dict(out)


def level_efektif_map(pegawai_ids: Iterable[int]) -> dict[int, dict[int, tuple[int, str, datetime.date]]]:
    """pegawai id → kompetensi id → (level, source, date). The source is "asesmen" for the latest
    assessed level, or "pelatihan" when a training completed after that assessment (or with no
    assessment at all) builds the kompetensi to a higher level: completed training feeds the next
    assessment of the gap until a new assessment replaces it."""
    ids = sorted(set(pegawai_ids))
    out: dict[int, dict[int, tuple[int, str, datetime.date]]] = {
        p: {k: (level, "asesmen", tanggal) for k, (level, tanggal) in levels.items()}
        for p, levels in level_kompetensi_map(ids).items()
    }
    if not ids:
        return out
    selesai = RiwayatPelatihan.objects.filter(
        pegawai_id__in=ids, status=RiwayatPelatihan.Status.SELESAI, program__isnull=False
    ).values_list("pegawai_id", "program_id", "tanggal_selesai")
    per_program: dict[int, list[tuple[int, int]]] = defaultdict(list)
    riwayat = list(selesai)
    program_ids = {program_id for _, program_id, _ in riwayat}
    for program_id, kompetensi_id, level in ProgramKompetensi.objects.filter(program_id__in=program_ids).values_list(
        "program_id", "kompetensi_id", "level"
    ):
        per_program[program_id].append((kompetensi_id, level))
    for pegawai_id, program_id, tanggal in riwayat:
        levels = out.setdefault(pegawai_id, {})
        for kompetensi_id, level in per_program.get(program_id, ()):
            lama = levels.get(kompetensi_id)
            if lama is None or (tanggal >= lama[2] and level > lama[0]):
                levels[kompetensi_id] = (level, "pelatihan", tanggal)
    return out
