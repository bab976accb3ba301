"""Erasure at a person's request ("glem mig", GDPR art. 17): the person anonymised in one transaction.

What changes: the contact's personal fields are blanked (the name becomes "Slettet person"), tags removed, the titles
and departments of their affiliations blanked, the notes on their case stances blanked; their name is removed from the
minutes, decisions and follow-ups of the meetings they took part in, also in those records' history; the history rows
of the contact and their affiliations are deleted (one row says it was anonymised, and by whom); the record of access
requests answered names them no more. What stays, so the secretariat's own figures stay true: the contact row itself
(anonymous), their links to meetings, organisations, invitations and cases. A one-way fingerprint of their e-mail
address is kept (``ErasedPerson``): a later import or form refuses the address with an explanation.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Affiliation, CaseStakeholder, Contact, ErasedPerson, FollowUp, Meeting, PersonalDataExport
from ..models.contacts import ERASED_FIRST_NAME, ERASED_LAST_NAME
from ..models.personal_data import email_fingerprint

ERASED_TEXT = "[slettet person]"  # what stands where the name stood in minutes and follow-ups


@dataclass
class ErasurePlan:
    """What an erasure of ``contact`` will change, for the confirmation page (and what it did, after)."""

    contact: Contact
    name: str
    meetings_kept: int = 0
    minutes: list[Meeting] = field(default_factory=list)  # meetings whose minutes or decisions name the person
    follow_ups: list[FollowUp] = field(default_factory=list)
    affiliations: int = 0
    tags: int = 0
    invitations_kept: int = 0
    stances: int = 0
    history_rows: int = 0
    has_email: bool = False


def _pattern(name: str) -> re.Pattern:
    return re.compile(re.escape(name), re.IGNORECASE)


def _names(text: str, pattern: re.Pattern) -> bool:
    return bool(text) and bool(pattern.search(text))


def erasure_plan(*, contact: Contact) -> ErasurePlan:
    name = contact.full_name
    pattern = _pattern(name)
    meetings = list(Meeting.objects.filter(contacts=contact).only("id", "subject", "starts_at", "minutes", "decisions"))
    follow_ups = [
        f
        for f in FollowUp.objects.filter(meeting__in=meetings).only("id", "text", "meeting_id")
        if _names(f.text, pattern)
    ]
    return ErasurePlan(
        contact=contact,
        name=name,
        meetings_kept=len(meetings),
        minutes=[m for m in meetings if _names(m.minutes, pattern) or _names(m.decisions, pattern)],
        follow_ups=follow_ups,
        affiliations=contact.affiliations.count(),
        tags=contact.tags.count(),
        invitations_kept=contact.invitations.count(),
        stances=CaseStakeholder.objects.filter(contact=contact).count(),
        history_rows=contact.history.count() + Affiliation.history.filter(contact_id=contact.pk).count(),
        has_email=bool(contact.email),
    )


def _scrub(model, ids, fields: tuple[str, ...], pattern: re.Pattern) -> None:
    """Replace the name in ``fields`` of the records ``ids`` and of their history rows."""
    for manager in (model.objects, model.history):
        for row in manager.filter(id__in=ids).only("pk", *fields):
            changed = {f: pattern.sub(ERASED_TEXT, getattr(row, f)) for f in fields if _names(getattr(row, f), pattern)}
            if changed:
                type(row).objects.filter(pk=row.pk).update(**changed)


@transaction.atomic
def erase_contact(*, contact: Contact, user) -> ErasurePlan:
    """Anonymise ``contact`` as ``erasure_plan`` describes (see the module's docstring); returns the plan carried out."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    plan = erasure_plan(contact=contact)
    pattern = _pattern(plan.name)
    _scrub(Meeting, [m.pk for m in plan.minutes], ("minutes", "decisions"), pattern)
    _scrub(FollowUp, [f.pk for f in plan.follow_ups], ("text",), pattern)
    CaseStakeholder.objects.filter(contact=contact).update(note="")
    CaseStakeholder.history.filter(contact_id=contact.pk).update(note="")
    Affiliation.objects.filter(contact=contact).update(title="", department="")
    Affiliation.history.filter(contact_id=contact.pk).delete()
    contact.tags.clear()
    if contact.email:
        ErasedPerson.objects.get_or_create(fingerprint=email_fingerprint(contact.email), defaults={"erased_by": user})
    erased_name = f"{ERASED_FIRST_NAME} {ERASED_LAST_NAME}"
    PersonalDataExport.objects.filter(contact=contact).update(contact_name=erased_name)
    contact.history.all().delete()
    contact.first_name, contact.last_name = ERASED_FIRST_NAME, ERASED_LAST_NAME
    contact.email, contact.phone, contact.salutation, contact.notes, contact.consent_note = None, "", "", "", ""
    contact.do_not_contact, contact.is_active = True, False
    contact._change_reason = _("Anonymised at the person's request (forget me)")
    contact._history_user = user
    contact.save()
    return plan
