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
from typing import IO, Any, cast

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections, models, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
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
    shared strings, the date styles and the epoch; the sheet XML itself goes through expat with
    plain callbacks, because openpyxl's per-cell parsing (and even ElementTree's ``iterparse``,
    which builds an element and a Python event per tag) is several times slower, which matters
    at 100,000 rows. Values follow openpyxl's rules (numbers, dates by style, text)."""
    buku = _xlsx_open(berkas)
    try:
        if buku.sheet is None:
            return
        with buku.archive.open(buku.sheet) as src:
            yield from _sheet_rows(src, buku.shared, buku.dates, buku.epoch)
    except BerkasTidakTerbaca:
        raise
    except Exception as e:
        raise BerkasTidakTerbaca(
            _("Berkas XLSX tidak dapat dibaca; simpan ulang sebagai Excel Workbook (.xlsx).")
        ) from e
    finally:
        buku.archive.close()


def _sheet_rows(src: IO[bytes], shared: Any, dates: Any, epoch: Any) -> Iterator[tuple[Any, ...]]:
    """Rows of a worksheet XML stream. A cell's value is read the way ElementTree would give it:
    the text of its first ``v`` child, or for an inline string the texts of every ``t`` inside
    its first ``is`` child; rows absent from the XML are yielded as empty rows."""
    # expat is the parser ElementTree (and openpyxl without defusedxml) uses as well; 2.4+
    # refuses entity expansion attacks and never fetches external entities
    from xml.parsers import expat

    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import from_excel

    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    done: list[tuple[Any, ...]] = []  # rows finished by the chunk just parsed
    ns: str | None = None
    tag_c = tag_row = tag_v = tag_is = tag_t = ""
    expected = 1
    cells: dict[int, Any] = {}
    col = 0
    depth = 0
    # the cell being read
    c_depth = 0  # its depth; 0 outside a cell
    kind = "n"
    style: str | None = None
    v_text: str | None = None  # text of its first v child (None: no v child)
    is_parts: list[str] | None = None  # texts of the t elements of its first is child
    is_depth = 0  # depth of that is while inside it
    # character data is kept only for a v or t element, up to its first child element
    buf: list[str] = []
    capture = ""  # "v", "t" or ""
    row_r: str | None = None  # the r attribute of the row being read

    def flush() -> None:
        nonlocal capture, v_text
        if capture == "v":
            v_text = "".join(buf)
        elif is_parts is not None:
            is_parts.append("".join(buf))
        capture = ""

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal ns, tag_c, tag_row, tag_v, tag_is, tag_t, depth, c_depth, kind, style, col
        nonlocal v_text, is_parts, is_depth, capture, row_r
        depth += 1
        if ns is None:
            cut = name.find("}")
            ns = name[: cut + 1] if cut >= 0 else ""
            tag_c, tag_row, tag_v, tag_is, tag_t = (ns + t for t in ("c", "row", "v", "is", "t"))
        if capture:
            flush()
        if name == tag_c:
            c_depth = depth
            ref = attrs.get("r")
            col = column_index_from_string(ref.rstrip("0123456789")) if ref else col + 1
            kind = attrs.get("t", "n")
            style = attrs.get("s")
            v_text = is_parts = None
            is_depth = 0
        elif name == tag_row:
            row_r = attrs.get("r")
        elif c_depth:
            if depth == c_depth + 1:
                if name == tag_v and v_text is None:
                    v_text = ""
                    buf.clear()
                    capture = "v"
                elif name == tag_is and is_parts is None:
                    is_parts = []
                    is_depth = depth
            if is_depth and name == tag_t:
                buf.clear()
                capture = "t"

    def data(text: str) -> None:
        if capture:
            buf.append(text)

    def end(name: str) -> None:
        nonlocal depth, c_depth, is_depth, expected, cells, col
        if capture:
            flush()
        if name == tag_c and depth == c_depth:
            c_depth = 0
            value: Any
            if kind == "inlineStr":
                value = "".join(is_parts) if is_parts is not None else None
            else:
                value = v_text or None
                if value is not None:
                    if kind == "n":
                        value = float(value) if ("." in value or "E" in value or "e" in value) else int(value)
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
        elif name == tag_is and depth == is_depth:
            is_depth = 0
        elif name == tag_row:
            nomor = int(row_r or expected)
            while expected < nomor:  # rows absent from the XML are empty rows
                done.append(())
                expected += 1
            width = max(cells) if cells else 0
            done.append(tuple(cells.get(i) for i in range(1, width + 1)))
            expected += 1
            cells = {}
            col = 0
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    while chunk := src.read(1 << 20):
        parser.Parse(chunk, False)
        yield from done
        done.clear()
    parser.Parse(b"", True)
    yield from done


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
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        text = _teks(value)
        if not _ANGKA_ILMIAH.match(text):
            return text, None
    # (the message is built only for a broken cell: a translation per row costs seconds at 100,000)
    pesan = _(
        "Kolom %(kolom)s terbaca sebagai angka, sehingga digitnya bisa hilang atau berubah. "
        "Format kolom %(kolom)s sebagai Teks (Text) lalu ketik ulang nilainya, "
        "atau awali dengan tanda petik (')."
    ) % {"kolom": kolom}
    return "", pesan


