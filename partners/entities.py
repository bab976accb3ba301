"""The entities of the register, declared once each (the store and its readers: ``partners/registry.py``).

From these entries follow the entities' URLs (``partners/urls.py``), each list's queryset, filters, table and export
(``ObjectListView``), the main menu, the import page's choices and the ``import_file``/``export_file`` commands.
"""

from django.utils.translation import gettext_lazy as _

from .filtersets.areas import AreaFilterSet
from .filtersets.collaborations import CollaborationFilterSet
from .filtersets.contacts import ContactFilterSet
from .filtersets.events import EventFilterSet, EventInvitationFilterSet
from .filtersets.meetings import FollowUpFilterSet, MeetingFilterSet
from .filtersets.organisations import OrganisationFilterSet
from .models import Affiliation, Area, Collaboration, Contact, Event, FollowUp, Invitation, Meeting, Organisation
from .registry import Entity, Nav, register, register_section
from .selectors.areas import area_list_queryset
from .selectors.collaborations import collaboration_list_queryset
from .selectors.contacts import contact_list_queryset
from .selectors.events import event_list_queryset, invitation_export_queryset
from .selectors.meetings import follow_up_list_queryset, meeting_list_queryset
from .selectors.organisations import organisation_list_queryset
from .tables.areas import AreaTable
from .tables.collaborations import CollaborationTable
from .tables.contacts import ContactTable
from .tables.events import EventTable
from .tables.meetings import FollowUpTable, MeetingTable
from .tables.organisations import OrganisationTable
from .transfer.resources import (
    AreaResource,
    CollaborationResource,
    ContactResource,
    EventResource,
    FollowUpResource,
    InvitationResource,
    MeetingResource,
    OrganisationResource,
)
from .views import areas, collaborations, contacts, events, meetings, organisations

ACTIONS = {
    "list": "ListView",
    "add": "CreateView",
    "detail": "DetailView",
    "edit": "UpdateView",
    "delete": "DeleteView",
}


def crud(module, name: str, only: tuple[str, ...] = tuple(ACTIONS)) -> dict[str, type]:
    """The standard views of ``module`` named ``<name>ListView``, ``<name>CreateView`` … (those in ``only``)."""
    return {action: getattr(module, name + ACTIONS[action]) for action in only}


def nav(label, icon: str, url_name: str, permission: str, order: int) -> Nav:
    return Nav(label, icon, url_name, permission, order)


register(
    Entity(
        key="organisations",
        model=Organisation,
        views=crud(organisations, "Organisation"),
        list_queryset=organisation_list_queryset,
        filterset=OrganisationFilterSet,
        table=OrganisationTable,
        resource=OrganisationResource,
        import_resource=OrganisationResource,
        import_label=_("Organisations"),
        aliases=("organisation",),
        autocomplete="organisations",
        nav=nav(_("Organisations"), "building", "organisation_list", "partners.view_organisation", 10),
    ),
    Entity(
        key="areas",
        model=Area,
        views=crud(areas, "Area"),
        list_queryset=area_list_queryset,
        filterset=AreaFilterSet,
        table=AreaTable,
        resource=AreaResource,
        import_resource=AreaResource,
        import_label=_("Housing areas"),
        aliases=("area",),
        autocomplete="areas",
        nav=nav(_("Housing areas"), "houses", "area_list", "partners.view_area", 20),
    ),
    Entity(
        key="contacts",
        model=Contact,
        views=crud(contacts, "Contact"),
        extra_urls=(("contacts/<int:pk>/change-job/", contacts.ContactChangeJobView, "contact_change_job"),),
        list_queryset=contact_list_queryset,
        filterset=ContactFilterSet,
        table=ContactTable,
        resource=ContactResource,
        import_resource=ContactResource,
        import_label=_("Contacts"),
        aliases=("contact",),
        autocomplete="contacts",
        nav=nav(_("Contacts"), "person-lines-fill", "contact_list", "partners.view_contact", 30),
    ),
    Entity(
        key="affiliations",
        model=Affiliation,
        views=crud(contacts, "Affiliation", only=("edit", "delete")),
        extra_urls=(("contacts/<int:pk>/affiliations/add/", contacts.AffiliationCreateView, "affiliation_add"),),
    ),
    Entity(
        key="collaborations",
        model=Collaboration,
        views=crud(collaborations, "Collaboration"),
        extra_urls=(
            ("collaborations/<int:pk>/review/", collaborations.CollaborationReviewView, "collaboration_review"),
        ),
        list_queryset=collaboration_list_queryset,
        filterset=CollaborationFilterSet,
        table=CollaborationTable,
        resource=CollaborationResource,
        import_resource=CollaborationResource,
        import_label=_("Collaborations"),
        aliases=("collaboration",),
        autocomplete="collaborations",
        nav=nav(_("Collaborations"), "diagram-3", "collaboration_list", "partners.view_collaboration", 40),
    ),
    Entity(
        key="meetings",
        model=Meeting,
        views=crud(meetings, "Meeting"),
        list_queryset=meeting_list_queryset,
        filterset=MeetingFilterSet,
        table=MeetingTable,
        resource=MeetingResource,
        import_resource=MeetingResource,
        import_label=_("Meetings"),
        aliases=("meeting",),
        autocomplete="meetings",
        nav=nav(_("Meetings"), "calendar-event", "meeting_list", "partners.view_meeting", 50),
    ),
    Entity(
        key="follow-ups",
        model=FollowUp,
        url_base="followup",
        views=crud(meetings, "FollowUp"),
        extra_urls=(("follow-ups/<int:pk>/done/", meetings.FollowUpDoneView, "followup_done"),),
        list_queryset=follow_up_list_queryset,
        filterset=FollowUpFilterSet,
        table=FollowUpTable,
        resource=FollowUpResource,
        aliases=("followups", "follow-up", "followup"),
        nav=nav(_("Follow-ups"), "check2-square", "followup_list", "partners.view_followup", 60),
    ),
    Entity(
        key="events",
        model=Event,
        views=crud(events, "Event"),
        extra_urls=(
            ("events/<int:pk>/invite/", events.EventInviteView, "event_invite"),
            ("events/<int:pk>/invitations/status/", events.EventInvitationStatusView, "event_invitation_status"),
            ("events/<int:event_pk>/invitations/<int:pk>/edit/", events.InvitationUpdateView, "invitation_edit"),
            ("events/<int:pk>/coverage/", events.EventCoverageView, "event_coverage"),
            ("events/<int:pk>/checkin/", events.EventCheckinView, "event_checkin"),
            ("events/<int:pk>/export/", events.EventExportView, "event_export"),
            ("events/<int:pk>/print/", events.EventPrintView, "event_print"),
        ),
        list_queryset=event_list_queryset,
        filterset=EventFilterSet,
        table=EventTable,
        resource=EventResource,
        aliases=("event",),
        autocomplete="events",
        nav=nav(_("Events"), "balloon", "event_list", "partners.view_event", 70),
    ),
    Entity(
        # No pages of their own (they are on the event's page); imported as reply lists, exported by the command.
        key="invitations",
        model=Invitation,
        list_queryset=invitation_export_queryset,
        filterset=EventInvitationFilterSet,
        resource=InvitationResource,
        import_resource=InvitationResource,
        import_label=_("Invitation replies (RSVP)"),
        aliases=("invitation",),
        list_url="event_list",
    ),
)
register_section(nav(_("Overview"), "speedometer2", "dashboard", "partners.view_dashboard", 80))
