"""Everything the register holds about one person, for an access request (GDPR art. 15): in a fixed number of
queries, as sections the page shows and the JSON file holds the same way."""

import datetime

from django.db.models import Prefetch, Q

from ..models import Affiliation, CaseStakeholder, Contact, FollowUp, Invitation, Meeting, Organisation

# The contact's own fields, in the order the page lists them (the kept copies of derived values are left out).
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "salutation",
    "email",
    "phone",
    "notes",
    "is_active",
    "created_at",
    "updated_at",
)
CONSENT_FIELDS = ("lawful_basis", "consent_note", "do_not_contact")


def _value(value):
    """A value as the JSON file writes it: dates ISO, everything else as text (None stays null)."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int):
        return value
    return str(value)


def _fields(obj, names) -> list[dict]:
    """Each field's label, stored value and display (a choice's label) for the page and the file."""
    rows = []
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        display = getattr(obj, f"get_{name}_display")() if field.choices else value
        rows.append({"name": name, "label": str(field.verbose_name), "value": _value(value), "display": display})
    return rows


def personal_data(*, contact: Contact) -> dict:
    """The person, consent, affiliations, tags, meetings (with their minutes and decisions), invitations and answers,
    follow-ups that name the person, the cases they are placed on, the contact's history and the earlier answers to
    access requests (ten queries)."""
    contact = Contact.objects.select_related("owner").get(pk=contact.pk)
    affiliations = list(
        Affiliation.objects.filter(contact=contact).select_related("organisation").order_by("-start_date", "id")
    )
    meetings = list(
        Meeting.objects.filter(contacts=contact)
        .prefetch_related(Prefetch("organisations", queryset=Organisation.objects.order_by("name").only("name")))
        .order_by("-starts_at", "-id")
    )
    name = contact.full_name
    follow_ups = list(
        FollowUp.objects.filter(Q(text__icontains=name) | Q(text__icontains=contact.email or name))
        .select_related("meeting", "owner")
        .order_by("-due_date", "-id")
    )
    invitations = list(
        Invitation.objects.filter(contact=contact).select_related("event", "organisation").order_by("-event__starts_at")
    )
    stances = list(CaseStakeholder.objects.filter(contact=contact).select_related("case").order_by("case__title"))
    versions = list(contact.history.select_related("history_user").order_by("-history_date", "-history_id"))
    history = []
    for newer, older in zip(versions, [*versions[1:], None], strict=True):
        changes = newer.diff_against(older).changes if older is not None else []
        history.append(
            {
                "date": newer.history_date,
                "user": str(newer.history_user or ""),
                "type": newer.get_history_type_display(),
                "reason": newer.history_change_reason or "",
                "changes": [
                    {"field": str(contact._meta.get_field(c.field).verbose_name), "old": c.old, "new": c.new}
                    for c in changes
                    if c.field not in ("updated_at",)
                ],
            }
        )
    return {
        "contact": contact,
        "person": _fields(contact, PERSON_FIELDS),
        "consent": _fields(contact, CONSENT_FIELDS),
        "owner": str(contact.owner or ""),
        "tags": sorted(contact.tags.values_list("name", flat=True)),
        "affiliations": affiliations,
        "meetings": meetings,
        "follow_ups": follow_ups,
        "invitations": invitations,
        "stances": stances,
        "history": history,
        "exports": list(contact.personal_data_exports.select_related("user")[:50]),
    }


def personal_data_file(data: dict) -> dict:
    """The same as a machine-readable document (the JSON file of the access request)."""

    def plain(rows: list[dict]) -> dict:
        return {row["name"]: row["value"] for row in rows}

    return {
        "person": plain(data["person"]),
        "consent": plain(data["consent"]),
        "relationship_owner": data["owner"],
        "tags": data["tags"],
        "affiliations": [
            {
                "organisation": a.organisation.name,
                "title": a.title,
                "department": a.department,
                "start_date": _value(a.start_date),
                "end_date": _value(a.end_date),
                "primary": a.is_primary,
            }
            for a in data["affiliations"]
        ],
        "meetings": [
            {
                "date": _value(m.starts_at),
                "kind": m.get_kind_display(),
                "subject": m.subject,
                "organisations": [o.name for o in m.organisations.all()],
                "minutes": m.minutes,
                "decisions": m.decisions,
            }
            for m in data["meetings"]
        ],
        "follow_ups_naming_the_person": [
            {"meeting": f.meeting.subject, "text": f.text, "due_date": _value(f.due_date), "done": _value(f.done_at)}
            for f in data["follow_ups"]
        ],
        "invitations": [
            {
                "event": i.event.name,
                "date": _value(i.event.starts_at),
                "status": i.get_status_display(),
                "invited_at": _value(i.invited_at),
                "responded_at": _value(i.responded_at),
            }
            for i in data["invitations"]
        ],
        "cases": [
            {
                "case": s.case.title,
                "stance": s.get_stance_display(),
                "influence": s.get_influence_display(),
                "interest": s.get_interest_display(),
                "note": s.note,
            }
            for s in data["stances"]
        ],
        "history": [
            {
                **{k: _value(v) for k, v in entry.items() if k != "changes"},
                "changes": [{k: _value(v) for k, v in c.items()} for c in entry["changes"]],
            }
            for entry in data["history"]
        ],
    }
