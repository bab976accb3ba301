"""Server time of every list, filter, sort and page, and of the tools and pages around them (issue 14's list bench).

    .venv/bin/python bench/list_bench.py --database-url URL [--runs 5] [--only PATTERN] [--scale-ratio URL2]

The cases are derived from the code, so a list, filter or column added later is measured without editing the bench:

- every list of the registry (``partners/entities.py``: each entity with a list view, and each of its tabs, e.g. the
  organisation kinds), and the invitations of the event with the most of them (the event's page);
- each of them with no filter, with each filter its filterset's form offers (free text: a common, a rare and a
  misspelt word taken from the data; each choice of a choice filter; the first tag, theme, area, owner … of a related
  filter; last year as a date range; a year ago as a day, e.g. "no meeting since"; yes for a yes/no filter), each
  sortable column of its table both ways, its last page and ``per_page=250``;
- the register search, every autocomplete source (``partners.ui.autocomplete.SOURCES``) with a common word, the
  detail pages of the largest organisation (most affiliations), contact (most meetings) and case (most stakeholders),
  the stakeholder map across the active cases, the invite preview over all contacts, the event's coverage and
  check-in search, the dashboard and this year's report.

Each case is rendered by Django's test Client in-process (DEBUG off) as a superuser: one warm-up, then ``--runs``
timed renders; the median is printed with the case's budget (a list ≤ 60 ms at 25 rows, ≤ 200 ms at 250 rows; tools,
detail pages, search, autocomplete, dashboard and report ≤ 300 ms), the query count and the slowest SQL statement of
the warm-up. A case whose warm-up takes more than ten times its budget is not repeated: its single time is reported,
marked ``*``; a statement running longer than ``--timeout`` seconds is cancelled and the case marked ``timeout``.

The bench only reads: everything (its user, the session, table preferences a view may store) happens in one
transaction that is rolled back at the end, and each case in a savepoint of its own. With ``--scale-ratio URL2`` the
same cases are measured again against a second database (e.g. a tenth of the scale) in a subprocess, and the ratio of
the medians is printed per case and as ``list_scale_ratio_max=``. The last lines are ``list_cases_over_budget=<n>``
and ``list_worst_ms=<the worst case's median>``.
"""

import argparse
import collections
import datetime
import fnmatch
import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import client_environment, database_url_argument, setup_django, superuser

LIST_MS, PAGE_250_MS, TOOL_MS = 60, 200, 300
RARE_WORD = "solcelleanlæg"  # no generated text has it
WORD = re.compile(r"[^\W\d_]{6,}")


@dataclass
class Case:
    name: str  # by role, not by value ("meetings q=common"), so that two databases' runs compare
    url: str
    budget: int


@dataclass
class Result:
    case: Case
    median: float
    queries: int
    slowest_ms: float
    slowest_sql: str
    mark: str = ""  # "*": measured once (over ten times its budget); "timeout"; "error …"


def misspelt(word: str) -> str:
    """Two neighbouring letters swapped and one dropped, as a hurried typist writes."""
    if len(word) < 6:
        return word
    word = word[:2] + word[3] + word[2] + word[4:]
    return word[:-2] + word[-1]


def words_of(model, limit: int = 300) -> tuple[str, str]:
    """The most frequent and a once-only word (six letters or more) in the newest rows of ``model`` as they print."""
    counts = collections.Counter(
        word.lower() for row in model._default_manager.order_by("-pk")[:limit] for word in WORD.findall(str(row))
    )
    if not counts:
        return "", ""
    common = counts.most_common(1)[0][0]
    rare = next((word for word, n in reversed(counts.most_common()) if n == 1), RARE_WORD)
    return common, rare


def filter_values(filterset_class, model) -> list[tuple[str, dict]]:
    """(role, query parameters) for each filter of the form: derived from the form field's kind."""
    from django import forms

    form = filterset_class(data={}, queryset=model._default_manager.none()).form
    year = datetime.date.today().year - 1
    cases = []
    for name, field in form.fields.items():
        if isinstance(field, (forms.ModelChoiceField, forms.ModelMultipleChoiceField)):
            related = field.queryset.model if field.queryset is not None else None
            first = related._default_manager.order_by("pk").first() if related is not None else None
            if first is not None:
                cases.append((name, {name: first.pk}))
        elif isinstance(field, forms.MultiValueField):
            suffixes = getattr(field.widget, "suffixes", ("after", "before"))
            cases.append(
                (
                    f"{name} last year",
                    {f"{name}_{suffixes[0]}": f"{year}-01-01", f"{name}_{suffixes[1]}": f"{year}-12-31"},
                )
            )
        elif isinstance(field, (forms.ChoiceField, forms.MultipleChoiceField)):
            for value, _label in field.choices:
                if value not in ("", None) and not isinstance(_label, (list, tuple)):
                    cases.append((f"{name}={value}", {name: value}))
        elif isinstance(field, forms.DateField):
            cases.append((f"{name} a year ago", {name: (datetime.date.today() - datetime.timedelta(days=365))}))
        elif isinstance(field, (forms.NullBooleanField, forms.BooleanField)):
            cases.append((f"{name}=yes", {name: "true"}))
        elif isinstance(field, forms.CharField):
            common, rare = words_of(model)
            for role, word in (("common", common), ("rare", rare), ("misspelt", misspelt(common))):
                if word:
                    cases.append((f"{name}={role}", {name: word}))
    return cases


