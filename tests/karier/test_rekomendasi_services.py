"""The committee's services: proposals upserted by their key, each step and its wrong-status
message, a rejection needs its reason, nothing applied without approval, applying each kind of
recommendation (KP, promotion, rotation, KRS, award) with history, audit and notification, and
who may do what."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from common.models import AuditLog, Notifikasi
from karier.models import AnggotaKRS, JenisPenghargaan, JenisRekomendasi, Rekomendasi, RiwayatPenghargaan
from karier.services.rekomendasi import (
    Usulan,
    rekomendasi_putuskan,
    rekomendasi_putuskan_massal,
    rekomendasi_terapkan,
    rekomendasi_tinjau,
    rekomendasi_usulkan,
)
from pegawai.models import Pegawai, RiwayatJabatan, RiwayatPangkat
from pelatihan.models import TargetJabatan
from tests.factories.karier import rekomendasi_buat
from tests.factories.pegawai import JabatanFactory, golongan

pytestmark = pytest.mark.django_db

S = Rekomendasi.Status
KP = JenisRekomendasi.KP


def _audit(obj: Rekomendasi) -> list[str]:
    ct = ContentType.objects.get_for_model(Rekomendasi)
    return list(
        AuditLog.objects.filter(content_type=ct, object_id=obj.pk).order_by("id").values_list("ringkasan", flat=True)
    )


def _pesan(e: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return " ".join(e.value.message_dict[field])


# ---------------------------------------------------------------------------------------------
# Upsert by kunci


def test_usulkan_creates_updates_open_leaves_decided_and_withdraws_the_rest(org):
    p, r = org.pegawai, org.rekan
    h = rekomendasi_usulkan(
        instansi=org.instansi,
        jenis=KP,
        tahun=2026,
        actor=org.bkd,
        usulan=[
            Usulan(pegawai_id=p.pk, kunci="kp:a", golongan_baru_id=golongan("II/d").pk, skor=Decimal("1")),
            Usulan(pegawai_id=r.pk, kunci="kp:b", golongan_baru_id=golongan("II/c").pk),
            Usulan(pegawai_id=r.pk, kunci="kp:c", golongan_baru_id=golongan("II/c").pk),
            Usulan(pegawai_id=p.pk, kunci="kp:d", golongan_baru_id=golongan("II/d").pk),
        ],
    )
    assert (h.dibuat, h.diperbarui, h.dibatalkan, h.tetap) == (4, 0, 0, 0)
    a = Rekomendasi.objects.get(kunci="kp:a")
    assert (a.status, a.diusulkan_oleh, a.tahun, a.skor) == (S.DIUSULKAN, org.bkd, 2026, Decimal("1.00"))
    rekomendasi_tinjau(actor=org.bkd, rekomendasi=Rekomendasi.objects.get(kunci="kp:b"))
    rekomendasi_putuskan(actor=org.bkd, rekomendasi=Rekomendasi.objects.get(kunci="kp:c"), setuju=True)

    h = rekomendasi_usulkan(
        instansi=org.instansi,
        jenis=KP,
        tahun=2026,
        usulan=[
            Usulan(pegawai_id=p.pk, kunci="kp:a", golongan_baru_id=golongan("II/d").pk, skor=Decimal("2")),
            Usulan(pegawai_id=r.pk, kunci="kp:b", golongan_baru_id=golongan("II/c").pk, skor=Decimal("3")),
            Usulan(pegawai_id=r.pk, kunci="kp:c", golongan_baru_id=golongan("II/c").pk, skor=Decimal("9")),
        ],
    )
    # a and b open → updated; c approved → left alone; d no longer proposed → withdrawn
    assert (h.dibuat, h.diperbarui, h.dibatalkan, h.tetap) == (0, 2, 1, 1)
    rows = {x.kunci: x for x in Rekomendasi.objects.all()}
    assert (rows["kp:a"].status, rows["kp:a"].skor) == (S.DIUSULKAN, Decimal("2.00"))
    assert (rows["kp:b"].status, rows["kp:b"].skor, rows["kp:b"].ditinjau_oleh) == (
        S.DITINJAU,
        Decimal("3.00"),
        org.bkd,
    )
    assert (rows["kp:c"].status, rows["kp:c"].skor) == (S.DISETUJUI, None)
    assert rows["kp:d"].status == S.DIBATALKAN

    # proposed again: a fresh proposal; b's review is kept, an empty run withdraws every open one
    h = rekomendasi_usulkan(
        instansi=org.instansi,
        jenis=KP,
        tahun=2026,
        usulan=[Usulan(pegawai_id=p.pk, kunci="kp:d", golongan_baru_id=golongan("II/d").pk)],
        batalkan_sisa=False,
    )
    assert (h.dibuat, h.diperbarui, h.dibatalkan) == (0, 1, 0)
    assert Rekomendasi.objects.get(kunci="kp:d").status == S.DIUSULKAN
    h = rekomendasi_usulkan(instansi=org.instansi, jenis=KP, tahun=2026, usulan=[])
    assert h.dibatalkan == 3
    assert dict(Rekomendasi.objects.values_list("kunci", "status")) == {
        "kp:a": S.DIBATALKAN,
        "kp:b": S.DIBATALKAN,
        "kp:c": S.DISETUJUI,
        "kp:d": S.DIBATALKAN,
    }


def test_usulkan_reopened_proposal_drops_its_old_review_and_other_kinds_are_untouched(org):
    b = rekomendasi_buat(org.pegawai, kunci="kp:x", status=S.DIBATALKAN, ditinjau_oleh=org.bkd)
    rotasi = rekomendasi_buat(org.rekan, JenisRekomendasi.ROTASI, kunci="rotasi:y")
    rekomendasi_usulkan(
        instansi=org.instansi, jenis=KP, tahun=2026, usulan=[Usulan(pegawai_id=org.pegawai.pk, kunci="kp:x")]
    )
    b.refresh_from_db()
    assert (b.status, b.ditinjau_oleh, b.ditinjau_pada) == (S.DIUSULKAN, None, None)
    rotasi.refresh_from_db()
    assert rotasi.status == S.DIUSULKAN


def test_usulkan_unknown_kind_is_refused(org):
    with pytest.raises(ValidationError) as e:
        rekomendasi_usulkan(instansi=org.instansi, jenis="naik_gaji", tahun=2026, usulan=[])
    assert "Jenis rekomendasi tidak dikenal." in _pesan(e, "jenis")


# ---------------------------------------------------------------------------------------------
# Steps and their wrong-status messages


def test_review_approve_and_the_wrong_status_messages(org):
    obj = rekomendasi_buat(org.pegawai, golongan_baru=golongan("II/d"))
    obj = rekomendasi_tinjau(actor=org.bkd, rekomendasi=obj)
    assert (obj.status, obj.ditinjau_oleh) == (S.DITINJAU, org.bkd)
    with pytest.raises(ValidationError) as e:
        rekomendasi_tinjau(actor=org.pimpinan, rekomendasi=obj)
    assert "Rekomendasi ini sudah ditinjau oleh Petugas BKD pada" in _pesan(e, "status")
    assert "sehingga tidak dapat ditinjau lagi" in _pesan(e, "status")
    obj = rekomendasi_putuskan(actor=org.pimpinan, rekomendasi=obj, setuju=True)
    assert (obj.status, obj.diputuskan_oleh, obj.ditinjau_oleh) == (S.DISETUJUI, org.pimpinan, org.bkd)
    with pytest.raises(ValidationError) as e:
        rekomendasi_putuskan(actor=org.bkd, rekomendasi=obj, setuju=False, alasan="Tidak setuju")
    assert "sudah disetujui oleh sekda.sibolga pada" in _pesan(e, "status")
    assert "tidak dapat diputuskan lagi" in _pesan(e, "status")
    assert _audit(obj) == ["Rekomendasi ditinjau", "Rekomendasi disetujui"]


def test_a_decision_on_a_proposal_reviews_it_at_the_same_time(org):
    obj = rekomendasi_putuskan(actor=org.bkd, rekomendasi=rekomendasi_buat(org.pegawai), setuju=True)
    assert (obj.status, obj.ditinjau_oleh, obj.diputuskan_oleh) == (S.DISETUJUI, org.bkd, org.bkd)
    assert obj.ditinjau_pada == obj.diputuskan_pada


def test_rejection_needs_its_reason_and_keeps_it(org):
    obj = rekomendasi_buat(org.pegawai)
    for alasan in ("", "   "):
        with pytest.raises(ValidationError) as e:
            rekomendasi_putuskan(actor=org.bkd, rekomendasi=obj, setuju=False, alasan=alasan)
        assert _pesan(e, "alasan") == "Alasan penolakan wajib diisi."
    obj.refresh_from_db()
    assert obj.status == S.DIUSULKAN
    assert _audit(obj) == []
    obj = rekomendasi_putuskan(actor=org.bkd, rekomendasi=obj, setuju=False, alasan="  Masa kerja belum cukup ")
    assert (obj.status, obj.alasan_keputusan) == (S.DITOLAK, "Masa kerja belum cukup")
    assert _audit(obj) == ["Rekomendasi ditolak"]
    with pytest.raises(ValidationError) as e:
        rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj)
    assert "sudah ditolak oleh Petugas BKD" in _pesan(e, "status")


@pytest.mark.parametrize("status", [S.DIUSULKAN, S.DITINJAU])
def test_nothing_is_applied_without_an_approval(org, status):
    obj = rekomendasi_buat(org.pegawai, status=status, golongan_baru=golongan("II/d"))
    with pytest.raises(ValidationError) as e:
        rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj, tmt=datetime.date(2026, 4, 1))
    assert _pesan(e, "status") == (
        "Rekomendasi ini belum disetujui: hanya rekomendasi yang disetujui yang dapat diterapkan."
    )
    org.pegawai.refresh_from_db()
    assert org.pegawai.golongan.kode == "II/c"
    assert not RiwayatPangkat.objects.filter(pegawai=org.pegawai, golongan=golongan("II/d")).exists()


def test_a_withdrawn_recommendation_cannot_be_decided(org):
    obj = rekomendasi_buat(org.pegawai, status=S.DIBATALKAN)
    with pytest.raises(ValidationError) as e:
        rekomendasi_putuskan(actor=org.bkd, rekomendasi=obj, setuju=True)
    assert "Rekomendasi ini sudah dibatalkan pada" in _pesan(e, "status")


def test_bulk_decision_reports_each_failed_row(org):
    a = rekomendasi_buat(org.pegawai, kunci="a")
    b = rekomendasi_buat(org.rekan, kunci="b", status=S.DITOLAK, alasan_keputusan="x", diputuskan_oleh=org.pimpinan)
    with pytest.raises(ValidationError) as e:
        rekomendasi_putuskan_massal(actor=org.bkd, rekomendasi=[a, b], setuju=False)
    assert "alasan" in e.value.message_dict
    hasil = rekomendasi_putuskan_massal(actor=org.bkd, rekomendasi=[a, b], setuju=True)
    assert [(h.rekomendasi_id, h.berhasil) for h in hasil] == [(a.pk, True), (b.pk, False)]
    assert "sudah ditolak oleh sekda.sibolga" in hasil[1].pesan
    a.refresh_from_db()
    assert a.status == S.DISETUJUI


# ---------------------------------------------------------------------------------------------
# Who may act


def test_pimpinan_reviews_and_decides_but_does_not_apply(org):
    obj = rekomendasi_buat(org.pegawai, golongan_baru=golongan("II/d"))
    rekomendasi_tinjau(actor=org.pimpinan, rekomendasi=obj)
    rekomendasi_putuskan(actor=org.pimpinan, rekomendasi=obj, setuju=True)
    with pytest.raises(ValidationError) as e:
        rekomendasi_terapkan(actor=org.pimpinan, rekomendasi=obj, tmt=datetime.date(2026, 4, 1))
    assert e.value.messages == ["Hanya petugas BKD yang dapat menerapkan rekomendasi."]
    obj.refresh_from_db()
    assert obj.status == S.DISETUJUI


@pytest.mark.parametrize("persona", ["other_bkd", "pegawai", "atasan"])
def test_no_one_outside_the_committee_of_the_instansi_acts(org, persona):
    actor = getattr(org, persona)
    actor = getattr(actor, "user", actor)
    obj = rekomendasi_buat(org.pegawai, status=S.DITINJAU)
    for step in (
        lambda: rekomendasi_tinjau(actor=actor, rekomendasi=obj),
        lambda: rekomendasi_putuskan(actor=actor, rekomendasi=obj, setuju=True),
    ):
        with pytest.raises(ValidationError) as e:
            step()
        assert e.value.messages == [
            "Hanya anggota tim penilai kinerja (BKD atau pimpinan) yang dapat memutuskan rekomendasi."
        ]
    obj.status = S.DISETUJUI
    obj.save()
    with pytest.raises(ValidationError) as e:
        rekomendasi_terapkan(actor=actor, rekomendasi=obj)
    assert e.value.messages == ["Hanya petugas BKD yang dapat menerapkan rekomendasi."]
    obj.refresh_from_db()
    assert (obj.status, obj.ditinjau_oleh, obj.diputuskan_oleh) == (S.DISETUJUI, None, None)


# ---------------------------------------------------------------------------------------------
# Applying each kind


def _disetujui(pegawai: Pegawai, jenis: str = KP, **fields) -> Rekomendasi:  # type: ignore[no-untyped-def]
    return rekomendasi_buat(pegawai, jenis, status=S.DISETUJUI, **fields)


def test_apply_kp_adds_the_pangkat_with_its_tmt_audits_and_notifies(org):
    p = org.pegawai
    obj = _disetujui(p, golongan_baru=golongan("II/d"), tmt=datetime.date(2026, 4, 1))
    obj = rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj, nomor_sk=" 800/123/BKD/2026 ")
    assert (obj.status, obj.diterapkan_oleh, obj.tmt_penerapan, obj.nomor_sk) == (
        S.DITERAPKAN,
        org.bkd,
        datetime.date(2026, 4, 1),
        "800/123/BKD/2026",
    )
    p.refresh_from_db()
    assert (p.golongan.kode, p.tmt_golongan) == ("II/d", datetime.date(2026, 4, 1))
    riwayat = RiwayatPangkat.objects.get(pegawai=p, golongan=golongan("II/d"))
    assert (riwayat.tmt, riwayat.jenis, riwayat.nomor_sk) == (datetime.date(2026, 4, 1), "reguler", "800/123/BKD/2026")
    assert _audit(obj) == ["Rekomendasi diterapkan"]
    assert AuditLog.objects.filter(pegawai_id=p.pk, ringkasan="Riwayat pangkat ditambahkan", actor=org.bkd).count() == 1
    n = Notifikasi.objects.get(user=p.user)
    assert n.judul == "Kenaikan pangkat ke II/d Pengatur Tingkat I telah ditetapkan"
    assert "berlaku mulai 01-04-2026" in n.isi
    assert n.tautan == "/karier/jalur/"
    with pytest.raises(ValidationError) as e:
        rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj)
    assert "sudah diterapkan oleh Petugas BKD" in _pesan(e, "status")


def test_apply_kp_of_a_fungsional_records_a_fungsional_kp(org):
    p = org.unrelated
    obj = _disetujui(p, golongan_baru=golongan("III/b"))
    rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj, tmt=datetime.date(2026, 10, 1))
    assert RiwayatPangkat.objects.get(pegawai=p, golongan=golongan("III/b")).jenis == "fungsional"


def test_apply_kp_refuses_a_lower_golongan_or_an_earlier_tmt(org):
    p = org.pegawai
    obj = _disetujui(p, golongan_baru=golongan("II/b"))
    with pytest.raises(ValidationError) as e:
        rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj, tmt=datetime.date(2026, 4, 1))
    assert _pesan(e, "golongan_baru") == "Golongan II/b tidak lebih tinggi dari golongan sekarang II/c."
    obj = _disetujui(p, golongan_baru=golongan("II/d"), kunci="kp:lain")
    with pytest.raises(ValidationError) as e:
        rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj, tmt=p.tmt_golongan)
    assert "TMT kenaikan pangkat harus sesudah TMT golongan sekarang" in _pesan(e, "tmt")
    obj.refresh_from_db()
    assert obj.status == S.DISETUJUI
    assert _audit(obj) == []


def test_apply_promotion_moves_the_pegawai_and_closes_the_previous_jabatan(org):
    kosong = JabatanFactory(
        unit_kerja=org.bidang, nama="Kepala Bidang Sumber Daya", jenis="administrator", eselon="III.b"
    )
    p = org.atasan
    tmt_lama = p.tmt_jabatan
    obj = _disetujui(p, JenisRekomendasi.PROMOSI, jabatan_tujuan=kosong, tmt=datetime.date(2026, 7, 1))
    rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj, nomor_sk="821/7")
    p.refresh_from_db()
    assert (p.jabatan, p.unit_kerja, p.tmt_jabatan) == (kosong, org.bidang, datetime.date(2026, 7, 1))
    riwayat = list(
        RiwayatJabatan.objects.filter(pegawai=p).order_by("tmt").values_list("nama_jabatan", "tmt", "tmt_selesai")
    )
    assert riwayat == [
        ("Kepala Seksi Pelayanan Kesehatan Primer", tmt_lama, datetime.date(2026, 7, 1)),
        ("Kepala Bidang Sumber Daya", datetime.date(2026, 7, 1), None),
    ]
    assert Notifikasi.objects.get(user=p.user).judul == "Promosi ke jabatan Kepala Bidang Sumber Daya telah ditetapkan"


def test_apply_rotation_moves_to_the_other_unit(org):
    tujuan = JabatanFactory(unit_kerja=org.puskesmas, nama="Pengadministrasi Puskesmas", kebutuhan=2)
    p = org.rekan
    obj = _disetujui(p, JenisRekomendasi.ROTASI, jabatan_tujuan=tujuan)
    rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj, tmt=datetime.date(2026, 8, 1))
    p.refresh_from_db()
    assert (p.jabatan, p.unit_kerja) == (tujuan, org.puskesmas)
    assert RiwayatJabatan.objects.filter(pegawai=p, tmt_selesai=datetime.date(2026, 8, 1)).count() == 1


def test_apply_to_a_full_jabatan_is_refused_and_nothing_moves(org):
    p = org.atasan
    obj = _disetujui(p, JenisRekomendasi.PROMOSI, jabatan_tujuan=org.jabatan_kabid)
    with pytest.raises(ValidationError) as e:
        rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj, tmt=datetime.date(2026, 7, 1))
    assert _pesan(e, "jabatan_tujuan") == "Jabatan Kepala Bidang Pelayanan Kesehatan sudah terisi penuh (1 dari 1)."
    p.refresh_from_db()
    assert p.jabatan == org.jabatan_kasi
    obj.refresh_from_db()
    assert obj.status == S.DISETUJUI


def test_apply_a_move_before_the_current_tmt_is_refused(org):
    kosong = JabatanFactory(unit_kerja=org.bidang, nama="Analis", kebutuhan=2)
    p = org.pegawai
    obj = _disetujui(p, JenisRekomendasi.ROTASI, jabatan_tujuan=kosong)
    with pytest.raises(ValidationError) as e:
        rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj, tmt=p.tmt_jabatan)
    assert "TMT jabatan baru harus sesudah TMT jabatan sekarang" in _pesan(e, "tmt")


def test_apply_krs_adds_the_member_and_the_development_target(org):
    p = org.atasan
    obj = _disetujui(p, JenisRekomendasi.KRS, jabatan_tujuan=org.jabatan_kabid)
    rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj, tmt=datetime.date(2026, 12, 1))
    anggota = AnggotaKRS.objects.get(pegawai=p, tahun=2026)
    assert (anggota.jabatan_target, anggota.rekomendasi, anggota.ditetapkan_oleh) == (org.jabatan_kabid, obj, org.bkd)
    target = TargetJabatan.objects.get(pegawai=p, jabatan=org.jabatan_kabid)
    assert (target.sumber, target.is_active) == (TargetJabatan.Sumber.KRS, True)
    p.refresh_from_db()
    assert p.jabatan == org.jabatan_kasi  # KRS does not move anyone
    assert Notifikasi.objects.get(user=p.user).judul == "Keanggotaan kelompok rencana suksesi 2026 telah ditetapkan"


def test_apply_award_and_a_second_satyalancana_of_the_same_length_is_refused(org):
    p = org.kepala_dinas
    obj = _disetujui(p, JenisRekomendasi.PENGHARGAAN, penghargaan=JenisPenghargaan.SATYALANCANA_10)
    rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj, tmt=datetime.date(2026, 8, 17), nomor_sk="Keppres 5/2026")
    row = RiwayatPenghargaan.objects.get(pegawai=p)
    assert (row.jenis, row.tahun, row.tanggal, row.nomor_sk, row.rekomendasi) == (
        "satyalancana_10",
        2026,
        datetime.date(2026, 8, 17),
        "Keppres 5/2026",
        obj,
    )
    lagi = _disetujui(
        p, JenisRekomendasi.PENGHARGAAN, penghargaan=JenisPenghargaan.SATYALANCANA_10, kunci="penghargaan:lagi"
    )
    with pytest.raises(ValidationError) as e:
        rekomendasi_terapkan(actor=org.bkd, rekomendasi=lagi, tmt=datetime.date(2027, 8, 17))
    assert _pesan(e, "penghargaan") == (
        "Satyalancana Karya Satya X Tahun hanya diberikan sekali dan sudah ada di riwayat pegawai."
    )
    assert RiwayatPenghargaan.objects.filter(pegawai=p).count() == 1
    dua_puluh = _disetujui(
        p, JenisRekomendasi.PENGHARGAAN, penghargaan=JenisPenghargaan.SATYALANCANA_20, kunci="penghargaan:20"
    )
    rekomendasi_terapkan(actor=org.bkd, rekomendasi=dua_puluh, tmt=datetime.date(2036, 8, 17))
    assert RiwayatPenghargaan.objects.filter(pegawai=p).count() == 2


def test_pegawai_berprestasi_once_a_year(org):
    p = org.pegawai
    a = _disetujui(p, JenisRekomendasi.PENGHARGAAN, penghargaan=JenisPenghargaan.PEGAWAI_BERPRESTASI, kunci="a")
    b = _disetujui(p, JenisRekomendasi.PENGHARGAAN, penghargaan=JenisPenghargaan.PEGAWAI_BERPRESTASI, kunci="b")
    rekomendasi_terapkan(actor=org.bkd, rekomendasi=a, tmt=datetime.date(2026, 12, 1))
    with pytest.raises(ValidationError) as e:
        rekomendasi_terapkan(actor=org.bkd, rekomendasi=b, tmt=datetime.date(2026, 12, 2))
    assert _pesan(e, "penghargaan") == "Pegawai berprestasi tahun 2026 sudah ada di riwayat pegawai."
    rekomendasi_terapkan(actor=org.bkd, rekomendasi=b, tmt=datetime.date(2027, 12, 2))


def test_apply_to_a_pegawai_no_longer_active_is_refused(org):
    p = org.pegawai
    Pegawai.objects.filter(pk=p.pk).update(status=Pegawai.Status.PENSIUN)
    obj = _disetujui(p, golongan_baru=golongan("II/d"))
    with pytest.raises(ValidationError) as e:
        rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj, tmt=datetime.date(2026, 4, 1))
    assert "hanya dapat diterapkan pada pegawai aktif" in _pesan(e, "pegawai")


def test_the_tmt_defaults_to_the_proposal_and_a_long_sk_number_is_refused(org):
    obj = _disetujui(org.pegawai, golongan_baru=golongan("II/d"), tmt=datetime.date(2026, 5, 1))
    with pytest.raises(ValidationError) as e:
        rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj, nomor_sk="x" * 101)
    assert "nomor_sk" in e.value.message_dict
    obj = rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj)
    assert obj.tmt_penerapan == datetime.date(2026, 5, 1)


def test_incomplete_recommendations_are_refused_with_the_field_named(org):
    cases = [
        (_disetujui(org.pegawai, kunci="kp"), "golongan_baru", "Rekomendasi KP tidak memuat golongan baru."),
        (
            _disetujui(org.rekan, JenisRekomendasi.ROTASI, kunci="rot"),
            "jabatan_tujuan",
            "Rekomendasi tidak memuat jabatan tujuan.",
        ),
        (
            _disetujui(org.rekan, JenisRekomendasi.PROMOSI, kunci="sama", jabatan_tujuan=org.jabatan_pelaksana),
            "jabatan_tujuan",
            "Pegawai sudah menduduki jabatan Pengadministrasi Umum.",
        ),
        (
            _disetujui(org.atasan, JenisRekomendasi.PENGHARGAAN, kunci="award"),
            "penghargaan",
            "Rekomendasi tidak memuat jenis penghargaan.",
        ),
    ]
    for obj, field, pesan in cases:
        with pytest.raises(ValidationError) as e:
            rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj, tmt=datetime.date(2026, 9, 1))
        assert _pesan(e, field) == pesan
        obj.refresh_from_db()
        assert obj.status == S.DISETUJUI


def test_krs_without_a_target_and_a_pegawai_without_a_login(org):
    p = org.rekan
    Pegawai.objects.filter(pk=p.pk).update(user=None)
    obj = _disetujui(p, JenisRekomendasi.KRS)
    rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj, tmt=datetime.date(2026, 12, 1))
    assert AnggotaKRS.objects.get(pegawai=p).jabatan_target is None
    assert not TargetJabatan.objects.filter(pegawai=p).exists()
    assert not Notifikasi.objects.exists()


def test_a_deleted_recommendation_is_named(org):
    obj = rekomendasi_buat(org.pegawai)
    Rekomendasi.objects.filter(pk=obj.pk).delete()
    with pytest.raises(ValidationError) as e:
        rekomendasi_tinjau(actor=org.bkd, rekomendasi=obj)
    assert _pesan(e, "rekomendasi") == "Rekomendasi tidak ditemukan."


def test_golongan_pns_map():
    from karier.services.rekomendasi import golongan_pns_map

    m = golongan_pns_map()
    assert len(m) == 17
    assert m["III/a"] == golongan("III/a").pk
