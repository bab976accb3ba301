from django.core.management.base import BaseCommand, CommandError

from ...datagen import generate


class Command(BaseCommand):
    help = (
        "Add synthetic data at scale for benchmarks: organisations of every kind, contacts with affiliations, "
        "meetings over the last three years with participants and follow-ups, events with invitations. Written in "
        "bulk (COPY on PostgreSQL), so django-simple-history records no history for these rows. Adds to what is "
        "there; run against a separate database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=0, help=("Organisations to add."))
        parser.add_argument("--contacts", type=int, default=0, help=("Contacts to add (with 1–2 affiliations)."))
        parser.add_argument("--meetings", type=int, default=0, help=("Meetings to add (with links and follow-ups)."))
        parser.add_argument("--invitations", type=int, default=0, help=("Invitations to add, over a few new events."))
        parser.add_argument("--seed", type=int, default=20, help=("Seed of the random generator."))
        parser.add_argument("--batch-size", type=int, default=5000, help=("Rows per INSERT where COPY is not used."))

    def handle(self, *args, **options):
        counts = {name: options[name] for name in ("organisations", "contacts", "meetings", "invitations")}
        if any(value < 0 for value in counts.values()):
            raise CommandError("Counts cannot be negative.")
        if not any(counts.values()):
            raise CommandError("Nothing to do: give --organisations, --contacts, --meetings and/or --invitations.")
        self.stdout.write("Generating " + ", ".join(f"{value:,} {name}" for name, value in counts.items()) + " …")
        result = generate(
            **counts,
            seed=options["seed"],
            batch_size=options["batch_size"],
            log=lambda message: self.stdout.write(message),
        )
        width = max(len(table) for table in result.tables) if result.tables else 10
        self.stdout.write(f"{'table':<{width}}  {'rows':>11}  {'seconds':>8}")
        for table, stat in result.tables.items():
            self.stdout.write(f"{table:<{width}}  {stat.rows:>11,}  {stat.seconds:>8.1f}")
        total = sum(stat.rows for stat in result.tables.values())
        self.stdout.write(self.style.SUCCESS(f"Wrote {total:,} rows in {result.seconds:.1f} s."))
