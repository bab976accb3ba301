"""The register search: organisations, contacts, areas, collaborations, events, meetings, follow-ups and documents, by kind.

A row matches when

- its **folded name** (``partners/models/folding.py``: case, accents, æ/ø/å and their old spellings aa/oe,
  punctuation and dashes do not matter) contains the folded query: prefix and infix ("brabr", "Gellerup" in
  "Gellerup/Toveshøj", "Kjærgård" for "Kjærgaard", "Ostergard" for "Østergaard") — from three characters on, where
  a trigram index can serve it;
- or its folded name is trigram-similar to the folded query word by word (misspellings: "Brabrant Boligforning"
  finds "Brabrand Boligforening");
- or the Danish full-text search matches its text (stemming: "boligforeningen" finds "Boligforening"; it reaches the
  notes, a meeting's minutes and decisions, an event's place and description, a follow-up's text);
- or the query is its exact key (a whole e-mail address, a CVR number).

Organisations are matched by their name, their short name and their aliases ("LBF", "MSB"), shown with
``Organisation.display_name``. A full-text query word that occurs in no meeting's or follow-up's text is read as
the nearest words of the lexicon (migration 0021_search_words, kept fresh by ``services/search.py`` before each
search): "tryghedsvandrigen" finds "tryghedsvandringen", "geuhsningen" "genhusningen".

Rows are ranked best first: the whole folded name equal to the query, then names that start with it, then names
holding it, each group by trigram word similarity plus full-text rank. Only a **bounded candidate set** is ranked:
each way of matching (the whole name, its start, a part of it, a similar word, the full text, an exact key) reads
at most ``CANDIDATE_LIMIT`` rows through its own index, and the union of those is ranked; counts stop at
``COUNT_CAP``. So a word in a third of a million meetings costs what a rare one does, and there is no ORDER BY on
a date that the planner could walk for a rare word. With more matches than candidates, which ones are ranked is the
index's order: the list page ("See all in the list") sorts all of them. Meetings and follow-ups have no name to
fold: they are found by full text (and the lexicon) only.

The expressions below are the ones migrations 0017_fold and 0019_search_other_names index: change one only together
with the other (tests/ui/test_search.py checks that the planner uses the indexes).

A search costs one query for the full-text query and its typo suggestions, and per group at most two (hits, and
the capped count when there are more hits than shown; the quick search counts nothing), whatever the size of the
tables. At the reference scale (bench/search_bench.py, 2 cores shared with other work) every kind's median is
under 100 ms: see bench/README.md.
"""

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchRank,
    SearchVector,
    SearchVectorExact,
    TrigramWordSimilarity,
)
from django.db.models import (
    Case,
    Expression,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Greatest, Lower
from django.db.models.lookups import Contains, Exact, StartsWith
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext

from .. import registry
from ..models import (
    Affiliation,
    Area,
    Collaboration,
    Contact,
    Document,
    Event,
    FollowUp,
    Meeting,
    Organisation,
    OrganisationAlias,
)
from ..models.documents import document_vector
from ..models.folding import Fold, fold
from ..models.fulltext import (  # noqa: F401 (the search's names, read by its tests and views)
    FTS_CONFIG,
    MAX_QUERY_LENGTH,
    RawTsQuery,
    cleaned,
    follow_up_document,
    full_text_query,
    meeting_document,
    normalise_query,
    weighted_vector,
)

HIT_LIMIT = 10
CANDIDATE_LIMIT = 50  # rows read per way of matching and ranked: ranking every match of a common word costs seconds
COUNT_CAP = 100  # counting stops here ("more than 100"), so a common word costs no more than a rare one
PREFIX_MIN_LENGTH = 2  # "KL", "BL": a name's start has trigrams from two characters on (the padded "  k", " kl")
INFIX_MIN_LENGTH = 3  # a shorter folded query has no trigram to look up: it would read every row


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str | None
    detail: str


@dataclass(frozen=True)
class SearchGroup:
    key: str
    label: str
    hits: list[SearchHit]
    count: int
    count_is_capped: bool
    list_url: str | None


@dataclass(frozen=True)
class SearchTarget:
    """How one entity is searched; its key, label, permission and pages come from the model's registry entry."""

    model: type
    ordering: tuple[str, ...]
    vector: Callable[[], SearchVector]  # full-text document (PostgreSQL)
    names: Callable[[], tuple[Expression, ...]]  # the names matched folded: infix and trigram similarity (PostgreSQL)
    title: Callable[[object], str]
    detail: Callable[[object], str]
    exact: Callable[[str], Q | None] = lambda query: None  # an exact match that ranks first, e.g. an e-mail
    display: Callable[[QuerySet], QuerySet] = lambda rows: rows  # what the shown hits need (not the count)
    alias: tuple[type, str] | None = None  # (model, the field naming the row) of other names searched like the names
    lexicon_source: str | None = None  # its texts' words are in the search's lexicon (services/search.py SOURCES)

    @property
    def typos_from_lexicon(self) -> bool:
        return self.lexicon_source is not None

    @property
    def entity(self) -> registry.Entity:
        return registry.for_model(self.model)

    @property
    def key(self) -> str:
        return self.entity.key

    @property
    def label(self) -> str:
        return capfirst(self.model._meta.verbose_name_plural)

    @property
    def permission(self) -> str:
        return f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"

    @property
    def list_url_name(self) -> str:
        return self.entity.list_url_name

    @property
    def detail_url_name(self) -> str:
        return f"{self.entity.base}_detail"

    def queryset(self) -> QuerySet:
        """The rows searched."""
        return self.model._default_manager.all()

    def folded_names(self) -> list[Fold]:
        """The indexed expressions ``partners_fold(name)``."""
        return [Fold(name) for name in self.names()]


def query_is_shortened(raw: str | None) -> bool:
    return len(cleaned(raw)) > MAX_QUERY_LENGTH


# --- The expressions indexed by migration 0017_fold -------------------------------------------------------------------


def contact_full_name() -> Concat:
    return Concat("first_name", Value(" "), "last_name")


# --- What is shown per hit --------------------------------------------------------------------------------------------


def _joined(*parts) -> str:
    return " · ".join(str(part) for part in parts if part)


def _short_date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _local_date(moment) -> str:
    return _short_date(timezone.localtime(moment)) if moment else ""


def _contact_display(rows: QuerySet) -> QuerySet:
    """The shown contacts with the name of their current (primary first) organisation, in the same query."""
    primary = (
        Affiliation.objects.filter(contact_id=OuterRef("pk"), end_date__isnull=True)
        .order_by("-is_primary", F("start_date").desc(nulls_last=True), "id")
        .values("organisation__name")[:1]
    )
    return rows.only("id", "first_name", "last_name", "email").annotate(organisation_name=Subquery(primary))


def _contact_exact(query: str) -> Q | None:
    # A whole e-mail address is looked up in the unique index on lower(email).
    return Q(Exact(Lower("email"), query.lower())) if "@" in query and " " not in query else None


def _organisation_exact(query: str) -> Q | None:
    return Q(cvr=query) if query.isdigit() and len(query) == 8 else None


def _follow_up_detail(follow_up: FollowUp) -> str:
    state = gettext("done") if follow_up.done_at else gettext("open")
    due = _short_date(follow_up.due_date)
    return _joined(state, due and gettext("due %(date)s") % {"date": due}, follow_up.meeting_subject)


TARGETS = (
    SearchTarget(
        model=Organisation,
        ordering=("name", "id"),
        vector=lambda: weighted_vector(("name", "A"), ("notes", "B")),
        names=lambda: (F("name"), F("short_name")),
        title=lambda o: o.display_name,
        detail=lambda o: _joined(o.get_kind_display(), o.city),
        exact=_organisation_exact,
        display=lambda rows: rows.only("id", "name", "short_name", "kind", "city"),
        alias=(OrganisationAlias, "organisation_id"),
    ),
    SearchTarget(
        model=Contact,
        ordering=("last_name", "first_name", "id"),
        vector=lambda: weighted_vector(("first_name", "A"), ("last_name", "A"), ("notes", "B")),
        names=lambda: (contact_full_name(),),
        title=lambda c: c.full_name,
        detail=lambda c: _joined(c.organisation_name, c.email),
        exact=_contact_exact,
        display=_contact_display,
    ),
    SearchTarget(
        model=Area,
        ordering=("name", "id"),
        vector=lambda: weighted_vector(("name", "A"), ("notes", "B")),
        names=lambda: (F("name"),),
        title=lambda a: a.name,
        detail=lambda a: _joined(a.municipality_name, a.get_list_status_display()),
        display=lambda rows: rows.only("id", "name", "list_status").annotate(municipality_name=F("municipality__name")),
    ),
    SearchTarget(
        model=Collaboration,
        ordering=("title", "id"),
        vector=lambda: weighted_vector(("title", "A"), ("description", "B")),
        names=lambda: (F("title"),),
        title=lambda c: c.title,
        detail=lambda c: _joined(c.get_kind_display(), c.get_status_display()),
        display=lambda rows: rows.only("id", "title", "kind", "status"),
    ),
    SearchTarget(
        model=Event,
        ordering=("-starts_at", "-id"),
        vector=lambda: weighted_vector(("name", "A"), ("location", "B"), ("description", "B")),
        names=lambda: (F("name"),),
        title=lambda e: e.name,
        detail=lambda e: _joined(_local_date(e.starts_at), e.location),
        display=lambda rows: rows.only("id", "name", "starts_at", "location"),
    ),
    SearchTarget(
        model=Meeting,
        ordering=("-starts_at", "-id"),
        vector=meeting_document,
        names=tuple,
        title=lambda m: m.subject,
        detail=lambda m: _joined(_local_date(m.starts_at), m.get_kind_display()),
        display=lambda rows: rows.only("id", "subject", "kind", "starts_at"),
        lexicon_source="meeting",
    ),
    SearchTarget(
        model=FollowUp,
        ordering=("done_at", "due_date", "id"),
        vector=follow_up_document,
        names=tuple,
        title=lambda f: Truncator(f.text).chars(120),
        detail=_follow_up_detail,
        display=lambda rows: rows.only("id", "text", "due_date", "done_at").annotate(
            meeting_subject=F("meeting__subject")
        ),
        lexicon_source="followup",
    ),
    # A document by its title (folded) and the words of its title, description and the text inside the file
    # (index document_fts_idx, document_title_fold_trgm_idx of migration 0026).
    SearchTarget(
        model=Document,
        ordering=("-date", "-id"),
        vector=document_vector,
        names=lambda: (F("title"),),
        title=lambda d: d.title,
        detail=lambda d: _joined(d.get_kind_display(), _short_date(d.date), d.get_content_type_display()),
        display=lambda rows: rows.only("id", "title", "kind", "date", "content_type"),
    ),
)


def searchable_targets(*, user) -> list[SearchTarget]:
    """The groups the user may see: one per entity the user may view."""
    return [target for target in TARGETS if user.has_perm(target.permission)]


def _name_closeness(name: Expression, folded: str) -> Expression:
    """3 for the whole name, 2 for a name that starts with the query, 1 for one that holds it, 0 otherwise."""
    return Case(
        When(Exact(name, folded), then=Value(3.0)),
        When(StartsWith(name, folded), then=Value(2.0)),
        When(Contains(name, folded), then=Value(1.0)),
        default=Value(0.0),
        output_field=FloatField(),
    )


def _name_conditions(name: Expression, folded: str, *, main: bool) -> list[tuple[Q, bool]]:
    """The ways a folded name matches, each served by the name's trigram index (the whole name, its start, any part
    of it from ``INFIX_MIN_LENGTH`` characters on, a word similar to the query), with whether it is counted.

    The whole name and its start are read apart from the part only for the ``main`` name, so that among many names
    holding a common word the whole name and the names starting with it are still ranked (and not counted twice:
    the part holds them); a short name or an alias is rarely shared, so its part alone is read.
    """
    holds = len(folded) >= INFIX_MIN_LENGTH
    conditions = []
    if main or not holds:
        conditions.append((Q(Exact(name, folded)), not holds))
        if len(folded) >= PREFIX_MIN_LENGTH:
            conditions.append((Q(StartsWith(name, folded)), not holds))
    if holds:
        conditions.append((Q(Contains(name, folded)), True))
    conditions.append((Q(TrigramWordSimilar(name, folded)), True))
    return conditions


@dataclass(frozen=True)
class Matches:
    """How one target matches a query: its conditions, each to be read a bounded number of rows at a time."""

    target: SearchTarget
    ways: list[tuple[Q, bool]]  # (a condition on the target's rows, whether its rows are counted)
    rank: Expression

    @property
    def conditions(self) -> list[Q]:
        """Every way of matching (through the aliases, ``pk__in`` a bounded subquery)."""
        return [condition for condition, _counted in self.ways]

    def rows(self) -> QuerySet:
        """Every matching row (what the planner test explains)."""
        return self.target.queryset().filter(reduce(operator.or_, self.conditions))

    def candidates(self, limit: int = CANDIDATE_LIMIT, *, counting: bool = False) -> QuerySet:
        """The ids of at most ``limit`` rows per condition, each read through its own index (an OR of them, with
        the aliases' subqueries, could only be read by scanning the table); ``counting``: only the counted ones."""
        queryset = self.target.queryset()
        parts = [
            queryset.filter(condition).order_by().values("pk")[:limit]
            for condition, counted in self.ways
            if counted or not counting
        ]
        return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]

    def count(self) -> int:
        """The number of matching rows up to ``COUNT_CAP + 1``: exact while no condition has more than the cap, and
        more than the cap as soon as one has."""
        return self.candidates(COUNT_CAP + 1, counting=True).count()

    def ranked(self) -> QuerySet:
        """The candidates, best first: only they are ranked, so a word in half the rows costs what a rare one does."""
        rows = self.target.queryset().filter(pk__in=self.candidates())
        return self.target.display(rows).annotate(rank=self.rank).order_by("-rank", *self.target.ordering)


