"""The allocation run end to end on the org fixture: create → run → rows with reasons → adjust →
approve (training records, needs, notifications) → a second approval refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError

from common.models import AuditLog, Notifikasi
from pegawai.models import Pegawai
from pelatihan.models import Alokasi, AlokasiPeserta, KebutuhanPelatihan, RiwayatPelatihan
from pelatihan.rules import JenisKebutuhan
from pelatihan.selectors.alokasi import alasan_teks
from pelatihan.services import alokasi as svc
from pelatihan.services.alokasi import (
    alokasi_batalkan,
    alokasi_buat,
    alokasi_jalankan,
    alokasi_sesuaikan,
    alokasi_setujui,
)
from tests.factories.pelatihan import TAHUN, program_buat
from tests.pelatihan._alokasi_helpers import ANGGARAN, kebutuhan_buat, skenario


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
    # 50 / Rp 0.4 million = 125 per million; the cut-off is the rekan's 1.5 × 60 / Rp 2 million = 45
    assert alasan_teks(baris[s.pegawai_m1.pk]) == (
        "Anggaran habis untuk kebutuhan dengan manfaat lebih tinggi "
        "(Program P4: manfaat 125.0 per Rp 1 juta, batas yang terpilih 45.0 per Rp 1 juta)"
    )
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


def test_setujui_memeriksa_kursi_yang_tersisa(org) -> None:  # type: ignore[no-untyped-def]
    s = skenario(org)
    pertama, kedua = _jalankan(org), _jalankan(org)
    # in the second run BKD gives P1's only seat to the pegawai instead of the rekan
    b = _baris(kedua)
    alokasi_sesuaikan(actor=org.bkd, peserta=b[s.rekan_m3.pk], terpilih=False, catatan="Tugas belajar")
    alokasi_sesuaikan(actor=org.bkd, peserta=b[s.pegawai_m3.pk], terpilih=True, catatan="Mendesak")
    # the first run is approved meanwhile and takes that seat for the rekan
    alokasi_setujui(actor=org.bkd, alokasi=pertama)
    with pytest.raises(ValidationError) as e:
        alokasi_setujui(actor=org.bkd, alokasi=kedua)
    assert e.value.messages == [
        "Kursi Program P1 tinggal 0 (dipakai alokasi lain yang sudah disetujui), sedangkan alokasi ini memilih "
        "1 peserta. Keluarkan sebagian peserta dahulu."
    ]
    kedua.refresh_from_db()
    assert kedua.status == Alokasi.Status.SELESAI
    assert not RiwayatPelatihan.objects.filter(alokasi_peserta__alokasi=kedua).exists()
    assert KebutuhanPelatihan.objects.get(pk=s.pegawai_m3.pk).status == KebutuhanPelatihan.Status.TERBUKA
    # with the row taken out the run fits (its other choice was allocated by the first run)
    alokasi_sesuaikan(actor=org.bkd, peserta=b[s.pegawai_m3.pk], terpilih=False, catatan="Kursi habis")
    assert alokasi_setujui(actor=org.bkd, alokasi=kedua).status == Alokasi.Status.DISETUJUI
    assert not RiwayatPelatihan.objects.filter(alokasi_peserta__alokasi=kedua).exists()


def test_pemberitahuan_tanpa_akun_atasan_atau_program(org) -> None:  # type: ignore[no-untyped-def]
    s = skenario(org)
    p9 = program_buat(org.instansi, "P9", membangun={"M8": 4}, biaya=100_000)
    alokasi = alokasi_buat(
        actor=org.bkd, instansi=org.instansi, tahun=TAHUN, nama="Lebar", anggaran=Decimal(10_000_000), kirim=False
    )
    alokasi = alokasi_jalankan(alokasi_id=alokasi.pk)
    assert {(r.pegawai_id, r.program_id) for r in AlokasiPeserta.objects.filter(alokasi=alokasi, terpilih=True)} == {
        (org.rekan.pk, s.p1.pk),
        (org.pegawai.pk, s.p2.pk),
        (org.atasan.pk, p9.pk),
    }
    # the rekan has no login; the pegawai has no atasan; P9 (the atasan's choice) was deleted since
    Pegawai.objects.filter(pk=org.rekan.pk).update(user=None)
    Pegawai.objects.filter(pk=org.pegawai.pk).update(atasan=None)
    p9.delete()
    alokasi_setujui(actor=org.bkd, alokasi=alokasi)
    assert sorted(
        Notifikasi.objects.filter(kunci__startswith=f"alokasi:{alokasi.pk}:").values_list("user_id", "isi")
    ) == sorted([(org.pegawai.user_id, "Program P2"), (org.atasan.user_id, f"{org.rekan.nama}: Program P1")])
    assert set(
        RiwayatPelatihan.objects.filter(alokasi_peserta__alokasi=alokasi).values_list("pegawai_id", "program_id")
    ) == {(org.rekan.pk, s.p1.pk), (org.pegawai.pk, s.p2.pk)}


def test_manfaat_jp_permintaan_wajib_dan_batas_pegawai(org) -> None:  # type: ignore[no-untyped-def]
    a = program_buat(org.instansi, "A", membangun={"M3": 3}, jp=24, biaya=100_000)
    b = program_buat(org.instansi, "B", jp=10, biaya=100_000)
    jp_isi = kebutuhan_buat(org.pegawai, JenisKebutuhan.JP, prioritas=50, jp_kurang=Decimal(20))
    jp_kosong = kebutuhan_buat(org.rekan, JenisKebutuhan.JP, prioritas=40)
    minta = kebutuhan_buat(org.pegawai, JenisKebutuhan.PERMINTAAN, prioritas=30, program=b)
    wajib = kebutuhan_buat(org.atasan, JenisKebutuhan.WAJIB, prioritas=60, kode="M3", level_dicapai=1)
    sudah = kebutuhan_buat(org.unrelated, JenisKebutuhan.WAJIB, prioritas=60, kode="M3", level_dicapai=3)
    kosong = kebutuhan_buat(org.kepala_puskesmas, JenisKebutuhan.WAJIB, prioritas=60)
    alokasi = alokasi_buat(
        actor=org.bkd, instansi=org.instansi, tahun=TAHUN, nama="JP", anggaran=Decimal(1_000_000), kirim=False
    )
    # no fairness groups here: the benefits alone decide
    Alokasi.objects.filter(pk=alokasi.pk).update(parameter={**alokasi.parameter, "keadilan_dimensi": []})
    baris = _baris(alokasi_jalankan(alokasi_id=alokasi.pk))
    # JP: 50 × min(24, 20) / 20; without a shortfall the policy's 20 JP: 40 × 20 / 20; a request: its
    # programme only; wajib: a programme building the kompetensi past the level reached
    assert {
        k: (baris[k.pk].program_id, baris[k.pk].manfaat, baris[k.pk].alasan) for k in (jp_isi, jp_kosong, minta, wajib)
    } == {
        jp_isi: (a.pk, Decimal("50.0000"), "terpilih"),
        jp_kosong: (a.pk, Decimal("40.0000"), "terpilih"),
        minta: (b.pk, Decimal("30.0000"), "terpilih"),
        wajib: (a.pk, Decimal("60.0000"), "terpilih"),
    }
    assert (baris[sudah.pk].alasan, baris[kosong.pk].alasan) == ("tidak_ada_program", "tidak_ada_program")

    # one programme per pegawai: the pegawai keeps the larger benefit, and the reason says why
    satu = alokasi_buat(
        actor=org.bkd, instansi=org.instansi, tahun=TAHUN, nama="Satu", anggaran=Decimal(1_000_000), kirim=False
    )
    Alokasi.objects.filter(pk=satu.pk).update(
        parameter={**satu.parameter, "keadilan_dimensi": [], "maks_program_per_pegawai": 1}
    )
    r = _baris(alokasi_jalankan(alokasi_id=satu.pk))[minta.pk]
    assert (r.terpilih, r.alasan) == (False, "batas_pegawai")
    assert alasan_teks(r) == "Pegawai sudah mendapat jumlah program maksimal (maksimal 1 program per pegawai)"


def test_buat_anggaran_terlalu_besar_dan_tanpa_kirim(org, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as e:
        alokasi_buat(actor=org.bkd, instansi=org.instansi, tahun=TAHUN, nama="Besar", anggaran=Decimal("1e14"))
    assert e.value.message_dict == {"anggaran": ["Anggaran terlalu besar."]}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        alokasi = alokasi_buat(
            actor=org.bkd, instansi=org.instansi, tahun=TAHUN, nama="Diam", anggaran=Decimal(0), kirim=False
        )
    assert not callbacks
    assert alokasi.status == Alokasi.Status.MENUNGGU


def test_galat_basis_data_sementara_mengembalikan_alokasi(org, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    skenario(org)
    alokasi = alokasi_buat(actor=org.bkd, instansi=org.instansi, tahun=TAHUN, nama="X", anggaran=ANGGARAN, kirim=False)

    def putus(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("koneksi putus")

    monkeypatch.setattr(svc, "alokasi_selesaikan", putus)
    with pytest.raises(OperationalError):
        alokasi_jalankan(alokasi_id=alokasi.pk)
    alokasi.refresh_from_db()
    # given back for the task's retry, not failed
    assert (alokasi.status, alokasi.langkah) == (Alokasi.Status.MENUNGGU, "selesaikan")


def test_ringkasan_names_fairness_groups_in_the_users_language(org) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    from pelatihan.selectors.alokasi import ringkasan

    baris = {"pegawai_pool": 1, "porsi_pool": 50.0, "wajib": 0.4, "tercapai": 1}
    alokasi = Alokasi.objects.create(
        instansi=org.instansi,
        tahun=TAHUN,
        nama="Uji label",
        anggaran=Decimal(0),
        hasil={
            "kelompok": [
                {"dimensi": "jenis_kelamin", "kelompok": "P", "nama": "P", **baris},
                {"dimensi": "kelompok_usia", "kelompok": "<30", "nama": "<30", **baris},
                {"dimensi": "golongan", "kelompok": "III", "nama": "III", **baris},
            ]
        },
    )
    with translation.override("en"):
        kelompok = [(str(g["dimensi_label"]), g["nama_label"]) for g in ringkasan(alokasi=alokasi)["kelompok"]]
    assert kelompok == [
        ("Gender", "Female"),
        ("Age group", "< 30 years"),
        ("Golongan", "III"),
    ]
