import datetime

import factory
import pytest
from django.utils import timezone

from partners.models import Event, Invitation
from partners.models.events import EventKind, InvitationStatus
from tests import factories

from .harness import ListViewChecks, count_queries

pytestmark = pytest.mark.django_db

S = InvitationStatus


class InvitedFactory(factories.InvitationFactory):
    """An invitation through the guest's organisation, sent before the event."""

    organisation = factory.SubFactory(factories.HousingOrganisationFactory)
    status = S.INVITED
    invited_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=20))


def invite(event, statuses: dict[str, int], organisation=None) -> list[Invitation]:
    made = []
    for status, n in statuses.items():
        kwargs = {"organisation": organisation} if organisation else {}
        made += InvitedFactory.create_batch(n, event=event, status=status, **kwargs)
    return made


class TestEventList(ListViewChecks):
    list_url = "/events/"
    add_url = "/events/add/"

    def make_rows(self, n):
        rows = []
        for _ in range(n):
            event = factories.EventFactory()
            invite(event, {S.INVITED: 1, S.ACCEPTED: 1})
            rows.append(event)
        return rows


def rows_by_name(response) -> dict[str, object]:
    return {row.record.name: row.record for row in response.context["table"].page.object_list}


def test_list_shows_invitation_counts_per_status(staff_client):
    event = factories.EventFactory(name="Nytårskur 2027", location="Fællessekretariatet")
    invite(event, {S.DRAFT: 1, S.INVITED: 4, S.ACCEPTED: 3, S.DECLINED: 2, S.ATTENDED: 5, S.NO_SHOW: 1})
    factories.EventFactory(name="Lancering af Årsskrift", kind=EventKind.ANNUAL_REPORT_LAUNCH)

    response = staff_client.get("/events/")

    rows = rows_by_name(response)
    counted = rows["Nytårskur 2027"]
    # The figures as models.events.FIGURES defines them: invited = every invitation sent (15, drafts not), accepted =
    # said yes whether they came or not (accepted, attended, no-show: 9).
    assert (counted.invited_count, counted.accepted_count, counted.declined_count, counted.attended_count) == (
        15,
        9,
        2,
        5,
    )
    assert counted.invitation_count == 16
    empty = rows["Lancering af Årsskrift"]
    assert (empty.invited_count, empty.accepted_count, empty.declined_count, empty.attended_count) == (0, 0, 0, 0)
    html = response.content.decode()
    assert "Fællessekretariatet" in html
    # A count links to the event's invitations it counts.
    assert f"/events/{event.pk}/?status=accepted&amp;status=attended&amp;status=no_show#invitations" in html


def test_list_filters_by_text_kind_and_date_range(staff_client):
    now = timezone.now()
    reception = factories.EventFactory(
        name="Nytårskur", starts_at=now.replace(month=1, day=8) - datetime.timedelta(days=365)
    )
    conference = factories.EventFactory(
        name="Boligsocial konference",
        kind=EventKind.CONFERENCE,
        location="Godsbanen, Aarhus",
        starts_at=now + datetime.timedelta(days=60),
    )

    assert set(rows_by_name(staff_client.get("/events/?q=godsbanen"))) == {conference.name}
    assert set(rows_by_name(staff_client.get("/events/?kind=conference"))) == {conference.name}
    after = timezone.localdate().isoformat()
    assert set(rows_by_name(staff_client.get(f"/events/?date_after={after}"))) == {conference.name}
    day = timezone.localtime(reception.starts_at).date().isoformat()
    assert set(rows_by_name(staff_client.get(f"/events/?date_after={day}&date_before={day}"))) == {reception.name}


def test_list_export_has_the_events(staff_client):
    factories.EventFactory(name="Nytårskur 2027")
    response = staff_client.get("/events/?export=csv&delimiter=semicolon")
    assert response.status_code == 200
    assert "Nytårskur 2027" in response.content.decode("utf-8")


# --- The event page ---------------------------------------------------------------------------------------------------


