"""What a case page and the map across the active cases show: where each partner stands, the flags (high influence
not met lately, opposed and never met), how a stance moved, the timeline; the rules of its key dates and stances; who
may change them; and queries that do not grow with the partners placed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners.models import CaseDeadline, CaseStakeholder
from partners.models.cases import CaseEventKind, CaseStage, DeadlineKind, ResponseState, Stance, Weight
from partners.selectors import cases as selectors
from tests import factories

pytestmark = pytest.mark.django_db


def _meeting(days_ago: int, *, organisations=(), contacts=()):
    meeting = factories.MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=days_ago))
    meeting.organisations.add(*organisations)
    meeting.contacts.add(*contacts)
    return meeting


@pytest.fixture
def case():
    return factories.CaseFactory(title="Tilstedeværelse i Gellerup", stage=CaseStage.ACTIVE)


def test_flags_high_influence_not_met_lately_and_opponents_never_met(case):
    met_lately = factories.OrganisationFactory(name="Mødt for nylig")
    met_long_ago = factories.OrganisationFactory(name="Mødt for længe siden")
    opponent = factories.OrganisationFactory(name="Modstander")
    person = factories.ContactFactory(first_name="Rådmand", last_name="Jensen")
    for party, stance, influence in (
        (met_lately, Stance.SUPPORTS, Weight.HIGH),
        (met_long_ago, Stance.NEUTRAL, Weight.HIGH),
        (opponent, Stance.OPPOSES, Weight.LOW),
    ):
        case.stakeholders.create(organisation=party, stance=stance, influence=influence)
    case.stakeholders.create(contact=person, stance=Stance.UNKNOWN, influence=Weight.MEDIUM)
    _meeting(10, organisations=[met_lately])
    _meeting(20, organisations=[met_lately])
    _meeting(200, organisations=[met_long_ago], contacts=[person])
    _meeting(-5, organisations=[opponent])  # planned, not held: the opponent is still never met

    rows = {str(row["party"]): row for row in selectors.case_overview(case=case)["stakeholder_rows"]}

    assert {name: (row["neglected"], row["opposed_never_met"]) for name, row in rows.items()} == {
        "Mødt for nylig": (False, False),
        "Mødt for længe siden": (True, False),
        "Modstander": (False, True),
        "Rådmand Jensen": (False, False),  # medium influence: not flagged, though not met for 200 days
    }
    assert rows["Mødt for nylig"]["recent_meetings"] == 2 and rows["Mødt for længe siden"]["recent_meetings"] == 1
    assert rows["Rådmand Jensen"]["days_since"] == 200


def test_the_case_page_draws_each_partner_and_names_the_flagged(staff_client, case):
    council = factories.OrganisationFactory(name="Byrådet")
    friend = factories.OrganisationFactory(name="Forvaltningen")
    case.stakeholders.create(organisation=council, stance=Stance.OPPOSES, influence=Weight.HIGH)
    case.stakeholders.create(organisation=friend, stance=Stance.SUPPORTS, influence=Weight.MEDIUM)
    for days in (3, 40, 100):
        _meeting(days, organisations=[friend])

    html = staff_client.get(case.get_absolute_url()).content.decode()

    assert html.count('data-party="Byrådet"') == 1 and html.count('data-party="Forvaltningen"') == 1
    assert 'r="7"' in html  # three meetings in 12 months: a larger dot than the council's r="4"
    flags = html.split('data-testid="map-flags"')[1].split("</ul>")[0]
    assert "Byrådet" in flags and "Forvaltningen" not in flags
    assert "Imod, aldrig mødt" in flags and "Stor indflydelse, intet møde i 90 dage" in flags


def test_a_changed_stance_is_shown_as_it_moved(staff_client, case):
    stakeholder = case.stakeholders.create(
        organisation=factories.OrganisationFactory(name="Landsbyggefonden"), stance=Stance.OPPOSES
    )
    url = reverse("casestakeholder_edit", args=[stakeholder.pk])
    form = {"stance": Stance.NEUTRAL, "influence": Weight.HIGH, "interest": Weight.MEDIUM, "note": "Efter mødet."}

    response = staff_client.post(url, form)

    assert response.status_code == 302 and response["Location"].endswith("#case-stakeholders")
    stakeholder.refresh_from_db()
    assert (stakeholder.stance, stakeholder.organisation.name) == (Stance.NEUTRAL, "Landsbyggefonden")
    (change, first) = selectors.stance_changes(case=case)  # newest first
    assert (str(change["party"]), change["before"], change["after"]) == ("Landsbyggefonden", "Imod", "Neutral")
    assert (first["before"], first["after"]) == ("", "Imod")
    html = " ".join(staff_client.get(case.get_absolute_url()).content.decode().split())
    assert "Landsbyggefonden: Imod → <strong>Neutral</strong>" in html


def test_a_response_belongs_to_a_consultation_deadline(staff_client, case):
    url = reverse("casedeadline_add", args=[case.pk])
    data = {"kind": DeadlineKind.COUNCIL, "date": "2027-03-01", "response_state": ResponseState.DRAFTING}

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "Kun en høringsfrist har et høringssvar." in response.content.decode()
    assert not CaseDeadline.objects.exists()
    response = staff_client.post(url, {**data, "kind": DeadlineKind.CONSULTATION})
    assert response.status_code == 302
    assert CaseDeadline.objects.get().response_state == ResponseState.DRAFTING


def test_a_stakeholder_is_one_party_once(staff_client, case):
    organisation = factories.OrganisationFactory(name="KL")
    contact = factories.ContactFactory()
    url = reverse("casestakeholder_add", args=[case.pk])
    data = {"stance": Stance.SUPPORTS, "influence": Weight.HIGH, "interest": Weight.HIGH}

    both = staff_client.post(url, {**data, "organisation": organisation.pk, "contact": contact.pk})
    assert "Vælg enten en organisation eller en kontaktperson." in both.content.decode()
    assert staff_client.post(url, {**data, "organisation": organisation.pk}).status_code == 302
    again = staff_client.post(url, {**data, "organisation": organisation.pk})
    assert again.status_code == 200 and "Organisationen er allerede på sagen." in again.content.decode()
    assert CaseStakeholder.objects.count() == 1


def test_managers_see_cases_but_do_not_change_them(manager_client, staff_client, case):
    stakeholder = case.stakeholders.create(organisation=factories.OrganisationFactory(), stance=Stance.UNKNOWN)
    assert manager_client.get(case.get_absolute_url()).status_code == 200
    assert manager_client.get(reverse("case_map")).status_code == 200
    for name, args in (
        ("casedeadline_add", [case.pk]),
        ("caseevent_add", [case.pk]),
        ("casestakeholder_add", [case.pk]),
        ("casestakeholder_edit", [stakeholder.pk]),
        ("casestakeholder_delete", [stakeholder.pk]),
    ):
        assert manager_client.get(reverse(name, args=args)).status_code == 403, name
        assert staff_client.get(reverse(name, args=args)).status_code == 200, name
    assert manager_client.post(reverse("casestakeholder_delete", args=[stakeholder.pk])).status_code == 403
    assert CaseStakeholder.objects.filter(pk=stakeholder.pk).exists()


def test_the_timeline_holds_meetings_key_dates_and_entries_newest_first(case):
    meeting = _meeting(30)
    meeting.cases.add(case)
    today = timezone.localdate()
    case.deadlines.create(kind=DeadlineKind.CONSULTATION, date=today + datetime.timedelta(days=10))
    case.events.create(kind=CaseEventKind.LETTER, date=today - datetime.timedelta(days=60), note="Brev til rådmanden")

    kinds = [item["kind"] for item in selectors.timeline(case=case)]

    assert kinds == ["deadline", "meeting", "event"]


def test_the_map_draws_the_most_influential_first_and_says_how_many_are_shown(staff_client):
    active = factories.CaseFactory(stage=CaseStage.ACTIVE)
    decided = factories.CaseFactory(stage=CaseStage.DECIDED, outcome="won")
    for influence in (Weight.LOW, Weight.MEDIUM, Weight.HIGH, Weight.LOW):
        active.stakeholders.create(organisation=factories.OrganisationFactory(), influence=influence)
    decided.stakeholders.create(organisation=factories.OrganisationFactory(), influence=Weight.HIGH)

    shown = selectors.stakeholder_map(limit=2)

    assert [row["stakeholder"].influence for row in shown["stakeholder_rows"]] == [Weight.HIGH, Weight.MEDIUM]
    assert (shown["shown"], shown["total"]) == (2, 4)
    html = staff_client.get(reverse("case_map")).content.decode()
    assert html.count("<circle") == 4  # the decided case's partner is not on the map


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["case", "map"])
def test_case_page_and_map_queries_do_not_grow_with_the_partners(staff_client, case, page):
    url = case.get_absolute_url() if page == "case" else reverse("case_map")

    def place(n: int) -> None:
        for _ in range(n):
            organisation = factories.OrganisationFactory()
            contact = factories.ContactFactory()
            case.stakeholders.create(organisation=organisation, influence=Weight.HIGH)
            case.stakeholders.create(contact=contact, stance=Stance.OPPOSES)
            meeting = _meeting(5, organisations=[organisation], contacts=[contact])
            meeting.cases.add(case)
            case.events.create(kind=CaseEventKind.PRESS, date=timezone.localdate())

    place(1)
    few = _queries(staff_client, url)
    place(6)
    assert _queries(staff_client, url) == few
