"""Import of pegawai from CSV or XLSX (the ``import_pegawai`` command and the BKD page).

Three layers:
- reading (``baris_read``): a file → (row number as the user sees it, {column: raw value});
- validation (``impor_validate``): every row checked with the same rules as the services,
  every error collected as {baris, kolom, pesan}; reads reference data, writes nothing;
- services (``impor_pegawai_create``, ``impor_pegawai_run``): store the upload and run the job,
  all or nothing per file, set-based in batches with the progress recorded per batch.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import logging
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections, models, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from common.models import AuditLog
from common.services import _plain

from .models import (
    Golongan,
    ImporPegawai,
    Instansi,
    Jabatan,
    JenisASN,
    JenisKelamin,
    Pegawai,
    Pendidikan,
    RiwayatJabatan,
    RiwayatPangkat,
    UnitKerja,
    User,
)
from .permissions import can_edit_instansi, instansi_q
from .rules import identitas_errors

logger = logging.getLogger(__name__)
M = TypeVar("M", bound=models.Model)

# The documented columns, in the order of the template file.
KOLOM = (
    "nip",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "jenis_asn",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "nik",
    "email",
    "pendidikan",
    "tmt_cpns",
    "golongan",
    "tmt_golongan",
    "kode_unit",
    "jabatan",
    "tmt_jabatan",
    "status",
)
KOLOM_WAJIB = (
    "nip",
    "nama",
    "jenis_asn",
    "jenis_kelamin",
    "tanggal_lahir",
    "pendidikan",
    "tmt_cpns",
    "golongan",
    "tmt_golongan",
    "kode_unit",
)
# Columns whose text must not pass through a number (leading zeros, 18 digits > float precision).
KOLOM_TEKS = ("nip", "nik")
KOLOM_TANGGAL = ("tanggal_lahir", "tmt_cpns", "tmt_golongan", "tmt_jabatan")
PANJANG_MAKS = {"nama": 150, "gelar_depan": 30, "gelar_belakang": 60, "tempat_lahir": 100, "email": 254}

# Pegawai fields an import sets (model field name → column).
FIELD_KOLOM = {
    "jenis_asn": "jenis_asn",
    "nama": "nama",
    "gelar_depan": "gelar_depan",
    "gelar_belakang": "gelar_belakang",
    "jenis_kelamin": "jenis_kelamin",
    "tempat_lahir": "tempat_lahir",
    "tanggal_lahir": "tanggal_lahir",
    "nik": "nik",
    "email": "email",
    "pendidikan_terakhir": "pendidikan",
    "tmt_cpns": "tmt_cpns",
    "golongan_id": "golongan",
    "tmt_golongan": "tmt_golongan",
    "unit_kerja_id": "kode_unit",
    "jabatan_id": "jabatan",
    "tmt_jabatan": "tmt_jabatan",
    "status": "status",
}
OPTIONAL_FIELDS = ("gelar_depan", "gelar_belakang", "tempat_lahir", "nik", "email")

UKURAN_BATCH = 2000
# A job still "berjalan" without progress for this long was abandoned by a killed worker.
BATAS_MACET = datetime.timedelta(minutes=30)
# Errors stored on the job for the page (the command prints every one).
GALAT_DISIMPAN_MAKS = 10_000

_ANGKA_ILMIAH = re.compile(r"^\d+(?:[.,]\d+)?[eE]\+?\d+$")
_TANGGAL_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_TANGGAL_DMY = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$")


class BerkasTidakTerbaca(ValueError):
    """The file is not a readable CSV/XLSX; the message says why."""


# ---------------------------------------------------------------------------------------------
# Reading


def jenis_berkas(nama_file: str) -> str:
    """ "csv" or "xlsx" from the file name, or BerkasTidakTerbaca."""
    nama = nama_file.lower()
    if nama.endswith(".csv"):
        return "csv"
    if nama.endswith(".xlsx"):
        return "xlsx"
    raise BerkasTidakTerbaca(_("Berkas harus berformat .csv atau .xlsx."))


def _kolom_normal(nama: Any) -> str:
    text = "" if nama is None else str(nama)
    return re.sub(r"[\s\-]+", "_", text.replace("\ufeff", "").strip().lower())


def _csv_text(berkas: IO[bytes]) -> io.StringIO:
    data = berkas.read()
    try:
        text = codecs.decode(data, "utf-8-sig")
    except UnicodeDecodeError as e:
        raise BerkasTidakTerbaca(_('Berkas CSV harus berenkode UTF-8 (simpan sebagai "CSV UTF-8").')) from e
    return io.StringIO(text, newline="")


def _csv_delimiter(text: io.StringIO) -> str:
    first = text.readline()
    text.seek(0)
    return ";" if first.count(";") > first.count(",") else ","


def _csv_rows(berkas: IO[bytes]) -> Iterator[tuple[Any, ...]]:
    text = _csv_text(berkas)
    reader = csv.reader(text, delimiter=_csv_delimiter(text))
    for row in reader:
        yield tuple(row)


@dataclass
class _Buku:
    """What reading the first sheet of a workbook needs."""

    archive: Any
    sheet: str | None  # path of the first worksheet inside the zip
    shared: Any
    dates: Any
    epoch: Any


def _xlsx_open(berkas: IO[bytes]) -> _Buku:
    """openpyxl's reader, without the worksheet objects: a read-only worksheet scans the whole
    sheet once just to size itself when the file has no dimension record."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    try:
        reader = ExcelReader(berkas, read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheet = next(
            (
                rel.target
                for _s, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ),
            None,
        )
    except Exception as e:  # a zip or XML error: not an XLSX workbook
        raise BerkasTidakTerbaca(
            _("Berkas XLSX tidak dapat dibaca; simpan ulang sebagai Excel Workbook (.xlsx).")
        ) from e
    return _Buku(
        reader.archive, sheet, reader.shared_strings, getattr(reader.wb, "_date_formats", set()), reader.wb.epoch
    )


def _xlsx_rows(berkas: IO[bytes]) -> Iterator[tuple[Any, ...]]:
    """The first sheet's rows, streamed. openpyxl (read-only) opens the workbook and supplies the
    shared strings, the date styles and the epoch; the sheet XML itself is read with the C
    ``iterparse`` because openpyxl's per-cell Python parsing is several times slower, which
    matters at 100,000 rows. Values follow openpyxl's rules (numbers, dates by style, text)."""
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import from_excel

    # the same parser openpyxl's own sheet reader uses (defusedxml's when installed; stdlib expat
    # 2.4+ already refuses entity expansion attacks and never fetches external entities)
    from openpyxl.xml.functions import iterparse

    buku = _xlsx_open(berkas)
    try:
        if buku.sheet is None:
            return
        shared, dates, epoch = buku.shared, buku.dates, buku.epoch
        with buku.archive.open(buku.sheet) as src:
            ns = None
            expected = 1
            cells: dict[int, Any] = {}
            col = 0
            for _event, el in iterparse(src, events=("end",)):
                if ns is None:
                    ns = el.tag[: el.tag.index("}") + 1] if el.tag.startswith("{") else ""
                    tag_c, tag_row, tag_v = f"{ns}c", f"{ns}row", f"{ns}v"
                    tag_is, tag_t = f"{ns}is", f"{ns}t"
                tag = el.tag
                if tag == tag_c:
                    ref = el.get("r")
                    col = column_index_from_string(ref.rstrip("0123456789")) if ref else col + 1
                    kind = el.get("t", "n")
                    if kind == "inlineStr":
                        node = el.find(tag_is)
                        value: Any = "".join(t.text or "" for t in node.iter(tag_t)) if node is not None else None
                    else:
                        value = el.findtext(tag_v) or None
                        if value is not None:
                            if kind == "n":
                                value = float(value) if ("." in value or "E" in value or "e" in value) else int(value)
                                style = el.get("s")
                                if style and int(style) in dates:
                                    try:
                                        value = from_excel(value, epoch)
                                    except (OverflowError, ValueError):
                                        value = "#VALUE!"
                            elif kind == "s":
                                value = shared[int(value)]
                            elif kind == "b":
                                value = bool(int(value))
                    if value is not None:
                        cells[col] = value
                elif tag == tag_row:
                    nomor = int(el.get("r") or expected)
                    while expected < nomor:  # rows absent from the XML are empty rows
                        yield ()
                        expected += 1
                    width = max(cells) if cells else 0
                    yield tuple(cells.get(i) for i in range(1, width + 1))
                    expected += 1
                    cells = {}
                    col = 0
                    el.clear()
    except BerkasTidakTerbaca:
        raise
    except Exception as e:
        raise BerkasTidakTerbaca(
            _("Berkas XLSX tidak dapat dibaca; simpan ulang sebagai Excel Workbook (.xlsx).")
        ) from e
    finally:
        buku.archive.close()


def _xlsx_count(berkas: IO[bytes]) -> int:
    """Rows with cells in the first sheet, by scanning the sheet XML's bytes (no parsing): an
    estimate for the inline-or-task decision, made exact when the job validates the file."""
    buku = _xlsx_open(berkas)
    pola = re.compile(rb"<(?:\w+:)?row[\s>/]")
    try:
        if buku.sheet is None:
            return 0
        jumlah, sisa = 0, b""
        with buku.archive.open(buku.sheet) as src:
            while chunk := src.read(1 << 20):
                data = sisa + chunk
                jumlah += len(pola.findall(data))
                # a tag cut at the chunk end is counted with the next chunk
                cut = data.rfind(b"<")
                sisa = data[cut:] if cut >= 0 and b">" not in data[cut:] else b""
                if sisa:
                    jumlah -= len(pola.findall(sisa))
        return jumlah
    finally:
        buku.archive.close()


def rows_read(berkas: IO[bytes], nama_file: str) -> Iterator[tuple[Any, ...]]:
    """Every row of the first sheet (or the CSV) as a tuple of raw cell values, header first."""
    if jenis_berkas(nama_file) == "csv":
        return _csv_rows(berkas)
    return _xlsx_rows(berkas)


def baris_count(berkas: IO[bytes], nama_file: str) -> int:
    """Number of non-empty data rows (header excluded). Leaves the file at its start."""
    berkas.seek(0)
    try:
        if jenis_berkas(nama_file) == "xlsx":
            jumlah = _xlsx_count(berkas)
        else:
            jumlah = sum(1 for row in rows_read(berkas, nama_file) if _ada_isi(row))
    finally:
        berkas.seek(0)
    return max(0, jumlah - 1)


def _ada_isi(row: Iterable[Any]) -> bool:
    return any(v is not None and str(v).strip() != "" for v in row)


# ---------------------------------------------------------------------------------------------
# Validation


@dataclass
class Galat:
    baris: int
    kolom: str
    pesan: str

    def as_dict(self) -> dict[str, Any]:
        return {"baris": self.baris, "kolom": self.kolom, "pesan": self.pesan}


@dataclass
class BarisPegawai:
    """One valid row, resolved to ids."""

    baris: int
    nip: str
    values: dict[str, Any]  # model attname → value, only for the columns present in the file
    nama_jabatan: str = ""
    nama_unit: str = ""
    jenis_jabatan: str = ""


@dataclass
class Referensi:
    """The instansi's reference data the rows point to, loaded once."""

    instansi_id: int
    golongan: dict[tuple[str, str], int]
    unit: dict[str, tuple[int, str]]  # casefolded kode → (id, nama)
    jabatan_by_nama: dict[tuple[int, str], list[int]]  # (unit id, casefolded nama) → ids
    jabatan: dict[int, tuple[int, str, str]]  # id → (unit id, nama, jenis)

    @classmethod
    def load(cls, instansi: Instansi) -> Referensi:
        golongan = {(j, k.upper()): pk for pk, j, k in Golongan.objects.values_list("id", "jenis_asn", "kode")}
        unit = {
            kode.casefold(): (pk, nama)
            for pk, kode, nama in UnitKerja.objects.filter(instansi=instansi).values_list("id", "kode", "nama")
        }
        jabatan: dict[int, tuple[int, str, str]] = {}
        by_nama: dict[tuple[int, str], list[int]] = {}
        for pk, unit_id, nama, jenis in Jabatan.objects.filter(instansi=instansi).values_list(
            "id", "unit_kerja_id", "nama", "jenis"
        ):
            jabatan[pk] = (unit_id, nama, jenis)
            by_nama.setdefault((unit_id, nama.strip().casefold()), []).append(pk)
        return cls(instansi.pk, golongan, unit, by_nama, jabatan)


@dataclass
class HasilValidasi:
    baris: list[BarisPegawai] = field(default_factory=list)
    galat: list[Galat] = field(default_factory=list)
    total_baris: int = 0
    kolom: tuple[str, ...] = ()
    nip_ada: set[str] = field(default_factory=set)  # NIPs already in this instansi (will be updated)

    @property
    def ok(self) -> bool:
        return not self.galat

    @property
    def jumlah_baru(self) -> int:
        return sum(1 for b in self.baris if b.nip not in self.nip_ada)

    @property
    def jumlah_ada(self) -> int:
        return len(self.baris) - self.jumlah_baru


def _teks(value: Any) -> str:
    """A cell as text: whole numbers without ".0", a leading apostrophe (Excel's text marker) removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'"):
        text = text[1:].strip()
    return text


def _teks_identitas(value: Any, kolom: str) -> tuple[str, str | None]:
    """NIP/NIK must arrive as text: a numeric cell (or its scientific form) has lost digits."""
    pesan = _(
        "Kolom %(kolom)s terbaca sebagai angka, sehingga digitnya bisa hilang atau berubah. "
        "Format kolom %(kolom)s sebagai Teks (Text) lalu ketik ulang nilainya, "
        "atau awali dengan tanda petik (')."
    ) % {"kolom": kolom}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "", pesan
    text = _teks(value)
    if _ANGKA_ILMIAH.match(text):
        return "", pesan
    return text, None


def _tanggal(value: Any, kolom: str) -> tuple[datetime.date | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, datetime.datetime):
        return value.date(), None
    if isinstance(value, datetime.date):
        return value, None
    pesan = _("Kolom %(kolom)s harus tanggal dengan format YYYY-MM-DD atau DD-MM-YYYY (misalnya 1985-03-21).") % {
        "kolom": kolom
    }
    if isinstance(value, (int, float)):
        return None, pesan
    text = _teks(value)
    m = _TANGGAL_ISO.match(text)
    if m:
        y, mo, d = (int(x) for x in m.groups())
    else:
        m = _TANGGAL_DMY.match(text)
        if not m:
            return None, pesan
        d, mo, y = (int(x) for x in m.groups())
    try:
        return datetime.date(y, mo, d), None
    except ValueError:
        return None, _("Kolom %(kolom)s: %(nilai)s bukan tanggal yang ada di kalender.") % {
            "kolom": kolom,
            "nilai": text,
        }


_PENDIDIKAN = {
    **{v.casefold(): v for v in Pendidikan.values},
    **{str(label).casefold(): v for v, label in Pendidikan.choices},
}


def _header(row: tuple[Any, ...]) -> tuple[dict[str, int], list[Galat]]:
    galat: list[Galat] = []
    posisi: dict[str, int] = {}
    for i, nama in enumerate(row):
        kolom = _kolom_normal(nama)
        if not kolom:
            continue
        if kolom in posisi:
            galat.append(
                Galat(1, kolom, _("Kolom %(kolom)s muncul lebih dari sekali di baris judul.") % {"kolom": kolom})
            )
            continue
        posisi[kolom] = i
    galat.extend(
        Galat(1, kolom, _("Kolom wajib %(kolom)s tidak ada di baris judul (baris 1).") % {"kolom": kolom})
        for kolom in KOLOM_WAJIB
        if kolom not in posisi
    )
    if "jabatan" in posisi and "tmt_jabatan" not in posisi:
        galat.append(Galat(1, "tmt_jabatan", _("Kolom tmt_jabatan wajib ada jika kolom jabatan ada.")))
    return {k: v for k, v in posisi.items() if k in KOLOM}, galat


def _row_validate(
    nomor: int,
    raw: dict[str, Any],
    ref: Referensi,
    today: datetime.date,
) -> tuple[BarisPegawai | None, list[Galat]]:
    """One row → a resolved BarisPegawai, or the list of every error in it."""
    errs: dict[str, str] = {}

    def need(kolom: str, text: str) -> str:
        if not text and kolom not in errs:
            errs[kolom] = _("Kolom %(kolom)s wajib diisi.") % {"kolom": kolom}
        return text

    nip, pesan = _teks_identitas(raw.get("nip"), "nip")
    if pesan:
        errs["nip"] = pesan
    else:
        need("nip", nip)
    nik = ""
    if "nik" in raw:
        nik, pesan = _teks_identitas(raw.get("nik"), "nik")
        if pesan:
            errs["nik"] = pesan

    text = {k: _teks(raw.get(k)) for k in raw if k not in KOLOM_TEKS and k not in KOLOM_TANGGAL}
    for kolom, maks in PANJANG_MAKS.items():
        if len(text.get(kolom, "")) > maks:
            errs[kolom] = _("Kolom %(kolom)s paling panjang %(maks)d karakter.") % {"kolom": kolom, "maks": maks}
    nama = need("nama", text.get("nama", ""))

    jenis_asn = need("jenis_asn", text.get("jenis_asn", "")).upper()
    if jenis_asn and jenis_asn not in JenisASN.values:
        errs["jenis_asn"] = _("Kolom jenis_asn harus PNS atau PPPK.")
        jenis_asn = ""
    jenis_kelamin = need("jenis_kelamin", text.get("jenis_kelamin", "")).upper()
    if jenis_kelamin and jenis_kelamin not in JenisKelamin.values:
        errs["jenis_kelamin"] = _("Kolom jenis_kelamin harus L (laki-laki) atau P (perempuan).")
        jenis_kelamin = ""

    tanggal: dict[str, datetime.date | None] = {}
    for kolom in KOLOM_TANGGAL:
        if kolom not in raw:
            tanggal[kolom] = None
            continue
        tanggal[kolom], pesan = _tanggal(raw[kolom], kolom)
        if pesan:
            errs[kolom] = pesan
        elif kolom != "tmt_jabatan":
            need(kolom, "x" if tanggal[kolom] else "")
    lahir, tmt_cpns = tanggal["tanggal_lahir"], tanggal["tmt_cpns"]
    tmt_golongan, tmt_jabatan = tanggal["tmt_golongan"], tanggal["tmt_jabatan"]
    for kolom in KOLOM_TANGGAL:
        value = tanggal[kolom]
        if value is not None and value > today and kolom not in errs:
            errs[kolom] = _("Kolom %(kolom)s tidak boleh tanggal di masa depan.") % {"kolom": kolom}

    pendidikan = need("pendidikan", text.get("pendidikan", ""))
    pendidikan_kode = _PENDIDIKAN.get(pendidikan.casefold()) if pendidikan else None
    if pendidikan and pendidikan_kode is None:
        errs["pendidikan"] = _("Kolom pendidikan harus salah satu kode: %(kode)s.") % {
            "kode": ", ".join(Pendidikan.values)
        }

    email = text.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errs["email"] = _("Kolom email bukan alamat e-mail yang valid.")

    golongan_kode = need("golongan", text.get("golongan", "")).upper()
    golongan_id = None
    if golongan_kode and jenis_asn:
        golongan_id = ref.golongan.get((jenis_asn, golongan_kode))
        if golongan_id is None:
            contoh = "III/a" if jenis_asn == JenisASN.PNS else "IX"
            errs["golongan"] = _(
                "Golongan %(kode)s tidak dikenal untuk %(jenis)s (contoh kode yang benar: %(contoh)s)."
            ) % {"kode": text.get("golongan", ""), "jenis": jenis_asn, "contoh": contoh}

    kode_unit = need("kode_unit", text.get("kode_unit", ""))
    unit = ref.unit.get(kode_unit.casefold()) if kode_unit else None
    if kode_unit and unit is None:
        errs["kode_unit"] = _("Unit kerja dengan kode %(kode)s tidak ada di instansi ini.") % {"kode": kode_unit}

    jabatan_text = text.get("jabatan", "")
    jabatan_id = None
    if jabatan_text and unit is not None:
        unit_id = unit[0]
        if jabatan_text.isdigit() and int(jabatan_text) in ref.jabatan:
            jabatan_id = int(jabatan_text)
            if ref.jabatan[jabatan_id][0] != unit_id:
                errs["jabatan"] = _("Jabatan %(jabatan)s tidak berada di unit kerja %(kode)s.") % {
                    "jabatan": jabatan_text,
                    "kode": kode_unit,
                }
        else:
            ids = ref.jabatan_by_nama.get((unit_id, jabatan_text.casefold()), [])
            if len(ids) == 1:
                jabatan_id = ids[0]
            elif ids:
                errs["jabatan"] = _(
                    "Ada beberapa jabatan bernama %(jabatan)s di unit kerja %(kode)s; isi dengan id jabatan."
                ) % {"jabatan": jabatan_text, "kode": kode_unit}
            else:
                errs["jabatan"] = _("Jabatan %(jabatan)s tidak ada di unit kerja %(kode)s.") % {
                    "jabatan": jabatan_text,
                    "kode": kode_unit,
                }
    if jabatan_text and tmt_jabatan is None and "tmt_jabatan" not in errs:
        errs["tmt_jabatan"] = _("Kolom tmt_jabatan wajib diisi jika jabatan diisi.")
    if not jabatan_text and tmt_jabatan is not None:
        errs["jabatan"] = _("Kolom jabatan wajib diisi jika tmt_jabatan diisi.")

    status_text = text.get("status", "").casefold()
    if status_text and status_text not in Pegawai.Status.values:
        errs["status"] = _("Kolom status harus salah satu dari: %(pilihan)s.") % {
            "pilihan": ", ".join(Pegawai.Status.values)
        }

    # the same identity rules as the services (NIP per DOMAIN.md §7, NIK, date order)
    if jenis_asn and nip and "nip" not in errs:
        for name, message in identitas_errors(
            jenis_asn=jenis_asn,
            nip=nip,
            nik=nik if "nik" not in errs else "",
            tanggal_lahir=lahir,
            jenis_kelamin=jenis_kelamin or None,
            tmt_cpns=tmt_cpns,
            today=today,
        ).items():
            errs.setdefault(name, message)
    if tmt_golongan and tmt_cpns and tmt_golongan < tmt_cpns:
        errs.setdefault("tmt_golongan", _("TMT golongan tidak boleh sebelum TMT CPNS/PPPK."))
    if tmt_jabatan and tmt_cpns and tmt_jabatan < tmt_cpns:
        errs.setdefault("tmt_jabatan", _("TMT jabatan tidak boleh sebelum TMT CPNS/PPPK."))

    # (without errors the references below are all resolved; the None checks narrow the types)
    if errs or unit is None or golongan_id is None or pendidikan_kode is None:
        urutan = {k: i for i, k in enumerate(KOLOM)}
        return None, [Galat(nomor, k, v) for k, v in sorted(errs.items(), key=lambda kv: urutan.get(kv[0], 99))]
    values: dict[str, Any] = {
        "jenis_asn": jenis_asn,
        "nama": nama,
        "jenis_kelamin": jenis_kelamin,
        "tanggal_lahir": lahir,
        "pendidikan_terakhir": pendidikan_kode,
        "tmt_cpns": tmt_cpns,
        "golongan_id": golongan_id,
        "tmt_golongan": tmt_golongan,
        "unit_kerja_id": unit[0],
    }
    for name in OPTIONAL_FIELDS:
        if FIELD_KOLOM[name] in raw:
            values[name] = nik if name == "nik" else text.get(FIELD_KOLOM[name], "")
    if "jabatan" in raw:
        values["jabatan_id"] = jabatan_id
        values["tmt_jabatan"] = tmt_jabatan
    if status_text:
        values["status"] = status_text
    baris = BarisPegawai(baris=nomor, nip=nip, values=values, nama_unit=unit[1])
    if jabatan_id is not None:
        baris.nama_jabatan, baris.jenis_jabatan = ref.jabatan[jabatan_id][1], ref.jabatan[jabatan_id][2]
    return baris, []


def impor_validate(
    *,
    instansi: Instansi,
    berkas: IO[bytes],
    nama_file: str,
    today: datetime.date | None = None,
) -> HasilValidasi:
    """Read and validate a whole file. Writes nothing; reads the instansi's reference data and
    the NIPs and usernames already taken. Every error is collected, with the row number as the
    user sees it in the sheet (the header is row 1)."""
    today = today or timezone.localdate()
    hasil = HasilValidasi()
    try:
        rows = rows_read(berkas, nama_file)
        header = next(rows, None)
        if header is None:
            hasil.galat.append(Galat(1, "", _("Berkas kosong: baris judul (baris 1) tidak ditemukan.")))
            return hasil
        posisi, galat_header = _header(header)
        hasil.kolom = tuple(k for k in KOLOM if k in posisi)
        if galat_header:
            hasil.galat.extend(galat_header)
            return hasil
        ref = Referensi.load(instansi)
        nip_baris: dict[str, int] = {}
        for nomor, row in enumerate(rows, start=2):
            if not _ada_isi(row):
                continue
            hasil.total_baris += 1
            raw = {k: (row[i] if i < len(row) else None) for k, i in posisi.items()}
            baris, galat = _row_validate(nomor, raw, ref, today)
            nip = _teks(raw.get("nip"))
            pertama = nip_baris.setdefault(nip, nomor) if nip else nomor
            if pertama != nomor:
                # one message per cell: the duplicate says more than any other NIP error
                galat = [g for g in galat if g.kolom != "nip"]
                galat.insert(
                    0,
                    Galat(
                        nomor,
                        "nip",
                        _("NIP %(nip)s sudah ada di baris %(baris)d berkas ini.") % {"nip": nip, "baris": pertama},
                    ),
                )
            elif baris is not None:
                hasil.baris.append(baris)
            hasil.galat.extend(galat)
    except BerkasTidakTerbaca as e:
        hasil.galat.append(Galat(1, "", str(e)))
        return hasil
    if hasil.total_baris == 0 and not hasil.galat:
        hasil.galat.append(Galat(1, "", _("Berkas tidak berisi baris data di bawah baris judul.")))
    _check_taken(instansi, hasil)
    hasil.galat.sort(key=lambda g: g.baris)
    return hasil


def _check_taken(instansi: Instansi, hasil: HasilValidasi) -> None:
    """NIPs of another instansi, and logins already named like a new pegawai's NIP."""
    semua = [b.nip for b in hasil.baris]
    milik_sini: dict[str, int | None] = {}
    lain: set[str] = set()
    dipakai: set[str] = set()
    for i in range(0, len(semua), 5000):
        chunk = semua[i : i + 5000]
        for nip, instansi_id, user_id in Pegawai.objects.filter(nip__in=chunk).values_list(
            "nip", "instansi_id", "user_id"
        ):
            if instansi_id == instansi.pk:
                milik_sini[nip] = user_id
            else:
                lain.add(nip)
        dipakai.update(User.objects.filter(username__in=chunk).values_list("username", flat=True))
    hasil.nip_ada = set(milik_sini)
    tetap = []
    for b in hasil.baris:
        if b.nip in lain:
            hasil.galat.append(
                Galat(b.baris, "nip", _("NIP %(nip)s sudah terdaftar di instansi lain.") % {"nip": b.nip})
            )
        elif b.nip not in milik_sini and b.nip in dipakai:
            hasil.galat.append(
                Galat(b.baris, "nip", _("NIP %(nip)s sudah dipakai sebagai nama pengguna lain.") % {"nip": b.nip})
            )
        else:
            tetap.append(b)
    hasil.baris = tetap


# ---------------------------------------------------------------------------------------------
# Writing (set-based, in batches)


@dataclass
class _Jumlah:
    baru: int = 0
    diperbarui: int = 0


def _write_batch(
    *,
    batch: list[BarisPegawai],
    instansi: Instansi,
    actor_id: int | None,
    content_type: ContentType,
    jumlah: _Jumlah,
) -> None:
    """Create or update one batch: a constant number of queries whatever the batch holds."""
    now = timezone.now()
    existing = {
        row["nip"]: row
        for row in Pegawai.objects.filter(instansi=instansi, nip__in=[b.nip for b in batch]).values(
            "id", "nip", *FIELD_KOLOM.keys()
        )
    }
    baru = [b for b in batch if b.nip not in existing]
    audit: list[AuditLog] = []
    riwayat_pangkat: list[RiwayatPangkat] = []
    riwayat_jabatan: list[RiwayatJabatan] = []

    if baru:
        users = _insert(
            User,
            [
                User(
                    username=b.nip,
                    instansi_id=instansi.pk,
                    peran=User.Peran.PEGAWAI,
                    email=b.values.get("email", ""),
                    password=UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20),
                    date_joined=now,
                )
                for b in baru
            ],
        )
        pegawai = _insert(
            Pegawai,
            [
                Pegawai(
                    instansi_id=instansi.pk,
                    user_id=u.pk,
                    nip=b.nip,
                    created_at=now,
                    **{"status": Pegawai.Status.AKTIF, **b.values},
                )
                for b, u in zip(baru, users, strict=True)
            ],
        )
        for b, p in zip(baru, pegawai, strict=True):
            riwayat_pangkat.append(
                RiwayatPangkat(
                    pegawai_id=p.pk,
                    golongan_id=p.golongan_id,
                    tmt=p.tmt_golongan,
                    jenis=RiwayatPangkat.Jenis.CPNS if p.tmt_golongan == p.tmt_cpns else RiwayatPangkat.Jenis.REGULER,
                    created_at=now,
                )
            )
            if p.jabatan_id and p.tmt_jabatan:
                riwayat_jabatan.append(_riwayat_jabatan(p.pk, b, now))
            audit.append(
                AuditLog(
                    instansi_id=instansi.pk,
                    actor_id=actor_id,
                    content_type=content_type,
                    object_id=p.pk,
                    pegawai_id=p.pk,
                    aksi=AuditLog.Aksi.IMPORT,
                    ringkasan=(_("Pegawai %(nama)s ditambahkan dari impor") % {"nama": p.nama})[:255],
                    perubahan={"nip": p.nip, **{f: _plain(v) for f, v in b.values.items()}},
                    created_at=now,
                )
            )
        jumlah.baru += len(baru)

    ubah: list[Pegawai] = []
    ubah_fields: set[str] = set()
    golongan_baru: dict[int, tuple[int, datetime.date]] = {}
    jabatan_baru: list[tuple[int, BarisPegawai]] = []
    for b in batch:
        old = existing.get(b.nip)
        if old is None:
            continue
        changes = {f: {"lama": _plain(old[f]), "baru": _plain(v)} for f, v in b.values.items() if old[f] != v}
        if not changes:
            continue
        merged = {**{f: old[f] for f in FIELD_KOLOM}, **b.values}
        ubah.append(Pegawai(pk=old["id"], updated_at=now, **merged))
        ubah_fields.update(changes)
        if "golongan_id" in changes:
            golongan_baru[old["id"]] = (b.values["golongan_id"], b.values["tmt_golongan"])
        if "jabatan_id" in changes:
            jabatan_baru.append((old["id"], b))
        audit.append(
            AuditLog(
                instansi_id=instansi.pk,
                actor_id=actor_id,
                content_type=content_type,
                object_id=old["id"],
                pegawai_id=old["id"],
                aksi=AuditLog.Aksi.IMPORT,
                ringkasan=(_("Profil %(nama)s diperbarui dari impor") % {"nama": b.values["nama"]})[:255],
                perubahan=changes,
                created_at=now,
            )
        )
    if ubah:
        Pegawai.objects.bulk_update(ubah, sorted(ubah_fields | {"updated_at"}), batch_size=500)
        jumlah.diperbarui += len(ubah)
    if golongan_baru:
        # like pegawai_update: the (pegawai, golongan) riwayat row takes the new TMT, or is created
        ada = {
            (r.pegawai_id, r.golongan_id): r
            for r in RiwayatPangkat.objects.filter(
                pegawai_id__in=list(golongan_baru), golongan_id__in={g for g, _t in golongan_baru.values()}
            )
        }
        perbarui = []
        for pegawai_id, (golongan_id, tmt) in golongan_baru.items():
            row = ada.get((pegawai_id, golongan_id))
            if row is None:
                riwayat_pangkat.append(
                    RiwayatPangkat(
                        pegawai_id=pegawai_id,
                        golongan_id=golongan_id,
                        tmt=tmt,
                        jenis=RiwayatPangkat.Jenis.REGULER,
                        created_at=now,
                    )
                )
            elif row.tmt != tmt:
                row.tmt, row.updated_at = tmt, now
                perbarui.append(row)
        RiwayatPangkat.objects.bulk_update(perbarui, ["tmt", "updated_at"])
    if jabatan_baru:
        ids = [pk for pk, _b in jabatan_baru]
        # close the open position at the new TMT (never before its own start)
        RiwayatJabatan.objects.filter(pegawai_id__in=ids, tmt_selesai__isnull=True).update(
            tmt_selesai=Greatest(
                F("tmt"),
                Coalesce(
                    Subquery(Pegawai.objects.filter(pk=OuterRef("pegawai_id")).values("tmt_jabatan")[:1]), F("tmt")
                ),
            ),
            updated_at=now,
        )
        riwayat_jabatan.extend(_riwayat_jabatan(pk, b, now) for pk, b in jabatan_baru if b.values.get("jabatan_id"))
    _insert(RiwayatPangkat, riwayat_pangkat, with_ids=False)
    _insert(RiwayatJabatan, riwayat_jabatan, with_ids=False)
    _insert(AuditLog, audit, with_ids=False)


