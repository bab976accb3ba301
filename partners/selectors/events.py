"""Reads for the event pages: the list with invitation counts, one event's invitations and status figures, the
candidates of "add invitees", coverage, check-in counts and the mail-merge rows."""

import re
from collections import Counter
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextChoices,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Affiliation, Contact, Event, Invitation, Organisation
from ..models.events import FIGURES, INVITATION_FIGURES, EventInvitationCount, InvitationStatus
from ..models.organisations import OrganisationKind

# The figures of the event list, each as an annotation ``<key>_count`` (the figures are ``models.events.FIGURES``:
# one meaning and one label for each count, on every page that shows it).
LIST_FIGURES = ("invited", "accepted", "declined", "attended")


def figure_counts(*keys: str, prefix: str = "") -> dict[str, Count]:
    """``Count`` aggregates of the figures ``keys`` (over invitations, or rows related by ``prefix``)."""
    return {key: Count(f"{prefix}pk", filter=FIGURES[key].condition(prefix)) for key in keys}


def _kept_count(statuses: tuple[str, ...] | None = None) -> Coalesce:
    """The row's invitations with one of ``statuses`` (all without), summed from the kept per-status counts
    (``EventInvitationCount``): a few rows per event, whatever the size of its list."""
    kept = EventInvitationCount.objects.filter(event_id=OuterRef("pk"))
    if statuses is not None:
        kept = kept.filter(status__in=statuses)
    summed = kept.order_by().values("event_id").annotate(n=Sum("count")).values("n")
    return Coalesce(Subquery(summed, output_field=IntegerField()), 0)


def event_list_queryset() -> QuerySet[Event]:
    """Events with ``invitation_count`` (on the list) and ``<key>_count`` for the figures in ``LIST_FIGURES``."""
    counts = {f"{key}_count": _kept_count(FIGURES[key].statuses) for key in LIST_FIGURES}
    return Event.objects.annotate(invitation_count=_kept_count(), **counts)


def _status_counts(*, event: Event) -> dict[str, int]:
    """The event's invitations per status (kept counts; a status no one has is 0). One query."""
    found = dict(EventInvitationCount.objects.filter(event=event).values_list("status", "count"))
    return {status: found.get(status, 0) for status in InvitationStatus.values}


