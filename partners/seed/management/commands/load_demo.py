from datetime import date

from django.core.management.base import CommandError
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.management.output import LocalisedCommand, format_number

from ...demo import DEMO_USERS, load_demo, summary_counts


def _listed(counts) -> str:
    """``organisationer: 58, kontaktpersoner: 70`` (the label first, so no number needs a plural)."""
    return ", ".join(f"{label}: {format_number(n)}" for label, n in counts)


class Command(LocalisedCommand):
    help = gettext_lazy(
        "Load the Aarhus demo world: organisations, areas, contacts, collaborations, meetings, nytårskur events and "
        "one demo user per role. Safe to run again: existing demo records are found by natural keys and left as they "
        "are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reference-date",
            type=date.fromisoformat,
            help=_(
                "Lay the demo out around this day (YYYY-MM-DD) instead of the day of the first load. A different day "
                "gives a different set of meetings and events."
            ),
        )

    def handle(self, *args, **options):
        try:
            result = load_demo(reference=options["reference_date"])
        except Exception as exc:  # one transaction: nothing was written
            raise CommandError(_("The demo data was not loaded: %(error)s") % {"error": exc}) from exc
        self.stdout.write(
            _("Demo data laid out around %(date)s.") % {"date": formats.date_format(result.reference, "j. F Y")}
        )
        if result.changed:
            if result.created:
                self.stdout.write(_("Created: %(counts)s.") % {"counts": _listed(sorted(result.created.items()))})
            if result.updated:
                self.stdout.write(_("Updated: %(counts)s.") % {"counts": _listed(sorted(result.updated.items()))})
        else:
            self.stdout.write(_("Everything was already in place; nothing changed."))
        self.stdout.write(_("In the database: %(counts)s.") % {"counts": _listed(summary_counts().items())})
        logins = ", ".join(f"{u.username} / {u.password}" for u in DEMO_USERS)
        self.stdout.write(self.style.SUCCESS(_("Log in as: %(logins)s") % {"logins": logins}))
