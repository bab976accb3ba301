"""Running an import: a file through its resource, as a preview (dry run) or for real, and the report of it.

The staff pages, the ``import_file`` command and the benchmark all call ``import_file``; a file either imports
completely, in one transaction recorded as an ``ImportBatch``, or not at all.
"""

import csv
import hashlib
import io
import logging
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import registry
from ..models import Affiliation, ImportBatch, OrganisationAlias, Theme
from ..models.imports import ImportMode
from ..selectors.duplicates import contact_duplicates, organisation_duplicates
from . import writing
from .exporting import neutralise, write_xlsx
from .lookups import CREATABLE, MAPPABLE, NEW, LookupError_, Suggestion, fold, norm, suggestions
from .reading import AUTO, ENCODINGS, FileProblem, Table, read_table
from .values import as_text

logger = logging.getLogger(__name__)

SHOWN_VALUE_LENGTH = 200
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Distinct unmatched values offered for mapping at a time, the most used first (up to ~90 ms each at the scale).
MAPPING_LIMIT = 20
LIKELY_CHECK_LIMIT = 25  # new rows checked for a likely existing record (three queries each)
PARTIAL_PASSES = 5  # dry runs to find the rows that fail (a row may fail because a row it needs was left out)
# The column the file of rejected rows adds (``rest_file``); an import reads past it, so the fixed file goes back in.
ERROR_COLUMN = gettext_lazy("Errors")


def entity_key(value: str | None) -> str | None:
    """The key of the importable entity ``value`` names (its key or an alias, e.g. "organisation"), else None."""
    entity = registry.find(value)
    return entity.key if entity is not None and entity.import_resource is not None else None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class CellError:
    row: int  # spreadsheet row (0: the file as a whole)
    column: str
    value: str
    message: str


@dataclass
class RowPreview:
    row: int
    status: str  # new, updated, unchanged, skipped
    label: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (column, old, new) of an updated row
    values: list[tuple[str, str]] = field(default_factory=list)  # (column, value) of a new row
    reason: str = ""
    number: int = 0  # the data row (1-based) in the dataset the import ran
    likely: list = field(default_factory=list)  # a new row's likely existing records (selectors.duplicates.Duplicate)


@dataclass
class UnmatchedValue:
    """A value of the file that names no record, for the mapping step: how many rows use it, what it may be."""

    kind: str
    value: str
    rows: list[int]
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def creatable(self) -> bool:
        return self.kind in CREATABLE


