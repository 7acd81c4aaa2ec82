"""The pairing rules and the optimal assignment, without a database."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from pelatihan import penjodohan
from pelatihan.penjodohan import Calon, bidang_terkait, jodohkan, senior, skor_pasangan, tingkat_jabatan


def calon(id: int, gol: int, tingkat: int = 1, *, induk: int = 1, unit: int = 10, nama: str = "Analis", **kw) -> Calon:
    return Calon(
        id=id, golongan_urutan=gol, tingkat_jabatan=tingkat, unit_induk=induk, unit_kerja=unit, nama_jabatan=nama, **kw
    )


def test_tingkat_jabatan_golden() -> None:
    assert tingkat_jabatan(None) == 0
    assert tingkat_jabatan("pelaksana") == 1
    assert tingkat_jabatan("pengawas") == 6
    assert tingkat_jabatan("administrator") == 7
    assert tingkat_jabatan("jpt_pratama") == 8
    assert tingkat_jabatan("fungsional_keahlian", "ahli_muda") == 6
    assert tingkat_jabatan("fungsional_keterampilan", "pemula") == 1
    assert tingkat_jabatan("lainnya") == 1


def test_seniority_and_field_rules() -> None:
    mentee = calon(1, gol=9, tingkat=1, atasan_rantai=frozenset({7}))
    assert senior(calon(2, gol=10), mentee) == "golongan"
    assert senior(calon(3, gol=9, tingkat=6), mentee) == "jabatan"
    assert senior(calon(7, gol=8), mentee) == "atasan"
    assert senior(calon(4, gol=9, tingkat=1), mentee) is None
    assert senior(calon(5, gol=8, tingkat=6), calon(6, gol=9, tingkat=6)) is None
    assert bidang_terkait(calon(2, 10, induk=1), mentee) == "unit_induk"
    assert bidang_terkait(calon(2, 10, induk=2, nama="Analis"), mentee) == "nama_jabatan"
    assert bidang_terkait(calon(2, 10, induk=2, nama="Perawat"), mentee) is None
    # not senior, or another field: no pair
    assert skor_pasangan(calon(4, gol=9), mentee) is None
    assert skor_pasangan(calon(2, gol=12, induk=2, nama="Perawat"), mentee) is None
    assert skor_pasangan(mentee, mentee) is None


def test_score_golden() -> None:
    mentee = calon(1, gol=9, tingkat=1, unit=10, level={100: 1, 101: 3, 102: 2}, kesenjangan={100: 3, 101: 4})
    mentor = calon(2, gol=15, tingkat=6, unit=10, level={100: 4, 101: 3, 102: 5})
    hasil = skor_pasangan(mentor, mentee)
    assert hasil is not None
    # kekuatan: kompetensi 100 → 4 − 1 = 3; 101 → 3 − 3 = 0; 102 is no gap: 10 × 3 = 30;
    # same unit 5; golongan 6 steps capped at 4; higher jabatan 2; base 1 → 42
    assert hasil.skor == 42
    assert hasil.alasan["kekuatan"] == {"100": 3}
    assert hasil.alasan["komponen"] == {"dasar": 1, "kekuatan": 30, "satu_unit": 5, "golongan": 4, "jabatan": 2}
    assert hasil.alasan["senior"] == "golongan"
    assert hasil.alasan["bidang"] == "unit_induk"


def _kasus_kecil() -> tuple[list[Calon], list[Calon]]:
    gap = {100: 4, 101: 4}
    mentee = [
        calon(1, gol=7, unit=10, level={100: 1, 101: 2}, kesenjangan=gap),
        calon(2, gol=8, unit=11, level={100: 2, 101: 1}, kesenjangan=gap),
        calon(3, gol=9, unit=10, level={100: 3}, kesenjangan={100: 4}, nama="Perawat"),
        calon(4, gol=13, induk=2, unit=20, nama="Analis", level={101: 1}, kesenjangan={101: 3}),
    ]
    mentor = [
        calon(11, gol=12, unit=10, level={100: 4, 101: 2}, kapasitas=2),
        calon(12, gol=10, tingkat=6, unit=11, level={100: 2, 101: 4}, kapasitas=1),
        calon(13, gol=14, induk=3, unit=30, nama="Analis", level={100: 3, 101: 3}, kapasitas=1),
    ]
    return mentee, mentor


def _brute_force(mentee: list[Calon], mentor: list[Calon]) -> int:
    terbaik = 0
    for pilihan in itertools.product([None, *mentor], repeat=len(mentee)):
        total, pakai, sah = 0, dict.fromkeys((m.id for m in mentor), 0), True
        for e, m in zip(mentee, pilihan, strict=True):
            if m is None:
                continue
            nilai = skor_pasangan(m, e)
            pakai[m.id] += 1
            if nilai is None or pakai[m.id] > m.kapasitas:
                sah = False
                break
            total += nilai.skor
        if sah:
            terbaik = max(terbaik, total)
    return terbaik


@pytest.mark.parametrize("sel_padat", [penjodohan.SEL_PADAT_MAKS, 0])
def test_assignment_equals_brute_force_and_respects_capacity(sel_padat: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(penjodohan, "SEL_PADAT_MAKS", sel_padat)  # dense and sparse solver paths
    mentee, mentor = _kasus_kecil()
    hasil = jodohkan(mentee, mentor)
    optimum = _brute_force(mentee, mentor)
    assert optimum > 0
    assert hasil.total_skor == optimum
    per_mentor: dict[int, int] = {}
    per_id = {m.id: m for m in mentor}
    mentee_by_id = {e.id: e for e in mentee}
    for e_id, m_id, skor in hasil.pasangan:
        per_mentor[m_id] = per_mentor.get(m_id, 0) + 1
        nilai = skor_pasangan(per_id[m_id], mentee_by_id[e_id])
        assert nilai is not None
        assert Decimal(nilai.skor) == skor
    assert all(n <= per_id[m].kapasitas for m, n in per_mentor.items())
    assert len({e for e, _, _ in hasil.pasangan}) == len(hasil.pasangan)
    assert sorted(hasil.tanpa_mentor + [e for e, _, _ in hasil.pasangan]) == [1, 2, 3, 4]


def test_assignment_with_several_random_cases_matches_brute_force() -> None:
    import random

    rng = random.Random(7)
    for _ in range(15):
        mentee = [
            calon(
                i,
                gol=rng.randint(5, 10),
                tingkat=rng.choice([1, 6]),
                induk=rng.randint(1, 2),
                unit=rng.randint(10, 11),
                nama=rng.choice(["Analis", "Perawat"]),
                level={100: rng.randint(1, 3), 101: rng.randint(1, 3)},
                kesenjangan={100: 4, 101: 4},
            )
            for i in range(1, 5)
        ]
        mentor = [
            calon(
                j,
                gol=rng.randint(8, 14),
                tingkat=rng.choice([1, 6, 7]),
                induk=rng.randint(1, 2),
                unit=rng.randint(10, 11),
                nama=rng.choice(["Analis", "Perawat"]),
                level={100: rng.randint(1, 5), 101: rng.randint(1, 5)},
                kapasitas=rng.randint(1, 2),
            )
            for j in range(11, 14)
        ]
        assert jodohkan(mentee, mentor).total_skor == _brute_force(mentee, mentor)


def test_pruning_keeps_k_best_and_empty_inputs() -> None:
    mentee, mentor = _kasus_kecil()
    hasil = jodohkan(mentee, mentor, k_terbaik=1)
    assert hasil.sisi <= len(mentee)
    assert jodohkan([], mentor).pasangan == []
    assert jodohkan(mentee, []).tanpa_mentor == [1, 2, 3, 4]
    # nobody senior: no edge at all
    sama = [calon(21, gol=1, kapasitas=1)]
    kosong = jodohkan(mentee, sama)
    assert kosong.pasangan == []
    assert kosong.sisi == 0
    # progress callback is called
    langkah: list[int] = []
    jodohkan(mentee, mentor, progres=langkah.append)
    assert langkah == [50, 90]


def test_fields_without_mentors_and_chains_outside_the_field() -> None:
    # a mentee in a unit with no mentor and no jabatan name: no candidate at all
    sendiri = calon(1, gol=5, induk=9, nama="", kesenjangan={100: 3})
    # a mentee whose atasan is a mentor of another field (not a candidate for them), and a
    # mentor without a jabatan name whose level in a kompetensi nobody lacks is ignored
    jauh = calon(2, gol=5, induk=1, nama="Analis", kesenjangan={100: 3}, atasan_rantai=frozenset({12, 99}))
    mentor = [
        calon(11, gol=8, induk=1, nama="", level={100: 4, 555: 5}, kapasitas=1),
        calon(12, gol=9, induk=3, nama="Perawat", kapasitas=1),
    ]
    hasil = jodohkan([sendiri, jauh], mentor)
    assert [(e, m) for e, m, _ in hasil.pasangan] == [(2, 11)]
    assert hasil.tanpa_mentor == [1]
    # 1 + 10 × (4 − 0) + 5 same unit + 3 golongan steps
    assert hasil.total_skor == 49
