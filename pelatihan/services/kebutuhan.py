"""Training needs: the derivation every cycle, target jabatan, and the pegawai's requests.

``kebutuhan_turunkan`` turns competency gaps (current and KRS target jabatan), performance gaps,
JP shortfall, endorsed requests and mandatory programmes into needs, each with a stable ``kunci``:
a need seen again is updated, one no longer seen is closed, never duplicated. It works in batches
of pegawai ids with ``values()`` reads and upserts, so its queries per batch are constant.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.models import AuditLog
from common.services import Pesan, audit_record, notifikasi_kirim
from pegawai.models import Instansi, Jabatan, Pegawai, User
from pegawai.selectors import kebijakan_get
from pelatihan import rules
from pelatihan.models import (
    KebutuhanPelatihan,
    PermintaanPelatihan,
    ProgramPelatihan,
    RiwayatPelatihan,
    TargetJabatan,
)
from pelatihan.rules import JenisKebutuhan
from pelatihan.selectors.dasar import jp_tahun_map, level_efektif_map
from penilaian.models import EvaluasiKinerja, Kompetensi
from penilaian.rules import PREDIKAT_PERLU_PEMBINAAN, Predikat, periode_nama
from penilaian.selectors.kompetensi_dasar import predikat_terakhir_map, standar_map

BATCH_PEGAWAI = 5000
BATCH_TULIS = 5000
FIELDS_DIPERBARUI = [
    "jenis",
    "kompetensi",
    "jabatan",
    "level_dibutuhkan",
    "level_dicapai",
    "program",
    "permintaan",
    "jp_kurang",
    "prioritas",
    "dasar",
    "diperbarui_siklus",
    "updated_at",
]


# the columns a derivation writes, in the order of a row (``_Turunan._need``)
KOLOM = (
    "instansi_id",
    "pegawai_id",
    "tahun",
    "jenis",
    "kunci",
    "kompetensi_id",
    "jabatan_id",
    "level_dibutuhkan",
    "level_dicapai",
    "program_id",
    "permintaan_id",
    "jp_kurang",
    "prioritas",
    "dasar",
    "diperbarui_siklus",
    "created_at",
    "updated_at",
    "status",
    "alasan_tutup",
)
Baris = tuple[Any, ...]


class _Penulis:
    """Upserts a batch of need rows on (pegawai, tahun, kunci), keeping status and closing data.

    On PostgreSQL the rows are copied into a temporary table (COPY) and upserted from it in one
    statement: more than twice as fast as a multi-row INSERT (100,000 pegawai, 627,000 needs: 56 s
    for the whole derivation instead of 181 s with model instances and INSERT). Elsewhere
    (the embedded SQLite) ``bulk_create(update_conflicts=True)`` does the same."""

    salin = True  # COPY on PostgreSQL; tests switch it off to exercise the portable path

    @classmethod
    def buat(cls) -> Any:
        if cls.salin and connection.vendor == "postgresql":
            return cls()._salin
        return cls()._bulk

    def __init__(self) -> None:
        self.siap = False

    def _bulk(self, rows: list[Baris]) -> None:
        KebutuhanPelatihan.objects.bulk_create(
            (KebutuhanPelatihan(**dict(zip(KOLOM, r, strict=True))) for r in rows),
            batch_size=BATCH_TULIS,
            update_conflicts=True,
            unique_fields=["pegawai", "tahun", "kunci"],
            update_fields=FIELDS_DIPERBARUI,
        )

    def _salin(self, rows: list[Baris]) -> None:
        tabel = connection.ops.quote_name(KebutuhanPelatihan._meta.db_table)
        kolom = ", ".join(KOLOM)
        with connection.cursor() as cursor:
            if not self.siap:
                cursor.execute("DROP TABLE IF EXISTS kebutuhan_turunan_baru")
                cursor.execute(
                    f"CREATE TEMP TABLE kebutuhan_turunan_baru ON COMMIT DROP AS "  # noqa: S608
                    f"SELECT {kolom} FROM {tabel} WITH NO DATA"
                )
                self.siap = True
            i_dasar = KOLOM.index("dasar")
            with cursor.cursor.copy(f"COPY kebutuhan_turunan_baru ({kolom}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row((*r[:i_dasar], json.dumps(r[i_dasar]), *r[i_dasar + 1 :]))
            tetap = ("instansi_id", "pegawai_id", "tahun", "kunci", "created_at", "status", "alasan_tutup")
            kolom_ubah = [c for c in KOLOM if c not in tetap]
            cursor.execute(
                f"INSERT INTO {tabel} ({kolom}) SELECT {kolom} FROM kebutuhan_turunan_baru "  # noqa: S608
                f"ON CONFLICT (pegawai_id, tahun, kunci) DO UPDATE SET "
                + ", ".join(f"{c} = EXCLUDED.{c}" for c in kolom_ubah)
            )
            cursor.execute("TRUNCATE kebutuhan_turunan_baru")


@dataclass(frozen=True)
class HasilTurunan:
    """What one derivation did: needs created, seen again, closed, and open after it."""

    baru: int
    diperbarui: int
    ditutup: int
    terbuka: int


def _batches(instansi_id: int) -> Iterator[list[dict[str, Any]]]:
    """Active pegawai of the instansi in id order, BATCH_PEGAWAI at a time (keyset pages)."""
    terakhir = 0
    while True:
        rows: list[dict[str, Any]] = [
            dict(r)
            for r in Pegawai.objects.filter(instansi_id=instansi_id, status=Pegawai.Status.AKTIF, id__gt=terakhir)
            .order_by("id")
            .values("id", "jabatan_id", "jabatan__nama", "jabatan__jenis")[:BATCH_PEGAWAI]
        ]
        if not rows:
            return
        yield rows
        terakhir = rows[-1]["id"]


class _Turunan:
    """The state of one derivation: the policy, the programmes of the year and the names of
    kompetensi, read once; ``batch`` builds the need rows of a batch of pegawai."""

    def __init__(self, *, instansi: Instansi, tahun: int, now: datetime.datetime) -> None:
        self.instansi = instansi
        self.tahun = tahun
        self.now = now
        self.kebijakan = kebijakan_get(instansi=instansi)
        self.nama_kompetensi = dict(
            Kompetensi.objects.filter(Q(instansi__isnull=True) | Q(instansi=instansi)).values_list("id", "nama")
        )
        self.wajib = list(
            ProgramPelatihan.objects.filter(instansi=instansi, tahun=tahun, is_active=True)
            .exclude(wajib_jenis_jabatan=[])
            .values("id", "kode", "nama", "wajib_jenis_jabatan")
        )
        self.sejak = datetime.date(tahun - 1, 1, 1)

    def _kompetensi_rows(
        self,
        *,
        pegawai_id: int,
        jenis: str,
        jabatan_id: int,
        jabatan_nama: str,
        standar: dict[int, int],
        levels: dict[int, tuple[int, str, datetime.date]],
        dasar_prioritas: int,
    ) -> Iterator[Baris]:
        for kompetensi_id, dibutuhkan in standar.items():
            level, sumber, tanggal = levels.get(kompetensi_id, (0, "", None))
            gap = dibutuhkan - level
            if gap <= 0:
                continue
            prioritas = rules.prioritas_kompetensi(
                dasar=dasar_prioritas, per_level=self.kebijakan.prioritas_per_level, gap=gap
            )
            yield self._need(
                pegawai_id=pegawai_id,
                jenis=jenis,
                kunci=f"{jenis}:{jabatan_id}:{kompetensi_id}",
                prioritas=prioritas,
                kompetensi_id=kompetensi_id,
                jabatan_id=jabatan_id,
                level_dibutuhkan=dibutuhkan,
                level_dicapai=level,
                dasar={
                    "kompetensi": self.nama_kompetensi.get(kompetensi_id, ""),
                    "jabatan": jabatan_nama,
                    "dibutuhkan": dibutuhkan,
                    "dicapai": level,
                    "sumber": sumber,
                    "tanggal": tanggal.isoformat() if tanggal else "",
                    "gap": gap,
                },
            )

    def _need(
        self,
        *,
        pegawai_id: int,
        jenis: str,
        kunci: str,
        prioritas: int,
        dasar: dict[str, Any],
        kompetensi_id: int | None = None,
        jabatan_id: int | None = None,
        level_dibutuhkan: int | None = None,
        level_dicapai: int | None = None,
        program_id: int | None = None,
        permintaan_id: int | None = None,
        jp_kurang: Decimal | None = None,
    ) -> Baris:
        """One need as a row in the order of KOLOM (a tuple: 600,000 of them are cheap)."""
        return (
            self.instansi.pk,
            pegawai_id,
            self.tahun,
            jenis,
            kunci[:100],
            kompetensi_id,
            jabatan_id,
            level_dibutuhkan,
            level_dicapai,
            program_id,
            permintaan_id,
            jp_kurang,
            prioritas,
            dasar,
            self.now,
            self.now,
            self.now,
            KebutuhanPelatihan.Status.TERBUKA.value,
            "",
        )

    def batch(self, rows: list[dict[str, Any]]) -> list[Baris]:
        """The needs of one batch of pegawai: a constant number of reads, then each pegawai."""
        data = self._baca(rows)
        out: list[Baris] = []
        for r in rows:
            out.extend(self._kompetensi(r, data))
            out.extend(self._kinerja_dan_jp(r["id"], data))
            out.extend(self._permintaan_dan_wajib(r, data))
        return out

    def _baca(self, rows: list[dict[str, Any]]) -> _Bacaan:
        ids = [r["id"] for r in rows]
        target: dict[int, list[tuple[int, str]]] = {}
        for pegawai_id, jabatan_id, nama in TargetJabatan.objects.filter(
            pegawai_id__in=ids, sumber=TargetJabatan.Sumber.KRS, is_active=True
        ).values_list("pegawai_id", "jabatan_id", "jabatan__nama"):
            target.setdefault(pegawai_id, []).append((jabatan_id, nama))
        jabatan_ids = {r["jabatan_id"] for r in rows if r["jabatan_id"]}
        jabatan_ids.update(j for daftar in target.values() for j, _n in daftar)
        predikat = predikat_terakhir_map(instansi_id=self.instansi.pk, sejak=self.sejak, pegawai_ids=ids)
        perlu = {p: v for p, v in predikat.items() if v[0] in PREDIKAT_PERLU_PEMBINAAN}
        nama_periode = {
            e: periode_nama(jenis, nomor, tahun_periode)
            for e, jenis, nomor, tahun_periode in EvaluasiKinerja.objects.filter(
                pk__in=[e for _p, e in perlu.values()]
            ).values_list("id", "periode__jenis", "periode__nomor", "periode__tahun")
        }
        permintaan: dict[int, list[dict[str, Any]]] = {}
        for p in PermintaanPelatihan.objects.filter(
            pegawai_id__in=ids, tahun=self.tahun, status=PermintaanPelatihan.Status.DIDUKUNG
        ).values("id", "pegawai_id", "program_id", "program__nama", "kompetensi_id", "kompetensi__nama", "alasan"):
            permintaan.setdefault(p["pegawai_id"], []).append(dict(p))
        selesai: set[tuple[int, str]] = set()
        if self.wajib:
            selesai = set(
                RiwayatPelatihan.objects.filter(
                    pegawai_id__in=ids,
                    status=RiwayatPelatihan.Status.SELESAI,
                    program__kode__in={w["kode"] for w in self.wajib},
                ).values_list("pegawai_id", "program__kode")
            )
        return _Bacaan(
            levels=level_efektif_map(ids),
            target=target,
            standar=standar_map(jabatan_ids),
            perlu=perlu,
            nama_periode=nama_periode,
            jp=jp_tahun_map(instansi_id=self.instansi.pk, tahun=self.tahun, pegawai_ids=ids),
            permintaan=permintaan,
            selesai=selesai,
        )

    def _kompetensi(self, r: dict[str, Any], data: _Bacaan) -> Iterator[Baris]:
        """Gaps against the current jabatan, and against the target jabatan of KRS members."""
        pid = r["id"]
        lv = data.levels.get(pid, {})
        acuan = [(JenisKebutuhan.KOMPETENSI, r["jabatan_id"], r["jabatan__nama"], self.kebijakan.prioritas_kompetensi)]
        acuan += [
            (JenisKebutuhan.KOMPETENSI_TARGET, jabatan_id, nama, self.kebijakan.prioritas_kompetensi_target)
            for jabatan_id, nama in data.target.get(pid, ())
        ]
        for jenis, jabatan_id, nama, prioritas in acuan:
            if jabatan_id:
                yield from self._kompetensi_rows(
                    pegawai_id=pid,
                    jenis=jenis,
                    jabatan_id=jabatan_id,
                    jabatan_nama=nama,
                    standar=data.standar.get(jabatan_id, {}),
                    levels=lv,
                    dasar_prioritas=prioritas,
                )

    def _kinerja_dan_jp(self, pid: int, data: _Bacaan) -> Iterator[Baris]:
        kb = self.kebijakan
        if pid in data.perlu:
            nilai, evaluasi_id = data.perlu[pid]
            yield self._need(
                pegawai_id=pid,
                jenis=JenisKebutuhan.KINERJA,
                kunci="kinerja",
                prioritas=kb.prioritas_kinerja,
                dasar={"predikat": nilai, "evaluasi": evaluasi_id, "periode": data.nama_periode.get(evaluasi_id, "")},
            )
        tercatat = data.jp.get(pid, Decimal(0))
        kurang = rules.jp_kurang(tercatat, kb.jp_minimal_tahunan)
        if kurang > 0:
            yield self._need(
                pegawai_id=pid,
                jenis=JenisKebutuhan.JP,
                kunci="jp",
                prioritas=kb.prioritas_jp,
                jp_kurang=kurang,
                dasar={"tercatat": str(tercatat), "minimal": kb.jp_minimal_tahunan, "kurang": str(kurang)},
            )

    def _permintaan_dan_wajib(self, r: dict[str, Any], data: _Bacaan) -> Iterator[Baris]:
        pid = r["id"]
        for p in data.permintaan.get(pid, ()):
            yield self._need(
                pegawai_id=pid,
                jenis=JenisKebutuhan.PERMINTAAN,
                kunci=f"permintaan:{p['id']}",
                prioritas=self.kebijakan.prioritas_permintaan,
                permintaan_id=p["id"],
                program_id=p["program_id"],
                kompetensi_id=p["kompetensi_id"],
                dasar={
                    "program": p["program__nama"] or "",
                    "kompetensi": p["kompetensi__nama"] or "",
                    "alasan": p["alasan"][:300],
                },
            )
        for w in self.wajib:
            if r["jabatan__jenis"] in w["wajib_jenis_jabatan"] and (pid, w["kode"]) not in data.selesai:
                yield self._need(
                    pegawai_id=pid,
                    jenis=JenisKebutuhan.WAJIB,
                    kunci=f"wajib:{w['kode']}",
                    prioritas=self.kebijakan.prioritas_wajib,
                    program_id=w["id"],
                    dasar={"program": w["nama"], "kode": w["kode"], "jenis_jabatan": r["jabatan__jenis"]},
                )


@dataclass(frozen=True)
class _Bacaan:
    """What one batch's derivation reads, per pegawai id."""

    levels: dict[int, dict[int, tuple[int, str, datetime.date]]]
    target: dict[int, list[tuple[int, str]]]
    standar: dict[int, dict[int, int]]
    perlu: dict[int, tuple[str, int]]
    nama_periode: dict[int, str]
    jp: dict[int, Decimal]
    permintaan: dict[int, list[dict[str, Any]]]
    selesai: set[tuple[int, str]]


