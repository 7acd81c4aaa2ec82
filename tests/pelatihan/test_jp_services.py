"""Services of the JP ledger: record, complete (one and a whole programme), certificate, evaluation,
and the monthly reminders."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from common.models import AuditLog, Notifikasi
from pelatihan.models import RiwayatPelatihan
from pelatihan.services.jp import (
    jp_pengingat_kirim,
    riwayat_catat,
    riwayat_evaluasi,
    riwayat_selesaikan,
    riwayat_selesaikan_program,
    sertifikat_unggah,
)
from tests.factories.pelatihan import TAHUN, program_buat
from tests.pelatihan._jp_helpers import PDF, PNG, riwayat, sesi

pytestmark = pytest.mark.django_db
D = Decimal


def _catat(org, **kw):
    data = {
        "actor": org.bkd,
        "pegawai": org.pegawai,
        "nama": "Seminar Arsip",
        "bentuk": "seminar",
        "tanggal_mulai": datetime.date(TAHUN - 1, 12, 30),
        "tanggal_selesai": datetime.date(TAHUN, 1, 2),
        "jp": "6",
    }
    data.update(kw)
    return riwayat_catat(**data)


def test_record_external_training_year_of_end_date_and_audit(org):
    r = _catat(org, status="selesai", biaya="250000")
    assert (r.tahun, r.jp, r.biaya, r.status, r.dicatat_oleh) == (TAHUN, D("6.00"), D("250000.00"), "selesai", org.bkd)
    assert AuditLog.objects.filter(object_id=r.pk, aksi="create", pegawai_id=org.pegawai.pk).exists()


def test_record_from_programme_takes_its_defaults(org):
    program = program_buat(org.instansi, "LAT1", jp=24, biaya=1_500_000, penyelenggara="BPSDM")
    r = _catat(org, program=program, nama="", bentuk="", jp=None)
    assert (r.nama, r.bentuk, r.penyelenggara, r.jp, r.biaya) == (
        "Program LAT1",
        "klasikal",
        "BPSDM",
        D("24.00"),
        D("1500000.00"),
    )


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"nama": " "}, "nama"),
        ({"bentuk": "pesta"}, "bentuk"),
        ({"status": "entah"}, "status"),
        ({"tanggal_selesai": datetime.date(TAHUN - 2, 1, 1)}, "tanggal_selesai"),
        ({"jp": None}, "jp"),
        ({"jp": "-1"}, "jp"),
        ({"jp": "abc"}, "jp"),
        ({"biaya": "-5"}, "biaya"),
        ({"nilai_peserta": "101"}, "nilai_peserta"),
    ],
)
def test_record_bad_input_names_the_field_and_saves_nothing(org, kw, field):
    with pytest.raises(ValidationError) as e:
        _catat(org, **kw)
    assert field in e.value.message_dict
    assert not RiwayatPelatihan.objects.exists()


def test_record_programme_of_other_instansi_and_non_bkd_refused(org):
    asing = program_buat(org.other_instansi, "X1")
    with pytest.raises(ValidationError) as e:
        _catat(org, program=asing)
    assert "program" in e.value.message_dict
    for actor in (org.pimpinan, org.other_bkd, org.pegawai.user):
        with pytest.raises(PermissionDenied):
            _catat(org, actor=actor)


def test_complete_one_record(org):
    r = _catat(org)
    r = riwayat_selesaikan(actor=org.bkd, riwayat=r, jp="7.5", nilai_peserta="88", nomor_sertifikat=" S-1 ")
    assert (r.status, r.jp, r.nilai_peserta, r.nomor_sertifikat) == ("selesai", D("7.50"), D("88.00"), "S-1")
    with pytest.raises(ValidationError) as e:
        riwayat_selesaikan(actor=org.bkd, riwayat=r)
    assert "status" in e.value.message_dict
    with pytest.raises(PermissionDenied):
        riwayat_selesaikan(actor=org.pimpinan, riwayat=r)


def test_complete_a_whole_programme_in_one_update(org):
    program = program_buat(org.instansi, "LAT2", jp=12)
    for p in (org.pegawai, org.rekan, org.unrelated):
        _catat(org, pegawai=p, program=program, nama="", bentuk="", jp=None)
    batal = _catat(org, program=program, nama="", bentuk="", jp=None, status="selesai")
    assert riwayat_selesaikan_program(actor=org.bkd, program=program) == 3
    assert set(RiwayatPelatihan.objects.filter(program=program).values_list("status", flat=True)) == {"selesai"}
    assert batal.pk
    with pytest.raises(ValidationError) as e:
        riwayat_selesaikan_program(actor=org.bkd, program=program)
    assert "program" in e.value.message_dict


def test_certificate_upload_checks_type_size_and_content(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    r = riwayat(org.pegawai, 8)
    r = sertifikat_unggah(actor=org.pegawai.user, riwayat=r, berkas=SimpleUploadedFile("s.pdf", PDF))
    assert r.sertifikat.name.endswith(".pdf")
    lama = r.sertifikat.name
    r = sertifikat_unggah(actor=org.bkd, riwayat=r, berkas=SimpleUploadedFile("s.png", PNG))
    assert r.sertifikat.name != lama
    bad = [
        SimpleUploadedFile("s.exe", PDF),
        SimpleUploadedFile("s.pdf", b""),
        SimpleUploadedFile("s.pdf", PNG),  # content is not a PDF
        SimpleUploadedFile("s.jpg", b"GIF89a" + b"0" * 10),
        SimpleUploadedFile("s.pdf", PDF + b"0" * (5 * 1024 * 1024)),
    ]
    for berkas in bad:
        with pytest.raises(ValidationError) as e:
            sertifikat_unggah(actor=org.bkd, riwayat=r, berkas=berkas)
        assert "sertifikat" in e.value.message_dict
    with pytest.raises(PermissionDenied):
        sertifikat_unggah(actor=org.atasan.user, riwayat=r, berkas=SimpleUploadedFile("s.pdf", PDF))
    terjadwal = riwayat(org.pegawai, 8, status="terjadwal")
    with pytest.raises(ValidationError):
        sertifikat_unggah(actor=org.bkd, riwayat=terjadwal, berkas=SimpleUploadedFile("s.pdf", PDF))


def test_evaluation_by_the_participant_only(org):
    r = riwayat(org.pegawai, 8)
    r = riwayat_evaluasi(actor=org.pegawai.user, riwayat=r, nilai=4, catatan=" Bermanfaat ")
    assert (r.nilai_evaluasi, r.catatan_evaluasi) == (4, "Bermanfaat")
    for nilai in (0, 6, True):
        with pytest.raises(ValidationError) as e:
            riwayat_evaluasi(actor=org.pegawai.user, riwayat=r, nilai=nilai)
        assert "nilai_evaluasi" in e.value.message_dict
    with pytest.raises(PermissionDenied):
        riwayat_evaluasi(actor=org.bkd, riwayat=r, nilai=3)
    with pytest.raises(ValidationError):
        riwayat_evaluasi(actor=org.pegawai.user, riwayat=riwayat(org.pegawai, 1, status="terjadwal"), nilai=3)


def test_reminders_only_on_the_first_of_policy_months_and_idempotent(org, django_capture_on_commit_callbacks):
    # pegawai 12.5 JP (below), rekan 20 JP (compliant), everyone else 0
    riwayat(org.pegawai, D("10.5"))
    sesi(org.atasan, org.pegawai, 90)
    riwayat(org.rekan, 20)
    org.pegawai.email = "siti@example.go.id"
    org.pegawai.save(update_fields=["email"])
    assert jp_pengingat_kirim(on=datetime.date(TAHUN, 10, 2)) == 0
    assert jp_pengingat_kirim(on=datetime.date(TAHUN, 9, 1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        n = jp_pengingat_kirim(on=datetime.date(TAHUN, 10, 1))
    pesan = Notifikasi.objects.filter(user=org.pegawai.user).get()
    assert pesan.kunci == f"jp:{org.pegawai.pk}:{TAHUN}-10"
    assert "12.50" in pesan.judul
    assert not Notifikasi.objects.filter(user=org.rekan.user).exists()
    ringkas = Notifikasi.objects.get(user=org.atasan.user, kunci=f"jp-tim:{org.atasan.pk}:{TAHUN}-10")
    assert org.pegawai.nama in ringkas.isi
    assert org.rekan.nama not in ringkas.isi
    # below: kadis, kabid, atasan, pegawai, kapus, unrelated and the other instansi's pegawai (7);
    # summaries to kadis, kabid, atasan, kapus (4)
    assert n == 11
    assert jp_pengingat_kirim(on=datetime.date(TAHUN, 10, 1)) == 0
    assert "siti@example.go.id" in [m.to[0] for m in mail.outbox]
    # the policy is per instansi: this one reminds in November only, the other keeps the default
    org.instansi.kebijakan_data = {**org.instansi.kebijakan_data, "bulan_pengingat_jp": [11]}
    org.instansi.save(update_fields=["kebijakan_data"])
    assert jp_pengingat_kirim(on=datetime.date(TAHUN, 12, 1)) == 1
    assert Notifikasi.objects.get(kunci__endswith="-12").user == org.other_pegawai.user
    assert jp_pengingat_kirim(on=datetime.date(TAHUN, 11, 1)) == 11


def test_jpg_certificate_and_edges_of_the_selectors(org, settings, tmp_path):
    from pegawai.models import Pegawai, User
    from pelatihan.selectors.jp import jp_pegawai_qs, minimal_jp_for_user

    settings.MEDIA_ROOT = tmp_path
    r = riwayat(org.pegawai, 8)
    jpg = SimpleUploadedFile("s.jpeg", b"\xff\xd8\xff\xe0" + b"0" * 20)
    assert sertifikat_unggah(actor=org.bkd, riwayat=r, berkas=jpg).sertifikat.name.endswith(".jpeg")
    assert jp_pegawai_qs(user=org.bkd, tahun=TAHUN, jenis_asn="PPPK").count() == 0
    assert jp_pegawai_qs(user=org.bkd, tahun=TAHUN, jenis_asn="PNS").count() == 7
    root = User.objects.create_superuser(username="root", password="x")
    assert minimal_jp_for_user(root) == 20
    # a pegawai without a login gets no in-app reminder; their atasan's summary still names them
    Pegawai.objects.filter(pk=org.rekan.pk).update(user=None)
    jp_pengingat_kirim(on=datetime.date(TAHUN, 10, 1))
    ringkas = Notifikasi.objects.get(user=org.atasan.user, kunci__startswith="jp-tim:")
    assert org.rekan.nama in ringkas.isi
