import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import Area, Organisation, Tag
from ..models.organisations import OrganisationKind
from .base import BaseFilterSet, ChoicesFilter, DayFilter, RelatedAnyFilter, UserChoiceFilter, start_of_day


def no_meeting_since(queryset, name, value):
    """Rows with no meeting (held or planned) on or after ``value``: the row's kept start of its latest meeting
    (``latest_meeting_at``, indexed, kept by triggers on the meeting links) is before it, or there is none."""
    if not value:
        return queryset
    return queryset.filter(Q(latest_meeting_at__isnull=True) | Q(latest_meeting_at__lt=start_of_day(value)))


class OrganisationFilterSet(BaseFilterSet):
    search_fields = ("name", "cvr", "email", "city")

    kind = ChoicesFilter(choices=OrganisationKind.choices, label=_("Kind"))
    parent = RelatedAnyFilter(of=Organisation, label=_("Parent organisation"))
    tags = RelatedAnyFilter(of=Tag, label=_("Tags"))
    owner = UserChoiceFilter(label=_("Relationship owner"))
    areas = RelatedAnyFilter(of=Area, label=_("Housing area"))
    is_key_partner = django_filters.BooleanFilter(label=_("Key partner"))
    is_active = django_filters.BooleanFilter(label=_("Active"))
    no_meeting_since = DayFilter(method="filter_no_meeting_since", label=_("No meeting since"))

    class Meta(BaseFilterSet.Meta):
        model = Organisation
        fields = ["q", "kind", "parent", "tags", "owner", "areas", "is_key_partner", "is_active", "no_meeting_since"]

    def filter_no_meeting_since(self, queryset, name, value):
        return no_meeting_since(queryset, name, value)
