"""Shared setup of the evaluasi tests: the 2026 periods with approved SKPs for the pegawai and
their peer (both rated by ``atasan``), "today" inside the fourth quarter, and small valid files."""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from penilaian.models import SKP, EvaluasiKinerja, Periode
from penilaian.selectors import periode as periode_sel
from tests.factories.penilaian import evaluasi_of, periode_tahun, skp_build

HARI_INI = datetime.date(2026, 11, 15)


@dataclass
class Dunia:
    berkala: list[Periode]
    tahunan: Periode
    q4: Periode
    skp: SKP
    skp_rekan: SKP
    ev: EvaluasiKinerja
    ev_rekan: EvaluasiKinerja
    ev_tahunan: EvaluasiKinerja


@pytest.fixture(name="dunia")
def dunia_fixture(org, monkeypatch) -> Dunia:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(periode_sel, "today", lambda: HARI_INI)
    berkala, tahunan = periode_tahun(org.instansi)
    skp = skp_build(org.pegawai, kualitatif=True)
    skp_rekan = skp_build(org.rekan)
    q4 = berkala[-1]
    return Dunia(
        berkala=berkala,
        tahunan=tahunan,
        q4=q4,
        skp=skp,
        skp_rekan=skp_rekan,
        ev=evaluasi_of(org.pegawai, q4),
        ev_rekan=evaluasi_of(org.rekan, q4),
        ev_tahunan=evaluasi_of(org.pegawai, tahunan),
    )


def pdf(nama: str = "bukti.pdf", ukuran: int = 0) -> SimpleUploadedFile:
    isi = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF\n"
    if ukuran:
        isi = isi + b"0" * (ukuran - len(isi))
    return SimpleUploadedFile(nama, isi, content_type="application/pdf")


def png(nama: str = "foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, content_type="image/png")


def jpg(nama: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, b"\xff\xd8\xff\xe0" + b"\x00" * 32, content_type="image/jpeg")


def office(nama: str, bagian: str) -> SimpleUploadedFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(bagian, "<x/>")
    return SimpleUploadedFile(nama, buf.getvalue())


def exe(nama: str = "bukti.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, content_type="application/pdf")
