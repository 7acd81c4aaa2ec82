"""The allocation run end to end on the org fixture: create → run → rows with reasons → adjust →
approve (training records, needs, notifications) → a second approval refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from common.models import AuditLog, Notifikasi
from pelatihan.models import Alokasi, AlokasiPeserta, KebutuhanPelatihan, RiwayatPelatihan
from pelatihan.services.alokasi import (
    alokasi_batalkan,
    alokasi_buat,
    alokasi_jalankan,
    alokasi_sesuaikan,
    alokasi_setujui,
)
from tests.factories.pelatihan import TAHUN, program_buat
from tests.pelatihan._alokasi_helpers import ANGGARAN, skenario


def _jalankan(org, **kw):  # type: ignore[no-untyped-def]
    alokasi = alokasi_buat(
        actor=org.bkd, instansi=org.instansi, tahun=TAHUN, nama="Alokasi 2026", anggaran=ANGGARAN, **kw
    )
    return alokasi_jalankan(alokasi_id=alokasi.pk)


def _baris(alokasi: Alokasi) -> dict[int, AlokasiPeserta]:
    return {r.kebutuhan_id: r for r in AlokasiPeserta.objects.filter(alokasi=alokasi)}


def test_jalankan_setujui_ujung_ke_ujung(org, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    s = skenario(org)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        alokasi = alokasi_buat(
            actor=org.bkd, instansi=org.instansi, tahun=TAHUN, nama="Alokasi 2026", anggaran=ANGGARAN
        )
    assert len(callbacks) == 1  # the task ran (eagerly) after commit
    alokasi.refresh_from_db()
    assert (alokasi.status, alokasi.langkah, alokasi.progres) == (Alokasi.Status.SELESAI, "selesai", 100)
    assert alokasi.parameter["maks_program_per_pegawai"] == 2
    assert alokasi.nilai_objektif == Decimal("170.0000")
    assert alokasi.batas_lp == Decimal("170.0000")
    assert alokasi.gap_persen == Decimal("0")
    assert alokasi.hasil["biaya_terpakai"] == "3000000.00"
    assert {k["nama"]: k["terpilih"] for k in alokasi.hasil["kursi"]} == {
        "Program P1": 1,
        "Program P2": 1,
        "Program P3": 0,
    }
    baris = _baris(alokasi)
    assert len(baris) == 6
    r = baris[s.rekan_m3.pk]
    assert (r.terpilih, r.program_id, r.alasan, r.manfaat, r.biaya) == (
        True,
        s.p1.pk,
        "terpilih",
        Decimal("60.0000"),
        Decimal("2000000.00"),
    )
    assert r.alasan_data["bobot"] == 1.5
    assert (baris[s.pegawai_kinerja.pk].terpilih, baris[s.pegawai_kinerja.pk].program_id) == (True, s.p2.pk)
    kursi = baris[s.pegawai_m3.pk]
    assert (kursi.terpilih, kursi.alasan, kursi.program_id) == (False, "kursi", s.p1.pk)
    assert kursi.alasan_data["manfaat_terendah_terpilih"] == 60.0
    assert baris[s.unrelated_kinerja.pk].alasan == "tidak_memenuhi_syarat"
    assert baris[s.unrelated_kinerja.pk].alasan_data["program"] == [s.p2.pk]
    assert baris[s.pegawai_m1.pk].alasan == "tidak_memenuhi_syarat"
    assert baris[s.atasan_m8.pk].alasan == "tidak_ada_program"
    # a rerun of a finished run does nothing
    assert alokasi_jalankan(alokasi_id=alokasi.pk).selesai_pada == alokasi.selesai_pada

    # adjust: a note is required; the unrelated pegawai may not join P2; the pegawai takes P1
    with pytest.raises(ValidationError) as e:
        alokasi_sesuaikan(actor=org.bkd, peserta=baris[s.rekan_m3.pk], terpilih=False, catatan=" ")
    assert "catatan" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        alokasi_sesuaikan(actor=org.bkd, peserta=baris[s.pegawai_m3.pk], terpilih=True, catatan="Mendesak")
    assert "penuh" in e.value.message_dict["program"][0]
    with pytest.raises(ValidationError) as e:
        alokasi_sesuaikan(
            actor=org.bkd, peserta=baris[s.unrelated_kinerja.pk], terpilih=True, program=s.p2, catatan="Coba"
        )
    assert "syarat" in e.value.message_dict["program"][0]
    keluar = alokasi_sesuaikan(
        actor=org.bkd, peserta=baris[s.rekan_m3.pk], terpilih=False, catatan="Sedang tugas belajar"
    )
    assert (keluar.terpilih, keluar.alasan, keluar.disesuaikan, keluar.alasan_data["sebelumnya"]) == (
        False,
        "dikeluarkan_bkd",
        True,
        "terpilih",
    )
    masuk = alokasi_sesuaikan(
        actor=org.bkd, peserta=baris[s.pegawai_m3.pk], terpilih=True, catatan="Kepala dinas meminta"
    )
    assert (masuk.terpilih, masuk.alasan, masuk.program_id) == (True, "ditambahkan_bkd", s.p1.pk)
    # the budget now holds P1 + P2 = Rp 3 million; one more seat in P3 would exceed it
    assert AuditLog.objects.filter(object_id=alokasi.pk, ringkasan__startswith="Penyesuaian").count() == 2

    alokasi_setujui(actor=org.bkd, alokasi=alokasi)
    alokasi.refresh_from_db()
    assert alokasi.status == Alokasi.Status.DISETUJUI
    riwayat = RiwayatPelatihan.objects.filter(alokasi_peserta__alokasi=alokasi).order_by("program__kode")
    assert [
        (r.pegawai_id, r.program_id, r.status, r.jp, r.biaya, str(r.tanggal_mulai), str(r.tanggal_selesai))
        for r in riwayat
    ] == [
        (org.pegawai.pk, s.p1.pk, "terjadwal", Decimal("24.00"), Decimal("2000000.00"), "2026-01-01", "2026-12-31"),
        (org.pegawai.pk, s.p2.pk, "terjadwal", Decimal("24.00"), Decimal("1000000.00"), "2026-01-01", "2026-12-31"),
    ]
    assert set(
        KebutuhanPelatihan.objects.filter(status=KebutuhanPelatihan.Status.DIALOKASIKAN).values_list("pk", flat=True)
    ) == {s.pegawai_m3.pk, s.pegawai_kinerja.pk}
    kunci = f"alokasi:{alokasi.pk}:disetujui"
    assert list(
        Notifikasi.objects.filter(kunci__startswith=kunci).values_list("user_id", "isi").order_by("user_id")
    ) == sorted(
        [
            (org.pegawai.user_id, "Program P1; Program P2"),
            (org.atasan.user_id, f"{org.pegawai.nama}: Program P1; {org.pegawai.nama}: Program P2"),
        ]
    )
    with pytest.raises(ValidationError, match="sudah disetujui"):
        alokasi_setujui(actor=org.bkd, alokasi=alokasi)
    with pytest.raises(ValidationError):
        alokasi_sesuaikan(actor=org.bkd, peserta=keluar, terpilih=True, catatan="Terlambat")
    with pytest.raises(ValidationError):
        alokasi_batalkan(actor=org.bkd, alokasi=alokasi)


def test_kursi_dipakai_alokasi_lain_dan_anggaran(org) -> None:  # type: ignore[no-untyped-def]
    s = skenario(org)
    pertama = _jalankan(org)
    alokasi_setujui(actor=org.bkd, alokasi=pertama)
    # the first run took P1's only seat and the needs it chose are no longer open
    kedua = _jalankan(org, program_ids=[s.p1.pk])
    baris = _baris(kedua)
    assert kedua.hasil["kursi"] == [
        {"program": s.p1.pk, "nama": "Program P1", "kursi": 1, "terpakai_sebelumnya": 1, "terpilih": 0}
    ]
    assert baris[s.pegawai_m3.pk].alasan == "kursi"
    assert s.pegawai_kinerja.pk not in baris
    assert baris[s.pegawai_m1.pk].alasan == "tidak_ada_program"
    with pytest.raises(ValidationError) as e:
        alokasi_sesuaikan(actor=org.bkd, peserta=baris[s.pegawai_m3.pk], terpilih=True, catatan="Tambah")
    assert "penuh" in e.value.message_dict["program"][0]


def test_anggaran_kurang_saat_menambah(org) -> None:  # type: ignore[no-untyped-def]
    s = skenario(org)
    p4 = program_buat(org.instansi, "P4", membangun={"M1": 3}, biaya=400_000)
    alokasi = _jalankan(org)
    baris = _baris(alokasi)
    assert baris[s.pegawai_m1.pk].alasan == "anggaran"
    assert baris[s.pegawai_m1.pk].program_id == p4.pk
    with pytest.raises(ValidationError) as e:
        alokasi_sesuaikan(actor=org.bkd, peserta=baris[s.pegawai_m1.pk], terpilih=True, catatan="Tambah")
    assert "Anggaran tidak cukup" in e.value.message_dict["program"][0]
    with pytest.raises(ValidationError) as e:
        alokasi_sesuaikan(actor=org.bkd, peserta=baris[s.atasan_m8.pk], terpilih=True, catatan="Tambah")
    assert "program" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        alokasi_sesuaikan(actor=org.bkd, peserta=baris[s.pegawai_m1.pk], terpilih=True, program=s.p2, catatan="Tambah")
    assert "sama" in e.value.message_dict["program"][0]


def test_buat_validasi_dan_batal(org) -> None:  # type: ignore[no-untyped-def]
    s = skenario(org)
    with pytest.raises(ValidationError) as e:
        alokasi_buat(
            actor=org.bkd,
            instansi=org.other_instansi,
            tahun=1990,
            nama=" ",
            anggaran=Decimal(-1),
            program_ids=[s.p1.pk],
        )
    assert set(e.value.message_dict) == {"nama", "tahun", "anggaran", "program"}
    assert not Alokasi.objects.exists()
    alokasi = alokasi_buat(actor=org.bkd, instansi=org.instansi, tahun=TAHUN, nama="Batch", anggaran=Decimal(0))
    alokasi_batalkan(actor=org.bkd, alokasi=alokasi)
    alokasi.refresh_from_db()
    assert alokasi.status == Alokasi.Status.DIBATALKAN
    # a cancelled run is never claimed
    assert alokasi_jalankan(alokasi_id=alokasi.pk).status == Alokasi.Status.DIBATALKAN
    with pytest.raises(ValidationError):
        alokasi_setujui(actor=org.bkd, alokasi=alokasi)


def test_galat_menjadi_gagal(org, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    skenario(org)
    alokasi = alokasi_buat(actor=org.bkd, instansi=org.instansi, tahun=TAHUN, nama="X", anggaran=ANGGARAN)
    # a broken policy snapshot (not a number) fails the run with its message; a rerun repairs it
    Alokasi.objects.filter(pk=alokasi.pk).update(parameter={**alokasi.parameter, "maks_program_per_pegawai": "dua"})
    gagal = alokasi_jalankan(alokasi_id=alokasi.pk)
    assert gagal.status == Alokasi.Status.GAGAL
    assert "ValueError" in gagal.galat
    Alokasi.objects.filter(pk=alokasi.pk).update(parameter={**alokasi.parameter})
    assert alokasi_jalankan(alokasi_id=alokasi.pk).status == Alokasi.Status.SELESAI
