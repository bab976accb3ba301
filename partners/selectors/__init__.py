"""Reads for the pages: keyword-only arguments, one place per question, no query per row."""

import datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from ..models import Collaboration, Contact, FollowUp, Meeting, Organisation
from ..models.collaborations import CollaborationStatus
from .organisations import organisation_overview  # noqa: F401 (the organisation page: selectors/organisations.py)


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
