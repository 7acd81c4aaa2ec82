"""Golden values for the identifier and date rules (DOMAIN.md §6–7). No database."""

from __future__ import annotations

import datetime

import pytest

from pegawai.rules import (
    MasaKerja,
    NomorTidakValid,
    add_years,
    identitas_errors,
    masa_kerja,
    ni_pppk_check,
    nik_build,
    nik_check,
    nip_build,
    nip_check_profile,
    nip_parse,
)

D = datetime.date
TODAY = D(2025, 6, 15)


# --- NIP -------------------------------------------------------------------------------------


def test_nip_valid_golden_example():
    parts = nip_parse("198609262015051001", today=TODAY)
    assert parts.tanggal_lahir == D(1986, 9, 26)
    assert (parts.tmt_cpns_tahun, parts.tmt_cpns_bulan) == (2015, 5)
    assert parts.jenis_kelamin == "L"
    assert parts.urutan == 1


def test_nip_woman_and_last_sequence():
    parts = nip_parse("199001012014022999", today=TODAY)
    assert parts.jenis_kelamin == "P"
    assert parts.urutan == 999


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19860926201505100", "NIP harus tepat 18 angka."),  # 17 digits
        ("1986092620150510011", "NIP harus tepat 18 angka."),  # 19 digits
        ("19860926201505100A", "NIP harus tepat 18 angka."),  # a letter
        ("19860926 201505 1 001", "NIP harus tepat 18 angka."),  # spaces as printed on documents
        ("1986092620150510 1", "NIP harus tepat 18 angka."),  # 18 characters with a space
        ("１９８６０９２６２０１５０５１００１", "NIP harus tepat 18 angka."),  # full-width digits
        ("", "NIP harus tepat 18 angka."),
        ("198602312015051001", "Digit 1–8 NIP bukan tanggal lahir yang valid."),  # 31 February
        ("198613012015051001", "Digit 1–8 NIP bukan tanggal lahir yang valid."),  # month 13
        ("189912312015051001", "Digit 1–8 NIP bukan tanggal lahir yang valid."),  # before 1900
        ("202701012045051001", "Digit 1–8 NIP bukan tanggal lahir yang valid."),  # born in the future
        ("198609262015131001", "Digit 13–14 NIP (bulan TMT CPNS) harus 01–12."),
        ("198609262015001001", "Digit 13–14 NIP (bulan TMT CPNS) harus 01–12."),
        ("198609262025071001", "Digit 9–14 NIP (TMT CPNS) tidak valid."),  # TMT after today
        ("198609261985051001", "TMT CPNS pada NIP harus sesudah tanggal lahir."),
        ("198609261986091001", "TMT CPNS pada NIP harus sesudah tanggal lahir."),  # same month
        ("198609262015053001", "Digit 15 NIP (jenis kelamin) harus 1 atau 2."),
        ("198609262015050001", "Digit 15 NIP (jenis kelamin) harus 1 atau 2."),
        ("198609262015051000", "Digit 16–18 NIP (nomor urut) harus 001–999."),
    ],
)
def test_nip_invalid(nip, message):
    with pytest.raises(NomorTidakValid) as e:
        nip_parse(nip, today=TODAY)
    assert str(e.value) == message


def test_nip_tmt_in_the_current_month_is_accepted():
    assert nip_parse("199001012025061001", today=TODAY).tmt_cpns_bulan == 6


def test_nip_parse_uses_the_local_date_by_default():
    # a NIP whose TMT is next year is refused without an explicit ``today``
    next_year = datetime.date.today().year + 1
    with pytest.raises(NomorTidakValid):
        nip_parse(f"19900101{next_year}011001")
    assert nip_parse("198609262015051001").urutan == 1


