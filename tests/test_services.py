import datetime

import pytest

from partners.services.contacts import affiliation_change

from . import factories

pytestmark = pytest.mark.django_db


def test_job_change_ends_old_affiliation_and_adds_new_primary():
    old = factories.AffiliationFactory(title="Områdeleder", start_date=datetime.date(2020, 3, 1))
    contact = old.contact
    new_org = factories.AdministrationFactory(name="Sociale Forhold og Beskæftigelse")

    new = affiliation_change(
        contact=contact, organisation=new_org, title="Kontorchef", start_date=datetime.date(2025, 8, 1)
    )

    old.refresh_from_db()
    assert old.end_date == datetime.date(2025, 7, 31)
    assert not old.is_current
    assert new.is_primary and new.is_current
    assert list(contact.affiliations.current()) == [new]
    assert list(contact.affiliations.former()) == [old]
    # The history shows both the old role and its ending.
    assert [h.end_date for h in old.history.order_by("history_date")] == [None, datetime.date(2025, 7, 31)]


def test_job_change_on_the_start_day_of_the_old_role_does_not_end_before_it_started():
    old = factories.AffiliationFactory(start_date=datetime.date(2025, 8, 1))
    affiliation_change(
        contact=old.contact, organisation=factories.OrganisationFactory(), start_date=datetime.date(2025, 8, 1)
    )
    old.refresh_from_db()
    assert old.end_date == datetime.date(2025, 8, 1)


def test_job_change_for_contact_without_affiliation():
    contact = factories.ContactFactory()
    new = affiliation_change(
        contact=contact, organisation=factories.OrganisationFactory(), start_date=datetime.date(2025, 1, 1)
    )
    assert list(contact.affiliations.all()) == [new]


def test_secondary_affiliations_stay_current():
    primary = factories.AffiliationFactory(is_primary=True)
    secondary = factories.AffiliationFactory(contact=primary.contact, is_primary=False, title="Bestyrelsesmedlem")
    affiliation_change(
        contact=primary.contact, organisation=factories.OrganisationFactory(), start_date=datetime.date(2026, 1, 1)
    )
    secondary.refresh_from_db()
    assert secondary.is_current and not secondary.is_primary
    assert primary.contact.affiliations.current().count() == 2
