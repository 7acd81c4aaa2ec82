"""Selectors behind the home charts, the unit tree and the jabatan holders list."""

from __future__ import annotations

import datetime

from pegawai import selectors, services
from pegawai.models import Pegawai
from tests.factories.pegawai import PegawaiFactory, golongan, pppk_buat


def _pppk(org):
    return pppk_buat(org.jabatan_perawat)


def test_sebaran_golongan_groups_active_pegawai_by_ruang(org):
    _pppk(org)
    services.pegawai_update(actor=org.bkd, pegawai=org.rekan, data={"status": Pegawai.Status.PENSIUN})
    assert selectors.sebaran_golongan(user=org.bkd) == [
        ("PNS I", 0),
        ("PNS II", 1),  # Siti II/c; Andi II/b is retired
        ("PNS III", 3),  # III/d, III/d, III/a
        ("PNS IV", 2),
        ("PPPK", 1),
    ]
    assert selectors.sebaran_golongan(user=org.other_bkd) == [
        ("PNS I", 0),
        ("PNS II", 0),
        ("PNS III", 1),
        ("PNS IV", 0),
        ("PPPK", 0),
    ]


def test_sebaran_jenis_jabatan_lists_only_present_kinds_in_a_fixed_order(org):
    services.pegawai_update(actor=org.bkd, pegawai=org.rekan, data={"jabatan": None})
    assert selectors.sebaran_jenis_jabatan(user=org.bkd) == [
        ("jpt_pratama", 1),
        ("administrator", 1),
        ("pengawas", 2),
        ("pelaksana", 1),
        ("fungsional_keterampilan", 1),
        ("", 1),
    ]


def test_unit_kerja_kepala_is_the_longest_serving_active_head(org):
    heads = selectors.unit_kerja_kepala(user=org.bkd)
    assert {unit: p.nama for unit, p in heads.items()} == {
        org.dinas.pk: "Hotma Simanjuntak",
        org.bidang.pk: "Rina Pasaribu",
        org.seksi.pk: "Budi Siregar",
        org.puskesmas.pk: "Maria Hutagalung",
    }
    PegawaiFactory(
        jabatan=org.jabatan_kasi,
        nama="Plt Kasi",
        tanggal_lahir=datetime.date(1960, 5, 5),
        tmt_jabatan=datetime.date(1990, 1, 1),
        golongan=golongan("III/c"),
    )
    services.pegawai_update(actor=org.bkd, pegawai=org.kepala_bidang, data={"status": Pegawai.Status.PENSIUN})
    heads = selectors.unit_kerja_kepala(user=org.bkd)
    assert heads[org.seksi.pk].nama == "Plt Kasi"
    assert org.bidang.pk not in heads


def test_jabatan_list_with_pemangku_prefetches_active_holders(org, django_assert_max_num_queries):
    services.pegawai_update(actor=org.bkd, pegawai=org.rekan, data={"status": Pegawai.Status.PENSIUN})
    with django_assert_max_num_queries(2):
        rows = {
            j.nama: [p.nama for p in j.pemangku_aktif]
            for j in selectors.jabatan_list_with_pemangku_for_user(user=org.bkd, filters={"jenis": "pelaksana"})
        }
    assert rows == {"Pengadministrasi Umum": ["Siti Nasution"]}