def kebutuhan_turunkan(*, instansi: Instansi, tahun: int, actor: Any = None) -> HasilTurunan:
    """Derive the training needs of every active pegawai of ``instansi`` for ``tahun``.

    Needs seen again keep their status (a closed one is reopened); open needs no longer seen are
    closed; allocated or fulfilled ones are left as they are. Rerun-safe: the same data gives the
    same rows. One audit row with the counts."""
    now = timezone.now()
    with transaction.atomic():
        semua = KebutuhanPelatihan.objects.filter(instansi=instansi, tahun=tahun)
        sebelum = semua.count()
        turunan = _Turunan(instansi=instansi, tahun=tahun, now=now)
        tulis = _Penulis.buat()
        dilihat = 0
        for rows in _batches(instansi.pk):
            needs = turunan.batch(rows)
            dilihat += len(needs)
            tulis(needs)
        baru = semua.count() - sebelum
        # a need closed earlier and seen again is open again
        semua.filter(status=KebutuhanPelatihan.Status.DITUTUP, diperbarui_siklus=now).update(
            status=KebutuhanPelatihan.Status.TERBUKA, ditutup_pada=None, alasan_tutup="", updated_at=now
        )
        ditutup = (
            semua.filter(status=KebutuhanPelatihan.Status.TERBUKA)
            .filter(Q(diperbarui_siklus__lt=now) | Q(diperbarui_siklus__isnull=True))
            .update(
                status=KebutuhanPelatihan.Status.DITUTUP,
                ditutup_pada=now,
                alasan_tutup=gettext("Tidak ditemukan lagi pada penurunan kebutuhan %(tanggal)s")
                % {"tanggal": timezone.localdate(now).isoformat()},
                updated_at=now,
            )
        )
        terbuka = semua.filter(status=KebutuhanPelatihan.Status.TERBUKA).count()
        hasil = HasilTurunan(baru=baru, diperbarui=dilihat - baru, ditutup=ditutup, terbuka=terbuka)
        audit_record(
            actor=actor,
            subject=instansi,
            aksi=AuditLog.Aksi.UPDATE,
            perubahan={"tahun": tahun, **hasil.__dict__},
            ringkasan=gettext("Kebutuhan pelatihan %(tahun)s diturunkan") % {"tahun": tahun},
            instansi_id=instansi.pk,
        )
    return hasil


