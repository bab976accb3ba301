"""The quick search of the top bar (``/search/quick/?q=``): the register search as JSON, a few hits per kind."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.selectors import search
from partners.views.search import QUICK_HIT_LIMIT
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/search/quick/"


@pytest.fixture
def register(db):
    factories.HousingOrganisationFactory(name="Brabrand Boligforening", city="Brabrand")
    factories.NationalPartnerFactory(name="Landsbyggefonden", short_name="LBF")
    factories.ContactFactory(first_name="Søren", last_name="Østergaard", email="soeren@example.dk")
    factories.MeetingFactory(subject="Kvartalsmøde med Brabrand Boligforening")


def test_hits_are_grouped_by_kind_and_link_to_their_pages(staff_client, register):
    data = staff_client.get(URL, {"q": "Brabrand"}).json()
    assert [group["key"] for group in data["groups"]] == ["organisations", "meetings"]  # only kinds with hits
    organisation = data["groups"][0]
    assert organisation["label"] == "Organisationer"
    assert organisation["hits"][0]["title"] == "Brabrand Boligforening"
    assert organisation["hits"][0]["url"].startswith("/organisations/")
    assert data["search_url"] == "/search/?q=Brabrand"


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("Soeren Ostergard", "Søren Østergaard"),  # folded
        ("Sören Östergard", "Søren Østergaard"),
        ("Østergrd", "Søren Østergaard"),  # misspelt
        ("lbf", "Landsbyggefonden (LBF)"),  # a short name
    ],
)
def test_danish_spellings_are_suggested(staff_client, register, query, title):
    data = staff_client.get(URL, {"q": query}).json()
    assert data["groups"] and data["groups"][0]["hits"][0]["title"] == title, data


def test_a_few_hits_per_kind_and_no_counts(staff_client):
    for i in range(QUICK_HIT_LIMIT + 3):
        factories.HousingOrganisationFactory(name=f"Boligforeningen Tryghed {i}")
    with CaptureQueriesContext(connection) as captured:
        data = staff_client.get(URL, {"q": "Boligforeningen Tryghed"}).json()
    assert len(data["groups"][0]["hits"]) == QUICK_HIT_LIMIT
    # session, user, permissions, the lexicon's refresh, the full-text check and one query per kind: nothing is counted
    assert len(captured.captured_queries) <= 4 + 2 + len(search.TARGETS), len(captured.captured_queries)
    assert not any("COUNT(" in query["sql"] for query in captured.captured_queries)


@pytest.mark.parametrize("query", ["", " ", "%", "\x00", "ø" * 5000, "&|!:*()", "<script>"])
def test_odd_input_gives_an_answer(staff_client, register, query):
    response = staff_client.get(URL, {"q": query})
    assert response.status_code == 200
    assert set(response.json()) == {"query", "groups", "search_url"}


def test_needs_login_and_the_permission_of_the_search_page(client, plain_user):
    assert client.get(URL, {"q": "Brabrand"}).status_code == 302
    client.force_login(plain_user)
    assert client.get(URL, {"q": "Brabrand"}).status_code == 403
    plain_user.user_permissions.add(Permission.objects.get(codename="view_organisation"))
    factories.HousingOrganisationFactory(name="Brabrand Boligforening")
    factories.MeetingFactory(subject="Kvartalsmøde med Brabrand Boligforening")
    data = client.get(URL, {"q": "Brabrand"}).json()
    assert [group["key"] for group in data["groups"]] == ["organisations"]


def test_the_top_bar_box_is_a_combobox_that_still_works_as_a_form(staff_client):
    html = staff_client.get("/").content.decode()
    assert 'role="combobox"' in html and 'aria-controls="topbar-search-list"' in html
    assert 'data-quick-search-url="/search/quick/"' in html and 'role="listbox"' in html
    assert 'action="/search/"' in html  # without the script Enter opens the search page
    assert "js/quicksearch.js" in html
    assert "Vis alle resultater for “{query}”" in html
