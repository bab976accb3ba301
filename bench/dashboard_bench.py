"""Server time of the manager pages at reference scale: the dashboard and the yearly figures.

    .venv/bin/python bench/dashboard_bench.py --database-url URL [--runs 15] [--year 2026]

Renders each page with Django's test Client as a superuser (created once, named ``bench-leder``): one first render,
then ``--runs`` timed renders, and prints the median, the fastest and slowest run and the number of SQL queries.
Nothing is cached by time; the meeting figures are derived rows that the database keeps current (partners/reporting/figures.py).

Each page is measured twice:

- as it is read most of the time (nothing written since the last read);
- right after a write (``…_after_write``): before every timed render a meeting is logged (with an organisation, a
  theme and a staff member) on the day of the latest meeting held, or deleted again, in one transaction through the
  ORM, as the meeting form does. Its signals recount that day as the transaction commits (the write's time, printed
  as ``write``), so the render finds the figures current;
- right after a bulk write (``…_after_bulk_write``): the same meeting written with bulk inserts and plain SQL, as an
  import or a script does. Only the database triggers see it, so the render itself recounts the day (and, for the
  yearly report, the organisation's month): the slowest case.

The bench's own meetings are deleted at the end. The last lines, ``dashboard_ms=<median>`` and
``year_report_ms=<median>``, are the medians after a write through the ORM (what staff do all day); the quiet medians
are printed above them as ``…_quiet_ms``.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import client_environment, database_url_argument, setup_django, superuser


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    database_url_argument(parser)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--year", type=int, default=None)
    args = parser.parse_args()
    setup_django(args.database_url)
    client_environment()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    user = superuser("bench-leder")
    client = Client()
    client.force_login(user)
    year = args.year or timezone.localdate().year

    from partners.models import (
        FollowUp,
        Meeting,
        MeetingArea,
        MeetingOrganisation,
        MeetingStaff,
        MeetingTheme,
        Organisation,
        Theme,
    )

    organisation = Organisation.objects.order_by("id").first()
    theme = Theme.objects.order_by("id").first()
    written: list[int] = []
    write_times: dict[str, list[float]] = {}
    # The bench's meetings go on the day of the latest meeting held, a working day as full as the data makes them
    # (today may be a quiet Sunday): the recount after each write is as large as it gets.
    busy_day = Meeting.objects.filter(starts_at__lte=timezone.now()).latest("starts_at").starts_at

    def write() -> None:
        """Log a meeting on the busy day, or delete the one logged before, as the meeting form does: in one
        transaction, through the ORM, whose signals recount the day as soon as it commits."""
        with transaction.atomic():
            if written:
                Meeting.objects.filter(pk=written.pop()).delete()
                return
            meeting = Meeting.objects.create(starts_at=busy_day, subject="Bench: a meeting logged just now")
            meeting.organisations.add(organisation)
            meeting.themes.add(theme)
            meeting.staff.add(user)
            written.append(meeting.pk)

    def bulk_write() -> None:
        """The same meeting written as an import or a script would: bulk inserts and plain SQL, no signals. Only the
        database triggers see it, so the next render does the recount."""
        with transaction.atomic():
            if written:
                pk = written.pop()
                with connection.cursor() as cursor:
                    for link in (MeetingOrganisation, MeetingTheme, MeetingStaff):
                        cursor.execute(f"DELETE FROM {link._meta.db_table} WHERE meeting_id = %s", [pk])
                    cursor.execute(f"DELETE FROM {Meeting._meta.db_table} WHERE id = %s", [pk])
                return
            (meeting,) = Meeting.objects.bulk_create([Meeting(starts_at=busy_day, subject="Bench: bulk")])
            MeetingOrganisation.objects.bulk_create([MeetingOrganisation(meeting=meeting, organisation=organisation)])
            MeetingTheme.objects.bulk_create([MeetingTheme(meeting=meeting, theme=theme)])
            MeetingStaff.objects.bulk_create([MeetingStaff(meeting=meeting, user=user)])
            written.append(meeting.pk)

    def measure(label: str, url: str, *, writer=None) -> float:
        started = time.perf_counter()
        response = client.get(url)
        first = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(args.runs):
            if writer:
                started = time.perf_counter()
                writer()
                write_times.setdefault(writer.__name__, []).append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        if writer:
            writer()
        with CaptureQueriesContext(connection) as captured:  # one more render, untimed, to count its queries
            client.get(url)
        queries = len(captured)
        median = statistics.median(times)
        print(
            f"{label:<30} median {median:7.1f} ms   min {min(times):7.1f}   max {max(times):7.1f}   "
            f"first {first:7.1f} ms   queries {queries:2}   ({url}, {args.runs} runs)"
        )
        return median

    # As autovacuum does soon after a bulk load (generate_data runs in one transaction, where VACUUM cannot): the
    # visibility map lets the link and follow-up indexes answer without visiting the tables.
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for model in (Meeting, MeetingOrganisation, MeetingTheme, MeetingStaff, MeetingArea, FollowUp, Organisation):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
    print(
        f"database: {connection.settings_dict['NAME']}   year report: {year}   vacuum: {time.perf_counter() - started:.1f} s"
    )
    try:
        dashboard_quiet = measure("dashboard", "/dashboard/")
        measure("dashboard_page_10", "/dashboard/?page=10")
        dashboard = measure("dashboard_after_write", "/dashboard/", writer=write)
        measure("dashboard_after_bulk_write", "/dashboard/", writer=bulk_write)
        report_quiet = measure("year_report", f"/reports/year/{year}/")
        year_report = measure("year_report_after_write", f"/reports/year/{year}/", writer=write)
        measure("year_report_after_bulk_write", f"/reports/year/{year}/", writer=bulk_write)
        measure("year_report_xlsx", f"/reports/year/{year}/?format=xlsx")
    finally:
        Meeting.objects.filter(pk__in=written).delete()
    for name, label in (("write", "through the ORM, incl. the recount on commit"), ("bulk_write", "bulk, no recount")):
        print(
            f"{name}: median {statistics.median(write_times[name]):.1f} ms ({label}; a meeting with 3 links, or its delete)"
        )
    print(f"dashboard_quiet_ms={dashboard_quiet:.1f}")
    print(f"year_report_quiet_ms={report_quiet:.1f}")
    print(f"dashboard_ms={dashboard:.1f}")
    print(f"year_report_ms={year_report:.1f}")


if __name__ == "__main__":
    main()
