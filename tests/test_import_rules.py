"""What each import does with a row: matching by natural keys, modes, headings, values, and the relations."""

import datetime

import pytest
from django.utils import timezone, translation

from partners import registry
from partners.models import (
    Affiliation,
    Area,
    Collaboration,
    CollaborationPartner,
    Contact,
    Invitation,
    Meeting,
    Organisation,
    Tag,
)
from partners.models.collaborations import PartnerRole
from partners.models.events import InvitationStatus
from partners.models.organisations import OrganisationKind
from partners.transfer.imports import import_file
from partners.transfer.reading import FileProblem
from tests import factories

from .test_import_support import csv_bytes, db_fingerprint, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(entity, rows, *, commit=True, mode="create_update", **kwargs):
    return import_file(entity=entity, data=csv_bytes(rows, **kwargs), file_name="test.csv", mode=mode, commit=commit)


def errors(report):
    return [(e.row, e.column, e.value, e.message) for e in report.errors]


# --- headings ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        ["Navn", "Type", "CVR"],
        ["name", "kind", "cvr"],
        ["  NAVN ", "type", "cvr-nummer"],
        ["Name", "Kind", "CVR"],
    ],
)
def test_danish_english_and_field_name_headings_are_accepted(headers):
    report = run("organisations", [headers, ["Aarhus Kommune", "Kommune", "55133018"]])
    assert report.committed, errors(report)
    assert Organisation.objects.get().cvr == "55133018"


def test_the_export_headings_in_both_languages_are_known_to_the_import():
    for entity, resource in ((e.key, e.import_resource) for e in registry.importable()):
        aliases = resource.header_aliases()
        for language in ("da", "en"):
            with translation.override(language):
                for header in resource().get_export_headers():
                    assert header.casefold() in aliases, (entity, language, header)


def test_no_heading_means_two_columns_of_one_resource():
    for resource in (e.import_resource for e in registry.importable()):
        seen = {}
        for key in resource.column_keys():
            for alias, target in resource.header_aliases().items():
                if target == key:
                    assert seen.setdefault(alias, key) == key


def test_a_missing_required_column_is_reported_before_any_row():
    with pytest.raises(FileProblem) as raised:
        run("organisations", [["Navn", "CVR"], ["Aarhus Kommune", "55133018"]])
    assert "Type" in raised.value.message or "Kind" in raised.value.message
    assert not Organisation.objects.exists()


def test_two_columns_for_one_field_are_refused():
    with pytest.raises(FileProblem):
        run("organisations", [["Navn", "Name", "Type"], ["A", "A", "Kommune"]])


def test_unknown_columns_are_ignored_and_named():
    report = run(
        "organisations", [["Navn", "Type", "Kommune", "Farve"], ["Alboa", "Boligorganisation", "Aarhus", "rød"]]
    )
    assert report.committed
    assert report.ignored_columns == ["Kommune", "Farve"]


# --- organisations ----------------------------------------------------------------------------------------------


def test_kinds_by_danish_or_english_name_or_value():
    rows = [["Navn", "Type"], ["A", "Kommune"], ["B", "housing organisation"], ["C", "Landsdækkende partner"]]
    rows += [["D", "local_organisation"], ["E", "LOKAL ORGANISATION"]]
    assert run("organisations", rows).committed
    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert kinds == {
        "A": OrganisationKind.MUNICIPALITY,
        "B": OrganisationKind.HOUSING_ORGANISATION,
        "C": OrganisationKind.NATIONAL_PARTNER,
        "D": OrganisationKind.LOCAL_ORGANISATION,
        "E": OrganisationKind.LOCAL_ORGANISATION,
    }


def test_organisations_are_matched_by_cvr_first():
    org = factories.MunicipalityFactory(name="Aarhus Kommune", cvr="55133018", municipality_code="751")
    report = run(
        "organisations", [["Navn", "Type", "CVR"], ["Aarhus Kommune (ny stavemåde)", "Kommune", "55 13 30 18"]]
    )
    assert report.committed and report.counts["updated"] == 1
    org.refresh_from_db()
    assert org.name == "Aarhus Kommune (ny stavemåde)"


