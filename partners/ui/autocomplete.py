"""The autocomplete sources: what each ``/autocomplete/<source>/`` suggests, who may ask, how an option reads.

The widgets (``partners.ui.widgets``) label the options already chosen the same way; the view
(``partners.views.autocomplete``) answers the browser's questions.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext

from ..models import Affiliation, Area, Collaboration, Contact, Event, Meeting, Organisation, Tag, Theme
from ..models.organisations import OrganisationKind

LIMIT = 20


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


def _organisation_label(org: Organisation) -> str:
    return f"{org.name} ({org.get_kind_display()})"


def _contact_label(contact: Contact) -> str:
    current = [a for a in contact.affiliations.all() if a.end_date is None]
    primary = next((a for a in current if a.is_primary), current[0] if current else None)
    return f"{contact.full_name} – {primary.organisation.name}" if primary else contact.full_name


def _retirable_label(label) -> str:
    """A tag's or theme's name, marked when it is retired (it stays chosen on the records that have it)."""
    return label.name if label.is_active else f"{label.name} ({gettext('retired')})"


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


SOURCES: dict[str, Source] = {
    "organisations": Source(
        lambda: Organisation.objects.order_by("name", "id"),
        "partners.view_organisation",
        ("name",),
        _organisation_label,
        {"kind": "kind__in"},
    ),
    "contacts": Source(
        lambda: _contacts().order_by("last_name", "first_name", "id"),
        "partners.view_contact",
        ("first_name", "last_name", "email"),
        _contact_label,
        {"organisation": "affiliations__organisation__in"},
        ("affiliations__organisation",),
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
}


def suggestions(source: Source, params, term: str) -> QuerySet:
    """The objects ``source`` suggests for the query parameters ``params`` (a QueryDict) and the typed ``term``."""
    queryset = source.queryset()
    if source.retirable and params.get("retired") != "1":
        queryset = queryset.filter(is_active=True)
    for param, lookup in source.filters.items():
        values = [v for v in params.getlist(param) if v]
        if param == "kind":
            values = [v for v in values if v in OrganisationKind.values]
        elif values:
            values = [v for v in values if v.isdigit()]
        if values:
            queryset = queryset.filter(**{lookup: values})
    for word in term.split()[:5]:
        condition = Q()
        for name in source.search_fields:
            condition |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(condition)
    if "organisation" in source.filters and params.get("organisation"):
        queryset = queryset.distinct()
    return queryset[:LIMIT]
