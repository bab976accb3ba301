import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Event, Invitation, Organisation
from ..models.events import EventKind, InvitationStatus
from ..widgets import AutocompleteSelect
from .base import BaseFilterSet, DateRangeFilter


class EventFilterSet(BaseFilterSet):
    search_fields = ("name", "location")

    kind = django_filters.MultipleChoiceFilter(choices=EventKind.choices, label=_("Kind"))
    # Query parameters date_after and date_before (whole days, in the local time zone).
    date = DateRangeFilter(field_name="starts_at", label=_("Date (from–to)"))

    class Meta(BaseFilterSet.Meta):
        model = Event
        fields = ["q", "kind", "date"]


class InvitationFilterSet(BaseFilterSet):
    """Filters of an invitation list (the event page; later the list builder and check-in)."""

    search_fields = ("contact__first_name", "contact__last_name", "contact__email", "organisation__name")

    status = django_filters.MultipleChoiceFilter(
        choices=InvitationStatus.choices, widget=forms.CheckboxSelectMultiple, label=_("Status")
    )
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(),
        widget=AutocompleteSelect("organisations", placeholder=_("Search organisations")),
        label=_("Organisation"),
    )

    class Meta(BaseFilterSet.Meta):
        model = Invitation
        fields = ["q", "status", "organisation"]
