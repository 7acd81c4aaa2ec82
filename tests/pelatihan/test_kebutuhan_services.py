"""The needs derivation: one golden case per jenis, reruns, closing, and the constant query count;
target jabatan and the requests' workflow."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.models import AuditLog, Notifikasi
from pelatihan.models import KebutuhanPelatihan, PermintaanPelatihan, TargetJabatan
from pelatihan.services.kebutuhan import (
    kebutuhan_alasan,
    kebutuhan_turunkan,
    permintaan_ajukan,
    permintaan_batalkan,
    permintaan_tanggapi,
    target_jabatan_hapus,
    target_jabatan_set,
)
from penilaian.rules import Predikat
from tests.factories.pegawai import PegawaiFactory
from tests.factories.pelatihan import TAHUN, asesmen_buat, kompetensi, program_buat, riwayat_selesai, standar_set

from ._kebutuhan_helpers import needs, permintaan_buat, predikat_set, target_krs

pytestmark = pytest.mark.django_db


def _kunci(org, kode: str, jabatan=None) -> str:  # type: ignore[no-untyped-def]
    jabatan = jabatan or org.jabatan_pelaksana
    return f"kompetensi:{jabatan.pk}:{kompetensi(kode).pk}"


def test_each_jenis_gives_its_need_with_the_policy_priority(org):
    standar_set(org.jabatan_pelaksana, {"M1": 3, "M2": 2})
    standar_set(org.jabatan_kasi, {"M1": 4, "M4": 2})
    asesmen_buat(org.pegawai, {"M1": 1, "M2": 2}, tanggal=datetime.date(2025, 6, 1))
    riwayat_selesai(org.pegawai, 8)
    evaluasi = predikat_set(org.pegawai, Predikat.BUTUH_PERBAIKAN)
    predikat_set(org.rekan, Predikat.BAIK)
    target_krs(org.pegawai, org.jabatan_kasi)
    didukung = permintaan_buat(org.pegawai, status=PermintaanPelatihan.Status.DIDUKUNG)
    permintaan_buat(org.pegawai)  # not endorsed: no need
    latsar = program_buat(org.instansi, "LATSAR", wajib_jenis_jabatan=["pelaksana"])

    hasil = kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN, actor=org.bkd)

    assert needs(org.pegawai) == {
        # M1: required 3, assessed 1 → gap 2 → 50 + 2 × 10
        _kunci(org, "M1"): ("terbuka", 70),
        # M1 against the KRS target Kepala Seksi: 4 − 1 = 3 → 40 + 3 × 10; M4 never assessed: 40 + 2 × 10
        f"kompetensi_target:{org.jabatan_kasi.pk}:{kompetensi('M1').pk}": ("terbuka", 70),
        f"kompetensi_target:{org.jabatan_kasi.pk}:{kompetensi('M4').pk}": ("terbuka", 60),
        "kinerja": ("terbuka", 80),
        "jp": ("terbuka", 30),
        f"permintaan:{didukung.pk}": ("terbuka", 60),
        "wajib:LATSAR": ("terbuka", 70),
    }
    # the rekan was never assessed: M1 gap 3 → 80, M2 gap 2 → 70; rated Baik: no kinerja need
    assert needs(org.rekan) == {
        _kunci(org, "M1"): ("terbuka", 80),
        _kunci(org, "M2"): ("terbuka", 70),
        "jp": ("terbuka", 30),
        "wajib:LATSAR": ("terbuka", 70),
    }
    jp = KebutuhanPelatihan.objects.get(pegawai=org.pegawai, kunci="jp")
    assert jp.jp_kurang == Decimal("12.00")
    kinerja = KebutuhanPelatihan.objects.get(pegawai=org.pegawai, kunci="kinerja")
    assert kinerja.dasar == {"predikat": "butuh_perbaikan", "evaluasi": evaluasi.pk, "periode": evaluasi.periode.nama}
    wajib = KebutuhanPelatihan.objects.get(pegawai=org.pegawai, kunci="wajib:LATSAR")
    assert wajib.program_id == latsar.pk
    m1 = KebutuhanPelatihan.objects.get(pegawai=org.pegawai, kunci=_kunci(org, "M1"))
    assert (m1.level_dibutuhkan, m1.level_dicapai, m1.jabatan_id) == (3, 1, org.jabatan_pelaksana.pk)
    assert kebutuhan_alasan(m1) == (
        "Integritas: jabatan Pengadministrasi Umum membutuhkan level 3, dicapai level 1 (asesmen 2025-06-01); "
        "kurang 2 level"
    )
    # the 7 active pegawai of the instansi each lack JP; the other instansi is untouched
    assert KebutuhanPelatihan.objects.filter(kunci="jp").count() == 7
    assert not KebutuhanPelatihan.objects.filter(pegawai=org.other_pegawai).exists()
    assert hasil.baru == 7 + 11 + 2 - 2
    assert hasil.diperbarui == 0
    assert hasil.ditutup == 0
    assert hasil.terbuka == hasil.baru
    log = AuditLog.objects.filter(instansi_id=org.instansi.pk, ringkasan__startswith="Kebutuhan").get()
    assert log.perubahan["baru"] == hasil.baru


def test_rerun_is_idempotent_and_closed_gaps_close_the_need(org):
    standar_set(org.jabatan_pelaksana, {"M1": 3, "M2": 2})
    asesmen_buat(org.pegawai, {"M1": 1, "M2": 1})
    pertama = kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN)
    ids = set(KebutuhanPelatihan.objects.values_list("id", flat=True))
    kedua = kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN)
    assert set(KebutuhanPelatihan.objects.values_list("id", flat=True)) == ids
    assert (kedua.baru, kedua.diperbarui, kedua.ditutup, kedua.terbuka) == (0, pertama.baru, 0, pertama.terbuka)

    # M2 is allocated; a new assessment closes M1 and M2, a training brings 20 JP
    m2 = KebutuhanPelatihan.objects.get(pegawai=org.pegawai, kunci=_kunci(org, "M2"))
    KebutuhanPelatihan.objects.filter(pk=m2.pk).update(status=KebutuhanPelatihan.Status.DIALOKASIKAN)
    asesmen_buat(org.pegawai, {"M1": 3}, tanggal=datetime.date(TAHUN, 2, 1))
    program = program_buat(org.instansi, "KOM", membangun={"M2": 2})
    riwayat_selesai(org.pegawai, 20, program=program, tanggal=datetime.date(TAHUN, 3, 1))
    ketiga = kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN)
    assert ketiga.ditutup == 2  # M1 and jp; M2 is allocated and stays
    status = needs(org.pegawai)
    assert status[_kunci(org, "M1")][0] == "ditutup"
    assert status["jp"][0] == "ditutup"
    assert status[_kunci(org, "M2")][0] == "dialokasikan"
    tutup = KebutuhanPelatihan.objects.get(pegawai=org.pegawai, kunci="jp")
    assert tutup.ditutup_pada is not None
    assert tutup.alasan_tutup.startswith("Tidak ditemukan lagi")

    # the gap opens again (the standard rises): the same row reopens, not a copy
    standar_set(org.jabatan_pelaksana, {"M1": 4})
    kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN)
    m1 = KebutuhanPelatihan.objects.get(pegawai=org.pegawai, kunci=_kunci(org, "M1"))
    assert (m1.status, m1.ditutup_pada, m1.prioritas, m1.level_dicapai) == ("terbuka", None, 60, 3)


def test_completed_training_raises_the_effective_level(org):
    standar_set(org.jabatan_pelaksana, {"M1": 3})
    asesmen_buat(org.rekan, {"M1": 1})
    program = program_buat(org.instansi, "INT", membangun={"M1": 2})
    riwayat_selesai(org.rekan, 24, program=program)
    kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN)
    need = KebutuhanPelatihan.objects.get(pegawai=org.rekan, kunci=_kunci(org, "M1"))
    assert (need.level_dicapai, need.prioritas) == (2, 60)
    assert "(pelatihan 2026-03-10)" in kebutuhan_alasan(need)


def test_derivation_queries_do_not_grow_with_pegawai(org):
    standar_set(org.jabatan_pelaksana, {"M1": 3})
    standar_set(org.jabatan_kasi, {"M1": 4})
    program_buat(org.instansi, "LATSAR", wajib_jenis_jabatan=["pelaksana"])
    target_krs(org.pegawai, org.jabatan_kasi)
    predikat_set(org.pegawai, Predikat.KURANG)
    permintaan_buat(org.pegawai, status=PermintaanPelatihan.Status.DIDUKUNG)

    def hitung() -> int:
        with CaptureQueriesContext(connection) as ctx:
            kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN)
        return len(ctx.captured_queries)

    sedikit = hitung()
    for i in range(6):
        p = PegawaiFactory(jabatan=org.jabatan_pelaksana, nama=f"Tambahan {i}")
        asesmen_buat(p, {"M1": 1})
        target_krs(p, org.jabatan_kasi)
        permintaan_buat(p, status=PermintaanPelatihan.Status.DIDUKUNG)
    banyak = hitung()
    assert banyak == sedikit
    assert KebutuhanPelatihan.objects.filter(jenis="permintaan").count() == 7
    assert KebutuhanPelatihan.objects.filter(jenis="kompetensi_target").count() == 7


def test_alasan_of_every_jenis(org):
    def alasan(jenis: str, dasar: dict) -> str:  # type: ignore[type-arg]
        return kebutuhan_alasan(KebutuhanPelatihan(jenis=jenis, dasar=dasar))

    assert alasan(
        "kompetensi_target",
        {"kompetensi": "Integritas", "jabatan": "Kepala Seksi", "dibutuhkan": 4, "dicapai": 0, "sumber": "", "gap": 4},
    ) == ("Integritas: jabatan target Kepala Seksi membutuhkan level 4, belum pernah dinilai; kurang 4 level")
    assert alasan("kinerja", {"predikat": "kurang", "periode": "Triwulan I 2026"}) == (
        "Predikat kinerja Kurang/Misconduct pada Triwulan I 2026: perlu coaching, konseling atau pelatihan khusus"
    )
    assert alasan("jp", {"tercatat": "8.00", "minimal": 20, "kurang": "12.00"}) == (
        "JP tercatat tahun ini 8 dari minimal 20; kurang 12 JP"
    )
    # a JP sum read back from JSON with many digits reads as the user's number with two decimals
    assert alasan("jp", {"tercatat": "18.66000000000000", "minimal": 20, "kurang": "1.34000000000000"}) == (
        "JP tercatat tahun ini 18,66 dari minimal 20; kurang 1,34 JP"
    )
    assert alasan("jp", {"tercatat": "?", "minimal": 20, "kurang": ""}) == (
        "JP tercatat tahun ini ? dari minimal 20; kurang  JP"
    )
    assert alasan("permintaan", {"program": "", "kompetensi": "Komunikasi", "alasan": "pelayanan"}) == (
        "Permintaan Komunikasi didukung atasan: pelayanan"
    )
    assert alasan("wajib", {"program": "Latsar CPNS", "kode": "LATSAR"}) == (
        "Pelatihan wajib bagi jabatan ini: Latsar CPNS (LATSAR), belum pernah diselesaikan"
    )


def test_target_jabatan_set_upserts_and_keeps_the_stronger_source(org):
    krs = target_jabatan_set(actor=None, pegawai=org.pegawai, jabatan=org.jabatan_kasi, sumber="krs")
    sama = target_jabatan_set(actor=org.pegawai.user, pegawai=org.pegawai, jabatan=org.jabatan_kasi, sumber="pegawai")
    assert sama.pk == krs.pk
    assert sama.sumber == "krs"
    a = target_jabatan_set(actor=org.pegawai.user, pegawai=org.pegawai, jabatan=org.jabatan_kapus, sumber="pegawai")
    b = target_jabatan_set(actor=org.pegawai.user, pegawai=org.pegawai, jabatan=org.jabatan_kabid, sumber="pegawai")
    a.refresh_from_db()
    assert not a.is_active
    assert b.is_active
    bkd = target_jabatan_set(actor=org.bkd, pegawai=org.pegawai, jabatan=org.jabatan_kabid, sumber="bkd")
    assert bkd.pk == b.pk
    assert bkd.sumber == "bkd"
    with pytest.raises(ValidationError) as e:
        target_jabatan_set(actor=org.bkd, pegawai=org.pegawai, jabatan=org.jabatan_pelaksana, sumber="bkd")
    assert "jabatan" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        target_jabatan_set(actor=org.bkd, pegawai=org.pegawai, jabatan=org.jabatan_kasi, sumber="lain")
    assert "sumber" in e.value.message_dict
    other_jabatan = org.other_pegawai.jabatan
    with pytest.raises(ValidationError) as e:
        target_jabatan_set(actor=org.bkd, pegawai=org.pegawai, jabatan=other_jabatan, sumber="bkd")
    assert "jabatan" in e.value.message_dict
    target_jabatan_hapus(actor=org.bkd, target=bkd)
    assert not TargetJabatan.objects.filter(pk=bkd.pk).exists()


def test_request_workflow_notifies_and_locks(org):
    program = program_buat(org.instansi, "KOM", membangun={"M3": 3})
    p = permintaan_ajukan(actor=org.pegawai.user, pegawai=org.pegawai, tahun=TAHUN, program=program, alasan=" perlu ")
    assert p.alasan == "perlu"
    assert p.status == "diajukan"
    assert Notifikasi.objects.filter(user=org.atasan.user, kunci=f"permintaan-pelatihan:{p.pk}:diajukan").exists()
    with pytest.raises(ValidationError) as e:
        permintaan_tanggapi(actor=org.atasan.user, permintaan=p, dukung=False, tanggapan=" ")
    assert "tanggapan" in e.value.message_dict
    permintaan_tanggapi(actor=org.atasan.user, permintaan=p, dukung=False, tanggapan="Anggaran habis")
    p.refresh_from_db()
    assert (p.status, p.tanggapan, p.ditanggapi_oleh) == ("ditolak", "Anggaran habis", org.atasan.user)
    assert Notifikasi.objects.filter(user=org.pegawai.user, kunci=f"permintaan-pelatihan:{p.pk}:ditolak").exists()
    with pytest.raises(ValidationError) as e:
        permintaan_batalkan(actor=org.pegawai.user, permintaan=p)
    assert "status" in e.value.message_dict

    q = permintaan_ajukan(actor=None, pegawai=org.kepala_dinas, tahun=TAHUN, kompetensi=kompetensi("M2"), alasan="x")
    assert permintaan_batalkan(actor=None, permintaan=q).status == "dibatalkan"
    r = permintaan_ajukan(actor=None, pegawai=org.pegawai, tahun=TAHUN, kompetensi=kompetensi("M2"), alasan="x")
    assert permintaan_tanggapi(actor=org.bkd, permintaan=r, dukung=True).status == "didukung"


def test_request_bad_input_names_the_field(org):
    lain_tahun = program_buat(org.instansi, "OLD", tahun=TAHUN - 1)
    with pytest.raises(ValidationError) as e:
        permintaan_ajukan(actor=None, pegawai=org.pegawai, tahun=TAHUN, alasan="")
    assert set(e.value.message_dict) == {"program", "alasan"}
    with pytest.raises(ValidationError) as e:
        permintaan_ajukan(actor=None, pegawai=org.pegawai, tahun=TAHUN, program=lain_tahun, alasan="x")
    assert set(e.value.message_dict) == {"program"}
    from tests.factories.pelatihan import kompetensi_teknis

    teknis_lain = kompetensi_teknis(org.other_instansi)
    with pytest.raises(ValidationError) as e:
        permintaan_ajukan(actor=None, pegawai=org.pegawai, tahun=TAHUN, kompetensi=teknis_lain, alasan="x")
    assert set(e.value.message_dict) == {"kompetensi"}
    assert not PermintaanPelatihan.objects.exists()


def test_edges_pegawai_without_jabatan_or_login_and_users_without_pegawai(org):
    from django.contrib.auth.models import AnonymousUser

    from pegawai.models import Pegawai, User
    from pelatihan.selectors.kebutuhan import kebutuhan_list_for_user, kesenjangan_pegawai, permintaan_list_for_user
    from tests.factories.pegawai import UserFactory

    standar_set(org.jabatan_pelaksana, {"M1": 2})
    Pegawai.objects.filter(pk=org.rekan.pk).update(jabatan=None)
    org.rekan.refresh_from_db()
    kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN)
    assert set(needs(org.rekan)) == {"jp"}  # no jabatan: no competency need
    assert kesenjangan_pegawai(pegawai=org.rekan, tahun=TAHUN) == []

    tanpa_login = PegawaiFactory(jabatan=org.jabatan_pelaksana, nama="Tanpa Akun")
    Pegawai.objects.filter(pk=tanpa_login.pk).update(user=None)
    tanpa_login.refresh_from_db()
    p = permintaan_ajukan(actor=None, pegawai=tanpa_login, tahun=TAHUN, kompetensi=kompetensi("M2"), alasan="x")
    assert permintaan_tanggapi(actor=org.bkd, permintaan=p, dukung=True).status == "didukung"
    assert not Notifikasi.objects.filter(kunci=f"permintaan-pelatihan:{p.pk}:didukung").exists()

    polos = UserFactory(instansi=org.instansi, peran=User.Peran.PEGAWAI)
    for user in (AnonymousUser(), polos):
        assert not kebutuhan_list_for_user(user=user).exists()  # type: ignore[arg-type]
    assert not kebutuhan_list_for_user(user=polos, tim=True).exists()
    assert not permintaan_list_for_user(user=polos, saya=True, tim=True).exists()
    assert kebutuhan_list_for_user(user=org.bkd, status="terbuka", jenis="jp").count() == 7
    assert permintaan_list_for_user(user=org.bkd, tahun=TAHUN, status="didukung").get() == p


def test_small_batches_give_the_same_needs(org, monkeypatch):
    from pelatihan.services import kebutuhan as modul

    standar_set(org.jabatan_pelaksana, {"M1": 3, "M2": 2})
    target_krs(org.rekan, org.jabatan_kasi)
    standar_set(org.jabatan_kasi, {"M3": 2})
    kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN)
    semua = set(KebutuhanPelatihan.objects.values_list("pegawai_id", "kunci", "prioritas"))
    KebutuhanPelatihan.objects.all().delete()
    monkeypatch.setattr(modul, "BATCH_PEGAWAI", 2)
    hasil = kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN)
    assert set(KebutuhanPelatihan.objects.values_list("pegawai_id", "kunci", "prioritas")) == semua
    # JP for all 7; M1 and M2 for the two pelaksana; M3 for the Kepala Seksi and for the rekan's target
    assert hasil.baru == len(semua) == 7 + 2 * 2 + 1 + 1


def test_portable_upsert_stores_what_the_copy_path_stores(org, monkeypatch):
    from pelatihan.services import kebutuhan as modul

    standar_set(org.jabatan_pelaksana, {"M1": 3})
    asesmen_buat(org.pegawai, {"M1": 1})
    riwayat_selesai(org.rekan, 5)
    kolom = ("pegawai_id", "kunci", "prioritas", "dasar", "jp_kurang", "level_dicapai", "status")
    kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN)
    lewat_copy = set(map(str, KebutuhanPelatihan.objects.values_list(*kolom)))
    KebutuhanPelatihan.objects.all().delete()
    monkeypatch.setattr(modul._Penulis, "salin", False)
    kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN)
    kedua = kebutuhan_turunkan(instansi=org.instansi, tahun=TAHUN)
    assert set(map(str, KebutuhanPelatihan.objects.values_list(*kolom))) == lewat_copy
    assert kedua.baru == 0
