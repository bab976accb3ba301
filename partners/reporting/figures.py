"""Meeting figures for the manager pages: meetings per day, month or period, by kind, partner kind, theme, area, staff;
and which organisations were met in a month.

``counts()`` and ``organisations_met()`` are the reads. Two ways to the same numbers:

- ``direct_counts()`` groups the meeting tables themselves. Always right (the tests hold the derived rows against it),
  but at the reference scale a year of meeting links is ~800k rows to join: about a second per question.
- The reads sum derived rows instead: ``MeetingFigure`` (per local day, dimension and key) and
  ``OrganisationMonth`` (per local month and organisation). Statement triggers (``reporting/triggers.py``)
  note every local day, and its month, that a write to meetings, their links or an organisation's kind touched;
  before it reads, ``refresh()`` recomputes the noted days (months) in the range it is about to read and removes the
  notes, in one transaction. Whatever writes the meetings — forms, imports, COPY, the admin, SQL — the figures
  follow; nothing is cached by time.

Concurrent writes: the notes are insert-only, so a refresh never waits for a writer. It deletes only notes already
committed, then recomputes, so it sees at least the writes those notes stand for; a note committed later stays for
the next refresh. Refreshes take an advisory lock, so two never recount the same day at once.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from ..models import (
    Meeting,
    MeetingArea,
    MeetingFigure,
    MeetingFigureDirtyDay,
    MeetingOrganisation,
    MeetingStaff,
    MeetingTheme,
    OrganisationMonth,
    OrganisationMonthDirty,
)
from ..models.figures import FigureDimension

# pg_advisory_xact_lock key of the refresh: any constant no other part of the project uses.
REFRESH_LOCK = 7_406_011
INTEGER_KEYS = {FigureDimension.THEME, FigureDimension.AREA, FigureDimension.STAFF}


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _runs(days: Iterable[datetime.date], *, gap: int = 7) -> list[tuple[datetime.date, datetime.date]]:
    """Sorted days as runs [(first, last), …], joining runs at most ``gap`` days apart.

    A run may thus hold days that need no recount (a weekend, say): recounting them is harmless, and a few wide
    ranges plan far better than hundreds of narrow ones.
    """
    runs: list[list[datetime.date]] = []
    for day in sorted(set(days)):
        if runs and (day - runs[-1][1]).days <= gap:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(first, last) for first, last in runs]


def _within(starts_at: str, runs) -> Q:
    within = Q()
    for first, last in runs:
        within |= Q(**{f"{starts_at}__gte": _aware(first), f"{starts_at}__lt": _aware(last + datetime.timedelta(1))})
    return within


def _sources(dimension: str):
    """(queryset, the path to the meeting's start, the key field, what to count) of one dimension."""
    if dimension == FigureDimension.KIND:
        return Meeting.objects.all(), "starts_at", "kind", Count("id")
    if dimension == FigureDimension.PARTNER_KIND:
        # A meeting with two housing organisations is one meeting with housing organisations.
        return MeetingOrganisation.objects.all(), "starts_at", "organisation__kind", Count("meeting_id", distinct=True)
    link, key = {
        FigureDimension.THEME: (MeetingTheme, "theme_id"),
        FigureDimension.AREA: (MeetingArea, "area_id"),
        FigureDimension.STAFF: (MeetingStaff, "user_id"),
    }[dimension]
    # The link keeps its meeting's start: an index-only range scan of (start, key), no join to the meetings.
    return link.objects.all(), "starts_at", key, Count("*")


def _grouped(dimension: str, runs, *, by: str | None) -> QuerySet:
    """Rows (bucket, key, count), or (key, count) without ``by``, of the meetings of the local days in ``runs``."""
    queryset, starts_at, key_field, counted = _sources(dimension)
    queryset = queryset.filter(_within(starts_at, runs)).order_by()
    tz = timezone.get_current_timezone()
    if by == "day":
        queryset = queryset.annotate(bucket=TruncDate(starts_at, tzinfo=tz))
    elif by == "month":
        queryset = queryset.annotate(bucket=TruncMonth(starts_at, tzinfo=tz))
    fields = ["bucket", key_field] if by else [key_field]
    return queryset.values_list(*fields).annotate(n=counted)


def _key(dimension: str, value):
    return int(value) if dimension in INTEGER_KEYS else str(value)


def _collect(dimension: str, rows, *, by: str | None) -> dict:
    result: dict = {}
    for row in rows:
        bucket = row[0] if by else None
        if isinstance(bucket, datetime.datetime):
            bucket = timezone.localtime(bucket).date() if timezone.is_aware(bucket) else bucket.date()
        result[bucket, _key(dimension, row[-2])] = row[-1]
    return result


def held_until(today: datetime.date) -> datetime.date:
    """The end (exclusive) of the days whose meetings count as held: up to and including today. A meeting is *held*
    on or before today and *planned* after it — the one meaning of the dashboard's and the yearly report's counts."""
    return today + datetime.timedelta(days=1)


def direct_counts(
    dimension: str, start: datetime.date, end: datetime.date, *, by: str | None = None
) -> dict[tuple[datetime.date | None, object], int]:
    """Meetings of the local days ``start`` ≤ day < ``end``, by the dimension's key and by ``by``.

    ``by`` is ``"day"``, ``"month"`` (bucket: the first of the month) or ``None`` (one bucket, None). The result maps
    ``(bucket, key)`` to the count; keys are ids (int) for theme, area and staff, else the choice value.
    """
    runs = [(start, end - datetime.timedelta(days=1))]
    return _collect(dimension, _grouped(dimension, runs, by=by), by=by)


def counts(
    dimension: str, start: datetime.date, end: datetime.date, *, by: str | None = None, fresh: bool = False
) -> dict[tuple[datetime.date | None, object], int]:
    """The same as ``direct_counts``, from the day rows.

    The noted days of the range are recounted first, unless ``fresh`` says the caller just ran ``refresh`` for a
    range that holds this one (several reads of one page: one refresh).
    """
    if not fresh:
        refresh(start, end)
    rows = MeetingFigure.objects.filter(dimension=dimension, day__gte=start, day__lt=end).order_by()
    if by == "month":
        rows = rows.annotate(bucket=TruncMonth("day"))
    elif by == "day":
        rows = rows.annotate(bucket=TruncDate("day"))
    fields = ["bucket", "key"] if by else ["key"]
    return _collect(dimension, rows.values_list(*fields).annotate(n=Sum("count")), by=by)


def organisations_met(start: datetime.date, end: datetime.date, *, fresh: bool = False) -> int:
    """How many organisations had a meeting in the local months from ``start``'s up to ``end`` (exclusive).

    ``start`` and ``end`` are firsts of months (a year: 1 January to 1 January). ``fresh`` as for ``counts``.
    """
    refresh(start, end, organisations=True)
    return (
        OrganisationMonth.objects.filter(month__gte=start, month__lt=end).values("organisation_id").distinct().count()
    )


def refresh(start: datetime.date | None = None, end: datetime.date | None = None, *, organisations=False) -> int:
    """Recount the noted days in ``start`` ≤ day < ``end`` (every noted day without bounds); returns how many.

    With ``organisations`` also the noted months of ``OrganisationMonth`` from ``start``'s month up to ``end``.
    When nothing is noted this is one read per table and writes nothing.
    """
    taken = _take_noted(MeetingFigureDirtyDay, "day", start, end)
    if organisations:
        taken += _take_noted(OrganisationMonthDirty, "month", start and start.replace(day=1), end)
    return taken


def _take_noted(model, field: str, start, end) -> int:
    noted = model.objects.all()
    if start is not None:
        noted = noted.filter(**{f"{field}__gte": start})
    if end is not None:
        noted = noted.filter(**{f"{field}__lt": end})
    if not noted.exists():
        return 0
    by_day = model is MeetingFigureDirtyDay
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK])
        sql, params = noted.values("id").query.sql_with_params()
        returned = "day" if by_day else "month, organisation_id"
        # Only notes committed by now: a write still running keeps its notes for the next refresh.
        cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE id IN ({sql}) RETURNING {returned}", params)
        taken = {row if len(row) > 1 else row[0] for row in cursor.fetchall()}
        if not taken:
            return 0  # another refresh took them while this one waited for the lock
        if by_day:
            _recount_days(cursor, _runs(taken))
        else:
            _recount_organisation_months(cursor, taken)
    return len(taken)


