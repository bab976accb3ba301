"""Reads shared by several pages."""

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Now

from ..figures import link_start


def last_meeting_held(through_model, row_field: str) -> Subquery:
    """Per row, the start of its latest meeting already held (planned meetings ahead do not count).

    ``through_model`` is the meeting ↔ row link table (``MeetingOrganisation``), ``row_field`` its column for the
    row (``"organisation"``). Where the link keeps a copy of the meeting's start (``MeetingLink``), that copy is read
    (``figures.link_start``): one step down the (row, start) index instead of a join to every meeting of the row.
    """
    starts_at = link_start() if _keeps_start(through_model) else "meeting__starts_at"
    return Subquery(
        through_model.objects.filter(**{f"{row_field}_id": OuterRef("pk"), f"{starts_at}__lte": Now()})
        .order_by(f"-{starts_at}")
        .values(starts_at)[:1]
    )


def _keeps_start(through_model) -> bool:
    return any(field.name == "starts_at" for field in through_model._meta.concrete_fields)


def meeting_stats(meetings: QuerySet) -> dict:
    """How many meetings, and when the latest one already held took place (one query)."""
    return meetings.aggregate(count=Count("id"), last=Max("starts_at", filter=Q(starts_at__lte=Now())))
