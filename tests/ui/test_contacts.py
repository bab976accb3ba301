import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone, translation

from partners.models import Affiliation, Contact
from partners.models.events import InvitationStatus
from partners.models.organisations import OrganisationKind
from partners.templatetags.partners_ui import url_or_none
from tests import factories

from .harness import ListViewChecks, count_queries, read_csv, read_xlsx

pytestmark = pytest.mark.django_db

EMAIL_TAKEN = "Another contact already has this e-mail address."


def danish(msgid: str) -> str:
    """The Danish text of a message (column headers, errors), whether or not it is translated yet."""
    with translation.override("da"):
        return translation.gettext(msgid)


def make_contacts(n: int) -> list[Contact]:
    """Contacts with everything the list shows: tags, an owner, a current and a former affiliation, a meeting."""
    tag = factories.TagFactory()
    owner = factories.UserFactory()
    contacts = []
    for _ in range(n):
        contact = factories.ContactFactory(owner=owner)
        contact.tags.add(tag)
        factories.AffiliationFactory(contact=contact, is_primary=True)
        factories.AffiliationFactory(contact=contact, is_primary=False, end_date=datetime.date(2023, 1, 1))
        meeting = factories.MeetingFactory()
        meeting.contacts.add(contact)
        contacts.append(contact)
    return contacts


class TestContactList(ListViewChecks):
    list_url = "/contacts/"
    add_url = "/contacts/add/"
    bad_params = (
        *ListViewChecks.bad_params,
        "organisation=xyz",
        "organisation=99999",
        "tags=abc",
        "owner=abc",
        "areas=abc",
        "kind=nonsense",
        "no_meeting_since=notadate",
        "has_current_affiliation=maybe",
        "sort=primary_organisation_name",
        "sort=-last_meeting",
        "sort=full_name&page=2",
    )

    def make_rows(self, n):
        return make_contacts(n)


def shown(response) -> set[str]:
    return {row.record.email for row in response.context["table"].page.object_list}


# --- list and columns ---------------------------------------------------------------------------------------------


def test_list_shows_the_primary_organisation_and_title_and_last_meeting(staff_client):
    contact = factories.ContactFactory(first_name="Mette", last_name="Sørensen")
    factories.AffiliationFactory(
        contact=contact, organisation=factories.HousingOrganisationFactory(name="AAB Aarhus"), title="Direktør"
    )
    factories.AffiliationFactory(
        contact=contact, organisation=factories.NationalPartnerFactory(name="BL"), is_primary=False, title="Medlem"
    )
    meeting = factories.MeetingFactory(starts_at=timezone.make_aware(datetime.datetime(2026, 3, 4, 10, 0)))
    meeting.contacts.add(contact)
    response = staff_client.get("/contacts/")
    record = response.context["table"].page.object_list[0].record
    assert record.primary_organisation_name == "AAB Aarhus"
    assert record.primary_title == "Direktør"
    html = response.content.decode()
    assert "Mette Sørensen" in html and "AAB Aarhus" in html and "Direktør" in html
    assert "04.03.2026" in html


def test_contact_without_affiliation_is_listed(staff_client):
    contact = factories.ContactFactory()
    assert shown(staff_client.get("/contacts/")) == {contact.email}


# --- filters ------------------------------------------------------------------------------------------------------


def test_filter_by_tag(staff_client):
    tag, other = factories.TagFactory(), factories.TagFactory()
    tagged = factories.ContactFactory()
    tagged.tags.add(tag, other)  # two matching tags must not list the contact twice
    factories.ContactFactory().tags.add(other)
    factories.ContactFactory()
    response = staff_client.get(f"/contacts/?tags={tag.pk}")
    assert shown(response) == {tagged.email}
    both = staff_client.get(f"/contacts/?tags={tag.pk}&tags={other.pk}")
    assert len(both.context["table"].page.object_list) == 2


def test_filter_by_organisation_counts_only_current_affiliations(staff_client):
    organisation = factories.HousingOrganisationFactory()
    works_there = factories.AffiliationFactory(organisation=organisation).contact
    left = factories.AffiliationFactory(organisation=organisation, end_date=datetime.date(2024, 1, 1)).contact
    factories.AffiliationFactory()
    assert shown(staff_client.get(f"/contacts/?organisation={organisation.pk}")) == {works_there.email}
    assert left.email not in shown(staff_client.get(f"/contacts/?organisation={organisation.pk}"))