# ---------------------------------------------------------------------------------------------
# The reason of a need, in the user's language (no queries: everything is in ``dasar``)

_SUMBER_LEVEL = {"asesmen": _("asesmen"), "pelatihan": _("pelatihan")}


def kebutuhan_alasan(kebutuhan: KebutuhanPelatihan) -> str:
    """Why ``kebutuhan`` exists, rendered from its ``jenis`` and ``dasar``."""
    d = kebutuhan.dasar or {}
    jenis = kebutuhan.jenis
    if jenis in (JenisKebutuhan.KOMPETENSI, JenisKebutuhan.KOMPETENSI_TARGET):
        if d.get("sumber"):
            dicapai = gettext("dicapai level %(level)s (%(sumber)s %(tanggal)s)") % {
                "level": d.get("dicapai", 0),
                "sumber": _SUMBER_LEVEL.get(d["sumber"], d["sumber"]),
                "tanggal": d.get("tanggal", ""),
            }
        else:
            dicapai = gettext("belum pernah dinilai")
        pola = (
            gettext(
                "%(kompetensi)s: jabatan %(jabatan)s membutuhkan level %(dibutuhkan)s, %(dicapai)s; "
                "kurang %(gap)s level"
            )
            if jenis == JenisKebutuhan.KOMPETENSI
            else gettext(
                "%(kompetensi)s: jabatan target %(jabatan)s membutuhkan level %(dibutuhkan)s, %(dicapai)s; "
                "kurang %(gap)s level"
            )
        )
        return pola % {
            "kompetensi": d.get("kompetensi", ""),
            "jabatan": d.get("jabatan", ""),
            "dibutuhkan": d.get("dibutuhkan", ""),
            "dicapai": dicapai,
            "gap": d.get("gap", ""),
        }
    if jenis == JenisKebutuhan.KINERJA:
        nilai = d.get("predikat", "")
        label = Predikat(nilai).label if nilai in Predikat.values else nilai
        return gettext(
            "Predikat kinerja %(predikat)s pada %(periode)s: perlu coaching, konseling atau pelatihan khusus"
        ) % {"predikat": label, "periode": d.get("periode", "")}
    if jenis == JenisKebutuhan.JP:
        return gettext("JP tercatat tahun ini %(tercatat)s dari minimal %(minimal)s; kurang %(kurang)s JP") % {
            "tercatat": _angka(d.get("tercatat", "")),
            "minimal": _angka(d.get("minimal", "")),
            "kurang": _angka(d.get("kurang", "")),
        }
    if jenis == JenisKebutuhan.PERMINTAAN:
        sasaran = d.get("program") or d.get("kompetensi") or ""
        return gettext("Permintaan %(sasaran)s didukung atasan: %(alasan)s") % {
            "sasaran": sasaran,
            "alasan": d.get("alasan", ""),
        }
    return gettext("Pelatihan wajib bagi jabatan ini: %(program)s (%(kode)s), belum pernah diselesaikan") % {
        "program": d.get("program", ""),
        "kode": d.get("kode", ""),
    }


