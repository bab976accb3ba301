"""Input a hostile tester (or a pasted text) sends: every answer a page, never a server error (issue 18)."""

import pytest

from partners.models import Contact, Invitation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = factories.EventFactory(name="Nytårskur")
    factories.InvitationFactory(event=event, contact__first_name="Mette")
    return event


@pytest.mark.parametrize(
    "path",
    [
        "/events/{event}/?per_page=-1",
        "/events/{event}/?per_page=0&page=-3",
        "/events/{event}/?per_page=abc&page=x",
        "/events/{event}/checkin/?q=Met%00te",
        "/autocomplete/contacts/?q=Met%00te",
        "/autocomplete/organisations/?q=%00",
        "/contacts/?q=a%00b&per_page=-1",
        "/search/?q=a%00",
    ],
)
def test_bad_query_strings_get_a_page(staff_client, event, path):
    response = staff_client.get(path.format(event=event.pk))
    assert response.status_code == 200, path


def test_a_nul_byte_is_ignored_where_people_search(staff_client, event):
    results = staff_client.get("/autocomplete/contacts/?q=Met%00te").json()["results"]
    assert [result["text"] for result in results] == [str(Contact.objects.get(first_name="Mette"))]
    page = staff_client.get(f"/events/{event.pk}/checkin/?q=Met%00te").content.decode()
    assert Invitation.objects.get().contact.full_name in page


def test_an_xlsx_with_true_false_or_a_date_for_an_email_names_row_and_column(staff_user):
    import datetime

    from partners.transfer.imports import import_file
    from tests.test_import_support import xlsx_bytes

    data = xlsx_bytes(
        [
            ["Fornavn", "Efternavn", "E-mail"],
            ["Mette", "Kjærgaard", True],
            ["Ida", "Ærø", datetime.datetime(2026, 1, 2)],
            ["Søren", "Holm", "soeren@example.dk"],
        ]
    )
    report = import_file(entity="contacts", data=data, file_name="kontakter.xlsx", user=staff_user, commit=True)
    assert not report.committed
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "E-mail", "Indtast en gyldig e-mail-adresse."),
        (3, "E-mail", "Indtast en gyldig e-mail-adresse."),
    ]
    assert not Contact.objects.exists()
