"""Reads shared by several pages."""

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Now


def last_meeting_held(through_model, row_field: str) -> Subquery:
    """Per row, the start of its latest meeting already held (planned meetings ahead do not count).

    ``through_model`` is the meeting ↔ row link table (``Meeting.organisations.through``), ``row_field`` its column
    for the row (``"organisation"``).
    """
    return Subquery(
        through_model.objects.filter(**{f"{row_field}_id": OuterRef("pk")}, meeting__starts_at__lte=Now())
        .order_by("-meeting__starts_at")
        .values("meeting__starts_at")[:1]
    )


def meeting_stats(meetings: QuerySet) -> dict:
    """How many meetings, and when the latest one already held took place (one query)."""
    return meetings.aggregate(count=Count("id"), last=Max("starts_at", filter=Q(starts_at__lte=Now())))
