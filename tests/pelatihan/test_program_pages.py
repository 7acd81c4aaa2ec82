"""Catalogue pages: permission matrix, query budget, create and edit with field-named errors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pelatihan.models import ProgramKompetensi, ProgramPelatihan
from tests.conftest import PERSONAS
from tests.factories.pegawai import golongan
from tests.factories.pelatihan import TAHUN, kompetensi, program_buat

pytestmark = pytest.mark.django_db

LIST = dict.fromkeys(PERSONAS, 200) | {"anonymous": 302}
DETAIL = LIST | {"other_bkd": 404}
BARU = dict.fromkeys(PERSONAS, 403) | {"bkd": 200, "other_bkd": 200, "anonymous": 302}
UBAH = BARU | {"other_bkd": 404}


@pytest.fixture
def program(org):
    return program_buat(org.instansi, "INT-1", membangun={"M1": 3, "M3": 2}, nama="Integritas Dasar")


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, client_as, program, persona):
    c = client_as(persona)
    assert c.get(reverse("pelatihan:program-list") + f"?tahun={TAHUN}").status_code == LIST[persona]
    assert c.get(reverse("pelatihan:program-detail", args=[program.pk])).status_code == DETAIL[persona]
    assert c.get(reverse("pelatihan:program-baru")).status_code == BARU[persona]
    assert c.get(reverse("pelatihan:program-ubah", args=[program.pk])).status_code == UBAH[persona]
    # an empty POST: the form comes back with its errors for BKD, the same refusal for others
    assert c.post(reverse("pelatihan:program-ubah", args=[program.pk]), {}).status_code == UBAH[persona]


def test_list_filters_and_query_budget(org, client_as, django_assert_max_num_queries):
    for i in range(4):
        program_buat(org.instansi, f"P{i}", membangun={"M1": 2, "M2": 3}, nama=f"Komunikasi {i}")
    program_buat(org.instansi, "LAMA", tahun=TAHUN - 1, nama="Komunikasi lama")
    program_buat(org.instansi, "EL", membangun={"M4": 2}, bentuk="e_learning", nama="Orientasi Hasil")
    program_buat(org.other_instansi, "X", nama="Komunikasi di instansi lain")
    c = client_as("pegawai")
    with django_assert_max_num_queries(12):
        r = c.get(reverse("pelatihan:program-list"), {"tahun": TAHUN, "q": "komunikasi"})
    assert [p.kode for p in r.context["page"]] == ["P0", "P1", "P2", "P3"]
    assert "Integritas" in r.content.decode() or "Kerja Sama" in r.content.decode()
    r = c.get(reverse("pelatihan:program-list"), {"tahun": TAHUN, "bentuk": "e_learning"})
    assert [p.kode for p in r.context["page"]] == ["EL"]
    r = c.get(reverse("pelatihan:program-list"), {"tahun": TAHUN, "kompetensi": kompetensi("M4").pk})
    assert [p.kode for p in r.context["page"]] == ["EL"]
    assert "Program baru" not in r.content.decode()


def _form(**extra):  # type: ignore[no-untyped-def]
    data = {
        "tahun": TAHUN,
        "kode": "PIM-IV",
        "nama": "Pelatihan Kepemimpinan Pengawas",
        "bentuk": "klasikal",
        "penyelenggara": "BPSDM Provinsi",
        "jp": "60",
        "biaya_per_peserta": "7500000",
        "kursi_per_angkatan": "30",
        "jumlah_angkatan": "2",
        "tanggal_mulai": f"{TAHUN}-05-04",
        "tanggal_selesai": f"{TAHUN}-06-12",
        "jenis_jabatan": ["pengawas"],
        "wajib_jenis_jabatan": ["pengawas"],
        "golongan_minimal": golongan("III/b").pk,
        "golongan_maksimal": golongan("IV/a").pk,
        "is_active": "on",
        "kompetensi_1": kompetensi("M1").pk,
        "level_1": "3",
        "kompetensi_2": kompetensi("M8").pk,
        "level_2": "3",
    }
    data.update(extra)
    return data


def test_bkd_creates_and_edits_a_programme(org, client_as):
    c = client_as("bkd")
    r = c.post(reverse("pelatihan:program-baru"), _form())
    program = ProgramPelatihan.objects.get(kode="PIM-IV")
    assert r.status_code == 302
    assert r["Location"] == reverse("pelatihan:program-detail", args=[program.pk])
    assert program.kursi == 60
    assert program.wajib_jenis_jabatan == ["pengawas"]
    assert dict(ProgramKompetensi.objects.filter(program=program).values_list("kompetensi__kode", "level")) == {
        "M1": 3,
        "M8": 3,
    }
    r = c.post(
        reverse("pelatihan:program-ubah", args=[program.pk]),
        _form(jp="40", kompetensi_2="", level_2="", kompetensi_1=kompetensi("M2").pk, level_1="4"),
    )
    assert r.status_code == 302
    program.refresh_from_db()
    assert program.jp == 40
    assert list(program.kompetensi_dibangun.values_list("kompetensi__kode", "level")) == [("M2", 4)]
    detail = c.get(reverse("pelatihan:program-detail", args=[program.pk])).content.decode()
    assert "Kerja Sama: level 4" in detail


@pytest.mark.parametrize(
    ("extra", "field", "pesan"),
    [
        ({"jp": "0"}, "jp", "JP harus lebih dari 0."),
        ({"biaya_per_peserta": "-1"}, "biaya_per_peserta", "Biaya per peserta tidak boleh negatif."),
        ({"kursi_per_angkatan": "0"}, "kursi_per_angkatan", "Kursi per angkatan paling sedikit 1."),
        ({"jumlah_angkatan": "0"}, "jumlah_angkatan", "Jumlah angkatan paling sedikit 1."),
        (
            {"tanggal_selesai": f"{TAHUN}-05-01"},
            "tanggal_selesai",
            "Tanggal selesai tidak boleh sebelum tanggal mulai.",
        ),
        ({"level_2": ""}, "level_2", "Pilih level 1 sampai 5 untuk kompetensi ini."),
        ({"kompetensi_2": "", "level_2": "", "kompetensi_1": "", "kode": "INT-1"}, "kode", "sudah dipakai"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(org, client_as, program, extra, field, pesan):
    before = ProgramPelatihan.objects.count()
    r = client_as("bkd").post(reverse("pelatihan:program-baru"), _form(**extra))
    assert r.status_code == 200
    assert any(pesan in e for e in r.context["form"].errors[field])
    assert ProgramPelatihan.objects.count() == before


def test_golongan_range_and_duplicate_kompetensi(org, client_as):
    c = client_as("bkd")
    r = c.post(
        reverse("pelatihan:program-baru"),
        _form(golongan_minimal=golongan("IV/a").pk, golongan_maksimal=golongan("III/b").pk),
    )
    assert "Golongan maksimal harus sejenis" in r.context["form"].errors["golongan_maksimal"][0]
    r = c.post(reverse("pelatihan:program-baru"), _form(kompetensi_2=kompetensi("M1").pk))
    assert "tercantum dua kali" in r.context["form"].errors["kompetensi_1"][0]
    assert not ProgramPelatihan.objects.exists()
