"""The autocomplete sources: what each ``/autocomplete/<source>/`` suggests, who may ask, how an option reads.

The widgets (``partners.ui.widgets``) label the options already chosen the same way; the view
(``partners.views.autocomplete``) answers the browser's questions.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from ..models import (
    Affiliation,
    Area,
    Case,
    Collaboration,
    Contact,
    Event,
    Meeting,
    Organisation,
    OrganisationAlias,
    Tag,
    Theme,
)
from ..models.folding import Fold, fold
from ..models.organisations import OrganisationKind

LIMIT = 20
MAX_IDS = 50  # ids of one query parameter that are read (?organisation=1&organisation=2 …)


@dataclass(frozen=True)
class Ranking:
    """Suggestions that belong with another choice of the form come first, under a heading of their own (a meeting's
    contacts: the people of its organisations first). The widget forwards that choice's ids as ``param``."""

    param: str
    # ids → a boolean expression: whether a suggestion is in the first group
    first: callable
    # ids → the first group's heading; the rest come under ``others``
    heading: callable
    others: callable


@dataclass(frozen=True)
class Source:
    queryset: callable
    permission: str
    search_fields: tuple[str, ...]
    label: callable = str
    # query parameter → lookup, e.g. ?kind=estate → kind__in
    filters: dict[str, str] = field(default_factory=dict)
    # what ``label`` reads, for labelling objects fetched elsewhere (the widgets' chosen options)
    prefetch: tuple[str, ...] = ()
    # labels staff retire (``is_active``): a retired one is suggested only where a list is filtered (?retired=1)
    retirable: bool = False
    # the URL name that creates one from a typed name (POST ``name``), offered by the widget in forms that save
    create_url: str = ""
    # which suggestions come first, given the form's other choices
    ranking: Ranking | None = None
    # a typed word → the condition a suggestion meets, instead of a word in one of ``search_fields``
    matches: callable = None


def _organisation_label(org: Organisation) -> str:
    if org.short_name and org.display_name != org.name:
        return f"{org.name} – {org.short_name} ({org.get_kind_display()})"
    return f"{org.name} ({org.get_kind_display()})"


def _organisation_matches(word: str) -> Q:
    """An organisation matches a typed word in its name, short name or one of its aliases, folded as Danes write
    ("Kjaergaard" finds "Kjærgård"; "lbf" finds Landsbyggefonden by its short name).

    Three id sets, each read once through its own index (the folded trigram indexes of the search), instead of
    folding every organisation's names for every request."""
    folded = fold(word)
    if len(folded) < 3:  # no trigram to look up: a plain match, as cheap as it was before folding
        return Q(name__icontains=word) | Q(short_name__istartswith=word)
    by_name = Organisation.objects.alias(folded=Fold("name")).filter(folded__contains=folded)
    by_short_name = Organisation.objects.exclude(short_name="").alias(folded=Fold("short_name"))
    by_alias = OrganisationAlias.objects.alias(folded=Fold("name")).filter(folded__contains=folded)
    return (
        Q(pk__in=by_name.values("pk"))
        | Q(pk__in=by_short_name.filter(folded__contains=folded).values("pk"))
        | Q(pk__in=by_alias.values("organisation_id"))
    )


def _contact_label(contact: Contact) -> str:
    current = [a for a in contact.affiliations.all() if a.end_date is None]
    primary = next((a for a in current if a.is_primary), current[0] if current else None)
    return f"{contact.full_name} – {primary.organisation.name}" if primary else contact.full_name


def _retirable_label(label) -> str:
    """A tag's or theme's name, marked when it is retired (it stays chosen on the records that have it)."""
    retired = gettext("retired")
    return label.name if label.is_active else f"{label.name} ({retired})"


def _label_source(model) -> Source:
    """Tags or themes: by name; a retired one only where a list is filtered; a typed new name can be created."""
    name = model._meta.model_name
    return Source(
        lambda: model.objects.order_by("name"),
        f"partners.view_{name}",
        ("name",),
        _retirable_label,
        retirable=True,
        create_url=f"{name}_quick_add",
    )


def _user_label(user) -> str:
    return user.get_full_name() or user.get_username()


def _contacts() -> QuerySet:
    current = Affiliation.objects.filter(end_date__isnull=True).select_related("organisation")
    return Contact.objects.prefetch_related(Prefetch("affiliations", queryset=current))


