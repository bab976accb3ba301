import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Area, Collaboration, Contact, FollowUp, Meeting, Organisation, Theme
from ..models.fulltext import follow_up_document, meeting_document
from ..models.meetings import FollowUpState, MeetingKind
from .base import (
    AutocompleteChoiceFilter,
    BaseFilterSet,
    ChoicesFilter,
    DateRangeFilter,
    RelatedAnyFilter,
    RelatedUsersFilter,
    UserChoiceFilter,
    users,
)


class MeetingFilterSet(BaseFilterSet):
    # The words of the subject, minutes and decisions, as the register search finds meetings.
    search_document = staticmethod(meeting_document)

    kind = ChoicesFilter(choices=MeetingKind.choices, label=_("Kind"))
    starts_at = DateRangeFilter(label=_("Date"))
    organisations = RelatedAnyFilter(of=Organisation, label=_("Organisations"))
    contacts = RelatedAnyFilter(of=Contact, label=_("Contacts"))
    staff = RelatedUsersFilter(queryset=users(), source="users", label=_("Staff"))
    collaborations = RelatedAnyFilter(of=Collaboration, label=_("Collaborations"))
    areas = RelatedAnyFilter(of=Area, label=_("Housing areas"))
    themes = RelatedAnyFilter(of=Theme, label=_("Themes"))

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

    # The words of the text, or of the meeting's subject, minutes and decisions.
    search_document = staticmethod(follow_up_document)
    search_related = {"meeting": meeting_document}

    owner = UserChoiceFilter(label=_("Owner"))
    state = django_filters.ChoiceFilter(
        choices=STATE_CHOICES, method="filter_state", empty_label=None, label=_("Status")
    )
    due_date = DateRangeFilter(label=_("Due date"))
    meeting = AutocompleteChoiceFilter(of=Meeting, label=_("Meeting"))
    organisations = RelatedAnyFilter(
        field_name="meeting__organisations",
        of=Organisation,
        label=_("Organisations"),
    )
    collaborations = RelatedAnyFilter(
        field_name="meeting__collaborations",
        of=Collaboration,
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
