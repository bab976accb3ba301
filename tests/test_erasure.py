"""Erasure at the person's request ("glem mig", GDPR art. 17, issue 15): a confirmation that names what will change,
then the person anonymised in one transaction; the figures stay true; the address is not silently brought back."""

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Contact, ErasedPerson, FollowUp, Invitation, Meeting, PersonalDataExport
from partners.models.cases import Stance
from partners.models.events import InvitationStatus
from partners.transfer.imports import import_file
from tests import factories

from .test_import_support import csv_bytes

pytestmark = pytest.mark.django_db

NAME = "Mette Kjærgaard"


@pytest.fixture
def person(staff_user):
    contact = factories.ContactFactory(
        first_name="Mette", last_name="Kjærgaard", email="mette@example.dk", phone="12345678", notes="Privat nummer."
    )
    factories.AffiliationFactory(contact=contact, title="Områdeleder", department="Vest")
    contact.tags.add(factories.TagFactory(name="nytårskur"))
    meeting = factories.MeetingFactory(
        subject="Styregruppe", minutes=f"{NAME} fortalte om lektiecaféen. Mette kjærgaard følger op.",
        decisions="Ingen.", starts_at=timezone.now(),
    )  # fmt: skip
    meeting.contacts.add(contact)
    other = factories.MeetingFactory(subject="Uden hende", minutes=f"{NAME} blev nævnt, men var der ikke.")
    factories.FollowUpFactory(meeting=meeting, text=f"Send referat til {NAME}", owner=staff_user)
    factories.InvitationFactory(contact=contact, status=InvitationStatus.ATTENDED)
    case = factories.CaseFactory()
    case.stakeholders.create(contact=contact, stance=Stance.SUPPORTS, note=f"{NAME} er positiv.")
    PersonalDataExport.objects.create(contact=contact, contact_name=NAME, format="page")
    meeting.minutes += " Tilføjet senere."
    meeting.save()  # a history row of the meeting that holds her name
    return {"contact": contact, "meeting": meeting, "other": other}


def test_the_confirmation_names_what_will_change(manager_client, person):
    html = manager_client.get(reverse("contact_erase", args=[person["contact"].pk])).content.decode()
    changes = html.split('data-testid="erase-changes"')[1].split("</ul>")[0]
    assert "Styregruppe" in changes and "Uden hende" not in changes  # only the meetings she took part in
    assert "1 opfølgning" in changes and "1 tag fjernes" in changes
    kept = html.split('data-testid="erase-kept"')[1].split("</ul>")[0]
    assert "1 møde" in kept and "1 invitation" in kept
    assert Contact.objects.get(pk=person["contact"].pk).full_name == NAME  # nothing changed yet


def test_erasure_removes_the_person_and_keeps_the_figures(manager_client, manager_user, person):
    contact = person["contact"]
    response = manager_client.post(reverse("contact_erase", args=[contact.pk]))

    assert response.status_code == 302 and response["Location"] == contact.get_absolute_url()
    contact.refresh_from_db()
    assert (contact.full_name, contact.email, contact.phone, contact.notes) == ("Slettet person", None, "", "")
    assert contact.do_not_contact and not contact.is_active and not contact.tags.exists()
    assert list(contact.affiliations.values_list("title", "department")) == [("", "")]
    meeting = Meeting.objects.get(pk=person["meeting"].pk)
    assert "Kjærgaard" not in meeting.minutes and "[slettet person] fortalte om lektiecaféen." in meeting.minutes
    assert all("Kjærgaard" not in row.minutes for row in Meeting.history.filter(id=meeting.pk))
    assert "Kjærgaard" in Meeting.objects.get(pk=person["other"].pk).minutes  # not hers: not touched
    assert "Kjærgaard" not in FollowUp.objects.get().text
    assert contact.case_stances.get().note == ""
    assert [(h.first_name, h.history_change_reason) for h in contact.history.all()] == [
        ("Slettet", "Anonymiseret efter personens ønske (glem mig)")
    ]
    assert contact.history.get().history_user == manager_user
    assert PersonalDataExport.objects.get().contact_name == "Slettet person"
    # The figures stay: she took part in the meeting and came to the event.
    assert meeting.contacts.filter(pk=contact.pk).exists()
    assert Invitation.objects.get().status == InvitationStatus.ATTENDED
    assert ErasedPerson.objects.matching("Mette@Example.dk ")
    page = manager_client.get(contact.get_absolute_url()).content.decode()
    assert "Slettet person" in page and "Kjærgaard" not in page
    assert reverse("contact_erase", args=[contact.pk]) not in page  # done: no second erasure offered


def test_the_address_is_not_brought_back_silently(staff_client, manager_client, person):
    manager_client.post(reverse("contact_erase", args=[person["contact"].pk]))

    report = import_file(
        entity="contacts",
        data=csv_bytes([["Fornavn", "Efternavn", "E-mail"], ["Mette", "Kjærgaard", "mette@example.dk"]]),
        file_name="k.csv",
        commit=True,
    )
    assert not report.committed
    assert [(e.row, e.column) for e in report.errors] == [(2, "E-mail")]
    assert "slettet efter eget ønske" in report.errors[0].message
    response = staff_client.post(
        reverse("contact_add"), {"first_name": "Mette", "last_name": "K", "email": "mette@example.dk"}
    )
    assert response.status_code == 200 and "slettet efter eget ønske" in response.content.decode()
    assert Contact.objects.count() == 1


def test_only_managers_erase(staff_client, person):
    url = reverse("contact_erase", args=[person["contact"].pk])
    assert staff_client.get(url).status_code == 403
    assert staff_client.post(url).status_code == 403
    assert Contact.objects.get().full_name == NAME
