"""Career path reads (karier.selectors.jalur) on a rich history: the timeline newest first, the next
KP date with what is missing (golden cases of DOMAIN.md §6: 4 years to the day, the policy's KP
months, fungsional 2 years, PPPK and the top golongan), the 9-box with its actions and last year's
box, the gaps to the current and target jabatan (or the suggestion one level up) with JPM and the
programmes that close them, JP of the year (as the JP ledger counts it), the rotation window, masa
kerja, and the query count whatever the size of the instansi.

``riwayat_kaya`` builds the history the page and API tests use too."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from karier.models import AnggotaKRS, JenisPenghargaan, RiwayatPenghargaan
from karier.rules import StatusRotasi, SyaratKP, Tindakan
from karier.selectors.jalur import (
    Baris,
    JenisPeristiwa,
    PeranTarget,
    baris_pegawai,
    baris_qs,
    jalur_karier,
    jalur_pegawai_get,
    kp_berikut,
    rotasi_jalur,
)
from pegawai.models import Pegawai, RiwayatJabatan, RiwayatPangkat
from pelatihan.models import PasanganMentoring, ProgramPelatihan, RiwayatPelatihan, SesiMentoring
from pelatihan.selectors.dasar import jp_tahun_map
from pelatihan.services.kebutuhan import target_jabatan_set
from tests.factories.karier import penempatan_buat, predikat_tahunan_set
from tests.factories.pegawai import HukumanDisiplinFactory, PegawaiFactory, RiwayatPendidikanFactory, golongan
from tests.factories.pelatihan import asesmen_buat, program_buat, riwayat_selesai, standar_set

pytestmark = pytest.mark.django_db

PADA = datetime.date(2026, 11, 22)


@dataclass
class Kaya:
    pegawai: Pegawai
    integritas: ProgramPelatihan
    integritas_lanjut: ProgramPelatihan
    kepemimpinan: ProgramPelatihan


def _tz(d: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(d.year, d.month, d.day, 9, 0))


def riwayat_kaya(org, tahun: int) -> Kaya:
    """Siti Nasution (pelaksana, SLTA) with a history relative to ``tahun`` (the year of "today"):
    CPNS II/a 2010, II/b 2014, II/c on 1 April of tahun−4; two jabatan; SLTA; a completed training
    this year (12 JP, builds Integritas to 3) and last year (8 JP), a scheduled one; 2 JP of
    mentoring this year; predikat Sangat Baik tahun−2 and Baik tahun−1; boxes 5 then 8; KRS of
    tahun−1 towards Kepala Seksi (also her target); the Satyalancana X. Standards: pelaksana
    M1 3 M2 2; Kepala Seksi M1 4 M2 3 M5 3; assessed M1 2 M2 2 M5 1."""
    p = org.pegawai
    RiwayatPangkat.objects.filter(pegawai=p).delete()
    RiwayatJabatan.objects.filter(pegawai=p).delete()
    RiwayatPangkat.objects.create(
        pegawai=p, golongan=golongan("II/a"), tmt=datetime.date(2010, 3, 1), jenis=RiwayatPangkat.Jenis.CPNS
    )
    RiwayatPangkat.objects.create(
        pegawai=p, golongan=golongan("II/b"), tmt=datetime.date(2014, 4, 1), nomor_sk="823/01/2014"
    )
    tmt_golongan = datetime.date(tahun - 4, 4, 1)
    RiwayatPangkat.objects.create(pegawai=p, golongan=golongan("II/c"), tmt=tmt_golongan)
    RiwayatJabatan.objects.create(
        pegawai=p,
        nama_jabatan="Pengelola Data",
        nama_unit="Sekretariat Dinas",
        jenis_jabatan="pelaksana",
        tmt=datetime.date(2010, 3, 1),
        tmt_selesai=datetime.date(tahun - 5, 6, 30),
    )
    RiwayatJabatan.objects.create(
        pegawai=p,
        jabatan=org.jabatan_pelaksana,
        nama_jabatan="Pengadministrasi Umum",
        nama_unit="Seksi Pelayanan Kesehatan Primer",
        jenis_jabatan="pelaksana",
        tmt=datetime.date(tahun - 5, 7, 1),
    )
    Pegawai.objects.filter(pk=p.pk).update(
        tmt_cpns=datetime.date(2010, 3, 1),
        golongan=golongan("II/c"),
        tmt_golongan=tmt_golongan,
        tmt_jabatan=datetime.date(tahun - 5, 7, 1),
    )
    RiwayatPendidikanFactory(
        pegawai=p, tingkat="SLTA", jurusan="IPA", institusi="SMA Negeri 1 Sibolga", tahun_lulus=2005
    )
    standar_set(org.jabatan_pelaksana, {"M1": 3, "M2": 2})
    standar_set(org.jabatan_kasi, {"M1": 4, "M2": 3, "M5": 3})
    asesmen_buat(p, {"M1": 2, "M2": 2, "M5": 1}, tanggal=datetime.date(tahun - 1, 6, 1))
    integritas = program_buat(org.instansi, "INT", membangun={"M1": 3}, tahun=tahun, nama="Integritas Lanjut", jp=12)
    integritas_lanjut = program_buat(org.instansi, "INT-4", membangun={"M1": 4}, tahun=tahun, nama="Integritas Pejabat")
    kepemimpinan = program_buat(
        org.instansi,
        "PIM",
        membangun={"M5": 3},
        tahun=tahun,
        nama="Kepemimpinan Pengawas",
        jenis_jabatan=["pengawas"],
    )
    riwayat_selesai(p, 12, tahun=tahun, program=integritas, tanggal=datetime.date(tahun, 3, 10))
    riwayat_selesai(p, 8, tahun=tahun - 1, tanggal=datetime.date(tahun - 1, 5, 20))
    riwayat_selesai(p, 30, tahun=tahun, tanggal=datetime.date(tahun, 12, 1), status=RiwayatPelatihan.Status.TERJADWAL)
    pasangan = PasanganMentoring.objects.create(
        instansi=org.instansi, tahun=tahun, mentor=org.atasan, mentee=p, status=PasanganMentoring.Status.AKTIF
    )
    SesiMentoring.objects.create(
        pasangan=pasangan, tanggal=datetime.date(tahun, 2, 5), durasi_menit=90, jp=Decimal(2), topik="Rencana kerja"
    )
    predikat_tahunan_set(p, tahun - 2, "sangat_baik")
    predikat_tahunan_set(p, tahun - 1, "baik")
    penempatan_buat(p, tahun - 2, 5, level_kinerja="sesuai", level_potensi="menengah")
    penempatan_buat(
        p, tahun - 1, 8, kotak_sebelumnya=5, level_kinerja="sesuai", level_potensi="tinggi", predikat="baik"
    )
    AnggotaKRS.objects.create(
        instansi=org.instansi,
        tahun=tahun - 1,
        pegawai=p,
        jabatan_target=org.jabatan_kasi,
        created_at=_tz(datetime.date(tahun, 2, 10)),
    )
    target_jabatan_set(actor=None, pegawai=p, jabatan=org.jabatan_kasi, sumber="krs")
    RiwayatPenghargaan.objects.create(
        pegawai=p,
        jenis=JenisPenghargaan.SATYALANCANA_10,
        tahun=2020,
        tanggal=datetime.date(2020, 8, 17),
        nomor_sk="KEP-12/2020",
    )
    p = Pegawai.objects.select_related("instansi", "golongan", "jabatan", "jabatan__atasan", "unit_kerja").get(pk=p.pk)
    return Kaya(p, integritas, integritas_lanjut, kepemimpinan)


@pytest.fixture
def kaya(org):
    return riwayat_kaya(org, PADA.year)


def _muat(pegawai: Pegawai) -> Pegawai:
    return Pegawai.objects.select_related("instansi", "golongan", "jabatan", "jabatan__atasan", "unit_kerja").get(
        pk=pegawai.pk
    )


# ---------------------------------------------------------------------------------------------
# Timeline


def test_timeline_newest_first_with_every_kind(kaya):
    j = jalur_karier(pegawai=kaya.pegawai, pada=PADA)
    assert [(e.tanggal, e.jenis, e.judul) for e in j.timeline] == [
        (datetime.date(2026, 3, 10), "pelatihan", "Integritas Lanjut"),
        (datetime.date(2026, 2, 10), "krs", "Anggota kelompok rencana suksesi 2025"),
        (None, "talenta", "Kotak talenta 8 (2025)"),
        (datetime.date(2025, 12, 31), "predikat", "Predikat kinerja 2025: Baik"),
        (datetime.date(2025, 5, 20), "pelatihan", "Pelatihan mandiri"),
        (None, "talenta", "Kotak talenta 5 (2024)"),
        (datetime.date(2024, 12, 31), "predikat", "Predikat kinerja 2024: Sangat Baik"),
        (datetime.date(2022, 4, 1), "pangkat", "Golongan II/c (Pengatur)"),
        (datetime.date(2021, 7, 1), "jabatan", "Pengadministrasi Umum"),
        (datetime.date(2020, 8, 17), "penghargaan", "Satyalancana Karya Satya X Tahun"),
        (datetime.date(2014, 4, 1), "pangkat", "Golongan II/b (Pengatur Muda Tingkat I)"),
        (datetime.date(2010, 3, 1), "pangkat", "Golongan II/a (Pengatur Muda)"),
        (datetime.date(2010, 3, 1), "jabatan", "Pengelola Data"),
        (None, "pendidikan", "SLTA/SMK · IPA"),
    ]
    teks = {e.judul: e.keterangan for e in j.timeline}
    assert teks["Integritas Lanjut"] == "Pelatihan klasikal · 12 JP"
    assert teks["Anggota kelompok rencana suksesi 2025"] == "disiapkan untuk Kepala Seksi Pelayanan Kesehatan Primer"
    assert teks["Kotak talenta 8 (2025)"] == "kinerja Sesuai Ekspektasi · potensi Tinggi"
    assert teks["Golongan II/b (Pengatur Muda Tingkat I)"] == "KP reguler · SK 823/01/2014"
    assert teks["Pengelola Data"] == "Sekretariat Dinas · Pelaksana · sampai 30-06-2021"
    assert teks["Pengadministrasi Umum"] == "Seksi Pelayanan Kesehatan Primer · Pelaksana · sampai sekarang"
    assert teks["Satyalancana Karya Satya X Tahun"] == "SK KEP-12/2020"
    assert teks["SLTA/SMK · IPA"] == "SMA Negeri 1 Sibolga · lulus 2005"
    assert {e.jenis for e in j.timeline} == set(JenisPeristiwa.TIMELINE)
    # the scheduled training, the target and the mentoring session are read but not on the timeline
    assert "Pelatihan mandiri" in [e.judul for e in j.timeline]
    assert len([e for e in j.timeline if e.jenis == "pelatihan"]) == 2


def test_rows_are_the_pegawais_only(org, kaya):
    other = riwayat_kaya_lain(org)
    rows = baris_pegawai(pegawai=kaya.pegawai, tahun=PADA.year)
    assert {r.jenis for r in rows} == {
        *JenisPeristiwa.TIMELINE,
        JenisPeristiwa.TARGET,
        JenisPeristiwa.SESI,
        JenisPeristiwa.STANDAR,
    }
    # the timeline, the target, this year's session, the standards of pelaksana (2) and of Kepala
    # Seksi (3, twice: as her target and as the jabatan above hers)
    assert len(rows) == 14 + 1 + 1 + 2 + 3 + 3
    # his CPNS rank, jabatan and training; the standards of his jabatan and of the one above
    assert len(baris_pegawai(pegawai=other, tahun=PADA.year)) == 3 + 5


def riwayat_kaya_lain(org) -> Pegawai:
    """Andi (the colleague): his CPNS rank and jabatan, and one training of his own."""
    riwayat_selesai(org.rekan, 5, tahun=PADA.year)
    return _muat(org.rekan)


def test_unrated_annual_evaluation_is_not_a_predikat(org, kaya):
    predikat_tahunan_set(org.rekan, PADA.year - 1, "baik")
    rekan = _muat(org.rekan)
    # the year's periods exist for everyone; Siti's row of tahun−1 is rated, Andi's rated too
    assert [e.judul for e in jalur_karier(pegawai=rekan, pada=PADA).timeline if e.jenis == "predikat"] == [
        "Predikat kinerja 2025: Baik"
    ]
    kadis = _muat(org.kepala_dinas)
    assert [e for e in jalur_karier(pegawai=kadis, pada=PADA).timeline if e.jenis == "predikat"] == []


# ---------------------------------------------------------------------------------------------
# Next KP (DOMAIN.md §6 golden cases)


def test_next_kp_met_long_ago_is_the_next_kp_date_and_eligible(kaya):
    kp = jalur_karier(pegawai=kaya.pegawai, pada=PADA).kp
    # II/c since 1 April 2022: 4 years on 1 April 2026, so the next monthly KP date from today
    assert kp.tanggal == datetime.date(2026, 12, 1)
    assert kp.masa_terpenuhi_pada == datetime.date(2026, 4, 1)
    assert (kp.jenis, kp.golongan, kp.golongan_baru) == ("reguler", "II/c", "II/d")
    assert kp.kekurangan == ()
    assert kp.memenuhi


def test_next_kp_follows_the_policys_kp_months(org, kaya):
    kebijakan = org.instansi.kebijakan.replace(bulan_periode_kp=(4, 10))
    kp = kp_berikut(pegawai=kaya.pegawai, pada=PADA, kebijakan=kebijakan)
    assert kp.tanggal == datetime.date(2027, 4, 1)
    # on 1 April 2027 the last two years are 2026 (no predikat yet) and 2025
    assert [k.syarat for k in kp.kekurangan] == [SyaratKP.PREDIKAT]


@pytest.mark.parametrize(
    ("tmt_golongan", "tanggal_kp"),
    [
        (datetime.date(2023, 3, 1), datetime.date(2027, 3, 1)),  # exactly 4 years, to the day
        (datetime.date(2023, 3, 2), datetime.date(2027, 4, 1)),  # one day short → the next month
        (datetime.date(2023, 2, 15), datetime.date(2027, 3, 1)),
    ],
)
def test_next_kp_is_the_first_kp_date_after_four_years(org, kaya, tmt_golongan, tanggal_kp):
    Pegawai.objects.filter(pk=kaya.pegawai.pk).update(tmt_golongan=tmt_golongan)
    kp = kp_berikut(pegawai=_muat(kaya.pegawai), pada=PADA, kebijakan=org.instansi.kebijakan)
    assert kp.tanggal == tanggal_kp
    assert kp.masa_terpenuhi_pada == tmt_golongan.replace(year=tmt_golongan.year + 4)
    # on that date the time is met; the predikat of the year before is still missing
    assert SyaratKP.MASA_GOLONGAN not in [k.syarat for k in kp.kekurangan]


def test_next_kp_names_what_is_missing_education_ceiling_and_hukdis(org, kaya):
    Pegawai.objects.filter(pk=kaya.pegawai.pk).update(golongan=golongan("III/b"), pendidikan_terakhir="SLTA")
    HukumanDisiplinFactory(pegawai=kaya.pegawai, tmt_mulai=datetime.date(2026, 9, 1), tmt_selesai=None)
    kp = kp_berikut(pegawai=_muat(kaya.pegawai), pada=PADA, kebijakan=org.instansi.kebijakan)
    assert kp.tanggal == datetime.date(2026, 12, 1)
    assert kp.golongan_baru == "III/c"
    assert [k.pesan for k in kp.kekurangan] == [
        "golongan III/b sudah plafon pendidikan SLTA (paling tinggi III/b)",
        "sedang menjalani hukuman disiplin sedang atau berat",
    ]
    assert not kp.memenuhi


def test_next_kp_fungsional_after_two_years_with_angka_kredit(org):
    Pegawai.objects.filter(pk=org.unrelated.pk).update(
        golongan=golongan("II/c"), tmt_golongan=datetime.date(2025, 6, 1)
    )
    kp = kp_berikut(pegawai=_muat(org.unrelated), pada=PADA, kebijakan=org.instansi.kebijakan)
    assert (kp.jenis, kp.tanggal, kp.golongan_baru) == ("fungsional", datetime.date(2027, 6, 1), "II/d")
    assert kp.masa_terpenuhi_pada == datetime.date(2027, 6, 1)
    assert [k.syarat for k in kp.kekurangan] == [SyaratKP.PREDIKAT, SyaratKP.ANGKA_KREDIT]
    assert "angka kredit kurang 20 (baru 0 dari 20)" in [k.pesan for k in kp.kekurangan]


def test_no_next_kp_for_pppk_and_the_top_golongan(org):
    pppk = PegawaiFactory(jabatan=org.jabatan_pelaksana, jenis_asn="PPPK", golongan=golongan("VII", "PPPK"))
    kp = kp_berikut(pegawai=_muat(pppk), pada=PADA, kebijakan=org.instansi.kebijakan)
    assert (kp.tanggal, kp.golongan_baru, kp.jenis) == (None, None, "")
    assert [k.pesan for k in kp.kekurangan] == ["PPPK tidak mengikuti kenaikan pangkat"]
    Pegawai.objects.filter(pk=org.kepala_dinas.pk).update(golongan=golongan("IV/e"))
    kp = kp_berikut(pegawai=_muat(org.kepala_dinas), pada=PADA, kebijakan=org.instansi.kebijakan)
    assert (kp.tanggal, kp.golongan_baru) == (None, None)
    assert [k.syarat for k in kp.kekurangan] == [SyaratKP.GOLONGAN_TERTINGGI]
    assert not kp.memenuhi


# ---------------------------------------------------------------------------------------------
# 9-box


def test_current_box_its_actions_and_last_years_box(kaya):
    t = jalur_karier(pegawai=kaya.pegawai, pada=PADA).talenta
    assert (t.tahun, t.kotak, t.kotak_sebelumnya) == (2025, 8, 5)
    assert t.tindakan == (Tindakan.DIPERTAHANKAN, Tindakan.KRS, Tindakan.ROTASI_PERLUASAN, Tindakan.COACHING)
    assert (t.kinerja_label, t.potensi_label) == ("Sesuai Ekspektasi", "Tinggi")
    assert t.tata_letak == ((4, 7, 9), (2, 5, 8), (1, 3, 6))


def test_last_years_box_from_last_years_placement_and_a_box_missing_an_axis(org):
    penempatan_buat(org.rekan, 2024, 3)
    penempatan_buat(org.rekan, 2025, None, level_kinerja="baik")
    t = jalur_karier(pegawai=_muat(org.rekan), pada=PADA).talenta
    assert (t.tahun, t.kotak, t.kotak_sebelumnya, t.tindakan) == (2025, None, 3, ())
    assert jalur_karier(pegawai=_muat(org.unrelated), pada=PADA).talenta is None


@pytest.mark.parametrize(
    ("kotak", "pertama"),
    [(9, Tindakan.PROMOSI), (4, Tindakan.ROTASI), (1, Tindakan.DISIPLIN), (2, Tindakan.COACHING)],
)
def test_each_box_shows_its_actions(org, kotak, pertama):
    penempatan_buat(org.rekan, 2025, kotak)
    t = jalur_karier(pegawai=_muat(org.rekan), pada=PADA).talenta
    assert t.tindakan[0] == pertama


# ---------------------------------------------------------------------------------------------
# Target jabatan, gaps and programmes


def test_current_jabatan_and_target_with_jpm_gaps_and_programmes(kaya):
    sekarang, target = jalur_karier(pegawai=kaya.pegawai, pada=PADA).target
    assert (sekarang.peran, sekarang.nama, sekarang.jpm, sekarang.kategori) == (
        PeranTarget.SEKARANG,
        "Pengadministrasi Umum",
        Decimal("100.00"),
        "Optimal",
    )
    # Integritas 3 comes from this year's training (after the assessment at 2)
    assert [(b.kompetensi.kode, b.dibutuhkan, b.dicapai, b.sumber, b.gap) for b in sekarang.baris] == [
        ("M1", 3, 3, "pelatihan", 0),
        ("M2", 2, 2, "asesmen", 0),
    ]
    assert sekarang.kesenjangan == []
    assert (target.peran, target.nama, target.sumber, target.sumber_label) == (
        PeranTarget.TARGET,
        "Kepala Seksi Pelayanan Kesehatan Primer",
        "krs",
        "Kelompok rencana suksesi",
    )
    # JPM = (3 + 2 + 1) / (4 + 3 + 3) = 60% → below 68%: Kurang Memenuhi Syarat
    assert (target.jpm, target.kategori) == (Decimal("60.00"), "Kurang Memenuhi Syarat")
    assert [(b.kompetensi.kode, b.dibutuhkan, b.dicapai, b.gap) for b in target.kesenjangan] == [
        ("M1", 4, 3, 1),
        ("M2", 3, 2, 1),
        ("M5", 3, 1, 2),
    ]
    program = {b.kompetensi.kode: [(p.nama, lv, syarat) for p, lv, syarat in b.program] for b in target.baris}
    # a programme counts when it builds beyond the level reached; eligibility is the pegawai's
    assert program == {
        "M1": [("Integritas Pejabat", 4, True)],
        "M2": [],
        "M5": [("Kepemimpinan Pengawas", 3, False)],
    }


def test_suggestion_is_the_jabatan_one_level_up_when_no_target(org, kaya):
    from pelatihan.models import TargetJabatan

    TargetJabatan.objects.filter(pegawai=kaya.pegawai).update(is_active=False)
    j = jalur_karier(pegawai=kaya.pegawai, pada=PADA)
    assert [(t.peran, t.nama) for t in j.target] == [
        (PeranTarget.SEKARANG, "Pengadministrasi Umum"),
        (PeranTarget.SARAN, "Kepala Seksi Pelayanan Kesehatan Primer"),
    ]
    assert j.saran
    assert j.target[1].jpm == Decimal("60.00")
    # the head of the instansi has no jabatan above: no suggestion, and no standard to match
    kadis = jalur_karier(pegawai=_muat(org.kepala_dinas), pada=PADA)
    assert [(t.peran, t.jpm, t.kategori, t.baris) for t in kadis.target] == [(PeranTarget.SEKARANG, None, "", [])]
    assert not kadis.saran


def test_no_jabatan_no_gaps_and_no_rotation(org):
    tanpa = PegawaiFactory(jabatan=None, unit_kerja=org.seksi, instansi=org.instansi)
    j = jalur_karier(pegawai=_muat(tanpa), pada=PADA)
    assert j.target == []
    assert (j.rotasi.status, j.rotasi.masa_jabatan, j.rotasi.masa_teks) == (None, None, "")


# ---------------------------------------------------------------------------------------------
# JP, rotation, masa kerja


def test_jp_of_the_year_counts_training_and_mentoring_as_the_ledger(kaya):
    jp = jalur_karier(pegawai=kaya.pegawai, pada=PADA).jp
    # 12 JP of completed training + 2 JP of mentoring; the scheduled 30 JP does not count
    assert (jp.tahun, jp.jp, jp.minimal, jp.kurang, jp.persen) == (
        2026,
        Decimal("14.00"),
        20,
        Decimal("6.00"),
        Decimal("70.00"),
    )
    assert (
        jp.jp
        == jp_tahun_map(instansi_id=kaya.pegawai.instansi_id, tahun=2026, pegawai_ids=[kaya.pegawai.pk])[
            kaya.pegawai.pk
        ]
    )
    lalu = jalur_karier(pegawai=kaya.pegawai, pada=datetime.date(2025, 12, 31)).jp
    assert (lalu.tahun, lalu.jp) == (2025, Decimal("8.00"))


def test_jp_minimum_is_the_policy(org, kaya):
    org.instansi.kebijakan_data = {"jp_minimal_tahunan": 10}
    org.instansi.save()
    jp = jalur_karier(pegawai=_muat(kaya.pegawai), pada=PADA).jp
    assert (jp.minimal, jp.kurang, jp.memenuhi) == (10, Decimal("0.00"), True)


@pytest.mark.parametrize(
    ("tmt_jabatan", "status"),
    [
        (datetime.date(2024, 11, 23), StatusRotasi.BELUM),  # one day short of 2 years
        (datetime.date(2024, 11, 22), StatusRotasi.KANDIDAT),  # exactly 2 years
        (datetime.date(2021, 11, 23), StatusRotasi.KANDIDAT),  # one day short of 5 years
        (datetime.date(2021, 11, 22), StatusRotasi.JATUH_TEMPO),  # exactly 5 years
    ],
)
def test_rotation_window(org, tmt_jabatan, status):
    Pegawai.objects.filter(pk=org.rekan.pk).update(tmt_jabatan=tmt_jabatan)
    r = rotasi_jalur(pegawai=_muat(org.rekan), pada=PADA, kebijakan=org.instansi.kebijakan)
    assert r.status == status
    assert (r.kandidat_pada, r.jatuh_tempo_pada) == (
        tmt_jabatan.replace(year=tmt_jabatan.year + 2),
        tmt_jabatan.replace(year=tmt_jabatan.year + 5),
    )


def test_rotation_and_masa_kerja_of_the_rich_history(kaya):
    j = jalur_karier(pegawai=kaya.pegawai, pada=PADA)
    assert (j.rotasi.status, j.rotasi.masa_teks, j.rotasi.status_label) == (
        StatusRotasi.JATUH_TEMPO,
        "5 tahun 4 bulan 21 hari",
        "Rotasi jatuh tempo",
    )
    assert (j.rotasi.kandidat_pada, j.rotasi.jatuh_tempo_pada) == (datetime.date(2023, 7, 1), datetime.date(2026, 7, 1))
    assert (j.masa_kerja_teks, j.masa_kerja_golongan_teks) == ("16 tahun 8 bulan 21 hari", "4 tahun 7 bulan 21 hari")


def test_rotation_window_is_the_policy(org, kaya):
    kebijakan = org.instansi.kebijakan.replace(rotasi_minimal_tahun=3, rotasi_maksimal_tahun=6)
    r = rotasi_jalur(pegawai=kaya.pegawai, pada=PADA, kebijakan=kebijakan)
    assert (r.status, r.minimal, r.maksimal) == (StatusRotasi.KANDIDAT, 3, 6)
    assert r.jatuh_tempo_pada == datetime.date(2027, 7, 1)


# ---------------------------------------------------------------------------------------------
# Who, and how many queries


def test_own_and_visible_pegawai_or_404(org, kaya):
    assert jalur_pegawai_get(user=org.pegawai.user).pk == org.pegawai.pk
    assert jalur_pegawai_get(user=org.atasan.user, pegawai_id=org.pegawai.pk).pk == org.pegawai.pk
    assert jalur_pegawai_get(user=org.bkd, pegawai_id=str(org.pegawai.pk)).pk == org.pegawai.pk
    for user, pegawai_id in (
        (org.bkd, None),  # no pegawai record
        (org.atasan.user, org.unrelated.pk),
        (org.pegawai.user, org.rekan.pk),
        (org.other_bkd, org.pegawai.pk),
        (org.bkd, "x"),
        (org.bkd, 2**64),
    ):
        with pytest.raises(Http404):
            jalur_pegawai_get(user=user, pegawai_id=pegawai_id)


def test_queries_are_per_pegawai_and_constant(org, kaya, django_assert_max_num_queries):
    for p in (org.rekan, org.unrelated, org.atasan):
        riwayat_selesai(p, 6, tahun=PADA.year)
        penempatan_buat(p, PADA.year - 1, 5)
        predikat_tahunan_set(p, PADA.year - 1, "baik")
    pegawai = _muat(kaya.pegawai)
    with django_assert_max_num_queries(8):
        j = jalur_karier(pegawai=pegawai, pada=PADA)
    assert len(j.timeline) == 14


def test_compiled_rows_are_the_querysets_for_any_pegawai_and_year(org, kaya):
    """The SQL compiled once with stand-ins gives, for each pegawai and year, what the queryset
    built for them gives."""
    riwayat_kaya_lain(org)
    tanpa = PegawaiFactory(jabatan=None, unit_kerja=org.seksi, instansi=org.instansi)
    for p in (kaya.pegawai, _muat(org.rekan), _muat(org.kepala_dinas), _muat(tanpa)):
        jabatan = p.jabatan
        ids = (p.jabatan_id or 0, (jabatan.atasan_id if jabatan is not None else None) or 0)
        for tahun in (PADA.year, PADA.year - 1):
            harap = [
                Baris(*row)
                for row in baris_qs(pegawai_id=p.pk, instansi_id=p.instansi_id, jabatan_ids=ids, tahun=tahun)
            ]
            assert sorted(baris_pegawai(pegawai=p, tahun=tahun), key=repr) == sorted(harap, key=repr)
    # this year's session counts in this year only
    assert [b.jenis for b in baris_pegawai(pegawai=kaya.pegawai, tahun=PADA.year - 1)].count("sesi") == 0
    assert [b.jenis for b in baris_pegawai(pegawai=kaya.pegawai, tahun=PADA.year)].count("sesi") == 1


def test_anonymous_has_no_path_and_labels_of_unknown_codes():
    from django.contrib.auth.models import AnonymousUser

    from karier.selectors.jalur import _ganti, _label
    from penilaian.rules import Predikat

    with pytest.raises(Http404):
        jalur_pegawai_get(user=AnonymousUser())
    assert (_label(Predikat, "baik"), _label(Predikat, "lama"), _label(Predikat, "")) == ("Baik", "lama", "")
    # stand-ins are replaced; booleans (True == 1) and unhashable values never are
    assert (_ganti(-1, {-1: 7}), _ganti(True, {1: 7}), _ganti([1], {1: 7})) == (7, True, [1])
