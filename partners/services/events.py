"""Writes on events that are more than saving a form: starting an event from an earlier one (next year's nytårskur
from this year's), its guest list included."""

from django.db import transaction

from ..models import Contact, Event, Invitation
from ..selectors.events import CandidateSummary
from .invitations import invitations_add


@transaction.atomic
def event_copy(*, source: Event, event: Event, copy_guests: bool, user=None) -> CandidateSummary | None:
    """Save ``event`` (new, its details taken from ``source`` and changed by the user) and, with ``copy_guests``,
    put everyone on ``source``'s list on its list as drafts, whatever their status there.

    Each guest is checked again as any new name on a list is (``invitation_candidates``): not marked do not contact,
    still working at the organisation they were invited through (or, invited through none, working somewhere now),
    an e-mail address, and the new event's quota per organisation. Returns those checks' result (included = copied),
    or None without ``copy_guests``. One transaction: if anything fails, neither the event nor a guest is saved.
    """
    event._history_user = user
    event.full_clean()
    event.save()
    if not copy_guests:
        return None
    earlier = Invitation.objects.filter(event=source)
    through = dict(earlier.values_list("contact_id", "organisation_id"))
    return invitations_add(
        event=event,
        contacts=Contact.objects.filter(pk__in=earlier.values("contact_id")),
        quota=event.guest_quota,
        through=through,
        user=user,
    )
