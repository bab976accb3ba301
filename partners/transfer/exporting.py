"""Export of a queryset through its django-import-export resource, as CSV (Danish Excel friendly) or XLSX.

Rows are read in chunks of primary keys, so an export of 100,000 rows never holds them all: CSV is streamed to the
client as it is written, XLSX is written by openpyxl's write-only mode to a temporary file that is then streamed.
Small exports (most of them) are sent as one ordinary response, through the same code.

Every text cell and heading that a spreadsheet would read as a formula is neutralised (CSV/formula injection):
``neutralise`` puts an apostrophe in front of it, which is what a CSV file can do (it has no cell types). Plain
numbers — a phone number ``+45 20 30 40 50``, an amount ``-1500`` — are data, not formulas, and are left as they are.
The XLSX writer turns a neutralised cell back into its own text and stores it as a text cell with Excel's
"quote prefix" style, so Excel shows ``+45 20 30 40 50`` and ``=HYPERLINK(…)`` as the text they are, without an
apostrophe, and never evaluates them (not even after the cell is edited). See docs/import-export.md.
"""

import csv
import itertools
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from ..models.folding import danish_ascii

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
# A plain number after its sign: digits, in groups split by spaces or by single dots or commas — a phone number
# "+45 20 30 40 50", an amount "-1500" or "-1.500,50". It has no function, reference or operator, so a spreadsheet can
# at most read it as the number it is: it is data, and neutralise() leaves it alone.
PLAIN_NUMBER = re.compile(r"[+-][0-9]+(?:(?: +|[.,])[0-9]+)*\Z")
# Characters XML 1.0 cannot hold; openpyxl refuses them, so they are dropped from XLSX cells.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

CHUNK_SIZE = 5000  # rows per database round trip (and per look-up of their relations)
STREAM_THRESHOLD = 2000  # exports with more rows than this are streamed instead of built in memory


RISKY_FIRST = frozenset("".join(FORMULA_PREFIXES) + "'")


def neutralise(value):
    """Prefix a text cell that a spreadsheet would read as a formula with an apostrophe; other values unchanged.

    A plain number (``PLAIN_NUMBER``: ``+45 20 30 40 50``, ``-1500``) is data and stays as it is; a text that starts
    with apostrophes and then a formula character gets one more, so ``unneutralise`` gives back exactly the text.
    """
    # Written for speed: an export calls this for every cell; almost every cell fails the first test.
    if isinstance(value, str) and value and value[0] in RISKY_FIRST:
        if value[0] == "'":
            if NEUTRALISED.match(value):
                return "'" + value
        elif not PLAIN_NUMBER.match(value):
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


@dataclass(frozen=True, eq=False)
class Value:
    """A column read from the export query itself (a field, or a path across foreign keys)."""

    path: str
    render: Callable


@dataclass(frozen=True, eq=False)
class Related:
    """A column from a look-up made once per chunk of rows (``lookup.fetch(ids)``: id → value)."""

    lookup: object
    render: Callable
    index: int | None = None  # for a look-up that gives tuples: which item


@dataclass(eq=False)
class RelatedNames:
    """A many-to-many relation as text: the related names in the related model's order, joined by ``separator``
    (or, with ``separator=None``, as a list: e.g. the related ids, for a column that renders them itself)."""

    through: type
    source: str  # the through model's column of the exported object, e.g. "contact_id"
    name_path: str  # e.g. "tag__name"
    ordering: list[str]
    separator: str | None

    def fetch(self, ids: list) -> dict:
        names: dict = {}
        rows = (
            of_ids(self.through.objects.all(), self.source, ids)
            .order_by(self.source, *self.ordering)
            .values_list(self.source, self.name_path)
        )
        if self.separator is None:
            for owner, value in rows:
                names.setdefault(owner, []).append(value)
            return names
        for owner, name in rows:
            if name is not None:
                names.setdefault(owner, []).append(str(name))
        return {owner: self.separator.join(values) for owner, values in names.items()}


@dataclass(eq=False)
class FirstRelated:
    """The first row of a related queryset per object (e.g. the primary current affiliation), as a tuple."""

    queryset: object
    owner: str  # e.g. "contact_id"
    ordering: list[str]
    paths: tuple[str, ...]

    def fetch(self, ids: list) -> dict:
        first: dict = {}
        rows = (
            of_ids(self.queryset, self.owner, ids)
            .order_by(self.owner, *self.ordering)
            .values_list(self.owner, *self.paths)
        )
        for owner, *values in rows:
            first.setdefault(owner, values)
        return first