def test_nip_cross_checked_against_the_profile():
    nip = "198609262015051001"
    assert (
        nip_check_profile(
            nip, tanggal_lahir=D(1986, 9, 26), jenis_kelamin="L", tmt_cpns=D(2015, 5, 1), today=TODAY
        ).urutan
        == 1
    )
    with pytest.raises(NomorTidakValid, match="Digit 15 NIP \\(jenis kelamin\\) tidak sesuai"):
        nip_check_profile(nip, tanggal_lahir=D(1986, 9, 26), jenis_kelamin="P", today=TODAY)
    with pytest.raises(NomorTidakValid, match="Tanggal lahir pada NIP tidak sesuai"):
        nip_check_profile(nip, tanggal_lahir=D(1986, 9, 27), jenis_kelamin="L", today=TODAY)
    with pytest.raises(NomorTidakValid, match="TMT CPNS pada NIP tidak sesuai"):
        nip_check_profile(nip, tanggal_lahir=D(1986, 9, 26), jenis_kelamin="L", tmt_cpns=D(2015, 6, 1), today=TODAY)
    # missing profile values are not cross-checked
    assert nip_check_profile(nip, tanggal_lahir=None, jenis_kelamin=None, today=TODAY).jenis_kelamin == "L"


def test_nip_build_round_trips():
    nip = nip_build(tanggal_lahir=D(1986, 9, 26), tmt_cpns=D(2015, 5, 1), jenis_kelamin="L", urutan=1)
    assert nip == "198609262015051001"
    nip = nip_build(tanggal_lahir=D(1979, 2, 3), tmt_cpns=D(2004, 12, 1), jenis_kelamin="P", urutan=42)
    assert nip == "197902032004122042"
    parts = nip_parse(nip, today=TODAY)
    assert (parts.tanggal_lahir, parts.tmt_cpns_tahun, parts.tmt_cpns_bulan) == (D(1979, 2, 3), 2004, 12)
    assert (parts.jenis_kelamin, parts.urutan) == ("P", 42)


@pytest.mark.parametrize("urutan", [0, 1000])
def test_nip_build_refuses_a_sequence_outside_001_999(urutan):
    with pytest.raises(NomorTidakValid, match="Nomor urut NIP harus 001–999"):
        nip_build(tanggal_lahir=D(1986, 9, 26), tmt_cpns=D(2015, 5, 1), jenis_kelamin="L", urutan=urutan)


# --- NI PPPK -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nomor",
    [
        "199009132025242014",  # digits 13–14 are "24": not a month, and valid for PPPK
        "198609262015053000",  # gender digit 3 and sequence 000: the PNS layout is not assumed
        "000000000000000000",
    ],
)
def test_pppk_number_is_only_checked_as_18_digits(nomor):
    ni_pppk_check(nomor)


@pytest.mark.parametrize(
    "nomor", ["19900913202524201", "1990091320252420141", "19900913202524201X", " 99009132025242014"]
)
def test_pppk_number_invalid(nomor):
    with pytest.raises(NomorTidakValid, match="Nomor induk PPPK harus tepat 18 angka"):
        ni_pppk_check(nomor)


# --- NIK ---------------------------------------------------------------------------------------


def test_nik_valid_for_a_man():
    nik_check("1271012609860001", tanggal_lahir=D(1986, 9, 26), jenis_kelamin="L")


