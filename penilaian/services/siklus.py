"""The evaluation cycle of a period (DESIGN.md, "the loop the product closes", step 3).

``siklus_mulai`` prepares the cycle row and dispatches the task after commit; the task calls
``siklus_jalankan``, which claims the row with a conditional UPDATE and runs the steps in order:

    snapshot → tutup → capaian → ikm → nilai → distribusi → notifikasi → selesai

Every step is idempotent and set-based. The ``nilai`` step walks the period's evaluation rows in
batches of pegawai ids; each batch is loaded in a few ``values()`` queries, computed in Python
with the rules, written with one UPDATE, and committed together with the cycle's ``kursor`` and
``detak``. A killed worker therefore loses at most the batch it was on, and a rerun continues at
the stored step and cursor. Rows whose computed values did not change are not written again, so a
second run leaves every row (``dihitung_pada`` included) as it was.
"""

from __future__ import annotations

import datetime
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.policies import Kebijakan
from common.services import Pesan, audit_record, notifikasi_kirim
from pegawai.models import UnitKerja, User
from pegawai.selectors import kebijakan_get
from penilaian import rules
from penilaian.hooks import setelah_siklus_hooks
from penilaian.models import (
    SKP,
    EvaluasiKinerja,
    HasilIKM,
    IndikatorKinerja,
    Periode,
    Realisasi,
    SiklusEvaluasi,
)
from penilaian.rules import Arah, JenisIndikator
from penilaian.selectors import siklus as siklus_selectors
from penilaian.selectors.ikm import ikm_unit_map
from penilaian.selectors.umpan_balik_360 import skor_360_rata_rata
from penilaian.services.ikm import ikm_hitung_periode
from penilaian.services.kalibrasi import distribusi_periksa_periode
from penilaian.services.periode import periode_snapshot

logger = logging.getLogger(__name__)

LANGKAH = ("snapshot", "tutup", "capaian", "ikm", "nilai", "distribusi", "notifikasi", "selesai")
# a running cycle that has not beaten for this long is taken to be dead and may be claimed again
BATAS_MACET = datetime.timedelta(minutes=5)
UKURAN_BATCH = 5000

Progres = Callable[[SiklusEvaluasi], None]


def _ukuran_batch(batch_size: int | None) -> int:
    ukuran = int(batch_size or getattr(settings, "SIKLUS_UKURAN_BATCH", UKURAN_BATCH) or UKURAN_BATCH)
    return max(1, ukuran)


# ---------------------------------------------------------------------------------------------
# Starting a cycle


@transaction.atomic
def siklus_mulai(*, actor: User | None, periode: Periode, kirim: bool = True) -> SiklusEvaluasi:
    """Prepare the cycle of ``periode`` and dispatch it after commit.

    A finished cycle starts again from the first step (the result is the same, see the module
    docstring); a failed or abandoned one continues where it stopped. A cycle that is running
    (a recent ``detak``) is refused. ``kirim=False`` only prepares the row (``run_cycle --sync``
    runs it in-process itself)."""
    if periode.tanggal_mulai > timezone.localdate():
        raise ValidationError({"periode": _("Periode %(nama)s belum dimulai.") % {"nama": periode.nama}})
    siklus, _created = SiklusEvaluasi.objects.select_for_update().get_or_create(periode=periode)
    now = timezone.now()
    if siklus.status == SiklusEvaluasi.Status.BERJALAN and siklus.detak and siklus.detak > now - BATAS_MACET:
        raise ValidationError({"periode": _("Siklus evaluasi periode ini sedang berjalan.")})
    if siklus.status == SiklusEvaluasi.Status.SELESAI:
        siklus.langkah, siklus.kursor, siklus.diproses, siklus.hasil = "", 0, 0, {}
        siklus.selesai_pada = None
    siklus.status = SiklusEvaluasi.Status.MENUNGGU
    siklus.galat = ""
    siklus.dimulai_oleh = actor if actor is not None and actor.pk else None
    siklus.save()
    audit_record(
        actor=actor,
        subject=siklus,
        aksi="update",
        instansi_id=periode.instansi_id,
        ringkasan=f"Siklus evaluasi {periode.nama}",
        perubahan={"langkah": siklus.langkah, "kursor": siklus.kursor},
    )
    if kirim:
        from penilaian.tasks import siklus_evaluasi_task

        siklus_id = siklus.pk
        transaction.on_commit(lambda: siklus_evaluasi_task.delay(siklus_id))
    return siklus


