"""Reads for the start page: the logged-in user's work queue, in a fixed number of queries whatever its length.

- ``follow_up_queue``: the user's open follow-ups in groups (overdue, due today, due in the next 7 days, new), a few
  rows per group and the count of each: 1 query for the counts, 1 per group for its rows.
- ``partners_needing_attention``: the active key partners the user owns that are stale by the dashboard's rule
  (``stale_days`` of ``selectors/dashboard.py``: no meeting within the threshold of their kind): 1 query.
- ``my_recent_meetings``: the latest meetings held that the user took part in or logged, with their organisations: 1
  query.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import FollowUp, Meeting, MeetingOrganisation, MeetingStaff, Organisation
from ..models.meetings import FollowUpState
from .dashboard import stale_days
from .meetings import meeting_organisation_rows

# "Due soon" and "new" reach this many days ahead / back.
WEEK_DAYS = 7


@dataclass
class FollowUpGroup:
    key: str
    label: str
    rows: list[FollowUp]
    count: int
    more_url: str = ""  # the follow-up list with this group's rows, when the group has more than are shown

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


@dataclass
class FollowUpQueue:
    groups: list[FollowUpGroup]
    open_count: int
    later_count: int  # open, not in any group: due later than the coming week or undated, and not new
    my_open_url: str


def _groups(today: datetime.date, now: datetime.datetime) -> list[tuple[str, object, Q, tuple]]:
    """(key, label, which of the user's open follow-ups, order) per group; the groups do not overlap."""
    week_end = today + datetime.timedelta(days=WEEK_DAYS)
    later_or_undated = Q(due_date__gt=week_end) | Q(due_date__isnull=True)
    return [
        ("overdue", _("Overdue"), Q(due_date__lt=today), ("-due_date", "-id")),
        ("today", _("Due today"), Q(due_date=today), ("id",)),
        ("week", _("Due in the next 7 days"), Q(due_date__gt=today, due_date__lte=week_end), ("due_date", "id")),
        (
            "new",
            _("New, due later or undated"),
            later_or_undated & Q(created_at__gte=now - datetime.timedelta(days=WEEK_DAYS)),
            ("-created_at", "-id"),
        ),
    ]


def _follow_up_list_url(**params) -> str:
    return f"{reverse('followup_list')}?{urlencode(params)}"


def follow_up_queue(
    *, user, limit: int = 10, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> FollowUpQueue:
    """The user's open follow-ups: overdue (newest due date first), due today, due in the next 7 days, and new ones
    (added in the last 7 days, due later or without a date: so a follow-up given a moment ago always shows)."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    groups = _groups(today, now)
    mine = FollowUp.objects.open().filter(owner=user)
    counts = mine.aggregate(open=Count("id"), **{key: Count("id", filter=where) for key, _label, where, _o in groups})
    mine_url = {"owner": user.pk, "state": FollowUpState.OPEN}
    more_urls = {
        "overdue": _follow_up_list_url(owner=user.pk, state=FollowUpState.OVERDUE),
        "today": _follow_up_list_url(**mine_url, due_date_after=today, due_date_before=today),
    }
    result = []
    for key, label, where, order in groups:
        rows = list(mine.filter(where).select_related("meeting").with_overdue_flag(today).order_by(*order)[:limit])
        url = more_urls.get(key, _follow_up_list_url(**mine_url, sort="due_date"))
        result.append(FollowUpGroup(key, label, rows, counts[key], url if counts[key] > len(rows) else ""))
    return FollowUpQueue(
        groups=result,
        open_count=counts["open"],
        later_count=counts["open"] - sum(counts[key] for key, *_rest in groups),
        my_open_url=_follow_up_list_url(**mine_url, sort="due_date"),
    )


@dataclass
class PartnerRow:
    organisation: Organisation
    last_meeting: datetime.datetime | None
    threshold_days: int
    log_meeting_url: str = field(default="")


@dataclass
class PartnersNeedingAttention:
    rows: list[PartnerRow]
    count: int  # stale key partners the user owns
    key_partner_count: int  # active key partners the user owns
    list_url: str


def partners_needing_attention(
    *, user, limit: int = 8, now: datetime.datetime | None = None
) -> PartnersNeedingAttention:
    """The user's active key partners not met within their kind's threshold (the dashboard's "stale"), never met
    first, then the longest unmet: 1 query (the last meeting per organisation is one descent of the
    (organisation, meeting start) index)."""
    now = now or timezone.now()
    last_held = (
        MeetingOrganisation.objects.filter(organisation_id=OuterRef("pk"), starts_at__lte=now)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    owned = (
        Organisation.objects.filter(owner=user, is_key_partner=True, is_active=True)
        .annotate(last_meeting=Subquery(last_held))
        .only("id", "name", "kind")
        .order_by(F("last_meeting").asc(nulls_first=True), "name", "id")
    )
    meeting_add, home = reverse("meeting_add"), reverse("home")
    stale = []
    key_partner_count = 0
    for organisation in owned:
        key_partner_count += 1
        days = stale_days(organisation.kind)
        last = organisation.last_meeting
        if last is None or last < now - datetime.timedelta(days=days):
            url = f"{meeting_add}?{urlencode({'organisations': organisation.pk, 'next': home})}"
            stale.append(PartnerRow(organisation, last, days, url))
    return PartnersNeedingAttention(
        rows=stale[:limit],
        count=len(stale),
        key_partner_count=key_partner_count,
        list_url=f"{reverse('organisation_list')}?"
        + urlencode({"owner": user.pk, "is_key_partner": "true", "is_active": "true"}),
    )


def my_recent_meetings(*, user, limit: int = 8, now: datetime.datetime | None = None) -> list[Meeting]:
    """The latest meetings held up to ``now`` that the user took part in (staff) or logged (created), newest first,
    each with ``organisation_rows`` ([{id, name}]): 1 query."""
    now = now or timezone.now()
    took_part = MeetingStaff.objects.filter(user=user).values("meeting_id")
    logged = Meeting.history.filter(history_type="+", history_user=user).values("id")
    return list(
        Meeting.objects.filter(starts_at__lte=now)
        .filter(Q(pk__in=took_part) | Q(pk__in=logged))
        .annotate(organisation_rows=meeting_organisation_rows())
        .only("id", "subject", "kind", "starts_at")
        .order_by("-starts_at", "-id")[:limit]
    )