def sortable_columns(table_class, model) -> list[str]:
    table = table_class(model._default_manager.none())
    return [column.name for column in table.columns if column.orderable]


def last_page(client, url: str) -> int:
    response = client.get(url)
    table = (response.context or {}).get("table") if response.status_code == 200 else None
    paginator = getattr(getattr(table, "page", None), "paginator", None)
    return paginator.num_pages if paginator else 99_999_999  # out of range shows the last page


def list_cases(client, name: str, url: str, filterset_class, table_class, model, extra: dict | None = None):
    """A list's cases; a tab (``extra``: its query parameters, itself a filter) only unfiltered, last page and 250."""
    from django.utils.http import urlencode

    def at(params: dict) -> str:
        query = urlencode({**(extra or {}), **params})
        return f"{url}?{query}" if query else url

    yield Case(name, at({}), LIST_MS)
    if not extra:
        for role, params in filter_values(filterset_class, model):
            yield Case(f"{name} {role}", at(params), LIST_MS)
        for column in sortable_columns(table_class, model):
            for sign in ("", "-"):
                yield Case(f"{name} sort={sign}{column}", at({"sort": f"{sign}{column}"}), LIST_MS)
    yield Case(f"{name} last page", at({"page": last_page(client, at({}))}), LIST_MS)
    yield Case(f"{name} per_page=250", at({"per_page": 250}), PAGE_250_MS)


def build_cases(client) -> list[Case]:
    """Every case, from the registry, the filtersets, the tables, the autocomplete sources and the data."""
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone

    from partners import registry
    from partners.models import Affiliation, CaseStakeholder, Contact, Event, Invitation, Meeting
    from partners.ui.autocomplete import SOURCES
    from partners.views.events import EventDetailView

    cases: list[Case] = []
    for entity in registry.entities():
        if "list" not in entity.views or not (entity.filterset and entity.table):
            continue
        url = reverse(entity.list_url_name)
        view = entity.views["list"]
        tabs = [
            (f"{entity.key} tab {'&'.join(f'{k}={v}' for k, v in params)}", dict(params))
            for _label, params in tab_params(view, entity.model)
        ]
        for name, extra in [(entity.key, None), *tabs]:
            cases += list_cases(client, name, url, entity.filterset, entity.table, entity.model, extra)

    busiest = Invitation.objects.values("event").annotate(n=Count("id")).order_by("-n").first()
    event = Event.objects.get(pk=busiest["event"]) if busiest else Event.objects.order_by("-pk").first()
    if event is not None:
        event_url = reverse("event_detail", args=[event.pk])
        cases += list_cases(
            client,
            "invitations",
            event_url,
            EventDetailView.invitation_filterset_class,
            EventDetailView.invitation_table_class,
            Invitation,
        )
        contact_word, _rare = words_of(Contact)
        cases += [
            Case("invite preview all contacts", reverse("event_invite", args=[event.pk]) + "?is_active=true", TOOL_MS),
            Case("coverage", reverse("event_coverage", args=[event.pk]), TOOL_MS),
            Case("check-in search", reverse("event_checkin", args=[event.pk]) + f"?q={contact_word[:5]}", TOOL_MS),
        ]
    common, _rare = words_of(Meeting)
    cases.append(Case("search", reverse("search") + f"?q={common}", TOOL_MS))
    for source in SOURCES:
        word = words_of(SOURCES[source].queryset().model)[0][:5] or common[:5]
        cases.append(Case(f"autocomplete {source}", reverse("autocomplete", args=[source]) + f"?q={word}", TOOL_MS))
    largest = Affiliation.objects.values("organisation").annotate(n=Count("id")).order_by("-n").first()
    if largest:
        cases.append(
            Case("largest organisation", reverse("organisation_detail", args=[largest["organisation"]]), TOOL_MS)
        )
    link = Meeting.contacts.through
    busiest_contact = link.objects.values("contact").annotate(n=Count("pk")).order_by("-n").first()
    contact = busiest_contact["contact"] if busiest_contact else Contact.objects.values_list("pk", flat=True).first()
    if contact:
        cases.append(Case("largest contact", reverse("contact_detail", args=[contact]), TOOL_MS))
    busiest_case = CaseStakeholder.objects.values("case").annotate(n=Count("pk")).order_by("-n").first()
    if busiest_case:
        cases.append(Case("largest case", reverse("case_detail", args=[busiest_case["case"]]), TOOL_MS))
    cases.append(Case("case map", reverse("case_map"), TOOL_MS))
    cases.append(Case("dashboard", reverse("dashboard"), TOOL_MS))
    cases.append(Case("year report", reverse("report_year", args=[timezone.localdate().year]), TOOL_MS))
    return cases


