"""Following an advocacy case in Chromium at 1366×768, as staff: a new case, its høringsfrist, two partners placed
(one opposed and never met), a meeting logged from the case page, the høringssvar PDF attached and found by a word
inside it; then the map across the active cases and, as a manager, the dashboard's deadline list. Screenshots
cases-*.png."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partners.models import Case, Meeting
from partners.models.cases import Stance
from tests import factories as f
from tests.browser.test_documents import høringssvar_pdf

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Kontinuerlig tilstedeværelse i Gellerup"


def choose(page, field: str, text: str) -> None:
    """Pick ``text`` in the autocomplete of the form field ``field``."""
    control = page.locator(f"#id_{field}-ts-control")
    control.click()
    control.fill(text[:6])
    option = page.locator(f"#id_{field}-ts-dropdown .option").filter(has_text=text).first
    expect(option).to_be_visible()
    option.click()
    page.keyboard.press("Escape")


def test_staff_follow_a_case_from_creation_to_the_map(page, login, screenshot, staff_user, manager_user, settings,
                                                      tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    forvaltning = f.AdministrationFactory(name="Sociale Forhold og Beskæftigelse")
    teknik = f.AdministrationFactory(name="Teknik og Miljø", parent=forvaltning.parent)
    page.set_viewport_size({"width": 1366, "height": 768})
    login("medarbejder")

    # A new case.
    page.goto("/cases/")
    page.locator('a[href="/cases/add/"]').first.click()
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Fase").select_option(label="Aktiv påvirkning")
    page.get_by_label("Vores holdning").fill("Kommunen fastholder en fast tilstedeværelse efter helhedsplanen.")
    screenshot("cases-new")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    case = Case.objects.get(title=TITLE)
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))

    # Its høringsfrist in twelve days, the response being written.
    deadline = timezone.localdate() + datetime.timedelta(days=12)
    page.get_by_role("link", name="Tilføj vigtig dato").click()
    page.get_by_label("Type").select_option(label="Høringsfrist")
    page.get_by_label("Dato").fill(deadline.isoformat())
    page.get_by_label("Høringssvar").select_option(label="Under udarbejdelse")
    page.get_by_role("button", name="Gem").click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/#case-deadlines$"))
    expect(page.get_by_role("main")).to_contain_text("Høringsfrist")
    expect(page.get_by_role("main")).to_contain_text("Under udarbejdelse")

    # Two partners placed: the administration supports it, Teknik og Miljø opposes it with high influence.
    for organisation, stance, influence in ((forvaltning, "Støtter", "Middel"), (teknik, "Imod", "Høj")):
        page.get_by_role("link", name="Tilføj partner").click()
        choose(page, "organisation", organisation.name)
        page.get_by_label("Holdning").select_option(label=stance)
        page.get_by_label("Indflydelse").select_option(label=influence)
        page.get_by_role("button", name="Gem").click()
        expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/"))
    assert sorted(case.stakeholders.values_list("stance", flat=True)) == [Stance.OPPOSES, Stance.SUPPORTS]
    chart = page.locator("svg.chart-stakeholders").first
    expect(chart.locator("circle[data-party='Teknik og Miljø']")).to_have_count(1)
    expect(chart.locator("circle[data-party='Sociale Forhold og Beskæftigelse']")).to_have_count(1)
    expect(page.locator("[data-testid=map-flags]").first).to_contain_text("Imod, aldrig mødt")
    chart.scroll_into_view_if_needed()
    screenshot("cases-map-on-case")

    # A meeting logged from the case: the form knows the case and its partners, saving comes back to its timeline.
    page.get_by_role("link", name="Registrér møde").first.click()
    expect(page).to_have_url(re.compile(r"/meetings/add/\?"))
    expect(page.locator("#id_cases")).to_have_value(str(case.pk))
    expect(page.locator("#id_organisations")).to_have_values([str(forvaltning.pk), str(teknik.pk)])
    screenshot("cases-meeting-prefilled")
    page.get_by_label("Emne").fill("Dialog om tilstedeværelse i Gellerup")
    page.get_by_role("button", name="Gem").click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/"))
    meeting = Meeting.objects.get()
    assert list(meeting.cases.all()) == [case]
    expect(page.get_by_role("main")).to_contain_text("Dialog om tilstedeværelse i Gellerup")
    # Met now: Teknik og Miljø is no longer "never met".
    expect(page.locator("[data-testid=map-flags]")).to_have_count(0)

    # The høringssvar attached to the case, and found by a word inside it.
    pdf = tmp_path / "Høringssvar budget 2027.pdf"
    høringssvar_pdf(pdf)
    panel = page.locator("#documents")
    panel.get_by_label("Fil").set_input_files(str(pdf))
    panel.get_by_label("Titel").fill("Høringssvar om tilstedeværelse")
    panel.get_by_label("Type").select_option(label="Høringssvar")
    panel.get_by_role("button", name="Læg op", exact=True).click()
    expect(panel.get_by_role("link", name="Høringssvar om tilstedeværelse")).to_be_visible()
    page.get_by_role("combobox", name="Søg i registret").fill("tryghedsvandringer")
    page.keyboard.press("Enter")
    expect(page.get_by_role("main").get_by_role("link", name="Høringssvar om tilstedeværelse")).to_be_visible()
    screenshot("cases-document-found")

    # The map across the active cases shows both partners.
    page.goto("/cases/map/")
    chart = page.locator("svg.chart-stakeholders").first
    expect(chart.locator("circle")).to_have_count(2)
    screenshot("cases-map")

    # The manager's dashboard lists the høringsfrist with the response's state.
    page.context.clear_cookies()
    login("leder")
    page.goto("/dashboard/")
    deadlines = page.get_by_test_id("case-deadlines")
    expect(deadlines).to_contain_text(TITLE)
    expect(deadlines).to_contain_text("Under udarbejdelse")
    deadlines.scroll_into_view_if_needed()
    screenshot("cases-dashboard")
