"""Instansi, unit kerja and jabatan services on the real database: trees, validation, audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from common.models import AuditLog
from pegawai import services
from pegawai.models import Instansi, Jabatan, Pegawai, UnitKerja, User
from tests.factories.pegawai import InstansiFactory, JabatanFactory, PegawaiFactory, UnitKerjaFactory, golongan


def _errors(exc_info):
    return exc_info.value.message_dict


def _counts():
    return (
        Instansi.objects.count(),
        UnitKerja.objects.count(),
        Jabatan.objects.count(),
        Pegawai.objects.count(),
        User.objects.count(),
        AuditLog.objects.count(),
    )


# --- instansi -----------------------------------------------------------------------------------


def test_instansi_create_with_policy_overrides(db):
    obj = services.instansi_create(
        nama="Pemerintah Kota Medan", kode="kota-medan", kebijakan={"jenis_periode": "bulanan"}
    )
    assert Instansi.objects.get(pk=obj.pk).kebijakan.jenis_periode == "bulanan"


def test_instansi_create_refuses_bad_policy_and_duplicate_code(db):
    InstansiFactory(kode="kota-medan")
    with pytest.raises(ValidationError) as e:
        services.instansi_create(nama="Kota Medan", kode="kota-medan-2", kebijakan={"jp_minimal_tahunan": "dua puluh"})
    assert list(_errors(e)) == ["jp_minimal_tahunan"]
    with pytest.raises(ValidationError) as e:
        services.instansi_create(nama="Kota Medan", kode="kota-medan")
    assert "kode" in _errors(e)
    assert Instansi.objects.count() == 1


def test_instansi_kebijakan_update_merges_and_audits(org):
    services.instansi_kebijakan_update(actor=org.bkd, instansi=org.instansi, data={"jenis_periode": "semesteran"})
    services.instansi_kebijakan_update(actor=org.bkd, instansi=org.instansi, data={"jp_minimal_tahunan": 24})
    stored = Instansi.objects.get(pk=org.instansi.pk)
    assert stored.kebijakan_data == {"jenis_periode": "semesteran", "jp_minimal_tahunan": 24}
    assert stored.kebijakan.jp_minimal_tahunan == 24
    log = AuditLog.objects.filter(object_id=org.instansi.pk, aksi="update").first()
    assert log.actor == org.bkd
    assert log.instansi_id == org.instansi.pk
    assert log.perubahan == {
        "kebijakan_data": {
            "lama": {"jenis_periode": "semesteran"},
            "baru": {"jenis_periode": "semesteran", "jp_minimal_tahunan": 24},
        }
    }


def test_instansi_kebijakan_update_refuses_bad_values_and_saves_nothing(org):
    before = _counts()
    with pytest.raises(ValidationError) as e:
        services.instansi_kebijakan_update(
            actor=org.bkd, instansi=org.instansi, data={"rotasi_minimal_tahun": 6, "jenis_periode": "bulanan"}
        )
    assert list(_errors(e)) == ["rotasi_minimal_tahun"]
    assert Instansi.objects.get(pk=org.instansi.pk).kebijakan_data == {}
    assert _counts() == before


# --- unit kerja ----------------------------------------------------------------------------------


def test_unit_kerja_create_builds_path_and_depth_and_audits(org):
    unit = services.unit_kerja_create(
        actor=org.bkd,
        instansi=org.instansi,
        nama="Seksi Rujukan",
        kode="DINKES-YAN-2",
        jenis="seksi",
        parent=org.bidang,
    )
    assert unit.path == f"{org.dinas.pk}/{org.bidang.pk}/{unit.pk}/"
    assert unit.depth == 2
    log = AuditLog.objects.get(object_id=unit.pk, aksi="create", content_type__model="unitkerja")
    assert log.actor == org.bkd
    assert log.perubahan["parent"] == "Bidang Pelayanan Kesehatan"
    assert log.perubahan["kode"] == "DINKES-YAN-2"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kode": "DINKES-YAN"}, "kode"),  # taken in this instansi
        ({"jenis": "kementerian"}, "jenis"),
        ({"nama": ""}, "nama"),
        ({"parent": "other"}, "parent"),
    ],
)
def test_unit_kerja_create_errors_name_the_field_and_save_nothing(org, changes, field):
    if changes.get("parent") == "other":
        changes["parent"] = UnitKerja.objects.get(instansi=org.other_instansi)
    values = {"nama": "Seksi Rujukan", "kode": "DINKES-YAN-9", "jenis": "seksi", "parent": org.bidang, **changes}
    before = _counts()
    with pytest.raises(ValidationError) as e:
        services.unit_kerja_create(actor=org.bkd, instansi=org.instansi, **values)
    assert field in _errors(e)
    assert _counts() == before


def test_unit_kerja_code_may_repeat_across_instansi(org):
    unit = services.unit_kerja_create(
        actor=None, instansi=org.other_instansi, nama="Dinkes", kode="DINKES", jenis="dinas"
    )
    assert unit.path == f"{unit.pk}/"


def test_unit_kerja_update_moves_the_whole_subtree(org):
    setda = UnitKerjaFactory(instansi=org.instansi, nama="Sekretariat Daerah", kode="SETDA", jenis="sekretariat")
    other_unit = UnitKerja.objects.get(instansi=org.other_instansi)
    other_before = (other_unit.path, other_unit.depth)
    services.unit_kerja_update(actor=org.bkd, unit=org.bidang, data={"parent": setda})

    bidang, seksi, dinas, puskesmas = (
        UnitKerja.objects.get(pk=u.pk) for u in (org.bidang, org.seksi, org.dinas, org.puskesmas)
    )
    assert (bidang.path, bidang.depth) == (f"{setda.pk}/{bidang.pk}/", 1)
    assert (seksi.path, seksi.depth) == (f"{setda.pk}/{bidang.pk}/{seksi.pk}/", 2)
    assert bidang.parent_id == setda.pk
    # the rest of the tree is untouched
    assert (dinas.path, dinas.depth) == (f"{dinas.pk}/", 0)
    assert (puskesmas.path, puskesmas.depth) == (f"{dinas.pk}/{puskesmas.pk}/", 1)
    other_unit.refresh_from_db()
    assert (other_unit.path, other_unit.depth) == other_before
    # the object handed in reflects the move
    assert org.bidang.path == bidang.path
    log = AuditLog.objects.get(object_id=bidang.pk, aksi="update", content_type__model="unitkerja")
    assert log.perubahan == {"parent": {"lama": "Dinas Kesehatan", "baru": "Sekretariat Daerah"}}


def test_unit_kerja_update_moves_a_subtree_deeper_and_back_to_the_root(org):
    services.unit_kerja_update(actor=org.bkd, unit=org.puskesmas, data={"parent": org.seksi})
    puskesmas = UnitKerja.objects.get(pk=org.puskesmas.pk)
    assert puskesmas.depth == 3
    assert puskesmas.path == f"{org.seksi.path}{puskesmas.pk}/"

    services.unit_kerja_update(actor=org.bkd, unit=org.bidang, data={"parent": None})
    seksi = UnitKerja.objects.get(pk=org.seksi.pk)
    puskesmas.refresh_from_db()
    assert (seksi.path, seksi.depth) == (f"{org.bidang.pk}/{seksi.pk}/", 1)
    assert (puskesmas.path, puskesmas.depth) == (f"{org.bidang.pk}/{seksi.pk}/{puskesmas.pk}/", 2)


def test_unit_kerja_update_with_a_stale_parent_object_uses_the_stored_path(org):
    setda = UnitKerjaFactory(instansi=org.instansi, nama="Sekretariat Daerah", kode="SETDA", jenis="sekretariat")
    stale_bidang = UnitKerja.objects.get(pk=org.bidang.pk)
    services.unit_kerja_update(actor=org.bkd, unit=org.bidang, data={"parent": setda})
    # stale_bidang still believes it sits under the dinas
    services.unit_kerja_update(actor=org.bkd, unit=org.puskesmas, data={"parent": stale_bidang})
    puskesmas = UnitKerja.objects.get(pk=org.puskesmas.pk)
    assert (puskesmas.path, puskesmas.depth) == (f"{setda.pk}/{org.bidang.pk}/{puskesmas.pk}/", 2)


def test_unit_kerja_update_rename_keeps_the_path(org):
    services.unit_kerja_update(actor=org.bkd, unit=org.seksi, data={"nama": "Seksi Yankes Primer"})
    seksi = UnitKerja.objects.get(pk=org.seksi.pk)
    assert seksi.nama == "Seksi Yankes Primer"
    assert seksi.path == f"{org.dinas.pk}/{org.bidang.pk}/{seksi.pk}/"


def test_unit_kerja_update_without_change_writes_no_audit(org):
    services.unit_kerja_update(actor=org.bkd, unit=org.seksi, data={"nama": org.seksi.nama, "parent": org.bidang})
    assert not AuditLog.objects.filter(aksi="update").exists()


@pytest.mark.parametrize("target", ["self", "child", "grandchild"])
def test_unit_kerja_update_refuses_a_cycle(org, target):
    parent = {"self": org.dinas, "child": org.bidang, "grandchild": org.seksi}[target]
    before = _counts()
    with pytest.raises(ValidationError) as e:
        services.unit_kerja_update(actor=org.bkd, unit=org.dinas, data={"parent": parent})
    assert "bawahannya" in _errors(e)["parent"][0]
    assert UnitKerja.objects.get(pk=org.dinas.pk).parent_id is None
    assert _counts() == before


def test_unit_kerja_update_refuses_a_parent_of_another_instansi_and_a_taken_code(org):
    with pytest.raises(ValidationError) as e:
        services.unit_kerja_update(
            actor=org.bkd, unit=org.seksi, data={"parent": UnitKerja.objects.get(instansi=org.other_instansi)}
        )
    assert "parent" in _errors(e)
    with pytest.raises(ValidationError) as e:
        services.unit_kerja_update(actor=org.bkd, unit=org.seksi, data={"kode": "PKM-01", "nama": "Seksi X"})
    assert "kode" in _errors(e)
    seksi = UnitKerja.objects.get(pk=org.seksi.pk)
    assert (seksi.kode, seksi.nama) == ("DINKES-YAN-1", "Seksi Pelayanan Kesehatan Primer")


# --- jabatan -------------------------------------------------------------------------------------


def test_jabatan_create_builds_the_path_from_the_superior_and_audits(org):
    j = services.jabatan_create(
        actor=org.bkd,
        instansi=org.instansi,
        unit_kerja=org.seksi,
        nama="Analis Kebijakan Ahli Pertama",
        jenis="fungsional_keahlian",
        jenjang="ahli_pertama",
        atasan=org.jabatan_kasi,
        pendidikan_minimal="S1",
        golongan_minimal=golongan("III/a"),
        golongan_maksimal=golongan("III/b"),
    )
    assert j.path == f"{org.jabatan_kasi.path}{j.pk}/"
    log = AuditLog.objects.get(object_id=j.pk, content_type__model="jabatan", aksi="create")
    assert log.actor == org.bkd
    assert log.perubahan["atasan"] == "Kepala Seksi Pelayanan Kesehatan Primer"


def _jabatan_values(org, **changes):
    values = {
        "unit_kerja": org.seksi,
        "nama": "Pranata Komputer",
        "jenis": "pelaksana",
        "atasan": org.jabatan_kasi,
    }
    values.update(changes)
    return values


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"jenis": "fungsional_keahlian"}, "jenjang", "wajib memiliki jenjang"),
        ({"jenis": "fungsional_keahlian", "jenjang": "terampil"}, "jenjang", "Ahli Pertama"),
        ({"jenis": "fungsional_keterampilan", "jenjang": "ahli_muda"}, "jenjang", "Pemula"),
        ({"jenjang": "pemula"}, "jenjang", "hanya untuk jabatan fungsional"),
        ({"jenis": "menteri"}, "jenis", ""),
        ({"eselon": "VI"}, "eselon", ""),
        ({"kebutuhan": 0}, "kebutuhan", "paling sedikit 1"),
        ({"is_kepala_unit": True}, "is_kepala_unit", "sudah memiliki jabatan kepala"),
        ({"pendidikan_minimal": "S4"}, "pendidikan_minimal", ""),
        ({"golongan_minimal": "IV/a", "golongan_maksimal": "III/a"}, "golongan_maksimal", "sama atau di atas"),
        ({"atasan": "other"}, "atasan", "bukan milik instansi"),
        ({"unit_kerja": "other"}, "unit_kerja", "bukan milik instansi"),
    ],
)
def test_jabatan_create_errors_name_the_field_and_save_nothing(org, changes, field, message):
    other_jabatan = Jabatan.objects.get(instansi=org.other_instansi)
    for key in ("golongan_minimal", "golongan_maksimal"):
        if key in changes:
            changes[key] = golongan(changes[key])
    if changes.get("atasan") == "other":
        changes["atasan"] = other_jabatan
    if changes.get("unit_kerja") == "other":
        changes["unit_kerja"] = other_jabatan.unit_kerja
    before = _counts()
    with pytest.raises(ValidationError) as e:
        services.jabatan_create(actor=org.bkd, instansi=org.instansi, **_jabatan_values(org, **changes))
    assert field in _errors(e)
    assert message in _errors(e)[field][0]
    assert _counts() == before


def test_jabatan_update_moves_the_reporting_line_and_recomputes_atasan(org):
    # the seksi now reports to the kepala dinas directly
    services.jabatan_update(actor=org.bkd, jabatan=org.jabatan_kasi, data={"atasan": org.jabatan_kadis})
    kasi = Jabatan.objects.get(pk=org.jabatan_kasi.pk)
    pelaksana = Jabatan.objects.get(pk=org.jabatan_pelaksana.pk)
    assert kasi.path == f"{org.jabatan_kadis.pk}/{kasi.pk}/"
    assert pelaksana.path == f"{kasi.path}{pelaksana.pk}/"
    assert Jabatan.objects.get(pk=org.jabatan_kabid.pk).path == f"{org.jabatan_kadis.pk}/{org.jabatan_kabid.pk}/"
    assert Pegawai.objects.get(pk=org.atasan.pk).atasan_id == org.kepala_dinas.pk
    assert Pegawai.objects.get(pk=org.pegawai.pk).atasan_id == org.atasan.pk
    log = AuditLog.objects.get(object_id=kasi.pk, content_type__model="jabatan", aksi="update")
    assert log.actor == org.bkd
    assert log.perubahan == {"atasan": {"lama": "Kepala Bidang Pelayanan Kesehatan", "baru": "Kepala Dinas Kesehatan"}}


def test_jabatan_update_to_no_superior_makes_a_root(org):
    services.jabatan_update(actor=org.bkd, jabatan=org.jabatan_kapus, data={"atasan": None})
    kapus = Jabatan.objects.get(pk=org.jabatan_kapus.pk)
    assert kapus.path == f"{kapus.pk}/"
    assert Jabatan.objects.get(pk=org.jabatan_perawat.pk).path == f"{kapus.pk}/{org.jabatan_perawat.pk}/"
    assert Pegawai.objects.get(pk=org.kepala_puskesmas.pk).atasan_id is None
    assert Pegawai.objects.get(pk=org.unrelated.pk).atasan_id == org.kepala_puskesmas.pk


@pytest.mark.parametrize("target", ["self", "child", "grandchild"])
def test_jabatan_update_refuses_a_cycle_and_leaves_everything_as_it_was(org, target):
    atasan = {"self": org.jabatan_kabid, "child": org.jabatan_kasi, "grandchild": org.jabatan_pelaksana}[target]
    paths = dict(Jabatan.objects.values_list("id", "path"))
    before = _counts()
    with pytest.raises(ValidationError) as e:
        services.jabatan_update(actor=org.bkd, jabatan=org.jabatan_kabid, data={"atasan": atasan, "nama": "Kabid"})
    assert "bawahannya" in _errors(e)["atasan"][0]
    assert dict(Jabatan.objects.values_list("id", "path")) == paths
    assert _counts() == before
    # the object handed in is not left half-changed
    assert (org.jabatan_kabid.atasan_id, org.jabatan_kabid.nama) == (
        org.jabatan_kadis.pk,
        "Kepala Bidang Pelayanan Kesehatan",
    )


def test_jabatan_update_with_a_stale_object_still_refuses_a_cycle(org):
    stale_pelaksana = Jabatan.objects.get(pk=org.jabatan_pelaksana.pk)
    stale_kabid = Jabatan.objects.get(pk=org.jabatan_kabid.pk)
    # kasi moves under the kadis: the pelaksana's stored path changes, the stale objects do not know
    services.jabatan_update(actor=org.bkd, jabatan=org.jabatan_kasi, data={"atasan": org.jabatan_kadis})
    with pytest.raises(ValidationError):
        services.jabatan_update(actor=org.bkd, jabatan=org.jabatan_kasi, data={"atasan": stale_pelaksana})
    # kabid under the pelaksana is fine now (no longer a descendant): paths come from the database
    services.jabatan_update(actor=org.bkd, jabatan=stale_kabid, data={"atasan": stale_pelaksana})
    kabid = Jabatan.objects.get(pk=org.jabatan_kabid.pk)
    assert kabid.path == f"{org.jabatan_kadis.pk}/{org.jabatan_kasi.pk}/{org.jabatan_pelaksana.pk}/{kabid.pk}/"


def test_jabatan_update_refuses_other_instansi_and_a_second_head(org):
    other = Jabatan.objects.get(instansi=org.other_instansi)
    with pytest.raises(ValidationError) as e:
        services.jabatan_update(actor=org.bkd, jabatan=org.jabatan_pelaksana, data={"atasan": other})
    assert "atasan" in _errors(e)
    with pytest.raises(ValidationError) as e:
        services.jabatan_update(actor=org.bkd, jabatan=org.jabatan_pelaksana, data={"is_kepala_unit": True})
    assert "is_kepala_unit" in _errors(e)
    assert Jabatan.objects.get(pk=org.jabatan_pelaksana.pk).is_kepala_unit is False


def test_jabatan_update_without_change_writes_nothing(org, django_assert_max_num_queries):
    services.jabatan_update(actor=org.bkd, jabatan=org.jabatan_kasi, data={"nama": org.jabatan_kasi.nama})
    assert not AuditLog.objects.filter(aksi="update").exists()


def test_jabatan_factory_and_pegawai_factory_agree(org):
    j = JabatanFactory(unit_kerja=org.puskesmas, atasan=org.jabatan_kapus, nama="Bidan Terampil")
    p = PegawaiFactory(jabatan=j)
    assert p.unit_kerja == org.puskesmas
    assert Pegawai.objects.get(pk=p.pk).atasan_id == org.kepala_puskesmas.pk


def test_unit_kerja_update_to_a_free_code(org):
    services.unit_kerja_update(actor=org.bkd, unit=org.seksi, data={"kode": "DINKES-YAN-PRIMER"})
    assert UnitKerja.objects.get(pk=org.seksi.pk).kode == "DINKES-YAN-PRIMER"


def test_jabatan_update_rename_keeps_paths_and_atasan(org):
    paths = dict(Jabatan.objects.values_list("id", "path"))
    services.jabatan_update(actor=org.bkd, jabatan=org.jabatan_kasi, data={"nama": "Kepala Seksi Yankes Primer"})
    assert Jabatan.objects.get(pk=org.jabatan_kasi.pk).nama == "Kepala Seksi Yankes Primer"
    assert dict(Jabatan.objects.values_list("id", "path")) == paths
    assert Pegawai.objects.get(pk=org.pegawai.pk).atasan_id == org.atasan.pk
