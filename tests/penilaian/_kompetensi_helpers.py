"""Builders for the kompetensi tests: import files (CSV and XLSX) and a small scored setup."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile


def csv_bytes(rows: list[list[Any]], *, delimiter: str = ",", bom: bool = True) -> bytes:
    text = "\n".join(delimiter.join("" if v is None else str(v) for v in row) for row in rows) + "\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def berkas(data: bytes, nama: str) -> io.BytesIO:
    return io.BytesIO(data)


def upload(data: bytes, nama: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, data)
