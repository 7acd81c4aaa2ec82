"""Golden values for the appraisal rules (DOMAIN.md §1–2)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from penilaian import rules
from penilaian.rules import Arah, Komponen, MutuIKM, Predikat, PredikatOrganisasi, Rating

D = Decimal


@pytest.mark.parametrize(
    ("hasil_kerja", "perilaku", "expected"),
    [
        (Rating.DI_ATAS, Rating.DI_BAWAH, Predikat.KURANG),
        (Rating.DI_ATAS, Rating.SESUAI, Predikat.BAIK),
        (Rating.DI_ATAS, Rating.DI_ATAS, Predikat.SANGAT_BAIK),
        (Rating.SESUAI, Rating.DI_BAWAH, Predikat.KURANG),
        (Rating.SESUAI, Rating.SESUAI, Predikat.BAIK),
        (Rating.SESUAI, Rating.DI_ATAS, Predikat.BAIK),
        (Rating.DI_BAWAH, Rating.DI_BAWAH, Predikat.SANGAT_KURANG),
        (Rating.DI_BAWAH, Rating.SESUAI, Predikat.BUTUH_PERBAIKAN),
        (Rating.DI_BAWAH, Rating.DI_ATAS, Predikat.BUTUH_PERBAIKAN),
    ],
)
def test_predikat_matrix_all_nine_cells(hasil_kerja, perilaku, expected):
    assert rules.predikat(hasil_kerja, perilaku) == expected
    assert rules.predikat(str(hasil_kerja.value), str(perilaku.value)) == expected


def test_predikat_labels_and_unknown_rating():
    assert Predikat.KURANG.label == "Kurang/Misconduct"
    with pytest.raises(ValueError, match="rating tidak dikenal"):
        rules.predikat("luar_biasa", Rating.SESUAI)


@pytest.mark.parametrize(
    ("organisasi", "rating"),
    [
        (PredikatOrganisasi.ISTIMEWA, Rating.DI_ATAS),
        (PredikatOrganisasi.BAIK, Rating.SESUAI),
        (PredikatOrganisasi.BUTUH_PERBAIKAN, Rating.DI_BAWAH),
        (PredikatOrganisasi.KURANG, Rating.DI_BAWAH),
        (PredikatOrganisasi.SANGAT_KURANG, Rating.DI_BAWAH),
    ],
)
def test_the_leader_rating_follows_the_unit(organisasi, rating):
    assert rules.rating_hasil_kerja_pimpinan(organisasi) == rating


@pytest.mark.parametrize(
    ("target", "realisasi", "arah", "expected"),
    [
        # higher is better: realisasi / target × 100
        (D("120"), D("120"), Arah.LEBIH_TINGGI, D("100.00")),
        (D("120"), D("90"), Arah.LEBIH_TINGGI, D("75.00")),
        (D("120"), D("150"), Arah.LEBIH_TINGGI, D("125.00")),
        (D("3"), D("1"), Arah.LEBIH_TINGGI, D("33.33")),
        (D("3"), D("2"), Arah.LEBIH_TINGGI, D("66.67")),
        (D("12"), D("0"), Arah.LEBIH_TINGGI, D("0.00")),
        # lower is better: (2 − realisasi / target) × 100
        (D("3"), D("3"), Arah.LEBIH_RENDAH, D("100.00")),
        (D("3"), D("2"), Arah.LEBIH_RENDAH, D("133.33")),
        (D("3"), D("4"), Arah.LEBIH_RENDAH, D("66.67")),
        (D("10"), D("25"), Arah.LEBIH_RENDAH, D("-50.00")),
        (D("5"), D("0"), Arah.LEBIH_RENDAH, D("200.00")),
    ],
)
def test_capaian(target, realisasi, arah, expected):
    assert rules.capaian(target=target, realisasi=realisasi, arah=arah) == expected


def test_capaian_needs_a_positive_target():
    with pytest.raises(ValueError, match="target"):
        rules.capaian(target=D("0"), realisasi=D("1"))


def test_capaian_rata_rata_and_the_hasil_kerja_component():
    assert rules.capaian_rata_rata([]) is None
    assert rules.capaian_rata_rata([D("100"), D("75"), D("133.33")]) == D("102.78")
    assert rules.nilai_hasil_kerja(None, maksimal=D("120")) is None
    assert rules.nilai_hasil_kerja(D("133.33"), maksimal=D("120")) == D("120")
    assert rules.nilai_hasil_kerja(D("-50"), maksimal=D("120")) == D("0")
    assert rules.nilai_hasil_kerja(D("87.5"), maksimal=D("120")) == D("87.5")
    assert rules.nilai_perilaku_360(None) is None
    assert rules.nilai_perilaku_360(D("4.15")) == D("83.00")


def test_nilai_akhir_weights_the_components_present():
    full = rules.nilai_akhir(
        [
            Komponen("hasil_kerja", D("90"), D("70")),
            Komponen("perilaku", D("80"), D("30")),
            Komponen("ikm", D("85.5"), D("10"), "IKM unit"),
        ]
    )
    # (90×70 + 80×30 + 85.5×10) / 110 = 9555 / 110 = 86.863…
    assert full.nilai == D("86.86")
    assert full.bobot_dipakai == D("110")
    # no 360 answers: hasil kerja carries the whole score
    tanpa_360 = rules.nilai_akhir([Komponen("hasil_kerja", D("90"), D("70")), Komponen("perilaku", None, D("30"))])
    assert tanpa_360.nilai == D("90.00")
    data = tanpa_360.as_dict()
    assert data["nilai_akhir"] == "90.00"
    assert [k["dipakai"] for k in data["komponen"]] == [True, False]
    kosong = rules.nilai_akhir([Komponen("hasil_kerja", None, D("70"))])
    assert kosong.nilai is None
    assert kosong.as_dict()["nilai_akhir"] is None


def test_legacy_scores():
    assert rules.nilai_pp30(skp=D("85"), perilaku=D("90")) == D("86.50")
    assert rules.nilai_pp30(skp=D("85"), perilaku=D("90"), dengan_360=True) == D("87.00")
    assert rules.nilai_pp46(skp=D("80"), perilaku=D("90")) == D("84.00")
    assert [rules.sebutan_pp46(D(v)) for v in ("91", "90.5", "76", "75.5", "61", "60", "51", "50")] == [
        "Sangat Baik",
        "Baik",
        "Baik",
        "Cukup",
        "Cukup",
        "Kurang",
        "Kurang",
        "Buruk",
    ]


@pytest.mark.parametrize(
    ("predikat", "jenjang", "bulan", "expected"),
    [
        (Predikat.BAIK, "ahli_pertama", 2, D("2.08")),
        (Predikat.BAIK, "ahli_pertama", 12, D("12.50")),
        (Predikat.SANGAT_BAIK, "ahli_muda", 12, D("37.50")),
        (Predikat.BUTUH_PERBAIKAN, "ahli_madya", 12, D("28.13")),
        (Predikat.KURANG, "ahli_utama", 12, D("25.00")),
        (Predikat.SANGAT_KURANG, "penyelia", 12, D("6.25")),
        (Predikat.BAIK, "pemula", 12, D("3.75")),
        (Predikat.BAIK, "terampil", 6, D("2.50")),
        (Predikat.SANGAT_BAIK, "mahir", 3, D("4.69")),
    ],
)
def test_angka_kredit(predikat, jenjang, bulan, expected):
    assert rules.angka_kredit(predikat=predikat, jenjang=jenjang, bulan=bulan) == expected


def test_angka_kredit_months_are_checked():
    with pytest.raises(ValueError, match="bulan"):
        rules.angka_kredit(predikat=Predikat.BAIK, jenjang="ahli_muda", bulan=13)


def test_ikm_from_raw_sums():
    # 4 respondents; per unsur sums of their answers
    jumlah = [13, 12, 11, 16, 12, 13, 14, 12, 10]
    hasil = rules.ikm_hitung(jumlah, 4)
    assert hasil.nrr[0] == D("3.250")
    assert hasil.nrr[8] == D("2.500")
    # Σ = 113; IKM = 113 × 25 / 36 = 78.4722… → 78.47, mutu B
    assert hasil.ikm == D("78.47")
    assert hasil.mutu == MutuIKM.B
    assert hasil.responden == 4


def test_ikm_exact_where_a_rounded_weight_changes_the_mutu():
    # 100 respondents, Σ of all answers = 3180: IKM = 3180 × 25 / 900 = 88.333… → 88.33, mutu A.
    jumlah = [354, 353, 353, 353, 353, 354, 353, 353, 354]
    assert sum(jumlah) == 3180
    hasil = rules.ikm_hitung(jumlah, 100)
    assert hasil.ikm == D("88.33")
    assert hasil.mutu == MutuIKM.A
    # the widely copied shortcut: Σ(NRR × 0.111) × 25 = 3180/100 × 0.111 × 25 = 88.245 → B
    salah = sum(D(j) / 100 * D("0.111") for j in jumlah) * 25
    assert salah == D("88.24500")
    assert rules.mutu_ikm(salah) == MutuIKM.B


@pytest.mark.parametrize(
    ("ikm", "mutu"),
    [
        ("100", "A"),
        ("88.31", "A"),
        ("88.305", "A"),  # rounds half up to 88.31
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25", "D"),
    ],
)
def test_mutu_bands(ikm, mutu):
    assert rules.mutu_ikm(D(ikm)) == mutu


def test_ikm_input_is_checked():
    with pytest.raises(ValueError, match="sembilan"):
        rules.ikm_nilai([4] * 8, 1)
    with pytest.raises(ValueError, match="responden"):
        rules.ikm_nilai([4] * 9, 0)
    assert rules.ikm_nilai([4] * 9, 1) == D("100.00")
    assert rules.ikm_nilai([1] * 9, 1) == D("25.00")


def test_periode_rentang_and_names():
    assert rules.periode_rentang(2024, "semesteran") == [
        (1, datetime.date(2024, 1, 1), datetime.date(2024, 6, 30)),
        (2, datetime.date(2024, 7, 1), datetime.date(2024, 12, 31)),
    ]
    bulanan = rules.periode_rentang(2024, "bulanan")
    assert bulanan[1] == (2, datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))  # leap year
    assert rules.periode_rentang(2026, "tahunan") == [(1, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))]
    assert rules.periode_nama("triwulanan", 3, 2026) == "Triwulan III 2026"
    assert rules.periode_nama("bulanan", 12, 2026) == "Bulan XII 2026"
    assert rules.periode_nama("semesteran", 1, 2026) == "Semester I 2026"
    assert rules.periode_nama("tahunan", 1, 2026) == "Tahunan 2026"


def test_pelanggaran_reports_percent():
    p = rules.Pelanggaran("x", "aturan", 8, 10)
    assert p.persen == D("80.00")
    assert rules.Pelanggaran("x", "aturan", 0, 0).persen == D("0")
    assert p.as_dict() == {"kode": "x", "aturan": "aturan", "jumlah": 8, "total": 10}


def test_perilaku_standar_covers_the_seven_values():
    assert set(rules.PERILAKU_STANDAR) == set(rules.AspekPerilaku.values)
    assert len(rules.UNSUR_IKM) == 9
