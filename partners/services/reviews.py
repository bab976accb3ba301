"""Writes of the collaboration review: the review and its decision, applied to the collaboration in one transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Collaboration, CollaborationReview
from ..models.collaborations import CollaborationStatus
from ..models.reviews import ReviewDecision


@transaction.atomic
def collaboration_review(
    *,
    collaboration: Collaboration,
    user,
    reviewed_on: datetime.date,
    note: str,
    decision: str,
    new_status: str = "",
) -> CollaborationReview:
    """Record a review; "change status" sets ``new_status``, "end" sets status ended and the end date.

    The collaboration's change goes through ``save()`` so its history records who changed the status, and when.
    """
    collaboration = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
    review = CollaborationReview(
        collaboration=collaboration,
        reviewed_by=user,
        reviewed_on=reviewed_on,
        note=note,
        decision=decision,
        new_status=new_status if decision == ReviewDecision.CHANGE_STATUS else "",
    )
    review.full_clean()
    if decision == ReviewDecision.CHANGE_STATUS:
        collaboration.status = new_status
    elif decision == ReviewDecision.END:
        if collaboration.start_date and collaboration.start_date > reviewed_on:
            raise ValidationError({"reviewed_on": _("A collaboration cannot end before it starts.")})
        collaboration.status = CollaborationStatus.ENDED
        collaboration.end_date = reviewed_on
    if decision != ReviewDecision.CONTINUE:
        collaboration._history_user = user
        collaboration.full_clean()
        collaboration.save()
    review.save()
    return review
