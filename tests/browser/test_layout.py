"""Layout at a laptop's 1366×768 in Chromium (issue 12): no page is wider than the screen and no table wider than its
box, as staff and as manager on the demo world with a 195-character unbroken name and 20,000-character notes in it;
long notes fold behind "Vis mere"; a multi-value filter is worked by clicking (checkboxes, autocomplete chips), never
Ctrl+click; status badges have a colour per state, the same on every page. Screenshots of every page go to
test-artifacts/screenshots/layout-*.png.
"""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from partners.models import (
    Affiliation,
    Area,
    Case,
    Collaboration,
    Contact,
    Document,
    Event,
    FollowUp,
    Meeting,
    Organisation,
    Tag,
    Theme,
)
from partners.models.collaborations import CollaborationStatus
from partners.models.events import InvitationStatus
from partners.models.organisations import OrganisationKind
from partners.seed.demo import reference_date
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

SCREEN = {"width": 1366, "height": 768}
# One unbroken word of 195 characters (a name pasted without its spaces) and a note of 20,000 characters.
LONG_NAME = ("Boligsocialfællessekretariatsudviklingsorganisation" * 4)[:195]
LONG_NOTE = ("Referat fra styregruppemødet om helhedsplanen i Gellerup og Toveshøj. " * 300)[:20_000]
DEMO_PASSWORDS = {"sekretariat": "sekretariat-demo", "ledelse": "ledelse-demo"}

# The page is no wider than the window, and no table is wider than the box it sits in (a table that only fits by
# scrolling inside its box is cut off on the screen all the same).
MEASURE = """() => {
  const root = document.documentElement;
  const tables = [...document.querySelectorAll("table")].filter((table) => table.offsetParent !== null);
  const wide = tables
    .filter((table) => {
      const box = table.parentElement;
      return table.scrollWidth > box.clientWidth + 1 || box.scrollWidth > box.clientWidth + 1;
    })
    .map((table) => {
      const box = table.parentElement;
      const heading = table.closest("section, .card")?.querySelector("h1, h2, h3")?.textContent.trim() || "";
      return `${heading || "table"}: ${table.scrollWidth} px in ${box.clientWidth} px`;
    });
  return { scroll: root.scrollWidth, client: root.clientWidth, wide };
}"""


@pytest.fixture
def demo_world():
    """The demo world, with one organisation of a 195-character name and 20,000-character notes on it, on a
    contact of it and in the minutes of a meeting with it."""
    call_command("load_demo", verbosity=0)
    organisation = Organisation.objects.create(
        name=LONG_NAME, kind=OrganisationKind.LOCAL_ORGANISATION, notes=LONG_NOTE, is_key_partner=True
    )
    contact = Contact.objects.filter(do_not_contact=False).order_by("last_name", "pk").first()
    contact.notes = LONG_NOTE
    contact.save()
    Affiliation.objects.create(contact=contact, organisation=organisation, title=LONG_NAME[:120])
    meeting = Meeting.objects.filter(starts_at__lte=timezone.now()).order_by("-starts_at").first()
    meeting.minutes = LONG_NOTE
    meeting.save()
    meeting.organisations.add(organisation)
    event = max(Event.objects.all(), key=lambda e: e.invitations.count())
    return {
        "organisation": organisation,
        "contact": contact,
        "meeting": meeting,
        "event": event,
        "area": Area.objects.order_by("pk").first(),
        "collaboration": max(Collaboration.objects.all(), key=lambda c: c.memberships.count()),
        "follow_up": FollowUp.objects.filter(meeting__organisations__isnull=False).order_by("pk").first(),
        "tag": Tag.objects.order_by("pk").first(),
        "theme": Theme.objects.order_by("pk").first(),
        "case": max(Case.objects.all(), key=lambda c: c.stakeholders.count()),
        "document": Document.objects.order_by("pk").first(),
    }


def main_pages(world: dict, role: str) -> dict[str, str]:
    """Every main page the role may open: name (for the screenshot) → path."""
    event = world["event"]
    pages = {
        "start": "/",
        "organisations": "/organisations/",
        "organisations-long-name": f"/organisations/?q={LONG_NAME[:30]}",
        "areas": "/areas/",
        "contacts": "/contacts/",
        "collaborations": "/collaborations/",
        "meetings": "/meetings/",
        "follow-ups": "/follow-ups/",
        "events": "/events/",
        "tags": "/tags/",
        "themes": "/themes/",
        "organisation": world["organisation"].get_absolute_url(),
        "area": world["area"].get_absolute_url(),
        "contact": world["contact"].get_absolute_url(),
        "personal-data": f"{world['contact'].get_absolute_url()}personal-data/",
        "collaboration": world["collaboration"].get_absolute_url(),
        "meeting": world["meeting"].get_absolute_url(),
        "follow-up": world["follow_up"].get_absolute_url(),
        "event": event.get_absolute_url(),
        "coverage": f"/events/{event.pk}/coverage/",
        "tag": world["tag"].get_absolute_url(),
        "theme": world["theme"].get_absolute_url(),
        "search": "/search/?q=Aarhus",
        "cases": "/cases/",
        "case": world["case"].get_absolute_url(),
        "case-map": "/cases/map/",
        "documents": "/documents/",
        "document": world["document"].get_absolute_url(),
    }
    if role == "sekretariat":
        pages |= {"check-in": f"/events/{event.pk}/checkin/?q=a", "invite": f"/events/{event.pk}/invite/"}
        pages |= {"import": "/import/"}
    else:
        pages |= {"dashboard": "/dashboard/", "yearly-report": f"/reports/year/{reference_date().year}/"}
    return pages


