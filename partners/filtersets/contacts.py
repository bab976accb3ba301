import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ..models import Affiliation, Area, Contact, Meeting, Organisation, Tag
from ..models.organisations import OrganisationKind
from .base import BaseFilterSet, ChoicesFilter, DayFilter, RelatedAnyFilter, UserChoiceFilter
from .organisations import no_meeting_since

# Filters on relations use EXISTS rather than joins: no duplicate rows, no DISTINCT, and the export gets exactly the
# rows of the list.


def _current_affiliation(**lookups) -> Exists:
    return Exists(Affiliation.objects.current().filter(contact_id=OuterRef("pk"), **lookups))


class ContactFilterSet(BaseFilterSet):
    search_fields = ("first_name", "last_name", "email")

    organisation = RelatedAnyFilter(
        of=Organisation,
        method="filter_organisation",
        label=_("Organisation"),
        help_text=_("Contacts who work there now."),
    )
    kind = ChoicesFilter(
        choices=OrganisationKind.choices,
        method="filter_kind",
        label=_("Organisation kind"),
        help_text=_("Of a current affiliation."),
    )
    tags = RelatedAnyFilter(of=Tag, method="filter_tags", label=_("Tags"))
    owner = UserChoiceFilter(label=_("Relationship owner"))
    areas = RelatedAnyFilter(
        of=Area,
        method="filter_areas",
        label=_("Housing area"),
        help_text=_("Works at one of the area's estates now, or took part in a meeting about the area."),
    )
    has_current_affiliation = django_filters.BooleanFilter(
        method="filter_has_current_affiliation", label=_("Has a current affiliation")
    )
    do_not_contact = django_filters.BooleanFilter(label=_("Do not contact"))
    is_active = django_filters.BooleanFilter(label=_("Active"))
    no_meeting_since = DayFilter(method="filter_no_meeting_since", label=_("No meeting since"))

    class Meta(BaseFilterSet.Meta):
        model = Contact
        fields = [
            "q",
            "organisation",
            "kind",
            "tags",
            "owner",
            "areas",
            "has_current_affiliation",
            "do_not_contact",
            "is_active",
            "no_meeting_since",
        ]

    def filter_organisation(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(_current_affiliation(organisation__in=value))

    def filter_kind(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(_current_affiliation(organisation__kind__in=value))

    def filter_tags(self, queryset, name, value):
        """Contacts with any of the chosen tags."""
        if not value:
            return queryset
        return queryset.filter(Exists(Contact.tags.through.objects.filter(contact_id=OuterRef("pk"), tag__in=value)))

    def filter_areas(self, queryset, name, value):
        """People of the area: those working at one of its estates now, and those we met about the area.

        Staff of the housing organisation as a whole are not counted: one housing organisation has estates in many
        areas, so its whole staff would show up under every one of them.
        """
        if not value:
            return queryset
        at_estate = _current_affiliation(organisation__areas__in=value)
        met_about = Exists(Meeting.contacts.through.objects.filter(contact_id=OuterRef("pk"), meeting__areas__in=value))
        return queryset.filter(Q(at_estate) | Q(met_about))

    def filter_has_current_affiliation(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(_current_affiliation()) if value else queryset.exclude(_current_affiliation())

    def filter_no_meeting_since(self, queryset, name, value):
        return no_meeting_since(queryset, name, value)