def _insert(cursor, table: str, columns: str, queryset: QuerySet, *constants) -> None:
    """INSERT … SELECT of the (bucket, key, count) rows of ``queryset``, with ``constants`` appended to each row."""
    sql, params = queryset.query.sql_with_params()
    extra = "".join(", %s" for _constant in constants)
    cursor.execute(
        f"INSERT INTO {table} ({columns}) SELECT s.bucket::date, s.key, s.n{extra} FROM ({sql}) AS s(bucket, key, n)",
        [*constants, *params],
    )


def _recount_days(cursor, runs) -> None:
    in_runs = Q()
    for first, last in runs:
        in_runs |= Q(day__gte=first, day__lte=last)
    # With the dimensions named, the delete walks the (dimension, day, key) index instead of the whole table.
    MeetingFigure.objects.filter(in_runs, dimension__in=FigureDimension.values).delete()
    table = MeetingFigure._meta.db_table
    for dimension in FigureDimension.values:
        _insert(cursor, table, "day, key, count, dimension", _grouped(dimension, runs, by="day"), dimension)


# More noted (month, organisation) pairs than this: recount their whole months instead, one grouped query.
MANY_PAIRS = 5000


def _recount_organisation_months(cursor, taken: set[tuple[datetime.date, int | None]]) -> None:
    months = {month for month, organisation in taken if organisation is None}
    pairs = [(month, organisation) for month, organisation in taken if month not in months]
    if len(pairs) > MANY_PAIRS:
        months |= {month for month, _organisation in pairs}
        pairs = []
    if months:
        _recount_months(cursor, sorted(months))
    if pairs:
        table = OrganisationMonth._meta.db_table
        arrays = [[month for month, _o in pairs], [organisation for _m, organisation in pairs]]
        cursor.execute(
            f"DELETE FROM {table} t USING unnest(%s::date[], %s::bigint[]) AS p(month, organisation_id) "
            "WHERE t.month = p.month AND t.organisation_id = p.organisation_id",
            arrays,
        )
        zone = timezone.get_current_timezone_name()
        cursor.execute(
            f"INSERT INTO {table} (month, organisation_id, meetings) "
            "SELECT p.month, p.organisation_id, count(*) "
            "FROM unnest(%s::date[], %s::bigint[]) AS p(month, organisation_id) "
            f"JOIN {MeetingOrganisation._meta.db_table} l ON l.organisation_id = p.organisation_id "
            "AND l.starts_at >= (p.month::timestamp AT TIME ZONE %s) "
            "AND l.starts_at < ((p.month + interval '1 month')::timestamp AT TIME ZONE %s) "
            "GROUP BY 1, 2",
            [*arrays, zone, zone],
        )


