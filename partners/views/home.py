from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .. import selectors
from ..roles import MANAGEMENT, SECRETARIAT
from ..selectors import home as queue

# Users without this permission have no role in the register yet.
REGISTER_ACCESS_PERMISSION = "partners.view_organisation"


class HomeView(TemplateView):
    """The start page, the user's work queue: their follow-ups by urgency (each with "Done"), the key partners they
    own that nobody has met lately (each with "Log meeting"), the meetings they took part in, and a few figures."""

    template_name = "partners/home.html"
    no_access_template_name = "partners/no_access.html"
    follow_up_limit = 8  # rows per follow-up group
    partner_limit = 6
    meeting_limit = 8

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
        today, now = timezone.localdate(), timezone.now()
        context["today"] = today
        context["can_log_meeting"] = user.has_perm("partners.add_meeting")
        if user.has_perm("partners.view_followup"):
            # Every follow-up shown is the user's own, so each may be marked done (FollowUpDoneView lets owners).
            context["queue"] = queue.follow_up_queue(user=user, limit=self.follow_up_limit, today=today, now=now)
        if user.has_perm("partners.view_meeting"):
            context["partners"] = queue.partners_needing_attention(user=user, limit=self.partner_limit, now=now)
            context["meetings"] = queue.my_recent_meetings(user=user, limit=self.meeting_limit, now=now)
        context["figures"] = [
            {"label": label, "value": count(), "url_name": url_name, "icon": icon, "empty_hint": empty_hint}
            for label, permission, count, url_name, icon, empty_hint in self.figures
            if user.has_perm(permission)
        ]
        return context
