import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from ..models import Area, MeetingContact, MeetingOrganisation, Organisation, Tag
from ..models.organisations import OrganisationKind
from .base import BaseFilterSet, ChoicesFilter, DayFilter, RelatedAnyFilter, UserChoiceFilter, start_of_day


def no_meeting_since(queryset, name, value, *, through_field: str):
    """Rows with no meeting on or after ``value`` (through the meeting ↔ <row> link named by ``through_field``).

    The link keeps its meeting's start (``MeetingLink``): one probe of its (row, start) index per row.
    """
    if not value:
        return queryset
    link = MeetingOrganisation if through_field == "organisation" else MeetingContact
    recent = link.objects.filter(**{f"{through_field}_id": OuterRef("pk"), "starts_at__gte": start_of_day(value)})
    return queryset.filter(~Exists(recent))


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
        return no_meeting_since(queryset, name, value, through_field="organisation")
