"""The manager pages: dashboard, yearly figures with export, and who may see them."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from partners.models.collaborations import CollaborationKind, CollaborationStatus
from partners.models.events import InvitationStatus
from partners.models.meetings import MeetingKind
from partners.models.organisations import OrganisationKind
from partners.selectors import dashboard as selectors
from partners.selectors import reports
from tests import factories

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"


@pytest.fixture(autouse=True)
def english():
    """Selectors are called outside a request here: their labels in English. Pages speak Danish (see below)."""
    with translation.override("en"):
        yield


def da(text: str) -> str:
    with translation.override("da"):
        return translation.gettext(text)


@pytest.fixture(autouse=True)
def thresholds(settings):
    settings.DASHBOARD_STALE_DAYS = {"administration": 90, "national_partner": 180, "default": 120}


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def meet(*organisations, days: int, **extra):
    meeting = factories.MeetingFactory(starts_at=days_ago(days), **extra)
    meeting.organisations.set(organisations)
    return meeting


# --- Access ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [DASHBOARD, "/reports/year/2025/", "/reports/year/2025/?format=csv"])
def test_staff_and_plain_users_get_403(url, staff_client, plain_user, client):
    assert staff_client.get(url).status_code == 403
    client.force_login(plain_user)
    assert client.get(url).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_manager_and_superuser_reach_the_dashboard(manager_client, client):
    assert manager_client.get(DASHBOARD).status_code == 200
    client.force_login(get_user_model().objects.create_superuser("chef", password="x-pass-123"))
    assert client.get(DASHBOARD).status_code == 200
    assert client.get("/reports/year/2025/").status_code == 200


def test_nav_shows_overview_for_managers_only(manager_client, staff_client):
    assert f'href="{reverse("dashboard")}"' in manager_client.get("/").content.decode()
    assert f'href="{reverse("dashboard")}"' not in staff_client.get("/").content.decode()


# --- Collaboration counts ----------------------------------------------------------------------------------------


def test_collaboration_counts_link_to_the_filtered_list(manager_client):
    theme = factories.ThemeFactory(name="Beskæftigelse")
    active = factories.CollaborationFactory(status=CollaborationStatus.ACTIVE, kind=CollaborationKind.NETWORK)
    active.themes.add(theme)
    factories.CollaborationFactory(status=CollaborationStatus.ACTIVE)
    factories.CollaborationFactory(status=CollaborationStatus.PAUSED)
    counts = selectors.collaboration_counts()
    status = {item.url: item.value for item in counts["status"]}
    assert status["/collaborations/?status=active"] == 2
    assert status["/collaborations/?status=paused"] == 1
    assert {item.url: item.value for item in counts["kind"]}["/collaborations/?kind=network"] == 1
    assert [(item.label, item.value, item.url) for item in counts["theme"]] == [
        ("Beskæftigelse", 1, f"/collaborations/?themes={theme.pk}")
    ]
    html = manager_client.get(DASHBOARD).content.decode()
    assert 'href="/collaborations/?status=active" class="fw-semibold">2<' in html
    assert f'href="/collaborations/?themes={theme.pk}"' in html
    # The link shows exactly the counted rows.
    listed = manager_client.get("/collaborations/?status=active").content.decode()
    assert active.title in listed


# --- Relationship health -----------------------------------------------------------------------------------------


def test_stale_flag_uses_the_threshold_of_the_organisation_kind():
    administration = factories.AdministrationFactory(name="Forvaltning A", is_key_partner=True)
    national = factories.NationalPartnerFactory(name="Landspartner B", is_key_partner=True)
    factories.OrganisationFactory(name="Ikke nøgle", is_key_partner=False)
    # 100 days ago: stale for an administration (90), fine for a national partner (180).
    meet(administration, national, days=100)
    health = selectors.relationship_health()
    flags = {row.organisation.name: row.stale for row in health.rows}
    assert flags == {"Forvaltning A": True, "Landspartner B": False}
    assert health.stale_count == 1
    thresholds = {row.organisation.name: row.threshold_days for row in health.rows}
    assert thresholds == {"Forvaltning A": 90, "Landspartner B": 180}


def test_key_partners_never_met_this_year_come_first():
    today = timezone.localdate()
    met = factories.HousingOrganisationFactory(name="AAA mødt", is_key_partner=True)
    factories.HousingOrganisationFactory(name="ZZZ aldrig", is_key_partner=True)
    last_year = factories.HousingOrganisationFactory(name="MMM sidste år", is_key_partner=True)
    meet(met, days=1)
    old = factories.MeetingFactory(starts_at=timezone.make_aware(datetime.datetime(today.year - 1, 6, 1)))
    old.organisations.set([last_year])
    rows = selectors.relationship_health(today=today).rows
    assert [row.organisation.name for row in rows] == ["MMM sidste år", "ZZZ aldrig", "AAA mødt"]
    assert [row.met_this_year for row in rows] == [False, False, True]
    assert rows[0].last_meeting == old.starts_at
    assert rows[1].last_meeting is None


def test_health_row_counts_meetings_owner_and_follow_ups():
    owner = factories.UserFactory(username="ejer", first_name="Eja", last_name="Ejer")
    organisation = factories.HousingOrganisationFactory(name="Boligforening X", is_key_partner=True, owner=owner)
    recent = meet(organisation, days=10)
    meet(organisation, days=200)
    meet(organisation, days=500)  # older than 12 months
    future = meet(organisation, days=-5)  # planned: not "met"
    factories.FollowUpFactory(meeting=recent, due_date=timezone.localdate() - datetime.timedelta(days=3))
    factories.FollowUpFactory(meeting=recent)
    factories.FollowUpFactory(meeting=recent, done_at=timezone.now())
    (row,) = selectors.relationship_health().rows
    assert row.organisation.owner == owner
    assert row.last_meeting == recent.starts_at != future.starts_at
    assert row.meetings_12m == 2
    assert (row.open_follow_ups, row.overdue_follow_ups) == (2, 1)


def test_dashboard_links_a_stale_key_partner_to_its_page(manager_client):
    organisation = factories.AdministrationFactory(name="Sociale Forhold", is_key_partner=True)
    html = manager_client.get(DASHBOARD).content.decode()
    assert f'href="{organisation.get_absolute_url()}">Sociale Forhold</a>' in html
    assert "health-stale" in html


def test_health_table_is_paginated(manager_client):
    for n in range(30):
        factories.HousingOrganisationFactory(name=f"Nøglepartner {n:02d}", is_key_partner=True)
    response = manager_client.get(DASHBOARD + "?page=2")
    health = response.context["health"]
    assert health.key_partner_count == 30
    assert len(health.rows) == 5
    assert response.context["health"].page.number == 2
    assert manager_client.get(DASHBOARD + "?page=abc").status_code == 200


# --- Follow-ups, reviews, activity -------------------------------------------------------------------------------


def test_overdue_follow_ups_by_owner():
    today = timezone.localdate()
    anna = factories.UserFactory(username="anna", first_name="Anna", last_name="A")
    bo = factories.UserFactory(username="bo", first_name="Bo", last_name="B")
    for _ in range(2):
        factories.FollowUpFactory(owner=anna, due_date=today - datetime.timedelta(days=1))
    factories.FollowUpFactory(owner=bo, due_date=today - datetime.timedelta(days=9))
    factories.FollowUpFactory(owner=bo, due_date=today + datetime.timedelta(days=9))  # not overdue
    factories.FollowUpFactory(owner=bo, due_date=today - datetime.timedelta(days=9), done_at=timezone.now())
    rows = selectors.overdue_follow_ups_by_owner(today=today)
    assert [(row["name"], row["count"]) for row in rows] == [("Anna A", 2), ("Bo B", 1)]
    assert rows[0]["url"] == f"/follow-ups/?owner={anna.pk}&state=overdue"


def test_collaborations_not_reviewed_for_the_period(settings, manager_user):
    settings.DASHBOARD_REVIEW_DAYS = 100
    today = timezone.localdate()
    old = factories.CollaborationFactory(title="Gammel", start_date=today - datetime.timedelta(days=400))
    factories.CollaborationFactory(title="Ny", start_date=today - datetime.timedelta(days=10))
    reviewed = factories.CollaborationFactory(title="Vurderet", start_date=today - datetime.timedelta(days=400))
    reviewed.reviews.create(reviewed_by=manager_user, reviewed_on=today, note="ok", decision="continue")
    factories.CollaborationFactory(
        title="Afsluttet", status=CollaborationStatus.ENDED, start_date=today - datetime.timedelta(days=400)
    )
    result = selectors.collaborations_due_for_review(today=today)
    assert [c.title for c in result["rows"]] == [old.title]


def test_activity_counts_meetings_per_month_kind_theme_and_staff():
    today = timezone.localdate()
    staff = factories.UserFactory(username="ms", first_name="Mia", last_name="S")
    theme = factories.ThemeFactory(name="Tryghed")
    housing = factories.HousingOrganisationFactory()
    national = factories.NationalPartnerFactory()
    this_month = timezone.make_aware(datetime.datetime(today.year, today.month, 1, 9))
    meeting = factories.MeetingFactory(starts_at=this_month)
    meeting.organisations.set([housing, national])
    meeting.themes.add(theme)
    meeting.staff.add(staff)
    factories.MeetingFactory(starts_at=this_month - datetime.timedelta(days=400)).organisations.set([housing])
    result = selectors.activity(today=today)
    assert result["per_month"][-1] == (today.replace(day=1), 1)
    assert sum(n for _m, n in result["per_month"]) == 1
    assert dict(result["by_kind"]) == {"Housing organisation": 1, "National partner": 1}
    assert result["by_theme"] == [("Tryghed", 1)]
    assert result["per_staff"] == [{"name": "Mia S", "counts": [0, 0, 0, 0, 0, 1], "total": 1}]


def _dashboard_data(size: int, manager_user):
    user = factories.UserFactory()
    theme = factories.ThemeFactory()
    for n in range(size):
        organisation = factories.HousingOrganisationFactory(is_key_partner=True, owner=user)
        meeting = meet(organisation, days=n * 20)
        meeting.staff.add(user)
        meeting.themes.add(theme)
        factories.FollowUpFactory(meeting=meeting, owner=user, due_date=timezone.localdate())
        collaboration = factories.CollaborationFactory()
        collaboration.themes.add(theme)
        collaboration.reviews.create(
            reviewed_by=manager_user, reviewed_on=timezone.localdate(), note="n", decision="continue"
        )


def test_dashboard_query_count_is_constant(manager_client, manager_user):
    """The same number of queries with few or many rows; a render right after meetings were written adds the fixed
    number of the figures' recount (partners/reporting/figures.py), whatever was written."""

    def render() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get(DASHBOARD).status_code == 200
        return len(captured)

    _dashboard_data(2, manager_user)
    few_after_write, few = render(), render()
    _dashboard_data(20, manager_user)
    many_after_write, many = render(), render()
    assert few == many <= 23  # 20, and 3 for the advocacy section (deadlines, cases by stage, neglected partners)
    assert few_after_write == many_after_write <= few + 10