# ---------------------------------------------------------------------------------------------
# Target jabatan

_KEKUATAN_SUMBER = {TargetJabatan.Sumber.PEGAWAI: 0, TargetJabatan.Sumber.BKD: 1, TargetJabatan.Sumber.KRS: 2}


@transaction.atomic
def target_jabatan_set(*, actor: Any, pegawai: Pegawai, jabatan: Jabatan, sumber: str) -> TargetJabatan:
    """Set (or reactivate) ``jabatan`` as a target of ``pegawai``. A target set by KRS or BKD keeps
    that source when the pegawai picks it too; a pegawai holds one aspiration at a time."""
    if sumber not in TargetJabatan.Sumber.values:
        raise ValidationError({"sumber": gettext("Sumber target jabatan tidak dikenal.")})
    if jabatan.instansi_id != pegawai.instansi_id:
        raise ValidationError({"jabatan": gettext("Jabatan harus dari instansi pegawai.")})
    if jabatan.pk == pegawai.jabatan_id:
        raise ValidationError({"jabatan": gettext("Jabatan target tidak boleh jabatan saat ini.")})
    if sumber == TargetJabatan.Sumber.PEGAWAI:
        TargetJabatan.objects.filter(pegawai=pegawai, sumber=sumber, is_active=True).exclude(jabatan=jabatan).update(
            is_active=False, updated_at=timezone.now()
        )
    target = TargetJabatan.objects.select_for_update().filter(pegawai=pegawai, jabatan=jabatan).first()
    if target is None:
        target = TargetJabatan.objects.create(pegawai=pegawai, jabatan=jabatan, sumber=sumber)
        aksi = AuditLog.Aksi.CREATE
    else:
        if _KEKUATAN_SUMBER[TargetJabatan.Sumber(sumber)] >= _KEKUATAN_SUMBER[TargetJabatan.Sumber(target.sumber)]:
            target.sumber = sumber
        target.is_active = True
        target.save(update_fields=["sumber", "is_active", "updated_at"])
        aksi = AuditLog.Aksi.UPDATE
    audit_record(
        actor=actor,
        subject=target,
        aksi=aksi,
        perubahan={"jabatan": jabatan.nama, "sumber": target.sumber},
        ringkasan=gettext("Target jabatan %(jabatan)s") % {"jabatan": jabatan.nama},
        instansi_id=pegawai.instansi_id,
        pegawai_id=pegawai.pk,
    )
    return target


