"""Writes on invitation lists: add invitees (the selection is ``selectors.events.invitation_candidates``), status
changes with their timestamps, and check-in at the door. Keyword-only; the views only orchestrate."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..models import Contact, Event, Invitation
from ..models.events import InvitationStatus
from ..selectors.events import Candidates, invitation_candidates

# The timestamp each status sets when an invitation is moved to it (draft sets none).
STATUS_TIMESTAMP = {
    InvitationStatus.INVITED: "invited_at",
    InvitationStatus.ACCEPTED: "responded_at",
    InvitationStatus.DECLINED: "responded_at",
    InvitationStatus.ATTENDED: "attendance_recorded_at",
    InvitationStatus.NO_SHOW: "attendance_recorded_at",
}


@transaction.atomic
def invitations_add(*, event: Event, contacts: QuerySet[Contact], quota: int | None, user=None) -> Candidates:
    """Add the candidates ``invitation_candidates`` includes as draft invitations, in one transaction and one insert.

    Returns the candidates (included = added). The unique constraint on (event, contact) still guards against a
    concurrent add of the same person.
    """
    # Lock the event row so two simultaneous adds to one list cannot both pass the quota.
    Event.objects.select_for_update().filter(pk=event.pk).first()
    candidates = invitation_candidates(event=event, contacts=contacts, quota=quota)
    invitations = [
        Invitation(event=event, contact=c.contact, organisation=c.organisation, status=InvitationStatus.DRAFT)
        for c in candidates.included
    ]
    if invitations:
        bulk_create_with_history(invitations, Invitation, default_user=user)
    return candidates


def _stamp(invitation: Invitation, status: str, now) -> list[str]:
    invitation.status = status
    changed = ["status", "updated_at"]
    invitation.updated_at = now
    stamp = STATUS_TIMESTAMP.get(status)
    if stamp:
        setattr(invitation, stamp, now)
        changed.append(stamp)
    return changed


@transaction.atomic
def invitations_set_status(*, invitations: QuerySet[Invitation], status: str, user=None) -> int:
    """Move the invitations to ``status`` and set that status's timestamp to now; returns how many were changed."""
    if status not in InvitationStatus.values:
        raise ValueError(f"Unknown invitation status: {status!r}")
    now = timezone.now()
    rows = list(invitations.select_for_update().order_by("pk"))
    fields: list[str] = []
    for invitation in rows:
        fields = _stamp(invitation, status, now)
    if rows:
        bulk_update_with_history(rows, Invitation, fields, default_user=user)
    return len(rows)


@transaction.atomic
def invitation_check_in(*, invitation: Invitation, user=None) -> Invitation:
    """Mark the guest as attended now (at the door). Checking in twice keeps the first time."""
    if invitation.status == InvitationStatus.ATTENDED:
        return invitation
    _stamp(invitation, InvitationStatus.ATTENDED, timezone.now())
    invitation._history_user = user
    invitation.full_clean()
    invitation.save()
    return invitation


@transaction.atomic
def invitation_update(*, invitation: Invitation, status: str, organisation, user=None) -> Invitation:
    """Change one invitation's organisation and status (a new status sets its timestamp)."""
    old_status = Invitation.objects.filter(pk=invitation.pk).values_list("status", flat=True).first()
    invitation.organisation = organisation
    if status != old_status:
        _stamp(invitation, status, timezone.now())
    invitation._history_user = user
    invitation.full_clean()
    invitation.save()
    return invitation
