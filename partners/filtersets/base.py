import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


class BaseFilterSet(django_filters.FilterSet):
    """Free-text search over ``search_fields`` plus the entity's own filters, on a Bootstrap-styled form."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        form = FilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
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
        matching = qs.model._default_manager.filter(**{f"{self.field_name}__in": value}).values("pk")
        return qs.filter(pk__in=matching)


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