def _tanggal(value: Any, kolom: str) -> tuple[datetime.date | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, datetime.datetime):
        return value.date(), None
    if isinstance(value, datetime.date):
        return value, None
    if isinstance(value, (int, float)):
        return None, _pesan_tanggal(kolom)
    text = _teks(value)
    m = _TANGGAL_ISO.match(text)
    if m:
        y, mo, d = (int(x) for x in m.groups())
    else:
        m = _TANGGAL_DMY.match(text)
        if not m:
            return None, _pesan_tanggal(kolom)
        d, mo, y = (int(x) for x in m.groups())
    try:
        return datetime.date(y, mo, d), None
    except ValueError:
        return None, _("Kolom %(kolom)s: %(nilai)s bukan tanggal yang ada di kalender.") % {
            "kolom": kolom,
            "nilai": text,
        }


def _pesan_tanggal(kolom: str) -> str:
    return _("Kolom %(kolom)s harus tanggal dengan format YYYY-MM-DD atau DD-MM-YYYY (misalnya 1985-03-21).") % {
        "kolom": kolom
    }


_PENDIDIKAN = {
    **{v.casefold(): v for v in Pendidikan.values},
    **{str(label).casefold(): v for v, label in Pendidikan.choices},
}
# the choices as sets, once: ``TextChoices.values`` rebuilds its list on every access
_JENIS_ASN = frozenset(JenisASN.values)
_JENIS_KELAMIN = frozenset(JenisKelamin.values)
_STATUS = frozenset(Pegawai.Status.values)
_URUTAN_KOLOM = {k: i for i, k in enumerate(KOLOM)}
# columns read as plain text (NIP/NIK and dates have their own readers)
_KOLOM_BIASA = frozenset(KOLOM) - frozenset(KOLOM_TEKS) - frozenset(KOLOM_TANGGAL)


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

    text = {k: _teks(v) for k, v in raw.items() if k in _KOLOM_BIASA}
    for kolom, maks in PANJANG_MAKS.items():
        if len(text.get(kolom, "")) > maks:
            errs[kolom] = _("Kolom %(kolom)s paling panjang %(maks)d karakter.") % {"kolom": kolom, "maks": maks}
    nama = need("nama", text.get("nama", ""))

    jenis_asn = need("jenis_asn", text.get("jenis_asn", "")).upper()
    if jenis_asn and jenis_asn not in _JENIS_ASN:
        errs["jenis_asn"] = _("Kolom jenis_asn harus PNS atau PPPK.")
        jenis_asn = ""
    jenis_kelamin = need("jenis_kelamin", text.get("jenis_kelamin", "")).upper()
    if jenis_kelamin and jenis_kelamin not in _JENIS_KELAMIN:
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
    if status_text and status_text not in _STATUS:
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
        return None, [Galat(nomor, k, v) for k, v in sorted(errs.items(), key=lambda kv: _URUTAN_KOLOM.get(kv[0], 99))]
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


