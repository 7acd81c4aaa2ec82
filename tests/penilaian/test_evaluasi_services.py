"""Services of the evaluation: realisasi and capaian, bukti dukung checks, feedback, the rating
through the matrix (every cell), the unit leader rule, and the keberatan workflow."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from common.models import AuditLog, Notifikasi
from penilaian.models import SKP, EvaluasiKinerja, Keberatan, Periode, PredikatUnit, Realisasi
from penilaian.rules import Predikat, PredikatOrganisasi, Rating
from penilaian.selectors import evaluasi as sel
from penilaian.services import evaluasi as svc
from tests.factories.penilaian import evaluasi_of, indikator_list, skp_build
from tests.penilaian._evaluasi_helpers import dunia_fixture, exe, jpg, office, pdf, png  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


# ---------------------------------------------------------------------------------------------
# Realisasi


def test_capaian_golden_higher_and_lower_is_better(org, dunia):
    berkas, waktu, kualitatif, laporan = indikator_list(dunia.skp)
    user = org.pegawai.user
    r1 = svc.realisasi_simpan(actor=user, indikator=berkas, periode=dunia.q4, nilai=Decimal("90"), catatan="ok")
    r2 = svc.realisasi_simpan(actor=user, indikator=waktu, periode=dunia.q4, nilai=Decimal("2.4"))
    r3 = svc.realisasi_simpan(actor=user, indikator=laporan, periode=dunia.q4, nilai=Decimal("13"))
    # 90/120 = 75.00; lower is better: (2 − 2.4/3) × 100 = 120.00; 13/12 = 108.333… → 108.33
    assert (r1.capaian, r2.capaian, r3.capaian) == (Decimal("75.00"), Decimal("120.00"), Decimal("108.33"))
    r4 = svc.realisasi_simpan(
        actor=user, indikator=kualitatif, periode=dunia.q4, nilai_kualitatif=" Tidak ada keluhan "
    )
    assert r4.capaian is None
    assert r4.nilai_kualitatif == "Tidak ada keluhan"
    # upsert on (indikator, periode): the second call changes the row, with an audit of the change
    again = svc.realisasi_simpan(actor=user, indikator=berkas, periode=dunia.q4, nilai=Decimal("150"))
    assert again.pk == r1.pk
    assert again.capaian == Decimal("125.00")
    assert Realisasi.objects.filter(indikator=berkas).count() == 1
    audit = AuditLog.objects.filter(object_id=r1.pk, aksi="update").get()
    assert audit.perubahan["nilai"] == {"lama": "90.00", "baru": "150"}
    # saving the same values again writes nothing
    svc.realisasi_simpan(actor=user, indikator=berkas, periode=dunia.q4, nilai=Decimal("150"))
    assert AuditLog.objects.filter(object_id=r1.pk, aksi="update").count() == 1


def test_realisasi_refusals(org, dunia):
    berkas, _waktu, kualitatif, _laporan = indikator_list(dunia.skp)
    user = org.pegawai.user
    with pytest.raises(PermissionDenied):
        svc.realisasi_simpan(actor=org.atasan.user, indikator=berkas, periode=dunia.q4, nilai=Decimal(1))
    with pytest.raises(ValidationError) as e:
        svc.realisasi_simpan(actor=user, indikator=berkas, periode=dunia.q4, nilai=Decimal("-1"))
    assert "nilai" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        svc.realisasi_simpan(actor=user, indikator=berkas, periode=dunia.q4, nilai=None)
    assert "nilai" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        svc.realisasi_simpan(actor=user, indikator=berkas, periode=dunia.q4, nilai="abc")  # type: ignore[arg-type]
    assert "nilai" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        svc.realisasi_simpan(actor=user, indikator=kualitatif, periode=dunia.q4, nilai_kualitatif="  ")
    assert "nilai_kualitatif" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        svc.realisasi_simpan(actor=user, indikator=berkas, periode=dunia.tahunan, nilai=Decimal(1))
    assert "tahunan" in e.value.message_dict["periode"][0]
    Periode.objects.filter(pk=dunia.berkala[0].pk).update(status=Periode.Status.DITUTUP)
    dunia.berkala[0].refresh_from_db()
    with pytest.raises(ValidationError) as e:
        svc.realisasi_simpan(actor=user, indikator=berkas, periode=dunia.berkala[0], nilai=Decimal(1))
    assert "ditutup" in e.value.message_dict["periode"][0]
    lain = Periode.objects.create(
        instansi=org.other_instansi,
        tahun=2026,
        jenis="triwulanan",
        nomor=4,
        tanggal_mulai=datetime.date(2026, 10, 1),
        tanggal_selesai=datetime.date(2026, 12, 31),
    )
    with pytest.raises(ValidationError) as e:
        svc.realisasi_simpan(actor=user, indikator=berkas, periode=lain, nilai=Decimal(1))
    assert "periode" in e.value.message_dict
    SKP.objects.filter(pk=dunia.skp.pk).update(status=SKP.Status.DIAJUKAN)
    berkas.refresh_from_db()
    with pytest.raises(ValidationError) as e:
        svc.realisasi_simpan(actor=user, indikator=berkas, periode=dunia.q4, nilai=Decimal(1))
    assert "disetujui" in e.value.message_dict["indikator"][0]


# ---------------------------------------------------------------------------------------------
# Bukti dukung


@pytest.fixture
def realisasi(org, dunia):  # type: ignore[no-untyped-def]
    return svc.realisasi_simpan(
        actor=org.pegawai.user, indikator=indikator_list(dunia.skp)[0], periode=dunia.q4, nilai=Decimal(10)
    )


@pytest.mark.parametrize(
    "berkas",
    [
        pytest.param(lambda: pdf(), id="pdf"),
        pytest.param(lambda: png(), id="png"),
        pytest.param(lambda: jpg(), id="jpg"),
        pytest.param(lambda: jpg("foto.JPEG"), id="jpeg"),
        pytest.param(lambda: office("data.xlsx", "xl/workbook.xml"), id="xlsx"),
        pytest.param(lambda: office("surat.docx", "word/document.xml"), id="docx"),
    ],
)
def test_bukti_accepted_types(org, realisasi, berkas):
    obj = svc.bukti_tambah(actor=org.pegawai.user, realisasi=realisasi, berkas=berkas())
    assert obj.berkas.name.startswith("bukti/")
    assert obj.ukuran > 0
    assert AuditLog.objects.filter(object_id=obj.pk, aksi="create").exists()


@pytest.mark.parametrize(
    ("berkas", "pesan"),
    [
        pytest.param(lambda: exe("program.pdf"), "tidak sesuai", id="exe-renamed-pdf"),
        pytest.param(lambda: exe("program.exe"), "tidak diizinkan", id="exe"),
        pytest.param(lambda: png("foto.pdf"), "tidak sesuai", id="png-as-pdf"),
        pytest.param(lambda: office("data.xlsx", "word/document.xml"), "tidak sesuai", id="docx-as-xlsx"),
        pytest.param(lambda: office("x.docx", "lain.xml"), "tidak sesuai", id="zip-not-office"),
        pytest.param(lambda: pdf("README"), "tidak diizinkan", id="no-extension"),
        pytest.param(lambda: pdf("besar.pdf", ukuran=1024 + 1), "melebihi", id="too-large"),
    ],
)
def test_bukti_refused(org, realisasi, settings, berkas, pesan):
    settings.BUKTI_UKURAN_MAKSIMAL = 1024
    with pytest.raises(ValidationError) as e:
        svc.bukti_tambah(actor=org.pegawai.user, realisasi=realisasi, berkas=berkas())
    assert pesan in e.value.message_dict["berkas"][0]


def test_bukti_size_limit_default_and_broken_zip(org, realisasi):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ok = svc.bukti_tambah(actor=org.pegawai.user, realisasi=realisasi, berkas=pdf(ukuran=5 * 1024 * 1024))
    assert ok.ukuran == 5 * 1024 * 1024
    with pytest.raises(ValidationError):
        svc.bukti_tambah(actor=org.pegawai.user, realisasi=realisasi, berkas=pdf(ukuran=5 * 1024 * 1024 + 1))
    rusak = SimpleUploadedFile("x.xlsx", b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(ValidationError):
        svc.bukti_tambah(actor=org.pegawai.user, realisasi=realisasi, berkas=rusak)
    with pytest.raises(ValidationError) as e:
        svc.bukti_tambah(actor=org.pegawai.user, realisasi=realisasi, berkas=SimpleUploadedFile("k.pdf", b""))
    assert "kosong" in e.value.message_dict["berkas"][0]


def test_bukti_link_and_delete(org, realisasi, django_capture_on_commit_callbacks):
    user = org.pegawai.user
    link = svc.bukti_tambah(actor=user, realisasi=realisasi, tautan="https://drive.example.id/berkas/1")
    assert link.tautan
    assert not link.berkas
    with pytest.raises(ValidationError) as e:
        svc.bukti_tambah(actor=user, realisasi=realisasi, tautan="ftp://x")
    assert "tautan" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        svc.bukti_tambah(actor=user, realisasi=realisasi)
    assert "berkas" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        svc.bukti_tambah(actor=user, realisasi=realisasi, berkas=pdf(), tautan="https://x.id")
    assert "tautan" in e.value.message_dict
    with pytest.raises(PermissionDenied):
        svc.bukti_tambah(actor=org.atasan.user, realisasi=realisasi, tautan="https://x.id")
    berkas = svc.bukti_tambah(actor=user, realisasi=realisasi, berkas=pdf())
    storage, name = berkas.berkas.storage, berkas.berkas.name
    assert storage.exists(name)
    with pytest.raises(PermissionDenied):
        svc.bukti_hapus(actor=org.atasan.user, bukti=berkas)
    with django_capture_on_commit_callbacks(execute=True):
        svc.bukti_hapus(actor=user, bukti=berkas)
    assert not storage.exists(name)
    svc.bukti_hapus(actor=user, bukti=link)
    assert realisasi.bukti.count() == 0


# ---------------------------------------------------------------------------------------------
# Feedback


def test_umpan_balik_both_ways_notifies_the_other(org, dunia):
    rhk = dunia.skp.rhk.first()
    a = svc.umpan_balik_tambah(actor=org.atasan.user, rhk=rhk, periode=dunia.q4, isi="Percepat laporan.")
    b = svc.umpan_balik_tambah(actor=org.pegawai.user, rhk=rhk, periode=None, isi="Siap, Pak.")
    assert [u.pk for u in sel.umpan_balik_thread(rhk)] == [a.pk, b.pk]
    assert Notifikasi.objects.filter(user=org.pegawai.user, kunci=f"umpan-balik:{a.pk}").exists()
    assert Notifikasi.objects.filter(user=org.atasan.user, kunci=f"umpan-balik:{b.pk}").exists()
    with pytest.raises(PermissionDenied):
        svc.umpan_balik_tambah(actor=org.rekan.user, rhk=rhk, isi="x")
    with pytest.raises(PermissionDenied):
        svc.umpan_balik_tambah(actor=org.bkd, rhk=rhk, isi="x")
    with pytest.raises(ValidationError) as e:
        svc.umpan_balik_tambah(actor=org.atasan.user, rhk=rhk, isi="  ")
    assert "isi" in e.value.message_dict
    lain = Periode.objects.create(
        instansi=org.instansi,
        tahun=2025,
        jenis="tahunan",
        nomor=1,
        tanggal_mulai=datetime.date(2025, 1, 1),
        tanggal_selesai=datetime.date(2025, 12, 31),
    )
    with pytest.raises(ValidationError) as e:
        svc.umpan_balik_tambah(actor=org.atasan.user, rhk=rhk, periode=lain, isi="x")
    assert "periode" in e.value.message_dict


# ---------------------------------------------------------------------------------------------
# Rating


MATRIKS = [
    (Rating.DI_ATAS, Rating.DI_BAWAH, Predikat.KURANG),
    (Rating.DI_ATAS, Rating.SESUAI, Predikat.BAIK),
    (Rating.DI_ATAS, Rating.DI_ATAS, Predikat.SANGAT_BAIK),
    (Rating.SESUAI, Rating.DI_BAWAH, Predikat.KURANG),
    (Rating.SESUAI, Rating.SESUAI, Predikat.BAIK),
    (Rating.SESUAI, Rating.DI_ATAS, Predikat.BAIK),
    (Rating.DI_BAWAH, Rating.DI_BAWAH, Predikat.SANGAT_KURANG),
    (Rating.DI_BAWAH, Rating.SESUAI, Predikat.BUTUH_PERBAIKAN),
    (Rating.DI_BAWAH, Rating.DI_ATAS, Predikat.BUTUH_PERBAIKAN),
]


@pytest.mark.parametrize(("hasil_kerja", "perilaku", "predikat"), MATRIKS)
def test_rating_every_matrix_cell(org, dunia, hasil_kerja, perilaku, predikat):
    ev = svc.evaluasi_nilai(
        actor=org.atasan.user, evaluasi=dunia.ev, rating_hasil_kerja=hasil_kerja, rating_perilaku=perilaku, catatan="c"
    )
    ev.refresh_from_db()
    assert (ev.predikat_matriks, ev.predikat, ev.status) == (predikat, predikat, EvaluasiKinerja.Status.DINILAI)
    assert ev.dinilai_oleh == org.atasan.user
    assert ev.dinilai_pada is not None
    assert ev.catatan_penilai == "c"
    assert AuditLog.objects.filter(object_id=ev.pk, aksi="update").exists()
    assert Notifikasi.objects.filter(user=org.pegawai.user, kunci__startswith=f"evaluasi-nilai:{ev.pk}:").exists()


def test_rating_refusals(org, dunia):
    for actor in (org.pegawai.user, org.kepala_bidang.user, org.bkd):
        with pytest.raises(PermissionDenied):
            svc.evaluasi_nilai(actor=actor, evaluasi=dunia.ev, rating_hasil_kerja="sesuai", rating_perilaku="sesuai")
    with pytest.raises(ValidationError) as e:
        svc.evaluasi_nilai(actor=org.atasan.user, evaluasi=dunia.ev, rating_hasil_kerja="x", rating_perilaku="y")
    assert set(e.value.message_dict) == {"rating_hasil_kerja", "rating_perilaku"}
    EvaluasiKinerja.objects.filter(pk=dunia.ev.pk).update(status=EvaluasiKinerja.Status.FINAL)
    with pytest.raises(ValidationError) as e:
        svc.evaluasi_nilai(
            actor=org.atasan.user, evaluasi=dunia.ev, rating_hasil_kerja="sesuai", rating_perilaku="sesuai"
        )
    assert "final" in e.value.messages[0]
    EvaluasiKinerja.objects.filter(pk=dunia.ev.pk).update(status=EvaluasiKinerja.Status.KEBERATAN)
    with pytest.raises(ValidationError):
        svc.evaluasi_nilai(
            actor=org.atasan.user, evaluasi=dunia.ev, rating_hasil_kerja="sesuai", rating_perilaku="sesuai"
        )
    EvaluasiKinerja.objects.filter(pk=dunia.ev.pk).update(status=EvaluasiKinerja.Status.BELUM_DINILAI)
    SKP.objects.filter(pk=dunia.skp.pk).update(status=SKP.Status.DRAFT)
    with pytest.raises(ValidationError) as e:
        svc.evaluasi_nilai(
            actor=org.atasan.user, evaluasi=dunia.ev, rating_hasil_kerja="sesuai", rating_perilaku="sesuai"
        )
    assert "SKP" in e.value.messages[0]


def test_rating_without_linked_skp_finds_the_year_plan(org, dunia):
    EvaluasiKinerja.objects.filter(pk=dunia.ev.pk).update(skp=None)
    ev = svc.evaluasi_nilai(
        actor=org.atasan.user, evaluasi=dunia.ev, rating_hasil_kerja="di_atas", rating_perilaku="di_atas"
    )
    assert ev.predikat == Predikat.SANGAT_BAIK


def test_kepala_unit_rating_follows_the_unit(org, dunia):
    """The Kepala Seksi leads the seksi: with the seksi's predikat organisasi set, their rating
    hasil kerja is the unit's result, and another value is refused naming the rule."""
    skp_build(org.atasan)
    ev = evaluasi_of(org.atasan, dunia.q4)
    assert ev.is_kepala_unit
    assert ev.pejabat_penilai == org.kepala_bidang
    kabid = org.kepala_bidang.user
    # no PredikatUnit yet: free rating
    assert svc.rating_hasil_kerja_wajib(ev) is None
    PredikatUnit.objects.create(periode=dunia.q4, unit_kerja=org.seksi, predikat_organisasi=PredikatOrganisasi.ISTIMEWA)
    assert svc.rating_hasil_kerja_wajib(ev) == Rating.DI_ATAS
    with pytest.raises(ValidationError) as e:
        svc.evaluasi_nilai(actor=kabid, evaluasi=ev, rating_hasil_kerja="sesuai", rating_perilaku="sesuai")
    assert "memimpin unit" in e.value.message_dict["rating_hasil_kerja"][0]
    ev = svc.evaluasi_nilai(actor=kabid, evaluasi=ev, rating_hasil_kerja="", rating_perilaku="di_atas")
    assert (ev.rating_hasil_kerja, ev.predikat) == (Rating.DI_ATAS, Predikat.SANGAT_BAIK)
    PredikatUnit.objects.filter(unit_kerja=org.seksi).update(predikat_organisasi=PredikatOrganisasi.KURANG)
    ev = svc.evaluasi_nilai(actor=kabid, evaluasi=ev, rating_hasil_kerja="di_bawah", rating_perilaku="sesuai")
    assert ev.predikat == Predikat.BUTUH_PERBAIKAN
    # a pelaksana is not a unit leader: the unit's predikat does not bind their rating
    assert svc.rating_hasil_kerja_wajib(dunia.ev) is None


