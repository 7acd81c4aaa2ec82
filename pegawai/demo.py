"""Deterministic demo data: a realistic instansi of any size, built with bulk inserts.

``seed_demo(pegawai=N, kode=..., seed=1)`` builds a pemda (Sekretariat Daerah, Sekretariat DPRD,
Inspektorat, badan, dinas with bidang and seksi, sekolah, puskesmas, RSUD, kecamatan with
kelurahan), fills its jabatan with N pegawai whose NIP, NIK, birth date, education, golongan,
TMT and riwayat agree with each other and with DOMAIN.md, and stores every derived value the
services would store (unit and jabatan paths, the atasan langsung). The same seed and the same
month give the same data.

How it stays fast: the organisation and the pegawai are generated in Python as plain tuples,
with ids taken from the tables' sequences up front so that unit and jabatan paths and each
pegawai's atasan are computed in Python before anything is written; pegawai are written level by
level of the jabatan tree (the holder of every superior jabatan is known when a row is written).
Rows go in as bulk inserts: COPY on PostgreSQL (``bulk_create`` was five times slower at 100,000
pegawai), ``bulk_create`` elsewhere. The password hash of the demo logins is computed once and
shared. ``pegawai.services.atasan_recompute`` runs once at the end, as a check that changes
nothing.

Every generated pegawai can log in with their NIP and the demo password (``DEMO_PASSWORD``); the
accounts are demo accounts on demo data, and one shared hash keeps 100,000 logins cheap.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
import queue
import random
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from common.models import AuditLog

from . import services
from .models import (
    Golongan,
    HukumanDisiplin,
    ImporPegawai,
    Instansi,
    Jabatan,
    JenisASN,
    Pegawai,
    RiwayatJabatan,
    RiwayatPangkat,
    RiwayatPendidikan,
    UnitKerja,
    User,
)
from .rules import add_years, nik_build, nip_build

DEMO_PASSWORD = "demo12345"  # noqa: S105 (documented demo password, printed by seed_demo)
KODE_UTAMA = "kota-sibolga"
KODE_PENDAMPING = "kota-sawahlunto"
PEGAWAI_PENDAMPING = 40
BATCH = 2000

J = Jabatan.Jenis
JJ = Jabatan.Jenjang
U = UnitKerja.Jenis

# ---------------------------------------------------------------------------------------------
# Golongan ladders (PNS urutan 1..17 = I/a..IV/e) and education rules (DOMAIN.md §6)

GOL_PNS = [
    "I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d",
    "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
]  # fmt: skip
# the highest golongan (urutan) reachable by KP reguler with each education (DOMAIN.md §6)
PLAFON = {"SD": 5, "SLTP": 7, "SLTP_KEJ": 8, "SLTA": 10, "D1": 10, "D2": 10, "D3": 11, "D4": 12, "S1": 12,
          "PROFESI": 13, "S2": 13, "S3": 14}  # fmt: skip
# the golongan a new CPNS starts in, by the education they were appointed with
GOL_AWAL = {"SD": 1, "SLTP": 3, "SLTA": 5, "D1": 5, "D2": 6, "D3": 7, "D4": 9, "S1": 9, "PROFESI": 10, "S2": 10,
            "S3": 11}  # fmt: skip
GOL_PPPK = {"SLTA": "V", "D3": "VII", "D4": "IX", "S1": "IX", "PROFESI": "X", "S2": "X", "S3": "XI"}
USIA_MASUK = {"SLTA": (19, 27), "D3": (22, 29), "D4": (23, 31), "S1": (23, 32), "PROFESI": (26, 33),
              "S2": (25, 34), "S3": (28, 38)}  # fmt: skip
# the education a pegawai held when appointed, for those whose current one was earned later
PENDIDIKAN_SEBELUM = {"S2": "S1", "S3": "S2", "PROFESI": "S1", "S1": "SLTA", "D4": "D3", "D3": "SLTA"}

# ---------------------------------------------------------------------------------------------
# Names (built here: Batak, Mandailing, Minang, Javanese, Malay/Pesisir, Nias)

_BATAK_L = ["Hotma", "Parlindungan", "Togar", "Bonar", "Marojahan", "Sahat", "Tigor", "Poltak", "Binsar", "Manahan",
            "Halomoan", "Pardamean", "Jonggi", "Maruli", "Torang", "Ronald", "Daniel", "Samuel", "Yosua", "Fernando",
            "Hendra", "Roy", "Benny", "Rudolf", "Jhon", "Sabar", "Tumpal", "Hasudungan", "Lamhot",
            "Gomgom"]  # fmt: skip
_BATAK_P = ["Rina", "Lasma", "Rosmawati", "Tiurma", "Hotnida", "Nurhayati", "Rotua", "Dameria", "Sondang", "Lenny",
            "Evi", "Marlina", "Rosdiana", "Friska", "Yohana", "Santi", "Melva", "Debora", "Ruth", "Ester", "Nova",
            "Sarmauli", "Tetty", "Juliana", "Herlina", "Romauli", "Kristina", "Magdalena"]  # fmt: skip
_MARGA = ["Siregar", "Nasution", "Harahap", "Lubis", "Hutagalung", "Simanjuntak", "Pasaribu", "Sitompul", "Hutabarat",
          "Panggabean", "Tambunan", "Simatupang", "Situmorang", "Sihombing", "Manurung", "Sinaga", "Tanjung", "Pohan",
          "Batubara", "Rangkuti", "Daulay", "Hasibuan", "Ritonga", "Marpaung", "Simbolon", "Sitorus", "Silaban",
          "Gultom", "Napitupulu", "Aritonang", "Sianturi", "Purba", "Saragih", "Damanik", "Ginting", "Tarigan",
          "Sembiring", "Pardede", "Hutapea", "Lumbantobing", "Matondang", "Dalimunthe", "Pulungan", "Rambe",
          "Hutauruk", "Sibarani", "Pakpahan", "Situmeang", "Sitanggang", "Tampubolon"]  # fmt: skip
_MANDAILING_L = ["Ahmad", "Muhammad", "Syahrul", "Irwan", "Zulkarnain", "Maraganti", "Ridwan", "Hamdan", "Sutan",
                 "Fadli", "Khairul", "Ilham", "Rahmat", "Armansyah", "Taufik"]  # fmt: skip
_MANDAILING_P = ["Siti", "Nur", "Khairani", "Rahmadani", "Fatimah", "Aisyah", "Nurhasanah", "Hafni", "Mardiah",
                 "Lailan", "Rizki", "Yusnidar", "Hotmaida", "Zubaidah"]  # fmt: skip
_MINANG_L = ["Afrizal", "Yulfitri", "Zulfikar", "Erizal", "Syafrizal", "Hendri", "Deswandi", "Masrizal", "Firdaus",
             "Alfian", "Yusrizal", "Irfan", "Elfiandri", "Nofrizal", "Rizaldi"]  # fmt: skip
_MINANG_P = ["Yulia", "Elvi", "Desi", "Yenni", "Nofrita", "Rahmi", "Fitria", "Yusnimar", "Elfi", "Mardiana",
             "Gusnawati", "Lusi", "Rosnelli", "Syafridawati", "Yuliarni"]  # fmt: skip
_MINANG_SUKU = ["Chaniago", "Piliang", "Sikumbang", "Koto", "Jambak", "Tanjung", "Caniago", "Sikumbang", "Guci", ""]
_JAWA_L = ["Budi", "Agus", "Eko", "Bambang", "Joko", "Slamet", "Hadi", "Wahyu", "Dwi", "Teguh", "Sugeng",
           "Heru", "Bayu", "Rudi", "Sutrisno", "Priyo", "Yudi", "Suryo"]  # fmt: skip
_JAWA_P = ["Sri", "Dwi", "Endang", "Wahyuni", "Rahayu", "Sulastri", "Tri", "Puji", "Ratna", "Ayu", "Indah",
           "Retno", "Sumiati", "Yuni", "Kartini", "Lestari"]  # fmt: skip
_JAWA_BELAKANG = ["Santoso", "Prasetyo", "Setiawan", "Wibowo", "Hidayat", "Susanto", "Purnomo", "Nugroho", "Saputra",
                  "Wahyudi", "Kurniawan", "Rahayu", "Lestari", "Wulandari", "Astuti", "Handayani", "Utami"]  # fmt: skip
_MELAYU_L = ["Zulkifli", "Syahputra", "Rizal", "Hasan", "Amir", "Iskandar", "Azhar", "Faisal", "Hafiz", "Rahman",
             "Mukhlis", "Sofyan", "Anwar", "Darwin", "Safaruddin"]  # fmt: skip
_MELAYU_P = ["Nurul", "Rahmah", "Syarifah", "Halimah", "Zahara", "Mawar", "Salmah", "Nurlela", "Rosmaini",
             "Fauziah", "Aminah", "Juliani", "Marwah", "Sakdiah"]  # fmt: skip
_MELAYU_BELAKANG = ["Syahputra", "Putri", "Lubis", "Hasibuan", "Rambe", "Matondang", "Sinaga", "Tanjung", "", ""]
_NIAS_L = ["Faogöli", "Yaatulo", "Sökhi", "Arozatulö", "Fatolosa", "Ama", "Fonaha", "Yosafati"]
_NIAS_P = ["Fitriani", "Sinta", "Nurmala", "Kristiani", "Yulianti", "Ferawati", "Melati", "Asniati"]
_NIAS_MARGA = ["Zebua", "Harefa", "Telaumbanua", "Gulo", "Lase", "Laia", "Zalukhu", "Halawa", "Waruwu", "Mendrofa"]


def _nama(rng: random.Random, jk: str) -> str:
    r = rng.random()
    laki = jk == "L"
    if r < 0.40:
        depan = rng.choice(_BATAK_L if laki else _BATAK_P)
        if rng.random() < 0.3:
            depan = f"{depan} {rng.choice(_BATAK_L if laki else _BATAK_P)}"
        return f"{depan} {rng.choice(_MARGA)}"
    if r < 0.55:
        return f"{rng.choice(_MANDAILING_L if laki else _MANDAILING_P)} {rng.choice(_MARGA[:24])}"
    if r < 0.67:
        suku = rng.choice(_MINANG_SUKU)
        depan = rng.choice(_MINANG_L if laki else _MINANG_P)
        return f"{depan} {suku}".strip()
    if r < 0.80:
        depan = rng.choice(_JAWA_L if laki else _JAWA_P)
        return f"{depan} {rng.choice(_JAWA_BELAKANG)}"
    if r < 0.93:
        depan = rng.choice(_MELAYU_L if laki else _MELAYU_P)
        return f"{depan} {rng.choice(_MELAYU_BELAKANG)}".strip() if laki else f"{depan} {rng.choice(_MELAYU_P)}"
    return f"{rng.choice(_NIAS_L if laki else _NIAS_P)} {rng.choice(_NIAS_MARGA)}"


# Gelar and study programme by rumpun (field) and education level.
_S1 = {
    "guru": ["S.Pd."], "kesehatan": ["S.K.M."], "perawat": ["S.Kep."], "bidan": ["S.Tr.Keb."],
    "farmasi": ["S.Farm."], "teknik": ["S.T."], "hukum": ["S.H."], "ekonomi": ["S.E.", "S.Ak."],
    "komputer": ["S.Kom."], "sosial": ["S.Sos.", "S.IP.", "S.AP."], "perikanan": ["S.Pi."],
    "umum": ["S.E.", "S.H.", "S.Sos.", "S.AP.", "S.IP.", "S.Kom.", "S.T."],
}  # fmt: skip
_D3 = {"perawat": "A.Md.Kep.", "bidan": "A.Md.Keb.", "kesehatan": "A.Md.Kes.", "farmasi": "A.Md.Farm.",
       "komputer": "A.Md.Kom.", "teknik": "A.Md.T."}  # fmt: skip
_S2 = {"guru": ["M.Pd."], "kesehatan": ["M.Kes."], "perawat": ["M.Kep."], "teknik": ["M.T."], "hukum": ["M.H."],
       "ekonomi": ["M.M.", "M.Ak."], "komputer": ["M.Kom."], "sosial": ["M.Si.", "M.AP."],
       "umum": ["M.Si.", "M.M.", "M.AP.", "M.H."]}  # fmt: skip
_JURUSAN = {
    "guru": "Pendidikan Guru", "kesehatan": "Kesehatan Masyarakat", "perawat": "Keperawatan", "bidan": "Kebidanan",
    "farmasi": "Farmasi", "teknik": "Teknik Sipil", "hukum": "Ilmu Hukum", "ekonomi": "Akuntansi",
    "komputer": "Teknik Informatika", "sosial": "Ilmu Administrasi Negara", "perikanan": "Pemanfaatan Sumberdaya "
    "Perikanan", "umum": "Ilmu Pemerintahan", "dokter": "Pendidikan Dokter", "dokter_gigi": "Pendidikan Dokter Gigi",
}  # fmt: skip
_KAMPUS = ["Universitas Sumatera Utara", "Universitas Negeri Medan", "Universitas Andalas", "Universitas Negeri Padang",
           "Universitas Islam Negeri Sumatera Utara", "Universitas HKBP Nommensen", "Universitas Gadjah Mada",
           "Universitas Muhammadiyah Sumatera Utara", "Universitas Terbuka", "Institut Pemerintahan Dalam Negeri",
           "Universitas Graha Nusantara Padangsidimpuan"]  # fmt: skip
_POLTEK = ["Politeknik Kesehatan Kemenkes Medan", "Politeknik Negeri Medan", "Akademi Keperawatan Tapanuli Tengah",
           "Politeknik Kesehatan Kemenkes Padang"]  # fmt: skip
_SLTA = ["SMA Negeri 1", "SMA Negeri 2", "SMA Negeri 3", "SMK Negeri 1", "SMK Negeri 2", "MAN"]


def _gelar(rng: random.Random, pendidikan: str, rumpun: str) -> tuple[str, str]:
    if rumpun == "dokter" and pendidikan in ("PROFESI", "S2"):
        return "dr.", "Sp.PD" if pendidikan == "S2" and rng.random() < 0.5 else ""
    if rumpun == "dokter_gigi":
        return "drg.", ""
    if rumpun == "farmasi" and pendidikan == "PROFESI":
        return "apt.", "S.Farm."
    if pendidikan == "D3":
        return "", _D3.get(rumpun, "A.Md.")
    if pendidikan in ("S1", "D4", "PROFESI"):
        depan = "Ns." if rumpun == "perawat" and rng.random() < 0.6 else ""
        return depan, rng.choice(_S1.get(rumpun, _S1["umum"]))
    if pendidikan in ("S2", "S3"):
        s1 = rng.choice(_S1.get(rumpun, _S1["umum"]))
        s2 = rng.choice(_S2.get(rumpun, _S2["umum"]))
        return ("Dr." if pendidikan == "S3" else ""), f"{s1}, {s2}"
    return "", ""


# ---------------------------------------------------------------------------------------------
# Instansi profiles


@dataclass(frozen=True)
class ProfilInstansi:
    kode: str
    nama: str
    kota: str
    wilayah: tuple[str, ...]  # NIK region codes of its kecamatan
    bkd_username: str
    pimpinan_username: str


_KECAMATAN_SIBOLGA = ["Sibolga Utara", "Sibolga Kota", "Sibolga Selatan", "Sibolga Sambas"]
_KELURAHAN_SIBOLGA = ["Angin Nauli", "Hutatonga-tonga", "Huta Barangan", "Sibolga Ilir", "Hutabarangan",
                      "Pasar Baru", "Pasar Belakang", "Pancuran Gerobak", "Kota Beringin", "Aek Habil",
                      "Aek Manis", "Aek Parombunan", "Aek Muara Pinang", "Pancuran Pinang", "Pancuran Kerambil",
                      "Pancuran Bambu", "Pancuran Dewa", "Simaremare", "Sibuluan Indah", "Pondok Batu"]  # fmt: skip
_TEMPAT_LAHIR = ["Sibolga", "Tapanuli Tengah", "Padangsidimpuan", "Medan", "Tarutung", "Barus", "Gunungsitoli",
                 "Padang", "Bukittinggi", "Pematangsiantar", "Balige", "Sawahlunto", "Jakarta",
                 "Panyabungan"]  # fmt: skip
_KATA_WILAYAH = ["Aek", "Huta", "Pasar", "Pancuran", "Bukit", "Tanjung", "Labuhan", "Sungai", "Pulo", "Kampung"]
_KATA_SIFAT = ["Nauli", "Baru", "Indah", "Jaya", "Hilir", "Hulu", "Sejahtera", "Makmur", "Permai", "Lama", "Tengah",
               "Mas", "Raya", "Timur", "Barat"]  # fmt: skip


def profil_instansi(kode: str) -> ProfilInstansi:
    if kode == KODE_UTAMA:
        return ProfilInstansi(kode, "Pemerintah Kota Sibolga", "Sibolga", ("127301", "127302", "127303", "127304"),
                              "bkd", "pimpinan")  # fmt: skip
    if kode == KODE_PENDAMPING:
        return ProfilInstansi(kode, "Pemerintah Kota Sawahlunto", "Sawahlunto", ("137301", "137302", "137303"),
                              "bkd.sawahlunto", "pimpinan.sawahlunto")  # fmt: skip
    if kode.startswith("bench-"):
        return ProfilInstansi(kode, "Pemerintah Kota Sibolga (uji beban)", "Sibolga",
                              ("127301", "127302", "127303", "127304"), f"bkd.{kode}", f"pimpinan.{kode}")  # fmt: skip
    nama_kota = kode.removeprefix("kota-").removeprefix("kabupaten-").replace("-", " ").title()
    jenis = "Kabupaten" if kode.startswith("kabupaten-") else "Kota"
    akhiran = kode.removeprefix("kota-").removeprefix("kabupaten-")
    return ProfilInstansi(kode, f"Pemerintah {jenis} {nama_kota}", nama_kota, ("127101", "127102", "127103"),
                          f"bkd.{akhiran}", f"pimpinan.{akhiran}")  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The organisation, as plain specs


@dataclass
class UnitSpec:
    idx: int
    parent: int | None
    nama: str
    kode: str
    jenis: str
    layanan: bool = False
    depth: int = 0
    pk: int | None = None


@dataclass
class JabatanSpec:
    idx: int
    unit: int
    nama: str
    jenis: str
    atasan: int | None
    rumpun: str = "umum"
    jenjang: str = ""
    eselon: str = ""
    kepala: bool = False
    kebutuhan: int = 1
    elastis: bool = False  # pelaksana seats that absorb the pegawai left after the fixed structure
    terisi: int = 0
    depth: int = 0
    pk: int | None = None

    @property
    def pppk_boleh(self) -> bool:
        return (
            not self.kepala
            and self.jenjang in ("", "ahli_pertama", "pemula", "terampil", "mahir")
            and (self.jenis in (J.PELAKSANA, J.FUNGSIONAL_KEAHLIAN, J.FUNGSIONAL_KETERAMPILAN))
        )


_JENJANG_NAMA = {
    "ahli_pertama": "Ahli Pertama", "ahli_muda": "Ahli Muda", "ahli_madya": "Ahli Madya", "ahli_utama": "Ahli Utama",
    "pemula": "Pemula", "terampil": "Terampil", "mahir": "Mahir", "penyelia": "Penyelia",
}  # fmt: skip
_JENJANG_GOL = {"ahli_pertama": (9, 10), "ahli_muda": (11, 12), "ahli_madya": (13, 15), "ahli_utama": (16, 17),
                "pemula": (5, 5), "terampil": (6, 8), "mahir": (9, 10), "penyelia": (11, 12)}  # fmt: skip
_ESELON_GOL = {"II.a": (15, 16), "II.b": (15, 16), "III.a": (12, 14), "III.b": (12, 13), "IV.a": (10, 12),
               "IV.b": (9, 11)}  # fmt: skip
_PENDIDIKAN_MIN: dict[str, str] = {J.JPT_PRATAMA: "S1", J.ADMINISTRATOR: "S1", J.PENGAWAS: "D3", J.PELAKSANA: "SLTA"}


# (kode, nama, jenis, rumpun, is_unit_layanan, bidang: [(nama bidang, [seksi ...])], fungsional: [(nama, keahlian?)])
_PD: list[tuple[str, str, str, str, bool, list[tuple[str, list[str]]], list[tuple[str, bool]]]] = [
    ("INSP", "Inspektorat", U.KANTOR, "ekonomi", False,
     [("Inspektur Pembantu Wilayah I", []), ("Inspektur Pembantu Wilayah II", []),
      ("Inspektur Pembantu Wilayah III", []), ("Inspektur Pembantu Khusus", [])],
     [("Auditor", True), ("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", True)]),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", U.BADAN, "sosial", False,
     [("Bidang Pengadaan, Pemberhentian dan Informasi", ["Pengadaan dan Pemberhentian", "Data dan Informasi"]),
      ("Bidang Mutasi dan Promosi", ["Mutasi", "Promosi dan Kepangkatan"]),
      ("Bidang Pengembangan Kompetensi Aparatur", ["Diklat Struktural", "Diklat Teknis dan Fungsional"]),
      ("Bidang Penilaian Kinerja Aparatur dan Penghargaan", ["Penilaian Kinerja", "Disiplin dan Penghargaan"])],
     [("Analis Sumber Daya Manusia Aparatur", True), ("Pranata Sumber Daya Manusia Aparatur", False)]),
    ("DISDIK", "Dinas Pendidikan", U.DINAS, "guru", False,
     [("Bidang Pembinaan Sekolah Dasar", ["Kurikulum SD", "Peserta Didik SD", "Sarana Prasarana SD"]),
      ("Bidang Pembinaan Sekolah Menengah Pertama", ["Kurikulum SMP", "Peserta Didik SMP", "Sarana Prasarana SMP"]),
      ("Bidang Pendidikan Anak Usia Dini dan Nonformal", ["Kurikulum PAUD", "Pendidikan Nonformal"]),
      ("Bidang Guru dan Tenaga Kependidikan", ["Pendidik", "Tenaga Kependidikan"])],
     [("Pengawas Sekolah", True), ("Penilik", True)]),
    ("DINKES", "Dinas Kesehatan", U.DINAS, "kesehatan", False,
     [("Bidang Kesehatan Masyarakat", ["Kesehatan Keluarga dan Gizi", "Promosi Kesehatan", "Kesehatan Lingkungan"]),
      ("Bidang Pencegahan dan Pengendalian Penyakit", ["Surveilans dan Imunisasi", "Penyakit Menular",
                                                       "Penyakit Tidak Menular"]),
      ("Bidang Pelayanan dan Sumber Daya Kesehatan", ["Pelayanan Kesehatan", "Kefarmasian dan Alat Kesehatan",
                                                      "Sumber Daya Manusia Kesehatan"])],
     [("Epidemiolog Kesehatan", True), ("Administrator Kesehatan", True)]),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", U.DINAS, "komputer", True,
     [("Bidang Pelayanan Pendaftaran Penduduk", ["Identitas Penduduk", "Pindah Datang Penduduk"]),
      ("Bidang Pelayanan Pencatatan Sipil", ["Kelahiran", "Perkawinan dan Perceraian"]),
      ("Bidang Pengelolaan Informasi Administrasi Kependudukan",
       ["Sistem Informasi", "Pengolahan dan Penyajian Data"])],
     [("Administrator Database Kependudukan", True), ("Pranata Komputer", False)]),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", U.DINAS, "hukum", True,
     [("Bidang Penanaman Modal", ["Promosi Penanaman Modal", "Pengendalian Penanaman Modal"]),
      ("Bidang Pelayanan Perizinan", ["Perizinan Usaha", "Perizinan Non Usaha"]),
      ("Bidang Pengaduan dan Informasi", ["Pengaduan", "Informasi dan Kebijakan"])],
     [("Analis Kebijakan", True)]),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", U.BADAN, "ekonomi", False,
     [("Bidang Perencanaan Pemerintahan dan Pembangunan Manusia", ["Pemerintahan", "Pembangunan Manusia"]),
      ("Bidang Perencanaan Perekonomian dan Sumber Daya Alam", ["Perekonomian", "Sumber Daya Alam"]),
      ("Bidang Perencanaan Infrastruktur dan Kewilayahan", ["Infrastruktur", "Kewilayahan"]),
      ("Bidang Penelitian dan Pengembangan", ["Penelitian", "Inovasi Daerah"])],
     [("Perencana", True)]),
    ("BPKPD", "Badan Pengelolaan Keuangan dan Pendapatan Daerah", U.BADAN, "ekonomi", False,
     [("Bidang Anggaran", ["Penyusunan Anggaran", "Pengendalian Anggaran"]),
      ("Bidang Perbendaharaan", ["Belanja Langsung", "Belanja Tidak Langsung"]),
      ("Bidang Akuntansi dan Aset", ["Akuntansi", "Aset Daerah"]),
      ("Bidang Pendapatan", ["Pendataan dan Penetapan", "Penagihan"])],
     [("Analis Keuangan Pusat dan Daerah", True), ("Pranata Keuangan APBN", False)]),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", U.DINAS, "teknik", False,
     [("Bidang Bina Marga", ["Pembangunan Jalan dan Jembatan", "Pemeliharaan Jalan dan Jembatan"]),
      ("Bidang Sumber Daya Air", ["Irigasi dan Drainase", "Pengendalian Banjir dan Pantai"]),
      ("Bidang Cipta Karya", ["Air Minum dan Sanitasi", "Bangunan Gedung"]),
      ("Bidang Penataan Ruang", ["Perencanaan Tata Ruang", "Pengendalian Pemanfaatan Ruang"])],
     [("Teknik Jalan dan Jembatan", True), ("Penata Ruang", True), ("Pengawas Lapangan Pekerjaan Umum", False)]),
    ("DINSOS", "Dinas Sosial", U.DINAS, "sosial", False,
     [("Bidang Rehabilitasi Sosial", ["Rehabilitasi Anak dan Lansia", "Rehabilitasi Penyandang Disabilitas"]),
      ("Bidang Perlindungan dan Jaminan Sosial", ["Perlindungan Sosial Korban Bencana", "Jaminan Sosial Keluarga"]),
      ("Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin", ["Pemberdayaan Sosial", "Penanganan Fakir Miskin"])],
     [("Pekerja Sosial", True), ("Penyuluh Sosial", True)]),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", U.DINAS, "hukum", False,
     [("Bidang Penegakan Peraturan Daerah", ["Pembinaan dan Pengawasan", "Penyelidikan dan Penyidikan"]),
      ("Bidang Ketertiban Umum dan Ketenteraman Masyarakat", ["Operasi dan Pengendalian", "Kerja Sama"]),
      ("Bidang Perlindungan Masyarakat", ["Satuan Perlindungan Masyarakat", "Pemadam Kebakaran"])],
     [("Polisi Pamong Praja", False)]),
    ("DISHUB", "Dinas Perhubungan", U.DINAS, "teknik", False,
     [("Bidang Lalu Lintas", ["Manajemen Rekayasa Lalu Lintas", "Pengendalian Operasional"]),
      ("Bidang Angkutan", ["Angkutan Jalan", "Angkutan Laut dan Penyeberangan"])],
     [("Penguji Kendaraan Bermotor", False), ("Asisten Inspektur Transportasi", False)]),
    ("DLH", "Dinas Lingkungan Hidup", U.DINAS, "teknik", False,
     [("Bidang Pengelolaan Sampah", ["Pengurangan Sampah", "Penanganan Sampah"]),
      ("Bidang Pengendalian Pencemaran", ["Pemantauan Lingkungan", "Pengaduan dan Penegakan Hukum Lingkungan"]),
      ("Bidang Pertamanan", ["Pertamanan", "Penerangan Jalan Umum"])],
     [("Pengendali Dampak Lingkungan", True), ("Pengawas Lingkungan Hidup", True)]),
    ("DKP", "Dinas Kelautan dan Perikanan", U.DINAS, "perikanan", False,
     [("Bidang Perikanan Tangkap", ["Kenelayanan", "Sarana dan Prasarana Perikanan Tangkap"]),
      ("Bidang Perikanan Budidaya", ["Produksi Budidaya", "Pengolahan dan Pemasaran Hasil Perikanan"])],
     [("Penyuluh Perikanan", True), ("Pengawas Perikanan", False)]),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika", U.DINAS, "komputer", False,
     [("Bidang Informasi dan Komunikasi Publik", ["Pengelolaan Informasi Publik", "Komunikasi Publik"]),
      ("Bidang Aplikasi Informatika", ["Layanan Infrastruktur", "Tata Kelola E-Government"])],
     [("Pranata Komputer", True), ("Pranata Hubungan Masyarakat", True)]),
    ("DISPERPUSIP", "Dinas Perpustakaan dan Kearsipan", U.DINAS, "sosial", True,
     [("Bidang Perpustakaan", ["Layanan Perpustakaan", "Pengembangan Koleksi"]),
      ("Bidang Kearsipan", ["Pengelolaan Arsip", "Pembinaan Kearsipan"])],
     [("Pustakawan", False), ("Arsiparis", True)]),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", U.BADAN, "teknik", False,
     [("Bidang Pencegahan dan Kesiapsiagaan", ["Pencegahan", "Kesiapsiagaan"]),
      ("Bidang Kedaruratan dan Logistik", ["Kedaruratan", "Logistik"])],
     [("Analis Bencana", True)]),
]  # fmt: skip
_PD_INTI = {"INSP", "BKPSDM", "DISDIK", "DINKES", "DISDUKCAPIL", "DPMPTSP", "BAPPEDA", "BPKPD"}
_BAGIAN_SETDA = [
    ("Bagian Pemerintahan", ["Administrasi Pemerintahan", "Otonomi Daerah", "Kerja Sama"]),
    ("Bagian Hukum", ["Perundang-undangan", "Bantuan Hukum", "Dokumentasi Hukum"]),
    ("Bagian Organisasi", ["Kelembagaan dan Analisis Jabatan", "Reformasi Birokrasi", "Kinerja dan Tata Laksana"]),
    ("Bagian Umum", ["Tata Usaha Pimpinan", "Rumah Tangga", "Keuangan"]),
    ("Bagian Perekonomian dan Sumber Daya Alam", ["Perekonomian", "Sumber Daya Alam", "BUMD"]),
    ("Bagian Kesejahteraan Rakyat", ["Bina Mental Spiritual", "Kesejahteraan Sosial", "Pendidikan dan Kesehatan"]),
    ("Bagian Pengadaan Barang dan Jasa", ["Pengelolaan Pengadaan", "Layanan Pengadaan Secara Elektronik"]),
    ("Bagian Protokol dan Komunikasi Pimpinan", ["Protokol", "Komunikasi Pimpinan"]),
]
_BAGIAN_SETWAN = [
    ("Bagian Umum dan Keuangan", ["Tata Usaha dan Kepegawaian", "Keuangan"]),
    ("Bagian Persidangan dan Perundang-undangan", ["Persidangan", "Perundang-undangan"]),
    ("Bagian Fasilitasi Penganggaran dan Pengawasan", ["Fasilitasi Penganggaran", "Fasilitasi Pengawasan"]),
]
_SUBBAG = ["Umum dan Kepegawaian", "Keuangan", "Perencanaan dan Pelaporan"]
_PELAKSANA = [("Pengadministrasi Perkantoran", "SLTA"), ("Pengolah Data dan Informasi", "D3"),
              ("Penelaah Teknis Kebijakan", "S1"), ("Pengelola Layanan Operasional", "SLTA"),
              ("Penata Kelola Sistem dan Teknologi Informasi", "S1"),
              ("Operator Layanan Operasional", "SLTA")]  # fmt: skip

# staff of one unit: (nama, jenis, jenjang, rumpun, kebutuhan)
_STAF_SD = [("Guru Kelas", J.FUNGSIONAL_KEAHLIAN, "ahli_pertama", "guru", 3),
            ("Guru Kelas", J.FUNGSIONAL_KEAHLIAN, "ahli_muda", "guru", 3),
            ("Guru Kelas", J.FUNGSIONAL_KEAHLIAN, "ahli_madya", "guru", 1),
            ("Guru Pendidikan Agama", J.FUNGSIONAL_KEAHLIAN, "ahli_pertama", "guru", 1),
            ("Guru Pendidikan Jasmani, Olahraga dan Kesehatan", J.FUNGSIONAL_KEAHLIAN, "ahli_pertama", "guru", 1),
            ("Pengelola Layanan Operasional", J.PELAKSANA, "", "umum", 1)]  # fmt: skip
_STAF_SMP = [(f"Guru {m}", J.FUNGSIONAL_KEAHLIAN, j, "guru", k)
             for m in ("Bahasa Indonesia", "Matematika", "Ilmu Pengetahuan Alam", "Bahasa Inggris")
             for j, k in (("ahli_pertama", 2), ("ahli_muda", 1))] + [
             ("Guru Ilmu Pengetahuan Sosial", J.FUNGSIONAL_KEAHLIAN, "ahli_pertama", "guru", 2),
             ("Guru Pendidikan Agama", J.FUNGSIONAL_KEAHLIAN, "ahli_muda", "guru", 1),
             ("Guru Pendidikan Pancasila", J.FUNGSIONAL_KEAHLIAN, "ahli_pertama", "guru", 1),
             ("Guru Seni Budaya", J.FUNGSIONAL_KEAHLIAN, "ahli_pertama", "guru", 1),
             ("Guru Bimbingan dan Konseling", J.FUNGSIONAL_KEAHLIAN, "ahli_pertama", "guru", 1),
             ("Guru Matematika", J.FUNGSIONAL_KEAHLIAN, "ahli_madya", "guru", 2),
             ("Pustakawan", J.FUNGSIONAL_KETERAMPILAN, "terampil", "umum", 1),
             ("Pranata Laboratorium Pendidikan", J.FUNGSIONAL_KETERAMPILAN, "terampil", "umum", 1),
             ("Pengelola Keuangan", J.PELAKSANA, "", "ekonomi", 1),
             ("Pengadministrasi Perkantoran", J.PELAKSANA, "", "umum", 2)]  # fmt: skip
_STAF_PUSKESMAS = [("Dokter", J.FUNGSIONAL_KEAHLIAN, "ahli_pertama", "dokter", 2),
                   ("Dokter", J.FUNGSIONAL_KEAHLIAN, "ahli_muda", "dokter", 1),
                   ("Dokter Gigi", J.FUNGSIONAL_KEAHLIAN, "ahli_pertama", "dokter_gigi", 1),
                   ("Perawat", J.FUNGSIONAL_KETERAMPILAN, "terampil", "perawat", 4),
                   ("Perawat", J.FUNGSIONAL_KETERAMPILAN, "mahir", "perawat", 2),
                   ("Perawat", J.FUNGSIONAL_KEAHLIAN, "ahli_pertama", "perawat", 2),
                   ("Bidan", J.FUNGSIONAL_KETERAMPILAN, "terampil", "bidan", 4),
                   ("Bidan", J.FUNGSIONAL_KETERAMPILAN, "mahir", "bidan", 1),
                   ("Bidan", J.FUNGSIONAL_KEAHLIAN, "ahli_pertama", "bidan", 1),
                   ("Apoteker", J.FUNGSIONAL_KEAHLIAN, "ahli_pertama", "farmasi", 1),
                   ("Asisten Apoteker", J.FUNGSIONAL_KETERAMPILAN, "terampil", "farmasi", 1),
                   ("Sanitarian", J.FUNGSIONAL_KETERAMPILAN, "terampil", "kesehatan", 1),
                   ("Nutrisionis", J.FUNGSIONAL_KETERAMPILAN, "terampil", "kesehatan", 1),
                   ("Pranata Laboratorium Kesehatan", J.FUNGSIONAL_KETERAMPILAN, "terampil", "kesehatan", 1),
                   ("Epidemiolog Kesehatan", J.FUNGSIONAL_KEAHLIAN, "ahli_pertama", "kesehatan", 1),
                   ("Penyuluh Kesehatan Masyarakat", J.FUNGSIONAL_KEAHLIAN, "ahli_pertama", "kesehatan", 1),
                   ("Perekam Medis", J.FUNGSIONAL_KETERAMPILAN, "terampil", "kesehatan", 1),
                   ("Pengadministrasi Perkantoran", J.PELAKSANA, "", "umum", 2)]  # fmt: skip
_INSTALASI = ["Gawat Darurat", "Rawat Jalan", "Rawat Inap Penyakit Dalam", "Rawat Inap Bedah", "Rawat Inap Anak",
              "Kebidanan dan Kandungan", "Bedah Sentral", "Perawatan Intensif", "Farmasi", "Laboratorium",
              "Radiologi", "Gizi", "Rekam Medis", "Hemodialisa", "Rehabilitasi Medik"]  # fmt: skip
_STAF_INSTALASI = [("Dokter", J.FUNGSIONAL_KEAHLIAN, "ahli_muda", "dokter", 2),
                   ("Dokter", J.FUNGSIONAL_KEAHLIAN, "ahli_pertama", "dokter", 2),
                   ("Perawat", J.FUNGSIONAL_KETERAMPILAN, "terampil", "perawat", 10),
                   ("Perawat", J.FUNGSIONAL_KETERAMPILAN, "mahir", "perawat", 4),
                   ("Perawat", J.FUNGSIONAL_KETERAMPILAN, "penyelia", "perawat", 1),
                   ("Perawat", J.FUNGSIONAL_KEAHLIAN, "ahli_pertama", "perawat", 4),
                   ("Perawat", J.FUNGSIONAL_KEAHLIAN, "ahli_muda", "perawat", 1),
                   ("Bidan", J.FUNGSIONAL_KETERAMPILAN, "terampil", "bidan", 2),
                   ("Radiografer", J.FUNGSIONAL_KETERAMPILAN, "terampil", "kesehatan", 1),
                   ("Pengadministrasi Perkantoran", J.PELAKSANA, "", "umum", 2)]  # fmt: skip
_STAF_KELURAHAN = [("Pengadministrasi Perkantoran", J.PELAKSANA, "", "umum", 2),
                   ("Pengelola Layanan Kemasyarakatan", J.PELAKSANA, "", "sosial", 2)]  # fmt: skip


class _Org:
    """Collects unit and jabatan specs while the organisation is described."""

    def __init__(self) -> None:
        self.units: list[UnitSpec] = []
        self.jabatan: list[JabatanSpec] = []

    def unit(self, parent: int | None, nama: str, kode: str, jenis: str, layanan: bool = False) -> int:
        depth = self.units[parent].depth + 1 if parent is not None else 0
        self.units.append(UnitSpec(len(self.units), parent, nama, kode, jenis, layanan, depth))
        return len(self.units) - 1

    def jab(self, unit: int, nama: str, jenis: str, atasan: int | None, **kw: Any) -> int:
        depth = self.jabatan[atasan].depth + 1 if atasan is not None else 0
        self.jabatan.append(JabatanSpec(len(self.jabatan), unit, nama, jenis, atasan, depth=depth, **kw))
        return len(self.jabatan) - 1

    def staf(self, unit: int, atasan: int, rows: Sequence[tuple[str, str, str, str, int]]) -> None:
        for nama, jenis, jenjang, rumpun, k in rows:
            full = f"{nama} {_JENJANG_NAMA[jenjang]}" if jenjang else nama
            self.jab(unit, full, jenis, atasan, jenjang=jenjang, rumpun=rumpun, kebutuhan=k)


def _nama_wilayah(rng: random.Random, dipakai: set[str]) -> str:
    """A place name not used yet; numbered ("Aek Nauli II") once the plain names run out."""
    for percobaan in range(1000):
        nama = f"{rng.choice(_KATA_WILAYAH)} {rng.choice(_KATA_SIFAT)}"
        if percobaan > 20:
            nama = f"{nama} {_ROMAWI[percobaan % len(_ROMAWI)]}"
        if nama not in dipakai:
            dipakai.add(nama)
            return nama
    nama = f"Wilayah {len(dipakai) + 1}"
    dipakai.add(nama)
    return nama


_ROMAWI = ["II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def organisasi_build(n: int, kota: str, rng: random.Random) -> _Org:
    """The unit tree and jabatan (with seat counts) of a pemda sized for about ``n`` pegawai."""
    org = _Org()
    mini, kecil, besar = n < 150, n < 2000, n >= 20000
    n_bidang = 2 if kecil else (3 if not besar else 5)
    n_seksi = 1 if kecil else (2 if not besar else 3)
    n_subbag = 1 if kecil else (2 if not besar else 3)

    setda = org.unit(None, "Sekretariat Daerah", "SETDA", U.SEKRETARIAT)
    sekda = org.jab(setda, "Sekretaris Daerah", J.JPT_PRATAMA, None, eselon="II.a", kepala=True, rumpun="sosial")
    asisten = [
        org.jab(setda, f"Asisten {nama}", J.JPT_PRATAMA, sekda, eselon="II.b", rumpun="sosial")
        for nama in ("Pemerintahan dan Kesejahteraan Rakyat", "Perekonomian dan Pembangunan", "Administrasi Umum")
        if not mini
    ]

    def bagian_tree(parent_unit: int, kepala_jab: int, kode: str, daftar: list[tuple[str, list[str]]], k: int) -> None:
        for i, (nama, subs) in enumerate(daftar[:k]):
            u = org.unit(parent_unit, nama, f"{kode}-B{i + 1}", U.BAGIAN)
            atas = asisten[i % 3] if kode == "SETDA" and asisten else kepala_jab
            kb = org.jab(u, f"Kepala {nama}", J.ADMINISTRATOR, atas, eselon="III.a", kepala=True)
            for j, s in enumerate(subs[:n_seksi]):
                su = org.unit(u, f"Subbagian {s}", f"{kode}-B{i + 1}-{j + 1}", U.SUBBAGIAN)
                ks = org.jab(su, f"Kepala Subbagian {s}", J.PENGAWAS, kb, eselon="IV.a", kepala=True)
                _pelaksana_elastis(org, su, ks, rng)

    bagian_tree(setda, sekda, "SETDA", _BAGIAN_SETDA, 8 if besar else (1 if mini else (2 if kecil else 5)))
    if not mini:
        setwan = org.unit(None, "Sekretariat DPRD", "SETWAN", U.SEKRETARIAT)
        sekwan = org.jab(setwan, "Sekretaris DPRD", J.JPT_PRATAMA, sekda, eselon="II.b", kepala=True, rumpun="hukum")
        bagian_tree(setwan, sekwan, "SETWAN", _BAGIAN_SETWAN, 1 if kecil else 3)

    heads: dict[str, tuple[int, int]] = {}
    for kode, nama, jenis, rumpun, layanan, bidang, fungsional in _PD:
        if (kecil and kode not in _PD_INTI) or (mini and kode not in ("BKPSDM", "DISDIK", "DINKES")):
            continue
        u = org.unit(None, nama, kode, jenis, layanan)
        judul = "Inspektur" if kode == "INSP" else f"Kepala {nama}"
        head = org.jab(u, judul, J.JPT_PRATAMA, sekda, eselon="II.b", kepala=True, rumpun=rumpun)
        heads[kode] = (u, head)
        sek = org.unit(u, "Sekretariat", f"{kode}-SEK", U.SEKRETARIAT)
        ksek = org.jab(sek, f"Sekretaris {nama}", J.ADMINISTRATOR, head, eselon="III.a", kepala=True, rumpun=rumpun)
        for j, s in enumerate(_SUBBAG[:n_subbag]):
            su = org.unit(sek, f"Subbagian {s}", f"{kode}-SEK-{j + 1}", U.SUBBAGIAN)
            ks = org.jab(su, f"Kepala Subbagian {s}", J.PENGAWAS, ksek, eselon="IV.a", kepala=True)
            _pelaksana_elastis(org, su, ks, rng)
        for i, (bnama, seksi) in enumerate(bidang[: 1 if mini else n_bidang]):
            bu = org.unit(u, bnama, f"{kode}-BID{i + 1}", U.BIDANG)
            kb_nama = bnama if kode == "INSP" else f"Kepala {bnama}"
            kb = org.jab(bu, kb_nama, J.ADMINISTRATOR, head, eselon="III.b", kepala=True, rumpun=rumpun)
            for fnama, keahlian in fungsional:
                jenjangs: tuple[str, ...] = ("ahli_pertama", "ahli_muda") if keahlian else ("terampil", "mahir")
                if besar and keahlian:
                    jenjangs = ("ahli_pertama", "ahli_muda", "ahli_madya")
                for jj in jenjangs:
                    org.jab(
                        bu,
                        f"{fnama} {_JENJANG_NAMA[jj]}",
                        J.FUNGSIONAL_KEAHLIAN if keahlian else J.FUNGSIONAL_KETERAMPILAN,
                        kb,
                        jenjang=jj,
                        rumpun=rumpun,
                        elastis=True,
                    )
            for j, s in enumerate(seksi[:n_seksi]):
                su = org.unit(bu, f"Seksi {s}", f"{kode}-BID{i + 1}-{j + 1}", U.SEKSI)
                ks = org.jab(su, f"Kepala Seksi {s}", J.PENGAWAS, kb, eselon="IV.a", kepala=True, rumpun=rumpun)
                _pelaksana_elastis(org, su, ks, rng)

    # Dinas Pendidikan: SD and SMP negeri as UPT
    disdik_u, disdik_j = heads["DISDIK"]
    n_sd = max(1, round(n * (0.25 if kecil else 0.36) / 10))
    n_smp = 0 if mini else max(1, round(n * (0.10 if kecil else 0.16) / 27))
    for i in range(n_sd):
        nama = f"SD Negeri {81201 + i:06d} {kota}"
        u = org.unit(disdik_u, nama, f"SD-{i + 1:05d}", U.SEKOLAH, True)
        kep = org.jab(u, f"Kepala {nama}", J.FUNGSIONAL_KEAHLIAN, disdik_j, jenjang="ahli_madya", kepala=True,
                      rumpun="guru")  # fmt: skip
        org.staf(u, kep, _STAF_SD)
    for i in range(n_smp):
        nama = f"SMP Negeri {i + 1} {kota}"
        u = org.unit(disdik_u, nama, f"SMP-{i + 1:04d}", U.SEKOLAH, True)
        kep = org.jab(u, f"Kepala {nama}", J.FUNGSIONAL_KEAHLIAN, disdik_j, jenjang="ahli_madya", kepala=True,
                      rumpun="guru")  # fmt: skip
        org.staf(u, kep, _STAF_SMP)

    # Kecamatan and kelurahan (named like the city's own when there are few)
    n_kec = max(1, round(n / 2500))
    dipakai: set[str] = set()
    kel_no = 0
    kec_list: list[str] = []
    for i in range(n_kec):
        knama = _KECAMATAN_SIBOLGA[i] if i < len(_KECAMATAN_SIBOLGA) and kota == "Sibolga" else None
        knama = knama or (f"{kota} {_KATA_SIFAT[i]}" if i < len(_KATA_SIFAT) else _nama_wilayah(rng, dipakai))
        kec_list.append(knama)
        ku = org.unit(None, f"Kecamatan {knama}", f"KEC-{i + 1:03d}", U.KANTOR, True)
        camat = org.jab(ku, f"Camat {knama}", J.ADMINISTRATOR, sekda, eselon="III.a", kepala=True, rumpun="sosial")
        sekcam = org.jab(ku, f"Sekretaris Kecamatan {knama}", J.ADMINISTRATOR, camat, eselon="III.b", rumpun="sosial")
        for si, s in enumerate(
            ("Pemerintahan", "Ketenteraman dan Ketertiban Umum", "Pemberdayaan Masyarakat", "Pelayanan Umum")
        ):
            if (kecil and s == "Pelayanan Umum") or (mini and s != "Pemerintahan"):
                continue
            su = org.unit(ku, f"Seksi {s} Kecamatan {knama}", f"KEC-{i + 1:03d}-S{si + 1}", U.SEKSI)
            ks = org.jab(su, f"Kepala Seksi {s}", J.PENGAWAS, camat, eselon="IV.a", kepala=True)
            org.staf(su, ks, [("Pengadministrasi Perkantoran", J.PELAKSANA, "", "umum", 2)])
        org.staf(ku, sekcam, [("Pengelola Keuangan", J.PELAKSANA, "", "ekonomi", 1)])
        for _k in range(1 if mini else (2 if kecil else 4 + i % 4)):
            if kota == "Sibolga" and kel_no < len(_KELURAHAN_SIBOLGA):
                lnama = _KELURAHAN_SIBOLGA[kel_no]
            else:
                lnama = _nama_wilayah(rng, dipakai)
            kel_no += 1
            lu = org.unit(ku, f"Kelurahan {lnama}", f"KEL-{kel_no:04d}", U.KELURAHAN, True)
            lurah = org.jab(lu, f"Lurah {lnama}", J.PENGAWAS, camat, eselon="IV.a", kepala=True, rumpun="sosial")
            org.jab(lu, f"Sekretaris Kelurahan {lnama}", J.PENGAWAS, lurah, eselon="IV.b")
            org.jab(lu, "Kepala Seksi Pemerintahan dan Ketenteraman", J.PENGAWAS, lurah, eselon="IV.b")
            org.staf(lu, lurah, _STAF_KELURAHAN)

    # Dinas Kesehatan: puskesmas (one per kecamatan at least), RSUD for larger cities
    dinkes_u, dinkes_j = heads["DINKES"]
    n_pkm = max(1, n_kec, round(n * (0.08 if kecil else 0.12) / 33))
    for i in range(n_pkm):
        nama = f"Puskesmas {kec_list[i % len(kec_list)]}" + (f" {i // len(kec_list) + 1}" if i >= len(kec_list) else "")
        u = org.unit(dinkes_u, nama, f"PKM-{i + 1:04d}", U.PUSKESMAS, True)
        kep = org.jab(u, f"Kepala {nama}", J.PENGAWAS, dinkes_j, eselon="IV.a", kepala=True, rumpun="kesehatan")
        tu = org.jab(u, f"Kepala Subbagian Tata Usaha {nama}", J.PENGAWAS, kep, eselon="IV.b")
        org.staf(u, kep, _STAF_PUSKESMAS[:-1])
        org.staf(u, tu, _STAF_PUSKESMAS[-1:])
    if n >= 2000:
        n_inst = max(4, round(n * 0.09 / 31))
        n_rsud = 1 + (n_inst - 1) // len(_INSTALASI)
        for r in range(n_rsud):
            rnama = "RSUD Dr. F.L. Tobing" if r == 0 and kota == "Sibolga" else f"RSUD {kec_list[r % len(kec_list)]}"
            ru = org.unit(None, rnama, f"RSUD-{r + 1}", U.UPT, True)
            direktur = org.jab(ru, f"Direktur {rnama}", J.JPT_PRATAMA, sekda, eselon="II.b", kepala=True,
                               rumpun="dokter")  # fmt: skip
            for b, bnama in enumerate(("Bagian Tata Usaha", "Bidang Pelayanan Medik", "Bidang Keperawatan")):
                bu = org.unit(ru, bnama, f"RSUD-{r + 1}-B{b + 1}", U.BAGIAN if b == 0 else U.BIDANG)
                kb = org.jab(bu, f"Kepala {bnama}", J.ADMINISTRATOR, direktur, eselon="III.b", kepala=True,
                             rumpun="kesehatan")  # fmt: skip
                org.staf(bu, kb, [("Pengadministrasi Perkantoran", J.PELAKSANA, "", "umum", 3)])
            per_rsud = min(len(_INSTALASI), n_inst - r * len(_INSTALASI))
            for k in range(per_rsud):
                inama = f"Instalasi {_INSTALASI[k]}"
                iu = org.unit(ru, f"{inama} {rnama}", f"RSUD-{r + 1}-I{k + 1:02d}", U.UPT, True)
                kep = org.jab(iu, f"Kepala {inama}", J.FUNGSIONAL_KEAHLIAN, direktur, jenjang="ahli_madya",
                              kepala=True, rumpun="dokter")  # fmt: skip
                org.staf(iu, kep, _STAF_INSTALASI)
    return org


def _pelaksana_elastis(org: _Org, unit: int, atasan: int, rng: random.Random) -> None:
    """Pelaksana jabatan of a seksi/subbagian whose seat count absorbs the remaining pegawai."""
    start = rng.randrange(len(_PELAKSANA))
    for k in range(3):
        nama, pend = _PELAKSANA[(start + k) % len(_PELAKSANA)]
        org.jab(unit, nama, J.PELAKSANA, atasan, elastis=True, rumpun="umum" if pend != "D3" else "komputer")


def kursi_assign(org: _Org, n_aktif: int, rng: random.Random) -> None:
    """Decide how many seats of each jabatan are filled so that exactly ``n_aktif`` are.

    Fixed jabatan keep their formasi with a few vacancies (a vacant head here and there, seats
    left open in schools and puskesmas); the pelaksana and fungsional of the offices absorb the
    rest, with spare formasi so that they show vacancies too."""
    fixed = [j for j in org.jabatan if not j.elastis]
    elastic = [j for j in org.jabatan if j.elastis]
    for j in fixed:
        if j.depth == 0:
            j.terisi = 1
        elif j.kepala:
            j.terisi = 0 if rng.random() < 0.04 else 1
        elif j.kebutuhan == 1:
            j.terisi = 0 if rng.random() < 0.08 else 1
        else:
            j.terisi = sum(1 for _ in range(j.kebutuhan) if rng.random() < 0.93)
    total = sum(j.terisi for j in fixed)
    if total > n_aktif:
        # too many fixed seats for a tiny instansi: leave more of them vacant, staff first
        kandidat = [j for j in fixed if j.depth > 0 and j.terisi > 0]
        rng.shuffle(kandidat)
        kandidat.sort(key=lambda j: j.kepala)
        i = 0
        while total > n_aktif and kandidat:
            j = kandidat[i % len(kandidat)]
            if j.terisi > 0:
                j.terisi -= 1
                total -= 1
            i += 1
            if i > 10 * len(kandidat):
                break
    sisa = n_aktif - total
    if elastic:
        bobot = [rng.uniform(0.5, 1.5) * (1.0 if j.jenis == J.PELAKSANA else 0.6) for j in elastic]
        jumlah = sum(bobot)
        alokasi = [int(sisa * b / jumlah) for b in bobot]
        for k in range(sisa - sum(alokasi)):
            alokasi[k % len(alokasi)] += 1
        for j, a in zip(elastic, alokasi, strict=True):
            j.terisi = a
            j.kebutuhan = max(1, a + (1 if rng.random() < 0.4 else 0) + a // 12)
    for j in fixed:
        j.kebutuhan = max(j.kebutuhan, j.terisi, 1)


# ---------------------------------------------------------------------------------------------
# Pegawai


@dataclass
class Orang:
    jabatan: JabatanSpec | None
    unit: int
    jenis_asn: str
    nip: str
    nama: str
    gelar_depan: str
    gelar_belakang: str
    jk: str
    tempat_lahir: str
    lahir: datetime.date
    nik: str
    pendidikan: str
    tmt_cpns: datetime.date
    golongan: str
    tmt_golongan: datetime.date
    tmt_jabatan: datetime.date | None
    status: str
    pangkat: list[tuple[str, datetime.date, str]] = field(default_factory=list)
    jabatan_lalu: tuple[str, str, datetime.date, datetime.date] | None = None
    pendidikan_rows: list[tuple[str, str, str, int]] = field(default_factory=list)
    hukdis: tuple[str, str, datetime.date, datetime.date | None] | None = None
    pk: int | None = None


def _bulan(d: datetime.date, months: int) -> datetime.date:
    """The 1st of the month ``months`` after (or before) d's month."""
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return datetime.date(y, m + 1, 1)


