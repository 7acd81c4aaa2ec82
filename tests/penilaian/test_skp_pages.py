"""SKP pages: the permission matrix over every URL and persona, the flow through the forms, and
query budgets.

Legend: 200 page (or a form shown again with its errors), 302 redirect (done, or to the login for
anonymous), 403 visible but not changeable, 404 not visible, 405 wrong method."""

from __future__ import annotations

import pytest
from django.urls import reverse

from penilaian.models import SKP, EkspektasiPerilaku, IndikatorKinerja, RencanaHasilKerja, SKPVersi
from penilaian.rules import PERILAKU_STANDAR
from tests.conftest import PERSONAS
from tests.factories.penilaian import TAHUN, skp_build
from tests.penilaian._skp_helpers import skp_draft

LOGIN = reverse("masuk")

READ = {"pegawai": 200, "atasan": 200, "bkd": 200, "pimpinan": 200, "unrelated": 404, "other_bkd": 404}
OWNER = {"pegawai": 200, "atasan": 403, "bkd": 403, "pimpinan": 403, "unrelated": 404, "other_bkd": 404}


def _owner(ok: int) -> dict[str, int]:
    return {**OWNER, "pegawai": ok}


def _penilai(ok: int) -> dict[str, int]:
    return {**OWNER, "pegawai": 403, "atasan": ok}


@pytest.fixture
def plan(org):
    skp = skp_draft(org.pegawai, rhk=1)
    rhk = RencanaHasilKerja.objects.get(skp=skp)
    return skp, rhk, rhk.indikator.get()


def _get_urls(org, plan):
    skp, rhk, indikator = plan
    return {
        "skp-list": (
            reverse("penilaian:skp-list"),
            {"bkd": 200, "pimpinan": 200, "other_bkd": 200, "pegawai": 404, "atasan": 404, "unrelated": 404},
        ),
        "skp-saya": (
            reverse("penilaian:skp-saya") + f"?tahun={TAHUN}",
            {"pegawai": 302, "atasan": 200, "unrelated": 200, "bkd": 404, "pimpinan": 404, "other_bkd": 404},
        ),
        "skp-persetujuan": (reverse("penilaian:skp-persetujuan"), dict.fromkeys(READ, 200)),
        "skp-detail": (reverse("penilaian:skp-detail", args=[skp.pk]), READ),
        "skp-pohon": (reverse("penilaian:skp-pohon", args=[skp.pk]), READ),
        "skp-rhk-update": (reverse("penilaian:skp-rhk-update", args=[rhk.pk]), OWNER),
        "skp-indikator-update": (reverse("penilaian:skp-indikator-update", args=[indikator.pk]), OWNER),
    }


def _post_urls(org, plan):
    """Empty POSTs on a draft SKP with one RHK and one indikator."""
    skp, rhk, indikator = plan
    return {
        "skp-rhk-create": (reverse("penilaian:skp-rhk-create", args=[skp.pk]), _owner(200)),
        "skp-rhk-update": (reverse("penilaian:skp-rhk-update", args=[rhk.pk]), _owner(200)),
        "skp-rhk-delete": (reverse("penilaian:skp-rhk-delete", args=[rhk.pk]), _owner(302)),
        "skp-indikator-create": (reverse("penilaian:skp-indikator-create", args=[rhk.pk]), _owner(200)),
        "skp-indikator-update": (reverse("penilaian:skp-indikator-update", args=[indikator.pk]), _owner(200)),
        "skp-indikator-delete": (reverse("penilaian:skp-indikator-delete", args=[indikator.pk]), _owner(302)),
        "skp-submit": (reverse("penilaian:skp-submit", args=[skp.pk]), _owner(302)),
        # a draft cannot be approved, returned or revised: the page again with the reason
        "skp-approve": (reverse("penilaian:skp-approve", args=[skp.pk]), _penilai(200)),
        "skp-return": (reverse("penilaian:skp-return", args=[skp.pk]), _penilai(200)),
        "skp-revise": (reverse("penilaian:skp-revise", args=[skp.pk]), _owner(200)),
        "skp-ekspektasi": (reverse("penilaian:skp-ekspektasi", args=[skp.pk]), _penilai(302)),
    }