@transaction.atomic
def target_jabatan_hapus(*, actor: Any, target: TargetJabatan) -> None:
    pegawai = target.pegawai
    audit_record(
        actor=actor,
        subject=target,
        aksi=AuditLog.Aksi.DELETE,
        perubahan={"jabatan": target.jabatan_id, "sumber": target.sumber},
        ringkasan=gettext("Target jabatan dihapus"),
        instansi_id=pegawai.instansi_id,
        pegawai_id=pegawai.pk,
    )
    target.delete()


# ---------------------------------------------------------------------------------------------
# Requests


def _tautan_permintaan() -> str:
    return reverse("pelatihan:kebutuhan-tim")


@transaction.atomic
def permintaan_ajukan(
    *,
    actor: Any,
    pegawai: Pegawai,
    tahun: int,
    alasan: str,
    program: ProgramPelatihan | None = None,
    kompetensi: Kompetensi | None = None,
) -> PermintaanPelatihan:
    """The pegawai asks for a programme or a kompetensi; their atasan is notified."""
    errors: dict[str, str] = {}
    alasan = (alasan or "").strip()
    if program is None and kompetensi is None:
        errors["program"] = gettext("Pilih program atau kompetensi yang diminta.")
    if program is not None and (program.instansi_id != pegawai.instansi_id or program.tahun != tahun):
        errors["program"] = gettext("Program harus dari katalog instansi tahun %(tahun)s.") % {"tahun": tahun}
    if kompetensi is not None and kompetensi.instansi_id not in (None, pegawai.instansi_id):
        errors["kompetensi"] = gettext("Kompetensi tidak dikenal di instansi ini.")
    if not alasan:
        errors["alasan"] = gettext("Alasan wajib diisi.")
    if errors:
        raise ValidationError(errors)
    permintaan = PermintaanPelatihan.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        tahun=tahun,
        program=program,
        kompetensi=kompetensi,
        alasan=alasan,
    )
    audit_record(
        actor=actor,
        subject=permintaan,
        aksi=AuditLog.Aksi.CREATE,
        perubahan={"program": program and program.nama, "kompetensi": kompetensi and kompetensi.nama},
        ringkasan=gettext("Permintaan pelatihan diajukan"),
        instansi_id=pegawai.instansi_id,
        pegawai_id=pegawai.pk,
    )
    atasan_user = (
        User.objects.filter(pegawai__pk=pegawai.atasan_id).values_list("id", flat=True).first()
        if pegawai.atasan_id is not None
        else None
    )
    if atasan_user is not None:
        notifikasi_kirim(
            pesan=[
                Pesan(
                    user_id=atasan_user,
                    judul=gettext("Permintaan pelatihan dari %(nama)s") % {"nama": pegawai.nama},
                    isi=alasan[:500],
                    tautan=_tautan_permintaan(),
                    kunci=f"permintaan-pelatihan:{permintaan.pk}:diajukan",
                )
            ]
        )
    return permintaan


