"""The yearly 9-box placement (DOMAIN.md §3, PermenPANRB 3/2020) and the KRS proposals
(PP 11/2017 Pasal 199).

Placement: every active pegawai of the instansi gets one row of the year with the annual
predikat mapped to a kinerja level by the policy, the latest potensi score mapped to a potensi
level by the policy's cut-offs, the box, last year's box, and the unit, jabatan type and golongan
they had then. Set-based: a fixed number of reads, one upsert (one statement on PostgreSQL),
one delete.

KRS: pegawai of boxes 9, 8 and 7 whose competencies fit their jabatan (JPM), who met the yearly
development duty (JP), whose predikat was at least Baik in each of the last two years and who
serve no hukdis sedang or berat (policy switch) are proposed to the committee, each with the
conditions and their values.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from common.policies import Kebijakan
from karier.models import JenisRekomendasi, PenempatanTalenta
from karier.rules import KOTAK_KRS
from pegawai.models import HukumanDisiplin, Instansi, Jabatan, Pegawai, User
from pelatihan.selectors.dasar import jp_tahun_map, level_efektif_map
from penilaian.rules import LevelKinerja, Predikat, jpm, kotak_talenta, level_potensi
from penilaian.selectors.kompetensi_dasar import potensi_map, predikat_tahunan_map, standar_map

from .rekomendasi import HasilUsulan, Usulan, rekomendasi_usulkan

TAHUN_MINIMAL = 2000
TAHUN_MAKSIMAL = 2100
BATCH = 4000  # rows per upsert (13 columns: well under PostgreSQL's 65,535 parameters)
PREDIKAT_MINIMAL_BAIK = (Predikat.SANGAT_BAIK, Predikat.BAIK)
JENIS_JPT = (Jabatan.Jenis.JPT_UTAMA, Jabatan.Jenis.JPT_MADYA, Jabatan.Jenis.JPT_PRATAMA)
TINGKAT_MEMBLOKIR = (HukumanDisiplin.Tingkat.SEDANG, HukumanDisiplin.Tingkat.BERAT)


@dataclass(frozen=True)
class HasilTalenta:
    dipetakan: int  # placed in a box
    tanpa_kotak: int  # an axis is missing
    per_kotak: dict[int, int]


def _cek_tahun(tahun: int) -> None:
    if not TAHUN_MINIMAL <= tahun <= TAHUN_MAKSIMAL:
        raise ValidationError(
            {"tahun": _("Tahun harus antara %(min)d dan %(max)d.") % {"min": TAHUN_MINIMAL, "max": TAHUN_MAKSIMAL}}
        )


def level_kinerja_dari(predikat: str | None, kebijakan: Kebijakan) -> str:
    """The kinerja level of an annual predikat under the policy ("" without a predikat)."""
    if not predikat:
        return ""
    if predikat in kebijakan.kinerja_di_atas_predikat:
        return LevelKinerja.DI_ATAS
    if predikat in kebijakan.kinerja_sesuai_predikat:
        return LevelKinerja.SESUAI
    return LevelKinerja.DI_BAWAH


def level_potensi_dari(skor: Decimal | None, kebijakan: Kebijakan) -> str:
    """The potensi level of a score under the policy's cut-offs ("" without a score)."""
    if skor is None:
        return ""
    return level_potensi(
        skor, tinggi=kebijakan.potensi_tinggi_minimal, menengah=kebijakan.potensi_menengah_minimal
    ).value