GET_NAMES = [
    "skp-list",
    "skp-saya",
    "skp-persetujuan",
    "skp-detail",
    "skp-pohon",
    "skp-rhk-update",
    "skp-indikator-update",
]
POST_NAMES = [
    "skp-rhk-create",
    "skp-rhk-update",
    "skp-rhk-delete",
    "skp-indikator-create",
    "skp-indikator-update",
    "skp-indikator-delete",
    "skp-submit",
    "skp-approve",
    "skp-return",
    "skp-revise",
    "skp-ekspektasi",
]
POST_ONLY = sorted(set(POST_NAMES) - set(GET_NAMES))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", GET_NAMES)
def test_get(org, plan, client_as, persona, name):
    url, expected = _get_urls(org, plan)[name]
    response = client_as(persona).get(url)
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN + "?next=")
    else:
        assert response.status_code == expected[persona], (name, persona)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", POST_NAMES)
def test_post_empty(org, plan, client_as, persona, name):
    url, expected = _post_urls(org, plan)[name]
    response = client_as(persona).post(url, {})
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
        return
    assert response.status_code == expected[persona], (name, persona)
    if expected[persona] == 200:
        assert b"invalid-feedback" in response.content or b"alert-danger" in response.content


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_urls_refuse_get(org, plan, client_as, name):
    url, _expected = _post_urls(org, plan)[name]
    assert client_as("pegawai").get(url).status_code == 405


def test_unknown_ids_are_404(org, client_as):
    client = client_as("bkd")
    for url in (
        reverse("penilaian:skp-detail", args=[999999]),
        reverse("penilaian:skp-rhk-update", args=[999999]),
        reverse("penilaian:skp-indikator-update", args=[999999]),
    ):
        assert client.get(url).status_code == 404