def siklus_akhir_periode_mulai(*, on: datetime.date | None = None) -> list[int]:
    """Start the cycle of every period that has ended and has no finished cycle (the daily
    schedule). A cycle that is running is left alone. Returns the cycle ids started."""
    on = on or timezone.localdate()
    periode_qs = (
        Periode.objects.filter(tanggal_selesai__lt=on)
        .exclude(siklus__status=SiklusEvaluasi.Status.SELESAI)
        .select_related("instansi")
        .order_by("tanggal_selesai", "id")
    )
    out: list[int] = []
    for periode in periode_qs:
        try:
            out.append(siklus_mulai(actor=None, periode=periode).pk)
        except ValidationError:
            continue
    return out


# ---------------------------------------------------------------------------------------------
# Running a cycle


def _claim(siklus_id: int) -> bool:
    now = timezone.now()
    return bool(
        SiklusEvaluasi.objects.filter(pk=siklus_id)
        .filter(
            Q(status__in=[SiklusEvaluasi.Status.MENUNGGU, SiklusEvaluasi.Status.GAGAL])
            | Q(status=SiklusEvaluasi.Status.BERJALAN, detak__lt=now - BATAS_MACET)
        )
        .update(status=SiklusEvaluasi.Status.BERJALAN, detak=now, dimulai_pada=now, galat="", updated_at=now)
    )


def _simpan(siklus: SiklusEvaluasi, **values: Any) -> None:
    """Store progress (in the caller's transaction, so that it commits with the batch)."""
    values["detak"] = values["updated_at"] = timezone.now()
    for key, value in values.items():
        setattr(siklus, key, value)
    SiklusEvaluasi.objects.filter(pk=siklus.pk).update(**values)


def siklus_jalankan(
    *,
    siklus_id: int,
    batch_size: int | None = None,
    on_progress: Progres | None = None,
) -> SiklusEvaluasi:
    """Run (or continue) a cycle. Returns the row; a cycle that another worker holds, or that has
    finished, is returned untouched. A transient database error gives the cycle back (menunggu)
    and is raised for the task to retry; any other error ends it ``gagal`` with the message,
    keeping the step and cursor for the rerun. ``on_progress`` is called after every stored
    step and batch."""
    if not _claim(siklus_id):
        return SiklusEvaluasi.objects.select_related("periode").get(pk=siklus_id)
    siklus = SiklusEvaluasi.objects.select_related("periode__instansi").get(pk=siklus_id)
    mulai = time.monotonic()
    jalan = _Jalan(siklus=siklus, batch_size=_ukuran_batch(batch_size), on_progress=on_progress)
    try:
        jalan.run(mulai)
    except (OperationalError, InterfaceError):
        SiklusEvaluasi.objects.filter(pk=siklus_id, status=SiklusEvaluasi.Status.BERJALAN).update(
            status=SiklusEvaluasi.Status.MENUNGGU
        )
        raise
    except Exception as e:
        logger.exception("siklus %s: langkah %s gagal", siklus_id, siklus.langkah)
        SiklusEvaluasi.objects.filter(pk=siklus_id).update(
            status=SiklusEvaluasi.Status.GAGAL, galat=f"{type(e).__name__}: {e}"[:2000], updated_at=timezone.now()
        )
    siklus.refresh_from_db()
    return siklus


