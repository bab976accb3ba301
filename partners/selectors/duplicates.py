"""Likely duplicates: of an organisation or a contact being entered (the forms' warning), and the register's
"possible duplicates" list that staff work through (each pair opens the merge, ``views/merge.py``).

Names are compared under the Danish fold (``partners_fold`` / ``fold()``): "Boligforeningen Ringgaarden" and
"Boligforeningen Ringgården" are the same name. An organisation matches on the same CVR number, on a folded name,
short name or alias equal to one of the other's, or on a trigram-similar folded name (served by
``organisation_name_fold_trgm_idx``); the same parent ranks a match higher. A contact matches on the same e-mail
(in any case) or a similar folded full name (``contact_full_name_fold_trgm_idx``), at the same organisation or where
one of the two has no current organisation.

The list is two SQL queries (one per kind) over the whole register, capped at ``MAX_PAIRS`` and paged in Python: a
trigram self-join of 20,000 organisations finds 200,000 look-alike pairs in a minute ("SSP Nørby" ~ "SSP Nørtoft"), so
the list pairs equal folded names (name, short name, alias) anywhere, and similar ones only under the same parent; and
contacts with the same folded last name and a similar first name at the same organisation, or the same folded full
name where one of them has no current organisation.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Concat, Greatest, Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import (
    Affiliation,
    Area,
    CollaborationPartner,
    Contact,
    Invitation,
    MeetingContact,
    MeetingOrganisation,
    Organisation,
    OrganisationAlias,
)
from ..models.folding import Fold, fold

SIMILAR = 0.5  # trigram similarity of two folded names from which they are "similar"
SAME_PARENT_BONUS = 0.5
WARN_LIMIT = 5  # likely duplicates shown above a form
CANDIDATES = 100  # the most similar names looked at per check
MAX_PAIRS = 1000  # the possible-duplicates list holds at most this many pairs, best first
PAIR_KINDS = ("organisations", "contacts")


@dataclass
class Duplicate:
    """A record that is probably the one being entered, with why (Danish sentences) and how sure (higher: surer)."""

    record: Organisation | Contact
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)


def _names(*values: str) -> list[str]:
    return sorted({folded for folded in (fold(value) for value in values) if folded})


def _any_similar(expression: str, folded: list[str]) -> Q:
    condition = Q()
    for value in folded:
        condition |= Q(**{f"{expression}__trigram_similar": value})
    return condition


def _similarity(expression, folded: list[str]):
    parts = [TrigramSimilarity(expression, Value(name)) for name in folded]
    return parts[0] if len(parts) == 1 else Greatest(*parts)


def organisation_duplicates(
    *,
    name: str,
    short_name: str = "",
    aliases: tuple[str, ...] | list[str] = (),
    cvr: str | None = None,
    parent_id: int | None = None,
    exclude_pk: int | None = None,
    limit: int = WARN_LIMIT,
) -> list[Duplicate]:
    """The organisations that are probably the one described, best first (three queries: the candidates' ids, the
    candidates, their aliases)."""
    folded = _names(name, short_name, *aliases)
    if not folded and not cvr:
        return []
    # Each way of matching on its own index (an OR of them would read every organisation): the exact ones' ids in
    # one query, the most similar names' in another, then the candidates.
    exact = [Organisation.objects.filter(cvr=cvr).values("pk")] if cvr else []
    ids = set()
    if folded:
        short = Organisation.objects.exclude(short_name="").annotate(folded_short=Fold("short_name"))
        exact.append(short.filter(folded_short__in=folded).values("pk"))
        alias_of = OrganisationAlias.objects.annotate(folded=Fold("name")).filter(folded__in=folded)
        exact.append(alias_of.values("organisation"))
        named = Organisation.objects.annotate(folded_name=Fold("name")).filter(_any_similar("folded_name", folded))
        similar = named.annotate(similarity=_similarity("folded_name", folded)).order_by("-similarity", "pk")
        ids |= set(similar.values_list("pk", flat=True)[:CANDIDATES])
    ids |= set(exact[0].union(*exact[1:]).values_list("pk", flat=True)) if exact else set()
    ids.discard(exclude_pk)
    rows = Organisation.objects.filter(pk__in=ids).annotate(folded_name=Fold("name"))
    rows = rows.annotate(similarity=_similarity("folded_name", folded) if folded else Value(0.0))
    rows = rows.select_related("parent").prefetch_related("aliases")
    found = []
    for row in rows.order_by("-similarity", "name", "pk")[:CANDIDATES]:
        duplicate = Duplicate(row)
        if cvr and row.cvr == cvr:
            duplicate.score += 3
            duplicate.reasons.append(_("Same CVR number"))
        if row.folded_name in folded:
            duplicate.score += 1
            duplicate.reasons.append(_("Same name"))
        elif {fold(other) for other in row.other_names()} & set(folded):
            duplicate.score += 0.95
            duplicate.reasons.append(_("Same name as one of its other names"))
        elif row.similarity >= SIMILAR:
            duplicate.score += row.similarity
            duplicate.reasons.append(_("Similar name"))
        if not duplicate.reasons:
            continue
        if row.parent_id == parent_id:
            duplicate.score += SAME_PARENT_BONUS
            if parent_id:
                duplicate.reasons.append(_("Same parent organisation"))
        found.append(duplicate)
    found.sort(key=lambda d: (-d.score, d.record.name, d.record.pk))
    return found[:limit]


def contact_duplicates(
    *,
    first_name: str,
    last_name: str,
    email: str | None = None,
    organisation_ids: tuple[int, ...] | list[int] | set[int] = (),
    exclude_pk: int | None = None,
    limit: int = WARN_LIMIT,
) -> list[Duplicate]:
    """The contacts that are probably the person described, best first (three queries: the candidates' ids, the
    candidates, their current organisations).

    A similar name counts at one of ``organisation_ids`` (where the person works now), or where one of the two has no
    current organisation; the same e-mail counts everywhere.
    """
    full_name = fold(f"{first_name} {last_name}")
    email = (email or "").strip()
    if not full_name and not email:
        return []
    organisation_ids = {int(pk) for pk in organisation_ids if pk}
    folded_name = Fold(Concat("first_name", Value(" "), "last_name"))
    ids = set()
    if email:
        same_email = Contact.objects.alias(email_lower=Lower("email")).filter(email_lower=email.lower())
        ids |= set(same_email.values_list("pk", flat=True))
    if full_name:
        named = Contact.objects.annotate(folded_name=folded_name).filter(folded_name__trigram_similar=full_name)
        similar = named.annotate(similarity=TrigramSimilarity("folded_name", Value(full_name)))
        ids |= set(similar.order_by("-similarity", "pk").values_list("pk", flat=True)[:CANDIDATES])
    ids.discard(exclude_pk)
    current = Affiliation.objects.current().filter(contact=OuterRef("pk"))
    rows = Contact.objects.filter(pk__in=ids).annotate(folded_name=folded_name, employed=Exists(current))
    rows = rows.annotate(similarity=TrigramSimilarity("folded_name", Value(full_name)) if full_name else Value(0.0))
    candidates = list(rows.order_by("-similarity", "last_name", "first_name", "pk")[:CANDIDATES])
    workplaces: dict[int, dict[int, str]] = {}
    for affiliation in (
        Affiliation.objects.current().filter(contact__in=[c.pk for c in candidates]).select_related("organisation")
    ):
        workplaces.setdefault(affiliation.contact_id, {})[affiliation.organisation_id] = affiliation.organisation.name
    found = []
    for row in candidates:
        duplicate = Duplicate(row)
        row.workplaces = list(workplaces.get(row.pk, {}).values())
        if email and (row.email or "").lower() == email.lower():
            duplicate.score += 3
            duplicate.reasons.append(_("Same e-mail address"))
        shared = workplaces.get(row.pk, {}).keys() & organisation_ids
        if row.similarity >= SIMILAR and (shared or not organisation_ids or not row.employed):
            duplicate.score += 1 if row.folded_name == full_name else row.similarity
            duplicate.reasons.append(_("Same name") if row.folded_name == full_name else _("Similar name"))
            if shared:
                duplicate.score += SAME_PARENT_BONUS
                names = ", ".join(sorted(workplaces[row.pk][pk] for pk in shared))
                duplicate.reasons.append(_("Also at %(organisation)s") % {"organisation": names})
        if duplicate.reasons:
            found.append(duplicate)
    found.sort(key=lambda d: (-d.score, d.record.last_name, d.record.first_name, d.record.pk))
    return found[:limit]


# --- The register's possible duplicates -------------------------------------------------------------------------

# (first id, second id, score, what they share: "cvr", "name", "other_name", "similar"; same parent/organisation)
ORGANISATION_PAIRS_SQL = """
WITH orgs AS MATERIALIZED (
    SELECT id, parent_id, kind, public.partners_fold(name) AS folded FROM partners_organisation
), names AS MATERIALIZED (
    SELECT id, folded, true AS own FROM orgs WHERE folded <> ''
    UNION ALL
    SELECT id, public.partners_fold(short_name), false FROM partners_organisation WHERE short_name <> ''
    UNION ALL
    SELECT organisation_id, public.partners_fold(name), false FROM partners_organisationalias
), equal AS (
    SELECT a.id AS x, b.id AS y, CASE WHEN bool_or(a.own AND b.own) THEN 1.0 ELSE 0.95 END AS similarity,
           CASE WHEN bool_or(a.own AND b.own) THEN 'name' ELSE 'other_name' END AS reason
    FROM names a JOIN names b ON b.folded = a.folded AND a.id < b.id
    WHERE a.folded <> ''
    GROUP BY a.id, b.id
), look_alike AS (
    SELECT a.id AS x, b.id AS y, similarity(a.folded, b.folded) AS similarity, 'similar' AS reason
    FROM orgs a JOIN orgs b ON b.parent_id = a.parent_id AND a.id < b.id AND b.folded <> a.folded
    WHERE similarity(a.folded, b.folded) >= %(similar)s
), pairs AS (
    SELECT DISTINCT ON (x, y) x, y, similarity, reason
    FROM (SELECT * FROM equal UNION ALL SELECT * FROM look_alike) found
    ORDER BY x, y, similarity DESC
)
SELECT p.x, p.y,
       p.similarity + CASE WHEN a.parent_id IS NOT DISTINCT FROM b.parent_id THEN %(bonus)s ELSE 0 END
                    + CASE WHEN a.kind = b.kind THEN 0.1 ELSE 0 END AS score,
       p.reason, a.parent_id IS NOT DISTINCT FROM b.parent_id AS together
