from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partners.management.output import LocalisedCommand, format_number

from ...datagen import generate

# The options that say how much to add, with what the output calls them.
COUNTS = {
    "organisations": gettext_lazy("organisations"),
    "contacts": gettext_lazy("contacts"),
    "meetings": gettext_lazy("meetings"),
    "invitations": gettext_lazy("invitations"),
    "cases": gettext_lazy("cases"),
}


class Command(LocalisedCommand):
    help = gettext_lazy(
        "Add synthetic data at scale for benchmarks: organisations of every kind, contacts with affiliations, "
        "meetings over the last three years with participants and follow-ups, events with invitations, advocacy cases "
        "with their stakeholders. Written in bulk (COPY on PostgreSQL), so django-simple-history records no history "
        "for these rows. Adds to what is there; run against a separate database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=0, help=_("Organisations to add."))
        parser.add_argument("--contacts", type=int, default=0, help=_("Contacts to add (with 1–2 affiliations)."))
        parser.add_argument("--meetings", type=int, default=0, help=_("Meetings to add (with links and follow-ups)."))
        parser.add_argument("--invitations", type=int, default=0, help=_("Invitations to add, over a few new events."))
        parser.add_argument(
            "--cases", type=int, default=0, help=_("Advocacy cases to add (with key dates, stakeholders, meetings).")
        )
        parser.add_argument("--seed", type=int, default=20, help=_("Seed of the random generator."))
        parser.add_argument("--batch-size", type=int, default=5000, help=_("Rows per INSERT where COPY is not used."))

    def handle(self, *args, **options):
        counts = {name: options[name] for name in COUNTS}
        if any(value < 0 for value in counts.values()):
            raise CommandError(_("Counts cannot be negative."))
        if not any(counts.values()):
            raise CommandError(
                _("Nothing to do: give --organisations, --contacts, --meetings, --invitations and/or --cases.")
            )
        wanted = ", ".join(f"{COUNTS[name]}: {format_number(value)}" for name, value in counts.items())
        self.stdout.write(_("Generating %(counts)s …") % {"counts": wanted})
        result = generate(
            **counts,
            seed=options["seed"],
            batch_size=options["batch_size"],
            log=lambda message: self.stdout.write(message),
        )
        headings = (_("table"), _("rows"), _("seconds"))
        width = max(len(table) for table in [*result.tables, headings[0]])
        self.stdout.write(f"{headings[0]:<{width}}  {headings[1]:>11}  {headings[2]:>8}")
        for table, stat in result.tables.items():
            self.stdout.write(f"{table:<{width}}  {format_number(stat.rows):>11}  {format_number(stat.seconds, 1):>8}")
        total = sum(stat.rows for stat in result.tables.values())
        self.stdout.write(
            self.style.SUCCESS(
                ngettext("Wrote %(rows)s row in %(seconds)s s.", "Wrote %(rows)s rows in %(seconds)s s.", total)
                % {"rows": format_number(total), "seconds": format_number(result.seconds, 1)}
            )
        )
