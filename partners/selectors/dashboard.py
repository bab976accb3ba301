"""Reads for the manager dashboard: a fixed number of queries, aggregates in the database.

Relationship health is answered in two steps: one query ranks *all* key partners with two ``EXISTS`` probes each
(met this year? met within the kind's threshold?), each a single descent of the (organisation, meeting start) index
of ``MeetingOrganisation``; then only the rows of the shown page get their last meeting, 12-month count and follow-up
counts, as grouped aggregates over those few organisations. The activity charts read ``partners.reporting.figures``.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Case, Count, Exists, F, Max, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone

from ..models import Collaboration, FigureDimension, FollowUp, MeetingOrganisation, Organisation, Theme
from ..models.collaborations import CollaborationKind, CollaborationStatus
from ..models.organisations import OrganisationKind
from ..reporting import figures

DEFAULT_STALE_DAYS = 180


def stale_days(kind: str) -> int:
    """Days without a meeting after which a key partner of ``kind`` counts as stale (settings.DASHBOARD_STALE_DAYS)."""
    configured = getattr(settings, "DASHBOARD_STALE_DAYS", {})
    return int(configured.get(kind, configured.get("default", DEFAULT_STALE_DAYS)))


def review_days() -> int:
    return int(getattr(settings, "DASHBOARD_REVIEW_DAYS", 365))


def _met_since(since) -> Exists:
    """A meeting held with the outer organisation between ``since`` (a value or expression) and now."""
    return Exists(
        MeetingOrganisation.objects.filter(
            organisation_id=OuterRef("pk"),
            starts_at__gte=since,
            starts_at__lte=timezone.now(),
        )
    )


def year_start(today: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(today.year, 1, 1))


@dataclass
class HealthRow:
    organisation: Organisation
    met_this_year: bool
    stale: bool
    threshold_days: int
    last_meeting: datetime.datetime | None = None
    meetings_12m: int = 0
    open_follow_ups: int = 0
    overdue_follow_ups: int = 0


@dataclass
class Health:
    page: object
    rows: list[HealthRow]
    key_partner_count: int
    never_met_this_year: int
    stale_count: int
    thresholds: list[tuple[str, int]] = field(default_factory=list)


def relationship_health(*, today: datetime.date | None = None, page: int | str = 1, per_page: int = 25) -> Health:
    """Active key partners, never met this year first, then stale ones, then the rest (by name): 4 queries."""
    today = today or timezone.localdate()
    now = timezone.now()
    # One EXISTS per distinct threshold, each with a constant bound: with the bound in a CASE the planner cannot
    # estimate the range and hash-joins a slice of the meeting index per organisation (1.1 s instead of ~30 ms).
    kinds_by_days: dict[int, list[str]] = {}
    for kind in OrganisationKind.values:
        kinds_by_days.setdefault(stale_days(kind), []).append(kind)
    met_recently = Case(
        *(
            When(kind__in=kinds, then=_met_since(now - datetime.timedelta(days=days)))
            for days, kinds in sorted(kinds_by_days.items())
        ),
        default=Value(False),
        output_field=BooleanField(),
    )
    ranked = list(
        Organisation.objects.filter(is_key_partner=True, is_active=True)
        .annotate(met_this_year=_met_since(year_start(today)), met_recently=met_recently)
        .order_by("met_this_year", "met_recently", "name", "id")
        .values_list("id", "met_this_year", "met_recently")
    )
    paginator = Paginator(ranked, per_page)
    current = paginator.get_page(page)
    flags = {pk: (met_year, met_recent) for pk, met_year, met_recent in current.object_list}
    ids = list(flags)
    organisations = Organisation.objects.filter(pk__in=ids).select_related("owner").in_bulk()
    year_ago = now - datetime.timedelta(days=365)
    meeting_stats = {
        row["organisation_id"]: row
        for row in MeetingOrganisation.objects.filter(organisation_id__in=ids, starts_at__lte=now)
        .values("organisation_id")
        .annotate(last=Max("starts_at"), recent=Count("id", filter=Q(starts_at__gte=year_ago)))
    }
    follow_up_stats = _open_follow_ups(ids, today)
    rows = []
    for pk in ids:
        organisation = organisations[pk]
        met_year, met_recent = flags[pk]
        stats = meeting_stats.get(pk, {})
        follow_ups = follow_up_stats.get(pk, {})
        rows.append(
            HealthRow(
                organisation=organisation,
                met_this_year=met_year,
                stale=not met_recent,
                threshold_days=stale_days(organisation.kind),
                last_meeting=stats.get("last"),
                meetings_12m=stats.get("recent", 0),
                open_follow_ups=follow_ups.get("open", 0),
                overdue_follow_ups=follow_ups.get("overdue", 0),
            )
        )
    return Health(
        page=current,
        rows=rows,
        key_partner_count=len(ranked),
        never_met_this_year=sum(1 for _pk, met_year, _recent in ranked if not met_year),
        stale_count=sum(1 for _pk, _year, met_recent in ranked if not met_recent),
        thresholds=[(label, stale_days(kind)) for kind, label in OrganisationKind.choices],
    )


def _open_follow_ups(organisation_ids: list[int], today: datetime.date) -> dict[int, dict]:
    """Open and overdue follow-ups of the meetings of each organisation: 1 query.

    Plain SQL, because the ORM would go from the link to the follow-up through the meeting and count follow-up ids;
    joined directly, both sides are index-only scans (the link's (organisation, meeting) index and the open
    follow-ups' (meeting) INCLUDE (due date) index).
    """
    if not organisation_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT link.organisation_id, count(*), count(*) FILTER (WHERE follow_up.due_date < %s) "
            f"FROM {MeetingOrganisation._meta.db_table} link "
            f"JOIN {FollowUp._meta.db_table} follow_up "
            "ON follow_up.meeting_id = link.meeting_id AND follow_up.done_at IS NULL "
            f"WHERE link.organisation_id IN ({', '.join(['%s'] * len(organisation_ids))}) "
            "GROUP BY link.organisation_id",
            [today, *organisation_ids],
        )
        return {pk: {"open": open_, "overdue": overdue} for pk, open_, overdue in cursor.fetchall()}


@dataclass
class CountLink:
    label: str
    value: int
    url: str


def _list_url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def collaboration_counts() -> dict[str, list[CountLink]]:
    """Collaborations by status, kind and theme, each count with the URL of the filtered list: 3 queries."""
    by_status = dict(Collaboration.objects.order_by().values_list("status").annotate(n=Count("id")))
    by_kind = dict(Collaboration.objects.order_by().values_list("kind").annotate(n=Count("id")))
    themes = (
        Theme.objects.annotate(n=Count("collaborations"))
        .filter(n__gt=0)
        .order_by("-n", "name")
        .values_list("id", "name", "n")
    )
    return {
        "status": [
            CountLink(label, by_status.get(value, 0), _list_url("collaboration_list", status=value))
            for value, label in CollaborationStatus.choices
        ],
        "kind": [
            CountLink(label, by_kind.get(value, 0), _list_url("collaboration_list", kind=value))
            for value, label in CollaborationKind.choices
        ],
        "theme": [CountLink(name, n, _list_url("collaboration_list", themes=pk)) for pk, name, n in themes],
    }


def overdue_follow_ups_by_owner(*, today: datetime.date | None = None) -> list[dict]:
    """Owners with overdue follow-ups, most overdue first, with the link to their overdue list: 2 queries.

    Counted per owner id alone, so the count is an index-only scan of the open follow-ups' (owner, due date) index;
    the few owners are read afterwards.
    """
    today = today or timezone.localdate()
    counts = dict(FollowUp.objects.overdue(today).order_by().values_list("owner_id").annotate(n=Count("*")))
    owners = get_user_model().objects.in_bulk(list(counts))
    rows = sorted(
        ((owners[pk], n) for pk, n in counts.items() if pk in owners), key=lambda row: (-row[1], row[0].username)
    )
    return [
        {
            "name": owner.get_full_name() or owner.get_username(),
            "count": n,
            "url": _list_url("followup_list", owner=owner.pk, state="overdue"),
        }
        for owner, n in rows
    ]


def collaborations_due_for_review(*, today: datetime.date | None = None, limit: int = 20) -> dict:
    """Collaborations not ended whose last review (else their start, else their creation) is older than the period."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=review_days())
    queryset = (
        Collaboration.objects.exclude(status=CollaborationStatus.ENDED)
        .annotate(last_review=Max("reviews__reviewed_on"))
        .annotate(since=Coalesce("last_review", "start_date", TruncDate("created_at")))
        .filter(since__lt=cutoff)
        .select_related("responsible")
        .order_by(F("last_review").asc(nulls_first=True), "title", "id")
    )
    rows = list(queryset[: limit + 1])
    return {"rows": rows[:limit], "more": len(rows) > limit, "days": review_days()}


def month_starts(*, today: datetime.date, months: int) -> list[datetime.date]:
    """The first days of the last ``months`` months, oldest first, ending with the current month."""
    starts, year, month = [], today.year, today.month
    for _ in range(months):
        starts.append(datetime.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def activity(*, today: datetime.date | None = None, months: int = 12, staff_months: int = 6) -> dict:
    """Meetings per month, by partner kind and by theme over ``months``; per staff member per month: 7 queries.

    The counts come from ``partners.reporting.figures`` (day rows kept current by the database), so a meeting logged a moment
    ago is in them; nothing is cached by time. Months are local calendar months up to and including today.
    """
    today = today or timezone.localdate()
    starts = month_starts(today=today, months=months)
    end = figures.held_until(today)
    figures.refresh(starts[0], end)
    per_month = figures.counts(FigureDimension.KIND, starts[0], end, by="month", fresh=True)
    by_kind = figures.totals_by_key(figures.counts(FigureDimension.PARTNER_KIND, starts[0], end, fresh=True))
    by_theme_id = figures.totals_by_key(figures.counts(FigureDimension.THEME, starts[0], end, fresh=True))
    staff_starts = starts[-staff_months:]
    per_staff: dict[int, dict[datetime.date, int]] = {}
    staff_counts = figures.counts(FigureDimension.STAFF, staff_starts[0], end, by="month", fresh=True)
    for (month, user_id), n in staff_counts.items():
        per_staff.setdefault(user_id, {})[month] = n
    users = get_user_model().objects.filter(pk__in=per_staff).order_by("first_name", "last_name", "username")
    theme_names = dict(Theme.objects.filter(pk__in=by_theme_id).values_list("id", "name"))
    kind_labels = dict(OrganisationKind.choices)
    month_totals = figures.totals_by_bucket(per_month)
    return {
        "per_month": [(start, month_totals.get(start, 0)) for start in starts],
        "by_kind": sorted(
            ((str(kind_labels.get(kind, kind)), n) for kind, n in by_kind.items()), key=lambda pair: -pair[1]
        ),
        "by_theme": sorted(
            ((theme_names[pk], n) for pk, n in by_theme_id.items() if pk in theme_names),
            key=lambda pair: (-pair[1], pair[0]),
        )[:10],
        "staff_months": staff_starts,
        "per_staff": [
            {
                "name": user.get_full_name() or user.get_username(),
                "counts": [per_staff[user.pk].get(start, 0) for start in staff_starts],
                "total": sum(per_staff[user.pk].values()),
            }
            for user in users
        ],
    }
