import datetime

import pytest
from django.utils import timezone, translation

from partners.models import Area, CollaborationPartner
from partners.models.areas import ListStatus
from partners.models.organisations import OrganisationKind
from partners.templatetags.partners_ui import url_or_none
from tests import factories

from .harness import ListViewChecks, count_queries, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def danish(msgid: str) -> str:
    with translation.override("da"):
        return translation.gettext(msgid)


def make_areas(n: int) -> list[Area]:
    municipality = factories.MunicipalityFactory()
    housing = factories.HousingOrganisationFactory()
    areas = []
    for i in range(n):
        area = factories.AreaFactory(
            municipality=municipality,
            list_status=ListStatus.VULNERABLE,
            list_year=2025,
            masterplan_start=datetime.date(2024, 1, 1),
            masterplan_end=datetime.date(2027, 12, 31) if i % 2 else None,
        )
        area.estates.add(factories.EstateFactory(parent=housing), factories.EstateFactory(parent=housing))
        factories.CollaborationFactory().areas.add(area)
        areas.append(area)
    return areas


class TestAreaList(ListViewChecks):
    list_url = "/areas/"
    add_url = "/areas/add/"
    bad_params = (
        *ListViewChecks.bad_params,
        "municipality=xyz",
        "housing_organisation=xyz",
        "list_status=nonsense",
        "list_year=abc",
        "list_year=99999",
        "masterplan_running=maybe",
        "masterplan_active_on=notadate",
        "sort=masterplan",
        "sort=-estate_count",
        "sort=collaboration_count",
        "sort=municipality",
    )

    def make_rows(self, n):
        return make_areas(n)


def shown(response) -> set[str]:
    return {row.record.name for row in response.context["table"].page.object_list}


def test_list_columns_count_estates_and_collaborations(staff_client):
    area = factories.AreaFactory(name="Gellerup/Toveshøj", list_status=ListStatus.TRANSFORMATION, list_year=2025)
    area.estates.add(factories.EstateFactory(), factories.EstateFactory(), factories.EstateFactory())
    for _ in range(2):
        factories.CollaborationFactory().areas.add(area)
    factories.AreaFactory(name="Tom")
    response = staff_client.get("/areas/?sort=name")
    records = {row.record.name: row.record for row in response.context["table"].page.object_list}
    assert (records["Gellerup/Toveshøj"].estate_count, records["Gellerup/Toveshøj"].collaboration_count) == (3, 2)
    assert (records["Tom"].estate_count, records["Tom"].collaboration_count) == (0, 0)
    html = response.content.decode()
    assert f"/organisations/?areas={area.pk}" in html
    assert "Gellerup/Toveshøj" in html


def test_collaboration_count_links_to_the_filtered_collaboration_list(staff_client):
    area = factories.AreaFactory()
    factories.CollaborationFactory().areas.add(area)
    html = staff_client.get("/areas/").content.decode()
    collaboration_list = url_or_none("collaboration_list")
    if collaboration_list:
        assert f"{collaboration_list}?areas={area.pk}" in html


def test_filters(staff_client):
    aarhus = factories.MunicipalityFactory(name="Aarhus Kommune")
    other = factories.MunicipalityFactory()
    today = timezone.localdate()
    running = factories.AreaFactory(
        name="Bispehaven",
        municipality=aarhus,
        list_status=ListStatus.TRANSFORMATION,
        list_year=2025,
        masterplan_start=today - datetime.timedelta(days=365),
        masterplan_end=today + datetime.timedelta(days=365),
    )
    open_ended = factories.AreaFactory(
        name="Herredsvang",
        municipality=aarhus,
        list_status=ListStatus.VULNERABLE,
        list_year=2024,
        masterplan_start=today - datetime.timedelta(days=30),
    )
    ended = factories.AreaFactory(
        name="Skovgårdsparken",
        municipality=other,
        list_status=ListStatus.PREVENTION,
        masterplan_start=datetime.date(2017, 1, 1),
        masterplan_end=datetime.date(2020, 12, 31),
    )
    without = factories.AreaFactory(name="Frydenlund", municipality=other)
    housing = factories.HousingOrganisationFactory()
    running.estates.add(factories.EstateFactory(parent=housing))

    assert shown(staff_client.get(f"/areas/?municipality={aarhus.pk}")) == {running.name, open_ended.name}
    assert shown(staff_client.get("/areas/?list_status=transformation&list_status=prevention")) == {
        running.name,
        ended.name,
    }
    assert shown(staff_client.get("/areas/?list_year=2024")) == {open_ended.name}
    assert shown(staff_client.get("/areas/?masterplan_running=true")) == {running.name, open_ended.name}
    assert shown(staff_client.get("/areas/?masterplan_running=false")) == {ended.name, without.name}
    assert shown(staff_client.get("/areas/?masterplan_active_on=2019-06-01")) == {ended.name}
    assert shown(staff_client.get(f"/areas/?housing_organisation={housing.pk}")) == {running.name}
    assert shown(staff_client.get("/areas/?q=bispe")) == {running.name}


def test_export_csv_and_xlsx_contain_exactly_the_filtered_rows(staff_client):
    aarhus = factories.MunicipalityFactory(name="Aarhus Kommune")
    inside = [factories.AreaFactory(municipality=aarhus) for _ in range(3)]
    inside[0].estates.add(factories.EstateFactory(name="Afdeling 7"), factories.EstateFactory(name="Afdeling 9"))
    factories.AreaFactory()
    rows = read_csv(staff_client.get(f"/areas/?municipality={aarhus.pk}&export=csv"))
    assert sorted(int(row["ID"]) for row in rows) == sorted(a.pk for a in inside)
    assert {row[danish("Municipality")] for row in rows} == {"Aarhus Kommune"}
    rows = read_xlsx(staff_client.get(f"/areas/?municipality={aarhus.pk}&export=xlsx"))
    assert sorted(int(row["ID"]) for row in rows) == sorted(a.pk for a in inside)


