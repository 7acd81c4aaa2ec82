"""Golden cases of the awards (DOMAIN.md §6): Satyalancana Karya Satya at 10/20/30 years to the
day and one day short, ruled out by a past hukdis sedang (even finished) or a past CLTN, not by a
ringan one, not proposed again once awarded; pegawai berprestasi from box 9 and from the unit
layanan with IKM mutu A; the proposals and the query budget."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from common.policies import Kebijakan
from karier.models import JenisPenghargaan, Rekomendasi, RiwayatPenghargaan
from karier.selectors.penghargaan import berprestasi_daftar, satyalancana_daftar, tahun_penempatan_terakhir
from karier.services.penghargaan import penghargaan_usulkan, penghargaan_usulkan_pilihan
from karier.services.rekomendasi import rekomendasi_putuskan, rekomendasi_terapkan
from pegawai.models import HukumanDisiplin, Pegawai
from pegawai.services import riwayat_cltn_create
from penilaian.models import EvaluasiKinerja, HasilIKM, JenisPeriode, Periode
from tests.factories.karier import penempatan_buat, predikat_tahunan_set
from tests.factories.pegawai import HukumanDisiplinFactory, PegawaiFactory

pytestmark = pytest.mark.django_db
D = datetime.date
PADA = D(2026, 7, 1)
K = Kebijakan()


def pns(org, nama: str, tmt_cpns: datetime.date, **kw) -> Pegawai:  # type: ignore[no-untyped-def]
    p = PegawaiFactory(
        jabatan=kw.pop("jabatan", org.jabatan_pelaksana),
        nama=nama,
        tanggal_lahir=D(1965, 2, 10),
        tmt_cpns=tmt_cpns,
        tmt_golongan=tmt_cpns,
        **kw,
    )
    p.refresh_from_db()
    return p


def _baris(rows, pegawai):  # type: ignore[no-untyped-def]
    found = [b for b in rows if b.pegawai.pk == pegawai.pk]
    return found[0] if found else None


# ---------------------------------------------------------------------------------------------
# Satyalancana Karya Satya


@pytest.mark.parametrize("tahun", [10, 20, 30])
def test_satyalancana_to_the_day_and_one_day_short(org, tahun):
    tepat = pns(org, "Tepat", D(2026 - tahun, 7, 1))
    kurang = pns(org, "Kurang Sehari", D(2026 - tahun, 7, 2))
    rows = satyalancana_daftar(instansi=org.instansi, pada=PADA)
    b = _baris(rows, tepat)
    assert b is not None
    assert b.tahun_masa == tahun
    assert b.layak
    assert b.jenis == f"satyalancana_{tahun}"
    assert b.masa_teks == f"{tahun} tahun 0 bulan"
    k = _baris(rows, kurang)
    if tahun == 10:
        assert k is None  # not yet 10 years: not listed
    else:
        assert k is not None
        assert k.tahun_masa == tahun - 10  # still at the previous length


def test_past_hukdis_sedang_even_finished_rules_out_ringan_does_not(org):
    sedang = pns(org, "Pernah Sedang", D(2010, 1, 1))
    berat = pns(org, "Pernah Berat", D(2010, 1, 1))
    ringan = pns(org, "Pernah Ringan", D(2010, 1, 1))
    HukumanDisiplinFactory(pegawai=sedang, tmt_mulai=D(2015, 1, 1), tmt_selesai=D(2015, 6, 30))
    HukumanDisiplinFactory(
        pegawai=berat,
        tingkat=HukumanDisiplin.Tingkat.BERAT,
        jenis=HukumanDisiplin.Jenis.PENURUNAN_JABATAN,
        tmt_mulai=D(2018, 3, 1),
        tmt_selesai=D(2019, 2, 28),
    )
    HukumanDisiplinFactory(
        pegawai=ringan,
        tingkat=HukumanDisiplin.Tingkat.RINGAN,
        jenis=HukumanDisiplin.Jenis.TEGURAN_LISAN,
        tmt_mulai=D(2016, 1, 1),
        tmt_selesai=None,
    )
    rows = satyalancana_daftar(instansi=org.instansi, pada=PADA)
    assert _baris(rows, sedang).alasan == ["pernah hukuman disiplin sedang (mulai 01-01-2015)"]
    assert _baris(rows, berat).alasan == ["pernah hukuman disiplin berat (mulai 01-03-2018)"]
    assert _baris(rows, ringan).layak
    assert _baris(satyalancana_daftar(instansi=org.instansi, pada=PADA, filters={"layak": True}), sedang) is None


def test_past_or_current_cltn_rules_out(org):
    pernah = pns(org, "Pernah CLTN", D(2010, 1, 1))
    sedang = pns(org, "Sedang CLTN", D(2010, 1, 1))
    riwayat_cltn_create(actor=None, pegawai=pernah, tmt_mulai=D(2014, 1, 1), tmt_selesai=D(2015, 1, 1))
    Pegawai.objects.filter(pk=sedang.pk).update(status=Pegawai.Status.CLTN)
    pensiun = pns(org, "Pensiun", D(2000, 1, 1))
    Pegawai.objects.filter(pk=pensiun.pk).update(status=Pegawai.Status.PENSIUN)
    rows = satyalancana_daftar(instansi=org.instansi, pada=PADA)
    assert _baris(rows, pernah).alasan == ["pernah cuti di luar tanggungan negara (mulai 01-01-2014)"]
    assert _baris(rows, sedang).alasan == ["sedang cuti di luar tanggungan negara"]
    assert _baris(rows, pensiun) is None


def test_already_awarded_is_not_proposed_again(org):
    sudah = pns(org, "Sudah Menerima", D(2014, 1, 1))
    belum = pns(org, "Belum Menerima", D(2014, 1, 1))
    RiwayatPenghargaan.objects.create(
        pegawai=sudah, jenis=JenisPenghargaan.SATYALANCANA_10, tahun=2024, tanggal=D(2024, 8, 17)
    )
    rows = satyalancana_daftar(instansi=org.instansi, pada=PADA)
    assert _baris(rows, sudah).alasan == ["sudah menerima Satyalancana Karya Satya X Tahun"]
    penghargaan_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=K)
    kunci = set(Rekomendasi.objects.filter(jenis="penghargaan").values_list("kunci", flat=True))
    assert f"penghargaan:satyalancana_10:{belum.pk}" in kunci
    assert f"penghargaan:satyalancana_10:{sudah.pk}" not in kunci


def test_filters_and_other_instansi(org):
    p = pns(org, "Dua Puluh", D(2005, 1, 1))
    rows = satyalancana_daftar(instansi=org.instansi, pada=PADA, filters={"jenis": "satyalancana_20"})
    assert p.pk in {b.pegawai.pk for b in rows}
    assert all(b.tahun_masa == 20 for b in rows)
    unit = satyalancana_daftar(instansi=org.instansi, pada=PADA, filters={"unit_kerja_id": org.puskesmas.pk})
    assert all(b.pegawai.unit_kerja_id == org.puskesmas.pk for b in unit)
    assert p.pk not in {b.pegawai.pk for b in unit}
    assert p.pk not in {b.pegawai.pk for b in satyalancana_daftar(instansi=org.other_instansi, pada=PADA)}


def test_satyalancana_query_budget(org, django_assert_max_num_queries):
    for i in range(4):
        p = pns(org, f"Lama {i}", D(2000 + i, 1, 1))
        HukumanDisiplinFactory(pegawai=p, tmt_mulai=D(2015, 1, 1), tmt_selesai=D(2015, 6, 30))
    with django_assert_max_num_queries(4):
        rows = satyalancana_daftar(instansi=org.instansi, pada=PADA)
    assert len(rows) >= 4


# ---------------------------------------------------------------------------------------------
# Pegawai berprestasi


def _ikm(org, unit, tahun: int, mutu: str, ikm: str) -> HasilIKM:  # type: ignore[no-untyped-def]
    periode = Periode.objects.get(instansi=org.instansi, tahun=tahun, jenis=JenisPeriode.TAHUNAN)
    return HasilIKM.objects.create(
        unit_kerja=unit, periode=periode, responden=60, ikm=Decimal(ikm), mutu=mutu, dipublikasikan=True
    )


def _nilai(pegawai: Pegawai, tahun: int, nilai: str) -> None:
    EvaluasiKinerja.objects.filter(pegawai=pegawai, periode__tahun=tahun, periode__jenis=JenisPeriode.TAHUNAN).update(
        nilai_akhir=Decimal(nilai)
    )


def test_box_9_and_the_best_rated_of_a_unit_layanan_with_ikm_mutu_a(org):
    perawat2 = PegawaiFactory(jabatan=org.jabatan_perawat, nama="Perawat Kedua", pendidikan_terakhir="D3")
    perawat3 = PegawaiFactory(jabatan=org.jabatan_perawat, nama="Perawat Ketiga", pendidikan_terakhir="D3")
    predikat_tahunan_set(org.kepala_puskesmas, 2025, "baik")
    predikat_tahunan_set(org.unrelated, 2025, "sangat_baik")
    predikat_tahunan_set(perawat2, 2025, "sangat_baik")
    predikat_tahunan_set(perawat3, 2025, "baik")
    _nilai(org.unrelated, 2025, "95.10")
    _nilai(perawat2, 2025, "97.25")
    _nilai(perawat3, 2025, "99.00")
    _ikm(org, org.puskesmas, 2025, "A", "90.12")
    penempatan_buat(org.atasan, 2025, 9)
    penempatan_buat(org.pegawai, 2025, 8)
    penempatan_buat(org.rekan, 2024, 9)  # an older year does not count
    rows = berprestasi_daftar(instansi=org.instansi, tahun=2025, kebijakan=K)
    assert [b.pegawai.pk for b in rows] == [org.atasan.pk, perawat2.pk]
    assert rows[0].alasan == ["kotak 9 talenta tahun 2025"]
    assert rows[1].alasan == [
        "penilaian terbaik di Puskesmas Kota Sibolga (predikat Sangat Baik, nilai 97.25), unit layanan dengan "
        "IKM 90.12 mutu A"
    ]
    assert tahun_penempatan_terakhir(instansi=org.instansi) == 2025
    # mutu B is not in the default policy; a policy naming B proposes it
    HasilIKM.objects.update(mutu="B", ikm=Decimal("80.00"))
    assert [b.pegawai.pk for b in berprestasi_daftar(instansi=org.instansi, tahun=2025, kebijakan=K)] == [org.atasan.pk]
    lebih = Kebijakan(penghargaan_mutu_ikm=("A", "B"))
    assert perawat2.pk in {b.pegawai.pk for b in berprestasi_daftar(instansi=org.instansi, tahun=2025, kebijakan=lebih)}


def test_box_9_and_best_of_unit_merge_their_reasons(org):
    predikat_tahunan_set(org.unrelated, 2025, "baik")
    _ikm(org, org.puskesmas, 2025, "A", "92.00")
    penempatan_buat(org.unrelated, 2025, 9)
    rows = berprestasi_daftar(instansi=org.instansi, tahun=2025, kebijakan=K)
    assert len(rows) == 1
    assert len(rows[0].alasan) == 2
    assert (
        berprestasi_daftar(instansi=org.instansi, tahun=2025, kebijakan=K, filters={"unit_kerja_id": org.seksi.pk})
        == []
    )


def test_proposals_of_both_kinds_applied_end_to_end(org):
    lama = pns(org, "Tiga Puluh Tahun", D(1996, 7, 1))
    penempatan_buat(org.atasan, 2025, 9)
    hasil = penghargaan_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=K)
    assert hasil.dibuat >= 2
    s = Rekomendasi.objects.get(kunci=f"penghargaan:satyalancana_30:{lama.pk}")
    assert (s.penghargaan, s.jenis, s.tahun) == ("satyalancana_30", "penghargaan", 2025)
    assert "30 tahun 0 bulan" in s.dasar[0]["teks"]
    b = Rekomendasi.objects.get(kunci=f"penghargaan:berprestasi:2025:{org.atasan.pk}")
    assert b.penghargaan == JenisPenghargaan.PEGAWAI_BERPRESTASI
    rekomendasi_putuskan(actor=org.pimpinan, rekomendasi=s, setuju=True)
    rekomendasi_terapkan(actor=org.bkd, rekomendasi=s, tmt=D(2026, 8, 17), nomor_sk="1/TK/2026")
    assert RiwayatPenghargaan.objects.filter(pegawai=lama, jenis="satyalancana_30").exists()
    # a rerun no longer proposes it; the applied recommendation is left alone
    again = penghargaan_usulkan(instansi=org.instansi, tahun=2025, pada=PADA, kebijakan=K)
    assert again.dibuat == 0
    s.refresh_from_db()
    assert s.status == Rekomendasi.Status.DITERAPKAN


def test_bkd_proposes_chosen_rows(org):
    lama = pns(org, "Dua Puluh Tahun", D(2006, 1, 1))
    cltn = pns(org, "Pernah CLTN", D(2006, 1, 1))
    riwayat_cltn_create(actor=None, pegawai=cltn, tmt_mulai=D(2014, 1, 1), tmt_selesai=D(2015, 1, 1))
    penempatan_buat(org.atasan, 2025, 9)
    umum = {"actor": org.bkd, "instansi": org.instansi, "tahun": 2025, "pada": PADA, "kebijakan": K}
    assert penghargaan_usulkan_pilihan(jenis="satyalancana", pegawai_ids=[lama.pk], **umum).dibuat == 1
    assert penghargaan_usulkan_pilihan(jenis="berprestasi", pegawai_ids=[org.atasan.pk], **umum).dibuat == 1
    for jenis, ids, field in (
        ("satyalancana", [cltn.pk], "pegawai"),
        ("satyalancana", [], "pegawai"),
        ("berprestasi", [lama.pk], "pegawai"),
        ("lain", [lama.pk], "jenis"),
    ):
        with pytest.raises(ValidationError) as e:
            penghargaan_usulkan_pilihan(jenis=jenis, pegawai_ids=ids, **umum)
        assert field in e.value.message_dict
    assert Rekomendasi.objects.filter(jenis="penghargaan").count() == 2