def _recount_months(cursor, months: list[datetime.date]) -> None:
    OrganisationMonth.objects.filter(month__in=months).delete()
    runs = [(month, _next_month(month) - datetime.timedelta(days=1)) for month in months]
    queryset = (
        MeetingOrganisation.objects.filter(_within("starts_at", runs))
        .order_by()
        .annotate(bucket=TruncMonth("starts_at", tzinfo=timezone.get_current_timezone()))
        .values_list("bucket", "organisation_id")
        .annotate(n=Count("meeting_id"))
    )
    _insert(cursor, OrganisationMonth._meta.db_table, "month, organisation_id, meetings", queryset)


def totals_by_key(found: dict) -> dict:
    """``{(bucket, key): n}`` summed over the buckets: ``{key: n}``."""
    totals: dict = defaultdict(int)
    for (_bucket, key), n in found.items():
        totals[key] += n
    return dict(totals)


def totals_by_bucket(found: dict) -> dict:
    """``{(bucket, key): n}`` summed over the keys: ``{bucket: n}``."""
    totals: dict = defaultdict(int)
    for (bucket, _key), n in found.items():
        totals[bucket] += n
    return dict(totals)


# --- Recounting at write time -----------------------------------------------------------------------------------
# A meeting saved one at a time through the ORM (the forms, the admin) has its days recounted as soon as its
# transaction commits, so the next manager to open the dashboard does not wait for it. Bulk writes (imports, COPY)
# leave their notes to the next read. Either way the figures are exact; this only decides who waits.


def recount_after_commit(*days: datetime.date | None) -> None:
    """Once the current transaction commits, recount the noted figures of ``days`` (local dates), one day at a time.

    A failure there is logged, not raised: the write has been committed and the next read recounts anyway.
    """
    days = sorted({day for day in days if day is not None})
    if not days:
        return

    def recount() -> None:
        for day in days:
            refresh(day, day + datetime.timedelta(days=1), organisations=True)

    transaction.on_commit(recount, robust=True)


def _local_day(starts_at: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(starts_at) if starts_at else None


def _meeting_saving(sender, instance: Meeting, **kwargs) -> None:
    # The day the meeting leaves, when it moves: read before the save overwrites it.
    if instance.pk and not kwargs.get("raw"):
        instance._figures_day_before = _local_day(
            Meeting.objects.filter(pk=instance.pk).values_list("starts_at", flat=True).first()
        )


def _meeting_saved(sender, instance: Meeting, **kwargs) -> None:
    if not kwargs.get("raw"):
        recount_after_commit(getattr(instance, "_figures_day_before", None), _local_day(instance.starts_at))


def _meeting_deleted(sender, instance: Meeting, **kwargs) -> None:
    recount_after_commit(_local_day(instance.starts_at))


def _meeting_links_changed(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    if action.startswith("post_") and not reverse and isinstance(instance, Meeting):
        recount_after_commit(_local_day(instance.starts_at))


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

    pre_save.connect(_meeting_saving, sender=Meeting, dispatch_uid="figures_meeting_saving")
    post_save.connect(_meeting_saved, sender=Meeting, dispatch_uid="figures_meeting_saved")
    post_delete.connect(_meeting_deleted, sender=Meeting, dispatch_uid="figures_meeting_deleted")
    for link in (MeetingOrganisation, MeetingTheme, MeetingArea, MeetingStaff):
        m2m_changed.connect(_meeting_links_changed, sender=link, dispatch_uid=f"figures_{link.__name__}")
