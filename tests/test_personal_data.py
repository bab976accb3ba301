"""An access request (GDPR art. 15, issue 15): one action on a contact hands over everything the register holds about
the person, as a page (to print or save as PDF) and as a JSON file; each answer is recorded."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import PersonalDataExport
from partners.models.cases import Stance
from partners.models.events import InvitationStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(staff_user):
    contact = factories.ContactFactory(
        first_name="Mette", last_name="Kjærgaard", email="mette@example.dk", phone="12345678", notes="Ring efter 10."
    )
    organisation = factories.HousingOrganisationFactory(name="Brabrand Boligforening")
    factories.AffiliationFactory(contact=contact, organisation=organisation, title="Områdeleder")
    contact.tags.add(factories.TagFactory(name="nytårskur"))
    meeting = factories.MeetingFactory(
        subject="Status på helhedsplanen", minutes="Mette fortalte om lektiecaféen.", starts_at=timezone.now()
    )
    meeting.contacts.add(contact)
    meeting.organisations.add(organisation)
    factories.MeetingFactory(subject="Et andet møde")  # without her: not hers
    factories.FollowUpFactory(meeting=meeting, text="Send referatet til Mette Kjærgaard", owner=staff_user)
    factories.FollowUpFactory(meeting=meeting, text="Book lokale", owner=staff_user)
    factories.InvitationFactory(contact=contact, event__name="Nytårskur 2027", status=InvitationStatus.ACCEPTED)
    case = factories.CaseFactory(title="Tilstedeværelse i Gellerup")
    case.stakeholders.create(contact=contact, stance=Stance.SUPPORTS)
    contact.phone = "87654321"
    contact._change_reason = "Rettet efter telefonopkald"
    contact.save()
    return contact


def test_the_page_holds_everything_about_the_person_and_is_recorded(staff_client, staff_user, person):
    url = reverse("contact_personal_data", args=[person.pk])
    assert f'href="{url}"' in staff_client.get(person.get_absolute_url()).content.decode()  # the contact page's action

    response = staff_client.get(url)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    for text in ("Mette", "Kjærgaard", "mette@example.dk", "87654321", "Ring efter 10.", "Brabrand Boligforening",
                 "Områdeleder", "nytårskur", "Status på helhedsplanen", "Mette fortalte om lektiecaféen.",
                 "Send referatet til Mette Kjærgaard", "Nytårskur 2027", "Tilmeldt", "Tilstedeværelse i Gellerup",
                 "Legitim interesse", "Rettet efter telefonopkald", "12345678 → 87654321"):  # fmt: skip
        assert text in html, text
    assert "Et andet møde" not in html and "Book lokale" not in html
    (export,) = PersonalDataExport.objects.all()
    assert (export.contact, export.user, export.format, export.contact_name) == (
        person,
        staff_user,
        "page",
        "Mette Kjærgaard",
    )
    assert 'data-testid="personal-data-exports"' in html


def test_the_json_file_holds_the_same(staff_client, person):
    response = staff_client.get(reverse("contact_personal_data", args=[person.pk]), {"format": "json"})

    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="personoplysninger-mette-kjaergaard.json"'
    data = json.loads(response.content)
    assert data["person"]["email"] == "mette@example.dk" and data["person"]["phone"] == "87654321"
    assert data["consent"] == {"lawful_basis": "legitimate_interest", "consent_note": "", "do_not_contact": False}
    assert data["tags"] == ["nytårskur"]
    assert [a["organisation"] for a in data["affiliations"]] == ["Brabrand Boligforening"]
    (meeting,) = data["meetings"]
    assert meeting["minutes"] == "Mette fortalte om lektiecaféen." and meeting["organisations"] == [
        "Brabrand Boligforening"
    ]
    assert datetime.datetime.fromisoformat(meeting["date"])
    assert [f["text"] for f in data["follow_ups_naming_the_person"]] == ["Send referatet til Mette Kjærgaard"]
    assert [(i["event"], i["status"]) for i in data["invitations"]] == [("Nytårskur 2027", "Tilmeldt")]
    assert [c["case"] for c in data["cases"]] == ["Tilstedeværelse i Gellerup"]
    changed = data["history"][0]
    assert changed["reason"] == "Rettet efter telefonopkald"
    assert {"old": "12345678", "new": "87654321"}.items() <= changed["changes"][0].items()
    assert PersonalDataExport.objects.get().format == "json"


def test_only_who_may_export_contacts_gets_the_data(client, plain_user, manager_client, person):
    url = reverse("contact_personal_data", args=[person.pk])
    assert client.get(url).status_code == 302
    client.force_login(plain_user)
    assert client.get(url).status_code == 403
    assert manager_client.get(url).status_code == 200  # management answers access requests too
    assert PersonalDataExport.objects.count() == 1


def test_the_queries_do_not_grow_with_the_persons_records(staff_client, person, staff_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("contact_personal_data", args=[person.pk])
    staff_client.get(url)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    for n in range(5):
        meeting = factories.MeetingFactory(subject=f"Møde {n}")
        meeting.contacts.add(person)
        meeting.organisations.add(factories.OrganisationFactory())
        factories.InvitationFactory(contact=person)
    with CaptureQueriesContext(connection) as many:
        staff_client.get(url)
    assert len(many) == len(few)
