import datetime
from collections.abc import Callable

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchVector, SearchVectorExact
from django.db.models import BooleanField, F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models.fulltext import full_text_query, normalise_query
from ..tables.pagination import estimated_rows
from ..ui.autocomplete import source_name
from ..ui.fields import BootstrapFormMixin, UserLabelMixin
from ..ui.widgets import AutocompleteSelect, AutocompleteSelectMultiple


class FilterForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # A yes/no filter left empty means "show all", not "unknown" (Django's default label).
            if isinstance(field.widget, forms.NullBooleanSelect):
                field.widget.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]


# Matches of a word in more rows than this are found fastest by walking the list's sort index and checking each row;
# of a rarer word (or a misspelt one, in no row), by reading the full-text index first (see ``_matching``).
FREQUENT_MATCHES = 20_000


class AmongIds(Func):
    """``field = ANY(ARRAY(subquery))``: the subquery's ids computed once, then looked up by ``field``'s index."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def _matching(field: str, rows, condition: Q) -> Q:
    """``field`` among the ids of ``rows`` meeting ``condition``, written so that the planner reads them well.

    PostgreSQL cannot tell a rare word from a missing one (it estimates both at a fraction of a percent) and
    underrates what computing a row's full-text document costs: so for any word outside its most common ones it walks
    the list's sort index and computes each row's document until a page is full — for a word in no row, a million
    rows. So unless the planner knows the word as frequent (one EXPLAIN), the ids are read first through the
    full-text index, ``field = ANY(ARRAY(…))``, and the list's sort runs over those few rows.
    """
    matching = rows.filter(condition)
    if estimated_rows(matching) >= FREQUENT_MATCHES:
        return Q(**{f"{field}__in": matching.values("pk")}) if field != "pk" else condition
    return Q(AmongIds(F(field), ArraySubquery(matching.order_by().values("pk"))))


def text_matches(model, text: str, *, document: Callable[[], SearchVector], related: dict | None = None) -> Q:
    """Rows whose full-text ``document`` matches ``text``, or whose related row's (``related``: the foreign key's
    name → that row's document) does — as the register search finds meetings and follow-ups: Danish stemming, and a
    word in no meeting's or follow-up's text read as the nearest words of the search's lexicon
    (``models/fulltext.py``). Each document is read through its GIN index; one query for the full-text query and one
    EXPLAIN per document, whatever the number of rows. A text of stop words only ("og") matches nothing.
    """
    text = normalise_query(text)
    query = full_text_query(text) if text else None
    if query is None:
        return Q(pk__in=[])
    condition = _matching("pk", model._default_manager.all(), Q(SearchVectorExact(document(), query)))
    for path, related_document in (related or {}).items():
        rows = model._meta.get_field(path).related_model._default_manager.all()
        condition |= _matching(path, rows, Q(SearchVectorExact(related_document(), query)))
    return condition


class BaseFilterSet(django_filters.FilterSet):
    """Free-text search plus the entity's own filters, on a Bootstrap-styled form.

    The free text of a small table is a substring of one of ``search_fields``; of a large one (``search_document``
    set: meetings, follow-ups) it is ``text_matches`` over the document and the ``search_related`` rows' documents,
    so that it reads its matches through indexes instead of every row.
    """

    search_fields: tuple[str, ...] = ()
    search_document: Callable[[], SearchVector] | None = None
    search_related: dict[str, Callable[[], SearchVector]] = {}
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        form = FilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if self.search_document is not None:
            return queryset.filter(
                text_matches(queryset.model, value, document=self.search_document, related=self.search_related)
            )
        condition = Q()
        for term in value.split():
            term_condition = Q()
            for field in self.search_fields:
                term_condition |= Q(**{f"{field}__icontains": term})
            condition &= term_condition
        return queryset.filter(condition)


def chosen_from(model, source: str, kwargs: dict) -> str:
    """The autocomplete source of a filter declared ``of=Model``: the model's own source, and (unless the filter
    narrows it with ``queryset=``) all its rows as the choices."""
    if model is not None:
        kwargs.setdefault("queryset", model._default_manager.all())
        return source or source_name(model)
    return source


class RelatedAnyFilter(django_filters.ModelMultipleChoiceFilter):
    """Rows related to any of the chosen objects (``?organisations=1&organisations=2``), chosen through the
    autocomplete ``source`` (with its ``filters``).

    Filters through a ``pk IN (subquery)`` rather than a join: a join would repeat a row once per match and need
    DISTINCT, which makes PostgreSQL compute every annotated column (last meeting, counts) for every row before it can
    paginate — seconds at 20,000 organisations. A filter with its own ``method`` keeps the widget and that method.
    """

    def __init__(self, *args, of=None, source: str = "", filters: dict | None = None, placeholder: str = "", **kwargs):
        source = chosen_from(of, source, kwargs)
        kwargs.setdefault("widget", AutocompleteSelectMultiple(source, filters=filters, placeholder=placeholder))
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        link = many_to_many_link(qs.model, self.field_name)
        if link is not None:
            # Straight from the link table (``meeting_id IN (SELECT meeting_id FROM … WHERE organisation_id IN …)``):
            # the planner may then walk the list's sort index and probe the link's unique index, or read the few
            # links of a rarely linked object, without a join back to the list's own table.
            hops, field = link
            linked = field.remote_field.through._default_manager.filter(
                **{f"{field.m2m_reverse_field_name()}__in": value}
            ).values(field.m2m_column_name())
            return qs.filter(**{"__".join([*hops, "in"]) if hops else "pk__in": linked})
        matching = qs.model._default_manager.filter(**{f"{self.field_name}__in": value}).values("pk")
        return qs.filter(pk__in=matching)


def many_to_many_link(model, field_name: str):
    """(the foreign keys leading to it, the field) when ``field_name`` names a many-to-many field declared on
    ``model`` or reached through foreign keys (``meeting__organisations``); otherwise None."""
    *hops, last = field_name.split("__")
    for hop in hops:
        field = model._meta.get_field(hop)
        if not field.many_to_one:
            return None
        model = field.related_model
    field = model._meta.get_field(last)
    if not field.many_to_many or field.auto_created:
        return None
    return hops, field


class AutocompleteChoiceFilter(django_filters.ModelChoiceFilter):
    """One object, chosen through the autocomplete ``source``."""

    def __init__(self, *args, of=None, source: str = "", filters: dict | None = None, placeholder: str = "", **kwargs):
        source = chosen_from(of, source, kwargs)
        kwargs.setdefault("widget", AutocompleteSelect(source, filters=filters, placeholder=placeholder))
        super().__init__(*args, **kwargs)


def users():
    return get_user_model().objects.all()


class UserChoiceField(UserLabelMixin, django_filters.fields.ModelChoiceField):
    pass


class UserMultipleChoiceField(UserLabelMixin, django_filters.fields.ModelMultipleChoiceField):
    pass


class UserChoiceFilter(AutocompleteChoiceFilter):
    """One staff member (by name, not user name), from the ``users`` autocomplete."""

    field_class = UserChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", users())
        kwargs.setdefault("placeholder", _("Search staff"))
        super().__init__(*args, source="users", **kwargs)


class RelatedUsersFilter(RelatedAnyFilter):
    field_class = UserMultipleChoiceField


class DayFilter(django_filters.DateFilter):
    """One date, with the browser's date picker."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", django_filters.widgets.forms.DateInput(attrs={"type": "date"}))
        super().__init__(*args, **kwargs)


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    """Several values of a choice field, ticked as checkboxes (a choice field has a few values: a select that needs
    Ctrl+click for a second one is never used; many choices are an autocomplete's chips, ``RelatedAnyFilter``).
    A plain column, so no DISTINCT is needed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
        super().__init__(*args, **kwargs)


def start_of_day(value):
    """The aware datetime at 00:00 local time of a date, so a date filter compares the indexed column directly."""
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))


class DateRangeFilter(django_filters.DateFromToRangeFilter):
    """A from–to date filter with two date inputs (query parameters <name>_after and <name>_before)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            django_filters.widgets.DateRangeWidget(attrs={"type": "date", "class": "form-control"}),
        )
        super().__init__(*args, **kwargs)
