"""Running an import: a file through its resource, as a preview (dry run) or for real, and the report of it.

The staff pages, the ``import_file`` command and the benchmark all call ``import_file``; a file either imports
completely, in one transaction recorded as an ``ImportBatch``, or not at all.
"""

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext as _

from .. import registry
from ..models import ImportBatch
from ..models.imports import ImportMode
from .lookups import norm
from .reading import AUTO, ENCODINGS, FileProblem, Table, read_table
from .values import as_text

logger = logging.getLogger(__name__)

SHOWN_VALUE_LENGTH = 200


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
    for header in table.headers:
        key = aliases.get(norm(header))
        if key is None:
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
    error_limit: int = 1000,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Preview (``commit=False``) or import a file. ``FileProblem`` when the file cannot be read at all."""
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
                result = resource.import_data(
                    dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
                )
                if progress is not None:
                    progress(len(dataset), len(dataset))
                _fill_report(report, resource, result, dataset, headers, file_header, preview_limit, error_limit)
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


def _fill_report(report, resource, result, dataset, headers, file_header, preview_limit, error_limit) -> None:
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
                )
            )
    report.rows.sort(key=lambda preview: preview.row)  # rows may be imported in another order (parents first)
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
    if len(errors) > error_limit:
        report.notices.append(
            _("Only the first %(shown)s of %(count)s errors are shown.") % {"shown": error_limit, "count": len(errors)}
        )
    report.new_tags = sorted(tag.name for tag in resource.lookups.new_tags.values())


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