def _pendidikan_untuk(rng: random.Random, j: JabatanSpec | None) -> str:
    if j is None:
        return rng.choice(["SLTA", "D3", "S1", "S1"])
    if j.rumpun in ("dokter", "dokter_gigi") and j.jenis == J.FUNGSIONAL_KEAHLIAN:
        return "S2" if j.jenjang == "ahli_madya" and rng.random() < 0.5 else "PROFESI"
    if j.rumpun == "farmasi" and j.jenis == J.FUNGSIONAL_KEAHLIAN:
        return "PROFESI"
    if j.jenis == J.JPT_PRATAMA:
        return "S3" if rng.random() < 0.25 else "S2"
    if j.jenis == J.ADMINISTRATOR:
        return "S2" if rng.random() < 0.6 else "S1"
    if j.jenis == J.PENGAWAS:
        r = rng.random()
        return "S2" if r < 0.12 else ("D3" if r < 0.2 and j.eselon == "IV.b" else ("D4" if r < 0.25 else "S1"))
    if j.jenis == J.FUNGSIONAL_KEAHLIAN:
        if j.jenjang in ("ahli_madya", "ahli_utama"):
            return "S2"
        return "S2" if j.jenjang == "ahli_muda" and rng.random() < 0.3 else ("D4" if rng.random() < 0.1 else "S1")
    if j.jenis == J.FUNGSIONAL_KETERAMPILAN:
        return "SLTA" if j.jenjang == "pemula" else "D3"
    r = rng.random()
    return "SLTA" if r < 0.45 else ("D3" if r < 0.7 else "S1")


