"""Factories for pegawai/. They build through the services so that paths, riwayat and the derived
atasan are exactly what the product would produce."""

from __future__ import annotations

import datetime
import importlib
import itertools
from typing import Any

import factory
from django.apps import apps as django_apps

from pegawai import services
from pegawai.models import (
    Golongan,
    HukumanDisiplin,
    Instansi,
    Jabatan,
    Pegawai,
    Pendidikan,
    RiwayatJabatan,
    RiwayatPangkat,
    RiwayatPendidikan,
    UnitKerja,
    User,
)
from pegawai.rules import add_years, nik_build, nip_build

_seq = itertools.count(1)


def golongan_reference_ensure() -> None:
    """Golongan is reference data loaded by a migration. A transactional test (browser, broker)
    empties every table when it ends, so the tests that run after one load it again."""
    if not Golongan.objects.exists():
        migration = importlib.import_module("pegawai.migrations.0002_golongan_reference")
        migration.load(django_apps, None)


def golongan(kode: str, jenis_asn: str = "PNS") -> Golongan:
    golongan_reference_ensure()
    return Golongan.objects.get(jenis_asn=jenis_asn, kode=kode)


class InstansiFactory(factory.django.DjangoModelFactory[Instansi]):
    class Meta:
        model = Instansi
        django_get_or_create = ("kode",)
        skip_postgeneration_save = True

    nama = factory.Sequence(lambda n: f"Pemerintah Kota Uji {n}")
    kode = factory.Sequence(lambda n: f"kota-uji-{n}")


class UnitKerjaFactory(factory.django.DjangoModelFactory[UnitKerja]):
    class Meta:
        model = UnitKerja
        skip_postgeneration_save = True

    instansi = factory.SubFactory(InstansiFactory)
    nama = factory.Sequence(lambda n: f"Dinas Uji {n}")
    kode = factory.Sequence(lambda n: f"U{n:04d}")
    jenis = UnitKerja.Jenis.DINAS
    parent = None
    is_unit_layanan = False

    @classmethod
    def _create(cls, model_class: type[UnitKerja], *args: Any, **kwargs: Any) -> UnitKerja:
        return services.unit_kerja_create(actor=None, **kwargs)


class JabatanFactory(factory.django.DjangoModelFactory[Jabatan]):
    class Meta:
        model = Jabatan
        skip_postgeneration_save = True

    unit_kerja = factory.SubFactory(UnitKerjaFactory)
    instansi = factory.LazyAttribute(lambda o: o.unit_kerja.instansi)
    nama = factory.Sequence(lambda n: f"Pengadministrasi Umum {n}")
    jenis = Jabatan.Jenis.PELAKSANA
    atasan = None
    kebutuhan = 1

    @classmethod
    def _create(cls, model_class: type[Jabatan], *args: Any, **kwargs: Any) -> Jabatan:
        return services.jabatan_create(actor=None, **kwargs)


class PegawaiFactory(factory.django.DjangoModelFactory[Pegawai]):
    """A PNS with a consistent NIP, NIK, golongan and jabatan. Password: ``rahasia-uji``."""

    class Meta:
        model = Pegawai
        skip_postgeneration_save = True

    class Params:
        urutan = factory.LazyFunction(lambda: next(_seq))

    jabatan = factory.SubFactory(JabatanFactory)
    instansi = factory.LazyAttribute(lambda o: o.jabatan.instansi if o.jabatan else InstansiFactory())
    unit_kerja = factory.LazyAttribute(lambda o: o.jabatan.unit_kerja if o.jabatan else None)
    jenis_asn = "PNS"
    nama = factory.Faker("name", locale="id_ID")
    jenis_kelamin = factory.LazyAttribute(lambda o: "L" if o.urutan % 2 else "P")
    tanggal_lahir = factory.LazyAttribute(
        lambda o: datetime.date(1975 + o.urutan % 20, 1 + o.urutan % 12, 1 + o.urutan % 28)
    )
    tmt_cpns = factory.LazyAttribute(lambda o: datetime.date(o.tanggal_lahir.year + 25, 3, 1))
    nip = factory.LazyAttribute(
        lambda o: nip_build(
            tanggal_lahir=o.tanggal_lahir,
            tmt_cpns=o.tmt_cpns,
            jenis_kelamin=o.jenis_kelamin,
            urutan=o.urutan % 999 + 1,
        )
    )
    nik = factory.LazyAttribute(
        lambda o: nik_build(
            kode_wilayah="127101",
            tanggal_lahir=o.tanggal_lahir,
            jenis_kelamin=o.jenis_kelamin,
            urutan=o.urutan % 9999 + 1,
        )
    )
    pendidikan_terakhir = "S1"
    golongan = factory.LazyFunction(lambda: golongan("III/a"))
    tmt_golongan = factory.LazyAttribute(lambda o: o.tmt_cpns)
    tmt_jabatan = factory.LazyAttribute(lambda o: o.tmt_cpns if o.jabatan else None)
    password = "rahasia-uji"

    @classmethod
    def _create(cls, model_class: type[Pegawai], *args: Any, **kwargs: Any) -> Pegawai:
        return services.pegawai_create(actor=None, **kwargs)


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A BKD officer by default. Password: ``rahasia-uji``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    instansi = factory.SubFactory(InstansiFactory)
    username = factory.Sequence(lambda n: f"petugas{n}")
    password = "rahasia-uji"
    peran = User.Peran.BKD

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        return services.user_create(**kwargs)


