"""The nytårskur cycle: add invitees (quota, exclusions, dedupe), statuses, coverage, check-in, mail merge."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners.models import Contact, Invitation
from partners.models.events import InvitationStatus
from partners.models.organisations import OrganisationKind
from partners.selectors.events import ExclusionReason, invitation_candidates, seniority_rank
from partners.services.invitations import invitations_add, invitations_set_status
from tests import factories

from .harness import read_csv, read_xlsx

pytestmark = pytest.mark.django_db

S = InvitationStatus
R = ExclusionReason


def person(org, first, last, title="Konsulent", primary=True, **contact):
    return factories.AffiliationFactory(
        organisation=org,
        contact__first_name=first,
        contact__last_name=last,
        title=title,
        is_primary=primary,
        **{f"contact__{k}": v for k, v in contact.items()},
    ).contact


def test_seniority_ranking_follows_the_keyword_list():
    titles = ["Boligsocial medarbejder", "Områdeleder", "Direktør", "Kontorchef", "Konsulent", "Praktikant"]
    assert sorted(titles, key=seniority_rank) == [
        "Direktør",
        "Kontorchef",
        "Områdeleder",
        "Konsulent",
        "Boligsocial medarbejder",
        "Praktikant",
    ]


def test_quota_takes_primary_first_then_seniority_then_name():
    event = factories.EventFactory()
    org = factories.HousingOrganisationFactory()
    person(org, "Anne", "Andersen", "Boligsocial medarbejder")
    director = person(org, "Bo", "Berg", "Direktør")
    not_primary = person(org, "Carl", "Clausen", "Direktør", primary=False)
    leader_a = person(org, "Dorte", "Dahl", "Områdeleder")
    person(org, "Erik", "Eskildsen", "Områdeleder")

    result = invitation_candidates(event=event, contacts=Contact.objects.all(), quota=2)

    assert [c.contact for c in result.included] == [director, leader_a]
    over = {c.contact.first_name: c.reason for c in result.excluded}
    assert over == {"Anne": R.OVER_QUOTA, "Carl": R.OVER_QUOTA, "Erik": R.OVER_QUOTA}
    assert not_primary not in [c.contact for c in result.included]


def test_quota_counts_those_already_on_the_list_and_empty_quota_means_all():
    event = factories.EventFactory()
    org = factories.HousingOrganisationFactory()
    first = person(org, "Anne", "Andersen", "Direktør")
    for n in range(3):
        person(org, f"P{n}", "Pedersen")
    Invitation.objects.create(event=event, contact=first, organisation=org)

    limited = invitation_candidates(event=event, contacts=Contact.objects.all(), quota=2)
    assert len(limited.included) == 1
    unlimited = invitation_candidates(event=event, contacts=Contact.objects.all(), quota=None)
    assert len(unlimited.included) == 3


def test_exclusions_carry_their_reasons():
    event = factories.EventFactory()
    org = factories.HousingOrganisationFactory()
    ok = person(org, "Ok", "Person")
    person(org, "Nej", "Tak", do_not_contact=True)
    person(org, "Uden", "Mail", email=None)
    factories.ContactFactory(first_name="Ingen", last_name="Job")
    former = person(org, "Tidligere", "Ansat")
    former.affiliations.update(end_date=datetime.date(2024, 1, 1))
    listed = person(org, "Allerede", "Inviteret")
    Invitation.objects.create(event=event, contact=listed, organisation=org)

    result = invitation_candidates(event=event, contacts=Contact.objects.all(), quota=None)

    assert [c.contact for c in result.included] == [ok]
    assert {c.contact.first_name: c.reason for c in result.excluded} == {
        "Nej": R.DO_NOT_CONTACT,
        "Uden": R.NO_EMAIL,
        "Ingen": R.NO_CURRENT_AFFILIATION,
        "Tidligere": R.NO_CURRENT_AFFILIATION,
        "Allerede": R.ALREADY_INVITED,
    }


def test_a_contact_matched_twice_is_added_once_through_the_primary_organisation():
    event = factories.EventFactory()
    main, other = factories.HousingOrganisationFactory(), factories.HousingOrganisationFactory()
    contact = person(main, "To", "Gange")
    factories.AffiliationFactory(contact=contact, organisation=other, is_primary=False)
    red, blue = factories.TagFactory(), factories.TagFactory()
    contact.tags.add(red, blue)
    twice = Contact.objects.filter(tags__in=[red, blue])  # a join: the contact comes back twice
    assert twice.count() == 2

    result = invitations_add(event=event, contacts=twice, quota=None)

    assert (result.included_count, result.excluded_count) == (1, 0)
    invitation = Invitation.objects.get(event=event)
    assert (invitation.contact, invitation.organisation, invitation.status) == (contact, main, S.DRAFT)
    # Added in one statement, with its history row, as a save would.
    (record,) = invitation.history.all()
    assert (record.history_type, record.status, record.organisation_id) == ("+", S.DRAFT, main.pk)


def test_preview_then_add_through_the_pages(staff_client):
    event = factories.EventFactory()
    housing = factories.HousingOrganisationFactory()
    person(housing, "Mette", "Kjær", "Direktør")
    person(housing, "Jonas", "Friis", "Medarbejder")
    person(housing, "Nej", "Tak", do_not_contact=True)
    person(factories.NationalPartnerFactory(), "Landsdækkende", "Person")
    url = f"/events/{event.pk}/invite/?kind=housing_organisation&quota=1"

    page = staff_client.get(url)

    assert page.status_code == 200
    assert [c.contact.first_name for c in page.context["candidates"].included] == ["Mette"]
    text = page.content.decode()
    assert "Over the quota for the organisation" in text or "Over kvoten" in text
    assert Invitation.objects.count() == 0

    response = staff_client.post(url.split("?")[0], {"querystring": url.split("?")[1]})
    assert response.status_code == 302
    assert list(Invitation.objects.values_list("contact__first_name", "status")) == [("Mette", S.DRAFT)]


def test_the_events_own_quota_is_the_default_until_the_user_changes_it(staff_client):
    event = factories.EventFactory(guest_quota=1)
    housing = factories.HousingOrganisationFactory()
    person(housing, "Mette", "Kjær", "Direktør")
    person(housing, "Jonas", "Friis", "Medarbejder")
    page = staff_client.get(f"/events/{event.pk}/invite/?kind=housing_organisation")
    assert page.context["quota_form"]["quota"].value() == "1"
    assert [c.contact.first_name for c in page.context["candidates"].included] == ["Mette"]
    emptied = staff_client.get(f"/events/{event.pk}/invite/?kind=housing_organisation&quota=")
    assert len(emptied.context["candidates"].included) == 2
    staff_client.post(f"/events/{event.pk}/invite/", {"querystring": "kind=housing_organisation"})
    assert list(Invitation.objects.values_list("contact__first_name", flat=True)) == ["Mette"]


@pytest.mark.parametrize("quota", ["-1", "0", "abc", "99999"])
def test_bad_quota_is_a_form_error(staff_client, quota):
    event = factories.EventFactory()
    response = staff_client.get(f"/events/{event.pk}/invite/?kind=housing_organisation&quota={quota}")
    assert response.status_code == 200
    assert response.context["quota_form"].errors and response.context["candidates"] is None
    post = staff_client.post(f"/events/{event.pk}/invite/", {"querystring": f"kind=housing_organisation&quota={quota}"})
    assert post.status_code == 302 and Invitation.objects.count() == 0


def test_filters_collaboration_theme_and_earlier_event(staff_client):
    event, last_year = factories.EventFactory(), factories.EventFactory()
    org = factories.HousingOrganisationFactory()
    theme = factories.ThemeFactory()
    collaboration = factories.CollaborationFactory()
    collaboration.themes.add(theme)
    collaboration.memberships.create(organisation=org)
    partner = person(org, "Partner", "Person")
    came = person(factories.NationalPartnerFactory(), "Kom", "Sidst")
    Invitation.objects.create(event=last_year, contact=came, status=S.ATTENDED)
    stayed_away = person(factories.NationalPartnerFactory(), "Kom", "Ikke")
    Invitation.objects.create(event=last_year, contact=stayed_away, status=S.NO_SHOW)

    def included(query):
        response = staff_client.get(f"/events/{event.pk}/invite/?{query}")
        assert response.status_code == 200, query
        return {c.contact for c in response.context["candidates"].included}

    assert included(f"collaborations={collaboration.pk}") == {partner}
    assert included(f"themes={theme.pk}") == {partner}
    assert included(f"invited_to={last_year.pk}") == {came, stayed_away}
    assert included(f"attended={last_year.pk}") == {came}


def test_preview_query_count_is_constant(staff_client):
    event = factories.EventFactory()

    def queries(n):
        for _ in range(n):
            factories.AffiliationFactory(organisation=factories.HousingOrganisationFactory())
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(f"/events/{event.pk}/invite/?kind=housing_organisation&quota=2")
        assert response.status_code == 200
        return len(captured.captured_queries)

    assert queries(10) == queries(50)


def test_invitation_table_query_count_is_constant(staff_client):
    event = factories.EventFactory()

    def queries(n):
        for _ in range(n):
            Invitation.objects.create(
                event=event, contact=factories.ContactFactory(), organisation=factories.HousingOrganisationFactory()
            )
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(f"/events/{event.pk}/?per_page=250")
        assert response.status_code == 200
        return len(captured.captured_queries)

    assert queries(10) == queries(50)


@pytest.mark.parametrize(
    ("status", "stamp"),
    [
        (S.INVITED, "invited_at"),
        (S.ACCEPTED, "responded_at"),
        (S.DECLINED, "responded_at"),
        (S.ATTENDED, "attendance_recorded_at"),
        (S.NO_SHOW, "attendance_recorded_at"),
    ],
)
def test_bulk_status_change_sets_the_timestamp(staff_client, status, stamp):
    event = factories.EventFactory()
    chosen = [Invitation.objects.create(event=event, contact=factories.ContactFactory()) for _ in range(2)]
    untouched = Invitation.objects.create(event=event, contact=factories.ContactFactory())
    before = timezone.now()

    response = staff_client.post(
        f"/events/{event.pk}/invitations/status/", {"selected": [i.pk for i in chosen], "status": status}
    )

    assert response.status_code == 302
    for invitation in Invitation.objects.filter(pk__in=[i.pk for i in chosen]):
        assert invitation.status == status and getattr(invitation, stamp) >= before
    untouched.refresh_from_db()
    assert untouched.status == S.DRAFT and untouched.invited_at is None


def test_bulk_status_refuses_bad_input_and_other_events(staff_client):
    event, other = factories.EventFactory(), factories.EventFactory()
    foreign = Invitation.objects.create(event=other, contact=factories.ContactFactory())
    url = f"/events/{event.pk}/invitations/status/"
    for data in (
        {"selected": [foreign.pk], "status": "invited"},
        {"selected": ["abc"], "status": "invited"},
        {"selected": [], "status": "bogus"},
    ):
        assert staff_client.post(url, data).status_code == 302
    foreign.refresh_from_db()
    assert foreign.status == S.DRAFT
    assert invitations_set_status(invitations=Invitation.objects.none(), status=S.INVITED) == 0


def test_invitation_edit_changes_organisation_and_status(staff_client):
    event = factories.EventFactory()
    old, new = factories.HousingOrganisationFactory(), factories.HousingOrganisationFactory()
    invitation = Invitation.objects.create(event=event, contact=factories.ContactFactory(), organisation=old)
    url = f"/events/{event.pk}/invitations/{invitation.pk}/edit/"
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"organisation": new.pk, "status": S.ACCEPTED})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.organisation == new and invitation.status == S.ACCEPTED and invitation.responded_at


def test_coverage_by_kind_key_partners_and_year_over_year(staff_client):
    last = factories.EventFactory(starts_at=timezone.now() - datetime.timedelta(days=365))
    event = factories.EventFactory(starts_at=timezone.now())
    key = factories.HousingOrganisationFactory(name="Nøglepartner", is_key_partner=True)
    forgotten = factories.HousingOrganisationFactory(name="Glemt", is_key_partner=True)
    national = factories.NationalPartnerFactory()
    both, only_last, only_now = factories.ContactFactory(), factories.ContactFactory(), factories.ContactFactory()
    Invitation.objects.create(event=event, contact=both, organisation=key, status=S.ACCEPTED)
    Invitation.objects.create(event=event, contact=only_now, organisation=key, status=S.DRAFT)
    Invitation.objects.create(event=event, contact=factories.ContactFactory(), organisation=national, status=S.ATTENDED)
    Invitation.objects.create(event=last, contact=both, organisation=key)
    Invitation.objects.create(event=last, contact=only_last, organisation=forgotten)

    response = staff_client.get(f"/events/{event.pk}/coverage/")

    assert response.status_code == 200
    kinds = {row["kind"]: (row["on_list"], row["invited"], row["accepted"]) for row in response.context["by_kind"]}
    assert kinds[OrganisationKind.HOUSING_ORGANISATION] == (2, 1, 1)
    assert kinds[OrganisationKind.NATIONAL_PARTNER] == (1, 1, 1)
    assert kinds[OrganisationKind.MUNICIPALITY] == (0, 0, 0)
    partners = {o.name: (o.on_list, o.invited, o.accepted) for o in response.context["key_partners"]}
    assert partners == {"Nøglepartner": (2, 1, 1), "Glemt": (0, 0, 0)}
    assert response.context["earlier"] == last  # the previous event of the same kind by default
    yoy = response.context["year_over_year"]
    assert [i.contact for i in yoy["not_again"]] == [only_last]
    assert {i.contact for i in yoy["new"]} == {
        only_now,
        *[i.contact for i in event.invitations.filter(organisation=national)],
    }
    assert staff_client.get(f"/events/{event.pk}/coverage/?compare=abc").status_code == 200


def test_check_in_marks_attended_and_updates_counts(staff_client):
    event = factories.EventFactory()
    guest = Invitation.objects.create(
        event=event, contact=factories.ContactFactory(first_name="Gæst", last_name="Gæstesen"), status=S.ACCEPTED
    )
    Invitation.objects.create(event=event, contact=factories.ContactFactory(), status=S.INVITED)
    url = f"/events/{event.pk}/checkin/"
    page = staff_client.get(f"{url}?q=gæst")
    assert [i.pk for i in page.context["results"]] == [guest.pk]
    assert page.context["counts"] == {"attended": 0, "accepted": 1, "invited": 2}

    response = staff_client.post(url, {"invitation": guest.pk}, headers={"Accept": "application/json"})

    assert response.json()["counts"] == {"attended": 1, "accepted": 1, "invited": 2}
    guest.refresh_from_db()
    assert guest.status == S.ATTENDED and guest.attendance_recorded_at
    assert staff_client.post(url, {"invitation": "abc"}).status_code == 302
    assert staff_client.post(url, {"invitation": guest.pk}).status_code == 302  # again, without JS


@pytest.fixture
def merge_event():
    event = factories.EventFactory()
    org = factories.HousingOrganisationFactory(name='=HYPERLINK("x")')
    mette = person(org, "Mette", "Kjær", "Direktør")
    mette.salutation = "Kære borgmester"
    mette.save()
    jonas = person(org, "Jonas", "Friis", "Medarbejder")
    secret = person(org, "Hemmelig", "Person", do_not_contact=True)
    for contact, status in ((mette, S.ACCEPTED), (jonas, S.INVITED), (secret, S.ACCEPTED)):
        Invitation.objects.create(event=event, contact=contact, organisation=org, status=status)
    return event


@pytest.mark.parametrize("query", ["", "&status=accepted", "&status=invited&status=accepted", "&status=declined"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_mail_merge_never_exports_do_not_contact_and_nobody_twice(staff_client, merge_event, fmt, query):
    response = staff_client.get(f"/events/{merge_event.pk}/export/?format={fmt}{query}")
    assert response.status_code == 200
    rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
    names = [row["Fulde navn"] if "Fulde navn" in row else row["Full name"] for row in rows]
    assert "Hemmelig Person" not in names
    assert len(names) == len(set(names))


def test_mail_merge_columns(staff_client, merge_event):
    response = staff_client.get(f"/events/{merge_event.pk}/export/?format=csv", HTTP_ACCEPT_LANGUAGE="da")
    assert response.content.decode("utf-8").split("\r\n")[0].count(";") == 7
    rows = {row["Fornavn"]: row for row in read_csv(response)}
    assert rows["Mette"]["Hilsen"] == "Kære borgmester"
    assert rows["Jonas"]["Hilsen"] == "Kære Jonas"
    assert rows["Jonas"]["Titel"] == "Medarbejder"
    assert rows["Jonas"]["Organisation"].startswith("'=")  # neutralised
    assert rows["Mette"]["Status"] == "Tilmeldt"


@pytest.mark.parametrize("query", ["format=pdf", "format=csv&status=bogus", ""])
def test_mail_merge_bad_parameters_redirect(staff_client, merge_event, query):
    assert staff_client.get(f"/events/{merge_event.pk}/export/?{query}").status_code == 302


def test_print_page_lists_accepted_without_do_not_contact(staff_client, merge_event):
    response = staff_client.get(f"/events/{merge_event.pk}/print/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Mette Kjær" in text and "Hemmelig" not in text and "Jonas" not in text
    assert staff_client.get(f"/events/{merge_event.pk}/print/?status=bogus").status_code == 200


def test_permissions(staff_client, manager_client, client, plain_user, merge_event):
    pk = merge_event.pk
    invitation = merge_event.invitations.first()
    reads = [f"/events/{pk}/", f"/events/{pk}/coverage/", f"/events/{pk}/export/?format=csv", f"/events/{pk}/print/"]
    changes = [f"/events/{pk}/invite/", f"/events/{pk}/checkin/", f"/events/{pk}/invitations/{invitation.pk}/edit/"]
    for url in reads:
        assert manager_client.get(url).status_code == 200, url
    for url in changes:
        assert manager_client.get(url).status_code == 403, url
        assert staff_client.get(url).status_code == 200, url
    posts = [f"/events/{pk}/invitations/status/", f"/events/{pk}/checkin/", f"/events/{pk}/invite/"]
    for url in posts:
        assert manager_client.post(url, {"selected": [invitation.pk], "status": "invited"}).status_code == 403, url
    assert "bulk-status" not in manager_client.get(f"/events/{pk}/").content.decode()
    client.force_login(plain_user)
    for url in reads + changes:
        assert client.get(url).status_code == 403, url
    client.logout()
    for url in reads + changes:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    assert staff_client.get("/events/999999/invite/").status_code == 404


# --- Inviting an organisation with its sub-units --------------------------------------------------------------------


@pytest.fixture
def aarhus():
    """Aarhus Kommune with a forvaltning, an office below that, and a neighbouring municipality."""
    municipality = factories.MunicipalityFactory(name="Aarhus Kommune")
    social = factories.AdministrationFactory(name="Sociale Forhold og Beskæftigelse", parent=municipality)
    jobcenter = factories.AdministrationFactory(name="Jobcenter Aarhus", parent=social)
    children = factories.AdministrationFactory(name="Børn og Unge", parent=municipality)
    person(municipality, "Anna", "Borgmester", "Direktør")
    person(social, "Bent", "Bach", "Direktør")
    person(social, "Cecilie", "Cort", "Kontorchef")
    person(social, "Dennis", "Dahl", "Medarbejder")  # the third of the forvaltning: over a quota of 2
    person(social, "Ejnar", "Eng", "Konsulent", do_not_contact=True)
    person(jobcenter, "Freja", "Friis", "Leder")  # two levels down
    person(children, "Gorm", "Gade", "Direktør", email=None)
    both = person(children, "Hanne", "Holm", "Chef")  # at a sub-unit and, not primary, at the municipality
    factories.AffiliationFactory(contact=both, organisation=municipality, is_primary=False)
    person(factories.MunicipalityFactory(name="Favrskov Kommune"), "Ib", "Ibsen", "Direktør")
    return municipality


def preview(client, event, query):
    response = client.get(f"/events/{event.pk}/invite/?{query}")
    assert response.status_code == 200
    return response


def test_organisation_includes_its_sub_units_by_default(staff_client, aarhus):
    event = factories.EventFactory()
    response = preview(staff_client, event, f"organisation={aarhus.pk}&quota=2")

    candidates = response.context["candidates"]
    assert {c.contact.first_name for c in candidates.included} == {"Anna", "Bent", "Cecilie", "Freja", "Hanne"}
    assert {c.contact.first_name: c.reason for c in candidates.excluded} == {
        "Dennis": R.OVER_QUOTA,
        "Ejnar": R.DO_NOT_CONTACT,
        "Gorm": R.NO_EMAIL,
    }
    # Anna and Hanne work at the municipality itself; the others only below it.
    assert {c.contact.first_name for c in candidates.included if c.via_sub_unit} == {"Bent", "Cecilie", "Freja"}
    assert (candidates.included_via_sub_units, candidates.excluded_via_sub_units) == (3, 3)
    assert candidates.reason_counts() == [
        (R.DO_NOT_CONTACT.label, 1),
        (R.NO_EMAIL.label, 1),
        (R.OVER_QUOTA.label, 1),
    ]
    html = response.content.decode()
    assert 'id="id_include_sub_units" checked' in html
    assert "3 af dem arbejder i underenheder af de valgte organisationer." in html
    assert "Må ikke kontaktes: <strong>1</strong>" in html


def test_unticking_sub_units_invites_only_the_organisation_itself(staff_client, aarhus):
    event = factories.EventFactory()
    response = preview(staff_client, event, f"organisation={aarhus.pk}&include_sub_units=false&quota=2")
    candidates = response.context["candidates"]
    assert {c.contact.first_name for c in candidates.included} == {"Anna", "Hanne"}
    assert candidates.excluded == [] and candidates.included_via_sub_units == 0
    assert 'id="id_include_sub_units" checked' not in response.content.decode()
    # The form's hidden "false" and the ticked box: the box wins.
    ticked = preview(staff_client, event, f"organisation={aarhus.pk}&include_sub_units=false&include_sub_units=on")
    assert len(ticked.context["candidates"].included) == 6


def test_sub_units_of_a_sub_unit_and_never_the_parent(staff_client, aarhus):
    event = factories.EventFactory()
    social = aarhus.children.get(name="Sociale Forhold og Beskæftigelse")
    candidates = preview(staff_client, event, f"organisation={social.pk}").context["candidates"]
    assert {c.contact.first_name for c in candidates.included} == {"Bent", "Cecilie", "Dennis", "Freja"}
    assert {c.contact.first_name for c in candidates.included if c.via_sub_unit} == {"Freja"}


def test_the_sub_units_box_alone_chooses_no_one(staff_client, aarhus):
    event = factories.EventFactory()
    response = preview(staff_client, event, "include_sub_units=false")
    assert response.context["candidates"] is None and not response.context["is_filtered"]
    post = staff_client.post(f"/events/{event.pk}/invite/", {"querystring": "include_sub_units=on"})
    assert post.status_code == 302 and Invitation.objects.count() == 0


def test_add_with_sub_units_adds_what_the_preview_showed(staff_client, aarhus):
    event = factories.EventFactory()
    query = f"organisation={aarhus.pk}&quota=2"
    shown = {c.contact.pk for c in preview(staff_client, event, query).context["candidates"].included}
    response = staff_client.post(f"/events/{event.pk}/invite/", {"querystring": query}, follow=True)
    added = set(Invitation.objects.filter(event=event).values_list("contact_id", flat=True))
    assert added == shown and len(added) == 5
    through = dict(Invitation.objects.filter(event=event).values_list("contact__first_name", "organisation__name"))
    assert through["Freja"] == "Jobcenter Aarhus" and through["Anna"] == "Aarhus Kommune"
    assert (
        "5 personer er sat på gæstelisten som kladder. 3 blev udeladt: Må ikke kontaktes (1), Ingen e-mailadresse (1), "
        "Over kvoten for organisationen (1)."
    ) in response.content.decode()


def test_with_sub_units_is_one_recursive_query_however_deep(aarhus):
    unit = aarhus
    for level in range(6):
        unit = factories.AdministrationFactory(name=f"Niveau {level}", parent=unit)
    with CaptureQueriesContext(connection) as captured:
        names = set(type(aarhus).objects.filter(pk=aarhus.pk).with_sub_units().values_list("name", flat=True))
    assert len(captured.captured_queries) == 1
    assert len(names) == 1 + 3 + 6 and "Favrskov Kommune" not in names


def test_sub_unit_preview_query_count_does_not_grow_with_the_hierarchy(staff_client, aarhus):
    event = factories.EventFactory()
    url = f"/events/{event.pk}/invite/?organisation={aarhus.pk}&quota=2"
    staff_client.get(url)
    with CaptureQueriesContext(connection) as small:
        staff_client.get(url)
    unit = aarhus
    for level in range(4):
        unit = factories.AdministrationFactory(parent=unit)
        for n in range(3):
            person(unit, f"N{level}{n}", "Niveau")
    with CaptureQueriesContext(connection) as large:
        response = staff_client.get(url)
    assert len(response.context["candidates"].included) == 5 + 8
    assert len(small.captured_queries) == len(large.captured_queries)
