"""Mentoring pages: who may see and change what, the forms, and query budgets."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from pegawai.models import Pegawai
from pelatihan.models import PasanganMentoring, PenjodohanMentoring, SesiMentoring
from tests.conftest import PERSONAS, Organisasi
from tests.factories.pegawai import JabatanFactory, PegawaiFactory, golongan
from tests.pelatihan._mentoring_helpers import TAHUN, pasangan_buat_langsung, skenario


def _status(client_as, persona: str, url: str, method: str = "get", data: dict | None = None) -> int:
    response = getattr(client_as(persona), method)(url, data or {})
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/masuk/" in response["Location"] or "login" in response["Location"]
        return 0
    return response.status_code


BKD_PAGE = {
    "pegawai": 404,
    "atasan": 404,
    "bkd": 200,
    "unrelated": 404,
    "other_bkd": 200,
    "pimpinan": 200,
    "anonymous": 0,
}


def test_bkd_page_matrix(org: Organisasi, client_as) -> None:
    hasil = {p: _status(client_as, p, reverse("pelatihan:mentoring-bkd")) for p in PERSONAS}
    assert hasil == BKD_PAGE


DETAIL = {
    "pegawai": 200,
    "atasan": 200,
    "bkd": 200,
    "unrelated": 404,
    "other_bkd": 404,
    "pimpinan": 200,
    "anonymous": 0,
}


def test_detail_matrix(org: Organisasi, client_as) -> None:
    pasangan = pasangan_buat_langsung(org)
    url = reverse("pelatihan:mentoring-detail", kwargs={"pasangan_id": pasangan.pk})
    assert {p: _status(client_as, p, url) for p in PERSONAS} == DETAIL


# the pair: mentor kepala_bidang, mentee pegawai (whose atasan is the atasan persona)
AKSI = {
    "mentoring-konfirmasi": {"pegawai": 403, "atasan": 403, "bkd": 302, "pimpinan": 403},
    "mentoring-tolak": {"pegawai": 403, "atasan": 403, "bkd": 302, "pimpinan": 403},
    "mentoring-rencana": {"pegawai": 403, "atasan": 403, "bkd": 302, "pimpinan": 403},
    "mentoring-sesi": {"pegawai": 403, "atasan": 403, "bkd": 302, "pimpinan": 403},
    "mentoring-umpan-balik": {"pegawai": 302, "atasan": 403, "bkd": 403, "pimpinan": 403},
    "mentoring-selesai": {"pegawai": 403, "atasan": 403, "bkd": 302, "pimpinan": 403},
}
DATA = {
    "mentoring-rencana": {"tujuan": "Menguasai penyusunan SKP"},
    "mentoring-sesi": {"tanggal": f"{TAHUN}-03-10", "durasi_menit": "90", "topik": "SKP"},
    "mentoring-umpan-balik": {"nilai": "4", "umpan_balik": "Membantu"},
    "mentoring-selesai": {"hasil": "Tuntas"},
}


@pytest.mark.parametrize("nama", list(AKSI))
def test_pair_actions_matrix(org: Organisasi, client_as, nama: str) -> None:
    status = PasanganMentoring.Status.USULAN if nama in ("mentoring-konfirmasi", "mentoring-tolak") else "aktif"
    hasil = {}
    for persona in PERSONAS:  # a fresh pair for each persona: a successful action changes it
        PasanganMentoring.objects.all().delete()
        pasangan = pasangan_buat_langsung(org, status=status)
        url = reverse(f"pelatihan:{nama}", kwargs={"pasangan_id": pasangan.pk})
        hasil[persona] = _status(client_as, persona, url, "post", DATA.get(nama))
    assert hasil == {p: AKSI[nama].get(p, 0 if p == "anonymous" else 404) for p in PERSONAS}


RUN = {"pegawai": 404, "atasan": 404, "bkd": 302, "unrelated": 404, "other_bkd": 302, "pimpinan": 403, "anonymous": 0}


def test_run_and_create_matrix(org: Organisasi, client_as) -> None:
    url = reverse("pelatihan:mentoring-jalankan")
    assert {p: _status(client_as, p, url, "post", {"tahun": TAHUN}) for p in PERSONAS} == RUN
    buat = {**RUN, "bkd": 200, "other_bkd": 200}
    assert {p: _status(client_as, p, reverse("pelatihan:mentoring-buat")) for p in PERSONAS} == buat


TIM = {"pegawai": 404, "atasan": 200, "bkd": 404, "unrelated": 404, "other_bkd": 404, "pimpinan": 404, "anonymous": 0}
SAYA = {"pegawai": 200, "atasan": 200, "bkd": 404, "unrelated": 200, "other_bkd": 404, "pimpinan": 404, "anonymous": 0}


def test_team_and_own_pages_matrix(org: Organisasi, client_as) -> None:
    assert {p: _status(client_as, p, reverse("pelatihan:mentoring-tim")) for p in PERSONAS} == TIM
    assert {p: _status(client_as, p, reverse("pelatihan:mentoring-saya")) for p in PERSONAS} == SAYA


def test_bkd_runs_pairing_confirms_and_sees_reasons(org: Organisasi, client_as) -> None:
    skenario(org)
    bkd = client_as("bkd")
    response = bkd.post(reverse("pelatihan:mentoring-jalankan"), {"tahun": TAHUN}, follow=True)
    assert PenjodohanMentoring.objects.get().status == PenjodohanMentoring.Status.SELESAI
    html = response.content.decode()
    assert "3 usulan pasangan" in html
    assert "mentor 3 level di atas mentee pada Integritas" in html
    assert "ASN baru" in html
    pasangan = PasanganMentoring.objects.get(mentee=org.pegawai)
    bkd.post(reverse("pelatihan:mentoring-konfirmasi", kwargs={"pasangan_id": pasangan.pk}))
    pasangan.refresh_from_db()
    assert pasangan.status == PasanganMentoring.Status.AKTIF
    # a second confirmation is refused with a message, not an error page
    response = bkd.post(reverse("pelatihan:mentoring-konfirmasi", kwargs={"pasangan_id": pasangan.pk}), follow=True)
    assert "Hanya usulan yang dapat dikonfirmasi." in response.content.decode()
    # filters
    response = bkd.get(reverse("pelatihan:mentoring-bkd"), {"tahun": TAHUN, "status": "aktif", "q": "Siti"})
    assert list(response.context["page"]) == [pasangan]
    # bad year: a message naming the field
    response = bkd.post(reverse("pelatihan:mentoring-jalankan"), {"tahun": "abc"}, follow=True)
    assert "Tahun" in response.content.decode()
    # the progress fragment
    response = bkd.get(
        reverse("pelatihan:mentoring-bkd"), {"tahun": TAHUN, "bagian": "progres"}, HTTP_HX_REQUEST="true"
    )
    assert 'id="penjodohan-progres"' in response.content.decode()
    assert "pasangan-list" not in response.content.decode()


def test_running_pairing_is_refused_with_a_message(org: Organisasi, client_as) -> None:
    PenjodohanMentoring.objects.create(instansi=org.instansi, tahun=TAHUN, progres=30)
    response = client_as("bkd").post(reverse("pelatihan:mentoring-jalankan"), {"tahun": TAHUN}, follow=True)
    assert "masih berjalan" in response.content.decode()
    assert PenjodohanMentoring.objects.count() == 1


def test_pair_by_hand_form(org: Organisasi, client_as) -> None:
    skenario(org)
    bkd = client_as("bkd")
    url = reverse("pelatihan:mentoring-buat")
    response = bkd.post(url, {"tahun": TAHUN, "mentor": "999", "mentee": org.pegawai.nip, "jenis": "mentoring"})
    assert "Tidak ada pegawai dengan NIP 999" in response.content.decode()
    response = bkd.post(url, {"tahun": TAHUN, "mentor": org.rekan.nip, "mentee": org.pegawai.nip, "jenis": "mentoring"})
    assert "Mentor harus lebih senior" in response.content.decode()
    assert not PasanganMentoring.objects.exists()
    response = bkd.post(url, {"tahun": TAHUN, "mentor": org.atasan.nip, "mentee": org.pegawai.nip, "jenis": "coaching"})
    pasangan = PasanganMentoring.objects.get()
    assert response["Location"] == reverse("pelatihan:mentoring-detail", kwargs={"pasangan_id": pasangan.pk})
    assert pasangan.status == PasanganMentoring.Status.AKTIF


def test_mentor_records_sessions_and_mentee_gives_feedback(org: Organisasi, client_as) -> None:
    pasangan = pasangan_buat_langsung(org)
    mentor = client_as("bkd")
    mentor.force_login(org.kepala_bidang.user)
    url = reverse("pelatihan:mentoring-sesi", kwargs={"pasangan_id": pasangan.pk})
    response = mentor.post(url, {"tanggal": f"{TAHUN}-03-10", "durasi_menit": "90", "topik": "SKP"})
    assert response.status_code == 302
    assert SesiMentoring.objects.get().jp == 2
    # bad input: the form shows the field and the rule, nothing saved
    response = mentor.post(url, {"tanggal": f"{TAHUN - 1}-03-10", "durasi_menit": "0", "topik": ""})
    assert response.status_code == 400
    assert set(response.context["sesi_form"].errors) == {"durasi_menit", "topik"}
    response = mentor.post(url, {"tanggal": f"{TAHUN - 1}-03-10", "durasi_menit": "30", "topik": "x"})
    assert response.status_code == 400
    assert "tanggal" in response.context["sesi_form"].errors
    assert SesiMentoring.objects.count() == 1
    detail = mentor.get(reverse("pelatihan:mentoring-detail", kwargs={"pasangan_id": pasangan.pk}))
    assert detail.context["jumlah_jp"] == 2
    assert detail.context["sesi_form"] is not None
    assert detail.context["umpan_balik_form"] is None
    mentee = client_as("pegawai")
    halaman = mentee.get(reverse("pelatihan:mentoring-detail", kwargs={"pasangan_id": pasangan.pk}))
    assert halaman.context["sesi_form"] is None
    assert halaman.context["umpan_balik_form"] is not None
    mentee.post(reverse("pelatihan:mentoring-umpan-balik", kwargs={"pasangan_id": pasangan.pk}), {"nilai": "5"})
    pasangan.refresh_from_db()
    assert pasangan.nilai_umpan_balik == 5
    saya = mentee.get(reverse("pelatihan:mentoring-saya")).content.decode()
    assert org.kepala_bidang.nama in saya
    assert "(2,00 JP)" in saya  # Indonesian decimal comma


def _pasangan_banyak(org: Organisasi, n: int) -> None:
    jabatan = JabatanFactory(
        unit_kerja=org.seksi, nama="Analis", jenis="pelaksana", atasan=org.jabatan_kasi, kebutuhan=9
    )
    for i in range(n):
        PegawaiFactory(jabatan=jabatan, golongan=golongan("II/a"), nama=f"Mentee {i}")
        mentee = Pegawai.objects.get(nama=f"Mentee {i}")
        p = pasangan_buat_langsung(org, mentor=org.kepala_bidang if i % 2 else org.kepala_puskesmas, mentee=mentee)
        SesiMentoring.objects.create(pasangan=p, tanggal=datetime.date(TAHUN, 2, 1), durasi_menit=45, jp=1, topik="a")


def test_query_budgets(org: Organisasi, client_as, django_assert_max_num_queries) -> None:
    _pasangan_banyak(org, 4)
    bkd, atasan = client_as("bkd"), client_as("atasan")
    with django_assert_max_num_queries(12):
        response = bkd.get(reverse("pelatihan:mentoring-bkd"), {"tahun": TAHUN})
    assert len(response.context["page"]) == 4
    with django_assert_max_num_queries(12):
        response = atasan.get(reverse("pelatihan:mentoring-tim"))
    assert len(response.context["page"]) == 4
    mentor = client_as("bkd")
    mentor.force_login(org.kepala_bidang.user)
    with django_assert_max_num_queries(12):
        response = mentor.get(reverse("pelatihan:mentoring-saya"))
    assert len(response.context["sebagai_mentor"]) == 2
    pasangan = PasanganMentoring.objects.filter(mentor=org.kepala_bidang).first()
    assert pasangan is not None
    for i in range(3):
        SesiMentoring.objects.create(
            pasangan=pasangan, tanggal=datetime.date(TAHUN, 3, 1 + i), durasi_menit=45, jp=1, topik="b"
        )
    with django_assert_max_num_queries(12):
        bkd.get(reverse("pelatihan:mentoring-detail", kwargs={"pasangan_id": pasangan.pk}))


def test_large_instansi_runs_in_the_background(org: Organisasi, client_as, monkeypatch: pytest.MonkeyPatch) -> None:
    from pelatihan.services import mentoring

    monkeypatch.setattr(mentoring, "SINKRON_MAKS_PEGAWAI", 0)
    response = client_as("bkd").post(reverse("pelatihan:mentoring-jalankan"), {"tahun": TAHUN}, follow=True)
    assert "latar belakang" in response.content.decode()
    # the task is dispatched after the commit (which this test transaction never reaches)
    assert PenjodohanMentoring.objects.get().status == PenjodohanMentoring.Status.BERJALAN


def test_reason_sentences() -> None:
    from pelatihan.views.mentoring import alasan_teks

    assert alasan_teks({}) == []
    assert alasan_teks({"mentee": ["predikat"], "kotak": 3, "senior": "atasan", "bidang": "nama_jabatan"}) == [
        "predikat Butuh Perbaikan atau lebih rendah",
        "kotak 3",
        "mentor adalah atasan mentee",
        "jabatan yang sama",
    ]