@transaction.atomic
def talenta_hitung(*, instansi: Instansi, tahun: int, kebijakan: Kebijakan) -> HasilTalenta:
    """Place every active pegawai of the instansi on the 9-box of ``tahun`` (upsert by pegawai and
    year, so a rerun gives the same rows) and remove the year's rows of pegawai no longer active
    there. The box is empty when the annual predikat or the potensi score is missing."""
    _cek_tahun(tahun)
    pegawai = list(
        Pegawai.objects.filter(instansi=instansi, status=Pegawai.Status.AKTIF)
        .order_by("pk")
        .values_list("pk", "unit_kerja_id", "jabatan__jenis", "golongan_id")
    )
    predikat = predikat_tahunan_map(instansi_id=instansi.pk, tahun=tahun)
    potensi = potensi_map(instansi_id=instansi.pk)
    lalu = dict(
        PenempatanTalenta.objects.filter(instansi=instansi, tahun=tahun - 1, kotak__isnull=False).values_list(
            "pegawai_id", "kotak"
        )
    )
    kolom: dict[str, list[Any]] = {f: [] for f in KOLOM_UPSERT}
    per_kotak = dict.fromkeys(range(1, 10), 0)
    for pegawai_id, unit_kerja_id, jenis_jabatan, golongan_id in pegawai:
        p = predikat.get(pegawai_id, "")
        skor = potensi.get(pegawai_id)
        kinerja = level_kinerja_dari(p, kebijakan)
        pot = level_potensi_dari(skor, kebijakan)
        kotak = kotak_talenta(kinerja, pot) if kinerja and pot else None
        if kotak is not None:
            per_kotak[kotak] += 1
        nilai = (pegawai_id, unit_kerja_id, jenis_jabatan or "", golongan_id, p, kinerja, skor, pot, kotak)
        for f, v in zip(KOLOM_UPSERT, (*nilai, lalu.get(pegawai_id)), strict=True):
            kolom[f].append(v)
    _upsert(instansi_id=instansi.pk, tahun=tahun, kolom=kolom)
    PenempatanTalenta.objects.filter(instansi=instansi, tahun=tahun).exclude(
        pegawai__instansi=instansi, pegawai__status=Pegawai.Status.AKTIF
    ).delete()
    dipetakan = sum(per_kotak.values())
    return HasilTalenta(dipetakan=dipetakan, tanpa_kotak=len(pegawai) - dipetakan, per_kotak=per_kotak)


# the placement columns written per pegawai, with their PostgreSQL array types
KOLOM_UPSERT: dict[str, str] = {
    "pegawai_id": "bigint",
    "unit_kerja_id": "bigint",
    "jenis_jabatan": "text",
    "golongan_id": "bigint",
    "predikat": "text",
    "level_kinerja": "text",
    "skor_potensi": "numeric",
    "level_potensi": "text",
    "kotak": "smallint",
    "kotak_sebelumnya": "smallint",
}


def _upsert(*, instansi_id: int, tahun: int, kolom: dict[str, list[Any]]) -> None:
    """Insert or update the year's rows by (pegawai, tahun). On PostgreSQL one statement over
    arrays (unnest), so 100,000 rows take seconds; elsewhere (the embedded SQLite)
    ``bulk_create(update_conflicts=True)`` in batches does the same."""
    now = timezone.now()
    if connection.vendor == "postgresql":
        tabel = PenempatanTalenta._meta.db_table
        nama = ", ".join(KOLOM_UPSERT)
        arrays = ", ".join(f"%s::{tipe}[]" for tipe in KOLOM_UPSERT.values())
        ubah = ", ".join(f"{f} = EXCLUDED.{f}" for f in ("instansi_id", *KOLOM_UPSERT, "dihitung_pada"))
        sql = (
            f"INSERT INTO {tabel} (instansi_id, tahun, {nama}, dihitung_pada) "  # noqa: S608 (names are constants)
            f"SELECT %s, %s, u.*, %s FROM unnest({arrays}) AS u({nama}) "
            f"ON CONFLICT (pegawai_id, tahun) DO UPDATE SET {ubah}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [instansi_id, tahun, now, *kolom.values()])
        return
    rows = [
        PenempatanTalenta(
            instansi_id=instansi_id, tahun=tahun, dihitung_pada=now, **dict(zip(kolom, nilai, strict=True))
        )
        for nilai in zip(*kolom.values(), strict=True)
    ]
    PenempatanTalenta.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["pegawai", "tahun"],
        update_fields=[
            "instansi",
            *(f.removesuffix("_id") for f in KOLOM_UPSERT if f != "pegawai_id"),
            "dihitung_pada",
        ],
    )


# ---------------------------------------------------------------------------------------------
# KRS


def _angka(nilai: Decimal, desimal: int = 1) -> str:
    """A number as the user's locale writes it (84,0 in Indonesian); whole numbers without decimals."""
    if nilai == nilai.to_integral_value():
        return formats.number_format(nilai, 0)
    return formats.number_format(nilai, desimal)


