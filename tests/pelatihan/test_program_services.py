"""The catalogue service's rules (each error names its field) and the catalogue selectors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from common.models import AuditLog
from pegawai.models import User
from pelatihan.models import ProgramPelatihan
from pelatihan.selectors.program import program_list_for_user, program_memenuhi_syarat, program_penutup_map
from pelatihan.services.program import program_create, program_update
from tests.factories.pegawai import UserFactory, golongan
from tests.factories.pelatihan import TAHUN, kompetensi, kompetensi_teknis, program_buat

pytestmark = pytest.mark.django_db

DASAR = {
    "tahun": TAHUN,
    "kode": "K1",
    "nama": "Komunikasi Publik",
    "bentuk": "workshop",
    "jp": Decimal("16"),
    "biaya_per_peserta": Decimal("2500000"),
    "kursi_per_angkatan": 25,
}


@pytest.mark.parametrize(
    ("ubah", "fields"),
    [
        ({"kode": " ", "nama": ""}, {"kode", "nama"}),
        ({"bentuk": "kuliah", "tahun": 1999}, {"bentuk", "tahun"}),
        ({"jp": None, "biaya_per_peserta": None}, {"jp", "biaya_per_peserta"}),
        (
            {"jenis_jabatan": ["raja"], "wajib_jenis_jabatan": ["pelaksana", "ratu"]},
            {"jenis_jabatan", "wajib_jenis_jabatan"},
        ),
    ],
)
def test_rules_name_their_fields(org, ubah, fields):
    with pytest.raises(ValidationError) as e:
        program_create(actor=org.bkd, instansi=org.instansi, data=DASAR | ubah, kompetensi=[])
    assert set(e.value.message_dict) == fields
    assert not ProgramPelatihan.objects.exists()


def test_golongan_range_must_be_of_one_kind(org):
    data = DASAR | {"golongan_minimal": golongan("III/a"), "golongan_maksimal": golongan("IX", "PPPK")}
    with pytest.raises(ValidationError) as e:
        program_create(actor=org.bkd, instansi=org.instansi, data=data, kompetensi=[])
    assert set(e.value.message_dict) == {"golongan_maksimal"}


def test_kompetensi_rows_are_checked(org):
    lain = kompetensi_teknis(org.other_instansi, kode="LAIN")
    for rows, pesan in [
        ([(lain, 2)], "tidak dikenal"),
        ([(kompetensi("M1"), 6)], "harus 1 sampai 5"),
        ([(kompetensi("M1"), 2), (kompetensi("M1"), 3)], "dua kali"),
    ]:
        with pytest.raises(ValidationError) as e:
            program_create(actor=org.bkd, instansi=org.instansi, data=DASAR, kompetensi=rows)
        assert pesan in e.value.message_dict["kompetensi"][0]


def test_update_keeps_the_kompetensi_unless_given_and_audits(org):
    program = program_create(
        actor=org.bkd, instansi=org.instansi, data=DASAR, kompetensi=[(kompetensi_teknis(org.instansi), 3)]
    )
    program_update(actor=org.bkd, program=program, data={"nama": "Komunikasi Efektif", "kode": " K1 "})
    program.refresh_from_db()
    assert (program.nama, program.kode, program.kompetensi_dibangun.get().level) == ("Komunikasi Efektif", "K1", 3)
    log = AuditLog.objects.filter(object_id=program.pk, aksi="update").get()
    assert log.perubahan == {"nama": {"lama": "Komunikasi Publik", "baru": "Komunikasi Efektif"}}
    program_buat(org.instansi, "K2")
    with pytest.raises(ValidationError) as e:
        program_update(actor=org.bkd, program=program, data={"kode": "K2"})
    assert "kode" in e.value.message_dict


def test_selectors_scope_and_eligibility(org):
    p = program_buat(
        org.instansi,
        "PIM",
        membangun={"M1": 3},
        jenis_jabatan=["pelaksana"],
        golongan_minimal=golongan("II/a"),
        golongan_maksimal=golongan("II/d"),
        is_active=True,
    )
    program_buat(org.instansi, "OFF", membangun={"M1": 4}, is_active=False)
    assert program_memenuhi_syarat(p, org.pegawai)  # pelaksana II/c
    assert not program_memenuhi_syarat(p, org.atasan)  # pengawas III/d
    assert [x.kode for x in program_list_for_user(user=org.bkd, aktif=False)] == ["OFF"]
    assert not program_list_for_user(user=AnonymousUser()).exists()  # type: ignore[arg-type]
    global_su = UserFactory(instansi=None, is_superuser=True, peran=User.Peran.BKD)
    program_buat(org.other_instansi, "X")
    assert program_list_for_user(user=global_su).count() == 3
    penutup = program_penutup_map(instansi_id=org.instansi.pk, tahun=TAHUN, kompetensi_ids=[kompetensi("M1").pk])
    assert [(x.kode, lv) for x, lv in penutup[kompetensi("M1").pk]] == [("PIM", 3)]
    assert program_penutup_map(instansi_id=org.instansi.pk, tahun=TAHUN, kompetensi_ids=[]) == {}
