"""Writes of documents: an upload checked by its content, its text extracted, the file kept through the storage API.

The type is what the content shows (the ``filetype`` library reads the file's signature; a Word or Excel file is a zip
archive whose parts are then looked at too), never the name: an .exe renamed .pdf is refused. The accepted types are
``FileType`` (PDF, Word .docx, Excel .xlsx, PNG, JPEG); old Word .doc files are refused, as no well-kept Python library
reads their text (save them as .docx). The size limit is ``DOCUMENT_MAX_BYTES``.

The text of a PDF (pypdf), a Word file (python-docx) or an Excel workbook (openpyxl) is extracted during the upload
request when the file is at most ``DOCUMENT_EXTRACT_MAX_BYTES``, so it is found by the register search. A larger file is
kept without its text (``text_extracted`` false): extracting it belongs in the job system of issue 17, which does not
exist yet. The text is cut at ``DOCUMENT_TEXT_MAX_CHARS`` characters (PostgreSQL's full-text vector holds about 1 MB).
"""

import io
import logging
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ..models import Document
from ..models.documents import FileType

logger = logging.getLogger(__name__)

SIGNATURE_BYTES = 8192  # what filetype reads of the file's start
# A Word or Excel file is a zip archive; the part that makes it one or the other.
ZIP_MAIN_PART = {FileType.DOCX: "word/document.xml", FileType.XLSX: "xl/workbook.xml"}
PDF_MAX_PAGES = 500  # pages read for text
XLSX_MAX_CELLS = 200_000  # cells read for text


def max_bytes() -> int:
    return settings.DOCUMENT_MAX_BYTES


@dataclass(frozen=True)
class Inspected:
    content_type: str
    size: int


def _read_start(upload) -> bytes:
    upload.seek(0)
    head = upload.read(SIGNATURE_BYTES)
    upload.seek(0)
    return head


def _zip_type(upload) -> str | None:
    """The Office type of a zip archive, by the part it holds (a .docx or .xlsx is a zip with a known main part)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if unpacked > settings.DOCUMENT_UNPACKED_MAX_BYTES:
        raise ValidationError(
            _("The file unpacks to more than %(limit)s, so it was not saved.")
            % {"limit": filesizeformat(settings.DOCUMENT_UNPACKED_MAX_BYTES)},
            code="unpacked_too_large",
        )
    for content_type, part in ZIP_MAIN_PART.items():
        if part in names:
            return content_type
    return None


def inspect_upload(upload) -> Inspected:
    """The upload's type and size, or a ``ValidationError`` in Danish: empty, too large, or not an accepted type."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; the largest file accepted is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
            code="too_large",
        )
    head = _read_start(upload)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime in (FileType.DOCX, FileType.XLSX, "application/zip"):
        mime = _zip_type(upload)
    elif mime == FileType.PNG and head[12:16] != b"IHDR":  # a PNG's first chunk is its header
        mime = None
    if mime not in FileType.values:
        raise ValidationError(
            _(
                "This type of file is not accepted. Upload a PDF, a Word document (.docx), an Excel workbook (.xlsx) "
                "or an image (PNG or JPEG). The type is read from the file's content, not its name."
            ),
            code="type",
        )
    return Inspected(content_type=mime, size=size)