@dataclass
class _Jalan:
    siklus: SiklusEvaluasi
    batch_size: int
    on_progress: Progres | None

    @property
    def periode(self) -> Periode:
        return self.siklus.periode

    def _lapor(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.siklus)

    def run(self, mulai: float) -> None:
        langkah = self.siklus.langkah if self.siklus.langkah in LANGKAH else LANGKAH[0]
        kebijakan = kebijakan_get(instansi=self.periode.instansi)
        for nama in LANGKAH[LANGKAH.index(langkah) :]:
            if nama != self.siklus.langkah:
                with transaction.atomic():
                    _simpan(self.siklus, langkah=nama, kursor=0, **({"diproses": 0} if nama == "nilai" else {}))
                self._lapor()
            if nama == "selesai":
                self._selesai(mulai)
            elif nama == "nilai":
                self._nilai(kebijakan)
            elif nama == "notifikasi":
                with transaction.atomic():
                    terkirim = siklus_notifikasi_kirim(periode=self.periode, jenis="siklus")
                    _simpan(self.siklus, hasil={**self.siklus.hasil, "notifikasi": terkirim})
            else:
                with transaction.atomic():
                    getattr(self, "_" + nama)()
        self._lapor()

    def _snapshot(self) -> None:
        if self.periode.status == Periode.Status.TERBUKA:
            periode_snapshot(periode=self.periode)
        evaluasi_skp_link(periode=self.periode)
        total = EvaluasiKinerja.objects.filter(periode=self.periode).count()
        _simpan(self.siklus, total=total)

    def _tutup(self) -> None:
        now = timezone.now()
        ditutup = Periode.objects.filter(pk=self.periode.pk, ditutup_pada__isnull=True).update(
            status=Periode.Status.DITUTUP, ditutup_pada=now, updated_at=now
        )
        if ditutup:
            self.periode.status, self.periode.ditutup_pada = Periode.Status.DITUTUP, now
            audit_record(
                actor=self.siklus.dimulai_oleh,
                subject=self.periode,
                aksi="update",
                instansi_id=self.periode.instansi_id,
                ringkasan=f"Periode {self.periode.nama} ditutup",
            )

    def _capaian(self) -> None:
        n = realisasi_capaian_hitung(periode=self.periode)
        _simpan(self.siklus, hasil={**self.siklus.hasil, "realisasi_dihitung": n})

    def _ikm(self) -> None:
        ikm_hitung_periode(periode=self.periode, actor=self.siklus.dimulai_oleh)
        hasil_ikm = HasilIKM.objects.filter(periode=self.periode).aggregate(
            unit_ikm=Count("id"), unit_ikm_terbit=Count("id", filter=Q(dipublikasikan=True))
        )
        _simpan(self.siklus, hasil={**self.siklus.hasil, **hasil_ikm})

    def _nilai(self, kebijakan: Kebijakan) -> None:
        konteks = NilaiKonteks.for_periode(periode=self.periode, kebijakan=kebijakan)
        while True:
            with transaction.atomic():
                n, terakhir = evaluasi_nilai_batch(
                    konteks=konteks, setelah=self.siklus.kursor, batas=self.batch_size, now=timezone.now()
                )
                if n == 0:
                    break
                _simpan(self.siklus, kursor=terakhir, diproses=min(self.siklus.diproses + n, self.siklus.total or n))
            self._lapor()
            if n < self.batch_size:
                break
        # all rows done: progress is complete even when rows were added after the count
        with transaction.atomic():
            _simpan(self.siklus, diproses=self.siklus.total)

    def _distribusi(self) -> None:
        melanggar = distribusi_periksa_periode(periode=self.periode)
        _simpan(self.siklus, hasil={**self.siklus.hasil, "unit_melanggar": melanggar})

    def _selesai(self, mulai: float) -> None:
        periode = self.periode
        hitung = EvaluasiKinerja.objects.filter(periode=periode).aggregate(
            pegawai=Count("id"), dinilai=Count("id", filter=~Q(rating_hasil_kerja=""))
        )
        hasil = {
            "unit_ikm": 0,
            "unit_ikm_terbit": 0,
            "unit_melanggar": 0,
            "notifikasi": 0,
            **self.siklus.hasil,
            "pegawai": hitung["pegawai"],
            "dinilai": hitung["dinilai"],
            "belum_dinilai": hitung["pegawai"] - hitung["dinilai"],
            "tanpa_realisasi": siklus_selectors.evaluasi_tanpa_realisasi(periode).count(),
            "durasi": round(time.monotonic() - mulai, 3),
        }
        now = timezone.now()
        with transaction.atomic():
            _simpan(
                self.siklus,
                status=SiklusEvaluasi.Status.SELESAI,
                hasil=hasil,
                selesai_pada=now,
                total=hitung["pegawai"],
                diproses=hitung["pegawai"],
            )
            audit_record(
                actor=self.siklus.dimulai_oleh,
                subject=self.siklus,
                aksi="update",
                instansi_id=periode.instansi_id,
                ringkasan=f"Siklus evaluasi {periode.nama} selesai",
                perubahan={k: v for k, v in hasil.items() if k != "durasi"},
            )
            for hook in setelah_siklus_hooks():
                transaction.on_commit(partial(hook, periode.pk))