FROM pairs p JOIN orgs a ON a.id = p.x JOIN orgs b ON b.id = p.y
ORDER BY score DESC, p.x, p.y
LIMIT %(limit)s
"""

CONTACT_PAIRS_SQL = """
WITH people AS MATERIALIZED (
    SELECT id, public.partners_fold(first_name) AS first, public.partners_fold(last_name) AS last
    FROM partners_contact
), working AS MATERIALIZED (
    SELECT DISTINCT a.contact_id, a.organisation_id, p.first, p.last
    FROM partners_affiliation a JOIN people p ON p.id = a.contact_id
    WHERE a.end_date IS NULL
), together AS (
    SELECT DISTINCT ON (x.contact_id, y.contact_id) x.contact_id AS x, y.contact_id AS y,
           CASE WHEN x.first = y.first THEN 1.0 ELSE similarity(x.first, y.first) END + %(bonus)s AS score,
           'together' AS reason
    FROM working x JOIN working y
      ON y.organisation_id = x.organisation_id AND y.last = x.last AND x.contact_id < y.contact_id
    WHERE x.first = y.first OR similarity(x.first, y.first) >= %(similar)s
       OR starts_with(x.first, y.first) OR starts_with(y.first, x.first)
    ORDER BY x.contact_id, y.contact_id, score DESC
), loose AS MATERIALIZED (
    SELECT p.* FROM people p WHERE NOT EXISTS (SELECT 1 FROM working w WHERE w.contact_id = p.id)
), unattached AS (
    -- One of the two has no current organisation (each pair once: from its unattached one, the lower id if both).
    SELECT LEAST(a.id, b.id) AS x, GREATEST(a.id, b.id) AS y, 1.0 AS score, 'unattached' AS reason
    FROM loose a JOIN people b ON b.first = a.first AND b.last = a.last AND b.id <> a.id
    LEFT JOIN loose other ON other.id = b.id
    WHERE (other.id IS NULL OR a.id < b.id) AND a.first || a.last <> ''
)
SELECT x, y, score, reason, reason = 'together' AS together
FROM (SELECT * FROM together UNION ALL SELECT * FROM unattached) pairs
ORDER BY score DESC, x, y
LIMIT %(limit)s
"""

PAIR_SQL = {"organisations": ORGANISATION_PAIRS_SQL, "contacts": CONTACT_PAIRS_SQL}
PAIR_MODELS = {"organisations": Organisation, "contacts": Contact}


@dataclass
class Pair:
    """Two records that are probably one: ``first`` and ``second`` (loaded for the page shown), why and how sure."""

    first_id: int
    second_id: int
    score: float
    reason: str  # "name", "other_name", "similar" (organisations); "together", "unattached" (contacts)
    together: bool  # the same parent organisation / at the same organisation
    first: Organisation | Contact | None = None
    second: Organisation | Contact | None = None

    @property
    def reason_text(self) -> str:
        texts = {
            "name": _("Same name"),
            "other_name": _("A name is another's short name or alias"),
            "similar": _("Similar names"),
            "together": _("Similar names at the same organisation"),
            "unattached": _("Same name, one without a current organisation"),
        }
        text = texts.get(self.reason, "")
        if self.together and self.reason in ("name", "other_name", "similar"):
            text = _("%(reason)s, same parent organisation") % {"reason": text}
        return text


def possible_duplicate_pairs(*, kind: str, limit: int = MAX_PAIRS) -> list[Pair]:
    """The register's likely duplicate pairs of ``kind`` ("organisations" or "contacts"), best first, at most
    ``limit`` (one query; the records are not loaded)."""
    with transaction.atomic(), connection.cursor() as cursor:
        # One large read: JIT compiling it costs more than it saves, and its sorts fit in memory with a bit more.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '32MB'")
        cursor.execute(PAIR_SQL[kind], {"similar": SIMILAR, "bonus": SAME_PARENT_BONUS, "limit": limit})
        return [Pair(x, y, float(score), reason, together) for x, y, score, reason, together in cursor.fetchall()]


def possible_duplicates_page(*, kind: str, page: int | str = 1, per_page: int = 25) -> Page:
    """One page of ``possible_duplicate_pairs`` with both records of each pair loaded (two queries in all; the
    organisations with their parents, the contacts with their current organisations)."""
    paginator = Paginator(possible_duplicate_pairs(kind=kind), per_page)
    shown = paginator.get_page(page)
    ids = {pk for pair in shown.object_list for pk in (pair.first_id, pair.second_id)}
    model = PAIR_MODELS[kind]
    records = model.objects.all()
    if model is Organisation:
        records = records.select_related("parent")
    else:
        current = Affiliation.objects.current().select_related("organisation")
        records = records.prefetch_related(Prefetch("affiliations", queryset=current, to_attr="current_affiliations"))
    loaded = records.in_bulk(ids)
    pairs = []
    for pair in shown.object_list:
        pair.first, pair.second = loaded.get(pair.first_id), loaded.get(pair.second_id)
        if pair.first is not None and pair.second is not None:  # one may have been merged since
            pairs.append(pair)
    shown.object_list = pairs
    return shown


# --- What each of two records holds (the merge's side-by-side comparison) --------------------------------------------

# (label, link model, its field for the record) of what a merge moves
MERGE_LINKS = {
    Organisation: [
        (gettext_lazy("Affiliations"), Affiliation, "organisation"),
        (gettext_lazy("Meetings"), MeetingOrganisation, "organisation"),
        (gettext_lazy("Invitations"), Invitation, "organisation"),
        (gettext_lazy("Collaborations"), CollaborationPartner, "organisation"),
        (gettext_lazy("Units below"), Organisation, "parent"),
        (gettext_lazy("Housing areas"), Area, "municipality"),
        (gettext_lazy("Other names"), OrganisationAlias, "organisation"),
    ],
    Contact: [
        (gettext_lazy("Affiliations"), Affiliation, "contact"),
        (gettext_lazy("Meetings"), MeetingContact, "contact"),
        (gettext_lazy("Invitations"), Invitation, "contact"),
    ],
}


def merge_overview(*, records: list[Organisation] | list[Contact]) -> list[dict]:
    """Per link of a merge, how many each record has: ``[{"label", "counts": [n per record]}]`` (a query per kind
    of link, for all the records at once)."""
    model = type(records[0])._meta.concrete_model
    ids = [record.pk for record in records]
    overview = []
    for label, link_model, field_name in MERGE_LINKS[model]:
        rows = link_model.objects.filter(**{f"{field_name}__in": ids}).order_by().values_list(field_name)
        found = dict(rows.annotate(n=Count("*")))
        overview.append({"label": label, "counts": [found.get(pk, 0) for pk in ids]})
    return overview
