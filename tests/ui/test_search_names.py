"""The search finds organisations by the names people write: short names and aliases (``selectors/search.py``)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import OrganisationAlias
from partners.selectors import search
from tests import factories

pytestmark = pytest.mark.django_db


def found(client, query: str, key: str = "organisations") -> list[str]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [hit.title for hit in {group.key: group for group in response.context["groups"]}[key].hits]


@pytest.fixture
def partners(db):
    aarhus = factories.MunicipalityFactory(name="Aarhus Kommune", municipality_code="751")
    social = factories.AdministrationFactory(name="Sociale Forhold og Beskæftigelse", short_name="MSB", parent=aarhus)
    OrganisationAlias.objects.create(organisation=social, name="Socialforvaltningen")
    factories.NationalPartnerFactory(name="Landsbyggefonden", short_name="LBF")
    factories.NationalPartnerFactory(name="BL – Danmarks Almene Boliger", short_name="BL")
    factories.HousingOrganisationFactory(name="Lejerbo Fredericia")  # "lbf" is not in it, but trigram-near "lejerbo"
    factories.HousingOrganisationFactory(name="Bolig Lundtofte")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("LBF", "Landsbyggefonden (LBF)"),
        ("lbf", "Landsbyggefonden (LBF)"),
        ("MSB", "Sociale Forhold og Beskæftigelse (MSB)"),
        ("BL", "BL – Danmarks Almene Boliger (BL)"),  # two letters: the whole short name, before "Bolig Lundtofte"
        ("Socialforvaltningen", "Sociale Forhold og Beskæftigelse (MSB)"),  # an alias
        ("socialforvaltning", "Sociale Forhold og Beskæftigelse (MSB)"),  # its start
        ("forvaltningen", "Sociale Forhold og Beskæftigelse (MSB)"),  # a part of it
        ("Socialforvaltnigen", "Sociale Forhold og Beskæftigelse (MSB)"),  # misspelt
        ("SOCIALFORVALTNINGEN", "Sociale Forhold og Beskæftigelse (MSB)"),
    ],
)
def test_short_names_and_aliases_are_found_first(staff_client, partners, query, expected):
    hits = found(staff_client, query)
    assert hits and hits[0] == expected, hits


def test_an_alias_is_found_only_for_its_organisation(staff_client, partners):
    assert found(staff_client, "Socialforvaltningen") == ["Sociale Forhold og Beskæftigelse (MSB)"]


def test_an_organisation_with_many_aliases_is_one_hit(staff_client, partners):
    social = OrganisationAlias.objects.get(name="Socialforvaltningen").organisation
    OrganisationAlias.objects.create(organisation=social, name="Socialforvaltningen Aarhus")
    OrganisationAlias.objects.create(organisation=social, name="Aarhus Socialforvaltning")
    assert found(staff_client, "Socialforvaltning") == ["Sociale Forhold og Beskæftigelse (MSB)"]


def test_the_demo_world_finds_the_short_names_people_write(staff_client):
    call_command("load_demo", stdout=StringIO())
    assert found(staff_client, "LBF")[0] == "Landsbyggefonden (LBF)"
    assert found(staff_client, "MSB")[0].startswith("Sociale Forhold og Beskæftigelse")


def test_names_cost_no_more_queries_than_before(staff_client, partners):
    # session, user, permissions, the lexicon's refresh, the full-text check, and per group the hits and (with a full page) the count
    with CaptureQueriesContext(connection) as captured:
        staff_client.get("/search/", {"q": "MSB"})
    assert len(captured.captured_queries) <= 4 + 2 + 2 * len(search.TARGETS), len(captured.captured_queries)
