"""The kept columns (``partners/reporting/triggers.py``, ``KEPT``) stay right whatever writes their sources: the ORM,
raw SQL, the merge, a stale instance saved again, a TRUNCATE; and ``refresh_kept()`` recounts what is wrong."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from partners.models import Affiliation, Contact, Meeting, Organisation
from partners.reporting import triggers
from partners.services.merge import organisation_merge
from tests import factories

pytestmark = pytest.mark.django_db


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def count_of(organisation) -> int:
    return Organisation.objects.values_list("contact_count", flat=True).get(pk=organisation.pk)


def primary_of(contact) -> tuple:
    return Contact.objects.values_list("primary_organisation_id", "primary_organisation_name", "primary_title").get(
        pk=contact.pk
    )


def open_of(meeting) -> int:
    return Meeting.objects.values_list("open_follow_ups", flat=True).get(pk=meeting.pk)


def latest_of(model, row):
    return model.objects.values_list("latest_meeting_at", flat=True).get(pk=row.pk)


class TestContactCountAndPrimary:
    def test_orm_writes_keep_the_count_and_the_primary(self):
        organisation = factories.HousingOrganisationFactory(name="Boligselskabet Nord")
        contact = factories.ContactFactory()
        assert count_of(organisation) == 0 and primary_of(contact) == (None, None, None)

        affiliation = factories.AffiliationFactory(contact=contact, organisation=organisation, title="Direktør")
        assert count_of(organisation) == 1
        assert primary_of(contact) == (organisation.pk, "Boligselskabet Nord", "Direktør")

        # A second current role at the same place counts the person once.
        factories.AffiliationFactory(contact=contact, organisation=organisation, title="Formand", is_primary=False)
        assert count_of(organisation) == 1

        other = factories.MunicipalityFactory(name="Aarhus Kommune")
        factories.AffiliationFactory(
            contact=contact, organisation=other, title="", is_primary=False, start_date=datetime.date(2024, 1, 1)
        )
        assert count_of(other) == 1
        assert primary_of(contact)[0] == organisation.pk  # the primary one comes first

        affiliation.end_date = datetime.date(2025, 1, 1)
        affiliation.save()
        # Now none is primary: the latest begun (Aarhus, no title) is shown.
        assert primary_of(contact) == (other.pk, "Aarhus Kommune", None)
        assert count_of(organisation) == 1  # still there as Formand

        Affiliation.objects.filter(contact=contact, organisation=organisation).delete()
        assert count_of(organisation) == 0

    def test_raw_sql_inserts_moves_and_deletes(self):
        first, second = factories.HousingOrganisationFactory(), factories.EstateFactory(name="Afdeling 7")
        contacts = factories.ContactFactory.create_batch(3)
        now = timezone.now()
        for contact in contacts:
            sql(
                "INSERT INTO partners_affiliation (contact_id, organisation_id, title, department, is_primary, "
                "created_at, updated_at) VALUES (%s, %s, 'Leder', '', true, %s, %s)",
                [contact.pk, first.pk, now, now],
            )
        assert count_of(first) == 3 and count_of(second) == 0
        assert primary_of(contacts[0]) == (first.pk, first.name, "Leder")

        sql("UPDATE partners_affiliation SET organisation_id = %s WHERE contact_id = %s", [second.pk, contacts[0].pk])
        assert (count_of(first), count_of(second)) == (2, 1)
        assert primary_of(contacts[0]) == (second.pk, "Afdeling 7", "Leder")

        sql("UPDATE partners_affiliation SET end_date = '2025-01-01' WHERE organisation_id = %s", [first.pk])
        assert count_of(first) == 0 and primary_of(contacts[1]) == (None, None, None)

        sql("DELETE FROM partners_affiliation WHERE organisation_id = %s", [second.pk])
        assert count_of(second) == 0 and primary_of(contacts[0]) == (None, None, None)

    def test_a_renamed_organisation_is_renamed_on_its_contacts(self):
        affiliation = factories.AffiliationFactory(organisation__name="Gammelt navn")
        organisation = affiliation.organisation
        organisation.name = "Nyt navn"
        organisation.save()
        assert primary_of(affiliation.contact)[1] == "Nyt navn"
        sql("UPDATE partners_organisation SET name = 'Tredje navn' WHERE id = %s", [organisation.pk])
        assert primary_of(affiliation.contact)[1] == "Tredje navn"

    def test_a_stale_save_or_a_hand_written_value_does_not_stick(self):
        organisation = factories.HousingOrganisationFactory()
        stale = Organisation.objects.get(pk=organisation.pk)  # contact_count 0
        factories.AffiliationFactory(organisation=organisation)
        stale.notes = "Redigeret i formularen"
        stale.save()  # writes contact_count=0 from the stale instance
        assert count_of(organisation) == 1
        sql("UPDATE partners_organisation SET contact_count = 99 WHERE id = %s", [organisation.pk])
        assert count_of(organisation) == 1
        contact = factories.ContactFactory()
        sql("UPDATE partners_contact SET primary_title = 'Falsk' WHERE id = %s", [contact.pk])
        assert primary_of(contact) == (None, None, None)

    def test_the_merge_moves_the_counts(self):
        survivor, loser = factories.HousingOrganisationFactory(), factories.HousingOrganisationFactory()
        factories.AffiliationFactory(organisation=survivor)
        moved = factories.AffiliationFactory(organisation=loser)
        organisation_merge(survivor=survivor, loser=loser)
        assert count_of(survivor) == 2
        assert primary_of(moved.contact)[0] == survivor.pk

    def test_truncate_empties_them(self):
        affiliation = factories.AffiliationFactory()
        sql("SET CONSTRAINTS ALL IMMEDIATE")  # a TRUNCATE waits for no deferred check
        sql("TRUNCATE partners_affiliation, partners_historicalaffiliation")
        assert count_of(affiliation.organisation) == 0
        assert primary_of(affiliation.contact) == (None, None, None)


class TestOpenFollowUps:
    def test_orm_and_raw_sql(self):
        meeting = factories.MeetingFactory()
        follow_up = factories.FollowUpFactory(meeting=meeting)
        factories.FollowUpFactory(meeting=meeting)
        assert open_of(meeting) == 2
        follow_up.done_at = timezone.now()
        follow_up.save()
        assert open_of(meeting) == 1

        other = factories.MeetingFactory()
        sql("UPDATE partners_followup SET meeting_id = %s WHERE id = %s", [other.pk, follow_up.pk])
        sql("UPDATE partners_followup SET done_at = NULL WHERE id = %s", [follow_up.pk])
        assert (open_of(meeting), open_of(other)) == (1, 1)

        sql("DELETE FROM partners_followup WHERE meeting_id = %s", [meeting.pk])
        assert open_of(meeting) == 0

        stale = Meeting.objects.get(pk=other.pk)
        stale.open_follow_ups = 7
        stale.save()
        assert open_of(other) == 1

    def test_the_list_sorts_by_it(self, client, django_user_model):
        busy, _quiet = factories.MeetingFactory(subject="Travlt"), factories.MeetingFactory(subject="Stille")
        factories.FollowUpFactory.create_batch(2, meeting=busy)
        user = django_user_model.objects.create_superuser("leder", password="x")
        client.force_login(user)
        page = client.get("/meetings/?sort=-open_follow_up_count").content.decode()
        assert page.index("Travlt") < page.index("Stille")
        page = client.get("/meetings/?sort=open_follow_up_count").content.decode()
        assert page.index("Stille") < page.index("Travlt")


class TestLatestMeeting:
    def test_links_and_moves_keep_it(self):
        organisation, contact = factories.HousingOrganisationFactory(), factories.ContactFactory()
        start = timezone.now() - datetime.timedelta(days=30)
        old = factories.MeetingFactory(starts_at=start)
        old.organisations.add(organisation)
        old.contacts.add(contact)
        assert latest_of(Organisation, organisation) == start == latest_of(Contact, contact)

        planned = factories.MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=10))
        planned.organisations.add(organisation)
        assert latest_of(Organisation, organisation) == planned.starts_at  # planned meetings count: "no meeting since"

        moved = planned.starts_at + datetime.timedelta(days=5)
        planned.starts_at = moved
        planned.save()
        assert latest_of(Organisation, organisation) == moved

        sql("UPDATE partners_meeting SET starts_at = %s WHERE id = %s", [start - datetime.timedelta(days=1), old.pk])
        assert latest_of(Contact, contact) == start - datetime.timedelta(days=1)

        planned.organisations.remove(organisation)
        assert latest_of(Organisation, organisation) == start - datetime.timedelta(days=1)
        sql("DELETE FROM partners_meeting_contacts WHERE contact_id = %s", [contact.pk])
        assert latest_of(Contact, contact) is None

    def test_no_meeting_since_reads_it(self, client, django_user_model):
        met, idle = (
            factories.HousingOrganisationFactory(name="Mødt"),
            factories.HousingOrganisationFactory(name="Glemt"),
        )
        factories.MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=400)).organisations.add(idle)
        factories.MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=3)).organisations.add(met)
        client.force_login(django_user_model.objects.create_superuser("leder", password="x"))
        since = (timezone.localdate() - datetime.timedelta(days=365)).isoformat()
        page = client.get(f"/organisations/?no_meeting_since={since}").content.decode()
        assert "Glemt" in page and "Mødt" not in page


def test_refresh_kept_recounts_what_is_wrong():
    affiliation = factories.AffiliationFactory()
    follow_up = factories.FollowUpFactory()
    sql("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no deferred check
    sql("ALTER TABLE partners_organisation DISABLE TRIGGER partners_organisation_kept_guard")
    sql("UPDATE partners_organisation SET contact_count = 5")
    sql("ALTER TABLE partners_organisation ENABLE TRIGGER partners_organisation_kept_guard")
    sql("ALTER TABLE partners_followup DISABLE TRIGGER partners_followup_kept_insert")
    factories.FollowUpFactory(meeting=follow_up.meeting)
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    sql("ALTER TABLE partners_followup ENABLE TRIGGER partners_followup_kept_insert")
    assert count_of(affiliation.organisation) == 5 and open_of(follow_up.meeting) == 1
    with connection.cursor() as cursor:
        triggers.refresh_kept(cursor.execute)
    assert count_of(affiliation.organisation) == 1 and open_of(follow_up.meeting) == 2
