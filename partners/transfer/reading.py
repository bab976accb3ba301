"""Reading an uploaded file into a header row and data rows, before any row is imported.

CSV as Danish Excel writes it (Windows-1252 or UTF-8, with or without a BOM; ``;``, ``,`` or tab) or XLSX. Everything
that makes a file unusable as a whole — empty, binary, an old .xls, undecodable, too big, too many rows — is a
``FileProblem`` with a message for the user, raised before a single row is looked at.
"""

import codecs
import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .exporting import unneutralise

AUTO = "auto"
# Codec name → what the user is shown. UTF-16 is what Excel's "Unicode text" saves.
ENCODINGS = {
    "utf-8": gettext_lazy("UTF-8"),
    "utf-8-sig": gettext_lazy("UTF-8 with BOM"),
    "cp1252": gettext_lazy("Windows-1252 (Danish Excel)"),
    "utf-16": gettext_lazy("UTF-16 (Excel Unicode text)"),
}
DELIMITERS = {";": gettext_lazy("Semicolon (;)"), ",": gettext_lazy("Comma (,)"), "\t": gettext_lazy("Tab")}
# Query-string friendly names for the delimiters (a tab or a ";" is awkward in a URL or on a command line).
DELIMITER_NAMES = {"semicolon": ";", "comma": ",", "tab": "\t", ";": ";", ",": ",", "\t": "\t", "\\t": "\t"}

XLSX_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .xls (and .doc)
BINARY_MAGICS = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"BZh", b"7z\xbc\xaf", b"Rar!", b"MZ")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
SNIFF_LINES = 50


