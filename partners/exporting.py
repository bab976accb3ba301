"""Export of a queryset through its django-import-export resource, as CSV (Danish Excel friendly) or XLSX.

Rows are read in chunks of primary keys, so an export of 100,000 rows never holds them all: CSV is streamed to the
client as it is written, XLSX is written by openpyxl's write-only mode to a temporary file that is then streamed.
Small exports (most of them) are sent as one ordinary response, through the same code.

Every text cell and heading that a spreadsheet would read as a formula is neutralised (CSV/formula injection).
"""

import csv
import os
import re
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
CSV_DELIMITERS = {",": ",", ";": ";", "semicolon": ";", "comma": ",", "tab": "\t", "\t": "\t"}
# A cell starting with one of these is read as a formula (or as the start of one) by spreadsheet programs: the
# OWASP list, plus the full-width forms of = + - @, which some programs normalise to the ASCII ones.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# A value that neutralise() has prefixed: one or more apostrophes, then a formula character. A value that already
# looks like this is prefixed once more, so unneutralise(neutralise(x)) == x for every string.
NEUTRALISED = re.compile("'+[" + re.escape("".join(FORMULA_PREFIXES)) + "]")
# Characters XML 1.0 cannot hold; openpyxl refuses them, so they are dropped from XLSX cells.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

CHUNK_SIZE = 2000  # rows per database round trip
STREAM_THRESHOLD = 2000  # exports with more rows than this are streamed instead of built in memory


def neutralise(value):
    """Prefix a text cell that a spreadsheet would read as a formula with an apostrophe; other values unchanged."""
    if isinstance(value, str) and value and (value.startswith(FORMULA_PREFIXES) or NEUTRALISED.match(value)):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """Undo ``neutralise`` on a cell read back from an exported file, so export → import changes nothing."""
    if value.startswith("'") and NEUTRALISED.match(value):
        return value[1:]
    return value


def neutralise_dataset(dataset):
    """Neutralise a tablib dataset in place (headers and cells) and return it."""
    dataset.headers = [neutralise(str(h)) for h in dataset.headers or []]
    rows = [tuple(neutralise(cell) for cell in row) for row in dataset]
    headers = dataset.headers
    dataset.wipe()
    dataset.headers = headers
    for row in rows:
        dataset.append(row)
    return dataset


def export_headers(resource) -> list[str]:
    return [neutralise(str(header)) for header in resource.get_export_headers()]


def ordered_pks(queryset) -> list:
    """The primary keys of the queryset in its order, each once (a join in a filter can repeat a row)."""
    return list(dict.fromkeys(queryset.values_list("pk", flat=True)))


def export_rows(resource, queryset, pks: list | None = None, chunk_size: int = CHUNK_SIZE) -> Iterator[list]:
    """Neutralised rows of the resource for the queryset, in its order, fetched ``chunk_size`` objects at a time.

    Each chunk is loaded by primary key through the resource's ``export_queryset`` (its select_related and
    prefetch_related), so the list's own annotations and ordering are paid for once, in the query of the keys.
    """
    if pks is None:
        pks = ordered_pks(queryset)
    manager = queryset.model._default_manager
    row = getattr(resource, "export_row", None) or resource.export_resource
    for start in range(0, len(pks), chunk_size):
        chunk = pks[start : start + chunk_size]
        by_pk = {obj.pk: obj for obj in resource.export_queryset(manager.filter(pk__in=chunk))}
        for pk in chunk:
            obj = by_pk.get(pk)
            if obj is not None:  # deleted while the export ran
                yield [neutralise(value) for value in row(obj)]


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(headers: list[str], rows: Iterable[list], delimiter: str = ",") -> Iterator[str]:
    """CSV text in chunks: UTF-8 BOM first (so Danish Excel shows æ, ø and å), CRLF line ends as Excel writes them."""
    writer = csv.writer(_Echo(), delimiter=delimiter)
    buffer = ["\ufeff", writer.writerow(headers)]
    for row in rows:
        buffer.append(writer.writerow(row))
        if len(buffer) >= 500:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


def _xlsx_value(value):
    if isinstance(value, str):
        return XLSX_ILLEGAL.sub("", value)
    return value


def write_xlsx(path: str, headers: list[str], rows: Iterable[list], title: str = "Export") -> int:
    """Write an XLSX file with openpyxl's write-only mode (constant memory); returns the number of data rows."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(slugify(title) or "export")[:31])
    sheet.append([_xlsx_value(h) for h in headers])
    count = 0
    for row in rows:
        sheet.append([_xlsx_value(cell) for cell in row])
        count += 1
    workbook.save(path)
    return count


def export_filename(filename: str, extension: str) -> str:
    # Danish letters spelt out, as slugify would otherwise drop "ø" (møder → mder).
    name = filename.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return f"{slugify(name) or 'export'}-{stamp}.{extension}"


def export_response(*, resource, queryset, export_format: str, filename: str, delimiter: str = ","):
    """The export as an attachment: one response for small exports, a streamed one for large exports."""
    content_type, extension = EXPORT_FORMATS[export_format]
    name = export_filename(filename, extension)
    headers = export_headers(resource)
    pks = ordered_pks(queryset)
    rows = export_rows(resource, queryset, pks)
    if export_format == "csv":
        chunks = csv_chunks(headers, rows, delimiter=CSV_DELIMITERS.get(delimiter, ","))
        if len(pks) > STREAM_THRESHOLD:
            response = StreamingHttpResponse((chunk.encode("utf-8") for chunk in chunks), content_type=content_type)
        else:
            response = HttpResponse("".join(chunks).encode("utf-8"), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115 - handed to the response
    handle.close()
    try:
        write_xlsx(handle.name, headers, rows, title=filename)
        if len(pks) <= STREAM_THRESHOLD:
            with open(handle.name, "rb") as workbook:
                response = HttpResponse(workbook.read(), content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        workbook = open(handle.name, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        # Unlinked at once: the open handle keeps the data readable until the response closes it.
        os.unlink(handle.name)
    return FileResponse(workbook, as_attachment=True, filename=name, content_type=content_type)
