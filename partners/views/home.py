from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .. import selectors
from ..roles import MANAGEMENT, SECRETARIAT

# Users without this permission have no role in the register yet.
REGISTER_ACCESS_PERMISSION = "partners.view_organisation"


class HomeView(TemplateView):
    """The start page: the user's open follow-ups, the latest meetings and a few figures of the register."""

    template_name = "partners/home.html"
    no_access_template_name = "partners/no_access.html"
    follow_up_limit = 10
    meeting_limit = 10

    # (label, permission, selector, list URL name, icon, what to do while the figure is zero)
    figures = (
        (
            _("Active organisations"),
            "partners.view_organisation",
            selectors.active_organisation_count,
            "organisation_list",
            "building",
            _("Add the municipalities, housing organisations and other partners, or import them from a list."),
        ),
        (
            _("Active contacts"),
            "partners.view_contact",
            selectors.active_contact_count,
            "contact_list",
            "person-lines-fill",
            _("Add the people you work with and link them to their organisations."),
        ),
        (
            _("Active collaborations"),
            "partners.view_collaboration",
            selectors.active_collaboration_count,
            "collaboration_list",
            "diagram-3",
            _("Register the helhedsplaner, partnerships and networks, and set their status to active."),
        ),
    )

    def has_register_access(self) -> bool:
        return self.request.user.has_perm(REGISTER_ACCESS_PERMISSION)

    def get_template_names(self):
        # A user without a role gets an explanation, not an error and not the data.
        return [self.template_name if self.has_register_access() else self.no_access_template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.has_register_access():
            context["role_names"] = [SECRETARIAT, MANAGEMENT]
            return context
        user = self.request.user
        today = timezone.localdate()
        context["today"] = today
        if user.has_perm("partners.view_followup"):
            context["follow_ups"] = selectors.open_follow_ups_for(user=user, limit=self.follow_up_limit, today=today)
            context["follow_up_counts"] = selectors.follow_up_counts_for(user=user, today=today)
        if user.has_perm("partners.view_meeting"):
            context["meetings"] = selectors.recent_meetings(limit=self.meeting_limit)
        context["figures"] = [
            {"label": label, "value": count(), "url_name": url_name, "icon": icon, "empty_hint": empty_hint}
            for label, permission, count, url_name, icon, empty_hint in self.figures
            if user.has_perm(permission)
        ]
        return context
