"""Reads for the event pages: the list with invitation counts, one event's invitations and status figures, the
candidates of "add invitees", coverage, check-in counts and the mail-merge rows."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, TextChoices
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Affiliation, Contact, Event, Invitation, Organisation
from ..models.events import FIGURES, INVITATION_FIGURES
from ..models.organisations import OrganisationKind

# The figures of the event list, each as an annotation ``<key>_count`` (the figures are ``models.events.FIGURES``:
# one meaning and one label for each count, on every page that shows it).
LIST_FIGURES = ("invited", "accepted", "declined", "attended")


def figure_counts(*keys: str, prefix: str = "") -> dict[str, Count]:
    """``Count`` aggregates of the figures ``keys`` (over invitations, or rows related by ``prefix``)."""
    return {key: Count(f"{prefix}pk", filter=FIGURES[key].condition(prefix)) for key in keys}


def _invitation_count(condition: Q | None = None) -> Coalesce:
    """A correlated count of the row's invitations (answered from the (event, status) index, per shown row)."""
    counted = (
        Invitation.objects.filter(condition or Q(), event_id=OuterRef("pk"))
        .order_by()
        .values("event_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def event_list_queryset() -> QuerySet[Event]:
    """Events with ``invitation_count`` (on the list) and ``<key>_count`` for the figures in ``LIST_FIGURES``."""
    counts = {f"{key}_count": _invitation_count(FIGURES[key].condition()) for key in LIST_FIGURES}
    return Event.objects.annotate(invitation_count=_invitation_count(), **counts)


def same_name(name: str) -> str:
    """A name as "the same event" compares it: case and spacing do not count ("Nytårskur  2027" = "nytårskur 2027")."""
    return " ".join(name.split()).casefold()


def event_same_name_and_day(*, name: str, starts_at, exclude_pk: int | None = None) -> Event | None:
    """Another event of the same name (``same_name``) on the same local day as ``starts_at``, if there is one: what
    the event form asks to confirm before a second one is saved. One query."""
    same_day = Event.objects.filter(starts_at__date=timezone.localdate(starts_at)).exclude(pk=exclude_pk)
    wanted = same_name(name)
    return next((event for event in same_day.order_by("starts_at", "id") if same_name(event.name) == wanted), None)


def event_figures(*, event: Event) -> list[dict]:
    """Every figure of the event's guest list (``INVITATION_FIGURES``: key, label, help text, statuses) with its count,
    in one query."""
    found = Invitation.objects.filter(event=event).aggregate(**figure_counts(*FIGURES))
    return [
        {
            "key": figure.key,
            "label": figure.label,
            "help_text": figure.help_text,
            "statuses": figure.statuses,
            "count": found[figure.key],
        }
        for figure in INVITATION_FIGURES
    ]


def event_invitations(*, event: Event) -> QuerySet[Invitation]:
    """The event's invitations with the contact and organisation each row shows (no query per row)."""
    return (
        Invitation.objects.filter(event=event)
        .select_related("contact", "organisation")
        .order_by("contact__last_name", "contact__first_name", "id")
    )


# --- Building the list: who would be added, who is left out and why -------------------------------------------------

# Title keywords from most to least senior; a title ranks by the first keyword it contains (case-insensitive), and a
# title with none of them ranks after all of them. Used to choose who is invited when an organisation is over quota.
SENIORITY_KEYWORDS = ("direktør", "chef", "leder", "konsulent", "medarbejder")


def seniority_rank(title: str) -> int:
    """0 for the most senior keyword, ``len(SENIORITY_KEYWORDS)`` for a title with none of them."""
    lowered = (title or "").lower()
    for rank, keyword in enumerate(SENIORITY_KEYWORDS):
        if keyword in lowered:
            return rank
    return len(SENIORITY_KEYWORDS)


class ExclusionReason(TextChoices):
    DO_NOT_CONTACT = "do_not_contact", _("Do not contact")
    NO_CURRENT_AFFILIATION = "no_current_affiliation", _("No current affiliation")
    LEFT_ORGANISATION = "left_organisation", _("No longer at the organisation invited through")
    NO_EMAIL = "no_email", _("No e-mail address")
    ALREADY_INVITED = "already_invited", _("Already on the list")
    OVER_QUOTA = "over_quota", _("Over the quota for the organisation")


@dataclass
class Candidate:
    contact: Contact
    affiliation: Affiliation | None  # the primary current affiliation (else the first current one)
    reason: str = ""  # an ExclusionReason value for an excluded candidate

    @property
    def organisation(self) -> Organisation | None:
        return self.affiliation.organisation if self.affiliation else None

    @property
    def title(self) -> str:
        return self.affiliation.title if self.affiliation else ""

    @property
    def reason_label(self) -> str:
        return ExclusionReason(self.reason).label if self.reason else ""

    @property
    def via_sub_unit(self) -> bool:
        """Found only through a sub-unit of the chosen organisations (``InviteeFilterSet`` marks the contact)."""
        return bool(getattr(self.contact, "via_sub_unit", False))


@dataclass
class Candidates:
    included: list[Candidate] = field(default_factory=list)
    excluded: list[Candidate] = field(default_factory=list)

    @property
    def included_via_sub_units(self) -> int:
        return sum(candidate.via_sub_unit for candidate in self.included)

    @property
    def excluded_via_sub_units(self) -> int:
        return sum(candidate.via_sub_unit for candidate in self.excluded)

    def reason_counts(self) -> list[tuple[str, int]]:
        """(reason label, how many) of those left out, in the order the checks run; reasons no one has are left out."""
        counts = Counter(candidate.reason for candidate in self.excluded)
        return [(reason.label, counts[reason]) for reason in ExclusionReason if counts[reason]]


def quota_order(candidate: Candidate) -> tuple:
    """Who goes first when an organisation's quota is short: primary affiliations, then seniority, then name."""
    affiliation = candidate.affiliation
    contact = candidate.contact
    return (
        not affiliation.is_primary,
        seniority_rank(affiliation.title),
        contact.last_name.lower(),
        contact.first_name.lower(),
        contact.pk,
    )


def invitation_candidates(
    *, event: Event, contacts: QuerySet[Contact], quota: int | None, through: Mapping[int, int | None] | None = None
) -> Candidates:
    """Split ``contacts`` into those an "add invitees" would add and those it leaves out, each with the reason.

    The checks run in this order: do not contact, no current affiliation, no e-mail, already on the event's list, over
    the quota. The quota is the most people per organisation (the organisation of the primary current affiliation),
    counting those already on the list through it; within an organisation ``quota_order`` decides. Three queries
    however many contacts; a contact matched twice counts once.

    ``through`` (contact id → organisation id) keeps the organisation of an earlier list (a copied event): the person
    is invited through it again if they still work there, and left out as no longer there if not. A person it maps
    to no organisation is taken through their primary current affiliation, as everyone else.
    """
    through = through or {}
    current = Prefetch(
        "affiliations",
        queryset=Affiliation.objects.current()
        .select_related("organisation")
        .order_by("-is_primary", "-start_date", "id"),
        to_attr="current_affiliations",
    )
    unique: dict[int, Contact] = {}
    for contact in contacts.order_by().with_contactable().prefetch_related(current):
        unique.setdefault(contact.pk, contact)
    on_list = list(Invitation.objects.filter(event=event).values_list("contact_id", "organisation_id"))
    already = {contact_id for contact_id, _org in on_list}
    taken = Counter(org_id for _contact, org_id in on_list if org_id)

    result = Candidates()
    eligible: dict[int, list[Candidate]] = {}
    ordered = sorted(unique.values(), key=lambda c: (c.last_name.lower(), c.first_name.lower(), c.pk))
    for contact in ordered:
        affiliations = contact.current_affiliations
        kept = through.get(contact.pk)
        if kept:
            affiliation = next((a for a in affiliations if a.organisation_id == kept), None)
        else:
            affiliation = affiliations[0] if affiliations else None
        candidate = Candidate(contact=contact, affiliation=affiliation)
        if not contact.is_contactable:
            candidate.reason = ExclusionReason.DO_NOT_CONTACT
        elif affiliation is None:
            candidate.reason = (
                ExclusionReason.LEFT_ORGANISATION if kept and affiliations else ExclusionReason.NO_CURRENT_AFFILIATION
            )
        elif not contact.email:
            candidate.reason = ExclusionReason.NO_EMAIL
        elif contact.pk in already:
            candidate.reason = ExclusionReason.ALREADY_INVITED
        else:
            eligible.setdefault(affiliation.organisation_id, []).append(candidate)
            continue
        result.excluded.append(candidate)

    for organisation_id, group in eligible.items():
        group.sort(key=quota_order)
        room = len(group) if quota is None else max(quota - taken[organisation_id], 0)
        result.included += group[:room]
        for candidate in group[room:]:
            candidate.reason = ExclusionReason.OVER_QUOTA
            result.excluded.append(candidate)

    def by_name(candidate: Candidate) -> tuple:
        organisation = candidate.organisation
        return (organisation.name.lower() if organisation else "", quota_order_key(candidate))

    result.included.sort(key=by_name)
    result.excluded.sort(key=by_name)
    return result


def quota_order_key(candidate: Candidate) -> tuple:
    return quota_order(candidate) if candidate.affiliation else (True, 99, candidate.contact.last_name.lower(), "", 0)


# --- Coverage: who of the partner landscape is on the list, and how it compares with an earlier event ---------------

COVERAGE_FIGURES = ("on_list", "invited", "accepted")


def event_coverage_by_kind(*, event: Event) -> list[dict]:
    """Per organisation kind (of the organisation invited through): on the list, invited (sent), accepted (incl.
    attended). Every kind is listed, with zeros where no one is invited. One query."""
    found = {
        row["organisation__kind"]: row
        for row in Invitation.objects.filter(event=event)
        .order_by()
        .values("organisation__kind")
        .annotate(**figure_counts(*COVERAGE_FIGURES))
    }
    zero = dict.fromkeys(COVERAGE_FIGURES, 0)
    rows = [
        {"kind": value, "label": label, **{k: found.get(value, zero)[k] for k in zero}}
        for value, label in OrganisationKind.choices
    ]
    if None in found:
        rows.append({"kind": "", "label": _("No organisation"), **{k: found[None][k] for k in zero}})
    return rows


def event_coverage_key_partners(*, event: Event) -> QuerySet[Organisation]:
    """Every key partner with ``on_list``, ``invited`` and ``accepted`` counts for the event (zeros included)."""
    counts = {
        name: Coalesce(
            Subquery(
                Invitation.objects.filter(event=event, organisation_id=OuterRef("pk"), **extra)
                .order_by()
                .values("organisation_id")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        )
        for name, extra in ((key, {"status__in": FIGURES[key].statuses}) for key in COVERAGE_FIGURES)
    }
    return Organisation.objects.filter(is_key_partner=True).annotate(**counts).order_by("name", "id")


def previous_event(*, event: Event) -> Event | None:
    """The latest event of the same kind before this one: the default comparison (last year's nytårskur)."""
    return (
        Event.objects.filter(kind=event.kind, starts_at__lt=event.starts_at)
        .exclude(pk=event.pk)
        .order_by("-starts_at", "-id")
        .first()
    )


def event_year_over_year(*, event: Event, earlier: Event) -> dict[str, list[Invitation]]:
    """People on the earlier event's list and not on this one ("not_again"), and the reverse ("new").

    Being on a list counts whatever the status. Two queries."""
    this = Invitation.objects.filter(event=event)
    before = Invitation.objects.filter(event=earlier)
    not_again = (
        before.exclude(contact_id__in=this.values("contact_id"))
        .select_related("contact", "organisation")
        .order_by("contact__last_name", "contact__first_name", "id")
    )
    new = (
        this.exclude(contact_id__in=before.values("contact_id"))
        .select_related("contact", "organisation")
        .order_by("contact__last_name", "contact__first_name", "id")
    )
    return {"not_again": list(not_again), "new": list(new)}


# --- The door and the mail merge --------------------------------------------------------------------------------------


def checkin_counts(*, event: Event) -> dict[str, int]:
    """The figures attended, accepted and invited (``models.events.FIGURES``). One query."""
    return Invitation.objects.filter(event=event).aggregate(**figure_counts("attended", "accepted", "invited"))


def mail_merge_invitations(*, event: Event, statuses: list[str] | None = None) -> list[Invitation]:
    """The event's invitations for a mail merge or a printed list: never anyone marked do not contact, nobody twice,
    with ``title`` set from the contact's current affiliation at the organisation invited through (else the primary
    current one). Two queries."""
    rows = (
        Invitation.objects.filter(event=event, contact__in=Contact.objects.contactable())
        .select_related("contact", "organisation")
        .prefetch_related(
            Prefetch(
                "contact__affiliations",
                queryset=Affiliation.objects.current().order_by("-is_primary", "-start_date", "id"),
                to_attr="current_affiliations",
            )
        )
        .order_by("contact__last_name", "contact__first_name", "id")
    )
    if statuses:
        rows = rows.filter(status__in=statuses)
    seen: set[int] = set()
    result = []
    for invitation in rows:
        if invitation.contact_id in seen:
            continue
        seen.add(invitation.contact_id)
        affiliations = invitation.contact.current_affiliations
        through = [a for a in affiliations if a.organisation_id == invitation.organisation_id]
        chosen = (through or affiliations or [None])[0]
        invitation.title = chosen.title if chosen else ""
        result.append(invitation)
    return result


def invitation_export_queryset() -> QuerySet[Invitation]:
    """Every invitation, by event and guest name: the rows of the invitation export (``export_file invitations``)."""
    return Invitation.objects.select_related("event", "contact", "organisation").order_by(
        "event", "contact__last_name", "contact__first_name", "id"
    )