def test_detail_shows_facts_status_counts_and_invitations(staff_client):
    event = factories.EventFactory(name="Nytårskur 2027", location="Det Boligsociale Fællessekretariat")
    brabrand = factories.HousingOrganisationFactory(name="Brabrand Boligforening")
    guest = factories.ContactFactory(first_name="Mette", last_name="Kjær")
    InvitedFactory(event=event, contact=guest, organisation=brabrand, status=S.ACCEPTED)
    invite(event, {S.INVITED: 2, S.DECLINED: 1})

    response = staff_client.get(f"/events/{event.pk}/")

    assert response.status_code == 200
    counts = {row["key"]: row["count"] for row in response.context["figures"]}
    assert counts == {
        "on_list": 4,
        "draft": 0,
        "invited": 4,
        "awaiting": 2,
        "accepted": 1,
        "declined": 1,
        "attended": 0,
        "no_show": 0,
    }
    html = response.content.decode()
    assert "Det Boligsociale Fællessekretariat" in html
    assert "Mette Kjær" in html
    assert brabrand.get_absolute_url() in html
    assert response.context["table"].paginator.count == 4


def test_detail_links_the_guest_to_the_contact_page(staff_client):
    from django.urls import NoReverseMatch, reverse

    try:
        contact_url_exists = bool(reverse("contact_detail", args=[1]))
    except NoReverseMatch:  # the contact pages are another issue's; the name is shown without a link until then
        contact_url_exists = False
    invitation = InvitedFactory()
    html = staff_client.get(f"/events/{invitation.event_id}/").content.decode()
    assert invitation.contact.full_name in html
    if contact_url_exists:
        assert f'href="{invitation.contact.get_absolute_url()}"' in html


def test_detail_filters_invitations_by_status_organisation_and_text(staff_client):
    event = factories.EventFactory()
    ringgaarden = factories.HousingOrganisationFactory(name="Boligforeningen Ringgården")
    # A surname the factories never make up (a common one like "Andersen" may come out of Faker for the others).
    accepted = InvitedFactory(event=event, status=S.ACCEPTED, contact__last_name="Xylofonsen")
    declined = InvitedFactory(event=event, status=S.DECLINED, organisation=ringgaarden)
    attended = InvitedFactory(event=event, status=S.ATTENDED)
    InvitedFactory(status=S.ACCEPTED)  # another event's

    def shown(params):
        response = staff_client.get(f"/events/{event.pk}/?{params}")
        assert response.status_code == 200
        return {row.record.pk for row in response.context["table"].page.object_list}

    assert shown("") == {accepted.pk, declined.pk, attended.pk}
    assert shown("status=accepted") == {accepted.pk}
    assert shown("status=accepted&status=attended") == {accepted.pk, attended.pk}
    assert shown(f"organisation={ringgaarden.pk}") == {declined.pk}
    assert shown("q=xylofonsen") == {accepted.pk}
    # Invalid filters show no rows and the form errors, never a 500.
    assert shown("status=bogus") == set()
    assert shown("organisation=abc") == set()


def test_detail_paginates_and_sorts_invitations(staff_client):
    event = factories.EventFactory()
    invite(event, {S.INVITED: 30})
    first_page = staff_client.get(f"/events/{event.pk}/").context["table"]
    assert len(first_page.page.object_list) == 25
    assert first_page.paginator.count == 30
    second_page = staff_client.get(f"/events/{event.pk}/?page=2").context["table"]
    assert len(second_page.page.object_list) == 5
    everything = staff_client.get(f"/events/{event.pk}/?per_page=50&sort=-contact").context["table"]
    names = [(r.record.contact.last_name, r.record.contact.first_name) for r in everything.page.object_list]
    assert names == sorted(names, reverse=True)
    for params in ("page=abc", "page=999", "per_page=abc", "sort=nonexistent", "q=%00"):
        assert staff_client.get(f"/events/{event.pk}/?{params}").status_code == 200, params