@dataclass
class ImportReport:
    entity: str
    mode: str
    file_name: str
    sha256: str
    file_format: str = ""
    encoding: str = ""
    delimiter: str = ""
    total_rows: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: {"new": 0, "updated": 0, "unchanged": 0, "skipped": 0, "error": 0}
    )
    rows: list[RowPreview] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    error_rows: int = 0
    notices: list[str] = field(default_factory=list)
    columns: list[tuple[str, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    new_tags: list[str] = field(default_factory=list)
    new_themes: list[str] = field(default_factory=list)
    unmatched: list[UnmatchedValue] = field(default_factory=list)
    unmatched_total: int = 0
    left_out: int = 0  # rows not imported on purpose (a partial import's rows with errors)
    committed: bool = False
    batch: ImportBatch | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def encoding_label(self) -> str:
        return str(ENCODINGS.get(self.encoding, self.encoding))

    @property
    def changes(self) -> int:
        return self.counts["new"] + self.counts["updated"]


class _Rollback(Exception):
    pass


def map_columns(resource_class, table: Table, mode: str) -> tuple[list[str | None], list[tuple[str, str]], list[str]]:
    """(field key or None for each column, (heading, what it fills) for each known column, ignored headings).

    ``FileProblem`` when two columns mean the same field, when no column is known, or when a required one is missing.
    """
    aliases = resource_class.header_aliases()
    keys: list[str | None] = []
    columns: list[tuple[str, str]] = []
    ignored: list[str] = []
    seen: dict[str, str] = {}
    error_headings = error_column_names()
    for header in table.headers:
        key = aliases.get(norm(header))
        if key is None:
            if norm(header) not in error_headings:
                ignored.append(header)
            keys.append(None)
            continue
        if key in seen:
            raise FileProblem(
                _("The columns “%(first)s” and “%(second)s” both mean “%(field)s”. Remove one of them.")
                % {"first": seen[key], "second": header, "field": resource_class.label(key)}
            )
        seen[key] = header
        keys.append(key)
        shown_only = key in resource_class.informational
        columns.append((header, _("not imported (for information)") if shown_only else resource_class.label(key)))
    if not seen:
        expected = ", ".join(f"“{resource_class.label(k)}”" for k in resource_class.column_keys())
        raise FileProblem(
            _("None of the columns is one the import knows. The first row must hold the headings, e.g. %(columns)s.")
            % {"columns": expected}
        )
    missing = resource_class.missing_columns(set(seen), mode)
    if missing:
        raise FileProblem(
            _("The file has no column %(columns)s. Add it (the first row holds the headings) and try again.")
            % {"columns": _(", and no column ").join(missing)}
        )
    return keys, columns, ignored


def error_column_names() -> set[str]:
    names = set()
    for language in ("da", "en"):
        with translation.override(language):
            names.add(norm(str(ERROR_COLUMN)))
    return names


def lookup_mapping(mapping: dict | None) -> dict[str, dict[str, object]]:
    """The stored mapping (kind → folded value → {"target": id or "new", …}) as the lookups read it."""
    result: dict[str, dict[str, object]] = {}
    for kind, values in (mapping or {}).items():
        if kind in MAPPABLE:
            result[kind] = {key: choice["target"] for key, choice in values.items() if "target" in choice}
    return result


def import_file(
    *,
    entity: str,
    data: bytes,
    file_name: str,
    user=None,
    mode: str = ImportMode.CREATE_UPDATE,
    encoding: str = AUTO,
    delimiter: str = AUTO,
    commit: bool = False,
    preview_limit: int = 200,
    error_limit: int | None = 1000,
    progress: Callable[[int, int], None] | None = None,
    mapping: dict | None = None,
    leave_out: frozenset[int] = frozenset(),
) -> ImportReport:
    """Preview (``commit=False``) or import a file. ``FileProblem`` when the file cannot be read at all.

    ``mapping``: what the mapping step chose for values that name no record (``lookup_mapping``); saved with the rows,
    the aliases it asks to remember and the themes it asks to create are written first, in the same transaction.
    ``leave_out``: the spreadsheet rows not to import (a partial import's rows with errors).
    """
    started = time.perf_counter()
    key = entity_key(entity)
    if key is None:
        raise FileProblem(_("Unknown kind of data to import: %(entity)s.") % {"entity": entity})
    entity = key
    if mode not in ImportMode.values:
        raise FileProblem(_("Unknown import mode: %(mode)s.") % {"mode": mode})
    resource_class = registry.get(entity).import_resource
    report = ImportReport(entity=entity, mode=mode, file_name=file_name, sha256=sha256(data))
    table = read_table(data, file_name=file_name, encoding=encoding, delimiter=delimiter)
    if leave_out:
        kept = [i for i, number in enumerate(table.row_numbers) if number not in leave_out]
        report.left_out = len(table.rows) - len(kept)
        table.rows = [table.rows[i] for i in kept]
        table.row_numbers = [table.row_numbers[i] for i in kept]
    report.file_format, report.encoding, report.delimiter = table.file_format, table.encoding, table.delimiter
    keys, report.columns, report.ignored_columns = map_columns(resource_class, table, mode)
    report.notices += table.notices
    if report.ignored_columns:
        report.notices.append(
            _("These columns are not imported: %(columns)s.")
            % {"columns": ", ".join(f"“{h}”" for h in report.ignored_columns)}
        )
    positions = [i for i, key in enumerate(keys) if key]
    headers = [keys[i] for i in positions]
    file_header = {keys[i]: table.headers[i] for i in positions}  # field key → the heading the file uses
    dataset = tablib.Dataset(*([row[i] for i in positions] for row in table.rows), headers=headers)
    report.total_rows = len(dataset)

    resource = resource_class(for_import=True, mode=mode, user=user)
    resource.lookups.mapping = lookup_mapping(mapping)
    resource.lookups.current_row = lambda: resource.row_number
    resource.row_numbers = table.row_numbers
    if progress is not None:
        resource.progress = lambda done: progress(done, len(dataset))
    if not commit:
        result = resource.import_data(dataset, dry_run=True, use_transactions=True)
        if progress is not None:
            progress(len(dataset), len(dataset))
        _fill_report(report, resource, result, dataset, headers, file_header, preview_limit, error_limit)
    else:
        try:
            with transaction.atomic():
                batch = ImportBatch.objects.create(
                    user=user if getattr(user, "pk", None) else None,
                    entity=entity,
                    mode=mode,
                    file_name=file_name[:255],
                    sha256=report.sha256,
                    file_format=table.file_format,
                    encoding=table.encoding,
                    delimiter=table.delimiter,
                    total_rows=len(dataset),
                )
                resource.batch = batch
                save_mapped_records(mapping, user=user, reason=batch.change_reason)
                result = resource.import_data(
                    dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
                )
                if progress is not None:
                    progress(len(dataset), len(dataset))
                # After the rows are written, a new row would only be found "likely" as itself: no check.
                _fill_report(
                    report, resource, result, dataset, headers, file_header, preview_limit, error_limit, likely=False
                )
                if report.errors:
                    raise _Rollback
                batch.created_count = report.counts["new"]
                batch.updated_count = report.counts["updated"]
                batch.unchanged_count = report.counts["unchanged"]
                batch.skipped_count = report.counts["skipped"]
                batch.seconds = round(time.perf_counter() - started, 3)
                batch.save()
                report.batch = batch
                report.committed = True
        except _Rollback:
            report.committed = False
    report.seconds = time.perf_counter() - started
    return report


def _fill_report(
    report, resource, result, dataset, headers, file_header, preview_limit, error_limit, *, likely: bool = True
) -> None:
    for row_result in result.rows:
        kind = row_result.import_type
        if kind == "new":
            status = "new"
        elif kind == "update":
            status = "updated"
        elif kind == "skip":
            status = "skipped" if getattr(row_result, "skip_reason", None) else "unchanged"
        else:
            continue  # errors are reported from invalid_rows / error_rows below
        report.counts[status] += 1
        if status in ("new", "updated", "skipped") and len(report.rows) < preview_limit:
            number = getattr(row_result, "number", 0)
            report.rows.append(
                RowPreview(
                    row=resource.sheet_row(number),
                    status=status,
                    label=row_result.object_repr or "",
                    changes=[
                        (
                            _column(resource, file_header, key),
                            _shown(resource.display(key, old)),
                            _shown(resource.display(key, new)),
                        )
                        for key, old, new in getattr(row_result, "changes", [])
                    ],
                    values=[
                        (_column(resource, file_header, key), _shown(as_text(value)))
                        for key, value in getattr(row_result, "values", [])
                    ],
                    reason=_skip_reason(resource, getattr(row_result, "skip_reason", None)),
                    number=number,
                )
            )
    report.rows.sort(key=lambda preview: preview.row)  # rows may be imported in another order (parents first)
    if likely:
        _mark_likely_existing(report, resource, dataset, headers)
    errors: list[CellError] = []
    for invalid in result.invalid_rows:
        row = resource.sheet_row(invalid.number)
        values = dict(zip(headers, dataset[invalid.number - 1], strict=False))
        for key, messages in invalid.error_dict.items():
            column_key = _column_key(resource, key)
            value = "" if column_key is None else _shown(as_text(values.get(column_key)))
            for message in messages:
                errors.append(CellError(row, _column(resource, file_header, column_key), value, str(message)))
    for error_row in result.error_rows:
        for error in error_row.errors:
            logger.error("Import of %s, row %s failed", report.file_name, error_row.number, exc_info=error.error)
            errors.append(
                CellError(
                    resource.sheet_row(error_row.number),
                    "",
                    "",
                    _("The row could not be imported because of an unexpected error (%(error)s).")
                    % {"error": type(error.error).__name__},
                )
            )
    for error in result.base_errors:
        logger.error("Import of %s failed", report.file_name, exc_info=error.error)
        errors.append(
            CellError(
                0,
                "",
                "",
                _("The file could not be saved (%(error)s). Nothing was imported.") % {"error": error.error},
            )
        )
    errors.sort(key=lambda e: e.row)
    report.error_rows = len({e.row for e in errors})
    report.counts["error"] = report.error_rows
    report.errors = errors[:error_limit]
    if error_limit is not None and len(errors) > error_limit:
        report.notices.append(
            _("Only the first %(shown)s of %(count)s errors are shown.") % {"shown": error_limit, "count": len(errors)}
        )
    report.new_tags = sorted(tag.name for tag in resource.lookups.new_tags.values())
    report.new_themes = sorted(theme.name for theme in resource.lookups.new_themes.values())
    _fill_unmatched(report, resource)


def _mark_likely_existing(report, resource, dataset, headers) -> None:
    """Mark the first new rows that are probably a record the register holds under another spelling: an organisation
    with a similar folded name (not the same name under another parent: that is another unit), a contact with the same
    folded name at the same organisation (``selectors.duplicates``)."""
    if report.entity not in ("organisations", "contacts"):
        return
    checked = 0
    for preview in report.rows:
        if preview.status != "new" or not preview.number:
            continue
        checked += 1
        if checked > LIKELY_CHECK_LIMIT:
            break
        row = dict(zip(headers, dataset[preview.number - 1], strict=False))
        if report.entity == "organisations":
            preview.likely = _likely_organisations(resource, row)
        else:
            preview.likely = _likely_contacts(resource, row)


def _organisation_id(resource, value) -> int | None:
    """The organisation a cell names (or the mapping step chose for it), without noting it as unmatched."""
    text = as_text(value)
    if not text:
        return None
    try:
        return resource.lookups.organisations.resolve(text).pk
    except LookupError_:
        mapped = resource.lookups.mapped("organisation", text)
        return mapped.pk if mapped is not None else None


def _likely_organisations(resource, row: dict) -> list:
    name = as_text(row.get("name"))
    if not name:
        return []
    parent_id = _organisation_id(resource, row.get("parent"))
    found = organisation_duplicates(name=name, cvr=as_text(row.get("cvr")) or None, parent_id=parent_id, limit=3)
    return [d for d in found if fold(d.record.name) != fold(name) or d.record.parent_id == parent_id]


def _likely_contacts(resource, row: dict) -> list:
    organisation_id = _organisation_id(resource, row.get("organisation"))
    if organisation_id is None:
        return []
    first, last = as_text(row.get("first_name")), as_text(row.get("last_name"))
    full_name = fold(f"{first} {last}")
    found = contact_duplicates(first_name=first, last_name=last, organisation_ids=[organisation_id], limit=3)
    namesakes = [d for d in found if fold(f"{d.record.first_name} {d.record.last_name}") == full_name]
    if not namesakes:
        return []
    colleagues = set(
        Affiliation.objects.current()
        .filter(contact__in=[d.record.pk for d in namesakes], organisation_id=organisation_id)
        .values_list("contact_id", flat=True)
    )
    return [d for d in namesakes if d.record.pk in colleagues]


def _fill_unmatched(report, resource) -> None:
    """The values that name no record, most used first, with ranked suggestions (a new tag only if it resembles an
    existing one: tags are created freely)."""
    found = sorted(resource.lookups.unmatched.values(), key=lambda u: (-len(u.rows), u.kind, u.value.casefold()))
    new_tags_looked_up = 0
    for entry in found:
        if len(report.unmatched) >= MAPPING_LIMIT:
            break
        if entry.kind == "tag":
            new_tags_looked_up += 1
            if new_tags_looked_up > MAPPING_LIMIT:
                continue  # a file of a thousand new tags: the most used are compared, the rest simply created
        ranked = suggestions(entry.kind, entry.value)
        if entry.kind == "tag" and not ranked:
            continue
        rows = sorted(resource.sheet_row(number) for number in entry.rows)
        report.unmatched.append(UnmatchedValue(entry.kind, entry.value, rows, ranked))
    report.unmatched_total = len([entry for entry in found if entry.kind != "tag"]) + len(
        [entry for entry in report.unmatched if entry.kind == "tag"]
    )


def save_mapped_records(mapping: dict | None, *, user, reason: str) -> None:
    """Write what the mapping step asked for besides the choices: the names to remember as an organisation's alias,
    the themes to create. Called inside the import's transaction, before its rows."""
    mapping = mapping or {}
    aliases = []
    known = {
        (organisation_id, fold(name))
        for organisation_id, name in OrganisationAlias.objects.values_list("organisation_id", "name")
    }
    for choice in mapping.get("organisation", {}).values():
        target, name = choice.get("target"), choice.get("value", "")
        if choice.get("alias") and isinstance(target, int) and name and (target, fold(name)) not in known:
            known.add((target, fold(name)))
            aliases.append(OrganisationAlias(organisation_id=target, name=name[:200]))
    writing.insert(aliases, OrganisationAlias, user=user, reason=reason)
    existing = {norm(name) for name in Theme.objects.values_list("name", flat=True)}
    themes = []
    for choice in mapping.get("theme", {}).values():
        name = " ".join(choice.get("value", "").split())[:100]
        if choice.get("target") == NEW and name and norm(name) not in existing:
            existing.add(norm(name))
            themes.append(Theme(name=name))
    writing.insert(themes, Theme, user=user, reason=reason)


def _shown(value: str) -> str:
    return value if len(value) <= SHOWN_VALUE_LENGTH else value[:SHOWN_VALUE_LENGTH] + "…"


def _column_key(resource, key: str) -> str | None:
    """The resource column an error key (a field key, a model field name or NON_FIELD_ERRORS) belongs to."""
    if key == NON_FIELD_ERRORS:
        return None
    if key in resource.fields or key in resource.extra_columns:
        return key
    for column, resource_field in resource.fields.items():
        if resource_field.attribute in (key, f"{key}_id"):
            return column
    return key


def _column(resource, file_header: dict[str, str], key: str | None) -> str:
    if key is None:
        return ""
    return file_header.get(key) or resource.label(key)


def _skip_reason(resource, reason: str | None) -> str:
    if reason == "exists":
        return _("already in the register (mode: create only)")
    if reason == "missing":
        return _("not in the register (mode: update only)")
    return ""


@dataclass
class RestFile:
    """The rows a partial import left out, as a file like the one uploaded, with the column ``ERROR_COLUMN``."""

    data: bytes
    file_name: str
    content_type: str
    rows: int


def import_valid_rows(*, data: bytes, file_name: str, **options) -> tuple[ImportReport, RestFile | None]:
    """Import the rows without errors (the user's explicit second choice; all or nothing is the default) and hand
    the others back as a ``RestFile``.

    Dry runs find the failing rows; a row can fail only once another is left out (a contact whose organisation row
    had an error), so it runs again without them until no row fails (at most ``PARTIAL_PASSES`` times). An error of
    the file as a whole (row 0) imports nothing. Returns the report of the import (or of the last dry run, with its
    errors, when nothing was saved) and the rest file (None when nothing was saved or nothing was left out).
    """
    options.pop("commit", None)
    failed: dict[int, list[CellError]] = {}
    with_errors = None
    for _attempt in range(PARTIAL_PASSES):
        report = import_file(
            data=data, file_name=file_name, commit=False, leave_out=frozenset(failed), error_limit=None, **options
        )
        if not report.errors:
            break
        with_errors = report
        if any(error.row == 0 for error in report.errors):
            return report, None
        for error in report.errors:
            failed.setdefault(error.row, []).append(error)
    else:
        return report, None
    if with_errors is not None and not report.total_rows:
        return with_errors, None  # no row is valid: nothing to import, the errors are the answer
    report = import_file(data=data, file_name=file_name, commit=True, leave_out=frozenset(failed), **options)
    if not report.committed or not failed:
        return report, None
    return report, rest_file(data, file_name=file_name, report=report, failed=failed)


def rest_file(data: bytes, *, file_name: str, report: ImportReport, failed: dict[int, list[CellError]]) -> RestFile:
    """The rows ``failed`` (spreadsheet row → its errors) of the uploaded file, each with its errors in a last
    column; CSV with the file's separator and character set, or XLSX."""
    delimiter = report.delimiter or ";"
    table = read_table(data, file_name=file_name, encoding=report.encoding or AUTO, delimiter=delimiter)
    # A rest file imported again brings its old error column: it is replaced, not repeated.
    errors_seen = error_column_names()
    keep = [i for i, header in enumerate(table.headers) if norm(header) not in errors_seen]
    headers = [*(table.headers[i] for i in keep), str(ERROR_COLUMN)]
    rows = []
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        if number in failed:
            problems = "; ".join(
                f"{error.column}: {error.message}" if error.column else error.message for error in failed[number]
            )
            rows.append([*(row[i] for i in keep), problems])
    stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    name = f"{stem}-{_('errors')}"
    if table.file_format == "xlsx":
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
            write_xlsx(out.name, [neutralise(h) for h in headers], ([neutralise(c) for c in r] for r in rows))
            content = Path(out.name).read_bytes()
        return RestFile(content, f"{name}.xlsx", XLSX_TYPE, len(rows))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    writer.writerows([neutralise(as_text(cell)) for cell in row] for row in rows)
    encoding = report.encoding or "utf-8-sig"
    if encoding == "utf-8" and data.isascii():
        encoding = "utf-8-sig"  # plain ASCII read as UTF-8: the BOM makes Excel show the messages' æ, ø and å
    content = buffer.getvalue().encode(encoding, errors="replace")
    return RestFile(content, f"{name}.csv", "text/csv", len(rows))