@pytest.mark.parametrize("role", ["sekretariat", "ledelse"])
def test_every_main_page_fits_1366_pixels(page, login, screenshot, demo_world, role):
    page.set_viewport_size(SCREEN)
    login(role, DEMO_PASSWORDS[role])
    problems = []
    for name, path in main_pages(demo_world, role).items():
        response = page.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
        size = page.evaluate(MEASURE)
        if size["scroll"] > size["client"]:
            problems.append(f"{name} ({path}): the page is {size['scroll']} px wide in a {size['client']} px window")
        problems += [f"{name} ({path}): {table}" for table in size["wide"]]
        screenshot(f"layout-{role}-{name}")
    assert not problems, "\n".join(problems)


def test_the_long_name_wraps_and_the_long_notes_fold(page, login, screenshot, demo_world):
    page.set_viewport_size(SCREEN)
    login("sekretariat", DEMO_PASSWORDS["sekretariat"])

    page.goto(demo_world["organisation"].get_absolute_url())
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(LONG_NAME)
    assert heading.bounding_box()["width"] <= SCREEN["width"]
    # The breadcrumb keeps one line and names the page in full in its tooltip.
    current = page.locator(".breadcrumb-item.active")
    expect(current).to_have_attribute("title", LONG_NAME)
    assert current.bounding_box()["height"] < 30

    notes = page.locator("#organisation-details .fold")
    assert notes.bounding_box()["height"] < 200  # 20,000 characters folded to a few lines
    more = page.locator("#organisation-details").get_by_role("button", name="Vis mere")
    expect(more).to_have_attribute("aria-expanded", "false")
    more.click()
    expect(page.locator("#organisation-details").get_by_role("button", name="Vis mindre")).to_have_attribute(
        "aria-expanded", "true"
    )
    assert notes.bounding_box()["height"] > 2000  # all of it
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREEN["width"]
    screenshot("layout-long-notes-open")

    # The meeting's minutes fold the same way; a short text (the decisions) has nothing to open.
    meeting = demo_world["meeting"]
    meeting.decisions = "Næste møde i marts."
    meeting.save()
    page.goto(meeting.get_absolute_url())
    minutes = page.locator("#meeting-minutes .fold")
    assert minutes.bounding_box()["height"] < 200
    expect(page.locator("#meeting-decisions").get_by_role("button")).to_have_count(0)
    page.locator("#meeting-minutes").get_by_role("button", name="Vis mere").click()
    assert minutes.bounding_box()["height"] > 2000
    expect(minutes).to_contain_text(LONG_NOTE[-60:].strip())

    # In the meeting list the long name wraps inside its cell.
    page.goto("/meetings/")
    cell = page.locator("td", has_text=LONG_NAME[:40]).first
    assert cell.bounding_box()["width"] < 400
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREEN["width"]


@pytest.fixture
def kinds_and_tags(staff_user):
    helhedsplan, frivillig = factories.TagFactory(name="Helhedsplan"), factories.TagFactory(name="Frivillighed")
    factories.TagFactory(name="Nytårskur")
    housing = factories.HousingOrganisationFactory(name="Brabrand Boligforening")
    housing.tags.add(frivillig)
    estate = factories.EstateFactory(name="Gellerupparken", parent=housing)
    estate.tags.add(helhedsplan)
    factories.MunicipalityFactory(name="Aarhus Kommune").tags.add(helhedsplan)
    factories.NationalPartnerFactory(name="Landsbyggefonden")
    return {"estate": estate, "housing": housing}


def list_names(page) -> set[str]:
    return set(page.locator("table tbody tr td:first-child").all_inner_texts())