def _works_at(organisation_ids: list[int]) -> Exists:
    """A contact with a current affiliation at one of the organisations or a unit below them (an estate of a housing
    organisation, a municipality's administrations)."""
    units = Organisation.objects.filter(pk__in=organisation_ids).with_sub_units()
    return Exists(Affiliation.objects.current().filter(contact=OuterRef("pk"), organisation__in=units))


def _people_at(organisation_ids: list[int]) -> str:
    names = list(Organisation.objects.filter(pk__in=organisation_ids).order_by("name").values_list("name", flat=True))
    if len(names) == 1:
        return gettext("People at %(organisation)s") % {"organisation": names[0]}
    return gettext("People at the chosen organisations")


CONTACTS_BY_ORGANISATION = Ranking("rank_organisation", _works_at, _people_at, lambda ids: gettext("Other contacts"))


SOURCES: dict[str, Source] = {
    "organisations": Source(
        lambda: Organisation.objects.order_by("name", "id"),
        "partners.view_organisation",
        ("name", "short_name"),
        _organisation_label,
        {"kind": "kind__in"},
        matches=_organisation_matches,
    ),
    "contacts": Source(
        lambda: _contacts().order_by("last_name", "first_name", "id"),
        "partners.view_contact",
        ("first_name", "last_name", "email"),
        _contact_label,
        {"organisation": "affiliations__organisation__in"},
        ("affiliations__organisation",),
        ranking=CONTACTS_BY_ORGANISATION,
    ),
    "users": Source(
        lambda: get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username"),
        "partners.view_meeting",
        ("username", "first_name", "last_name"),
        _user_label,
    ),
    "tags": _label_source(Tag),
    "themes": _label_source(Theme),
    "areas": Source(lambda: Area.objects.order_by("name"), "partners.view_area", ("name",)),
    "collaborations": Source(
        lambda: Collaboration.objects.order_by("title"), "partners.view_collaboration", ("title",)
    ),
    "events": Source(lambda: Event.objects.order_by("-starts_at"), "partners.view_event", ("name",)),
    "meetings": Source(lambda: Meeting.objects.order_by("-starts_at"), "partners.view_meeting", ("subject",)),
    "cases": Source(lambda: Case.objects.order_by("title", "id"), "partners.view_case", ("title",)),
}


def _ids(params, name: str) -> list[int]:
    """The well-formed ids of the query parameter ``name`` (``?organisation=abc`` is ignored)."""
    return [int(v) for v in params.getlist(name)[:MAX_IDS] if v.isascii() and v.isdigit() and len(v) < 19]


def suggestions(source: Source, params, term: str) -> QuerySet:
    """The objects ``source`` suggests for the query parameters ``params`` (a QueryDict) and the typed ``term``; with
    the source's ranking's ids, those of the first group first, each marked ``ranked_first``."""
    queryset = source.queryset()
    if source.retirable and params.get("retired") != "1":
        queryset = queryset.filter(is_active=True)
    for param, lookup in source.filters.items():
        if param == "kind":
            values = [v for v in params.getlist(param) if v in OrganisationKind.values]
        else:
            values = _ids(params, param)
        if values:
            queryset = queryset.filter(**{lookup: values})
    for word in term.split()[:5]:
        if source.matches is not None:
            queryset = queryset.filter(source.matches(word))
            continue
        condition = Q()
        for name in source.search_fields:
            condition |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(condition)
    if "organisation" in source.filters and params.get("organisation"):
        queryset = queryset.distinct()
    ranked = _ids(params, source.ranking.param) if source.ranking else []
    if ranked:
        order = queryset.query.order_by
        queryset = queryset.annotate(ranked_first=source.ranking.first(ranked)).order_by("-ranked_first", *order)
    return queryset[:LIMIT]


def suggestion_groups(source: Source, params) -> list[dict]:
    """The headings of the ranked suggestions (first group, then the others), or none without the ranking's ids."""
    ranked = _ids(params, source.ranking.param) if source.ranking else []
    if not ranked:
        return []
    return [
        {"value": "first", "label": source.ranking.heading(ranked)},
        {"value": "others", "label": source.ranking.others(ranked)},
    ]


def source_name(model) -> str:
    """The autocomplete source of ``model``: the one named after it ("organisations", "themes", …)."""
    name = f"{model._meta.model_name}s"
    if name not in SOURCES:
        raise LookupError(f"No autocomplete source for {model._meta.label}")
    return name
