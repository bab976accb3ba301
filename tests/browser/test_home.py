"""The start page as a work queue in Chromium: staff close a follow-up with "Færdig"; a manager who owns follow-ups
closes them (no 403) and logs the meeting with a neglected key partner from the start page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partners.models import FollowUp, Meeting
from tests import factories
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def at_1366(page, screenshot, name: str) -> None:
    """The page at 1366×768: what fits on the screen, and the whole page."""
    page.set_viewport_size({"width": 1366, "height": 768})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-1366x768.png"))
    screenshot(name)


def held(subject: str, days_ago: int, *, organisations=(), staff=()) -> Meeting:
    meeting = factories.MeetingFactory(subject=subject, starts_at=timezone.now() - datetime.timedelta(days=days_ago))
    meeting.organisations.set(organisations)
    meeting.staff.set(staff)
    return meeting


@pytest.fixture
def staff_queue(staff_user, manager_user):
    gellerup = factories.HousingOrganisationFactory(
        name="Brabrand Boligforening", owner=staff_user, is_key_partner=True
    )
    kommune = factories.MunicipalityFactory(name="Aarhus Kommune", owner=staff_user, is_key_partner=True)
    factories.NationalPartnerFactory(name="Landsbyggefonden", owner=staff_user, is_key_partner=True)
    styregruppe = held("Styregruppemøde i Gellerup", 3, organisations=[gellerup], staff=[staff_user])
    dialog = held("Dialogmøde med Sociale Forhold og Beskæftigelse", 130, organisations=[kommune], staff=[staff_user])
    held("Netværksmøde om beskæftigelse", 9, organisations=[gellerup], staff=[staff_user])
    rows = {
        "overdue": ("Send referat til afdelingsbestyrelsen", -6, styregruppe),
        "overdue_old": ("Følg op på budgetønsker til rådmanden", -25, dialog),
        "today": ("Book lokale til netværksmødet", 0, styregruppe),
        "week": ("Svar på høringen om boligsocial indsats", 4, dialog),
        "week_2": ("Send invitation til temadagen", 6, styregruppe),
    }
    made = {
        key: factories.FollowUpFactory(meeting=meeting, owner=staff_user, text=text, due_date=days(due))
        for key, (text, due, meeting) in rows.items()
    }
    factories.FollowUpFactory(meeting=styregruppe, owner=manager_user, text="Lederens opgave", due_date=days(0))
    return made


def test_staff_close_a_follow_up_from_the_start_page(page, login, screenshot, staff_queue):
    login("medarbejder")
    expect(page).to_have_url(re.compile(r"/$"))
    queue = page.locator("section[aria-labelledby='follow-ups-heading']")
    expect(queue.locator("[data-group='overdue'] li")).to_have_count(2)
    expect(queue.locator("[data-group='today'] li")).to_have_count(1)
    expect(queue.locator("[data-group='week'] li")).to_have_count(2)
    expect(queue).not_to_contain_text("Lederens opgave")
    # Overdue: the most recently due first.
    expect(queue.locator("[data-group='overdue'] li").first).to_contain_text("Send referat til afdelingsbestyrelsen")
    partners = page.get_by_test_id("partners-to-meet")
    expect(partners).to_contain_text("Aarhus Kommune")  # last met 130 days ago, municipalities after 90
    expect(partners).to_contain_text("Landsbyggefonden")  # never met
    expect(partners).not_to_contain_text("Brabrand Boligforening")  # met 3 days ago
    expect(page.get_by_test_id("my-meetings").locator("li")).to_have_count(3)
    at_1366(page, screenshot, "home-work-queue")

    today = staff_queue["today"]
    row = queue.locator(f"li[data-follow-up='{today.pk}']")
    row.get_by_role("button", name=re.compile("^Færdig")).click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("status")).to_contain_text(
        "Opfølgning markeret som udført: “Book lokale til netværksmødet”"
    )
    expect(queue.locator(f"li[data-follow-up='{today.pk}']")).to_have_count(0)
    expect(queue.locator("[data-group='today']")).to_have_count(0)
    expect(queue.locator("li.follow-up")).to_have_count(4)
    assert FollowUp.objects.get(pk=today.pk).done_at is not None
    at_1366(page, screenshot, "home-after-done")


@pytest.fixture
def manager_world(manager_user, staff_user):
    neglected = factories.AdministrationFactory(
        name="Sociale Forhold og Beskæftigelse", owner=manager_user, is_key_partner=True
    )
    held("Budgetdialog", 200, organisations=[neglected], staff=[manager_user])
    meeting = held("Ledermøde med AAB", 5, staff=[manager_user, staff_user])
    return {
        "neglected": neglected,
        "on_page": factories.FollowUpFactory(
            meeting=meeting, owner=manager_user, text="Skriv til direktøren", due_date=days(-2)
        ),
        "on_start": factories.FollowUpFactory(
            meeting=meeting, owner=manager_user, text="Aftal næste ledermøde", due_date=days(2)
        ),
    }


def test_a_manager_closes_their_follow_ups_and_logs_the_meeting(page, login, screenshot, manager_world):
    login("leder")
    queue = page.locator("section[aria-labelledby='follow-ups-heading']")
    expect(queue).to_contain_text("Skriv til direktøren")

    # From the follow-up's own page: no 403, back on the page with the message.
    queue.get_by_role("link", name="Skriv til direktøren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Opfølgning")
    page.get_by_role("button", name="Markér som udført").click()
    expect(page.get_by_role("status")).to_contain_text("Opfølgning markeret som udført: “Skriv til direktøren”")
    assert FollowUp.objects.get(pk=manager_world["on_page"].pk).done_at is not None

    # From the start page.
    page.goto("/")
    row = queue.locator(f"li[data-follow-up='{manager_world['on_start'].pk}']")
    row.get_by_role("button", name=re.compile("^Færdig")).click()
    expect(page.get_by_role("status")).to_contain_text("Aftal næste ledermøde")
    expect(queue).to_contain_text("Du har ingen åbne opfølgninger.")
    assert FollowUp.objects.get(pk=manager_world["on_start"].pk).done_at is not None

    # The neglected key partner: log the meeting from its link, pre-filled.
    neglected = manager_world["neglected"]
    partners = page.get_by_test_id("partners-to-meet")
    expect(partners).to_contain_text("Sociale Forhold og Beskæftigelse")
    at_1366(page, screenshot, "home-manager")
    partners.get_by_role("link", name=re.compile("^Registrér møde")).click()
    expect(page).to_have_url(re.compile(rf"/meetings/add/\?organisations={neglected.pk}&next=%2F$"))
    expect(page.locator("#id_organisations")).to_have_value(str(neglected.pk))
    page.get_by_label("Emne").fill("Opfølgning på budgetdialogen")
    # The meeting they had this morning (the form's default is now, rounded to the nearest quarter, maybe ahead).
    earlier = timezone.localtime() - datetime.timedelta(hours=2)
    page.locator("#id_starts_at").fill(earlier.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Gem").click()
    # Back on the start page, where the link was, with the message.
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("status")).to_contain_text("Opfølgning på budgetdialogen")
    assert list(Meeting.objects.get(subject="Opfølgning på budgetdialogen").organisations.all()) == [neglected]

    page.goto("/")
    expect(page.get_by_test_id("partners-to-meet")).to_have_count(0)
    expect(page.locator("section[aria-labelledby='partners-heading']")).to_contain_text(
        "Alle de nøglepartnere, du er relationsansvarlig for, er mødt for nylig."
    )
    expect(page.get_by_test_id("my-meetings")).to_contain_text("Opfølgning på budgetdialogen")