# --- Yearly figures ----------------------------------------------------------------------------------------------


@pytest.fixture
def year_data():
    year = 2025
    at = timezone.make_aware(datetime.datetime(year, 3, 1, 10))
    housing = factories.HousingOrganisationFactory(name="Boligforening Y")
    national = factories.NationalPartnerFactory(name="=Landspartner")  # a formula-like name for the export
    area = factories.AreaFactory(name="Gellerup")
    theme = factories.ThemeFactory(name="Sundhed")
    first = factories.MeetingFactory(starts_at=at, kind=MeetingKind.MEETING)
    first.organisations.set([housing, national])
    first.areas.add(area)
    first.themes.add(theme)
    second = factories.MeetingFactory(starts_at=at + datetime.timedelta(days=30), kind=MeetingKind.PHONE)
    second.organisations.set([housing])
    second.themes.add(theme)
    factories.MeetingFactory(starts_at=at.replace(year=year - 1)).organisations.set([national])  # other year
    factories.CollaborationFactory(title="Ny i året", start_date=datetime.date(year, 2, 1))
    factories.CollaborationFactory(
        title="Slut i året",
        start_date=datetime.date(year - 2, 1, 1),
        end_date=datetime.date(year, 6, 30),
        status=CollaborationStatus.ENDED,
    )
    event = factories.EventFactory(name="Nytårskur", starts_at=at)
    for status in (
        InvitationStatus.DRAFT,
        InvitationStatus.INVITED,
        InvitationStatus.DECLINED,
        InvitationStatus.ACCEPTED,
        InvitationStatus.ATTENDED,
        InvitationStatus.ATTENDED,
        InvitationStatus.NO_SHOW,
    ):
        factories.InvitationFactory(event=event, status=status)
    return year