def test_flow_through_the_pages(org, client_as):
    """The pegawai creates, plans and submits; the atasan returns, then approves; the pegawai
    revises. Everything through the forms."""
    pegawai = client_as("pegawai")
    saya = reverse("penilaian:skp-saya") + f"?tahun={TAHUN}"
    response = pegawai.get(saya)
    assert response.status_code == 200
    assert b"buat-skp" in response.content
    response = pegawai.post(saya, {"tahun": TAHUN})
    skp = SKP.objects.get(pegawai=org.pegawai, tahun=TAHUN)
    detail = reverse("penilaian:skp-detail", args=[skp.pk])
    assert response.status_code == 302
    assert response["Location"] == detail
    # a second time is refused on the field
    response = pegawai.post(saya, {"tahun": TAHUN})
    assert response.status_code == 200
    assert "sudah ada" in response.content.decode()

    # the intervensi select offers the atasan's approved RHKs
    atasan_skp = skp_build(org.atasan)
    rhk_atasan = RencanaHasilKerja.objects.filter(skp=atasan_skp).order_by("urutan").first()
    page = pegawai.get(detail).content.decode()
    assert f'value="{rhk_atasan.pk}"' in page
    assert str(PERILAKU_STANDAR["akuntabel"]) in page
    response = pegawai.post(
        reverse("penilaian:skp-rhk-create", args=[skp.pk]),
        {"rhk-uraian": "Terselesaikannya berkas layanan", "rhk-jenis": "utama", "rhk-rhk_atasan": rhk_atasan.pk},
    )
    assert response.status_code == 302
    rhk = RencanaHasilKerja.objects.get(skp=skp)
    assert rhk.rhk_atasan == rhk_atasan
    # submitting without an indikator is refused with the reason
    response = pegawai.post(reverse("penilaian:skp-submit", args=[skp.pk]))
    assert response.status_code == 200
    assert "belum memiliki indikator" in response.content.decode()
    # an invalid indikator shows its errors in that RHK's form
    response = pegawai.post(
        reverse("penilaian:skp-indikator-create", args=[rhk.pk]),
        {
            f"ind-{rhk.pk}-uraian": "Jumlah berkas",
            f"ind-{rhk.pk}-jenis": "kuantitatif",
            f"ind-{rhk.pk}-arah": "lebih_tinggi",
        },
    )
    assert response.status_code == 200
    assert "harus lebih dari 0" in response.content.decode()
    response = pegawai.post(
        reverse("penilaian:skp-indikator-create", args=[rhk.pk]),
        {
            f"ind-{rhk.pk}-uraian": "Jumlah berkas",
            f"ind-{rhk.pk}-jenis": "kuantitatif",
            f"ind-{rhk.pk}-target": "120",
            f"ind-{rhk.pk}-satuan": "berkas",
            f"ind-{rhk.pk}-arah": "lebih_tinggi",
        },
    )
    assert response.status_code == 302
    indikator = IndikatorKinerja.objects.get(rhk=rhk)
    response = pegawai.post(
        reverse("penilaian:skp-indikator-update", args=[indikator.pk]),
        {
            "uraian": "Jumlah berkas selesai",
            "jenis": "kuantitatif",
            "target": "150",
            "satuan": "berkas",
            "arah": "lebih_tinggi",
        },
    )
    assert response.status_code == 302
    response = pegawai.post(
        reverse("penilaian:skp-rhk-update", args=[rhk.pk]),
        {"uraian": "Berkas layanan selesai", "jenis": "utama", "rhk_atasan": rhk_atasan.pk},
    )
    assert response.status_code == 302
    assert pegawai.post(reverse("penilaian:skp-submit", args=[skp.pk])).status_code == 302

    atasan = client_as("atasan")
    antrean = atasan.get(reverse("penilaian:skp-persetujuan")).content.decode()
    assert detail in antrean
    assert "Siti Nasution" in antrean
    page = atasan.get(detail).content.decode()
    assert "setujui-skp" in page
    assert "form-ekspektasi" in page
    assert "ajukan-skp" not in page
    response = atasan.post(reverse("penilaian:skp-ekspektasi", args=[skp.pk]), {"loyal": "Menjaga data pasien"})
    assert response.status_code == 302
    assert EkspektasiPerilaku.objects.get(skp=skp, aspek="loyal").ekspektasi_khusus == "Menjaga data pasien"
    response = atasan.post(reverse("penilaian:skp-return", args=[skp.pk]), {"catatan": "Tambah indikator waktu."})
    assert response.status_code == 302
    page = pegawai.get(detail).content.decode()
    assert "Tambah indikator waktu." in page
    assert "ajukan-skp" in page
    assert pegawai.post(reverse("penilaian:skp-submit", args=[skp.pk])).status_code == 302
    assert atasan.post(reverse("penilaian:skp-approve", args=[skp.pk])).status_code == 302
    skp.refresh_from_db()
    assert skp.status == SKP.Status.DISETUJUI
    page = pegawai.get(detail).content.decode()
    assert "revisi-skp" in page
    assert 'data-versi="1"' in page
    assert "form-rhk" not in page
    # a second click on 'setujui' is refused on the page
    response = atasan.post(reverse("penilaian:skp-approve", args=[skp.pk]))
    assert response.status_code == 200
    assert "berstatus Disetujui" in response.content.decode()
    assert SKPVersi.objects.filter(skp=skp).count() == 1
    # the atasan's tree shows the cascaded RHK with its owner
    pohon = client_as("atasan").get(reverse("penilaian:skp-pohon", args=[atasan_skp.pk])).content.decode()
    assert "Berkas layanan selesai" in pohon
    assert "Siti Nasution" in pohon
    assert pegawai.post(reverse("penilaian:skp-revise", args=[skp.pk])).status_code == 302
    skp.refresh_from_db()
    assert (skp.status, skp.versi) == (SKP.Status.DRAFT, 2)


