"""One meaning per figure: the guest-list figures and the meeting counts agree on every page that shows them."""

import datetime

import pytest
from django.utils import timezone

from partners.models.events import FIGURES, InvitationStatus
from partners.selectors import dashboard, reports
from tests import factories

pytestmark = pytest.mark.django_db

S = InvitationStatus
MIX = {S.DRAFT: 2, S.INVITED: 4, S.ACCEPTED: 3, S.DECLINED: 2, S.ATTENDED: 5, S.NO_SHOW: 1}
EXPECTED = {"on_list": 17, "draft": 2, "invited": 15, "awaiting": 4, "accepted": 9, "declined": 2, "attended": 5}
EXPECTED["no_show"] = 1


@pytest.fixture
def event():
    today = timezone.localdate()
    event = factories.EventFactory(
        name="Nytårskur", starts_at=timezone.make_aware(datetime.datetime(today.year, 1, 8, 16))
    )
    organisation = factories.HousingOrganisationFactory()
    for status, n in MIX.items():
        factories.InvitationFactory.create_batch(n, event=event, status=status, organisation=organisation)
    factories.InvitationFactory(status=S.ACCEPTED)  # another event's guest counts nowhere here
    return event


def test_the_figures_add_up_as_defined(event):
    assert sum(MIX.values()) == EXPECTED["on_list"]
    for key, figure in FIGURES.items():
        assert sum(MIX.get(status, 0) for status in figure.statuses) == EXPECTED[key], key


def test_every_page_shows_the_same_guest_list_figures(event, staff_client, manager_client):
    listed = {row.record.pk: row.record for row in staff_client.get("/events/").context["table"].page.object_list}
    row = listed[event.pk]
    assert {key: getattr(row, f"{key}_count") for key in ("invited", "accepted", "declined", "attended")} == {
        key: EXPECTED[key] for key in ("invited", "accepted", "declined", "attended")
    }
    assert row.invitation_count == EXPECTED["on_list"]

    page = staff_client.get(f"/events/{event.pk}/").context
    assert {figure["key"]: figure["count"] for figure in page["figures"]} == EXPECTED

    coverage = staff_client.get(f"/events/{event.pk}/coverage/").context["by_kind"]
    for key in ("on_list", "invited", "accepted"):
        assert sum(row[key] for row in coverage) == EXPECTED[key], key

    checkin = staff_client.get(f"/events/{event.pk}/checkin/").context["counts"]
    assert checkin == {key: EXPECTED[key] for key in ("attended", "accepted", "invited")}

    (reported,) = reports.year_report(year=event.starts_at.year).events
    assert {key: getattr(reported, key) for key in reports.REPORT_FIGURES} == {
        key: EXPECTED[key] for key in reports.REPORT_FIGURES
    }
    # The same label for the same figure: the events list's column and the yearly report's export row.
    html = staff_client.get("/events/").content.decode()
    for key in ("invited", "accepted", "declined", "attended"):
        assert str(FIGURES[key].label) in html


def test_meetings_held_and_planned_mean_the_same_on_the_dashboard_and_in_the_yearly_report():
    today = timezone.localdate()
    at = timezone.make_aware(datetime.datetime(today.year, today.month, today.day, 9))
    held = [at - datetime.timedelta(days=d) for d in (0, 1, 3)]  # today counts as held
    planned = [at + datetime.timedelta(days=d) for d in (1, 2)]
    for when in held + planned:
        if when.year == today.year:
            factories.MeetingFactory(starts_at=when)
    report = reports.year_report(year=today.year, today=today)
    this_year_held = sum(1 for when in held if when.year == today.year)
    this_year_planned = sum(1 for when in planned if when.year == today.year)
    assert (report.meeting_count, report.planned_count) == (this_year_held, this_year_planned)
    activity = dashboard.activity(today=today)
    shown = sum(n for month, n in activity["per_month"] if month.year == today.year)
    assert shown == this_year_held
