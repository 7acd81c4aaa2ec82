"""Golden cases of promotion to a vacant jabatan (DOMAIN.md §6): each hard requirement failing on
its own with its reason, the score with the default weights, JPT pratama as open selection, the
vacancies list, the yearly proposals applied end to end, and the query budget."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from common.policies import Kebijakan
from karier.models import AnggotaKRS, JenisRekomendasi, Rekomendasi
from karier.selectors.promosi import Syarat, kandidat_promosi, lowongan_list, lowongan_ringkas, skor_promosi
from karier.services.promosi import promosi_usulkan, promosi_usulkan_pilihan
from karier.services.rekomendasi import rekomendasi_putuskan, rekomendasi_terapkan
from pegawai.models import HukumanDisiplin, Pegawai, RiwayatJabatan
from tests.factories.karier import penempatan_buat
from tests.factories.pegawai import HukumanDisiplinFactory, JabatanFactory, golongan
from tests.factories.pelatihan import asesmen_buat, program_buat, riwayat_selesai, standar_set

from .test_promosi_data import PADA, calon, lowongan_administrator, lowongan_pengawas, predikat_set

pytestmark = pytest.mark.django_db
D = datetime.date
K = Kebijakan()


def _cari(hasil, pegawai):  # type: ignore[no-untyped-def]
    for k in hasil.memenuhi + hasil.tidak_memenuhi:
        if k.pegawai.pk == pegawai.pk:
            return k
    raise AssertionError(f"{pegawai} not in the pool")


def _syarat(kandidat) -> set[str]:  # type: ignore[no-untyped-def]
    return {a.syarat for a in kandidat.alasan}


# ---------------------------------------------------------------------------------------------
# Hard requirements, each failing alone


def test_three_years_as_pengawas_to_the_day_vs_one_day_short(org):
    jabatan = lowongan_administrator(org)
    tepat = calon(org, "Tepat Tiga Tahun", tmt_jabatan=D(2023, 7, 1))
    kurang = calon(org, "Kurang Sehari", tmt_jabatan=D(2023, 7, 2))
    predikat_set([tepat, kurang])
    hasil = kandidat_promosi(jabatan=jabatan, pada=PADA, kebijakan=K)
    assert _cari(hasil, tepat).memenuhi
    k = _cari(hasil, kurang)
    assert _syarat(k) == {Syarat.MASA_JABATAN}
    assert "kurang 1 hari" in k.alasan[0].pesan
    assert "baru 2 tahun 11 bulan 29 hari dari 3 tahun" in k.alasan[0].pesan


def test_four_years_as_pelaksana_for_pengawas(org):
    jabatan = lowongan_pengawas(org)
    tepat = calon(org, "Empat Tahun", jenis="pelaksana", pendidikan="D3", tmt_jabatan=D(2022, 7, 1))
    kurang = calon(org, "Kurang Sebulan", jenis="pelaksana", pendidikan="D3", tmt_jabatan=D(2022, 8, 1))
    predikat_set([tepat, kurang])
    hasil = kandidat_promosi(jabatan=jabatan, pada=PADA, kebijakan=K)
    assert _cari(hasil, tepat).memenuhi
    k = _cari(hasil, kurang)
    assert _syarat(k) == {Syarat.MASA_JABATAN}
    assert "kurang 1 bulan" in k.alasan[0].pesan


def test_equal_jf_are_in_the_pool_and_other_jenjang_are_not(org):
    jabatan = lowongan_pengawas(org)
    mahir = calon(org, "Perawat Mahir", jenis="fungsional_keterampilan", jenjang="mahir", pendidikan="D3")
    pertama = calon(org, "Analis Pertama", jenis="fungsional_keahlian", jenjang="ahli_pertama")
    muda = calon(org, "Analis Muda", jenis="fungsional_keahlian", jenjang="ahli_muda")
    predikat_set([mahir, pertama, muda])
    hasil = kandidat_promosi(jabatan=jabatan, pada=PADA, kebijakan=K)
    ids = {k.pegawai.pk for k in hasil.memenuhi}
    assert {mahir.pk, pertama.pk} <= ids
    assert muda.pk not in {k.pegawai.pk for k in hasil.memenuhi + hasil.tidak_memenuhi}
    assert org.unrelated.pk not in {k.pegawai.pk for k in hasil.memenuhi + hasil.tidak_memenuhi}  # terampil
    admin = kandidat_promosi(jabatan=lowongan_administrator(org), pada=PADA, kebijakan=K)
    assert muda.pk in {k.pegawai.pk for k in admin.memenuhi}


def test_education_s1_vs_d3_for_administrator(org):
    jabatan = lowongan_administrator(org)
    s1 = calon(org, "Sarjana", pendidikan="S1")
    d4 = calon(org, "Diploma Empat", pendidikan="D4")
    d3 = calon(org, "Diploma Tiga", pendidikan="D3")
    predikat_set([s1, d4, d3])
    hasil = kandidat_promosi(jabatan=jabatan, pada=PADA, kebijakan=K)
    assert _cari(hasil, s1).memenuhi
    assert _cari(hasil, d4).memenuhi
    k = _cari(hasil, d3)
    assert _syarat(k) == {Syarat.PENDIDIKAN}
    assert k.alasan[0].pesan == "pendidikan D-III di bawah syarat paling rendah S-1/D-IV"


def test_education_of_pengawas_and_the_jabatan_minimum(org):
    biasa = lowongan_pengawas(org)
    khusus = lowongan_pengawas(org, nama="Kepala Subbagian Keuangan", pendidikan_minimal="S1")
    d3 = calon(org, "Diploma Tiga", jenis="pelaksana", pendidikan="D3")
    slta = calon(org, "Lulusan SLTA", jenis="pelaksana", pendidikan="SLTA")
    predikat_set([d3, slta])
    hasil = kandidat_promosi(jabatan=biasa, pada=PADA, kebijakan=K)
    assert _cari(hasil, d3).memenuhi
    assert _syarat(_cari(hasil, slta)) == {Syarat.PENDIDIKAN}
    k = _cari(kandidat_promosi(jabatan=khusus, pada=PADA, kebijakan=K), d3)
    assert k.alasan[0].pesan == "pendidikan D-III di bawah syarat paling rendah S-1"


def test_pangkat_below_the_jabatan_minimum(org):
    jabatan = lowongan_administrator(org, golongan_minimal=golongan("III/d"))
    cukup = calon(org, "Golongan Cukup", gol="III/d")
    rendah = calon(org, "Golongan Rendah", gol="III/c")
    predikat_set([cukup, rendah])
    hasil = kandidat_promosi(jabatan=jabatan, pada=PADA, kebijakan=K)
    assert _cari(hasil, cukup).memenuhi
    k = _cari(hasil, rendah)
    assert _syarat(k) == {Syarat.PANGKAT}
    assert k.alasan[0].pesan == "golongan III/c di bawah golongan minimal III/d"


def test_predikat_of_each_of_the_last_two_years(org):
    jabatan = lowongan_administrator(org)
    baik = calon(org, "Selalu Baik")
    turun = calon(org, "Tahun Lalu Kurang")
    predikat_set([baik])
    predikat_set([turun], per_tahun={2025: "butuh_perbaikan"})
    hasil = kandidat_promosi(jabatan=jabatan, pada=PADA, kebijakan=K)
    assert _cari(hasil, baik).memenuhi
    k = _cari(hasil, turun)
    assert _syarat(k) == {Syarat.PREDIKAT}
    assert "2025: Butuh Perbaikan, 2024: Baik" in k.alasan[0].pesan


def test_missing_predikat_fails(org):
    jabatan = lowongan_administrator(org)
    tanpa = calon(org, "Tanpa Predikat")
    k = _cari(kandidat_promosi(jabatan=jabatan, pada=PADA, kebijakan=K), tanpa)
    assert _syarat(k) == {Syarat.PREDIKAT}


def test_running_hukdis_sedang_blocks_a_finished_one_or_ringan_does_not(org):
    jabatan = lowongan_administrator(org)
    berjalan = calon(org, "Hukdis Berjalan")
    selesai = calon(org, "Hukdis Selesai")
    ringan = calon(org, "Hukdis Ringan")
    predikat_set([berjalan, selesai, ringan])
    HukumanDisiplinFactory(pegawai=berjalan, tmt_mulai=D(2026, 3, 1), tmt_selesai=D(2026, 8, 29))
    HukumanDisiplinFactory(pegawai=selesai, tmt_mulai=D(2025, 1, 1), tmt_selesai=D(2025, 6, 30))
    HukumanDisiplinFactory(
        pegawai=ringan,
        tingkat=HukumanDisiplin.Tingkat.RINGAN,
        jenis=HukumanDisiplin.Jenis.TEGURAN_TERTULIS,
        tmt_mulai=D(2026, 6, 1),
        tmt_selesai=None,
    )
    hasil = kandidat_promosi(jabatan=jabatan, pada=PADA, kebijakan=K)
    k = _cari(hasil, berjalan)
    assert _syarat(k) == {Syarat.HUKDIS}
    assert k.alasan[0].pesan == "sedang menjalani hukuman disiplin sedang atau berat"
    assert _cari(hasil, selesai).memenuhi
    assert _cari(hasil, ringan).memenuhi
    # the policy switch off: a running penalty no longer blocks
    longgar = kandidat_promosi(jabatan=jabatan, pada=PADA, kebijakan=Kebijakan(hukdis_memblokir_karier=False))
    assert _cari(longgar, berjalan).memenuhi


def test_leadership_training_of_the_current_jenis_when_the_catalogue_defines_it(org):
    jabatan = lowongan_administrator(org)
    sudah = calon(org, "Sudah PKP")
    belum = calon(org, "Belum PKP")
    predikat_set([sudah, belum])
    tanpa_katalog = kandidat_promosi(jabatan=jabatan, pada=PADA, kebijakan=K)
    assert _cari(tanpa_katalog, belum).memenuhi
    assert any("syarat pelatihan tidak diperiksa" in c for c in tanpa_katalog.catatan)
    pkp = program_buat(
        org.instansi, "PKP", tahun=2025, nama="Pelatihan Kepemimpinan Pengawas", wajib_jenis_jabatan=["pengawas"]
    )
    program_buat(
        org.instansi,
        "PKA",
        tahun=2025,
        nama="Pelatihan Kepemimpinan Administrator",
        wajib_jenis_jabatan=["administrator"],
    )
    riwayat_selesai(sudah, 200, tahun=2025, program=pkp, tanggal=D(2025, 5, 1))
    hasil = kandidat_promosi(jabatan=jabatan, pada=PADA, kebijakan=K)
    assert not hasil.catatan or all("pelatihan" not in c for c in hasil.catatan)
    k = _cari(hasil, belum)
    assert _syarat(k) == {Syarat.PELATIHAN}
    assert k.alasan[0].pesan == "pelatihan wajib jabatan belum selesai: Pelatihan Kepemimpinan Pengawas"
    ok = _cari(hasil, sudah)
    assert ok.memenuhi
    assert any(a.syarat == Syarat.PELATIHAN for a in ok.terpenuhi)


def test_a_failing_candidate_lists_every_reason(org):
    jabatan = lowongan_administrator(org, golongan_minimal=golongan("IV/a"))
    p = calon(org, "Semua Kurang", pendidikan="D3", tmt_jabatan=D(2025, 1, 1))
    HukumanDisiplinFactory(pegawai=p, tmt_mulai=D(2026, 6, 1), tmt_selesai=None)
    k = _cari(kandidat_promosi(jabatan=jabatan, pada=PADA, kebijakan=K), p)
    assert _syarat(k) == {Syarat.PENDIDIKAN, Syarat.PANGKAT, Syarat.MASA_JABATAN, Syarat.PREDIKAT, Syarat.HUKDIS}


# ---------------------------------------------------------------------------------------------
# The score


def test_score_with_the_default_weights(org):
    """JPM 80% × 50 + box 9 (100) × 20 + predikat (Sangat Baik 100 + Baik 75) / 2 = 87.5 × 20 +
    KRS 100 × 10 = 40 + 20 + 17.5 + 10 = 87.50."""
    jabatan = lowongan_administrator(org)
    standar_set(jabatan, {"M1": 5, "M2": 5})
    a = calon(org, "Kandidat Unggul")
    b = calon(org, "Kandidat Kedua")
    predikat_set([a], per_tahun={2025: "sangat_baik"})
    predikat_set([b])
    asesmen_buat(a, {"M1": 4, "M2": 4})
    asesmen_buat(b, {"M1": 5, "M2": 2})
    penempatan_buat(a, 2025, 9)
    penempatan_buat(b, 2024, 9)
    penempatan_buat(b, 2025, 7)
    AnggotaKRS.objects.create(instansi=org.instansi, tahun=2025, pegawai=a, jabatan_target=jabatan)
    hasil = kandidat_promosi(jabatan=jabatan, pada=PADA, kebijakan=K)
    ka = _cari(hasil, a)
    assert [(c.kode, c.nilai, c.bobot) for c in ka.komponen] == [
        ("jpm", Decimal("80.00"), 50),
        ("kotak", Decimal("100.00"), 20),
        ("predikat", Decimal("87.50"), 20),
        ("krs", Decimal("100"), 10),
    ]
    assert [c.kontribusi for c in ka.komponen] == [
        Decimal("40.00"),
        Decimal("20.00"),
        Decimal("17.50"),
        Decimal("10.00"),
    ]
    assert ka.skor == Decimal("87.50")
    assert "untuk jabatan ini" in ka.komponen[3].teks
    # b: JPM (5 + 2) / 10 = 70%, box 7 of the latest year = 77.78, Baik twice = 75, no KRS
    # 35 + 15.556 + 15 + 0 = 65.56
    kb = _cari(hasil, b)
    assert [c.nilai for c in kb.komponen] == [Decimal("70.00"), Decimal("77.78"), Decimal("75.00"), Decimal(0)]
    assert kb.skor == Decimal("65.56")
    assert [k.pegawai.pk for k in hasil.memenuhi[:2]] == [a.pk, b.pk]
    assert (ka.peringkat, kb.peringkat) == (1, 2)
    # the policy weights are used
    lain = Kebijakan(bobot_promosi_jpm=0, bobot_promosi_kotak=0, bobot_promosi_predikat=0, bobot_promosi_krs=100)
    assert _cari(kandidat_promosi(jabatan=jabatan, pada=PADA, kebijakan=lain), b).skor == Decimal("0.00")


def test_score_without_standard_box_or_krs(org):
    jabatan = lowongan_administrator(org)
    p = calon(org, "Tanpa Data")
    predikat_set([p])
    hasil = kandidat_promosi(jabatan=jabatan, pada=PADA, kebijakan=K)
    k = _cari(hasil, p)
    assert [c.nilai for c in k.komponen] == [Decimal(0), Decimal(0), Decimal("75.00"), Decimal(0)]
    assert k.skor == Decimal("15.00")
    assert any("belum memiliki standar kompetensi" in c for c in hasil.catatan)
    assert skor_promosi([]) == Decimal(0)


# ---------------------------------------------------------------------------------------------
# Vacancies and JPT pratama


def test_vacancies_are_open_slots_of_the_three_jenis_and_jpt_is_open_selection(org):
    admin = lowongan_administrator(org)
    jpt = JabatanFactory(unit_kerja=org.dinas, nama="Kepala Badan Baru", jenis="jpt_pratama", eselon="II.a")
    dua = lowongan_pengawas(org, kebutuhan=2)
    calon(org, "Pemangku", jenis="pelaksana")  # pelaksana: not a vacancy type
    rows = {lw.jabatan.pk: lw for lw in lowongan_list(instansi=org.instansi)}
    assert set(rows) == {admin.pk, jpt.pk, dua.pk}  # the persona jabatan are all filled
    assert rows[dua.pk].lowong == 2
    assert rows[admin.pk].lowong == 1
    assert rows[jpt.pk].seleksi_terbuka
    assert "Pasal 198" in rows[jpt.pk].alasan
    assert not rows[admin.pk].seleksi_terbuka
    assert rows[admin.pk].alasan == ""
    hasil = kandidat_promosi(jabatan=jpt, pada=PADA, kebijakan=K)
    assert hasil.seleksi_terbuka
    assert hasil.memenuhi == []
    assert hasil.tidak_memenuhi == []
    assert "seleksi terbuka" in hasil.catatan[0]
    assert [lw.jabatan.pk for lw in lowongan_list(instansi=org.instansi, filters={"jenis": "pengawas"})] == [dua.pk]
    assert lowongan_list(instansi=org.instansi, filters={"unit_kerja_id": org.puskesmas.pk}) == []
    assert lowongan_list(instansi=org.other_instansi) == []


def test_vacancy_list_summary(org):
    admin = lowongan_administrator(org)
    jpt = JabatanFactory(unit_kerja=org.dinas, nama="Kepala Badan Baru", jenis="jpt_pratama", eselon="II.a")
    a = calon(org, "Calon Satu")
    b = calon(org, "Calon Dua", pendidikan="D3")
    predikat_set([a, b])
    rows = {lw.jabatan.pk: lw for lw in lowongan_ringkas(lowongan_list(instansi=org.instansi), pada=PADA, kebijakan=K)}
    assert rows[admin.pk].jumlah_memenuhi == 1
    assert rows[admin.pk].kandidat_teratas is not None
    assert rows[admin.pk].kandidat_teratas.pegawai.pk == a.pk
    assert rows[jpt.pk].jumlah_memenuhi is None


# ---------------------------------------------------------------------------------------------
# Proposals, end to end


def test_yearly_proposals_take_the_top_candidates_and_are_applied(org):
    admin = lowongan_administrator(org)
    jpt = JabatanFactory(unit_kerja=org.dinas, nama="Kepala Badan Baru", jenis="jpt_pratama", eselon="II.a")
    a = calon(org, "Calon Utama")
    b = calon(org, "Calon Cadangan")
    predikat_set([a], per_tahun={2025: "sangat_baik"})
    predikat_set([b])
    hasil = promosi_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=K)
    assert hasil.dibuat == 1
    rek = Rekomendasi.objects.get(jenis=JenisRekomendasi.PROMOSI)
    assert rek.kunci == f"promosi:2025:{admin.pk}:{a.pk}"
    assert (rek.pegawai_id, rek.jabatan_tujuan_id, rek.peringkat) == (a.pk, admin.pk, 1)
    assert rek.skor == Decimal("17.50")  # predikat (100 + 75) / 2 × 20%
    kode = [d["kode"] for d in rek.dasar]
    assert kode[:4] == ["jpm", "kotak", "predikat", "krs"]
    assert "masa_jabatan" in kode
    assert "pendidikan" in kode
    assert not Rekomendasi.objects.filter(jabatan_tujuan=jpt).exists()
    # a rerun changes nothing
    again = promosi_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=K)
    assert (again.dibuat, again.diperbarui, again.dibatalkan) == (0, 1, 0)
    rekomendasi_putuskan(actor=org.pimpinan, rekomendasi=rek, setuju=True)
    rekomendasi_terapkan(actor=org.bkd, rekomendasi=rek, tmt=D(2026, 8, 1), nomor_sk="821/1/2026")
    a = Pegawai.objects.get(pk=a.pk)
    assert (a.jabatan_id, a.tmt_jabatan) == (admin.pk, D(2026, 8, 1))
    assert RiwayatJabatan.objects.filter(pegawai=a, jabatan=admin, tmt=D(2026, 8, 1)).exists()
    # the vacancy is filled: nothing is proposed any more, the open ones are withdrawn
    assert admin.pk not in {lw.jabatan.pk for lw in lowongan_list(instansi=org.instansi)}
    assert promosi_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=K).dibuat == 0


def test_one_candidate_is_proposed_for_one_vacancy_only(org):
    admin1 = lowongan_administrator(org, nama="Sekretaris")
    admin2 = lowongan_administrator(org, nama="Kepala Bidang Baru")
    a = calon(org, "Calon Satu", tmt_jabatan=D(2019, 1, 1))
    b = calon(org, "Calon Dua", tmt_jabatan=D(2019, 1, 1))
    predikat_set([a], per_tahun={2025: "sangat_baik"})
    predikat_set([b])
    promosi_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=K)
    rows = dict(Rekomendasi.objects.filter(jenis="promosi").values_list("jabatan_tujuan_id", "pegawai_id"))
    assert set(rows) == {admin1.pk, admin2.pk}
    assert set(rows.values()) == {a.pk, b.pk}


def test_bkd_proposes_chosen_candidates(org):
    admin = lowongan_administrator(org)
    a = calon(org, "Calon Dipilih")
    b = calon(org, "Calon Tidak Layak", pendidikan="D3")
    c = calon(org, "Calon Lain")
    predikat_set([a, b, c])
    hasil = promosi_usulkan_pilihan(
        actor=org.bkd, jabatan=admin, pegawai_ids=[a.pk], tahun=2025, pada=PADA, kebijakan=K
    )
    assert hasil.dibuat == 1
    rek = Rekomendasi.objects.get(jenis="promosi")
    assert (rek.pegawai_id, rek.diusulkan_oleh_id, rek.kunci) == (a.pk, org.bkd.pk, f"promosi:2025:{admin.pk}:{a.pk}")
    for ids, field in (([b.pk], "pegawai"), ([], "pegawai"), ([a.pk, c.pk], "pegawai")):
        with pytest.raises(ValidationError) as e:
            promosi_usulkan_pilihan(actor=org.bkd, jabatan=admin, pegawai_ids=ids, tahun=2025, pada=PADA, kebijakan=K)
        assert field in e.value.message_dict  # type: ignore[attr-defined]
    jpt = JabatanFactory(unit_kerja=org.dinas, nama="Kepala Badan Baru", jenis="jpt_pratama", eselon="II.a")
    with pytest.raises(ValidationError) as e:
        promosi_usulkan_pilihan(actor=org.bkd, jabatan=jpt, pegawai_ids=[a.pk], tahun=2025, pada=PADA, kebijakan=K)
    assert "jabatan" in e.value.message_dict  # type: ignore[attr-defined]
    assert Rekomendasi.objects.filter(jenis="promosi").count() == 1  # nothing half-saved


def test_query_budget_is_independent_of_the_pool(org, django_assert_max_num_queries):
    jabatan = lowongan_administrator(org)
    standar_set(jabatan, {"M1": 3})
    pkp = program_buat(org.instansi, "PKP", tahun=2025, wajib_jenis_jabatan=["pengawas"])
    daftar = [calon(org, f"Calon {i}") for i in range(6)]
    predikat_set(daftar)
    for i, p in enumerate(daftar):
        asesmen_buat(p, {"M1": 3})
        penempatan_buat(p, 2025, 8)
        if i % 2:
            riwayat_selesai(p, 100, tahun=2025, program=pkp)
    AnggotaKRS.objects.create(instansi=org.instansi, tahun=2025, pegawai=daftar[0])
    with django_assert_max_num_queries(12):
        hasil = kandidat_promosi(jabatan=jabatan, pada=PADA, kebijakan=K)
    assert len(hasil.memenuhi) == 3
    assert len(hasil.tidak_memenuhi) >= 3
    assert all(k.komponen[0].nilai == Decimal("100.00") for k in hasil.memenuhi)
