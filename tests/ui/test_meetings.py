"""Meetings in the staff UI: the list with filters and export, logging a meeting with follow-ups in one form, detail."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners.models import FollowUp, Meeting
from partners.models.meetings import MeetingKind
from tests import factories

from .harness import MAX_LIST_QUERIES, ListViewChecks, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


# --- helpers (also used by the collaboration and follow-up tests) ----------------------------------------------------


def count_queries(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(context), response


def assert_constant_detail_queries(client, small_url: str, big_url: str) -> int:
    few, _ = count_queries(client, small_url)
    many, _ = count_queries(client, big_url)
    assert few == many, f"{few} queries with few related rows, {many} with many"
    return many


def html(response) -> str:
    return response.content.decode()


def selected_options(page: str, name: str) -> set[str]:
    """The values of the selected <option>s of the select named ``name``."""
    match = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    assert match, f"no select named {name}"
    return set(re.findall(r'<option value="([^"]*)"[^>]*selected', match.group(1)))


def aware(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def meeting(subject="Møde", *, starts_at=None, kind=MeetingKind.MEETING, **relations) -> Meeting:
    obj = Meeting.objects.create(subject=subject, starts_at=starts_at or aware(2026, 3, 2), kind=kind)
    for name, objects in relations.items():
        getattr(obj, name).set(objects)
    return obj


def meetings_with_relations(count: int, *, staff_user) -> list[Meeting]:
    """``count`` meetings, each with two organisations, two contacts, staff, a collaboration, an area, a theme and
    two follow-ups (bulk inserts, so a big list is quick to build)."""
    organisations = factories.OrganisationFactory.create_batch(4)
    contacts = factories.ContactFactory.create_batch(4)
    collaboration = factories.CollaborationFactory()
    area = factories.AreaFactory()
    theme = factories.ThemeFactory()
    start = aware(2025, 1, 1)
    meetings = Meeting.objects.bulk_create(
        Meeting(subject=f"Møde {i}", starts_at=start + datetime.timedelta(days=i)) for i in range(count)
    )
    links = {
        Meeting.organisations.through: [
            Meeting.organisations.through(meeting=m, organisation=o) for m in meetings for o in organisations[:2]
        ],
        Meeting.contacts.through: [
            Meeting.contacts.through(meeting=m, contact=c) for m in meetings for c in contacts[:2]
        ],
        Meeting.staff.through: [Meeting.staff.through(meeting=m, user=staff_user) for m in meetings],
        Meeting.collaborations.through: [
            Meeting.collaborations.through(meeting=m, collaboration=collaboration) for m in meetings
        ],
        Meeting.areas.through: [Meeting.areas.through(meeting=m, area=area) for m in meetings],
        Meeting.themes.through: [Meeting.themes.through(meeting=m, theme=theme) for m in meetings],
    }
    for through, rows in links.items():
        through.objects.bulk_create(rows)
    FollowUp.objects.bulk_create(
        FollowUp(meeting=m, owner=staff_user, text=f"Opgave {i}-{n}") for i, m in enumerate(meetings) for n in range(2)
    )
    return meetings


# --- list ------------------------------------------------------------------------------------------------------------


def test_list_shows_the_columns_with_participants_and_open_follow_up_count(staff_client, staff_user):
    org_a = factories.OrganisationFactory(name="Brabrand Boligforening")
    org_b = factories.OrganisationFactory(name="Aarhus Kommune")
    contact = factories.ContactFactory(first_name="Mette", last_name="Holm")
    collaboration = factories.CollaborationFactory(title="Helhedsplan Gellerup")
    m = meeting(
        "Statusmøde",
        organisations=[org_a, org_b],
        contacts=[contact],
        staff=[staff_user],
        collaborations=[collaboration],
    )
    factories.FollowUpFactory(meeting=m, owner=staff_user)
    factories.FollowUpFactory(meeting=m, owner=staff_user, done_at=timezone.now())

    response = staff_client.get("/meetings/")
    page = html(response)
    assert response.status_code == 200
    assert "Statusmøde" in page
    # Organisations in name order, each a link.
    assert page.index("Aarhus Kommune") < page.index("Brabrand Boligforening")
    assert f'href="{org_a.get_absolute_url()}"' in page
    assert "Mette Holm" in page
    assert "Test Medarbejder" in page
    # One open follow-up, linked to the open follow-ups of the meeting.
    assert f'href="/follow-ups/?meeting={m.pk}&amp;state=open">1</a>' in page
    # Collaborations are a column to choose (the default set fits a 1,366-pixel screen).
    assert "Helhedsplan Gellerup" not in page
    table = response.context["table"]
    chosen = [name for name, _header, visible, _locked in table.column_choices() if visible] + ["collaborations"]
    staff_client.post("/meetings/", {"columns": chosen})
    assert "Helhedsplan Gellerup" in html(staff_client.get("/meetings/"))


class EveryColumnQueryCheck:
    """For ListViewChecks classes: with every column shown the list still costs a constant, small number of queries."""

    def test_query_count_with_every_column_is_constant_and_small(self, staff_client):
        self.make_rows(100)
        table = staff_client.get(self.list_url).context["table"]
        staff_client.post(self.list_url, {"columns": [name for name, *_ in table.column_choices()]})
        small = count_queries(staff_client, f"{self.list_url}?per_page=25")[0]
        large = count_queries(staff_client, f"{self.list_url}?per_page=100")[0]
        assert small == large, (small, large)
        assert large <= MAX_LIST_QUERIES


class TestMeetingList(EveryColumnQueryCheck, ListViewChecks):
    list_url = "/meetings/"
    bad_params = (
        *ListViewChecks.bad_params,
        "per_page=-5",
        "organisations=abc",
        "organisations=999999",
        "contacts=1x&staff=abc&collaborations=%20",
        "starts_at_after=notadate",
        "starts_at_after=2026-13-45&starts_at_before=x",
        "kind=nonsense",
        "q=" + "x" * 500,
    )

    @pytest.fixture(autouse=True)
    def _staff(self, staff_user):
        self.staff_user = staff_user

    def make_rows(self, n):
        return meetings_with_relations(n, staff_user=self.staff_user)

    def test_query_count_with_a_filter_is_still_small(self, staff_client):
        meetings = self.make_rows(100)
        organisation = meetings[0].organisations.first()
        url = f"{self.list_url}?organisations={organisation.pk}&kind=meeting&q=M"
        small = count_queries(staff_client, f"{url}&per_page=25")[0]
        large = count_queries(staff_client, f"{url}&per_page=100")[0]
        assert small == large
        assert large <= MAX_LIST_QUERIES + 2  # the chosen organisation is validated and shown in the filter


@pytest.fixture
def filter_world(staff_user):
    other_user = factories.UserFactory(first_name="Anden", last_name="Kollega")
    org_a, org_b = factories.OrganisationFactory.create_batch(2)
    contact_a, contact_b = factories.ContactFactory.create_batch(2)
    collab = factories.CollaborationFactory()
    area = factories.AreaFactory()
    theme = factories.ThemeFactory()
    world = {
        "phone": meeting(
            "Telefon om tryghed",
            kind=MeetingKind.PHONE,
            starts_at=aware(2026, 1, 10),
            organisations=[org_a],
            contacts=[contact_a],
            staff=[staff_user],
        ),
        "status": meeting(
            "Statusmøde",
            starts_at=aware(2026, 2, 10),
            organisations=[org_a, org_b],
            contacts=[contact_b],
            staff=[other_user],
            collaborations=[collab],
            areas=[area],
        ),
        "visit": meeting("Besøg", kind=MeetingKind.SITE_VISIT, starts_at=aware(2026, 3, 10), themes=[theme]),
    }
    world["minutes"] = meeting("Andet", starts_at=aware(2026, 4, 10))
    world["minutes"].minutes = "Vi talte om beboerdemokrati."
    world["minutes"].save()
    world.update(
        org_a=org_a, org_b=org_b, contact_a=contact_a, contact_b=contact_b, collab=collab, area=area, theme=theme
    )
    world["other_user"] = other_user
    return world


def listed(response) -> set[str]:
    return {row.record.subject for row in response.context["table"].page.object_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=tryghed", {"phone"}),
        ("q=beboerdemokrati", {"minutes"}),
        ("kind=phone&kind=site_visit", {"phone", "visit"}),
        ("starts_at_after=2026-02-01&starts_at_before=2026-03-10", {"status", "visit"}),
        ("organisations={org_a}", {"phone", "status"}),
        ("organisations={org_b}", {"status"}),
        ("organisations={org_a}&organisations={org_b}", {"phone", "status"}),
        ("contacts={contact_a}", {"phone"}),
        ("staff={other_user}", {"status"}),
        ("collaborations={collab}", {"status"}),
        ("areas={area}", {"status"}),
        ("themes={theme}", {"visit"}),
        ("organisations={org_a}&kind=meeting", {"status"}),
    ],
)
def test_filters_return_the_right_meetings(staff_client, filter_world, query, expected):
    ids = {key: getattr(value, "pk", None) for key, value in filter_world.items()}
    response = staff_client.get(f"/meetings/?{query.format(**ids)}")
    assert response.status_code == 200
    assert listed(response) == {filter_world[key].subject for key in expected}


def test_a_meeting_with_two_chosen_organisations_is_listed_once(staff_client, filter_world):
    ids = (filter_world["org_a"].pk, filter_world["org_b"].pk)
    response = staff_client.get(f"/meetings/?organisations={ids[0]}&organisations={ids[1]}")
    subjects = [row.record.subject for row in response.context["table"].page.object_list]
    assert subjects.count("Statusmøde") == 1
    assert response.context["table"].paginator.count == 2


def test_invalid_filter_is_shown_on_the_form(staff_client, filter_world):
    response = staff_client.get("/meetings/?starts_at_after=notadate")
    assert response.context["filter"].form.errors


def test_export_csv_has_exactly_the_filtered_rows(staff_client, filter_world):
    org_a = filter_world["org_a"]
    response = staff_client.get(f"/meetings/?organisations={org_a.pk}&export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert {row["ID"] for row in rows} == {str(filter_world["phone"].pk), str(filter_world["status"].pk)}


def test_export_xlsx_has_exactly_the_filtered_rows(staff_client, filter_world):
    response = staff_client.get("/meetings/?kind=site_visit&export=xlsx")
    assert response.status_code == 200
    rows = read_xlsx(response)
    assert [row["ID"] for row in rows] == [str(filter_world["visit"].pk)]


def test_manager_may_export(manager_client, filter_world):
    assert manager_client.get("/meetings/?export=csv").status_code == 200


# --- logging a meeting -----------------------------------------------------------------------------------------------


def meeting_post(**overrides) -> dict:
    data = {
        "starts_at": "2026-03-05T14:30",
        "kind": MeetingKind.MEETING,
        "subject": "Møde om tryghed i Gellerup",
        "minutes": "",
        "decisions": "",
        "follow_ups-TOTAL_FORMS": "0",
        "follow_ups-INITIAL_FORMS": "0",
        "follow_ups-MIN_NUM_FORMS": "0",
        "follow_ups-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_staff_logs_a_meeting_with_participants_and_follow_ups_in_one_post(staff_client, staff_user):
    org_a, org_b = factories.OrganisationFactory.create_batch(2)
    contact_a, contact_b = factories.ContactFactory.create_batch(2)
    colleague = factories.UserFactory()
    collaboration = factories.CollaborationFactory()
    area = factories.AreaFactory()
    theme = factories.ThemeFactory()
    data = meeting_post(
        organisations=[org_a.pk, org_b.pk],
        contacts=[contact_a.pk, contact_b.pk],
        staff=[staff_user.pk, colleague.pk],
        collaborations=[collaboration.pk],
        areas=[area.pk],
        themes=[theme.pk],
        minutes="Gennemgang af tryghedsindsatsen.",
        decisions="Ny møderække.",
        **{
            "follow_ups-TOTAL_FORMS": "3",
            "follow_ups-0-text": "Send referat",
            "follow_ups-0-owner": str(staff_user.pk),
            "follow_ups-0-due_date": "2026-03-12",
            "follow_ups-1-text": "Ring til politiet",
            "follow_ups-1-owner": str(colleague.pk),
            "follow_ups-1-due_date": "",
            # An untouched extra row (owner still the default) is ignored.
            "follow_ups-2-text": "",
            "follow_ups-2-owner": str(staff_user.pk),
            "follow_ups-2-due_date": "",
        },
    )
    response = staff_client.post("/meetings/add/", data)

    saved = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == saved.get_absolute_url()
    assert saved.subject == "Møde om tryghed i Gellerup"
    assert timezone.localtime(saved.starts_at).replace(tzinfo=None) == datetime.datetime(2026, 3, 5, 14, 30)
    assert set(saved.organisations.all()) == {org_a, org_b}
    assert set(saved.contacts.all()) == {contact_a, contact_b}
    assert set(saved.staff.all()) == {staff_user, colleague}
    assert list(saved.collaborations.all()) == [collaboration]
    assert list(saved.areas.all()) == [area]
    assert list(saved.themes.all()) == [theme]
    assert saved.minutes == "Gennemgang af tryghedsindsatsen."
    follow_ups = {f.text: f for f in saved.follow_ups.all()}
    assert set(follow_ups) == {"Send referat", "Ring til politiet"}
    assert follow_ups["Send referat"].owner == staff_user
    assert follow_ups["Send referat"].due_date == datetime.date(2026, 3, 12)
    assert follow_ups["Ring til politiet"].owner == colleague
    assert follow_ups["Ring til politiet"].due_date is None
    assert all(f.done_at is None for f in follow_ups.values())
    assert saved.history.count() == 1


def test_add_page_defaults_to_now_and_the_current_user(staff_client, staff_user):
    response = staff_client.get("/meetings/add/")
    form = response.context["form"]
    starts_at = form.initial["starts_at"]
    assert starts_at.minute % 15 == 0 and starts_at.second == 0
    assert datetime.timedelta(0) <= timezone.now() - starts_at < datetime.timedelta(minutes=15)  # rounded down
    page = html(response)
    assert selected_options(page, "staff") == {str(staff_user.pk)}
    # The empty follow-up row is owned by the current user until changed.
    assert selected_options(page, "follow_ups-0-owner") == {str(staff_user.pk)}
    assert "Test Medarbejder" in page


def test_add_page_is_pre_filled_from_the_query_string(staff_client):
    org_a = factories.OrganisationFactory(name="Brabrand Boligforening")
    org_b = factories.OrganisationFactory(name="AAB Aarhus")
    contact = factories.ContactFactory(first_name="Mette", last_name="Holm")
    collaboration = factories.CollaborationFactory(title="Helhedsplan Bispehaven")
    response = staff_client.get(
        f"/meetings/add/?organisations={org_a.pk}&organisations={org_b.pk}&contacts={contact.pk}"
        f"&collaborations={collaboration.pk}"
    )
    page = html(response)
    assert selected_options(page, "organisations") == {str(org_a.pk), str(org_b.pk)}
    assert selected_options(page, "contacts") == {str(contact.pk)}
    assert selected_options(page, "collaborations") == {str(collaboration.pk)}
    assert "Brabrand Boligforening" in page and "Mette Holm" in page and "Helhedsplan Bispehaven" in page


def test_one_organisation_in_the_query_string_is_pre_filled_too(staff_client):
    org = factories.OrganisationFactory()
    page = html(staff_client.get(f"/meetings/add/?organisations={org.pk}"))
    assert selected_options(page, "organisations") == {str(org.pk)}


@pytest.mark.parametrize(
    "query",
    ["organisations=abc", "organisations=1x&contacts=", "contacts=999999", "starts_at=garbage", "staff=abc&kind=zz"],
)
def test_add_page_ignores_bad_pre_fill(staff_client, query):
    assert staff_client.get(f"/meetings/add/?{query}").status_code == 200


def test_add_page_selects_render_only_the_chosen_options(staff_client, staff_user):
    organisations = factories.OrganisationFactory.create_batch(300)
    factories.ContactFactory.create_batch(20)
    factories.UserFactory.create_batch(10)
    response = staff_client.get(f"/meetings/add/?organisations={organisations[0].pk}")
    page = html(response)
    assert page.count("<option") < 200
    assert selected_options(page, "organisations") == {str(organisations[0].pk)}


@pytest.mark.parametrize(
    ("overrides", "error_field"),
    [
        ({"starts_at": "31-02-2026 25:00"}, "starts_at"),
        ({"starts_at": ""}, "starts_at"),
        ({"subject": ""}, "subject"),
        ({"kind": "nonsense"}, "kind"),
        ({"organisations": ["abc"]}, "organisations"),
        ({"contacts": ["999999"]}, "contacts"),
    ],
)
def test_invalid_meeting_is_shown_again_in_danish_and_nothing_is_saved(
    staff_client, staff_user, overrides, error_field
):
    data = meeting_post(
        **{
            "follow_ups-TOTAL_FORMS": "1",
            "follow_ups-0-text": "Send referat",
            "follow_ups-0-owner": str(staff_user.pk),
        },
        **overrides,
    )
    response = staff_client.post("/meetings/add/", data)
    assert response.status_code == 200
    assert error_field in response.context["form"].errors
    page = html(response)
    assert "Dette felt er påkrævet" in page or "gyldig" in page or "Vælg" in page
    assert Meeting.objects.count() == 0
    assert FollowUp.objects.count() == 0
    # What was typed is still there.
    assert "Send referat" in page


def test_follow_up_with_text_but_no_owner_stops_the_whole_save(staff_client, staff_user):
    org = factories.OrganisationFactory()
    data = meeting_post(
        organisations=[org.pk],
        **{
            "follow_ups-TOTAL_FORMS": "2",
            "follow_ups-0-text": "Send referat",
            "follow_ups-0-owner": str(staff_user.pk),
            "follow_ups-1-text": "Ring til politiet",
            "follow_ups-1-owner": "",
        },
    )
    response = staff_client.post("/meetings/add/", data)
    assert response.status_code == 200
    formset = response.context["formsets"]["follow_ups"]
    assert formset.forms[1].errors["owner"] == ["Dette felt er påkrævet."]
    assert response.context["formset_errors"]
    assert Meeting.objects.count() == 0
    assert FollowUp.objects.count() == 0


@pytest.mark.parametrize(
    "row",
    [
        {"text": "", "owner": "{user}", "due_date": "2026-03-12"},  # due date but no text
        {"text": "Send referat", "owner": "{user}", "due_date": "not-a-date"},
        {"text": "Send referat", "owner": "abc", "due_date": ""},
    ],
)
def test_invalid_follow_up_rows_save_nothing(staff_client, staff_user, row):
    data = meeting_post(**{"follow_ups-TOTAL_FORMS": "1"})
    for key, value in row.items():
        data[f"follow_ups-0-{key}"] = value.format(user=staff_user.pk)
    response = staff_client.post("/meetings/add/", data)
    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    assert FollowUp.objects.count() == 0


def test_a_removed_follow_up_row_is_not_saved(staff_client, staff_user):
    data = meeting_post(
        **{
            "follow_ups-TOTAL_FORMS": "1",
            "follow_ups-0-text": "Fortrudt",
            "follow_ups-0-owner": "",
            "follow_ups-0-DELETE": "on",
        }
    )
    response = staff_client.post("/meetings/add/", data)
    assert response.status_code == 302
    assert Meeting.objects.count() == 1
    assert FollowUp.objects.count() == 0


def test_missing_management_form_is_an_error_not_a_crash(staff_client):
    data = meeting_post()
    del data["follow_ups-TOTAL_FORMS"]
    response = staff_client.post("/meetings/add/", data)
    assert response.status_code == 200
    assert Meeting.objects.count() == 0


def test_edit_changes_the_meeting_and_its_follow_ups(staff_client, staff_user):
    org = factories.OrganisationFactory()
    m = meeting("Gammelt emne", organisations=[org])
    keep = factories.FollowUpFactory(meeting=m, owner=staff_user, text="Behold")
    drop = factories.FollowUpFactory(meeting=m, owner=staff_user, text="Slet")
    response = staff_client.get(f"/meetings/{m.pk}/edit/")
    assert response.status_code == 200
    data = meeting_post(
        subject="Nyt emne",
        organisations=[],
        **{
            "follow_ups-TOTAL_FORMS": "3",
            "follow_ups-INITIAL_FORMS": "2",
            "follow_ups-0-id": str(keep.pk),
            "follow_ups-0-text": "Behold, ændret",
            "follow_ups-0-owner": str(staff_user.pk),
            "follow_ups-0-due_date": "2026-05-01",
            "follow_ups-1-id": str(drop.pk),
            "follow_ups-1-text": "Slet",
            "follow_ups-1-owner": str(staff_user.pk),
            "follow_ups-1-DELETE": "on",
            "follow_ups-2-text": "Ny opgave",
            "follow_ups-2-owner": str(staff_user.pk),
        },
    )
    response = staff_client.post(f"/meetings/{m.pk}/edit/", data)
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.subject == "Nyt emne"
    assert not m.organisations.exists()
    assert {f.text for f in m.follow_ups.all()} == {"Behold, ændret", "Ny opgave"}
    keep.refresh_from_db()
    assert keep.due_date == datetime.date(2026, 5, 1)


def test_delete_removes_the_meeting_and_its_follow_ups(staff_client, staff_user):
    m = meeting("Slettes")
    factories.FollowUpFactory(meeting=m, owner=staff_user)
    page = html(staff_client.get(f"/meetings/{m.pk}/delete/"))
    assert "Slettes" in page
    response = staff_client.post(f"/meetings/{m.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == "/meetings/"
    assert not Meeting.objects.exists()
    assert not FollowUp.objects.exists()


# --- detail ----------------------------------------------------------------------------------------------------------


def test_detail_shows_participants_context_minutes_and_follow_ups(staff_client, staff_user):
    org = factories.OrganisationFactory(name="Østjysk Bolig")
    affiliation = factories.AffiliationFactory(organisation=org, title="Boligsocial leder")
    collaboration = factories.CollaborationFactory(title="Tryghedsnetværk")
    area = factories.AreaFactory(name="Bispehaven")
    theme = factories.ThemeFactory(name="Tryghed")
    m = meeting(
        "Netværksmøde",
        organisations=[org],
        contacts=[affiliation.contact],
        staff=[staff_user],
        collaborations=[collaboration],
        areas=[area],
        themes=[theme],
    )
    m.minutes = "Referat her."
    m.decisions = "Beslutning her."
    m.save()
    open_one = factories.FollowUpFactory(meeting=m, owner=staff_user, text="Åben opgave")
    factories.FollowUpFactory(meeting=m, owner=staff_user, text="Lukket opgave", done_at=timezone.now())

    response = staff_client.get(m.get_absolute_url())
    page = html(response)
    for text in [
        "Østjysk Bolig",
        affiliation.contact.full_name,
        "Boligsocial leder",
        "Test Medarbejder",
        "Tryghedsnetværk",
        "Bispehaven",
        "Tryghed",
        "Referat her.",
        "Beslutning her.",
        "Åben opgave",
        "Lukket opgave",
    ]:
        assert text in page, text
    # Only the open follow-up has a "mark done" button.
    assert page.count('action="/follow-ups/') == 1
    assert f'action="/follow-ups/{open_one.pk}/done/"' in page
    assert f'name="next" value="{m.get_absolute_url()}"' in page


def test_detail_query_count_does_not_grow_with_related_rows(staff_client, staff_user):
    small, big = meetings_with_relations(2, staff_user=staff_user)
    big.organisations.add(*factories.OrganisationFactory.create_batch(10))
    contacts = factories.ContactFactory.create_batch(10)
    for contact in contacts:
        factories.AffiliationFactory(contact=contact)
        factories.AffiliationFactory(contact=contact, is_primary=False)
    big.contacts.add(*contacts)
    big.staff.add(*factories.UserFactory.create_batch(5))
    big.collaborations.add(*factories.CollaborationFactory.create_batch(5))
    big.areas.add(*factories.AreaFactory.create_batch(5))
    big.themes.add(*factories.ThemeFactory.create_batch(5))
    factories.FollowUpFactory.create_batch(10, meeting=big, owner=staff_user)
    for n in range(5):
        big.subject = f"Ændret {n}"
        big.save()  # history rows
    assert_constant_detail_queries(staff_client, small.get_absolute_url(), big.get_absolute_url())


def test_detail_log_next_meeting_link_carries_the_participants(staff_client):
    org = factories.OrganisationFactory()
    contact = factories.ContactFactory()
    m = meeting("Møde", organisations=[org], contacts=[contact])
    page = html(staff_client.get(m.get_absolute_url()))
    assert f"/meetings/add/?organisations={org.pk}&amp;contacts={contact.pk}" in page


# --- permissions -----------------------------------------------------------------------------------------------------


def test_manager_can_view_log_and_edit_but_not_delete(manager_client, staff_user):
    m = meeting("Møde")
    follow_up = factories.FollowUpFactory(meeting=m, owner=staff_user)
    assert manager_client.get("/meetings/").status_code == 200
    page = html(manager_client.get(m.get_absolute_url()))
    assert "/edit/" in page and "/delete/" not in page
    assert manager_client.get("/meetings/add/").status_code == 200
    assert manager_client.get(f"/meetings/{m.pk}/edit/").status_code == 200
    assert manager_client.get(f"/meetings/{m.pk}/delete/").status_code == 403
    assert manager_client.post(f"/meetings/{m.pk}/delete/").status_code == 403
    assert Meeting.objects.count() == 1
    assert follow_up in FollowUp.objects.all()


def test_user_without_role_sees_nothing(client, plain_user):
    m = meeting("Møde")
    client.force_login(plain_user)
    for url in ["/meetings/", m.get_absolute_url(), "/meetings/add/", "/meetings/?export=csv"]:
        assert client.get(url).status_code == 403, url


def test_anonymous_is_sent_to_login(client):
    response = client.get("/meetings/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


# --- the contacts of the chosen organisations first ------------------------------------------------------------------


@pytest.fixture
def brabrand_people():
    """Brabrand Boligforening with an estate, and people at it, at its estate, formerly at it and elsewhere."""
    brabrand = factories.HousingOrganisationFactory(name="Brabrand Boligforening")
    estate = factories.EstateFactory(name="Gellerupparken", parent=brabrand)
    elsewhere = factories.HousingOrganisationFactory(name="AAB Aarhus")

    def person(first, last, organisation, **extra):
        return factories.AffiliationFactory(
            contact__first_name=first, contact__last_name=last, organisation=organisation, **extra
        ).contact

    return {
        "brabrand": brabrand,
        "estate": estate,
        "elsewhere": elsewhere,
        "andersen": person("Anders", "Andersen", elsewhere),
        "holm": person("Mette", "Holm", brabrand),
        "friis": person("Jonas", "Friis", estate),
        "bang": person("Birthe", "Bang", brabrand, end_date=datetime.date(2024, 6, 30)),  # left
        "zahle": person("Ziggy", "Zahle", elsewhere),
    }


def contact_suggestions(client, query: str) -> dict:
    response = client.get(f"/autocomplete/contacts/?{query}")
    assert response.status_code == 200
    return response.json()


def test_the_people_of_the_chosen_organisation_and_its_units_are_suggested_first(staff_client, brabrand_people):
    world = brabrand_people
    data = contact_suggestions(staff_client, f"q=&rank_organisation={world['brabrand'].pk}")
    names = [result["text"] for result in data["results"]]
    assert names == [
        "Jonas Friis – Gellerupparken",  # at the estate under Brabrand
        "Mette Holm – Brabrand Boligforening",
        "Anders Andersen – AAB Aarhus",
        "Birthe Bang",  # her affiliation with Brabrand has ended
        "Ziggy Zahle – AAB Aarhus",
    ]
    assert [result["optgroup"] for result in data["results"]] == ["first", "first", "others", "others", "others"]
    assert data["groups"] == [
        {"value": "first", "label": "Personer hos Brabrand Boligforening"},
        {"value": "others", "label": "Andre kontaktpersoner"},
    ]


def test_ranked_suggestions_still_match_what_is_typed(staff_client, brabrand_people):
    world = brabrand_people
    data = contact_suggestions(staff_client, f"q=holm&rank_organisation={world['brabrand'].pk}")
    assert [(r["text"], r["optgroup"]) for r in data["results"]] == [("Mette Holm – Brabrand Boligforening", "first")]
    data = contact_suggestions(staff_client, f"q=andersen&rank_organisation={world['brabrand'].pk}")
    assert [(r["text"], r["optgroup"]) for r in data["results"]] == [("Anders Andersen – AAB Aarhus", "others")]


def test_an_estate_ranks_only_its_own_people_first(staff_client, brabrand_people):
    data = contact_suggestions(staff_client, f"rank_organisation={brabrand_people['estate'].pk}")
    first = [r["text"] for r in data["results"] if r["optgroup"] == "first"]
    assert first == ["Jonas Friis – Gellerupparken"]  # not the parent's people
    assert data["groups"][0]["label"] == "Personer hos Gellerupparken"


def test_several_organisations_rank_all_their_people_first(staff_client, brabrand_people):
    world = brabrand_people
    data = contact_suggestions(
        staff_client, f"rank_organisation={world['brabrand'].pk}&rank_organisation={world['elsewhere'].pk}"
    )
    first = [r["text"].split(" – ")[0] for r in data["results"] if r["optgroup"] == "first"]
    assert first == ["Anders Andersen", "Jonas Friis", "Mette Holm", "Ziggy Zahle"]
    assert data["groups"][0]["label"] == "Personer hos de valgte organisationer"


@pytest.mark.parametrize("query", ["", "rank_organisation=", "rank_organisation=abc", "rank_organisation=٣"])
def test_without_organisations_the_contacts_come_a_to_z_as_before(staff_client, brabrand_people, query):
    data = contact_suggestions(staff_client, query)
    assert "groups" not in data and all("optgroup" not in r for r in data["results"])
    assert [r["text"].split(" – ")[0] for r in data["results"]] == [
        "Anders Andersen",
        "Birthe Bang",
        "Jonas Friis",
        "Mette Holm",
        "Ziggy Zahle",
    ]


def test_ranked_suggestions_cost_a_fixed_number_of_queries(staff_client, brabrand_people):
    url = f"/autocomplete/contacts/?rank_organisation={brabrand_people['brabrand'].pk}"
    few = count_queries(staff_client, url)[0]
    for _ in range(15):
        factories.AffiliationFactory(organisation=brabrand_people["estate"])
    many = count_queries(staff_client, url)[0]
    # session, user, two for the permissions, the contacts, their current affiliations, the heading's organisation
    assert few == many == 7, (few, many)


def test_the_meeting_form_asks_for_contacts_ranked_by_its_organisations(staff_client):
    page = html(staff_client.get("/meetings/add/"))
    select = re.search(r'<select[^>]*name="contacts"[^>]*>', page).group(0)
    assert 'data-autocomplete-forward="{&quot;rank_organisation&quot;: &quot;organisations&quot;}"' in select


# --- back where the user came from -----------------------------------------------------------------------------------


def cancel_url(page: str) -> str:
    return re.search(r'<a class="btn btn-outline-secondary" href="([^"]*)">Annullér</a>', page).group(1)


def test_log_meeting_on_an_organisation_comes_back_to_it_with_the_message(staff_client, staff_user):
    org = factories.HousingOrganisationFactory(name="Brabrand Boligforening")
    page = html(staff_client.get(org.get_absolute_url()))
    link = re.search(r'href="(/meetings/add/\?[^"]+)"', page).group(1).replace("&amp;", "&")
    assert link == f"/meetings/add/?organisations={org.pk}&next=%2Forganisations%2F{org.pk}%2F"

    form_page = html(staff_client.get(link))
    assert cancel_url(form_page) == org.get_absolute_url()

    token = re.search(r'name="submission_token" value="([^"]+)"', form_page).group(1)
    data = meeting_post(organisations=[org.pk], staff=[staff_user.pk], submission_token=token)
    response = staff_client.post(link, data, follow=True)
    saved = Meeting.objects.get()
    assert response.redirect_chain == [(org.get_absolute_url(), 302)]
    page = html(response)
    assert f"Møde “{saved}” er gemt." in page
    assert page.count(saved.subject) == 2  # the message, and the organisation's timeline


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_a_next_outside_the_site_is_ignored(staff_client, staff_user, target):
    from urllib.parse import quote

    url = f"/meetings/add/?next={quote(target, safe='')}"
    assert cancel_url(html(staff_client.get(url))) == "/meetings/"
    response = staff_client.post(url, meeting_post(staff=[staff_user.pk]))
    assert response.status_code == 302
    assert response["Location"] == Meeting.objects.get().get_absolute_url()


def test_without_next_cancel_goes_to_the_list_and_saving_to_the_meeting(staff_client, staff_user):
    assert cancel_url(html(staff_client.get("/meetings/add/"))) == "/meetings/"
    response = staff_client.post("/meetings/add/", meeting_post(staff=[staff_user.pk]))
    assert response["Location"] == Meeting.objects.get().get_absolute_url()


@pytest.mark.parametrize("page_of", ["contact", "collaboration", "area", "meeting"])
def test_every_log_meeting_button_comes_back_to_its_page(staff_client, page_of):
    obj = {
        "contact": lambda: factories.AffiliationFactory().contact,
        "collaboration": factories.CollaborationFactory,
        "area": factories.AreaFactory,
        "meeting": lambda: meeting("Forrige møde"),
    }[page_of]()
    page = html(staff_client.get(obj.get_absolute_url()))
    links = re.findall(r'href="(/meetings/add/\?[^"]+)"', page)
    assert links, "no Log meeting button"
    for link in links:
        assert link.endswith(f"next={obj.get_absolute_url().replace('/', '%2F')}"), link


def test_add_follow_up_on_a_meeting_comes_back_to_the_meeting(staff_client, staff_user):
    m = meeting("Statusmøde")
    page = html(staff_client.get(m.get_absolute_url()))
    link = re.search(r'href="(/follow-ups/add/\?[^"]+)"', page).group(1).replace("&amp;", "&")
    assert link == f"/follow-ups/add/?meeting={m.pk}&next=/meetings/{m.pk}/"
    data = {"meeting": m.pk, "text": "Ring tilbage", "owner": staff_user.pk, "due_date": "2026-06-01"}
    response = staff_client.post(link, data)
    assert response.status_code == 302 and response["Location"] == m.get_absolute_url()
    assert m.follow_ups.get().text == "Ring tilbage"


# --- sent twice ------------------------------------------------------------------------------------------------------


def form_token(client, url: str) -> str:
    page = html(client.get(url))
    return re.search(r'<input type="hidden" name="submission_token" value="([0-9a-f-]{36})">', page).group(1)


def test_the_same_meeting_form_sent_twice_saves_one_meeting(staff_client, staff_user):
    org = factories.HousingOrganisationFactory()
    url = f"/meetings/add/?organisations={org.pk}&next=/organisations/{org.pk}/"
    data = meeting_post(
        organisations=[org.pk],
        staff=[staff_user.pk],
        submission_token=form_token(staff_client, url),
        **{
            "follow_ups-TOTAL_FORMS": "1",
            "follow_ups-0-text": "Send referat",
            "follow_ups-0-owner": str(staff_user.pk),
        },
    )
    first = staff_client.post(url, data, follow=True)
    assert first.redirect_chain == [(f"/organisations/{org.pk}/", 302)]  # the success message shown there
    saved = Meeting.objects.get()

    again = staff_client.post(url, data)  # Back, then Gem
    assert again.status_code == 409
    assert Meeting.objects.count() == 1 and FollowUp.objects.count() == 1
    page = html(again)
    assert "Mødet er allerede gemt" in page
    assert f"Møde “{saved}” blev gemt, da formularen blev sendt første gang." in page
    assert f'href="{saved.get_absolute_url()}"' in page  # the saved meeting
    assert f'href="/organisations/{org.pk}/"' in page  # back where the form came from
    assert "er gemt." not in page  # no success message this time


def test_a_form_shown_again_with_errors_keeps_its_token_and_saves_once_corrected(staff_client, staff_user):
    token = form_token(staff_client, "/meetings/add/")
    wrong = staff_client.post("/meetings/add/", meeting_post(subject="", submission_token=token))
    assert wrong.status_code == 200 and "subject" in wrong.context["form"].errors
    assert f'name="submission_token" value="{token}"' in html(wrong)
    right = staff_client.post("/meetings/add/", meeting_post(staff=[staff_user.pk], submission_token=token))
    assert right.status_code == 302 and Meeting.objects.count() == 1


def test_a_damaged_token_saves_nothing_and_says_so_in_danish(staff_client, staff_user):
    response = staff_client.post("/meetings/add/", meeting_post(staff=[staff_user.pk], submission_token="x' OR 1"))
    assert response.status_code == 200
    assert "Formularen kunne ikke kontrolleres, så intet blev gemt." in html(response)
    assert not Meeting.objects.exists()
    fresh = re.search(r'name="submission_token" value="([^"]+)"', html(response)).group(1)
    assert (
        staff_client.post("/meetings/add/", meeting_post(staff=[staff_user.pk], submission_token=fresh)).status_code
        == 302
    )


def test_the_default_start_of_a_logged_meeting_is_never_in_the_future():
    import datetime as dt

    from django.utils import timezone

    from partners.forms.meetings import rounded_now

    zone = timezone.get_current_timezone()
    for minute, second in ((0, 0), (7, 30), (8, 0), (14, 59), (52, 1)):
        now = dt.datetime(2026, 12, 2, 10, minute, second, tzinfo=zone)
        start = rounded_now(now=now)
        assert start <= now and now - start < dt.timedelta(minutes=15) and start.minute % 15 == 0
