import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Area, Organisation
from ..models.areas import ListStatus, masterplan_active_on
from ..models.organisations import OrganisationKind
from .base import AutocompleteChoiceFilter, BaseFilterSet, ChoicesFilter, DayFilter, RelatedAnyFilter

MUNICIPALITY, HOUSING = OrganisationKind.MUNICIPALITY, OrganisationKind.HOUSING_ORGANISATION


class AreaFilterSet(BaseFilterSet):
    search_fields = ("name",)

    municipality = AutocompleteChoiceFilter(
        queryset=Organisation.objects.filter(kind=MUNICIPALITY),
        source="organisations",
        filters={"kind": MUNICIPALITY},
        label=_("Municipality"),
    )
    housing_organisation = RelatedAnyFilter(
        queryset=Organisation.objects.filter(kind=HOUSING),
        source="organisations",
        filters={"kind": HOUSING},
        method="filter_housing_organisation",
        label=_("Housing organisation"),
    )
    list_status = ChoicesFilter(choices=ListStatus.choices, label=_("List status"))
    list_year = django_filters.NumberFilter(label=_("List year"), min_value=1990, max_value=2100, decimal_places=0)
    masterplan_running = django_filters.BooleanFilter(
        method="filter_masterplan_running", label=_("Helhedsplan running today")
    )
    masterplan_active_on = DayFilter(method="filter_masterplan_active_on", label=_("Helhedsplan running on"))

    class Meta(BaseFilterSet.Meta):
        model = Area
        fields = [
            "q",
            "municipality",
            "housing_organisation",
            "list_status",
            "list_year",
            "masterplan_running",
            "masterplan_active_on",
        ]

    def filter_housing_organisation(self, queryset, name, value):
        """Areas with an estate of one of the chosen housing organisations."""
        if not value:
            return queryset
        estates = Area.estates.through.objects.filter(area_id=OuterRef("pk"), organisation__parent__in=value)
        return queryset.filter(Exists(estates))

    def filter_masterplan_running(self, queryset, name, value):
        if value is None:
            return queryset
        running = masterplan_active_on(timezone.localdate())
        return queryset.filter(running) if value else queryset.exclude(running)

    def filter_masterplan_active_on(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(masterplan_active_on(value))
