"""Demo development data for a seeded instansi, built set-based (called by ``seed_demo`` after the
appraisal and competency demo data, see ``pegawai.demo.demo_modules``).

``demo_isi(instansi=, acuan=, seed=)`` fills, for the year of ``acuan`` and the year before:
the training catalogue (40 programmes: every manajerial kompetensi at levels 2–4, Perekat
Bangsa, the teknis kompetensi of the instansi, coaching and counselling for performance gaps,
e-learning, seminars, the leadership trainings mandatory for new pengawas and administrators,
a tugas belajar; seats scaled to the instansi); the training records of last year (about a
quarter of the pegawai without any, most others 4–40 JP) and of this year (completed before
``acuan``, scheduled after it; the demo pegawai below 20 JP); the leadership training of the
established pengawas and administrators; a few training requests (some waiting for the demo
atasan, some endorsed); a few mentoring pairs of this year (active with sessions, one proposed).
Then the product's own services run: the derivation of the training needs of this year, and
one allocation run (solved, not yet approved) with a budget for about 40 % of the open needs.

The same instansi, ``acuan`` and ``seed`` give the same data; nothing happens when the instansi
already has a catalogue for the year of ``acuan``. Notifications stay in-app (no demo e-mail).

``demo_hapus(instansi=)`` deletes every development row of the instansi, children first.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from common.models import AuditLog
from common.services import surel_ditahan
from pegawai.demo import _Sisip, demo_atasan, demo_pegawai
from pegawai.models import Golongan, Instansi, Jabatan, JenisASN, Pegawai, User
from pegawai.selectors import kebijakan_get
from penilaian.models import Kompetensi
from penilaian.rules import JenisKompetensi

from . import rules
from .models import (
    Alokasi,
    AlokasiPeserta,
    KebutuhanPelatihan,
    PasanganMentoring,
    PenjodohanMentoring,
    PermintaanPelatihan,
    ProgramKompetensi,
    ProgramPelatihan,
    RiwayatPelatihan,
    SesiMentoring,
    TargetJabatan,
)
from .rules import Bentuk, JenisMentoring

J = Jabatan.Jenis
B = Bentuk
CHUNK = 20000
TANPA_PELATIHAN_TAHUN_LALU = 0.25
SAMPEL_TAHUN_INI = 0.45
SAMPEL_PERMINTAAN = 0.015
KODE_PKP = "PKP"
KODE_PKA = "PKA"
STRUKTURAL_ATAS: list[str] = [J.JPT_PRATAMA, J.ADMINISTRATOR, J.PENGAWAS, J.FUNGSIONAL_KEAHLIAN]


@dataclass
class Spesifikasi:
    """One programme of the catalogue, before its year."""

    kode: str
    nama: str
    bentuk: str
    jp: int
    biaya: int
    kursi: int
    porsi: float  # share of the pegawai it can take in a year (gives the number of batches)
    membangun: list[tuple[str, int]] = field(default_factory=list)  # (kompetensi kode, level)
    penyelenggara: str = "BKPSDM"
    deskripsi: str = ""
    jenis_jabatan: list[str] = field(default_factory=list)
    wajib_jenis_jabatan: list[str] = field(default_factory=list)
    untuk_kinerja: bool = False
    golongan: tuple[str, str] | None = None
    hari: int = 0  # length in days (0: from the JP, 8 JP a day)


_MANAJERIAL_BENTUK = {
    # level: (form, JP, cost, seats per batch, yearly share, provider)
    2: (B.E_LEARNING, 12, 150_000, 200, 0.03, "LAN RI (ASN Unggul)"),
    3: (B.KLASIKAL, 24, 3_500_000, 30, 0.012, "BPSDM Provinsi"),
    4: (B.WORKSHOP, 32, 5_500_000, 25, 0.004, "BPSDM Provinsi"),
}

_TEKNIS_PROGRAM = {
    "TK-ARSIP": ("Bimbingan Teknis Tata Naskah Dinas dan Kearsipan", 32, 2_750_000, "ANRI"),
    "TK-KEU": ("Pelatihan Penatausahaan Keuangan Daerah", 40, 4_200_000, "BPKP Perwakilan Provinsi"),
    "TK-DATA": ("Pelatihan Analisis dan Visualisasi Data", 40, 3_800_000, "BPSDM Provinsi"),
    "TK-RENCANA": ("Pelatihan Perencanaan dan Evaluasi Kinerja Pembangunan", 40, 4_500_000, "Bappenas"),
}


def katalog(nama_kompetensi: dict[str, str], teknis: Sequence[str]) -> list[Spesifikasi]:
    """The catalogue of one year: names from the kompetensi of the instansi (``kode`` → nama)."""
    out: list[Spesifikasi] = []
    for kode in ("M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8"):
        if kode not in nama_kompetensi:
            continue
        for level, (bentuk, jp, biaya, kursi, porsi, oleh) in _MANAJERIAL_BENTUK.items():
            out.append(
                Spesifikasi(
                    kode=f"{kode}-L{level}",
                    nama=f"{nama_kompetensi[kode]} (Level {level})",
                    bentuk=bentuk,
                    jp=jp,
                    biaya=biaya,
                    kursi=kursi,
                    porsi=porsi,
                    membangun=[(kode, level)],
                    penyelenggara=oleh,
                    deskripsi=f"Pengembangan kompetensi manajerial {nama_kompetensi[kode]} sampai level {level}.",
                    jenis_jabatan=STRUKTURAL_ATAS if level == 4 else [],
                )
            )
    if "SK1" in nama_kompetensi:
        out.append(
            Spesifikasi("SK1-L3", "Wawasan Kebangsaan dan Perekat Bangsa", B.KLASIKAL, 16, 1_500_000, 40, 0.01,
                        [("SK1", 3)], "Kesbangpol", "Sosial kultural: merawat kemajemukan dan persatuan.")
        )  # fmt: skip
    for kode in teknis:
        if kode in _TEKNIS_PROGRAM:
            nama, jp, biaya, oleh = _TEKNIS_PROGRAM[kode]
            out.append(Spesifikasi(f"{kode}-L3", nama, B.KLASIKAL, jp, biaya, 30, 0.01, [(kode, 3)], oleh))
    out += [
        Spesifikasi("COACH-KIN", "Coaching Kinerja oleh Atasan Langsung", B.COACHING, 8, 0, 15, 0.01,
                    deskripsi="Pendampingan untuk pegawai dengan predikat di bawah Baik.", untuk_kinerja=True),
        Spesifikasi("KONS-KIN", "Konseling Kinerja dan Disiplin", B.COACHING, 6, 0, 15, 0.005,
                    deskripsi="Konseling untuk kesenjangan kinerja dan disiplin kerja.", untuk_kinerja=True),
        Spesifikasi("SKP-KIN", "Pelatihan Penyusunan SKP dan Manajemen Kinerja", B.KLASIKAL, 16, 1_200_000, 30, 0.01,
                    [("M4", 2)], untuk_kinerja=True),
        Spesifikasi("EL-DIGITAL", "Literasi Digital ASN", B.E_LEARNING, 10, 0, 500, 0.08, penyelenggara="Kominfo"),
        Spesifikasi("EL-AKHLAK", "Orientasi Nilai Dasar BerAKHLAK", B.E_LEARNING, 8, 0, 500, 0.08,
                    penyelenggara="LAN RI (ASN Unggul)"),
        Spesifikasi("SEM-INOVASI", "Seminar Inovasi Pelayanan Publik", B.SEMINAR, 4, 350_000, 150, 0.03,
                    penyelenggara="KemenPANRB", hari=1),
        Spesifikasi("SEM-SAKIP", "Seminar Akuntabilitas Kinerja dan SAKIP", B.SEMINAR, 2, 0, 150, 0.03, hari=1),
        Spesifikasi(KODE_PKP, "Pelatihan Kepemimpinan Pengawas", B.KLASIKAL, 160, 15_000_000, 30, 0.004,
                    [("M4", 3), ("M6", 3), ("M7", 3)], "BPSDM Provinsi",
                    "Wajib bagi pejabat pengawas yang belum mengikutinya.", [J.PENGAWAS], [J.PENGAWAS]),
        Spesifikasi(KODE_PKA, "Pelatihan Kepemimpinan Administrator", B.KLASIKAL, 160, 22_000_000, 30, 0.002,
                    [("M7", 4), ("M8", 4)], "BPSDM Provinsi",
                    "Wajib bagi pejabat administrator yang belum mengikutinya.", [J.ADMINISTRATOR], [J.ADMINISTRATOR]),
        Spesifikasi("TB-S2-AP", "Tugas Belajar S-2 Administrasi Publik", B.TUGAS_BELAJAR, 160, 25_000_000, 2, 0.0005,
                    [("M8", 4)], "Universitas Sumatera Utara", golongan=("III/a", "III/d"), hari=365),
    ]  # fmt: skip
    return out


def _chunks(items: Sequence[Any], n: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _aware(d: datetime.date, jam: int = 9) -> datetime.datetime:
    return datetime.datetime(d.year, d.month, d.day, jam, tzinfo=timezone.get_default_timezone())


@dataclass
class _Program:
    pk: int
    tahun: int
    kode: str
    nama: str
    bentuk: str
    penyelenggara: str
    jp: Decimal
    biaya: Decimal
    mulai: datetime.date
    selesai: datetime.date
    jenis_jabatan: list[str]
    kompetensi: list[int]
    untuk_kinerja: bool


@dataclass
class _Peg:
    pk: int
    user_id: int | None
    atasan_id: int | None
    jenis: str
    tmt_jabatan: datetime.date | None
    tmt_cpns: datetime.date


@transaction.atomic
def demo_isi(*, instansi: Instansi, acuan: datetime.date, seed: int) -> dict[str, int]:
    """Fill the development data of a seeded instansi (see the module docstring). Returns row
    counts; empty when the instansi already has a catalogue for the year of ``acuan``."""
    if ProgramPelatihan.objects.filter(instansi=instansi, tahun=acuan.year).exists():
        return {}
    return _Pengisi(instansi, acuan, seed).isi()


class _Pengisi:
    def __init__(self, instansi: Instansi, acuan: datetime.date, seed: int) -> None:
        self.instansi = instansi
        self.acuan = acuan
        self.tahun = acuan.year
        self.rng = random.Random(f"pelatihan:{instansi.kode}:{seed}")  # noqa: S311 (reproducible demo data)
        self.hitungan: Counter[str] = Counter()
        self.sisip = _Sisip()

    def isi(self) -> dict[str, int]:
        self._muat()
        try:
            self._tulis_katalog()
            self._tulis_riwayat()
            self.sisip.flush()
        finally:
            self.sisip.close()
        self._tulis_permintaan()
        self._tulis_mentoring()
        if connection.vendor == "postgresql":
            tabel = ", ".join(m._meta.db_table for m in (ProgramPelatihan, RiwayatPelatihan, SesiMentoring))
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {tabel}")
        self._layanan()
        return dict(self.hitungan)

    # -- loading -------------------------------------------------------------------------------

    def _muat(self) -> None:
        rows = (
            Pegawai.objects.filter(instansi=self.instansi, status=Pegawai.Status.AKTIF)
            .order_by("id")
            .values_list("id", "user_id", "atasan_id", "jabatan__jenis", "tmt_jabatan", "tmt_cpns")
        )
        self.pegawai = [_Peg(pk, u, a, j or "", tj, tc) for pk, u, a, j, tj, tc in rows.iterator(chunk_size=CHUNK)]
        self.by_pk = {p.pk: p for p in self.pegawai}
        atasan = demo_atasan(self.instansi)
        demo = demo_pegawai(atasan) if atasan is not None else None
        self.demo_atasan = atasan.pk if atasan is not None else None
        self.demo_pegawai = demo.pk if demo is not None else None
        self.bkd = (
            User.objects.filter(instansi=self.instansi, peran=User.Peran.BKD)
            .order_by("id")
            .values_list("id", flat=True)
            .first()
        )
        self.kompetensi = {
            kode: (pk, nama)
            for kode, pk, nama in Kompetensi.objects.filter(
                Q(instansi=None) | Q(instansi=self.instansi), is_active=True
            ).values_list("kode", "id", "nama")
        }
        self.teknis = sorted(
            Kompetensi.objects.filter(instansi=self.instansi, jenis=JenisKompetensi.TEKNIS).values_list(
                "kode", flat=True
            )
        )

    # -- the catalogue ---------------------------------------------------------------------------

    def _tulis_katalog(self) -> None:
        n = len(self.pegawai)
        golongan = dict(Golongan.objects.filter(jenis_asn=JenisASN.PNS).values_list("kode", "id"))
        spes = katalog({k: v[1] for k, v in self.kompetensi.items()}, self.teknis)
        now = timezone.now()
        objs: list[ProgramPelatihan] = []
        bangun: list[list[tuple[str, int]]] = []
        for tahun in (self.tahun - 1, self.tahun):
            for i, s in enumerate(spes):
                mulai = datetime.date(tahun, 2 + (i * 7) % 9, 3 + (i * 5) % 22)
                hari = s.hari or (30 if s.bentuk == B.E_LEARNING else max(1, -(-s.jp // 8)))
                selesai = mulai + datetime.timedelta(days=hari - 1)
                # a little cheaper the year before, rounded to thousands
                biaya = Decimal(round(s.biaya * (1 - 0.05 * (self.tahun - tahun)), -3))
                gmin, gmax = s.golongan or (None, None)
                objs.append(
                    ProgramPelatihan(
                        instansi=self.instansi, tahun=tahun, kode=s.kode, nama=s.nama, deskripsi=s.deskripsi,
                        bentuk=s.bentuk, penyelenggara=s.penyelenggara, jp=Decimal(s.jp), biaya_per_peserta=biaya,
                        kursi_per_angkatan=s.kursi, jumlah_angkatan=max(1, min(round(n * s.porsi / s.kursi), 400)),
                        tanggal_mulai=mulai, tanggal_selesai=selesai, jenis_jabatan=list(s.jenis_jabatan),
                        golongan_minimal_id=golongan.get(gmin) if gmin else None,
                        golongan_maksimal_id=golongan.get(gmax) if gmax else None,
                        wajib_jenis_jabatan=list(s.wajib_jenis_jabatan), untuk_kinerja=s.untuk_kinerja,
                        created_at=_aware(datetime.date(tahun - 1, 12, 1)), updated_at=now,
                    )
                )  # fmt: skip
                bangun.append(s.membangun)
        ProgramPelatihan.objects.bulk_create(objs)
        pk_list = [o.pk for o in objs]
        ProgramKompetensi.objects.bulk_create(
            [
                ProgramKompetensi(program_id=pk, kompetensi_id=self.kompetensi[kode][0], level=level)
                for pk, membangun in zip(pk_list, bangun, strict=True)
                for kode, level in membangun
                if kode in self.kompetensi
            ]
        )
        self.program: list[_Program] = [
            _Program(pk, o.tahun, o.kode, o.nama, o.bentuk, o.penyelenggara, o.jp, o.biaya_per_peserta,
                     o.tanggal_mulai, o.tanggal_selesai, o.jenis_jabatan,
                     [self.kompetensi[k][0] for k, _l in b if k in self.kompetensi], o.untuk_kinerja)
            for pk, o, b in zip(pk_list, objs, bangun, strict=True)
            if o.tanggal_mulai is not None and o.tanggal_selesai is not None
        ]  # fmt: skip
        self.hitungan.update(program=len(objs))

    def _pool(self, tahun: int) -> dict[str, list[_Program]]:
        """The programmes of a year open to each jabatan type (ordinary training only)."""
        khusus = {KODE_PKP, KODE_PKA}
        out: dict[str, list[_Program]] = defaultdict(list)
        jenis_semua = [*J.values, ""]
        for p in self.program:
            if p.tahun != tahun or p.kode in khusus or p.bentuk == B.TUGAS_BELAJAR or p.untuk_kinerja:
                continue
            for jenis in jenis_semua:
                if not p.jenis_jabatan or jenis in p.jenis_jabatan:
                    out[jenis].append(p)
        return out

    # -- training records ----------------------------------------------------------------------

    def _tulis_riwayat(self) -> None:
        rng = self.rng
        lalu, kini = self.tahun - 1, self.tahun
        pool_lalu, pool_kini = self._pool(lalu), self._pool(kini)
        pimpin = {(p.tahun, p.kode): p for p in self.program if p.kode in (KODE_PKP, KODE_PKA)}
        wajib_kode: dict[str, str] = {J.PENGAWAS: KODE_PKP, J.ADMINISTRATOR: KODE_PKA}
        baru_sejak = datetime.date(lalu - 1, 1, 1)
        rows: list[tuple[Any, ...]] = []
        cols = ["instansi_id", "pegawai_id", "tahun", "program_id", "nama", "bentuk", "penyelenggara",
                "tanggal_mulai", "tanggal_selesai", "jp", "biaya", "status", "nomor_sertifikat", "sertifikat",
                "nilai_evaluasi", "catatan_evaluasi", "nilai_peserta", "dicatat_oleh_id", "created_at",
                "updated_at"]  # fmt: skip
        nomor = 0

        def catat(p: _Peg, prog: _Program, tahun: int, status: str) -> None:
            nonlocal nomor
            selesai = status == RiwayatPelatihan.Status.SELESAI
            nomor += 1
            sertifikat = f"{self.instansi.kode.upper()[:6]}/{prog.kode}/{tahun}/{nomor:06d}" if selesai else ""
            waktu = _aware(
                prog.selesai + datetime.timedelta(days=3) if selesai else prog.mulai - datetime.timedelta(30)
            )
            rows.append((self.instansi.pk, p.pk, tahun, prog.pk, prog.nama, prog.bentuk, prog.penyelenggara,
                         prog.mulai, prog.selesai, prog.jp, prog.biaya, status, sertifikat, "",
                         rng.choice((3, 4, 4, 5, 5)) if selesai and rng.random() < 0.6 else None, "",
                         Decimal(rng.randint(7000, 9600)) / 100 if selesai and prog.bentuk == B.KLASIKAL else None,
                         self.bkd, waktu, waktu))  # fmt: skip

        for p in self.pegawai:
            demo = p.pk == self.demo_pegawai
            # the leadership training of a structural jabatan: done by the established holders, by some new ones
            kode = wajib_kode.get(p.jenis)
            if kode is not None:
                baru = p.tmt_jabatan is not None and p.tmt_jabatan >= baru_sejak
                r = rng.random()
                if not baru:
                    tahun_pkp = min((p.tmt_jabatan.year + 1) if p.tmt_jabatan else lalu - 3, lalu - 2)
                    prog = pimpin[(lalu, kode)]
                    catat(p, _pindah_tahun(prog, tahun_pkp), tahun_pkp, RiwayatPelatihan.Status.SELESAI)
                elif r < 0.4:
                    catat(p, pimpin[(lalu, kode)], lalu, RiwayatPelatihan.Status.SELESAI)
                elif r < 0.7:
                    prog = pimpin[(kini, kode)]
                    catat(p, prog, kini, _status_kini(prog, self.acuan))
            # last year: a quarter without any development, the others 4–40 JP
            r = rng.random()
            if r >= TANPA_PELATIHAN_TAHUN_LALU or demo:
                for prog in self._ambil(rng, pool_lalu.get(p.jenis, pool_lalu[""]), rng.randint(4, 40)):
                    catat(p, prog, lalu, RiwayatPelatihan.Status.SELESAI)
            # this year: completed before acuan, scheduled after it; the demo pegawai stays below 20 JP
            r = rng.random()
            if r < SAMPEL_TAHUN_INI or demo:
                pilihan = pool_kini.get(p.jenis, pool_kini[""])
                if demo:
                    pilihan = [x for x in pilihan if x.jp <= 12]
                target = 12 if demo else rng.randint(4, 40)
                for prog in self._ambil(rng, pilihan, target):
                    catat(p, prog, kini, _status_kini(prog, self.acuan))
            if len(rows) >= CHUNK:
                self.sisip.rows(RiwayatPelatihan, cols, rows)
                self.hitungan.update(riwayat_pelatihan=len(rows))
                rows = []
        self.sisip.rows(RiwayatPelatihan, cols, rows)
        self.hitungan.update(riwayat_pelatihan=len(rows))

    @staticmethod
    def _ambil(rng: random.Random, pilihan: list[_Program], target: int) -> list[_Program]:
        """Up to three programmes whose JP add up to about ``target``."""
        out: list[_Program] = []
        jumlah = Decimal(0)
        for _ in range(3 if pilihan else 0):
            prog = pilihan[rng.randrange(len(pilihan))]
            if not out and prog.jp > target + 8:
                prog = min(pilihan, key=lambda x: (x.jp, x.pk))  # nobody drawn is left without any
            if prog in out or jumlah + prog.jp > target + 8:
                continue
            out.append(prog)
            jumlah += prog.jp
            if jumlah >= target:
                break
        return out

    # -- requests and mentoring ----------------------------------------------------------------

    def _tulis_permintaan(self) -> None:
        rng = self.rng
        kini = [p for p in self.program if p.tahun == self.tahun and not p.untuk_kinerja and p.kompetensi]
        if not kini:
            return
        st = PermintaanPelatihan.Status
        objs: list[PermintaanPelatihan] = []
        alasan = [
            "Untuk menunjang tugas pada jabatan saat ini.",
            "Hasil asesmen menunjukkan kesenjangan pada kompetensi ini.",
            "Dibutuhkan untuk persiapan penugasan baru di unit kerja.",
            "Belum pernah mengikuti pelatihan di bidang ini.",
        ]
        tanggapan = {st.DIDUKUNG: "Didukung, sesuai rencana pengembangan unit.", st.DITOLAK: "Ditunda ke tahun depan."}
        demo_bawahan = [p for p in self.pegawai if self.demo_atasan is not None and p.atasan_id == self.demo_atasan]
        demo_ids = [p.pk for p in demo_bawahan if p.pk == self.demo_pegawai]
        demo_ids += [p.pk for p in demo_bawahan if p.pk != self.demo_pegawai][:3]
        for p in self.pegawai:
            r = rng.random()
            if p.atasan_id is None or (r >= SAMPEL_PERMINTAAN and p.pk not in demo_ids):
                continue
            if p.pk in demo_ids:
                # waiting for the demo atasan, the last one already endorsed
                status = st.DIDUKUNG if p.pk == demo_ids[-1] and len(demo_ids) > 2 else st.DIAJUKAN
            else:
                status = rng.choices((st.DIAJUKAN, st.DIDUKUNG, st.DITOLAK, st.DIBATALKAN), (4, 4, 1, 1))[0]
            prog = kini[rng.randrange(len(kini))]
            atasan = self.by_pk.get(p.atasan_id)
            diajukan = _aware(self.acuan - datetime.timedelta(days=rng.randint(5, 60)))
            ditanggapi = status in (st.DIDUKUNG, st.DITOLAK)
            objs.append(
                PermintaanPelatihan(
                    instansi=self.instansi, pegawai_id=p.pk, tahun=self.tahun, program_id=prog.pk,
                    kompetensi_id=prog.kompetensi[0], alasan=rng.choice(alasan), status=status,
                    ditanggapi_oleh_id=atasan.user_id if ditanggapi and atasan else None,
                    ditanggapi_pada=diajukan + datetime.timedelta(days=3) if ditanggapi else None,
                    tanggapan=tanggapan.get(status, ""), created_at=diajukan, updated_at=diajukan,
                )
            )  # fmt: skip
        PermintaanPelatihan.objects.bulk_create(objs, batch_size=2000)
        self.hitungan.update(permintaan_pelatihan=len(objs))

    def _tulis_mentoring(self) -> None:
        """A few pairs of this year: a structural atasan and a direct subordinate (the newest
        first), active with sessions before ``acuan``; the last one only proposed."""
        rng = self.rng
        kapasitas = kebijakan_get(instansi=self.instansi).kapasitas_mentor
        bawahan: dict[int, list[_Peg]] = defaultdict(list)
        for p in self.pegawai:
            if p.atasan_id is not None:
                bawahan[p.atasan_id].append(p)
        mentor = [p for p in self.pegawai if p.jenis in (J.ADMINISTRATOR, J.PENGAWAS) and bawahan.get(p.pk)]
        banyak = max(3, len(self.pegawai) // 250)
        pasangan: list[tuple[_Peg, _Peg]] = []
        if self.demo_atasan is not None and self.demo_pegawai is not None:
            pasangan.append((self.by_pk[self.demo_atasan], self.by_pk[self.demo_pegawai]))
        dipakai = {m.pk for _a, m in pasangan} | {a.pk for a, _m in pasangan}
        for m in rng.sample(mentor, min(len(mentor), banyak)):
            if len(pasangan) >= banyak or m.pk in dipakai:
                continue
            calon = sorted(
                (b for b in bawahan[m.pk] if b.pk not in dipakai), key=lambda b: (-b.tmt_cpns.toordinal(), b.pk)
            )
            for b in calon[: min(kapasitas, rng.randint(1, 2))]:
                pasangan.append((m, b))
                dipakai.add(b.pk)
            dipakai.add(m.pk)
        if not pasangan:
            return
        mulai = max(datetime.date(self.tahun, 1, 15), self.acuan - datetime.timedelta(days=150))
        sp = PasanganMentoring.Status
        objs = []
        for i, (m, b) in enumerate(pasangan):
            usulan = i == len(pasangan) - 1 and len(pasangan) > 1
            baru = b.tmt_cpns >= datetime.date(self.tahun - 2, 1, 1)
            jenis = JenisMentoring.MENTORING if baru or i % 3 else JenisMentoring.COACHING
            objs.append(
                PasanganMentoring(
                    instansi=self.instansi, tahun=self.tahun, jenis=jenis, mentor_id=m.pk, mentee_id=b.pk,
                    status=sp.USULAN if usulan else sp.AKTIF, skor=Decimal(rng.randint(6000, 9500)) / 100,
                    alasan={"mentee": "pegawai baru" if baru else "pengembangan kompetensi", "atasan_langsung": True},
                    tujuan="Mendampingi penyelesaian RHK dan menutup kesenjangan kompetensi tahun ini.",
                    dikonfirmasi_oleh_id=None if usulan else self.bkd,
                    dikonfirmasi_pada=None if usulan else _aware(mulai),
                    created_at=_aware(mulai - datetime.timedelta(days=7)),
                    updated_at=_aware(mulai),
                )
            )  # fmt: skip
        PasanganMentoring.objects.bulk_create(objs)
        pk_pasangan = dict(
            PasanganMentoring.objects.filter(instansi=self.instansi, tahun=self.tahun).values_list("mentee_id", "id")
        )
        topik = ["Rencana kerja dan target RHK", "Tindak lanjut umpan balik kinerja", "Penyusunan laporan kegiatan",
                 "Pengembangan kompetensi manajerial", "Evaluasi capaian triwulan"]  # fmt: skip
        sesi = []
        for o in objs:
            if o.status != sp.AKTIF or mulai >= self.acuan:
                continue
            hari = max((self.acuan - mulai).days, 1)
            for k in range(rng.randint(2, 4)):
                menit = rng.choice((60, 90, 120))
                tanggal = mulai + datetime.timedelta(days=min(hari - 1, 7 + k * max(hari // 5, 1)))
                sesi.append(
                    SesiMentoring(
                        pasangan_id=pk_pasangan[o.mentee_id], tanggal=tanggal, durasi_menit=menit,
                        jp=rules.jp_dari_menit(menit), topik=topik[k % len(topik)],
                        dicatat_oleh_id=self.by_pk[o.mentor_id].user_id, created_at=_aware(tanggal, 15),
                    )
                )  # fmt: skip
        SesiMentoring.objects.bulk_create(sesi, batch_size=2000)
        self.hitungan.update(pasangan_mentoring=len(objs), sesi_mentoring=len(sesi))

    # -- the product's own services ------------------------------------------------------------

    def _layanan(self) -> None:
        from .services.alokasi import alokasi_buat, alokasi_jalankan, alokasi_setujui
        from .services.kebutuhan import kebutuhan_turunkan

        with surel_ditahan():
            hasil = kebutuhan_turunkan(instansi=self.instansi, tahun=self.tahun)
            self.hitungan.update(kebutuhan_pelatihan=hasil.terbuka)
            bkd = User.objects.filter(pk=self.bkd or 0).first() or User()
            anggaran = self._anggaran(hasil.terbuka)
            # a batch of the programmes still to start, approved, so that pegawai see why they
            # were (not) chosen; with none left the run for the whole year stays to be approved
            belum_mulai = list(
                ProgramPelatihan.objects.filter(
                    instansi=self.instansi, tahun=self.tahun, tanggal_mulai__gt=self.acuan
                ).values_list("pk", flat=True)
            )
            alokasi = alokasi_buat(
                actor=bkd,
                instansi=self.instansi,
                tahun=self.tahun,
                nama=f"Alokasi pelatihan {self.tahun}",
                anggaran=anggaran,
                program_ids=belum_mulai or None,
                kirim=False,
            )
            alokasi = alokasi_jalankan(alokasi_id=alokasi.pk)
            if belum_mulai and alokasi.status == Alokasi.Status.SELESAI:
                alokasi = alokasi_setujui(actor=bkd, alokasi=alokasi)
            self.hitungan.update(alokasi=1, alokasi_disetujui=int(alokasi.status == Alokasi.Status.DISETUJUI))

    def _anggaran(self, kebutuhan: int) -> Decimal:
        """A budget that covers about 40 % of the open needs at the mean cost of a programme of
        the year, in whole millions."""
        kini = [p.biaya for p in self.program if p.tahun == self.tahun]
        rata = sum(kini, Decimal(0)) / len(kini) if kini else Decimal(0)
        return Decimal(round(kebutuhan * rata * Decimal("0.4"), -6))


def _status_kini(prog: _Program, acuan: datetime.date) -> str:
    return RiwayatPelatihan.Status.SELESAI if prog.selesai < acuan else RiwayatPelatihan.Status.TERJADWAL


def _pindah_tahun(prog: _Program, tahun: int) -> _Program:
    """The same programme held in an earlier year (the record of an older leadership training)."""
    geser = prog.tahun - tahun
    return _Program(
        prog.pk, tahun, prog.kode, prog.nama, prog.bentuk, prog.penyelenggara, prog.jp, prog.biaya,
        prog.mulai.replace(year=prog.mulai.year - geser), prog.selesai.replace(year=prog.selesai.year - geser),
        prog.jenis_jabatan, prog.kompetensi, prog.untuk_kinerja,
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Deleting

# children first
_MODEL_HAPUS: list[type[models.Model]] = [
    SesiMentoring,
    PasanganMentoring,
    PenjodohanMentoring,
    RiwayatPelatihan,
    AlokasiPeserta,
    Alokasi.program.through,
    Alokasi,
    KebutuhanPelatihan,
    PermintaanPelatihan,
    TargetJabatan,
    ProgramKompetensi,
    ProgramPelatihan,
]


def _qs_instansi(model: type[models.Model], instansi: Instansi) -> Any:
    lookup = {
        SesiMentoring: "pasangan__instansi",
        PasanganMentoring: "instansi",
        PenjodohanMentoring: "instansi",
        RiwayatPelatihan: "instansi",
        AlokasiPeserta: "alokasi__instansi",
        Alokasi.program.through: "alokasi__instansi",
        Alokasi: "instansi",
        KebutuhanPelatihan: "instansi",
        PermintaanPelatihan: "instansi",
        TargetJabatan: "pegawai__instansi",
        ProgramKompetensi: "program__instansi",
        ProgramPelatihan: "instansi",
    }[model]
    return model._base_manager.filter(**{lookup: instansi})


@transaction.atomic
def demo_hapus(*, instansi: Instansi) -> int:
    """Delete every development row of the instansi, children first, one DELETE per table.
    Returns the rows deleted."""
    db = ProgramPelatihan.objects.db
    total = 0
    for model in _MODEL_HAPUS:
        total += _qs_instansi(model, instansi)._raw_delete(db)
    jenis = ContentType.objects.get_for_models(*(m for m in _MODEL_HAPUS if not m._meta.auto_created)).values()
    AuditLog.objects.filter(instansi_id=instansi.pk, content_type__in=jenis).delete()
    return total