def _kolom(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """A concrete field of ``model`` by name or attname."""
    return cast("models.Field[Any, Any]", model._meta.get_field(name))


def _teks_in(model: type[models.Model], field: str, values: list[str]) -> Q | RawSQL:
    """A filter for ``field IN values``; on PostgreSQL ``= ANY`` of one array parameter, because
    a query of thousands of placeholders costs more to build and parse than to run."""
    if connection.vendor == "postgresql":
        column = f'"{model._meta.db_table}"."{_kolom(model, field).column}"'
        return RawSQL(f"{column} = ANY(%s::text[])", [values], output_field=models.BooleanField())  # noqa: S611 (model names)
    return Q(**{f"{field}__in": values})


def _paket_nip() -> int:
    """NIPs per lookup query: SQLite limits the parameters of a statement, an array does not."""
    return 50_000 if connection.vendor == "postgresql" else 5000


def _check_taken(instansi: Instansi, hasil: HasilValidasi) -> None:
    """NIPs of another instansi, and logins already named like a new pegawai's NIP."""
    semua = [b.nip for b in hasil.baris]
    milik_sini: dict[str, int | None] = {}
    lain: set[str] = set()
    dipakai: set[str] = set()
    paket = _paket_nip()
    for i in range(0, len(semua), paket):
        chunk = semua[i : i + paket]
        for nip, instansi_id, user_id in (
            Pegawai.objects.filter(_teks_in(Pegawai, "nip", chunk))
            .order_by()
            .values_list("nip", "instansi_id", "user_id")
        ):
            if instansi_id == instansi.pk:
                milik_sini[nip] = user_id
            else:
                lain.add(nip)
        dipakai.update(
            User.objects.filter(_teks_in(User, "username", chunk)).order_by().values_list("username", flat=True)
        )
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


@dataclass
class _Tulis:
    """What every batch of one import shares, read or translated once."""

    instansi_id: int
    actor_id: int | None
    content_type_id: int
    ringkasan_baru: str  # audit summary templates, in the job's language
    ringkasan_ubah: str
    rencana: _Rencana | None = None
    jumlah: _Jumlah = field(default_factory=_Jumlah)


@dataclass
class _Rencana:
    """The ids and atasan of the new pegawai, decided before anything is written (PostgreSQL,
    where ids come from the sequence): with the atasan in the COPY, the closing atasan_recompute
    finds nothing to change, instead of rewriting every new row (and all its index entries)."""

    ids: dict[str, int]  # NIP → id drawn for a new pegawai
    atasan: dict[int, int | None]  # pegawai id → atasan langsung once the file is written


def _rencana_build(instansi_id: int, baris: list[BarisPegawai]) -> _Rencana | None:
    """The instansi as it will stand after the import (its pegawai with the file's rows applied,
    plus the new ones), and the atasan langsung of each, by the rule of atasan_recompute."""
    from .services import atasan_langsung_map

    ada = {
        row[0]: row[1:]
        for row in Pegawai.objects.filter(instansi_id=instansi_id)
        .order_by()
        .values_list("nip", "id", "jabatan_id", "atasan_override_id", "status", "tmt_jabatan")
    }
    baru = [b for b in baris if b.nip not in ada]
    if not baru:
        return None
    ids = dict(zip((b.nip for b in baru), _ids_draw(Pegawai, len(baru)), strict=True))
    rows: list[tuple[Any, ...]] = []
    dari_berkas = {b.nip: b.values for b in baris}
    for nip, (pk, jabatan_id, override_id, status, tmt) in ada.items():
        v = dari_berkas.get(nip)
        if v is not None:
            jabatan_id, status, tmt = (
                v.get("jabatan_id", jabatan_id),
                v.get("status", status),
                v.get("tmt_jabatan", tmt),
            )
        rows.append((pk, jabatan_id, override_id, status, tmt))
    aktif = Pegawai.Status.AKTIF
    rows.extend(
        (ids[b.nip], b.values.get("jabatan_id"), None, b.values.get("status", aktif), b.values.get("tmt_jabatan"))
        for b in baru
    )
    parent_of: dict[int, int | None] = dict(
        Jabatan.objects.filter(instansi_id=instansi_id).order_by().values_list("id", "atasan_id")
    )
    return _Rencana(ids=ids, atasan=atasan_langsung_map(parent_of=parent_of, rows=rows))


# The columns written for a new row (every other column takes its model default).
_USER_BARU = ("username", "instansi_id", "peran", "email", "password", "date_joined")
_PEGAWAI_BARU = ("instansi_id", "user_id", "nip", "created_at", *FIELD_KOLOM)
_RIWAYAT_PANGKAT = ("pegawai_id", "golongan_id", "tmt", "jenis", "created_at")
_RIWAYAT_JABATAN = ("pegawai_id", "jabatan_id", "nama_jabatan", "nama_unit", "jenis_jabatan", "tmt", "created_at")
_AUDIT = (
    *("instansi_id", "actor_id", "content_type_id", "object_id", "pegawai_id"),
    *("aksi", "ringkasan", "perubahan", "created_at"),
)
# a column the file leaves out takes the model's default (status: aktif)
_PEGAWAI_DEFAULT = {f: _kolom(Pegawai, f).get_default() for f in FIELD_KOLOM}


def _write_batch(*, batch: list[BarisPegawai], tulis: _Tulis) -> None:
    """Create or update one batch: a constant number of queries whatever the batch holds. Rows
    are written as tuples (no model instance per row: at 100,000 rows and five tables the
    instances alone cost more than the database's work)."""
    now = timezone.now()
    # by NIP alone, which is unique across instansi: its index serves the lookup whatever the
    # planner believes about the instansi (its statistics lag right after a large import)
    existing = {
        row["nip"]: row
        for row in Pegawai.objects.filter(_teks_in(Pegawai, "nip", [b.nip for b in batch]))
        .order_by()
        .values("id", "nip", "instansi_id", *FIELD_KOLOM)
        if row["instansi_id"] == tulis.instansi_id
    }
    baru = [b for b in batch if b.nip not in existing]
    audit: list[tuple[Any, ...]] = []
    riwayat_pangkat: list[tuple[Any, ...]] = []
    riwayat_jabatan: list[tuple[Any, ...]] = []
    aksi = AuditLog.Aksi.IMPORT
    cpns, reguler = RiwayatPangkat.Jenis.CPNS, RiwayatPangkat.Jenis.REGULER

    if baru:
        user_ids = _rows_insert(
            User,
            _USER_BARU,
            [
                (
                    b.nip,
                    tulis.instansi_id,
                    User.Peran.PEGAWAI,
                    b.values.get("email", ""),
                    UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20),
                    now,
                )
                for b in baru
            ],
        )
        kosong = _PEGAWAI_DEFAULT
        rows = [
            (tulis.instansi_id, user_id, b.nip, now, *[b.values.get(f, kosong[f]) for f in FIELD_KOLOM])
            for b, user_id in zip(baru, user_ids, strict=True)
        ]
        rencana = tulis.rencana
        if rencana is not None and all(b.nip in rencana.ids for b in baru):
            pegawai_ids = [rencana.ids[b.nip] for b in baru]
            _rows_insert(
                Pegawai,
                ("id", "atasan_id", *_PEGAWAI_BARU),
                [(pk, rencana.atasan[pk], *row) for pk, row in zip(pegawai_ids, rows, strict=True)],
                with_ids=False,
            )
        else:  # no plan (SQLite), or a NIP that left the instansi after it was made: atasan_recompute sets the atasan
            pegawai_ids = _rows_insert(Pegawai, _PEGAWAI_BARU, rows)
        for b, pk in zip(baru, pegawai_ids, strict=True):
            v = b.values
            riwayat_pangkat.append(
                (pk, v["golongan_id"], v["tmt_golongan"], cpns if v["tmt_golongan"] == v["tmt_cpns"] else reguler, now)
            )
            if v.get("jabatan_id") and v.get("tmt_jabatan"):
                riwayat_jabatan.append(_riwayat_jabatan(pk, b, now))
            audit.append(
                (
                    tulis.instansi_id,
                    tulis.actor_id,
                    tulis.content_type_id,
                    pk,
                    pk,
                    aksi,
                    (tulis.ringkasan_baru % {"nama": v["nama"]})[:255],
                    # (as _plain writes them; a row's values are text, numbers, dates and None)
                    {"nip": b.nip, **{f: x.isoformat() if isinstance(x, datetime.date) else x for f, x in v.items()}},
                    now,
                )
            )
        tulis.jumlah.baru += len(baru)

    ubah: list[tuple[int, dict[str, Any]]] = []
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
        ubah.append((old["id"], {**old, **b.values}))
        ubah_fields.update(changes)
        if "golongan_id" in changes:
            golongan_baru[old["id"]] = (b.values["golongan_id"], b.values["tmt_golongan"])
        if "jabatan_id" in changes:
            jabatan_baru.append((old["id"], b))
        audit.append(
            (
                tulis.instansi_id,
                tulis.actor_id,
                tulis.content_type_id,
                old["id"],
                old["id"],
                aksi,
                (tulis.ringkasan_ubah % {"nama": b.values["nama"]})[:255],
                changes,
                now,
            )
        )
    if ubah:
        _pegawai_rows_update(ubah, sorted(ubah_fields), now)
        tulis.jumlah.diperbarui += len(ubah)
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
                riwayat_pangkat.append((pegawai_id, golongan_id, tmt, reguler, now))
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
    _rows_insert(RiwayatPangkat, _RIWAYAT_PANGKAT, riwayat_pangkat, with_ids=False)
    _rows_insert(RiwayatJabatan, _RIWAYAT_JABATAN, riwayat_jabatan, with_ids=False)
    _rows_insert(AuditLog, _AUDIT, audit, with_ids=False)


