"""A reusable test harness for the staff UI's generic views (after NetBox's ViewTestCases).

A test class per entity sets a few attributes; the checks common to every list live here once.
"""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

MAX_LIST_QUERIES = 10


def read_csv(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "CSV must start with a BOM for Danish Excel"
    sample = text[1:]
    delimiter = ";" if sample.split("\n", 1)[0].count(";") > sample.split("\n", 1)[0].count(",") else ","
    return list(csv.DictReader(io.StringIO(sample), delimiter=delimiter))


def read_xlsx(response) -> list[dict]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    headers = [str(h) for h in rows[0]]
    return [dict(zip(headers, row, strict=False)) for row in rows[1:]]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.django_db
class ListViewChecks:
    """Subclasses set ``list_url``, ``make_rows(n)`` and ``add_url``/``detail_url(obj)`` as they have them."""

    list_url: str = ""
    add_url: str = ""
    bad_params = (
        "per_page=abc",
        "per_page=0",
        "per_page=100000",
        "page=abc",
        "page=99999",
        "sort=nonexistent",
        "q=%00",
    )

    def make_rows(self, n: int) -> list:
        raise NotImplementedError

    def test_staff_and_managers_see_the_list(self, staff_client, manager_client):
        self.make_rows(3)
        assert staff_client.get(self.list_url).status_code == 200
        assert manager_client.get(self.list_url).status_code == 200

    def test_user_without_role_is_refused(self, client, plain_user):
        client.force_login(plain_user)
        assert client.get(self.list_url).status_code == 403

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(self.list_url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")

    def test_bad_query_parameters_never_fail(self, staff_client):
        self.make_rows(3)
        for params in self.bad_params:
            response = staff_client.get(f"{self.list_url}?{params}")
            assert response.status_code == 200, params

    def test_query_count_is_constant_and_small(self, staff_client):
        self.make_rows(100)
        small = count_queries(staff_client, f"{self.list_url}?per_page=25")
        large = count_queries(staff_client, f"{self.list_url}?per_page=100")
        assert small == large, (small, large)
        assert large <= MAX_LIST_QUERIES

    def test_every_column_renders(self, staff_client):
        """With all columns chosen, the list still renders (and with a constant number of queries)."""
        self.make_rows(5)
        response = staff_client.get(self.list_url)
        table = response.context["table"]
        names = [name for name, _header, _visible, _locked in table.column_choices()]
        staff_client.post(self.list_url, {"columns": names})
        response = staff_client.get(self.list_url)
        assert response.status_code == 200
        assert all(c.visible for c in response.context["table"].columns.iterall())

    def test_export_needs_the_export_permission(self, client, staff_user):
        from django.contrib.auth.models import Permission

        self.make_rows(2)
        staff_user.user_permissions.clear()
        group = staff_user.groups.get()
        group.permissions.remove(Permission.objects.get(codename="export_data"))
        client.force_login(staff_user)
        assert client.get(f"{self.list_url}?export=csv").status_code == 403