def _insert(model: type[M], objs: list[M], *, with_ids: bool = True) -> list[M]:
    """``bulk_create``, or on PostgreSQL a COPY: at 100,000 rows the ORM's per-value preparation
    costs more than the database's work. Ids, when the caller needs them, are drawn from the
    table's sequence first. The instances come from the model's constructor, so every Python-side
    default is already applied; only ``auto_now`` fields are filled here."""
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(objs)
    from psycopg import sql
    from psycopg.types.json import Jsonb

    meta = model._meta
    fields = [f for f in meta.concrete_fields if with_ids or not f.primary_key]
    now = timezone.now()
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                setattr(obj, f.attname, now)
    with connection.cursor() as cursor:
        if with_ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(objs)],
            )
            for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = pk
        json_at = [i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"]
        attnames = [f.attname for f in fields]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(meta.db_table), sql.SQL(", ").join([sql.Identifier(str(f.column)) for f in fields])
        )
        with cursor.cursor.copy(statement) as copy:
            for obj in objs:
                row = [getattr(obj, a) for a in attnames]
                for i in json_at:
                    row[i] = Jsonb(row[i])
                copy.write_row(row)
    for obj in objs:
        obj._state.adding = False
    return objs


def _riwayat_jabatan(pegawai_id: int, b: BarisPegawai, now: datetime.datetime) -> RiwayatJabatan:
    return RiwayatJabatan(
        pegawai_id=pegawai_id,
        jabatan_id=b.values["jabatan_id"],
        nama_jabatan=b.nama_jabatan,
        nama_unit=b.nama_unit,
        jenis_jabatan=b.jenis_jabatan,
        tmt=b.values["tmt_jabatan"],
        created_at=now,
    )