# ---------------------------------------------------------------------------------------------
# Keberatan


def _nilai_tahunan(org, dunia, hk="sesuai", pr="sesuai"):  # type: ignore[no-untyped-def]
    return svc.evaluasi_nilai(
        actor=org.atasan.user, evaluasi=dunia.ev_tahunan, rating_hasil_kerja=hk, rating_perilaku=pr
    )


def test_keberatan_accepted_changes_the_predikat(org, dunia):
    _nilai_tahunan(org, dunia)
    k = svc.keberatan_ajukan(actor=org.pegawai.user, evaluasi=dunia.ev_tahunan, alasan="Target tercapai 120%.")
    dunia.ev_tahunan.refresh_from_db()
    assert dunia.ev_tahunan.status == EvaluasiKinerja.Status.KEBERATAN
    assert k.predikat_semula == Predikat.BAIK
    # the atasan pejabat penilai (kepala bidang) is told
    assert Notifikasi.objects.filter(user=org.kepala_bidang.user, kunci=f"keberatan:{k.pk}").exists()
    assert list(sel.keberatan_terbuka_for_user(org.kepala_bidang.user)) == [k]
    assert list(sel.keberatan_terbuka_for_user(org.bkd)) == [k]
    assert list(sel.keberatan_terbuka_for_user(org.atasan.user)) == []
    with pytest.raises(ValidationError):  # one open at a time
        svc.keberatan_ajukan(actor=org.pegawai.user, evaluasi=dunia.ev_tahunan, alasan="lagi")
    with pytest.raises(PermissionDenied):  # the pejabat penilai does not decide about their own rating
        svc.keberatan_putus(
            actor=org.atasan.user, keberatan=k, diterima=True, predikat_baru="sangat_baik", tanggapan="x"
        )
    with pytest.raises(ValidationError) as e:
        svc.keberatan_putus(actor=org.kepala_bidang.user, keberatan=k, diterima=True, predikat_baru="", tanggapan="x")
    assert "predikat_baru" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        svc.keberatan_putus(
            actor=org.kepala_bidang.user, keberatan=k, diterima=True, predikat_baru="baik", tanggapan="x"
        )
    assert "predikat_baru" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        svc.keberatan_putus(actor=org.kepala_bidang.user, keberatan=k, diterima=False, tanggapan=" ")
    assert "tanggapan" in e.value.message_dict
    k = svc.keberatan_putus(
        actor=org.kepala_bidang.user, keberatan=k, diterima=True, predikat_baru="sangat_baik", tanggapan="Bukti kuat."
    )
    ev = EvaluasiKinerja.objects.get(pk=dunia.ev_tahunan.pk)
    assert (k.status, k.predikat_baru) == (Keberatan.Status.DITERIMA, Predikat.SANGAT_BAIK)
    assert (ev.predikat, ev.predikat_matriks, ev.status) == (Predikat.SANGAT_BAIK, Predikat.BAIK, "dinilai")
    assert "Bukti kuat." in ev.alasan_penyesuaian
    assert ev.disesuaikan_oleh == org.kepala_bidang.user
    assert Notifikasi.objects.filter(user=org.pegawai.user, kunci=f"keberatan-putus:{k.pk}").exists()
    with pytest.raises(ValidationError):  # decided already
        svc.keberatan_putus(actor=org.bkd, keberatan=k, diterima=False, tanggapan="x")


