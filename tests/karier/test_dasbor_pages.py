"""The BKD dashboard: permission matrix, every figure against hand-built data (counts by unit,
golongan, jenis jabatan and gender; predikat per unit; IKM; JP compliance; the 9-box; upcoming KP
to the day; vacancies and candidates; open recommendations; the cycle), the pimpinan's read-only
version, the query budget, the drill-down links and the XLSX."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from karier.models import JenisRekomendasi, Rekomendasi
from karier.selectors.dasbor import batas_tmt, dasbor_cache_key, dasbor_instansi
from pegawai.models import Instansi, Pegawai
from penilaian.models import HasilIKM, Periode, SiklusEvaluasi
from penilaian.rules import JenisPeriode
from tests.conftest import PERSONAS
from tests.factories.karier import penempatan_buat, predikat_tahunan_set, rekomendasi_buat
from tests.factories.pegawai import JabatanFactory, PegawaiFactory, UnitKerjaFactory, golongan
from tests.factories.penilaian import periode_tahun
from tests.pelatihan._jp_helpers import riwayat, sesi

pytestmark = pytest.mark.django_db

TAHUN_INI = timezone.localdate().year
TAHUN_LALU = TAHUN_INI - 1
# a fixed day for the KP figures: with KP months April and October the next KP date is 1 April
PADA = datetime.date(2026, 3, 15)
KP_TANGGAL = datetime.date(2026, 4, 1)


@pytest.fixture(autouse=True)
def _cache_kosong():
    """The page keeps its figures 60 s per instansi and day: every test starts without them."""
    cache.clear()
    yield
    cache.clear()


def _table(default: int, **kw: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, default) | {"anonymous": 302} | kw


HALAMAN = _table(404, bkd=200, pimpinan=200, other_bkd=200)


def _set(p: Pegawai, **fields: object) -> None:
    Pegawai.objects.filter(pk=p.pk).update(**fields)


@pytest.fixture
def data(org):
    """Dinas Kesehatan (8 PNS, 4 L and 4 P) and a second top-level unit, BKPSDM (1 PPPK, one
    retired PNS who counts nowhere), with their KP dates, JP, predikat, IKM, boxes and
    recommendations. The other instansi has one pegawai and one open recommendation."""
    inst = org.instansi
    inst.kebijakan_data = {"bulan_periode_kp": [4, 10]}
    inst.save(update_fields=["kebijakan_data"])
    perawat2 = PegawaiFactory(jabatan=org.jabatan_perawat, nama="Rudi Sihombing", golongan=golongan("III/a"))
    bkpsdm = UnitKerjaFactory(instansi=inst, nama="Badan Kepegawaian", kode="BKPSDM", jenis="badan")
    upt = UnitKerjaFactory(
        instansi=inst, parent=bkpsdm, nama="UPT Layanan Kepegawaian", kode="BKPSDM-UPT", jenis="upt",
        is_unit_layanan=True,
    )  # fmt: skip
    JabatanFactory(
        unit_kerja=bkpsdm, nama="Kepala Badan Kepegawaian", jenis="jpt_pratama", eselon="II.b", is_kepala_unit=True
    )
    j_analis = JabatanFactory(unit_kerja=bkpsdm, nama="Analis SDM Aparatur", jenis="pelaksana", kebutuhan=3)
    pppk = PegawaiFactory(
        jabatan=j_analis, nama="Fitri Tanjung", jenis_asn="PPPK", golongan=golongan("IX", "PPPK"), nip="199001012022"
        "211001",
    )  # fmt: skip
    pensiun = PegawaiFactory(jabatan=j_analis, nama="Tua Sitompul", golongan=golongan("IV/a"))
    _set(pensiun, status=Pegawai.Status.PENSIUN, tmt_golongan=datetime.date(2000, 1, 1))
    # golongan, TMT golongan (the KP boundary is 1 April 2022, fungsional 1 April 2024) and gender
    _set(org.kepala_dinas, golongan=golongan("IV/e"), tmt_golongan=datetime.date(2010, 1, 1), jenis_kelamin="L")
    _set(org.kepala_bidang, tmt_golongan=datetime.date(2015, 1, 1), jenis_kelamin="P")
    _set(org.atasan, tmt_golongan=datetime.date(2023, 1, 1), jenis_kelamin="L")
    _set(org.pegawai, tmt_golongan=datetime.date(2022, 4, 1), jenis_kelamin="P")
    _set(org.rekan, tmt_golongan=datetime.date(2022, 4, 2), jenis_kelamin="L")
    _set(org.kepala_puskesmas, tmt_golongan=datetime.date(2020, 1, 1), jenis_kelamin="P")
    _set(org.unrelated, tmt_golongan=datetime.date(2024, 4, 1), jenis_kelamin="P")
    _set(perawat2, tmt_golongan=datetime.date(2024, 4, 2), jenis_kelamin="L")
    _set(pppk, tmt_golongan=datetime.date(2010, 1, 1), jenis_kelamin="L")
    for p in (org.kepala_dinas, org.kepala_bidang, org.atasan, org.pegawai, org.rekan, org.kepala_puskesmas):
        p.refresh_from_db()
    # JP of this year (minimum 20): pegawai exactly 20, atasan 12 + 8 from mentoring, rekan 19.5;
    # kabid's 25 are last year's, unrelated's 30 only scheduled; PPPK and the retired do not count
    riwayat(org.pegawai, 20, tahun=TAHUN_INI)
    riwayat(org.atasan, 12, tahun=TAHUN_INI)
    sesi(org.kepala_bidang, org.atasan, 360, tanggal=datetime.date(TAHUN_INI, 2, 3))
    riwayat(org.rekan, Decimal("19.5"), tahun=TAHUN_INI)
    riwayat(org.kepala_bidang, 25, tahun=TAHUN_LALU)
    riwayat(org.unrelated, 30, tahun=TAHUN_INI, status="terjadwal")
    riwayat(pppk, 30, tahun=TAHUN_INI)
    # predikat: last year's annual (the latest rated one); this year's exists, nobody rated yet
    periode_tahun(inst, TAHUN_LALU - 1)
    periode_tahun(inst, TAHUN_LALU)
    periode_tahun(inst, TAHUN_INI)
    predikat_tahunan_set(org.rekan, TAHUN_LALU - 1, "sangat_kurang")
    for p, predikat in (
        (org.kepala_dinas, "sangat_baik"),  # head of Dinas Kesehatan itself: not in its count
        (org.kepala_bidang, "baik"),
        (org.atasan, "sangat_baik"),
        (org.pegawai, "baik"),
        (org.rekan, "butuh_perbaikan"),
        (org.kepala_puskesmas, "kurang"),
        (pppk, "sangat_kurang"),
    ):
        predikat_tahunan_set(p, TAHUN_LALU, predikat)
    # IKM: the puskesmas in an older and in the latest period, the UPT in the latest only
    berkala = sorted(
        Periode.objects.filter(instansi=inst, tahun=TAHUN_LALU).exclude(jenis=JenisPeriode.TAHUNAN),
        key=lambda p: p.tanggal_mulai,
    )
    for unit, periode, ikm, mutu, terbit in (
        (org.puskesmas, berkala[0], "60.10", "D", True),
        (org.puskesmas, berkala[1], "90.25", "A", True),
        (upt, berkala[1], "70.50", "C", False),
    ):
        HasilIKM.objects.create(
            unit_kerja=unit, periode=periode, responden=40, jumlah_unsur=[], nrr=[], ikm=Decimal(ikm),
            mutu=mutu, dipublikasikan=terbit,
        )  # fmt: skip
    # the 9-box of last year; the year before is older
    penempatan_buat(org.pegawai, TAHUN_LALU, 9)
    penempatan_buat(org.rekan, TAHUN_LALU, 9)
    penempatan_buat(org.atasan, TAHUN_LALU, 5)
    penempatan_buat(org.kepala_bidang, TAHUN_LALU, None)
    penempatan_buat(org.kepala_puskesmas, TAHUN_LALU - 1, 1)
    # recommendations: two open promotions, a rejected one, an open KP, an approved rotation
    rekomendasi_buat(org.pegawai, JenisRekomendasi.PROMOSI, kunci="promosi:1")
    rekomendasi_buat(org.rekan, JenisRekomendasi.PROMOSI, kunci="promosi:2", status=Rekomendasi.Status.DITINJAU)
    rekomendasi_buat(
        org.atasan, JenisRekomendasi.PROMOSI, kunci="promosi:3", status=Rekomendasi.Status.DITOLAK,
        alasan_keputusan="Belum memenuhi syarat",
    )  # fmt: skip
    rekomendasi_buat(org.pegawai, JenisRekomendasi.KP, kunci="kp:1")
    rekomendasi_buat(org.rekan, JenisRekomendasi.ROTASI, kunci="rotasi:1", status=Rekomendasi.Status.DISETUJUI)
    rekomendasi_buat(org.other_pegawai, JenisRekomendasi.PROMOSI, kunci="promosi:lain")
    # the cycle of last year's first period finished; the others were never started
    SiklusEvaluasi.objects.create(
        periode=berkala[0],
        status=SiklusEvaluasi.Status.SELESAI,
        selesai_pada=timezone.make_aware(datetime.datetime(TAHUN_LALU, 4, 2, 8, 30)),
    )
    return {"perawat2": perawat2, "bkpsdm": bkpsdm, "upt": upt, "pppk": pppk, "berkala": berkala}


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, client_as, persona):
    c = client_as(persona)
    assert c.get(reverse("karier:dasbor")).status_code == HALAMAN[persona]
    assert c.get(reverse("karier:dasbor-xlsx")).status_code == HALAMAN[persona]


def test_urls():
    assert reverse("karier:dasbor") == "/karier/dasbor/"
    assert reverse("karier:dasbor-xlsx") == "/karier/dasbor/ekspor.xlsx"


def test_other_instansi_sees_only_its_own(org, data, client_as):
    d = client_as("other_bkd").get(reverse("karier:dasbor")).context["d"]
    assert d.instansi_id == org.other_instansi.pk
    assert d.pegawai == 1
    assert [(b.nama, b.jumlah) for b in d.per_unit] == [("Dinas Pendidikan", 1)]
    assert d.kandidat_promosi == 1
    assert d.talenta.tahun is None


def test_superuser_without_instansi_gets_404(org, client, django_user_model):
    su = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    client.force_login(su)
    assert client.get(reverse("karier:dasbor")).status_code == 404


def test_counts_by_unit_golongan_jenis_jabatan_and_gender(org, data):
    d = dasbor_instansi(instansi=org.instansi, pada=PADA)
    assert (d.pegawai, d.pns, d.pppk) == (9, 8, 1)
    per_unit = {b.nama: (b.jumlah, b.laki_laki, b.perempuan, b.pns, b.pppk) for b in d.per_unit}
    # sub-units (bidang, seksi, puskesmas) rolled up into Dinas Kesehatan
    assert per_unit == {"Dinas Kesehatan": (8, 4, 4, 8, 0), "Badan Kepegawaian": (1, 1, 0, 0, 1)}
    assert [(h.label, h.jumlah) for h in d.per_golongan] == [
        ("II/b", 1), ("II/c", 1), ("III/a", 2), ("III/d", 2), ("IV/a", 1), ("IV/e", 1), ("PPPK IX", 1),
    ]  # fmt: skip
    assert {h.kunci: h.jumlah for h in d.per_jenis_jabatan} == {
        "jpt_pratama": 1, "administrator": 1, "pengawas": 2, "pelaksana": 3, "fungsional_keterampilan": 2,
    }  # fmt: skip
    assert [(h.kunci, h.jumlah) for h in d.per_jenis_kelamin] == [("L", 5), ("P", 4)]


def test_pegawai_without_jabatan_counted_apart(org, data):
    _set(data["perawat2"], jabatan=None, tmt_jabatan=None)
    d = dasbor_instansi(instansi=org.instansi, pada=PADA)
    assert d.per_jenis_jabatan[-1].kunci == ""
    assert d.per_jenis_jabatan[-1].jumlah == 1
    assert {h.kunci: h.jumlah for h in d.per_jenis_jabatan}["fungsional_keterampilan"] == 1


def test_predikat_per_unit_of_the_latest_rated_annual_period(org, data):
    d = dasbor_instansi(instansi=org.instansi, pada=PADA)
    tahunan = Periode.objects.get(instansi=org.instansi, tahun=TAHUN_LALU, jenis=JenisPeriode.TAHUNAN)
    assert (d.predikat.periode_id, d.predikat.tahun) == (tahunan.pk, TAHUN_LALU)
    baris = {b.nama: b for b in d.predikat.baris}
    # the head of Dinas Kesehatan is left out of its own unit, as calibration does; unrated not counted
    assert baris["Dinas Kesehatan"].hitungan == {"baik": 2, "sangat_baik": 1, "butuh_perbaikan": 1, "kurang": 1}
    assert baris["Dinas Kesehatan"].total == 5
    assert baris["Badan Kepegawaian"].hitungan == {"sangat_kurang": 1}
    assert d.predikat.jumlah == {
        "sangat_baik": 1, "baik": 2, "butuh_perbaikan": 1, "kurang": 1, "sangat_kurang": 1,
    }  # fmt: skip


def test_no_rated_annual_period(org):
    d = dasbor_instansi(instansi=org.instansi, pada=PADA)
    assert d.predikat.periode_id is None
    assert all(b.total == 0 for b in d.predikat.baris)
    assert (d.ikm.periode_id, d.ikm.jumlah, d.ikm.rata_rata, d.ikm.terendah) == (None, 0, None, [])


def test_ikm_of_the_latest_period_per_mutu_mean_and_lowest(org, data):
    d = dasbor_instansi(instansi=org.instansi, pada=PADA)
    assert d.ikm.periode_id == data["berkala"][1].pk
    assert d.ikm.periode == data["berkala"][1].nama
    # the puskesmas' older D is not counted
    assert [(h.kunci, h.jumlah) for h in d.ikm.per_mutu] == [("A", 1), ("B", 0), ("C", 1), ("D", 0)]
    assert d.ikm.jumlah == 2
    assert d.ikm.rata_rata == Decimal("80.38")  # (90.25 + 70.50) / 2 = 80.375, half up
    assert [(b.nama, b.ikm, b.mutu, b.responden, b.dipublikasikan) for b in d.ikm.terendah] == [
        ("UPT Layanan Kepegawaian", Decimal("70.50"), "C", 40, False),
        ("Puskesmas Kota Sibolga", Decimal("90.25"), "A", 40, True),
    ]
    assert d.ikm.terendah[1].mutu_label == "A (Sangat Baik)"


def test_jp_compliance(org, data):
    d = dasbor_instansi(instansi=org.instansi, pada=timezone.localdate())
    # 8 active PNS; at least 20 JP: pegawai (20 exactly) and atasan (12 + 8 mentoring)
    assert (d.jp.tahun, d.jp.minimal, d.jp.total, d.jp.memenuhi, d.jp.kurang) == (TAHUN_INI, 20, 8, 2, 6)
    assert d.jp.persen == Decimal("25.0")
    baris = {b.nama: b for b in d.per_unit}
    assert (baris["Dinas Kesehatan"].pns_jp_memenuhi, baris["Dinas Kesehatan"].persen_jp) == (2, Decimal("25.0"))
    assert baris["Badan Kepegawaian"].persen_jp is None


def test_jp_compliance_follows_the_policy_minimum(org, data):
    org.instansi.kebijakan_data = {"jp_minimal_tahunan": 12}
    org.instansi.save(update_fields=["kebijakan_data"])
    d = dasbor_instansi(instansi=Instansi.objects.get(pk=org.instansi.pk), pada=timezone.localdate())
    assert (d.jp.minimal, d.jp.memenuhi) == (12, 3)
    assert d.jp.persen == Decimal("37.5")


def test_nine_box_of_the_latest_year(org, data):
    d = dasbor_instansi(instansi=org.instansi, pada=PADA)
    assert d.talenta.tahun == TAHUN_LALU
    assert d.talenta.grid == {1: 0, 2: 0, 3: 0, 4: 0, 5: 1, 6: 0, 7: 0, 8: 0, 9: 2}
    assert d.talenta.total == 3
    assert d.talenta.baris == [[(4, 0), (7, 0), (9, 2)], [(2, 0), (5, 1), (8, 0)], [(1, 0), (3, 0), (6, 0)]]


def test_upcoming_kp_to_the_day(org, data):
    d = dasbor_instansi(instansi=org.instansi, pada=PADA)
    assert d.kp.tanggal == KP_TANGGAL
    assert (d.kp.batas_reguler, d.kp.batas_fungsional) == (datetime.date(2022, 4, 1), datetime.date(2024, 4, 1))
    # reguler: kabid, pegawai (4 years exactly on 1 April), kapus; not rekan (one day short), not
    # the kadis at IV/e, not the PPPK or the retired; fungsional: unrelated (2 years exactly), not perawat2
    assert (d.kp.reguler, d.kp.fungsional, d.kp.jumlah) == (3, 1, 4)


def test_upcoming_kp_on_a_kp_date_counts_that_date(org, data):
    d = dasbor_instansi(instansi=org.instansi, pada=datetime.date(2026, 4, 2))
    assert d.kp.tanggal == datetime.date(2026, 10, 1)
    # now rekan (2 April 2022) and perawat2 (2 April 2024) are in
    assert (d.kp.reguler, d.kp.fungsional) == (4, 2)
    assert dasbor_instansi(instansi=org.instansi, pada=KP_TANGGAL).kp.tanggal == KP_TANGGAL


@pytest.mark.parametrize(
    ("tanggal", "tahun", "batas"),
    [
        (datetime.date(2026, 4, 1), 4, datetime.date(2022, 4, 1)),
        (datetime.date(2028, 2, 28), 4, datetime.date(2024, 2, 28)),  # 29 Feb 2024 + 4 years is 29 Feb 2028
        (datetime.date(2028, 2, 29), 4, datetime.date(2024, 2, 29)),
        (datetime.date(2025, 2, 28), 1, datetime.date(2024, 2, 29)),  # 29 Feb + 1 year lands on 28 Feb
        (datetime.date(2026, 3, 1), 2, datetime.date(2024, 3, 1)),
    ],
)
def test_batas_tmt(tanggal, tahun, batas):
    assert batas_tmt(tanggal, tahun) == batas


def test_vacancies_and_candidates(org, data):
    d = dasbor_instansi(instansi=org.instansi, pada=PADA)
    # pelaksana 4 seats − 2; perawat 3 − 2; analis 3 − 1 (the retired holder is not active);
    # the empty JPT Pratama head of BKPSDM 1 − 0
    assert (d.lowongan.jabatan, d.lowongan.formasi) == (4, 6)
    lowong = {b.nama: (b.kebutuhan, b.pemangku, b.lowongan) for b in d.lowongan.teratas}
    assert lowong == {
        "Pengadministrasi Umum": (4, 2, 2),
        "Analis SDM Aparatur": (3, 1, 2),
        "Perawat Terampil": (3, 2, 1),
        "Kepala Badan Kepegawaian": (1, 0, 1),
    }
    assert [b.lowongan for b in d.lowongan.teratas] == [2, 2, 1, 1]
    assert [b.nama for b in d.lowongan.teratas if b.seleksi_terbuka] == ["Kepala Badan Kepegawaian"]
    assert d.kandidat_promosi == 2


def test_open_recommendations_per_jenis(org, data):
    d = dasbor_instansi(instansi=org.instansi, pada=PADA)
    assert {r.kunci: r.jumlah for r in d.rekomendasi} == {
        "kp": 1, "promosi": 2, "rotasi": 0, "krs": 0, "penghargaan": 0,
    }  # fmt: skip


def test_cycle_status(org, data):
    pada = datetime.date(TAHUN_INI, 12, 31)
    d = dasbor_instansi(instansi=org.instansi, pada=pada)
    # the six latest periods that have started, the latest end first (Q4 before the annual one)
    assert [(s.jenis, s.tanggal_selesai) for s in d.siklus] == [
        ("triwulanan", datetime.date(TAHUN_INI, 12, 31)),
        ("tahunan", datetime.date(TAHUN_INI, 12, 31)),
        ("triwulanan", datetime.date(TAHUN_INI, 9, 30)),
        ("triwulanan", datetime.date(TAHUN_INI, 6, 30)),
        ("triwulanan", datetime.date(TAHUN_INI, 3, 31)),
        ("triwulanan", datetime.date(TAHUN_LALU, 12, 31)),
    ]
    # a period that has ended without a cycle may be started; one ending today not yet
    assert [s.boleh_dimulai for s in d.siklus] == [False, False, True, True, True, True]
    assert dasbor_instansi(instansi=org.instansi, pada=datetime.date(TAHUN_LALU - 2, 12, 31)).siklus == []
    d_lalu = dasbor_instansi(instansi=org.instansi, pada=datetime.date(TAHUN_LALU, 4, 10))
    pertama = next(s for s in d_lalu.siklus if s.periode_id == data["berkala"][0].pk)
    assert (pertama.status, pertama.status_label) == ("selesai", "Selesai")
    assert pertama.selesai_pada is not None
    assert not pertama.boleh_dimulai
    kedua = next(s for s in d_lalu.siklus if s.periode_id == data["berkala"][1].pk)
    assert (kedua.status, kedua.siklus_id, kedua.boleh_dimulai) == ("", None, False)  # still running


def test_page_shows_figures_links_and_action_buttons_for_bkd(org, data, client_as):
    r = client_as("bkd").get(reverse("karier:dasbor"))
    assert r.status_code == 200
    html = r.content.decode()
    dinkes = org.dinas.pk
    assert f'href="/pegawai/?unit_kerja={dinkes}&amp;status=aktif"' in html
    assert f'href="/pegawai/?golongan={golongan("III/a").pk}&amp;status=aktif"' in html
    assert 'href="/pegawai/?jenis_jabatan=pelaksana&amp;status=aktif"' in html
    assert 'href="/pegawai/?jenis_kelamin=P&amp;status=aktif"' in html
    tahunan = Periode.objects.get(instansi=org.instansi, tahun=TAHUN_LALU, jenis=JenisPeriode.TAHUNAN)
    assert f'href="/penilaian/kalibrasi/unit/{dinkes}/?periode={tahunan.pk}"' in html
    assert f'href="/penilaian/ikm/unit/{org.puskesmas.pk}/?periode={data["berkala"][1].pk}"' in html
    assert f'href="/karier/talenta/kotak/9/?tahun={TAHUN_LALU}"' in html
    assert f'href="/karier/talenta/?tahun={TAHUN_LALU}"' in html
    assert 'href="/karier/kp/?tanggal=' in html
    assert 'href="/karier/rekomendasi/?jenis=promosi"' in html
    assert 'href="/karier/promosi/"' in html
    assert 'data-aksi="siklus-mulai"' in html
    assert 'data-aksi="ikm-hitung"' in html
    assert 'data-dasbor-grafik="grafik-unit"' in html
    grafik = r.context["grafik"]
    # top-level units by name
    assert grafik["grafik-unit"]["labels"] == ["Badan Kepegawaian", "Dinas Kesehatan"]
    assert grafik["grafik-unit"]["data"] == [1, 8]
    assert grafik["grafik-unit"]["tautan"][1] == f"/pegawai/?unit_kerja={dinkes}&status=aktif"
    assert grafik["grafik-jenis-kelamin"]["data"] == [5, 4]
    assert [s["data"] for s in grafik["grafik-predikat"]["datasets"]] == [[0, 1], [0, 2], [0, 1], [0, 1], [1, 0]]
    assert grafik["grafik-ikm"]["data"] == [1, 0, 1, 0]
    assert grafik["grafik-ikm"]["tautan"][0] == f"/penilaian/ikm/?periode={data['berkala'][1].pk}"
    assert grafik["grafik-jp"]["labels"] == ["Dinas Kesehatan"]
    assert grafik["grafik-jp"]["data"] == [25.0]
    # a drill-down link opens the filtered list with the same count
    daftar = client_as("bkd").get(f"/pegawai/?unit_kerja={dinkes}&status=aktif")
    assert daftar.status_code == 200
    assert daftar.context["page"].paginator.count == 8


def test_pimpinan_sees_the_same_figures_without_action_buttons(org, data, client_as):
    bkd = client_as("bkd").get(reverse("karier:dasbor"))
    r = client_as("pimpinan").get(reverse("karier:dasbor"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "data-aksi" not in html
    # the only forms that post are the layout's language switch and logout
    forms = [f for f in re.findall(r"<form[^>]*>", html) if 'method="post"' in f]
    assert [f for f in forms if "setlang" not in f and "/keluar/" not in f] == []
    bkd_html = bkd.content.decode()
    assert len([f for f in re.findall(r"<form[^>]*>", bkd_html) if 'method="post"' in f]) > len(forms)
    assert 'data-testid="hanya-baca"' in html
    assert r.context["d"] == bkd.context["d"]


def test_query_budget(org, data, client_as, django_assert_max_num_queries):
    for i in range(3):
        PegawaiFactory(jabatan=org.jabatan_pelaksana, nama=f"Pelaksana {i}")
    c = client_as("bkd")
    with django_assert_max_num_queries(15):
        r = c.get(reverse("karier:dasbor"))
    assert r.status_code == 200
    assert r.context["d"].pegawai == 12
    # the figures are kept: the next view reads them from the cache (session, user, instansi,
    # notifications, and the test's savepoint pair)
    with django_assert_max_num_queries(6):
        again = c.get(reverse("karier:dasbor"))
    assert again.context["d"].dihitung_pada == r.context["d"].dihitung_pada


def test_cache_is_per_instansi_and_refreshed_on_demand(org, data, client_as):
    c = client_as("bkd")
    pertama = c.get(reverse("karier:dasbor")).context["d"]
    PegawaiFactory(jabatan=org.jabatan_pelaksana, nama="Pegawai Baru")
    assert c.get(reverse("karier:dasbor")).context["d"].pegawai == pertama.pegawai == 9
    assert client_as("other_bkd").get(reverse("karier:dasbor")).context["d"].pegawai == 1
    segar = c.get(reverse("karier:dasbor") + "?segar=1").context["d"]
    assert segar.pegawai == 10
    assert c.get(reverse("karier:dasbor")).context["d"].pegawai == 10


def test_stale_figures_are_served_while_one_background_task_refreshes_them(
    org, data, client_as, django_capture_on_commit_callbacks
):
    c = client_as("bkd")
    pertama = c.get(reverse("karier:dasbor")).context["d"]
    key = dasbor_cache_key(instansi_id=org.instansi.pk, pada=pertama.pada)
    PegawaiFactory(jabatan=org.jabatan_pelaksana, nama="Pegawai Baru")
    # two minutes later the kept figures are stale: the page still answers with them at once,
    # and one refresh is dispatched after the commit (not a second one for the next visitor)
    lama = dataclasses.replace(pertama, dihitung_pada=pertama.dihitung_pada - datetime.timedelta(minutes=2))
    cache.set(key, lama, 3600)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        r = c.get(reverse("karier:dasbor"))
        c.get(reverse("karier:dasbor"))
    assert r.context["d"].pegawai == 9
    assert len(callbacks) == 1
    callbacks[0]()
    segar = cache.get(key)
    assert segar.pegawai == 10
    assert segar.dihitung_pada > pertama.dihitung_pada
    assert c.get(reverse("karier:dasbor")).context["d"].pegawai == 10


def test_xlsx_has_a_sheet_per_table(org, data, client_as):
    r = client_as("pimpinan").get(reverse("karier:dasbor-xlsx"))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in r["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert wb.sheetnames == [
        "Ringkasan", "Unit kerja", "Golongan", "Jenis jabatan", "Jenis kelamin", "Predikat", "IKM per mutu",
        "IKM terendah", "JP", "Talenta", "Lowongan", "Rekomendasi", "Siklus evaluasi",
    ]  # fmt: skip
    unit = [list(r) for r in wb["Unit kerja"].iter_rows(values_only=True)]
    assert unit[0] == ["Unit kerja", "Pegawai", "Laki-laki", "Perempuan", "PNS", "PPPK", "PNS memenuhi JP"]
    assert unit[1] == ["Badan Kepegawaian", 1, 1, 0, 0, 1, 0]
    assert unit[2] == ["Dinas Kesehatan", 8, 4, 4, 8, 0, 2]
    predikat = [list(r) for r in wb["Predikat"].iter_rows(values_only=True)]
    assert predikat[2] == ["Dinas Kesehatan", 1, 2, 1, 1, 0, 5]
    ikm = [list(r) for r in wb["IKM terendah"].iter_rows(values_only=True)]
    assert ikm[1:] == [
        ["UPT Layanan Kepegawaian", 70.5, "C", 40, "Tidak"],
        ["Puskesmas Kota Sibolga", 90.25, "A", 40, "Ya"],
    ]
    assert [list(r) for r in wb["IKM per mutu"].iter_rows(values_only=True)][1] == ["A (Sangat Baik)", 1]
    talenta = dict(list(wb["Talenta"].iter_rows(values_only=True))[1:])
    assert (talenta[9], talenta[5], talenta[1]) == (2, 1, 0)
    lowongan = [list(r) for r in wb["Lowongan"].iter_rows(values_only=True)]
    assert len(lowongan) == 5
    ringkasan = dict(list(wb["Ringkasan"].iter_rows(values_only=True))[1:])
    assert ringkasan["Pegawai aktif"] == 9
    assert ringkasan["Kandidat promosi"] == 2
    assert ringkasan["Jabatan lowong"] == 4
    rekomendasi = dict(list(wb["Rekomendasi"].iter_rows(values_only=True))[1:])
    assert rekomendasi["Promosi"] == 2


def test_xlsx_cycle_sheet_with_local_finish_time(org, data, client_as):
    periode = Periode.objects.get(instansi=org.instansi, tahun=TAHUN_INI, jenis=JenisPeriode.TAHUNAN)
    selesai = timezone.make_aware(datetime.datetime(TAHUN_INI, 1, 5, 23, 30), datetime.UTC)
    SiklusEvaluasi.objects.create(periode=periode, status=SiklusEvaluasi.Status.SELESAI, selesai_pada=selesai)
    r = client_as("bkd").get(reverse("karier:dasbor-xlsx"))
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    rows = {row[0]: row for row in wb["Siklus evaluasi"].iter_rows(values_only=True)}
    # shown in the instansi's time (Asia/Jakarta, UTC+7), without a time zone for the spreadsheet
    assert rows[periode.nama][2:] == ("Selesai", datetime.datetime(TAHUN_INI, 1, 6, 6, 30))
    assert rows[periode.nama][1] == datetime.datetime(TAHUN_INI, 12, 31)


def test_xlsx_failure_leaves_no_file(org, client_as, monkeypatch):
    from karier.views import dasbor as view

    ditutup = []

    class Berkas(io.BytesIO):
        def close(self):
            ditutup.append(True)
            super().close()

    def gagal(*args, **kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(view.tempfile, "SpooledTemporaryFile", lambda **kw: Berkas())
    monkeypatch.setattr(view, "dasbor_xlsx_write", gagal)
    with pytest.raises(RuntimeError, match="disk penuh"):
        client_as("bkd").get(reverse("karier:dasbor-xlsx"))
    assert ditutup == [True]


def test_page_in_english(org, data, client_as):
    c = client_as("bkd")
    r = c.get(reverse("karier:dasbor"), HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200


def test_empty_instansi(org, client_as):
    r = client_as("bkd").get(reverse("karier:dasbor"))
    assert r.status_code == 200
    d = r.context["d"]
    assert d.talenta.tahun is None
    assert d.kandidat_promosi == 0
    assert "Belum ada penempatan talenta." in r.content.decode()