def test_organisations_are_matched_by_name_and_parent():
    first, second = factories.HousingOrganisationFactory(name="AAB"), factories.HousingOrganisationFactory(name="Alboa")
    estate = factories.EstateFactory(name="Afdeling 1", parent=first)
    factories.EstateFactory(name="Afdeling 1", parent=second)
    report = run(
        "organisations",
        [["Navn", "Type", "Overordnet organisation", "By"], ["afdeling 1", "Afdeling", "AAB", "Aarhus V"]],
    )
    assert report.committed and report.counts == {"new": 0, "updated": 1, "unchanged": 0, "skipped": 0, "error": 0}
    estate.refresh_from_db()
    assert estate.city == "Aarhus V"


def test_a_parent_further_down_the_file_and_a_chain_of_new_parents():
    rows = [
        ["Navn", "Type", "Overordnet organisation"],
        ["Jobcenter Aarhus", "Forvaltning", "Sociale Forhold og Beskæftigelse"],
        ["Sociale Forhold og Beskæftigelse", "Forvaltning", "Aarhus Kommune"],
        ["Aarhus Kommune", "Kommune", ""],
    ]
    report = run("organisations", rows)
    assert report.committed, errors(report)
    unit = Organisation.objects.get(name="Jobcenter Aarhus")
    assert unit.parent.name == "Sociale Forhold og Beskæftigelse"
    assert unit.parent.parent.name == "Aarhus Kommune"


def test_organisation_rules_of_the_model_are_row_errors():
    factories.OrganisationFactory(name="Har CVR", cvr="55133018")
    rows = [
        ["Navn", "Type", "Overordnet organisation", "CVR"],
        ["Uden forælder", "Forvaltning", "", ""],
        ["Forkert CVR", "Kommune", "", "12345678"],
        ["Dublet", "Kommune", "", ""],
        ["Dublet", "Kommune", "", ""],
        ["Egen CVR", "Kommune", "", "55133018"],
    ]
    report = run("organisations", rows)
    assert not report.committed
    rows_with_errors = {e.row for e in report.errors}
    assert rows_with_errors == {2, 3, 5}
    assert Organisation.objects.count() == 1


def test_a_cycle_of_new_parents_is_an_error():
    rows = [["Navn", "Type", "Overordnet organisation"], ["A", "Forvaltning", "B"], ["B", "Forvaltning", "A"]]
    report = run("organisations", rows)
    assert not report.committed


# --- contacts ---------------------------------------------------------------------------------------------------


CONTACT_HEADERS = ["Fornavn", "Efternavn", "Titel", "Organisation", "E-mail", "Tags"]


def test_contacts_are_matched_by_email_without_regard_to_case():
    org = factories.HousingOrganisationFactory(name="Alboa")
    contact = factories.ContactFactory(first_name="Fatima", last_name="El-Sayed", email="Fatima@Mail.example.dk")
    factories.AffiliationFactory(contact=contact, organisation=org, title="Formand")
    report = run(
        "contacts", [CONTACT_HEADERS, ["Fatima", "El Sayed", "Formand", "Alboa", "fatima@mail.EXAMPLE.dk", ""]]
    )
    assert report.committed and report.counts["updated"] == 1
    contact.refresh_from_db()
    assert contact.last_name == "El Sayed"
    assert Contact.objects.count() == 1


def test_contacts_without_email_are_matched_by_name_and_organisation():
    alboa, aab = factories.HousingOrganisationFactory(name="Alboa"), factories.HousingOrganisationFactory(name="AAB")
    at_alboa = factories.ContactFactory(first_name="Lars", last_name="Holm", email=None)
    factories.AffiliationFactory(contact=at_alboa, organisation=alboa, title="Vicevært")
    at_aab = factories.ContactFactory(first_name="Lars", last_name="Holm", email=None)
    factories.AffiliationFactory(contact=at_aab, organisation=aab, title="Konsulent")
    report = run("contacts", [CONTACT_HEADERS, ["Lars", "Holm", "Driftschef", "AAB", "", ""]])
    assert report.committed, errors(report)
    assert report.counts["updated"] == 1
    assert Affiliation.objects.get(contact=at_aab).title == "Driftschef"
    assert Affiliation.objects.get(contact=at_alboa).title == "Vicevært"


