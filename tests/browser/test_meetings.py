"""Logging a meeting from an organisation's page in Chromium: the organisation's people are offered first, saving
comes back to the page with the message, and Back + Gem is refused in Danish with one meeting in the database."""

import re

import pytest
from playwright.sync_api import expect

from partners.models import Meeting
from tests import factories
from tests.browser.test_home import at_1366

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def brabrand(staff_user):
    """Brabrand Boligforening with an estate, their people, and people elsewhere whose names come first A–Z."""
    brabrand = factories.HousingOrganisationFactory(name="Brabrand Boligforening", owner=staff_user)
    estate = factories.EstateFactory(name="Gellerupparken", parent=brabrand, estate_number="4")
    aab = factories.HousingOrganisationFactory(name="AAB Aarhus")
    people = {
        ("Mette", "Kjærgaard", brabrand, "Områdeleder"),
        ("Jonas", "Friis", estate, "Boligsocial medarbejder"),
        ("Anne", "Aagaard", aab, "Kundechef"),
        ("Bo", "Bech", aab, "Driftschef"),
        ("Carla", "Dahl", aab, "Inspektør"),
    }
    for first, last, organisation, title in sorted(people, key=lambda p: p[1]):
        factories.AffiliationFactory(
            organisation=organisation, contact__first_name=first, contact__last_name=last, title=title
        )
    return {"brabrand": brabrand, "estate": estate, "aab": aab}


def open_contacts(page):
    control = page.locator("#id_contacts-ts-control")
    control.click()
    dropdown = page.locator("#id_contacts-ts-dropdown")
    expect(dropdown.locator(".option").first).to_be_visible()
    return dropdown


def test_log_a_meeting_from_an_organisation_and_send_it_again(page, login, screenshot, brabrand):
    login("medarbejder")
    organisation = brabrand["brabrand"]
    page.goto(organisation.get_absolute_url())
    page.get_by_role("link", name="Registrér møde").click()
    expect(page).to_have_url(re.compile(rf"/meetings/add/\?organisations={organisation.pk}&next="))
    expect(page.locator("#id_organisations")).to_have_value(str(organisation.pk))

    # The organisation's people (its estate's too) first, under their own heading; the rest after them.
    dropdown = open_contacts(page)
    headings = dropdown.locator(".optgroup-header")
    expect(headings).to_have_text(["Personer hos Brabrand Boligforening", "Andre kontaktpersoner"])
    first_group = dropdown.locator(".optgroup").first.locator(".option")
    expect(first_group).to_have_text(["Jonas Friis – Gellerupparken", "Mette Kjærgaard – Brabrand Boligforening"])
    expect(dropdown.locator(".optgroup").nth(1).locator(".option")).to_have_text(
        ["Anne Aagaard – AAB Aarhus", "Bo Bech – AAB Aarhus", "Carla Dahl – AAB Aarhus"]
    )
    at_1366(page, screenshot, "meeting-form-people-first")
    first_group.filter(has_text="Mette Kjærgaard").click()
    page.keyboard.press("Escape")

    page.get_by_label("Emne").fill("Status på helhedsplanen")
    page.get_by_role("button", name="Gem").click()

    # Back on the organisation's page, with the message, and the meeting on its timeline.
    expect(page).to_have_url(re.compile(rf"/organisations/{organisation.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("er gemt")
    expect(page.get_by_role("status")).to_contain_text("Status på helhedsplanen")
    expect(page.locator("#timeline")).to_contain_text("Status på helhedsplanen")
    at_1366(page, screenshot, "meeting-saved-back-on-organisation")
    meeting = Meeting.objects.get()
    assert [c.last_name for c in meeting.contacts.all()] == ["Kjærgaard"]

    # The browser's Back shows the filled-in form again; Gem once more saves nothing and says so.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/meetings/add/"))
    expect(page.get_by_label("Emne")).to_have_value("Status på helhedsplanen")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mødet er allerede gemt")
    expect(page.get_by_role("alert")).to_contain_text("så der er ikke gemt noget nyt")
    at_1366(page, screenshot, "meeting-sent-again-refused")
    assert Meeting.objects.count() == 1
    page.get_by_test_id("saved-object").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting.pk}/$"))


def test_other_organisations_chosen_rank_their_people_instead(page, login, screenshot, brabrand):
    login("medarbejder")
    page.goto(f"/meetings/add/?organisations={brabrand['brabrand'].pk}")
    open_contacts(page)
    page.keyboard.press("Escape")

    # Replace Brabrand by AAB: the contacts are asked for again, AAB's people first now.
    organisations = page.locator("#id_organisations-ts-control")
    page.locator("#id_organisations + .ts-wrapper .item .remove").click()
    organisations.click()
    organisations.fill("AAB")
    page.locator("#id_organisations-ts-dropdown .option", has_text="AAB Aarhus").click()
    page.keyboard.press("Escape")
    dropdown = open_contacts(page)
    expect(dropdown.locator(".optgroup-header").first).to_have_text("Personer hos AAB Aarhus")
    expect(dropdown.locator(".optgroup").first.locator(".option")).to_have_count(3)
    at_1366(page, screenshot, "meeting-form-people-of-another-organisation")

    # No organisation: every contact A–Z, without headings, as before.
    page.keyboard.press("Escape")
    page.locator("#id_organisations + .ts-wrapper .item .remove").click()
    dropdown = open_contacts(page)
    expect(dropdown.locator(".optgroup-header")).to_have_count(0)
    expect(dropdown.locator(".option").first).to_have_text("Anne Aagaard – AAB Aarhus")
