"""The entities of the register, declared once each (the store and its readers: ``partners/registry.py``).

From these entries follow the entities' URLs (``partners/urls.py``), each list's queryset, filters, table and export
(``ObjectListView``), the main menu, the import page's choices and the ``import_file``/``export_file`` commands.
"""

from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from .filtersets.areas import AreaFilterSet
from .filtersets.cases import CaseFilterSet
from .filtersets.collaborations import CollaborationFilterSet
from .filtersets.contacts import ContactFilterSet
from .filtersets.documents import DocumentFilterSet
from .filtersets.events import EventFilterSet, EventInvitationFilterSet
from .filtersets.meetings import FollowUpFilterSet, MeetingFilterSet
from .filtersets.organisations import OrganisationFilterSet
from .filtersets.tags import TagFilterSet
from .filtersets.themes import ThemeFilterSet
from .forms.areas import AreaForm
from .forms.cases import CaseForm
from .forms.contacts import ContactForm
from .forms.documents import DocumentForm
from .forms.meetings import FollowUpForm
from .forms.organisations import OrganisationForm
from .forms.tags import TagForm
from .forms.themes import ThemeForm
from .models import (
    Affiliation,
    Area,
    Case,
    Collaboration,
    Contact,
    Document,
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
from .selectors.cases import case_list_queryset
from .selectors.collaborations import collaboration_list_queryset
from .selectors.contacts import contact_list_queryset
from .selectors.documents import document_list_queryset
from .selectors.events import event_list_queryset, invitation_export_queryset
from .selectors.meetings import follow_up_list_queryset, meeting_list_queryset
from .selectors.organisations import organisation_list_queryset
from .selectors.tags import tag_list_queryset
from .selectors.themes import theme_list_queryset
from .tables.areas import AreaTable
from .tables.cases import CaseTable
from .tables.collaborations import CollaborationTable
from .tables.contacts import ContactTable
from .tables.documents import DocumentTable
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
from .transfer.resources.cases import CaseResource
from .ui.autocomplete import SOURCES
from .views import (
    areas,
    cases,
    collaborations,
    contacts,
    documents,
    events,
    meetings,
    merge,
    organisations,
    tags,
    themes,
)
from .views.generic import ObjectCreateView, ObjectDeleteView, ObjectDetailView, ObjectListView, ObjectUpdateView
from .views.tags import (
    LabelDeleteView,
    LabelDetailView,
    LabelListView,
    LabelMergeView,
    LabelQuickAddView,
    LabelRetireView,
)

ACTIONS = {
    "list": "ListView",
    "add": "CreateView",
    "detail": "DetailView",
    "edit": "UpdateView",
    "delete": "DeleteView",
}
STANDARD = {
    "list": ObjectListView,
    "add": ObjectCreateView,
    "detail": ObjectDetailView,
    "edit": ObjectUpdateView,
    "delete": ObjectDeleteView,
}


def crud(module, name: str, model, form=None, *, only: tuple[str, ...] = tuple(ACTIONS), bases=STANDARD) -> dict:
    """The standard views of ``module`` named ``<name>ListView``, ``<name>CreateView`` … (those in ``only``).

    A view the module does not define is the generic one (``bases``) for ``model``, its create and edit views with
    the form ``form``: a module declares only the pages that differ.
    """
    views = {}
    for action in only:
        form_class = {"form_class": form} if action in ("add", "edit") else {}
        views[action] = getattr(module, name + ACTIONS[action], None) or view_of(
            bases[action], module, name + ACTIONS[action], model, **form_class
        )
    return views


def view_of(base: type, module, name: str, model, **attrs) -> type:
    """The view class ``name`` of ``module``: the generic view ``base`` for ``model``."""
    return type(name, (base,), {"model": model, "__module__": module.__name__, **attrs})


def listed(key, model, views, name, rows, filters, table, resource, menu, order, *, form=None, importable=True,
           bases=STANDARD, **more) -> Entity:  # fmt: skip
    """An entity with the five standard pages, a list with filters, table and export, and a menu section.

    ``views`` is its views module (``<name>ListView`` …; those it does not define are the generic ones, with
    ``form``), ``menu`` the section's (label, icon); an importable entity is imported with its export's resource.
    The singular model name is accepted for it everywhere.
    """
    meta = model._meta
    base = more.pop("url_base", meta.model_name)
    section = Nav(menu[0], menu[1], f"{base}_list", f"{meta.app_label}.view_{meta.model_name}", order)
    return Entity(
        key, model, base, views=crud(views, name, model, form, bases=bases), list_queryset=rows, filterset=filters,
        table=table, resource=resource, import_resource=resource if importable else None, nav=section,
        aliases=more.pop("aliases", (meta.model_name,)), autocomplete=key if key in SOURCES else "", **more,
    )  # fmt: skip


LABEL_VIEWS = {**STANDARD, "list": LabelListView, "detail": LabelDetailView, "delete": LabelDeleteView}


def labels(key, model, views, name, rows, filters, table, form) -> Entity:
    """Tags or themes: the standard pages (no export or import), retire, merge and the autocomplete's "Create “…”",
    under the one menu section of both; each the label view for ``model`` unless ``views`` defines its own."""
    base = model._meta.model_name

    def page(view, action):
        return getattr(views, f"{name}{action}View", None) or view_of(view, views, f"{name}{action}View", model)

    entity = listed(key, model, views, name, rows, filters, table, None, LABELS_MENU, 0, form=form,
        importable=False, bases=LABEL_VIEWS, extra_urls=(
            (f"{key}/<int:pk>/retire/", page(LabelRetireView, "Retire"), f"{base}_retire"),
            (f"{key}/<int:pk>/merge/", page(LabelMergeView, "Merge"), f"{base}_merge"),
            (f"{key}/quick-add/", page(LabelQuickAddView, "QuickAdd"), f"{base}_quick_add"),
        ))  # fmt: skip
    return replace(entity, nav=LABELS_NAV)


def merge_urls(key: str, base: str, merge_view, duplicates_view) -> tuple:
    """The merge of two records (``<base>_merge``) and the register's possible duplicates (``<base>_duplicates``)."""
    return (
        (f"{key}/<int:pk>/merge/", merge_view, f"{base}_merge"),
        (f"{key}/duplicates/", duplicates_view, f"{base}_duplicates"),
    )


LABELS_MENU = (_("Tags and themes"), "tags")
LABELS_NAV = Nav(*LABELS_MENU, "tag_list", "partners.view_tag", 75)


# key, model, views module and view prefix, list rows, filters, table, export resource, menu section, menu order
register(
    listed("organisations", Organisation, organisations, "Organisation", organisation_list_queryset,
           OrganisationFilterSet, OrganisationTable, OrganisationResource, (_("Organisations"), "building"), 10,
           form=OrganisationForm, extra_urls=merge_urls("organisations", "organisation", merge.OrganisationMergeView,
                                                        merge.OrganisationDuplicatesView)),
    listed("areas", Area, areas, "Area", area_list_queryset, AreaFilterSet, AreaTable, AreaResource,
           (_("Housing areas"), "houses"), 20, form=AreaForm),
    listed("contacts", Contact, contacts, "Contact", contact_list_queryset, ContactFilterSet, ContactTable,
           ContactResource, (_("Contacts"), "person-lines-fill"), 30, form=ContactForm,
           extra_urls=(("contacts/<int:pk>/change-job/", contacts.ContactChangeJobView, "contact_change_job"),
                       ("contacts/<int:pk>/personal-data/", contacts.ContactPersonalDataView, "contact_personal_data"),
                       ("contacts/<int:pk>/erase/", contacts.ContactEraseView, "contact_erase"),
                       *merge_urls("contacts", "contact", merge.ContactMergeView, merge.ContactDuplicatesView))),
    listed("collaborations", Collaboration, collaborations, "Collaboration", collaboration_list_queryset,
           CollaborationFilterSet, CollaborationTable, CollaborationResource, (_("Collaborations"), "diagram-3"), 40,
           extra_urls=(("collaborations/<int:pk>/review/", collaborations.CollaborationReviewView,
                        "collaboration_review"),)),
    listed("meetings", Meeting, meetings, "Meeting", meeting_list_queryset, MeetingFilterSet, MeetingTable,
           MeetingResource, (_("Meetings"), "calendar-event"), 50),
    listed("follow-ups", FollowUp, meetings, "FollowUp", follow_up_list_queryset, FollowUpFilterSet, FollowUpTable,
           FollowUpResource, (_("Follow-ups"), "check2-square"), 60, importable=False, url_base="followup",
           form=FollowUpForm,
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
               ("events/<int:pk>/copy/", events.EventCopyView, "event_copy"),
               ("events/<int:event_pk>/invitations/<int:pk>/edit/", events.InvitationUpdateView, "invitation_edit"),
           )),
    # A job is changed on the contact's page; an affiliation has no list or page of its own.
    Entity("affiliations", Affiliation, views=crud(contacts, "Affiliation", Affiliation, only=("edit", "delete")),
           extra_urls=(("contacts/<int:pk>/affiliations/add/", contacts.AffiliationCreateView, "affiliation_add"),)),
    # Invitations are listed on their event's page; imported as reply lists, exported by the command.
    Entity("invitations", Invitation, list_queryset=invitation_export_queryset, filterset=EventInvitationFilterSet,
           resource=InvitationResource, import_resource=InvitationResource, import_label=_("Invitation replies (RSVP)"),
           aliases=("invitation",), list_url="event_list"),
    # Files attached to records (a record's page uploads them); downloaded only through the permission-checked view.
    listed("documents", Document, documents, "Document", document_list_queryset, DocumentFilterSet, DocumentTable,
           None, (_("Documents"), "file-earmark-text"), 72, importable=False, form=DocumentForm,
           extra_urls=(("documents/<int:pk>/download/", documents.DocumentDownloadView, "document_download"),)),
    # Advocacy cases (issue 16): key dates, entries and stances are edited from the case's page.
    listed("cases", Case, cases, "Case", case_list_queryset, CaseFilterSet, CaseTable, CaseResource,
           (_("Cases"), "megaphone"), 45, form=CaseForm,
           extra_urls=(
               ("cases/map/", cases.CaseMapView, "case_map"),
               *cases.part_urls(),
           )),
    labels("tags", Tag, tags, "Tag", tag_list_queryset, TagFilterSet, TagTable, TagForm),
    labels("themes", Theme, themes, "Theme", theme_list_queryset, ThemeFilterSet, ThemeTable, ThemeForm),
)  # fmt: skip
register_section(Nav(_("Overview"), "speedometer2", "dashboard", "partners.view_dashboard", 80))
