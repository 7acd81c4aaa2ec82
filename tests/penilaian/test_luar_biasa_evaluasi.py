"""Evaluasi at its edges: malformed or out-of-range ids, the plan without a period, objections seen
by someone who decides none, and notifications to a pegawai who has no login."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import Http404

from common.models import AuditLog, Notifikasi
from pegawai.models import Pegawai, User
from penilaian.models import EvaluasiKinerja, Keberatan, RencanaHasilKerja, UmpanBalik
from penilaian.rules import Predikat
from penilaian.selectors import evaluasi as sel
from penilaian.services import evaluasi as svc
from tests.factories.penilaian import indikator_list
from tests.penilaian._evaluasi_helpers import dunia_fixture  # noqa: F401


def _tanpa_login(pegawai: Pegawai) -> None:
    """The pegawai's login is removed (a record imported without an account)."""
    Pegawai.objects.filter(pk=pegawai.pk).update(user=None)


# ---------------------------------------------------------------------------------------------
# Selectors


@pytest.mark.parametrize("nilai", ["abc", None, "", "1.5", "0", "-7", str(2**63)])
def test_malformed_or_out_of_range_id_is_404(org, dunia, nilai):
    berkas = indikator_list(dunia.skp)[0]
    realisasi = svc.realisasi_simpan(actor=org.pegawai.user, indikator=berkas, periode=dunia.q4, nilai=Decimal("90"))
    user = org.pegawai.user

    with pytest.raises(Http404):
        sel.realisasi_get_for_owner(user=user, realisasi_id=nilai)
    with pytest.raises(Http404):
        sel.indikator_get_for_owner(user=user, indikator_id=nilai)
    with pytest.raises(Http404):
        sel.rhk_get_for_user(user=user, rhk_id=nilai)
    # the same calls with the real ids find the rows
    assert sel.realisasi_get_for_owner(user=user, realisasi_id=str(realisasi.pk)) == realisasi
    assert sel.indikator_get_for_owner(user=user, indikator_id=berkas.pk) == berkas


def test_largest_key_is_a_valid_id_that_finds_nothing(org, dunia):
    with pytest.raises(Http404):
        sel.realisasi_get_for_owner(user=org.pegawai.user, realisasi_id=str(2**63 - 1))


def test_plan_without_a_period_lists_every_indikator_without_realisasi_but_with_feedback(org, dunia):
    ind = indikator_list(dunia.skp)
    svc.realisasi_simpan(actor=org.pegawai.user, indikator=ind[0], periode=dunia.q4, nilai=Decimal("90"))
    rhk = ind[0].rhk
    pesan = svc.umpan_balik_tambah(actor=org.atasan.user, rhk=rhk, periode=dunia.q4, isi="Lanjutkan.")

    baris = sel.rhk_dengan_realisasi(skp=dunia.skp, periode=None)

    assert [b.rhk.pk for b in baris] == list(
        dunia.skp.rhk.order_by("jenis", "urutan", "id").values_list("pk", flat=True)
    )
    assert [i.indikator.pk for b in baris for i in b.indikator] == [i.pk for i in ind]
    assert all(i.realisasi is None for b in baris for i in b.indikator)
    assert baris[0].umpan_balik == [pesan]
    # with the period, the realisasi is there
    dengan = sel.rhk_dengan_realisasi(skp=dunia.skp, periode=dunia.q4)
    assert dengan[0].indikator[0].realisasi is not None
    assert dengan[0].indikator[0].realisasi.nilai == Decimal("90")


def test_open_objections_for_a_login_that_decides_none(org, dunia):
    svc.evaluasi_nilai(
        actor=org.atasan.user, evaluasi=dunia.ev_tahunan, rating_hasil_kerja="sesuai", rating_perilaku="sesuai"
    )
    k = svc.keberatan_ajukan(actor=org.pegawai.user, evaluasi=dunia.ev_tahunan, alasan="Target tercapai.")

    # pimpinan reads the instansi but has no pegawai record and is not BKD: no objection to decide
    assert list(sel.keberatan_terbuka_for_user(org.pimpinan)) == []
    tanpa_instansi = User.objects.create_superuser(username="admin.pusat", password="rahasia-uji")
    assert list(sel.keberatan_terbuka_for_user(tanpa_instansi)) == [k]  # a superuser is BKD everywhere
    assert list(sel.keberatan_terbuka_for_user(org.kepala_bidang.user)) == [k]


