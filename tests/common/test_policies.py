"""Kebijakan: DOMAIN.md defaults, per-instansi overrides, and errors that name the field and rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from common.policies import JENIS_JABATAN, MUTU_IKM, PREDIKAT, Kebijakan


def _errors(data):
    with pytest.raises(ValidationError) as e:
        Kebijakan.from_dict(data)
    return {field: messages[0] for field, messages in e.value.message_dict.items()}


def test_defaults_are_the_domain_defaults():
    k = Kebijakan.from_dict(None)
    assert k == Kebijakan()
    assert k.jenis_periode == "triwulanan"
    assert k.ikm_minimal_responden == 30
    assert (k.potensi_tinggi_minimal, k.potensi_menengah_minimal) == (Decimal("90"), Decimal("78"))
    assert (k.jpm_optimal_minimal, k.jpm_cukup_optimal_minimal) == (Decimal("90"), Decimal("78"))
    assert (k.jpm_memenuhi_syarat_minimal, k.jpm_masih_memenuhi_syarat_minimal) == (Decimal("80"), Decimal("68"))
    assert k.jp_minimal_tahunan == 20
    assert k.bulan_periode_kp == tuple(range(1, 13))
    assert k.hukdis_memblokir_karier is True
    assert (k.rotasi_minimal_tahun, k.rotasi_maksimal_tahun) == (2, 5)
    assert (k.kinerja_di_atas_predikat, k.kinerja_sesuai_predikat) == (("sangat_baik",), ("baik",))
    assert k.rotasi_porsi_maksimal_unit == Decimal("10")
    assert (k.bobot_promosi_jpm, k.bobot_promosi_kotak, k.bobot_promosi_predikat, k.bobot_promosi_krs) == (
        50,
        20,
        20,
        10,
    )
    assert k.penghargaan_mutu_ikm == ("A",)


def test_overrides_are_parsed_to_their_types():
    k = Kebijakan.from_dict(
        {
            "jenis_periode": "bulanan",
            "ikm_minimal_responden": "50",
            "potensi_tinggi_minimal": "85.5",
            "potensi_menengah_minimal": 70,
            "bulan_periode_kp": [10, 4, 4],
            "hukdis_memblokir_karier": False,
            "rotasi_maksimal_tahun": 6,
            "umpan_balik_360_minimal": 5.0,  # a whole number sent as a JSON float
            "jpm_optimal_minimal": Decimal("92.5"),
        }
    )
    assert k.umpan_balik_360_minimal == 5
    assert k.jpm_optimal_minimal == Decimal("92.5")
    assert k.jenis_periode == "bulanan"
    assert k.ikm_minimal_responden == 50
    assert k.potensi_tinggi_minimal == Decimal("85.5")
    assert k.potensi_menengah_minimal == Decimal("70")
    assert k.bulan_periode_kp == (4, 10)  # sorted, duplicates dropped
    assert k.hukdis_memblokir_karier is False
    assert k.rotasi_maksimal_tahun == 6


def test_unknown_keys_are_kept_for_later_issues_and_round_trip():
    k = Kebijakan.from_dict({"siklus_batas_hari": 14, "jp_minimal_tahunan": 24})
    assert k.extra == {"siklus_batas_hari": 14}
    data = k.to_dict()
    assert data["siklus_batas_hari"] == 14
    assert data["jp_minimal_tahunan"] == 24
    assert data["potensi_tinggi_minimal"] == "90"
    assert data["bulan_periode_kp"] == list(range(1, 13))
    assert Kebijakan.from_dict(data) == k


def test_replace_returns_a_changed_copy():
    k = Kebijakan()
    k2 = k.replace(jp_minimal_tahunan=40)
    assert (k.jp_minimal_tahunan, k2.jp_minimal_tahunan) == (20, 40)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"ikm_minimal_responden": "tiga puluh"}, "ikm_minimal_responden", "bilangan bulat"),
        ({"ikm_minimal_responden": 2.5}, "ikm_minimal_responden", "bilangan bulat"),
        ({"ikm_minimal_responden": True}, "ikm_minimal_responden", "bilangan bulat"),
        ({"jp_minimal_tahunan": -1}, "jp_minimal_tahunan", "bilangan bulat"),
        ({"jp_minimal_tahunan": "-1"}, "jp_minimal_tahunan", "bilangan bulat"),
        ({"jp_minimal_tahunan": None}, "jp_minimal_tahunan", "bilangan bulat"),
        ({"potensi_tinggi_minimal": "sembilan puluh"}, "potensi_tinggi_minimal", "harus berupa angka"),
        ({"potensi_tinggi_minimal": "NaN"}, "potensi_tinggi_minimal", "harus berupa angka"),
        ({"potensi_tinggi_minimal": "Infinity"}, "potensi_tinggi_minimal", "harus berupa angka"),
        ({"potensi_tinggi_minimal": True}, "potensi_tinggi_minimal", "harus berupa angka"),
        ({"potensi_tinggi_minimal": [90]}, "potensi_tinggi_minimal", "harus berupa angka"),
        ({"hukdis_memblokir_karier": "ya"}, "hukdis_memblokir_karier", "ya atau tidak"),
        ({"hukdis_memblokir_karier": 1}, "hukdis_memblokir_karier", "ya atau tidak"),
        ({"bulan_periode_kp": "14"}, "bulan_periode_kp", "daftar bilangan bulat"),
        ({"bulan_periode_kp": 4}, "bulan_periode_kp", "daftar bilangan bulat"),
        ({"bulan_periode_kp": ["April"]}, "bulan_periode_kp", "daftar bilangan bulat"),
        ({"bulan_periode_kp": [4, 13]}, "bulan_periode_kp", "di antara 1 dan 12"),
        ({"bulan_periode_kp": []}, "bulan_periode_kp", "di antara 1 dan 12"),
        ({"jenis_periode": "tahunan"}, "jenis_periode", "bulanan, triwulanan, semesteran"),
        ({"potensi_menengah_minimal": 95}, "potensi_menengah_minimal", "lebih kecil dari batas potensi tinggi"),
        ({"jpm_cukup_optimal_minimal": 90}, "jpm_cukup_optimal_minimal", "lebih kecil dari batas optimal"),
        ({"jpm_optimal_minimal": 120}, "jpm_optimal_minimal", "0 dan 100"),
        ({"jpm_masih_memenuhi_syarat_minimal": -5}, "jpm_masih_memenuhi_syarat_minimal", "0 dan 100"),
        (
            {"jpm_masih_memenuhi_syarat_minimal": 80},
            "jpm_masih_memenuhi_syarat_minimal",
            "lebih kecil dari batas memenuhi syarat",
        ),
        ({"rotasi_minimal_tahun": 5}, "rotasi_minimal_tahun", "lebih kecil dari masa maksimal"),
        ({"ikm_minimal_responden": 0}, "ikm_minimal_responden", "paling sedikit 1"),
        ({"umpan_balik_360_minimal": 0}, "umpan_balik_360_minimal", "paling sedikit 1"),
        ({"kapasitas_mentor": 0}, "kapasitas_mentor", "paling sedikit 1"),
        ({"keadilan_dimensi": ["agama"]}, "keadilan_dimensi", "tidak dikenal: agama"),
        ({"keadilan_porsi_minimal": 101}, "keadilan_porsi_minimal", "0 dan 100"),
        ({"prioritas_kinerja": 150}, "prioritas_kinerja", "0 dan 100"),
        ({"bobot_tanpa_pengembangan": "0.5"}, "bobot_tanpa_pengembangan", "paling sedikit 1"),
        ({"maks_program_per_pegawai": 0}, "maks_program_per_pegawai", "paling sedikit 1"),
        ({"disparitas_bawah": 0}, "disparitas_bawah", "batas atas paling sedikit 100"),
        ({"disparitas_atas": 90}, "disparitas_bawah", "batas atas paling sedikit 100"),
        ({"bulan_pengingat_jp": [0]}, "bulan_pengingat_jp", "di antara 1 dan 12"),
        ({"kotak_mentee": []}, "kotak_mentee", "di antara 1 dan 9"),
        ({"kotak_mentee": [10]}, "kotak_mentee", "di antara 1 dan 9"),
        ({"kinerja_sesuai_predikat": ["baik", "sangat_baik"]}, "kinerja_sesuai_predikat", "satu tingkat kinerja"),
        ({"kinerja_di_atas_predikat": ["istimewa"]}, "kinerja_sesuai_predikat", "satu tingkat kinerja"),
        ({"rotasi_porsi_maksimal_unit": 0}, "rotasi_porsi_maksimal_unit", "lebih dari 0"),
        ({"rotasi_porsi_maksimal_unit": "100.5"}, "rotasi_porsi_maksimal_unit", "paling besar 100"),
        ({"bobot_promosi_jpm": 60}, "bobot_promosi_jpm", "harus 100"),
        ({"penghargaan_mutu_ikm": ["E"]}, "penghargaan_mutu_ikm", "A, B, C, D"),
    ],
)
def test_bad_values_name_the_field_and_the_rule(data, field, message):
    errors = _errors(data)
    assert list(errors) == [field]
    assert message in errors[field]


def test_a_value_of_the_wrong_type_names_the_policy_and_its_type():
    assert _errors({"jp_minimal_tahunan": "x"}) == {
        "jp_minimal_tahunan": "Kebijakan jp_minimal_tahunan harus bilangan bulat tidak negatif."
    }
    assert _errors({"potensi_tinggi_minimal": "x"}) == {
        "potensi_tinggi_minimal": "Kebijakan potensi_tinggi_minimal harus berupa angka."
    }


def test_every_bad_value_is_reported_at_once():
    errors = _errors({"jp_minimal_tahunan": "x", "jenis_periode": "harian", "bulan_periode_kp": [0]})
    assert set(errors) == {"jp_minimal_tahunan", "jenis_periode", "bulan_periode_kp"}


def test_a_type_error_does_not_also_report_a_rule_on_the_default():
    # potensi_tinggi_minimal is unreadable: the comparison uses the default, so no second error
    errors = _errors({"potensi_tinggi_minimal": "x", "potensi_menengah_minimal": 80})
    assert set(errors) == {"potensi_tinggi_minimal"}


def test_appraisal_policies_have_their_defaults_and_rules():
    k = Kebijakan()
    assert (k.bobot_hasil_kerja, k.bobot_perilaku, k.nilai_capaian_maksimal) == (
        Decimal("70"),
        Decimal("30"),
        Decimal("120"),
    )
    assert (k.ikm_bobot_kepala_unit, k.ikm_bobot_pelayanan) == (Decimal("20"), Decimal("10"))
    assert k.ikm_jenis_jabatan_pelayanan == ("fungsional_keahlian", "fungsional_keterampilan", "pelaksana")
    assert Kebijakan.from_dict({"ikm_jenis_jabatan_pelayanan": ["pelaksana"]}).ikm_jenis_jabatan_pelayanan == (
        "pelaksana",
    )
    with pytest.raises(ValidationError) as e:
        Kebijakan.from_dict({"ikm_jenis_jabatan_pelayanan": ["penjaga"], "bobot_perilaku": "101"})
    assert set(e.value.message_dict) == {"ikm_jenis_jabatan_pelayanan", "bobot_perilaku"}
    with pytest.raises(ValidationError) as e:
        Kebijakan.from_dict({"ikm_jenis_jabatan_pelayanan": "pelaksana"})
    assert "daftar teks" in e.value.message_dict["ikm_jenis_jabatan_pelayanan"][0]
    with pytest.raises(ValidationError) as e:
        Kebijakan.from_dict({"bobot_hasil_kerja": 0, "bobot_perilaku": 0, "nilai_capaian_maksimal": 90})
    assert set(e.value.message_dict) == {"bobot_hasil_kerja", "nilai_capaian_maksimal"}


def test_jenis_jabatan_matches_the_jabatan_model():
    from pegawai.models import Jabatan

    assert set(JENIS_JABATAN) == set(Jabatan.Jenis.values)


def test_predikat_and_mutu_ikm_match_penilaian():
    from penilaian.rules import MutuIKM, Predikat

    assert tuple(Predikat.values) == PREDIKAT
    assert tuple(MutuIKM.values) == MUTU_IKM


def test_kinerja_mapping_policy_moves_predikat_between_levels():
    k = Kebijakan.from_dict({"kinerja_di_atas_predikat": ["baik", "sangat_baik"], "kinerja_sesuai_predikat": []})
    assert k.kinerja_di_atas_predikat == ("baik", "sangat_baik")
    assert k.kinerja_sesuai_predikat == ()
