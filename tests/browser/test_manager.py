"""The manager's journey in Chromium: dashboard → a stale key partner → a review → the yearly figures' export."""

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from partners.models import CollaborationReview
from partners.models.collaborations import CollaborationStatus
from partners.models.organisations import OrganisationKind
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def register(manager_user):
    """A small register: a stale key administration, a key partner met last week, a collaboration, meetings."""
    owner = factories.UserFactory(username="ejer", first_name="Ida", last_name="Ejer")
    stale = factories.AdministrationFactory(name="Sociale Forhold og Beskæftigelse", is_key_partner=True, owner=owner)
    fresh = factories.HousingOrganisationFactory(name="Brabrand Boligforening", is_key_partner=True, owner=owner)
    theme = factories.ThemeFactory(name="Beskæftigelse")
    collaboration = factories.CollaborationFactory(
        title="Helhedsplan Gellerup", status=CollaborationStatus.ACTIVE, start_date=datetime.date(2024, 1, 1)
    )
    collaboration.themes.add(theme)
    collaboration.memberships.create(organisation=fresh, role="lead")
    collaboration.memberships.create(organisation=stale)
    now = timezone.now()
    for days, organisations in ((7, [fresh]), (40, [fresh, stale]), (200, [stale])):
        meeting = factories.MeetingFactory(starts_at=now - datetime.timedelta(days=days), subject=f"Møde {days}")
        meeting.organisations.set(organisations)
        meeting.collaborations.add(collaboration)
        meeting.themes.add(theme)
        meeting.staff.add(owner)
    factories.FollowUpFactory(meeting=meeting, owner=owner, due_date=timezone.localdate() - datetime.timedelta(days=5))
    return {"stale": stale, "fresh": fresh, "collaboration": collaboration}


def test_manager_reviews_and_exports(page, login, screenshot, register, settings):
    settings.DASHBOARD_STALE_DAYS = {OrganisationKind.ADMINISTRATION: 30, "default": 90}
    login("leder")

    page.get_by_role("link", name=re.compile("Overblik|Overview")).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    health = page.get_by_test_id("health-table")
    stale_row = health.locator("tr.health-stale").first
    expect(stale_row).to_contain_text("Sociale Forhold og Beskæftigelse")
    expect(health.locator("tbody tr")).to_have_count(2)
    expect(page.locator("svg.chart").first).to_be_visible()
    screenshot("manager-dashboard")

    # Follow the stale key partner to its page.
    stale_row.get_by_role("link", name="Sociale Forhold og Beskæftigelse").click()
    expect(page).to_have_url(re.compile(rf"/organisations/{register['stale'].pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sociale Forhold og Beskæftigelse")

    # Record a review on the collaboration: pause it.
    collaboration = register["collaboration"]
    page.goto(collaboration.get_absolute_url())
    page.locator(f"a[href='/collaborations/{collaboration.pk}/review/']").first.click()
    expect(page).to_have_url(re.compile(r"/review/$"))
    page.locator("#id_note").fill("Afventer ny helhedsplan; sat i bero til efteråret.")
    page.locator("#id_decision").select_option("change_status")
    page.locator("#id_new_status").select_option("paused")
    screenshot("manager-review-form")
    page.locator("form.review-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/collaborations/{collaboration.pk}/$"))
    timeline = page.get_by_test_id("status-timeline")
    expect(timeline).to_contain_text("Afventer ny helhedsplan")
    expect(page.get_by_test_id("engagement")).to_contain_text("Brabrand Boligforening")
    screenshot("manager-collaboration-after-review")
    review = CollaborationReview.objects.get()
    assert review.decision == "change_status"
    collaboration.refresh_from_db()
    assert collaboration.status == CollaborationStatus.PAUSED

    # The yearly figures and their export.
    year = timezone.localdate().year
    page.goto("/dashboard/")
    page.get_by_role("link", name=re.compile(rf"{year}")).first.click()
    expect(page).to_have_url(re.compile(rf"/reports/year/{year}/$"))
    screenshot("manager-year-report")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Excel")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(rows[0]) == 3
    meetings_this_year = sum(
        1 for days in (7, 40, 200) if (timezone.localtime() - datetime.timedelta(days=days)).year == year
    )
    assert [row[2] for row in rows[1:2]] == [meetings_this_year]
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("CSV")).click()
    text = download_info.value.path().read_text(encoding="utf-8-sig")
    csv_rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert csv_rows[1][2] == str(meetings_this_year)
