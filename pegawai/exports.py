"""Export of the (already scoped and filtered) pegawai list to XLSX and CSV.

The file is written completely into a spooled temporary file first and only then streamed to the
client: a failure half-way produces an error page, never a truncated file (all or nothing), and a
large export costs bounded memory (openpyxl write-only mode, rows read in chunks)."""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .models import Jabatan, JenisASN, JenisKelamin, Pegawai, Pendidikan

SPOOL_BYTES = 8 * 1024 * 1024
CHUNK_ROWS = 2000

VALUES = (
    "nip",
    "gelar_depan",
    "nama",
    "gelar_belakang",
    "jenis_asn",
    "golongan__kode",
    "golongan__pangkat",
    "tmt_golongan",
    "jabatan__nama",
    "jabatan__jenis",
    "unit_kerja__nama",
    "pendidikan_terakhir",
    "jenis_kelamin",
    "tanggal_lahir",
    "status",
)


def kolom() -> list[str]:
    return [
        _("NIP"),
        _("Nama lengkap"),
        _("Jenis ASN"),
        _("Golongan"),
        _("Pangkat"),
        _("TMT golongan"),
        _("Jabatan"),
        _("Jenis jabatan"),
        _("Unit kerja"),
        _("Pendidikan"),
        _("Jenis kelamin"),
        _("Tanggal lahir"),
        _("Status"),
    ]


def _rows(qs: QuerySet[Pegawai]) -> Iterator[list[Any]]:
    """One list per pegawai, in column order; dates stay dates, NIP stays text."""
    labels = {
        "jenis_asn": dict(JenisASN.choices),
        "jabatan__jenis": dict(Jabatan.Jenis.choices),
        "pendidikan_terakhir": dict(Pendidikan.choices),
        "jenis_kelamin": dict(JenisKelamin.choices),
        "status": dict(Pegawai.Status.choices),
    }
    for r in qs.values_list(*VALUES).iterator(chunk_size=CHUNK_ROWS):
        row = dict(zip(VALUES, r, strict=True))
        depan = f"{row['gelar_depan']} " if row["gelar_depan"] else ""
        belakang = f", {row['gelar_belakang']}" if row["gelar_belakang"] else ""
        yield [
            str(row["nip"]),
            f"{depan}{row['nama']}{belakang}",
            str(labels["jenis_asn"].get(row["jenis_asn"], row["jenis_asn"])),
            row["golongan__kode"] or "",
            row["golongan__pangkat"] or "",
            row["tmt_golongan"],
            row["jabatan__nama"] or "",
            str(labels["jabatan__jenis"].get(row["jabatan__jenis"], "")) if row["jabatan__jenis"] else "",
            row["unit_kerja__nama"] or "",
            str(labels["pendidikan_terakhir"].get(row["pendidikan_terakhir"], row["pendidikan_terakhir"])),
            str(labels["jenis_kelamin"].get(row["jenis_kelamin"], row["jenis_kelamin"])),
            row["tanggal_lahir"],
            str(labels["status"].get(row["status"], row["status"])),
        ]


def xlsx_tabel_write(
    out: IO[bytes], *, judul: str, kolom: list[str], lebar: list[int], rows: Iterable[list[Any]]
) -> None:
    """One sheet, streamed (write-only): a bold frozen header and the rows. The first column is a
    NIP and stays text (18 digits must not become 1.98E+17); dates and Decimals get a format."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=judul[:31])
    ws.freeze_panes = "A2"
    for i, w in enumerate(lebar):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    bold = Font(bold=True)
    header = []
    for title in kolom:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in rows:
        nip = WriteOnlyCell(ws, value=row[0])
        nip.number_format = "@"
        cells: list[Any] = [nip]
        for value in row[1:]:
            if isinstance(value, (datetime.date, Decimal)):
                c = WriteOnlyCell(ws, value=cast(Any, value))
                c.number_format = "0.00" if isinstance(value, Decimal) else "yyyy-mm-dd"
                cells.append(c)
            else:
                cells.append(value)
        ws.append(cells)
    wb.save(out)


def pegawai_xlsx_write(qs: QuerySet[Pegawai], out: IO[bytes]) -> None:
    xlsx_tabel_write(
        out,
        judul=_("Pegawai"),
        kolom=kolom(),
        lebar=[20, 36, 10, 9, 22, 13, 36, 22, 36, 14, 13, 13, 10],
        rows=_rows(qs),
    )


def _csv_safe(value: Any) -> Any:
    """Keep spreadsheet programs from reading a cell as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return f"'{value}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def pegawai_csv_write(qs: QuerySet[Pegawai], out: IO[bytes]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, quoting=csv.QUOTE_ALL)
    writer.writerow(kolom())
    for row in _rows(qs):
        writer.writerow([_csv_safe(v) for v in row])
    text.flush()
    text.detach()


FORMATS = {
    "xlsx": (pegawai_xlsx_write, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (pegawai_csv_write, "text/csv; charset=utf-8"),
}


def pegawai_export_file(qs: QuerySet[Pegawai], fmt: str) -> tuple[IO[bytes], str]:
    """The finished export in a temporary file rewound to its start, and its content type."""
    write, content_type = FORMATS[fmt]
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed by the response
    try:
        write(qs, out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out, content_type