class _Progres:
    """Records baris_diproses where the polling page can see it.

    The data is written in one transaction (all or nothing), so a progress UPDATE on the same
    connection would stay invisible until the end. Outside any outer transaction on PostgreSQL
    the progress goes through a second, autocommit connection instead."""

    def __init__(self, impor_id: int, callback: Callable[[int, int], None] | None, total: int) -> None:
        self.impor_id = impor_id
        self.callback = callback
        self.total = total
        self.side = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.side = connections.create_connection("default")

    def __call__(self, diproses: int) -> None:
        if self.side is not None:
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImporPegawai._meta.db_table} SET baris_diproses = %s, updated_at = %s WHERE id = %s",  # noqa: S608
                    [diproses, timezone.now(), self.impor_id],
                )
        else:
            ImporPegawai.objects.filter(pk=self.impor_id).update(baris_diproses=diproses, updated_at=timezone.now())
        if self.callback is not None:
            self.callback(diproses, self.total)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def impor_rows_write(
    *,
    instansi: Instansi,
    actor_id: int | None,
    baris: list[BarisPegawai],
    on_batch: Callable[[int], None] | None = None,
    batch_size: int = UKURAN_BATCH,
) -> tuple[int, int]:
    """Create or update every valid row in one transaction; returns (new, updated)."""
    from .services import atasan_recompute

    jumlah = _Jumlah()
    content_type = ContentType.objects.get_for_model(Pegawai)
    with transaction.atomic():
        for i in range(0, len(baris), batch_size):
            batch = baris[i : i + batch_size]
            _write_batch(batch=batch, instansi=instansi, actor_id=actor_id, content_type=content_type, jumlah=jumlah)
            if on_batch is not None:
                on_batch(i + len(batch))
        atasan_recompute(instansi_id=instansi.pk)
    return jumlah.baru, jumlah.diperbarui


