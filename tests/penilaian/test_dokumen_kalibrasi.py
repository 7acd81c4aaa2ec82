"""The Dokumen Evaluasi Kinerja Pegawai (PDF) and the results export (XLSX): real content read back."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from django.urls import reverse

from penilaian.dokumen import dokumen_evaluasi_pdf, tempat
from penilaian.models import EvaluasiKinerja, PredikatUnit, Realisasi
from penilaian.rules import PredikatOrganisasi
from penilaian.services.kalibrasi import predikat_sesuaikan
from tests.factories.penilaian import indikator_list, periode_tahun, skp_build
from tests.penilaian._kalibrasi_helpers import BP, SB, B, nilai


def test_pdf_periodic_contains_the_people_and_the_predikat(org):
    berkala, _tahunan = periode_tahun(org.instansi)
    periode = berkala[0]
    skp = skp_build(org.pegawai)
    ind, ind2, *_rest = indikator_list(skp)
    Realisasi.objects.create(indikator=ind, periode=periode, nilai=Decimal("30"), capaian=Decimal("100.00"))
    Realisasi.objects.create(indikator=ind2, periode=periode, nilai_kualitatif="Sesuai jadwal")
    PredikatUnit.objects.create(periode=periode, unit_kerja=org.seksi, predikat_organisasi=PredikatOrganisasi.BAIK)
    ev = nilai(periode, org.pegawai, SB)
    predikat_sesuaikan(actor=org.bkd, evaluasi=ev, predikat=B, alasan="Kalibrasi unit")
    EvaluasiKinerja.objects.filter(pk=ev.pk).update(
        komponen={
            "nilai_akhir": "93.25",
            "komponen": [
                {"nama": "Hasil kerja", "nilai": "95.50", "bobot": "70", "sumber": "capaian", "dipakai": True}
            ],
        }
    )
    pdf = dokumen_evaluasi_pdf(evaluasi=ev, kompres=False)
    assert pdf.startswith(b"%PDF")
    for teks in (
        "DOKUMEN EVALUASI KINERJA PEGAWAI",
        "PERIODE: 1 JANUARI 2026",
        "Siti Nasution",
        org.pegawai.nip,
        "Budi Siregar",  # pejabat penilai
        "Rina Pasaribu",  # atasan pejabat penilai
        "PREDIKAT KINERJA PEGAWAI",
        "BAIK",
        "Kalibrasi unit",
        "Jumlah berkas",
        "100,00%",
        "Berorientasi Pelayanan",
        "paling banyak 70% Baik",
        "Sibolga, ",
        "93,25",
        "Sesuai jadwal",
    ):
        assert teks.encode() in pdf, teks
    assert dokumen_evaluasi_pdf(evaluasi=ev).startswith(b"%PDF")


def test_pdf_annual_unrated_without_skp(org):
    _berkala, tahunan = periode_tahun(org.instansi)
    EvaluasiKinerja.objects.filter(periode=tahunan, pegawai=org.kepala_dinas).update(unit_kerja=None)
    ev = EvaluasiKinerja.objects.get(periode=tahunan, pegawai=org.kepala_dinas)
    pdf = dokumen_evaluasi_pdf(evaluasi=ev, kompres=False)
    for teks in ("PERIODE: TAHUNAN 2026", "Hotma Simanjuntak", "BELUM DINILAI", "Belum ditetapkan"):
        assert teks.encode() in pdf, teks


def test_tempat():
    assert tempat("Pemerintah Kota Sibolga") == "Sibolga"
    assert tempat("Pemerintah Kabupaten Tapanuli Tengah") == "Tapanuli Tengah"
    assert tempat("Provinsi DKI Jakarta") == "DKI Jakarta"


def test_pdf_view(org, client_as):
    berkala, _ = periode_tahun(org.instansi)
    ev = nilai(berkala[0], org.pegawai, SB)
    r = client_as("pegawai").get(reverse("penilaian:kalibrasi-dokumen-pdf", args=[ev.pk]))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert org.pegawai.nip in r["Content-Disposition"]


def _sheet(response):
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return wb.worksheets[0]


def test_xlsx_unit_export_reads_back(org, client_as):
    berkala, _ = periode_tahun(org.instansi)
    periode = berkala[0]
    ev = nilai(periode, org.pegawai, SB)
    nilai(periode, org.rekan, BP)
    predikat_sesuaikan(actor=org.bkd, evaluasi=ev, predikat=B, alasan="Kalibrasi unit")
    url = reverse("penilaian:kalibrasi-ekspor") + f"?periode={periode.pk}&unit={org.seksi.pk}"
    r = client_as("atasan").get(url)
    assert r.status_code == 200
    assert r["Content-Disposition"].endswith(f'-unit-{org.seksi.pk}.xlsx"')
    ws = _sheet(r)
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("NIP", "Nama", "Jabatan", "Unit kerja", "Pejabat penilai")
    assert [r[1] for r in rows[1:]] == ["Andi Lubis", "Siti Nasution"]
    siti = rows[2]
    assert siti[0] == org.pegawai.nip
    assert isinstance(siti[0], str)
    assert ws.cell(row=3, column=1).data_type == "s"
    assert siti[2:10] == (
        "Pengadministrasi Umum",
        "Seksi Pelayanan Kesehatan Primer",
        "Budi Siregar",
        "Di Atas Ekspektasi",
        "Di Atas Ekspektasi",
        "Sangat Baik",
        "Baik",
        "Kalibrasi unit",
    )
    assert siti[10:16] == (95.5, 95.5, 88, None, 93.25, "Dinilai")


def test_xlsx_all_rows_for_bkd_and_leader_scope(org, client_as):
    berkala, _ = periode_tahun(org.instansi)
    periode = berkala[0]
    url = reverse("penilaian:kalibrasi-ekspor") + f"?periode={periode.pk}"
    assert _sheet(client_as("bkd").get(url)).max_row == 1 + 7
    # the seksi's head: the seksi and below (their own row included), nothing else
    names = [r[1] for r in _sheet(client_as("atasan").get(url)).iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Andi Lubis", "Budi Siregar", "Siti Nasution"]