# ---------------------------------------------------------------------------------------------
# Steps that other code may call on its own


def evaluasi_skp_link(*, periode: Periode) -> int:
    """Link each evaluation row of the period without an SKP to the pegawai's SKP of the year
    (one UPDATE with a subquery). Returns rows linked."""
    skp = SKP.objects.filter(pegawai_id=OuterRef("pegawai_id"), tahun=periode.tahun).values("id")[:1]
    return (
        EvaluasiKinerja.objects.filter(periode=periode, skp__isnull=True)
        .filter(pegawai__skp__tahun=periode.tahun)
        .update(skp_id=Subquery(skp))
    )


def realisasi_capaian_hitung(*, periode: Periode) -> int:
    """Recompute ``Realisasi.capaian`` of every quantitative realisasi of the period, exactly as
    ``rules.capaian`` does: ROUND(nilai / target × 100, 2), or ROUND((2 − nilai / target) × 100, 2)
    for "lower is better"; NULL without a value. Only rows that change are written. On PostgreSQL
    one UPDATE (numeric arithmetic rounds half away from zero, as ``bulatkan``); elsewhere the
    values are computed with the rule and written in batches. Returns rows changed."""
    if connection.vendor == "postgresql":
        t_real = Realisasi._meta.db_table
        t_ind = IndikatorKinerja._meta.db_table
        sql = f"""
            UPDATE {t_real} AS r SET capaian = v.capaian
            FROM (
                SELECT r2.id,
                    CASE
                        WHEN r2.nilai IS NULL OR i.jenis <> %s OR i.target IS NULL OR i.target <= 0 THEN NULL
                        WHEN i.arah = %s THEN ROUND((2 - r2.nilai::numeric / i.target::numeric) * 100, 2)
                        ELSE ROUND(r2.nilai::numeric / i.target::numeric * 100, 2)
                    END AS capaian
                FROM {t_real} r2 JOIN {t_ind} i ON i.id = r2.indikator_id
                WHERE r2.periode_id = %s
            ) AS v
            WHERE r.id = v.id AND r.capaian IS DISTINCT FROM v.capaian
        """  # noqa: S608 (table names come from model metadata; values are parameters)
        with connection.cursor() as cursor:
            cursor.execute(sql, [JenisIndikator.KUANTITATIF, Arah.LEBIH_RENDAH, periode.pk])
            return max(cursor.rowcount, 0)
    return realisasi_capaian_hitung_python(periode=periode)


def realisasi_capaian_hitung_python(*, periode: Periode) -> int:
    """``realisasi_capaian_hitung`` for databases without exact numeric arithmetic (SQLite):
    the rule itself, over ``values_list`` rows, written in batches."""
    ubah: list[Realisasi] = []
    rows = (
        Realisasi.objects.filter(periode=periode)
        .values_list("id", "nilai", "capaian", "indikator__jenis", "indikator__target", "indikator__arah")
        .order_by("id")
    )
    for pk, nilai, lama, jenis, target, arah in rows.iterator(chunk_size=5000):
        baru = None
        if nilai is not None and jenis == JenisIndikator.KUANTITATIF and target is not None and target > 0:
            baru = rules.capaian(target=target, realisasi=nilai, arah=arah)
        if baru != lama:
            ubah.append(Realisasi(pk=pk, capaian=baru))
    Realisasi.objects.bulk_update(ubah, ["capaian"], batch_size=500)
    return len(ubah)


@dataclass(frozen=True)
class NilaiKonteks:
    """What every batch of the ``nilai`` step needs, read once per run."""

    periode: Periode
    kebijakan: Kebijakan
    ikm: dict[int, Decimal]  # published IKM per unit layanan
    unit_layanan: frozenset[int]

    @classmethod
    def for_periode(cls, *, periode: Periode, kebijakan: Kebijakan) -> NilaiKonteks:
        ikm = ikm_unit_map(periode=periode)
        layanan = frozenset(
            UnitKerja.objects.filter(instansi_id=periode.instansi_id, is_unit_layanan=True).values_list("id", flat=True)
        )
        return cls(periode=periode, kebijakan=kebijakan, ikm=ikm, unit_layanan=layanan)


