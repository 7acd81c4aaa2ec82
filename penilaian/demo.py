"""Demo appraisal data for a seeded instansi, built set-based (called by ``seed_demo``).

``demo_isi(instansi=, acuan=, seed=)`` fills the year of ``acuan``: its periods (those that ended
before ``acuan`` closed), an SKP for every active pegawai (most approved, a few still draft,
submitted or returned) with 2–3 RHK of 1–2 indikator each, written for the kind of jabatan, the
first RHK cascaded from an RHK of the atasan's SKP; realisasi for every past period and part of
the current one, with the capaian of ``rules.capaian``; ratings and the predikat of the matrix for
most pegawai in past periods; 360 requests and answers for a sample; a survey link for every unit
layanan with public answers; the predikat of the top-level units; continuous feedback. When
``acuan`` lies in the first period of its year (nothing has ended yet), the previous year is
filled as well, every period of it past, so that the demo still has ratings to show.

The demo logins have a complete story: the demo pegawai has an approved SKP, realisasi, evidence,
feedback, 360 answers and a predikat in past periods; the demo atasan has subordinates waiting
for their rating in the current period (and one SKP waiting for approval).

How it stays fast: everything is generated in Python as plain tuples with ids taken up front from
the tables' sequences and written with COPY on PostgreSQL (``bulk_create`` elsewhere), through the
same writer as ``pegawai.demo``; the ratings go into the period snapshot with one UPDATE from a
temporary table. The same instansi, ``acuan`` and ``seed`` give the same data.

``demo_hapus(instansi=)`` deletes every appraisal row of the instansi, children first, with
set-based deletes.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import itertools
import random
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from common.models import AuditLog
from pegawai.demo import _detach, _Sisip, demo_atasan, demo_pegawai, sisip_massal
from pegawai.models import Instansi, Jabatan, Pegawai, UnitKerja, User
from pegawai.selectors import kebijakan_get

from . import rules
from .demo_kompetensi import kompetensi_demo_hapus, kompetensi_demo_isi
from .models import (
    SKP,
    BuktiDukung,
    EkspektasiPerilaku,
    EvaluasiKinerja,
    HasilIKM,
    IndikatorKinerja,
    JawabanUmpanBalik360,
    Keberatan,
    Periode,
    PermintaanUmpanBalik360,
    PredikatUnit,
    Realisasi,
    RencanaHasilKerja,
    ResponsSurvei,
    SiklusEvaluasi,
    SKPVersi,
    TautanSurvei,
    UmpanBalik,
)
from .rules import Arah, AspekPerilaku, JenisIndikator, JenisPeriode, PeranPenilai360, Predikat, Rating
from .services.periode import periode_tahun_create

J = Jabatan.Jenis
CHUNK = 5000
KUALITATIF_PELUANG = 0.06  # an SKP with one qualitative indikator now and then
SAMPEL_360 = 0.10
SAMPEL_UMPAN_BALIK = 0.05
SAMPEL_BUKTI = 0.03

# ---------------------------------------------------------------------------------------------
# Texts: RHK and their indikator per kind of jabatan
# (uraian RHK, [(uraian indikator, target per period, satuan, arah)])

_L = Arah.LEBIH_TINGGI
_R = Arah.LEBIH_RENDAH
Templat = tuple[str, list[tuple[str, str, str, str]]]

_RHK: dict[str, list[Templat]] = {
    "pimpinan": [
        ("Meningkatnya kualitas pelayanan publik pada {unit}", [
            ("Indeks Kepuasan Masyarakat unit layanan", "82", "indeks", _L),
            ("Jumlah pengaduan masyarakat yang belum ditindaklanjuti", "5", "pengaduan", _R)]),
        ("Meningkatnya akuntabilitas kinerja {unit}", [
            ("Nilai evaluasi SAKIP perangkat daerah", "70", "nilai", _L),
            ("Persentase rekomendasi hasil pemeriksaan yang ditindaklanjuti", "90", "persen", _L)]),
        ("Terwujudnya tata kelola keuangan {unit} yang tertib", [
            ("Persentase realisasi anggaran", "95", "persen", _L),
            ("Jumlah temuan administrasi keuangan", "3", "temuan", _R)]),
        ("Tercapainya sasaran strategis {unit} dalam Renstra", [
            ("Persentase indikator kinerja utama yang tercapai", "85", "persen", _L)]),
    ],
    "administrator": [
        ("Terlaksananya program dan kegiatan {unit} sesuai rencana", [
            ("Persentase kegiatan yang terlaksana tepat waktu", "90", "persen", _L),
            ("Persentase realisasi anggaran kegiatan", "92", "persen", _L)]),
        ("Tersusunnya kebijakan teknis {unit}", [
            ("Jumlah rancangan kebijakan teknis yang diselesaikan", "3", "dokumen", _L)]),
        ("Meningkatnya kinerja pegawai di lingkungan {unit}", [
            ("Persentase pegawai dengan predikat minimal Baik", "85", "persen", _L),
            ("Jumlah SKP bawahan yang terlambat dinilai", "2", "SKP", _R)]),
        ("Terkoordinasinya pelaksanaan tugas {unit} dengan perangkat daerah lain", [
            ("Jumlah rapat koordinasi yang ditindaklanjuti", "6", "rapat", _L)]),
    ],
    "pengawas": [
        ("Terlaksananya kegiatan {unit} yang tertib dan tepat waktu", [
            ("Persentase kegiatan yang diselesaikan sesuai jadwal", "90", "persen", _L),
            ("Rata-rata keterlambatan penyelesaian kegiatan", "5", "hari", _R)]),
        ("Tersusunnya laporan kinerja {unit}", [
            ("Jumlah laporan yang disampaikan tepat waktu", "3", "laporan", _L)]),
        ("Terbinanya pelaksana di lingkungan {unit}", [
            ("Jumlah sesi pembinaan dan konseling kinerja", "6", "sesi", _L)]),
        ("Terkelolanya data dan arsip {unit}", [
            ("Persentase arsip yang tertata sesuai klasifikasi", "95", "persen", _L)]),
    ],
    "guru": [
        ("Terlaksananya pembelajaran yang berkualitas", [
            ("Jumlah jam tatap muka yang dilaksanakan", "144", "jam", _L),
            ("Persentase peserta didik yang mencapai KKTP", "80", "persen", _L)]),
        ("Tersusunnya perangkat ajar Kurikulum Merdeka", [
            ("Jumlah modul ajar yang disusun", "6", "modul", _L)]),
        ("Terlaksananya asesmen dan tindak lanjut hasil belajar", [
            ("Jumlah asesmen formatif yang dilaksanakan", "12", "asesmen", _L),
            ("Rata-rata waktu pengembalian hasil penilaian", "7", "hari", _R)]),
        ("Terlaksananya bimbingan peserta didik", [
            ("Jumlah peserta didik yang dibimbing", "30", "orang", _L)]),
    ],
    "kesehatan": [
        ("Terlaksananya pelayanan kesehatan sesuai standar", [
            ("Jumlah pasien yang dilayani", "450", "pasien", _L),
            ("Rata-rata waktu tunggu pelayanan", "30", "menit", _R)]),
        ("Meningkatnya cakupan program kesehatan masyarakat", [
            ("Persentase cakupan imunisasi dasar lengkap", "95", "persen", _L),
            ("Jumlah kegiatan posyandu yang didampingi", "12", "kegiatan", _L)]),
        ("Tercatatnya rekam medis dan pelaporan kesehatan", [
            ("Persentase rekam medis yang lengkap", "98", "persen", _L),
            ("Jumlah laporan bulanan yang terlambat", "1", "laporan", _R)]),
        ("Terlaksananya penyuluhan kesehatan", [
            ("Jumlah sesi penyuluhan yang dilaksanakan", "9", "sesi", _L)]),
    ],
    "keuangan": [
        ("Terkelolanya administrasi keuangan yang akuntabel", [
            ("Jumlah dokumen SPP dan SPM yang diverifikasi", "300", "dokumen", _L),
            ("Rata-rata waktu verifikasi dokumen", "2", "hari", _R)]),
        ("Tersusunnya laporan keuangan yang tepat waktu", [
            ("Jumlah laporan keuangan yang disampaikan", "3", "laporan", _L)]),
        ("Tertibnya penatausahaan aset daerah", [
            ("Persentase aset yang tercatat dalam sistem", "95", "persen", _L)]),
    ],
    "sdm": [
        ("Terlaksananya layanan administrasi kepegawaian yang tepat waktu", [
            ("Jumlah usulan layanan kepegawaian yang diproses", "120", "berkas", _L),
            ("Rata-rata waktu penyelesaian berkas", "3", "hari", _R)]),
        ("Termutakhirkannya data kepegawaian", [
            ("Persentase data pegawai yang mutakhir", "97", "persen", _L)]),
        ("Terlaksananya analisis kebutuhan pengembangan kompetensi", [
            ("Jumlah dokumen analisis yang disusun", "2", "dokumen", _L)]),
    ],
    "ti": [
        ("Tersedianya layanan sistem informasi yang andal", [
            ("Persentase ketersediaan layanan aplikasi", "99", "persen", _L),
            ("Rata-rata waktu pemulihan gangguan", "4", "jam", _R)]),
        ("Terkelolanya data dan informasi perangkat daerah", [
            ("Jumlah basis data yang dimutakhirkan", "6", "basis data", _L)]),
        ("Terlaksananya dukungan teknis bagi pengguna", [
            ("Jumlah permintaan dukungan yang diselesaikan", "90", "permintaan", _L)]),
    ],
    "layanan": [
        ("Terlaksananya pelayanan administrasi kepada masyarakat", [
            ("Jumlah dokumen layanan yang diterbitkan", "240", "dokumen", _L),
            ("Rata-rata waktu penyelesaian layanan", "2", "hari", _R)]),
        ("Tertanganinya pengaduan masyarakat", [
            ("Persentase pengaduan yang ditindaklanjuti", "95", "persen", _L)]),
        ("Terdokumentasinya register layanan", [
            ("Jumlah rekapitulasi layanan yang dilaporkan", "3", "laporan", _L)]),
    ],
    "pengawasan": [
        ("Terlaksananya pengawasan sesuai program kerja", [
            ("Jumlah objek pengawasan yang diperiksa", "8", "objek", _L),
            ("Rata-rata waktu penyusunan laporan hasil pengawasan", "10", "hari", _R)]),
        ("Terpantaunya tindak lanjut hasil pengawasan", [
            ("Persentase rekomendasi yang dipantau", "90", "persen", _L)]),
        ("Terlaksananya pendampingan dan pembinaan", [
            ("Jumlah kegiatan pendampingan", "6", "kegiatan", _L)]),
    ],
    "perencanaan": [
        ("Tersusunnya dokumen perencanaan yang berkualitas", [
            ("Jumlah dokumen perencanaan yang disusun", "3", "dokumen", _L)]),
        ("Tersedianya kajian kebijakan sebagai bahan pimpinan", [
            ("Jumlah telaahan staf yang disampaikan", "6", "telaahan", _L),
            ("Rata-rata waktu penyusunan telaahan", "5", "hari", _R)]),
        ("Terpantaunya capaian kinerja perangkat daerah", [
            ("Jumlah laporan monitoring dan evaluasi", "3", "laporan", _L)]),
    ],
    "umum": [
        ("Terlaksananya administrasi perkantoran yang tertib", [
            ("Jumlah surat masuk dan keluar yang diagendakan", "360", "surat", _L),
            ("Rata-rata waktu pendistribusian surat", "1", "hari", _R)]),
        ("Terkelolanya arsip dinamis unit kerja", [
            ("Jumlah berkas yang diarsipkan", "150", "berkas", _L)]),
        ("Tersedianya dukungan administrasi kegiatan", [
            ("Jumlah kegiatan yang didukung administrasinya", "12", "kegiatan", _L),
            ("Jumlah kesalahan administrasi yang dikoreksi", "3", "kesalahan", _R)]),
    ],
}  # fmt: skip

_KUALITATIF: dict[str, tuple[str, str, list[str]]] = {
    # kategori -> (indikator, target kualitatif, realisasi yang mungkin)
    "guru": ("Kualitas perangkat ajar menurut supervisi kepala sekolah", "Memenuhi seluruh komponen supervisi",
             ["Seluruh komponen terpenuhi", "Sebagian besar komponen terpenuhi, asesmen perlu diperbaiki"]),
    "kesehatan": ("Kepatuhan terhadap standar operasional prosedur", "Tidak ada temuan ketidakpatuhan SOP",
                  ["Tidak ada temuan", "Satu temuan minor, sudah diperbaiki"]),
}  # fmt: skip
_KUALITATIF_UMUM = (
    "Kualitas hasil kerja menurut penilaian atasan",
    "Hasil kerja rapi, lengkap dan tanpa perbaikan berulang",
    ["Sesuai harapan, tanpa perbaikan berulang", "Perlu perbaikan kecil pada kelengkapan dokumen"],
)

_KATEGORI_NAMA: list[tuple[str, tuple[str, ...]]] = [
    ("guru", ("Guru", "Kepala SD", "Kepala SMP", "Kepala SMA", "Pranata Laboratorium Pendidikan")),
    ("kesehatan", ("Dokter", "Perawat", "Bidan", "Apoteker", "Asisten Apoteker", "Nutrisionis", "Sanitarian",
                   "Epidemiolog", "Penyuluh Kesehatan", "Perekam Medis", "Pranata Laboratorium Kesehatan",
                   "Administrator Kesehatan", "Terapis", "Radiografer")),
    ("keuangan", ("Analis Keuangan", "Pranata Keuangan", "Pengelola Keuangan", "Analis Anggaran")),
    ("sdm", ("Analis Sumber Daya Manusia", "Pranata Sumber Daya Manusia", "Analis SDM")),
    ("ti", ("Pranata Komputer", "Penata Kelola Sistem", "Pengolah Data", "Administrator Database")),
    ("layanan", ("Pengelola Layanan", "Operator Layanan", "Pengadministrasi Kependudukan")),
    ("pengawasan", ("Auditor", "Pengawas", "Penilik")),
    ("perencanaan", ("Perencana", "Analis Kebijakan", "Penelaah Teknis")),
]  # fmt: skip


def kategori_jabatan(jenis: str, nama: str) -> str:
    """The text family of a jabatan: leaders by level, functional and pelaksana staff by field."""
    if jenis in (J.JPT_UTAMA, J.JPT_MADYA, J.JPT_PRATAMA):
        return "pimpinan"
    if jenis == J.ADMINISTRATOR:
        return "administrator"
    if jenis == J.PENGAWAS:
        return "pengawas"
    for kategori, awalan in _KATEGORI_NAMA:
        if nama.startswith(awalan):
            return kategori
    return "umum"


_EKSPEKTASI_KHUSUS: dict[str, str] = {
    AspekPerilaku.BERORIENTASI_PELAYANAN: "Menjawab setiap pengaduan layanan paling lambat dua hari kerja.",
    AspekPerilaku.AKUNTABEL: "Menyampaikan laporan kegiatan lengkap dengan bukti dukung setiap akhir bulan.",
    AspekPerilaku.KOMPETEN: "Mengikuti paling sedikit satu pelatihan teknis tahun ini dan berbagi hasilnya.",
    AspekPerilaku.KOLABORATIF: "Aktif dalam tim lintas bidang untuk program prioritas daerah.",
    AspekPerilaku.ADAPTIF: "Memanfaatkan aplikasi layanan daring untuk mempercepat proses kerja.",
}
_CATATAN_PENGEMBALIAN = [
    "Target indikator kedua belum terukur; mohon dilengkapi satuannya.",
    "RHK belum mengacu pada RHK atasan; mohon diselaraskan dengan rencana bidang.",
]
_CATATAN_PENILAI: dict[str, list[str]] = {
    Rating.DI_ATAS: ["Hasil kerja melampaui target; pertahankan.", "Kinerja sangat baik dan menjadi contoh rekan."],
    Rating.SESUAI: ["Target tercapai sesuai rencana.", "Kinerja sesuai harapan; tingkatkan ketepatan waktu laporan."],
    Rating.DI_BAWAH: ["Beberapa target belum tercapai; perlu pendampingan.", "Perlu perbaikan ketepatan waktu."],
}
_CATATAN_REALISASI = ["Sesuai laporan bulanan.", "Terkendala jaringan pada pertengahan periode.", "Data dari aplikasi."]
_UMPAN_BALIK_ATASAN = [
    "Progres sudah baik, mohon laporan pendukungnya dilengkapi sebelum akhir periode.",
    "Tolong prioritaskan berkas yang sudah lewat tenggat.",
    "Terima kasih, hasilnya rapi. Lanjutkan dengan format yang sama.",
    "Mari kita diskusikan kendalanya pada rapat bidang minggu depan.",
]
_UMPAN_BALIK_PEGAWAI = [
    "Baik, Pak/Bu. Laporan akan saya lengkapi minggu ini.",
    "Siap, sedang saya kerjakan bersama rekan seksi.",
    "Kendalanya ada pada data dari kelurahan yang terlambat masuk.",
]
_KOMENTAR_360 = {
    5: ["Sangat responsif dan selalu membantu rekan.", "Menjadi teladan dalam pelayanan."],
    4: ["Dapat diandalkan dan komunikatif.", "Bekerja sama dengan baik."],
    3: ["Cukup baik, kadang perlu diingatkan tenggat.", ""],
    2: ["Perlu meningkatkan ketepatan waktu dan komunikasi.", ""],
    1: ["Sering tidak hadir dalam koordinasi.", ""],
}
_LAYANAN: dict[str, list[str]] = {
    UnitKerja.Jenis.SEKOLAH: ["Penerimaan peserta didik baru", "Legalisasi ijazah", "Surat keterangan pindah sekolah"],
    UnitKerja.Jenis.PUSKESMAS: ["Pemeriksaan umum", "Kesehatan ibu dan anak", "Imunisasi", "Pelayanan gigi"],
    UnitKerja.Jenis.KELURAHAN: ["Surat keterangan domisili", "Surat pengantar nikah", "Surat keterangan usaha"],
    UnitKerja.Jenis.KANTOR: ["Rekomendasi izin keramaian", "Legalisasi dokumen", "Surat keterangan ahli waris"],
    "": ["Pelayanan administrasi", "Konsultasi", "Perizinan", "Pengaduan"],
}
_SARAN = [
    "Ruang tunggu perlu ditambah kursinya.",
    "Petugas ramah, tetapi antrean terlalu lama.",
    "Mohon informasi persyaratan dipasang di papan pengumuman.",
    "Pelayanan cepat, terima kasih.",
    "Toilet umum perlu dibersihkan lebih sering.",
    "Jam layanan sebaiknya diperpanjang pada hari Sabtu.",
]
_TINDAK_LANJUT = "Sudah ditindaklanjuti dalam rapat evaluasi layanan bulan berikutnya."

# (rating hasil kerja, rating perilaku) with weights: mostly Baik, some Sangat Baik, few below
_RATING_BOBOT: list[tuple[tuple[str, str], int]] = [
    ((Rating.DI_ATAS, Rating.DI_ATAS), 180),
    ((Rating.SESUAI, Rating.SESUAI), 550),
    ((Rating.DI_ATAS, Rating.SESUAI), 100),
    ((Rating.SESUAI, Rating.DI_ATAS), 50),
    ((Rating.DI_BAWAH, Rating.SESUAI), 70),
    ((Rating.DI_BAWAH, Rating.DI_ATAS), 10),
    ((Rating.SESUAI, Rating.DI_BAWAH), 25),
    ((Rating.DI_ATAS, Rating.DI_BAWAH), 5),
    ((Rating.DI_BAWAH, Rating.DI_BAWAH), 10),
]
_RATING_PILIHAN = [r for r, _w in _RATING_BOBOT]
_RATING_KUMULATIF = list(itertools.accumulate(w for _r, w in _RATING_BOBOT))
# capaian (%) drawn for a rating hasil kerja
_CAPAIAN_RENTANG: dict[str, tuple[int, int]] = {
    Rating.DI_ATAS: (106, 125),
    Rating.SESUAI: (91, 105),
    Rating.DI_BAWAH: (55, 85),
}
_SKOR_360: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    Rating.DI_ATAS: ((4, 5), (2, 5)),
    Rating.SESUAI: ((3, 4, 5), (2, 6, 2)),
    Rating.DI_BAWAH: ((1, 2, 3), (1, 4, 3)),
}
_PREDIKAT_ORGANISASI = (
    [rules.PredikatOrganisasi.ISTIMEWA, rules.PredikatOrganisasi.BAIK, rules.PredikatOrganisasi.BUTUH_PERBAIKAN],
    [2, 7, 1],
)
# IKM answer weights (for 1, 2, 3, 4) per unit quality tier
_MUTU_BOBOT = [(1, 4, 10, 5), (1, 3, 12, 10), (0, 2, 10, 14), (2, 8, 10, 3)]
_MUTU_KUMULATIF = [list(itertools.accumulate(b)) for b in _MUTU_BOBOT]


# ---------------------------------------------------------------------------------------------
# Plans


@dataclass
class _Peg:
    pk: int
    idx: int  # position in the instansi (by id): what deterministic choices use, as ids differ per build
    user_id: int | None
    atasan_id: int | None
    jabatan_id: int | None
    jenis: str
    nama_jabatan: str
    unit_id: int
    nama_unit: str
    top_unit: int
    kategori: str
    skp_id: int = 0
    status: str = SKP.Status.DISETUJUI
    rhk: list[tuple[int, Templat, list[int], bool]] = field(default_factory=list)  # (id, templat, indikator ids, kual)
    rating: dict[int, tuple[str, str] | None] = field(default_factory=dict)  # periode id -> ratings


@dataclass
class _Tahun:
    tahun: int
    berkala: list[Periode]
    tahunan: Periode
    lalu: list[Periode]  # periodic periods that ended before acuan
    kini: Periode | None  # the periodic period containing acuan
    tahunan_lalu: bool  # the whole year is past


@functools.cache
def _zona() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _aware(d: datetime.date, jam: int = 9) -> datetime.datetime:
    return datetime.datetime(d.year, d.month, d.day, jam, tzinfo=_zona())


def _kode_survei(instansi: Instansi, seed: int, unit_kode: str) -> str:
    raw = hashlib.blake2b(f"{instansi.kode}:{seed}:{unit_kode}".encode(), digest_size=8).hexdigest()
    return raw[:12]


@functools.lru_cache(maxsize=65536)
def _capaian(target: Decimal, nilai: Decimal, arah: str) -> Decimal:
    return rules.capaian(target=target, realisasi=nilai, arah=arah)


@functools.lru_cache(maxsize=4096)
def _desimal(teks: str) -> Decimal:
    return Decimal(teks)


@functools.lru_cache(maxsize=65536)
def _realisasi_nilai(target: Decimal, satuan: str, arah: str, persen: int) -> Decimal:
    """A realisasi whose capaian is about ``persen``: counts are whole, percentages stay ≤ 100."""
    faktor = Decimal(persen) / 100 if arah == Arah.LEBIH_TINGGI else Decimal(200 - persen) / 100
    nilai = target * faktor
    if satuan == "persen":
        nilai = min(nilai, Decimal(100))
    quantum = Decimal(1) if target >= 10 and satuan not in ("persen", "indeks", "nilai") else Decimal("0.1")
    return max(rules.bulatkan(nilai, quantum), Decimal("0.1"))


def _rating(rng: random.Random) -> tuple[str, str]:
    x = rng.random() * _RATING_KUMULATIF[-1]
    for pilihan, batas in zip(_RATING_PILIHAN, _RATING_KUMULATIF, strict=True):
        if x < batas:
            return pilihan
    return _RATING_PILIHAN[-1]  # pragma: no cover


def _chunks(items: Sequence[Any], n: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


# ---------------------------------------------------------------------------------------------
# Filling


@transaction.atomic
def demo_isi(*, instansi: Instansi, acuan: datetime.date, seed: int, siklus: bool = True) -> dict[str, int]:
    """Fill the appraisal data of a freshly seeded instansi (see the module docstring). Nothing
    happens when the instansi already has an SKP in the year of ``acuan``. With ``siklus`` the
    evaluation cycle then runs for every periodic period that has ended, so the demo shows
    scores, IKM and calibration results (notifications in-app only). Returns row counts."""
    if SKP.objects.filter(instansi=instansi, tahun=acuan.year).exists():
        return {}
    pertama = rules.periode_rentang(acuan.year, kebijakan_get(instansi=instansi).jenis_periode)[0]
    tahun_list = [acuan.year - 1, acuan.year] if acuan <= pertama[2] else [acuan.year]
    hitungan: Counter[str] = Counter()
    with sisip_massal() as sisip:
        for tahun in tahun_list:
            hitungan.update(_Pengisi(instansi, acuan, seed, tahun, sisip).isi())
    _analyze()
    if siklus:
        hitungan["siklus"] = demo_siklus(instansi=instansi, acuan=acuan)
    hitungan.update(kompetensi_demo_isi(instansi=instansi, acuan=acuan, seed=seed))
    return dict(hitungan)


def demo_siklus(*, instansi: Instansi, acuan: datetime.date) -> int:
    """Run the evaluation cycle, in-process, for each periodic period that ended before ``acuan``."""
    from common.services import surel_ditahan
    from penilaian.hooks import hooks_ditahan
    from penilaian.services.siklus import siklus_jalankan, siklus_mulai

    selesai = (
        Periode.objects.filter(instansi=instansi, tanggal_selesai__lt=acuan)
        .exclude(jenis=rules.JenisPeriode.TAHUNAN)
        .order_by("tanggal_mulai")
    )
    n = 0
    with surel_ditahan(), hooks_ditahan():
        for periode in selesai:
            s = siklus_mulai(actor=None, periode=periode, kirim=False)
            siklus_jalankan(siklus_id=s.pk)
            n += 1
    return n


class _Pengisi:
    """Fills one year of one instansi."""

    def __init__(self, instansi: Instansi, acuan: datetime.date, seed: int, tahun: int, sisip: _Sisip) -> None:
        self.instansi = instansi
        self.acuan = acuan
        self.seed = seed
        self.tahun = tahun
        self.sisip = sisip
        self.rng = random.Random(f"penilaian:{instansi.kode}:{seed}:{tahun}")  # noqa: S311 (reproducible demo data)
        self.hitungan: Counter[str] = Counter()
        self.now = timezone.now()

    # -- loading -------------------------------------------------------------------------------

    def _muat(self) -> None:
        units = {
            pk: (path, nama, jenis, layanan, kode)
            for pk, path, nama, jenis, layanan, kode in UnitKerja.objects.filter(instansi=self.instansi).values_list(
                "id", "path", "nama", "jenis", "is_unit_layanan", "kode"
            )
        }
        self.units = units
        rows = (
            Pegawai.objects.filter(instansi=self.instansi, status=Pegawai.Status.AKTIF)
            .order_by("id")
            .values_list("id", "user_id", "atasan_id", "jabatan_id", "jabatan__jenis", "jabatan__nama", "unit_kerja_id")
        )
        self.pegawai: list[_Peg] = []
        for idx, (pk, user_id, atasan_id, jabatan_id, jenis, nama_j, unit_id) in enumerate(rows):
            path, nama_u = units[unit_id][0], units[unit_id][1]
            self.pegawai.append(
                _Peg(
                    pk=pk,
                    idx=idx,
                    user_id=user_id,
                    atasan_id=atasan_id,
                    jabatan_id=jabatan_id,
                    jenis=jenis or "",
                    nama_jabatan=nama_j or "",
                    unit_id=unit_id,
                    nama_unit=nama_u,
                    top_unit=int(path.split("/", 1)[0]),
                    kategori=kategori_jabatan(jenis or "", nama_j or ""),
                )
            )
        self.by_pk = {p.pk: p for p in self.pegawai}
        self.bawahan: dict[int, list[int]] = defaultdict(list)
        for p in self.pegawai:
            if p.atasan_id is not None:
                self.bawahan[p.atasan_id].append(p.pk)
        atasan = demo_atasan(self.instansi)
        demo = demo_pegawai(atasan) if atasan is not None else None
        self.demo_atasan = atasan.pk if atasan is not None else None
        self.demo_pegawai = demo.pk if demo is not None else None
        self.bkd = (
            User.objects.filter(instansi=self.instansi, peran=User.Peran.BKD)
            .order_by("id")
            .values_list("id", flat=True)
        ).first()

    # -- the plan ------------------------------------------------------------------------------

    def _rencana(self) -> None:
        rng = self.rng
        n_rhk = 0
        n_ind = 0
        diajukan_demo = None
        if self.demo_atasan is not None:
            lain = [b for b in self.bawahan.get(self.demo_atasan, []) if b != self.demo_pegawai]
            diajukan_demo = lain[-1] if len(lain) >= 3 else None
        for p in self.pegawai:
            r = rng.random()
            if p.pk in (self.demo_pegawai, self.demo_atasan):
                p.status = SKP.Status.DISETUJUI
            elif p.pk == diajukan_demo:
                p.status = SKP.Status.DIAJUKAN
            elif r < 0.95:
                p.status = SKP.Status.DISETUJUI
            elif r < 0.97:
                p.status = SKP.Status.DRAFT
            elif r < 0.99:
                p.status = SKP.Status.DIAJUKAN
            else:
                p.status = SKP.Status.DIKEMBALIKAN
            templat = _RHK[p.kategori]
            pilih = rng.sample(templat, min(len(templat), 2 if rng.random() < 0.45 else 3))
            kual = rng.random() < KUALITATIF_PELUANG or p.pk == self.demo_pegawai
            rencana = []
            for i, t in enumerate(pilih):
                k = 1 if len(t[1]) == 1 or rng.random() < 0.3 else 2
                rencana.append((t, k + (1 if kual and i == 0 else 0), kual and i == 0))
                n_rhk += 1
                n_ind += rencana[-1][1]
            p.rhk = [(0, t, [0] * k, q) for t, k, q in rencana]
        skp_ids = self.sisip.ids(SKP, len(self.pegawai))
        rhk_ids = iter(self.sisip.ids(RencanaHasilKerja, n_rhk))
        ind_ids = iter(self.sisip.ids(IndikatorKinerja, n_ind))
        for p, sid in zip(self.pegawai, skp_ids, strict=True):
            p.skp_id = sid
            p.rhk = [(next(rhk_ids), t, [next(ind_ids) for _ in ids], q) for _r, t, ids, q in p.rhk]

    # -- writing -------------------------------------------------------------------------------

    def isi(self) -> Counter[str]:
        self._muat()
        if not self.pegawai:
            return self.hitungan
        self._rencana()
        self._tulis_skp()
        self.sisip.flush()
        self.periode = self._periode()
        self._tulis_realisasi()
        self.sisip.flush()
        self._tulis_rating()
        self._tulis_360()
        self._tulis_survei()
        self.sisip.flush()
        self._tulis_predikat_unit()
        self._tulis_umpan_balik_dan_bukti()
        return self.hitungan

    def _tulis_skp(self) -> None:
        rng = self.rng
        awal = datetime.date(self.tahun, 1, 1)
        dibuat = _aware(awal + datetime.timedelta(days=7))
        diajukan = _aware(awal + datetime.timedelta(days=14))
        disetujui = _aware(awal + datetime.timedelta(days=21))
        cols_skp = ["id", "instansi_id", "pegawai_id", "tahun", "jabatan_id", "unit_kerja_id", "nama_jabatan",
                    "nama_unit", "pejabat_penilai_id", "atasan_pejabat_penilai_id", "status", "versi",
                    "catatan_pengembalian", "diajukan_pada", "disetujui_pada", "created_at", "updated_at"]  # fmt: skip
        cols_rhk = ["id", "skp_id", "urutan", "uraian", "jenis", "rhk_atasan_id", "created_at", "updated_at"]
        cols_ind = ["id", "rhk_id", "urutan", "uraian", "jenis", "target", "target_kualitatif", "satuan", "arah",
                    "created_at", "updated_at"]  # fmt: skip
        cols_eks = ["skp_id", "aspek", "ekspektasi_khusus"]
        aspek = list(AspekPerilaku.values)
        for chunk in _chunks(self.pegawai):
            skp: list[tuple[Any, ...]] = []
            rhk: list[tuple[Any, ...]] = []
            ind: list[tuple[Any, ...]] = []
            eks: list[tuple[Any, ...]] = []
            for p in chunk:
                atasan = self.by_pk.get(p.atasan_id) if p.atasan_id else None
                st = p.status
                skp.append(
                    (p.skp_id, self.instansi.pk, p.pk, self.tahun, p.jabatan_id, p.unit_id, p.nama_jabatan[:200],
                     p.nama_unit[:200], p.atasan_id, atasan.atasan_id if atasan else None, st, 1,
                     rng.choice(_CATATAN_PENGEMBALIAN) if st == SKP.Status.DIKEMBALIKAN else "",
                     diajukan if st != SKP.Status.DRAFT else None, disetujui if st == SKP.Status.DISETUJUI else None,
                     dibuat, disetujui if st == SKP.Status.DISETUJUI else dibuat)
                )  # fmt: skip
                induk = atasan.rhk if atasan is not None and atasan.rhk else None
                for urutan, (rid, (uraian, indikator), ind_ids, kual) in enumerate(p.rhk, start=1):
                    atas = induk[p.idx % len(induk)][0] if induk is not None and urutan == 1 else None
                    jenis = RencanaHasilKerja.Jenis.TAMBAHAN if urutan == 3 and p.idx % 4 == 0 else "utama"
                    rhk.append((rid, p.skp_id, urutan, uraian.format(unit=p.nama_unit), jenis, atas, dibuat, dibuat))
                    n_kuant = len(ind_ids) - (1 if kual else 0)
                    for u, (iid, (teks, target, satuan, arah)) in enumerate(
                        zip(ind_ids[:n_kuant], indikator, strict=False), start=1
                    ):
                        ind.append((iid, rid, u, teks, JenisIndikator.KUANTITATIF, _desimal(target), "", satuan, arah,
                                    dibuat, dibuat))  # fmt: skip
                    if kual:
                        teks, target_k, _r = _KUALITATIF.get(p.kategori, _KUALITATIF_UMUM)
                        ind.append((ind_ids[-1], rid, len(ind_ids), teks, JenisIndikator.KUALITATIF, None, target_k, "",
                                    Arah.LEBIH_TINGGI, dibuat, dibuat))  # fmt: skip
                khusus = p.jenis in (J.JPT_PRATAMA, J.ADMINISTRATOR, J.PENGAWAS)
                eks.extend((p.skp_id, a, _EKSPEKTASI_KHUSUS.get(a, "") if khusus else "") for a in aspek)
            self.sisip.rows(SKP, cols_skp, skp)
            self.sisip.rows(RencanaHasilKerja, cols_rhk, rhk)
            self.sisip.rows(IndikatorKinerja, cols_ind, ind)
            self.sisip.rows(EkspektasiPerilaku, cols_eks, eks)
            self.hitungan.update(skp=len(skp), rhk=len(rhk), indikator=len(ind), ekspektasi=len(eks))

    def _periode(self) -> _Tahun:
        semua = periode_tahun_create(actor=None, instansi=self.instansi, tahun=self.tahun)
        berkala = sorted((p for p in semua if p.jenis != JenisPeriode.TAHUNAN), key=lambda p: p.tanggal_mulai)
        tahunan = next(p for p in semua if p.jenis == JenisPeriode.TAHUNAN)
        for p in semua:
            if p.tanggal_selesai < self.acuan:
                p.status = Periode.Status.DITUTUP
                p.ditutup_pada = _aware(p.tanggal_selesai + datetime.timedelta(days=10), 16)
                Periode.objects.filter(pk=p.pk).update(status=p.status, ditutup_pada=p.ditutup_pada)
        lalu = [p for p in berkala if p.tanggal_selesai < self.acuan]
        kini = next((p for p in berkala if p.tanggal_mulai <= self.acuan <= p.tanggal_selesai), None)
        self.hitungan.update(periode=len(semua))
        return _Tahun(self.tahun, berkala, tahunan, lalu, kini, tahunan.tanggal_selesai < self.acuan)

    def _dinilai(self) -> list[Periode]:
        """The periods with ratings: the past periodic ones, and the annual one of a past year."""
        t = self.periode
        return t.lalu + ([t.tahunan] if t.tahunan_lalu else [])

    def _tulis_realisasi(self) -> None:
        rng = self.rng
        t = self.periode
        dinilai = self._dinilai()
        cols = ["indikator_id", "periode_id", "nilai", "nilai_kualitatif", "catatan", "capaian", "created_at",
                "updated_at"]  # fmt: skip
        kini_waktu = _aware(self.acuan - datetime.timedelta(days=3)) if t.kini else None
        for chunk in _chunks(self.pegawai):
            rows = []
            for p in chunk:
                if p.status != SKP.Status.DISETUJUI:
                    continue
                dasar = _rating(rng)
                wajib = p.pk == self.demo_pegawai
                for per in dinilai:
                    rating = dasar if rng.random() < 0.8 else _rating(rng)
                    if wajib and rules.predikat(*rating) not in (Predikat.BAIK, Predikat.SANGAT_BAIK):
                        rating = (Rating.SESUAI, Rating.SESUAI)
                    dinilai_ya = rng.random() < 0.95  # drawn for everyone, so the demo logins do not shift the rest
                    p.rating[per.pk] = rating if (wajib or dinilai_ya) else None
                    rows.extend(self._realisasi_rows(p, per, rating[0], _aware(per.tanggal_selesai, 15)))
                kini_ya = rng.random() < 0.4
                if t.kini is not None and kini_waktu is not None and (wajib or kini_ya):
                    rows.extend(self._realisasi_rows(p, t.kini, dasar[0], kini_waktu, sebagian=not wajib))
            self.sisip.rows(Realisasi, cols, rows)
            self.hitungan.update(realisasi=len(rows))

    def _realisasi_rows(
        self, p: _Peg, per: Periode, rating_hk: str, waktu: datetime.datetime, sebagian: bool = False
    ) -> list[tuple[Any, ...]]:
        rng = self.rng
        lo, hi = _CAPAIAN_RENTANG[rating_hk]
        out: list[tuple[Any, ...]] = []
        for _rid, (_u, indikator), ind_ids, kual in p.rhk:
            if sebagian and rng.random() < 0.5:  # only the current period is partly filled
                continue
            n_kuant = len(ind_ids) - (1 if kual else 0)
            for iid, (_teks, target_s, satuan, arah) in zip(ind_ids[:n_kuant], indikator, strict=False):
                target = _desimal(target_s)
                nilai = _realisasi_nilai(target, satuan, arah, rng.randint(lo, hi))
                catatan = rng.choice(_CATATAN_REALISASI) if rng.random() < 0.1 else ""
                out.append((iid, per.pk, nilai, "", catatan, _capaian(target, nilai, arah), waktu, waktu))
            if kual:
                teks = _KUALITATIF.get(p.kategori, _KUALITATIF_UMUM)[2][0 if rating_hk != Rating.DI_BAWAH else 1]
                out.append((ind_ids[-1], per.pk, None, teks, "", None, waktu, waktu))
        return out

    def _tulis_rating(self) -> None:
        """Ratings and predikat into the snapshot rows, with one UPDATE from a temporary table."""
        rng = self.rng
        rows = []
        for per in self._dinilai():
            for p in self.pegawai:
                rating = p.rating.get(per.pk)
                if rating is None:
                    continue
                atasan = self.by_pk.get(p.atasan_id) if p.atasan_id else None
                waktu = _aware(per.tanggal_selesai + datetime.timedelta(days=5), 10)
                pred = rules.predikat(*rating).value
                catatan = rng.choice(_CATATAN_PENILAI[rating[0]]) if rng.random() < 0.3 else ""
                rows.append((per.pk, p.pk, rating[0], rating[1], pred, waktu, atasan.user_id if atasan else self.bkd,
                             catatan))  # fmt: skip
        self.hitungan.update(dinilai=len(rows))
        self.predikat_hitungan: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
        for per_id, peg_id, _h, _pr, pred, _w, _u, _c in rows:
            self.predikat_hitungan[(per_id, self.by_pk[peg_id].top_unit)][pred] += 1
        if not rows:
            return
        status = EvaluasiKinerja.Status.DINILAI
        if connection.vendor == "postgresql":
            self.sisip.flush()
            t = EvaluasiKinerja._meta.db_table
            with connection.cursor() as c:
                c.execute(
                    "CREATE TEMP TABLE demo_nilai (periode_id bigint, pegawai_id bigint, rh varchar(10), "
                    "rp varchar(10), pred varchar(20), waktu timestamptz, oleh bigint, catatan text) ON COMMIT DROP"
                )
                with c.cursor.copy("COPY demo_nilai FROM STDIN") as cp:
                    for r in rows:
                        cp.write_row(r)
                c.execute(
                    f"UPDATE {t} e SET rating_hasil_kerja = d.rh, rating_perilaku = d.rp, predikat_matriks = d.pred, "  # noqa: S608
                    "predikat = d.pred, dinilai_pada = d.waktu, dinilai_oleh_id = d.oleh, catatan_penilai = d.catatan, "
                    "status = %s, updated_at = d.waktu FROM demo_nilai d "
                    "WHERE e.periode_id = d.periode_id AND e.pegawai_id = d.pegawai_id",
                    [status],
                )
                c.execute("DROP TABLE demo_nilai")
            return
        per_ids = {r[0] for r in rows}
        ids = {
            (per, peg): pk
            for pk, per, peg in EvaluasiKinerja.objects.filter(periode_id__in=per_ids).values_list(
                "id", "periode_id", "pegawai_id"
            )
        }
        objs = [
            EvaluasiKinerja(
                id=ids[(per, peg)], rating_hasil_kerja=rh, rating_perilaku=rp, predikat_matriks=pred, predikat=pred,
                dinilai_pada=w, dinilai_oleh_id=oleh, catatan_penilai=cat, status=status, updated_at=w,
            )
            for per, peg, rh, rp, pred, w, oleh, cat in rows
            if (per, peg) in ids
        ]  # fmt: skip
        EvaluasiKinerja.objects.bulk_update(
            objs,
            ["rating_hasil_kerja", "rating_perilaku", "predikat_matriks", "predikat", "dinilai_pada",
             "dinilai_oleh_id", "catatan_penilai", "status", "updated_at"],
            batch_size=500,
        )  # fmt: skip

    def _tulis_360(self) -> None:
        rng = self.rng
        t = self.periode
        target = [(per, 0.9) for per in t.lalu[-1:]] + ([(t.kini, 0.4)] if t.kini is not None else [])
        if not target:
            return
        sampel = [
            p for p in self.pegawai if p.status == SKP.Status.DISETUJUI and p.atasan_id is not None
            and (rng.random() < SAMPEL_360 or p.pk == self.demo_pegawai)
        ]  # fmt: skip
        permintaan: list[tuple[Any, ...]] = []
        for per, peluang in target:
            waktu_minta = _aware(per.tanggal_selesai - datetime.timedelta(days=20))
            waktu_jawab = _aware(per.tanggal_selesai - datetime.timedelta(days=10), 14)
            if per is t.kini:
                waktu_minta = _aware(self.acuan - datetime.timedelta(days=10))
                waktu_jawab = _aware(self.acuan - datetime.timedelta(days=4), 14)
            for p in sampel:
                assert p.atasan_id is not None  # noqa: S101 (sampled above)
                rekan = [b for b in self.bawahan.get(p.atasan_id, []) if b != p.pk]
                penilai = [(p.atasan_id, PeranPenilai360.ATASAN), (p.pk, PeranPenilai360.DIRI_SENDIRI)]
                penilai += [(b, PeranPenilai360.REKAN) for b in rng.sample(rekan, min(3, len(rekan)))]
                bawah = self.bawahan.get(p.pk, [])
                penilai += [(b, PeranPenilai360.BAWAHAN) for b in rng.sample(bawah, min(3, len(bawah)))]
                rating = p.rating.get(per.pk) or (Rating.SESUAI, Rating.SESUAI)
                for pid, peran in penilai:
                    jawab = rng.random() < peluang and not (per is t.kini and pid == self.demo_pegawai)
                    permintaan.append((per.pk, p.pk, pid, peran, jawab, rating[1], waktu_minta, waktu_jawab))
        ids = self.sisip.ids(PermintaanUmpanBalik360, len(permintaan))
        cols_p = ["id", "periode_id", "dinilai_id", "penilai_id", "peran", "status", "dijawab_pada", "created_at",
                  "updated_at"]  # fmt: skip
        rows_p, rows_j = [], []
        aspek = list(AspekPerilaku.values)
        for pk, (per_id, dinilai, penilai_id, peran, jawab, rp, w_minta, w_jawab) in zip(ids, permintaan, strict=True):
            status = PermintaanUmpanBalik360.Status.DIJAWAB if jawab else PermintaanUmpanBalik360.Status.MENUNGGU
            rows_p.append((pk, per_id, dinilai, penilai_id, peran, status, w_jawab if jawab else None, w_minta,
                           w_jawab if jawab else w_minta))  # fmt: skip
            if jawab:
                skor_pilihan, bobot = _SKOR_360[rp]
                for a, skor in zip(aspek, rng.choices(skor_pilihan, bobot, k=len(aspek)), strict=True):
                    komentar = rng.choice(_KOMENTAR_360[skor]) if rng.random() < 0.15 else ""
                    rows_j.append((pk, a, skor, komentar))
        for part in _chunks(rows_p, 20000):
            self.sisip.rows(PermintaanUmpanBalik360, cols_p, list(part))
        for part in _chunks(rows_j, 20000):
            self.sisip.rows(JawabanUmpanBalik360, ["permintaan_id", "aspek", "skor", "komentar"], list(part))
        self.hitungan.update(permintaan_360=len(rows_p), jawaban_360=len(rows_j))

    def _tulis_survei(self) -> None:
        rng = self.rng
        t = self.periode
        layanan = sorted(pk for pk, u in self.units.items() if u[3])
        if not layanan:
            return
        if not TautanSurvei.objects.filter(unit_kerja_id__in=layanan[:1]).exists():
            self.sisip.rows(
                TautanSurvei,
                ["unit_kerja_id", "kode", "aktif", "created_at", "updated_at"],
                [(u, _kode_survei(self.instansi, self.seed, self.units[u][4]), True, _aware(datetime.date(
                    self.tahun, 1, 2)), _aware(datetime.date(self.tahun, 1, 2))) for u in layanan],
            )  # fmt: skip
            self.hitungan.update(tautan_survei=len(layanan))
        cols = ["unit_kerja_id", "periode_id", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "kelompok_usia",
                "jenis_kelamin", "pendidikan", "layanan", "saran", "tindak_lanjut", "ditindaklanjuti_pada",
                "created_at", "updated_at"]  # fmt: skip
        # pools of answers and of respondent profiles, drawn from once per response
        nilai = (1, 2, 3, 4)
        jawaban = [[tuple(rng.choices(nilai, cum_weights=cw, k=9)) for _ in range(512)] for cw in _MUTU_KUMULATIF]
        profil = [
            (
                rng.choice(ResponsSurvei.KelompokUsia.values),
                rng.choice("LP"),
                rng.choice(ResponsSurvei.Pendidikan.values),
            )
            for _ in range(256)
        ]
        mutu = {u: jawaban[rng.choices(range(4), (3, 4, 2, 1))[0]] for u in layanan}
        periode = [(per, 1.0) for per in t.lalu]
        if t.kini is not None:
            panjang = (t.kini.tanggal_selesai - t.kini.tanggal_mulai).days + 1
            jalan = (self.acuan - t.kini.tanggal_mulai).days / panjang
            periode.append((t.kini, jalan))
        if t.tahunan_lalu:
            periode = [(per, 1.0) for per in t.berkala]
        n = 0
        for per, porsi in periode:
            hari = (min(per.tanggal_selesai, self.acuan) - per.tanggal_mulai).days or 1
            waktu_hari = [_aware(per.tanggal_mulai + datetime.timedelta(days=d)) for d in range(hari)]
            rows = []
            for u in layanan:
                banyak = rng.randint(30, 45) if rng.random() < 0.85 else rng.randint(8, 29)
                daftar_layanan = _LAYANAN.get(self.units[u][2], _LAYANAN[""])
                pool = mutu[u]
                for _ in range(int(banyak * porsi)):
                    x = rng.random()
                    saran = _SARAN[int(x * 100) % len(_SARAN)] if x < 0.12 else ""
                    waktu = waktu_hari[rng.randrange(hari)] + datetime.timedelta(hours=rng.randrange(8))
                    tindak = _TINDAK_LANJUT if saran and porsi == 1.0 and x < 0.07 else ""
                    rows.append((u, per.pk, *pool[rng.randrange(512)], *profil[rng.randrange(256)],
                                 daftar_layanan[rng.randrange(len(daftar_layanan))], saran, tindak,
                                 waktu + datetime.timedelta(days=7) if tindak else None, waktu, waktu))  # fmt: skip
            for part in _chunks(rows, 20000):
                self.sisip.rows(ResponsSurvei, cols, list(part))
            n += len(rows)
        self.hitungan.update(respons_survei=n)

    def _tulis_predikat_unit(self) -> None:
        rng = self.rng
        top = sorted(pk for pk, u in self.units.items() if u[0].count("/") == 1)
        objs = []
        for per in self._dinilai():
            for u in top:
                pred = rng.choices(*_PREDIKAT_ORGANISASI)[0]
                hitungan = self.predikat_hitungan.get((per.pk, u), Counter())
                pelanggaran = [x.as_dict() for x in rules.pelanggaran_distribusi(pred, hitungan)]
                waktu = _aware(per.tanggal_selesai + datetime.timedelta(days=8), 11)
                objs.append(
                    PredikatUnit(
                        periode_id=per.pk,
                        unit_kerja_id=u,
                        predikat_organisasi=pred,
                        status=PredikatUnit.Status.FINAL,
                        ditetapkan_oleh_id=self.bkd,
                        pelanggaran=pelanggaran,
                        diperiksa_pada=waktu,
                        difinalisasi_oleh_id=self.bkd,
                        difinalisasi_pada=waktu,
                        created_at=waktu,
                    )
                )
        PredikatUnit.objects.bulk_create(objs, batch_size=1000)
        self.hitungan.update(predikat_unit=len(objs))

    def _tulis_umpan_balik_dan_bukti(self) -> None:
        rng = self.rng
        t = self.periode
        periode = t.lalu[-1:] + ([t.kini] if t.kini is not None else [])
        umpan: list[UmpanBalik] = []
        bukti_kunci: list[tuple[int, int, str]] = []  # (indikator, periode, nip-like label)
        for p in self.pegawai:
            if p.status != SKP.Status.DISETUJUI or p.atasan_id is None:
                continue
            demo = p.pk == self.demo_pegawai
            atasan = self.by_pk.get(p.atasan_id)
            if atasan is not None and (rng.random() < SAMPEL_UMPAN_BALIK or demo):
                for per in periode:
                    rid = p.rhk[0][0]
                    mulai = _aware(min(per.tanggal_selesai, self.acuan) - datetime.timedelta(days=12))
                    for i in range(max(rng.randint(1, 3), 3 if demo else 1)):
                        dari_atasan = i % 2 == 0
                        umpan.append(
                            UmpanBalik(
                                rhk_id=rid,
                                periode_id=per.pk,
                                penulis_id=atasan.user_id if dari_atasan else p.user_id,
                                penulis_pegawai_id=atasan.pk if dari_atasan else p.pk,
                                isi=rng.choice(_UMPAN_BALIK_ATASAN if dari_atasan else _UMPAN_BALIK_PEGAWAI),
                                created_at=mulai + datetime.timedelta(days=i * 2, hours=i),
                            )
                        )
            if rng.random() < SAMPEL_BUKTI or demo:
                for per in t.lalu[-2:] if demo else t.lalu[-1:]:
                    for _rid, _t, ind_ids, _k in p.rhk[:2]:
                        bukti_kunci.append((ind_ids[0], per.pk, str(p.idx)))
        UmpanBalik.objects.bulk_create(umpan, batch_size=2000)
        self.hitungan.update(umpan_balik=len(umpan))
        if not bukti_kunci:
            return
        per_ids = {k[1] for k in bukti_kunci}
        realisasi = {
            (ind, per): pk
            for pk, ind, per in Realisasi.objects.filter(
                periode_id__in=per_ids, indikator_id__in=[k[0] for k in bukti_kunci]
            ).values_list("id", "indikator_id", "periode_id")
        }
        objs = [
            BuktiDukung(
                realisasi_id=realisasi[(ind, per)],
                nama=f"Laporan kegiatan {n}",
                tautan=f"https://bukti.example.org/{self.instansi.kode}/{label}/{per}/{ind}.pdf",
            )
            for n, (ind, per, label) in enumerate(bukti_kunci, start=1)
            if (ind, per) in realisasi
        ]
        BuktiDukung.objects.bulk_create(objs, batch_size=2000)
        self.hitungan.update(bukti_dukung=len(objs))


def _analyze() -> None:
    """Fresh planner statistics after the bulk load."""
    if connection.vendor == "postgresql":
        tabel = ", ".join(m._meta.db_table for m in _MODEL_HAPUS)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tabel}")


# ---------------------------------------------------------------------------------------------
# Deleting

# children first
_MODEL_HAPUS: list[type[models.Model]] = [
    JawabanUmpanBalik360,
    PermintaanUmpanBalik360,
    BuktiDukung,
    Realisasi,
    UmpanBalik,
    Keberatan,
    EvaluasiKinerja,
    HasilIKM,
    ResponsSurvei,
    TautanSurvei,
    PredikatUnit,
    SiklusEvaluasi,
    IndikatorKinerja,
    RencanaHasilKerja,
    EkspektasiPerilaku,
    SKPVersi,
    SKP,
    Periode,
]


def _qs_instansi(model: type[models.Model], instansi: Instansi) -> Any:
    lookup = {
        JawabanUmpanBalik360: "permintaan__periode__instansi",
        PermintaanUmpanBalik360: "periode__instansi",
        BuktiDukung: "realisasi__indikator__rhk__skp__instansi",
        Realisasi: "indikator__rhk__skp__instansi",
        UmpanBalik: "rhk__skp__instansi",
        Keberatan: "evaluasi__periode__instansi",
        EvaluasiKinerja: "periode__instansi",
        HasilIKM: "unit_kerja__instansi",
        ResponsSurvei: "unit_kerja__instansi",
        TautanSurvei: "unit_kerja__instansi",
        PredikatUnit: "unit_kerja__instansi",
        SiklusEvaluasi: "periode__instansi",
        IndikatorKinerja: "rhk__skp__instansi",
        RencanaHasilKerja: "skp__instansi",
        EkspektasiPerilaku: "skp__instansi",
        SKPVersi: "skp__instansi",
        SKP: "instansi",
        Periode: "instansi",
    }[model]
    return model._base_manager.filter(**{lookup: instansi})


@transaction.atomic
def demo_hapus(*, instansi: Instansi) -> int:
    """Delete every appraisal row of the instansi, children first, one DELETE per table; rows of
    other apps that point at them are detached first. Returns the rows deleted."""
    db = SKP.objects.db
    known = set(_MODEL_HAPUS)
    detach: list[type[models.Model]] = [EvaluasiKinerja, SKP, Periode, RencanaHasilKerja]
    for model in detach:
        _detach(model, _qs_instansi(model, instansi).values("id"), known)
    # an RHK of another instansi cascaded from one of ours (should not happen) loses the link
    RencanaHasilKerja.objects.filter(rhk_atasan__skp__instansi=instansi).exclude(skp__instansi=instansi).update(
        rhk_atasan=None
    )
    total = kompetensi_demo_hapus(instansi=instansi)
    for model in _MODEL_HAPUS:
        total += _qs_instansi(model, instansi)._raw_delete(db)
    jenis = ContentType.objects.get_for_models(*_MODEL_HAPUS).values()
    AuditLog.objects.filter(instansi_id=instansi.pk, content_type__in=jenis).delete()
    return total