# ---------------------------------------------------------------------------------------------
# Services: the other party has no login


def test_feedback_to_a_pejabat_penilai_without_login_is_saved_and_notifies_no_one(org, dunia):
    _tanpa_login(org.atasan)
    rhk = RencanaHasilKerja.objects.filter(skp=dunia.skp).order_by("urutan").first()  # as a request loads it
    assert rhk is not None

    obj = svc.umpan_balik_tambah(actor=org.pegawai.user, rhk=rhk, periode=None, isi="  Laporan sudah saya kirim. ")

    obj = UmpanBalik.objects.get(pk=obj.pk)
    assert (obj.isi, obj.penulis_pegawai_id, obj.rhk_id) == ("Laporan sudah saya kirim.", org.pegawai.pk, rhk.pk)
    assert AuditLog.objects.filter(object_id=obj.pk, aksi="create", pegawai_id=org.pegawai.pk).exists()
    assert not Notifikasi.objects.filter(kunci=f"umpan-balik:{obj.pk}").exists()


def test_rating_a_pegawai_without_login_rates_and_notifies_no_one(org, dunia):
    _tanpa_login(org.pegawai)

    ev = svc.evaluasi_nilai(
        actor=org.atasan.user, evaluasi=dunia.ev, rating_hasil_kerja="di_atas", rating_perilaku="di_atas"
    )

    ev = EvaluasiKinerja.objects.get(pk=ev.pk)
    assert (ev.predikat, ev.status, ev.dinilai_oleh) == (
        Predikat.SANGAT_BAIK,
        EvaluasiKinerja.Status.DINILAI,
        org.atasan.user,
    )
    assert not Notifikasi.objects.filter(kunci__startswith=f"evaluasi-nilai:{ev.pk}:").exists()


def test_objection_goes_to_bkd_when_the_atasan_pejabat_penilai_has_no_login(org, dunia):
    svc.evaluasi_nilai(
        actor=org.atasan.user, evaluasi=dunia.ev_tahunan, rating_hasil_kerja="sesuai", rating_perilaku="sesuai"
    )
    _tanpa_login(org.kepala_bidang)

    k = svc.keberatan_ajukan(actor=org.pegawai.user, evaluasi=dunia.ev_tahunan, alasan="Bukti belum dibaca.")

    assert EvaluasiKinerja.objects.get(pk=dunia.ev_tahunan.pk).atasan_pejabat_penilai_id == org.kepala_bidang.pk
    assert list(Notifikasi.objects.filter(kunci=f"keberatan:{k.pk}").values_list("user_id", flat=True)) == [org.bkd.pk]


def test_deciding_an_objection_of_a_pegawai_without_login_notifies_no_one(org, dunia):
    svc.evaluasi_nilai(
        actor=org.atasan.user, evaluasi=dunia.ev_tahunan, rating_hasil_kerja="sesuai", rating_perilaku="sesuai"
    )
    k = svc.keberatan_ajukan(actor=org.pegawai.user, evaluasi=dunia.ev_tahunan, alasan="Target tercapai.")
    _tanpa_login(org.pegawai)

    k = svc.keberatan_putus(
        actor=org.kepala_bidang.user, keberatan=k, diterima=True, predikat_baru="sangat_baik", tanggapan="Diterima."
    )

    ev = EvaluasiKinerja.objects.get(pk=dunia.ev_tahunan.pk)
    assert (k.status, ev.predikat, ev.status) == (Keberatan.Status.DITERIMA, Predikat.SANGAT_BAIK, "dinilai")
    assert not Notifikasi.objects.filter(kunci=f"keberatan-putus:{k.pk}").exists()
