"""Every file taken out of the register is recorded (issue 18): who, when, what, with which filter — list exports,
the mail merge and the yearly figures; a refused export records nothing."""

import pytest

from partners.models import ExportRecord
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_list_export_is_recorded_with_its_filter(staff_client, staff_user):
    factories.ContactFactory(first_name="Mette")
    response = staff_client.get("/contacts/?q=Mette&export=csv")
    assert response.status_code == 200
    (record,) = ExportRecord.objects.all()
    assert (record.user, record.what, record.query, record.export_format) == (
        staff_user,
        "kontaktpersoner",
        "q=Mette",
        "csv",
    )


def test_the_mail_merge_and_the_yearly_figures_are_recorded(staff_client, manager_client, manager_user):
    event = factories.EventFactory(name="Nytårskur")
    factories.InvitationFactory(event=event)
    assert staff_client.get(f"/events/{event.pk}/export/?format=xlsx&status=accepted").status_code == 200
    assert manager_client.get("/reports/year/2025/?format=csv").status_code == 200
    merge, year = ExportRecord.objects.order_by("id")
    assert (merge.what, merge.export_format, merge.query) == (
        "brevfletning Nytårskur",
        "xlsx",
        "format=xlsx&status=accepted",
    )
    assert (year.what, year.user, year.export_format) == ("Årstal 2025", manager_user, "csv")


def test_a_refused_export_records_nothing(client, plain_user):
    client.force_login(plain_user)
    assert client.get("/contacts/?export=csv").status_code == 403
    assert not ExportRecord.objects.exists()
