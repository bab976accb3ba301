"""Reads shared by several pages."""

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Now


def last_meeting_held(link_model, row_field: str) -> Subquery:
    """Per row, the start of its latest meeting already held (planned meetings ahead do not count).

    ``link_model`` is the meeting ↔ row link (a ``MeetingLink``, e.g. ``MeetingOrganisation``), ``row_field`` its
    field for the row (``"organisation"``). The link's copy of the meeting's start is read (``MeetingLink.starts_at``):
    one step down the (row, start) index instead of a join to every meeting of the row.
    """
    return Subquery(
        link_model.objects.filter(**{f"{row_field}_id": OuterRef("pk"), "starts_at__lte": Now()})
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )


def meeting_stats(meetings: QuerySet) -> dict:
    """How many meetings, and when the latest one already held took place (one query)."""
    return meetings.aggregate(count=Count("id"), last=Max("starts_at", filter=Q(starts_at__lte=Now())))
