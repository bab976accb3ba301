"""The merge pages (``views/merge.py``), the possible-duplicates list and the forms' duplicate warning, as a user
meets them: permissions, the side-by-side choice, tampered POSTs, "Gem alligevel"."""

import re

import pytest
from django.urls import reverse

from partners.models import Contact, Invitation, MeetingOrganisation, Organisation
from partners.selectors.duplicates import possible_duplicate_pairs, possible_duplicates_page
from tests import factories as f

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def pair():
    survivor = f.HousingOrganisationFactory(name="AAB Aarhus", city="Aarhus C")
    loser = f.HousingOrganisationFactory(name="A.A.B. Aarhus", phone="86 12 34 56", notes="Ny kontaktperson i 2025.")
    meeting = f.MeetingFactory(subject="Helhedsplan Gellerup")
    MeetingOrganisation.objects.create(meeting=meeting, organisation=loser)
    søren = f.ContactFactory(first_name="Søren", last_name="Østergaard")
    f.AffiliationFactory(contact=søren, organisation=loser)
    f.InvitationFactory(contact=søren, organisation=loser, event=f.EventFactory(name="Nytårskur 2026"))
    return survivor, loser


def merge_url(record, other=None) -> str:
    url = reverse(f"{record._meta.model_name}_merge", args=[record.pk])
    return f"{url}?other={other.pk}" if other is not None else url


@pytest.mark.parametrize(
    "name", ["organisation_merge", "contact_merge", "organisation_duplicates", "contact_duplicates"]
)
def test_only_managers_merge(name, client, staff_client, manager_client):
    organisation, contact = f.OrganisationFactory(), f.ContactFactory()
    args = {"organisation_merge": [organisation.pk], "contact_merge": [contact.pk]}.get(name, [])
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert staff_client.get(url).status_code == 403
    assert staff_client.post(url, {"other": organisation.pk}).status_code == 403
    assert manager_client.get(url).status_code == 200


def test_the_merge_button_is_on_the_page_for_managers_only(pair, staff_client, manager_client):
    survivor, _loser = pair
    assert merge_url(survivor) in html(manager_client.get(survivor.get_absolute_url()))
    assert merge_url(survivor) not in html(staff_client.get(survivor.get_absolute_url()))
    contact = f.ContactFactory()
    assert merge_url(contact) in html(manager_client.get(contact.get_absolute_url()))


def test_the_comparison_shows_both_and_a_choice_per_differing_field(pair, manager_client):
    survivor, loser = pair
    page = html(manager_client.get(merge_url(survivor, loser)))
    assert "Flet “A.A.B. Aarhus” ind i “AAB Aarhus”" in page
    assert 'name="phone" id="merge-phone-take" value="take" checked' in page  # empty here: the other's by default
    assert 'name="city" id="merge-city-keep" value="keep" checked' in page
    assert 'name="kind"' not in page  # the same in both: nothing to choose
    assert "Det, der flyttes" in page and merge_url(loser, survivor) in page  # swap


def test_merging_on_the_page_moves_everything_and_says_so(pair, manager_client, manager_user):
    survivor, loser = pair
    data = {"other": loser.pk, "name": "take", "phone": "take", "city": "keep", "notes": "take"}
    response = manager_client.post(merge_url(survivor), data, follow=True)
    assert response.redirect_chain[-1][0] == survivor.get_absolute_url()
    page = html(response)
    assert "“A.A.B. Aarhus” er flettet ind i “AAB Aarhus”" in page
    survivor.refresh_from_db()
    assert (survivor.name, survivor.phone, survivor.city) == ("A.A.B. Aarhus", "86 12 34 56", "Aarhus C")
    assert not Organisation.objects.filter(pk=loser.pk).exists()
    assert survivor.meetings.count() == 1 and survivor.affiliations.count() == 1
    assert Invitation.objects.get().organisation == survivor
    assert list(survivor.aliases.values_list("name", flat=True)) == ["AAB Aarhus"]  # its old name
    assert survivor.history.first().history_user == manager_user


