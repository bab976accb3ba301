import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from ..models import Affiliation, Collaboration, CollaborationPartner, Event, Invitation, Organisation, Theme
from ..models.events import EventKind, InvitationStatus
from ..ui.widgets import DefaultOnCheckbox
from .base import AutocompleteChoiceFilter, BaseFilterSet, ChoicesFilter, DateRangeFilter, RelatedAnyFilter
from .contacts import ContactFilterSet


class EventFilterSet(BaseFilterSet):
    search_fields = ("name", "location")

    kind = ChoicesFilter(choices=EventKind.choices, label=_("Kind"))
    # Query parameters date_after and date_before (whole days, in the local time zone).
    date = DateRangeFilter(field_name="starts_at", label=_("Date (from–to)"))

    class Meta(BaseFilterSet.Meta):
        model = Event
        fields = ["q", "kind", "date"]


class InvitationFilterSet(BaseFilterSet):
    """Filters of an invitation list (the event page; later the list builder and check-in)."""

    search_fields = ("contact__first_name", "contact__last_name", "contact__email", "organisation__name")

    status = ChoicesFilter(choices=InvitationStatus.choices, label=_("Status"))
    organisation = AutocompleteChoiceFilter(
        of=Organisation,
        placeholder=_("Search organisations"),
        label=_("Organisation"),
    )

    class Meta(BaseFilterSet.Meta):
        model = Invitation
        fields = ["q", "status", "organisation"]


def _current_affiliation_at(organisations) -> Exists:
    return Exists(Affiliation.objects.current().filter(contact_id=OuterRef("pk"), organisation_id__in=organisations))


class InviteeFilterSet(ContactFilterSet):
    """The contact list's filters, plus the ones that build a guest list: sub-units of the chosen organisations,
    collaboration, theme and earlier events."""

    include_sub_units = django_filters.BooleanFilter(
        method="filter_include_sub_units",
        widget=DefaultOnCheckbox,
        label=_("Include sub-units"),
        help_text=_(
            "Also people at the organisations below the chosen ones, e.g. a municipality's administrations or a "
            "housing organisation's estates."
        ),
    )

    collaborations = RelatedAnyFilter(
        of=Collaboration,
        method="filter_collaborations",
        label=_("Collaboration"),
        help_text=_("Works now at a partner organisation of the collaboration."),
    )
    themes = RelatedAnyFilter(
        of=Theme,
        method="filter_themes",
        label=_("Theme"),
        help_text=_("Works now at a partner in a collaboration with the theme."),
    )
    invited_to = AutocompleteChoiceFilter(
        of=Event,
        method="filter_invited_to",
        label=_("Invited to"),
        help_text=_("Was on the list of this earlier event."),
    )
    attended = AutocompleteChoiceFilter(
        of=Event,
        method="filter_attended",
        label=_("Attended"),
        help_text=_("Came to this earlier event."),
    )

    class Meta(ContactFilterSet.Meta):
        fields = [
            "q",
            "kind",
            "organisation",
            "include_sub_units",
            "tags",
            "areas",
            "collaborations",
            "themes",
            "invited_to",
            "attended",
            "owner",
            "has_current_affiliation",
            "is_active",
        ]

    def filter_organisation(self, queryset, name, value):
        """People working now at a chosen organisation or, with sub-units, at one below it; each with
        ``via_sub_unit`` (at none of the chosen ones themselves) for the preview's count."""
        if not value or not self.form.cleaned_data.get("include_sub_units"):
            return super().filter_organisation(queryset, name, value)
        chosen = Organisation.objects.filter(pk__in=[organisation.pk for organisation in value])
        return queryset.filter(_current_affiliation_at(chosen.with_sub_units().values("pk"))).annotate(
            via_sub_unit=~_current_affiliation_at(chosen.values("pk"))
        )

    def filter_include_sub_units(self, queryset, name, value):
        return queryset  # read by filter_organisation

    def filter_collaborations(self, queryset, name, value):
        if not value:
            return queryset
        partners = CollaborationPartner.objects.filter(collaboration__in=value).values("organisation_id")
        return queryset.filter(_current_affiliation_at(partners))

    def filter_themes(self, queryset, name, value):
        if not value:
            return queryset
        partners = CollaborationPartner.objects.filter(collaboration__themes__in=value).values("organisation_id")
        return queryset.filter(_current_affiliation_at(partners))

    def filter_invited_to(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(Invitation.objects.filter(event=value, contact_id=OuterRef("pk"))))

    def filter_attended(self, queryset, name, value):
        if not value:
            return queryset
        attended = Invitation.objects.filter(event=value, contact_id=OuterRef("pk"), status=InvitationStatus.ATTENDED)
        return queryset.filter(Exists(attended))


class EventInvitationFilterSet(InvitationFilterSet):
    """The event page's invitation filters, plus the event itself (``event=<id>``): the invitation export's filters."""

    event = django_filters.ModelChoiceFilter(queryset=Event.objects.all())

    class Meta(InvitationFilterSet.Meta):
        fields = [*InvitationFilterSet.Meta.fields, "event"]