def test_a_new_organisation_becomes_the_primary_affiliation_and_the_old_stays_current():
    old = factories.HousingOrganisationFactory(name="AAB")
    factories.HousingOrganisationFactory(name="Alboa")
    contact = factories.ContactFactory(email="s@example.dk")
    factories.AffiliationFactory(contact=contact, organisation=old, title="Konsulent", is_primary=True)
    report = run(
        "contacts", [CONTACT_HEADERS, [contact.first_name, contact.last_name, "Chef", "Alboa", "s@example.dk", ""]]
    )
    assert report.committed
    change = dict((c[0], (c[1], c[2])) for c in report.rows[0].changes)
    assert change["Organisation"] == ("AAB", "Alboa")
    current = {a.organisation.name: (a.title, a.is_primary) for a in contact.affiliations.current()}
    assert current == {"AAB": ("Konsulent", False), "Alboa": ("Chef", True)}
    # And the same file again changes nothing.
    again = run(
        "contacts", [CONTACT_HEADERS, [contact.first_name, contact.last_name, "Chef", "Alboa", "s@example.dk", ""]]
    )
    assert again.counts["unchanged"] == 1


def test_the_organisation_may_be_given_by_cvr():
    factories.HousingOrganisationFactory(name="Østjysk Bolig", cvr="55133018")
    assert run("contacts", [CONTACT_HEADERS, ["A", "B", "", "55133018", "a@b.dk", ""]]).committed
    assert Affiliation.objects.get().organisation.name == "Østjysk Bolig"


def test_an_unknown_organisation_is_a_row_error():
    report = run("contacts", [CONTACT_HEADERS, ["A", "B", "", "Findes Ikke A/S", "a@b.dk", ""]])
    assert not report.committed
    assert errors(report)[0][:3] == (2, "Organisation", "Findes Ikke A/S")


def test_tags_are_created_when_missing_and_matched_without_regard_to_case():
    factories.TagFactory(name="Helhedsplan")
    report = run("contacts", [CONTACT_HEADERS, ["A", "B", "", "", "a@b.dk", "helhedsplan, Tryghed"]])
    assert report.committed and report.new_tags == ["Tryghed"]
    assert sorted(Contact.objects.get().tags.values_list("name", flat=True)) == ["Helhedsplan", "Tryghed"]
    assert Tag.objects.count() == 2


def test_the_new_years_reception_column_sets_and_removes_the_tag():
    headers = ["Fornavn", "Efternavn", "E-mail", "Inviter til nytårskur"]
    run("contacts", [headers, ["A", "B", "a@b.dk", "Ja"], ["C", "D", "c@d.dk", "Nej"]])
    assert list(Tag.objects.get(name="nytårskur").contacts.values_list("email", flat=True)) == ["a@b.dk"]
    report = run("contacts", [headers, ["A", "B", "a@b.dk", "Nej"], ["C", "D", "c@d.dk", "ja"]])
    assert report.counts["updated"] == 2
    assert list(Tag.objects.get(name="nytårskur").contacts.values_list("email", flat=True)) == ["c@d.dk"]
    bad = run("contacts", [headers, ["A", "B", "a@b.dk", "måske"]])
    assert not bad.committed and bad.errors[0].column == "Inviter til nytårskur"


def test_the_same_contact_twice_in_a_file_is_an_error():
    report = run("contacts", [CONTACT_HEADERS, ["A", "B", "", "", "a@b.dk", ""], ["A", "B", "", "", "A@B.dk", ""]])
    assert not report.committed
    assert errors(report)[0][0] == 3 and "2" in errors(report)[0][3]


def test_an_email_taken_by_another_contact_is_an_error():
    factories.ContactFactory(email="taken@example.dk")
    other = factories.ContactFactory(email="other@example.dk")
    rows = [["ID", "Fornavn", "Efternavn", "E-mail"], [other.pk, other.first_name, other.last_name, "taken@example.dk"]]
    report = run("contacts", rows)
    assert not report.committed and report.errors[0].column == "E-mail"


def test_the_id_column_of_an_export_matches_and_an_unknown_id_is_an_error():
    contact = factories.ContactFactory(email="x@example.dk")
    rows = [["ID", "Fornavn", "Efternavn", "E-mail"], [contact.pk, "Nyt", "Navn", "new@example.dk"]]
    assert run("contacts", rows).counts["updated"] == 1
    contact.refresh_from_db()
    assert (contact.first_name, contact.email) == ("Nyt", "new@example.dk")
    report = run("contacts", [["ID", "Fornavn", "Efternavn"], [contact.pk + 1000, "A", "B"]])
    assert not report.committed and report.errors[0].column == "ID"


# --- modes ------------------------------------------------------------------------------------------------------