def test_nik_valid_for_a_woman_day_plus_40():
    nik_check("1271016609860002", tanggal_lahir=D(1986, 9, 26), jenis_kelamin="P")
    nik_check("1371047112990001", tanggal_lahir=D(1999, 12, 31), jenis_kelamin="P")  # day 71 = 31 + 40
    nik_check("3171014101000001")  # 1 January 2000, a woman, without a profile to compare


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("127101260986001", "NIK harus tepat 16 angka."),  # 15 digits
        ("12710126098600011", "NIK harus tepat 16 angka."),  # 17 digits
        ("12710126098600A1", "NIK harus tepat 16 angka."),
        ("1271 01260986001", "NIK harus tepat 16 angka."),
        ("0000002609860001", "Digit 1–6 NIK (kode wilayah) tidak valid."),
        ("1071012609860001", "Digit 1–6 NIK (kode wilayah) tidak valid."),
        ("1271017209860001", "Digit 7–12 NIK bukan tanggal lahir yang valid."),  # day 72
        ("1271013509860001", "Digit 7–12 NIK bukan tanggal lahir yang valid."),  # day 35
        ("1271010009860001", "Digit 7–12 NIK bukan tanggal lahir yang valid."),  # day 00
        ("1271014009860001", "Digit 7–12 NIK bukan tanggal lahir yang valid."),  # day 40
        ("1271012613860001", "Digit 7–12 NIK bukan tanggal lahir yang valid."),  # month 13
        ("1271013102860001", "Digit 7–12 NIK bukan tanggal lahir yang valid."),  # 31 February
        ("1271017102860001", "Digit 7–12 NIK bukan tanggal lahir yang valid."),  # 31 February, a woman
        ("1271013104860001", "Digit 7–12 NIK bukan tanggal lahir yang valid."),  # 31 April
        ("1271012902860001", "Digit 7–12 NIK bukan tanggal lahir yang valid."),  # 29 February 1986
        ("1271012609860000", "Digit 13–16 NIK (nomor urut) harus 0001–9999."),
    ],
)
def test_nik_invalid(nik, message):
    with pytest.raises(NomorTidakValid) as e:
        nik_check(nik)
    assert str(e.value) == message


def test_nik_29_february_of_a_leap_year_is_a_date():
    nik_check("1271012902840001", tanggal_lahir=D(1984, 2, 29), jenis_kelamin="L")
    nik_check("1271016902000001", tanggal_lahir=D(2000, 2, 29), jenis_kelamin="P")


def test_nik_date_must_match_the_birth_date():
    with pytest.raises(NomorTidakValid, match="Tanggal lahir pada NIK tidak sesuai"):
        nik_check("1271012609860001", tanggal_lahir=D(1986, 9, 25), jenis_kelamin="L")
    with pytest.raises(NomorTidakValid, match="Tanggal lahir pada NIK tidak sesuai"):
        nik_check("1271012609860001", tanggal_lahir=D(1987, 9, 26), jenis_kelamin="L")
    with pytest.raises(NomorTidakValid, match="Tanggal lahir pada NIK tidak sesuai"):
        nik_check("1271012608860001", tanggal_lahir=D(1986, 9, 26), jenis_kelamin="L")


def test_nik_day_must_match_the_gender():
    # a woman's NIK without the +40
    with pytest.raises(NomorTidakValid, match="perempuan \\+40"):
        nik_check("1271012609860001", tanggal_lahir=D(1986, 9, 26), jenis_kelamin="P")
    # a man's NIK with the +40
    with pytest.raises(NomorTidakValid, match="perempuan \\+40"):
        nik_check("1271016609860001", tanggal_lahir=D(1986, 9, 26), jenis_kelamin="L")


def test_nik_build_round_trips():
    assert (
        nik_build(kode_wilayah="127101", tanggal_lahir=D(1986, 9, 26), jenis_kelamin="L", urutan=1)
        == "1271012609860001"
    )
    nik = nik_build(kode_wilayah="137204", tanggal_lahir=D(1992, 3, 5), jenis_kelamin="P", urutan=123)
    assert nik == "1372044503920123"
    nik_check(nik, tanggal_lahir=D(1992, 3, 5), jenis_kelamin="P")