def test_saya_without_skp_and_year_parameter(org, client_as):
    client = client_as("unrelated")
    for q, tahun in (
        ("?tahun=2030", "2030"),
        ("?tahun=abc", str(TAHUN)),
        ("?tahun=1800", str(TAHUN)),
        ("", str(TAHUN)),
    ):
        response = client.get(reverse("penilaian:skp-saya") + q)
        assert response.status_code == 200
        assert f'name="tahun" value="{tahun}"' in response.content.decode()


def test_detail_read_only_for_bkd_and_pimpinan(org, plan, client_as):
    skp, _rhk, _indikator = plan
    for persona in ("bkd", "pimpinan"):
        page = client_as(persona).get(reverse("penilaian:skp-detail", args=[skp.pk])).content.decode()
        for marker in ("ajukan-skp", "form-rhk", "setujui-skp", "form-ekspektasi", "revisi-skp"):
            assert marker not in page, (persona, marker)


def test_delete_refused_after_submit_shows_a_message(org, client_as):
    from tests.penilaian._skp_helpers import skp_diajukan

    skp = skp_diajukan(org.pegawai)
    rhk = RencanaHasilKerja.objects.get(skp=skp)
    client = client_as("pegawai")
    for url in (
        reverse("penilaian:skp-rhk-delete", args=[rhk.pk]),
        reverse("penilaian:skp-indikator-delete", args=[rhk.indikator.get().pk]),
    ):
        response = client.post(url, follow=True)
        assert "berstatus Diajukan" in response.content.decode()
    assert IndikatorKinerja.objects.filter(rhk=rhk).exists()
    response = client.post(reverse("penilaian:skp-rhk-update", args=[rhk.pk]), {"uraian": "x", "jenis": "utama"})
    assert response.status_code == 200
    assert "berstatus Diajukan" in response.content.decode()
    indikator = rhk.indikator.get()
    response = client.post(
        reverse("penilaian:skp-indikator-update", args=[indikator.pk]),
        {"uraian": "x", "jenis": "kuantitatif", "target": "1", "satuan": "x", "arah": "lebih_tinggi"},
    )
    assert response.status_code == 200
    assert "berstatus Diajukan" in response.content.decode()


def _three_plans(org):
    from tests.factories.pegawai import PegawaiFactory

    extra = PegawaiFactory(jabatan=org.jabatan_pelaksana, nama="Zaki Daulay")
    extra.refresh_from_db()
    return [skp_build(p, status=SKP.Status.DIAJUKAN, kualitatif=True) for p in (org.pegawai, org.rekan, extra)]


def test_query_budgets(org, client_as, django_assert_max_num_queries):
    daftar = _three_plans(org)
    bkd = client_as("bkd")
    with django_assert_max_num_queries(12):
        response = bkd.get(reverse("penilaian:skp-list") + f"?tahun={TAHUN}&status=diajukan")
    assert response.content.decode().count("data-status=") == 3
    with django_assert_max_num_queries(12):
        response = bkd.get(reverse("penilaian:skp-list"), {"unit_kerja": org.seksi.pk}, HTTP_HX_REQUEST="true")
    assert 'id="skp-tabel"' in response.content.decode()
    assert "<html" not in response.content.decode()
    atasan = client_as("atasan")
    with django_assert_max_num_queries(10):
        response = atasan.get(reverse("penilaian:skp-persetujuan") + f"?tahun={TAHUN}")
    assert response.content.decode().count("Periksa") == 3
    with django_assert_max_num_queries(14):
        response = atasan.get(reverse("penilaian:skp-detail", args=[daftar[0].pk]))
    assert response.content.decode().count('data-rhk="') >= 3
    atasan_skp = skp_build(org.atasan)
    rhk = RencanaHasilKerja.objects.filter(skp=atasan_skp).first()
    RencanaHasilKerja.objects.filter(skp__in=daftar).update(rhk_atasan=rhk)
    with django_assert_max_num_queries(12):
        response = atasan.get(reverse("penilaian:skp-pohon", args=[atasan_skp.pk]))
    assert response.content.decode().count("data-intervensi=") == 6
