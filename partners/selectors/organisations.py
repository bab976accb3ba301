"""Reads for the organisation list."""

from django.db.models import Count, OuterRef, QuerySet, Subquery

from ..models import Affiliation, Meeting, Organisation
from .common import last_meeting_held


def organisation_list_queryset() -> QuerySet[Organisation]:
    """Organisations with their last meeting held and number of current contacts, for the list and its export."""
    last_meeting = last_meeting_held(Meeting.organisations.through, "organisation")
    contact_count = (
        Affiliation.objects.filter(organisation_id=OuterRef("pk"), end_date__isnull=True)
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("contact_id", distinct=True))
        .values("n")
    )
    return (
        Organisation.objects.select_related("parent", "owner")
        .prefetch_related("tags")
        .annotate(last_meeting=last_meeting, contact_count=Subquery(contact_count))
    )
