"""History that users can read (issue 15): on a detail page, who changed what from what to what, and why — a form, an
import with a link to it, a merge."""

import pytest

from partners.models import Contact, ImportBatch
from partners.transfer.imports import import_file
from tests import factories

from .test_import_support import csv_bytes

pytestmark = pytest.mark.django_db


def _history(html: str) -> str:
    return " ".join(html.split('id="history"')[1].split("</section>")[0].split())


def test_a_change_shows_its_fields_old_and_new(staff_client, staff_user):
    contact = factories.ContactFactory(
        first_name="Mette", last_name="Kjærgaard", phone="12345678", do_not_contact=False
    )
    contact.phone, contact.do_not_contact = "87654321", True
    contact._history_user = staff_user
    contact._change_reason = "Rettet efter telefonopkald"
    contact.save()

    history = _history(staff_client.get(contact.get_absolute_url()).content.decode())

    assert "Telefon:</span> 12345678 → 87654321" in history
    assert "Må ikke kontaktes:</span> Nej → Ja" in history
    assert "Rettet efter telefonopkald" in history


def test_an_import_is_named_with_a_link_to_it(staff_client, staff_user):
    factories.ContactFactory(first_name="Mette", last_name="Kjærgaard", email="mette@example.dk", phone="1")
    data = csv_bytes(
        [["Fornavn", "Efternavn", "E-mail", "Telefon"], ["Mette", "Kjærgaard", "mette@example.dk", "22334455"]]
    )
    assert import_file(entity="contacts", data=data, file_name="k.csv", user=staff_user, commit=True).committed
    batch = ImportBatch.objects.get()
    contact = Contact.objects.get()

    history = _history(staff_client.get(contact.get_absolute_url()).content.decode())

    assert f'<a href="/import/batches/{batch.pk}/">Import nr. {batch.pk}</a>' in history
    assert "Telefon:</span> 1 → 22334455" in history