def test_keberatan_rejected_by_bkd_and_rules(org, dunia):
    with pytest.raises(ValidationError):  # not rated yet
        svc.keberatan_ajukan(actor=org.pegawai.user, evaluasi=dunia.ev_tahunan, alasan="x")
    svc.evaluasi_nilai(actor=org.atasan.user, evaluasi=dunia.ev, rating_hasil_kerja="sesuai", rating_perilaku="sesuai")
    with pytest.raises(ValidationError) as e:  # periodic, not annual
        svc.keberatan_ajukan(actor=org.pegawai.user, evaluasi=dunia.ev, alasan="x")
    assert "tahunan" in e.value.messages[0]
    _nilai_tahunan(org, dunia, "di_bawah", "sesuai")
    with pytest.raises(PermissionDenied):
        svc.keberatan_ajukan(actor=org.atasan.user, evaluasi=dunia.ev_tahunan, alasan="x")
    with pytest.raises(ValidationError) as e:
        svc.keberatan_ajukan(actor=org.pegawai.user, evaluasi=dunia.ev_tahunan, alasan="  ")
    assert "alasan" in e.value.message_dict
    k = svc.keberatan_ajukan(actor=org.pegawai.user, evaluasi=dunia.ev_tahunan, alasan="Tidak adil.")
    with pytest.raises(PermissionDenied):
        svc.keberatan_putus(actor=org.other_bkd, keberatan=k, diterima=False, tanggapan="x")
    k = svc.keberatan_putus(actor=org.bkd, keberatan=k, diterima=False, tanggapan="Sesuai bukti.")
    ev = EvaluasiKinerja.objects.get(pk=dunia.ev_tahunan.pk)
    assert (k.status, ev.predikat, ev.status) == (Keberatan.Status.DITOLAK, Predikat.BUTUH_PERBAIKAN, "dinilai")
    EvaluasiKinerja.objects.filter(pk=ev.pk).update(status=EvaluasiKinerja.Status.FINAL)
    with pytest.raises(ValidationError):
        svc.keberatan_ajukan(actor=org.pegawai.user, evaluasi=ev, alasan="x")