def test_multi_value_filters_are_clicked_not_ctrl_clicked(page, login, screenshot, kinds_and_tags):
    page.set_viewport_size(SCREEN)
    login("medarbejder")
    page.goto("/organisations/")
    form = page.locator("form.filter-form")
    expect(form.locator("select[multiple]:not([data-autocomplete-url])")).to_have_count(0)

    # A few choices: checkboxes, ticked one by one.
    kinds = form.get_by_role("group", name="Type")
    kinds.get_by_label("Afdeling").check()
    kinds.get_by_label("Boligorganisation").check()
    form.get_by_role("button", name="Anvend filter").click()
    expect(page).to_have_url(re.compile(r"kind=housing_organisation&kind=estate"))
    assert list_names(page) == {"Gellerupparken", "Brabrand Boligforening"}
    expect(page.locator("form.filter-form").get_by_label("Afdeling")).to_be_checked()

    # Many choices: the autocomplete, each choice a chip with its own remove button.
    page.goto("/organisations/")
    control = page.locator("#id_tags-ts-control")
    for name in ("Helhedsplan", "Frivillighed"):
        control.click()
        control.fill(name[:5])
        page.locator("#id_tags-ts-dropdown .option", has_text=name).click()
    chips = page.locator("#id_tags-ts-control").locator("..").locator(".item")
    expect(chips).to_have_count(2)
    screenshot("layout-filter-chips")
    page.keyboard.press("Escape")
    page.locator("form.filter-form").get_by_role("button", name="Anvend filter").click()
    assert list_names(page) == {"Gellerupparken", "Brabrand Boligforening", "Aarhus Kommune"}
    # A chip is taken off with a click on its ×.
    page.locator("#id_tags-ts-control").locator("..").locator(".item", has_text="Helhedsplan").locator(
        ".remove"
    ).click()
    page.locator("form.filter-form").get_by_role("button", name="Anvend filter").click()
    assert list_names(page) == {"Brabrand Boligforening"}
    screenshot("layout-filter-checkboxes")


def badge_colours(page, selector: str, states) -> dict[str, str]:
    """State → the background colour of its badges under ``selector`` (one colour per state, or the test fails)."""
    found = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector + " .badge[data-status]")]
             .map((badge) => [badge.dataset.status, getComputedStyle(badge).backgroundColor])""",
        selector,
    )
    colours = {}
    for state, colour in found:
        if state in states:
            assert colours.setdefault(state, colour) == colour, f"{state} in two colours"
    return colours


def test_status_badges_have_a_colour_per_state_the_same_everywhere(page, login, screenshot, staff_user):
    event = factories.EventFactory(name="Nytårskur 2026", starts_at=timezone.now() - datetime.timedelta(days=3))
    guests = {}
    for status in InvitationStatus.values:
        contact = factories.ContactFactory(first_name="Gæst", last_name=status.replace("_", " ").title())
        factories.InvitationFactory(event=event, contact=contact, status=status)
        guests[status] = contact
    for status in CollaborationStatus.values:
        factories.CollaborationFactory(title=f"Samarbejde {status}", status=status)
    meeting = factories.MeetingFactory(subject="Statusmøde")
    today = timezone.localdate()
    factories.FollowUpFactory(meeting=meeting, owner=staff_user, text="Åben", due_date=today + datetime.timedelta(7))
    factories.FollowUpFactory(meeting=meeting, owner=staff_user, text="Over", due_date=today - datetime.timedelta(7))
    factories.FollowUpFactory(meeting=meeting, owner=staff_user, text="Færdig", done_at=timezone.now())
    page.set_viewport_size(SCREEN)
    login("medarbejder")

    page.goto(event.get_absolute_url())
    invitations = badge_colours(page, "#invitations", InvitationStatus.values)
    assert set(invitations) == set(InvitationStatus.values)
    assert len(set(invitations.values())) == len(InvitationStatus.values), invitations
    screenshot("layout-badges-invitations")
    # The same colour for the same state on the guest's own page.
    for status in (InvitationStatus.ATTENDED, InvitationStatus.NO_SHOW, InvitationStatus.DECLINED):
        page.goto(guests[status].get_absolute_url())
        assert badge_colours(page, "#contact-invitations", [status]) == {status: invitations[status]}

    page.goto("/collaborations/")
    collaborations = badge_colours(page, "table", CollaborationStatus.values)
    assert set(collaborations) == set(CollaborationStatus.values)
    assert len(set(collaborations.values())) == len(CollaborationStatus.values), collaborations
    screenshot("layout-badges-collaborations")

    page.goto("/follow-ups/?state=all")
    follow_ups = badge_colours(page, "table", ["open", "overdue", "done"])
    assert set(follow_ups) == {"open", "overdue", "done"}
    assert len(set(follow_ups.values())) == 3, follow_ups
    # A detail page's header badge follows the same mapping.
    overdue = FollowUp.objects.get(text="Over")
    page.goto(overdue.get_absolute_url())
    header = page.locator("main .badge", has_text="Overskredet")
    assert header.evaluate("(badge) => getComputedStyle(badge).backgroundColor") == follow_ups["overdue"]
