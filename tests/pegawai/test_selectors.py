"""Selectors: derived values to the day, lists with filters and counts, in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest

from pegawai import selectors, services
from pegawai.models import Golongan, Pegawai
from tests.factories.pegawai import HukumanDisiplinFactory, JabatanFactory, golongan, pppk_buat

D = datetime.date


def _names(qs):
    return [p.nama for p in qs]


# --- derived values ---------------------------------------------------------------------------------


def test_masa_kerja_golongan_and_jabatan_to_the_day(org):
    p = org.pegawai
    services.pegawai_update(
        actor=org.bkd,
        pegawai=p,
        data={"golongan": golongan("II/d"), "tmt_golongan": D(2020, 4, 1), "tmt_jabatan": D(2021, 1, 31)},
    )
    p.refresh_from_db()
    mk = selectors.masa_kerja_golongan(pegawai=p, on=D(2024, 4, 1))
    assert (mk.tahun, mk.bulan, mk.hari) == (4, 0, 0)
    mk = selectors.masa_kerja_golongan(pegawai=p, on=D(2024, 3, 31))
    assert (mk.tahun, mk.bulan, mk.hari) == (3, 11, 30)
    mj = selectors.masa_jabatan(pegawai=p, on=D(2021, 2, 28))
    assert (mj.tahun, mj.bulan, mj.hari) == (0, 1, 0)
    total = selectors.masa_kerja_total(pegawai=p, on=p.tmt_cpns + datetime.timedelta(days=1))
    assert (total.tahun, total.bulan, total.hari) == (0, 0, 1)


def test_derived_values_default_to_today(org):
    p = org.pegawai
    today = selectors.today()
    assert selectors.masa_kerja_golongan(pegawai=p) == selectors.masa_kerja_golongan(pegawai=p, on=today)
    assert selectors.masa_jabatan(pegawai=p) == selectors.masa_jabatan(pegawai=p, on=today)
    assert selectors.masa_kerja_total(pegawai=p).tahun >= 5


def test_masa_jabatan_without_jabatan_is_none(org):
    services.pegawai_update(actor=org.bkd, pegawai=org.rekan, data={"jabatan": None})
    org.rekan.refresh_from_db()
    assert selectors.masa_jabatan(pegawai=org.rekan) is None


@pytest.mark.parametrize(
    ("on", "running"),
    [
        (D(2023, 12, 31), False),
        (D(2024, 1, 1), True),  # the first day counts
        (D(2024, 6, 30), True),  # the last day counts
        (D(2024, 7, 1), False),
    ],
)
def test_hukuman_disiplin_berjalan_on_the_boundary_dates(org, on, running):
    h = HukumanDisiplinFactory(pegawai=org.pegawai, tmt_mulai=D(2024, 1, 1), tmt_selesai=D(2024, 6, 30))
    HukumanDisiplinFactory(pegawai=org.rekan, tmt_mulai=D(2024, 1, 1), tmt_selesai=D(2024, 6, 30))
    assert selectors.hukuman_disiplin_berjalan(pegawai=org.pegawai, on=on) == ([h] if running else [])


def test_hukuman_disiplin_without_end_runs_on(org):
    h = HukumanDisiplinFactory(
        pegawai=org.pegawai, tingkat="berat", jenis="pemberhentian", tmt_mulai=D(2024, 1, 1), tmt_selesai=None
    )
    assert selectors.hukuman_disiplin_berjalan(pegawai=org.pegawai, on=D(2040, 1, 1)) == [h]
    assert selectors.hukuman_disiplin_berjalan(pegawai=org.pegawai) == [h]


def test_pegawai_detail_in_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    HukumanDisiplinFactory(pegawai=org.pegawai, tingkat="ringan", jenis="teguran_lisan", tmt_selesai=None)
    services.riwayat_pendidikan_create(actor=None, pegawai=org.pegawai, tingkat="SLTA", tahun_lulus=2003)
    services.riwayat_pangkat_create(actor=None, pegawai=org.pegawai, golongan=golongan("II/d"), tmt=D(2024, 4, 1))
    services.riwayat_cltn_create(actor=None, pegawai=org.pegawai, tmt_mulai=D(2021, 3, 1), tmt_selesai=D(2022, 2, 28))
    p = Pegawai.objects.get(pk=org.pegawai.pk)
    with django_assert_max_num_queries(6):
        detail = selectors.pegawai_detail(pegawai=p)
        assert [r.golongan.kode for r in detail["riwayat_pangkat"]] == ["II/d", "II/c"]
    assert [r.nama_jabatan for r in detail["riwayat_jabatan"]] == ["Pengadministrasi Umum"]
    assert [r.tingkat for r in detail["riwayat_pendidikan"]] == ["SLTA"]
    assert len(detail["hukuman_disiplin"]) == len(detail["hukdis_berjalan"]) == 1
    assert [c.tmt_mulai for c in detail["riwayat_cltn"]] == [D(2021, 3, 1)]
    assert detail["masa_kerja_golongan"] == selectors.masa_kerja_golongan(pegawai=p)
    assert p.tmt_golongan == D(2024, 4, 1)
    assert detail["masa_jabatan"] is not None
    assert detail["masa_kerja"].tahun >= 5


def test_pejabat_penilai_and_atasan_pejabat_penilai(org):
    p = Pegawai.objects.select_related("atasan__atasan").get(pk=org.pegawai.pk)
    assert selectors.pejabat_penilai(pegawai=p) == org.atasan
    assert selectors.atasan_pejabat_penilai(pegawai=p) == org.kepala_bidang
    kadis = Pegawai.objects.get(pk=org.kepala_dinas.pk)
    assert selectors.pejabat_penilai(pegawai=kadis) is None
    assert selectors.atasan_pejabat_penilai(pegawai=kadis) is None


def test_bawahan_langsung_active_only_by_name(org):
    assert _names(selectors.bawahan_langsung(pegawai=org.atasan)) == ["Andi Lubis", "Siti Nasution"]
    services.pegawai_update(actor=org.bkd, pegawai=org.rekan, data={"status": Pegawai.Status.CLTN})
    assert _names(selectors.bawahan_langsung(pegawai=org.atasan)) == ["Siti Nasution"]
    assert _names(selectors.bawahan_langsung(pegawai=org.pegawai)) == []


def test_is_atasan_needs_an_active_subordinate(org):
    assert selectors.is_atasan(user=org.atasan.user) is True
    assert selectors.is_atasan(user=org.pegawai.user) is False
    assert selectors.is_atasan(user=org.bkd) is False
    for p in (org.pegawai, org.rekan):
        services.pegawai_update(actor=org.bkd, pegawai=p, data={"status": Pegawai.Status.PENSIUN})
    org.atasan.user.refresh_from_db()
    assert selectors.is_atasan(user=Pegawai.objects.get(pk=org.atasan.pk).user) is False


# --- lists ------------------------------------------------------------------------------------------


def test_unit_kerja_list_in_tree_order_with_active_staff_counts(org):
    services.pegawai_update(actor=org.bkd, pegawai=org.rekan, data={"status": Pegawai.Status.PENSIUN})
    rows = [(u.nama, u.depth, u.jumlah_pegawai) for u in selectors.unit_kerja_list_for_user(user=org.bkd)]
    assert next(r[0] for r in rows) == "Dinas Kesehatan"
    assert {n: c for n, _d, c in rows} == {
        "Dinas Kesehatan": 1,
        "Bidang Pelayanan Kesehatan": 1,
        "Seksi Pelayanan Kesehatan Primer": 2,
        "Puskesmas Kota Sibolga": 2,
    }
    assert list(selectors.unit_kerja_list_for_user(user=org.other_bkd).values_list("kode", flat=True)) == ["DISDIK"]


def test_unit_kerja_choices_are_indented_by_depth(org):
    choices = dict(selectors.unit_kerja_choices(user=org.bkd))
    assert choices[org.dinas.pk] == "Dinas Kesehatan"
    assert choices[org.seksi.pk] == "— — Seksi Pelayanan Kesehatan Primer"
    assert org.other_pegawai.unit_kerja_id not in choices


def test_jabatan_list_counts_active_holders_and_vacancies(org):
    services.pegawai_update(actor=org.bkd, pegawai=org.rekan, data={"status": Pegawai.Status.PENSIUN})
    rows = {j.nama: (j.kebutuhan, j.jumlah_pemangku, j.lowongan) for j in selectors.jabatan_list_for_user(user=org.bkd)}
    assert rows["Pengadministrasi Umum"] == (4, 1, 3)  # the retired holder is not counted
    assert rows["Perawat Terampil"] == (3, 1, 2)
    assert rows["Kepala Dinas Kesehatan"] == (1, 1, 0)
    assert "Pengelola Data" not in rows


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"q": "kepala seksi"}, {"Kepala Seksi Pelayanan Kesehatan Primer"}),
        ({"jenis": "fungsional_keterampilan"}, {"Perawat Terampil"}),
        (
            {"unit_kerja": "bidang"},
            {"Kepala Bidang Pelayanan Kesehatan", "Kepala Seksi Pelayanan Kesehatan Primer", "Pengadministrasi Umum"},
        ),
        ({"unit_kerja": "999999"}, set()),
        ({"lowong": "true"}, {"Pengadministrasi Umum", "Perawat Terampil", "Kepala Jaga"}),
        (
            {"lowong": "false"},
            {
                "Kepala Dinas Kesehatan",
                "Kepala Bidang Pelayanan Kesehatan",
                "Kepala Seksi Pelayanan Kesehatan Primer",
                "Kepala Puskesmas Kota Sibolga",
            },
        ),
        ({"lowong": ""}, None),
    ],
)
def test_jabatan_list_filters(org, filters, expected):
    JabatanFactory(unit_kerja=org.puskesmas, nama="Kepala Jaga", atasan=org.jabatan_kapus)
    if filters.get("unit_kerja") == "bidang":
        filters = {"unit_kerja": str(org.bidang.pk)}
    names = set(selectors.jabatan_list_for_user(user=org.bkd, filters=filters).values_list("nama", flat=True))
    if expected is None:
        expected = set(selectors.jabatan_list_for_user(user=org.bkd).values_list("nama", flat=True))
    assert names == expected


def test_jabatan_choices(org):
    choices = dict(selectors.jabatan_choices(user=org.bkd))
    assert choices[org.jabatan_kasi.pk] == "Kepala Seksi Pelayanan Kesehatan Primer — Seksi Pelayanan Kesehatan Primer"
    assert len(choices) == 6


def test_golongan_list(db):
    assert [g.kode for g in selectors.golongan_list(jenis_asn="PNS")][:3] == ["I/a", "I/b", "I/c"]
    assert selectors.golongan_list(jenis_asn="PNS").count() == 17
    assert selectors.golongan_list().count() == Golongan.objects.count()


def test_kebijakan_get(org):
    services.instansi_kebijakan_update(actor=org.bkd, instansi=org.instansi, data={"jp_minimal_tahunan": 24})
    assert selectors.kebijakan_get(instansi=org.instansi).jp_minimal_tahunan == 24


def test_ringkasan_instansi(org):
    pppk_buat(org.jabatan_perawat)
    services.pegawai_update(actor=org.bkd, pegawai=org.rekan, data={"status": Pegawai.Status.PENSIUN})
    r = selectors.ringkasan_instansi(user=org.bkd)
    assert (r.jumlah_pegawai, r.jumlah_pns, r.jumlah_pppk) == (7, 6, 1)
    assert (r.jumlah_unit, r.jumlah_jabatan, r.jumlah_lowong) == (4, 6, 2)
    other = selectors.ringkasan_instansi(user=org.other_bkd)
    assert (other.jumlah_pegawai, other.jumlah_unit, other.jumlah_jabatan, other.jumlah_lowong) == (1, 1, 1, 0)


# --- the pegawai list and its filters ------------------------------------------------------------------


@pytest.fixture
def pppk(org):
    return pppk_buat(org.jabatan_perawat, pendidikan_terakhir="D3")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            {"unit_kerja": "dinas"},
            [
                "Andi Lubis",
                "Budi Siregar",
                "Hotma Simanjuntak",
                "Maria Hutagalung",
                "Nur Aisyah",
                "Rina Pasaribu",
                "Siti Nasution",
                "Yusuf Harahap",
            ],
        ),
        ({"unit_kerja": "bidang"}, ["Andi Lubis", "Budi Siregar", "Rina Pasaribu", "Siti Nasution"]),
        ({"unit_kerja": "puskesmas"}, ["Maria Hutagalung", "Nur Aisyah", "Yusuf Harahap"]),
        ({"unit_kerja": "999999"}, []),
        ({"unit_kerja": "other"}, []),
        ({"golongan": "III/d"}, ["Budi Siregar", "Maria Hutagalung"]),
        ({"golongan": "iii/d"}, ["Budi Siregar", "Maria Hutagalung"]),
        ({"golongan": "id:II/c"}, ["Siti Nasution"]),
        ({"golongan": "VII"}, ["Nur Aisyah"]),
        ({"q": "siti"}, ["Siti Nasution"]),
        ({"q": "NASUTION"}, ["Siti Nasution"]),
        ({"q": "  "}, None),
        ({"q": "nip-prefix"}, ["Siti Nasution"]),
        ({"q": "1990091320"}, ["Nur Aisyah"]),
        ({"jenis_asn": "PPPK"}, ["Nur Aisyah"]),
        ({"jenis_asn": "PNS", "jenis_kelamin": "P", "q": "aisyah"}, []),
        ({"jenis_kelamin": "P"}, "women"),
        ({"jenis_jabatan": "pengawas"}, ["Budi Siregar", "Maria Hutagalung"]),
        ({"pendidikan": "D3"}, ["Nur Aisyah", "Yusuf Harahap"]),
        ({"status": "pensiun"}, []),
    ],
)
def test_pegawai_list_filters(org, pppk, filters, expected):
    if filters.get("unit_kerja") in ("dinas", "bidang", "puskesmas"):
        filters = {"unit_kerja": str(getattr(org, filters["unit_kerja"]).pk)}
    elif filters.get("unit_kerja") == "other":
        filters = {"unit_kerja": str(org.other_pegawai.unit_kerja_id)}
    if filters.get("golongan", "").startswith("id:"):
        filters = {"golongan": str(golongan(filters["golongan"][3:]).pk)}
    if filters.get("q") == "nip-prefix":
        filters = {"q": org.pegawai.nip[:12] + org.pegawai.nip[12:15]}
    names = _names(selectors.pegawai_list_for_user(user=org.bkd, filters=filters))
    if expected is None:
        expected = _names(selectors.pegawai_list_for_user(user=org.bkd))
    if expected == "women":
        expected = sorted(
            Pegawai.objects.filter(instansi=org.instansi, jenis_kelamin="P").values_list("nama", flat=True)
        )
    assert names == expected


def test_pegawai_list_filters_stay_inside_the_users_scope(org):
    filters = {"unit_kerja": str(org.dinas.pk)}
    assert _names(selectors.pegawai_list_for_user(user=org.atasan.user, filters=filters)) == [
        "Andi Lubis",
        "Budi Siregar",
        "Siti Nasution",
    ]
    assert _names(selectors.pegawai_list_for_user(user=org.other_bkd, filters={"q": "siti"})) == []


def test_pegawai_list_joins_in_one_query(org, pppk, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = [
            (p.golongan.kode, p.jabatan.nama, p.unit_kerja.nama) for p in selectors.pegawai_list_for_user(user=org.bkd)
        ]
    assert len(rows) == 8
