from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..models import Organisation
from ..ui.badges import badge_style
from . import generic
from .documents import DocumentsMixin, DocumentsPanel
from .meetings import log_meeting_actions
from .merge import merge_actions


class OrganisationListView(generic.ObjectListView):
    model = Organisation
    empty_hint = _("Add the municipalities, housing organisations and other partners, or import them from a list.")
    tab_field = "kind"


class OrganisationDetailView(DocumentsMixin, generic.ObjectDetailView):
    model = Organisation
    panels = {
        "left": [
            generic.Panel("partners/panels/organisation_details.html"),
            generic.Panel("partners/panels/organisation_children.html"),
            generic.OpenFollowUpsPanel(),
        ],
        "right": [
            generic.Panel("partners/panels/organisation_contacts.html"),
            generic.Panel("partners/panels/organisation_collaborations.html"),
            generic.MeetingTimelinePanel(
                empty_text=_("No meetings logged with this organisation yet. Use “Log meeting” above."),
                show_contacts=True,
            ),
            DocumentsPanel(),
            generic.HistoryPanel(),
        ],
    }

    def get_queryset(self):
        return Organisation.objects.select_related("parent__parent", "owner").prefetch_related("tags", "aliases")

    def get_badges(self, context):
        organisation = self.object
        badges = [generic.Badge(organisation.get_kind_display())]
        if organisation.is_key_partner:
            badges.append(generic.Badge(_("Key partner"), badge_style("key_partner", True)))
        if not organisation.is_active:
            badges.append(generic.Badge(_("Inactive"), badge_style("active", False)))
        return badges

    def get_actions(self, context):
        pk = self.object.pk
        actions = log_meeting_actions(self.request, f"organisations={pk}")
        if self.request.user.has_perm("partners.add_contact"):
            url = f"{reverse('contact_add')}?organisation={pk}"
            actions.append(generic.Action(_("Add contact"), url, icon="person-plus"))
        return actions + merge_actions(self.request, self.object) + super().get_actions(context)

    def get_extra_context(self):
        return selectors.organisation_overview(organisation=self.object)