def test_filter_by_organisation_kind(staff_client):
    municipal = factories.AffiliationFactory(organisation=factories.MunicipalityFactory()).contact
    factories.AffiliationFactory(organisation=factories.HousingOrganisationFactory())
    factories.AffiliationFactory(organisation=factories.MunicipalityFactory(), end_date=datetime.date(2024, 1, 1))
    assert shown(staff_client.get(f"/contacts/?kind={OrganisationKind.MUNICIPALITY}")) == {municipal.email}


def test_filter_no_meeting_since(staff_client):
    met_recently, met_long_ago, never_met = (factories.ContactFactory() for _ in range(3))
    factories.MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=10)).contacts.add(met_recently)
    factories.MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=400)).contacts.add(met_long_ago)
    since = (timezone.localdate() - datetime.timedelta(days=90)).isoformat()
    assert shown(staff_client.get(f"/contacts/?no_meeting_since={since}")) == {met_long_ago.email, never_met.email}


def test_filter_by_area_takes_estate_staff_and_people_met_about_the_area(staff_client):
    estate = factories.EstateFactory()
    area = factories.AreaFactory()
    area.estates.add(estate)
    board_member = factories.AffiliationFactory(organisation=estate, is_primary=False).contact
    municipal = factories.ContactFactory()
    meeting = factories.MeetingFactory()
    meeting.areas.add(area)
    meeting.contacts.add(municipal)
    factories.AffiliationFactory(organisation=estate.parent)  # the housing organisation as a whole: not the area's
    factories.AffiliationFactory(organisation=estate, end_date=datetime.date(2024, 1, 1))  # left the estate
    assert shown(staff_client.get(f"/contacts/?areas={area.pk}")) == {board_member.email, municipal.email}


def test_filter_current_affiliation_do_not_contact_owner_and_search(staff_client, staff_user):
    employed = factories.AffiliationFactory().contact
    unemployed = factories.ContactFactory(do_not_contact=True, owner=staff_user, first_name="Xenia")
    factories.AffiliationFactory(contact=unemployed, end_date=datetime.date(2024, 1, 1))
    assert shown(staff_client.get("/contacts/?has_current_affiliation=true")) == {employed.email}
    assert shown(staff_client.get("/contacts/?has_current_affiliation=false")) == {unemployed.email}
    assert shown(staff_client.get("/contacts/?do_not_contact=true")) == {unemployed.email}
    assert shown(staff_client.get(f"/contacts/?owner={staff_user.pk}")) == {unemployed.email}
    assert shown(staff_client.get("/contacts/?q=xenia")) == {unemployed.email}
    assert shown(staff_client.get(f"/contacts/?q={employed.email.upper()}")) == {employed.email}


def test_the_organisation_lists_contact_count_matches_the_contact_filter(staff_client):
    organisation = factories.HousingOrganisationFactory()
    for _ in range(3):
        factories.AffiliationFactory(organisation=organisation)
    factories.AffiliationFactory(organisation=organisation, end_date=datetime.date(2024, 1, 1))
    response = staff_client.get(f"/contacts/?organisation={organisation.pk}")
    assert response.context["table"].paginator.count == 3


# --- export -------------------------------------------------------------------------------------------------------


def test_export_csv_contains_exactly_the_filtered_rows(staff_client):
    tag = factories.TagFactory()
    tagged = factories.ContactFactory.create_batch(3)
    for contact in tagged:
        contact.tags.add(tag)
        factories.AffiliationFactory(contact=contact, title="Konsulent")
    factories.ContactFactory.create_batch(2)
    response = staff_client.get(f"/contacts/?tags={tag.pk}&export=csv")
    assert response.status_code == 200
    rows = read_csv(response)
    assert sorted(int(row["ID"]) for row in rows) == sorted(c.pk for c in tagged)
    assert {row[danish("Title")] for row in rows} == {"Konsulent"}