NILAI_FIELDS = (
    "capaian_hasil_kerja",
    "nilai_hasil_kerja",
    "nilai_perilaku",
    "nilai_ikm",
    "nilai_akhir",
    "predikat_matriks",
    "komponen",
)


def _capaian_map(*, periode: Periode, setelah: int, sampai: int) -> dict[int, list[tuple[int, Decimal]]]:
    """Per SKP, the (indikator id, capaian) of its quantitative realisasi in the period, in plan
    order, for the pegawai with ids in (``setelah``, ``sampai``]: a range over the SKP's
    (pegawai, tahun) index rather than a list of 5,000 SKP ids, which the planner answered with
    sequential scans of the plan tables."""
    out: dict[int, list[tuple[int, Decimal]]] = {}
    rows = (
        Realisasi.objects.filter(
            periode_id=periode.pk,
            indikator__rhk__skp__pegawai_id__gt=setelah,
            indikator__rhk__skp__pegawai_id__lte=sampai,
            indikator__rhk__skp__tahun=periode.tahun,
            indikator__jenis=JenisIndikator.KUANTITATIF,
            capaian__isnull=False,
        )
        .values_list("indikator__rhk__skp_id", "indikator_id", "capaian")
        .order_by(
            "indikator__rhk__skp_id",
            "indikator__rhk__jenis",
            "indikator__rhk__urutan",
            "indikator__urutan",
            "indikator_id",
        )
    )
    for skp_id, indikator_id, nilai in rows:
        out.setdefault(skp_id, []).append((indikator_id, cast(Decimal, nilai)))  # capaian__isnull=False
    return out


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def evaluasi_hitung(
    row: dict[str, Any],
    *,
    konteks: NilaiKonteks,
    capaian: list[tuple[int, Decimal]],
    skor_360: Decimal | None,
) -> dict[str, Any]:
    """The computed fields of one evaluation row (pure: no database). Never invents a predikat:
    ``predikat_matriks`` is filled from the matrix only when both ratings exist."""
    k = konteks.kebijakan
    capaian_rata = rules.capaian_rata_rata(c for _i, c in capaian)
    nilai_hk = rules.nilai_hasil_kerja(capaian_rata, maksimal=k.nilai_capaian_maksimal)
    nilai_p = rules.nilai_perilaku_360(skor_360)
    komponen = [
        rules.Komponen(
            "hasil_kerja",
            nilai_hk,
            k.bobot_hasil_kerja,
            sumber=f"capaian rata-rata {len(capaian)} indikator kuantitatif",
        ),
        rules.Komponen(
            "perilaku",
            nilai_p,
            k.bobot_perilaku,
            sumber="umpan balik 360" if skor_360 is not None else "umpan balik 360: belum ada",
        ),
    ]
    unit_id = row["unit_kerja_id"]
    nilai_ikm = None
    if unit_id in konteks.unit_layanan:
        bobot_ikm = None
        if row["is_kepala_unit"]:
            bobot_ikm = k.ikm_bobot_kepala_unit
        elif row["jenis_jabatan"] in k.ikm_jenis_jabatan_pelayanan:
            bobot_ikm = k.ikm_bobot_pelayanan
        if bobot_ikm is not None:
            nilai_ikm = konteks.ikm.get(unit_id)
            sumber = f"IKM unit {unit_id}" if nilai_ikm is not None else "IKM unit belum terbit"
            komponen.append(rules.Komponen("ikm", nilai_ikm, bobot_ikm, sumber=sumber))
    hasil = rules.nilai_akhir(komponen)
    data = hasil.as_dict()
    data["capaian_indikator"] = [{"indikator": i, "capaian": str(c)} for i, c in capaian]
    data["capaian_rata_rata"] = _dec(capaian_rata)
    data["skor_360"] = _dec(skor_360)
    predikat_matriks = row["predikat_matriks"]
    if not predikat_matriks and row["rating_hasil_kerja"] and row["rating_perilaku"]:
        predikat_matriks = rules.predikat(row["rating_hasil_kerja"], row["rating_perilaku"]).value
    return {
        "capaian_hasil_kerja": capaian_rata,
        "nilai_hasil_kerja": nilai_hk,
        "nilai_perilaku": nilai_p,
        "nilai_ikm": nilai_ikm,
        "nilai_akhir": hasil.nilai,
        "predikat_matriks": predikat_matriks,
        "komponen": data,
    }


