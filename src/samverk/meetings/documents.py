"""What kind of document an upload is, decided by its content (magic bytes), not its name.

Accepted: PDF, Office Open XML (docx, xlsx, pptx), legacy Office (OLE2: doc, xls, ppt) and
OpenDocument files, up to ``MAX_DOCUMENT_BYTES``. ZIP containers are inspected through their
directory only (names, and the few bytes of an OpenDocument ``mimetype`` entry); nothing is
extracted.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_DOCUMENT_MB = 20
MAX_DOCUMENT_BYTES = MAX_DOCUMENT_MB * 1024 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"

# The canonical file name extension of each accepted type (for the stored file's name).
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", PPTX: ".pptx"}
EXTENSIONS.update({DOC: ".doc", XLS: ".xls", PPT: ".ppt"})
ODF_EXTENSIONS = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
    "application/vnd.oasis.opendocument.graphics": ".odg",
}
EXTENSIONS.update(ODF_EXTENSIONS)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# An OLE2 container says nothing simple about what it holds: among the three legacy Office
# formats, the file name decides (any other OLE2 file is refused).
OLE2_BY_EXTENSION = {".doc": DOC, ".xls": XLS, ".ppt": PPT}
# Office Open XML: the folder of the main part.
OOXML_BY_FOLDER = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
ODF_MIMETYPE = re.compile(r"application/vnd\.oasis\.opendocument\.[a-z][a-z.-]{0,60}")
_ODF_MIMETYPE_MAX = 100  # bytes; the mimetype entry is a short, stored (uncompressed) string

# RuntimeError: encrypted; NotImplementedError: an unknown compression method.
_ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError,
    NotImplementedError,
)  # fmt: skip


def refused() -> ValidationError:
    return ValidationError(
        _(
            "Only PDF files and Office documents (Word, Excel, PowerPoint, OpenDocument) "
            "can be attached."
        ),
        code="type",
    )


def too_large() -> ValidationError:
    return ValidationError(
        _("A document may be at most %(limit)s MB.") % {"limit": MAX_DOCUMENT_MB},
        code="size",
    )


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def _zip_type(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            if not entries:
                return None
            first = entries[0]
            if first.filename == "mimetype":
                if first.file_size > _ODF_MIMETYPE_MAX or first.compress_size > _ODF_MIMETYPE_MAX:
                    return None
                with archive.open(first) as entry:
                    value = entry.read(_ODF_MIMETYPE_MAX + 1).decode("ascii", "replace").strip()
                return value if ODF_MIMETYPE.fullmatch(value) else None
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names:
                return None
            for folder, content_type in OOXML_BY_FOLDER:
                if any(name.startswith(folder) for name in names):
                    return content_type
    except _ZIP_ERRORS:
        return None
    return None


def identify(stream: IO[bytes], name: str, size: int) -> str:
    """The canonical content type of the document in ``stream`` (seekable; read from the
    start, left at the start), or ValidationError: too large, or not an accepted type —
    whatever ``name`` says. ``name`` only tells the three legacy Office formats apart."""
    if size > MAX_DOCUMENT_BYTES:
        raise too_large()
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    content_type: str | None = None
    if head.startswith(b"%PDF-"):
        content_type = PDF
    elif head == OLE2_MAGIC:
        content_type = OLE2_BY_EXTENSION.get(_extension(name))
    elif head.startswith(ZIP_MAGIC):
        content_type = _zip_type(stream)
        stream.seek(0)
    if content_type is None:
        raise refused()
    return content_type


def display_name(name: str) -> str:
    """The uploaded file's own name, for display and downloads: no folders, no control
    characters (they cannot go into a Content-Disposition header)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[-255:] or "document"


def extension_for(content_type: str) -> str:
    """The file name extension the stored copy gets."""
    return EXTENSIONS.get(content_type, "")
