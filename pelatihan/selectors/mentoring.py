"""Reads of mentoring: mentee and mentor candidates with their reasons (set-based, a constant
number of queries whatever the size of the instansi), the pairing input, and the pairs and
sessions each user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from common.policies import Kebijakan
from pegawai.models import Instansi, Pegawai, User
from pegawai.permissions import can_edit_instansi, can_read_instansi, id_or_404, instansi_q, pegawai_of_user
from pegawai.selectors import kebijakan_get
from pelatihan.models import PasanganMentoring, PenjodohanMentoring, SesiMentoring
from pelatihan.penjodohan import Calon, tingkat_jabatan
from pelatihan.selectors.dasar import level_efektif_map
from penilaian.rules import (
    LEVEL_KINERJA_PREDIKAT,
    PREDIKAT_MINIMAL_BAIK,
    PREDIKAT_PERLU_PEMBINAAN,
    kotak_talenta,
    level_potensi,
)
from penilaian.selectors.kompetensi_dasar import (
    potensi_map,
    predikat_tahunan_map,
    predikat_terakhir_map,
    standar_map,
)

# reasons a pegawai is a mentee candidate
BARU_CPNS = "baru_cpns"
BARU_JABATAN = "baru_jabatan"
PREDIKAT = "predikat"
KOTAK = "kotak"
# annual predikat looked at for mentors: this many years up to the pairing year
TAHUN_MENTOR_DILIHAT = 4

BERJALAN = (PasanganMentoring.Status.USULAN, PasanganMentoring.Status.AKTIF)
# calon_build reads only the rows asked for (and their atasan chain) up to this many pegawai
SEDIKIT = 50


def tanggal_acuan(tahun: int, hari_ini: datetime.date | None = None) -> datetime.date:
    """The date the candidates are judged on: today, kept within the pairing year."""
    hari_ini = hari_ini or timezone.localdate()
    return min(max(hari_ini, datetime.date(tahun, 1, 1)), datetime.date(tahun, 12, 31))


def _tahun_lalu(tanggal: datetime.date, tahun: int) -> datetime.date:
    try:
        return tanggal.replace(year=tanggal.year - tahun)
    except ValueError:  # 29 February
        return tanggal.replace(year=tanggal.year - tahun, day=28)


@dataclass(frozen=True)
class Kandidat:
    """The mentee and mentor candidates of an instansi and year."""

    mentee: dict[int, dict[str, Any]]  # pegawai id → {"alasan": [...], "predikat": .., "kotak": ..}
    mentor: dict[int, int]  # pegawai id → slots left


def _aktif(instansi: Instansi) -> QuerySet[Pegawai]:
    return Pegawai.objects.filter(instansi=instansi, status=Pegawai.Status.AKTIF)


def kandidat_get(
    *, instansi: Instansi, tahun: int, pada: datetime.date | None = None, kebijakan: Kebijakan | None = None
) -> Kandidat:
    """Mentee candidates with their reasons, and mentor candidates with their slots left."""
    kebijakan = kebijakan or kebijakan_get(instansi=instansi)
    pada = tanggal_acuan(tahun, pada)
    batas_baru = _tahun_lalu(pada, kebijakan.mentee_masa_baru_tahun)
    mentee: dict[int, dict[str, Any]] = {}

    def tambah(pegawai_id: int, alasan: str, **detail: Any) -> None:
        row = mentee.setdefault(pegawai_id, {"alasan": []})
        row["alasan"].append(alasan)
        row.update(detail)

    aktif = _aktif(instansi)
    for pegawai_id, tmt_cpns, tmt_jabatan in aktif.filter(
        Q(tmt_cpns__gt=batas_baru) | Q(tmt_jabatan__gt=batas_baru)
    ).values_list("id", "tmt_cpns", "tmt_jabatan"):
        if tmt_cpns > batas_baru:
            tambah(pegawai_id, BARU_CPNS)
        if tmt_jabatan is not None and tmt_jabatan > batas_baru:
            tambah(pegawai_id, BARU_JABATAN)
    aktif_ids = set(aktif.values_list("id", flat=True))
    terakhir = predikat_terakhir_map(instansi_id=instansi.pk, sejak=datetime.date(tahun - 1, 1, 1))
    for pegawai_id, (predikat, _) in terakhir.items():
        if predikat in PREDIKAT_PERLU_PEMBINAAN and pegawai_id in aktif_ids:
            tambah(pegawai_id, PREDIKAT, predikat=predikat)
    tahunan_lalu = predikat_tahunan_map(instansi_id=instansi.pk, tahun=tahun - 1)
    for pegawai_id, skor in potensi_map(instansi_id=instansi.pk, pegawai_ids=tahunan_lalu.keys()).items():
        kinerja = LEVEL_KINERJA_PREDIKAT.get(tahunan_lalu[pegawai_id])
        if kinerja is None or pegawai_id not in aktif_ids:
            continue
        potensi = level_potensi(
            skor, tinggi=kebijakan.potensi_tinggi_minimal, menengah=kebijakan.potensi_menengah_minimal
        )
        kotak = kotak_talenta(kinerja, potensi)
        if kotak in kebijakan.kotak_mentee:
            tambah(pegawai_id, KOTAK, kotak=kotak)

    per_tahun = [
        predikat_tahunan_map(instansi_id=instansi.pk, tahun=t) for t in range(tahun, tahun - TAHUN_MENTOR_DILIHAT, -1)
    ]
    terpakai = dict(
        PasanganMentoring.objects.filter(instansi=instansi, tahun=tahun, status=PasanganMentoring.Status.AKTIF)
        .values("mentor_id")
        .annotate(n=Count("id"))
        .values_list("mentor_id", "n")
    )
    mentor: dict[int, int] = {}
    for pegawai_id in aktif_ids - mentee.keys():
        dua = [p[pegawai_id] for p in per_tahun if pegawai_id in p][:2]
        if len(dua) == 2 and all(p in PREDIKAT_MINIMAL_BAIK for p in dua):
            sisa = kebijakan.kapasitas_mentor - terpakai.get(pegawai_id, 0)
            if sisa > 0:
                mentor[pegawai_id] = sisa
    return Kandidat(mentee=mentee, mentor=mentor)


def calon_build(
    *,
    instansi: Instansi,
    mentee_ids: set[int],
    mentor_kapasitas: dict[int, int],
) -> tuple[list[Calon], list[Calon]]:
    """The pairing input: each candidate's golongan, jabatan level, field, atasan chain,
    effective kompetensi levels and (mentees) gaps against their jabatan standard. For a few
    pegawai (a pair made by hand) only their rows are read, and the atasan chain one level per
    query; for a pairing run, every active pegawai in one query."""
    perlu = mentee_ids | mentor_kapasitas.keys()
    qs = _aktif(instansi)
    if len(perlu) <= SEDIKIT:
        qs = qs.filter(pk__in=perlu)
    rows = list(
        qs.values_list(
            "id",
            "atasan_id",
            "golongan__urutan",
            "jabatan_id",
            "jabatan__jenis",
            "jabatan__jenjang",
            "jabatan__nama",
            "unit_kerja_id",
            "unit_kerja__path",
        )
    )
    atasan = {r[0]: r[1] for r in rows}
    if len(perlu) <= SEDIKIT:
        belum = {a for a in atasan.values() if a is not None and a not in atasan}
        while belum:
            baris = dict(Pegawai.objects.filter(pk__in=belum).values_list("id", "atasan_id"))
            atasan.update(baris)
            belum = {a for a in baris.values() if a is not None and a not in atasan}
    level = level_efektif_map(perlu)
    standar = standar_map({r[3] for r in rows if r[0] in mentee_ids and r[3]})
    mentee: list[Calon] = []
    mentor: list[Calon] = []
    for pegawai_id, _, gol, jabatan_id, jenis, jenjang, nama, unit_id, path in rows:
        if pegawai_id not in perlu:
            continue
        lv = {k: v[0] for k, v in level.get(pegawai_id, {}).items()}
        induk = int(path.split("/", 1)[0]) if path else (unit_id or 0)
        dasar: dict[str, Any] = {
            "id": pegawai_id,
            "golongan_urutan": gol,
            "tingkat_jabatan": tingkat_jabatan(jenis, jenjang),
            "unit_induk": induk,
            "unit_kerja": unit_id or 0,
            "nama_jabatan": nama or "",
            "level": lv,
        }
        if pegawai_id in mentee_ids:
            rantai: set[int] = set()
            naik = atasan.get(pegawai_id)
            while naik is not None and naik not in rantai:
                rantai.add(naik)
                naik = atasan.get(naik)
            gap = {k: req for k, req in standar.get(jabatan_id, {}).items() if lv.get(k, 0) < req}
            mentee.append(Calon(**dasar, kesenjangan=gap, atasan_rantai=frozenset(rantai)))
        else:
            mentor.append(Calon(**dasar, kapasitas=mentor_kapasitas[pegawai_id]))
    return mentee, mentor


# ---------------------------------------------------------------------------------------------
# Pairs and sessions, scoped to the user


def pasangan_visible_q(user: User) -> Q:
    """BKD and pimpinan: every pair of their instansi. Others: the pairs in which they are the
    mentor or the mentee, or the atasan of either."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if can_read_instansi(user):
        return instansi_q(user)
    me = pegawai_of_user(user)
    if me is None:
        return Q(pk__in=[])
    return Q(mentor_id=me.pk) | Q(mentee_id=me.pk) | Q(mentee__atasan_id=me.pk) | Q(mentor__atasan_id=me.pk)