def test_keberatan_deadline_is_the_policy(org, dunia):
    """keberatan_batas_hari (default 14) counts from dinilai_pada: day 14 is in, day 15 is out."""
    ev = _nilai_tahunan(org, dunia)
    EvaluasiKinerja.objects.filter(pk=ev.pk).update(dinilai_pada=timezone.now() - datetime.timedelta(days=15))
    with pytest.raises(ValidationError) as e:
        svc.keberatan_ajukan(actor=org.pegawai.user, evaluasi=ev, alasan="Terlambat.")
    assert "14 hari" in e.value.messages[0]
    EvaluasiKinerja.objects.filter(pk=ev.pk).update(
        dinilai_pada=timezone.now() - datetime.timedelta(days=14) + datetime.timedelta(minutes=5)
    )
    assert svc.keberatan_ajukan(actor=org.pegawai.user, evaluasi=ev, alasan="Tepat waktu.").pk


def test_keberatan_without_atasan_pejabat_penilai_goes_to_bkd(org, dunia):
    ev = _nilai_tahunan(org, dunia)
    EvaluasiKinerja.objects.filter(pk=ev.pk).update(atasan_pejabat_penilai=None)
    k = svc.keberatan_ajukan(actor=org.pegawai.user, evaluasi=ev, alasan="x")
    assert Notifikasi.objects.filter(user=org.bkd, kunci=f"keberatan:{k.pk}").exists()