def _figure_counts(counts: Mapping[str, int], *keys: str) -> dict[str, int]:
    return {key: sum(counts[status] for status in FIGURES[key].statuses) for key in keys}


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
    in one query (the kept counts)."""
    found = _figure_counts(_status_counts(event=event), *FIGURES)
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


class CandidateCounts:
    """How many an "add invitees" adds and leaves out, by reason and by whether they were found through a sub-unit
    only: ``counts[(reason, via_sub_unit)]``, the reason "" for those added."""

    def _sum(self, *, included: bool, via: bool | None = None) -> int:
        return sum(
            n
            for (reason, via_sub_unit), n in self.counts.items()
            if (reason == "") == included and (via is None or bool(via_sub_unit) == via)
        )

    @property
    def included_count(self) -> int:
        return self._sum(included=True)

    @property
    def excluded_count(self) -> int:
        return self._sum(included=False)

    @property
    def included_via_sub_units(self) -> int:
        return self._sum(included=True, via=True)

    @property
    def excluded_via_sub_units(self) -> int:
        return self._sum(included=False, via=True)

    def reason_counts(self) -> list[tuple[str, int]]:
        """(reason label, how many) of those left out, in the order the checks run; reasons no one has are left out."""
        by_reason = Counter()
        for (reason, _via), n in self.counts.items():
            by_reason[reason] += n
        return [(reason.label, by_reason[reason]) for reason in ExclusionReason if by_reason[reason]]


@dataclass
class Candidates(CandidateCounts):
    """Every candidate: those added (``included``) and those left out (``excluded``, each with its reason)."""

    included: list[Candidate] = field(default_factory=list)
    excluded: list[Candidate] = field(default_factory=list)

    @property
    def counts(self) -> dict[tuple[str, bool], int]:
        return Counter((c.reason, c.via_sub_unit) for c in (*self.included, *self.excluded))


@dataclass
class CandidateSummary(CandidateCounts):
    """The counts alone (what ``services.invitations.invitations_add`` reports)."""

    counts: dict[tuple[str, bool], int] = field(default_factory=dict)


@dataclass
class CandidatePreview(CandidateCounts):
    """The page of "add invitees": every count, and one page (``per_page`` rows, in the lists' order) of those who
    would be added and of those left out, never all of them."""

    counts: dict[tuple[str, bool], int] = field(default_factory=dict)
    included: list[Candidate] = field(default_factory=list)
    excluded: list[Candidate] = field(default_factory=list)
    included_page: int = 1
    excluded_page: int = 1
    per_page: int = 50

    def _window(self, page: int, count: int) -> dict:
        first = (page - 1) * self.per_page
        return {
            "start": first + 1 if count > first else 0,
            "end": min(first + self.per_page, count),
            "count": count,
            "previous": page - 1 if page > 1 else None,
            "next": page + 1 if first + self.per_page < count else None,
        }

    @property
    def included_window(self) -> dict:
        return self._window(self.included_page, self.included_count)

    @property
    def excluded_window(self) -> dict:
        return self._window(self.excluded_page, self.excluded_count)


def quota_order(candidate: Candidate) -> tuple:
    """Who goes first when an organisation's quota is short: primary affiliations, then seniority, then name (for a
    candidate in hand; ``_CANDIDATES`` orders by the same in SQL)."""
    affiliation = candidate.affiliation
    contact = candidate.contact
    return (
        not affiliation.is_primary,
        seniority_rank(affiliation.title),
        contact.last_name.lower(),
        contact.first_name.lower(),
        contact.pk,
    )


# Every candidate of "add invitees", one row each, from the chosen contacts ({chosen}: id, contactable, via sub-unit):
# the current affiliation they are invited through (at the kept organisation of an earlier list, else the primary,
# else the latest begun), the first reason that leaves them out ("" for none), the quota last ({reason}: the place in
# the organisation's quota order after those already on the list through it). Set-based, over indexed columns.
_CANDIDATES = """
WITH chosen AS ({chosen}),
kept AS (
    SELECT k.contact_id, k.organisation_id
    FROM unnest(%(kept_contacts)s::bigint[], %(kept_organisations)s::bigint[]) AS k(contact_id, organisation_id)
),
current_affiliation AS ({current}),
placed AS (
    SELECT ch.id AS contact_id, ch.via, cur.id AS affiliation_id, cur.organisation_id,
        coalesce(NOT cur.is_primary, true) AS not_primary,
        CASE
            WHEN NOT ch.contactable THEN 'do_not_contact'
            WHEN cur.id IS NULL THEN CASE WHEN has.fits IS NOT NULL THEN 'left_organisation' ELSE 'no_current_affiliation' END
            WHEN ch.email IS NULL OR ch.email = '' THEN 'no_email'
            WHEN i.id IS NOT NULL THEN 'already_invited'
            ELSE ''
        END AS reason,
        CASE WHEN cur.id IS NULL THEN 99 ELSE {seniority} END AS seniority,
        lower(ch.last_name) COLLATE "C" AS last_key,
        lower(ch.first_name) COLLATE "C" AS first_key
    FROM chosen ch
    LEFT JOIN current_affiliation has ON has.contact_id = ch.id
    LEFT JOIN LATERAL (SELECT has.id, has.organisation_id, has.title, has.is_primary WHERE has.fits) cur ON true
    LEFT JOIN partners_invitation i ON i.event_id = %(event)s AND i.contact_id = ch.id
),
candidates AS MATERIALIZED ({candidates})
"""

# The affiliation each is invited through, and whether it ``fits`` (see ``_CANDIDATES``): in the contact page's order
# (primary, latest begun, first saved) — the one current primary affiliation (a unique index) and, for those without
# one, the first of the others; with the organisations of an earlier list (``kept``), the first at the kept one.
_CURRENT_PRIMARY = """
    SELECT a.contact_id, a.id, a.organisation_id, a.title, a.is_primary, true AS fits
    FROM partners_affiliation a WHERE a.end_date IS NULL AND a.is_primary
    UNION ALL (
        SELECT DISTINCT ON (a.contact_id) a.contact_id, a.id, a.organisation_id, a.title, a.is_primary, true AS fits
        FROM partners_affiliation a
        WHERE a.end_date IS NULL AND NOT a.is_primary AND NOT EXISTS (
            SELECT 1 FROM partners_affiliation p WHERE p.contact_id = a.contact_id AND p.end_date IS NULL AND p.is_primary
        )
        ORDER BY a.contact_id, a.start_date DESC, a.id
    )"""
_CURRENT_KEPT = """
    SELECT DISTINCT ON (a.contact_id) a.contact_id, a.id, a.organisation_id, a.title, a.is_primary,
        (k.organisation_id IS NULL OR a.organisation_id = k.organisation_id) AS fits
    FROM partners_affiliation a
    JOIN chosen ch ON ch.id = a.contact_id
    LEFT JOIN kept k ON k.contact_id = a.contact_id
    WHERE a.end_date IS NULL
    ORDER BY a.contact_id, (k.organisation_id IS NULL OR a.organisation_id = k.organisation_id) DESC,
        a.is_primary DESC, a.start_date DESC, a.id"""

_COLUMNS = (
    "p.contact_id, p.via, p.affiliation_id, p.organisation_id, p.not_primary, p.seniority, p.last_key, p.first_key"
)
# The quota last: the place in the organisation's quota order, after those on the list through it already.
_WITH_QUOTA = f"""
    SELECT {_COLUMNS},
        CASE WHEN p.reason = '' AND coalesce(t.n, 0) + row_number() OVER (
            PARTITION BY p.reason, p.organisation_id
            ORDER BY p.not_primary, p.seniority, p.last_key, p.first_key, p.contact_id
        ) > %(quota)s THEN 'over_quota' ELSE p.reason END AS reason
    FROM placed p
    LEFT JOIN (
        SELECT t.organisation_id, count(*) AS n FROM partners_invitation t
        WHERE t.event_id = %(event)s AND t.organisation_id IS NOT NULL
        GROUP BY t.organisation_id
    ) t ON t.organisation_id = p.organisation_id"""
_WITHOUT_QUOTA = f"SELECT {_COLUMNS}, p.reason FROM placed p"

# The lists' order: by the organisation invited through, then the quota order.
_LIST_ORDER = 'lower(o.name) COLLATE "C" NULLS FIRST, c.not_primary, c.seniority, c.last_key, c.first_key, c.contact_id'
_LISTED = "FROM candidates c LEFT JOIN partners_organisation o ON o.id = c.organisation_id"


def _named_placeholders(sql: str, params, prefix: str) -> tuple[str, dict]:
    """Django's ``%s`` placeholders of ``sql`` as ``%(<prefix><n>)s`` (``%%`` kept), with their values."""
    counter = iter(range(len(params)))
    named = re.sub(r"%%|%s", lambda m: m[0] if m[0] == "%%" else f"%({prefix}{next(counter)})s", sql)
    return named, {f"{prefix}{n}": value for n, value in enumerate(params)}