class FileProblem(Exception):
    """The file cannot be imported at all; ``message`` says why, in words for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    row_numbers: list[int]  # the spreadsheet row of each data row (the header row is row 1 in an ordinary sheet)
    file_format: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    notices: list[str] = field(default_factory=list)


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def read_table(data: bytes, *, file_name: str = "", encoding: str = AUTO, delimiter: str = AUTO) -> Table:
    """The header and data rows of ``data`` (blank rows left out), or ``FileProblem``."""
    if len(data) > max_bytes():
        raise FileProblem(
            _("The file is %(size)s; the largest file that can be imported is %(limit)s.")
            % {"size": _megabytes(len(data)), "limit": _megabytes(max_bytes())}
        )
    if not data.strip(b" \t\r\n" + codecs.BOM_UTF8):
        raise FileProblem(_("The file is empty."))
    name = file_name.lower()
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    if data.startswith(OLE2_MAGIC) or name.endswith(".xls"):
        raise FileProblem(
            _("This is an old Excel file (.xls). Save it in Excel as “Excel Workbook (.xlsx)” or as CSV and try again.")
        )
    if name.endswith((".xlsx", ".xlsm")):
        raise FileProblem(_("The file is named .xlsx but is not an Excel workbook. Save it again from Excel."))
    return _read_csv(data, encoding=encoding, delimiter=delimiter)


def _megabytes(size: int) -> str:
    return _("%(mb).1f MB") % {"mb": size / 1024 / 1024}


# --- CSV ----------------------------------------------------------------------------------------------------------


def decode(data: bytes, encoding: str = AUTO) -> tuple[str, str]:
    """(text, codec). Automatic: a BOM decides; else strict UTF-8; else Windows-1252, as Danish Excel saves CSV.

    Strict UTF-8 decoding is all but certain evidence of UTF-8 (Windows-1252 text with æ, ø or å is never valid UTF-8),
    so no statistical guess is needed between the encodings we accept.
    """
    if data.startswith(BINARY_MAGICS):
        raise FileProblem(_("This is not a CSV or Excel file. Upload a .csv or .xlsx file."))
    if encoding == AUTO:
        if data.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        elif b"\x00" in data:
            raise FileProblem(_("This is not a CSV or Excel file. Upload a .csv or .xlsx file."))
        else:
            try:
                return data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                encoding = "cp1252"
    elif encoding not in ENCODINGS:
        raise FileProblem(_("Unknown character encoding: %(encoding)s.") % {"encoding": encoding})
    elif encoding == "utf-8":
        encoding = "utf-8-sig"  # a BOM is never part of the data
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise FileProblem(
            _(
                "The characters in the file could not be read (byte %(position)s is not valid %(encoding)s). "
                "Save the file as “CSV UTF-8” in Excel, or choose the right character set."
            )
            % {"position": error.start + 1, "encoding": ENCODINGS.get(encoding, encoding)}
        ) from None
    if encoding == "utf-8-sig" and not data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8"
    return text, encoding


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if "\x00" in sample:
        return True
    return len(CONTROL_CHARACTERS.findall(sample)) > max(2, len(sample) // 100)


def detect_delimiter(text: str) -> str:
    """The delimiter of the header line; ``csv.Sniffer`` decides between candidates the header shares."""
    lines = text.lstrip("\r\n").splitlines()
    header = next((line for line in lines if line.strip()), "")
    candidates = [d for d in (";", "\t", ",") if d in header]
    if len(candidates) == 1:
        return candidates[0]
    sample = "\n".join(lines[:SNIFF_LINES])[:65536]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(candidates) or ";\t,").delimiter
    except csv.Error:
        sniffed = ""
    if sniffed in (candidates or (";", "\t", ",")):
        return sniffed
    if candidates:
        return max(candidates, key=header.count)
    return ";"  # one column: any delimiter reads it; this is what Danish Excel writes


def _read_csv(data: bytes, *, encoding: str, delimiter: str) -> Table:
    text, used_encoding = decode(data, encoding)
    if _looks_binary(text):
        raise FileProblem(_("This is not a CSV or Excel file. Upload a .csv or .xlsx file."))
    if delimiter == AUTO:
        delimiter = detect_delimiter(text)
    elif delimiter in DELIMITER_NAMES:
        delimiter = DELIMITER_NAMES[delimiter]
    else:
        raise FileProblem(_("Unknown delimiter: %(delimiter)s.") % {"delimiter": delimiter})
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = Table(headers=[], rows=[], row_numbers=[], file_format="csv", encoding=used_encoding, delimiter=delimiter)
    try:
        _collect(table, enumerate(reader, 1), join_with=delimiter)
    except csv.Error as error:
        raise FileProblem(
            _("Row %(row)s cannot be read as CSV (%(error)s). Check the quotes in that row.")
            % {"row": reader.line_num, "error": error}
        ) from None
    return table


# --- XLSX ---------------------------------------------------------------------------------------------------------


def _read_xlsx(data: bytes) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileProblem(_("The file is damaged or not an Excel workbook (.xlsx).")) from None
    if "xl/workbook.xml" not in names:
        raise FileProblem(_("This is not an Excel workbook (.xlsx). Save the file as .xlsx or CSV and try again."))
    # A small zip can unpack to gigabytes; refuse before openpyxl parses it.
    if unpacked > 25 * max_bytes():
        raise FileProblem(_("The workbook is too large to import. Split it into smaller files."))
    import openpyxl  # imported here: only XLSX uploads pay for it

    table = Table(headers=[], rows=[], row_numbers=[], file_format="xlsx")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it does not read
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheets = workbook.worksheets
                if not sheets:
                    raise FileProblem(_("The workbook has no worksheet."))
                if len(sheets) > 1:
                    table.notices.append(
                        _("The workbook has %(count)s sheets; only the first, “%(name)s”, is imported.")
                        % {"count": len(sheets), "name": sheets[0].title}
                    )
                rows = (
                    (number, [_xlsx_cell(value) for value in row])
                    for number, row in enumerate(sheets[0].iter_rows(values_only=True), 1)
                )
                _collect(table, rows, join_with=None)
            finally:
                workbook.close()
    except FileProblem:
        raise
    except Exception:  # openpyxl raises many kinds of errors for a damaged workbook
        raise FileProblem(_("The file is damaged or not an Excel workbook (.xlsx).")) from None
    return table


def _xlsx_cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | datetime | date | time):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Excel stores every number as a float: a CVR or a postal code comes back as 55133018.0.
        return str(int(value)) if value.is_integer() else str(value)
    return str(value)


# --- shared -------------------------------------------------------------------------------------------------------


def _clean_cell(value):
    if isinstance(value, str):
        return unneutralise(value.strip())
    return value


def _is_blank(row) -> bool:
    return all(cell == "" or cell is None for cell in row)


def _collect(table: Table, numbered_rows, *, join_with: str | None) -> None:
    """Header from the first non-blank row; the data rows fitted to the header's width; blank rows skipped.

    ``join_with``: the CSV delimiter. A CSV row with more cells than headings almost always comes from an unquoted
    delimiter typed into the text of the last column, so the extra cells are joined back into it (and the user is
    told). In a workbook, cells beyond the headings are simply in a column without a heading, and are not imported.
    """
    limit = max_rows()
    overflowing: list[int] = []
    unnamed_values: list[int] = []
    width = 0
    keep: list[int] = []
    for number, raw in numbered_rows:
        row = [_clean_cell(cell) for cell in raw]
        if _is_blank(row):
            continue
        if not width:
            keep = [i for i, header in enumerate(row) if header != ""]
            table.headers = [str(row[i]) for i in keep]
            width = len(row)
            continue
        if len(row) > width:
            extra = row[width:]
            if not _is_blank(extra):
                if join_with is None:
                    unnamed_values.append(number)
                else:
                    overflowing.append(number)
                    joined = list(raw[width - 1 :])  # as typed: "fremmøde; opfølgning" keeps its space
                    while len(joined) > 1 and not str(joined[-1]).strip():
                        joined.pop()
                    row[width - 1] = _clean_cell(join_with.join(str(cell) for cell in joined))
            row = row[:width]
        elif len(row) < width:
            row = row + [""] * (width - len(row))
        if len(keep) < width and any(row[i] != "" for i in range(width) if i not in keep):
            unnamed_values.append(number)
        table.rows.append([row[i] for i in keep])
        table.row_numbers.append(number)
        if len(table.rows) > limit:
            raise FileProblem(
                _("The file has more than %(limit)s rows; split it into smaller files or use the import_file command.")
                % {"limit": f"{limit:,}".replace(",", ".")}
            )
    if not table.headers:
        raise FileProblem(_("The file is empty."))
    if overflowing:
        table.notices.append(
            ngettext(
                "Row %(rows)s has more cells than there are headings; the extra cells were added to the last column "
                "“%(column)s”. Check the row in the preview.",
                "Rows %(rows)s have more cells than there are headings; the extra cells were added to the last column "
                "“%(column)s”. Check those rows in the preview.",
                len(overflowing),
            )
            % {"rows": _row_list(overflowing), "column": table.headers[-1]}
        )
    if unnamed_values:
        table.notices.append(
            ngettext(
                "Row %(rows)s has values in a column without a heading; they are not imported.",
                "Rows %(rows)s have values in a column without a heading; they are not imported.",
                len(unnamed_values),
            )
            % {"rows": _row_list(unnamed_values)}
        )


def _row_list(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:10]) + (" …" if len(numbers) > 10 else "")
