"""The harness can fail: deliberately wrong entity classes, run in-process, raise the harness's AssertionError.

Each wrong class differs from the real events class (``test_events.TestEvents``) in one attribute; the real class
passes the same call, so the failure is the wrong attribute's and nothing else's.
"""

import pytest
from django.http import StreamingHttpResponse

from tests.harness.views import (
    DeleteViewTests,
    ExportViewTests,
    ListViewTests,
    PermissionTests,
    QueryBudgetTests,
    export_cells,
    response_bytes,
)
from tests.views import test_events  # the module, not the class: pytest would collect an imported Test* class again

pytestmark = pytest.mark.django_db
Events = test_events.TestEvents


class ZeroBudget(Events):
    list_query_budget = 0


class RoomyBudget(Events):
    list_query_budget = Events.list_query_budget + 1  # room for a regression: the pin is exact


class NameNotShown(Events):
    def display_text(self, obj) -> str:
        return "Et arrangement der ikke findes"


class ManagerMayNotSeeTheList(Events):
    manager_views = frozenset({"detail", "export"})


class NotExportable(Events):
    exportable = False


def test_the_real_class_passes_the_calls_below(staff_client, manager_client, staff_user):
    case = Events()
    QueryBudgetTests.test_query_budget(case, staff_client, staff_user, "list")
    ListViewTests.test_list_shows_the_object(case, staff_client, staff_user)
    ExportViewTests.test_export_of_the_list(case, staff_client, staff_user, "csv")
    PermissionTests.test_manager(case, manager_client, staff_user, "list")


def test_a_budget_below_the_count_fails(staff_client, staff_user):
    with pytest.raises(AssertionError, match=r"list \(/events/\): \d+ queries, budget 0:"):
        ZeroBudget().test_query_budget(staff_client, staff_user, "list")


def test_a_budget_above_the_count_fails(staff_client, staff_user):
    with pytest.raises(AssertionError, match=r"fewer than the budget: lower it to \d+"):
        RoomyBudget().test_query_budget(staff_client, staff_user, "list")


@pytest.mark.parametrize(
    "test, message",
    [
        (ListViewTests.test_list_shows_the_object, "/events/ does not show"),
        (DeleteViewTests.test_delete_asks_for_confirmation, r"/events/\d+/delete/ does not show"),
    ],
)
def test_a_display_text_not_on_the_page_fails(staff_client, staff_user, test, message):
    with pytest.raises(AssertionError, match=message):
        test(NameNotShown(), staff_client, staff_user)


def test_a_display_text_not_in_the_export_fails(staff_client, staff_user):
    with pytest.raises(AssertionError, match="the xlsx export has no cell 'Et arrangement der ikke findes'"):
        NameNotShown().test_export_of_the_list(staff_client, staff_user, "xlsx")


def test_a_page_the_role_is_wrongly_expected_to_be_refused_fails(manager_client, staff_user):
    with pytest.raises(AssertionError, match=r"GET /events/: 200, expected 403"):
        ManagerMayNotSeeTheList().test_manager(manager_client, staff_user, "list")


def test_an_export_expected_to_be_refused_fails(staff_client, staff_user):
    with pytest.raises(AssertionError, match="is not exportable but exported"):
        NotExportable().test_export_of_the_list(staff_client, staff_user, "csv")


def test_optional_tests_exist_only_with_their_feature():
    assert Events.test_delete_of_protected_object_is_refused is None  # events are not protected
    assert NotExportable.test_export_query_budget is None
    assert callable(Events.test_export_query_budget)


def test_a_streamed_export_is_read_to_the_end():
    """A large export streams; the harness reads its cells as it reads a small one's (a semicolon CSV here)."""
    response = StreamingHttpResponse(iter([b"\xef\xbb\xbfNavn;By\r\n", b"Nyt\xc3\xa5rskur;Aarhus\r\n"]))
    assert export_cells(response_bytes(response), "csv") == ["Navn", "By", "Nytårskur", "Aarhus"]
