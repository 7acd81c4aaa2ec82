"""IKM services and selectors: golden values from raw answers, publication threshold, rate limits,
input messages, complaint routing, links."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from common.models import AuditLog, Notifikasi
from pegawai.models import Pegawai
from penilaian.models import HasilIKM, ResponsSurvei, TautanSurvei
from penilaian.rules import JenisPeriode, mutu_ikm
from penilaian.selectors import ikm as selectors
from penilaian.services import ikm as services
from tests.penilaian._ikm_helpers import jawaban, kirim, periode_sekarang, simpan_banyak, tautan_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_kosong():
    cache.clear()
    yield
    cache.clear()


# ---------------------------------------------------------------------------------------------
# IKM golden values


def test_ikm_golden_values_from_raw_answers_via_the_service(org):
    periode = periode_sekarang(org.instansi)
    tautan = tautan_of(org.puskesmas)
    kirim(tautan, (4, 4, 3, 4, 3, 4, 4, 3, 2))
    kirim(tautan, (3, 3, 3, 4, 3, 3, 4, 3, 3))
    kirim(tautan, (4, 3, 2, 4, 4, 4, 3, 2, 3))
    kirim(tautan, (2, 3, 3, 4, 3, 3, 3, 3, 2))

    assert services.ikm_hitung_periode(periode=periode) == 1

    h = HasilIKM.objects.get(unit_kerja=org.puskesmas, periode=periode)
    assert h.responden == 4
    assert h.jumlah_unsur == [13, 13, 11, 16, 13, 14, 14, 11, 10]
    assert h.nrr == ["3.250", "3.250", "2.750", "4.000", "3.250", "3.500", "3.500", "2.750", "2.500"]
    # 115 × 25 / (9 × 4) = 79.8611…
    assert h.ikm == Decimal("79.86")
    assert h.mutu == "B"
    assert h.dipublikasikan is False  # 4 < 30 (policy default)
    assert h.dihitung_pada is not None


def test_ikm_exact_where_a_rounded_weight_would_change_the_mutu(org):
    """Σ = 159 over 5 respondents: exact IKM 159 × 25 / 45 = 88.33 (A); the widely copied
    Σ NRR × 0.111 × 25 = 31.8 × 2.775 = 88.245 → 88.25 (B)."""
    periode = periode_sekarang(org.instansi)
    tautan = tautan_of(org.puskesmas)
    tiga_puluh_dua = (4, 4, 4, 4, 4, 3, 3, 3, 3)
    for nilai in [tiga_puluh_dua] * 4 + [(4, 4, 4, 4, 3, 3, 3, 3, 3)]:
        kirim(tautan, nilai)

    services.ikm_hitung_periode(periode=periode)

    h = HasilIKM.objects.get(unit_kerja=org.puskesmas, periode=periode)
    assert sum(h.jumlah_unsur) == 159
    assert h.ikm == Decimal("88.33")
    assert h.mutu == "A"
    naive = sum(Decimal(n) for n in h.nrr) * Decimal("0.111") * 25
    assert naive == Decimal("88.245")
    assert mutu_ikm(naive) == "B"


def test_ikm_all_best_and_all_worst(org):
    periode = periode_sekarang(org.instansi)
    simpan_banyak(org.puskesmas, periode, [(4,) * 9] * 3)
    simpan_banyak(org.seksi, periode, [(1,) * 9] * 2)
    assert services.ikm_hitung_periode(periode=periode) == 2
    assert HasilIKM.objects.get(unit_kerja=org.puskesmas).ikm == Decimal("100.00")
    worst = HasilIKM.objects.get(unit_kerja=org.seksi)
    assert (worst.ikm, worst.mutu) == (Decimal("25.00"), "D")


def test_publication_threshold_is_exactly_the_policy_minimum(org):
    periode = periode_sekarang(org.instansi)
    simpan_banyak(org.puskesmas, periode, [(3,) * 9] * 29)
    services.ikm_hitung_periode(periode=periode)
    h = HasilIKM.objects.get(unit_kerja=org.puskesmas, periode=periode)
    assert (h.responden, h.dipublikasikan) == (29, False)
    assert selectors.ikm_unit_map(periode=periode) == {}

    simpan_banyak(org.puskesmas, periode, [(3,) * 9])
    services.ikm_hitung_periode(periode=periode)
    h.refresh_from_db()
    assert (h.responden, h.dipublikasikan) == (30, True)
    assert selectors.ikm_unit_map(periode=periode) == {org.puskesmas.pk: Decimal("75.00")}


def test_publication_threshold_follows_the_instansi_policy(org):
    org.instansi.kebijakan_data = {"ikm_minimal_responden": 5}
    org.instansi.save()
    periode = periode_sekarang(org.instansi)
    simpan_banyak(org.puskesmas, periode, [(4,) * 9] * 4)
    simpan_banyak(org.seksi, periode, [(4,) * 9] * 5)
    services.ikm_hitung_periode(periode=periode)
    assert selectors.ikm_unit_map(periode=periode) == {org.seksi.pk: Decimal("100.00")}


def test_ikm_hitung_is_idempotent_and_set_based(org, django_assert_max_num_queries):
    periode = periode_sekarang(org.instansi)
    simpan_banyak(org.puskesmas, periode, [(4, 3, 3, 3, 3, 3, 3, 3, 3)] * 3)
    simpan_banyak(org.seksi, periode, [(2,) * 9] * 3)
    simpan_banyak(org.bidang, periode, [(3,) * 9] * 3)
    # aggregate, policy, delete of stale rows, upsert, audit (+ savepoints, content type)
    with django_assert_max_num_queries(8):
        assert services.ikm_hitung_periode(periode=periode) == 3
    first = {h.unit_kerja_id: (h.ikm, h.nrr, h.responden) for h in HasilIKM.objects.all()}
    assert services.ikm_hitung_periode(periode=periode) == 3
    assert {h.unit_kerja_id: (h.ikm, h.nrr, h.responden) for h in HasilIKM.objects.all()} == first
    assert HasilIKM.objects.count() == 3

    # a unit whose answers are gone loses its stale result
    ResponsSurvei.objects.filter(unit_kerja=org.bidang).delete()
    assert services.ikm_hitung_periode(periode=periode) == 2
    assert not HasilIKM.objects.filter(unit_kerja=org.bidang).exists()
    assert AuditLog.objects.filter(object_id=periode.pk, ringkasan__startswith="IKM").count() == 3


def test_annual_period_counts_the_whole_year_and_answers_without_period_by_date(org):
    periode = periode_sekarang(org.instansi)
    tahunan = periode.__class__.objects.get(instansi=org.instansi, tahun=periode.tahun, jenis=JenisPeriode.TAHUNAN)
    lain = (
        periode.__class__.objects.filter(instansi=org.instansi, tahun=periode.tahun)
        .exclude(pk=periode.pk)
        .exclude(jenis=JenisPeriode.TAHUNAN)
        .first()
    )
    simpan_banyak(org.puskesmas, periode, [(4,) * 9] * 2)
    simpan_banyak(org.puskesmas, lain, [(2,) * 9] * 2)
    # stored while no period existed: counted by its date
    simpan_banyak(org.puskesmas, None, [(3,) * 9])
    # another instansi's answers never count
    services.ikm_hitung_periode(periode=periode)
    services.ikm_hitung_periode(periode=tahunan)
    assert HasilIKM.objects.get(periode=periode).responden == 3
    h = HasilIKM.objects.get(periode=tahunan)
    assert h.responden == 5
    assert h.jumlah_unsur == [15] * 9
    assert h.ikm == Decimal("75.00")


# ---------------------------------------------------------------------------------------------
# Answers: input, period, messages


def test_answer_is_stored_in_the_current_period_with_its_profile(org):
    periode = periode_sekarang(org.instansi)
    tautan = tautan_of(org.puskesmas)
    r = kirim(
        tautan,
        (1, 2, 3, 4, 1, 2, 3, 4, 1),
        kelompok_usia="26-35",
        jenis_kelamin="P",
        pendidikan="s1",
        layanan="  Pemeriksaan umum ",
    )
    assert r.periode_id == periode.pk
    assert (r.u1, r.u4, r.u9) == (1, 4, 1)
    assert (r.kelompok_usia, r.jenis_kelamin, r.pendidikan, r.layanan) == ("26-35", "P", "s1", "Pemeriksaan umum")


def test_bad_input_names_each_unsur_and_field(org):
    tautan = tautan_of(org.puskesmas)
    data = jawaban((4, 4, 4, 4, 4, 4, 4, 4, 4), kelompok_usia="99", jenis_kelamin="X", pendidikan="s9")
    data.pop("u1")
    data["u3"] = "5"
    data["u7"] = "baik"
    data["saran"] = "x" * 2001
    data["layanan"] = "y" * 201
    with pytest.raises(ValidationError) as e:
        services.respons_survei_simpan(tautan_kode=tautan.kode, data=data, perangkat="p", jaringan="n")
    errors = e.value.message_dict
    assert errors["u1"] == ["Pilih jawaban untuk unsur U1 Persyaratan."]
    assert errors["u3"] == ["Jawaban unsur U3 Waktu Penyelesaian harus salah satu dari 1, 2, 3 atau 4."]
    assert errors["u7"] == ["Jawaban unsur U7 Perilaku Pelaksana harus salah satu dari 1, 2, 3 atau 4."]
    assert errors["kelompok_usia"] == ["Kelompok usia: pilihan tidak dikenal."]
    assert errors["jenis_kelamin"] == ["Jenis kelamin: pilihan tidak dikenal."]
    assert errors["pendidikan"] == ["Pendidikan: pilihan tidak dikenal."]
    assert errors["saran"] == ["Pengaduan atau saran paling panjang 2000 karakter (sekarang 2001)."]
    assert errors["layanan"] == ["Layanan yang diterima paling panjang 200 karakter."]
    assert set(errors) == {"u1", "u3", "u7", "kelompok_usia", "jenis_kelamin", "pendidikan", "saran", "layanan"}
    assert ResponsSurvei.objects.count() == 0


def test_inactive_or_unknown_link_is_404(org):
    tautan = tautan_of(org.puskesmas)
    with pytest.raises(Http404):
        services.respons_survei_simpan(tautan_kode="tidakada", data=jawaban((4,) * 9), perangkat="p", jaringan="n")
    tautan.aktif = False
    tautan.save()
    with pytest.raises(Http404):
        services.respons_survei_simpan(tautan_kode=tautan.kode, data=jawaban((4,) * 9), perangkat="p", jaringan="n")


def test_answer_without_a_period_is_kept(org):
    tautan = tautan_of(org.puskesmas)
    r = services.respons_survei_simpan(tautan_kode=tautan.kode, data=jawaban((4,) * 9), perangkat="p", jaringan="n")
    assert r.periode_id is None


# ---------------------------------------------------------------------------------------------
# Rate limits


def _kirim_dari(tautan, perangkat, jaringan):
    return services.respons_survei_simpan(
        tautan_kode=tautan.kode, data=jawaban((3,) * 9), perangkat=perangkat, jaringan=jaringan
    )


def test_rate_limit_per_device_per_unit_per_day(org):
    tautan = tautan_of(org.puskesmas)
    for i in range(3):
        _kirim_dari(tautan, "hp-1", f"jaringan-{i}")
    with pytest.raises(services.SurveiDibatasi) as e:
        _kirim_dari(tautan, "hp-1", "jaringan-baru")
    assert "3 jawaban untuk unit ini hari ini" in e.value.message
    assert 0 < e.value.coba_lagi_detik <= 86400
    # the same device may still answer for another unit, and another device here
    org.seksi.is_unit_layanan = True
    org.seksi.save()
    _kirim_dari(tautan_of(org.seksi), "hp-1", "jaringan-x")
    _kirim_dari(tautan, "hp-2", "jaringan-y")
    assert ResponsSurvei.objects.filter(unit_kerja=org.puskesmas).count() == 4


def test_rate_limit_per_network_per_unit_per_hour(org, settings):
    settings.SURVEI_BATAS_JARINGAN = 5
    tautan = tautan_of(org.puskesmas)
    for i in range(5):
        _kirim_dari(tautan, f"hp-{i}", "203.0.113.0/24")
    with pytest.raises(services.SurveiDibatasi) as e:
        _kirim_dari(tautan, "hp-baru", "203.0.113.0/24")
    assert "jaringan yang sama" in e.value.message
    # another device on another network still gets through
    _kirim_dari(tautan, "hp-lain", "198.51.100.0/24")
    assert ResponsSurvei.objects.count() == 6


def test_rate_limit_reads_settings(org, settings):
    settings.SURVEI_BATAS_PERANGKAT = 1
    tautan = tautan_of(org.puskesmas)
    _kirim_dari(tautan, "hp", "a")
    with pytest.raises(services.SurveiDibatasi):
        _kirim_dari(tautan, "hp", "b")


def test_rate_limit_counter_recovers_when_the_key_expires_between_add_and_incr(monkeypatch):
    def incr(key, delta=1):
        raise ValueError(key)

    monkeypatch.setattr(services.cache, "incr", incr)
    assert services._hitung("kunci-uji", 60) == 1
    assert cache.get("kunci-uji") == 1


@pytest.mark.parametrize(
    ("alamat", "jaringan"),
    [
        ("192.0.2.17", "192.0.2.0/24"),
        ("192.0.2.250", "192.0.2.0/24"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.9", "192.0.2.0/24"),
        ("bukan-alamat", "tidak-dikenal"),
        ("", "tidak-dikenal"),
    ],
)
def test_network_of_an_address(alamat, jaringan):
    assert services.jaringan_dari_alamat(alamat) == jaringan


# ---------------------------------------------------------------------------------------------
# Complaints


def test_complaint_notifies_the_kepala_unit(org):
    periode_sekarang(org.instansi)
    tautan = tautan_of(org.puskesmas)
    r = kirim(tautan, (3,) * 9, saran="Antrean terlalu lama di loket pendaftaran.")
    n = Notifikasi.objects.get(user=org.kepala_puskesmas.user)
    assert "Puskesmas Kota Sibolga" in n.judul
    assert n.isi == "Antrean terlalu lama di loket pendaftaran."
    assert n.tautan == f"/penilaian/ikm/unit/{org.puskesmas.pk}/#pengaduan"
    assert n.kunci == f"survei-saran-{r.pk}"
    # nobody else is told, and an answer without saran notifies no one
    kirim(tautan, (3,) * 9, saran="   ")
    assert Notifikasi.objects.count() == 1


def test_complaint_without_a_kepala_notifies_no_one(org):
    org.kepala_puskesmas.status = Pegawai.Status.PENSIUN
    org.kepala_puskesmas.save()
    tautan = tautan_of(org.puskesmas)
    kirim(tautan, (3,) * 9, saran="Toilet kotor.")
    assert Notifikasi.objects.count() == 0
    assert ResponsSurvei.objects.get().saran == "Toilet kotor."


def test_tindak_lanjut(org):
    tautan = tautan_of(org.puskesmas)
    r = kirim(tautan, (3,) * 9, saran="Antrean lama.")
    services.pengaduan_tindak_lanjut(actor=org.kepala_puskesmas.user, respons=r, tindak_lanjut=" Loket ditambah. ")
    r.refresh_from_db()
    assert r.tindak_lanjut == "Loket ditambah."
    assert r.ditindaklanjuti_pada is not None
    assert AuditLog.objects.filter(object_id=r.pk, actor=org.kepala_puskesmas.user).exists()
    with pytest.raises(ValidationError) as e:
        services.pengaduan_tindak_lanjut(actor=org.bkd, respons=r, tindak_lanjut="  ")
    assert e.value.message_dict == {"tindak_lanjut": ["Tuliskan tindak lanjutnya."]}
    with pytest.raises(ValidationError) as e:
        services.pengaduan_tindak_lanjut(actor=org.bkd, respons=r, tindak_lanjut="x" * 2001)
    assert "2000" in e.value.message_dict["tindak_lanjut"][0]
    tanpa = kirim(tautan, (3,) * 9)
    with pytest.raises(ValidationError) as e:
        services.pengaduan_tindak_lanjut(actor=org.bkd, respons=tanpa, tindak_lanjut="ok")
    assert e.value.message_dict == {"tindak_lanjut": ["Jawaban ini tidak berisi pengaduan atau saran."]}


# ---------------------------------------------------------------------------------------------
# Links


def test_tautan_pastikan_bulk_and_idempotent(org):
    org.seksi.is_unit_layanan = True
    org.seksi.save()
    assert services.tautan_survei_pastikan(instansi=org.instansi) == 2
    assert services.tautan_survei_pastikan(instansi=org.instansi) == 0
    kode = list(TautanSurvei.objects.values_list("kode", flat=True))
    assert len(set(kode)) == 2
    for k in kode:
        assert len(k) == 8
        assert k.isalnum()
        assert k == k.lower()
    assert services.tautan_survei_pastikan(instansi=org.other_instansi) == 0


def test_tautan_codes_avoid_collisions(org, monkeypatch):
    TautanSurvei.objects.create(unit_kerja=org.seksi, kode="aaaaaaaa")
    codes = iter(["aaaaaaaa", "bbbbbbbb"])
    monkeypatch.setattr(services, "_kode_acak", lambda: next(codes))
    assert services.tautan_survei_pastikan(instansi=org.instansi) == 1
    assert TautanSurvei.objects.get(unit_kerja=org.puskesmas).kode == "bbbbbbbb"


def test_tautan_ganti_and_aktif(org):
    tautan = tautan_of(org.puskesmas)
    lama = tautan.kode
    services.tautan_survei_ganti(actor=org.bkd, tautan=tautan)
    tautan.refresh_from_db()
    assert tautan.kode != lama
    with pytest.raises(Http404):
        services.tautan_survei_aktif(kode=lama)
    assert services.tautan_survei_aktif(kode=tautan.kode.upper()) == tautan
    services.tautan_survei_atur_aktif(actor=org.bkd, tautan=tautan, aktif=False)
    services.tautan_survei_atur_aktif(actor=org.bkd, tautan=tautan, aktif=False)  # no change, no audit
    with pytest.raises(Http404):
        services.tautan_survei_aktif(kode=tautan.kode)
    services.tautan_survei_atur_aktif(actor=org.bkd, tautan=tautan, aktif=True)
    assert services.tautan_survei_aktif(kode=tautan.kode) == tautan
    assert AuditLog.objects.filter(object_id=tautan.pk, actor=org.bkd).count() == 3


# ---------------------------------------------------------------------------------------------
# Selectors


def test_hasil_list_scope_and_live_counts(org):
    org.kepala_dinas.refresh_from_db()
    periode = periode_sekarang(org.instansi)
    simpan_banyak(org.puskesmas, periode, [(4,) * 9] * 2)
    rows = list(selectors.hasil_ikm_list_for_user(org.bkd, periode))
    assert [(u.pk, u.hasil_id, u.respons_masuk) for u in rows] == [(org.puskesmas.pk, None, 2)]
    services.ikm_hitung_periode(periode=periode)
    (row,) = selectors.hasil_ikm_list_for_user(org.pimpinan, periode)
    assert (row.hasil_ikm, row.hasil_mutu, row.hasil_responden, row.hasil_terbit) == (Decimal("100.00"), "A", 2, False)
    assert [u.pk for u in selectors.hasil_ikm_list_for_user(org.kepala_puskesmas.user, periode)] == [org.puskesmas.pk]
    # a kepala dinas sees the unit layanan under the dinas
    assert [u.pk for u in selectors.hasil_ikm_list_for_user(org.kepala_dinas.user, periode)] == [org.puskesmas.pk]
    for user in (org.pegawai.user, org.atasan.user, org.unrelated.user, org.other_bkd):
        assert list(selectors.hasil_ikm_list_for_user(user, periode)) == []
    assert list(selectors.hasil_ikm_list_for_user(org.bkd, None)) == []


def test_tren_and_periode_pilihan(org):
    periode = periode_sekarang(org.instansi)
    semua = list(
        periode.__class__.objects.filter(instansi=org.instansi, tahun=periode.tahun)
        .exclude(jenis=JenisPeriode.TAHUNAN)
        .order_by("tanggal_mulai")
    )
    for i, p in enumerate(semua[:3]):
        simpan_banyak(org.puskesmas, p, [(i + 2,) * 9] * 2)
        services.ikm_hitung_periode(periode=p)
    tahunan = periode.__class__.objects.get(instansi=org.instansi, tahun=periode.tahun, jenis=JenisPeriode.TAHUNAN)
    services.ikm_hitung_periode(periode=tahunan)
    tren = selectors.ikm_tren(org.puskesmas, 2)
    assert [h.periode_id for h in tren] == [semua[1].pk, semua[2].pk]
    assert [h.ikm for h in tren] == [Decimal("75.00"), Decimal("100.00")]

    assert selectors.periode_pilihan(instansi=org.instansi) == periode
    assert selectors.periode_pilihan(instansi=org.instansi, periode_id=str(semua[0].pk)) == semua[0]
    with pytest.raises(Http404):
        selectors.periode_pilihan(instansi=org.other_instansi, periode_id=semua[0].pk)
    with pytest.raises(Http404):
        selectors.periode_pilihan(instansi=org.instansi, periode_id="abc")
    with pytest.raises(Http404):
        selectors.periode_pilihan(instansi=None, periode_id="1")
    assert selectors.periode_pilihan(instansi=None) is None
    # after the year, the latest period that has started
    setelah = datetime.date(periode.tahun + 1, 6, 1)
    assert selectors.periode_pilihan(instansi=org.instansi, on=setelah) == semua[-1]


def test_pengaduan_list_filters_and_scope(org):
    periode = periode_sekarang(org.instansi)
    tautan = tautan_of(org.puskesmas)
    a = kirim(tautan, (3,) * 9, saran="Antrean lama sekali")
    b = kirim(tautan, (3,) * 9, saran="Ruang tunggu panas")
    kirim(tautan, (3,) * 9)
    services.pengaduan_tindak_lanjut(actor=org.bkd, respons=b, tindak_lanjut="Kipas dipasang")
    assert list(selectors.pengaduan_list_for_user(org.bkd)) == [b, a]
    assert list(selectors.pengaduan_list_for_user(org.bkd, {"status": "baru"})) == [a]
    assert list(selectors.pengaduan_list_for_user(org.bkd, {"status": "ditindaklanjuti"})) == [b]
    assert list(selectors.pengaduan_list_for_user(org.bkd, {"q": "antrean"})) == [a]
    assert list(selectors.pengaduan_list_for_user(org.bkd, {"unit_kerja": org.seksi.pk})) == []
    assert list(selectors.pengaduan_list_for_user(org.bkd, {"periode": periode})) == [b, a]
    assert list(selectors.pengaduan_list_for_user(org.kepala_puskesmas.user)) == [b, a]
    assert list(selectors.pengaduan_list_for_user(org.unrelated.user)) == []
    assert list(selectors.pengaduan_list_for_user(org.other_bkd)) == []
    assert selectors.pengaduan_get_for_user(user=org.kepala_puskesmas.user, respons_id=a.pk) == a
    for user in (org.unrelated.user, org.other_bkd):
        with pytest.raises(Http404):
            selectors.pengaduan_get_for_user(user=user, respons_id=a.pk)
    assert selectors.can_tindak_lanjut(org.bkd, org.puskesmas)
    assert selectors.can_tindak_lanjut(org.kepala_puskesmas.user, org.puskesmas)
    assert not selectors.can_tindak_lanjut(org.kepala_dinas.user, org.puskesmas)
    assert not selectors.can_tindak_lanjut(org.pimpinan, org.puskesmas)
    assert not selectors.can_tindak_lanjut(org.other_bkd, org.puskesmas)


def test_answers_are_timestamped_now(org):
    tautan = tautan_of(org.puskesmas)
    r = kirim(tautan, (4,) * 9)
    assert abs((timezone.now() - r.created_at).total_seconds()) < 60