def _clean_text(text: str) -> str:
    """No NUL characters (PostgreSQL text cannot hold them), whitespace collapsed per line, cut at the limit."""
    lines = (" ".join(line.replace("\x00", " ").split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)[: settings.DOCUMENT_TEXT_MAX_CHARS]


def _pdf_text(stream) -> str:
    from pypdf import PdfReader

    reader = PdfReader(stream)
    if reader.is_encrypted and not reader.decrypt(""):
        return ""
    parts = []
    for page in reader.pages[:PDF_MAX_PAGES]:
        parts.append(page.extract_text() or "")
        if sum(map(len, parts)) > settings.DOCUMENT_TEXT_MAX_CHARS:
            break
    return "\n".join(parts)


def _docx_text(stream) -> str:
    import docx

    document = docx.Document(stream)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _xlsx_text(stream) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(stream, read_only=True, data_only=True)
    parts, cells = [], 0
    try:
        for sheet in workbook.worksheets:
            parts.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
                parts.append(" ".join(str(value) for value in row if value not in (None, "")))
                if cells > XLSX_MAX_CELLS:
                    return "\n".join(parts)
    finally:
        workbook.close()
    return "\n".join(parts)


EXTRACTORS = {FileType.PDF: _pdf_text, FileType.DOCX: _docx_text, FileType.XLSX: _xlsx_text}


def extract_text(upload, content_type: str) -> str | None:
    """The file's text, or None when it is not extracted here (an image, or a file larger than the in-request
    limit). A PDF, Word or Excel file that its library cannot read is refused (``ValidationError``)."""
    extractor = EXTRACTORS.get(content_type)
    if extractor is None or upload.size > settings.DOCUMENT_EXTRACT_MAX_BYTES:
        return None
    upload.seek(0)
    try:
        text = extractor(io.BytesIO(upload.read()))
    except Exception as error:  # the libraries raise many kinds of errors on a damaged file
        logger.info("Document text not extracted: %s", error)
        raise ValidationError(
            _("The file looks like a %(type)s but could not be read. Is it damaged?")
            % {"type": FileType(content_type).label},
            code="unreadable",
        ) from error
    finally:
        upload.seek(0)
    return _clean_text(text)


def prepare_upload(upload) -> tuple[Inspected, str | None]:
    """Check the upload and read its text (see the module docstring); raises ``ValidationError``, saves nothing."""
    inspected = inspect_upload(upload)
    return inspected, extract_text(upload, inspected.content_type)


def upload_document(
    *,
    upload,
    title: str,
    kind: str,
    date=None,
    description: str = "",
    record=None,
    user=None,
    prepared=None,
    stored_as: str = "",
    reason: str = "",
) -> Document:
    """A new document from ``upload`` attached to ``record`` (or to none). ``prepared``: ``prepare_upload``'s result
    when the form has already checked the file. The file is written to the storage first; if the row cannot be saved,
    the file is removed again. (A caller's transaction rolled back after this returns would leave the file behind:
    the upload view saves nothing after it.) ``stored_as``: a fixed name in the storage, written once (the demo world,
    loaded again and again, keeps one file per demo document)."""
    inspected, text = prepared or prepare_upload(upload)
    name = upload.name.replace("\\", "/").rsplit("/", 1)[-1][:255] or "dokument"
    document = Document(
        title=(title or name.rsplit(".", 1)[0])[:200],
        kind=kind,
        date=date,
        description=description,
        original_name=name,
        size=inspected.size,
        content_type=inspected.content_type,
        text=text or "",
        text_extracted=text is not None,
        uploaded_by=user if user is not None and user.is_authenticated else None,
        record=record,
    )
    if reason:
        document._change_reason = reason  # the history's "why" (the demo world names itself)
    upload.seek(0)
    storage = document.file.storage
    if stored_as:
        if not storage.exists(stored_as):
            storage.save(stored_as, upload)
        document.file.name = stored_as
        stored = ""  # shared: not removed when this row fails
    else:
        document.file.save(name, upload, save=False)
        stored = document.file.name
    try:
        with transaction.atomic():
            document.save()
    except Exception:
        if stored:
            storage.delete(stored)
        raise
    return document


def delete_document(*, document: Document) -> None:
    """Delete the document; its file leaves the storage when the transaction commits (``models/documents.py``)."""
    document.delete()


def text_pdf(lines: list[str], *, title: str = "") -> bytes:
    """A one-page PDF showing ``lines`` in Helvetica (Latin-1 text, so Danish letters too): for the demo world, which
    cannot depend on a PDF library at run time. Real documents are uploaded, not made here."""

    def literal(text: str) -> bytes:
        raw = text.encode("cp1252", "replace")
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

    commands = [b"BT /F1 12 Tf 14 TL 56 790 Td"]
    commands += [literal(line) + b" '" for line in lines]
    commands.append(b"ET")
    stream = b"\n".join(commands)
    info = b"<< /Title " + literal(title) + b" >>" if title else b"<< >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        info,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe6\xf8\xe5\xc6\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
