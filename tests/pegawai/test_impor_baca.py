"""Reading XLSX sheets for the import (pegawai.impor.rows_read): the cell values as ElementTree
would give them, whatever the writer's XML spelling."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook

from pegawai.impor import BerkasTidakTerbaca, rows_read

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _xlsx_with_sheet(sheet_xml: str) -> bytes:
    """A workbook written by openpyxl whose first sheet's XML is replaced by ``sheet_xml``."""
    buf = io.BytesIO()
    wb = Workbook()
    wb.active["A1"] = "kosong"
    wb.save(buf)
    source = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode()
            target.writestr(item, data)
    return out.getvalue()


def _rows(data: bytes) -> list[tuple]:
    return list(rows_read(io.BytesIO(data), "pegawai.xlsx"))


def test_values_numbers_dates_and_gaps_as_openpyxl_writes_them():
    wb = Workbook()
    ws = wb.active
    ws.append(["nip", 7, 2.5, True, datetime.date(2020, 1, 2), None, "", "  x  ", "a&b<c>"])
    ws["B4"] = "after a gap"
    buf = io.BytesIO()
    wb.save(buf)
    assert _rows(buf.getvalue()) == [
        ("nip", 7, 2.5, True, datetime.datetime(2020, 1, 2), None, None, "  x  ", "a&b<c>"),
        (),
        (),
        (None, "after a gap"),
    ]


def test_inline_strings_prefixes_and_odd_cells():
    body = (
        '<x:row r="1">'
        # rich text runs are joined; a cell without r follows the previous one
        '<x:c t="inlineStr"><x:is><x:r><x:t>ab</x:t></x:r><x:r><x:t xml:space="preserve"> c </x:t></x:r></x:is></x:c>'
        "<x:c><x:v>12</x:v><x:v>13</x:v></x:c>"  # the first v counts
        '<x:c t="b"><x:v>0</x:v></x:c>'
        '<x:c t="e"><x:v>#N/A</x:v></x:c>'
        '<x:c t="str"><x:f>A1</x:f><x:v>t&amp;x</x:v></x:c>'
        '<x:c r="H1"><x:v/></x:c>'  # an empty value is no value
        '<x:c r="I1" t="inlineStr"><x:is><x:t/></x:is></x:c>'  # an empty inline string is ""
        '<x:c r="J1" t="inlineStr"/>'
        "</x:row>"
        '<x:row r="3"><x:c r="B3" t="n"><x:v>1.5E3</x:v></x:c><x:c r="C3" t="d"><x:v>2020-01-01</x:v></x:c></x:row>'
        '<x:row r="4"><x:c r="A4" t="inlineStr"><x:is><x:t>a<x:b/>tail</x:t></x:is></x:c></x:row>'
    )
    sheet = f'<x:worksheet xmlns:x="{NS}"><x:sheetData>{body}</x:sheetData></x:worksheet>'
    assert _rows(_xlsx_with_sheet(sheet)) == [
        ("ab c ", 12, False, "#N/A", "t&x", None, None, None, ""),
        (),
        (None, 1500.0, "2020-01-01"),
        ("a",),  # the text of t up to its first child, as ElementTree's .text
    ]


def test_malformed_sheet_is_unreadable():
    sheet = f'<worksheet xmlns="{NS}"><sheetData><row><c><v>abc</v></c></row></sheetData></worksheet>'
    with pytest.raises(BerkasTidakTerbaca):
        _rows(_xlsx_with_sheet(sheet))
    with pytest.raises(BerkasTidakTerbaca):
        _rows(_xlsx_with_sheet(f'<worksheet xmlns="{NS}"><sheetData><row>'))
