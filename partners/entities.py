"""The entities of the register, declared once each (the store and its readers: ``partners/registry.py``).

From these entries follow the entities' URLs (``partners/urls.py``), each list's queryset, filters, table and export
(``ObjectListView``), the main menu, the import page's choices and the ``import_file``/``export_file`` commands.
"""

from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from .filtersets.areas import AreaFilterSet
from .filtersets.collaborations import CollaborationFilterSet
from .filtersets.contacts import ContactFilterSet
from .filtersets.events import EventFilterSet, EventInvitationFilterSet
from .filtersets.meetings import FollowUpFilterSet, MeetingFilterSet
from .filtersets.organisations import OrganisationFilterSet
from .filtersets.tags import TagFilterSet
from .filtersets.themes import ThemeFilterSet
from .models import (
    Affiliation,
    Area,
    Collaboration,
    Contact,
    Event,
    FollowUp,
    Invitation,
    Meeting,
    Organisation,
    Tag,
    Theme,
)
from .registry import Entity, Nav, register, register_section
from .selectors.areas import area_list_queryset
from .selectors.collaborations import collaboration_list_queryset
from .selectors.contacts import contact_list_queryset
from .selectors.events import event_list_queryset, invitation_export_queryset
from .selectors.meetings import follow_up_list_queryset, meeting_list_queryset
from .selectors.organisations import organisation_list_queryset
from .selectors.tags import tag_list_queryset
from .selectors.themes import theme_list_queryset
from .tables.areas import AreaTable
from .tables.collaborations import CollaborationTable
from .tables.contacts import ContactTable
from .tables.events import EventTable
from .tables.meetings import FollowUpTable, MeetingTable
from .tables.organisations import OrganisationTable
from .tables.tags import TagTable
from .tables.themes import ThemeTable
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
from .ui.autocomplete import SOURCES
from .views import areas, collaborations, contacts, events, meetings, organisations, tags, themes

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


def listed(key, model, views, name, rows, filters, table, resource, menu, order, *, importable=True, **more) -> Entity:
    """An entity with the five standard pages, a list with filters, table and export, and a menu section.

    ``views`` is its views module (``<name>ListView`` …), ``menu`` the section's (label, icon); an importable entity
    is imported with its export's resource. The singular model name is accepted for it everywhere.
    """
    meta = model._meta
    base = more.pop("url_base", meta.model_name)
    section = Nav(menu[0], menu[1], f"{base}_list", f"{meta.app_label}.view_{meta.model_name}", order)
    return Entity(
        key, model, base, views=crud(views, name), list_queryset=rows, filterset=filters, table=table,
        resource=resource, import_resource=resource if importable else None, nav=section,
        aliases=more.pop("aliases", (meta.model_name,)), autocomplete=key if key in SOURCES else "", **more,
    )  # fmt: skip


def labels(key, model, views, name, rows, filters, table) -> Entity:
    """Tags or themes: the standard pages (no export or import), retire, merge and the autocomplete's "Create “…”",
    under the one menu section of both."""
    base = model._meta.model_name
    entity = listed(key, model, views, name, rows, filters, table, None, LABELS_MENU, 0, importable=False,
        extra_urls=(
            (f"{key}/<int:pk>/retire/", getattr(views, f"{name}RetireView"), f"{base}_retire"),
            (f"{key}/<int:pk>/merge/", getattr(views, f"{name}MergeView"), f"{base}_merge"),
            (f"{key}/quick-add/", getattr(views, f"{name}QuickAddView"), f"{base}_quick_add"),
        ))  # fmt: skip
    return replace(entity, nav=LABELS_NAV)


LABELS_MENU = (_("Tags and themes"), "tags")
LABELS_NAV = Nav(*LABELS_MENU, "tag_list", "partners.view_tag", 75)


# key, model, views module and view prefix, list rows, filters, table, export resource, menu section, menu order
register(
    listed("organisations", Organisation, organisations, "Organisation", organisation_list_queryset,
           OrganisationFilterSet, OrganisationTable, OrganisationResource, (_("Organisations"), "building"), 10),
    listed("areas", Area, areas, "Area", area_list_queryset, AreaFilterSet, AreaTable, AreaResource,
           (_("Housing areas"), "houses"), 20),
    listed("contacts", Contact, contacts, "Contact", contact_list_queryset, ContactFilterSet, ContactTable,
           ContactResource, (_("Contacts"), "person-lines-fill"), 30,
           extra_urls=(("contacts/<int:pk>/change-job/", contacts.ContactChangeJobView, "contact_change_job"),)),
    listed("collaborations", Collaboration, collaborations, "Collaboration", collaboration_list_queryset,
           CollaborationFilterSet, CollaborationTable, CollaborationResource, (_("Collaborations"), "diagram-3"), 40,
           extra_urls=(("collaborations/<int:pk>/review/", collaborations.CollaborationReviewView,
                        "collaboration_review"),)),
    listed("meetings", Meeting, meetings, "Meeting", meeting_list_queryset, MeetingFilterSet, MeetingTable,
           MeetingResource, (_("Meetings"), "calendar-event"), 50),
    listed("follow-ups", FollowUp, meetings, "FollowUp", follow_up_list_queryset, FollowUpFilterSet, FollowUpTable,
           FollowUpResource, (_("Follow-ups"), "check2-square"), 60, importable=False, url_base="followup",
           aliases=("followups", "follow-up", "followup"),
           extra_urls=(("follow-ups/<int:pk>/done/", meetings.FollowUpDoneView, "followup_done"),)),
    listed("events", Event, events, "Event", event_list_queryset, EventFilterSet, EventTable, EventResource,
           (_("Events"), "balloon"), 70, importable=False,
           extra_urls=(
               ("events/<int:pk>/invite/", events.EventInviteView, "event_invite"),
               ("events/<int:pk>/invitations/status/", events.EventInvitationStatusView, "event_invitation_status"),
               ("events/<int:pk>/coverage/", events.EventCoverageView, "event_coverage"),
               ("events/<int:pk>/checkin/", events.EventCheckinView, "event_checkin"),
               ("events/<int:pk>/export/", events.EventExportView, "event_export"),
               ("events/<int:pk>/print/", events.EventPrintView, "event_print"),
               ("events/<int:event_pk>/invitations/<int:pk>/edit/", events.InvitationUpdateView, "invitation_edit"),
           )),
    # A job is changed on the contact's page; an affiliation has no list or page of its own.
    Entity("affiliations", Affiliation, views=crud(contacts, "Affiliation", only=("edit", "delete")),
           extra_urls=(("contacts/<int:pk>/affiliations/add/", contacts.AffiliationCreateView, "affiliation_add"),)),
    # Invitations are listed on their event's page; imported as reply lists, exported by the command.
    Entity("invitations", Invitation, list_queryset=invitation_export_queryset, filterset=EventInvitationFilterSet,
           resource=InvitationResource, import_resource=InvitationResource, import_label=_("Invitation replies (RSVP)"),
           aliases=("invitation",), list_url="event_list"),
    labels("tags", Tag, tags, "Tag", tag_list_queryset, TagFilterSet, TagTable),
    labels("themes", Theme, themes, "Theme", theme_list_queryset, ThemeFilterSet, ThemeTable),
)  # fmt: skip
register_section(Nav(_("Overview"), "speedometer2", "dashboard", "partners.view_dashboard", 80))