def test_export_xlsx_contains_exactly_the_filtered_rows(staff_client):
    organisation = factories.MunicipalityFactory(name="Aarhus Kommune")
    inside = [factories.AffiliationFactory(organisation=organisation).contact for _ in range(2)]
    factories.AffiliationFactory()
    response = staff_client.get(f"/contacts/?organisation={organisation.pk}&export=xlsx")
    rows = read_xlsx(response)
    assert sorted(int(row["ID"]) for row in rows) == sorted(c.pk for c in inside)
    assert {row[danish("Organisation")] for row in rows} == {"Aarhus Kommune"}


def test_unknown_export_format_goes_back_to_the_list(staff_client):
    response = staff_client.get("/contacts/?export=pdf")
    assert response.status_code == 302 and response["Location"] == "/contacts/"


def test_export_with_semicolons_for_danish_excel(manager_client):
    factories.ContactFactory(first_name="Åse")
    rows = read_csv(manager_client.get("/contacts/?export=csv&delimiter=semicolon"))
    assert [row[danish("First name")] for row in rows] == ["Åse"]


# --- detail -------------------------------------------------------------------------------------------------------


def test_detail_shows_affiliations_meetings_invitations_and_history(staff_client):
    contact = factories.ContactFactory(first_name="Jonas", last_name="Holm")
    factories.AffiliationFactory(
        contact=contact, organisation=factories.MunicipalityFactory(name="Aarhus Kommune"), title="Chefkonsulent"
    )
    factories.AffiliationFactory(
        contact=contact,
        organisation=factories.HousingOrganisationFactory(name="Alboa"),
        is_primary=False,
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2021, 12, 31),
    )
    meeting = factories.MeetingFactory(subject="Dialogmøde om tryghed")
    meeting.contacts.add(contact)
    factories.InvitationFactory(contact=contact, event__name="Nytårskur 2027", status=InvitationStatus.ACCEPTED)
    response = staff_client.get(f"/contacts/{contact.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Jonas Holm", "Aarhus Kommune", "Chefkonsulent", "Alboa", "31.12.2021", "Dialogmøde om tryghed"):
        assert text in html
    assert "Nytårskur 2027" in html
    assert [a.organisation.name for a in response.context["current_affiliations"]] == ["Aarhus Kommune"]
    assert [a.organisation.name for a in response.context["former_affiliations"]] == ["Alboa"]
    assert response.context["history"]
    assert f"?contacts={contact.pk}" in html  # link to the meeting list, or the "Log meeting" button


def test_log_meeting_button_needs_the_permission_and_prefills(staff_client, manager_client, client, plain_user):
    affiliation = factories.AffiliationFactory()
    contact = affiliation.contact
    html = staff_client.get(f"/contacts/{contact.pk}/").content.decode()
    meeting_add = url_or_none("meeting_add")
    if meeting_add:
        assert f"{meeting_add}?contacts={contact.pk}&amp;organisations={affiliation.organisation_id}" in html
    manager_html = manager_client.get(f"/contacts/{contact.pk}/").content.decode()
    if meeting_add:  # managers log meetings too
        assert f"{meeting_add}?contacts={contact.pk}&amp;organisations={affiliation.organisation_id}" in manager_html
    assert "change-job" not in manager_html
    # Someone who may only view gets no button.
    plain_user.user_permissions.set(Permission.objects.filter(codename__in=["view_contact", "view_organisation"]))
    client.force_login(plain_user)
    viewer = client.get(f"/contacts/{contact.pk}/")
    assert viewer.status_code == 200 and "/meetings/add/" not in viewer.content.decode()


def test_detail_query_count_is_constant(staff_client):
    few = factories.ContactFactory()
    factories.AffiliationFactory(contact=few)
    factories.MeetingFactory().contacts.add(few)
    factories.InvitationFactory(contact=few)

    many = factories.ContactFactory()
    factories.AffiliationFactory(contact=many)
    for year in range(2000, 2015):
        factories.AffiliationFactory(
            contact=many, is_primary=False, start_date=datetime.date(year, 1, 1), end_date=datetime.date(year, 12, 31)
        )
    for _ in range(30):
        meeting = factories.MeetingFactory()
        meeting.contacts.add(many)
        meeting.organisations.add(factories.OrganisationFactory(), factories.OrganisationFactory())
    for _ in range(10):
        factories.InvitationFactory(contact=many, organisation=factories.OrganisationFactory())
    for _ in range(5):
        many.tags.add(factories.TagFactory())
        many.first_name += "x"
        many.save()  # history rows
    assert count_queries(staff_client, f"/contacts/{few.pk}/") == count_queries(staff_client, f"/contacts/{many.pk}/")
    assert count_queries(staff_client, f"/contacts/{many.pk}/") <= 16


