"""Merging two organisations in real Chromium at 1366×768, as a manager: from the organisation's page, "Flet med …",
the other one picked with the autocomplete, both side by side, a value chosen from the other, "Ja, flet" — and the
organisation holds both's meetings, people and invitations. And the duplicate warning of the form, as staff."""

import pytest
from playwright.sync_api import expect

from partners.models import Invitation, MeetingOrganisation, Organisation
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_aab(manager_user, staff_user):
    survivor = f.HousingOrganisationFactory(name="AAB Aarhus", city="Aarhus C")
    loser = f.HousingOrganisationFactory(name="A.A.B. Aarhus", phone="86 12 34 56", city="Aarhus")
    for organisation, subject in ((survivor, "Helhedsplan Gellerup"), (loser, "Tryghedsvandring Bispehaven")):
        meeting = f.MeetingFactory(subject=subject)
        MeetingOrganisation.objects.create(meeting=meeting, organisation=organisation)
    søren = f.ContactFactory(first_name="Søren", last_name="Østergaard")
    f.AffiliationFactory(contact=søren, organisation=loser, title="Driftschef")
    f.InvitationFactory(contact=søren, organisation=loser, event=f.EventFactory(name="Nytårskur 2026"))
    return survivor, loser


def test_a_manager_merges_two_organisations_from_the_page(page, login, screenshot, two_aab):
    survivor, loser = two_aab
    page.set_viewport_size({"width": 1366, "height": 768})
    login("leder")
    page.goto(survivor.get_absolute_url())
    page.get_by_role("link", name="Flet med …").click()

    control = page.locator("#id_other-ts-control")
    control.click()
    control.fill("A.A.B")
    option = page.locator("#id_other-ts-dropdown .option", has_text="A.A.B. Aarhus")
    expect(option).to_be_visible()
    option.click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Sammenlign").click()
    page.wait_for_url(f"**/merge/?other={loser.pk}")

    expect(page.get_by_role("heading", level=1)).to_have_text("Flet “A.A.B. Aarhus” ind i “AAB Aarhus”")
    expect(page.locator("#merge-phone-take")).to_be_checked()  # empty here: the other's
    expect(page.locator("#merge-city-keep")).to_be_checked()
    page.get_by_label("Aarhus", exact=True).check()  # the other's city
    screenshot("merge-organisations")
    page.get_by_role("button", name="Ja, flet").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("AAB Aarhus")
    expect(page.locator(".alert-success")).to_contain_text("“A.A.B. Aarhus” er flettet ind i “AAB Aarhus”")
    screenshot("merge-organisations-done")
    survivor.refresh_from_db()
    assert (survivor.city, survivor.phone) == ("Aarhus", "86 12 34 56")
    assert not Organisation.objects.filter(pk=loser.pk).exists()
    assert survivor.meetings.count() == 2 and survivor.affiliations.count() == 1
    assert Invitation.objects.get().organisation == survivor
    assert survivor.aliases.filter(name="A.A.B. Aarhus").exists()


def test_the_form_warns_of_a_likely_duplicate_before_saving(page, login, screenshot, two_aab):
    page.set_viewport_size({"width": 1366, "height": 768})
    login("medarbejder")
    page.goto("/organisations/add/")
    page.locator("#id_kind").select_option("housing_organisation")
    page.locator("#id_name").fill("AAB Århus")
    page.get_by_role("button", name="Gem", exact=True).click()
    warning = page.locator(".duplicate-warning")
    expect(warning).to_contain_text("Den findes måske allerede i registret")
    expect(warning.get_by_role("link", name="AAB Aarhus", exact=True)).to_be_visible()
    screenshot("duplicate-warning")
    assert Organisation.objects.count() == 2
    page.get_by_role("button", name="Gem alligevel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AAB Århus")
    assert Organisation.objects.count() == 3
