"""Reads for the event pages: the list with invitation counts, and one event's invitations and status figures."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import Event, Invitation
from ..models.events import InvitationStatus

# The statuses counted on the event list, each as an annotation ``<status>_count``.
LIST_COUNT_STATUSES = (
    InvitationStatus.INVITED,
    InvitationStatus.ACCEPTED,
    InvitationStatus.DECLINED,
    InvitationStatus.ATTENDED,
)


def _invitation_count(**conditions) -> Coalesce:
    """A correlated count of the row's invitations (answered from the (event, status) index, per shown row)."""
    counted = (
        Invitation.objects.filter(event_id=OuterRef("pk"), **conditions)
        .order_by()
        .values("event_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def event_list_queryset() -> QuerySet[Event]:
    """Events with ``invitation_count`` and ``<status>_count`` for the statuses in ``LIST_COUNT_STATUSES``."""
    counts = {f"{status}_count": _invitation_count(status=status) for status in LIST_COUNT_STATUSES}
    return Event.objects.annotate(invitation_count=_invitation_count(), **counts)


def event_status_counts(*, event: Event) -> list[dict]:
    """Every invitation status with its label and count for the event, in workflow order (one query)."""
    found = dict(
        Invitation.objects.filter(event=event)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [
        {"status": value, "label": label, "count": found.get(value, 0)} for value, label in InvitationStatus.choices
    ]


def event_invitations(*, event: Event) -> QuerySet[Invitation]:
    """The event's invitations with the contact and organisation each row shows (no query per row)."""
    return (
        Invitation.objects.filter(event=event)
        .select_related("contact", "organisation")
        .order_by("contact__last_name", "contact__first_name", "id")
    )