def _kunci_diajukan(permintaan_id: int) -> PermintaanPelatihan:
    permintaan = PermintaanPelatihan.objects.select_for_update().select_related("pegawai").get(pk=permintaan_id)
    if permintaan.status != PermintaanPelatihan.Status.DIAJUKAN:
        raise ValidationError(
            {"status": gettext("Permintaan sudah %(status)s.") % {"status": permintaan.get_status_display()}}
        )
    return permintaan


@transaction.atomic
def permintaan_batalkan(*, actor: Any, permintaan: PermintaanPelatihan) -> PermintaanPelatihan:
    """The pegawai withdraws a request that no one has answered yet."""
    obj = _kunci_diajukan(permintaan.pk)
    obj.status = PermintaanPelatihan.Status.DIBATALKAN
    obj.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        subject=obj,
        aksi=AuditLog.Aksi.UPDATE,
        perubahan={"status": {"lama": "diajukan", "baru": obj.status}},
        ringkasan=gettext("Permintaan pelatihan dibatalkan"),
        instansi_id=obj.instansi_id,
        pegawai_id=obj.pegawai_id,
    )
    return obj


@transaction.atomic
def permintaan_tanggapi(
    *, actor: Any, permintaan: PermintaanPelatihan, dukung: bool, tanggapan: str = ""
) -> PermintaanPelatihan:
    """The atasan (or BKD) endorses or rejects a request; a rejection needs a tanggapan. The
    pegawai is notified; an endorsed request becomes a need at the next derivation."""
    tanggapan = (tanggapan or "").strip()
    if not dukung and not tanggapan:
        raise ValidationError({"tanggapan": gettext("Tanggapan wajib diisi bila permintaan ditolak.")})
    obj = _kunci_diajukan(permintaan.pk)
    obj.status = PermintaanPelatihan.Status.DIDUKUNG if dukung else PermintaanPelatihan.Status.DITOLAK
    obj.tanggapan = tanggapan
    obj.ditanggapi_oleh = actor
    obj.ditanggapi_pada = timezone.now()
    obj.save(update_fields=["status", "tanggapan", "ditanggapi_oleh", "ditanggapi_pada", "updated_at"])
    audit_record(
        actor=actor,
        subject=obj,
        aksi=AuditLog.Aksi.UPDATE,
        perubahan={"status": {"lama": "diajukan", "baru": obj.status}, "tanggapan": tanggapan},
        ringkasan=gettext("Permintaan pelatihan ditanggapi"),
        instansi_id=obj.instansi_id,
        pegawai_id=obj.pegawai_id,
    )
    if obj.pegawai.user_id is not None:
        notifikasi_kirim(
            pesan=[
                Pesan(
                    user_id=obj.pegawai.user_id,
                    judul=gettext("Permintaan pelatihan Anda %(status)s") % {"status": obj.get_status_display()},
                    isi=tanggapan,
                    tautan=reverse("pelatihan:kebutuhan-saya"),
                    kunci=f"permintaan-pelatihan:{obj.pk}:{obj.status}",
                )
            ]
        )
    return obj


def _angka(nilai: Any) -> str:
    """A JP figure of ``dasar`` in the user's number format, without trailing zeros (18,66)."""
    try:
        return floatformat(Decimal(str(nilai)), -2)
    except InvalidOperation:
        return str(nilai)