# ---------------------------------------------------------------------------------------------
# Services


def impor_pegawai_create(
    *,
    actor: User | None,
    instansi: Instansi,
    berkas: IO[bytes],
    nama_file: str,
    jalankan: bool = True,
) -> ImporPegawai:
    """Store an upload as an import job and count its rows. A file of more rows than
    ``IMPOR_PEGAWAI_ROWS_INLINE`` runs as a task after commit; a smaller one runs at once.
    ``jalankan=False`` only stores the job (the command runs it itself, with progress)."""
    try:
        jenis_berkas(nama_file)
        total = baris_count(berkas, nama_file)
    except BerkasTidakTerbaca as e:
        raise ValidationError({"berkas": str(e)}) from e
    from django.core.files import File

    with transaction.atomic():
        impor = ImporPegawai(
            instansi=instansi,
            dibuat_oleh=actor if actor is not None and actor.pk else None,
            nama_file=nama_file[:255],
            total_baris=total,
        )
        impor.berkas.save(nama_file.rsplit("/", 1)[-1], File(berkas), save=False)
        impor.save()
    if not jalankan:
        return impor
    if total > settings.IMPOR_PEGAWAI_ROWS_INLINE:
        from django.utils import translation

        from .tasks import impor_pegawai_run_task

        bahasa = translation.get_language()
        transaction.on_commit(lambda: impor_pegawai_run_task.delay(impor.pk, bahasa))
        return impor
    return impor_pegawai_run(impor_id=impor.pk)


