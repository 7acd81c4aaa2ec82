"""File readers for the kompetensi imports: the standar kompetensi of jabatan and assessment results.

Each reader turns a CSV (UTF-8, with or without BOM, comma or semicolon) or XLSX file into
validated rows resolved to ids, and collects every error with its row and column in the user's
language. Readers only read reference data; the services write (all or nothing). Files are read
with the pegawai import's readers (``pegawai.impor.rows_read``)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db.models import Q
from django.utils.translation import gettext as _

from pegawai.impor import BerkasTidakTerbaca, Galat, rows_read
from pegawai.models import Instansi, Jabatan, Pegawai
from penilaian.models import Kompetensi, MetodeAsesmen

__all__ = ["BerkasTidakTerbaca", "Galat", "asesmen_impor_read", "standar_impor_read"]

_TANGGAL_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TANGGAL_DMY = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$")
_ANGKA_ILMIAH = re.compile(r"^\d+(?:[.,]\d+)?[eE]\+?\d+$")


def _kolom(nama: Any) -> str:
    return "" if nama is None else str(nama).replace("\ufeff", "").strip()


def _teks(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text[1:].strip() if text.startswith("'") else text


def _ada_isi(row: tuple[Any, ...]) -> bool:
    return any(_teks(v) for v in row)


def _level(value: Any, kolom: str) -> tuple[int | None, str | None]:
    """A level 1–5 or empty (None)."""
    text = _teks(value)
    if not text:
        return None, None
    if text.isdigit() and 1 <= int(text) <= 5:
        return int(text), None
    return None, _("Level kompetensi %(kolom)s harus bilangan bulat 1–5, bukan %(nilai)s.") % {
        "kolom": kolom,
        "nilai": text,
    }


def _tanggal(value: Any, kolom: str) -> tuple[datetime.date | None, str | None]:
    if isinstance(value, datetime.datetime):
        return value.date(), None
    if isinstance(value, datetime.date):
        return value, None
    text = _teks(value)
    if not text:
        return None, _("Kolom %(kolom)s wajib diisi.") % {"kolom": kolom}
    m = _TANGGAL_ISO.match(text)
    parts = (m.group(1), m.group(2), m.group(3)) if m else None
    if parts is None:
        m = _TANGGAL_DMY.match(text)
        parts = (m.group(3), m.group(2), m.group(1)) if m else None
    try:
        if parts is None:
            raise ValueError
        return datetime.date(int(parts[0]), int(parts[1]), int(parts[2])), None
    except ValueError:
        return None, _("Kolom %(kolom)s harus tanggal YYYY-MM-DD atau DD-MM-YYYY, bukan %(nilai)s.") % {
            "kolom": kolom,
            "nilai": text,
        }


@dataclass
class _Kepala:
    """The header: the fixed columns by name and the kompetensi columns by position."""

    kolom: dict[str, int]
    kompetensi: list[tuple[int, str, Kompetensi]]  # (position, header as written, kompetensi)


def _kepala(
    header: tuple[Any, ...], *, dikenal: tuple[str, ...], katalog: dict[str, Kompetensi], galat: list[Galat]
) -> _Kepala:
    kolom: dict[str, int] = {}
    kompetensi: list[tuple[int, str, Kompetensi]] = []
    dipakai: set[int] = set()
    for i, raw in enumerate(header):
        nama = _kolom(raw)
        if not nama:
            continue
        kunci = nama.casefold()
        if kunci in dikenal:
            kolom[kunci] = i
        elif kunci in katalog:
            komp = katalog[kunci]
            if komp.pk in dipakai:
                galat.append(Galat(1, nama, _("Kolom kompetensi %(kode)s muncul dua kali.") % {"kode": nama}))
            dipakai.add(komp.pk)
            kompetensi.append((i, nama, komp))
        else:
            galat.append(
                Galat(
                    1,
                    nama,
                    _("Kode kompetensi %(kode)s tidak dikenal (bukan kompetensi nasional atau teknis instansi ini).")
                    % {"kode": nama},
                )
            )
    return _Kepala(kolom, kompetensi)


def _sel(row: tuple[Any, ...], i: int | None) -> Any:
    return row[i] if i is not None and i < len(row) else None


def _katalog(instansi: Instansi) -> dict[str, Kompetensi]:
    qs = Kompetensi.objects.filter(Q(instansi__isnull=True) | Q(instansi=instansi), is_active=True)
    return {k.kode.casefold(): k for k in qs}


def _baris_data(berkas: IO[bytes], nama_file: str) -> tuple[tuple[Any, ...] | None, list[tuple[int, tuple[Any, ...]]]]:
    rows = rows_read(berkas, nama_file)
    header = next(rows, None)
    data = [(n, row) for n, row in enumerate(rows, start=2) if _ada_isi(row)]
    return header, data


def _kosong() -> list[Galat]:
    return [Galat(1, "", _("Berkas tidak berisi baris data di bawah baris judul."))]


# ---------------------------------------------------------------------------------------------
# Standar kompetensi


@dataclass
class HasilImporStandar:
    # jabatan id → kompetensi id → level; a jabatan with no level in the file gets an empty standard
    standar: dict[int, dict[int, int]] = field(default_factory=dict)
    galat: list[Galat] = field(default_factory=list)


def standar_impor_read(*, instansi: Instansi, berkas: IO[bytes], nama_file: str) -> HasilImporStandar:
    """Columns ``jabatan_id`` (or ``kode_unit`` + ``nama_jabatan``), then one column per kompetensi
    kode with a level 1–5 (empty: not required)."""
    hasil = HasilImporStandar()
    header, data = _baris_data(berkas, nama_file)
    if header is None or not data:
        hasil.galat = _kosong()
        return hasil
    kepala = _kepala(
        header, dikenal=("jabatan_id", "kode_unit", "nama_jabatan"), katalog=_katalog(instansi), galat=hasil.galat
    )
    by_id = kepala.kolom.get("jabatan_id")
    by_nama = "kode_unit" in kepala.kolom and "nama_jabatan" in kepala.kolom
    if by_id is None and not by_nama:
        hasil.galat.append(
            Galat(1, "jabatan_id", _("Berkas harus memiliki kolom jabatan_id, atau kolom kode_unit dan nama_jabatan."))
        )
    if not kepala.kompetensi:
        hasil.galat.append(Galat(1, "", _("Berkas harus memiliki paling sedikit satu kolom kode kompetensi.")))
    if hasil.galat:
        return hasil
    jabatan_ids = set(Jabatan.objects.filter(instansi=instansi).values_list("id", flat=True))
    jabatan_nama: dict[tuple[str, str], list[int]] = {}
    for pk, kode_unit, nama in Jabatan.objects.filter(instansi=instansi).values_list("id", "unit_kerja__kode", "nama"):
        jabatan_nama.setdefault((kode_unit.casefold(), nama.strip().casefold()), []).append(pk)
    for n, row in data:
        jabatan_id = _jabatan_baris(n, row, kepala, by_id, jabatan_ids, jabatan_nama, hasil.galat)
        levels: dict[int, int] = {}
        for i, nama, komp in kepala.kompetensi:
            level, pesan = _level(_sel(row, i), nama)
            if pesan:
                hasil.galat.append(Galat(n, nama, pesan))
            elif level is not None:
                levels[komp.pk] = level
        if jabatan_id is None:
            continue
        if jabatan_id in hasil.standar:
            hasil.galat.append(
                Galat(n, "jabatan_id", _("Jabatan %(id)s sudah ada di baris sebelumnya.") % {"id": jabatan_id})
            )
            continue
        hasil.standar[jabatan_id] = levels
    return hasil


def _jabatan_baris(
    n: int,
    row: tuple[Any, ...],
    kepala: _Kepala,
    by_id: int | None,
    jabatan_ids: set[int],
    jabatan_nama: dict[tuple[str, str], list[int]],
    galat: list[Galat],
) -> int | None:
    if by_id is not None and _teks(_sel(row, by_id)):
        text = _teks(_sel(row, by_id))
        if text.isdigit() and int(text) in jabatan_ids:
            return int(text)
        galat.append(Galat(n, "jabatan_id", _("Jabatan dengan id %(id)s tidak ada di instansi ini.") % {"id": text}))
        return None
    kode_unit = _teks(_sel(row, kepala.kolom.get("kode_unit")))
    nama = _teks(_sel(row, kepala.kolom.get("nama_jabatan")))
    if not kode_unit or not nama:
        galat.append(Galat(n, "jabatan_id", _("Isi jabatan_id, atau kode_unit dan nama_jabatan.")))
        return None
    cocok = jabatan_nama.get((kode_unit.casefold(), nama.casefold()), [])
    if len(cocok) == 1:
        return cocok[0]
    if not cocok:
        pesan = _("Jabatan %(nama)s di unit %(unit)s tidak ada di instansi ini.")
    else:
        pesan = _("Ada lebih dari satu jabatan %(nama)s di unit %(unit)s; pakai kolom jabatan_id.")
    galat.append(Galat(n, "nama_jabatan", pesan % {"nama": nama, "unit": kode_unit}))
    return None


# ---------------------------------------------------------------------------------------------
# Assessments


@dataclass
class BarisAsesmen:
    baris: int
    pegawai_id: int
    tanggal: datetime.date
    metode: str
    skor_potensi: Decimal | None
    penyelenggara: str
    levels: dict[int, int]


@dataclass
class HasilImporAsesmen:
    baris: list[BarisAsesmen] = field(default_factory=list)
    galat: list[Galat] = field(default_factory=list)


_METODE = {
    **{m.value.casefold(): m.value for m in MetodeAsesmen},
    "assessment center": MetodeAsesmen.ASSESSMENT_CENTER.value,
    "uji kompetensi": MetodeAsesmen.UJI_KOMPETENSI.value,
}


def _metode(value: Any) -> tuple[str, str | None]:
    text = _teks(value)
    kunci = text.casefold()
    if kunci in _METODE:
        return _METODE[kunci], None
    pilihan = ", ".join(MetodeAsesmen.values)
    return "", _("Metode %(nilai)s tidak dikenal; pilih salah satu dari %(pilihan)s.") % {
        "nilai": text or "(kosong)",
        "pilihan": pilihan,
    }


def _skor(value: Any) -> tuple[Decimal | None, str | None]:
    text = _teks(value).replace(",", ".")
    if not text:
        return None, None
    try:
        skor = Decimal(text)
    except InvalidOperation:
        skor = None
    if skor is None or not skor.is_finite() or not Decimal(0) <= skor <= Decimal(100):
        return None, _("Kolom skor_potensi harus angka 0–100, bukan %(nilai)s.") % {"nilai": _teks(value)}
    if skor != skor.quantize(Decimal("0.01")):
        return None, _("Kolom skor_potensi paling banyak dua angka desimal.")
    return skor, None


def _nip(value: Any) -> tuple[str, str | None]:
    if (isinstance(value, (int, float)) and not isinstance(value, bool)) or _ANGKA_ILMIAH.match(_teks(value)):
        return "", _(
            "Kolom nip terbaca sebagai angka, sehingga digitnya bisa hilang atau berubah. Format kolom nip "
            "sebagai Teks (Text) lalu ketik ulang nilainya, atau awali dengan tanda petik (')."
        )
    text = _teks(value)
    if not text:
        return "", _("Kolom nip wajib diisi.")
    return text, None


def asesmen_impor_read(*, instansi: Instansi, berkas: IO[bytes], nama_file: str) -> HasilImporAsesmen:
    """Columns ``nip`` (text), ``tanggal``, ``metode``, ``skor_potensi`` (optional), ``penyelenggara``
    (optional), then one column per kompetensi kode with a level 1–5 (empty: not rated)."""
    hasil = HasilImporAsesmen()
    header, data = _baris_data(berkas, nama_file)
    if header is None or not data:
        hasil.galat = _kosong()
        return hasil
    kepala = _kepala(
        header,
        dikenal=("nip", "tanggal", "metode", "skor_potensi", "penyelenggara"),
        katalog=_katalog(instansi),
        galat=hasil.galat,
    )
    for wajib in ("nip", "tanggal", "metode"):
        if wajib not in kepala.kolom:
            hasil.galat.append(Galat(1, wajib, _("Kolom %(kolom)s wajib ada.") % {"kolom": wajib}))
    if hasil.galat:
        return hasil
    nips = [_teks(_sel(row, kepala.kolom["nip"])) for _n, row in data]
    pegawai = dict(Pegawai.objects.filter(instansi=instansi, nip__in=nips).values_list("nip", "id"))
    dilihat: dict[tuple[int, datetime.date, str], int] = {}
    for n, row in data:
        galat: list[Galat] = []
        nip, pesan = _nip(_sel(row, kepala.kolom["nip"]))
        if pesan:
            galat.append(Galat(n, "nip", pesan))
        elif nip not in pegawai:
            galat.append(Galat(n, "nip", _("Pegawai dengan NIP %(nip)s tidak ada di instansi ini.") % {"nip": nip}))
        tanggal, pesan = _tanggal(_sel(row, kepala.kolom["tanggal"]), "tanggal")
        if pesan:
            galat.append(Galat(n, "tanggal", pesan))
        metode, pesan = _metode(_sel(row, kepala.kolom["metode"]))
        if pesan:
            galat.append(Galat(n, "metode", pesan))
        skor, pesan = _skor(_sel(row, kepala.kolom.get("skor_potensi")))
        if pesan:
            galat.append(Galat(n, "skor_potensi", pesan))
        levels: dict[int, int] = {}
        for i, nama, komp in kepala.kompetensi:
            level, pesan = _level(_sel(row, i), nama)
            if pesan:
                galat.append(Galat(n, nama, pesan))
            elif level is not None:
                levels[komp.pk] = level
        if galat:
            hasil.galat.extend(galat)
            continue
        assert tanggal is not None  # noqa: S101 (no error means a date was read)
        kunci = (pegawai[nip], tanggal, metode)
        if kunci in dilihat:
            hasil.galat.append(
                Galat(
                    n,
                    "nip",
                    _("Asesmen NIP %(nip)s tanggal %(tanggal)s metode %(metode)s sudah ada di baris %(baris)d.")
                    % {"nip": nip, "tanggal": tanggal.isoformat(), "metode": metode, "baris": dilihat[kunci]},
                )
            )
            continue
        dilihat[kunci] = n
        penyelenggara = _teks(_sel(row, kepala.kolom.get("penyelenggara")))[:200]
        hasil.baris.append(BarisAsesmen(n, pegawai[nip], tanggal, metode, skor, penyelenggara, levels))
    return hasil