def evaluasi_nilai_batch(*, konteks: NilaiKonteks, setelah: int, batas: int, now: datetime.datetime) -> tuple[int, int]:
    """Compute the evaluation rows of the next ``batas`` pegawai after pegawai id ``setelah``:
    four reads (rows, capaian, 360, nothing per pegawai) and at most one write. Returns (rows
    read, last pegawai id)."""
    periode = konteks.periode
    rows = list(
        EvaluasiKinerja.objects.filter(periode_id=periode.pk, pegawai_id__gt=setelah)
        .order_by("pegawai_id")
        .values(
            "id",
            "pegawai_id",
            "skp_id",
            "unit_kerja_id",
            "jenis_jabatan",
            "is_kepala_unit",
            "rating_hasil_kerja",
            "rating_perilaku",
            *NILAI_FIELDS,
        )[:batas]
    )
    if not rows:
        return 0, setelah
    capaian = _capaian_map(periode=periode, setelah=setelah, sampai=rows[-1]["pegawai_id"])
    skor = skor_360_rata_rata(
        periode=periode,
        pegawai_ids=[r["pegawai_id"] for r in rows],
        minimal=konteks.kebijakan.umpan_balik_360_minimal,
    )
    ubah: list[tuple[int, dict[str, Any]]] = []
    for row in rows:
        baru = evaluasi_hitung(
            row,
            konteks=konteks,
            capaian=capaian.get(row["skp_id"], []) if row["skp_id"] else [],
            skor_360=skor.get(row["pegawai_id"]),
        )
        if any(_beda(row[f], baru[f]) for f in NILAI_FIELDS):
            ubah.append((row["id"], baru))
    _evaluasi_tulis(ubah, now)
    return len(rows), rows[-1]["pegawai_id"]


def _beda(lama: Any, baru: Any) -> bool:
    if isinstance(lama, Decimal) or isinstance(baru, Decimal):
        return lama is None or baru is None or Decimal(lama) != Decimal(baru)
    return bool(lama != baru)