def test_detail_shows_estates_collaborations_meetings_and_history(staff_client):
    housing = factories.HousingOrganisationFactory(name="Brabrand Boligforening")
    area = factories.AreaFactory(name="Gellerup/Toveshøj")
    area.estates.add(factories.EstateFactory(name="Gellerupparken", parent=housing))
    collaboration = factories.CollaborationFactory(title="Helhedsplan Gellerup")
    collaboration.areas.add(area)
    meeting = factories.MeetingFactory(subject="Beboermøde i Gellerup")
    meeting.areas.add(area)
    response = staff_client.get(f"/areas/{area.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Gellerup/Toveshøj", "Gellerupparken", "Brabrand Boligforening", "Helhedsplan Gellerup"):
        assert text in html
    assert "Beboermøde i Gellerup" in html
    assert response.context["history"]


def test_detail_query_count_is_constant(staff_client):
    few = factories.AreaFactory()
    few.estates.add(factories.EstateFactory())
    factories.CollaborationFactory().areas.add(few)
    factories.MeetingFactory().areas.add(few)

    many = factories.AreaFactory()
    for _ in range(12):
        many.estates.add(factories.EstateFactory())
    for _ in range(8):
        collaboration = factories.CollaborationFactory()
        collaboration.areas.add(many)
        for _ in range(3):
            CollaborationPartner.objects.create(
                collaboration=collaboration, organisation=factories.OrganisationFactory()
            )
    for _ in range(30):
        meeting = factories.MeetingFactory()
        meeting.areas.add(many)
        meeting.organisations.add(factories.OrganisationFactory(), factories.OrganisationFactory())
    for year in range(2000, 2010):
        many.list_year = year
        many.save()
    assert count_queries(staff_client, f"/areas/{few.pk}/") == count_queries(staff_client, f"/areas/{many.pk}/")
    assert count_queries(staff_client, f"/areas/{many.pk}/") <= 14


def area_data(municipality, **overrides) -> dict:
    data = {
        "name": "Rosenhøj",
        "municipality": municipality.pk,
        "list_status": ListStatus.VULNERABLE,
        "list_year": "2025",
        "masterplan_start": "2024-01-01",
        "masterplan_end": "2027-12-31",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_add_edit_and_delete_an_area(staff_client):
    municipality = factories.MunicipalityFactory()
    estates = [factories.EstateFactory(), factories.EstateFactory()]
    response = staff_client.post("/areas/add/", area_data(municipality, estates=[e.pk for e in estates]))
    area = Area.objects.get(name="Rosenhøj")
    assert response.status_code == 302 and response["Location"] == f"/areas/{area.pk}/"
    assert set(area.estates.all()) == set(estates)
    assert area.masterplan_end == datetime.date(2027, 12, 31)

    response = staff_client.post(
        f"/areas/{area.pk}/edit/", area_data(municipality, list_status=ListStatus.PREVENTION, estates=[estates[0].pk])
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.list_status == ListStatus.PREVENTION and list(area.estates.all()) == [estates[0]]

    assert staff_client.get(f"/areas/{area.pk}/delete/").status_code == 200
    response = staff_client.post(f"/areas/{area.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/areas/"
    assert not Area.objects.exists()


def test_estates_and_municipality_must_be_of_the_right_kind(staff_client):
    municipality = factories.MunicipalityFactory()
    not_an_estate = factories.HousingOrganisationFactory()
    response = staff_client.post("/areas/add/", area_data(not_an_estate, estates=[not_an_estate.pk]))
    assert response.status_code == 200
    assert {"municipality", "estates"} <= set(response.context["form"].errors)
    response = staff_client.post("/areas/add/", area_data(municipality, masterplan_end="2020-01-01"))
    assert "masterplan_end" in response.context["form"].errors
    assert not Area.objects.exists()


def test_duplicate_name_in_the_municipality_is_a_form_error(staff_client):
    municipality = factories.MunicipalityFactory()
    factories.AreaFactory(name="Rosenhøj", municipality=municipality)
    response = staff_client.post("/areas/add/", area_data(municipality, name="ROSENHØJ"))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Area.objects.count() == 1


def test_form_widgets_are_autocompletes_restricted_by_kind(staff_client):
    for _ in range(3):
        factories.EstateFactory()
    response = staff_client.get("/areas/add/")
    form = response.context["form"]
    assert "kind=estate" in form["estates"].as_widget()
    assert f"kind={OrganisationKind.MUNICIPALITY}" in form["municipality"].as_widget()
    assert response.content.decode().count("<option") <= 10  # only the list status choices are rendered


def test_manager_can_view_but_not_change(manager_client):
    area = factories.AreaFactory()
    assert manager_client.get("/areas/").status_code == 200
    assert manager_client.get(f"/areas/{area.pk}/").status_code == 200
    for url in ("/areas/add/", f"/areas/{area.pk}/edit/", f"/areas/{area.pk}/delete/"):
        assert manager_client.get(url).status_code == 403, url
        assert manager_client.post(url, {}).status_code == 403, url
    assert Area.objects.filter(pk=area.pk).exists()


def test_user_without_role_gets_403(client, plain_user):
    client.force_login(plain_user)
    area = factories.AreaFactory()
    for url in ("/areas/", f"/areas/{area.pk}/", "/areas/add/", f"/areas/{area.pk}/edit/", f"/areas/{area.pk}/delete/"):
        assert client.get(url).status_code == 403, url
