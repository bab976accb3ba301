"""The seven detail pages on the one generic page (``generic/object_detail.html``) with the panels their views declare:
each renders, shows its panels' headings, leaks no template syntax, and declares only panel templates that exist."""

import datetime
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.template.loader_tags import ExtendsNode
from django.test import Client
from django.utils import timezone, translation

from partners import registry
from partners.models import CollaborationPartner
from partners.views.generic import ObjectDetailView, Panel
from tests import factories

CARD = "generic/panels/card.html"

# Per page: the id of each panel's card (the panel's name) → the English msgid of its heading.
HEADINGS = {
    "organisation": {
        "organisation-details": "Details",
        "organisation-children": "Units below",
        "followups": "Open follow-ups",
        "organisation-contacts": "Contacts",
        "organisation-collaborations": "Collaborations",
        "timeline": "Meeting timeline",
        "documents": "Documents",
        "history": "Change history",
    },
    "contact": {
        "contact-change-job": "Change job",
        "contact-details": "Details",
        "contact-invitations": "Invitations",
        "contact-affiliations": "Affiliations",
        "timeline": "Meetings",
        "history": "Change history",
    },
    "collaboration": {
        "collaboration-details": "Details",
        "collaboration-partners": "Partners",
        "collaboration-engagement": "Engagement per partner",
        "followups": "Open follow-ups",
        "collaboration-purpose": "Description and goals",
        "timeline": "Meeting timeline",
        "collaboration-status-timeline": "Status changes and reviews",
        "documents": "Documents",
        "history": "Change history",
    },
    "area": {
        "area-details": "Details",
        "area-estates": "Estates",
        "area-collaborations": "Collaborations",
        "timeline": "Latest meetings about the area",
        "history": "Change history",
    },
    "meeting": {
        "meeting-participants": "Participants",
        "meeting-concerns": "Concerns",
        "meeting-minutes": "Minutes",
        "meeting-decisions": "Decisions",
        "meeting-follow-ups": "Follow-ups",
        "documents": "Documents",
        "history": "Change history",
    },
    "followup": {"followup-details": "Details", "followup-task": "Task", "history": "Change history"},
    "event": {
        "event-details": "Details",
        "event-figures": "The guest list in figures",
        "documents": "Documents",
        "history": "Change history",
        "invitations": "Invitations",
    },
}


def aware(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def pages(staff_user) -> dict[str, str]:
    """One of each entity, with what makes every panel show (children, description, decisions …): name → URL."""
    municipality = factories.MunicipalityFactory(name="Aarhus Kommune")
    housing = factories.HousingOrganisationFactory(name="Brabrand Boligforening", parent=municipality)
    estate = factories.EstateFactory(name="Gellerupparken", parent=housing)
    contact = factories.ContactFactory(first_name="Jonas", last_name="Holm")
    factories.AffiliationFactory(contact=contact, organisation=housing, title="Chefkonsulent")
    area = factories.AreaFactory(name="Gellerup", municipality=municipality)
    area.estates.add(estate)
    collaboration = factories.CollaborationFactory(title="Helhedsplan Gellerup", description="Beskrivelse", goals="Mål")
    collaboration.areas.add(area)
    CollaborationPartner.objects.create(collaboration=collaboration, organisation=housing, role="lead")
    meeting = factories.MeetingFactory(subject="Beboermøde", starts_at=aware(2025, 3, 4, 10), decisions="Beslutning")
    meeting.organisations.add(housing)
    meeting.contacts.add(contact)
    meeting.collaborations.add(collaboration)
    meeting.areas.add(area)
    follow_up = factories.FollowUpFactory(meeting=meeting, owner=staff_user, text="Ring til Jonas")
    event = factories.EventFactory(name="Nytårskur 2027")
    factories.InvitationFactory(event=event, contact=contact, organisation=housing)
    objects = {
        "organisation": housing,
        "contact": contact,
        "collaboration": collaboration,
        "area": area,
        "meeting": meeting,
        "followup": follow_up,
        "event": event,
    }
    return {name: obj.get_absolute_url() for name, obj in objects.items()}


def detail_views() -> dict[str, type[ObjectDetailView]]:
    return {
        entity.base: entity.views["detail"]
        for entity in registry.entities()
        if issubclass(entity.views.get("detail", object), ObjectDetailView)
    }


def declared_panels(view: type[ObjectDetailView]) -> list[Panel]:
    return [panel for region in view.panels.values() for panel in region]


def headings(page: str) -> dict[str, str]:
    """The text of each <h2> with an id, by its id without ``-heading``."""
    found = re.findall(r'<h2[^>]* id="([\w-]+)-heading"[^>]*>(.*?)</h2>', page, re.S)
    return {name: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip() for name, text in found}


def missing_panel_templates(views) -> list[str]:
    """Each declared template (panels, subtitle) that cannot be loaded, or a panel that does not extend the card."""
    problems = []
    for view in views:
        names = [panel.template_name for panel in declared_panels(view)]
        for name in names + ([view.subtitle_template] if view.subtitle_template else []):
            try:
                template = get_template(name)
            except TemplateDoesNotExist:
                problems.append(f"{view.__name__}: {name} does not exist")
                continue
            if name in names and CARD not in extended(template.template):
                problems.append(f"{view.__name__}: {name} does not extend {CARD}")
    return problems


def extended(template) -> list[str]:
    """The templates ``template`` extends, nearest first (a panel may extend another panel that extends the card)."""
    first = template.nodelist[0] if template.nodelist else None
    if not isinstance(first, ExtendsNode):
        return []
    parent = first.parent_name.var
    return [parent, *extended(get_template(parent).template)]


def test_the_seven_detail_pages_are_declared_on_the_generic_page():
    views = detail_views()
    assert set(HEADINGS) <= set(views)
    for name in HEADINGS:
        assert views[name].template_name == "generic/object_detail.html", name
        assert {panel.name for panel in declared_panels(views[name])} == set(HEADINGS[name]), name


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(HEADINGS))
def test_detail_page_shows_its_panels_headings(staff_client, pages, name):
    response = staff_client.get(pages[name])
    assert response.status_code == 200
    shown = headings(response.content.decode())
    with translation.override("da"):
        for panel, msgid in HEADINGS[name].items():
            assert panel in shown, f"{name}: no panel {panel}"
            assert shown[panel].startswith(translation.gettext(msgid)), (name, panel, shown[panel])


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(HEADINGS))
def test_detail_page_leaks_no_template_syntax_and_repeats_no_id(staff_client, manager_client, pages, name):
    for client in (staff_client, manager_client):
        page = client.get(pages[name]).content.decode()
        for syntax in ("{#", "#}", "{%", "%}", "{{", "}}"):
            assert syntax not in page, f"{name}: {syntax} in the page"
        ids = Counter(re.findall(r'\sid="([^"]+)"', page))
        assert not [i for i, n in ids.items() if n > 1], f"{name}: ids used twice"