def test_year_report_figures(year_data):
    report = reports.year_report(year=year_data)
    assert report.meeting_count == 2
    assert dict(report.meetings_by_kind)["Meeting"] == 1
    assert dict(report.meetings_by_kind)["Phone call"] == 1
    assert dict(report.meetings_by_partner_kind) == {"Housing organisation": 2, "National partner": 1}
    assert report.organisations_met == 2
    assert [c.title for c in report.new_collaborations] == ["Ny i året"]
    assert [c.title for c in report.ended_collaborations] == ["Slut i året"]
    (event,) = report.events
    assert (event.invited, event.accepted, event.attended) == (6, 4, 2)
    assert report.top_themes == [("Sundhed", 2)]
    assert report.top_areas == [("Gellerup", 1)]


def test_year_report_page(manager_client, year_data):
    response = manager_client.get(f"/reports/year/{year_data}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="meeting-count">2<' in html
    assert "Nytårskur" in html
    assert "<svg" in html


def test_year_report_csv_export(manager_client, year_data):
    response = manager_client.get(f"/reports/year/{year_data}/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [da("Section"), da("Item"), da("Value")]
    assert [da("Meetings"), da("Held"), "2"] in rows
    assert [da("Organisations met"), da("Total"), "2"] in rows
    assert [da("Event: attended"), "Nytårskur", "2"] in rows
    assert [da("Top themes"), "Sundhed", "2"] in rows


def test_year_report_xlsx_export_is_neutralised(manager_client, year_data):
    factories.CollaborationFactory(title="=HYPERLINK(1)", start_date=datetime.date(year_data, 5, 1))
    response = manager_client.get(f"/reports/year/{year_data}/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [da("Section"), da("Item"), da("Value")]
    assert [da("Meetings"), da("Held"), 2] in rows
    # A text cell with the quote prefix: shown as typed, never a formula, no apostrophe in the value.
    assert [da("New collaborations"), "=HYPERLINK(1)", f"{year_data}-05-01"] in rows


def test_year_report_query_count_is_constant(manager_client, year_data):
    def render() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get(f"/reports/year/{year_data}/").status_code == 200
        return len(captured)

    few_after_write, few = render(), render()
    for n in range(5):
        event = factories.EventFactory(starts_at=timezone.make_aware(datetime.datetime(year_data, 9, n + 1)))
        factories.InvitationFactory(event=event, status=InvitationStatus.ATTENDED)
        factories.CollaborationFactory(start_date=datetime.date(year_data, 4, n + 1))
        meeting = factories.MeetingFactory(starts_at=timezone.make_aware(datetime.datetime(year_data, n + 2, 3, 9)))
        meeting.organisations.add(factories.HousingOrganisationFactory())
        meeting.themes.add(factories.ThemeFactory())
    many_after_write, many = render(), render()
    assert few == many
    assert few_after_write == many_after_write


def test_bad_years(manager_client):
    assert manager_client.get("/reports/year/abc/").status_code == 404
    response = manager_client.get("/reports/year/1800/")
    assert response.status_code == 404
    assert "1800" in response.content.decode()
    assert manager_client.get("/reports/year/99999/").status_code == 404


def test_unknown_export_format_shows_the_page(manager_client):
    response = manager_client.get("/reports/year/2025/?format=pdf")
    assert response.status_code == 200
    assert response.context["unknown_format"]


def test_dashboard_kinds_in_settings_cover_every_kind():
    for kind in OrganisationKind.values:
        assert selectors.stale_days(kind) > 0


def test_chart_coordinates_are_plain_numbers_in_the_danish_ui(manager_client):
    """SVG cannot read the Danish decimal comma: every coordinate the charts write must be a plain number."""
    for days in (3, 40, 41, 75):
        factories.MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=days))
    html = manager_client.get("/dashboard/").content.decode()
    svg = "".join(re.findall(r"<svg.*?</svg>", html, flags=re.S))
    assert svg, "the dashboard draws charts"
    coordinates = re.findall(r'\b(?:x|y|width|height|dx)="([^"]*)"', svg)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in coordinates), coordinates