def _rows_insert(
    model: type[models.Model], attnames: tuple[str, ...], rows: list[tuple[Any, ...]], *, with_ids: bool = True
) -> list[int]:
    """Insert rows given as tuples of ``attnames`` values; every other column takes its model
    default (``auto_now`` fields: now). Returns the new ids when ``with_ids``.

    On PostgreSQL a COPY, with the ids drawn from the table's sequence first: at 100,000 rows
    the ORM's per-value preparation costs more than the database's work. Elsewhere
    ``bulk_create``."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objs = model._default_manager.bulk_create([model(**dict(zip(attnames, row, strict=True))) for row in rows])
        return [obj.pk for obj in objs]
    from psycopg import sql
    from psycopg.types.json import Jsonb

    meta = model._meta
    given = [_kolom(model, a) for a in attnames]
    rest = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in attnames]
    now = timezone.now()
    tail = tuple(
        now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default() for f in rest
    )
    tail = tuple(Jsonb(v) if f.get_internal_type() == "JSONField" else v for f, v in zip(rest, tail, strict=True))
    json_at = [i for i, f in enumerate(given) if f.get_internal_type() == "JSONField"]
    ids: list[int] = []
    if with_ids:
        ids = _ids_draw(model, len(rows))
    with connection.cursor() as cursor:
        columns = [*([_kolom(model, meta.pk.name)] if with_ids else []), *given, *rest]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(meta.db_table), sql.SQL(", ").join([sql.Identifier(str(f.column)) for f in columns])
        )
        with cursor.cursor.copy(statement) as copy:
            for i, row in enumerate(rows):
                if json_at:
                    values = list(row)
                    for j in json_at:
                        values[j] = Jsonb(values[j])
                    row = tuple(values)
                copy.write_row((ids[i], *row, *tail) if with_ids else (*row, *tail))
    return ids


def _ids_draw(model: type[models.Model], n: int) -> list[int]:
    """``n`` new ids from the table's sequence (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, n],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _pegawai_rows_update(ubah: list[tuple[int, dict[str, Any]]], fields: list[str], now: datetime.datetime) -> None:
    """Set ``fields`` of each (id, values) pegawai, and updated_at. On PostgreSQL one UPDATE
    joined to an unnest of one array per field; elsewhere ``bulk_update``."""
    if connection.vendor != "postgresql":
        Pegawai.objects.bulk_update(
            [Pegawai(pk=pk, updated_at=now, **{f: v[f] for f in fields}) for pk, v in ubah],
            [*fields, "updated_at"],
            batch_size=500,
        )
        return
    meta = Pegawai._meta
    kolom = [_kolom(Pegawai, f) for f in fields]
    assignments = ", ".join(f'"{f.column}" = v."{f.column}"' for f in kolom)
    arrays = ", ".join(["%s::bigint[]", *(f"%s::{f.db_type(connection)}[]" for f in kolom)])
    names = ", ".join(["id", *(f'"{f.column}"' for f in kolom)])
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE {meta.db_table} AS p SET {assignments}, "updated_at" = %s '  # noqa: S608 (model columns only)
            f"FROM unnest({arrays}) AS v({names}) WHERE p.id = v.id",
            [now, [pk for pk, _v in ubah], *([v[f] for _pk, v in ubah] for f in fields)],
        )


def _riwayat_jabatan(pegawai_id: int, b: BarisPegawai, now: datetime.datetime) -> tuple[Any, ...]:
    return (
        pegawai_id,
        b.values["jabatan_id"],
        b.nama_jabatan,
        b.nama_unit,
        b.jenis_jabatan,
        b.values["tmt_jabatan"],
        now,
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

    tulis = _Tulis(
        instansi_id=instansi.pk,
        actor_id=actor_id,
        content_type_id=ContentType.objects.get_for_model(Pegawai).pk,
        ringkasan_baru=_("Pegawai %(nama)s ditambahkan dari impor"),
        ringkasan_ubah=_("Profil %(nama)s diperbarui dari impor"),
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            tulis.rencana = _rencana_build(instansi.pk, baris)
        for i in range(0, len(baris), batch_size):
            batch = baris[i : i + batch_size]
            _write_batch(batch=batch, tulis=tulis)
            if on_batch is not None:
                on_batch(i + len(batch))
        atasan_recompute(instansi_id=instansi.pk)
    return tulis.jumlah.baru, tulis.jumlah.diperbarui


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
