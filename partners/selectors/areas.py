"""Reads for the housing-area pages, in a fixed number of queries whatever the number of rows or related rows."""

import datetime

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Area, Collaboration, Meeting, Organisation
from ..models.collaborations import CollaborationStatus
from .common import meeting_stats


def _count(through, **lookups) -> Coalesce:
    """A correlated COUNT over a many-to-many table (two counts joined in one query would multiply each other)."""
    counted = (
        through.objects.filter(**lookups).order_by().values(next(iter(lookups))).annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def area_list_queryset() -> QuerySet[Area]:
    return Area.objects.select_related("municipality").annotate(
        estate_count=_count(Area.estates.through, area_id=OuterRef("pk")),
        collaboration_count=_count(Collaboration.areas.through, area_id=OuterRef("pk")),
    )


def masterplan_is_running(area: Area, *, today: datetime.date) -> bool:
    """The same test as ``masterplan_active_on`` for one area already loaded."""
    start, end = area.masterplan_start, area.masterplan_end
    return bool(start and start <= today and (end is None or end >= today))


# Collaborations that matter now first.
STATUS_ORDER = Case(
    *(
        When(status=status, then=Value(i))
        for i, status in enumerate(
            (
                CollaborationStatus.ACTIVE,
                CollaborationStatus.PLANNED,
                CollaborationStatus.PAUSED,
                CollaborationStatus.ENDED,
            )
        )
    ),
    output_field=IntegerField(),
)


def area_overview(*, area: Area, meeting_limit: int = 20, today: datetime.date | None = None) -> dict:
    """Everything the area page shows: estates with their housing organisations, collaborations, latest meetings."""
    today = today or timezone.localdate()
    estates = list(area.estates.select_related("parent").order_by("parent__name", "name", "id"))
    housing_organisations = {e.parent_id: e.parent for e in estates if e.parent is not None}
    meetings = Meeting.objects.filter(areas=area)
    organisations = Organisation.objects.only("id", "name").order_by("name", "id")
    return {
        "estates": estates,
        "housing_organisations": sorted(housing_organisations.values(), key=lambda o: (o.name, o.pk)),
        "collaborations": list(
            Collaboration.objects.filter(areas=area)
            .select_related("responsible")
            .prefetch_related(Prefetch("partners", queryset=organisations))
            .order_by(STATUS_ORDER, "title", "id")
        ),
        "meetings": list(
            meetings.prefetch_related(Prefetch("organisations", queryset=organisations)).order_by("-starts_at", "-id")[
                :meeting_limit
            ]
        ),
        "meeting_stats": meeting_stats(meetings),
        "masterplan_running": masterplan_is_running(area, today=today),
    }