# --- Advocacy --------------------------------------------------------------------------------------------------------


def test_dashboard_shows_deadlines_stages_and_neglected_partners(manager_client):
    from partners.models.cases import CaseStage, DeadlineKind, ResponseState, Stance, Weight

    today = timezone.localdate()
    case = factories.CaseFactory(title="Tilstedeværelse i Gellerup", stage=CaseStage.ACTIVE)
    factories.CaseFactory(title="Afgjort sag", stage=CaseStage.DECIDED)
    case.deadlines.create(
        kind=DeadlineKind.CONSULTATION, date=today + datetime.timedelta(days=12), response_state=ResponseState.DRAFTING
    )
    case.deadlines.create(kind=DeadlineKind.CONSULTATION, date=today + datetime.timedelta(days=40))
    council = factories.OrganisationFactory(name="Byrådet", kind=OrganisationKind.POLITICAL_BODY)
    case.stakeholders.create(organisation=council, stance=Stance.UNKNOWN, influence=Weight.HIGH)
    met = factories.OrganisationFactory(name="Forvaltningen")
    case.stakeholders.create(organisation=met, stance=Stance.SUPPORTS, influence=Weight.HIGH)
    meeting = factories.MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=10))
    meeting.organisations.add(met)

    page = manager_client.get(DASHBOARD).content.decode()

    deadlines = page.split('data-testid="case-deadlines"')[1].split("</ul>")[0]
    assert deadlines.count("<li") == 1 and "Tilstedeværelse i Gellerup" in deadlines
    assert da("Being written") in deadlines
    stages = page.split('data-testid="case-stages"')[1].split("</ul>")[0]
    assert re.search(r"stage=active\">1<", stages) and re.search(r"stage=decided\">1<", stages)
    neglected = page.split('data-testid="case-neglected"')[1].split("</section>")[0]
    assert "Byrådet" in neglected and "Forvaltningen" not in neglected
    assert "Stor indflydelse, intet møde i 90 dage" in neglected


