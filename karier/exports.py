"""XLSX exports of karier: the KP list of a KP date and the rotation candidates. Written
completely into a spooled file before streaming (all or nothing); NIP stays text."""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from pegawai.exports import SPOOL_BYTES, xlsx_tabel_write

if TYPE_CHECKING:
    from karier.selectors.kp import BarisKP
    from karier.selectors.rotasi import KandidatRotasi


def _spool() -> IO[bytes]:
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)


def kp_xlsx(baris: Iterable[BarisKP], *, tanggal_kp: datetime.date) -> IO[bytes]:
    """One row per PNS: golongan now and after the KP of ``tanggal_kp``, eligible or not, and
    what is missing in words."""

    def rows() -> Iterator[list[Any]]:
        for b in baris:
            yield [
                b.nip,
                b.nama,
                b.unit_kerja,
                b.jabatan,
                b.golongan,
                b.tmt_golongan,
                b.jenis_kp,
                b.golongan_baru or "",
                tanggal_kp,
                b.angka_kredit if b.angka_kredit is not None else "",
                _("Ya") if b.memenuhi else _("Tidak"),
                b.kekurangan_teks,
            ]

    out = _spool()
    xlsx_tabel_write(
        out,
        judul=_("KP %(tanggal)s") % {"tanggal": tanggal_kp.isoformat()},
        kolom=[
            _("NIP"),
            _("Nama"),
            _("Unit kerja"),
            _("Jabatan"),
            _("Golongan"),
            _("TMT golongan"),
            _("Jenis KP"),
            _("Golongan baru"),
            _("TMT KP"),
            _("Angka kredit"),
            _("Memenuhi syarat"),
            _("Yang belum terpenuhi"),
        ],
        lebar=[20, 36, 36, 36, 9, 12, 12, 12, 12, 12, 10, 70],
        rows=rows(),
    )
    out.seek(0)
    return out


def rotasi_xlsx(kandidat: Iterable[KandidatRotasi], *, pada: datetime.date) -> IO[bytes]:
    """One row per rotation candidate: years in post, status, box, the proposed target with its
    JPM and the unit's need, whether the unit cap held the candidate back, and the explanation."""

    def rows() -> Iterator[list[Any]]:
        for k in kandidat:
            yield [
                k.nip,
                k.nama,
                k.unit_kerja,
                k.jabatan,
                k.tmt_jabatan,
                k.masa_jabatan_teks,
                k.get_status_display(),
                k.kotak if k.kotak is not None else "",
                k.jabatan_tujuan or "",
                k.unit_tujuan or "",
                k.jpm if k.jpm is not None else "",
                k.formasi_kosong if k.formasi_kosong is not None else "",
                _("Ya") if k.diusulkan else _("Tidak"),
                k.penjelasan_teks,
            ]

    out = _spool()
    xlsx_tabel_write(
        out,
        judul=_("Rotasi %(tanggal)s") % {"tanggal": pada.isoformat()},
        kolom=[
            _("NIP"),
            _("Nama"),
            _("Unit kerja"),
            _("Jabatan"),
            _("TMT jabatan"),
            _("Masa jabatan"),
            _("Status"),
            _("Kotak"),
            _("Jabatan tujuan"),
            _("Unit tujuan"),
            _("JPM (%)"),
            _("Formasi kosong"),
            _("Diusulkan"),
            _("Penjelasan"),
        ],
        lebar=[20, 36, 36, 36, 12, 20, 18, 7, 36, 36, 9, 10, 10, 90],
        rows=rows(),
    )
    out.seek(0)
    return out
