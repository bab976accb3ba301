"""Writes of the partner domain (HackSoft style: keyword-only, validated, in a transaction)."""

import datetime

from django.db import transaction

from ..models import Affiliation, Contact, Organisation


@transaction.atomic
def affiliation_change(
    *,
    contact: Contact,
    organisation: Organisation,
    title: str = "",
    department: str = "",
    start_date: datetime.date,
    ending: Affiliation | None = None,
) -> Affiliation:
    """A person changed jobs: end ``ending`` (default: the current primary affiliation) and add the new, primary one.

    The old affiliation ends the day before the new one starts (or on its own start date, if that is later), so the
    history reads without overlap and with no gap.
    """
    if ending is None:
        ending = contact.affiliations.current().filter(is_primary=True).first()
    if ending is not None:
        if ending.contact_id != contact.pk:
            raise ValueError("The affiliation to end belongs to another contact.")
        end_date = start_date - datetime.timedelta(days=1)
        if ending.start_date and end_date < ending.start_date:
            end_date = ending.start_date
        ending.end_date = end_date
        ending.full_clean()
        ending.save(update_fields=["end_date", "updated_at"])
    # Only one current primary affiliation is allowed; the new one takes over.
    contact.affiliations.current().filter(is_primary=True).update(is_primary=False)
    new = Affiliation(
        contact=contact,
        organisation=organisation,
        title=title,
        department=department,
        start_date=start_date,
        is_primary=True,
    )
    new.full_clean()
    new.save()
    return new
