"""Rotation rounds through the database (DOMAIN.md §6 mutasi): the window to the day, the unit
cap with numbers, target ranking by JPM and by the unit's need, same level only, the greedy
order (due, rotation boxes, longest in post), posts freed in the round, and the query budget."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from common.policies import Kebijakan
from karier.rules import StatusRotasi
from karier.selectors.rotasi import batas_keluar_unit, kandidat_rotasi, level_jabatan, rotasi_hitungan
from pegawai.rules import add_years
from tests.factories.karier import penempatan_buat
from tests.factories.pegawai import JabatanFactory, PegawaiFactory, UnitKerjaFactory
from tests.factories.pelatihan import asesmen_buat, standar_set

pytestmark = pytest.mark.django_db

D = datetime.date
PADA = D(2026, 4, 1)
KEBIJAKAN = Kebijakan()


def unit(org, kode: str, nama: str | None = None):
    return UnitKerjaFactory(
        instansi=org.instansi, parent=org.dinas, nama=nama or f"Bidang {kode}", kode=kode, jenis="bidang"
    )


def jabatan(u, nama: str = "Pengadministrasi Umum", jenis: str = "pelaksana", kebutuhan: int = 1, **kw):
    return JabatanFactory(unit_kerja=u, nama=nama, jenis=jenis, kebutuhan=kebutuhan, **kw)


def pegawai(j, tmt_jabatan: datetime.date, **kw):
    return PegawaiFactory(jabatan=j, tmt_cpns=D(2010, 3, 1), tanggal_lahir=D(1985, 2, 3), tmt_jabatan=tmt_jabatan, **kw)


def by_id(rows):
    return {k.pegawai_id: k for k in rows}


def _round(org, kebijakan=KEBIJAKAN, **filters):
    return kandidat_rotasi(instansi=org.instansi, pada=PADA, kebijakan=kebijakan, filters=filters or None)


# --- the window -------------------------------------------------------------------------------------


def test_window_to_the_day(org):
    a = unit(org, "A")
    j = jabatan(a, kebutuhan=10)
    dua = pegawai(j, add_years(PADA, -2))
    kurang = pegawai(j, add_years(PADA, -2) + datetime.timedelta(days=1))
    lima = pegawai(j, add_years(PADA, -5))
    hampir = pegawai(j, add_years(PADA, -5) + datetime.timedelta(days=1))
    rows = by_id(_round(org))
    assert rows[dua.pk].status == StatusRotasi.KANDIDAT
    assert kurang.pk not in rows
    assert rows[lima.pk].status == StatusRotasi.JATUH_TEMPO
    assert rows[hampir.pk].status == StatusRotasi.KANDIDAT
    assert rows[dua.pk].masa_jabatan_teks == "2 tahun"
    assert "kandidat mulai 2 tahun, jatuh tempo 5 tahun" in rows[dua.pk].penjelasan[0]["teks"]
    # policy values: a window of 3 to 4 years
    k = Kebijakan(rotasi_minimal_tahun=3, rotasi_maksimal_tahun=4)
    rows = by_id(_round(org, k))
    assert dua.pk not in rows
    assert rows[lima.pk].status == StatusRotasi.JATUH_TEMPO
    # the filters
    due = _round(org, status="jatuh_tempo")
    assert lima.pk in {r.pegawai_id for r in due}
    assert all(r.status == StatusRotasi.JATUH_TEMPO for r in due)
    assert {r.pegawai_id for r in _round(org, unit_kerja=a)} == {dua.pk, lima.pk, hampir.pk}
    assert {r.pegawai_id for r in _round(org, unit_kerja=a.pk, status="kandidat")} == {dua.pk, hampir.pk}


def test_inactive_and_without_jabatan_are_not_candidates(org):
    from pegawai.services import pegawai_update

    a = unit(org, "A")
    p = pegawai(jabatan(a), add_years(PADA, -3))
    pegawai_update(actor=None, pegawai=p, data={"status": "pensiun"})
    assert p.pk not in by_id(_round(org))


# --- the unit cap ------------------------------------------------------------------------------------


def test_batas_keluar_unit():
    assert batas_keluar_unit(10, Decimal("10")) == 1
    assert batas_keluar_unit(19, Decimal("10")) == 1
    assert batas_keluar_unit(20, Decimal("10")) == 2
    assert batas_keluar_unit(9, Decimal("10")) == 0
    assert batas_keluar_unit(10, Decimal("25")) == 2


@pytest.fixture
def sepuluh(org):
    """Unit A: 10 active pelaksana, 9 due (6 to 14 years in post) and one candidate (4 years);
    unit B: 5 open slots."""
    a = unit(org, "A")
    ja = jabatan(a, kebutuhan=10)
    staf = [pegawai(ja, D(2012 + i, 1, 1) if i < 9 else D(2022, 4, 1)) for i in range(10)]
    b = unit(org, "B")
    jb = jabatan(b, kebutuhan=5)
    return a, b, ja, jb, staf


def test_unit_of_ten_at_ten_percent_lets_one_go(org, sepuluh):
    a, b, _ja, jb, staf = sepuluh
    rows = by_id(_round(org))
    pergi = [p for p in staf if rows[p.pk].diusulkan]
    ditahan = [p for p in staf if rows[p.pk].ditahan]
    assert pergi == [staf[0]]  # the longest in post
    assert len(ditahan) == 9
    assert rows[staf[0].pk].jabatan_tujuan_id == jb.pk
    assert rows[staf[0].pk].unit_tujuan_id == b.pk
    teks = rows[staf[1].pk].penjelasan_teks
    assert f"ditahan: {a.nama} sudah melepas 1 dari 10 pegawai pada putaran ini (paling banyak 10% = 1)" in teks
    assert "melepas 1 dari paling banyak 1 (10% dari 10 pegawai)" in rows[staf[0].pk].penjelasan_teks
    hitung = rotasi_hitungan(r for r in rows.values() if r.unit_kerja_id == a.pk)
    assert hitung == {"kandidat": 1, "jatuh_tempo": 9, "diusulkan": 1, "ditahan": 9}


def test_a_larger_share_lets_more_go(org, sepuluh):
    _a, _b, _ja, _jb, staf = sepuluh
    rows = by_id(_round(org, Kebijakan(rotasi_porsi_maksimal_unit=Decimal("30"))))
    assert [p for p in staf if rows[p.pk].diusulkan] == staf[:3]


def test_small_unit_at_ten_percent_lets_nobody_go(org):
    # the seksi of the organisation has 3 active staff: ⌊0.3⌋ = 0
    b = unit(org, "B")
    jabatan(b, kebutuhan=3)
    rows = by_id(_round(org))
    assert rows[org.pegawai.pk].ditahan
    assert rows[org.pegawai.pk].jabatan_tujuan is None
    assert (
        "sudah melepas 0 dari 3 pegawai pada putaran ini (paling banyak 10% = 0)"
        in rows[org.pegawai.pk].penjelasan_teks
    )


# --- targets ------------------------------------------------------------------------------------------


def test_target_ranked_by_jpm(org):
    a, b, c = unit(org, "A"), unit(org, "B"), unit(org, "C")
    for i in range(9):
        pegawai(jabatan(a, nama=f"Pengelola {i}"), add_years(PADA, -1))
    calon = pegawai(jabatan(a), add_years(PADA, -3))
    jb = jabatan(b, nama="Pengelola Keuangan", kebutuhan=3)
    jc = jabatan(c, nama="Pengelola Arsip", kebutuhan=1)
    standar_set(jb, {"M1": 4, "M2": 4})
    standar_set(jc, {"M1": 2, "M2": 2})
    asesmen_buat(calon, {"M1": 2, "M2": 2})
    k = by_id(_round(org))[calon.pk]
    # JPM 100% against C's standard, 50% against B's (despite B's larger need)
    assert k.jabatan_tujuan_id == jc.pk
    assert k.jpm == Decimal("100.00")
    assert k.formasi_kosong == 1
    assert "JPM 100.00% terhadap standar kompetensi Pengelola Arsip" in k.penjelasan_teks
    assert "formasi kosong 1 dari kebutuhan 1" in k.penjelasan_teks


def test_equal_fit_goes_to_the_unit_with_the_greater_need(org):
    a, b, c = unit(org, "A"), unit(org, "B"), unit(org, "C")
    for i in range(9):
        pegawai(jabatan(a, nama=f"Pengelola {i}"), add_years(PADA, -1))
    calon = pegawai(jabatan(a), add_years(PADA, -3))
    jabatan(b, kebutuhan=1)
    jc = jabatan(c, kebutuhan=4)
    k = by_id(_round(org))[calon.pk]
    assert k.jabatan_tujuan_id == jc.pk
    assert k.jpm is None
    assert "belum memiliki standar kompetensi" in k.penjelasan_teks


def test_same_level_only(org):
    a, b, c = unit(org, "A"), unit(org, "B"), unit(org, "C")
    for i in range(9):
        pegawai(jabatan(a, nama=f"Pengelola {i}"), add_years(PADA, -1))
    kasi = pegawai(jabatan(a, nama="Kepala Seksi A", jenis="pengawas", eselon="IV.a"), add_years(PADA, -3))
    jabatan(b, nama="Kepala Bidang B", jenis="administrator", eselon="III.b")
    jabatan(b, nama="Kepala Seksi B", jenis="pengawas", eselon="IV.b")
    jabatan(b, nama="Pengadministrasi B", kebutuhan=5)
    assert by_id(_round(org))[kasi.pk].jabatan_tujuan_id is None
    assert "belum ada jabatan setingkat" in by_id(_round(org))[kasi.pk].penjelasan_teks
    setara = jabatan(c, nama="Kepala Seksi C", jenis="pengawas", eselon="IV.a")
    assert by_id(_round(org))[kasi.pk].jabatan_tujuan_id == setara.pk


def test_fungsional_same_jenjang_only(org):
    a, b = unit(org, "A"), unit(org, "B")
    for i in range(9):
        pegawai(jabatan(a, nama=f"Pengelola {i}"), add_years(PADA, -1))
    fung = {"jenis": "fungsional_keterampilan"}
    perawat = pegawai(jabatan(a, nama="Perawat Mahir A", jenjang="mahir", **fung), add_years(PADA, -3))
    jabatan(b, nama="Perawat Penyelia B", jenjang="penyelia", kebutuhan=3, **fung)
    jabatan(b, nama="Perawat Terampil B", jenjang="terampil", kebutuhan=3, **fung)
    assert by_id(_round(org))[perawat.pk].jabatan_tujuan_id is None
    sama = jabatan(b, nama="Perawat Mahir B", jenjang="mahir", **fung)
    assert by_id(_round(org))[perawat.pk].jabatan_tujuan_id == sama.pk


def test_level_key():
    assert level_jabatan("pengawas", "IV.a", "") == ("pengawas", "IV.a")
    assert level_jabatan("fungsional_keahlian", "", "ahli_muda") == ("fungsional_keahlian", "ahli_muda")
    assert level_jabatan("pelaksana", "", "") == ("pelaksana", "")


# --- the greedy order ----------------------------------------------------------------------------------


def test_rotation_box_before_other_boxes_and_due_before_all(org):
    a, b = unit(org, "A"), unit(org, "B")
    ja = jabatan(a, kebutuhan=10)
    lama = pegawai(ja, D(2022, 1, 1))  # longest of the candidates, box 5
    kotak4 = pegawai(ja, D(2023, 1, 1))  # box 4: rotation
    for _i in range(8):
        pegawai(ja, add_years(PADA, -1))
    jabatan(b, kebutuhan=5)
    penempatan_buat(lama, 2025, 5)
    penempatan_buat(kotak4, 2025, 4)
    rows = by_id(_round(org))
    assert rows[kotak4.pk].diusulkan
    assert rows[lama.pk].ditahan
    assert "kotak 4 (2025): rotasi, pengembangan kompetensi" in rows[kotak4.pk].penjelasan_teks
    assert "rotasi bukan tindakan kotak ini" in rows[lama.pk].penjelasan_teks
    # a due pegawai goes before both
    due = pegawai(ja, add_years(PADA, -6))
    rows = by_id(_round(org))
    assert rows[due.pk].diusulkan
    assert rows[kotak4.pk].ditahan


def test_a_post_freed_in_the_round_is_a_target(org):
    a, b = unit(org, "A"), unit(org, "B")
    kasi = {"jenis": "pengawas", "eselon": "IV.b"}
    ja = jabatan(a, nama="Kepala Subbagian A", **kasi)
    jb = jabatan(b, nama="Kepala Subbagian B", **kasi)
    for i in range(9):
        pegawai(jabatan(a, nama=f"Pengelola A{i}"), add_years(PADA, -1))
        pegawai(jabatan(b, nama=f"Pengelola B{i}"), add_years(PADA, -1))
    x = pegawai(ja, add_years(PADA, -6))
    y = pegawai(jb, add_years(PADA, -3))
    c = unit(org, "C")
    jc = jabatan(c, nama="Kepala Subbagian C", **kasi)
    rows = by_id(_round(org))
    # x (due) takes C's open post; y then takes the post x left in A
    assert rows[x.pk].jabatan_tujuan_id == jc.pk
    assert rows[y.pk].jabatan_tujuan_id == ja.pk


def test_constant_queries(org, django_assert_max_num_queries):
    a, b = unit(org, "A"), unit(org, "B")
    ja = jabatan(a, kebutuhan=20)
    for i in range(6):
        p = pegawai(ja, add_years(PADA, -2 - i))
        asesmen_buat(p, {"M1": 2})
        penempatan_buat(p, 2025, 4)
    standar_set(jabatan(b, kebutuhan=6), {"M1": 3})
    with django_assert_max_num_queries(10):
        rows = _round(org)
    assert len(rows) >= 6