def test_detail_query_count_does_not_grow_with_invitations(staff_client):
    few = factories.EventFactory()
    invite(few, {S.INVITED: 1, S.ACCEPTED: 1})
    many = factories.EventFactory()
    invite(many, {S.INVITED: 40, S.ACCEPTED: 40, S.ATTENDED: 20}, organisation=None)
    for params in ("", "?per_page=100", "?status=accepted&sort=organisation"):
        small = count_queries(staff_client, f"/events/{few.pk}/{params}")
        large = count_queries(staff_client, f"/events/{many.pk}/{params}")
        assert small == large, (params, small, large)
        assert large <= 12, large


def test_detail_of_an_event_without_invitations_says_so(staff_client):
    event = factories.EventFactory()
    response = staff_client.get(f"/events/{event.pk}/")
    assert response.status_code == 200
    assert response.context["table"].paginator.count == 0


def test_unknown_event_is_404(staff_client):
    assert staff_client.get("/events/999999/").status_code == 404


# --- Add, edit, delete ------------------------------------------------------------------------------------------------


def test_staff_add_an_event(staff_client):
    response = staff_client.get("/events/add/")
    assert response.status_code == 200
    response = staff_client.post(
        "/events/add/",
        {
            "name": "Nytårskur 2028",
            "kind": EventKind.NEW_YEAR_RECEPTION,
            "starts_at": "2028-01-06T15:00",
            "location": "Det Boligsociale Fællessekretariat",
            "description": "Kære samarbejdspartner …",
        },
    )
    event = Event.objects.get(name="Nytårskur 2028")
    assert response.status_code == 302 and response["Location"] == f"/events/{event.pk}/"
    local = timezone.localtime(event.starts_at)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2028, 1, 6), 15, 0)
    assert event.history.count() == 1


