"""Reads for the organisation pages: the list's queryset and everything the organisation page shows, in a fixed
number of queries whatever the number of rows or related rows."""

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from ..models import Affiliation, CollaborationPartner, Contact, FollowUp, Meeting, Organisation
from .common import last_meeting_held, meeting_stats

# How many of an organisation's current (and of its former) affiliations its page lists; the rest are counted, and
# the current ones are all on the contact list filtered by the organisation (the largest has 721 at the reference
# scale: listing them all cost most of the page).
AFFILIATIONS_SHOWN = 25


def organisation_list_queryset() -> QuerySet[Organisation]:
    """Organisations with their last meeting held, for the list and its export; the number of current contacts is a
    kept column (``Organisation.contact_count``)."""
    last_meeting = last_meeting_held(Meeting.organisations.through, "organisation")
    return (
        Organisation.objects.select_related("parent", "owner")
        .prefetch_related("tags")
        .annotate(last_meeting=last_meeting)
    )


def organisation_affiliations(*, organisation: Organisation, limit: int = AFFILIATIONS_SHOWN) -> dict:
    """The first ``limit`` current and the first ``limit`` former affiliations (by name), and how many there are
    of each, in one query (a row number and a count per part)."""
    former = ExpressionWrapper(Q(end_date__isnull=False), output_field=BooleanField())
    in_part = {"partition_by": [former]}
    rows = list(
        Affiliation.objects.filter(organisation=organisation)
        .select_related("contact")
        .annotate(
            place=Window(RowNumber(), order_by=[F("contact__last_name"), F("contact__first_name"), F("id")], **in_part),
            in_part=Window(Count("id"), **in_part),
        )
        .filter(place__lte=limit)
        .order_by(F("end_date").desc(nulls_first=True), "contact__last_name", "contact__first_name", "id")
    )
    current = [a for a in rows if a.end_date is None]
    former_rows = [a for a in rows if a.end_date is not None]
    return {
        "current_affiliations": current,
        "current_affiliation_count": current[0].in_part if current else 0,
        "former_affiliations": former_rows,
        "former_affiliation_count": former_rows[0].in_part if former_rows else 0,
    }


def organisation_overview(*, organisation: Organisation, meeting_limit: int = 20) -> dict:
    """Everything the organisation page shows, in a fixed number of queries whatever the number of related rows."""
    meetings = Meeting.objects.filter(organisations=organisation)
    open_follow_ups = FollowUp.objects.open().filter(meeting__organisations=organisation)
    return {
        "ancestors": list(reversed(organisation.ancestors())),
        "children": list(organisation.children.order_by("name")[:100]),
        "child_count": organisation.children.count(),
        **organisation_affiliations(organisation=organisation),
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