def peran_pada(*, user: User, pasangan: PasanganMentoring) -> set[str]:
    """What the user is in a pair ("bkd", "mentor", "mentee"): what they may change in it."""
    out: set[str] = set()
    if can_edit_instansi(user) and user.instansi_id in (None, pasangan.instansi_id):
        out.add("bkd")
    me = pegawai_of_user(user)
    if me is not None:
        if me.pk == pasangan.mentor_id:
            out.add("mentor")
        if me.pk == pasangan.mentee_id:
            out.add("mentee")
    return out


def _pasangan_qs() -> QuerySet[PasanganMentoring]:
    return PasanganMentoring.objects.select_related(
        "mentor__jabatan",
        "mentor__golongan",
        "mentor__unit_kerja",
        "mentee__jabatan",
        "mentee__golongan",
        "mentee__unit_kerja",
        "mentee__atasan",
    )


def pasangan_list_for_user(
    *,
    user: User,
    tahun: int | None = None,
    status: str | None = None,
    q: str | None = None,
    unit_kerja_id: int | None = None,
) -> QuerySet[PasanganMentoring]:
    qs = _pasangan_qs().filter(pasangan_visible_q(user)).annotate(jumlah_sesi=Count("sesi"))
    if tahun:
        qs = qs.filter(tahun=tahun)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(mentor__nama__icontains=q) | Q(mentee__nama__icontains=q) | Q(mentee__nip=q))
    if unit_kerja_id:
        qs = qs.filter(Q(mentee__unit_kerja_id=unit_kerja_id) | Q(mentor__unit_kerja_id=unit_kerja_id))
    return qs.order_by("-tahun", "status", "-skor", "id")