@pytest.fixture
def viewer_client(db):
    """A user who may view every record and change none (the roles may give more; this test is about the page)."""
    user = get_user_model().objects.create_user(username="kun_se")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="partners", codename__startswith="view_")
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_header_actions_follow_the_permissions(staff_client, viewer_client, pages):
    staff = staff_client.get(pages["followup"]).content.decode()
    assert "/done/" in staff and "/edit/" in staff and "/delete/" in staff
    viewer = viewer_client.get(pages["followup"]).content.decode()
    assert "/done/" not in viewer and "/edit/" not in viewer and "/delete/" not in viewer
    assert 'data-bs-target="#change-job"' in staff_client.get(pages["contact"]).content.decode()
    assert "change-job" not in viewer_client.get(pages["contact"]).content.decode()


def test_every_declared_panel_template_exists_and_extends_the_card():
    assert missing_panel_templates(detail_views().values()) == []


def test_a_panel_template_that_does_not_exist_is_found():
    class BrokenDetailView(ObjectDetailView):
        panels = {"left": [Panel("partners/panels/no_such_panel.html")], "right": [Panel(CARD)]}
        subtitle_template = "partners/panels/no_such_subtitle.html"

    assert missing_panel_templates([BrokenDetailView]) == [
        "BrokenDetailView: partners/panels/no_such_panel.html does not exist",
        f"BrokenDetailView: {CARD} does not extend {CARD}",
        "BrokenDetailView: partners/panels/no_such_subtitle.html does not exist",
    ]


@pytest.mark.django_db
def test_the_organisation_page_lists_the_first_affiliations_and_links_to_all(staff_client):
    from partners.selectors.organisations import AFFILIATIONS_SHOWN

    organisation = factories.HousingOrganisationFactory()
    for n in range(AFFILIATIONS_SHOWN + 3):
        factories.AffiliationFactory(organisation=organisation, contact__last_name=f"Person {n:02d}", is_primary=False)
    factories.AffiliationFactory(organisation=organisation, end_date=datetime.date(2024, 1, 1), is_primary=False)
    with translation.override("da"):
        page = staff_client.get(organisation.get_absolute_url()).content.decode()
    rows = re.findall(r"Person \d\d", page)
    assert rows == [f"Person {n:02d}" for n in range(AFFILIATIONS_SHOWN)]  # the first ones by name, no more
    assert f"De første {AFFILIATIONS_SHOWN} af {AFFILIATIONS_SHOWN + 3} nuværende kontakter." in page
    assert f'href="/contacts/?organisation={organisation.pk}"' in page
    assert "tidligere tilknytning" not in page  # the one former affiliation is shown, nothing to count
