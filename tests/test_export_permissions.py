"""Who may export: staff and managers (the export permission); users without a role get 403, never the data."""

import pytest
from django.contrib.auth.models import Permission

from tests import factories

pytestmark = pytest.mark.django_db

LISTS = ["/organisations/", "/contacts/", "/meetings/", "/areas/", "/collaborations/", "/events/", "/follow-ups/"]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_staff_and_managers_may_export_every_list(staff_client, manager_client, url, export_format):
    factories.AffiliationFactory()
    for client in (staff_client, manager_client):
        response = client.get(f"{url}?export={export_format}")
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("url", LISTS)
def test_a_user_without_a_role_cannot_export(client, plain_user, url):
    client.force_login(plain_user)
    assert client.get(f"{url}?export=csv").status_code == 403


def test_without_the_export_permission_there_is_no_export(client, manager_user):
    manager_user.groups.get().permissions.remove(Permission.objects.get(codename="export_data"))
    client.force_login(manager_user)
    assert client.get("/contacts/?export=csv").status_code == 403
    assert client.get("/contacts/").status_code == 200
