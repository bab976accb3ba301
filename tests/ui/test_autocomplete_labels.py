"""The chosen options of an autocomplete read like its suggestions, and never get lost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


def test_chosen_organisation_reads_like_the_suggestions(staff_client):
    estate = factories.EstateFactory(name="Gellerupparken")
    html = staff_client.get(f"/organisations/{estate.pk}/edit/").content.decode()
    parent = estate.parent
    assert f'<option value="{parent.pk}" selected>{parent.name} (Boligorganisation)</option>' in html


def test_chosen_contacts_show_their_organisation_in_a_fixed_number_of_queries(staff_client):
    def render(n):
        ids = [factories.AffiliationFactory().contact_id for _ in range(n)]
        query = "&".join(f"contacts={pk}" for pk in ids)
        with CaptureQueriesContext(connection) as captured:
            html = staff_client.get(f"/meetings/?{query}").content.decode()
        return html, len(captured.captured_queries)

    html, few = render(2)
    assert " – Boligforening" in html
    _, many = render(8)
    assert few == many


def test_an_inactive_owner_stays_chosen(staff_client):
    owner = factories.UserFactory(is_active=False, first_name="Tidligere", last_name="Kollega")
    org = factories.HousingOrganisationFactory(owner=owner)
    html = staff_client.get(f"/organisations/{org.pk}/edit/").content.decode()
    assert f'<option value="{owner.pk}" selected>Tidligere Kollega</option>' in html


@pytest.mark.parametrize("kind", ["organisation", "contact"])
def test_saving_a_record_keeps_an_inactive_owner(staff_client, kind):
    owner = factories.UserFactory(is_active=False)
    if kind == "organisation":
        record = factories.HousingOrganisationFactory(owner=owner, name="Alboa")
        data = {"kind": record.kind, "name": "Alboa", "owner": owner.pk, "is_active": "on"}
        url = f"/organisations/{record.pk}/edit/"
    else:
        record = factories.ContactFactory(owner=owner, first_name="Mette", last_name="Kjærgaard")
        data = {
            "first_name": "Mette",
            "last_name": "Kjærgaard",
            "owner": owner.pk,
            "lawful_basis": "legitimate_interest",
        }
        url = f"/contacts/{record.pk}/edit/"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    record.refresh_from_db()
    assert record.owner_id == owner.pk
