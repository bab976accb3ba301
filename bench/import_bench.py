"""Import 100,000 contacts with affiliations through the staff import, and the same rows with COPY; compare.

    .venv/bin/python bench/import_bench.py [--rows 100000] [--organisations 2000] [--database-url URL] [--keep]

Without ``--database-url`` (or ``DATABASE_URL``) the benchmark creates its own PostgreSQL database
``partnerregister_import_bench`` on 127.0.0.1 and drops it at the end. It never touches another database's data:
it refuses a database that already holds contacts.

1. A Danish Excel CSV file (Windows-1252, ``;``) of N contacts: names, title, organisation (by name or CVR),
   e-mail, phone and tags, for organisations made by ``partners.seed.datagen``.
2. **import**: ``partners.transfer.imports.import_file(commit=True)`` — exactly what the import page's "Import" button
   runs: decoding, delimiter detection, header mapping, per-row matching and validation (field validators, the
   model's ``clean()``, unique e-mail, organisation look-up), bulk writes with history, one transaction. The preview
   (the same run as a dry run, which the page shows first) is timed too.
3. **COPY**: the same contacts, affiliations and tag links, parsed from the same file and written with psycopg's COPY
   into emptied tables (no validation, no history): the floor for getting these rows into PostgreSQL.
4. Export throughput and peak memory of ``bench/export_bench.py`` for the imported contacts (CSV and XLSX), each in
   its own process.

The last line is ``import_vs_copy_ratio=<import seconds / COPY seconds>``.
"""

import argparse
import csv
import io
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "partnerregister_import_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"

FIRST = ["Mette", "Søren", "Aisha", "Jørgen", "Birgitte", "Henrik", "Fatima", "Lars", "Anne", "Peter", "Ole", "Ida"]
LAST = ["Kjærgaard", "Østergård", "Hassan", "Lund", "Møller", "Ravn", "El-Sayed", "Bøgh", "Nielsen", "Holm"]
TITLES = ["Områdeleder", "Direktør", "Boligsocial medarbejder", "Kontorchef", "Konsulent", "Chefkonsulent", ""]
TAGS = ["helhedsplan", "beskæftigelse", "sundhed", "tryghed", "ledelse", "partnerskab", "beboerdemokrati"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=2_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--database-name", default=BENCH_DB, help="the scratch database to create and drop")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--skip-export", action="store_true")
    return parser.parse_args()


def admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def build_file(rows: int, organisations) -> bytes:
    """A contact list as Danish Excel saves it: Windows-1252, semicolons, CRLF."""
    rng = random.Random(4)
    names = {}
    for org in organisations:
        names.setdefault(org.name, []).append(org)
    refs = [org.name if len(names[org.name]) == 1 else org.cvr for org in organisations]
    refs = [ref for ref in refs if ref]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Fornavn", "Efternavn", "Titel", "Organisation", "E-mail", "Telefon", "Tags"])
    for i in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        tags = ", ".join(rng.sample(TAGS, rng.randint(0, 2)))
        phone = f"{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        email = f"{first}.{last}.{i}@bench.example.dk".lower().replace("ø", "oe").replace("æ", "ae").replace("å", "aa")
        writer.writerow([first, last, rng.choice(TITLES), rng.choice(refs), email, phone, tags])
    return out.getvalue().encode("cp1252")