def tab_params(view, model) -> list[tuple[str, list]]:
    """The tabs above a list as (label, query parameter pairs): ``tab_field``'s choices or the fixed ``tabs``."""
    from urllib.parse import parse_qsl

    if getattr(view, "tab_field", ""):
        choices = model._meta.get_field(view.tab_field).choices or ()
        return [(label, [(view.tab_field, value)]) for value, label in choices]
    return [(label, parse_qsl(query.lstrip("?"))) for label, query in getattr(view, "tabs", ()) if query.strip("?")]


def measure(client, case: Case, runs: int) -> Result:
    """The case's warm-up (counted, its slowest statement kept) and ``runs`` timed renders, in a savepoint that is
    rolled back."""
    from django.db import OperationalError, connection, transaction
    from django.test.utils import CaptureQueriesContext

    times: list[float] = []
    mark = ""
    queries: list[dict] = []
    try:
        with transaction.atomic():
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(case.url)
                first = (time.perf_counter() - started) * 1000
            queries = list(captured.captured_queries)  # now: the next request resets the connection's log
            if response.status_code != 200:
                mark = f"status {response.status_code}"
            if first > 10 * case.budget:
                times, mark = [first], mark or "*"
            else:
                for _ in range(runs):
                    started = time.perf_counter()
                    client.get(case.url)
                    times.append((time.perf_counter() - started) * 1000)
            transaction.set_rollback(True)
    except Exception as error:  # the statement timeout, or a view's error: reported, and the bench goes on
        timed_out = isinstance(error, OperationalError) and "timeout" in str(error)
        mark = "timeout" if timed_out else f"error {type(error).__name__}: {str(error)[:40]}"
        times = [(time.perf_counter() - started) * 1000]  # until the failure: at least --timeout for a timeout
    slowest = max(queries, key=lambda q: float(q["time"]), default={"time": "0", "sql": ""})
    return Result(
        case,
        statistics.median(times) if times else float("nan"),
        len(queries),
        float(slowest["time"]) * 1000,
        " ".join(slowest["sql"].split())[:80],
        mark,
    )


def matches(case: Case, pattern: str | None) -> bool:
    return not pattern or fnmatch.fnmatch(case.name, pattern) or pattern in case.name


def report(results: list[Result], out=sys.stdout) -> None:
    print(f"{'case':<58} {'median':>9} {'budget':>6} {'q':>3} {'slowest':>8}  slowest SQL", file=out)
    for r in results:
        print(
            f"{r.case.name[:58]:<58} {r.median:8.1f}{r.mark[:1] or ' '} {r.case.budget:6} {r.queries:3} "
            f"{r.slowest_ms:8.1f}  {r.slowest_sql}{'  [' + r.mark + ']' if len(r.mark) > 1 else ''}",
            file=out,
        )
    over = [r for r in results if not r.median <= r.case.budget]
    worst = max((r.median for r in results if r.median == r.median), default=0.0)
    print(f"list_cases_over_budget={len(over)}", file=out)
    print(f"list_worst_ms={worst:.1f}", file=out)


def run(client, cases: list[Case], runs: int, pattern: str | None = None, out=sys.stdout) -> list[Result]:
    results = []
    for case in cases:
        if matches(case, pattern):
            results.append(measure(client, case, runs))
            r = results[-1]
            print(f"  {r.median:9.1f}{r.mark[:1] or ' '} ms  {case.name}  {case.url}", file=sys.stderr, flush=True)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    database_url_argument(parser)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="only the cases whose name matches (a glob, or a part of the name)")
    parser.add_argument("--scale-ratio", metavar="URL2", help="measure the same cases against URL2 and print ratios")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before one SQL statement is cancelled")
    parser.add_argument("--json", help=argparse.SUPPRESS)  # the medians by case, for --scale-ratio's subprocess
    args = parser.parse_args()
    setup_django(args.database_url)
    client_environment()
    from django.db import connection, transaction
    from django.test import Client

    print(f"database: {connection.settings_dict['NAME']}   load at start: {os.getloadavg()}")
    with transaction.atomic():  # rolled back: the bench writes nothing that stays
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = %s", [int(args.timeout * 1000)])
        client = Client()
        client.force_login(superuser("bench-list"))
        cases = build_cases(client)
        results = run(client, cases, args.runs, args.only)
        transaction.set_rollback(True)
    print(f"load at end: {os.getloadavg()}")
    if args.json:
        Path(args.json).write_text(json.dumps({r.case.name: r.median for r in results}))
    if args.scale_ratio:
        print_ratios(args, results)
    report(results)


def print_ratios(args, results: list[Result]) -> None:
    other = Path(f"/tmp/list_bench_{os.getpid()}.json")
    command = [sys.executable, __file__, "--database-url", args.scale_ratio, "--runs", str(args.runs)]
    command += ["--json", str(other), "--timeout", str(args.timeout)] + (["--only", args.only] if args.only else [])
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    small = json.loads(other.read_text())
    other.unlink()
    ratios = []
    for r in results:
        if small.get(r.case.name):
            ratios.append(r.median / small[r.case.name])
            print(f"ratio {ratios[-1]:6.2f}  {r.case.name}")
    print(f"list_scale_ratio_max={max(ratios, default=0):.2f}")


if __name__ == "__main__":
    main()
