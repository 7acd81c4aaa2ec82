"""SKP services and selectors: creation with its snapshot, the plan, the workflow and every refusal,
versions after approval, intervensi and its tree, audit and notifications."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from common.models import AuditLog, Notifikasi
from pegawai.permissions import pegawai_of_user
from penilaian.models import SKP, EkspektasiPerilaku, EvaluasiKinerja, IndikatorKinerja, RencanaHasilKerja, SKPVersi
from penilaian.rules import PERILAKU_STANDAR, AspekPerilaku, JenisIndikator
from penilaian.selectors import skp as selectors
from penilaian.services import skp as services
from tests.factories.penilaian import TAHUN, periode_tahun, skp_build
from tests.penilaian._skp_helpers import indikator_tambah, skp_diajukan, skp_disetujui, skp_draft


def _field(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(exc.value.message_dict)


# ---------------------------------------------------------------------------------------------
# Creation


def test_create_snapshots_the_position_and_penilai_and_links_evaluations(org):
    periode_tahun(org.instansi)
    assert EvaluasiKinerja.objects.filter(pegawai=org.pegawai, skp__isnull=True).count() == 5
    skp = services.skp_create(actor=org.pegawai.user, pegawai=org.pegawai, tahun=TAHUN)
    assert skp.status == SKP.Status.DRAFT
    assert skp.versi == 1
    assert skp.nama_jabatan == "Pengadministrasi Umum"
    assert skp.nama_unit == "Seksi Pelayanan Kesehatan Primer"
    assert skp.pejabat_penilai == org.atasan
    assert skp.atasan_pejabat_penilai == org.kepala_bidang
    assert sorted(EkspektasiPerilaku.objects.filter(skp=skp).values_list("aspek", flat=True)) == sorted(
        AspekPerilaku.values
    )
    # the four quarters and the annual evaluation now point to it; nobody else's
    assert EvaluasiKinerja.objects.filter(pegawai=org.pegawai, skp=skp).count() == 5
    assert not EvaluasiKinerja.objects.filter(pegawai=org.rekan, skp__isnull=False).exists()
    log = AuditLog.objects.get(object_id=skp.pk, aksi="create", content_type__model="skp")
    assert log.pegawai_id == org.pegawai.pk
    assert log.instansi_id == org.instansi.pk
    assert log.perubahan["evaluasi_tertaut"] == 5


def test_create_refuses_a_second_skp_of_the_year(org):
    services.skp_create(actor=org.pegawai.user, pegawai=org.pegawai, tahun=TAHUN)
    with pytest.raises(ValidationError) as exc:
        services.skp_create(actor=org.pegawai.user, pegawai=org.pegawai, tahun=TAHUN)
    assert _field(exc) == {"tahun"}
    # another year is fine
    assert services.skp_create(actor=org.pegawai.user, pegawai=org.pegawai, tahun=TAHUN + 1).tahun == TAHUN + 1


def test_create_refuses_a_year_out_of_range_and_someone_else(org):
    with pytest.raises(ValidationError) as exc:
        services.skp_create(actor=org.pegawai.user, pegawai=org.pegawai, tahun=1999)
    assert _field(exc) == {"tahun"}
    for actor in (org.atasan.user, org.rekan.user, org.pimpinan, org.other_bkd):
        with pytest.raises(PermissionDenied):
            services.skp_create(actor=actor, pegawai=org.pegawai, tahun=TAHUN)
    # the BKD officer of the instansi may create it for the pegawai
    assert services.skp_create(actor=org.bkd, pegawai=org.pegawai, tahun=TAHUN).pegawai == org.pegawai


def test_create_for_the_top_of_the_tree_has_no_penilai_and_cannot_be_submitted(org):
    skp = skp_draft(org.kepala_dinas, rhk=1)
    assert skp.pejabat_penilai is None
    assert skp.atasan_pejabat_penilai is None
    with pytest.raises(ValidationError) as exc:
        services.skp_submit(actor=org.kepala_dinas.user, skp=skp)
    assert _field(exc) == {"pejabat_penilai"}


# ---------------------------------------------------------------------------------------------
# The plan


def test_rhk_and_indikator_are_numbered_and_audited(org):
    skp = skp_draft(org.pegawai)
    r1 = services.rhk_create(actor=org.pegawai.user, skp=skp, uraian="  Laporan kepegawaian  ")
    r2 = services.rhk_create(actor=org.pegawai.user, skp=skp, uraian="Layanan", jenis="tambahan")
    assert (r1.urutan, r1.uraian, r2.urutan, r2.jenis) == (1, "Laporan kepegawaian", 2, "tambahan")
    i1 = indikator_tambah(r1)
    i2 = services.indikator_create(
        actor=org.pegawai.user,
        rhk=r1,
        uraian="Mutu laporan",
        jenis=JenisIndikator.KUALITATIF,
        target=Decimal("5"),
        satuan="x",
        target_kualitatif="Tanpa revisi",
    )
    assert (i1.urutan, i2.urutan) == (1, 2)
    # what does not apply to a qualitative indikator is dropped
    assert (i2.target, i2.satuan, i2.target_kualitatif) == (None, "", "Tanpa revisi")
    assert (
        AuditLog.objects.filter(pegawai_id=org.pegawai.pk, aksi="create", content_type__app_label="penilaian").count()
        == 5
    )  # skp, 2 rhk, 2 indikator


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"uraian": " "}, "uraian"),
        ({"jenis": "lain"}, "jenis"),
        ({"arah": "datar"}, "arah"),
        ({"target": None}, "target"),
        ({"target": Decimal("0")}, "target"),
        ({"target": Decimal("-1")}, "target"),
        ({"satuan": " "}, "satuan"),
        ({"jenis": JenisIndikator.KUALITATIF, "target_kualitatif": ""}, "target_kualitatif"),
    ],
)
def test_indikator_rules(org, values, field):
    skp = skp_draft(org.pegawai)
    rhk = services.rhk_create(actor=org.pegawai.user, skp=skp, uraian="RHK")
    kwargs = {"uraian": "Jumlah laporan", "target": Decimal("12"), "satuan": "laporan", **values}
    with pytest.raises(ValidationError) as exc:
        services.indikator_create(actor=org.pegawai.user, rhk=rhk, **kwargs)
    assert _field(exc) == {field}
    assert not IndikatorKinerja.objects.filter(rhk=rhk).exists()


def test_rhk_rules(org):
    skp = skp_draft(org.pegawai)
    with pytest.raises(ValidationError) as exc:
        services.rhk_create(actor=org.pegawai.user, skp=skp, uraian="")
    assert _field(exc) == {"uraian"}
    with pytest.raises(ValidationError) as exc:
        services.rhk_create(actor=org.pegawai.user, skp=skp, uraian="x", jenis="lain")
    assert _field(exc) == {"jenis"}
    rhk = services.rhk_create(actor=org.pegawai.user, skp=skp, uraian="x")
    with pytest.raises(ValidationError) as exc:
        services.rhk_update(actor=org.pegawai.user, rhk=rhk, data={"skp": 1})
    assert _field(exc) == {"skp"}


def test_update_and_delete(org):
    skp = skp_draft(org.pegawai, rhk=1)
    rhk = RencanaHasilKerja.objects.get(skp=skp)
    indikator = rhk.indikator.get()
    services.rhk_update(actor=org.pegawai.user, rhk=rhk, data={"uraian": "Baru", "jenis": "tambahan"})
    rhk.refresh_from_db()
    assert (rhk.uraian, rhk.jenis) == ("Baru", "tambahan")
    # nothing changed: no audit row
    before = AuditLog.objects.count()
    services.rhk_update(actor=org.pegawai.user, rhk=rhk, data={"uraian": "Baru"})
    services.indikator_update(actor=org.pegawai.user, indikator=indikator, data={"target": Decimal("12")})
    assert AuditLog.objects.count() == before
    services.indikator_update(
        actor=org.pegawai.user, indikator=indikator, data={"target": Decimal("24.50"), "arah": "lebih_rendah"}
    )
    indikator.refresh_from_db()
    assert (indikator.target, indikator.arah) == (Decimal("24.50"), "lebih_rendah")
    log = AuditLog.objects.get(object_id=indikator.pk, aksi="update", content_type__model="indikatorkinerja")
    assert log.perubahan["target"] == {"lama": "12.00", "baru": "24.50"}
    with pytest.raises(ValidationError) as exc:
        services.indikator_update(actor=org.pegawai.user, indikator=indikator, data={"rhk": 2})
    assert _field(exc) == {"rhk"}
    with pytest.raises(ValidationError) as exc:
        services.indikator_update(actor=org.pegawai.user, indikator=indikator, data={"jenis": "kualitatif"})
    assert _field(exc) == {"target_kualitatif"}
    services.indikator_delete(actor=org.pegawai.user, indikator=indikator)
    services.rhk_delete(actor=org.pegawai.user, rhk=rhk)
    assert not RencanaHasilKerja.objects.filter(skp=skp).exists()
    assert AuditLog.objects.filter(pegawai_id=org.pegawai.pk, aksi="delete").count() == 2


def test_only_the_owner_edits(org):
    skp = skp_draft(org.pegawai, rhk=1)
    rhk = RencanaHasilKerja.objects.get(skp=skp)
    indikator = rhk.indikator.get()
    for actor in (org.atasan.user, org.bkd, org.rekan.user):
        with pytest.raises(PermissionDenied):
            services.rhk_create(actor=actor, skp=skp, uraian="x")
        with pytest.raises(PermissionDenied):
            services.rhk_update(actor=actor, rhk=rhk, data={"uraian": "x"})
        with pytest.raises(PermissionDenied):
            services.rhk_delete(actor=actor, rhk=rhk)
        with pytest.raises(PermissionDenied):
            services.indikator_create(actor=actor, rhk=rhk, uraian="x", target=Decimal(1), satuan="x")
        with pytest.raises(PermissionDenied):
            services.indikator_update(actor=actor, indikator=indikator, data={"uraian": "x"})
        with pytest.raises(PermissionDenied):
            services.indikator_delete(actor=actor, indikator=indikator)
        with pytest.raises(PermissionDenied):
            services.skp_submit(actor=actor, skp=skp)


@pytest.mark.parametrize("status", [SKP.Status.DIAJUKAN, SKP.Status.DISETUJUI])
def test_no_edit_after_submit(org, status):
    skp = skp_diajukan(org.pegawai) if status == SKP.Status.DIAJUKAN else skp_disetujui(org.pegawai)
    rhk = RencanaHasilKerja.objects.get(skp=skp)
    indikator = rhk.indikator.get()
    user = org.pegawai.user
    calls = [
        lambda: services.rhk_create(actor=user, skp=skp, uraian="x"),
        lambda: services.rhk_update(actor=user, rhk=rhk, data={"uraian": "x"}),
        lambda: services.rhk_delete(actor=user, rhk=rhk),
        lambda: services.indikator_create(actor=user, rhk=rhk, uraian="x", target=Decimal(1), satuan="x"),
        lambda: services.indikator_update(actor=user, indikator=indikator, data={"uraian": "x"}),
        lambda: services.indikator_delete(actor=user, indikator=indikator),
        lambda: services.skp_submit(actor=user, skp=skp),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as exc:
            call()
        assert _field(exc) == {"status"}
    assert RencanaHasilKerja.objects.get(skp=skp).uraian == "RHK 1"


# ---------------------------------------------------------------------------------------------
# Workflow


def test_happy_path_with_versions(org):
    periode_tahun(org.instansi)
    skp = skp_draft(org.pegawai, rhk=2)
    services.ekspektasi_khusus_set(
        actor=org.atasan.user, skp=skp, ekspektasi={AspekPerilaku.AKUNTABEL: "Laporan tepat waktu"}
    )
    services.skp_submit(actor=org.pegawai.user, skp=skp)
    assert skp.status == SKP.Status.DIAJUKAN
    assert skp.diajukan_pada is not None
    assert Notifikasi.objects.filter(user=org.atasan.user).count() == 1
    assert list(selectors.skp_untuk_disetujui(user=org.atasan.user, tahun=TAHUN)) == [skp]

    services.skp_approve(actor=org.atasan.user, skp=skp)
    skp.refresh_from_db()
    assert skp.status == SKP.Status.DISETUJUI
    assert skp.disetujui_pada is not None
    assert Notifikasi.objects.filter(user=org.pegawai.user).count() == 1
    v1 = SKPVersi.objects.get(skp=skp)
    assert (v1.versi, v1.disetujui_oleh) == (1, org.atasan.user)
    assert [r["uraian"] for r in v1.isi["rhk"]] == ["RHK 1", "RHK 2"]
    assert v1.isi["rhk"][0]["indikator"][0] == {
        "id": v1.isi["rhk"][0]["indikator"][0]["id"],
        "urutan": 1,
        "uraian": "Indikator RHK 1",
        "jenis": "kuantitatif",
        "target": "12.00",
        "satuan": "laporan",
        "target_kualitatif": "",
        "arah": "lebih_tinggi",
    }
    assert v1.isi["ekspektasi"][AspekPerilaku.AKUNTABEL] == "Laporan tepat waktu"
    assert v1.isi["pejabat_penilai_id"] == org.atasan.pk

    # a revision: draft again as version 2; version 1 stays as approved
    services.skp_revise(actor=org.pegawai.user, skp=skp)
    assert (skp.status, skp.versi) == (SKP.Status.DRAFT, 2)
    r1 = RencanaHasilKerja.objects.get(skp=skp, urutan=1)
    services.rhk_update(actor=org.pegawai.user, rhk=r1, data={"uraian": "RHK 1 direvisi"})
    services.skp_submit(actor=org.pegawai.user, skp=skp)
    services.skp_approve(actor=org.atasan.user, skp=skp)
    versi = list(selectors.skp_versi_list(skp=skp))
    assert [v.versi for v in versi] == [2, 1]
    assert versi[0].isi["rhk"][0]["uraian"] == "RHK 1 direvisi"
    assert versi[1].isi["rhk"][0]["uraian"] == "RHK 1"
    # every transition is audited with the pegawai
    statuses = [
        (a.perubahan["status"]["lama"], a.perubahan["status"]["baru"])
        for a in AuditLog.objects.filter(
            object_id=skp.pk, content_type__model="skp", perubahan__has_key="status"
        ).order_by("id")
    ]
    assert statuses == [
        ("draft", "diajukan"),
        ("diajukan", "disetujui"),
        ("disetujui", "draft"),
        ("draft", "diajukan"),
        ("diajukan", "disetujui"),
    ]
    assert not AuditLog.objects.filter(object_id=skp.pk, content_type__model="skp", pegawai_id=None).exists()
    # the atasan was told of both submissions and of the revision
    assert Notifikasi.objects.filter(user=org.atasan.user).count() == 3


def test_return_needs_a_comment_and_reopens_editing(org):
    skp = skp_diajukan(org.pegawai)
    with pytest.raises(ValidationError) as exc:
        services.skp_return(actor=org.atasan.user, skp=skp, catatan="   ")
    assert _field(exc) == {"catatan"}
    skp.refresh_from_db()
    assert skp.status == SKP.Status.DIAJUKAN
    services.skp_return(actor=org.atasan.user, skp=skp, catatan="Tambahkan indikator waktu.")
    skp.refresh_from_db()
    assert (skp.status, skp.catatan_pengembalian) == (SKP.Status.DIKEMBALIKAN, "Tambahkan indikator waktu.")
    notif = Notifikasi.objects.get(user=org.pegawai.user)
    assert notif.isi == "Tambahkan indikator waktu."
    # the owner edits and submits again; approval clears the comment
    rhk = RencanaHasilKerja.objects.get(skp=skp)
    indikator_tambah(rhk, "3")
    services.skp_submit(actor=org.pegawai.user, skp=skp)
    services.skp_approve(actor=org.atasan.user, skp=skp)
    skp.refresh_from_db()
    assert (skp.status, skp.catatan_pengembalian) == (SKP.Status.DISETUJUI, "")
    assert len(SKPVersi.objects.get(skp=skp).isi["rhk"][0]["indikator"]) == 2


def test_submit_needs_rhk_each_with_indikator(org):
    skp = skp_draft(org.pegawai)
    with pytest.raises(ValidationError) as exc:
        services.skp_submit(actor=org.pegawai.user, skp=skp)
    assert _field(exc) == {"rhk"}
    indikator_tambah(services.rhk_create(actor=org.pegawai.user, skp=skp, uraian="Punya indikator"))
    services.rhk_create(actor=org.pegawai.user, skp=skp, uraian="Belum ada indikatornya")
    with pytest.raises(ValidationError) as exc:
        services.skp_submit(actor=org.pegawai.user, skp=skp)
    assert _field(exc) == {"indikator"}
    assert "Belum ada indikatornya" in exc.value.message_dict["indikator"][0]
    assert "Punya indikator" not in exc.value.message_dict["indikator"][0]
    skp.refresh_from_db()
    assert skp.status == SKP.Status.DRAFT


def test_only_the_pejabat_penilai_approves_and_returns(org):
    skp = skp_diajukan(org.pegawai)
    for actor in (org.pegawai.user, org.kepala_bidang.user, org.bkd, org.pimpinan, org.rekan.user):
        with pytest.raises(PermissionDenied):
            services.skp_approve(actor=actor, skp=skp)
        with pytest.raises(PermissionDenied):
            services.skp_return(actor=actor, skp=skp, catatan="x")
        with pytest.raises(PermissionDenied):
            services.ekspektasi_khusus_set(actor=actor, skp=skp, ekspektasi={})
    with pytest.raises(PermissionDenied):
        services.skp_revise(actor=org.atasan.user, skp=skp)


def test_wrong_states(org):
    draft = skp_draft(org.pegawai, rhk=1)
    for call in (
        lambda: services.skp_approve(actor=org.atasan.user, skp=draft),
        lambda: services.skp_return(actor=org.atasan.user, skp=draft, catatan="x"),
        lambda: services.skp_revise(actor=org.pegawai.user, skp=draft),
    ):
        with pytest.raises(ValidationError) as exc:
            call()
        assert _field(exc) == {"status"}
    approved = skp_disetujui(org.rekan)
    with pytest.raises(ValidationError) as exc:
        services.skp_approve(actor=org.atasan.user, skp=approved)
    assert _field(exc) == {"status"}
    with pytest.raises(ValidationError) as exc:
        services.ekspektasi_khusus_set(actor=org.atasan.user, skp=approved, ekspektasi={"loyal": "x"})
    assert _field(exc) == {"status"}


def test_a_stale_instance_cannot_apply_twice(org):
    """Two clicks on 'setujui': the second works on the locked, fresh row and is refused."""
    skp = skp_diajukan(org.pegawai)
    stale = SKP.objects.get(pk=skp.pk)
    services.skp_approve(actor=org.atasan.user, skp=skp)
    with pytest.raises(ValidationError) as exc:
        services.skp_approve(actor=org.atasan.user, skp=stale)
    assert _field(exc) == {"status"}
    assert SKPVersi.objects.filter(skp=skp).count() == 1


def test_ekspektasi_khusus(org):
    skp = skp_draft(org.pegawai)
    rows = services.ekspektasi_khusus_set(
        actor=org.atasan.user, skp=skp, ekspektasi={"loyal": "  Menjaga rahasia data  ", "adaptif": ""}
    )
    assert [r.aspek for r in rows] == AspekPerilaku.values
    assert EkspektasiPerilaku.objects.get(skp=skp, aspek="loyal").ekspektasi_khusus == "Menjaga rahasia data"
    log = AuditLog.objects.get(object_id=skp.pk, aksi="update", content_type__model="skp")
    assert log.perubahan == {"loyal": {"lama": "", "baru": "Menjaga rahasia data"}}
    with pytest.raises(ValidationError) as exc:
        services.ekspektasi_khusus_set(actor=org.atasan.user, skp=skp, ekspektasi={"jujur": "x"})
    assert _field(exc) == {"aspek"}
    # an SKP that lost its rows gets all seven back
    EkspektasiPerilaku.objects.filter(skp=skp).delete()
    rows = services.ekspektasi_khusus_set(actor=org.atasan.user, skp=skp, ekspektasi={"harmonis": "Rukun"})
    assert len(rows) == 7
    assert EkspektasiPerilaku.objects.filter(skp=skp).count() == 7
    detail = selectors.skp_detail(skp=skp)
    harmonis = next(e for e in detail.ekspektasi if e.aspek == "harmonis")
    assert (harmonis.label, harmonis.khusus) == ("Harmonis", "Rukun")
    assert harmonis.standar == str(PERILAKU_STANDAR["harmonis"])


def test_notification_skipped_without_login(org):
    skp = skp_draft(org.pegawai, rhk=1)
    org.atasan.user_id = None
    skp.pejabat_penilai = org.atasan
    services.skp_submit(actor=org.pegawai.user, skp=skp)
    assert not Notifikasi.objects.exists()


# ---------------------------------------------------------------------------------------------
# Intervensi


def test_intervensi_must_come_from_the_penilai_approved_skp_of_the_year(org):
    atasan_skp = skp_build(org.atasan, status=SKP.Status.DISETUJUI)
    rhk_atasan = RencanaHasilKerja.objects.filter(skp=atasan_skp).order_by("urutan").first()
    skp = skp_draft(org.pegawai)
    rhk = services.rhk_create(actor=org.pegawai.user, skp=skp, uraian="Turunan", rhk_atasan=rhk_atasan)
    assert rhk.rhk_atasan == rhk_atasan
    assert list(selectors.rhk_atasan_pilihan(skp=skp)) == list(
        RencanaHasilKerja.objects.filter(skp=atasan_skp).order_by("urutan")
    )

    # not allowed: an RHK of someone else, of another year, or of an SKP not yet approved
    lain = RencanaHasilKerja.objects.filter(skp=skp_build(org.kepala_puskesmas)).first()
    tahun_lain = RencanaHasilKerja.objects.filter(skp=skp_build(org.atasan, tahun=TAHUN - 1)).first()
    draft_atasan = skp_build(org.kepala_bidang, status=SKP.Status.DRAFT)
    rekan_skp = skp_build(org.rekan)
    for bad in (lain, tahun_lain, RencanaHasilKerja.objects.filter(skp=rekan_skp).first()):
        with pytest.raises(ValidationError) as exc:
            services.rhk_create(actor=org.pegawai.user, skp=skp, uraian="x", rhk_atasan=bad)
        assert _field(exc) == {"rhk_atasan"}
        with pytest.raises(ValidationError):
            services.rhk_update(actor=org.pegawai.user, rhk=rhk, data={"rhk_atasan": bad})
    # the atasan's own SKP cascades from the kepala bidang only once that one is approved
    skp_atasan_2027 = skp_draft(org.atasan, tahun=TAHUN + 1)
    assert not selectors.rhk_atasan_pilihan(skp=skp_atasan_2027).exists()
    with pytest.raises(ValidationError):
        services.rhk_create(
            actor=org.atasan.user,
            skp=skp_atasan_2027,
            uraian="x",
            rhk_atasan=RencanaHasilKerja.objects.filter(skp=draft_atasan).first(),
        )
    # clearing it is always fine
    services.rhk_update(actor=org.pegawai.user, rhk=rhk, data={"rhk_atasan": None})
    rhk.refresh_from_db()
    assert rhk.rhk_atasan is None
    # no pejabat penilai: nothing to cascade from
    top = skp_draft(org.kepala_dinas)
    assert not selectors.rhk_atasan_pilihan(skp=top).exists()
    with pytest.raises(ValidationError):
        services.rhk_create(actor=org.kepala_dinas.user, skp=top, uraian="x", rhk_atasan=rhk_atasan)


def test_pohon_intervensi(org, django_assert_max_num_queries):
    atasan_skp = skp_build(org.atasan)
    rhk_a, rhk_b = RencanaHasilKerja.objects.filter(skp=atasan_skp).order_by("urutan")
    skp_build(org.pegawai, rhk_atasan=rhk_a)
    skp_build(org.rekan, rhk_atasan=rhk_a)
    extra = PegawaiFactory_under(org)
    skp_build(extra, rhk_atasan=rhk_b)
    user = org.atasan.user
    pegawai_of_user(user)  # the request has it already
    with django_assert_max_num_queries(2):
        pohon = selectors.pohon_intervensi(skp=atasan_skp, user=user)
        tree = [(r.uraian, [(c.skp.pegawai.nama, c.urutan) for c in r.intervensi_list]) for r in pohon]
    assert tree == [
        (rhk_a.uraian, [("Andi Lubis", 1), ("Siti Nasution", 1)]),
        (rhk_b.uraian, [("Zaki Daulay", 1)]),
    ]
    # the pegawai sees only what is visible to them (their own SKP)
    pohon = selectors.pohon_intervensi(skp=atasan_skp, user=org.pegawai.user)
    assert [[c.skp.pegawai.nama for c in r.intervensi_list] for r in pohon] == [["Siti Nasution"], []]


def PegawaiFactory_under(org):  # noqa: N802 (reads like the factory it wraps)
    from tests.factories.pegawai import PegawaiFactory

    p = PegawaiFactory(jabatan=org.jabatan_pelaksana, nama="Zaki Daulay")
    p.refresh_from_db()
    return p


# ---------------------------------------------------------------------------------------------
# Selectors


def test_list_for_user_is_scoped_and_filtered(org):
    a = skp_build(org.pegawai, status=SKP.Status.DRAFT)
    b = skp_build(org.rekan, status=SKP.Status.DIAJUKAN)
    c = skp_build(org.unrelated)
    d = skp_build(org.pegawai, tahun=TAHUN - 1)
    skp_build(org.other_pegawai)
    assert set(selectors.skp_list_for_user(user=org.bkd)) == {a, b, c, d}
    assert set(selectors.skp_list_for_user(user=org.pimpinan)) == {a, b, c, d}
    assert set(selectors.skp_list_for_user(user=org.atasan.user)) == {a, b, d}
    assert set(selectors.skp_list_for_user(user=org.pegawai.user)) == {a, d}
    assert set(selectors.skp_list_for_user(user=org.other_bkd)) == {SKP.objects.get(pegawai=org.other_pegawai)}
    assert set(selectors.skp_list_for_user(user=org.bkd, filters={"tahun": TAHUN})) == {a, b, c}
    assert set(selectors.skp_list_for_user(user=org.bkd, filters={"status": "diajukan"})) == {b}
    assert set(selectors.skp_list_for_user(user=org.bkd, filters={"unit_kerja": org.bidang})) == {a, b, d}
    assert set(selectors.skp_list_for_user(user=org.bkd, filters={"unit_kerja": org.puskesmas.pk})) == {c}
    assert set(selectors.skp_list_for_user(user=org.bkd, filters={"q": "siti"})) == {a, d}
    assert set(selectors.skp_list_for_user(user=org.bkd, filters={"q": org.rekan.nip[:10]})) == {b}
    assert selectors.skp_for_pegawai(pegawai=org.pegawai, tahun=TAHUN) == a
    assert selectors.skp_for_pegawai(pegawai=org.kepala_dinas, tahun=TAHUN) is None
    assert not selectors.skp_untuk_disetujui(user=org.bkd).exists()
    assert list(selectors.skp_untuk_disetujui(user=org.atasan.user)) == [b]


def test_access_helpers(org):
    from django.http import Http404

    skp = skp_draft(org.pegawai, rhk=1)
    rhk = RencanaHasilKerja.objects.get(skp=skp)
    indikator = rhk.indikator.get()
    assert selectors.rhk_get_for_user(user=org.atasan.user, rhk_id=rhk.pk) == rhk
    assert selectors.indikator_get_for_user(user=org.bkd, indikator_id=str(indikator.pk)) == indikator
    for user, value in ((org.unrelated.user, rhk.pk), (org.other_bkd, rhk.pk), (org.bkd, "x"), (org.bkd, 2**63)):
        with pytest.raises(Http404):
            selectors.rhk_get_for_user(user=user, rhk_id=value)
        with pytest.raises(Http404):
            selectors.indikator_get_for_user(user=user, indikator_id=value)
    aksi = selectors.skp_aksi(user=org.pegawai.user, skp=skp)
    assert (aksi.is_owner, aksi.can_edit, aksi.can_submit, aksi.can_approve, aksi.can_revise) == (
        True,
        True,
        True,
        False,
        False,
    )
    aksi = selectors.skp_aksi(user=org.atasan.user, skp=skp)
    assert (aksi.is_penilai, aksi.can_edit, aksi.can_ekspektasi, aksi.can_approve) == (True, False, True, False)
