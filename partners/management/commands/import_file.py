import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partners.models.imports import ImportMode

from ... import registry
from ...transfer.imports import entity_key, import_file
from ...transfer.reading import AUTO, DELIMITER_NAMES, ENCODINGS, FileProblem


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file the way the import page does: every row validated, then all rows saved in one "
        "transaction, or none if any row has an error (the errors are listed and the command exits with status 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("entity", help="organisations, contacts, meetings, areas, collaborations or invitations")
        parser.add_argument("path", help="the CSV or XLSX file")
        parser.add_argument("--dry-run", action="store_true", help="check and report; save nothing")
        parser.add_argument("--mode", choices=ImportMode.values, default=ImportMode.CREATE_UPDATE)
        parser.add_argument("--encoding", choices=[AUTO, *ENCODINGS], default=AUTO)
        parser.add_argument("--delimiter", default=AUTO, help="auto, semicolon, comma or tab (or the character)")
        parser.add_argument("--user", help="user name to record as the importer (history and import batch)")

    def handle(self, *args, entity, path, dry_run, mode, encoding, delimiter, user, **options):
        if entity_key(entity) is None:
            known = ", ".join(sorted(e.key for e in registry.importable()))
            raise CommandError(f"Unknown entity {entity!r}: use one of {known}.")
        if delimiter != AUTO and delimiter not in DELIMITER_NAMES:
            raise CommandError(f"Unknown delimiter {delimiter!r}: use auto, semicolon, comma or tab.")
        importer = None
        if user:
            model = get_user_model()
            importer = model.objects.filter(**{model.USERNAME_FIELD: user}).first()
            if importer is None:
                raise CommandError(f"No user is called {user!r}.")
        file = Path(path)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None

        printed = set()

        def progress(done: int, total: int) -> None:
            if total and (done % 10_000 == 0 or done == total) and done not in printed:
                printed.add(done)
                self.stderr.write(f"  {done:>9,} / {total:,} rows ({done * 100 // total}%)")
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
        self.stdout.write(f"{file.name}: {report.total_rows:,} rows ({described}) in {report.seconds:.1f} s")
        for notice in report.notices:
            self.stdout.write(f"  {notice}")
        counts = report.counts
        self.stdout.write(
            f"  new {counts['new']:,}, updated {counts['updated']:,}, unchanged {counts['unchanged']:,}, "
            f"skipped {counts['skipped']:,}, rows with errors {counts['error']:,}"
        )
        if report.errors:
            for error in report.errors:
                where = _("Row %(row)s") % {"row": error.row} if error.row else _("The file")
                column = f", {error.column}" if error.column else ""
                value = f" “{error.value}”" if error.value else ""
                self.stderr.write(f"{where}{column}:{value} {error.message}")
            raise CommandError(_("Nothing was imported: %(rows)s rows have errors.") % {"rows": report.error_rows})
        if dry_run:
            self.stdout.write(self.style.SUCCESS("Dry run: the file can be imported; nothing was saved."))
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Imported as batch {report.batch.pk} ({report.batch.change_reason}).")
            )