# --- masa kerja ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mulai", "sampai", "expected"),
    [
        (D(2020, 4, 1), D(2024, 4, 1), (4, 0, 0)),  # exactly 4 years
        (D(2020, 4, 1), D(2024, 3, 31), (3, 11, 30)),  # one day short
        (D(2020, 4, 1), D(2024, 4, 2), (4, 0, 1)),
        (D(2020, 4, 1), D(2020, 4, 1), (0, 0, 0)),
        (D(2020, 1, 31), D(2020, 2, 29), (0, 1, 0)),  # month-end start: the month's last day counts
        (D(2021, 1, 31), D(2021, 2, 28), (0, 1, 0)),
        (D(2021, 1, 31), D(2021, 2, 27), (0, 0, 27)),
        (D(2020, 1, 31), D(2020, 3, 30), (0, 1, 30)),
        (D(2020, 1, 31), D(2020, 3, 31), (0, 2, 0)),
        (D(2020, 2, 29), D(2021, 2, 28), (1, 0, 0)),  # leap day start
        (D(2020, 2, 29), D(2021, 2, 27), (0, 11, 29)),
        (D(2020, 2, 29), D(2024, 2, 29), (4, 0, 0)),
        (D(2020, 2, 28), D(2020, 3, 1), (0, 0, 2)),  # across a leap day
        (D(2019, 12, 15), D(2020, 1, 14), (0, 0, 30)),  # across a year end
        (D(2019, 12, 15), D(2020, 1, 15), (0, 1, 0)),
        (D(1995, 3, 1), D(2025, 6, 15), (30, 3, 14)),
    ],
)
def test_masa_kerja_to_the_day(mulai, sampai, expected):
    mk = masa_kerja(mulai, sampai)
    assert (mk.tahun, mk.bulan, mk.hari) == expected


def test_masa_kerja_before_the_start_is_zero():
    assert masa_kerja(D(2024, 4, 1), D(2024, 3, 31)) == MasaKerja(0, 0, 0)


def test_masa_kerja_total_months_and_text():
    mk = masa_kerja(D(2020, 4, 1), D(2024, 3, 31))
    assert mk.total_bulan == 47
    assert str(mk) == "3 tahun 11 bulan"


@pytest.mark.parametrize(
    ("mulai", "years", "expected"),
    [
        (D(2020, 4, 1), 4, D(2024, 4, 1)),
        (D(2020, 2, 29), 1, D(2021, 2, 28)),
        (D(2020, 2, 29), 4, D(2024, 2, 29)),
        (D(2020, 12, 31), 2, D(2022, 12, 31)),
        (D(2024, 4, 1), -4, D(2020, 4, 1)),
    ],
)
def test_add_years(mulai, years, expected):
    assert add_years(mulai, years) == expected


# --- identitas_errors: every broken rule, by field ------------------------------------------------


def _identitas(**overrides):
    values = {
        "jenis_asn": "PNS",
        "nip": "198609262015051001",
        "nik": "1271012609860001",
        "tanggal_lahir": D(1986, 9, 26),
        "jenis_kelamin": "L",
        "tmt_cpns": D(2015, 5, 1),
        "today": TODAY,
    }
    values.update(overrides)
    return identitas_errors(**values)


def test_identitas_errors_none_for_a_consistent_profile():
    assert _identitas() == {}
    assert _identitas(nik="") == {}


def test_identitas_errors_names_each_field():
    errors = _identitas(nip="19860926201505100", nik="127101260986001", tmt_cpns=D(1980, 1, 1))
    assert errors == {
        "nip": "NIP harus tepat 18 angka.",
        "nik": "NIK harus tepat 16 angka.",
        "tmt_cpns": "TMT CPNS/PPPK harus sesudah tanggal lahir.",
    }


def test_identitas_errors_gender_contradicting_the_profile():
    errors = _identitas(jenis_kelamin="P")
    assert errors["nip"] == "Digit 15 NIP (jenis kelamin) tidak sesuai dengan jenis kelamin."
    assert "perempuan +40" in errors["nik"]


def test_identitas_errors_pppk_skips_the_pns_layout():
    assert _identitas(jenis_asn="PPPK", nip="199009132025242014", tmt_cpns=D(2025, 2, 1)) == {}
    assert _identitas(jenis_asn="PPPK", nip="1990091320252420")["nip"] == "Nomor induk PPPK harus tepat 18 angka."