def impor_pegawai_run(
    *,
    impor_id: int,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImporPegawai:
    """Run an import job. Idempotent: the job is claimed with a conditional UPDATE (menunggu →
    berjalan, or a berjalan job abandoned longer than BATAS_MACET), so a second run of the same
    job, or of a finished one, does nothing. All or nothing: on any row error nothing is written,
    the job ends ``gagal`` and keeps every error."""
    now = timezone.now()
    claimed = (
        ImporPegawai.objects.filter(pk=impor_id)
        .filter(
            Q(status=ImporPegawai.Status.MENUNGGU)
            | Q(status=ImporPegawai.Status.BERJALAN, updated_at__lt=now - BATAS_MACET)
        )
        .update(status=ImporPegawai.Status.BERJALAN, baris_diproses=0, updated_at=now)
    )
    impor = ImporPegawai.objects.select_related("instansi", "dibuat_oleh").get(pk=impor_id)
    if not claimed:
        return impor
    progres = _Progres(impor.pk, on_progress, impor.total_baris)
    try:
        with impor.berkas.open("rb") as f:
            hasil = impor_validate(instansi=impor.instansi, berkas=f, nama_file=impor.nama_file)
        if not hasil.ok:
            return _finish_gagal(impor, hasil.galat, hasil.total_baris)
        if hasil.total_baris != impor.total_baris:
            impor.total_baris = hasil.total_baris
            progres.total = hasil.total_baris
            ImporPegawai.objects.filter(pk=impor.pk).update(total_baris=hasil.total_baris)
        try:
            baru, diperbarui = impor_rows_write(
                instansi=impor.instansi,
                actor_id=impor.dibuat_oleh_id,
                baris=hasil.baris,
                on_batch=progres,
            )
        except (OperationalError, InterfaceError):
            # transient: give the job back so that the task's retry can claim it again
            ImporPegawai.objects.filter(pk=impor.pk, status=ImporPegawai.Status.BERJALAN).update(
                status=ImporPegawai.Status.MENUNGGU
            )
            raise
        except DatabaseError as e:
            logger.exception("impor %s: database error", impor.pk)
            return _finish_gagal(
                impor,
                [Galat(0, "", _("Impor dibatalkan oleh basis data: %(pesan)s") % {"pesan": str(e)[:300]})],
                hasil.total_baris,
            )
    finally:
        progres.close()
    impor.status = ImporPegawai.Status.BERHASIL
    impor.baris_diproses = impor.total_baris
    impor.jumlah_baru, impor.jumlah_diperbarui = baru, diperbarui
    impor.galat = []
    impor.selesai_pada = timezone.now()
    impor.save(
        update_fields=[
            "status",
            "total_baris",
            "baris_diproses",
            "jumlah_baru",
            "jumlah_diperbarui",
            "galat",
            "selesai_pada",
            "updated_at",
        ]
    )
    return impor


def _finish_gagal(impor: ImporPegawai, galat: list[Galat], total: int) -> ImporPegawai:
    stored = [g.as_dict() for g in galat[:GALAT_DISIMPAN_MAKS]]
    if len(galat) > GALAT_DISIMPAN_MAKS:
        stored.append(
            {
                "baris": None,
                "kolom": "",
                "pesan": _("%(jumlah)d galat lainnya tidak ditampilkan; perbaiki galat di atas lalu impor ulang.")
                % {"jumlah": len(galat) - GALAT_DISIMPAN_MAKS},
            }
        )
    impor.status = ImporPegawai.Status.GAGAL
    impor.galat = stored
    impor.total_baris = total
    impor.baris_diproses = 0
    impor.selesai_pada = timezone.now()
    impor.save(update_fields=["status", "galat", "total_baris", "baris_diproses", "selesai_pada", "updated_at"])
    return impor


# ---------------------------------------------------------------------------------------------
# Access


def impor_get_for_user(*, user: User, impor_id: Any) -> ImporPegawai:
    """An import job of the user's instansi, for BKD officers only; 404 otherwise."""
    if not can_edit_instansi(user):
        raise Http404
    try:
        pk = int(impor_id)
    except (TypeError, ValueError) as e:
        raise Http404 from e
    impor = ImporPegawai.objects.filter(instansi_q(user), pk=pk).select_related("dibuat_oleh").first()
    if impor is None:
        raise Http404
    return impor