def _evaluasi_tulis(ubah: list[tuple[int, dict[str, Any]]], now: datetime.datetime) -> None:
    """Write the computed fields and ``dihitung_pada``: on PostgreSQL one UPDATE joined to the
    batch sent as one JSON document; elsewhere one ``bulk_update``."""
    if not ubah:
        return
    if connection.vendor != "postgresql":
        _evaluasi_tulis_orm(ubah, now)
        return
    t = EvaluasiKinerja._meta.db_table
    # the batch as one JSON document: a single text parameter is escaped by libpq, while arrays
    # of JSON texts would be quoted element by element in Python
    payload = json.dumps(
        [{"id": pk, **{f: (str(v[f]) if isinstance(v[f], Decimal) else v[f]) for f in NILAI_FIELDS}} for pk, v in ubah],
        sort_keys=True,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {t} AS e SET
                capaian_hasil_kerja = v.capaian_hasil_kerja, nilai_hasil_kerja = v.nilai_hasil_kerja,
                nilai_perilaku = v.nilai_perilaku, nilai_ikm = v.nilai_ikm, nilai_akhir = v.nilai_akhir,
                predikat_matriks = v.predikat_matriks, komponen = v.komponen,
                dihitung_pada = %s, updated_at = %s
            FROM jsonb_to_recordset(%s::jsonb) AS v(
                id bigint, capaian_hasil_kerja numeric, nilai_hasil_kerja numeric, nilai_perilaku numeric,
                nilai_ikm numeric, nilai_akhir numeric, predikat_matriks text, komponen jsonb)
            WHERE e.id = v.id""",  # noqa: S608 (model table; values are parameters)
            [now, now, payload],
        )


def _evaluasi_tulis_orm(ubah: list[tuple[int, dict[str, Any]]], now: datetime.datetime) -> None:
    EvaluasiKinerja.objects.bulk_update(
        [EvaluasiKinerja(pk=pk, dihitung_pada=now, updated_at=now, **v) for pk, v in ubah],
        [*NILAI_FIELDS, "dihitung_pada", "updated_at"],
    )


# ---------------------------------------------------------------------------------------------
# Notifications: the cycle's and the reminders before a period ends


def _chunks(rows: Iterator[Any], n: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def siklus_notifikasi_kirim(*, periode: Periode, jenis: str = "siklus", ukuran: int = 5000) -> int:
    """Notify every pejabat penilai with unrated subordinates (one message with the count) and
    every pegawai with an approved SKP who lacks realisasi in the period, in-app and by e-mail
    when they have an address. Idempotent: each message has a key per period, kind and person
    (``<jenis>:<periode>:penilai:<id>``, ``<jenis>:<periode>:realisasi:<id>``). Returns new messages."""
    nama = periode.nama
    terkirim = 0
    penilai = (
        siklus_selectors.evaluasi_belum_dinilai(periode)
        .filter(pejabat_penilai__user__isnull=False)
        .values_list("pejabat_penilai_id", "pejabat_penilai__user_id", "pejabat_penilai__email")
        .annotate(jumlah=Count("id"))
        .order_by("pejabat_penilai_id")
    )
    tautan_penilai = reverse("penilaian:evaluasi-bawahan")
    for chunk in _chunks(penilai.iterator(chunk_size=ukuran), ukuran):
        terkirim += notifikasi_kirim(
            pesan=[
                Pesan(
                    user_id=user_id,
                    judul=_("Penilaian %(periode)s: %(jumlah)s bawahan belum dinilai")
                    % {"periode": nama, "jumlah": jumlah},
                    isi=_("Berikan rating hasil kerja dan perilaku untuk bawahan Anda pada periode %(periode)s.")
                    % {"periode": nama},
                    tautan=tautan_penilai,
                    kunci=f"{jenis}:{periode.pk}:penilai:{pk}",
                    email=email or "",
                )
                for pk, user_id, email, jumlah in chunk
            ]
        )
    tanpa = (
        siklus_selectors.evaluasi_tanpa_realisasi(periode)
        .filter(pegawai__user__isnull=False)
        .values_list("pegawai_id", "pegawai__user_id", "pegawai__email")
        .order_by("pegawai_id")
    )
    tautan_realisasi = reverse("penilaian:skp-saya")
    for chunk in _chunks(tanpa.iterator(chunk_size=ukuran), ukuran):
        terkirim += notifikasi_kirim(
            pesan=[
                Pesan(
                    user_id=user_id,
                    judul=_("Realisasi %(periode)s belum lengkap") % {"periode": nama},
                    isi=_("Isi realisasi setiap indikator SKP Anda untuk periode %(periode)s.") % {"periode": nama},
                    tautan=tautan_realisasi,
                    kunci=f"{jenis}:{periode.pk}:realisasi:{pk}",
                    email=email or "",
                )
                for pk, user_id, email in chunk
            ]
        )
    return terkirim


def pengingat_periode_kirim(*, on: datetime.date | None = None) -> int:
    """The daily reminder: for each open period ending within the instansi's
    ``pengingat_hari_sebelum_akhir`` days, remind the late (see ``siklus_notifikasi_kirim``).
    Idempotent by key, so a period is reminded once per person. Returns new messages."""
    on = on or timezone.localdate()
    terkirim = 0
    periode_qs = (
        Periode.objects.filter(status=Periode.Status.TERBUKA, tanggal_selesai__gte=on, tanggal_mulai__lte=on)
        .select_related("instansi")
        .order_by("tanggal_selesai", "id")
    )
    for periode in periode_qs:
        hari = kebijakan_get(instansi=periode.instansi).pengingat_hari_sebelum_akhir
        if periode.tanggal_selesai > on + datetime.timedelta(days=hari):
            continue
        with transaction.atomic():
            terkirim += siklus_notifikasi_kirim(periode=periode, jenis="pengingat")
    return terkirim
