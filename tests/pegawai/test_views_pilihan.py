"""Type-ahead selects: the JSON option endpoints (scope, matching, order, limit, queries,
permissions), the form field that stands for a row of a large table, and the pages that no longer
render whole tables as options."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pegawai.forms import JabatanFilterForm, PegawaiFilterForm, PegawaiForm, UnitKerjaForm
from pegawai.models import Pegawai, UnitKerja
from tests.conftest import PERSONAS
from tests.factories.pegawai import JabatanFactory, PegawaiFactory, UnitKerjaFactory

UNIT_URL = "pegawai:pilihan-unit-kerja"
JABATAN_URL = "pegawai:pilihan-jabatan"
PEGAWAI_URL = "pegawai:pilihan-pegawai"


def _results(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def _texts(client, name, **params):
    return [r["text"] for r in _results(client, name, **params)]


# --- unit kerja ---------------------------------------------------------------------------------


def test_unit_options_match_name_or_code_and_name_the_parent(org, client_as):
    client = client_as("bkd")
    results = _results(client, UNIT_URL, q="pelayanan")
    assert results == [
        {"value": org.bidang.pk, "text": "Bidang Pelayanan Kesehatan — Dinas Kesehatan"},
        {"value": org.seksi.pk, "text": "Seksi Pelayanan Kesehatan Primer — Bidang Pelayanan Kesehatan"},
    ]
    # a code prefix, in any case
    assert _texts(client, UNIT_URL, q="pkm") == ["Puskesmas Kota Sibolga — Dinas Kesehatan"]
    # a top-level unit has no parent to name
    assert _texts(client, UNIT_URL, q="Dinas Kes")[0] == "Dinas Kesehatan"


def test_unit_options_put_name_prefix_matches_first(org, client_as):
    UnitKerjaFactory(instansi=org.instansi, parent=org.bidang, nama="Seksi Kesehatan Keluarga", jenis="seksi")
    texts = _texts(client_as("bkd"), UNIT_URL, q="kesehatan")
    # "Kesehatan ..." would come first; none starts with it, so: by depth, then name
    assert texts == [
        "Dinas Kesehatan",
        "Bidang Pelayanan Kesehatan — Dinas Kesehatan",
        "Seksi Kesehatan Keluarga — Bidang Pelayanan Kesehatan",
        "Seksi Pelayanan Kesehatan Primer — Bidang Pelayanan Kesehatan",
    ]
    assert _texts(client_as("bkd"), UNIT_URL, q="seksi p")[0].startswith("Seksi Pelayanan")
    assert _texts(client_as("bkd"), UNIT_URL, q="Keluarga") == ["Seksi Kesehatan Keluarga — Bidang Pelayanan Kesehatan"]


def test_unit_options_without_text_start_at_the_top_of_the_tree(org, client_as):
    texts = _texts(client_as("bkd"), UNIT_URL)
    assert texts[0] == "Dinas Kesehatan"
    assert len(texts) == 4


def test_unit_options_of_another_instansi_never_appear(org, client_as):
    assert _results(client_as("bkd"), UNIT_URL, q="Pendidikan") == []
    assert _results(client_as("bkd"), UNIT_URL, q="DISDIK") == []
    other = _results(client_as("other_bkd"), UNIT_URL)
    assert [r["text"] for r in other] == ["Dinas Pendidikan"]
    assert _results(client_as("other_bkd"), UNIT_URL, q="Kesehatan") == []


def test_unit_options_leave_out_a_units_own_subtree(org, client_as):
    client = client_as("bkd")
    values = {r["value"] for r in _results(client, UNIT_URL, kecuali=org.bidang.pk)}
    assert values == {org.dinas.pk, org.puskesmas.pk}
    # another instansi's unit as "kecuali" excludes nothing (and reveals nothing)
    values = {r["value"] for r in _results(client, UNIT_URL, kecuali=org.other_pegawai.unit_kerja_id)}
    assert values == {org.dinas.pk, org.bidang.pk, org.seksi.pk, org.puskesmas.pk}
    # a garbage id counts as absent
    for garbage in ("x1", "²", "-3", "99999999999999999999999"):
        assert len(_results(client, UNIT_URL, kecuali=garbage)) == 4


def test_unit_options_are_capped_at_30_in_a_fixed_number_of_queries(org, client_as, django_assert_max_num_queries):
    for i in range(40):
        UnitKerjaFactory(instansi=org.instansi, parent=org.dinas, nama=f"Seksi Uji {i:02d}", jenis="seksi")
    client = client_as("bkd")
    client.get(reverse(UNIT_URL))  # the session is warm: what follows is the request's own work
    with django_assert_max_num_queries(5):
        results = _results(client, UNIT_URL, q="uji")
    assert len(results) == 30
    assert results[0]["text"] == "Seksi Uji 00 — Dinas Kesehatan"
    with django_assert_max_num_queries(6):  # one more to read the excluded unit's path
        results = _results(client, UNIT_URL, q="seksi", kecuali=org.bidang.pk)
    assert len(results) == 30
    assert org.seksi.pk not in {r["value"] for r in results}


def test_unit_options_a_long_text_is_capped_not_refused(org, client_as):
    assert _results(client_as("bkd"), UNIT_URL, q="Dinas Kesehatan" + "x" * 500) == []
    assert _texts(client_as("bkd"), UNIT_URL, q="  Puskesmas  ") == ["Puskesmas Kota Sibolga — Dinas Kesehatan"]


# --- jabatan ------------------------------------------------------------------------------------


def test_jabatan_options_name_the_unit_and_the_vacancy(org, client_as):
    client = client_as("bkd")
    assert _results(client, JABATAN_URL, q="pengadministrasi") == [
        {
            "value": org.jabatan_pelaksana.pk,
            "text": "Pengadministrasi Umum — Seksi Pelayanan Kesehatan Primer (lowong 2)",
        }
    ]
    # filled: no vacancy shown
    assert _texts(client, JABATAN_URL, q="kepala dinas") == ["Kepala Dinas Kesehatan — Dinas Kesehatan"]
    # a holder who is no longer active leaves a seat open
    Pegawai.objects.filter(pk=org.kepala_dinas.pk).update(status=Pegawai.Status.PENSIUN)
    assert _texts(client, JABATAN_URL, q="kepala dinas") == ["Kepala Dinas Kesehatan — Dinas Kesehatan (lowong 1)"]


def test_jabatan_options_of_a_unit_and_its_subtree(org, client_as):
    client = client_as("bkd")
    values = [r["value"] for r in _results(client, JABATAN_URL, unit_kerja=org.puskesmas.pk)]
    assert values == [org.jabatan_kapus.pk, org.jabatan_perawat.pk]
    values = [r["value"] for r in _results(client, JABATAN_URL, unit_kerja=org.bidang.pk)]
    # the unit's own jabatan first (tree order), then those of its sub-units
    assert values == [org.jabatan_kabid.pk, org.jabatan_kasi.pk, org.jabatan_pelaksana.pk]
    assert _texts(client, JABATAN_URL, unit_kerja=org.bidang.pk, q="umum") == [
        "Pengadministrasi Umum — Seksi Pelayanan Kesehatan Primer (lowong 2)"
    ]
    # a unit of another instansi: nothing, rather than that instansi's jabatan
    assert _results(client, JABATAN_URL, unit_kerja=org.other_pegawai.unit_kerja_id) == []


def test_jabatan_options_leave_out_a_jabatan_and_those_reporting_to_it(org, client_as):
    values = {r["value"] for r in _results(client_as("bkd"), JABATAN_URL, kecuali=org.jabatan_kabid.pk)}
    assert values == {org.jabatan_kadis.pk, org.jabatan_kapus.pk, org.jabatan_perawat.pk}
    # another instansi's jabatan as "kecuali" excludes nothing
    other = org.other_pegawai.jabatan_id
    assert len(_results(client_as("bkd"), JABATAN_URL, kecuali=other)) == 6


def test_jabatan_options_put_name_prefix_matches_first(org, client_as):
    texts = _texts(client_as("bkd"), JABATAN_URL, q="kepala")
    assert [t.split(" — ")[0] for t in texts] == [
        "Kepala Dinas Kesehatan",
        "Kepala Bidang Pelayanan Kesehatan",
        "Kepala Seksi Pelayanan Kesehatan Primer",
        "Kepala Puskesmas Kota Sibolga",
    ]
    texts = _texts(client_as("bkd"), JABATAN_URL, q="terampil")
    assert texts == ["Perawat Terampil — Puskesmas Kota Sibolga (lowong 2)"]


def test_jabatan_options_of_another_instansi_never_appear(org, client_as):
    assert _results(client_as("bkd"), JABATAN_URL, q="Pengelola Data") == []
    assert _texts(client_as("other_bkd"), JABATAN_URL) == ["Pengelola Data — Dinas Pendidikan"]


def test_jabatan_options_are_capped_at_30_in_a_fixed_number_of_queries(org, client_as, django_assert_max_num_queries):
    for i in range(35):
        jabatan = JabatanFactory(unit_kerja=org.seksi, nama=f"Analis Uji {i:02d}", atasan=org.jabatan_kasi, kebutuhan=3)
        if i < 3:  # holders, so that counting them per row would show
            for _ in range(2):
                PegawaiFactory(jabatan=jabatan)
    client = client_as("bkd")
    client.get(reverse(JABATAN_URL))
    with django_assert_max_num_queries(5):
        results = _results(client, JABATAN_URL, q="analis", unit_kerja=org.bidang.pk)
    assert len(results) == 30
    assert results[0]["text"] == "Analis Uji 00 — Seksi Pelayanan Kesehatan Primer (lowong 1)"
    assert results[3]["text"] == "Analis Uji 03 — Seksi Pelayanan Kesehatan Primer (lowong 3)"
    with django_assert_max_num_queries(6):
        results = _results(client, JABATAN_URL, kecuali=org.jabatan_kapus.pk)
    assert len(results) == 30


# --- pegawai ------------------------------------------------------------------------------------


def test_pegawai_options_by_name_or_nip(org, client_as):
    client = client_as("bkd")
    expected = f"Budi Siregar — {org.atasan.nip} — Kepala Seksi Pelayanan Kesehatan Primer"
    assert _results(client, PEGAWAI_URL, q="siregar") == [{"value": org.atasan.pk, "text": expected}]
    assert [r["value"] for r in _results(client, PEGAWAI_URL, q=org.unrelated.nip[:14])] == [org.unrelated.pk]
    # name-prefix matches first
    texts = _texts(client, PEGAWAI_URL, q="a")
    assert len(texts) == 7
    assert texts[0].startswith("Andi Lubis")
    # kecuali leaves one pegawai out (the one whose override is being chosen)
    values = {r["value"] for r in _results(client, PEGAWAI_URL, kecuali=org.pegawai.pk)}
    assert org.pegawai.pk not in values
    assert len(values) == 6


def test_pegawai_options_hold_active_pegawai_of_the_instansi_only(org, client_as):
    Pegawai.objects.filter(pk=org.rekan.pk).update(status=Pegawai.Status.PENSIUN)
    client = client_as("bkd")
    assert _results(client, PEGAWAI_URL, q="Andi") == []
    assert _results(client, PEGAWAI_URL, q="Dewi") == []
    assert _results(client, PEGAWAI_URL, q=org.other_pegawai.nip) == []
    assert [r["value"] for r in _results(client_as("other_bkd"), PEGAWAI_URL)] == [org.other_pegawai.pk]


def test_pegawai_options_are_capped_at_30_in_a_fixed_number_of_queries(org, client_as, django_assert_max_num_queries):
    jabatan = JabatanFactory(unit_kerja=org.puskesmas, nama="Bidan Terampil", kebutuhan=40, atasan=org.jabatan_kapus)
    for i in range(35):
        PegawaiFactory(jabatan=jabatan, nama=f"Bidan Uji {i:02d}")
    client = client_as("bkd")
    client.get(reverse(PEGAWAI_URL))
    with django_assert_max_num_queries(5):
        results = _results(client, PEGAWAI_URL, q="bidan uji")
    assert len(results) == 30
    assert results[0]["text"].endswith("Bidan Terampil")


# --- who may ask --------------------------------------------------------------------------------

# units: everyone with a login (the pegawai list, which everyone has, filters by unit);
# jabatan and pegawai: BKD and pimpinan, who read the jabatan list and every profile
EXPECTED = {
    UNIT_URL: {"pegawai": 200, "atasan": 200, "bkd": 200, "unrelated": 200, "other_bkd": 200, "pimpinan": 200},
    JABATAN_URL: {"pegawai": 404, "atasan": 404, "bkd": 200, "unrelated": 404, "other_bkd": 200, "pimpinan": 200},
    PEGAWAI_URL: {"pegawai": 404, "atasan": 404, "bkd": 200, "unrelated": 404, "other_bkd": 200, "pimpinan": 200},
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", [UNIT_URL, JABATAN_URL, PEGAWAI_URL])
def test_permissions(org, client_as, persona, name):
    response = client_as(persona).get(reverse(name), {"q": "a"})
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("masuk") + "?next=")
        return
    assert response.status_code == EXPECTED[name][persona], (name, persona)
    if response.status_code == 200:
        # whatever a persona gets belongs to their own instansi
        ids = {r["value"] for r in response.json()["results"]}
        own = org.other_instansi if persona == "other_bkd" else org.instansi
        model = {UNIT_URL: UnitKerja, JABATAN_URL: org.jabatan_kadis.__class__, PEGAWAI_URL: Pegawai}[name]
        assert ids
        assert model.objects.filter(pk__in=ids).exclude(instansi=own).count() == 0


@pytest.mark.parametrize("name", [UNIT_URL, JABATAN_URL, PEGAWAI_URL])
def test_options_are_get_only(org, client_as, name):
    assert client_as("bkd").post(reverse(name), {"q": "Dinas"}).status_code == 405


# --- the form field ------------------------------------------------------------------------------


def _pegawai_form(org, user, **data):
    return PegawaiForm(data, user=user, instansi=org.instansi)


def test_field_turns_an_id_of_the_instansi_into_the_row(org, django_assert_max_num_queries):
    form = JabatanFilterForm({"unit_kerja": str(org.puskesmas.pk)}, user=org.bkd)
    with django_assert_max_num_queries(1):
        assert form.is_valid()
    assert form.cleaned_data["unit_kerja"] == org.puskesmas
    assert form.filters() == {"unit_kerja": str(org.puskesmas.pk)}
    # rendering the chosen option reuses the row read while validating
    with django_assert_max_num_queries(0):
        html = str(form["unit_kerja"])
    assert f'<option value="{org.puskesmas.pk}" selected>Puskesmas Kota Sibolga — Dinas Kesehatan</option>' in html


@pytest.mark.parametrize(
    "value", ["other", "abc", "-1", "0", "1.5", "1e3", "99999999999999999999999", "12 34", "²", "١٢"], ids=str
)
def test_field_refuses_another_instansis_id_and_garbage(org, value):
    if value == "other":
        value = str(org.other_pegawai.unit_kerja_id)
    form = PegawaiFilterForm({"unit_kerja": value}, user=org.bkd)
    assert not form.is_valid()
    assert form.errors["unit_kerja"] == ["Pilih unit kerja yang ada di instansi ini."]
    # the invalid filter is dropped and the select offers nothing but the empty choice
    assert "unit_kerja" not in form.filters()
    html = str(form["unit_kerja"])
    assert html.count("<option") == 1
    assert "Dinas Pendidikan" not in html


def test_field_messages_name_the_field(org):
    form = _pegawai_form(org, org.bkd, unit_kerja=org.other_pegawai.unit_kerja_id, jabatan="x")
    form.is_valid()
    assert form.errors["unit_kerja"] == ["Pilih unit kerja yang ada di instansi ini."]
    assert form.errors["jabatan"] == ["Pilih jabatan yang ada di instansi ini."]
    form = _pegawai_form(org, org.bkd, unit_kerja="")
    form.is_valid()
    assert form.errors["unit_kerja"] == ["Bidang ini harus diisi."]


def test_field_renders_only_the_chosen_option_with_the_endpoint(org):
    form = UnitKerjaForm(user=org.bkd, instansi=org.instansi, unit=org.seksi)
    html = str(form["parent"])
    assert html.count("<option") == 2  # the empty one and the chosen parent
    assert f'<option value="{org.bidang.pk}" selected>Bidang Pelayanan Kesehatan — Dinas Kesehatan</option>' in html
    assert f'data-pilihan-url="{reverse(UNIT_URL)}?kecuali={org.seksi.pk}"' in html
    assert 'class="form-select"' in html
    form = PegawaiForm(user=org.bkd, instansi=org.instansi)
    html = str(form["jabatan"])
    assert f'data-pilihan-url="{reverse(JABATAN_URL)}"' in html
    assert 'data-pilihan-induk="unit_kerja"' in html
    assert html.count("<option") == 1


def test_field_marks_an_invalid_choice(org, client_as):
    response = client_as("bkd").post(reverse("pegawai:jabatan-create"), {"nama": "Analis", "unit_kerja": "999999"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pilih unit kerja yang ada di instansi ini." in body
    assert 'class="form-select is-invalid"' in body


def test_field_detects_changes_by_id(org):
    form = UnitKerjaForm(
        {"nama": org.seksi.nama, "kode": org.seksi.kode, "jenis": "seksi", "parent": str(org.bidang.pk)},
        user=org.bkd,
        instansi=org.instansi,
        unit=org.seksi,
    )
    assert form.is_valid()
    assert "parent" not in form.changed_data
    form = UnitKerjaForm(
        {"nama": org.seksi.nama, "kode": org.seksi.kode, "jenis": "seksi", "parent": "abc"},
        user=org.bkd,
        instansi=org.instansi,
        unit=org.seksi,
    )
    assert "parent" in form.changed_data


def test_field_details(org):
    from pegawai.forms import PilihanJarakJauhWidget, unit_kerja_field

    field = unit_kerja_field(required=False)
    # an initial value may be the row itself
    assert not field.has_changed(org.bidang, str(org.bidang.pk))
    assert field.has_changed(org.bidang, str(org.seksi.pk))
    field.disabled = True
    assert not field.has_changed(org.bidang, str(org.seksi.pk))
    # without a field behind it the widget is a plain select
    assert PilihanJarakJauhWidget(choices=[("1", "Satu")]).render("x", "1") == (
        '<select name="x">\n  <option value="1" selected>Satu</option>\n\n</select>'
    )


def test_pegawai_option_without_jabatan(org, client_as):
    PegawaiFactory(jabatan=None, instansi=org.instansi, unit_kerja=org.dinas, nama="Tanpa Jabatan")
    texts = _texts(client_as("bkd"), PEGAWAI_URL, q="tanpa")
    assert len(texts) == 1
    assert texts[0].startswith("Tanpa Jabatan — ")
    assert texts[0].count(" — ") == 1


# --- pages that used to list every unit and jabatan -------------------------------------------


def _bulk_units(org, n):
    """n more units (and a jabatan in each), straight into the table: only their number matters."""
    units = UnitKerja.objects.bulk_create(
        UnitKerja(
            instansi=org.instansi,
            parent=org.dinas,
            nama=f"Unit Massal {i:03d}",
            kode=f"MASSAL-{i:03d}",
            jenis="seksi",
            path=f"{org.dinas.path}m{i}/",
            depth=1,
        )
        for i in range(n)
    )
    from pegawai.models import Jabatan

    Jabatan.objects.bulk_create(
        Jabatan(instansi=org.instansi, unit_kerja=u, nama=f"Jabatan Massal {i:03d}", jenis="pelaksana")
        for i, u in enumerate(units)
    )


PAGES = [
    ("pegawai:pegawai-list", {}),
    ("pegawai:pegawai-list", {"unit_kerja": "seksi"}),
    ("pegawai:jabatan-list", {"unit_kerja": "seksi"}),
    ("pegawai:pegawai-create", {}),
    ("pegawai:pegawai-update", {}),
    ("pegawai:jabatan-create", {}),
    ("pegawai:unit-kerja-create", {}),
    ("pegawai:riwayat-jabatan-create", {}),
]


@pytest.mark.parametrize(("name", "params"), PAGES, ids=lambda v: v if isinstance(v, str) else str(sorted(v)))
def test_pages_do_not_grow_with_the_number_of_units(org, client_as, django_assert_max_num_queries, name, params):
    """The same queries and the same HTML with 300 more units and jabatan: none of them is listed."""
    client = client_as("bkd")
    args = [org.pegawai.pk] if name in ("pegawai:pegawai-update", "pegawai:riwayat-jabatan-create") else []
    url = reverse(name, args=args)
    query = {k: (org.seksi.pk if v == "seksi" else v) for k, v in params.items()}

    def get():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, query)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    get()  # warm the session
    before_queries, before = get()
    _bulk_units(org, 300)
    with django_assert_max_num_queries(before_queries):
        after_queries, after = get()
    assert after_queries == before_queries
    assert "Massal" not in after
    assert abs(len(after) - len(before)) < 100  # the same page, give or take a token
    unit_select = re.search(r'<select name="unit_kerja".*?</select>', after, re.S)
    chosen = bool(params.get("unit_kerja")) or name == "pegawai:pegawai-update"  # the profile's own unit
    if unit_select is not None:
        # the empty option, and the chosen unit when there is one
        assert unit_select.group().count("<option") == (2 if chosen else 1)
    if chosen:
        assert f'<option value="{org.seksi.pk}" selected>Seksi Pelayanan Kesehatan Primer' in after
