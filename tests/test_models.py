"""Model invariants: each is enforced by the database (IntegrityError) and reported by validation (ValidationError)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from partners import models
from partners.models import Contact, FollowUp, Invitation
from partners.models.events import InvitationStatus
from partners.models.organisations import OrganisationKind
from partners.validators import cvr_is_valid

from . import factories

pytestmark = pytest.mark.django_db


def assert_db_rejects(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


class TestCvr:
    @pytest.mark.parametrize("value", ["55133018", "10150817"])
    def test_valid_numbers_pass_modulus_11(self, value):
        assert cvr_is_valid(value)

    @pytest.mark.parametrize("value", ["55133019", "1234567", "123456789", "0513301A", "05133018", ""])
    def test_invalid_numbers_fail(self, value):
        assert not cvr_is_valid(value)

    def test_validation_message_names_the_field(self):
        org = factories.OrganisationFactory.build(cvr="12345678")
        with pytest.raises(ValidationError) as err:
            org.full_clean()
        assert "cvr" in err.value.message_dict

    def test_database_rejects_malformed_cvr(self):
        org = factories.OrganisationFactory()
        assert_db_rejects(lambda: models.Organisation.objects.filter(pk=org.pk).update(cvr="12ab5678"))

    def test_cvr_unique_when_set(self):
        factories.OrganisationFactory(cvr="55133018")
        factories.OrganisationFactory(cvr=None)
        factories.OrganisationFactory(cvr=None)  # several organisations without CVR are fine
        assert_db_rejects(lambda: factories.OrganisationFactory(cvr="55133018"))

    def test_blank_cvr_from_a_form_is_stored_as_null(self):
        first = factories.OrganisationFactory.build(cvr="")
        first.full_clean()
        first.save()
        second = factories.OrganisationFactory.build(cvr="")
        second.full_clean()
        second.save()
        assert models.Organisation.objects.filter(cvr__isnull=True).count() == 2


class TestOrganisationHierarchy:
    def test_administration_requires_parent_in_database(self):
        assert_db_rejects(lambda: models.Organisation.objects.create(kind=OrganisationKind.ADMINISTRATION, name="X"))

    def test_estate_must_sit_under_a_housing_organisation(self):
        municipality = factories.MunicipalityFactory()
        estate = models.Estate(name="Afdeling 1", parent=municipality)
        with pytest.raises(ValidationError) as err:
            estate.full_clean()
        assert "parent" in err.value.message_dict

    def test_administration_may_sit_under_another_administration(self):
        admin = factories.AdministrationFactory()
        unit = models.Administration(name="Jobcenter", parent=admin)
        unit.full_clean()
        unit.save()
        assert [o.pk for o in unit.ancestors()] == [admin.pk, admin.parent_id]

    def test_cycle_is_refused(self):
        top = factories.AdministrationFactory()
        child = factories.AdministrationFactory(parent=top)
        top.parent = child
        with pytest.raises(ValidationError) as err:
            top.full_clean()
        assert "parent" in err.value.message_dict

    def test_organisation_cannot_be_its_own_parent_in_database(self):
        org = factories.OrganisationFactory()
        assert_db_rejects(lambda: models.Organisation.objects.filter(pk=org.pk).update(parent=org))

    def test_municipality_code_only_on_municipalities(self):
        org = factories.OrganisationFactory()
        assert_db_rejects(lambda: models.Organisation.objects.filter(pk=org.pk).update(municipality_code="751"))

    def test_parent_with_children_cannot_be_deleted(self):
        estate = factories.EstateFactory()
        with pytest.raises(ProtectedError):
            estate.parent.delete()
        assert models.Organisation.objects.filter(pk=estate.parent_id).exists()


class TestProxies:
    def test_proxy_creates_its_own_kind_and_lists_only_it(self):
        housing = models.HousingOrganisation.objects.create(name="Brabrand Boligforening")
        models.Estate.objects.create(name="Gellerupparken", parent=housing)
        factories.MunicipalityFactory()
        assert housing.kind == OrganisationKind.HOUSING_ORGANISATION
        assert list(models.HousingOrganisation.objects.values_list("name", flat=True)) == ["Brabrand Boligforening"]
        assert models.Estate.objects.get().parent_id == housing.pk
        assert models.Organisation.objects.count() == 3

    def test_new_proxy_instance_has_kind_before_saving(self):
        assert models.NationalPartner(name="KL").kind == OrganisationKind.NATIONAL_PARTNER


class TestContactEmail:
    def test_email_unique_case_insensitively(self):
        factories.ContactFactory(email="Mette@Example.dk")
        assert_db_rejects(lambda: factories.ContactFactory(email="mette@example.DK"))

    def test_validation_reports_duplicate_email(self):
        factories.ContactFactory(email="Mette@Example.dk")
        other = factories.ContactFactory.build(email="mette@example.dk")
        with pytest.raises(ValidationError):
            other.full_clean()

    def test_many_contacts_without_email(self):
        for _ in range(3):
            contact = factories.ContactFactory.build(email="")
            contact.full_clean()
            contact.save()
        assert models.Contact.objects.filter(email__isnull=True).count() == 3

    def test_default_salutation(self):
        assert factories.ContactFactory.build(first_name="Mette", salutation="").letter_salutation == "Kære Mette"
        assert factories.ContactFactory.build(salutation="Kære borgmester").letter_salutation == "Kære borgmester"


class TestDates:
    def test_affiliation_end_before_start_rejected(self):
        aff = factories.AffiliationFactory.build(
            contact=factories.ContactFactory(),
            organisation=factories.OrganisationFactory(),
            start_date=datetime.date(2024, 5, 1),
            end_date=datetime.date(2024, 4, 30),
        )
        with pytest.raises(ValidationError):
            aff.full_clean()
        assert_db_rejects(aff.save)

    def test_collaboration_end_before_start_rejected(self):
        collab = factories.CollaborationFactory.build(
            start_date=datetime.date(2024, 5, 1), end_date=datetime.date(2023, 1, 1)
        )
        assert_db_rejects(collab.save)

    def test_area_masterplan_period_checked(self):
        area = factories.AreaFactory.build(
            municipality=factories.MunicipalityFactory(),
            masterplan_start=datetime.date(2024, 1, 1),
            masterplan_end=datetime.date(2023, 12, 31),
        )
        assert_db_rejects(area.save)

    def test_open_ended_periods_allowed(self):
        aff = factories.AffiliationFactory(start_date=None, end_date=None)
        assert aff.is_current


class TestUniqueness:
    def test_one_current_primary_affiliation(self):
        aff = factories.AffiliationFactory(is_primary=True)
        assert_db_rejects(
            lambda: factories.AffiliationFactory(contact=aff.contact, organisation=aff.organisation, is_primary=True)
        )
        # A former primary affiliation does not count.
        aff.end_date = datetime.date(2024, 1, 1)
        aff.save()
        factories.AffiliationFactory(contact=aff.contact, is_primary=True)

    def test_invitation_unique_per_event_and_contact(self):
        invitation = factories.InvitationFactory()
        assert_db_rejects(lambda: factories.InvitationFactory(event=invitation.event, contact=invitation.contact))

    def test_collaboration_partner_unique(self):
        collab = factories.CollaborationFactory()
        org = factories.OrganisationFactory()
        models.CollaborationPartner.objects.create(collaboration=collab, organisation=org, role="lead")
        assert_db_rejects(
            lambda: models.CollaborationPartner.objects.create(collaboration=collab, organisation=org, role="partner")
        )

    def test_tag_names_unique_case_insensitively(self):
        factories.TagFactory(name="Helhedsplan")
        assert_db_rejects(lambda: factories.TagFactory(name="helhedsplan"))

    def test_choices_enforced_by_database(self):
        meeting = factories.MeetingFactory()
        assert_db_rejects(lambda: models.Meeting.objects.filter(pk=meeting.pk).update(kind="party"))


class TestHistory:
    def test_changes_are_recorded(self):
        org = factories.OrganisationFactory(name="Alboa")
        org.name = "Alboa (ny)"
        org.save()
        assert [h.name for h in org.history.order_by("history_date")] == ["Alboa", "Alboa (ny)"]

    def test_saves_through_a_kind_proxy_are_recorded(self):
        municipality = models.Municipality.objects.create(name="Aarhus Kommune", municipality_code="751")
        municipality.phone = "89 40 20 00"
        municipality.save()
        history = models.Organisation.history.filter(id=municipality.pk).order_by("history_date")
        assert [(h.history_type, h.phone) for h in history] == [("+", ""), ("~", "89 40 20 00")]
        pk = municipality.pk
        municipality.delete()
        assert models.Organisation.history.filter(id=pk, history_type="-").count() == 1

    @pytest.mark.parametrize(
        "model",
        [
            models.Organisation,
            models.Area,
            models.Contact,
            models.Affiliation,
            models.Collaboration,
            models.CollaborationPartner,
            models.Meeting,
            models.FollowUp,
            models.Event,
            models.Invitation,
            models.Tag,
            models.Theme,
        ],
    )
    def test_every_domain_model_has_history(self, model):
        assert hasattr(model, "history")


class TestFollowUps:
    def test_open_and_overdue(self):
        today = datetime.date(2026, 11, 21)
        overdue = factories.FollowUpFactory(due_date=today - datetime.timedelta(days=1))
        factories.FollowUpFactory(due_date=today + datetime.timedelta(days=1))
        done = factories.FollowUpFactory(due_date=today - datetime.timedelta(days=5))
        done.done_at = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
        done.save()
        assert list(models.FollowUp.objects.overdue(today)) == [overdue]
        assert models.FollowUp.objects.open().count() == 2


def test_the_one_invitation_status_transition():
    now, later = timezone.now(), timezone.now() + datetime.timedelta(hours=1)
    invitation = Invitation(status=InvitationStatus.DRAFT)
    assert invitation.move_to(InvitationStatus.INVITED, now=now) == ["status", "invited_at"]
    assert invitation.move_to(InvitationStatus.INVITED, now=later) == []  # the same status changes nothing
    assert invitation.move_to(InvitationStatus.ACCEPTED, now=now) == ["status", "responded_at"]
    assert invitation.move_to(InvitationStatus.DECLINED, now=later) == ["status", "responded_at"]
    assert invitation.responded_at == later  # a changed answer is dated again
    assert invitation.move_to(InvitationStatus.INVITED, now=later) == ["status"]  # the first sending keeps its time
    assert invitation.invited_at == now
    assert invitation.move_to(InvitationStatus.ATTENDED, now=later) == ["status", "attendance_recorded_at"]
    assert invitation.move_to(InvitationStatus.DRAFT, now=later) == ["status"]
    with pytest.raises(ValueError):
        invitation.move_to("maybe", now=now)


def test_a_follow_up_done_keeps_its_time_and_undone_clears_it():
    first = timezone.now() - datetime.timedelta(days=3)
    follow_up = FollowUp(text="Send referat")
    assert follow_up.mark(True, when=first) and follow_up.done_at == first
    assert not follow_up.mark(True) and follow_up.done_at == first
    assert follow_up.mark(False) and follow_up.done_at is None
    assert not follow_up.mark(False)


@pytest.mark.django_db
def test_contactable_is_the_one_do_not_contact_rule():
    free = factories.ContactFactory()
    barred = factories.ContactFactory(do_not_contact=True)
    assert list(Contact.objects.contactable()) == [free]
    flags = dict(Contact.objects.with_contactable().values_list("pk", "is_contactable"))
    assert flags == {free.pk: True, barred.pk: False}
