"""Career path API: the same permissions as the pages (404 for what the user may not see, 401 for
anonymous), the JSON of a rich history, bad ids (4xx, never 5xx), the query budget and the
schema."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from karier.rules import tanggal_kp_berikut
from tests.conftest import PERSONAS

from .test_jalur_selectors import riwayat_kaya

pytestmark = pytest.mark.django_db

HARI_INI = timezone.localdate()
TAHUN_INI = HARI_INI.year


def _table(default: int, **kw: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, default) | {"anonymous": 401} | kw


SAYA = _table(404, pegawai=200, atasan=200, unrelated=200)
JALUR_SITI = _table(404, pegawai=200, atasan=200, bkd=200, pimpinan=200)
JALUR_YUSUF = _table(404, unrelated=200, bkd=200, pimpinan=200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(org, client_as, persona):
    c = client_as(persona)
    r = c.get(reverse("karier-api:jalur-saya"))
    assert r.status_code == SAYA[persona]
    if r.status_code == 200:
        assert r.json()["pegawai"]["id"] == getattr(org, persona).pk
    assert c.get(reverse("karier-api:jalur", args=[org.pegawai.pk])).status_code == JALUR_SITI[persona]
    assert c.get(reverse("karier-api:jalur", args=[org.unrelated.pk])).status_code == JALUR_YUSUF[persona]


@pytest.mark.parametrize("pegawai_id", [0, 2**63, 2**64, 999_999])
def test_bad_or_unknown_id_is_404(client_as, pegawai_id):
    r = client_as("bkd").get(f"/api/v1/karier/jalur/{pegawai_id}/")
    assert r.status_code == 404


def test_not_a_number_and_other_methods_are_4xx(client_as, org):
    c = client_as("bkd")
    assert c.get("/api/v1/karier/jalur/abc/").status_code == 404
    assert c.post(reverse("karier-api:jalur", args=[org.pegawai.pk]), {}).status_code == 405
    assert client_as("pegawai").delete(reverse("karier-api:jalur-saya")).status_code == 405


def test_json_of_a_rich_history(org, client_as, django_assert_max_num_queries):
    riwayat_kaya(org, TAHUN_INI)
    c = client_as("atasan")
    with django_assert_max_num_queries(15):
        r = c.get(reverse("karier-api:jalur", args=[org.pegawai.pk]))
    assert r.status_code == 200
    j = r.json()
    assert j["pegawai"] == {"id": org.pegawai.pk, "nip": org.pegawai.nip, "nama_lengkap": "Siti Nasution"}
    assert j["pada"] == HARI_INI.isoformat()
    assert j["timeline"][0] == {
        "tanggal": f"{TAHUN_INI}-03-10",
        "tahun": TAHUN_INI,
        "jenis": "pelatihan",
        "judul": "Integritas Lanjut",
        "keterangan": "Pelatihan klasikal · 12 JP",
    }
    assert {"tanggal": None, "tahun": 2005, "jenis": "pendidikan"}.items() <= j["timeline"][-1].items()
    assert [e["jenis"] for e in j["timeline"]].count("predikat") == 2
    kp_tanggal = tanggal_kp_berikut(max(HARI_INI, datetime.date(TAHUN_INI, 4, 1)), range(1, 13))
    assert j["kp"] == {
        "tanggal": kp_tanggal.isoformat(),
        "masa_terpenuhi_pada": f"{TAHUN_INI}-04-01",
        "jenis": "reguler",
        "golongan": "II/c",
        "golongan_baru": "II/d",
        "memenuhi": True,
        "kekurangan": [],
    }
    assert j["talenta"] == {
        "tahun": TAHUN_INI - 1,
        "kotak": 8,
        "kotak_sebelumnya": 5,
        "level_kinerja": "sesuai",
        "level_potensi": "tinggi",
        "tindakan": [
            {"kode": "dipertahankan", "nama": "Dipertahankan"},
            {"kode": "krs", "nama": "Masuk kelompok rencana suksesi"},
            {"kode": "rotasi_perluasan", "nama": "Rotasi/perluasan jabatan"},
            {"kode": "coaching", "nama": "Bimbingan kinerja (coaching)"},
        ],
    }
    sekarang, target = j["target"]
    assert (sekarang["peran"], sekarang["jabatan"]["id"], sekarang["jpm"], sekarang["kategori"]) == (
        "sekarang",
        org.jabatan_pelaksana.pk,
        "100.00",
        "Optimal",
    )
    assert target["jabatan"] == {"id": org.jabatan_kasi.pk, "nama": "Kepala Seksi Pelayanan Kesehatan Primer"}
    assert (target["peran"], target["sumber"], target["jpm"], target["kategori"]) == (
        "target",
        "krs",
        "60.00",
        "Kurang Memenuhi Syarat",
    )
    m1 = target["kesenjangan"][0]
    assert {k: m1[k] for k in ("dibutuhkan", "dimiliki", "gap", "sumber")} == {
        "dibutuhkan": 4,
        "dimiliki": 3,
        "gap": 1,
        "sumber": "pelatihan",
    }
    assert m1["kompetensi"]["kode"] == "M1"
    assert [(p["nama"], p["level"], p["memenuhi_syarat"]) for p in m1["program"]] == [("Integritas Pejabat", 4, True)]
    assert j["jp"] == {"tahun": TAHUN_INI, "jp": "14.00", "minimal": 20, "kurang": "6.00", "persen": "70.00"}
    assert (j["rotasi"]["status"], j["rotasi"]["minimal"], j["rotasi"]["maksimal"]) == ("jatuh_tempo", 2, 5)
    assert j["rotasi"]["tmt_jabatan"] == f"{TAHUN_INI - 5}-07-01"
    assert j["masa_kerja"]["tahun"] >= 16


def test_own_api_without_history(org, client_as):
    j = client_as("unrelated").get(reverse("karier-api:jalur-saya")).json()
    assert j["talenta"] is None
    assert j["jp"]["jp"] == "0.00"
    assert [t["peran"] for t in j["target"]] == ["sekarang", "saran"]
    assert j["target"][0]["jpm"] is None
    # a fungsional keterampilan in III/a: the top of the jenjang's range needs the next jenjang
    assert j["kp"]["jenis"] == "fungsional"
    assert "perlu naik jenjang" in " ".join(k["pesan"] for k in j["kp"]["kekurangan"])


def test_schema_documents_both_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    saya = schema["paths"]["/api/v1/karier/jalur/"]["get"]
    satu = schema["paths"]["/api/v1/karier/jalur/{pegawai_id}/"]["get"]
    assert (saya["operationId"], satu["operationId"]) == ("karier_jalur_saya", "karier_jalur_pegawai")
    ref = saya["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/JalurKarier")
    props = schema["components"]["schemas"]["JalurKarier"]["properties"]
    assert {"timeline", "kp", "talenta", "target", "jp", "rotasi", "masa_kerja"} <= set(props)