def test_create_only_leaves_existing_rows_alone():
    contact = factories.ContactFactory(first_name="Gammel", email="a@b.dk")
    rows = [["Fornavn", "Efternavn", "E-mail"], ["Ny", "Person", "a@b.dk"], ["Helt", "Ny", "c@d.dk"]]
    report = run("contacts", rows, mode="create")
    assert report.counts["new"] == 1 and report.counts["skipped"] == 1
    contact.refresh_from_db()
    assert contact.first_name == "Gammel"


def test_update_only_skips_rows_not_in_the_register():
    contact = factories.ContactFactory(first_name="Gammel", email="a@b.dk")
    rows = [["Fornavn", "Efternavn", "E-mail"], ["Ny", contact.last_name, "a@b.dk"], ["Helt", "Ny", "c@d.dk"]]
    report = run("contacts", rows, mode="update")
    assert report.counts["updated"] == 1 and report.counts["skipped"] == 1
    assert Contact.objects.count() == 1
    contact.refresh_from_db()
    assert contact.first_name == "Ny"


# --- meetings ---------------------------------------------------------------------------------------------------


def test_meetings_from_a_date_and_time_and_matched_by_time_and_subject():
    factories.HousingOrganisationFactory(name="Alboa")
    factories.ContactFactory(email="p@example.dk")
    headers = ["Dato", "Tidspunkt", "Type", "Emne", "Organisationer", "Deltagere (e-mail)"]
    rows = [headers, ["12.01.2027", "10.30", "Møde", "Tryghed", "Alboa", "P@example.dk"]]
    rows.append(["2027-01-13", "", "besøg", "Rundtur", "", ""])
    assert run("meetings", rows).committed
    meeting = Meeting.objects.get(subject="Tryghed")
    assert timezone.localtime(meeting.starts_at).replace(tzinfo=None) == datetime.datetime(2027, 1, 12, 10, 30)
    assert list(meeting.contacts.values_list("email", flat=True)) == ["p@example.dk"]
    assert Meeting.objects.get(subject="Rundtur").kind == "site_visit"
    assert run("meetings", rows).counts["unchanged"] == 2


@pytest.mark.parametrize(
    "date,time,column",
    [("31-02-2027", "10:00", "Dato"), ("12-01-2027", "25:99", "Tidspunkt"), ("i morgen", "", "Dato")],
)
def test_bad_dates_and_times_are_row_errors_in_their_column(date, time, column):
    report = run("meetings", [["Dato", "Tidspunkt", "Emne"], [date, time, "Møde"]])
    assert not report.committed
    assert report.errors[0].column == column and report.errors[0].value == (date if column == "Dato" else time)


def test_meetings_from_an_xlsx_with_real_dates():
    data = xlsx_bytes([["Dato og tidspunkt", "Emne"], [datetime.datetime(2027, 1, 4, 15, 0), "Nytårskur"]])
    report = import_file(entity="meetings", data=data, file_name="m.xlsx", commit=True)
    assert report.committed, errors(report)
    assert timezone.localtime(Meeting.objects.get().starts_at).hour == 15


# --- areas, collaborations, invitations --------------------------------------------------------------------------


def test_areas_with_municipality_and_estates():
    aarhus = factories.MunicipalityFactory(name="Aarhus Kommune")
    estate = factories.EstateFactory(name="Gellerupparken")
    rows = [["Navn", "Kommune", "Afdelinger", "Listeår", "Helhedsplan start", "Helhedsplan slut"]]
    rows.append(["Gellerup", "Aarhus Kommune", "Gellerupparken", "2024", "01-01-2023", "31-12-2026"])
    assert run("areas", rows).committed
    area = Area.objects.get()
    assert (area.municipality, list(area.estates.all()), area.list_year) == (aarhus, [estate], 2024)
    assert run("areas", rows).counts["unchanged"] == 1
    bad = run("areas", [rows[0], ["Bispehaven", "Aarhus Kommune", "", "1900", "01-01-2025", "01-01-2024"]])
    assert {e.column for e in bad.errors} == {"Listeår"} or not bad.committed
    assert Area.objects.count() == 1


