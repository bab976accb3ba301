"""Writes of the meeting log that are more than saving a form (HackSoft style: keyword-only, validated)."""

import datetime

from django.db import transaction

from ..models import FollowUp


@transaction.atomic
def follow_up_mark_done(*, follow_up: FollowUp, when: datetime.datetime | None = None) -> FollowUp:
    """Mark the follow-up done (now, unless ``when`` is given) by ``FollowUp.mark``: already done keeps its time."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.mark(True, when=when):
        follow_up.full_clean()
        follow_up.save(update_fields=["done_at", "updated_at"])
    return follow_up
