"""Collaborations (samarbejder): list, detail with the meeting timeline, add and edit with partners inline, delete."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from ..forms.collaborations import (
    CollaborationForm,
    CollaborationReviewForm,
    PartnerCreateFormSet,
    PartnerUpdateFormSet,
)
from ..models import Collaboration
from ..models.reviews import ReviewDecision
from ..selectors import collaborations as selectors
from ..services.reviews import collaboration_review
from ..ui.badges import badge_style
from . import generic
from .documents import DocumentsMixin, DocumentsPanel
from .meetings import log_meeting_actions
from .mixins import InlineFormsetsMixin


class CollaborationListView(generic.ObjectListView):
    model = Collaboration
    empty_hint = _("Register the helhedsplaner, partnerships and networks, and set their status to active.")
    tab_field = "status"


class CollaborationDetailView(DocumentsMixin, generic.ObjectDetailView):
    model = Collaboration
    panels = {
        "left": [
            generic.Panel("partners/panels/collaboration_details.html"),
            generic.Panel("partners/panels/collaboration_partners.html"),
            generic.Panel("partners/panels/collaboration_engagement.html"),
            generic.OpenFollowUpsPanel(),
        ],
        "right": [
            generic.Panel("partners/panels/collaboration_purpose.html"),
            generic.MeetingTimelinePanel(
                empty_text=_("No meetings logged for this collaboration yet. Use “Log meeting” above."),
            ),
            generic.Panel("partners/panels/collaboration_status_timeline.html"),
            DocumentsPanel(),
            generic.HistoryPanel(),
        ],
    }

    def get_queryset(self):
        return selectors.collaboration_detail_queryset()

    def get_badges(self, context):
        collaboration = self.object
        return [
            generic.Badge(collaboration.get_kind_display()),
            generic.Badge(collaboration.get_status_display(), badge_style("collaboration", collaboration.status)),
        ]

    def get_actions(self, context):
        actions = log_meeting_actions(self.request, context["log_meeting_query"])
        if context["can_review"]:
            url = reverse("collaboration_review", args=[self.object.pk])
            actions.append(generic.Action(_("Review"), url, icon="clipboard-check", style="outline-primary"))
        return actions + super().get_actions(context)

    def get_extra_context(self):
        return {
            **selectors.collaboration_overview(collaboration=self.object),
            **selectors.collaboration_review_overview(collaboration=self.object),
            "can_review": self.request.user.has_perm("partners.review_collaboration"),
        }


class CollaborationReviewView(PermissionRequiredMixin, FormView):
    """A manager's review: a dated note and a decision, applied to the collaboration by the service."""

    permission_required = "partners.review_collaboration"
    raise_exception = True
    form_class = CollaborationReviewForm
    template_name = "partners/review_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.collaboration = get_object_or_404(Collaboration, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"reviewed_on": timezone.localdate(), "decision": ReviewDecision.CONTINUE}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.collaboration
        context["reviews"] = list(self.collaboration.reviews.select_related("reviewed_by")[:5])
        return context

    def form_valid(self, form):
        try:
            collaboration_review(collaboration=self.collaboration, user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, gettext("The review was recorded."))
        return redirect(self.collaboration.get_absolute_url())


class CollaborationEditMixin(InlineFormsetsMixin):
    model = Collaboration
    form_class = CollaborationForm
    template_name = "partners/collaboration_edit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["wide_fields"] = ("title",)
        return context


class CollaborationCreateView(CollaborationEditMixin, generic.ObjectCreateView):
    formset_classes = {"memberships": PartnerCreateFormSet}


class CollaborationUpdateView(CollaborationEditMixin, generic.ObjectUpdateView):
    formset_classes = {"memberships": PartnerUpdateFormSet}