def test_year_report_counts_the_years_cases(manager_client, year_data):
    """The Årsskrift's advocacy: the cases open in the year by stage, those decided in it by outcome, the responses
    given, and the organisations met about each case that year; in the page and the export."""
    from partners.models import Case, Meeting, Organisation
    from partners.models.cases import CaseEventKind, CaseOutcome, CaseStage, Stance

    year = year_data
    won = factories.CaseFactory(
        title="Vundet sag", stage=CaseStage.DECIDED, outcome=CaseOutcome.WON, outcome_date=datetime.date(year, 9, 1)
    )
    ongoing = factories.CaseFactory(title="Åben sag", stage=CaseStage.ACTIVE)
    factories.CaseFactory(  # decided the year before: not the year's
        title="Gammel sag",
        stage=CaseStage.DECIDED,
        outcome=CaseOutcome.LOST,
        outcome_date=datetime.date(year - 1, 5, 1),
    )
    factories.CaseFactory(title="Senere sag")  # created after the year
    Case.objects.exclude(title="Senere sag").update(created_at=timezone.make_aware(datetime.datetime(year, 1, 5)))
    won.stakeholders.create(organisation=Organisation.objects.get(name="Boligforening Y"), stance=Stance.SUPPORTS)
    Meeting.objects.get(starts_at__year=year, kind=MeetingKind.MEETING).cases.add(won)  # with two organisations
    ongoing.events.create(kind=CaseEventKind.CONSULTATION_RESPONSE, date=datetime.date(year, 4, 2))
    ongoing.events.create(kind=CaseEventKind.CONSULTATION_RESPONSE, date=datetime.date(year + 1, 1, 3))

    report = reports.year_report(year=year)
    assert [case.title for case in report.cases] == ["Vundet sag", "Åben sag"]
    assert [(c.stakeholder_count, c.organisations_engaged) for c in report.cases] == [(1, 2), (0, 0)]
    assert dict(report.cases_by_outcome) == {"Got our way": 1, "Partly": 0, "Did not get our way": 0, "Unsettled": 0}
    assert dict(report.cases_by_stage)["Decided"] == 1 and dict(report.cases_by_stage)["Active advocacy"] == 1
    assert [(e.case.title, e.date) for e in report.consultation_responses] == [("Åben sag", datetime.date(year, 4, 2))]

    html = manager_client.get(f"/reports/year/{year}/").content.decode()
    assert 'data-testid="consultation-response-count">1<' in html and "Vundet sag" in html
    response = manager_client.get(f"/reports/year/{year}/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [da("Partners engaged per case"), "Vundet sag", "2"] in rows
    assert [da("Cases by outcome"), da("Got our way"), "1"] in rows
    assert [da("Consultation responses"), "Åben sag", f"{year}-04-02"] in rows