def _candidates_sql(
    *, event: Event, contacts: QuerySet[Contact], quota: int | None, through: Mapping[int, int | None] | None
) -> tuple[str, dict]:
    """The WITH clause of ``_CANDIDATES`` for ``contacts``, and its parameters."""
    # Each chosen contact once, with what the checks read: a filter that joins (tags, areas …) may repeat one, so
    # then the contacts are those whose id it chose; otherwise its rows are read as they are (one scan).
    chosen = contacts.order_by().with_contactable()
    if len(chosen.query.alias_map) > 1:
        repeated = chosen
        chosen = Contact.objects.filter(pk__in=repeated.values("pk")).order_by().with_contactable()
        if "via_sub_unit" in repeated.query.annotations:
            by_sub_unit = repeated.filter(via_sub_unit=True).values("pk")
            chosen = chosen.annotate(via=ExpressionWrapper(Q(pk__in=by_sub_unit), output_field=BooleanField()))
    if "via_sub_unit" in chosen.query.annotations:
        chosen = chosen.annotate(via=F("via_sub_unit"))
    elif "via" not in chosen.query.annotations:
        chosen = chosen.annotate(via=Value(False))
    chosen = chosen.values_list("pk", "is_contactable", "via", "email", "first_name", "last_name")
    chosen_sql, params = _named_placeholders(*chosen.query.sql_with_params(), prefix="chosen_")
    chosen_sql = f"SELECT * FROM ({chosen_sql}) AS s(id, contactable, via, email, first_name, last_name)"
    kept = [(contact, organisation) for contact, organisation in (through or {}).items() if organisation]
    ranks = " ".join(
        f"WHEN strpos(lower(cur.title), %(seniority_{rank})s) > 0 THEN {rank}"
        for rank in range(len(SENIORITY_KEYWORDS))
    )
    params.update({f"seniority_{rank}": keyword for rank, keyword in enumerate(SENIORITY_KEYWORDS)})
    params.update(
        event=event.pk,
        quota=quota,
        kept_contacts=[contact for contact, _ in kept],
        kept_organisations=[organisation for _, organisation in kept],
    )
    sql = _CANDIDATES.format(
        chosen=chosen_sql,
        current=_CURRENT_KEPT if kept else _CURRENT_PRIMARY,
        seniority=f"CASE {ranks} ELSE {len(SENIORITY_KEYWORDS)} END",
        candidates=_WITHOUT_QUOTA if quota is None else _WITH_QUOTA,
    )
    return sql, params