def copy_same_rows(data: bytes) -> tuple[float, int]:
    """COPY the file's contacts, affiliations and tag links into emptied tables; (seconds, rows written)."""
    from django.db import connection
    from django.utils import timezone

    from partners.models import Affiliation, Contact, Organisation, Tag
    from partners.transfer.lookups import norm

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE partners_contact, partners_affiliation, partners_contact_tags, partners_historicalcontact, "
            "partners_historicalaffiliation RESTART IDENTITY CASCADE"
        )
    by_name, by_cvr = {}, {}
    for org_id, name, cvr in Organisation.objects.values_list("id", "name", "cvr"):
        by_name[norm(name)] = org_id
        if cvr:
            by_cvr[cvr] = org_id
    tags = {norm(name): pk for pk, name in Tag.objects.values_list("id", "name")}
    now = timezone.now()
    contacts, affiliations, links = [], [], []
    reader = csv.reader(io.StringIO(data.decode("cp1252"), newline=""), delimiter=";")
    next(reader)
    for pk, (first, last, title, org, email, phone, tag_cell) in enumerate(reader, 1):
        contacts.append((pk, first, last, "", email, phone, False, "legitimate_interest", "", "", True, now, now))
        org_id = by_cvr.get(org) or by_name[norm(org)]
        affiliations.append((pk, pk, org_id, title, "", True, now, now))
        links += [(pk, tags[norm(t)]) for t in tag_cell.split(",") if t.strip()]
    contact_columns = (
        "id, first_name, last_name, salutation, email, phone, do_not_contact, lawful_basis, consent_note, notes, "
        "is_active, created_at, updated_at"
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {Contact._meta.db_table} ({contact_columns}) FROM STDIN") as copy:
            for row in contacts:
                copy.write_row(row)
        with raw.copy(
            f"COPY {Affiliation._meta.db_table} "
            "(id, contact_id, organisation_id, title, department, is_primary, created_at, updated_at) FROM STDIN"
        ) as copy:
            for row in affiliations:
                copy.write_row(row)
        with raw.copy("COPY partners_contact_tags (contact_id, tag_id) FROM STDIN") as copy:
            for row in links:
                copy.write_row(row)
    seconds = time.perf_counter() - started
    return seconds, len(contacts) + len(affiliations) + len(links)


def main():
    args = parse_args()
    own_database = not args.database_url
    url = args.database_url or f"{SERVER}/{args.database_name}"
    if own_database:
        admin_sql(f'DROP DATABASE IF EXISTS "{args.database_name}"')
        admin_sql(f'CREATE DATABASE "{args.database_name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings.base")
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG would keep every query in memory
    os.environ["IMPORT_MAX_ROWS"] = str(max(args.rows, 200_000))
    os.environ["IMPORT_MAX_BYTES"] = str(200 * 1024 * 1024)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partners.models import Affiliation, Contact, Organisation
    from partners.seed.datagen import generate
    from partners.transfer.imports import import_file

    try:
        call_command("migrate", verbosity=0)
        if Contact.objects.exists():
            sys.exit(f"{url} already holds contacts; give an empty database (or none, to use a scratch one).")
        if Organisation.objects.count() < args.organisations:
            generate(organisations=args.organisations, contacts=0, meetings=0, invitations=0)
        organisations = list(Organisation.objects.only("id", "name", "cvr"))
        data = build_file(args.rows, organisations)
        print(f"file: {args.rows:,} contacts, {len(data) / 1024 / 1024:.1f} MB, Windows-1252, ';'")

        started = time.perf_counter()
        preview = import_file(entity="contacts", data=data, file_name="bench.csv", commit=False)
        preview_seconds = time.perf_counter() - started
        assert preview.ok, preview.errors[:3]
        print(f"preview (dry run, validates every row): {preview_seconds:.2f} s")

        started = time.perf_counter()
        report = import_file(entity="contacts", data=data, file_name="bench.csv", commit=True)
        import_seconds = time.perf_counter() - started
        assert report.committed, report.errors[:3]
        contacts, affiliations = Contact.objects.count(), Affiliation.objects.count()
        assert contacts == affiliations == args.rows, (contacts, affiliations)
        history = Contact.history.filter(history_change_reason=report.batch.change_reason).count()
        print(
            f"import (validated, bulk, with history): {import_seconds:.2f} s, "
            f"{args.rows / import_seconds:,.0f} rows/s; {contacts:,} contacts, {affiliations:,} affiliations, "
            f"{history:,} history records"
        )

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after a load; the export's plans depend on it

        # The same file again: every row matches a stored contact and changes nothing.
        unchanged_seconds = {}
        for commit, what in ((False, "preview"), (True, "import")):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                again = import_file(entity="contacts", data=data, file_name="bench.csv", commit=commit)
                unchanged_seconds[what] = time.perf_counter() - started
            assert not again.errors and again.counts["unchanged"] == args.rows, (again.counts, again.errors[:3])
            print(f"{what} of the same file (all unchanged): {unchanged_seconds[what]:.2f} s, {len(queries)} queries")
        if not args.skip_export:
            for export_format in ("csv", "xlsx"):
                output = subprocess.run(
                    [
                        sys.executable,
                        str(ROOT / "bench" / "export_bench.py"),
                        *("--entity", "contacts", "--format", export_format, "--database-url", url),
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                print(output.stdout.strip())

        copy_seconds, copied = copy_same_rows(data)
        print(f"COPY (same contacts, affiliations and tag links, no validation): {copy_seconds:.2f} s, {copied:,} rows")
        print(f"import_preview_new_s={preview_seconds:.2f}")
        print(f"import_confirm_new_s={import_seconds:.2f}")
        print(f"import_preview_unchanged_s={unchanged_seconds['preview']:.2f}")
        print(f"import_confirm_unchanged_s={unchanged_seconds['import']:.2f}")
        print(f"import_vs_copy_ratio={import_seconds / copy_seconds:.2f}")
    finally:
        if own_database and not args.keep:
            from django.db import connections

            connections.close_all()
            admin_sql(f'DROP DATABASE IF EXISTS "{args.database_name}"')


if __name__ == "__main__":
    main()