def _rentang(j: JabatanSpec | None, pendidikan: str) -> tuple[int, int]:
    if j is None or j.jenis == J.PELAKSANA:
        return {"SLTA": (5, 10), "D3": (7, 11), "S1": (9, 12), "D4": (9, 12)}.get(pendidikan, (9, 12))
    if j.jenjang:
        return _JENJANG_GOL[j.jenjang]
    return _ESELON_GOL.get(j.eselon, (9, 12))


class Pembangkit:
    """Generates consistent people for seats. Deterministic for a given seed and reference month."""

    def __init__(
        self,
        *,
        rng: random.Random,
        acuan: datetime.date,
        profil: ProfilInstansi,
        nip_terpakai: set[str],
    ) -> None:
        self.rng = rng
        self.acuan = acuan
        self.profil = profil
        self.nip_terpakai = nip_terpakai
        self.nip_urut: dict[str, int] = {}
        self.nik_urut: dict[str, int] = {}
        self.sk = 0

    def _nip(self, prefix: str) -> str:
        urut = self.nip_urut.get(prefix, 0)
        while True:
            urut += 1
            nip = f"{prefix}{urut:03d}"
            if nip not in self.nip_terpakai:
                break
        if urut > 999:  # pragma: no cover - needs a thousand people born on one day, same TMT
            raise ValueError(prefix)
        self.nip_urut[prefix] = urut
        self.nip_terpakai.add(nip)
        return nip

    def _nik(self, lahir: datetime.date, jk: str) -> str:
        wilayah = self.rng.choice(self.profil.wilayah)
        prefix = nik_build(kode_wilayah=wilayah, tanggal_lahir=lahir, jenis_kelamin=jk, urutan=1)[:12]
        urut = self.nik_urut.get(prefix, 0) + 1
        self.nik_urut[prefix] = urut
        return nik_build(kode_wilayah=wilayah, tanggal_lahir=lahir, jenis_kelamin=jk, urutan=urut)

    def orang(self, j: JabatanSpec | None, unit: int, status: str = Pegawai.Status.AKTIF) -> Orang:
        rng, acuan = self.rng, self.acuan
        if j is not None and j.rumpun in ("bidan",):
            jk = "P"
        elif j is not None and j.rumpun in ("guru", "perawat"):
            jk = "P" if rng.random() < 0.68 else "L"
        elif j is not None and j.jenis in (J.JPT_PRATAMA, J.ADMINISTRATOR):
            jk = "L" if rng.random() < 0.7 else "P"
        else:
            jk = "L" if rng.random() < 0.52 else "P"
        pendidikan = _pendidikan_untuk(rng, j)
        pppk = (
            status == Pegawai.Status.AKTIF
            and j is not None
            and j.pppk_boleh
            and rng.random() < (0.28 if j.rumpun == "guru" else 0.13)
        )
        rumpun = j.rumpun if j is not None else "umum"
        depan, belakang = _gelar(rng, pendidikan, rumpun)
        tempat = self.profil.kota if rng.random() < 0.45 else rng.choice(_TEMPAT_LAHIR)
        if pppk:
            return self._pppk(j, unit, jk, pendidikan, depan, belakang, tempat)
        # PNS: appointed with the education of the time, then promoted about every 4 years
        awal_pend = pendidikan
        if pendidikan in ("S2", "S3") or (pendidikan == "S1" and rng.random() < 0.15):
            awal_pend = PENDIDIKAN_SEBELUM[pendidikan]
        g_awal = GOL_AWAL[awal_pend]
        lo, hi = _rentang(j, pendidikan)
        plafon = PLAFON[pendidikan]
        lo, hi = max(lo, g_awal), min(hi, plafon)
        target = rng.randint(lo, hi) if lo <= hi else min(plafon, max(g_awal, hi))
        langkah = target - g_awal
        jarak = [rng.randint(48, 60) for _ in range(langkah)]
        umur_min, umur_max = USIA_MASUK.get(awal_pend, (21, 30))
        umur_masuk = rng.randint(umur_min, umur_max)
        if status == Pegawai.Status.PENSIUN:
            # a retiree: past the retirement age (58), with a full career behind them
            lahir = add_years(acuan, -58) - datetime.timedelta(days=rng.randint(0, 600))
            tmt_cpns = _bulan(add_years(lahir, umur_masuk), 1)
            tmt_gol = _bulan(tmt_cpns, sum(jarak))
        else:
            di_pangkat = rng.choice((rng.randint(0, 47), rng.randint(48, 96))) if langkah else rng.randint(6, 60)
            if target == plafon and rng.random() < 0.5:
                di_pangkat = rng.randint(48, 120)
            # the BUP (58): an active pegawai is younger than 58 on the reference date
            batas = (57 - umur_masuk) * 12 - 11
            if di_pangkat + sum(jarak) > batas:
                jarak = [48] * langkah
                di_pangkat = max(0, batas - sum(jarak))
            if di_pangkat + sum(jarak) > batas:
                umur_masuk = max(18, 56 - (di_pangkat + sum(jarak)) // 12)
            tmt_gol = _bulan(acuan, -di_pangkat)
            tmt_cpns = _bulan(tmt_gol, -sum(jarak))
            lahir = add_years(tmt_cpns, -umur_masuk) - datetime.timedelta(days=rng.randint(1, 330))
        pangkat: list[tuple[str, datetime.date, str]] = [(GOL_PNS[g_awal - 1], tmt_cpns, RiwayatPangkat.Jenis.CPNS)]
        tmt = tmt_cpns
        for k, bulan in enumerate(jarak):
            tmt = _bulan(tmt, bulan)
            g = g_awal + k + 1
            if awal_pend != pendidikan and g > PLAFON[awal_pend]:
                jenis = RiwayatPangkat.Jenis.PENYESUAIAN_IJAZAH if g == PLAFON[awal_pend] + 1 else "reguler"
            elif j is not None and j.jenjang:
                jenis = RiwayatPangkat.Jenis.FUNGSIONAL
            else:
                jenis = RiwayatPangkat.Jenis.REGULER
            pangkat.append((GOL_PNS[g - 1], tmt, jenis))
        o = Orang(
            jabatan=j,
            unit=unit,
            jenis_asn="PNS",
            nip=self._nip(nip_build(tanggal_lahir=lahir, tmt_cpns=tmt_cpns, jenis_kelamin=jk, urutan=1)[:15]),
            nama=_nama(rng, jk),
            gelar_depan=depan,
            gelar_belakang=belakang,
            jk=jk,
            tempat_lahir=tempat,
            lahir=lahir,
            nik=self._nik(lahir, jk),
            pendidikan=pendidikan,
            tmt_cpns=tmt_cpns,
            golongan=GOL_PNS[target - 1],
            tmt_golongan=tmt_gol,
            tmt_jabatan=None,
            status=status,
            pangkat=pangkat,
        )
        self._karier(o, awal_pend)
        return o

    def _pppk(
        self, j: JabatanSpec | None, unit: int, jk: str, pendidikan: str, depan: str, belakang: str, tempat: str
    ) -> Orang:
        rng, acuan = self.rng, self.acuan
        tahun = rng.choice((2019, 2021, 2022, 2022, 2023, 2023, 2024))
        tmt = datetime.date(tahun, rng.choice((1, 3, 4, 7)), 1)
        if tmt > acuan:
            tmt = _bulan(acuan, -12)
        lahir = add_years(tmt, -rng.randint(24, 45)) - datetime.timedelta(days=rng.randint(1, 330))
        urut_prefix = f"{lahir:%Y%m%d}{tmt:%Y}21{'1' if jk == 'L' else '2'}"
        o = Orang(
            jabatan=j,
            unit=unit,
            jenis_asn="PPPK",
            nip=self._nip(urut_prefix),
            nama=_nama(rng, jk),
            gelar_depan=depan,
            gelar_belakang=belakang,
            jk=jk,
            tempat_lahir=tempat,
            lahir=lahir,
            nik=self._nik(lahir, jk),
            pendidikan=pendidikan,
            tmt_cpns=tmt,
            golongan=GOL_PPPK.get(pendidikan, "V"),
            tmt_golongan=tmt,
            tmt_jabatan=tmt if j is not None else None,
            status=Pegawai.Status.AKTIF,
            pangkat=[(GOL_PPPK.get(pendidikan, "V"), tmt, RiwayatPangkat.Jenis.CPNS)],
        )
        self._pendidikan(o, pendidikan)
        return o

    def _karier(self, o: Orang, awal_pend: str) -> None:
        rng, acuan = self.rng, self.acuan
        j = o.jabatan
        if j is not None and o.status == Pegawai.Status.AKTIF:
            masa = max(1, (acuan.year - o.tmt_cpns.year) * 12 + acuan.month - o.tmt_cpns.month)
            if j.jenis == J.PELAKSANA or masa < 24:
                mundur = rng.randint(0, masa)
            else:
                # rotation window: many between 2 and 5 years, some longer, some new
                mundur = min(masa, rng.choice((rng.randint(1, 23), rng.randint(24, 60), rng.randint(61, 110))))
            o.tmt_jabatan = _bulan(acuan, -mundur)
            if o.tmt_jabatan < o.tmt_cpns:
                o.tmt_jabatan = o.tmt_cpns
            if o.tmt_jabatan > o.tmt_cpns and rng.random() < 0.45:
                mulai = _bulan(o.tmt_cpns, rng.randint(0, max(0, (o.tmt_jabatan - o.tmt_cpns).days // 31 - 1)))
                lalu_nama, lalu_jenis = _jabatan_lalu(rng, j)
                o.jabatan_lalu = (lalu_nama, lalu_jenis, min(mulai, o.tmt_jabatan), o.tmt_jabatan)
        self._pendidikan(o, awal_pend)
        if o.status == Pegawai.Status.AKTIF and rng.random() < 0.015:
            o.hukdis = self._hukdis(o)

    def _pendidikan(self, o: Orang, awal_pend: str) -> None:
        rng = self.rng
        rumpun = o.jabatan.rumpun if o.jabatan is not None else "umum"
        jurusan = _JURUSAN.get(rumpun, _JURUSAN["umum"])

        def row(tingkat: str, tahun: int) -> tuple[str, str, str, int]:
            if tingkat == "SLTA":
                return (
                    tingkat,
                    "IPA" if rng.random() < 0.5 else "IPS",
                    f"{rng.choice(_SLTA)} {self.profil.kota}",
                    tahun,
                )
            kampus = rng.choice(_POLTEK) if tingkat == "D3" else rng.choice(_KAMPUS)
            return (tingkat, jurusan, kampus, tahun)

        lulus_awal = min(o.tmt_cpns.year - 1, o.lahir.year + USIA_MASUK.get(awal_pend, (21, 30))[0])
        lulus_awal = max(lulus_awal, o.lahir.year + 17)
        rows = [row(awal_pend, lulus_awal)]
        if awal_pend != o.pendidikan:
            tahun = min(self.acuan.year - 1, max(o.tmt_cpns.year + rng.randint(2, 8), lulus_awal + 2))
            rows.append(row(o.pendidikan, tahun))
        elif awal_pend not in ("SLTA", "SD", "SLTP") and rng.random() < 0.5:
            rows.append(row("SLTA", max(o.lahir.year + 17, lulus_awal - (3 if awal_pend == "D3" else 4))))
        o.pendidikan_rows = rows

    def _hukdis(self, o: Orang) -> tuple[str, str, datetime.date, datetime.date | None]:
        rng, acuan = self.rng, self.acuan
        r = rng.random()
        berjalan = rng.random() < 0.35
        mulai = _bulan(acuan, -rng.randint(1, 5)) if berjalan else _bulan(acuan, -rng.randint(14, 70))
        if mulai < o.tmt_cpns:
            mulai = o.tmt_cpns
        if r < 0.6:
            jenis = rng.choice(HukumanDisiplin.TINGKAT_JENIS[HukumanDisiplin.Tingkat.RINGAN])
            return (HukumanDisiplin.Tingkat.RINGAN, jenis, mulai, mulai)
        if r < 0.9:
            jenis = rng.choice(HukumanDisiplin.TINGKAT_JENIS[HukumanDisiplin.Tingkat.SEDANG])
            bulan = {"potong_tukin_6": 6, "potong_tukin_9": 9}.get(jenis, 12)
            return (HukumanDisiplin.Tingkat.SEDANG, jenis, mulai, _bulan(mulai, bulan) - datetime.timedelta(days=1))
        berat = rng.choice((HukumanDisiplin.Jenis.PENURUNAN_JABATAN, HukumanDisiplin.Jenis.PEMBEBASAN_JABATAN))
        return (HukumanDisiplin.Tingkat.BERAT, berat, mulai, _bulan(mulai, 12) - datetime.timedelta(days=1))

    def nomor_sk(self, tahun: int, kode: str) -> str:
        self.sk += 1
        return f"{kode}/{self.sk % 9000 + 100}/BKPSDM/{tahun}"


def _jabatan_lalu(rng: random.Random, j: JabatanSpec) -> tuple[str, str]:
    if j.jenis == J.JPT_PRATAMA:
        return "Sekretaris Dinas", J.ADMINISTRATOR
    if j.jenis == J.ADMINISTRATOR:
        return rng.choice(("Kepala Seksi Perencanaan", "Kepala Subbagian Umum dan Kepegawaian")), J.PENGAWAS
    if j.jenis == J.PENGAWAS:
        return rng.choice(("Pengadministrasi Perkantoran", "Penelaah Teknis Kebijakan")), J.PELAKSANA
    if j.jenjang:
        urutan = Jabatan.JENJANG_KEAHLIAN if j.jenis == J.FUNGSIONAL_KEAHLIAN else Jabatan.JENJANG_KETERAMPILAN
        i = urutan.index(j.jenjang)
        if i > 0:
            dasar = j.nama.rsplit(" ", 2 if j.jenis == J.FUNGSIONAL_KEAHLIAN else 1)[0]
            return f"{dasar} {_JENJANG_NAMA[urutan[i - 1]]}", j.jenis
    return rng.choice(("Pengadministrasi Umum", "Pengelola Data", "Operator Layanan Operasional")), J.PELAKSANA


# ---------------------------------------------------------------------------------------------
# Writing


@dataclass
class HasilSeed:
    instansi: Instansi
    dibuat: bool
    pegawai: int = 0
    unit_kerja: int = 0
    jabatan: int = 0
    detik: float = 0.0
    logins: list[dict[str, str]] = field(default_factory=list)


class _Sisip:
    """Bulk inserts of plain tuples with ids chosen up front (so that paths and the atasan can be
    computed in Python). PostgreSQL: ids from the table's sequence and COPY, streamed by one
    writer thread on the same connection and transaction, so that generating the next chunk
    overlaps with the database ingesting the previous one; ``flush()`` waits for it. Elsewhere:
    ids after the current maximum (SQLite has a single writer, and this runs inside the
    transaction that already holds it) and ``bulk_create``."""

    def __init__(self) -> None:
        self.pg = connection.vendor == "postgresql"
        self.next_id: dict[type[models.Model], int] = {}
        self.reserved: dict[type[models.Model], list[int]] = {}
        self.queue: queue.Queue[tuple[str, list[tuple[Any, ...]]] | None] | None = None
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def reserve(self, model: type[models.Model], n: int) -> None:
        """Take n ids at once, so that later ``ids()`` calls need no round trip."""
        self.reserved.setdefault(model, []).extend(self._fetch_ids(model, n))

    def ids(self, model: type[models.Model], n: int) -> list[int]:
        pool = self.reserved.get(model)
        if pool and len(pool) >= n:
            out, self.reserved[model] = pool[:n], pool[n:]
            return out
        return self._fetch_ids(model, n)

    def _fetch_ids(self, model: type[models.Model], n: int) -> list[int]:
        if n == 0:
            return []
        self.flush()
        table = model._meta.db_table
        with connection.cursor() as c:
            if self.pg:
                c.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n])
                return [r[0] for r in c.fetchall()]
            if model not in self.next_id:
                c.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                row = c.fetchone()
                self.next_id[model] = (row[0] if row else 0) + 1
        start = self.next_id[model]
        self.next_id[model] = start + n
        return list(range(start, start + n))

    def rows(self, model: type[models.Model], cols: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Insert rows; ``cols`` are column names (equal to the attnames here)."""
        if not rows:
            return
        if not self.pg:
            model._default_manager.bulk_create([model(**dict(zip(cols, r, strict=True))) for r in rows], batch_size=500)
            return
        qn = connection.ops.quote_name
        sql = f"COPY {qn(model._meta.db_table)} ({', '.join(qn(c) for c in cols)}) FROM STDIN"
        if self.queue is None:
            connection.ensure_connection()
            self.queue = queue.Queue(maxsize=8)
            self.thread = threading.Thread(target=self._writer, args=(connection.connection,), daemon=True)
            self.thread.start()
        if self.error is not None:
            self.flush()
        self.queue.put((sql, rows))

    def _writer(self, raw: Any) -> None:
        # psycopg connections serialise their use across threads; this thread only runs COPY
        assert self.queue is not None  # noqa: S101
        while True:
            item = self.queue.get()
            try:
                if item is None:
                    return
                if self.error is None:
                    sql, rows = item
                    with raw.cursor() as cur, cur.copy(sql) as cp:
                        for r in rows:
                            cp.write_row(r)
            except BaseException as e:  # reported to the caller by flush()
                self.error = e
            finally:
                self.queue.task_done()

    def flush(self) -> None:
        """Wait until every queued insert is written; re-raise a writer error."""
        if self.queue is not None:
            self.queue.join()
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def close(self) -> None:
        if self.queue is not None and self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self.queue, self.thread = None, None


@contextmanager
def sisip_massal() -> Iterator[_Sisip]:
    """A bulk writer for the current transaction, flushed at the end of the block. On PostgreSQL,
    as a superuser, the per-row foreign-key triggers are skipped meanwhile
    (``session_replication_role = replica``, as bulk loaders do): every id a demo writes was just
    taken from a sequence or read from the instansi, and at 100,000 pegawai the millions of
    deferred checks would cost more than the whole load. Elsewhere the checks run as usual."""
    sisip = _Sisip()
    replika = _pemeriksaan_fk_tunda()
    try:
        yield sisip
        sisip.flush()
    finally:
        sisip.close()
        if replika:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def _pemeriksaan_fk_tunda() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if not row or not row[0]:
            return False
        cursor.execute("SET LOCAL session_replication_role = replica")
    return True


def _golongan_map() -> dict[tuple[str, str], int]:
    return {(g.jenis_asn, g.kode): g.pk for g in Golongan.objects.all()}


def _write_org(instansi: Instansi, org: _Org, sisip: _Sisip) -> None:
    """Units and jabatan with their materialised paths, computed here from ids chosen up front."""
    now = timezone.now()
    path: dict[int, str] = {}
    for u, pk in zip(org.units, sisip.ids(UnitKerja, len(org.units)), strict=True):
        u.pk = pk
    rows_u = []
    for u in org.units:  # parents come before their children
        parent = org.units[u.parent] if u.parent is not None else None
        path[u.idx] = f"{path[parent.idx] if parent is not None else ''}{u.pk}/"
        rows_u.append(
            (u.pk, instansi.pk, parent.pk if parent else None, u.nama[:200], u.kode, u.jenis, u.layanan,
             path[u.idx], u.depth, now, now)
        )  # fmt: skip
    sisip.rows(
        UnitKerja,
        ["id", "instansi_id", "parent_id", "nama", "kode", "jenis", "is_unit_layanan", "path", "depth",
         "created_at", "updated_at"],
        rows_u,
    )  # fmt: skip
    gol = _golongan_map()
    for j, pk in zip(org.jabatan, sisip.ids(Jabatan, len(org.jabatan)), strict=True):
        j.pk = pk
    jpath: dict[int, str] = {}
    rows_j = []
    for j in org.jabatan:  # superiors come before their subordinates
        atasan = org.jabatan[j.atasan] if j.atasan is not None else None
        jpath[j.idx] = f"{jpath[atasan.idx] if atasan is not None else ''}{j.pk}/"
        if j.jenjang:
            gmin, gmax = _JENJANG_GOL[j.jenjang]
            pmin = "S1" if j.jenis == J.FUNGSIONAL_KEAHLIAN else ("SLTA" if j.jenjang == "pemula" else "D3")
        else:
            gmin, gmax = _ESELON_GOL[j.eselon] if j.eselon else (5, 12)
            pmin = _PENDIDIKAN_MIN.get(j.jenis, "SLTA")
        rows_j.append(
            (j.pk, instansi.pk, org.units[j.unit].pk, j.nama[:200], j.jenis, j.jenjang, j.eselon,
             atasan.pk if atasan else None, j.kepala, j.kebutuhan, pmin, gol[("PNS", GOL_PNS[gmin - 1])],
             gol[("PNS", GOL_PNS[gmax - 1])], jpath[j.idx], now, now)
        )  # fmt: skip
    sisip.rows(
        Jabatan,
        ["id", "instansi_id", "unit_kerja_id", "nama", "jenis", "jenjang", "eselon", "atasan_id", "is_kepala_unit",
         "kebutuhan", "pendidikan_minimal", "golongan_minimal_id", "golongan_maksimal_id", "path", "created_at",
         "updated_at"],
        rows_j,
    )  # fmt: skip


_USER_COLS = ["id", "password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff",
              "is_active", "date_joined", "instansi_id", "peran"]  # fmt: skip
_PEGAWAI_COLS = ["id", "instansi_id", "user_id", "jenis_asn", "nip", "nama", "gelar_depan", "gelar_belakang",
                 "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "nik", "email", "pendidikan_terakhir", "tmt_cpns",
                 "golongan_id", "tmt_golongan", "jabatan_id", "tmt_jabatan", "unit_kerja_id", "status", "atasan_id",
                 "atasan_override_id", "created_at", "updated_at"]  # fmt: skip


class _Penulis:
    """Writes people chunk by chunk, knowing the holder of every jabatan already written."""

    def __init__(self, instansi: Instansi, org: _Org, gen: Pembangkit, password_hash: str, sisip: _Sisip) -> None:
        self.instansi = instansi
        self.org = org
        self.gen = gen
        self.password_hash = password_hash
        self.sisip = sisip
        self.gol = _golongan_map()
        self.holder: dict[int, tuple[datetime.date, int]] = {}  # jabatan idx -> (tmt, pegawai pk)
        self.count = 0

    def _atasan(self, o: Orang) -> int | None:
        """The holder of the nearest occupied superior jabatan (as services.atasan_recompute does)."""
        if o.jabatan is None:
            return None
        up = o.jabatan.atasan
        while up is not None:
            h = self.holder.get(up)
            if h is not None:
                return h[1]
            up = self.org.jabatan[up].atasan
        return None

    def write(self, people: Sequence[Orang]) -> None:
        now = timezone.now()
        inst = self.instansi.pk
        user_ids = self.sisip.ids(User, len(people))
        pegawai_ids = self.sisip.ids(Pegawai, len(people))
        self.sisip.rows(
            User,
            _USER_COLS,
            [
                (uid, self.password_hash, False, o.nip, o.nama[:150], "", "", False,
                 o.status != Pegawai.Status.PENSIUN, now, inst, User.Peran.PEGAWAI)
                for o, uid in zip(people, user_ids, strict=True)
            ],
        )  # fmt: skip
        rows_p = []
        for o, uid, pid in zip(people, user_ids, pegawai_ids, strict=True):
            o.pk = pid
            rows_p.append(
                (pid, inst, uid, o.jenis_asn, o.nip, o.nama, o.gelar_depan, o.gelar_belakang, o.jk, o.tempat_lahir,
                 o.lahir, o.nik, "", o.pendidikan, o.tmt_cpns, self.gol[(o.jenis_asn, o.golongan)], o.tmt_golongan,
                 o.jabatan.pk if o.jabatan is not None else None, o.tmt_jabatan, self.org.units[o.unit].pk,
                 o.status, self._atasan(o), None, now, now)
            )  # fmt: skip
        self.sisip.rows(Pegawai, _PEGAWAI_COLS, rows_p)
        pangkat: list[tuple[Any, ...]] = []
        jabatan: list[tuple[Any, ...]] = []
        pendidikan: list[tuple[Any, ...]] = []
        hukdis: list[tuple[Any, ...]] = []
        sk = self.gen.nomor_sk
        for o, pid in zip(people, pegawai_ids, strict=True):
            if o.jabatan is not None and o.status == Pegawai.Status.AKTIF and o.tmt_jabatan is not None:
                key = (o.tmt_jabatan, pid)
                cur = self.holder.get(o.jabatan.idx)
                if cur is None or key < cur:
                    self.holder[o.jabatan.idx] = key
            for kode, tmt, jenis in o.pangkat:
                pangkat.append(
                    (pid, self.gol[(o.jenis_asn, kode)], tmt, jenis, sk(tmt.year, "823.3"),
                     tmt - datetime.timedelta(days=20), now, now)
                )  # fmt: skip
            unit_nama = self.org.units[o.unit].nama[:200]
            if o.jabatan is not None and o.tmt_jabatan is not None:
                jabatan.append(
                    (pid, o.jabatan.pk, o.jabatan.nama[:200], unit_nama, o.jabatan.jenis, o.tmt_jabatan, None,
                     sk(o.tmt_jabatan.year, "821.2"), now, now)
                )  # fmt: skip
            if o.jabatan_lalu is not None:
                nama, jenis_j, mulai, selesai = o.jabatan_lalu
                jabatan.append((pid, None, nama, unit_nama, jenis_j, mulai, selesai, "", now, now))
            for tingkat, jurusan, institusi, tahun in o.pendidikan_rows:
                pendidikan.append((pid, tingkat, jurusan, institusi, tahun, now, now))
            if o.hukdis is not None:
                tingkat, jenis_h, mulai_h, selesai_h = o.hukdis
                hukdis.append((pid, tingkat, jenis_h, mulai_h, selesai_h, sk(mulai_h.year, "800.1.6"), "", now, now))
        self.sisip.rows(
            RiwayatPangkat, ["pegawai_id", "golongan_id", "tmt", "jenis", "nomor_sk", "tanggal_sk", "created_at",
                             "updated_at"], pangkat
        )  # fmt: skip
        self.sisip.rows(
            RiwayatJabatan, ["pegawai_id", "jabatan_id", "nama_jabatan", "nama_unit", "jenis_jabatan", "tmt",
                             "tmt_selesai", "nomor_sk", "created_at", "updated_at"], jabatan
        )  # fmt: skip
        self.sisip.rows(
            RiwayatPendidikan, ["pegawai_id", "tingkat", "jurusan", "institusi", "tahun_lulus", "created_at",
                                "updated_at"], pendidikan
        )  # fmt: skip
        self.sisip.rows(
            HukumanDisiplin, ["pegawai_id", "tingkat", "jenis", "tmt_mulai", "tmt_selesai", "nomor_sk", "keterangan",
                              "created_at", "updated_at"], hukdis
        )  # fmt: skip
        self.count += len(people)


def _acuan_default() -> datetime.date:
    today = timezone.localdate()
    return datetime.date(today.year, today.month, 1)


def _detach(model: type[models.Model], ids: Any, known: set[type[models.Model]]) -> None:
    """Rows of other models that point at the given rows: cleared (SET_NULL) or deleted."""
    for rel in model._meta.related_objects:
        rel_model: Any = rel.related_model
        if rel_model in known:
            continue
        if rel.many_to_many:
            through: Any = rel.through  # type: ignore[attr-defined]
            for f in through._meta.fields:
                if f.is_relation and f.related_model is model:
                    through.objects.filter(**{f"{f.name}__in": ids}).delete()
            continue
        qs = rel_model._base_manager.filter(**{f"{rel.field.name}__in": ids})
        if rel.on_delete is models.SET_NULL:
            qs.update(**{rel.field.name: None})
        else:
            qs.delete()


def demo_modules() -> list[ModuleType]:
    """The ``demo`` modules of the other installed apps, in INSTALLED_APPS order. An app adds its
    demo data by defining ``demo_isi(*, instansi, acuan, seed)`` and ``demo_hapus(*, instansi)``
    there; pegawai never imports the apps above it."""
    out = []
    for app in apps.get_app_configs():
        if app.name == __package__:
            continue
        name = f"{app.name}.demo"
        if importlib.util.find_spec(name) is not None:
            out.append(importlib.import_module(name))
    return out


def demo_isi_apps(*, instansi: Instansi, acuan: datetime.date, seed: int) -> None:
    """Let every app fill its demo data for a freshly seeded instansi (lower apps first)."""
    for module in demo_modules():
        isi = getattr(module, "demo_isi", None)
        if isi is not None:
            isi(instansi=instansi, acuan=acuan, seed=seed)


def demo_hapus_apps(*, instansi: Instansi) -> None:
    """Let every app delete its rows of the instansi (higher apps first), before pegawai's go."""
    for module in reversed(demo_modules()):
        hapus = getattr(module, "demo_hapus", None)
        if hapus is not None:
            hapus(instansi=instansi)


def instansi_reset(*, kode: str) -> bool:
    """Delete an instansi and everything in it with set-based deletes, children first (the other
    apps' rows through their ``demo_hapus``).

    Golongan (reference data) and users without an instansi (superusers) stay."""
    inst = Instansi.objects.filter(kode=kode).first()
    if inst is None:
        return False
    db = Pegawai.objects.db
    known: set[type[models.Model]] = {
        RiwayatPangkat, RiwayatJabatan, RiwayatPendidikan, HukumanDisiplin, Pegawai, Jabatan, UnitKerja, User,
        ImporPegawai, AuditLog,
    }  # fmt: skip
    pegawai_ids = Pegawai.objects.filter(instansi=inst).values("id")
    user_ids = User.objects.filter(instansi=inst).values("id")
    with transaction.atomic(using=db):
        demo_hapus_apps(instansi=inst)
        AuditLog.objects.filter(instansi_id=inst.pk).delete()
        AuditLog.objects.filter(actor_id__in=user_ids).update(actor=None)
        ImporPegawai.objects.filter(instansi=inst).delete()
        ImporPegawai.objects.filter(dibuat_oleh__in=user_ids).update(dibuat_oleh=None)
        _detach(Pegawai, pegawai_ids, known)
        _detach(Jabatan, Jabatan.objects.filter(instansi=inst).values("id"), known)
        _detach(UnitKerja, UnitKerja.objects.filter(instansi=inst).values("id"), known)
        _detach(User, user_ids, known)
        for model in (HukumanDisiplin, RiwayatPendidikan, RiwayatJabatan, RiwayatPangkat):
            qs: Any = model.objects.filter(pegawai_id__in=pegawai_ids)
            qs._raw_delete(db)
        # foreign keys are checked at commit, so self-references inside one DELETE are fine
        for qs in (
            Pegawai.objects.filter(instansi=inst),
            User.objects.filter(instansi=inst),
            Jabatan.objects.filter(instansi=inst),
            UnitKerja.objects.filter(instansi=inst),
        ):
            qs._raw_delete(db)
        Instansi.objects.filter(pk=inst.pk).delete()
    return True


@transaction.atomic
def instansi_seed(
    *,
    kode: str,
    pegawai: int,
    seed: int = 1,
    acuan: datetime.date | None = None,
    password_hash: str | None = None,
) -> HasilSeed:
    """Build one instansi with ``pegawai`` pegawai; nothing happens if the kode already exists."""
    mulai = time.perf_counter()
    profil = profil_instansi(kode)
    existing = Instansi.objects.filter(kode=kode).first()
    if existing is not None:
        return HasilSeed(instansi=existing, dibuat=False, logins=_logins_for(existing))
    acuan = acuan or _acuan_default()
    rng = random.Random(f"{kode}:{seed}")  # noqa: S311 (reproducible demo data, not secrets)
    instansi = services.instansi_create(nama=profil.nama, kode=kode)
    n_aktif = pegawai - pegawai // 100  # one in a hundred is on CLTN or retired
    org = organisasi_build(n_aktif, profil.kota, rng)
    kursi_assign(org, n_aktif, rng)
    sisip = _Sisip()
    try:
        return _instansi_fill(instansi, org, profil, rng, sisip, acuan, password_hash, pegawai, mulai)
    finally:
        sisip.close()


def _instansi_fill(
    instansi: Instansi,
    org: _Org,
    profil: ProfilInstansi,
    rng: random.Random,
    sisip: _Sisip,
    acuan: datetime.date,
    password_hash: str | None,
    pegawai: int,
    mulai: float,
) -> HasilSeed:
    n_nonaktif = pegawai // 100
    n_cltn = n_nonaktif // 2
    sisip.reserve(User, pegawai)
    sisip.reserve(Pegawai, pegawai)
    _write_org(instansi, org, sisip)
    password_hash = password_hash or make_password(DEMO_PASSWORD)
    nip_terpakai = set(Pegawai.objects.exclude(instansi=instansi).values_list("nip", flat=True))
    gen = Pembangkit(rng=rng, acuan=acuan, profil=profil, nip_terpakai=nip_terpakai)
    penulis = _Penulis(instansi, org, gen, password_hash, sisip)
    by_depth: dict[int, list[JabatanSpec]] = {}
    for j in org.jabatan:
        by_depth.setdefault(j.depth, []).append(j)
    chunk: list[Orang] = []
    for depth in sorted(by_depth):
        for j in by_depth[depth]:
            for _ in range(j.terisi):
                chunk.append(gen.orang(j, j.unit))
                if len(chunk) >= 5000:
                    penulis.write(chunk)
                    chunk = []
        if chunk:  # a level is complete before the next one looks up its holders
            penulis.write(chunk)
            chunk = []
    # the inactive: on unpaid leave (CLTN) or retired, no longer holding a jabatan
    pelaksana = [j for j in org.jabatan if j.jenis == J.PELAKSANA] or org.jabatan
    inaktif = []
    for k in range(n_nonaktif):
        j = rng.choice(pelaksana)
        o = gen.orang(j, j.unit, status=Pegawai.Status.CLTN if k < n_cltn else Pegawai.Status.PENSIUN)
        o.jabatan, o.tmt_jabatan = None, None
        inaktif.append(o)
    if inaktif:
        penulis.write(inaktif)
    sisip.flush()
    services.atasan_recompute(instansi_id=instansi.pk)
    _users_create(instansi, profil, password_hash)
    _analyze()
    return HasilSeed(
        instansi=instansi,
        dibuat=True,
        pegawai=penulis.count,
        unit_kerja=len(org.units),
        jabatan=len(org.jabatan),
        detik=time.perf_counter() - mulai,
        logins=_logins_for(instansi),
    )


def _analyze() -> None:
    """Fresh planner statistics after a bulk load, so the first page views use the indexes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE pegawai_pegawai, pegawai_jabatan, pegawai_unitkerja, pegawai_riwayatpangkat, "
                "pegawai_riwayatjabatan, pegawai_riwayatpendidikan, pegawai_hukumandisiplin, pegawai_user"
            )


def _users_create(instansi: Instansi, profil: ProfilInstansi, password_hash: str) -> None:
    User.objects.bulk_create(
        [
            User(
                username=profil.bkd_username,
                password=password_hash,
                instansi=instansi,
                peran=User.Peran.BKD,
                first_name="Petugas BKPSDM",
            ),
            User(
                username=profil.pimpinan_username,
                password=password_hash,
                instansi=instansi,
                peran=User.Peran.PIMPINAN,
                first_name="Sekretaris Daerah",
            ),
        ]
    )
    if not User.objects.filter(username="admin").exists():
        User.objects.create(
            username="admin", password=password_hash, is_superuser=True, is_staff=True, first_name="Administrator"
        )


def demo_atasan(instansi: Instansi) -> Pegawai | None:
    """The demo atasan: the first kepala seksi/subbagian (PNS, active) with at least 3 pelaksana."""
    return (
        Pegawai.objects.filter(
            instansi=instansi,
            jenis_asn=JenisASN.PNS,
            status=Pegawai.Status.AKTIF,
            jabatan__jenis=J.PENGAWAS,
            jabatan__unit_kerja__jenis__in=[U.SEKSI, U.SUBBAGIAN],
        )
        .annotate(n=Count("bawahan_langsung", filter=Q(bawahan_langsung__jabatan__jenis=J.PELAKSANA)))
        .filter(n__gte=3)
        .order_by("jabatan__unit_kerja__path", "id")
        .first()
    )


def demo_pegawai(atasan: Pegawai) -> Pegawai | None:
    """The demo pegawai: the first PNS pelaksana under the demo atasan."""
    return (
        Pegawai.objects.filter(atasan=atasan, jabatan__jenis=J.PELAKSANA, jenis_asn=JenisASN.PNS).order_by("id").first()
    )


def _logins_for(instansi: Instansi) -> list[dict[str, str]]:
    profil = profil_instansi(instansi.kode)
    rows = [
        {"peran": "Petugas BKD", "username": profil.bkd_username},
        {"peran": "Pimpinan", "username": profil.pimpinan_username},
    ]
    atasan = demo_atasan(instansi)
    if atasan is not None:
        rows.append({"peran": "Atasan (kepala seksi)", "username": atasan.nip})
        bawahan = demo_pegawai(atasan)
        if bawahan is not None:
            rows.append({"peran": "Pegawai (pelaksana)", "username": bawahan.nip})
    ada = set(User.objects.filter(username__in=[r["username"] for r in rows]).values_list("username", flat=True))
    return [{**r, "instansi": instansi.nama, "password": DEMO_PASSWORD} for r in rows if r["username"] in ada]


def demo_logins() -> list[dict[str, str]]:
    """The demo logins of the seeded demo instansi and the superuser, for printing."""
    rows: list[dict[str, str]] = []
    for inst in Instansi.objects.filter(kode__in=[KODE_UTAMA, KODE_PENDAMPING]).order_by("kode"):
        rows.extend(_logins_for(inst))
    if User.objects.filter(username="admin", is_superuser=True).exists():
        rows.append({"peran": "Superuser", "instansi": "-", "username": "admin", "password": DEMO_PASSWORD})
    return rows


def seed_demo(*, pegawai: int, kode: str = KODE_UTAMA, seed: int = 1, reset: bool = False) -> list[HasilSeed]:
    """The demo: the main instansi with ``pegawai`` pegawai, and a small second instansi; the
    other apps fill their data for each new instansi (``demo_isi_apps``)."""
    if reset:
        instansi_reset(kode=kode)
        if kode != KODE_PENDAMPING:
            instansi_reset(kode=KODE_PENDAMPING)
    password_hash = make_password(DEMO_PASSWORD)
    todo = [(kode, pegawai)] + ([(KODE_PENDAMPING, PEGAWAI_PENDAMPING)] if kode != KODE_PENDAMPING else [])
    hasil = []
    acuan = _acuan_default()
    for k, n in todo:
        mulai = time.perf_counter()
        with transaction.atomic():
            h = instansi_seed(kode=k, pegawai=n, seed=seed, acuan=acuan, password_hash=password_hash)
            if h.dibuat:
                demo_isi_apps(instansi=h.instansi, acuan=acuan, seed=seed)
        h.detik = time.perf_counter() - mulai  # including the commit (deferred foreign-key checks)
        hasil.append(h)
    return hasil


KODE_IMPOR = "bench-impor"


def impor_xlsx_build(*, path: Any, pegawai: int, seed: int = 1) -> dict[str, int]:
    """An import job for the benchmark: a fresh instansi (organisation only) and an XLSX of
    ``pegawai`` consistent rows (NIP and NIK as text) pointing at its units and jabatan."""
    from openpyxl import Workbook

    from .impor import KOLOM, impor_pegawai_create

    instansi_reset(kode=KODE_IMPOR)
    rng = random.Random(f"{KODE_IMPOR}:{seed}")  # noqa: S311 (reproducible demo data)
    profil = profil_instansi(KODE_UTAMA)
    with transaction.atomic():
        instansi = services.instansi_create(nama="Pemerintah Kota Sibolga (uji impor)", kode=KODE_IMPOR)
        org = organisasi_build(pegawai, profil.kota, rng)
        kursi_assign(org, pegawai, rng)
        sisip = _Sisip()
        try:
            _write_org(instansi, org, sisip)
            sisip.flush()  # every COPY is written before the transaction commits
        finally:
            sisip.close()
    gen = Pembangkit(
        rng=rng, acuan=_acuan_default(), profil=profil, nip_terpakai=set(Pegawai.objects.values_list("nip", flat=True))
    )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("pegawai")
    ws.append(list(KOLOM))
    for j in org.jabatan:
        for _ in range(j.terisi):
            o = gen.orang(j, j.unit)
            ws.append(
                [o.nip, o.nama, o.gelar_depan, o.gelar_belakang, o.jenis_asn, o.jk, o.tempat_lahir, o.lahir, o.nik,
                 "", o.pendidikan, o.tmt_cpns, o.golongan, o.tmt_golongan, org.units[o.unit].kode, str(j.pk),
                 o.tmt_jabatan or o.tmt_cpns, "aktif"]
            )  # fmt: skip
    wb.save(path)
    with open(path, "rb") as f:
        impor = impor_pegawai_create(actor=None, instansi=instansi, berkas=f, nama_file="pegawai.xlsx", jalankan=False)
    return {"impor_id": impor.pk}