def of_ids(queryset, attname: str, ids: list):
    """``queryset.filter(<attname>__in=ids)`` as ``= ANY(%s)``, one array parameter instead of thousands (Django
    prepares, and psycopg parses, each of those once per chunk)."""
    meta = queryset.model._meta
    column = meta.get_field(attname.removesuffix("_id")).column
    quote = connections[queryset.db].ops.quote_name
    return queryset.filter(
        RawSQL(f"{quote(meta.db_table)}.{quote(column)} = ANY(%s)", (list(ids),), output_field=BooleanField())
    )


def export_rows(resource, queryset, pks: list | None = None, chunk_size: int | None = None) -> Iterator[list]:
    """Neutralised rows of the resource for the queryset, in its order, each object once.

    When the resource can describe its columns as values (``BaseResource.export_columns``), they are read with
    ``values_list`` through a server-side cursor and the relations are looked up once per chunk of rows — no model
    objects are built. Otherwise objects are loaded by primary key in chunks through the resource's
    ``export_queryset`` (its select_related and prefetch_related).
    """
    chunk_size = chunk_size or CHUNK_SIZE
    columns_of = getattr(resource, "export_columns", None)
    columns = columns_of() if columns_of else None
    if columns is not None and pks is None:
        yield from _value_rows(queryset, columns, chunk_size)
        return
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


def _value_rows(queryset, columns, chunk_size) -> Iterator[list]:
    paths = [column.path for column in columns if isinstance(column, Value)]
    lookups = list({id(c.lookup): c.lookup for c in columns if isinstance(c, Related)}.values())
    # Only the values are read: the list's prefetching and its unused annotations drop out of the query.
    values = queryset.prefetch_related(None).values_list("pk", *paths).iterator(chunk_size=chunk_size)
    # A row is built as the query's values (in column order), with the looked-up columns inserted where they belong;
    # then only the columns that need it are rendered (most are text already).
    inserts = [
        (position, lookups.index(column.lookup), column.index)
        for position, column in enumerate(columns)
        if isinstance(column, Related)
    ]
    renders = [(position, column.render) for position, column in enumerate(columns) if column.render is not text]
    seen: set = set()
    risky = RISKY_FIRST
    for chunk, fetched in _chunks_with_lookups(queryset.db, values, lookups, chunk_size):
        for row in chunk:
            pk = row[0]
            if pk in seen:
                continue
            seen.add(pk)
            cells = list(row[1:])
            for position, lookup, item in inserts:
                value = fetched[lookup].get(pk)
                if item is not None and value is not None:
                    value = value[item]
                cells.insert(position, value)
            for position, render in renders:
                cells[position] = render(cells[position])
            # One pass over the cells, inline: most are text that needs neither str() nor neutralise().
            for position, value in enumerate(cells):
                if value.__class__ is not str:
                    cells[position] = "" if value is None else neutralise(str(value))
                elif value and value[0] in risky:
                    cells[position] = neutralise(value)
            yield cells


def _chunks_with_lookups(alias: str, values, lookups: list, chunk_size: int) -> Iterator[tuple[list, list]]:
    """(rows, looked-up values) per chunk. Outside a transaction the look-ups of the next chunk run in a second
    thread (with its own connection) while this one writes the current chunk: the database and Python overlap.
    Inside a transaction (tests, or a caller's atomic block) another connection would not see the same data, so
    there everything runs here."""

    def fetch(chunk):
        ids = [row[0] for row in chunk]
        return [lookup.fetch(ids) for lookup in lookups]

    connection = connections[alias]
    if not lookups or connection.in_atomic_block:
        while chunk := list(itertools.islice(values, chunk_size)):
            yield chunk, fetch(chunk)
        return

    with ThreadPoolExecutor(max_workers=1) as worker:
        try:
            chunk = list(itertools.islice(values, chunk_size))
            pending = worker.submit(fetch, chunk) if chunk else None
            while pending is not None:
                following = list(itertools.islice(values, chunk_size))
                fetched = pending.result()
                pending = worker.submit(fetch, following) if following else None
                yield chunk, fetched
                chunk = following
        finally:
            # Also when the client goes away mid-download: the worker's own connection is closed.
            worker.submit(lambda: connections[alias].close()).result()


def text(value) -> str:
    """A value as export text: strings as they are, None as an empty cell."""
    return value if value.__class__ is str else ("" if value is None else str(value))


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


# A text starting with one of these is not plain text to Excel when typed (a formula, an error value such as #N/A, or
# a quote prefix): the XLSX writer stores it as a text cell with the quote prefix style.
XLSX_TEXT_FIRST = RISKY_FIRST | {"#"}


