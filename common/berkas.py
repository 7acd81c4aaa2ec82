"""Checks of uploaded files shared by every app: the extension, the size, and the real type read
from the content (a renamed file is refused)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# extension → the type its content must have
JENIS_EKSTENSI = {"pdf": "pdf", "jpg": "jpg", "jpeg": "jpg", "png": "png", "xlsx": "xlsx", "docx": "docx"}


def jenis_isi(berkas: UploadedFile) -> str | None:
    """The real type of a file from its content: pdf, jpg, png, xlsx or docx; None otherwise."""
    berkas.seek(0)
    head = berkas.read(16)
    berkas.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(berkas.read())) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            berkas.seek(0)
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
    return None


def berkas_periksa(
    berkas: UploadedFile, *, field: str, ekstensi: Collection[str], batas: int, pesan_jenis: str
) -> tuple[str, int]:
    """The file's clean name and size, or a ValidationError on ``field``: an allowed extension
    (else ``pesan_jenis``), not larger than ``batas`` bytes, not empty, and content of the type its
    extension says."""
    nama = PurePath(berkas.name or "").name
    ext = nama.rsplit(".", 1)[-1].lower() if "." in nama else ""
    if ext not in ekstensi:
        raise ValidationError({field: pesan_jenis})
    ukuran = int(berkas.size or 0)
    if ukuran > batas:
        raise ValidationError(
            {
                field: _("Ukuran berkas %(ukuran)s byte melebihi batas %(batas)s byte.")
                % {"ukuran": ukuran, "batas": batas}
            }
        )
    if ukuran == 0:
        raise ValidationError({field: _("Berkas kosong.")})
    if jenis_isi(berkas) != JENIS_EKSTENSI[ext]:
        raise ValidationError({field: _("Isi berkas tidak sesuai dengan ekstensinya (.%(ext)s).") % {"ext": ext}})
    return nama, ukuran