def pasangan_get_for_user(*, user: User, pasangan_id: Any) -> PasanganMentoring:
    obj = _pasangan_qs().filter(pasangan_visible_q(user), pk=id_or_404(pasangan_id)).first()
    if obj is None:
        raise Http404
    return obj


def pasangan_tim_for_user(*, user: User) -> QuerySet[PasanganMentoring]:
    """An atasan's overview: pairs in which a direct subordinate is the mentee or the mentor."""
    me = pegawai_of_user(user)
    if me is None:
        return PasanganMentoring.objects.none()
    return (
        _pasangan_qs()
        .filter(Q(mentee__atasan_id=me.pk) | Q(mentor__atasan_id=me.pk))
        .annotate(jumlah_sesi=Count("sesi"))
        .order_by("-tahun", "mentee__nama", "id")
    )


def pasangan_saya(*, user: User) -> QuerySet[PasanganMentoring]:
    """The pairs in which the user is the mentee or the mentor."""
    me = pegawai_of_user(user)
    if me is None:
        return PasanganMentoring.objects.none()
    return (
        _pasangan_qs()
        .filter(Q(mentee_id=me.pk) | Q(mentor_id=me.pk))
        .exclude(status=PasanganMentoring.Status.DIBATALKAN)
        .annotate(jumlah_sesi=Count("sesi"))
        .order_by("-tahun", "id")
    )


def sesi_list(*, pasangan: PasanganMentoring) -> QuerySet[SesiMentoring]:
    return SesiMentoring.objects.filter(pasangan=pasangan).select_related("dicatat_oleh")


def penjodohan_terakhir(*, user: User, tahun: int) -> PenjodohanMentoring | None:
    return (
        PenjodohanMentoring.objects.filter(instansi_q(user), tahun=tahun)
        .select_related("dimulai_oleh")
        .order_by("-created_at", "-id")
        .first()
    )


def penjodohan_get_for_user(*, user: User, penjodohan_id: Any) -> PenjodohanMentoring:
    if not can_read_instansi(user):
        raise Http404
    obj = PenjodohanMentoring.objects.filter(instansi_q(user), pk=id_or_404(penjodohan_id)).first()
    if obj is None:
        raise Http404
    return obj


def status_hitungan(*, user: User, tahun: int) -> dict[str, int]:
    """Pairs of the year per status (one query)."""
    rows = (
        PasanganMentoring.objects.filter(instansi_q(user), tahun=tahun)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    out = dict.fromkeys(PasanganMentoring.Status.values, 0)
    out.update(dict(rows))
    return out
