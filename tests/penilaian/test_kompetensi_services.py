"""Kompetensi services and selectors: the teknis catalogue, the standard (form and import), the
assessments (form and import, every error kind, all or nothing, re-import updates), and the JPM of
a pegawai with its category under the default and an overridden policy."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from common.models import AuditLog
from penilaian.models import Asesmen, HasilAsesmenKompetensi, Kompetensi
from penilaian.selectors import kompetensi as selectors
from penilaian.services import kompetensi as services
from tests.factories.pelatihan import asesmen_buat, kompetensi, kompetensi_teknis, standar_set
from tests.penilaian._kompetensi_helpers import berkas, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

LEVEL = ["a", "b", "c", "d", "e"]


def _pesan(e: pytest.ExceptionInfo[ValidationError]) -> str:
    return " | ".join(m for ms in e.value.message_dict.values() for m in ms)


# ---------------------------------------------------------------------------------------------
# Catalogue


def test_kompetensi_create_update_and_rules(org) -> None:
    obj = services.kompetensi_create(
        actor=org.bkd, instansi=org.instansi, kode=" T9 ", nama="Arsip", deskripsi="", deskripsi_level=LEVEL
    )
    assert (obj.kode, obj.jenis, obj.instansi_id, obj.deskripsi_level) == ("T9", "teknis", org.instansi.pk, LEVEL)
    assert AuditLog.objects.filter(object_id=obj.pk, aksi="create").exists()
    with pytest.raises(ValidationError) as e:
        services.kompetensi_create(actor=org.bkd, instansi=org.instansi, kode="t9", nama="", deskripsi_level=["x"])
    assert set(e.value.message_dict) == {"kode", "nama", "deskripsi_level"}
    with pytest.raises(ValidationError) as e:  # a national code cannot be reused
        services.kompetensi_create(actor=org.bkd, instansi=org.instansi, kode="M1", nama="X", deskripsi_level=LEVEL)
    assert "M1" in _pesan(e)
    with pytest.raises(ValidationError) as e:
        services.kompetensi_create(
            actor=org.bkd, instansi=org.instansi, kode="x" * 31, nama="y" * 151, deskripsi_level=LEVEL
        )
    assert set(e.value.message_dict) == {"kode", "nama"}
    obj = services.kompetensi_update(
        actor=org.bkd, kompetensi=obj, kode="T9", nama="Kearsipan", deskripsi_level=LEVEL, is_active=False
    )
    obj.refresh_from_db()
    assert (obj.nama, obj.is_active) == ("Kearsipan", False)
    with pytest.raises(PermissionDenied):
        services.kompetensi_update(
            actor=org.bkd, kompetensi=kompetensi("M1"), kode="M1", nama="X", deskripsi_level=LEVEL
        )
    with pytest.raises(PermissionDenied):
        services.kompetensi_create(
            actor=org.pimpinan, instansi=org.instansi, kode="T8", nama="X", deskripsi_level=LEVEL
        )


def test_kompetensi_scoping(org) -> None:
    own = kompetensi_teknis(org.instansi, "T1")
    other = kompetensi_teknis(org.other_instansi, "T1")
    kode = set(selectors.kompetensi_list_for_user(user=org.pegawai.user).values_list("id", flat=True))
    assert own.pk in kode
    assert other.pk not in kode
    assert kompetensi("SK1").pk in kode
    Kompetensi.objects.filter(pk=own.pk).update(is_active=False)
    aktif = selectors.kompetensi_list_for_user(user=org.bkd, aktif_saja=True)
    assert not aktif.filter(pk=own.pk).exists()


# ---------------------------------------------------------------------------------------------
# Standar kompetensi


def test_standar_update_all_or_nothing(org) -> None:
    m1, m2, m3 = kompetensi("M1"), kompetensi("M2"), kompetensi("M3")
    standar_set(org.jabatan_pelaksana, {"M1": 2, "M2": 2})
    services.standar_update(actor=org.bkd, jabatan=org.jabatan_pelaksana, levels={m1.pk: 3, m2.pk: None, m3.pk: 4})
    assert selectors.standar_map_of(org.jabatan_pelaksana) == {m1.pk: 3, m3.pk: 4}
    other = kompetensi_teknis(org.other_instansi, "T1")
    with pytest.raises(ValidationError) as e:
        services.standar_update(actor=org.bkd, jabatan=org.jabatan_pelaksana, levels={m1.pk: 6, other.pk: 2})
    assert set(e.value.message_dict) == {f"kompetensi_{m1.pk}", f"kompetensi_{other.pk}"}
    assert selectors.standar_map_of(org.jabatan_pelaksana) == {m1.pk: 3, m3.pk: 4}


def test_standar_impor_csv_by_id_and_by_name(org) -> None:
    standar_set(org.jabatan_kasi, {"M8": 5})
    t1 = kompetensi_teknis(org.instansi, "T1")
    rows = [
        ["jabatan_id", "kode_unit", "nama_jabatan", "M1", "m2", "T1"],
        [org.jabatan_pelaksana.pk, "", "", 3, "", 2],
        ["", "DINKES-YAN-1", "kepala seksi pelayanan kesehatan primer", "4", "4", ""],
        ["", "", "", "", "", ""],
    ]
    n = services.standar_impor(
        actor=org.bkd, instansi=org.instansi, berkas=berkas(csv_bytes(rows, delimiter=";"), "s.csv"), nama_file="s.csv"
    )
    assert n == 2
    m1, m2 = kompetensi("M1"), kompetensi("M2")
    assert selectors.standar_map_of(org.jabatan_pelaksana) == {m1.pk: 3, t1.pk: 2}
    # the re-import replaced the standard of the kasi (M8 gone)
    assert selectors.standar_map_of(org.jabatan_kasi) == {m1.pk: 4, m2.pk: 4}
    assert AuditLog.objects.filter(aksi="import", object_id=org.jabatan_kasi.pk).count() == 1


def test_standar_impor_every_error_kind(org) -> None:
    standar_set(org.jabatan_pelaksana, {"M1": 1})
    rows = [
        ["jabatan_id", "kode_unit", "nama_jabatan", "M1", "X9"],
        [999999, "", "", 3, ""],
        [org.other_pegawai.jabatan_id, "", "", 3, ""],
        ["", "DINKES", "Tidak Ada", "2", ""],
        ["", "", "", "2", ""],
        [org.jabatan_pelaksana.pk, "", "", "6", ""],
        [org.jabatan_kasi.pk, "", "", "tiga", ""],
        [org.jabatan_kasi.pk, "", "", "2", ""],
    ]
    with pytest.raises(ValidationError) as e:
        services.standar_impor(
            actor=org.bkd, instansi=org.instansi, berkas=berkas(xlsx_bytes(rows), "s.xlsx"), nama_file="s.xlsx"
        )
    pesan = _pesan(e)
    assert "Baris 1, kolom X9: Kode kompetensi X9 tidak dikenal" in pesan
    rows[0][4] = ""
    with pytest.raises(ValidationError) as e2:
        services.standar_impor(
            actor=org.bkd, instansi=org.instansi, berkas=berkas(xlsx_bytes(rows), "s.xlsx"), nama_file="s.xlsx"
        )
    pesan = _pesan(e2)
    assert "Baris 2, kolom jabatan_id: Jabatan dengan id 999999 tidak ada" in pesan
    assert f"Baris 3, kolom jabatan_id: Jabatan dengan id {org.other_pegawai.jabatan_id} tidak ada" in pesan
    assert "Baris 4, kolom nama_jabatan: Jabatan Tidak Ada di unit DINKES tidak ada" in pesan
    assert "Baris 5, kolom jabatan_id: Isi jabatan_id, atau kode_unit dan nama_jabatan." in pesan
    assert "Baris 6, kolom M1: Level kompetensi M1 harus bilangan bulat 1–5, bukan 6" in pesan
    assert "Baris 7, kolom M1: Level kompetensi M1 harus bilangan bulat 1–5, bukan tiga" in pesan
    assert "Baris 8, kolom jabatan_id: Jabatan" in pesan
    assert "sudah ada di baris sebelumnya" in pesan
    # nothing half-saved
    assert selectors.standar_map_of(org.jabatan_pelaksana) == {kompetensi("M1").pk: 1}


def test_standar_impor_bad_files(org) -> None:
    def run(data: bytes, nama: str) -> str:
        with pytest.raises(ValidationError) as e:
            services.standar_impor(actor=org.bkd, instansi=org.instansi, berkas=berkas(data, nama), nama_file=nama)
        return _pesan(e)

    assert "tidak berisi baris data" in run(csv_bytes([["jabatan_id", "M1"]]), "s.csv")
    assert "jabatan_id, atau kolom kode_unit" in run(csv_bytes([["M1"], ["3"]]), "s.csv")
    assert "paling sedikit satu kolom kode kompetensi" in run(csv_bytes([["jabatan_id"], ["3"]]), "s.csv")
    assert "muncul dua kali" in run(csv_bytes([["jabatan_id", "M1", "m1"], ["3", "1", "1"]]), "s.csv")
    assert ".xlsx" in run(b"not a zip", "s.xlsx")
    assert "UTF-8" in run("jabatan_id,M1\n1,2\n".encode("utf-16"), "s.csv")


def test_standar_impor_ambiguous_name(org) -> None:
    from tests.factories.pegawai import JabatanFactory

    JabatanFactory(unit_kerja=org.seksi, nama="Pengadministrasi Umum", jenis="pelaksana")
    rows = [["kode_unit", "nama_jabatan", "M1"], ["DINKES-YAN-1", "Pengadministrasi Umum", "2"]]
    with pytest.raises(ValidationError) as e:
        services.standar_impor(
            actor=org.bkd, instansi=org.instansi, berkas=berkas(csv_bytes(rows), "s.csv"), nama_file="s.csv"
        )
    assert "lebih dari satu jabatan" in _pesan(e)


# ---------------------------------------------------------------------------------------------
# Assessments


def test_asesmen_create_update_and_rules(org) -> None:
    m1, m2 = kompetensi("M1"), kompetensi("M2")
    a = services.asesmen_create(
        actor=org.bkd,
        pegawai=org.pegawai,
        tanggal=datetime.date(2025, 3, 1),
        metode="cact",
        skor_potensi=Decimal("80.5"),
        levels={m1.pk: 3, m2.pk: 2},
    )
    assert dict(HasilAsesmenKompetensi.objects.filter(asesmen=a).values_list("kompetensi_id", "level")) == {
        m1.pk: 3,
        m2.pk: 2,
    }
    with pytest.raises(ValidationError) as e:
        services.asesmen_create(
            actor=org.bkd, pegawai=org.pegawai, tanggal=datetime.date(2025, 3, 1), metode="cact", levels={}
        )
    assert "tanggal" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.asesmen_create(
            actor=org.bkd,
            pegawai=org.pegawai,
            tanggal=datetime.date(2025, 4, 1),
            metode="lisan",
            skor_potensi=Decimal("101"),
            levels={m1.pk: 0, 10**9: 2},
        )
    assert set(e.value.message_dict) == {"metode", "skor_potensi", f"kompetensi_{m1.pk}", f"kompetensi_{10**9}"}
    assert Asesmen.objects.filter(pegawai=org.pegawai).count() == 1
    other = services.asesmen_create(
        actor=org.bkd, pegawai=org.pegawai, tanggal=datetime.date(2025, 4, 1), metode="cact", levels={}
    )
    with pytest.raises(ValidationError):  # moving onto an existing (tanggal, metode)
        services.asesmen_update(
            actor=org.bkd, asesmen=other, tanggal=datetime.date(2025, 3, 1), metode="cact", levels={}
        )
    services.asesmen_update(
        actor=org.bkd, asesmen=a, tanggal=datetime.date(2025, 3, 2), metode="cact", levels={m2.pk: 5}
    )
    assert dict(HasilAsesmenKompetensi.objects.filter(asesmen=a).values_list("kompetensi_id", "level")) == {m2.pk: 5}
    with pytest.raises(PermissionDenied):
        services.asesmen_update(actor=org.pimpinan, asesmen=a, tanggal=a.tanggal, metode="cact", levels={})


NIP = "nip"


def _asesmen_rows(org, *extra: list[object]) -> list[list[object]]:
    return [
        ["NIP", "tanggal", "metode", "skor_potensi", "penyelenggara", "M1", "M2"],
        [f"'{org.pegawai.nip}", "2025-03-01", "assessment_center", "85,5", "UPT Asesmen", 3, 2],
        [org.rekan.nip, datetime.date(2025, 3, 2), "CACT", "", "", "4", ""],
        *extra,
    ]


def test_asesmen_impor_happy_path_and_reimport(org) -> None:
    rows = _asesmen_rows(org)
    baru, ubah = services.asesmen_impor(
        actor=org.bkd, instansi=org.instansi, berkas=berkas(xlsx_bytes(rows), "a.xlsx"), nama_file="a.xlsx"
    )
    assert (baru, ubah) == (2, 0)
    a = Asesmen.objects.get(pegawai=org.pegawai)
    assert (a.skor_potensi, a.penyelenggara, a.metode) == (Decimal("85.50"), "UPT Asesmen", "assessment_center")
    m1, m2 = kompetensi("M1"), kompetensi("M2")
    assert dict(a.hasil.values_list("kompetensi_id", "level")) == {m1.pk: 3, m2.pk: 2}
    # re-import (CSV, semicolon, date as DD-MM-YYYY) updates the same assessment
    rows2 = [rows[0], [org.pegawai.nip, "01-03-2025", "Assessment Center", "90", "", "", "4"]]
    baru, ubah = services.asesmen_impor(
        actor=org.bkd,
        instansi=org.instansi,
        berkas=berkas(csv_bytes(rows2, delimiter=";"), "a.csv"),
        nama_file="a.csv",
    )
    assert (baru, ubah) == (0, 1)
    a.refresh_from_db()
    assert a.skor_potensi == Decimal("90")
    assert dict(a.hasil.values_list("kompetensi_id", "level")) == {m2.pk: 4}
    assert Asesmen.objects.filter(pegawai__instansi=org.instansi).count() == 2


def test_asesmen_impor_every_error_kind(org) -> None:
    rows = _asesmen_rows(
        org,
        [198501012010011001, "2025-03-01", "cact", "", "", "", ""],
        ["1.98501E+17", "2025-03-01", "cact", "", "", "", ""],
        ["", "2025-03-01", "cact", "", "", "", ""],
        [org.other_pegawai.nip, "2025-03-01", "cact", "", "", "", ""],
        [org.atasan.nip, "", "lisan", "abc", "", "0", ""],
        [org.atasan.nip, "31-02-2025", "cact", "99.999", "", "", ""],
        [org.atasan.nip, "kemarin", "cact", "101", "", "", ""],
        [org.rekan.nip, "2025-03-02", "cact", "", "", "", ""],
    )
    with pytest.raises(ValidationError) as e:
        services.asesmen_impor(
            actor=org.bkd, instansi=org.instansi, berkas=berkas(xlsx_bytes(rows), "a.xlsx"), nama_file="a.xlsx"
        )
    pesan = _pesan(e)
    assert "Tidak ada yang disimpan" in pesan
    assert "Baris 4, kolom nip: Kolom nip terbaca sebagai angka" in pesan
    assert "Baris 5, kolom nip: Kolom nip terbaca sebagai angka" in pesan
    assert "Baris 6, kolom nip: Kolom nip wajib diisi." in pesan
    assert f"Baris 7, kolom nip: Pegawai dengan NIP {org.other_pegawai.nip} tidak ada" in pesan
    assert "Baris 8, kolom tanggal: Kolom tanggal wajib diisi." in pesan
    assert "Baris 8, kolom metode: Metode lisan tidak dikenal" in pesan
    assert "Baris 8, kolom skor_potensi: Kolom skor_potensi harus angka 0–100, bukan abc" in pesan
    assert "Baris 8, kolom M1: Level kompetensi M1 harus bilangan bulat 1–5, bukan 0" in pesan
    assert "Baris 9, kolom tanggal: Kolom tanggal harus tanggal" in pesan
    assert "Baris 9, kolom skor_potensi: Kolom skor_potensi paling banyak dua angka desimal." in pesan
    assert "Baris 10, kolom tanggal" in pesan
    assert "Baris 10, kolom skor_potensi" in pesan
    assert "Baris 11, kolom nip:" in pesan
    assert "sudah ada di baris 3" in pesan
    assert not Asesmen.objects.exists()


def test_asesmen_impor_header_errors(org) -> None:
    with pytest.raises(ValidationError) as e:
        services.asesmen_impor(
            actor=org.bkd,
            instansi=org.instansi,
            berkas=berkas(csv_bytes([["M1", "Z1"], ["3", "2"]]), "a.csv"),
            nama_file="a.csv",
        )
    pesan = _pesan(e)
    for kolom in ("nip", "tanggal", "metode"):
        assert f"Kolom {kolom} wajib ada." in pesan
    assert "Z1 tidak dikenal" in pesan
    with pytest.raises(ValidationError) as e:
        services.asesmen_impor(actor=org.bkd, instansi=org.instansi, berkas=berkas(b"", "a.csv"), nama_file="a.csv")
    assert "tidak berisi baris data" in _pesan(e)
    with pytest.raises(ValidationError) as e:
        services.asesmen_impor(actor=org.bkd, instansi=org.instansi, berkas=berkas(b"x", "a.xlsx"), nama_file="a.xlsx")
    assert ".xlsx" in _pesan(e)


def test_many_errors_are_capped(org) -> None:
    rows = [["nip", "tanggal", "metode"], *[["", "2025-01-01", "cact"] for _ in range(120)]]
    with pytest.raises(ValidationError) as e:
        services.asesmen_impor(
            actor=org.bkd, instansi=org.instansi, berkas=berkas(csv_bytes(rows), "a.csv"), nama_file="a.csv"
        )
    pesan = e.value.message_dict["berkas"]
    assert len(pesan) == 102
    assert "20 kesalahan lain" in pesan[-1]


# ---------------------------------------------------------------------------------------------
# JPM


def _golden(org) -> None:
    standar_set(org.jabatan_pelaksana, {"M1": 3, "M2": 3, "M3": 2, "M4": 4})
    standar_set(org.jabatan_kasi, {"M1": 3, "M2": 2})
    asesmen_buat(org.pegawai, {"M1": 3, "M2": 2, "M3": 3})


def test_jpm_pegawai_golden_current_and_target(org, django_assert_max_num_queries) -> None:
    _golden(org)
    with django_assert_max_num_queries(4):
        sekarang = selectors.jpm_pegawai(pegawai=org.pegawai)
    assert sekarang.persen == Decimal("58.33")
    assert sekarang.jabatan_sekarang
    assert (sekarang.kategori, sekarang.kategori_label) == ("kurang_optimal", "Kurang Optimal")
    # against another jabatan: the selection category; {M1:3, M2:2} achieved {3, 2} = 100 %
    sasaran = selectors.jpm_pegawai(pegawai=org.pegawai, jabatan=org.jabatan_kasi)
    assert (sasaran.persen, sasaran.kategori, sasaran.jabatan_sekarang) == (Decimal("100.00"), "memenuhi_syarat", False)
    # no standard: no JPM; no jabatan: nothing
    assert selectors.jpm_pegawai(pegawai=org.pegawai, jabatan=org.jabatan_kadis).hasil is None
    org.rekan.jabatan = None
    assert selectors.jpm_pegawai(pegawai=org.rekan).jabatan is None


def test_policy_override_changes_the_category(org) -> None:
    _golden(org)
    org.instansi.kebijakan_data = {"jpm_optimal_minimal": "60", "jpm_cukup_optimal_minimal": "55"}
    org.instansi.save()
    org.pegawai.instansi.refresh_from_db()
    assert selectors.jpm_pegawai(pegawai=org.pegawai).kategori == "cukup_optimal"
    org.instansi.kebijakan_data = {"jpm_memenuhi_syarat_minimal": "58", "jpm_masih_memenuhi_syarat_minimal": "50"}
    org.instansi.save()
    org.pegawai.instansi.refresh_from_db()
    assert selectors.jpm_pegawai(pegawai=org.pegawai, jabatan=org.jabatan_pelaksana).kategori == "kurang_optimal"
    assert selectors.jpm_pegawai(
        pegawai=org.pegawai, jabatan=org.jabatan_pelaksana, kebijakan=org.instansi.kebijakan
    ).persen == Decimal("58.33")


def test_profil_kompetensi_rows(org) -> None:
    _golden(org)
    profil = selectors.profil_kompetensi(pegawai=org.pegawai, jabatan=org.jabatan_kasi)
    assert [(r.kompetensi.kode, r.dibutuhkan, r.dicapai, r.gap) for r in profil.kesenjangan_sekarang] == [
        ("M1", 3, 3, 0),
        ("M2", 3, 2, 1),
        ("M3", 2, 3, 0),
        ("M4", 4, None, 4),
    ]
    assert [k.kode for k, _lv, _t in profil.levels] == ["M1", "M2", "M3"]
    assert profil.jpm_sasaran is not None
    assert profil.jpm_sasaran.kategori == "memenuhi_syarat"
    # the current jabatan as a "target" is the current one
    assert selectors.profil_kompetensi(pegawai=org.pegawai, jabatan=org.jabatan_pelaksana).jpm_sasaran is None


def test_jpm_list_sql_matches_the_rule(org) -> None:
    _golden(org)
    # rekan: M1 3, M2 3, M3 2, M4 3 = 11/12 = 91.67 Optimal; the later assessment wins for M4
    asesmen_buat(org.rekan, {"M1": 3, "M2": 3, "M3": 2, "M4": 1}, tanggal=datetime.date(2024, 1, 1))
    asesmen_buat(org.rekan, {"M4": 3}, tanggal=datetime.date(2025, 1, 1))
    # atasan (kasi {M1:3, M2:2}): M1 2, M2 2 = 4/5 = 80 Cukup Optimal
    asesmen_buat(org.atasan, {"M1": 2, "M2": 2})
    kebijakan = org.instansi.kebijakan
    qs = selectors.jpm_list_for_user(user=org.bkd, kebijakan=kebijakan)
    sql = {p.pk: p.jpm_persen for p in qs}
    rule = {r.pegawai.pk: r.jpm.persen for r in selectors.jpm_rows(list(qs), kebijakan)}
    assert sql == rule
    assert (sql[org.pegawai.pk], sql[org.rekan.pk], sql[org.atasan.pk]) == (
        Decimal("58.33"),
        Decimal("91.67"),
        Decimal("80.00"),
    )
    assert selectors.jpm_jumlah_per_kategori(qs, kebijakan) == {
        "optimal": 1,
        "cukup_optimal": 1,
        "kurang_optimal": 1,
        "tanpa_standar": 4,
    }
    for kategori, expected in (
        ("optimal", {org.rekan.pk}),
        ("cukup_optimal", {org.atasan.pk}),
        ("kurang_optimal", {org.pegawai.pk}),
    ):
        got = selectors.jpm_list_for_user(user=org.bkd, kebijakan=kebijakan, filters={"kategori": kategori})
        assert {p.pk for p in got} == expected
    filtered = selectors.jpm_list_for_user(
        user=org.bkd,
        kebijakan=kebijakan,
        filters={"unit_kerja": org.seksi.pk, "jenis_jabatan": "pelaksana", "q": "Siti", "kategori": "tanpa_standar"},
    )
    assert list(filtered) == []
    assert not selectors.jpm_list_for_user(user=org.pegawai.user, kebijakan=kebijakan).exists()


def test_edges_of_scoping_and_reading(org) -> None:
    import datetime as dt

    from django.contrib.auth.models import AnonymousUser

    from penilaian import impor_kompetensi
    from tests.factories.pegawai import UserFactory

    assert not selectors.kompetensi_list_for_user(user=AnonymousUser()).exists()
    assert not selectors.asesmen_list_for_user(user=AnonymousUser()).exists()
    tanpa_pegawai = UserFactory(instansi=org.instansi, username="tamu", peran="pegawai")
    assert not selectors.asesmen_list_for_user(user=tanpa_pegawai).exists()
    asesmen_buat(org.pegawai, {"M1": 2})
    asesmen_buat(org.unrelated, {"M1": 2})
    got = selectors.asesmen_list_for_user(user=org.bkd, filters={"unit_kerja": org.seksi.pk, "q": "Siti"})
    assert [a.pegawai_id for a in got] == [org.pegawai.pk]
    with pytest.raises(ValidationError) as e:
        services.kompetensi_create(actor=org.bkd, instansi=org.instansi, kode=" ", nama="X", deskripsi_level=LEVEL)
    assert "kode" in e.value.message_dict
    assert impor_kompetensi._tanggal(dt.date(2025, 1, 2), "tanggal") == (dt.date(2025, 1, 2), None)
    # an empty header cell is ignored
    rows = [["jabatan_id", "", "M1"], [org.jabatan_pelaksana.pk, "x", "2"]]
    n = services.standar_impor(
        actor=org.bkd, instansi=org.instansi, berkas=berkas(csv_bytes(rows), "s.csv"), nama_file="s.csv"
    )
    assert n == 1
