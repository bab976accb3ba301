import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Area, Collaboration, Contact, FollowUp, Meeting, Organisation, Theme
from ..models.meetings import FollowUpState, MeetingKind
from ..ui.fields import UserLabelMixin
from ..ui.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from .base import BaseFilterSet, DateRangeFilter


class RelatedAnyFilter(django_filters.ModelMultipleChoiceFilter):
    """Rows related to any of the chosen objects (``?organisations=1&organisations=2``).

    Filters through a ``pk IN (subquery)`` rather than a join, so a row related to several of them appears once and
    the list needs no DISTINCT.
    """

    def __init__(self, *args, source: str, **kwargs):
        kwargs.setdefault("widget", AutocompleteSelectMultiple(source))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        matching = qs.model._default_manager.filter(**{f"{self.field_name}__in": value}).values("pk")
        return qs.filter(pk__in=matching)


def users():
    return get_user_model().objects.all()


class UserChoiceField(UserLabelMixin, django_filters.fields.ModelChoiceField):
    pass


class UserMultipleChoiceField(UserLabelMixin, django_filters.fields.ModelMultipleChoiceField):
    pass


class UserChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField


class RelatedUsersFilter(RelatedAnyFilter):
    field_class = UserMultipleChoiceField


class MeetingFilterSet(BaseFilterSet):
    search_fields = ("subject", "minutes")

    kind = django_filters.MultipleChoiceFilter(choices=MeetingKind.choices, label=_("Kind"))
    starts_at = DateRangeFilter(label=_("Date"))
    organisations = RelatedAnyFilter(
        queryset=Organisation.objects.all(), source="organisations", label=_("Organisations")
    )
    contacts = RelatedAnyFilter(queryset=Contact.objects.all(), source="contacts", label=_("Contacts"))
    staff = RelatedUsersFilter(queryset=users(), source="users", label=_("Staff"))
    collaborations = RelatedAnyFilter(
        queryset=Collaboration.objects.all(), source="collaborations", label=_("Collaborations")
    )
    areas = RelatedAnyFilter(queryset=Area.objects.all(), source="areas", label=_("Housing areas"))
    themes = RelatedAnyFilter(queryset=Theme.objects.all(), source="themes", label=_("Themes"))

    class Meta(BaseFilterSet.Meta):
        model = Meeting
        fields = ["q", "kind", "starts_at", "organisations", "contacts", "staff", "collaborations", "areas", "themes"]


class FollowUpFilterSet(BaseFilterSet):
    ALL = "all"
    STATE_CHOICES = (
        # "All" comes first: a list without ?state= shows every state, and the select should say so.
        (ALL, _("All")),
        (FollowUpState.OPEN, _("Open")),
        (FollowUpState.OVERDUE, _("Overdue")),
        (FollowUpState.DONE, _("Done")),
    )

    search_fields = ("text", "meeting__subject")

    owner = UserChoiceFilter(
        queryset=users(), widget=AutocompleteSelect("users", placeholder=_("Search staff")), label=_("Owner")
    )
    state = django_filters.ChoiceFilter(
        choices=STATE_CHOICES, method="filter_state", empty_label=None, label=_("Status")
    )
    due_date = DateRangeFilter(label=_("Due date"))
    meeting = django_filters.ModelChoiceFilter(
        queryset=Meeting.objects.all(), widget=AutocompleteSelect("meetings"), label=_("Meeting")
    )
    organisations = RelatedAnyFilter(
        field_name="meeting__organisations",
        queryset=Organisation.objects.all(),
        source="organisations",
        label=_("Organisations"),
    )
    collaborations = RelatedAnyFilter(
        field_name="meeting__collaborations",
        queryset=Collaboration.objects.all(),
        source="collaborations",
        label=_("Collaborations"),
    )

    class Meta(BaseFilterSet.Meta):
        model = FollowUp
        fields = ["q", "owner", "state", "due_date", "meeting", "organisations", "collaborations"]

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == FollowUpState.OPEN:
            return queryset.filter(done_at__isnull=True)
        if value == FollowUpState.OVERDUE:
            return queryset.filter(done_at__isnull=True, due_date__lt=today)
        if value == FollowUpState.DONE:
            return queryset.filter(~Q(done_at=None))
        return queryset
