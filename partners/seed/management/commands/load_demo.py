from datetime import date

from django.core.management.base import BaseCommand, CommandError

from ...demo import DEMO_USERS, load_demo, summary_counts


class Command(BaseCommand):
    help = (
        "Load the Aarhus demo world: organisations, areas, contacts, collaborations, meetings, nytårskur events and "
        "one demo user per role. Safe to run again: existing demo records are found by natural keys and left as they "
        "are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reference-date",
            type=date.fromisoformat,
            help=(
                "Lay the demo out around this day (YYYY-MM-DD) instead of the day of the first load. A different day "
                "gives a different set of meetings and events."
            ),
        )

    def handle(self, *args, **options):
        try:
            result = load_demo(reference=options["reference_date"])
        except Exception as exc:  # one transaction: nothing was written
            raise CommandError(f"Demo data not loaded: {exc}") from exc
        self.stdout.write(f"Demo data around {result.reference:%d-%m-%Y}.")
        if result.changed:
            created = ", ".join(f"{n} {label}" for label, n in sorted(result.created.items()))
            updated = ", ".join(f"{n} {label}" for label, n in sorted(result.updated.items()))
            if created:
                self.stdout.write(f"Created: {created}.")
            if updated:
                self.stdout.write(f"Updated: {updated}.")
        else:
            self.stdout.write("Everything was already in place; nothing changed.")
        self.stdout.write("In the database: " + ", ".join(f"{n} {label}" for label, n in summary_counts().items()))
        logins = ", ".join(f"{u.username} / {u.password}" for u in DEMO_USERS)
        self.stdout.write(self.style.SUCCESS(f"Log in as: {logins}"))