class RiwayatPangkatFactory(factory.django.DjangoModelFactory[RiwayatPangkat]):
    """A rank in the history (through riwayat_pangkat_create, so a later TMT becomes current)."""

    class Meta:
        model = RiwayatPangkat
        skip_postgeneration_save = True

    pegawai = factory.SubFactory(PegawaiFactory)
    golongan = factory.LazyFunction(lambda: golongan("III/b"))
    tmt = factory.LazyAttribute(lambda o: add_years(o.pegawai.tmt_golongan, 4))
    jenis = RiwayatPangkat.Jenis.REGULER

    @classmethod
    def _create(cls, model_class: type[RiwayatPangkat], *args: Any, **kwargs: Any) -> RiwayatPangkat:
        return services.riwayat_pangkat_create(actor=None, **kwargs)


class RiwayatJabatanFactory(factory.django.DjangoModelFactory[RiwayatJabatan]):
    """A past position, closed before the current one."""

    class Meta:
        model = RiwayatJabatan
        skip_postgeneration_save = True

    pegawai = factory.SubFactory(PegawaiFactory)
    nama_jabatan = "Pengelola Data"
    nama_unit = "Sekretariat"
    jenis_jabatan = Jabatan.Jenis.PELAKSANA
    tmt = factory.LazyAttribute(lambda o: o.pegawai.tmt_cpns)
    tmt_selesai = factory.LazyAttribute(lambda o: add_years(o.tmt, 2))

    @classmethod
    def _create(cls, model_class: type[RiwayatJabatan], *args: Any, **kwargs: Any) -> RiwayatJabatan:
        return services.riwayat_jabatan_create(actor=None, **kwargs)


class RiwayatPendidikanFactory(factory.django.DjangoModelFactory[RiwayatPendidikan]):
    class Meta:
        model = RiwayatPendidikan
        skip_postgeneration_save = True

    pegawai = factory.SubFactory(PegawaiFactory)
    tingkat = Pendidikan.S1
    jurusan = "Administrasi Negara"
    institusi = "Universitas Sumatera Utara"
    tahun_lulus = factory.LazyAttribute(lambda o: o.pegawai.tanggal_lahir.year + 22)

    @classmethod
    def _create(cls, model_class: type[RiwayatPendidikan], *args: Any, **kwargs: Any) -> RiwayatPendidikan:
        return services.riwayat_pendidikan_create(actor=None, **kwargs)


class HukumanDisiplinFactory(factory.django.DjangoModelFactory[HukumanDisiplin]):
    """A hukdis sedang (25% tukin cut for 6 months) by default."""

    class Meta:
        model = HukumanDisiplin
        skip_postgeneration_save = True

    pegawai = factory.SubFactory(PegawaiFactory)
    tingkat = HukumanDisiplin.Tingkat.SEDANG
    jenis = HukumanDisiplin.Jenis.POTONG_TUKIN_6
    tmt_mulai = datetime.date(2024, 1, 1)
    tmt_selesai = factory.LazyAttribute(lambda o: o.tmt_mulai + datetime.timedelta(days=181))
    nomor_sk = factory.Sequence(lambda n: f"800/{n}/BKPSDM/2024")

    @classmethod
    def _create(cls, model_class: type[HukumanDisiplin], *args: Any, **kwargs: Any) -> HukumanDisiplin:
        return services.hukuman_disiplin_create(actor=None, **kwargs)


def urutan_ulang(*labels: str) -> None:
    """Restart the id sequences of the apps ``labels`` after their highest id, so that two demo
    builds from the same state get the same ids (the demo atasan is the first by unit path, a
    text of ids)."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    models = [m for label in labels for m in apps.get_app_config(label).get_models()]
    if connection.vendor == "postgresql":
        sql = connection.ops.sequence_reset_sql(no_style(), models)
    else:
        sql = connection.ops.sequence_reset_by_name_sql(
            no_style(), [{"table": m._meta.db_table, "column": "id"} for m in models]
        )
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)


def pppk_buat(jabatan: Jabatan, **extra: Any) -> Pegawai:
    """Nur Aisyah, a PPPK (golongan VII) with a valid NIP, born 13 September 1990, TMT 1 February
    2025, holding ``jabatan``."""
    data: dict[str, Any] = {
        "jabatan": jabatan,
        "nama": "Nur Aisyah",
        "jenis_asn": "PPPK",
        "nip": "199009132025242014",
        "tanggal_lahir": datetime.date(1990, 9, 13),
        "jenis_kelamin": "P",
        "nik": "",
        "tmt_cpns": datetime.date(2025, 2, 1),
        "golongan": golongan("VII", "PPPK"),
        **extra,
    }
    return PegawaiFactory(**data)
