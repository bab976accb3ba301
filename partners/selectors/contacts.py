"""Reads for the contact pages: the list's queryset and everything the contact page shows, in a fixed number of
queries whatever the number of rows or related rows."""

from django.db.models import F, Prefetch, QuerySet

from ..models import Affiliation, Contact, Invitation, Meeting, Organisation
from .common import last_meeting_held, meeting_stats

# The order in which a contact's current affiliations are shown; the first is the one used when none is primary.
PRIMARY_FIRST = ("-is_primary", F("start_date").desc(nulls_last=True), "id")


def contact_list_queryset() -> QuerySet[Contact]:
    """Contacts with their last meeting; their primary organisation and title are kept columns
    (``Contact.primary_organisation_name``, ``primary_title``: sortable by an index, no query per row); tags are
    prefetched, for the rows fetched (the shown page) only."""
    last_meeting = last_meeting_held(Meeting.contacts.through, "contact")
    return Contact.objects.select_related("owner").prefetch_related("tags").annotate(last_meeting=last_meeting)


def contact_overview(*, contact: Contact, meeting_limit: int = 20, invitation_limit: int = 50) -> dict:
    """Everything the contact page shows: affiliations over time, latest meetings, invitations."""
    affiliations = list(
        Affiliation.objects.filter(contact=contact)
        .select_related("organisation")
        .order_by(F("end_date").desc(nulls_first=True), "-is_primary", F("start_date").desc(nulls_last=True), "id")
    )
    current = [a for a in affiliations if a.end_date is None]
    meetings = Meeting.objects.filter(contacts=contact)
    invitations = Invitation.objects.filter(contact=contact)
    return {
        "current_affiliations": current,
        "former_affiliations": [a for a in affiliations if a.end_date is not None],
        "primary_affiliation": next((a for a in current if a.is_primary), current[0] if current else None),
        "meetings": list(
            meetings.prefetch_related(
                Prefetch("organisations", queryset=Organisation.objects.only("id", "name").order_by("name", "id"))
            ).order_by("-starts_at", "-id")[:meeting_limit]
        ),
        "meeting_stats": meeting_stats(meetings),
        "invitations": list(
            invitations.select_related("event", "organisation").order_by("-event__starts_at", "-id")[:invitation_limit]
        ),
        "invitation_count": invitations.count(),
    }
