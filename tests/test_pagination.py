"""ListPaginator: the same rows as plain OFFSET pagination, served from the nearer end, counts capped with an
estimate beyond, a page too deep in the middle replaced by the nearest served one."""

import pytest

from partners.models import Organisation
from partners.tables import pagination
from partners.tables.pagination import ListPaginator
from tests import factories

pytestmark = pytest.mark.django_db


class Rows:
    """What django-tables2 hands the paginator: rows whose data holds the sorted queryset."""

    def __init__(self, queryset):
        self.data = type("Data", (), {"data": queryset})()
        self.queryset = queryset

    def __len__(self):
        return self.queryset.count()

    def __getitem__(self, key):
        return list(self.queryset[key])


@pytest.fixture
def organisations():
    for i in range(23):
        factories.OrganisationFactory(name=f"Beboerforening {i % 7}")
    return Organisation.objects.order_by("name", "id")


def test_every_page_holds_the_rows_of_plain_offset_paging_from_either_end(organisations):
    paginator = ListPaginator(Rows(organisations), 5)
    assert paginator.count == 23 and paginator.num_pages == 5 and not paginator.count_is_estimate
    expected = list(organisations)
    for number in range(1, 6):
        assert list(paginator.page(number).object_list) == expected[(number - 1) * 5 : number * 5]


def test_the_page_costs_two_queries_whatever_its_depth(organisations, django_assert_num_queries):
    paginator = ListPaginator(Rows(organisations), 5)
    with django_assert_num_queries(1):
        assert paginator.count == 23
    with django_assert_num_queries(1):
        paginator.page(5)


def test_beyond_the_cap_the_count_is_an_estimate_and_the_middle_is_capped(organisations, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 10)
    monkeypatch.setattr(pagination, "MAX_OFFSET", 5)
    paginator = ListPaginator(Rows(organisations), 2)
    assert paginator.count >= 11 and paginator.count_is_estimate
    expected = list(organisations)
    assert list(paginator.page(1).object_list) == expected[:2]
    last = paginator.page(paginator.num_pages)
    assert list(last.object_list) == expected[-2:] and not last.is_capped
    middle = paginator.page(paginator.num_pages // 2)
    assert middle.is_capped and list(middle.object_list)


def test_lists_show_the_estimate_as_about(staff_client, monkeypatch):
    for i in range(12):
        factories.OrganisationFactory(name=f"Forening {i}")
    monkeypatch.setattr(pagination, "COUNT_CAP", 10)
    page = staff_client.get("/organisations/").content.decode()
    assert "Ca. " in page and " rækker" in page
