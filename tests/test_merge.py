"""Merging duplicate organisations and contacts (``services/merge.py``): every link moves to the survivor in one
transaction, the figures stay true, both histories say so, the loser's name becomes an alias."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partners.models import (
    Affiliation,
    Area,
    CollaborationPartner,
    Contact,
    FollowUp,
    Invitation,
    MeetingContact,
    MeetingOrganisation,
    Organisation,
)
from partners.models.collaborations import PartnerRole
from partners.models.events import InvitationStatus
from partners.services.merge import contact_merge, organisation_merge
from tests import factories as f
from tests.test_figures import AFTER, FIRST, assert_figures_match, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_aab():
    """ "AAB Aarhus" entered twice, each with its own people, meetings, invitations and collaborations."""
    municipality = f.MunicipalityFactory(name="Aarhus Kommune", municipality_code="751")
    survivor = f.HousingOrganisationFactory(name="AAB Aarhus", cvr="55133018", city="Aarhus C")
    loser = f.HousingOrganisationFactory(name="A.A.B. Århus", short_name="AAB", phone="86 12 34 56")
    mette = f.ContactFactory(first_name="Mette", last_name="Kjærgaard")
    søren = f.ContactFactory(first_name="Søren", last_name="Østergaard")
    f.AffiliationFactory(contact=mette, organisation=survivor, title="Boligsocial leder")
    f.AffiliationFactory(contact=søren, organisation=loser, title="Driftschef")
    both = f.ContactFactory(first_name="Lise", last_name="Holm")
    f.AffiliationFactory(contact=both, organisation=survivor, title="", is_primary=True)
    f.AffiliationFactory(contact=both, organisation=loser, title="Projektleder", is_primary=False)
    staff = f.UserFactory()
    meetings = []
    for day, orgs in ((3, [survivor]), (40, [loser]), (41, [loser, municipality]), (100, [survivor, loser])):
        meeting = f.MeetingFactory(starts_at=at(day), subject=f"Møde om helhedsplan {day}")
        for org in orgs:
            MeetingOrganisation.objects.create(meeting=meeting, organisation=org)
        meetings.append(meeting)
    f.FollowUpFactory(meeting=meetings[1], owner=staff, text="Send referat til driftschefen")
    event = f.EventFactory(name="Nytårskur 2026")
    f.InvitationFactory(event=event, contact=søren, organisation=loser, status=InvitationStatus.ACCEPTED)
    collaboration = f.CollaborationFactory(title="Helhedsplan Gellerup")
    CollaborationPartner.objects.create(collaboration=collaboration, organisation=survivor, role=PartnerRole.PARTNER)
    CollaborationPartner.objects.create(collaboration=collaboration, organisation=loser, role=PartnerRole.LEAD)
    other = f.CollaborationFactory(title="Tryghedsnetværk Aarhus Vest")
    CollaborationPartner.objects.create(collaboration=other, organisation=loser)
    estate = f.EstateFactory(name="Afdeling 4 Gellerupparken", parent=loser)
    area = f.AreaFactory(name="Gellerup", municipality=municipality)
    area.estates.add(estate)
    tag = f.TagFactory(name="helhedsplan")
    loser.tags.add(tag)
    return {"survivor": survivor, "loser": loser, "meetings": meetings, "event": event, "estate": estate,
            "mette": mette, "søren": søren, "both": both, "collaboration": collaboration, "tag": tag}  # fmt: skip


def test_merging_two_organisations_leaves_one_holding_everything(two_aab, staff_user):
    survivor, loser = two_aab["survivor"], two_aab["loser"]
    assert_figures_match()
    result = organisation_merge(survivor=survivor, loser=loser, take=["phone"], user=staff_user)

    assert not Organisation.objects.filter(pk=loser.pk).exists()
    survivor.refresh_from_db()
    assert survivor.phone == "86 12 34 56" and survivor.cvr == "55133018" and survivor.city == "Aarhus C"
    # Meetings: all four, the one with both counted once.
    assert set(survivor.meetings.values_list("pk", flat=True)) == {m.pk for m in two_aab["meetings"]}
    assert MeetingOrganisation.objects.filter(organisation=survivor).count() == 4
    assert FollowUp.objects.filter(meeting__organisations=survivor).count() == 1
    # People: Søren moved; Lise's two current jobs are one, with the loser's title filled in.
    people = Affiliation.objects.filter(organisation=survivor)
    assert set(people.values_list("contact__first_name", flat=True)) == {"Mette", "Søren", "Lise"}
    lise = people.get(contact=two_aab["both"])
    assert lise.title == "Projektleder" and lise.is_primary
    assert Invitation.objects.get(contact=two_aab["søren"]).organisation == survivor
    # Collaborations: one membership each, the lead role kept.
    assert CollaborationPartner.objects.get(collaboration=two_aab["collaboration"]).role == PartnerRole.LEAD
    assert survivor.collaborations.count() == 2
    assert Organisation.objects.get(pk=two_aab["estate"].pk).parent == survivor
    assert list(survivor.tags.all()) == [two_aab["tag"]]
    # The loser's names are the survivor's aliases.
    assert set(survivor.aliases.values_list("name", flat=True)) == {"A.A.B. Århus", "AAB"}
    # The figures equal a recount.
    assert_figures_match()
    # History of both.
    latest = survivor.history.first()
    assert "A.A.B. Århus" in latest.history_change_reason and str(loser.pk) in latest.history_change_reason
    gone = Organisation.history.filter(id=loser.pk).first()
    assert gone.history_type == "-" and "AAB Aarhus" in gone.history_change_reason
    assert Affiliation.history.filter(contact=two_aab["søren"]).first().history_change_reason.startswith("Flyttet")
    assert result.moved["Møder"] == 2 and any("Helhedsplan Gellerup" in note for note in result.notes)


def test_the_figures_stay_true_when_the_two_had_different_kinds(staff_user):
    housing = f.HousingOrganisationFactory(name="Boligselskabet Sjælland")
    local = f.OrganisationFactory(name="Boligselskabet Sjaelland")
    for day, orgs in ((10, [housing]), (11, [local]), (12, [housing, local])):
        meeting = f.MeetingFactory(starts_at=at(day))
        for org in orgs:
            MeetingOrganisation.objects.create(meeting=meeting, organisation=org)
    assert_figures_match()
    organisation_merge(survivor=local, loser=housing, user=staff_user)
    assert_figures_match()


def test_an_organisation_under_the_other_takes_its_place(staff_user):
    parent = f.HousingOrganisationFactory(name="Brabrand Boligforening")
    child = f.HousingOrganisationFactory(name="Brabrand Boligforening ")
    Organisation.objects.filter(pk=child.pk).update(kind="national_partner")
    upper = f.NationalPartnerFactory(name="Landsbyggefonden")
    lower = f.NationalPartnerFactory(name="LBF", parent=upper)
    organisation_merge(survivor=lower, loser=upper, user=staff_user)
    lower.refresh_from_db()
    assert lower.parent is None and lower.aliases.filter(name="Landsbyggefonden").exists()
    assert parent.pk  # untouched


@pytest.mark.parametrize("case", ["itself", "deleted", "below"])
def test_a_merge_that_cannot_be_is_refused_and_changes_nothing(case, staff_user):
    top = f.NationalPartnerFactory(name="Socialstyrelsen")
    middle = f.NationalPartnerFactory(name="Socialstyrelsen, Odense", parent=top)
    bottom = f.NationalPartnerFactory(name="Socialstyrelsen Odense", parent=middle)
    survivor, loser = {"itself": (top, top), "deleted": (top, Organisation(pk=999999)), "below": (bottom, top)}[case]
    with pytest.raises(ValidationError):
        organisation_merge(survivor=survivor, loser=loser, user=staff_user)
    assert Organisation.objects.count() == 3 and Organisation.objects.get(pk=bottom.pk).parent == middle


def test_two_municipalities_with_an_area_of_the_same_name_are_not_merged(staff_user):
    aarhus = f.MunicipalityFactory(name="Aarhus Kommune")
    århus = f.MunicipalityFactory(name="Århus Kommune")
    f.AreaFactory(name="Gellerup", municipality=aarhus)
    f.AreaFactory(name="gellerup", municipality=århus)
    with pytest.raises(ValidationError, match=r"(?i)gellerup"):
        organisation_merge(survivor=aarhus, loser=århus, user=staff_user)
    assert Area.objects.filter(municipality=århus).count() == 1


def test_merging_two_contacts_with_a_shared_event_keeps_the_invitation_further_along(staff_user):
    survivor = f.ContactFactory(first_name="Mette", last_name="Kjærgaard", email="mette@aab.dk", phone="")
    loser = f.ContactFactory(first_name="Mette", last_name="Kjærgård", email="mk@aab.dk", phone="20 30 40 50")
    aab = f.HousingOrganisationFactory(name="AAB Aarhus")
    bo = f.HousingOrganisationFactory(name="Boligkontoret Danmark")
    f.AffiliationFactory(contact=survivor, organisation=aab, title="", is_primary=True)
    f.AffiliationFactory(contact=loser, organisation=aab, title="Boligsocial leder", is_primary=True)
    f.AffiliationFactory(contact=loser, organisation=bo, title="Bestyrelsesmedlem", is_primary=False)
    nytaarskur = f.EventFactory(name="Nytårskur 2026")
    konference = f.EventFactory(name="Boligsocial konference")
    f.InvitationFactory(event=nytaarskur, contact=survivor, status=InvitationStatus.INVITED)
    f.InvitationFactory(event=nytaarskur, contact=loser, status=InvitationStatus.ACCEPTED)
    f.InvitationFactory(event=konference, contact=loser, status=InvitationStatus.DRAFT)
    meeting = f.MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=3))
    MeetingContact.objects.create(meeting=meeting, contact=survivor)
    MeetingContact.objects.create(meeting=meeting, contact=loser)
    solo = f.MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=5))
    MeetingContact.objects.create(meeting=solo, contact=loser)

    result = contact_merge(survivor=survivor, loser=loser, take=["email", "phone"], user=staff_user)

    assert not Contact.objects.filter(pk=loser.pk).exists()
    survivor.refresh_from_db()
    assert (survivor.email, survivor.phone) == ("mk@aab.dk", "20 30 40 50")
    invitations = {i.event.name: i.status for i in Invitation.objects.filter(contact=survivor)}
    assert invitations == {"Nytårskur 2026": InvitationStatus.ACCEPTED, "Boligsocial konference": "draft"}
    assert any("Nytårskur 2026" in note and "Tilmeldt" in note for note in result.notes)
    jobs = Affiliation.objects.filter(contact=survivor).order_by("organisation__name")
    assert [(a.organisation.name, a.title, a.is_primary) for a in jobs] == [
        ("AAB Aarhus", "Boligsocial leder", True),
        ("Boligkontoret Danmark", "Bestyrelsesmedlem", False),
    ]
    assert set(survivor.meetings.all()) == {meeting, solo}
    assert "Mette Kjærgård" in survivor.history.first().history_change_reason
    assert Contact.history.filter(id=loser.pk).first().history_type == "-"


def test_two_primary_jobs_become_one(staff_user):
    survivor, loser = f.ContactFactory(first_name="Anders"), f.ContactFactory(first_name="Anders")
    f.AffiliationFactory(contact=survivor, is_primary=True)
    f.AffiliationFactory(contact=loser, is_primary=True)
    contact_merge(survivor=survivor, loser=loser, user=staff_user)
    assert Affiliation.objects.current().filter(contact=survivor, is_primary=True).count() == 1
    assert Affiliation.objects.filter(contact=survivor).count() == 2


def test_every_relation_of_an_organisation_and_a_contact_is_moved():
    """A relation added later must be handled by the merge (else the loser cannot be deleted, or a link is lost)."""
    handled = {
        Organisation: {"children", "affiliations", "invitations", "meeting_links", "collaboration_memberships",
                       "areas_in_municipality", "areas", "aliases", "meetings", "collaborations", "case_stances"},
        Contact: {"affiliations", "invitations", "meeting_links", "meetings", "case_stances", "personal_data_exports"},
    }  # fmt: skip
    for model, names in handled.items():
        relations = {rel.get_accessor_name() for rel in model._meta.related_objects if not rel.hidden}
        relations = {name for name in relations if name and not name.startswith("historical")}
        assert relations <= names, relations - names
    assert FIRST < AFTER


def test_the_loser_s_documents_and_case_stances_move_to_the_survivor(staff_user, settings, tmp_path):
    """Documents and case stances would otherwise block the loser's deletion or be lost; on a case where both stand,
    the survivor's stance is kept and the merge says so."""
    from django.core.files.base import ContentFile

    from partners.models import Case, CaseStakeholder, Document
    from partners.services.documents import upload_document
    from tests.test_documents import pdf_bytes

    settings.MEDIA_ROOT = tmp_path
    survivor, loser = f.MunicipalityFactory(name="Aarhus Kommune"), f.MunicipalityFactory(name="Århus Kommune")
    document = upload_document(
        upload=ContentFile(pdf_bytes(), name="svar.pdf"), title="Høringssvar", kind="other", record=loser
    )
    both, only_loser = Case.objects.create(title="Budget 2027"), Case.objects.create(title="Tilstedeværelse")
    CaseStakeholder.objects.create(case=both, organisation=survivor, stance="supports")
    CaseStakeholder.objects.create(case=both, organisation=loser, stance="opposes")
    CaseStakeholder.objects.create(case=only_loser, organisation=loser, stance="neutral")
    a, b = f.ContactFactory(), f.ContactFactory()
    CaseStakeholder.objects.create(case=only_loser, contact=b, stance="opposes")

    result = organisation_merge(survivor=survivor, loser=loser, user=staff_user)
    from partners.models import PersonalDataExport

    answered = PersonalDataExport.objects.create(contact=b, contact_name=b.full_name, user=staff_user, format="page")
    contact_merge(survivor=a, loser=b, user=staff_user)
    answered.refresh_from_db()
    assert answered.contact == a and answered.contact_name == b.full_name

    assert Document.objects.get(pk=document.pk).record == survivor
    assert dict(CaseStakeholder.objects.filter(organisation=survivor).values_list("case__title", "stance")) == {
        "Budget 2027": "supports",
        "Tilstedeværelse": "neutral",
    }
    assert CaseStakeholder.objects.get(contact=a).stance == "opposes"
    assert any("Budget 2027" in note for note in result.notes)
    assert result.moved["Dokumenter"] == 1
