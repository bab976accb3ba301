import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import CommandError
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ... import registry
from ...transfer import exporting
from ..output import LocalisedCommand, format_number, progress_line


def entity_names() -> list[str]:
    return [entity.key for entity in registry.exportable()]


class Command(LocalisedCommand):
    help = gettext_lazy(
        "Export an entity to CSV (UTF-8 with BOM, for Danish Excel) or XLSX, streaming, with the list page's "
        "filters as key=value (e.g. kind=housing_organisation tags=3)."
    )

    def add_arguments(self, parser):
        parser.add_argument("entity", help=_("what to export: %(entities)s") % {"entities": ", ".join(entity_names())})
        parser.add_argument("path", help=_("the file to write"))
        parser.add_argument("filters", nargs="*", help=_("filters of the list page as key=value"))
        parser.add_argument(
            "--format", choices=["csv", "xlsx"], default=None, help=_("csv or xlsx; default: from the file name")
        )
        parser.add_argument("--delimiter", default="semicolon", help=_("CSV: semicolon (default), comma or tab"))
        parser.add_argument("--user", help=_("user name, for filters that depend on who asks (e.g. “mine”)"))

    def handle(self, *args, entity, path, filters, format, delimiter, user, **options):
        found = registry.find(entity)
        if found is None or found not in registry.exportable():
            raise CommandError(
                _("Unknown entity “%(entity)s”: use one of %(entities)s.")
                % {"entity": entity, "entities": ", ".join(entity_names())}
            )
        entity = found.key
        export_format = format or ("xlsx" if path.lower().endswith(".xlsx") else "csv")
        if delimiter not in exporting.CSV_DELIMITERS:
            raise CommandError(
                _("Unknown delimiter “%(delimiter)s”: use semicolon, comma or tab.") % {"delimiter": delimiter}
            )
        data = QueryDict(mutable=True)
        for item in filters:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise CommandError(_("A filter is written key=value, not “%(filter)s”.") % {"filter": item})
            data.appendlist(key, value)
        # Filters that depend on who asks (e.g. "mine") read the request's user, as on the list page.
        request = HttpRequest()
        request.GET = data
        request.user = AnonymousUser()
        if user:
            model = get_user_model()
            request.user = model.objects.filter(**{model.USERNAME_FIELD: user}).first()
            if request.user is None:
                raise CommandError(_("No user is called “%(user)s”.") % {"user": user})
        resource = found.resource()
        filterset = found.filterset(data, queryset=found.list_queryset(), request=request)
        unknown = set(data) - set(filterset.filters)
        if unknown:
            raise CommandError(
                _("Unknown filter: %(unknown)s. Known filters: %(known)s.")
                % {"unknown": ", ".join(sorted(unknown)), "known": ", ".join(filterset.filters)}
            )
        if not filterset.is_valid():
            problems = "; ".join(f"{key}: {' '.join(errors)}" for key, errors in filterset.errors.items())
            raise CommandError(_("The filter is not valid: %(problems)s") % {"problems": problems})

        started = time.perf_counter()
        total = filterset.qs.count()
        self.stderr.write(
            _("Exporting %(count)s %(entity)s to %(path)s (%(format)s) …")
            % {
                "count": format_number(total),
                "entity": found.model._meta.verbose_name_plural,
                "path": path,
                "format": export_format.upper(),
            }
        )

        def with_progress(rows):
            done = 0
            for done, row in enumerate(rows, 1):
                yield row
                if done % 10_000 == 0:
                    self.stderr.write(progress_line(done, total))
                    self.stderr.flush()
            if done % 10_000:
                self.stderr.write(progress_line(done, total))
            written[0] = done

        written = [0]
        headers = exporting.export_headers(resource)
        rows = with_progress(exporting.export_rows(resource, filterset.qs))
        if export_format == "csv":
            with open(path, "w", encoding="utf-8", newline="") as out:
                for chunk in exporting.csv_chunks(headers, rows, delimiter=exporting.CSV_DELIMITERS[delimiter]):
                    out.write(chunk)
        else:
            exporting.write_xlsx(path, headers, rows, title=entity)
        seconds = time.perf_counter() - started
        rate = total / seconds if seconds else 0
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Wrote %(rows)s row to %(path)s in %(seconds)s s (%(rate)s rows/s).",
                    "Wrote %(rows)s rows to %(path)s in %(seconds)s s (%(rate)s rows/s).",
                    total,
                )
                % {
                    "rows": format_number(total),
                    "path": path,
                    "seconds": format_number(seconds, 1),
                    "rate": format_number(round(rate)),
                }
            )
        )
