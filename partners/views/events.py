"""Events (arrangementer): list with invitation figures, the event page with its invitation list, add/edit/delete."""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

from ..filtersets.events import EventFilterSet, InvitationFilterSet
from ..forms.events import EventForm
from ..models import Event
from ..models.events import EventKind
from ..resources import EventResource
from ..selectors import events as event_selectors
from ..tables.events import EventTable, InvitationTable
from .generic import (
    DEFAULT_PER_PAGE,
    PER_PAGE_CHOICES,
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)


class EventListView(ObjectListView):
    model = Event
    filterset_class = EventFilterSet
    table_class = EventTable
    resource_class = EventResource
    empty_hint = _("Add the New Year's reception, the launch of the annual report or a conference.")
    tabs = [(_("All"), "")] + [(label, f"kind={value}") for value, label in EventKind.choices]

    def get_queryset(self):
        return event_selectors.event_list_queryset()


class EventDetailView(ObjectDetailView):
    """The event's facts and status figures, and its invitations as a filtered, sorted, paginated table."""

    model = Event
    template_name = "partners/event_detail.html"
    invitation_filterset_class = InvitationFilterSet
    invitation_table_class = InvitationTable

    def get_per_page(self) -> int:
        try:
            value = int(self.request.GET.get("per_page", DEFAULT_PER_PAGE))
        except ValueError:
            return DEFAULT_PER_PAGE
        return value if value in PER_PAGE_CHOICES else DEFAULT_PER_PAGE

    def get_invitation_table(self):
        filterset = self.invitation_filterset_class(
            self.request.GET,
            queryset=event_selectors.event_invitations(event=self.object),
            request=self.request,
        )
        # An invalid filter (e.g. an unknown status) shows the form errors and no rows, never a 500.
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        table = self.invitation_table_class(rows, request=self.request, exclude=("event",))
        table.apply_column_choice(None)
        RequestConfig(self.request, paginate=False).configure(table)
        try:
            table.paginate(page=self.request.GET.get("page", 1), per_page=self.get_per_page())
        except PageNotAnInteger:
            table.paginate(page=1, per_page=self.get_per_page())
        except EmptyPage:
            table.page = table.paginator.page(table.paginator.num_pages)
        return filterset, table

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset, table = self.get_invitation_table()
        status_counts = event_selectors.event_status_counts(event=self.object)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "status_counts": status_counts,
                "invitation_total": sum(row["count"] for row in status_counts),
                "filter": filterset,
                "table": table,
                "per_page_choices": PER_PAGE_CHOICES,
                "per_page": self.get_per_page(),
                "querystring": query.urlencode(),
                "is_filtered": any(k not in ("page", "per_page", "sort") and v for k, v in self.request.GET.items()),
            }
        )
        return context


class EventCreateView(ObjectCreateView):
    model = Event
    form_class = EventForm


class EventUpdateView(ObjectUpdateView):
    model = Event
    form_class = EventForm


class EventDeleteView(ObjectDeleteView):
    model = Event


urlpatterns = [
    path("events/", EventListView.as_view(), name="event_list"),
    path("events/add/", EventCreateView.as_view(), name="event_add"),
    path("events/<int:pk>/", EventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/edit/", EventUpdateView.as_view(), name="event_edit"),
    path("events/<int:pk>/delete/", EventDeleteView.as_view(), name="event_delete"),
]
