"""A person's data in Chromium at 1366×768: staff answer an access request (the page, then the JSON file); a manager
erases the person at their request after a page that names what will change. Screenshots personal-data-*.png."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from partners.models import Contact
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def test_access_request_then_forget_me(page, login, screenshot, staff_user, manager_user):
    contact = f.ContactFactory(first_name="Mette", last_name="Kjærgaard", email="mette@example.dk", phone="12345678")
    f.AffiliationFactory(contact=contact, organisation=f.HousingOrganisationFactory(name="Brabrand Boligforening"))
    meeting = f.MeetingFactory(subject="Styregruppe", minutes="Mette Kjærgaard fortalte om lektiecaféen.")
    meeting.contacts.add(contact)
    page.set_viewport_size({"width": 1366, "height": 768})

    login("medarbejder")
    page.goto(contact.get_absolute_url())
    expect(page.get_by_role("link", name="Glem mig")).to_have_count(0)  # staff do not erase
    page.get_by_role("link", name="Personoplysninger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personoplysninger om Mette Kjærgaard")
    main = page.get_by_role("main")
    for text in ("mette@example.dk", "12345678", "Brabrand Boligforening", "Mette Kjærgaard fortalte om lektiecaféen."):
        expect(main).to_contain_text(text)
    screenshot("personal-data-page")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent som fil (JSON)").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["person"]["email"] == "mette@example.dk"
    assert download_info.value.suggested_filename == "personoplysninger-mette-kjaergaard.json"

    page.context.clear_cookies()
    login("leder")
    page.goto(contact.get_absolute_url())
    page.get_by_role("link", name="Glem mig").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Slet Mette Kjærgaard efter personens ønske")
    expect(page.get_by_test_id("erase-changes")).to_contain_text("Styregruppe")
    screenshot("personal-data-forget-me")
    page.get_by_role("button", name="Anonymisér nu").click()

    expect(page.get_by_role("status").or_(page.locator(".alert-success")).first).to_contain_text("anonymiseret")
    expect(page.get_by_role("heading", level=1)).to_have_text("Slettet person")
    expect(page.get_by_role("main")).not_to_contain_text("Kjærgaard")
    screenshot("personal-data-erased")
    assert Contact.objects.get().email is None
