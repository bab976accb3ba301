"""Collaborations (samarbejder): list, detail with the meeting timeline, add and edit with partners inline, delete."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from ..filtersets.collaborations import CollaborationFilterSet
from ..forms.collaborations import CollaborationForm, PartnerCreateFormSet, PartnerUpdateFormSet
from ..models import Collaboration
from ..models.collaborations import CollaborationStatus
from ..resources import CollaborationResource
from ..selectors import collaborations as selectors
from ..tables.collaborations import CollaborationTable
from .generic import ObjectCreateView, ObjectDeleteView, ObjectDetailView, ObjectListView, ObjectUpdateView
from .meetings import InlineFormsetsMixin, QueryInitialMixin


class CollaborationListView(ObjectListView):
    model = Collaboration
    filterset_class = CollaborationFilterSet
    table_class = CollaborationTable
    resource_class = CollaborationResource
    empty_hint = _("Register the helhedsplaner, partnerships and networks, and set their status to active.")
    tabs = [(_("All"), "")] + [(label, f"status={value}") for value, label in CollaborationStatus.choices]

    def get_queryset(self):
        return selectors.collaboration_list_queryset()


class CollaborationDetailView(ObjectDetailView):
    model = Collaboration
    template_name = "partners/collaboration_detail.html"

    def get_queryset(self):
        return selectors.collaboration_detail_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.collaboration_overview(collaboration=self.object))
        return context


class CollaborationEditMixin(InlineFormsetsMixin):
    model = Collaboration
    form_class = CollaborationForm
    template_name = "partners/collaboration_edit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["wide_fields"] = ("title",)
        return context


class CollaborationCreateView(CollaborationEditMixin, QueryInitialMixin, ObjectCreateView):
    formset_classes = {"memberships": PartnerCreateFormSet}


class CollaborationUpdateView(CollaborationEditMixin, ObjectUpdateView):
    formset_classes = {"memberships": PartnerUpdateFormSet}


class CollaborationDeleteView(ObjectDeleteView):
    model = Collaboration


urlpatterns = [
    path("collaborations/", CollaborationListView.as_view(), name="collaboration_list"),
    path("collaborations/add/", CollaborationCreateView.as_view(), name="collaboration_add"),
    path("collaborations/<int:pk>/", CollaborationDetailView.as_view(), name="collaboration_detail"),
    path("collaborations/<int:pk>/edit/", CollaborationUpdateView.as_view(), name="collaboration_edit"),
    path("collaborations/<int:pk>/delete/", CollaborationDeleteView.as_view(), name="collaboration_delete"),
]