def test_add_form_shows_errors_and_saves_nothing(staff_client):
    response = staff_client.post("/events/add/", {"name": "", "kind": "bogus", "starts_at": "not a date"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "kind", "starts_at"}
    assert not Event.objects.exists()


def test_staff_edit_an_event(staff_client):
    event = factories.EventFactory(name="Nytårskur", location="")
    form = staff_client.get(f"/events/{event.pk}/edit/").context["form"]
    local = timezone.localtime(event.starts_at)
    # The browser's date-time field gets the local time, in its own format.
    assert form["starts_at"].value() and local.strftime("%Y-%m-%dT%H:%M") in form.as_div()
    response = staff_client.post(
        f"/events/{event.pk}/edit/",
        {
            "name": "Nytårskur 2027",
            "kind": EventKind.NEW_YEAR_RECEPTION,
            "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "location": "Godsbanen",
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.name, event.location) == ("Nytårskur 2027", "Godsbanen")


# --- A second event of the same name on the same day ------------------------------------------------------------------


def event_data(**changes) -> dict:
    data = {
        "name": "Nytårskur 2027",
        "kind": EventKind.NEW_YEAR_RECEPTION,
        "starts_at": "2027-01-07T16:00",
        "location": "Godsbanen",
    }
    return {**data, **changes}


def local(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.mark.parametrize("name", ["Nytårskur 2027", "  nytårskur   2027 ", "NYTÅRSKUR 2027"])
def test_a_second_event_of_the_same_name_and_day_asks_first(staff_client, name):
    first = factories.EventFactory(name="Nytårskur 2027", starts_at=local(datetime.date(2027, 1, 7), 11))

    response = staff_client.post("/events/add/", event_data(name=name))

    assert response.status_code == 200
    assert Event.objects.count() == 1
    form = response.context["form"]
    assert form.duplicate == first and not form.errors
    html = response.content.decode()
    warning = html[html.index('id="duplicate-warning"') :]
    assert "Der findes allerede et arrangement med dette navn samme dag" in warning
    assert f'href="/events/{first.pk}/"' in warning and "(07.01.2027 11:00)" in warning
    assert 'type="checkbox" name="confirm_duplicate"' in warning and "Opret alligevel" in warning

    confirmed = staff_client.post("/events/add/", event_data(name=name, confirm_duplicate="on"))

    assert confirmed.status_code == 302
    assert Event.objects.count() == 2


def test_other_names_and_other_days_are_no_duplicates(staff_client):
    factories.EventFactory(name="Nytårskur 2027", starts_at=local(datetime.date(2027, 1, 7), 11))
    assert staff_client.post("/events/add/", event_data(name="Nytårskur 2027 – eftermiddag")).status_code == 302
    # The day is the local one: 00:30 on the 8th in Copenhagen is the 7th in UTC, and another day.
    assert staff_client.post("/events/add/", event_data(starts_at="2027-01-08T00:30")).status_code == 302
    assert staff_client.post("/events/add/", event_data(starts_at="2027-01-09T16:00")).status_code == 302
    assert Event.objects.count() == 4


def test_editing_into_a_duplicate_asks_and_editing_itself_does_not(staff_client):
    first = factories.EventFactory(name="Nytårskur 2027", starts_at=local(datetime.date(2027, 1, 7), 16))
    second = factories.EventFactory(name="Sommerfest", starts_at=local(datetime.date(2027, 1, 7), 18))

    again = staff_client.post(f"/events/{first.pk}/edit/", event_data(location="Musikhuset"))
    assert again.status_code == 302  # the event itself is no duplicate

    response = staff_client.post(f"/events/{second.pk}/edit/", event_data(starts_at="2027-01-07T18:00"))
    assert response.status_code == 200 and response.context["form"].duplicate == first
    assert "Gem alligevel" in response.content.decode()
    second.refresh_from_db()
    assert second.name == "Sommerfest"
    saved = staff_client.post(
        f"/events/{second.pk}/edit/", event_data(starts_at="2027-01-07T18:00", confirm_duplicate="on")
    )
    assert saved.status_code == 302
    second.refresh_from_db()
    assert second.name == "Nytårskur 2027"


def test_a_confirmed_duplicate_with_another_error_stays_confirmed(staff_client):
    factories.EventFactory(name="Nytårskur 2027", starts_at=local(datetime.date(2027, 1, 7), 11))
    response = staff_client.post("/events/add/", event_data(confirm_duplicate="on", kind="bogus"))
    assert response.status_code == 200 and set(response.context["form"].errors) == {"kind"}
    html = response.content.decode()
    assert 'id="duplicate-warning"' not in html
    assert '<input type="hidden" name="confirm_duplicate" value="on"' in html


def test_the_duplicate_check_is_one_query():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partners.selectors.events import event_same_name_and_day

    day = datetime.date(2027, 1, 7)
    for hour in (9, 12, 15):
        factories.EventFactory(name=f"Møde kl. {hour}", starts_at=local(day, hour))
    kur = factories.EventFactory(name="Nytårskur 2027", starts_at=local(day, 17))
    with CaptureQueriesContext(connection) as captured:
        found = event_same_name_and_day(name="nytårskur 2027", starts_at=local(day, 10))
        none = event_same_name_and_day(name="Nytårskur 2027", starts_at=local(day, 10), exclude_pk=kur.pk)
    assert (found, none) == (kur, None)
    assert len(captured.captured_queries) == 2


# --- Copy to a new event --------------------------------------------------------------------------------------------


def test_next_year_names_and_dates():
    from partners.forms.events import next_year, next_year_name

    assert next_year_name("Nytårskur 2026") == "Nytårskur 2027"
    assert next_year_name("Nytårskur 2026 ") == "Nytårskur 2027"
    assert next_year_name("Nytårskur") == "Nytårskur"
    assert next_year_name("Lancering af årsskrift 2025/26") == "Lancering af årsskrift 2025/26"
    assert next_year_name("Konference 12026") == "Konference 12026"
    summer = next_year(local(datetime.date(2026, 6, 18), 17))
    assert (summer.date(), summer.hour) == (datetime.date(2027, 6, 18), 17)
    leap = timezone.localtime(next_year(local(datetime.date(2028, 2, 29), 10)))
    assert (leap.date(), leap.hour) == (datetime.date(2029, 2, 28), 10)


@pytest.fixture
def last_year():
    """Nytårskur 2026 with a guest list that has aged: who is still to be invited, and who is not, and why."""
    event = factories.EventFactory(
        name="Nytårskur 2026",
        kind=EventKind.NEW_YEAR_RECEPTION,
        starts_at=local(datetime.date(2026, 1, 8), 16),
        location="Fællessekretariatet, Gellerup",
        description="Kære samarbejdspartner, velkommen til nytårskur.",
        guest_quota=2,
    )
    brabrand = factories.HousingOrganisationFactory(name="Brabrand Boligforening")
    aab = factories.HousingOrganisationFactory(name="AAB Aarhus")
    bl = factories.NationalPartnerFactory(name="BL")

    def guest(first, title, org=brabrand, through=brabrand, status=S.ATTENDED, **contact):
        contact = factories.AffiliationFactory(
            organisation=org,
            title=title,
            contact__first_name=first,
            contact__last_name="Gæst",
            **{f"contact__{k}": v for k, v in contact.items()},
        ).contact
        factories.InvitationFactory(event=event, contact=contact, organisation=through, status=status)
        return contact

    guest("Anne", "Direktør")
    guest("Bo", "Konsulent", status=S.DECLINED)
    guest("Gitte", "Medarbejder")  # the third from Brabrand: over the quota of 2
    guest("Carl", "Chef", do_not_contact=True)
    moved = guest("Dorte", "Områdeleder")
    moved.affiliations.update(end_date=datetime.date(2026, 6, 30))
    factories.AffiliationFactory(contact=moved, organisation=aab, title="Direktør")
    gone = guest("Erik", "Direktør", org=aab, through=aab)
    gone.affiliations.update(end_date=datetime.date(2026, 3, 31))
    guest("Frida", "Direktør", org=aab, through=aab, email=None)
    guest("Hans", "Direktør", org=bl, through=None)  # on the list without an organisation
    factories.InvitationFactory(organisation=aab)  # another event's guest
    return event


def test_copy_opens_the_form_filled_in_a_year_on(staff_client, last_year):
    response = staff_client.get(f"/events/{last_year.pk}/copy/")

    assert response.status_code == 200
    form = response.context["form"]
    initial = {name: form[name].value() for name in ("name", "kind", "location", "guest_quota", "description")}
    assert initial == {
        "name": "Nytårskur 2027",
        "kind": EventKind.NEW_YEAR_RECEPTION,
        "location": "Fællessekretariatet, Gellerup",
        "guest_quota": 2,
        "description": "Kære samarbejdspartner, velkommen til nytårskur.",
    }
    html = response.content.decode()
    assert 'name="starts_at" value="2027-01-08T16:00"' in html
    assert form["copy_guests"].value() is True
    assert 'id="id_copy_guests" checked' in html
    assert "8 personer er på listen for Nytårskur 2026." in html
    assert f'href="/events/{last_year.pk}/"' in html[html.index('id="copy-source"') :]


def test_the_event_page_offers_the_copy_to_those_who_may_add_events(staff_client, manager_client, last_year):
    url = f"/events/{last_year.pk}/copy/"
    assert url in staff_client.get(f"/events/{last_year.pk}/").content.decode()
    assert url not in manager_client.get(f"/events/{last_year.pk}/").content.decode()


def copy_post(**changes) -> dict:
    return {**event_data(name="Nytårskur 2027", starts_at="2027-01-08T16:00", guest_quota="2"), **changes}


def test_copy_with_guests_checks_each_again_and_says_why_some_are_left_out(staff_client, last_year):
    response = staff_client.post(f"/events/{last_year.pk}/copy/", copy_post(copy_guests="on"), follow=True)

    new = Event.objects.get(name="Nytårskur 2027")
    assert response.redirect_chain == [(f"/events/{new.pk}/", 302)]
    copied = Invitation.objects.filter(event=new)
    assert set(copied.values_list("contact__first_name", "organisation__name", "status")) == {
        ("Anne", "Brabrand Boligforening", S.DRAFT),
        ("Bo", "Brabrand Boligforening", S.DRAFT),
        ("Hans", "BL", S.DRAFT),
    }
    assert all(invitation.history.first().history_user.username == "medarbejder" for invitation in copied)
    message = [str(m) for m in response.context["messages"]]
    assert message == [
        "“Nytårskur 2027” blev oprettet ud fra “Nytårskur 2026”. 3 gæster er sat på listen som kladder. 5 blev "
        "udeladt: Må ikke kontaktes (1), Ingen nuværende tilknytning (1), Ikke længere i den organisation, personen "
        "var inviteret via (1), Ingen e-mailadresse (1), Over kvoten for organisationen (1)."
    ]
    assert Invitation.objects.filter(event=last_year).count() == 8  # last year's list as it was


def test_copy_without_the_guest_list(staff_client, last_year):
    response = staff_client.post(f"/events/{last_year.pk}/copy/", copy_post(), follow=True)
    new = Event.objects.get(name="Nytårskur 2027")
    assert not Invitation.objects.filter(event=new).exists()
    assert [str(m) for m in response.context["messages"]] == ["“Nytårskur 2027” blev oprettet ud fra “Nytårskur 2026”."]


def test_copy_one_guest_left_out_is_singular(staff_client):
    source = factories.EventFactory(name="Boligsocial konference 2026")
    factories.InvitationFactory(event=source, contact=factories.AffiliationFactory().contact)
    left = factories.InvitationFactory(event=source)  # no affiliation at all
    assert not left.contact.affiliations.exists()
    response = staff_client.post(
        f"/events/{source.pk}/copy/",
        copy_post(name="Boligsocial konference 2027", guest_quota="", copy_guests="on"),
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "“Boligsocial konference 2027” blev oprettet ud fra “Boligsocial konference 2026”. 1 gæst er sat på listen "
        "som kladde. 1 blev udeladt: Ingen nuværende tilknytning (1)."
    ]


def test_copy_onto_an_existing_event_asks_first_and_saves_nothing(staff_client, last_year):
    existing = factories.EventFactory(name="nytårskur 2027", starts_at=local(datetime.date(2027, 1, 8), 12))
    response = staff_client.post(f"/events/{last_year.pk}/copy/", copy_post(copy_guests="on"))
    assert response.status_code == 200 and response.context["form"].duplicate == existing
    assert Event.objects.count() == 3 and Invitation.objects.count() == 9
    html = response.content.decode()
    assert 'id="duplicate-warning"' in html and 'id="copy-guests"' in html
    confirmed = staff_client.post(f"/events/{last_year.pk}/copy/", copy_post(copy_guests="on", confirm_duplicate="on"))
    assert confirmed.status_code == 302
    assert Invitation.objects.filter(event__name="Nytårskur 2027").count() == 3


def test_copy_with_bad_input_saves_nothing(staff_client, last_year):
    response = staff_client.post(f"/events/{last_year.pk}/copy/", copy_post(starts_at="soon", copy_guests="on"))
    assert response.status_code == 200 and set(response.context["form"].errors) == {"starts_at"}
    assert Event.objects.count() == 2 and Invitation.objects.count() == 9


def test_copy_is_one_transaction(staff_user, last_year, monkeypatch):
    from partners.services import events as event_services

    def fail(**kwargs):
        raise RuntimeError("the guest list could not be written")

    monkeypatch.setattr(event_services, "invitations_add", fail)
    new = Event(
        name="Nytårskur 2027", kind=EventKind.NEW_YEAR_RECEPTION, starts_at=local(datetime.date(2027, 1, 8), 16)
    )
    with pytest.raises(RuntimeError):
        event_services.event_copy(source=last_year, event=new, copy_guests=True, user=staff_user)
    assert not Event.objects.filter(name="Nytårskur 2027").exists()


def test_copy_queries_do_not_grow_with_the_guest_list(staff_client, last_year):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def posted(name):
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.post(f"/events/{last_year.pk}/copy/", copy_post(name=name, copy_guests="on"))
        assert response.status_code == 302
        return len(captured.captured_queries)

    few = posted("Nytårskur A")
    for _ in range(30):
        affiliation = factories.AffiliationFactory()
        factories.InvitationFactory(event=last_year, contact=affiliation.contact, organisation=affiliation.organisation)
    many = posted("Nytårskur B")
    assert Invitation.objects.filter(event__name="Nytårskur B").count() == 3 + 30
    assert few == many, (few, many)


def test_copy_permissions_and_unknown_events(staff_client, manager_client, client, plain_user, last_year):
    url = f"/events/{last_year.pk}/copy/"
    assert manager_client.get(url).status_code == 403
    assert manager_client.post(url, copy_post(copy_guests="on")).status_code == 403
    client.force_login(plain_user)
    assert client.get(url).status_code == 403
    assert client.get("/events/999999/copy/").status_code == 403  # no permission: not even whether it exists
    assert staff_client.get("/events/999999/copy/").status_code == 404
    assert Event.objects.count() == 2


def test_delete_lists_the_invitations_that_go_with_the_event(staff_client):
    event = factories.EventFactory()
    invitations = invite(event, {S.INVITED: 2, S.ACCEPTED: 1})
    contact = invitations[0].contact

    response = staff_client.get(f"/events/{event.pk}/delete/")

    assert response.status_code == 200
    assert ("Invitationer", 3) in response.context["cascades"]
    assert response.context["protected"] == []
    response = staff_client.post(f"/events/{event.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/events/"
    assert not Event.objects.filter(pk=event.pk).exists()
    assert not Invitation.objects.filter(event_id=event.pk).exists()
    contact.refresh_from_db()  # the guests stay in the register


# --- Permissions ------------------------------------------------------------------------------------------------------


def test_managers_view_events_but_do_not_change_them(manager_client):
    event = factories.EventFactory()
    invite(event, {S.ACCEPTED: 1})
    assert manager_client.get("/events/").status_code == 200
    response = manager_client.get(f"/events/{event.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"/events/{event.pk}/edit/" not in html and f"/events/{event.pk}/delete/" not in html
    assert "/events/add/" not in manager_client.get("/events/").content.decode()
    assert manager_client.get("/events/add/").status_code == 403
    assert manager_client.post("/events/add/", {"name": "x"}).status_code == 403
    assert manager_client.get(f"/events/{event.pk}/edit/").status_code == 403
    assert manager_client.post(f"/events/{event.pk}/delete/").status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "path", ["/events/", "/events/{pk}/", "/events/add/", "/events/{pk}/edit/", "/events/{pk}/delete/"]
)
def test_user_without_role_is_refused_every_event_page(client, plain_user, path):
    event = factories.EventFactory()
    client.force_login(plain_user)
    assert client.get(path.format(pk=event.pk)).status_code == 403


def test_invitation_table_is_reusable_across_events(rf, staff_user):
    """The later list builder and check-in show invitations of several events: the event column renders too."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partners.tables.events import InvitationTable

    invitations = [InvitedFactory(status=S.ACCEPTED) for _ in range(3)]
    request = rf.get("/")
    request.user = staff_user
    rows = Invitation.objects.select_related("event", "contact", "organisation")
    table = InvitationTable(rows, request=request)
    table.apply_column_choice([*InvitationTable.default_column_names(), "event", "email"])
    with CaptureQueriesContext(connection) as captured:
        html = table.as_html(request)
    assert len(captured.captured_queries) == 1
    for invitation in invitations:
        assert invitation.event.get_absolute_url() in html
        assert invitation.contact.email in html