@pytest.mark.parametrize(
    "tamper",
    [
        {"other": "self"},
        {"other": "999999999"},
        {"other": "abc"},
        {},
        {"other": "loser", "phone": "everything"},
        {"other": "loser", "notes": "both"},  # no "both" where one text is empty
    ],
)
def test_a_tampered_post_is_refused_with_a_message_and_merges_nothing(tamper, pair, manager_client):
    survivor, loser = pair
    data = dict(tamper)
    data["other"] = {"self": survivor.pk, "loser": loser.pk}.get(data.get("other"), data.get("other", ""))
    response = manager_client.post(merge_url(survivor), data)
    assert response.status_code == 200
    assert Organisation.objects.filter(pk__in=[survivor.pk, loser.pk]).count() == 2
    assert "alert" in html(response) or "invalid-feedback" in html(response)


def test_a_merge_the_register_refuses_shows_why(manager_client):
    top = f.NationalPartnerFactory(name="Socialstyrelsen")
    middle = f.NationalPartnerFactory(name="Socialstyrelsen, Odense", parent=top)
    bottom = f.NationalPartnerFactory(name="Socialstyrelsen Odense", parent=middle)
    response = manager_client.post(merge_url(bottom), {"other": top.pk, "name": "keep", "parent": "keep"})
    assert response.status_code == 200 and "ligger under" in html(response)
    assert Organisation.objects.count() == 3


def test_a_merge_page_for_an_unknown_record_is_404_and_a_bad_other_a_message(manager_client):
    assert manager_client.get("/organisations/999999999/merge/").status_code == 404
    organisation = f.OrganisationFactory()
    for other in ("999999999", "abc", str(organisation.pk)):
        response = manager_client.get(f"{merge_url(organisation)}?other={other}")
        assert response.status_code == 200 and "invalid-feedback" in html(response)


def test_contacts_merge_on_the_page(manager_client):
    survivor = f.ContactFactory(first_name="Mette", last_name="Kjærgaard", email="mette@aab.dk")
    loser = f.ContactFactory(first_name="Mette", last_name="Kjærgård", email="mk@aab.dk")
    event = f.EventFactory(name="Nytårskur 2026")
    f.InvitationFactory(event=event, contact=survivor, status="invited")
    f.InvitationFactory(event=event, contact=loser, status="attended")
    response = manager_client.post(merge_url(survivor), {"other": loser.pk, "email": "keep"}, follow=True)
    page = html(response)
    assert "Begge var inviteret til “Nytårskur 2026”" in page and "Deltog" in page
    assert Contact.objects.count() == 1 and Invitation.objects.get().status == "attended"


def test_the_possible_duplicates_list_pairs_the_likely_ones_best_first(manager_client):
    housing = f.HousingOrganisationFactory(name="Boligforeningen Ringgården")
    under = [f.EstateFactory(name=name, parent=housing) for name in ("Afdeling Ringgaarden", "Afdeling Ringgården")]
    elsewhere = f.EstateFactory(name="Afdeling Ringgården")
    f.NationalPartnerFactory(name="Landsbyggefonden", short_name="LBF")
    lbf = f.NationalPartnerFactory(name="LBF")
    f.OrganisationFactory(name="Helt andet navn")
    aab = f.HousingOrganisationFactory(name="AAB")
    mette = [f.ContactFactory(first_name="Mette", last_name=last) for last in ("Kjærgaard", "Kjaergård")]
    for contact in mette:
        f.AffiliationFactory(contact=contact, organisation=aab)
    f.ContactFactory(first_name="Søren", last_name="Østergaard")
    f.ContactFactory(first_name="Soeren", last_name="Oestergaard")

    pairs = possible_duplicate_pairs(kind="organisations")
    found = [{p.first_id, p.second_id} for p in pairs]
    assert found[0] == {under[0].pk, under[1].pk}  # the same name under the same parent first
    assert {under[0].pk, elsewhere.pk} in found and lbf.pk in {pk for pair in found for pk in pair}
    assert all(Organisation.objects.get(pk=pk).name != "Helt andet navn" for pair in found for pk in pair)
    people = possible_duplicate_pairs(kind="contacts")
    assert {mette[0].pk, mette[1].pk} == {people[0].first_id, people[0].second_id}
    assert len(people) == 2
    assert len(possible_duplicates_page(kind="organisations", page="abc", per_page=2).object_list) == 2

    page = html(manager_client.get(reverse("organisation_duplicates")))
    assert "Mulige dubletter" in page and "Afdeling Ringgaarden" in page
    assert f"{merge_url(under[0])}?other={under[1].pk}" in page
    assert manager_client.get(reverse("contact_duplicates") + "?page=999").status_code == 200


