"""The evaluation cycle: golden values, idempotence, resumability, claims, reminders."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.models import Notifikasi
from pegawai.models import Pegawai
from penilaian import rules
from penilaian.models import EvaluasiKinerja, IndikatorKinerja, Periode, Realisasi, SiklusEvaluasi
from penilaian.rules import Arah
from penilaian.selectors.siklus import keterlambatan_per_unit, siklus_persen
from penilaian.services import siklus as svc
from penilaian.services.periode import periode_snapshot
from penilaian.services.siklus import (
    NilaiKonteks,
    evaluasi_nilai_batch,
    pengingat_periode_kirim,
    realisasi_capaian_hitung,
    siklus_akhir_periode_mulai,
    siklus_jalankan,
    siklus_mulai,
)
from tests.factories.pegawai import PegawaiFactory
from tests.factories.penilaian import indikator_list, periode_tahun, skp_build
from tests.penilaian._siklus_helpers import baris, kasus_golden, realisasi_isi

pytestmark = pytest.mark.django_db


def jalankan(periode: Periode, **kwargs) -> SiklusEvaluasi:  # type: ignore[no-untyped-def]
    siklus = siklus_mulai(actor=None, periode=periode, kirim=False)
    return siklus_jalankan(siklus_id=siklus.pk, **kwargs)


def tanpa_waktu(rows):  # type: ignore[no-untyped-def]
    return {pk: {k: v for k, v in r.items() if k != "dihitung_pada"} for pk, r in rows.items()}


def test_golden_cycle(org):
    kasus = kasus_golden(org)
    siklus = jalankan(kasus.periode)

    assert siklus.status == SiklusEvaluasi.Status.SELESAI, siklus.galat
    assert siklus.langkah == "selesai"
    assert (siklus.total, siklus.diproses) == (7, 7)
    rows = baris(kasus.periode)
    ind = [i.pk for i in indikator_list(kasus.skp["pegawai"])]
    p = rows[org.pegawai.pk]
    assert p["capaian_hasil_kerja"] == Decimal("77.78")
    assert (p["nilai_hasil_kerja"], p["nilai_perilaku"], p["nilai_ikm"]) == (Decimal("77.78"), Decimal("80.00"), None)
    assert p["nilai_akhir"] == Decimal("78.45")  # (77.78 × 70 + 80 × 30) / 100 = 78.446
    assert (p["predikat_matriks"], p["predikat"]) == ("baik", "baik")
    assert p["komponen"] == {
        "nilai_akhir": "78.45",
        "bobot_dipakai": "100",
        "komponen": [
            {
                "nama": "hasil_kerja",
                "nilai": "77.78",
                "bobot": "70",
                "sumber": "capaian rata-rata 3 indikator kuantitatif",
                "dipakai": True,
            },
            {"nama": "perilaku", "nilai": "80.00", "bobot": "30", "sumber": "umpan balik 360", "dipakai": True},
        ],
        "capaian_indikator": [
            {"indikator": ind[0], "capaian": "83.33"},
            {"indikator": ind[1], "capaian": "116.67"},
            {"indikator": ind[2], "capaian": "33.33"},
        ],
        "capaian_rata_rata": "77.78",
        "skor_360": "4.00",  # the single peer (5) is below the anonymity minimum of 3
    }
    rekan = rows[org.rekan.pk]
    assert (rekan["nilai_hasil_kerja"], rekan["nilai_perilaku"], rekan["nilai_akhir"]) == (
        Decimal("50.00"),
        None,
        Decimal("50.00"),
    )
    assert rekan["predikat_matriks"] == rekan["predikat"] == ""  # unrated: no predikat invented
    perawat = rows[org.unrelated.pk]
    assert perawat["nilai_ikm"] == Decimal("75.00")
    assert perawat["nilai_akhir"] == Decimal("96.88")  # (100 × 70 + 75 × 10) / 80 = 96.875
    assert perawat["komponen"]["komponen"][2] == {
        "nama": "ikm",
        "nilai": "75.00",
        "bobot": "10",
        "sumber": f"IKM unit {org.puskesmas.pk}",
        "dipakai": True,
    }
    kapus = rows[org.kepala_puskesmas.pk]
    assert (kapus["nilai_hasil_kerja"], kapus["nilai_ikm"], kapus["nilai_akhir"]) == (
        None,
        Decimal("75.00"),
        Decimal("75.00"),
    )
    assert kapus["komponen"]["komponen"][2]["bobot"] == "20"
    kadis = rows[org.kepala_dinas.pk]
    assert kadis["nilai_akhir"] is None
    assert kadis["dihitung_pada"] is not None
    assert [k["nama"] for k in kadis["komponen"]["komponen"]] == ["hasil_kerja", "perilaku"]

    kasus.periode.refresh_from_db()
    assert kasus.periode.status == Periode.Status.DITUTUP
    assert kasus.periode.ditutup_pada is not None
    hasil = {k: v for k, v in siklus.hasil.items() if k != "durasi"}
    assert hasil == {
        "pegawai": 7,
        "dinilai": 1,
        "belum_dinilai": 6,
        "tanpa_realisasi": 1,
        "unit_ikm": 1,
        "unit_ikm_terbit": 1,
        "unit_melanggar": 0,
        "notifikasi": 5,
        "realisasi_dihitung": 7,
    }
    # one message per penilai with unrated subordinates, one to the pegawai lacking realisasi
    kunci = dict(Notifikasi.objects.values_list("kunci", "judul"))
    pid = kasus.periode.pk
    assert set(kunci) == {
        f"siklus:{pid}:penilai:{org.atasan.pk}",
        f"siklus:{pid}:penilai:{org.kepala_bidang.pk}",
        f"siklus:{pid}:penilai:{org.kepala_dinas.pk}",
        f"siklus:{pid}:penilai:{org.kepala_puskesmas.pk}",
        f"siklus:{pid}:realisasi:{org.rekan.pk}",
    }
    assert "2 bawahan" in kunci[f"siklus:{pid}:penilai:{org.kepala_dinas.pk}"]
    assert siklus_persen(siklus) == 100


def test_email_goes_to_penilai_with_an_address(org, mailoutbox, django_capture_on_commit_callbacks):
    kasus = kasus_golden(org)
    with django_capture_on_commit_callbacks(execute=True):
        jalankan(kasus.periode)
    assert [m.to for m in mailoutbox] == [["uji@example.go.id"]]
    assert "bawahan belum dinilai" in mailoutbox[0].subject


def test_running_twice_changes_nothing(org):
    kasus = kasus_golden(org)
    jalankan(kasus.periode)
    pertama = baris(kasus.periode)
    notifikasi = Notifikasi.objects.count()
    ditutup = Periode.objects.get(pk=kasus.periode.pk).ditutup_pada

    siklus = jalankan(kasus.periode)

    assert siklus.status == SiklusEvaluasi.Status.SELESAI
    assert baris(kasus.periode) == pertama  # dihitung_pada too: unchanged rows are not rewritten
    assert Notifikasi.objects.count() == notifikasi
    assert siklus.hasil["notifikasi"] == 0
    assert Periode.objects.get(pk=kasus.periode.pk).ditutup_pada == ditutup


def test_a_cycle_killed_half_way_is_finished_by_a_rerun(org):
    kasus = kasus_golden(org)
    ids = sorted(EvaluasiKinerja.objects.filter(periode=kasus.periode).values_list("pegawai_id", flat=True))

    def mati(siklus: SiklusEvaluasi) -> None:
        if siklus.langkah == "nilai" and siklus.kursor:
            raise RuntimeError("worker mati")

    siklus = jalankan(kasus.periode, batch_size=2, on_progress=mati)

    assert siklus.status == SiklusEvaluasi.Status.GAGAL
    assert "worker mati" in siklus.galat
    assert (siklus.langkah, siklus.kursor, siklus.diproses, siklus.total) == ("nilai", ids[1], 2, 7)
    assert 0 < siklus_persen(siklus) < 100
    terhitung = EvaluasiKinerja.objects.filter(periode=kasus.periode, dihitung_pada__isnull=False)
    assert sorted(terhitung.values_list("pegawai_id", flat=True)) == ids[:2]  # the first batch is kept

    siklus = siklus_jalankan(siklus_id=siklus.pk, batch_size=2)

    assert siklus.status == SiklusEvaluasi.Status.SELESAI
    setelah_lanjut = tanpa_waktu(baris(kasus.periode))
    hasil = {k: v for k, v in siklus.hasil.items() if k != "durasi"}
    # the same period computed from scratch in one go gives the same rows
    EvaluasiKinerja.objects.filter(periode=kasus.periode).update(
        capaian_hasil_kerja=None,
        nilai_hasil_kerja=None,
        nilai_perilaku=None,
        nilai_ikm=None,
        nilai_akhir=None,
        komponen={},
        dihitung_pada=None,
    )
    utuh = jalankan(kasus.periode)
    assert tanpa_waktu(baris(kasus.periode)) == setelah_lanjut
    assert {k: v for k, v in utuh.hasil.items() if k not in ("durasi", "notifikasi", "realisasi_dihitung")} == {
        k: v for k, v in hasil.items() if k not in ("notifikasi", "realisasi_dihitung")
    }


def test_a_dead_worker_is_taken_over_but_a_live_one_is_not(org):
    kasus = kasus_golden(org)
    siklus = siklus_mulai(actor=None, periode=kasus.periode, kirim=False)
    baru = timezone.now() - datetime.timedelta(minutes=1)
    SiklusEvaluasi.objects.filter(pk=siklus.pk).update(status="berjalan", detak=baru, langkah="capaian")

    tetap = siklus_jalankan(siklus_id=siklus.pk)
    assert (tetap.status, tetap.langkah) == ("berjalan", "capaian")
    with pytest.raises(ValidationError) as e:
        siklus_mulai(actor=org.bkd, periode=kasus.periode)
    assert "periode" in e.value.message_dict

    SiklusEvaluasi.objects.filter(pk=siklus.pk).update(detak=timezone.now() - datetime.timedelta(minutes=6))
    selesai = siklus_jalankan(siklus_id=siklus.pk)
    assert selesai.status == SiklusEvaluasi.Status.SELESAI
    # from the stored step on: the earlier steps were taken to be done
    assert Periode.objects.get(pk=kasus.periode.pk).status == Periode.Status.TERBUKA
    assert baris(kasus.periode)[org.pegawai.pk]["nilai_akhir"] == Decimal("78.45")
    # a finished cycle is not claimed again by a late duplicate message
    assert siklus_jalankan(siklus_id=siklus.pk).selesai_pada == selesai.selesai_pada


def test_transient_database_error_gives_the_cycle_back(org, monkeypatch):
    kasus = kasus_golden(org)
    siklus = siklus_mulai(actor=None, periode=kasus.periode, kirim=False)

    def putus(**kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("koneksi putus")

    monkeypatch.setattr(svc, "realisasi_capaian_hitung", putus)
    with pytest.raises(OperationalError):
        siklus_jalankan(siklus_id=siklus.pk)
    siklus.refresh_from_db()
    assert (siklus.status, siklus.langkah) == ("menunggu", "capaian")


def test_start_dispatches_after_commit_and_resets_a_finished_cycle(org, django_capture_on_commit_callbacks):
    kasus = kasus_golden(org)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        siklus = siklus_mulai(actor=org.bkd, periode=kasus.periode)
    assert callbacks  # the task, then the e-mails of the notifications it sent
    siklus.refresh_from_db()
    assert siklus.status == SiklusEvaluasi.Status.SELESAI  # eager: ran in-process after commit
    assert siklus.dimulai_oleh == org.bkd

    again = siklus_mulai(actor=org.bkd, periode=kasus.periode, kirim=False)
    assert (again.status, again.langkah, again.kursor, again.hasil) == ("menunggu", "", 0, {})


def test_a_period_that_has_not_started_is_refused(org):
    berkala, _tahunan = periode_tahun(org.instansi, tahun=timezone.localdate().year + 1)
    with pytest.raises(ValidationError) as e:
        siklus_mulai(actor=org.bkd, periode=berkala[0])
    assert "periode" in e.value.message_dict


@pytest.mark.parametrize(
    ("target", "nilai", "arah"),
    [
        ("3", "1", Arah.LEBIH_TINGGI),
        ("3", "2", Arah.LEBIH_TINGGI),
        ("7", "10", Arah.LEBIH_RENDAH),
        ("3", "7", Arah.LEBIH_RENDAH),
        ("800", "1", Arah.LEBIH_TINGGI),
        ("0.07", "0.01", Arah.LEBIH_RENDAH),
        ("0.03", "0.01", Arah.LEBIH_TINGGI),
        ("999999999999.99", "333333333333.33", Arah.LEBIH_TINGGI),
        ("12", "0", Arah.LEBIH_TINGGI),
    ],
)
def test_capaian_in_sql_equals_the_rule(org, target, nilai, arah):
    berkala, _ = periode_tahun(org.instansi)
    skp = skp_build(org.pegawai, rhk=[("Uji", [("indikator", Decimal(target), "x", arah)])], kualitatif=True)
    kuantitatif, kualitatif = indikator_list(skp)
    r = Realisasi.objects.create(indikator=kuantitatif, periode=berkala[0], nilai=Decimal(nilai))
    q = Realisasi.objects.create(indikator=kualitatif, periode=berkala[0], nilai_kualitatif="baik", capaian=5)

    assert realisasi_capaian_hitung(periode=berkala[0]) == 2
    assert realisasi_capaian_hitung(periode=berkala[0]) == 0  # idempotent: nothing left to change

    r.refresh_from_db()
    q.refresh_from_db()
    assert r.capaian == rules.capaian(target=Decimal(target), realisasi=Decimal(nilai), arah=arah)
    assert q.capaian is None


def test_batch_query_count_does_not_grow_with_pegawai(org, django_assert_num_queries):
    berkala, _ = periode_tahun(org.instansi)
    periode = berkala[0]
    EvaluasiKinerja.objects.filter(periode=periode).delete()
    Pegawai.objects.filter(instansi=org.instansi).update(status="pensiun")

    def tambah(n: int) -> None:
        for _i in range(n):
            p = PegawaiFactory(jabatan=org.jabatan_pelaksana)
            p.refresh_from_db()
            skp = skp_build(p)
            realisasi_isi(skp, periode, [Decimal("100"), Decimal("2"), Decimal("10")])
        periode_snapshot(periode=periode)
        realisasi_capaian_hitung(periode=periode)

    def hitung() -> int:
        EvaluasiKinerja.objects.filter(periode=periode).update(komponen={})
        konteks = NilaiKonteks.for_periode(periode=periode, kebijakan=org.instansi.kebijakan)
        with CaptureQueriesContext(connection) as ctx:
            n, _last = evaluasi_nilai_batch(konteks=konteks, setelah=0, batas=1000, now=timezone.now())
        return len(ctx.captured_queries), n

    tambah(3)
    q3, n3 = hitung()
    tambah(9)
    q12, n12 = hitung()
    assert (n3, n12) == (3, 12)
    assert q3 == q12 <= 4


def test_reminder_before_the_period_ends_is_sent_once(org):
    kasus = kasus_golden(org)
    periode = kasus.periode
    tujuh_hari = periode.tanggal_selesai - datetime.timedelta(days=7)

    assert pengingat_periode_kirim(on=tujuh_hari - datetime.timedelta(days=1)) == 0
    assert pengingat_periode_kirim(on=tujuh_hari) == 5
    assert pengingat_periode_kirim(on=tujuh_hari + datetime.timedelta(days=1)) == 0
    assert Notifikasi.objects.filter(kunci__startswith=f"pengingat:{periode.pk}:").count() == 5


def test_cycle_starts_for_ended_periods_without_a_finished_cycle(org):
    berkala, tahunan = periode_tahun(org.instansi)
    hari = berkala[1].tanggal_selesai + datetime.timedelta(days=1)  # Q1 and Q2 have ended

    mulai = siklus_akhir_periode_mulai(on=hari)

    assert sorted(SiklusEvaluasi.objects.filter(pk__in=mulai).values_list("periode_id", flat=True)) == sorted(
        [berkala[0].pk, berkala[1].pk]
    )
    # not started yet in a unit test: eager tasks run only after commit
    SiklusEvaluasi.objects.filter(periode=berkala[0]).update(status="selesai")
    SiklusEvaluasi.objects.filter(periode=berkala[1]).update(status="berjalan", detak=timezone.now())
    assert siklus_akhir_periode_mulai(on=hari) == []
    assert tahunan.pk not in SiklusEvaluasi.objects.values_list("periode_id", flat=True)


def test_keterlambatan_counts_per_unit(org):
    kasus = kasus_golden(org)
    per_unit = {u["nama_unit"]: u for u in keterlambatan_per_unit(kasus.periode)}
    seksi = per_unit[org.seksi.nama]
    assert (seksi["jumlah"], seksi["tanpa_skp"], seksi["tanpa_realisasi"], seksi["belum_dinilai"]) == (3, 1, 1, 2)
    puskesmas = per_unit[org.puskesmas.nama]
    assert (puskesmas["jumlah"], puskesmas["tanpa_skp"], puskesmas["tanpa_realisasi"]) == (2, 1, 0)
    assert IndikatorKinerja.objects.count() == 9


def test_capaian_rule_path_agrees_with_the_sql_path(org):
    kasus = kasus_golden(org)
    realisasi_capaian_hitung(periode=kasus.periode)
    sql = dict(Realisasi.objects.values_list("id", "capaian"))
    Realisasi.objects.update(capaian=Decimal("1"))

    assert svc.realisasi_capaian_hitung_python(periode=kasus.periode) == len(sql)
    assert dict(Realisasi.objects.values_list("id", "capaian")) == sql
    assert svc.realisasi_capaian_hitung_python(periode=kasus.periode) == 0


def test_bulk_update_path_writes_the_same_rows(org, monkeypatch):
    kasus = kasus_golden(org)
    jalankan(kasus.periode)
    lewat_sql = tanpa_waktu(baris(kasus.periode))
    EvaluasiKinerja.objects.filter(periode=kasus.periode).update(nilai_akhir=None, komponen={})
    monkeypatch.setattr(svc, "_evaluasi_tulis", lambda ubah, now: svc._evaluasi_tulis_orm(ubah, now))

    jalankan(kasus.periode, batch_size=7)  # exactly one full batch, then an empty one

    assert tanpa_waktu(baris(kasus.periode)) == lewat_sql


def test_selectors_give_nothing_to_non_readers(org):
    from django.http import Http404

    from penilaian.selectors import siklus as sel

    user = org.pegawai.user
    assert list(sel.periode_list_with_siklus(user=user)) == []
    assert sel.periode_tahun_list(user=user) == []
    assert list(sel.siklus_list_for_user(user=user)) == []
    with pytest.raises(Http404):
        sel.periode_get_for_reader(user=org.bkd, periode_id="x")
    with pytest.raises(Http404):
        sel.periode_get_for_reader(user=user, periode_id=1)


def _konteks(org, periode, ikm):  # type: ignore[no-untyped-def]
    return NilaiKonteks(
        periode=periode, kebijakan=org.instansi.kebijakan, ikm=ikm, unit_layanan=frozenset([org.puskesmas.pk])
    )


def _row(unit_id, *, kepala=False, jenis="pelaksana", hk="", pr="", pm=""):  # type: ignore[no-untyped-def]
    return {
        "unit_kerja_id": unit_id,
        "is_kepala_unit": kepala,
        "jenis_jabatan": jenis,
        "rating_hasil_kerja": hk,
        "rating_perilaku": pr,
        "predikat_matriks": pm,
    }


def test_ikm_component_only_for_the_leader_and_service_staff_of_a_unit_layanan(org):
    berkala, _ = periode_tahun(org.instansi)
    konteks = _konteks(org, berkala[0], {org.puskesmas.pk: Decimal("90.00")})
    cap = [(1, Decimal("100.00"))]

    staf_lain = svc.evaluasi_hitung(
        _row(org.puskesmas.pk, jenis="pengawas"), konteks=konteks, capaian=cap, skor_360=None
    )
    assert [k["nama"] for k in staf_lain["komponen"]["komponen"]] == ["hasil_kerja", "perilaku"]
    assert (staf_lain["nilai_ikm"], staf_lain["nilai_akhir"]) == (None, Decimal("100.00"))

    bukan_layanan = svc.evaluasi_hitung(_row(org.seksi.pk, kepala=True), konteks=konteks, capaian=cap, skor_360=None)
    assert bukan_layanan["nilai_ikm"] is None

    belum_terbit = _konteks(org, berkala[0], {})
    kepala = svc.evaluasi_hitung(
        _row(org.puskesmas.pk, kepala=True), konteks=belum_terbit, capaian=cap, skor_360=Decimal("3.5")
    )
    assert kepala["komponen"]["komponen"][2] == {
        "nama": "ikm",
        "nilai": None,
        "bobot": "20",
        "sumber": "IKM unit belum terbit",
        "dipakai": False,
    }
    assert kepala["nilai_akhir"] == Decimal("91.00")  # (100 × 70 + 70 × 30) / 100


def test_predikat_matriks_is_filled_from_the_ratings_but_never_overwritten(org):
    berkala, _ = periode_tahun(org.instansi)
    konteks = _konteks(org, berkala[0], {})
    isi = svc.evaluasi_hitung(
        _row(org.seksi.pk, hk="di_bawah", pr="di_atas"), konteks=konteks, capaian=[], skor_360=None
    )
    assert isi["predikat_matriks"] == "butuh_perbaikan"
    tetap = svc.evaluasi_hitung(
        _row(org.seksi.pk, hk="di_bawah", pr="di_atas", pm="baik"), konteks=konteks, capaian=[], skor_360=None
    )
    assert tetap["predikat_matriks"] == "baik"
    assert tetap["nilai_akhir"] is None


def test_notifications_in_small_chunks_are_the_same(org):
    kasus = kasus_golden(org)
    assert svc.siklus_notifikasi_kirim(periode=kasus.periode, jenis="uji", ukuran=1) == 5
    assert svc.siklus_notifikasi_kirim(periode=kasus.periode, jenis="uji", ukuran=1) == 0