@contextmanager
def _set_based_cursor():
    """A cursor for one large set-based statement: without JIT (at these costs the planner compiles for seconds and
    gains nothing) and with room to sort 100,000 candidates in memory."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'")
        yield cursor


def _load(rows: list[tuple]) -> list[Candidate]:
    """Candidates for rows of (contact id, affiliation id, reason, via sub-unit), in their order. Two queries."""
    contacts = Contact.objects.with_contactable().in_bulk([row[0] for row in rows])
    affiliations = Affiliation.objects.select_related("organisation").in_bulk([row[1] for row in rows if row[1]])
    found = []
    for contact_id, affiliation_id, reason, via in rows:
        contact = contacts[contact_id]
        contact.via_sub_unit = bool(via)
        found.append(Candidate(contact=contact, affiliation=affiliations.get(affiliation_id), reason=reason))
    return found


def invitation_candidates(
    *, event: Event, contacts: QuerySet[Contact], quota: int | None, through: Mapping[int, int | None] | None = None
) -> Candidates:
    """Split ``contacts`` into those an "add invitees" would add and those it leaves out, each with the reason: all of
    them (the page shows counts and a page of each: ``invitation_preview``).

    The checks run in this order: do not contact, no current affiliation, no e-mail, already on the event's list, over
    the quota. The quota is the most people per organisation (the organisation of the primary current affiliation),
    counting those already on the list through it; within an organisation ``quota_order`` decides. In SQL
    (``_CANDIDATES``): three queries however many contacts; a contact matched twice counts once.

    ``through`` (contact id → organisation id) keeps the organisation of an earlier list (a copied event): the person
    is invited through it again if they still work there, and left out as no longer there if not. A person it maps
    to no organisation is taken through their primary current affiliation, as everyone else.
    """
    sql, params = _candidates_sql(event=event, contacts=contacts, quota=quota, through=through)
    with _set_based_cursor() as cursor:
        cursor.execute(
            f"{sql} SELECT c.contact_id, c.affiliation_id, c.reason, c.via {_LISTED} ORDER BY {_LIST_ORDER}", params
        )
        rows = cursor.fetchall()
    result = Candidates()
    for candidate in _load(rows):
        (result.excluded if candidate.reason else result.included).append(candidate)
    return result


_PAGE_OF = (
    '(SELECT {part}, c.reason, c.via, 1, c.contact_id, c.affiliation_id, lower(o.name) COLLATE "C", c.not_primary, '
    "c.seniority, c.last_key, c.first_key " + _LISTED + " WHERE {where} ORDER BY " + _LIST_ORDER + " "
    "LIMIT %(per_page)s OFFSET %({offset})s)"
)


def invitation_preview(
    *,
    event: Event,
    contacts: QuerySet[Contact],
    quota: int | None,
    included_page: int = 1,
    excluded_page: int = 1,
    per_page: int = 50,
) -> CandidatePreview:
    """What "add invitees" would do, for its page: the counts by reason (the rules of ``invitation_candidates``) and
    a page of ``per_page`` of each list, however many contacts are chosen. Three queries."""
    sql, params = _candidates_sql(event=event, contacts=contacts, quota=quota, through=None)
    params.update(
        per_page=per_page,
        included_offset=(included_page - 1) * per_page,
        excluded_offset=(excluded_page - 1) * per_page,
    )
    with _set_based_cursor() as cursor:
        cursor.execute(
            f"{sql} SELECT 0, reason, via, count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM candidates "
            "GROUP BY reason, via UNION ALL "
            + _PAGE_OF.format(part=1, where="c.reason = ''", offset="included_offset")
            + " UNION ALL "
            + _PAGE_OF.format(part=2, where="c.reason <> ''", offset="excluded_offset"),
            params,
        )
        rows = cursor.fetchall()
    counts = {(reason, bool(via)): n for part, reason, via, n, *_rest in rows if part == 0}
    shown = sorted(
        (row for row in rows if row[0]), key=lambda row: (row[0], row[6] is not None, row[6] or "", *row[7:], row[4])
    )
    loaded = _load([(row[4], row[5], row[1], row[2]) for row in shown])
    return CandidatePreview(
        counts=counts,
        included=[c for c in loaded if not c.reason],
        excluded=[c for c in loaded if c.reason],
        included_page=included_page,
        excluded_page=excluded_page,
        per_page=per_page,
    )


def invitation_candidates_insert(
    *, event: Event, contacts: QuerySet[Contact], quota: int | None, through: Mapping[int, int | None] | None, user
) -> CandidateSummary:
    """Insert those ``invitation_candidates`` includes as draft invitations, with their history rows, in one statement
    (no candidate passes through Python); returns the counts. Only for ``services.invitations.invitations_add``,
    which holds the transaction and the event's lock."""
    sql, params = _candidates_sql(event=event, contacts=contacts, quota=quota, through=through)
    history = Invitation.history.model
    copied = {f.column for f in Invitation._meta.concrete_fields} - {"updated_at"}
    own = {
        "history_date": "%(now)s",
        "history_change_reason": "NULL",
        "history_type": "'+'",
        "history_user_id": "%(user)s",
    }
    columns = [f.column for f in history._meta.concrete_fields if f.column != "history_id"]
    values = ", ".join(column if column in copied else own[column] for column in columns)
    params.update(now=timezone.now(), user=getattr(user, "pk", None), draft=InvitationStatus.DRAFT)
    with _set_based_cursor() as cursor:
        cursor.execute(
            f"""{sql},
            added AS (
                INSERT INTO {Invitation._meta.db_table}
                    (created_at, updated_at, status, event_id, contact_id, organisation_id)
                SELECT %(now)s, %(now)s, %(draft)s, %(event)s, c.contact_id, c.organisation_id
                FROM candidates c WHERE c.reason = ''
                RETURNING *
            ),
            recorded AS (
                INSERT INTO {history._meta.db_table} ({", ".join(columns)}) SELECT {values} FROM added
            )
            SELECT reason, via, count(*) FROM candidates GROUP BY reason, via""",
            params,
        )
        return CandidateSummary(counts={(reason, bool(via)): n for reason, via, n in cursor.fetchall()})


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
    """The figures attended, accepted and invited (``models.events.FIGURES``). One query (the kept counts)."""
    return _figure_counts(_status_counts(event=event), "attended", "accepted", "invited")


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
