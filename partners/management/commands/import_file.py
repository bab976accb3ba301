import errno
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partners.models.imports import ImportMode

from ... import registry
from ...transfer.imports import entity_key, import_file
from ...transfer.reading import AUTO, DELIMITER_NAMES, ENCODINGS, FileProblem
from ..output import LocalisedCommand, format_number, progress_line

# Why a file cannot be read, in the command's language (the operating system's own text otherwise).
READ_ERRORS = {
    errno.ENOENT: gettext_lazy("the file does not exist"),
    errno.EACCES: gettext_lazy("no permission to read it"),
    errno.EISDIR: gettext_lazy("it is a folder, not a file"),
}


class Command(LocalisedCommand):
    help = gettext_lazy(
        "Import a CSV or XLSX file the way the import page does: every row validated, then all rows saved in one "
        "transaction, or none if any row has an error (the errors are listed and the command exits with status 1)."
    )

    def add_arguments(self, parser):
        known = ", ".join(sorted(e.key for e in registry.importable()))
        parser.add_argument("entity", help=_("what the file holds: %(entities)s") % {"entities": known})
        parser.add_argument("path", help=_("the CSV or XLSX file"))
        parser.add_argument("--dry-run", action="store_true", help=_("check and report; save nothing"))
        modes = "; ".join(f"{mode.value}: {mode.label}" for mode in ImportMode)
        parser.add_argument(
            "--mode",
            choices=ImportMode.values,
            default=ImportMode.CREATE_UPDATE,
            help=_("%(modes)s (default: %(default)s)") % {"modes": modes, "default": ImportMode.CREATE_UPDATE.value},
        )
        encodings = "; ".join(f"{code}: {label}" for code, label in ENCODINGS.items())
        parser.add_argument(
            "--encoding",
            choices=[AUTO, *ENCODINGS],
            default=AUTO,
            help=_("the file's character encoding: auto (default, detected); %(encodings)s") % {"encodings": encodings},
        )
        parser.add_argument(
            "--delimiter", default=AUTO, help=_("auto (default), semicolon, comma or tab (or the character)")
        )
        parser.add_argument("--user", help=_("user name to record as the importer (history and import batch)"))

    def handle(self, *args, entity, path, dry_run, mode, encoding, delimiter, user, **options):
        if entity_key(entity) is None:
            known = ", ".join(sorted(e.key for e in registry.importable()))
            raise CommandError(
                _("Unknown entity “%(entity)s”: use one of %(entities)s.") % {"entity": entity, "entities": known}
            )
        if delimiter != AUTO and delimiter not in DELIMITER_NAMES:
            raise CommandError(
                _("Unknown delimiter “%(delimiter)s”: use auto, semicolon, comma or tab.") % {"delimiter": delimiter}
            )
        importer = None
        if user:
            model = get_user_model()
            importer = model.objects.filter(**{model.USERNAME_FIELD: user}).first()
            if importer is None:
                raise CommandError(_("No user is called “%(user)s”.") % {"user": user})
        file = Path(path)
        try:
            data = file.read_bytes()
        except OSError as error:
            reason = READ_ERRORS.get(error.errno) or error.strerror
            raise CommandError(_("Cannot read %(path)s: %(error)s.") % {"path": path, "error": reason}) from None

        printed = set()

        def progress(done: int, total: int) -> None:
            if total and (done % 10_000 == 0 or done == total) and done not in printed:
                printed.add(done)
                self.stderr.write(progress_line(done, total))
                self.stderr.flush()

        try:
            report = import_file(
                entity=entity,
                data=data,
                file_name=file.name,
                user=importer,
                mode=mode,
                encoding=encoding,
                delimiter=delimiter,
                commit=not dry_run,
                preview_limit=0,
                error_limit=sys.maxsize,
                progress=progress,
            )
        except FileProblem as problem:
            raise CommandError(problem.message) from None

        described = report.encoding_label if report.file_format == "csv" else "XLSX"
        self.stdout.write(
            ngettext(
                "%(file)s: %(rows)s row (%(format)s) in %(seconds)s s",
                "%(file)s: %(rows)s rows (%(format)s) in %(seconds)s s",
                report.total_rows,
            )
            % {
                "file": file.name,
                "rows": format_number(report.total_rows),
                "format": described,
                "seconds": format_number(report.seconds, 1),
            }
        )
        for notice in report.notices:
            self.stdout.write(f"  {notice}")
        counts = report.counts
        self.stdout.write(
            "  "
            + _(
                "new %(new)s, updated %(updated)s, unchanged %(unchanged)s, skipped %(skipped)s, "
                "rows with errors %(error)s"
            )
            % {key: format_number(value) for key, value in counts.items()}
        )
        if report.errors:
            for error in report.errors:
                where = _("Row %(row)s") % {"row": error.row} if error.row else _("The file")
                column = f", {error.column}" if error.column else ""
                value = f" “{error.value}”" if error.value else ""
                self.stderr.write(f"{where}{column}:{value} {error.message}")
            raise CommandError(_("Nothing was imported: %(rows)s rows have errors.") % {"rows": report.error_rows})
        if dry_run:
            self.stdout.write(self.style.SUCCESS(_("Dry run: the file can be imported; nothing was saved.")))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Imported as import no. %(batch)s (history: %(reason)s).")
                    % {"batch": report.batch.pk, "reason": report.batch.change_reason}
                )
            )
