from django.db.models import Count, OuterRef, Subquery
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..filtersets.organisations import OrganisationFilterSet
from ..forms.organisations import OrganisationForm
from ..models import Affiliation, Meeting, Organisation
from ..models.organisations import OrganisationKind
from ..selectors.common import last_meeting_held
from ..tables.organisations import OrganisationTable
from ..transfer.resources import OrganisationResource
from .generic import ObjectCreateView, ObjectDeleteView, ObjectDetailView, ObjectListView, ObjectUpdateView


def organisation_list_queryset():
    last_meeting = last_meeting_held(Meeting.organisations.through, "organisation")
    contact_count = (
        Affiliation.objects.filter(organisation_id=OuterRef("pk"), end_date__isnull=True)
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("contact_id", distinct=True))
        .values("n")
    )
    return (
        Organisation.objects.select_related("parent", "owner")
        .prefetch_related("tags")
        .annotate(last_meeting=last_meeting, contact_count=Subquery(contact_count))
    )


class OrganisationListView(ObjectListView):
    model = Organisation
    filterset_class = OrganisationFilterSet
    table_class = OrganisationTable
    resource_class = OrganisationResource
    empty_hint = _("Add the municipalities, housing organisations and other partners, or import them from a list.")
    tabs = [(_("All"), "")] + [(label, f"kind={value}") for value, label in OrganisationKind.choices]

    def get_queryset(self):
        return organisation_list_queryset()


class OrganisationDetailView(ObjectDetailView):
    model = Organisation
    template_name = "partners/organisation_detail.html"

    def get_queryset(self):
        return Organisation.objects.select_related("parent__parent", "owner").prefetch_related("tags")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.organisation_overview(organisation=self.object))
        return context


class OrganisationCreateView(ObjectCreateView):
    model = Organisation
    form_class = OrganisationForm


class OrganisationUpdateView(ObjectUpdateView):
    model = Organisation
    form_class = OrganisationForm


class OrganisationDeleteView(ObjectDeleteView):
    model = Organisation


urlpatterns = [
    path("organisations/", OrganisationListView.as_view(), name="organisation_list"),
    path("organisations/add/", OrganisationCreateView.as_view(), name="organisation_add"),
    path("organisations/<int:pk>/", OrganisationDetailView.as_view(), name="organisation_detail"),
    path("organisations/<int:pk>/edit/", OrganisationUpdateView.as_view(), name="organisation_edit"),
    path("organisations/<int:pk>/delete/", OrganisationDeleteView.as_view(), name="organisation_delete"),
]
