"""Reads for the pages: keyword-only arguments, one place per question, no query per row."""

import datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from ..models import Collaboration, Contact, FollowUp, Meeting, Organisation
from ..models.collaborations import CollaborationStatus
from .common import meeting_stats


def open_follow_ups_for(*, user, limit: int, today: datetime.date | None = None) -> QuerySet[FollowUp]:
    """The user's open follow-ups, earliest due first (undated last), each with ``is_overdue`` and its meeting."""
    today = today or timezone.localdate()
    return (
        FollowUp.objects.open()
        .filter(owner=user)
        .select_related("meeting")
        .with_overdue_flag(today)
        .order_by(F("due_date").asc(nulls_last=True), "id")[:limit]
    )


def follow_up_counts_for(*, user, today: datetime.date | None = None) -> dict[str, int]:
    """How many open follow-ups the user has, and how many of them are overdue (one query)."""
    today = today or timezone.localdate()
    return (
        FollowUp.objects.open()
        .filter(owner=user)
        .aggregate(open=Count("id"), overdue=Count("id", filter=Q(due_date__lt=today)))
    )


def recent_meetings(*, limit: int, until: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """The latest meetings held up to ``until`` (default now), newest first, with their organisations prefetched."""
    until = until or timezone.now()
    organisations = Organisation.objects.only("id", "name").order_by("name", "id")
    return (
        Meeting.objects.filter(starts_at__lte=until)
        .prefetch_related(Prefetch("organisations", queryset=organisations))
        .order_by("-starts_at", "-id")[:limit]
    )


def active_organisation_count() -> int:
    return Organisation.objects.filter(is_active=True).count()


def active_contact_count() -> int:
    return Contact.objects.filter(is_active=True).count()


def active_collaboration_count() -> int:
    return Collaboration.objects.filter(status=CollaborationStatus.ACTIVE).count()


def organisation_overview(*, organisation: Organisation, meeting_limit: int = 20) -> dict:
    """Everything the organisation page shows, in a fixed number of queries whatever the number of related rows."""
    from ..models import Affiliation, CollaborationPartner

    affiliations = list(
        Affiliation.objects.filter(organisation=organisation)
        .select_related("contact")
        .order_by(F("end_date").desc(nulls_first=True), "contact__last_name", "contact__first_name")
    )
    meetings = Meeting.objects.filter(organisations=organisation)
    open_follow_ups = FollowUp.objects.open().filter(meeting__organisations=organisation)
    return {
        "ancestors": list(reversed(organisation.ancestors())),
        "children": list(organisation.children.order_by("name")[:100]),
        "child_count": organisation.children.count(),
        "current_affiliations": [a for a in affiliations if a.end_date is None],
        "former_affiliations": [a for a in affiliations if a.end_date is not None],
        "memberships": list(
            CollaborationPartner.objects.filter(organisation=organisation)
            .select_related("collaboration")
            .order_by("collaboration__title")
        ),
        "meetings": list(
            meetings.prefetch_related(
                Prefetch("contacts", queryset=Contact.objects.only("id", "first_name", "last_name"))
            ).order_by("-starts_at", "-id")[:meeting_limit]
        ),
        "meeting_stats": meeting_stats(meetings),
        "open_follow_ups": list(
            open_follow_ups.select_related("meeting", "owner")
            .with_overdue_flag()
            .order_by(F("due_date").asc(nulls_last=True), "id")[:20]
        ),
        "open_follow_up_count": open_follow_ups.count(),
    }