def _predikat_label(p: str | None) -> str:
    return str(Predikat(p).label) if p in Predikat.values else _("belum ada")


@dataclass(frozen=True)
class SyaratKRS:
    """One pegawai's KRS conditions with their values (``dasar``) and whether all are met."""

    pegawai_id: int
    kotak: int
    jabatan_tujuan_id: int | None
    dasar: list[dict[str, Any]]
    memenuhi: bool


def _dasar(kode: str, label: str, nilai: str, teks: str, memenuhi: bool) -> dict[str, Any]:
    return {"kode": kode, "label": label, "nilai": nilai, "teks": teks, "memenuhi": memenuhi}


def _syarat_kotak(kotak: int) -> dict[str, Any]:
    teks = _("Kotak %(kotak)d (kotak KRS: %(daftar)s)") % {
        "kotak": kotak,
        "daftar": ", ".join(str(k) for k in KOTAK_KRS),
    }
    return _dasar("kotak", _("Kotak talenta"), str(kotak), teks, kotak in KOTAK_KRS)


def _syarat_jpm(standar: dict[int, int] | None, dicapai: dict[int, int], minimal: Decimal) -> dict[str, Any]:
    hasil = jpm(standar, dicapai) if standar is not None else None
    if hasil is None:
        return _dasar("jpm", _("JPM"), "", _("JPM tidak dapat dihitung: jabatan tanpa standar kompetensi"), False)
    ok = hasil.persen >= minimal
    pola = _("JPM %(jpm)s%% ≥ %(min)s%%") if ok else _("JPM %(jpm)s%% < %(min)s%%")
    teks = pola % {"jpm": formats.number_format(hasil.persen, 1), "min": _angka(minimal)}
    return _dasar("jpm", _("JPM"), str(hasil.persen), teks, ok)


def _syarat_jp(jp: Decimal, tahun: int, minimal: Decimal) -> dict[str, Any]:
    ok = jp >= minimal
    pola = _("%(jp)s JP pada %(tahun)d ≥ %(min)s JP") if ok else _("%(jp)s JP pada %(tahun)d < %(min)s JP")
    teks = pola % {"jp": _angka(jp), "tahun": tahun, "min": _angka(minimal)}
    return _dasar("jp", _("JP pengembangan"), str(jp), teks, ok)


def _syarat_predikat(tahun: int, ini: str | None, lalu: str | None) -> dict[str, Any]:
    ok = ini in PREDIKAT_MINIMAL_BAIK and lalu in PREDIKAT_MINIMAL_BAIK
    teks = _("Predikat %(t1)d: %(p1)s; %(t2)d: %(p2)s (paling rendah Baik)") % {
        "t1": tahun,
        "p1": _predikat_label(ini),
        "t2": tahun - 1,
        "p2": _predikat_label(lalu),
    }
    return _dasar("predikat", _("Predikat dua tahun terakhir"), f"{ini or ''},{lalu or ''}", teks, ok)


def _syarat_hukdis(berjalan: bool) -> dict[str, Any]:
    teks = (
        _("Sedang menjalani hukuman disiplin sedang atau berat")
        if berjalan
        else _("Tidak sedang menjalani hukuman disiplin sedang atau berat")
    )
    return _dasar("hukdis", _("Hukuman disiplin"), "berjalan" if berjalan else "", teks, not berjalan)


def _hukdis_berjalan(pegawai_ids: list[int], pada: datetime.date) -> set[int]:
    """Pegawai serving a hukdis sedang or berat on ``pada``. One query."""
    return set(
        HukumanDisiplin.objects.filter(pegawai_id__in=pegawai_ids, tingkat__in=TINGKAT_MEMBLOKIR, tmt_mulai__lte=pada)
        .filter(Q(tmt_selesai__isnull=True) | Q(tmt_selesai__gte=pada))
        .values_list("pegawai_id", flat=True)
    )


