"""Writes on invitation lists: add invitees (the selection is ``selectors.events.invitation_candidates``), status
changes with their timestamps, and check-in at the door. Keyword-only; the views only orchestrate."""

from collections.abc import Mapping

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from ..models import Contact, Event, Invitation
from ..models.events import InvitationStatus
from ..selectors.events import CandidateSummary, invitation_candidates_insert


@transaction.atomic
def invitations_add(
    *,
    event: Event,
    contacts: QuerySet[Contact],
    quota: int | None,
    through: Mapping[int, int | None] | None = None,
    user=None,
) -> CandidateSummary:
    """Add the candidates ``invitation_candidates`` includes as draft invitations (with their history), in one
    transaction and one statement, however many (``invitation_candidates_insert``).

    Returns the counts (included = added, excluded by reason). ``through`` keeps an earlier list's organisations (see
    ``invitation_candidates``). The unique constraint on (event, contact) still guards against a concurrent add of
    the same person.
    """
    # Lock the event row so two simultaneous adds to one list cannot both pass the quota.
    Event.objects.select_for_update().filter(pk=event.pk).first()
    return invitation_candidates_insert(event=event, contacts=contacts, quota=quota, through=through, user=user)


@transaction.atomic
def invitations_set_status(*, invitations: QuerySet[Invitation], status: str, user=None) -> int:
    """Move the invitations to ``status`` (``Invitation.move_to``: the status's timestamp is now); returns how many
    changed (those already in ``status`` are left as they are)."""
    if status not in InvitationStatus.values:
        raise ValueError(f"Unknown invitation status: {status!r}")
    now = timezone.now()
    changed: list[Invitation] = []
    fields: set[str] = set()
    for invitation in invitations.select_for_update().order_by("pk"):
        moved = invitation.move_to(status, now=now)
        if moved:
            invitation.updated_at = now
            changed.append(invitation)
            fields.update(moved)
    if changed:
        bulk_update_with_history(changed, Invitation, sorted(fields | {"updated_at"}), default_user=user)
    return len(changed)


@transaction.atomic
def invitation_check_in(*, invitation: Invitation, user=None) -> Invitation:
    """Mark the guest as attended now (at the door). Checking in twice keeps the first time."""
    if not invitation.move_to(InvitationStatus.ATTENDED, now=timezone.now()):
        return invitation
    invitation._history_user = user
    invitation.full_clean()
    invitation.save()
    return invitation


@transaction.atomic
def invitation_update(*, invitation: Invitation, status: str, organisation, user=None) -> Invitation:
    """Change one invitation's organisation and status (a new status sets its timestamp)."""
    old_status = Invitation.objects.filter(pk=invitation.pk).values_list("status", flat=True).first()
    invitation.organisation = organisation
    invitation.move_to(status, now=timezone.now(), previous=old_status)
    invitation._history_user = user
    invitation.full_clean()
    invitation.save()
    return invitation
