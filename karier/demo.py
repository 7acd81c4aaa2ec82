"""Demo career data for a seeded instansi (called by ``seed_demo`` after the appraisal,
competency and development demo data, see ``pegawai.demo.demo_modules``).

``demo_isi(instansi=, acuan=, seed=)``:
- gives the two years before ``acuan`` an annual evaluation with its predikat for every pegawai
  who served then (history as an instansi brings it from its earlier appraisal system; most Baik,
  some Sangat Baik, a few below, mostly the same person's level both years; the demo logins Baik
  or better), written set-based when the year has no rated annual evaluation yet;
- gives most long-serving PNS the Satyalancana Karya Satya they reached before last year;
- then the product's own services run: the 9-box of the year before last (for the movement),
  and the yearly talent and recommendation run for last year as of ``acuan`` (9-box, KRS, KP,
  promotion, rotation and award proposals);
- and the committee's first steps: a few proposals of each kind in review, some approved, one
  rejected with its reason, and one KP and one award applied, so that every status has an
  example.

The same instansi, ``acuan`` and ``seed`` give the same data; nothing happens when the instansi
already has a talent placement. ``demo_hapus(instansi=)`` deletes the career rows of the instansi
(the annual history goes with penilaian's own demo data).
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from common.models import AuditLog
from common.services import surel_ditahan
from pegawai.demo import demo_atasan, demo_pegawai, sisip_massal
from pegawai.models import HukumanDisiplin, Instansi, JenisASN, Pegawai, RiwayatCLTN, User
from pegawai.rules import add_years
from pegawai.selectors import kebijakan_get
from penilaian.models import EvaluasiKinerja, JenisPeriode, Periode
from penilaian.rules import PREDIKAT_MATRIKS, Predikat

from .models import AnggotaKRS, JenisRekomendasi, PenempatanTalenta, Rekomendasi, RiwayatPenghargaan
from .rules import SATYALANCANA_TAHUN
from .services.rekomendasi import rekomendasi_putuskan, rekomendasi_terapkan, rekomendasi_tinjau
from .services.tahunan import karier_tahunan_jalankan
from .services.talenta import talenta_hitung

P = Predikat
# a pegawai's usual level and the chance of each predikat in a year (most keep their level)
_SEBARAN = (
    (P.SANGAT_BAIK, 0.14),
    (P.BAIK, 0.72),
    (P.BUTUH_PERBAIKAN, 0.10),
    (P.KURANG, 0.03),
    (P.SANGAT_KURANG, 0.01),
)
_TETAP = 0.75  # chance that a year's predikat is the pegawai's usual one
_RATING = {predikat: ratings for ratings, predikat in PREDIKAT_MATRIKS.items()}
_CHUNK = 20000


def demo_isi(*, instansi: Instansi, acuan: datetime.date, seed: int) -> dict[str, int]:
    """Fill the career data of a seeded instansi (see the module docstring). Returns row counts;
    empty when the instansi already has a talent placement."""
    if PenempatanTalenta.objects.filter(instansi=instansi).exists():
        return {}
    rng = random.Random(f"karier:{instansi.kode}:{seed}")  # noqa: S311 (reproducible demo data)
    tahun = acuan.year - 1
    hitungan: Counter[str] = Counter()
    with transaction.atomic(), surel_ditahan():
        hitungan.update(_riwayat_predikat(instansi, (tahun - 1, tahun), rng))
        hitungan.update(_riwayat_satyalancana(instansi, acuan, rng))
        kebijakan = kebijakan_get(instansi=instansi)
        talenta_hitung(instansi=instansi, tahun=tahun - 1, kebijakan=kebijakan)
        hasil = karier_tahunan_jalankan(instansi=instansi, tahun=tahun, pada=acuan)
        hitungan["penempatan"] = hasil.talenta.dipetakan + hasil.talenta.tanpa_kotak
        for nama, h in hasil.usulan.items():
            hitungan[f"rekomendasi_{nama}"] = h.dibuat + h.diperbarui
        hitungan.update(_keputusan(instansi, acuan))
    return dict(hitungan)


def _riwayat_predikat(instansi: Instansi, tahun_list: tuple[int, ...], rng: random.Random) -> Counter[str]:
    """The annual evaluation of each year in ``tahun_list`` that has none rated yet: the annual
    period (closed) and one rated row per pegawai in service that year, with their jabatan then
    (the current one: the demo has no earlier transfers)."""
    hitungan: Counter[str] = Counter()
    atasan = demo_atasan(instansi)
    demo = demo_pegawai(atasan) if atasan is not None else None
    wajib = {p.pk for p in (atasan, demo) if p is not None}
    pegawai = list(
        Pegawai.objects.filter(instansi=instansi)
        .exclude(status__in=[Pegawai.Status.MENINGGAL])
        .order_by("id")
        .values_list(
            "id",
            "tmt_cpns",
            "jabatan_id",
            "unit_kerja_id",
            "jabatan__nama",
            "jabatan__jenis",
            "unit_kerja__nama",
            "jabatan__is_kepala_unit",
            "atasan_id",
        )
    )
    predikat = [p for p, _w in _SEBARAN]
    bobot = [w for _p, w in _SEBARAN]
    biasa = {row[0]: rng.choices(predikat, bobot)[0] for row in pegawai}  # drawn for everyone
    zona = timezone.get_default_timezone()
    with sisip_massal() as sisip:
        for tahun in tahun_list:
            if (
                EvaluasiKinerja.objects.filter(
                    periode__instansi=instansi, periode__tahun=tahun, periode__jenis=JenisPeriode.TAHUNAN
                )
                .exclude(predikat="")
                .exists()
            ):
                continue
            periode, _dibuat = Periode.objects.get_or_create(
                instansi=instansi,
                tahun=tahun,
                jenis=JenisPeriode.TAHUNAN,
                nomor=1,
                defaults={
                    "tanggal_mulai": datetime.date(tahun, 1, 1),
                    "tanggal_selesai": datetime.date(tahun, 12, 31),
                    "status": Periode.Status.DITUTUP,
                    "ditutup_pada": datetime.datetime(tahun + 1, 1, 20, 16, tzinfo=zona),
                },
            )
            EvaluasiKinerja.objects.filter(periode=periode).delete()
            akhir = datetime.date(tahun, 12, 31)
            dinilai = datetime.datetime(tahun + 1, 1, 15, 10, tzinfo=zona)
            cols = ["periode_id", "pegawai_id", "jabatan_id", "unit_kerja_id", "nama_jabatan", "jenis_jabatan",
                    "nama_unit", "is_kepala_unit", "pejabat_penilai_id", "rating_hasil_kerja", "rating_perilaku",
                    "predikat_matriks", "predikat", "alasan_penyesuaian", "catatan_penilai", "dinilai_pada",
                    "komponen", "status", "created_at", "updated_at"]  # fmt: skip
            rows: list[tuple[Any, ...]] = []
            for pk, tmt_cpns, jabatan_id, unit_id, nama_j, jenis_j, nama_u, kepala, atasan_id in pegawai:
                r = rng.random()
                pilihan = biasa[pk] if r < _TETAP else rng.choices(predikat, bobot)[0]
                if tmt_cpns > akhir:
                    continue
                if pk in wajib and pilihan not in (P.SANGAT_BAIK, P.BAIK):
                    pilihan = P.BAIK
                hk, pk_ = _RATING[pilihan]
                rows.append(
                    (periode.pk, pk, jabatan_id, unit_id, (nama_j or "")[:200], jenis_j or "", (nama_u or "")[:200],
                     bool(kepala), atasan_id, hk, pk_, pilihan, pilihan, "", "", dinilai, "{}",
                     EvaluasiKinerja.Status.FINAL, dinilai, dinilai)
                )  # fmt: skip
                if len(rows) >= _CHUNK:
                    sisip.rows(EvaluasiKinerja, cols, rows)
                    hitungan["evaluasi_tahunan"] += len(rows)
                    rows = []
            sisip.rows(EvaluasiKinerja, cols, rows)
            hitungan["evaluasi_tahunan"] += len(rows)
            hitungan["periode_tahunan"] += 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {EvaluasiKinerja._meta.db_table}")
    return hitungan


def _riwayat_satyalancana(instansi: Instansi, acuan: datetime.date, rng: random.Random) -> Counter[str]:
    """Most long-serving PNS already hold the Satyalancana of the lengths they reached before last
    year (given on 17 August of the year after), unless a hukdis sedang/berat or a CLTN rules it
    out; the yearly run then proposes those who reached a length since, or were missed."""
    tercela = set(
        HukumanDisiplin.objects.filter(
            pegawai__instansi=instansi,
            tingkat__in=[HukumanDisiplin.Tingkat.SEDANG, HukumanDisiplin.Tingkat.BERAT],
        ).values_list("pegawai_id", flat=True)
    ) | set(RiwayatCLTN.objects.filter(pegawai__instansi=instansi).values_list("pegawai_id", flat=True))
    batas = datetime.date(acuan.year - 1, 1, 1)
    rows = []
    for pk, tmt_cpns, status in (
        Pegawai.objects.filter(instansi=instansi, jenis_asn=JenisASN.PNS)
        .order_by("id")
        .values_list("id", "tmt_cpns", "status")
        .iterator(chunk_size=_CHUNK)
    ):
        for n in SATYALANCANA_TAHUN:
            r = rng.random()  # drawn for everyone, so that exclusions do not shift the rest
            tercapai = add_years(tmt_cpns, n)
            if tercapai >= batas or r >= 0.9 or pk in tercela or status == Pegawai.Status.CLTN:
                continue
            tanggal = datetime.date(tercapai.year + 1, 8, 17)
            rows.append(
                RiwayatPenghargaan(
                    pegawai_id=pk,
                    jenis=f"satyalancana_{n}",
                    tahun=tanggal.year,
                    tanggal=tanggal,
                    nomor_sk=f"{n}/TK/{tanggal.year}",
                )
            )
    RiwayatPenghargaan.objects.bulk_create(rows, batch_size=_CHUNK)
    return Counter(riwayat_penghargaan=len(rows))


def _keputusan(instansi: Instansi, acuan: datetime.date) -> Counter[str]:
    """The committee's first steps on the proposals, so that every status has an example."""
    hitungan: Counter[str] = Counter()
    bkd = User.objects.filter(instansi=instansi, peran=User.Peran.BKD).order_by("id").first()
    pimpinan = User.objects.filter(instansi=instansi, peran=User.Peran.PIMPINAN).order_by("id").first()
    if bkd is None:
        return hitungan
    pimpinan = pimpinan or bkd
    for jenis in JenisRekomendasi.values:
        terbuka = list(
            Rekomendasi.objects.filter(instansi=instansi, jenis=jenis, status=Rekomendasi.Status.DIUSULKAN).order_by(
                "peringkat", "id"
            )[:4]
        )
        for i, rek in enumerate(terbuka):
            if i == 0:
                rekomendasi_tinjau(actor=pimpinan, rekomendasi=rek)
                hitungan["ditinjau"] += 1
            elif i == 1:
                rekomendasi_putuskan(actor=pimpinan, rekomendasi=rek, setuju=True)
                hitungan["disetujui"] += 1
                if jenis in (JenisRekomendasi.KP, JenisRekomendasi.PENGHARGAAN, JenisRekomendasi.KRS):
                    rekomendasi_terapkan(
                        actor=bkd,
                        rekomendasi=rek,
                        tmt=rek.tmt or acuan,
                        nomor_sk=f"800/{rek.pk}/BKPSDM/{acuan.year}",
                    )
                    hitungan["diterapkan"] += 1
            elif i == 2:
                rekomendasi_putuskan(
                    actor=pimpinan,
                    rekomendasi=rek,
                    setuju=False,
                    alasan="Ditunda: menunggu hasil uji kompetensi terbaru dan pertimbangan formasi.",
                )
                hitungan["ditolak"] += 1
    return hitungan


_MODEL_HAPUS = (RiwayatPenghargaan, AnggotaKRS, Rekomendasi, PenempatanTalenta)


def demo_hapus(*, instansi: Instansi) -> int:
    """Delete the career rows of the instansi, children first, one DELETE per table."""
    db = Rekomendasi.objects.db
    total = RiwayatPenghargaan.objects.filter(pegawai__instansi=instansi)._raw_delete(db)
    for model in _MODEL_HAPUS[1:]:
        total += model.objects.filter(instansi=instansi)._raw_delete(db)
    jenis = ContentType.objects.get_for_models(*_MODEL_HAPUS).values()
    AuditLog.objects.filter(instansi_id=instansi.pk, content_type__in=jenis).delete()
    return total
