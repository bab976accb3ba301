"""The quick search of the top bar in Chromium: a misspelt Danish name typed, a hit picked with the keyboard, its page
opened; Escape closes the list, and Enter with no hit chosen opens the full search page."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def register(db):
    brabrand = factories.HousingOrganisationFactory(name="Brabrand Boligforening", city="Brabrand")
    soeren = factories.ContactFactory(first_name="Søren", last_name="Østergaard", email="soeren.o@example.dk")
    factories.AffiliationFactory(contact=soeren, organisation=brabrand)
    factories.ContactFactory(first_name="Ole", last_name="Sørensen")
    factories.MeetingFactory(subject="Kvartalsmøde med Søren Østergaard")
    factories.NationalPartnerFactory(name="Landsbyggefonden", short_name="LBF")
    return soeren


def test_a_misspelt_name_is_suggested_and_opened_with_the_keyboard(page, login, staff_user, register):
    login("medarbejder")
    page.set_viewport_size({"width": 1366, "height": 768})
    box = page.get_by_role("combobox", name="Søg i registret")
    box.click()
    box.press_sequentially("Sören Östergrd", delay=40)  # a German keyboard, and a letter short
    listbox = page.get_by_role("listbox", name="Forslag")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    contacts = listbox.get_by_role("group", name="Kontaktpersoner")
    expect(contacts.get_by_role("option").first).to_contain_text("Søren Østergaard")
    # the live region a screen reader reads (aria-live, not role=status: that role belongs to the page's messages)
    expect(page.locator("#topbar-search-status[aria-live=polite]")).to_contain_text("forslag")

    box.press("ArrowDown")  # the first hit (no organisation matches: the contacts come first)
    active = page.locator("#" + box.get_attribute("aria-activedescendant"))
    expect(active).to_have_attribute("aria-selected", "true")
    expect(active).to_contain_text("Søren Østergaard")
    box.press("ArrowDown")
    box.press("ArrowUp")  # and back
    expect(page.locator("#" + box.get_attribute("aria-activedescendant"))).to_contain_text("Søren Østergaard")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "quick-search-1366x768.png"))
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"/contacts/{register.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Søren Østergaard")


def test_escape_closes_and_enter_opens_the_search_page(page, login, staff_user, register):
    login("medarbejder")
    box = page.get_by_role("combobox", name="Søg i registret")
    box.fill("LBF")
    listbox = page.get_by_role("listbox", name="Forslag")
    expect(listbox.get_by_role("option").first).to_contain_text("Landsbyggefonden (LBF)")
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_be_focused()
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=LBF$"))
    expect(page.get_by_role("link", name="Landsbyggefonden (LBF)")).to_be_visible()
