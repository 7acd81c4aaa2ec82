"""Demo competency data for a seeded instansi, built set-based (called at the end of
``penilaian.demo.demo_isi``).

``kompetensi_demo_isi(instansi=, acuan=, seed=)`` adds four teknis kompetensi of the instansi with
their level texts; a standar kompetensi for every jabatan (the eight manajerial kompetensi at the
level of the jabatan type, Perekat Bangsa at 3, a teknis kompetensi for the jabatan of a field);
and assessments for about 35 % of the active pegawai (every structural jabatan holder and the demo
logins included): a method, a potensi score spread over the three potensi levels of the instansi's
policy, a level per kompetensi of the standard (mostly at or one below it, some above), dates in
the three years before ``acuan``, and a second, older assessment for a few.

The same instansi, ``acuan`` and ``seed`` give the same data; nothing happens when the instansi
already has teknis kompetensi. ``kompetensi_demo_hapus(instansi=)`` deletes it all, children first.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from common.models import AuditLog
from pegawai.demo import _Sisip, demo_atasan, demo_pegawai, sisip_massal
from pegawai.models import Instansi, Jabatan, Pegawai, User
from pegawai.selectors import kebijakan_get

from .models import Asesmen, HasilAsesmenKompetensi, Kompetensi, StandarKompetensi
from .rules import JenisKompetensi, MetodeAsesmen

J = Jabatan.Jenis
CHUNK = 5000
SAMPEL_ASESMEN = 0.35
SAMPEL_DUA_ASESMEN = 0.06
STRUKTURAL = (J.JPT_UTAMA, J.JPT_MADYA, J.JPT_PRATAMA, J.ADMINISTRATOR, J.PENGAWAS)
MANAJERIAL = ("M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8")
PEREKAT_BANGSA = "SK1"

# (kode, nama, deskripsi, level texts 1..5, the jabatan text families that need it)
TEKNIS: list[tuple[str, str, str, list[str], tuple[str, ...]]] = [
    ("TK-ARSIP", "Pengelolaan Arsip dan Administrasi Perkantoran",
     "Mengelola naskah dinas, surat dan arsip dinamis sesuai tata naskah dan klasifikasi arsip.",
     ["Mencatat dan mengagendakan naskah dinas sesuai petunjuk.",
      "Menata berkas dan arsip aktif sesuai klasifikasi.",
      "Mengelola arsip dinamis unit kerja dan menyusun daftar arsip.",
      "Menyusun pedoman tata naskah dan memantau penerapannya.",
      "Merumuskan kebijakan kearsipan perangkat daerah."],
     ("umum", "layanan")),
    ("TK-KEU", "Pengelolaan Keuangan Daerah",
     "Menatausahakan, memverifikasi dan melaporkan keuangan daerah sesuai standar akuntansi pemerintahan.",
     ["Mencatat transaksi keuangan sesuai bukti.",
      "Memverifikasi dokumen SPP dan SPM.",
      "Menyusun laporan keuangan perangkat daerah.",
      "Menganalisis realisasi anggaran dan memberi rekomendasi.",
      "Merumuskan kebijakan pengelolaan keuangan daerah."],
     ("keuangan",)),
    ("TK-DATA", "Pengelolaan Data dan Sistem Informasi",
     "Mengumpulkan, mengolah, menjaga dan menyajikan data serta layanan sistem informasi.",
     ["Memasukkan dan memeriksa data sesuai format.",
      "Mengolah data dan menyajikannya dalam tabel dan grafik.",
      "Mengelola basis data dan layanan aplikasi unit kerja.",
      "Merancang integrasi data antarunit.",
      "Merumuskan tata kelola data perangkat daerah."],
     ("ti", "sdm")),
    ("TK-RENCANA", "Perencanaan dan Evaluasi Kinerja Pembangunan",
     "Menyusun rencana, mengukur capaian dan mengevaluasi program pembangunan daerah.",
     ["Menghimpun data capaian program.",
      "Menyusun bahan rencana kerja dan laporan kinerja.",
      "Menyusun dokumen perencanaan dan evaluasi program.",
      "Menganalisis kebijakan dan merekomendasikan perbaikan program.",
      "Merumuskan arah kebijakan pembangunan daerah."],
     ("perencanaan", "pengawasan")),
]  # fmt: skip

# a level drawn relative to the standard: mostly at it or one below, some above
_SELISIH = (-2, -1, 0, 1)
_SELISIH_BOBOT = (6, 32, 50, 12)
_PENYELENGGARA: dict[str, str] = {
    MetodeAsesmen.ASSESSMENT_CENTER: "UPT Penilaian Kompetensi BKD",
    MetodeAsesmen.CACT: "Kantor Regional BKN",
    MetodeAsesmen.UJI_KOMPETENSI: "Tim Uji Kompetensi Instansi Pembina",
}


def standar_manajerial(jenis: str, jenjang: str) -> int:
    """The level a jabatan type requires of a manajerial kompetensi (before the per-jabatan
    adjustments): JPT 4–5, administrator 3–4, pengawas 3, pelaksana and fungsional 2–3."""
    if jenis in (J.JPT_UTAMA, J.JPT_MADYA):
        return 5
    if jenis == J.JPT_PRATAMA:
        return 4
    if jenis in (J.ADMINISTRATOR, J.PENGAWAS):
        return 3
    if jenis == J.FUNGSIONAL_KEAHLIAN and jenjang in (Jabatan.Jenjang.AHLI_MADYA, Jabatan.Jenjang.AHLI_UTAMA):
        return 3
    return 2


def _chunks(items: Sequence[Any], n: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _level(rng: random.Random, standar: int) -> int:
    return max(1, min(5, standar + rng.choices(_SELISIH, _SELISIH_BOBOT)[0]))


def kompetensi_demo_isi(*, instansi: Instansi, acuan: datetime.date, seed: int) -> dict[str, int]:
    """Fill teknis kompetensi, standards and assessments of the instansi (see the module
    docstring). Returns row counts; empty when the instansi already has teknis kompetensi."""
    from .demo import kategori_jabatan

    if Kompetensi.objects.filter(instansi=instansi).exists():
        return {}
    rng = random.Random(f"kompetensi:{instansi.kode}:{seed}")  # noqa: S311 (reproducible demo data)
    hitungan: Counter[str] = Counter()
    waktu = timezone.now()
    teknis = Kompetensi.objects.bulk_create(
        [
            Kompetensi(instansi=instansi, jenis=JenisKompetensi.TEKNIS, kode=kode, nama=nama, deskripsi=desk,
                       deskripsi_level=level)
            for kode, nama, desk, level, _k in TEKNIS
        ]
    )  # fmt: skip
    teknis_kategori = {
        k: obj.pk for (_kd, _n, _d, _l, kategori), obj in zip(TEKNIS, teknis, strict=True) for k in kategori
    }
    nasional = dict(Kompetensi.objects.filter(instansi=None).values_list("kode", "id"))
    manajerial = [nasional[k] for k in MANAJERIAL if k in nasional]
    perekat = nasional.get(PEREKAT_BANGSA)
    hitungan.update(kompetensi_teknis=len(teknis))

    # the standard of every jabatan
    standar: dict[int, dict[int, int]] = {}
    for pk, jenis, jenjang, nama in (
        Jabatan.objects.filter(instansi=instansi).order_by("id").values_list("id", "jenis", "jenjang", "nama")
    ):
        dasar = standar_manajerial(jenis, jenjang)
        # three kompetensi a level higher: JPT pratama 5, administrator 4, pelaksana/fungsional 3
        tinggi = set(rng.sample(manajerial, 3)) if jenis in (J.JPT_PRATAMA, J.ADMINISTRATOR) or dasar == 2 else set()
        levels = {k: min(5, dasar + (1 if k in tinggi else 0)) for k in manajerial}
        if perekat is not None:
            levels[perekat] = 3
        tk = teknis_kategori.get(kategori_jabatan(jenis, nama))
        if tk is not None and jenis not in STRUKTURAL:
            levels[tk] = 3 if dasar >= 3 or jenjang in (Jabatan.Jenjang.AHLI_MUDA, Jabatan.Jenjang.MAHIR) else 2
        standar[pk] = levels
    with sisip_massal() as sisip:
        cols = ["jabatan_id", "kompetensi_id", "level", "created_at", "updated_at"]
        rows = [(j, k, level, waktu, waktu) for j, levels in standar.items() for k, level in levels.items()]
        for part in _chunks(rows, 20000):
            sisip.rows(StandarKompetensi, cols, list(part))
        hitungan.update(standar_kompetensi=len(rows))
        hitungan.update(_tulis_asesmen(instansi, acuan, rng, standar, sisip, waktu))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"ANALYZE {StandarKompetensi._meta.db_table}, {Asesmen._meta.db_table}, "
                f"{HasilAsesmenKompetensi._meta.db_table}"
            )
    return dict(hitungan)


def _tulis_asesmen(
    instansi: Instansi,
    acuan: datetime.date,
    rng: random.Random,
    standar: dict[int, dict[int, int]],
    sisip: _Sisip,
    waktu: datetime.datetime,
) -> Counter[str]:
    kebijakan = kebijakan_get(instansi=instansi)
    tinggi, menengah = kebijakan.potensi_tinggi_minimal, kebijakan.potensi_menengah_minimal
    # (lowest, highest) potensi score of each level, in hundredths
    rentang = [
        (int(tinggi * 100), 9850),
        (int(menengah * 100), int(tinggi * 100) - 1),
        (6000, int(menengah * 100) - 1),
    ]
    atasan = demo_atasan(instansi)
    demo = demo_pegawai(atasan) if atasan is not None else None
    wajib = {p.pk for p in (atasan, demo) if p is not None}
    bkd = (
        User.objects.filter(instansi=instansi, peran=User.Peran.BKD).order_by("id").values_list("id", flat=True).first()
    )
    pegawai = (
        Pegawai.objects.filter(instansi=instansi, status=Pegawai.Status.AKTIF, jabatan__isnull=False)
        .order_by("id")
        .values_list("id", "jabatan_id", "jabatan__jenis")
    )
    rencana: list[tuple[int, datetime.date, str, Decimal, dict[int, int]]] = []
    metode: str
    for pk, jabatan_id, jenis in pegawai.iterator(chunk_size=20000):
        r = rng.random()  # drawn for everyone, so the demo logins do not shift the rest
        if jenis not in STRUKTURAL and pk not in wajib and r >= SAMPEL_ASESMEN:
            continue
        levels = standar.get(jabatan_id, {})
        struktural = jenis in STRUKTURAL
        metode = (
            MetodeAsesmen.ASSESSMENT_CENTER
            if struktural or rng.random() < 0.3
            else rng.choice((MetodeAsesmen.CACT, MetodeAsesmen.UJI_KOMPETENSI))
        )
        lo, hi = rentang[rng.choices((0, 1, 2), (2, 5, 3))[0]]
        skor = Decimal(rng.randint(lo, hi)) / 100
        dua = rng.random() < SAMPEL_DUA_ASESMEN  # an older assessment too: both within the 3 years
        tanggal = acuan - datetime.timedelta(days=rng.randint(20, 500 if dua else 3 * 365 - 30))
        hasil = {k: _level(rng, level) for k, level in levels.items()}
        if pk in wajib:
            # the demo logins have gaps to work on: one or two kompetensi a level below the standard
            for k in sorted(levels)[:2]:
                hasil[k] = max(1, levels[k] - 1)
        rencana.append((pk, tanggal, metode, skor, hasil))
        if dua:
            lama = tanggal - datetime.timedelta(days=rng.randint(300, 500))
            skor_lama = max(Decimal("55.00"), skor - Decimal(rng.randint(100, 600)) / 100)
            rencana.append((pk, lama, metode, skor_lama, {k: max(1, v - rng.randint(0, 1)) for k, v in hasil.items()}))
    ids = sisip.ids(Asesmen, len(rencana))
    cols_a = ["id", "instansi_id", "pegawai_id", "tanggal", "metode", "penyelenggara", "skor_potensi", "catatan",
              "dicatat_oleh_id", "created_at", "updated_at"]  # fmt: skip
    rows_a: list[tuple[Any, ...]] = []
    zona = timezone.get_default_timezone()
    rows_h: list[tuple[Any, ...]] = []
    for pk, (peg, tanggal, metode, skor, hasil) in zip(ids, rencana, strict=True):
        dibuat = datetime.datetime.combine(tanggal + datetime.timedelta(days=14), datetime.time(10), tzinfo=zona)
        rows_a.append((pk, instansi.pk, peg, tanggal, metode, _PENYELENGGARA[metode], skor, "", bkd, dibuat, dibuat))
        rows_h.extend((pk, k, level) for k, level in hasil.items())
    for part in _chunks(rows_a, 20000):
        sisip.rows(Asesmen, cols_a, list(part))
    for part in _chunks(rows_h, 20000):
        sisip.rows(HasilAsesmenKompetensi, ["asesmen_id", "kompetensi_id", "level"], list(part))
    return Counter(asesmen=len(rows_a), hasil_asesmen=len(rows_h))


# children first
_MODEL_HAPUS: list[type[models.Model]] = [HasilAsesmenKompetensi, Asesmen, StandarKompetensi, Kompetensi]


def _qs_instansi(model: type[models.Model], instansi: Instansi) -> Any:
    lookup = {
        HasilAsesmenKompetensi: "asesmen__instansi",
        Asesmen: "instansi",
        StandarKompetensi: "jabatan__instansi",
        Kompetensi: "instansi",
    }[model]
    return model._base_manager.filter(**{lookup: instansi})


@transaction.atomic
def kompetensi_demo_hapus(*, instansi: Instansi) -> int:
    """Delete the instansi's assessments, standards and teknis kompetensi (the national catalogue
    stays), one DELETE per table. Rows of the development app that point at them must be gone
    first (``pelatihan.demo.demo_hapus`` runs before this). Returns the rows deleted."""
    db = Asesmen.objects.db
    total = 0
    for model in _MODEL_HAPUS:
        total += _qs_instansi(model, instansi)._raw_delete(db)
    jenis = ContentType.objects.get_for_models(*_MODEL_HAPUS).values()
    AuditLog.objects.filter(instansi_id=instansi.pk, content_type__in=jenis).delete()
    return total