def test_collaborations_keep_the_role_of_partners_who_stay():
    aab, _alboa, kl = (factories.HousingOrganisationFactory(name=n) for n in ("AAB", "Alboa", "KL"))
    collaboration = factories.CollaborationFactory(title="Helhedsplan Gellerup")
    CollaborationPartner.objects.create(collaboration=collaboration, organisation=aab, role=PartnerRole.LEAD)
    CollaborationPartner.objects.create(collaboration=collaboration, organisation=kl, role=PartnerRole.FUNDER)
    rows = [["Titel", "Type", "Status", "Partnere"], ["Helhedsplan Gellerup", "Helhedsplan", "Aktiv", "AAB|Alboa"]]
    report = run("collaborations", rows)
    assert report.committed and report.counts["updated"] == 1
    roles = dict(collaboration.memberships.values_list("organisation__name", "role"))
    assert roles == {"AAB": PartnerRole.LEAD, "Alboa": PartnerRole.PARTNER}
    assert Collaboration.objects.get().kind == "masterplan"


def test_rsvp_replies_update_invitation_statuses():
    event = factories.EventFactory(name="Nytårskur 2027")
    accepted = factories.InvitationFactory(event=event, contact=factories.ContactFactory(email="a@b.dk"))
    declined = factories.InvitationFactory(event=event, contact=factories.ContactFactory(email="c@d.dk"))
    rows = [
        ["Arrangement", "E-mail", "Status"],
        ["Nytårskur 2027", "A@B.dk", "Tilmeldt"],
        ["Nytårskur 2027", "c@d.dk", "no"],
    ]
    report = run("invitations", rows, mode="update")
    assert report.committed, errors(report)
    accepted.refresh_from_db(), declined.refresh_from_db()
    assert (accepted.status, declined.status) == (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED)
    assert accepted.responded_at is not None
    assert run("invitations", rows, mode="update").counts["unchanged"] == 2
    # Update only: a reply from someone not on the list is skipped, and the preview says so.
    skipped = run("invitations", [rows[0], ["Nytårskur 2027", "x@y.dk", "ja"]], mode="update", commit=False)
    assert skipped.counts["skipped"] == 1 and skipped.rows[0].reason
    assert "x@y.dk" in skipped.rows[0].label
    # Create and update: an address that is no contact is an error in its column.
    unknown = run("invitations", [rows[0], ["Nytårskur 2027", "x@y.dk", "ja"]])
    assert not unknown.committed and unknown.errors[0].column == "E-mail"
    assert Invitation.objects.count() == 2


def test_a_preview_writes_nothing():
    before = db_fingerprint()
    report = run("organisations", [["Navn", "Type"], ["Ny", "Kommune"]], commit=False)
    assert report.counts["new"] == 1 and not report.committed
    assert db_fingerprint() == before


def test_a_reply_list_puts_new_people_on_the_list_only_by_the_invitee_rules():
    """A new row of the reply import is an "Add invitees" of one: never a do-not-contact person, never over the
    event's quota per organisation (those already on the list and earlier rows count), each refusal in its column."""
    event = factories.EventFactory(name="Nytårskur 2027", guest_quota=2)
    aab = factories.OrganisationFactory(name="AAB")
    factories.InvitationFactory(event=event, organisation=aab)
    factories.ContactFactory(email="fri@aab.dk", first_name="Fri", last_name="Person")
    factories.ContactFactory(email="nej@aab.dk", first_name="Ingen", last_name="Post", do_not_contact=True)
    factories.ContactFactory(email="tre@aab.dk", first_name="Tredje", last_name="Gæst")
    header = ["Arrangement", "E-mail", "Organisation", "Status"]
    rows = [
        header,
        ["Nytårskur 2027", "fri@aab.dk", "AAB", "Tilmeldt"],
        ["Nytårskur 2027", "nej@aab.dk", "", "Tilmeldt"],
        ["Nytårskur 2027", "tre@aab.dk", "AAB", "Tilmeldt"],
    ]
    before = Invitation.objects.count()
    with translation.override("da"):
        report = run("invitations", rows)
    assert not report.committed
    assert [(e.row, e.column) for e in report.errors] == [(3, "E-mail"), (4, "Organisation")]
    assert "Ingen Post må ikke kontaktes" in report.errors[0].message
    assert "AAB har allerede 2 gæster på listen" in report.errors[1].message
    assert Invitation.objects.count() == before
    # Without the refused rows, the first is added, dated by the one status rule.
    report = run("invitations", rows[:2])
    assert report.committed, errors(report)
    added = Invitation.objects.get(contact__email="fri@aab.dk")
    assert added.status == InvitationStatus.ACCEPTED and added.responded_at is not None and added.invited_at is None
