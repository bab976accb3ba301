import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..forms.base import BootstrapFormMixin


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


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


class DateRangeFilter(django_filters.DateFromToRangeFilter):
    """A from–to date filter with two date inputs (query parameters <name>_after and <name>_before)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            django_filters.widgets.DateRangeWidget(attrs={"type": "date", "class": "form-control"}),
        )
        super().__init__(*args, **kwargs)