def krs_syarat(
    *,
    instansi: Instansi,
    tahun: int,
    pada: datetime.date,
    kebijakan: Kebijakan,
    pegawai_ids: list[int] | None = None,
) -> list[SyaratKRS]:
    """The KRS conditions of every active pegawai placed in a KRS box (9, 8, 7) of ``tahun``
    (or of ``pegawai_ids`` among them), each with its value and whether it is met: JPM against
    the current jabatan's standard, JP of the year, predikat of the year and the year before,
    and (policy switch) no running hukdis sedang/berat on ``pada``. A fixed number of queries."""
    qs = PenempatanTalenta.objects.filter(
        instansi=instansi,
        tahun=tahun,
        kotak__in=KOTAK_KRS,
        pegawai__instansi=instansi,
        pegawai__status=Pegawai.Status.AKTIF,
    )
    if pegawai_ids is not None:
        qs = qs.filter(pegawai_id__in=pegawai_ids)
    calon = list(
        qs.order_by("pegawai_id").values_list(
            "pegawai_id",
            "kotak",
            "pegawai__jabatan_id",
            "pegawai__jabatan__atasan_id",
            "pegawai__jabatan__atasan__jenis",
        )
    )
    ids = [c[0] for c in calon]
    if not ids:
        return []
    level = level_efektif_map(ids)
    standar = standar_map({c[2] for c in calon if c[2] is not None})
    jp = jp_tahun_map(instansi_id=instansi.pk, tahun=tahun, pegawai_ids=ids)
    predikat_ini = predikat_tahunan_map(instansi_id=instansi.pk, tahun=tahun, pegawai_ids=ids)
    predikat_lalu = predikat_tahunan_map(instansi_id=instansi.pk, tahun=tahun - 1, pegawai_ids=ids)
    hukdis = _hukdis_berjalan(ids, pada) if kebijakan.hukdis_memblokir_karier else set()
    minimal_jp = Decimal(kebijakan.jp_minimal_tahunan)
    out = []
    for pegawai_id, kotak_atau_none, jabatan_id, atasan_id, atasan_jenis in calon:
        kotak = int(kotak_atau_none or 0)  # filtered on the KRS boxes: never empty here
        dicapai = {k: v[0] for k, v in level.get(pegawai_id, {}).items()}
        dasar = [
            _syarat_kotak(kotak),
            _syarat_jpm(
                standar.get(jabatan_id, {}) if jabatan_id is not None else None,
                dicapai,
                kebijakan.jpm_cukup_optimal_minimal,
            ),
            _syarat_jp(jp.get(pegawai_id, Decimal(0)), tahun, minimal_jp),
            _syarat_predikat(tahun, predikat_ini.get(pegawai_id), predikat_lalu.get(pegawai_id)),
        ]
        if kebijakan.hukdis_memblokir_karier:
            dasar.append(_syarat_hukdis(pegawai_id in hukdis))
        out.append(
            SyaratKRS(
                pegawai_id=pegawai_id,
                kotak=kotak,
                jabatan_tujuan_id=atasan_id if atasan_id is not None and atasan_jenis not in JENIS_JPT else None,
                dasar=dasar,
                memenuhi=all(d["memenuhi"] for d in dasar),
            )
        )
    return out


@transaction.atomic
def krs_usulkan(
    *, instansi: Instansi, tahun: int, pada: datetime.date, kebijakan: Kebijakan, actor: User | None = None
) -> HasilUsulan:
    """Propose to the committee every pegawai who meets all KRS conditions of ``tahun`` (see
    ``krs_syarat``), keyed ``krs:<tahun>:<pegawai>``, with the key jabatan one level up the
    reporting line (none when that is a JPT, reached only by open selection). Open proposals of the
    year that no longer meet the rule are withdrawn; decided ones are left alone."""
    _cek_tahun(tahun)
    usulan = [
        Usulan(
            pegawai_id=s.pegawai_id,
            kunci=f"krs:{tahun}:{s.pegawai_id}",
            jabatan_tujuan_id=s.jabatan_tujuan_id,
            kotak=s.kotak,
            dasar=s.dasar,
        )
        for s in krs_syarat(instansi=instansi, tahun=tahun, pada=pada, kebijakan=kebijakan)
        if s.memenuhi
    ]
    return rekomendasi_usulkan(instansi=instansi, jenis=JenisRekomendasi.KRS, tahun=tahun, usulan=usulan, actor=actor)
