import time

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import resolve, reverse

from partners.filtersets.events import InvitationFilterSet
from partners.models import Event, Invitation

from ...transfer import exporting
from ...transfer.resources import InvitationResource

# Entity (the list's URL base, plural) → the list view's URL name: its queryset, filterset and resource are used.
LIST_VIEWS = {
    "organisations": "organisation_list",
    "contacts": "contact_list",
    "meetings": "meeting_list",
    "areas": "area_list",
    "collaborations": "collaboration_list",
    "events": "event_list",
    "follow-ups": "followup_list",
}


class EventInvitationFilterSet(InvitationFilterSet):
    """The event page's invitation filters, plus the event itself (``event=<id>``)."""

    event = django_filters.ModelChoiceFilter(queryset=Event.objects.all())

    class Meta(InvitationFilterSet.Meta):
        fields = [*InvitationFilterSet.Meta.fields, "event"]


def export_source(entity: str, request):
    """(queryset, filterset class, resource) of an entity, as its list page exports it."""
    if entity == "invitations":
        queryset = Invitation.objects.select_related("event", "contact", "organisation").order_by(
            "event", "contact__last_name", "contact__first_name", "id"
        )
        return queryset, EventInvitationFilterSet, InvitationResource()
    view = resolve(reverse(LIST_VIEWS[entity])).func.view_class()
    view.request, view.args, view.kwargs = request, (), {}
    return view.get_queryset(), view.get_filterset_class(), view.resource_class()


class Command(BaseCommand):
    help = (
        "Export an entity to CSV (UTF-8 with BOM, for Danish Excel) or XLSX, streaming, with the list page's "
        "filters as key=value (e.g. kind=housing_organisation tags=3)."
    )

    def add_arguments(self, parser):
        parser.add_argument("entity", help=", ".join([*LIST_VIEWS, "invitations"]))
        parser.add_argument("path", help="the file to write")
        parser.add_argument("filters", nargs="*", help="filters of the list page as key=value")
        parser.add_argument("--format", choices=["csv", "xlsx"], default=None, help="default: from the file name")
        parser.add_argument("--delimiter", default="semicolon", help="CSV: semicolon (default), comma or tab")
        parser.add_argument("--user", help="user name, for filters that depend on who asks (e.g. “mine”)")

    def handle(self, *args, entity, path, filters, format, delimiter, user, **options):
        entity = entity.lower()
        if entity not in LIST_VIEWS and entity != "invitations":
            raise CommandError(f"Unknown entity {entity!r}: use one of {', '.join([*LIST_VIEWS, 'invitations'])}.")
        export_format = format or ("xlsx" if path.lower().endswith(".xlsx") else "csv")
        if delimiter not in exporting.CSV_DELIMITERS:
            raise CommandError(f"Unknown delimiter {delimiter!r}: use semicolon, comma or tab.")
        data = QueryDict(mutable=True)
        for item in filters:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise CommandError(f"A filter is written key=value, not {item!r}.")
            data.appendlist(key, value)
        request = RequestFactory().get("/", data)
        request.user = AnonymousUser()
        if user:
            model = get_user_model()
            request.user = model.objects.filter(**{model.USERNAME_FIELD: user}).first()
            if request.user is None:
                raise CommandError(f"No user is called {user!r}.")
        queryset, filterset_class, resource = export_source(entity, request)
        filterset = filterset_class(data, queryset=queryset, request=request)
        unknown = set(data) - set(filterset.filters)
        if unknown:
            raise CommandError(
                f"Unknown filter(s): {', '.join(sorted(unknown))}. Known: {', '.join(filterset.filters)}."
            )
        if not filterset.is_valid():
            problems = "; ".join(f"{key}: {' '.join(errors)}" for key, errors in filterset.errors.items())
            raise CommandError(f"The filter is not valid: {problems}")

        started = time.perf_counter()
        total = filterset.qs.count()
        self.stderr.write(f"Exporting {total:,} {entity} to {path} ({export_format}) …")

        def with_progress(rows):
            done = 0
            for done, row in enumerate(rows, 1):
                yield row
                if done % 10_000 == 0:
                    self.stderr.write(f"  {done:>9,} / {total:,} rows ({done * 100 // max(total, 1)}%)")
                    self.stderr.flush()
            if done % 10_000:
                self.stderr.write(f"  {done:>9,} / {total:,} rows (100%)")
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
            self.style.SUCCESS(f"Wrote {total:,} rows to {path} in {seconds:.1f} s ({rate:,.0f} rows/s).")
        )