def _matches(target: SearchTarget, query: str, *, search_query: Expression | None) -> Matches | None:
    """How ``target`` matches ``query`` (``search_query``: see ``full_text_query``), or None when nothing can match."""
    ways: list[tuple[Q, bool]] = []
    rank: Expression = Value(0.0, output_field=FloatField())
    if search_query is not None:
        ways.append((Q(SearchVectorExact(target.vector(), search_query)), True))
        rank = SearchRank(target.vector(), search_query)
    folded = fold(query)
    if folded:
        scores = [_name_closeness(name, folded) + TrigramWordSimilarity(folded, name) for name in target.folded_names()]
        for index, name in enumerate(target.folded_names()):
            ways.extend(_name_conditions(name, folded, main=index == 0))
        if target.alias is not None:
            alias_model, owner = target.alias
            alias_name = Fold(F("name"))
            for condition, counted in _name_conditions(alias_name, folded, main=False):
                found = alias_model.objects.filter(condition).order_by().values(owner)[:CANDIDATE_LIMIT]
                ways.append((Q(pk__in=found), counted))
            best_alias = (
                alias_model.objects.filter(**{owner: OuterRef("pk")})
                .annotate(score=_name_closeness(alias_name, folded) + TrigramWordSimilarity(folded, alias_name))
                .order_by("-score")
                .values("score")[:1]
            )
            scores.append(Coalesce(Subquery(best_alias, output_field=FloatField()), Value(0.0)))
        if scores:
            rank = rank + _greatest(scores)
    exact = target.exact(query)
    if exact is not None:
        ways.append((exact, True))
        rank = rank + Case(When(exact, then=Value(10.0)), default=Value(0.0), output_field=FloatField())
    if not ways:
        return None
    return Matches(target=target, ways=ways, rank=rank)


