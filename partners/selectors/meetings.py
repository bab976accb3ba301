"""Reads for the meeting and follow-up pages: a fixed number of queries whatever the number of rows.

List rows carry their related rows as JSON arrays computed in the same SQL statement (``related_rows``), so a list
costs the same few queries with 25 or 250 rows and with any choice of columns.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, JSONObject
from django.utils import timezone

from ..models import Affiliation, Area, Collaboration, Contact, FollowUp, Meeting, Organisation, Theme
from ..models.meetings import FollowUpState


def related_rows(queryset: QuerySet, **fields) -> ArraySubquery:
    """The rows of ``queryset`` (correlated with ``OuterRef``) as a list of ``{name: value}`` dicts, in SQL."""
    return ArraySubquery(queryset.values(json=JSONObject(**fields)))


def related_count(queryset: QuerySet, outer_field: str) -> Coalesce:
    """The number of rows of ``queryset`` (correlated on ``outer_field``) as an integer annotation."""
    counted = queryset.order_by().values(outer_field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def person_rows(queryset: QuerySet) -> ArraySubquery:
    return related_rows(
        queryset.order_by("first_name", "last_name", "username"),
        id="id",
        first_name="first_name",
        last_name="last_name",
        username="username",
    )


def meeting_organisation_rows(meeting_ref: str = "pk") -> ArraySubquery:
    return related_rows(
        Organisation.objects.filter(meetings=OuterRef(meeting_ref)).order_by("name", "id"), id="id", name="name"
    )


def meeting_list_queryset() -> QuerySet[Meeting]:
    """Meetings with their participants, collaborations, areas, themes and open follow-up count, in one query."""
    return Meeting.objects.annotate(
        organisation_rows=meeting_organisation_rows(),
        contact_rows=related_rows(
            Contact.objects.filter(meetings=OuterRef("pk")).order_by("last_name", "first_name", "id"),
            id="id",
            name=Concat("first_name", Value(" "), "last_name", output_field=CharField()),
        ),
        staff_rows=person_rows(get_user_model().objects.filter(meetings=OuterRef("pk"))),
        collaboration_rows=related_rows(
            Collaboration.objects.filter(meetings=OuterRef("pk")).order_by("title", "id"), id="id", name="title"
        ),
        area_rows=related_rows(
            Area.objects.filter(meetings=OuterRef("pk")).order_by("name", "id"), id="id", name="name"
        ),
        theme_rows=related_rows(
            Theme.objects.filter(meetings=OuterRef("pk")).order_by("name", "id"), id="id", name="name"
        ),
        open_follow_up_count=related_count(FollowUp.objects.open().filter(meeting=OuterRef("pk")), "meeting"),
    )


def meeting_detail_queryset() -> QuerySet[Meeting]:
    current = Affiliation.objects.current().select_related("organisation").order_by("-is_primary", "id")
    contacts = Contact.objects.prefetch_related(
        Prefetch("affiliations", queryset=current, to_attr="current_affiliations")
    ).order_by("last_name", "first_name", "id")
    return Meeting.objects.prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.order_by("name", "id")),
        Prefetch("contacts", queryset=contacts),
        Prefetch("staff", queryset=get_user_model().objects.order_by("first_name", "last_name", "username")),
        Prefetch("collaborations", queryset=Collaboration.objects.order_by("title", "id")),
        Prefetch("areas", queryset=Area.objects.order_by("name", "id")),
        Prefetch("themes", queryset=Theme.objects.order_by("name", "id")),
    )


def meeting_overview(*, meeting: Meeting, today: datetime.date | None = None) -> dict:
    """The follow-ups of a meeting (open first, then by due date), each with ``is_overdue``: one query."""
    today = today or timezone.localdate()
    follow_ups = list(
        meeting.follow_ups.select_related("owner")
        .with_overdue_flag(today)
        .order_by(F("done_at").asc(nulls_first=True), F("due_date").asc(nulls_last=True), "id")
    )
    return {
        "follow_ups": follow_ups,
        "open_follow_up_count": sum(1 for f in follow_ups if f.done_at is None),
    }


def follow_up_list_queryset(*, today: datetime.date | None = None) -> QuerySet[FollowUp]:
    """Follow-ups with their meeting, owner, the meeting's organisations and a ``state``: one query."""
    today = today or timezone.localdate()
    return FollowUp.objects.select_related("meeting", "owner").annotate(
        state=Case(
            When(done_at__isnull=False, then=Value(FollowUpState.DONE)),
            When(due_date__lt=today, then=Value(FollowUpState.OVERDUE)),
            default=Value(FollowUpState.OPEN),
            output_field=CharField(),
        ),
        organisation_rows=meeting_organisation_rows("meeting_id"),
    )


def follow_up_detail_queryset(*, today: datetime.date | None = None) -> QuerySet[FollowUp]:
    today = today or timezone.localdate()
    return (
        FollowUp.objects.select_related("meeting", "owner")
        .prefetch_related(Prefetch("meeting__organisations", queryset=Organisation.objects.order_by("name", "id")))
        .with_overdue_flag(today)
    )
