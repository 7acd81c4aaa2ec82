"""XLSX of appraisal results per unit: one row per evaluation, NIP kept as text, the ratings, the
predikat (and the matrix one when it was adjusted, with the reason), the numeric score and its
components. Written in openpyxl's write-only mode into a spooled temporary file, so a large export
costs bounded memory and a failure never yields half a file."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from pegawai.exports import xlsx_tabel_write
from penilaian.models import EvaluasiKinerja
from penilaian.rules import Predikat, Rating

SPOOL_BYTES = 8 * 1024 * 1024
CHUNK_ROWS = 2000


def kolom() -> list[str]:
    return [
        _("NIP"),
        _("Nama"),
        _("Jabatan"),
        _("Unit kerja"),
        _("Pejabat penilai"),
        _("Rating hasil kerja"),
        _("Rating perilaku kerja"),
        _("Predikat menurut matriks"),
        _("Predikat kinerja"),
        _("Alasan penyesuaian"),
        _("Capaian hasil kerja (%)"),
        _("Nilai hasil kerja"),
        _("Nilai perilaku"),
        _("Nilai IKM unit"),
        _("Nilai akhir"),
        _("Status"),
    ]


def _label(choices: Any, value: str) -> str:
    return str(dict(choices).get(value, value)) if value else ""


def hasil_rows(qs: QuerySet[EvaluasiKinerja]) -> Iterator[list[Any]]:
    """The rows in column order (numbers stay Decimal, NIP stays text)."""
    status = dict(EvaluasiKinerja.Status.choices)
    for e in qs.iterator(chunk_size=CHUNK_ROWS):
        yield [
            str(e.pegawai.nip),
            e.pegawai.nama_lengkap,
            e.nama_jabatan,
            e.nama_unit,
            e.pejabat_penilai.nama_lengkap if e.pejabat_penilai else "",
            _label(Rating.choices, e.rating_hasil_kerja),
            _label(Rating.choices, e.rating_perilaku),
            _label(Predikat.choices, e.predikat_matriks),
            _label(Predikat.choices, e.predikat),
            e.alasan_penyesuaian,
            e.capaian_hasil_kerja,
            e.nilai_hasil_kerja,
            e.nilai_perilaku,
            e.nilai_ikm,
            e.nilai_akhir,
            str(status.get(e.status, e.status)),
        ]


def hasil_xlsx_write(qs: QuerySet[EvaluasiKinerja], out: IO[bytes], *, judul: str) -> None:
    xlsx_tabel_write(
        out,
        judul=judul or _("Hasil"),
        kolom=kolom(),
        lebar=[20, 32, 32, 32, 28, 20, 20, 20, 20, 40, 12, 12, 12, 12, 12, 14],
        rows=hasil_rows(qs),
    )


def hasil_xlsx_file(qs: QuerySet[EvaluasiKinerja], *, judul: str) -> IO[bytes]:
    """The complete workbook in a spooled temporary file, rewound, for a FileResponse."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by the response)
    hasil_xlsx_write(qs, out, judul=judul)
    out.seek(0)
    return out