def _greatest(expressions: list[Expression]) -> Expression:
    return expressions[0] if len(expressions) == 1 else Greatest(*expressions, output_field=FloatField())


def _url(name: str, *args) -> str | None:
    # A section that is not built yet has no URL: its hits are listed without links.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _group(target: SearchTarget, query: str, *, hits: list, count: int, capped: bool) -> SearchGroup:
    list_url = _url(target.list_url_name)
    return SearchGroup(
        key=target.key,
        label=target.label,
        hits=[
            SearchHit(title=target.title(row), url=_url(target.detail_url_name, row.pk), detail=target.detail(row))
            for row in hits
        ],
        count=count,
        count_is_capped=capped,
        list_url=f"{list_url}?{urlencode({'q': query})}" if list_url else None,
    )


def _search_target(
    target: SearchTarget, query: str, *, limit: int, search_query: Expression | None, counted: bool
) -> SearchGroup:
    found = _matches(target, query, search_query=search_query)
    if found is None:
        return _group(target, query, hits=[], count=0, capped=False)
    hits = list(found.ranked()[:limit])
    if len(hits) < limit or not counted:
        return _group(target, query, hits=hits, count=len(hits), capped=len(hits) == limit)
    count = found.count()
    return _group(target, query, hits=hits, count=min(count, COUNT_CAP), capped=count > COUNT_CAP)


def search_register(*, query: str, user, limit: int = HIT_LIMIT, counted: bool = True) -> list[SearchGroup]:
    """The hits for ``query`` (see ``normalise_query``), one group per entity the user may view, in a fixed order.

    At most 1 + 2 queries per group (1 + 1 when not ``counted``: the quick search), whatever the size of the tables
    and the number of hits.
    """
    targets = searchable_targets(user=user)
    if not targets or not re.search(r"\w", query):
        # Nothing to match (only punctuation): no group has hits, and the database is not asked.
        return [_group(target, query, hits=[], count=0, capped=False) for target in targets]
    search_query = full_text_query(query, typos=any(target.typos_from_lexicon for target in targets))
    return [
        _search_target(target, query, limit=limit, search_query=search_query, counted=counted) for target in targets
    ]
