"""Model-level behaviour: display names, properties, and the constraints the database enforces."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from pegawai.models import ImporPegawai, Jabatan, Pegawai, RiwayatJabatan, User


def test_display_names(org):
    p = Pegawai.objects.get(pk=org.pegawai.pk)
    p.gelar_depan, p.gelar_belakang = "dr.", "M.Kes."
    assert str(p) == "dr. Siti Nasution, M.Kes."
    assert str(org.instansi) == "Pemerintah Kota Sibolga"
    assert str(org.seksi) == "Seksi Pelayanan Kesehatan Primer"
    assert str(org.jabatan_kasi) == "Kepala Seksi Pelayanan Kesehatan Primer"
    assert str(org.pegawai.golongan) == "II/c Pengatur"


def test_roles(org):
    assert (org.bkd.is_bkd, org.bkd.is_pimpinan) == (True, False)
    assert (org.pimpinan.is_bkd, org.pimpinan.is_pimpinan) == (False, True)
    assert (org.pegawai.user.is_bkd, org.pegawai.user.is_pimpinan) == (False, False)


def test_instansi_kebijakan_reads_the_overrides(org):
    org.instansi.kebijakan_data = {"rotasi_maksimal_tahun": 6}
    assert org.instansi.kebijakan.rotasi_maksimal_tahun == 6
    assert org.instansi.kebijakan.rotasi_minimal_tahun == 2


@pytest.mark.parametrize(
    ("status", "total", "done", "expected"),
    [
        (ImporPegawai.Status.MENUNGGU, 0, 0, 0),
        (ImporPegawai.Status.BERHASIL, 0, 0, 100),
        (ImporPegawai.Status.GAGAL, 0, 0, 100),
        (ImporPegawai.Status.BERJALAN, 400, 100, 25),
        (ImporPegawai.Status.BERJALAN, 3, 2, 66),
        (ImporPegawai.Status.BERHASIL, 10, 12, 100),
    ],
)
def test_import_progress_percent(status, total, done, expected):
    assert ImporPegawai(status=status, total_baris=total, baris_diproses=done).persen == expected


def _violates(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_database_constraints_hold_without_the_services(org):
    # the services refuse these with field errors; the database is the last line
    _violates(lambda: Jabatan.objects.filter(pk=org.jabatan_kasi.pk).update(atasan=org.jabatan_kasi))
    _violates(lambda: Jabatan.objects.filter(pk=org.jabatan_pelaksana.pk).update(kebutuhan=0))
    _violates(lambda: Jabatan.objects.filter(pk=org.jabatan_pelaksana.pk).update(is_kepala_unit=True))
    _violates(lambda: Jabatan.objects.filter(pk=org.jabatan_pelaksana.pk).update(jenjang="pemula"))
    _violates(lambda: Pegawai.objects.filter(pk=org.pegawai.pk).update(atasan=org.pegawai))
    _violates(lambda: Pegawai.objects.filter(pk=org.pegawai.pk).update(tmt_jabatan=None))
    _violates(lambda: Pegawai.objects.filter(pk=org.rekan.pk).update(nip=org.pegawai.nip))
    row = RiwayatJabatan.objects.get(pegawai=org.pegawai)
    _violates(
        lambda: RiwayatJabatan.objects.filter(pk=row.pk).update(tmt_selesai=row.tmt.replace(year=row.tmt.year - 1))
    )
    _violates(lambda: User.objects.create(username="tanpa-instansi", instansi=None))
