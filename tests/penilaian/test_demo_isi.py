"""Demo appraisal data: deterministic, consistent with the rules, a complete story for the demo
logins, and removable set-based (also through seed_demo --reset)."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from pegawai import demo as pegawai_demo
from pegawai.models import Instansi, Pegawai, UnitKerja
from penilaian import demo, rules
from penilaian.models import (
    SKP,
    BuktiDukung,
    EkspektasiPerilaku,
    EvaluasiKinerja,
    IndikatorKinerja,
    JawabanUmpanBalik360,
    Periode,
    PermintaanUmpanBalik360,
    PredikatUnit,
    Realisasi,
    RencanaHasilKerja,
    ResponsSurvei,
    TautanSurvei,
    UmpanBalik,
)
from penilaian.rules import Arah, JenisIndikator, JenisPeriode, Predikat
from tests.factories.pegawai import urutan_ulang

ACUAN = datetime.date(2026, 11, 1)  # Triwulan I–III ended, Triwulan IV is running
KODE = "kota-sibolga"
pytestmark = pytest.mark.django_db


def _seed(pegawai: int = 300, seed: int = 1, acuan: datetime.date = ACUAN, kode: str = KODE) -> Instansi:
    inst = pegawai_demo.instansi_seed(kode=kode, pegawai=pegawai, seed=seed, acuan=acuan).instansi
    demo.demo_isi(instansi=inst, acuan=acuan, seed=seed)
    return inst


@pytest.fixture
def inst() -> Instansi:
    return _seed()


def _jumlah(inst: Instansi) -> dict[str, int]:
    return {m.__name__: demo._qs_instansi(m, inst).count() for m in demo._MODEL_HAPUS}


def _gambaran(inst: Instansi) -> dict[str, Any]:
    """The data keyed by NIP and text (ids differ between builds)."""
    return {
        "jumlah": _jumlah(inst),
        "skp": sorted(SKP.objects.filter(instansi=inst).values_list("pegawai__nip", "status", "nama_jabatan")),
        "rhk": sorted(
            RencanaHasilKerja.objects.filter(skp__instansi=inst).values_list(
                "skp__pegawai__nip", "urutan", "uraian", "jenis", "rhk_atasan__skp__pegawai__nip"
            )
        ),
        "realisasi": sorted(
            Realisasi.objects.filter(indikator__rhk__skp__instansi=inst).values_list(
                "indikator__rhk__skp__pegawai__nip", "indikator__rhk__urutan", "indikator__urutan", "periode__nomor",
                "periode__jenis", "nilai", "capaian", "nilai_kualitatif",
            )
        ),
        "evaluasi": sorted(
            EvaluasiKinerja.objects.filter(periode__instansi=inst).values_list(
                "pegawai__nip", "periode__nomor", "periode__jenis", "rating_hasil_kerja", "rating_perilaku",
                "predikat", "status",
            )
        ),
        "jawaban": sorted(
            JawabanUmpanBalik360.objects.filter(permintaan__periode__instansi=inst).values_list(
                "permintaan__dinilai__nip", "permintaan__penilai__nip", "aspek", "skor"
            )
        ),
        "survei": sorted(
            ResponsSurvei.objects.filter(unit_kerja__instansi=inst).values_list(
                "unit_kerja__kode", "periode__nomor", "u1", "u5", "u9", "layanan", "created_at"
            )
        ),
        "tautan": sorted(
            TautanSurvei.objects.filter(unit_kerja__instansi=inst).values_list("unit_kerja__kode", "kode")
        ),
        "predikat_unit": sorted(
            PredikatUnit.objects.filter(periode__instansi=inst).values_list(
                "unit_kerja__kode", "periode__nomor", "predikat_organisasi"
            )
        ),
    }  # fmt: skip


def test_same_seed_same_data_other_seed_other_data() -> None:
    urutan_ulang("pegawai", "penilaian")
    inst = _seed()
    first = _gambaran(inst)
    assert all(first["jumlah"][m] > 0 for m in ("SKP", "Realisasi", "EvaluasiKinerja", "JawabanUmpanBalik360"))
    assert pegawai_demo.instansi_reset(kode=KODE)
    urutan_ulang("pegawai", "penilaian")
    again = _seed()
    assert _gambaran(again) == first
    assert pegawai_demo.instansi_reset(kode=KODE)
    assert _gambaran(_seed(seed=2)) != first


def test_plans_realisasi_and_ratings_follow_the_rules(inst: Instansi) -> None:
    aktif = Pegawai.objects.filter(instansi=inst, status=Pegawai.Status.AKTIF)
    skp = SKP.objects.filter(instansi=inst)
    assert skp.count() == aktif.count()
    status = Counter(skp.values_list("status", flat=True))
    assert status[SKP.Status.DISETUJUI] / skp.count() > 0.9
    assert status[SKP.Status.DIAJUKAN] + status[SKP.Status.DRAFT] + status[SKP.Status.DIKEMBALIKAN] > 0
    assert not skp.filter(status=SKP.Status.DISETUJUI, disetujui_pada__isnull=True).exists()
    # 2–3 RHK, 1–2 quantitative indikator each; lower-is-better and qualitative ones present
    per_skp = Counter(RencanaHasilKerja.objects.filter(skp__instansi=inst).values_list("skp_id", flat=True))
    assert set(per_skp.values()) <= {2, 3}
    assert len(per_skp) == skp.count()
    indikator = IndikatorKinerja.objects.filter(rhk__skp__instansi=inst)
    assert indikator.filter(arah=Arah.LEBIH_RENDAH).exists()
    assert indikator.filter(jenis=JenisIndikator.KUALITATIF, target__isnull=True).exclude(target_kualitatif="").exists()
    assert EkspektasiPerilaku.objects.filter(skp__instansi=inst).count() == 7 * skp.count()
    # the cascade: first RHK of a subordinate points at an RHK of the atasan's SKP
    cascade = RencanaHasilKerja.objects.filter(skp__instansi=inst, urutan=1, rhk_atasan__isnull=False)
    assert cascade.count() > 0.9 * skp.filter(pegawai__atasan__isnull=False).count()
    for r in cascade.select_related("skp__pegawai", "rhk_atasan__skp")[:50]:
        assert r.rhk_atasan is not None
        assert r.rhk_atasan.skp.pegawai_id == r.skp.pegawai.atasan_id
    # capaian exactly as rules.capaian; qualitative realisasi have no number
    realisasi = Realisasi.objects.filter(indikator__rhk__skp__instansi=inst).select_related("indikator")
    assert realisasi.count() > 0
    for r in realisasi:
        if r.indikator.jenis == JenisIndikator.KUALITATIF:
            assert (r.nilai, r.capaian) == (None, None)
            assert r.nilai_kualitatif
        else:
            assert r.nilai is not None
            assert r.indikator.target is not None
            assert r.capaian == rules.capaian(target=r.indikator.target, realisasi=r.nilai, arah=r.indikator.arah)
    assert not realisasi.exclude(indikator__rhk__skp__status=SKP.Status.DISETUJUI).exists()
    # ratings: the matrix, about 90% rated in past periods, a realistic spread
    lalu = EvaluasiKinerja.objects.filter(periode__instansi=inst, periode__tanggal_selesai__lt=ACUAN)
    rated = lalu.exclude(predikat="")
    assert 0.85 < rated.count() / lalu.count() < 0.95
    for e in rated:
        assert e.predikat == e.predikat_matriks == rules.predikat(e.rating_hasil_kerja, e.rating_perilaku)
        assert e.status == EvaluasiKinerja.Status.DINILAI
        assert e.dinilai_pada is not None
    spread = Counter(rated.values_list("predikat", flat=True))
    n = rated.count()
    assert spread[Predikat.BAIK] / n > 0.55
    assert 0.08 < spread[Predikat.SANGAT_BAIK] / n < 0.3
    assert spread[Predikat.BUTUH_PERBAIKAN] > 0
    assert spread[Predikat.BUTUH_PERBAIKAN] + spread[Predikat.KURANG] + spread[Predikat.SANGAT_KURANG] < 0.2 * n
    assert (
        not EvaluasiKinerja.objects.filter(periode__instansi=inst, periode__tanggal_selesai__gte=ACUAN)
        .exclude(predikat="")
        .exists()
    )
    assert not EvaluasiKinerja.objects.filter(periode__instansi=inst, skp__isnull=True).exists()


def test_periods_surveys_units_and_feedback(inst: Instansi) -> None:
    periode = Periode.objects.filter(instansi=inst)
    assert periode.count() == 5
    assert set(periode.filter(status=Periode.Status.DITUTUP).values_list("jenis", "nomor")) == {
        (JenisPeriode.TRIWULANAN, 1),
        (JenisPeriode.TRIWULANAN, 2),
        (JenisPeriode.TRIWULANAN, 3),
    }
    assert not periode.filter(status=Periode.Status.DITUTUP, ditutup_pada__isnull=True).exists()
    layanan = UnitKerja.objects.filter(instansi=inst, is_unit_layanan=True)
    tautan = TautanSurvei.objects.filter(unit_kerja__instansi=inst)
    assert tautan.count() == layanan.count() > 0
    assert len(set(tautan.values_list("kode", flat=True))) == tautan.count()
    ditutup = list(periode.filter(status=Periode.Status.DITUTUP))
    jumlah = Counter(
        ResponsSurvei.objects.filter(unit_kerja__instansi=inst, periode__in=ditutup).values_list(
            "unit_kerja_id", "periode_id"
        )
    )
    pasangan = layanan.count() * len(ditutup)
    cukup = sum(1 for v in jumlah.values() if v >= 30)
    assert cukup >= 0.7 * pasangan
    assert cukup < pasangan  # some units stay below the minimum
    kini = periode.get(jenis=JenisPeriode.TRIWULANAN, nomor=4)
    assert ResponsSurvei.objects.filter(unit_kerja__instansi=inst, periode=kini).exists()
    for r in ResponsSurvei.objects.filter(unit_kerja__instansi=inst)[:200]:
        assert r.periode is not None
        assert r.periode.tanggal_mulai <= r.created_at.date() <= r.periode.tanggal_selesai
    top = UnitKerja.objects.filter(instansi=inst, parent__isnull=True)
    pu = PredikatUnit.objects.filter(periode__instansi=inst)
    assert pu.count() == top.count() * len(ditutup)
    assert set(pu.values_list("status", flat=True)) == {PredikatUnit.Status.FINAL}
    # 360: a sample, answered mostly in the past period, with scores 1–5
    permintaan = PermintaanUmpanBalik360.objects.filter(periode__instansi=inst)
    dinilai = permintaan.values("dinilai").distinct().count()
    assert 0.05 < dinilai / Pegawai.objects.filter(instansi=inst, status="aktif").count() < 0.2
    assert set(permintaan.values_list("peran", flat=True)) >= {"atasan", "rekan", "diri_sendiri"}
    jawaban = JawabanUmpanBalik360.objects.filter(permintaan__periode__instansi=inst)
    assert jawaban.count() == 7 * permintaan.filter(status="dijawab").count()
    assert set(jawaban.values_list("skor", flat=True)) <= {1, 2, 3, 4, 5}
    assert UmpanBalik.objects.filter(rhk__skp__instansi=inst).exists()
    assert BuktiDukung.objects.filter(realisasi__periode__instansi=inst).exclude(tautan="").exists()


def test_the_demo_logins_have_a_story(inst: Instansi) -> None:
    atasan = pegawai_demo.demo_atasan(inst)
    assert atasan is not None
    pegawai = pegawai_demo.demo_pegawai(atasan)
    assert pegawai is not None
    skp = SKP.objects.get(pegawai=pegawai, tahun=2026)
    assert skp.status == SKP.Status.DISETUJUI
    assert skp.pejabat_penilai == atasan
    rhk = skp.rhk.order_by("urutan").first()
    assert rhk is not None
    assert rhk.rhk_atasan is not None
    assert rhk.rhk_atasan.skp.pegawai == atasan
    lalu = Periode.objects.filter(instansi=inst, status=Periode.Status.DITUTUP)
    for periode in lalu:
        assert Realisasi.objects.filter(indikator__rhk__skp=skp, periode=periode).exists()
        e = EvaluasiKinerja.objects.get(pegawai=pegawai, periode=periode)
        assert e.predikat in (Predikat.BAIK, Predikat.SANGAT_BAIK)
        assert e.dinilai_oleh == atasan.user
    assert BuktiDukung.objects.filter(realisasi__indikator__rhk__skp=skp).exists()
    assert UmpanBalik.objects.filter(rhk__skp=skp, penulis=atasan.user).exists()
    assert JawabanUmpanBalik360.objects.filter(permintaan__dinilai=pegawai).exists()
    kini = Periode.objects.get(instansi=inst, jenis=JenisPeriode.TRIWULANAN, nomor=4)
    assert Realisasi.objects.filter(indikator__rhk__skp=skp, periode=kini).exists()
    # the atasan: subordinates waiting for their rating now, one SKP waiting for approval
    menunggu = EvaluasiKinerja.objects.filter(pejabat_penilai=atasan, periode=kini, predikat="")
    assert menunggu.count() >= 3
    assert menunggu.filter(skp__status=SKP.Status.DISETUJUI).count() >= 2
    assert SKP.objects.filter(pejabat_penilai=atasan, status=SKP.Status.DIAJUKAN).exists()
    # a 360 request waiting for the demo pegawai's answer
    assert PermintaanUmpanBalik360.objects.filter(penilai=pegawai, periode=kini, status="menunggu").exists()


def test_demo_hapus_leaves_no_appraisal_rows_and_spares_others(inst: Instansi) -> None:
    other = _seed(pegawai=40, kode="kota-sawahlunto")
    before = _jumlah(other)
    assert demo.demo_hapus(instansi=inst) > 0
    assert set(_jumlah(inst).values()) == {0}
    assert _jumlah(other) == before
    assert Pegawai.objects.filter(instansi=inst).count() == 300
    assert demo.demo_hapus(instansi=inst) == 0


def test_demo_isi_twice_changes_nothing(inst: Instansi) -> None:
    before = _jumlah(inst)
    assert demo.demo_isi(instansi=inst, acuan=ACUAN, seed=1) == {}
    assert _jumlah(inst) == before


def test_early_in_the_year_the_previous_year_is_filled_too() -> None:
    acuan = datetime.date(2026, 2, 1)
    inst = _seed(pegawai=120, acuan=acuan)
    assert set(SKP.objects.filter(instansi=inst).values_list("tahun", flat=True)) == {2025, 2026}
    tahun_lalu = Periode.objects.filter(instansi=inst, tahun=2025)
    assert tahun_lalu.count() == 5
    assert set(tahun_lalu.values_list("status", flat=True)) == {Periode.Status.DITUTUP}
    tahunan = tahun_lalu.get(jenis=JenisPeriode.TAHUNAN)
    assert EvaluasiKinerja.objects.filter(periode=tahunan).exclude(predikat="").exists()
    assert Realisasi.objects.filter(periode=tahunan).exists()
    assert not Periode.objects.filter(instansi=inst, tahun=2026, status=Periode.Status.DITUTUP).exists()
    atasan = pegawai_demo.demo_atasan(inst)
    assert atasan is not None
    pegawai = pegawai_demo.demo_pegawai(atasan)
    assert EvaluasiKinerja.objects.filter(pegawai=pegawai, periode__tahun=2025).exclude(predikat="").count() == 5


def test_seed_demo_fills_appraisal_and_reset_removes_it() -> None:
    call_command("seed_demo", "--pegawai", "150", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = Instansi.objects.get(kode=KODE)
    assert SKP.objects.filter(instansi=first).count() > 100
    assert SKP.objects.filter(instansi__kode="kota-sawahlunto").exists()
    jumlah = _jumlah(first)
    call_command("seed_demo", "--pegawai", "150", "--reset", stdout=open("/dev/null", "w"))  # noqa: SIM115
    again = Instansi.objects.get(kode=KODE)
    assert again.pk != first.pk
    assert _jumlah(again) == jumlah
    assert pegawai_demo.instansi_reset(kode=KODE)
    assert not SKP.objects.filter(instansi__kode=KODE).exists()
    assert not Periode.objects.filter(instansi__kode=KODE).exists()


def test_the_hook_finds_the_demo_modules_of_the_other_apps() -> None:
    names = [m.__name__ for m in pegawai_demo.demo_modules()]
    assert "penilaian.demo" in names
    assert "pegawai.demo" not in names


def test_text_families_and_realisasi_values() -> None:
    assert demo.kategori_jabatan("jpt_pratama", "Kepala Dinas") == "pimpinan"
    assert demo.kategori_jabatan("administrator", "Kepala Bidang") == "administrator"
    assert demo.kategori_jabatan("pengawas", "Kepala Seksi") == "pengawas"
    assert demo.kategori_jabatan("fungsional_keahlian", "Guru Matematika Ahli Muda") == "guru"
    assert demo.kategori_jabatan("fungsional_keterampilan", "Perawat Terampil") == "kesehatan"
    assert demo.kategori_jabatan("pelaksana", "Pengadministrasi Perkantoran") == "umum"
    # whole numbers for counts, percentages at most 100, lower-is-better mirrored
    assert demo._realisasi_nilai(Decimal("120"), "berkas", Arah.LEBIH_TINGGI, 95) == Decimal("114")
    assert demo._realisasi_nilai(Decimal("95"), "persen", Arah.LEBIH_TINGGI, 120) == Decimal("100.0")
    assert demo._realisasi_nilai(Decimal("3"), "hari", Arah.LEBIH_RENDAH, 110) == Decimal("2.7")
    assert rules.capaian(target=Decimal("3"), realisasi=Decimal("2.7"), arah=Arah.LEBIH_RENDAH) == Decimal("110.00")


def test_the_cycle_has_run_for_the_ended_periods(inst: Instansi) -> None:
    from common.models import Notifikasi
    from penilaian.models import HasilIKM, SiklusEvaluasi

    ended = Periode.objects.filter(instansi=inst, tanggal_selesai__lt=ACUAN).exclude(jenis=JenisPeriode.TAHUNAN)
    assert ended.count() == 3
    assert set(SiklusEvaluasi.objects.filter(periode__in=ended).values_list("status", flat=True)) == {"selesai"}
    rated = EvaluasiKinerja.objects.filter(periode__in=ended).exclude(predikat="")
    assert rated.exists()
    assert not rated.filter(nilai_akhir__isnull=True, capaian_hasil_kerja__isnull=False).exists()
    contoh = rated.exclude(nilai_akhir__isnull=True).first()
    assert contoh is not None
    assert contoh.komponen["nilai_akhir"] == str(contoh.nilai_akhir)
    assert HasilIKM.objects.filter(periode__in=ended, dipublikasikan=True).exists()
    # the running period has no cycle yet; the history left in-app notifications
    assert not SiklusEvaluasi.objects.filter(periode__instansi=inst, periode__tanggal_selesai__gte=ACUAN).exists()
    assert Notifikasi.objects.filter(user__instansi=inst).exists()
