"""Tags and themes in real Chromium: a name typed into a form's autocomplete is created on the spot ("Opret “…”"),
a retired tag is offered only to the lists' filters, the merge confirmation and the tag list."""

import pytest
from playwright.sync_api import expect

from partners.models import Tag
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(staff_user):
    organisation = factories.HousingOrganisationFactory(name="Brabrand Boligforening")
    helhedsplan = factories.TagFactory(name="Helhedsplan")
    organisation.tags.add(helhedsplan)
    factories.TagFactory(name="Helhedsplan 2019", is_active=False)
    factories.TagFactory(name="Nytårskur")
    return {"organisation": organisation, "helhedsplan": helhedsplan}


def type_in(page, field_id: str, text: str):
    control = page.locator(f"#{field_id}-ts-control")
    control.click()
    control.fill(text)
    dropdown = page.locator(f"#{field_id}-ts-dropdown")
    expect(dropdown).to_be_visible()
    return dropdown


def test_a_new_tag_is_created_from_the_form_and_saved(page, login, screenshot, staff_user, world):
    page.set_viewport_size({"width": 1366, "height": 768})
    login("medarbejder")
    organisation = world["organisation"]
    page.goto(f"/organisations/{organisation.pk}/edit/")

    # A name that exists (in another case) is offered as it is, not created again; a retired one is not offered.
    dropdown = type_in(page, "id_tags", "nytårskur")
    expect(dropdown.locator(".option", has_text="Nytårskur")).to_be_visible()
    expect(dropdown.locator(".create")).to_have_count(0)
    dropdown = type_in(page, "id_tags", "helhedsplan")
    expect(dropdown.locator(".no-results")).to_be_visible()  # "Helhedsplan" is chosen already, the other retired
    expect(dropdown.locator(".create")).to_have_count(0)
    expect(dropdown).not_to_contain_text("2019")

    dropdown = type_in(page, "id_tags", "Frivillige netværk")
    create = dropdown.locator(".create")
    expect(create).to_have_text("Opret “Frivillige netværk”")
    expect(dropdown.locator(".no-results")).to_be_visible()  # the server's answer has come
    screenshot("tag-create-option")
    create.click()
    expect(
        page.locator("#id_tags-ts-control").locator("..").locator(".item", has_text="Frivillige netværk")
    ).to_be_visible()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brabrand Boligforening")
    created = Tag.objects.get(name="Frivillige netværk")
    assert set(organisation.tags.values_list("name", flat=True)) == {"Helhedsplan", "Frivillige netværk"}
    assert created.is_active


def test_a_retired_name_is_not_created_again_and_says_why(page, login, staff_user, world):
    login("medarbejder")
    page.goto(f"/organisations/{world['organisation'].pk}/edit/")
    dropdown = type_in(page, "id_tags", "helhedsplan 2019")
    dropdown.locator(".create").click()
    expect(page.get_by_role("alert")).to_contain_text("“Helhedsplan 2019” findes, men er udgået.")
    assert Tag.objects.filter(name__iexact="helhedsplan 2019").count() == 1


def test_the_filter_offers_retired_tags_and_never_creates(page, login, staff_user, world):
    login("medarbejder")
    page.goto("/organisations/")
    dropdown = type_in(page, "id_tags", "helhedsplan")
    expect(dropdown.locator(".option", has_text="Helhedsplan 2019 (udgået)")).to_be_visible()
    dropdown = type_in(page, "id_tags", "Noget nyt")
    expect(dropdown.locator(".create")).to_have_count(0)


def test_tag_list_and_merge_confirmation(page, login, screenshot, staff_user, world):
    page.set_viewport_size({"width": 1366, "height": 768})
    source = factories.TagFactory(name="helhedsplaner")
    factories.ContactFactory().tags.add(source)
    world["organisation"].tags.add(source)
    login("medarbejder")
    page.get_by_role("navigation", name="Sektioner").get_by_role("link", name="Tags og temaer").click()
    table = page.locator("table")
    expect(table).to_contain_text("helhedsplaner")
    expect(table).to_contain_text("Udgået")
    screenshot("tag-list")

    table.get_by_role("link", name="helhedsplaner").click()
    screenshot("tag-detail")
    page.get_by_role("link", name="Flet ind i et andet").click()
    dropdown = type_in(page, "id_target", "Helhedsplan")
    dropdown.locator(".option", has_text="Helhedsplan").first.click()
    page.keyboard.press("Escape")
    screenshot("tag-merge-choose")
    page.get_by_role("button", name="Vis hvad der flyttes").click()
    expect(page.locator(".merge-confirm")).to_contain_text("2 poster får “Helhedsplan” i stedet for “helhedsplaner”.")
    screenshot("tag-merge-confirmation")
    page.get_by_role("button", name="Ja, flet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Helhedsplan")
    expect(page.get_by_role("status").first).to_contain_text("er flettet ind i")
    expect(page.locator("#history-heading").locator("../..")).to_contain_text("“helhedsplaner” flettet ind")
    screenshot("tag-detail-after-merge")
    assert not Tag.objects.filter(name="helhedsplaner").exists()