def xlsx_text(value: str) -> str:
    """The text an XLSX cell shows for a (neutralised) export cell: the neutralising apostrophe taken off again.

    The import removes one apostrophe in front of a formula character from every cell (``unneutralise``, for the
    CSV files and for XLSX files written before the writer did this). So a text that itself starts with apostrophes and
    a formula character (``'=x``, rare) keeps the neutralised form (``''=x``): what Excel shows has one apostrophe
    more, and export → import still gives back exactly the text.
    """
    if value.startswith("'") and NEUTRALISED.match(value) and not NEUTRALISED.match(value, 1):
        return value[1:]
    return value


def _xlsx_cell(sheet, value):
    """A value as openpyxl writes it: numbers and dates as they are, text without the characters XML cannot hold, and
    a text that Excel would not take as plain text (``=HYPERLINK(…)``, ``+45 …``, ``-2+3``, ``#N/A``) as a text cell
    with the quote prefix style — never a formula, an error value, or a neutralising apostrophe on the screen."""
    if not isinstance(value, str):
        return value
    if XLSX_ILLEGAL.search(value):
        value = XLSX_ILLEGAL.sub("", value)
    if not value:
        return None  # no cell at all (openpyxl would write an empty text cell)
    if value[0] not in XLSX_TEXT_FIRST:
        return value
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES

    if value[0] == "#" and value not in ERROR_CODES:
        return value
    cell = WriteOnlyCell(sheet, xlsx_text(value))
    cell.data_type = "s"  # openpyxl makes "=…" a formula and "#N/A" an error; this keeps it text
    cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def write_xlsx(path: str, headers: list[str], rows: Iterable[list], title: str = "Export") -> int:
    """Write an XLSX file with openpyxl's write-only mode (constant memory); returns the number of data rows.

    ``headers`` and ``rows`` are neutralised (as for CSV); each cell is written as ``_xlsx_cell`` says."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(slugify(title) or "export")[:31])
    sheet.append([_xlsx_cell(sheet, h) for h in headers])
    count = 0
    for row in rows:
        sheet.append([_xlsx_cell(sheet, cell) for cell in row])
        count += 1
    workbook.save(path)
    return count


def export_filename(filename: str, extension: str) -> str:
    # Danish letters spelt out, as slugify would otherwise drop "ø" (møder → mder).
    name = danish_ascii(filename)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return f"{slugify(name) or 'export'}-{stamp}.{extension}"


def export_response(*, resource, queryset, export_format: str, filename: str, delimiter: str = ","):
    """The export of a resource's rows as an attachment (every list page's "Export")."""
    return file_response(
        headers=export_headers(resource),
        rows=export_rows(resource, queryset),
        export_format=export_format,
        filename=filename,
        delimiter=delimiter,
    )


def file_response(*, headers, rows, export_format: str, filename: str, delimiter: str = ",", title: str = ""):
    """Rows as a CSV or XLSX attachment: one response for a small file, a streamed one for a large file.

    ``headers`` and ``rows`` must be neutralised already (``export_rows`` and ``neutralise`` do it): CSV writes them
    as they are, XLSX as text cells without the apostrophe (``write_xlsx``). Numbers (int, Decimal, float) stay numbers:
    number cells in XLSX, plain in CSV. The one way the register hands out a file: list exports, the mail merge and
    the yearly figures all come through here.
    """
    content_type, extension = EXPORT_FORMATS[export_format]
    name = export_filename(filename, extension)
    rows = iter(rows)
    # Read ahead up to the threshold: a small export is sent whole, a large one streams from where this stopped.
    first = list(itertools.islice(rows, STREAM_THRESHOLD + 1))
    small = len(first) <= STREAM_THRESHOLD
    rows = itertools.chain(first, rows)
    if export_format == "csv":
        chunks = csv_chunks(headers, rows, delimiter=CSV_DELIMITERS.get(delimiter, ","))
        if small:
            response = HttpResponse("".join(chunks).encode("utf-8"), content_type=content_type)
        else:
            response = StreamingHttpResponse((chunk.encode("utf-8") for chunk in chunks), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115 - handed to the response
    handle.close()
    try:
        write_xlsx(handle.name, headers, rows, title=title or filename)
        if small:
            with open(handle.name, "rb") as workbook:
                response = HttpResponse(workbook.read(), content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        workbook = open(handle.name, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        # Unlinked at once: the open handle keeps the data readable until the response closes it.
        os.unlink(handle.name)
    return FileResponse(workbook, as_attachment=True, filename=name, content_type=content_type)