# --- The forms' warning ----------------------------------------------------------------------------------------------


def organisation_data(**values) -> dict:
    return {"kind": "housing_organisation", "name": "", "is_active": "on", **values}


def test_a_new_organisation_like_an_existing_one_is_saved_only_after_save_anyway(staff_client):
    existing = f.HousingOrganisationFactory(name="AAB Aarhus")
    response = staff_client.post("/organisations/add/", organisation_data(name="A.A.B. Århus"))
    page = html(response)
    assert response.status_code == 200 and "Den findes måske allerede i registret" in page
    assert existing.get_absolute_url() in page and "Gem alligevel" in page and "Lignende navn" in page
    assert Organisation.objects.count() == 1
    response = staff_client.post("/organisations/add/", organisation_data(name="A.A.B. Århus", save_anyway="1"))
    assert response.status_code == 302 and Organisation.objects.count() == 2


def test_the_same_cvr_stays_an_error_without_save_anyway(staff_client):
    f.HousingOrganisationFactory(name="Brabrand Boligforening", cvr="55133018")
    response = staff_client.post("/organisations/add/", organisation_data(name="Anden forening", cvr="55133018"))
    page = html(response)
    assert "Samme CVR-nummer" in page and "Gem alligevel" not in page
    response = staff_client.post(
        "/organisations/add/", organisation_data(name="Anden forening", cvr="55133018", save_anyway="1")
    )
    assert response.status_code == 200 and Organisation.objects.count() == 1


def test_an_edit_is_warned_only_when_a_name_changes(staff_client):
    f.HousingOrganisationFactory(name="Boligkontoret Danmark")
    mine = f.HousingOrganisationFactory(name="Boligkontoret Århus")
    url = f"/organisations/{mine.pk}/edit/"
    assert staff_client.post(url, organisation_data(name="Boligkontoret Århus", city="Aarhus")).status_code == 302
    response = staff_client.post(url, organisation_data(name="Boligkontoret Danmark "))
    assert response.status_code == 200 and "Gem alligevel" in html(response)


def contact_data(**values) -> dict:
    return {"first_name": "", "last_name": "", "lawful_basis": "legitimate_interest", "is_active": "on", **values}


def test_a_new_contact_like_one_at_the_same_organisation_is_warned(staff_client):
    aab = f.HousingOrganisationFactory(name="AAB Aarhus")
    other = f.HousingOrganisationFactory(name="Brabrand Boligforening")
    mette = f.ContactFactory(first_name="Mette", last_name="Kjærgaard")
    f.AffiliationFactory(contact=mette, organisation=aab)
    data = contact_data(first_name="Mette", last_name="Kjærgård", organisation=aab.pk)
    page = html(staff_client.post("/contacts/add/", data))
    assert "Den findes måske allerede i registret" in page and mette.get_absolute_url() in page
    assert "Også hos AAB Aarhus" in page and Contact.objects.count() == 1
    # Someone of that name elsewhere is another person: saved at once.
    response = staff_client.post("/contacts/add/", {**data, "organisation": other.pk})
    assert response.status_code == 302 and Contact.objects.count() == 2


def test_a_contact_with_the_same_email_stays_an_error(staff_client):
    f.ContactFactory(first_name="Lise", last_name="Holm", email="lise@aab.dk")
    response = staff_client.post("/contacts/add/", contact_data(first_name="L.", last_name="H.", email="LISE@aab.dk"))
    page = html(response)
    assert "Another contact" in page or "allerede" in page
    assert "Gem alligevel" not in page and Contact.objects.count() == 1
    assert re.search(r"invalid-feedback[^>]*>[^<]*e-mail", page, re.I)
