"""Personas shared by every test (STYLE.md): the pegawai, their atasan, a BKD officer of the same
instansi, an unrelated pegawai, a BKD officer of another instansi, the pimpinan, and anonymous.

The organisation, one instansi:
    Dinas Kesehatan (dinas)            Kepala Dinas            ← kepala_dinas
      Bidang Pelayanan (bidang)        Kepala Bidang           ← kepala_bidang
        Seksi Pelayanan Kesehatan      Kepala Seksi            ← atasan
                                       Pengadministrasi (x4)   ← pegawai, rekan
      Puskesmas Kota (puskesmas)       Kepala Puskesmas        ← kepala_puskesmas
                                       Perawat Terampil        ← unrelated
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import pytest
from django.apps import apps as django_apps
from django.test import Client

from pegawai.models import Instansi, Jabatan, Pegawai, UnitKerja, User
from tests.factories.pegawai import (
    InstansiFactory,
    JabatanFactory,
    PegawaiFactory,
    UnitKerjaFactory,
    UserFactory,
    golongan,
    golongan_reference_ensure,
)

PASSWORD = "rahasia-uji"


def data_referensi_ensure() -> None:
    """Reference rows loaded by migrations (golongan, the national kompetensi). A transactional
    test (browser, broker) empties every table when it ends; the tests after it load them again."""
    from penilaian.models import Kompetensi

    golongan_reference_ensure()
    if not Kompetensi.objects.filter(instansi=None).exists():
        importlib.import_module("penilaian.migrations.0003_kompetensi_nasional").muat(django_apps, None)


@pytest.fixture(autouse=True)
def _data_referensi(request: pytest.FixtureRequest) -> None:
    """Every test that uses the database starts with the reference rows in place, whichever test
    ran before it on the same worker."""
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    data_referensi_ensure()


@dataclass
class Organisasi:
    instansi: Instansi
    dinas: UnitKerja
    bidang: UnitKerja
    seksi: UnitKerja
    puskesmas: UnitKerja
    jabatan_kadis: Jabatan
    jabatan_kabid: Jabatan
    jabatan_kasi: Jabatan
    jabatan_pelaksana: Jabatan
    jabatan_kapus: Jabatan
    jabatan_perawat: Jabatan
    kepala_dinas: Pegawai
    kepala_bidang: Pegawai
    atasan: Pegawai
    pegawai: Pegawai
    rekan: Pegawai
    kepala_puskesmas: Pegawai
    unrelated: Pegawai
    bkd: User
    pimpinan: User
    other_instansi: Instansi
    other_bkd: User
    other_pegawai: Pegawai


@pytest.fixture
def org(db: None) -> Organisasi:
    instansi = InstansiFactory(nama="Pemerintah Kota Sibolga", kode="kota-sibolga")
    dinas = UnitKerjaFactory(instansi=instansi, nama="Dinas Kesehatan", kode="DINKES", jenis="dinas")
    bidang = UnitKerjaFactory(
        instansi=instansi, parent=dinas, nama="Bidang Pelayanan Kesehatan", kode="DINKES-YAN", jenis="bidang"
    )
    seksi = UnitKerjaFactory(
        instansi=instansi, parent=bidang, nama="Seksi Pelayanan Kesehatan Primer", kode="DINKES-YAN-1", jenis="seksi"
    )
    puskesmas = UnitKerjaFactory(
        instansi=instansi,
        parent=dinas,
        nama="Puskesmas Kota Sibolga",
        kode="PKM-01",
        jenis="puskesmas",
        is_unit_layanan=True,
    )
    j_kadis = JabatanFactory(
        unit_kerja=dinas, nama="Kepala Dinas Kesehatan", jenis="jpt_pratama", eselon="II.b", is_kepala_unit=True
    )
    j_kabid = JabatanFactory(
        unit_kerja=bidang,
        nama="Kepala Bidang Pelayanan Kesehatan",
        jenis="administrator",
        eselon="III.b",
        atasan=j_kadis,
        is_kepala_unit=True,
    )
    j_kasi = JabatanFactory(
        unit_kerja=seksi,
        nama="Kepala Seksi Pelayanan Kesehatan Primer",
        jenis="pengawas",
        eselon="IV.a",
        atasan=j_kabid,
        is_kepala_unit=True,
    )
    j_pelaksana = JabatanFactory(
        unit_kerja=seksi, nama="Pengadministrasi Umum", jenis="pelaksana", atasan=j_kasi, kebutuhan=4
    )
    j_kapus = JabatanFactory(
        unit_kerja=puskesmas,
        nama="Kepala Puskesmas Kota Sibolga",
        jenis="pengawas",
        eselon="IV.a",
        atasan=j_kadis,
        is_kepala_unit=True,
    )
    j_perawat = JabatanFactory(
        unit_kerja=puskesmas,
        nama="Perawat Terampil",
        jenis="fungsional_keterampilan",
        jenjang="terampil",
        atasan=j_kapus,
        kebutuhan=3,
    )
    kadis = PegawaiFactory(jabatan=j_kadis, nama="Hotma Simanjuntak", golongan=golongan("IV/b"))
    kabid = PegawaiFactory(jabatan=j_kabid, nama="Rina Pasaribu", golongan=golongan("IV/a"))
    atasan = PegawaiFactory(jabatan=j_kasi, nama="Budi Siregar", golongan=golongan("III/d"))
    pegawai = PegawaiFactory(
        jabatan=j_pelaksana, nama="Siti Nasution", golongan=golongan("II/c"), pendidikan_terakhir="SLTA"
    )
    rekan = PegawaiFactory(
        jabatan=j_pelaksana, nama="Andi Lubis", golongan=golongan("II/b"), pendidikan_terakhir="SLTA"
    )
    kapus = PegawaiFactory(jabatan=j_kapus, nama="Maria Hutagalung", golongan=golongan("III/d"))
    unrelated = PegawaiFactory(
        jabatan=j_perawat, nama="Yusuf Harahap", golongan=golongan("III/a"), pendidikan_terakhir="D3"
    )
    for p in (kadis, kabid, atasan, pegawai, rekan, kapus, unrelated):
        p.refresh_from_db()
    bkd = UserFactory(instansi=instansi, username="bkd.sibolga", first_name="Petugas BKD")
    pimpinan = UserFactory(instansi=instansi, username="sekda.sibolga", peran=User.Peran.PIMPINAN)
    other = InstansiFactory(nama="Pemerintah Kota Sawahlunto", kode="kota-sawahlunto")
    other_unit = UnitKerjaFactory(instansi=other, nama="Dinas Pendidikan", kode="DISDIK", jenis="dinas")
    other_jabatan = JabatanFactory(unit_kerja=other_unit, nama="Pengelola Data", jenis="pelaksana")
    other_pegawai = PegawaiFactory(jabatan=other_jabatan, nama="Dewi Chaniago")
    other_bkd = UserFactory(instansi=other, username="bkd.sawahlunto")
    return Organisasi(
        instansi=instansi,
        dinas=dinas,
        bidang=bidang,
        seksi=seksi,
        puskesmas=puskesmas,
        jabatan_kadis=j_kadis,
        jabatan_kabid=j_kabid,
        jabatan_kasi=j_kasi,
        jabatan_pelaksana=j_pelaksana,
        jabatan_kapus=j_kapus,
        jabatan_perawat=j_perawat,
        kepala_dinas=kadis,
        kepala_bidang=kabid,
        atasan=atasan,
        pegawai=pegawai,
        rekan=rekan,
        kepala_puskesmas=kapus,
        unrelated=unrelated,
        bkd=bkd,
        pimpinan=pimpinan,
        other_instansi=other,
        other_bkd=other_bkd,
        other_pegawai=other_pegawai,
    )


PERSONAS = ("pegawai", "atasan", "bkd", "unrelated", "other_bkd", "pimpinan", "anonymous")


def login_user(org: Organisasi, persona: str) -> User | None:
    """The login behind a persona name (None for anonymous)."""
    if persona == "anonymous":
        return None
    obj = getattr(org, persona)
    return obj.user if isinstance(obj, Pegawai) else obj


@pytest.fixture
def client_as(org: Organisasi):  # type: ignore[no-untyped-def]
    """client_as("atasan") → a Django test Client logged in as that persona."""

    def make(persona: str) -> Client:
        client = Client()
        user = login_user(org, persona)
        if user is not None:
            client.force_login(user)
        return client

    return make
