"""XLSX exports of pelatihan: the pegawai below the yearly JP, and the fair access report (one sheet
per dimension). Written completely into a spooled file before streaming (all or nothing)."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from pegawai.exports import SPOOL_BYTES, xlsx_tabel_write
from pegawai.models import Pegawai
from pelatihan.rules import jp_kurang
from pelatihan.selectors.jp import LaporanKeadilan


def _spool() -> IO[bytes]:
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)


def jp_kurang_xlsx(qs: QuerySet[Pegawai], *, minimal: int) -> IO[bytes]:
    """Pegawai below the minimum (``qs`` carries ``jp_tercatat``); NIP as text."""

    def rows() -> Iterator[list[Any]]:
        for p in qs.iterator(chunk_size=2000):
            yield [
                p.nip,
                p.nama_lengkap,
                p.jenis_asn,
                p.golongan.kode,
                p.jabatan.nama if p.jabatan else "",
                p.unit_kerja.nama,
                p.jp_tercatat,  # type: ignore[attr-defined]
                jp_kurang(p.jp_tercatat, minimal),  # type: ignore[attr-defined]
            ]

    out = _spool()
    xlsx_tabel_write(
        out,
        judul=_("Di bawah JP minimal"),
        kolom=[
            _("NIP"),
            _("Nama"),
            _("Jenis ASN"),
            _("Golongan"),
            _("Jabatan"),
            _("Unit kerja"),
            _("JP"),
            _("JP kurang"),
        ],
        lebar=[20, 36, 10, 9, 36, 36, 9, 11],
        rows=rows(),
    )
    out.seek(0)
    return out


def keadilan_xlsx(laporan: LaporanKeadilan) -> IO[bytes]:
    """One sheet per dimension: the shares of the year, then the participation rate per year."""
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for dim in laporan.dimensi:
        ws = wb.create_sheet(title=re.sub(r"[\\/*?:\[\]]", "-", dim.label)[:31])
        ws.freeze_panes = "A2"
        kolom = [
            dim.label,
            _("Pegawai"),
            _("% pegawai"),
            _("Peserta"),
            _("% peserta"),
            _("JP"),
            _("% JP"),
            _("Biaya (Rp)"),
            _("% biaya"),
            _("Rasio (%)"),
            _("Disparitas"),
        ]
        ws.append([_cell(ws, k, bold) for k in kolom])
        for b in dim.baris:
            tanda = {"bawah": _("di bawah batas"), "atas": _("di atas batas")}.get(b.tanda, "")
            ws.append(
                [
                    b.label,
                    b.pegawai,
                    b.persen_pegawai,
                    b.peserta,
                    b.persen_peserta,
                    b.jp,
                    b.persen_jp,
                    b.biaya,
                    b.persen_biaya,
                    b.rasio,
                    tanda,
                ]
            )
        ws.append([])
        ws.append(
            [_cell(ws, _("Tingkat partisipasi (%)"), bold), *[_cell(ws, str(t), bold) for t in laporan.tahun_tren]]
        )
        for t in dim.tren:
            ws.append([t.label, *t.tingkat])
    out = _spool()
    wb.save(out)
    out.seek(0)
    return out


def _cell(ws: Any, value: str, font: Font) -> Any:
    c = WriteOnlyCell(ws, value=value)
    c.font = font
    return c
