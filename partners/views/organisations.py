from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..forms.organisations import OrganisationForm
from ..models import Organisation
from ..models.organisations import OrganisationKind
from .generic import ObjectCreateView, ObjectDeleteView, ObjectDetailView, ObjectListView, ObjectUpdateView


class OrganisationListView(ObjectListView):
    model = Organisation
    empty_hint = _("Add the municipalities, housing organisations and other partners, or import them from a list.")
    tabs = [(_("All"), "")] + [(label, f"kind={value}") for value, label in OrganisationKind.choices]


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
