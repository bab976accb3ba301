"""Issue 3's journey in real Chromium: a staff member filters, logs a meeting, follows up, exports contacts."""

import csv
import datetime
import io
import re

import pytest
from playwright.sync_api import expect

from partners.models import FollowUp, Meeting
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def choose(page, field_id: str, text: str) -> None:
    """Pick ``text`` in the Tom Select autocomplete that replaced the select ``field_id``."""
    control = page.locator(f"#{field_id}-ts-control")
    control.click()
    control.fill(text)
    page.locator(f"#{field_id}-ts-dropdown .option", has_text=text).first.click()
    page.keyboard.press("Escape")


@pytest.fixture
def world(staff_user):
    brabrand = factories.HousingOrganisationFactory(name="Brabrand Boligforening", owner=staff_user)
    factories.HousingOrganisationFactory(name="AAB Aarhus")
    factories.MunicipalityFactory(name="Aarhus Kommune", municipality_code="751")
    mette = factories.AffiliationFactory(
        organisation=brabrand, contact__first_name="Mette", contact__last_name="Kjærgaard", title="Områdeleder"
    ).contact
    jonas = factories.AffiliationFactory(
        organisation=brabrand, contact__first_name="Jonas", contact__last_name="Friis", title="Boligsocial medarbejder"
    ).contact
    invite = factories.TagFactory(name="nytårskur")
    mette.tags.add(invite)
    jonas.tags.add(invite)
    factories.ContactFactory(first_name="Uden", last_name="Tag")
    return {"brabrand": brabrand, "mette": mette, "jonas": jonas, "tag": invite}


def test_staff_journey(page, login, screenshot, staff_user, world, tmp_path):
    login("medarbejder")

    # Filter the organisations to the housing organisations and open one.
    page.get_by_role("navigation", name="Sektioner").get_by_role("link", name="Organisationer").click()
    page.get_by_role("link", name="Boligorganisation", exact=True).click()
    table = page.locator("table")
    expect(table).to_contain_text("Brabrand Boligforening")
    expect(table).to_contain_text("AAB Aarhus")
    expect(table).not_to_contain_text("Aarhus Kommune")
    screenshot("organisations-housing")
    table.get_by_role("link", name="Brabrand Boligforening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brabrand Boligforening")
    screenshot("organisation-detail")

    # Log a meeting from the organisation page: the organisation is pre-filled.
    page.get_by_role("link", name="Registrér møde").click()
    expect(page.locator("#id_organisations")).to_have_value(str(world["brabrand"].pk))
    page.get_by_label("Emne").fill("Status på helhedsplanen i Gellerup")
    choose(page, "id_contacts", "Mette")
    choose(page, "id_contacts", "Jonas")
    due = datetime.date.today() + datetime.timedelta(days=14)
    page.locator("[name$='-text']").first.fill("Send referat til afdelingsbestyrelsen")
    page.locator("[name$='-due_date']").first.fill(due.isoformat())
    screenshot("meeting-form")
    page.get_by_role("button", name="Gem").click()
    # Back on the organisation's page the form was opened from, with the message.
    expect(page).to_have_url(re.compile(rf"/organisations/{world['brabrand'].pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("Status på helhedsplanen i Gellerup")

    meeting = Meeting.objects.get(subject="Status på helhedsplanen i Gellerup")
    assert set(meeting.contacts.values_list("first_name", flat=True)) == {"Mette", "Jonas"}
    assert list(meeting.organisations.all()) == [world["brabrand"]]
    follow_up = FollowUp.objects.get(meeting=meeting)
    assert follow_up.owner == staff_user and follow_up.due_date == due
    screenshot("meeting-saved")

    # The meeting is on the organisation's timeline …
    page.goto(world["brabrand"].get_absolute_url())
    expect(page.locator("#timeline-heading").locator("xpath=../..")).to_contain_text(
        "Status på helhedsplanen i Gellerup"
    )
    # … and the follow-up among my open follow-ups.
    page.get_by_role("navigation", name="Sektioner").get_by_role("link", name="Opfølgning").click()
    expect(page.locator("table")).to_contain_text("Send referat til afdelingsbestyrelsen")
    screenshot("my-follow-ups")

    # Filter the contacts by tag and export them.
    page.get_by_role("navigation", name="Sektioner").get_by_role("link", name="Kontaktpersoner").click()
    choose(page, "id_tags", "nytårskur")
    page.get_by_role("button", name="Anvend filter").click()
    expect(page.locator("table")).not_to_contain_text("Uden Tag")
    screenshot("contacts-by-tag")
    page.get_by_role("button", name="Eksportér").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV til dansk Excel (;)").click()
    path = tmp_path / "kontakter.csv"
    download_info.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert sorted((r["Fornavn"], r["Efternavn"], r["Organisation"]) for r in rows) == [
        ("Jonas", "Friis", "Brabrand Boligforening"),
        ("Mette", "Kjærgaard", "Brabrand Boligforening"),
    ]


def test_search_and_main_pages_render(page, login, screenshot, staff_user, world):
    login("medarbejder")
    page.get_by_role("combobox", name="Søg i registret").fill("Brabrand")  # the header's quick search
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_contain_text("Brabrand Boligforening")
    screenshot("search")
    for path, name in [
        ("/contacts/", "contacts"),
        (f"/contacts/{world['mette'].pk}/", "contact-detail"),
        ("/areas/", "areas"),
        ("/collaborations/", "collaborations"),
        ("/meetings/", "meetings"),
        ("/events/", "events"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert not re.search(r"Traceback|Server Error", page.content())
        screenshot(name)
