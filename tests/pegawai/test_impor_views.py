"""The BKD import page: permissions, upload → redirect → detail with errors, htmx progress, task path."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pegawai.impor import impor_pegawai_create
from pegawai.models import ImporPegawai, Pegawai
from tests.conftest import PERSONAS
from tests.pegawai.test_impor import baris, csv_bytes

# Detail of an import of org.instansi: only its BKD officers see it.
EXPECTED = {"bkd": 200, "anonymous": 302}
# The upload page: every BKD officer imports into their own instansi.
EXPECTED_UPLOAD = {"bkd": 200, "other_bkd": 200, "anonymous": 302}


@pytest.fixture
def impor_sibolga(org) -> ImporPegawai:
    return impor_pegawai_create(
        actor=org.bkd,
        instansi=org.instansi,
        berkas=io.BytesIO(csv_bytes([baris(golongan="X/x")])),
        nama_file="sibolga.csv",
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_upload_page_permission_matrix(client_as, persona):
    response = client_as(persona).get(reverse("pegawai:impor-create"))
    assert response.status_code == EXPECTED_UPLOAD.get(persona, 404)
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("masuk"))
    if persona == "bkd":
        body = response.content.decode()
        assert "contoh/impor_pegawai.csv" in body
        assert "kode_unit" in body
        assert "tmt_golongan" in body


@pytest.mark.parametrize("persona", PERSONAS)
def test_detail_page_permission_matrix(client_as, impor_sibolga, persona):
    response = client_as(persona).get(reverse("pegawai:impor-detail", args=[impor_sibolga.pk]))
    # other_bkd is a BKD officer, but of another instansi: this import does not exist for them
    assert response.status_code == EXPECTED.get(persona, 404)
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("masuk"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_upload_post_permission_matrix(client_as, org, persona):
    upload = SimpleUploadedFile("p.csv", csv_bytes([baris()]), content_type="text/csv")
    response = client_as(persona).post(reverse("pegawai:impor-create"), {"berkas": upload})
    assert response.status_code == {"bkd": 302, "other_bkd": 302, "anonymous": 302}.get(persona, 404)
    jobs = list(ImporPegawai.objects.values_list("instansi_id", flat=True))
    # an upload always lands in the uploader's own instansi
    assert jobs == {"bkd": [org.instansi.pk], "other_bkd": [org.other_instansi.pk]}.get(persona, [])


def test_upload_redirects_to_detail_showing_every_error(client_as, org):
    client = client_as("bkd")
    rows = [baris(), baris(nip="1234567890123456789"), baris(kode_unit="ENTAH")]
    upload = SimpleUploadedFile("pegawai.csv", csv_bytes(rows), content_type="text/csv")
    response = client.post(reverse("pegawai:impor-create"), {"berkas": upload})
    impor = ImporPegawai.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pegawai:impor-detail", args=[impor.pk])
    assert (impor.instansi, impor.dibuat_oleh, impor.status) == (org.instansi, org.bkd, ImporPegawai.Status.GAGAL)

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="impor-galat"' in html
    assert "<td>3</td><td><code>nip</code></td><td>NIP harus tepat 18 angka.</td>" in html
    assert "<td>4</td><td><code>kode_unit</code></td>" in html
    assert "ENTAH" in html
    assert "hx-trigger" not in html  # finished: no polling
    assert not Pegawai.objects.filter(nip=rows[0]["nip"]).exists()


def test_successful_upload_shows_the_summary(client_as):
    client = client_as("bkd")
    upload = SimpleUploadedFile("pegawai.csv", csv_bytes([baris(), baris()]), content_type="text/csv")
    response = client.post(reverse("pegawai:impor-create"), {"berkas": upload}, follow=True)
    html = response.content.decode()
    assert "2 pegawai baru" in html
    assert 'aria-valuenow="100"' in html


def test_upload_rejects_other_file_types_and_big_files(client_as, settings, monkeypatch):
    client = client_as("bkd")
    upload = SimpleUploadedFile("pegawai.xls", b"old excel", content_type="application/vnd.ms-excel")
    response = client.post(reverse("pegawai:impor-create"), {"berkas": upload})
    assert response.status_code == 200
    assert "Berkas harus berformat .csv atau .xlsx." in response.content.decode()
    broken = SimpleUploadedFile("pegawai.xlsx", b"not a workbook", content_type="application/octet-stream")
    response = client.post(reverse("pegawai:impor-create"), {"berkas": broken})
    assert response.status_code == 200
    assert "XLSX tidak dapat dibaca" in response.content.decode()
    monkeypatch.setattr("pegawai.views.impor.UKURAN_MAKS", 10)
    upload = SimpleUploadedFile("pegawai.csv", csv_bytes([baris()]), content_type="text/csv")
    response = client.post(reverse("pegawai:impor-create"), {"berkas": upload})
    assert "Ukuran berkas paling besar" in response.content.decode()
    assert not ImporPegawai.objects.exists()


def test_running_import_polls_and_htmx_gets_only_the_partial(client_as, org):
    impor = impor_pegawai_create(
        actor=org.bkd,
        instansi=org.instansi,
        berkas=io.BytesIO(csv_bytes([baris() for _i in range(4)])),
        nama_file="besar.csv",
        jalankan=False,
    )
    ImporPegawai.objects.filter(pk=impor.pk).update(status=ImporPegawai.Status.BERJALAN, baris_diproses=2)
    client = client_as("bkd")
    url = reverse("pegawai:impor-detail", args=[impor.pk])
    full = client.get(url).content.decode()
    assert "<html" in full
    assert 'hx-trigger="every 1s"' in full
    assert 'aria-valuenow="50"' in full
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert partial.strip().startswith('<div id="impor-status"')
    assert 'hx-trigger="every 1s"' in partial
    assert "2 dari 4 baris" in partial


def test_big_upload_dispatches_the_task_after_commit(client_as, org, settings, django_capture_on_commit_callbacks):
    settings.IMPOR_PEGAWAI_ROWS_INLINE = 2
    rows = [baris() for _i in range(3)]
    client = client_as("bkd")
    upload = SimpleUploadedFile("pegawai.csv", csv_bytes(rows), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("pegawai:impor-create"), {"berkas": upload})
        impor = ImporPegawai.objects.get()
        # nothing ran inside the request: the task waits for the commit
        assert impor.status == ImporPegawai.Status.MENUNGGU
        assert impor.total_baris == 3
        assert response.status_code == 302
    assert len(callbacks) == 1
    impor.refresh_from_db()
    assert impor.status == ImporPegawai.Status.BERHASIL, impor.galat
    assert (impor.jumlah_baru, impor.baris_diproses, impor.persen) == (3, 3, 100)
    assert Pegawai.objects.filter(nip__in=[r["nip"] for r in rows]).count() == 3


def test_small_upload_runs_inline_without_a_task(client_as, settings, django_capture_on_commit_callbacks):
    settings.IMPOR_PEGAWAI_ROWS_INLINE = 5
    upload = SimpleUploadedFile("pegawai.csv", csv_bytes([baris()]), content_type="text/csv")
    with django_capture_on_commit_callbacks() as callbacks:
        client_as("bkd").post(reverse("pegawai:impor-create"), {"berkas": upload})
    assert callbacks == []
    assert ImporPegawai.objects.get().status == ImporPegawai.Status.BERHASIL


def test_task_retries_only_transient_database_errors():
    from django.db import InterfaceError, OperationalError

    from pegawai.tasks import impor_pegawai_run_task

    assert set(impor_pegawai_run_task.autoretry_for) == {OperationalError, InterfaceError}