# --- add, edit, delete --------------------------------------------------------------------------------------------


def contact_data(**overrides) -> dict:
    data = {
        "first_name": "Mette",
        "last_name": "Sørensen",
        "salutation": "",
        "email": "mette@example.dk",
        "phone": "",
        "owner": "",
        "lawful_basis": "legitimate_interest",
        "consent_note": "",
        "is_active": "on",
        "notes": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_add_contact_with_first_affiliation(staff_client):
    organisation = factories.HousingOrganisationFactory()
    tag = factories.TagFactory()
    response = staff_client.post(
        "/contacts/add/",
        contact_data(tags=[tag.pk], organisation=organisation.pk, title="Boligsocial leder", start_date="2025-02-01"),
    )
    contact = Contact.objects.get(email="mette@example.dk")
    assert response.status_code == 302 and response["Location"] == f"/contacts/{contact.pk}/"
    affiliation = contact.affiliations.get()
    assert (affiliation.organisation, affiliation.title, affiliation.is_primary) == (
        organisation,
        "Boligsocial leder",
        True,
    )
    assert affiliation.start_date == datetime.date(2025, 2, 1) and affiliation.end_date is None
    assert list(contact.tags.all()) == [tag]


def test_add_contact_without_affiliation_and_blank_email_stored_as_null(staff_client):
    assert staff_client.post("/contacts/add/", contact_data(email="")).status_code == 302
    assert staff_client.post("/contacts/add/", contact_data(email="", first_name="Anden")).status_code == 302
    assert Contact.objects.filter(email__isnull=True).count() == 2
    assert not Affiliation.objects.exists()


def test_add_form_prefills_the_organisation_from_the_query_string(staff_client):
    organisation = factories.HousingOrganisationFactory(name="Østjysk Bolig")
    response = staff_client.get(f"/contacts/add/?organisation={organisation.pk}")
    assert response.context["form"].initial["organisation"] == str(organisation.pk)
    assert "Østjysk Bolig" in response.content.decode()


def test_title_without_organisation_is_an_error(staff_client):
    response = staff_client.post("/contacts/add/", contact_data(title="Direktør"))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Contact.objects.exists()


def test_duplicate_email_in_another_case_is_a_form_error_in_danish(staff_client):
    factories.ContactFactory(email="Mette@Example.dk")
    organisation = factories.HousingOrganisationFactory()
    response = staff_client.post(
        "/contacts/add/", contact_data(email="mette@example.DK", organisation=organisation.pk, title="Leder")
    )
    assert response.status_code == 200
    form = response.context["form"]
    expected = danish(EMAIL_TAKEN)
    assert form.errors["email"] == [expected]
    assert expected != EMAIL_TAKEN  # the Danish text, not the msgid
    assert not form.non_field_errors()
    assert Contact.objects.count() == 1
    assert not Affiliation.objects.exists()


def test_duplicate_email_on_edit_is_a_form_error(staff_client):
    factories.ContactFactory(email="a@example.dk")
    contact = factories.ContactFactory(email="b@example.dk")
    response = staff_client.post(f"/contacts/{contact.pk}/edit/", contact_data(email=" A@EXAMPLE.DK "))
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    contact.refresh_from_db()
    assert contact.email == "b@example.dk"


def test_edit_contact_keeps_its_own_email(staff_client):
    contact = factories.ContactFactory(email="mette@example.dk")
    response = staff_client.post(
        f"/contacts/{contact.pk}/edit/", contact_data(email="METTE@example.dk", do_not_contact="on")
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.do_not_contact and contact.email == "METTE@example.dk"


def test_delete_contact(staff_client):
    contact = factories.AffiliationFactory().contact
    assert staff_client.get(f"/contacts/{contact.pk}/delete/").status_code == 200
    response = staff_client.post(f"/contacts/{contact.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/contacts/"
    assert not Contact.objects.exists() and not Affiliation.objects.exists()


def test_delete_contact_with_invitations_is_refused_with_the_reason(staff_client):
    invitation = factories.InvitationFactory()
    contact = invitation.contact
    response = staff_client.get(f"/contacts/{contact.pk}/delete/")
    assert response.context["protected"]
    response = staff_client.post(f"/contacts/{contact.pk}/delete/")
    assert response.status_code == 409
    assert Contact.objects.filter(pk=contact.pk).exists()


# --- permissions --------------------------------------------------------------------------------------------------


def write_urls(contact: Contact, affiliation: Affiliation) -> list[str]:
    return [
        "/contacts/add/",
        f"/contacts/{contact.pk}/edit/",
        f"/contacts/{contact.pk}/delete/",
        f"/contacts/{contact.pk}/change-job/",
        f"/contacts/{contact.pk}/affiliations/add/",
        f"/affiliations/{affiliation.pk}/edit/",
        f"/affiliations/{affiliation.pk}/delete/",
    ]


def test_manager_can_view_but_not_change(manager_client):
    affiliation = factories.AffiliationFactory()
    contact = affiliation.contact
    assert manager_client.get("/contacts/").status_code == 200
    assert manager_client.get(f"/contacts/{contact.pk}/").status_code == 200
    for url in write_urls(contact, affiliation):
        assert manager_client.get(url).status_code == 403, url
        assert manager_client.post(url, {}).status_code == 403, url
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_user_without_role_gets_403(client, plain_user):
    client.force_login(plain_user)
    affiliation = factories.AffiliationFactory()
    contact = affiliation.contact
    for url in ["/contacts/", f"/contacts/{contact.pk}/", *write_urls(contact, affiliation)]:
        assert client.get(url).status_code == 403, url


def test_change_job_needs_both_permissions(client, staff_user):
    from django.contrib.auth.models import Permission

    contact = factories.AffiliationFactory().contact
    group = staff_user.groups.get()
    group.permissions.remove(Permission.objects.get(codename="add_affiliation"))
    client.force_login(staff_user)
    assert client.get(f"/contacts/{contact.pk}/change-job/").status_code == 403
    assert "change-job" not in client.get(f"/contacts/{contact.pk}/").content.decode()


# --- job change ---------------------------------------------------------------------------------------------------


def test_change_job_ends_the_primary_affiliation_and_adds_the_new_one(staff_client):
    old = factories.AffiliationFactory(start_date=datetime.date(2020, 1, 1), title="Konsulent")
    contact = old.contact
    new_organisation = factories.MunicipalityFactory(name="Aarhus Kommune")
    response = staff_client.post(
        f"/contacts/{contact.pk}/change-job/",
        {
            "organisation": new_organisation.pk,
            "title": "Chefkonsulent",
            "department": "Borgmesterens Afdeling",
            "start_date": "2026-03-01",
            "ending": old.pk,
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/contacts/{contact.pk}/"
    old.refresh_from_db()
    assert old.end_date == datetime.date(2026, 2, 28)
    new = contact.affiliations.current().get()
    assert (new.organisation, new.title, new.department, new.is_primary) == (
        new_organisation,
        "Chefkonsulent",
        "Borgmesterens Afdeling",
        True,
    )
    assert new.start_date == datetime.date(2026, 3, 1)


def test_change_job_can_end_a_secondary_role_and_keep_the_primary(staff_client):
    primary = factories.AffiliationFactory()
    contact = primary.contact
    board = factories.AffiliationFactory(contact=contact, is_primary=False, title="Bestyrelsesmedlem")
    organisation = factories.OrganisationFactory()
    response = staff_client.post(
        f"/contacts/{contact.pk}/change-job/",
        {"organisation": organisation.pk, "start_date": "2026-01-01", "ending": board.pk},
    )
    assert response.status_code == 302
    board.refresh_from_db()
    primary.refresh_from_db()
    assert board.end_date == datetime.date(2025, 12, 31)
    assert primary.end_date is None and not primary.is_primary  # the new job is the primary one now
    assert contact.affiliations.current().get(is_primary=True).organisation == organisation


def test_change_job_for_contact_without_affiliation_just_adds_it(staff_client):
    contact = factories.ContactFactory()
    organisation = factories.OrganisationFactory()
    form = staff_client.get(f"/contacts/{contact.pk}/change-job/").context["form"]
    assert "ending" not in form.fields
    response = staff_client.post(
        f"/contacts/{contact.pk}/change-job/", {"organisation": organisation.pk, "start_date": "2026-01-01"}
    )
    assert response.status_code == 302
    assert contact.affiliations.current().get().organisation == organisation


def test_change_job_errors_are_shown_and_nothing_is_saved(staff_client):
    old = factories.AffiliationFactory(start_date=datetime.date(2024, 6, 1))
    contact = old.contact
    other_contacts_affiliation = factories.AffiliationFactory()
    url = f"/contacts/{contact.pk}/change-job/"
    organisation = factories.OrganisationFactory()
    cases = [
        ({"start_date": "2026-01-01", "ending": old.pk}, "organisation"),
        ({"organisation": organisation.pk, "start_date": "nonsense", "ending": old.pk}, "start_date"),
        ({"organisation": organisation.pk, "start_date": "2024-05-01", "ending": old.pk}, "start_date"),
        (
            {"organisation": organisation.pk, "start_date": "2026-01-01", "ending": other_contacts_affiliation.pk},
            "ending",
        ),
        ({"organisation": "xyz", "start_date": "2026-01-01", "ending": old.pk}, "organisation"),
    ]
    for data, field in cases:
        response = staff_client.post(url, data)
        assert response.status_code == 200, data
        assert field in response.context["form"].errors, (data, response.context["form"].errors)
    old.refresh_from_db()
    assert old.end_date is None
    assert contact.affiliations.count() == 1


def test_change_job_error_message_is_danish(staff_client):
    old = factories.AffiliationFactory(start_date=datetime.date(2024, 6, 1))
    response = staff_client.post(
        f"/contacts/{old.contact_id}/change-job/", {"start_date": "2026-01-01", "ending": old.pk}
    )
    assert "Dette felt er påkrævet." in response.content.decode()


# --- affiliations -------------------------------------------------------------------------------------------------


def test_add_a_secondary_affiliation(staff_client):
    primary = factories.AffiliationFactory()
    contact = primary.contact
    estate = factories.EstateFactory()
    response = staff_client.post(
        f"/contacts/{contact.pk}/affiliations/add/",
        {"organisation": estate.pk, "title": "Formand for afdelingsbestyrelsen", "start_date": "2025-05-01"},
    )
    assert response.status_code == 302 and response["Location"] == f"/contacts/{contact.pk}/"
    board = contact.affiliations.get(organisation=estate)
    assert not board.is_primary and board.end_date is None


def test_a_second_current_primary_is_a_form_error(staff_client):
    primary = factories.AffiliationFactory()
    response = staff_client.post(
        f"/contacts/{primary.contact_id}/affiliations/add/",
        {"organisation": factories.OrganisationFactory().pk, "is_primary": "on"},
    )
    assert response.status_code == 200
    assert "is_primary" in response.context["form"].errors
    assert Affiliation.objects.count() == 1


def test_end_an_affiliation(staff_client):
    affiliation = factories.AffiliationFactory(start_date=datetime.date(2022, 1, 1))
    data = {
        "organisation": affiliation.organisation_id,
        "title": affiliation.title,
        "start_date": "2022-01-01",
        "end_date": "2025-06-30",
        "is_primary": "on",
    }
    response = staff_client.post(f"/affiliations/{affiliation.pk}/edit/", data)
    assert response.status_code == 302 and response["Location"] == f"/contacts/{affiliation.contact_id}/"
    affiliation.refresh_from_db()
    assert affiliation.end_date == datetime.date(2025, 6, 30)

    response = staff_client.post(f"/affiliations/{affiliation.pk}/edit/", {**data, "end_date": "2021-01-01"})
    assert response.status_code == 200 and "end_date" in response.context["form"].errors


def test_delete_an_affiliation(staff_client):
    affiliation = factories.AffiliationFactory()
    assert staff_client.get(f"/affiliations/{affiliation.pk}/delete/").status_code == 200
    response = staff_client.post(f"/affiliations/{affiliation.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == f"/contacts/{affiliation.contact_id}/"
    assert not Affiliation.objects.exists()
