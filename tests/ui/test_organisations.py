import csv
import datetime
import io
import re

import pytest
from django.utils import timezone

from partners.models import Meeting, Organisation, OrganisationAlias, TablePreference
from partners.models.organisations import OrganisationKind
from tests import factories

from .harness import ListViewChecks, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


class TestOrganisationList(ListViewChecks):
    list_url = "/organisations/"

    def make_rows(self, n):
        tag = factories.TagFactory()
        rows = []
        for _ in range(n):
            org = factories.EstateFactory()
            org.tags.add(tag)
            factories.AffiliationFactory(organisation=org)
            meeting = factories.MeetingFactory()
            meeting.organisations.add(org)
            rows.append(org)
        return rows


def names(response) -> set[str]:
    return {row.record.name for row in response.context["table"].page.object_list}


def test_filter_by_kind_tab(staff_client):
    housing = factories.HousingOrganisationFactory(name="Brabrand Boligforening")
    factories.MunicipalityFactory(name="Aarhus Kommune")
    response = staff_client.get("/organisations/?kind=housing_organisation")
    assert names(response) == {housing.name}
    assert [t["label"] for t in response.context["tabs"] if t["active"]] == ["Boligorganisation"]


def test_filter_by_tag_owner_and_key_partner(staff_client, staff_user):
    tag = factories.TagFactory(name="helhedsplan")
    tagged = factories.HousingOrganisationFactory(owner=staff_user, is_key_partner=True)
    tagged.tags.add(tag)
    factories.HousingOrganisationFactory(is_key_partner=True)
    assert names(staff_client.get(f"/organisations/?tags={tag.pk}")) == {tagged.name}
    assert names(staff_client.get(f"/organisations/?owner={staff_user.pk}")) == {tagged.name}
    assert len(names(staff_client.get("/organisations/?is_key_partner=true"))) == 2


def test_filter_no_meeting_since(staff_client):
    met_recently, met_long_ago, never_met = (factories.NationalPartnerFactory() for _ in range(3))
    recent = factories.MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=10))
    recent.organisations.add(met_recently)
    old = factories.MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=400))
    old.organisations.add(met_long_ago)
    since = (timezone.localdate() - datetime.timedelta(days=90)).isoformat()
    assert names(staff_client.get(f"/organisations/?no_meeting_since={since}")) == {met_long_ago.name, never_met.name}


def test_free_text_search(staff_client):
    factories.HousingOrganisationFactory(name="Østjysk Bolig", city="Aarhus")
    factories.HousingOrganisationFactory(name="Alboa", city="Aarhus")
    assert names(staff_client.get("/organisations/?q=østjysk")) == {"Østjysk Bolig"}
    assert names(staff_client.get("/organisations/?q=bolig aarhus")) == {"Østjysk Bolig"}


def test_sorting_and_page_size(staff_client):
    for name in ["Charlie", "Alpha", "Bravo"]:
        factories.OrganisationFactory(name=name)
    response = staff_client.get("/organisations/?sort=-name&per_page=50")
    assert [row.record.name for row in response.context["table"].page.object_list] == ["Charlie", "Bravo", "Alpha"]
    assert response.context["per_page"] == 50


def test_last_meeting_and_contact_count_columns(staff_client):
    org = factories.HousingOrganisationFactory()
    factories.AffiliationFactory(organisation=org)
    factories.AffiliationFactory(organisation=org, end_date=datetime.date(2024, 1, 1))  # former: not counted
    when = timezone.now() - datetime.timedelta(days=3)
    factories.MeetingFactory(starts_at=when).organisations.add(org)
    factories.MeetingFactory(starts_at=when - datetime.timedelta(days=30)).organisations.add(org)
    record = staff_client.get("/organisations/").context["table"].page.object_list[0].record
    assert record.contact_count == 1
    assert record.last_meeting == when


def test_sorting_by_last_meeting_puts_the_never_met_first_when_oldest_first(staff_client):
    recent = factories.HousingOrganisationFactory(name="Mødt i går")
    old = factories.HousingOrganisationFactory(name="Mødt for et år siden")
    never = factories.HousingOrganisationFactory(name="Aldrig mødt")
    factories.MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=1)).organisations.add(recent)
    factories.MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=365)).organisations.add(old)

    def order(sort: str) -> list[str]:
        response = staff_client.get(f"/organisations/?sort={sort}")
        assert response.status_code == 200
        return [row.record.name for row in response.context["table"].page.object_list]

    assert order("last_meeting") == [never.name, old.name, recent.name]
    assert order("-last_meeting") == [recent.name, old.name, never.name]


def test_export_keeps_the_lists_order(staff_client):
    for name in ("Bravo", "Alpha", "Charlie"):
        factories.HousingOrganisationFactory(name=name)

    def exported(query: str) -> list[str]:
        response = staff_client.get(f"/organisations/?{query}&export=csv")
        assert response.status_code == 200
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        return [row["Navn"] for row in rows]

    assert exported("sort=-name") == ["Charlie", "Bravo", "Alpha"]
    assert exported("sort=name") == ["Alpha", "Bravo", "Charlie"]
    assert sorted(exported("sort=nonsense")) == ["Alpha", "Bravo", "Charlie"]


def test_column_choice_is_remembered_per_user(staff_client, staff_user, manager_client):
    factories.OrganisationFactory()
    response = staff_client.post("/organisations/", {"columns": ["kind", "cvr"], "querystring": "kind=estate"})
    assert response.status_code == 302 and response["Location"] == "/organisations/?kind=estate"
    assert TablePreference.objects.get(user=staff_user).columns == ["kind", "cvr"]
    visible = [c.name for c in staff_client.get("/organisations/").context["table"].columns if c.visible]
    assert visible == ["name", "kind", "cvr"]  # the name is always shown
    other = [c.name for c in manager_client.get("/organisations/").context["table"].columns]
    assert "cvr" not in other  # another user keeps the default columns
    staff_client.post("/organisations/", {"reset_columns": "1"})
    assert not TablePreference.objects.filter(user=staff_user).exists()


def test_unknown_columns_are_ignored(staff_client, staff_user):
    staff_client.post("/organisations/", {"columns": ["kind", "password", "<script>"]})
    assert TablePreference.objects.get(user=staff_user).columns == ["kind"]


@pytest.mark.parametrize("reader,fmt", [(read_csv, "csv"), (read_xlsx, "xlsx")])
def test_export_has_exactly_the_filtered_rows(staff_client, reader, fmt):
    tag = factories.TagFactory(name="nytårskur")
    chosen = [factories.HousingOrganisationFactory(name=f"Valgt {i}") for i in range(3)]
    for org in chosen:
        org.tags.add(tag)
    factories.HousingOrganisationFactory(name="Ikke valgt")
    for _ in range(30):  # more rows than one page: the export is not limited to the page shown
        factories.OrganisationFactory().tags.add(tag)
    response = staff_client.get(f"/organisations/?kind=housing_organisation&tags={tag.pk}&per_page=25&export={fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = reader(response)
    assert sorted(row["Navn"] for row in rows) == ["Valgt 0", "Valgt 1", "Valgt 2"]
    assert {row["Tags"] for row in rows} == {"nytårskur"}


def test_export_of_many_rows_beyond_the_page(staff_client):
    tag = factories.TagFactory()
    for _ in range(60):
        factories.OrganisationFactory().tags.add(tag)
    rows = read_csv(staff_client.get(f"/organisations/?tags={tag.pk}&export=csv&delimiter=semicolon"))
    assert len(rows) == 60


def test_export_neutralises_formulas(staff_client):
    factories.OrganisationFactory(name='=HYPERLINK("http://evil.example")')
    rows = read_csv(staff_client.get("/organisations/?export=csv"))
    assert rows[0]["Navn"].startswith("'=")


def test_unknown_export_format_is_a_message_not_an_error(staff_client):
    response = staff_client.get("/organisations/?export=pdf", follow=True)
    assert response.status_code == 200
    assert "eksportformat" in response.content.decode().lower()


def test_manager_can_export_but_not_add(manager_client):
    factories.OrganisationFactory()
    assert manager_client.get("/organisations/?export=csv").status_code == 200
    assert manager_client.get("/organisations/add/").status_code == 403


class TestOrganisationForms:
    def test_create_housing_organisation(self, staff_client):
        response = staff_client.post(
            "/organisations/add/",
            {"kind": "housing_organisation", "name": "AAB Aarhus", "cvr": "", "is_active": "on", "website": "aab.dk"},
        )
        org = Organisation.objects.get(name="AAB Aarhus")
        assert response.status_code == 302 and response["Location"] == f"/organisations/{org.pk}/"
        assert org.cvr is None
        assert org.website == "https://aab.dk"
        assert org.history.get().history_type == "+"

    def test_invalid_cvr_shows_a_danish_message_and_saves_nothing(self, staff_client):
        response = staff_client.post(
            "/organisations/add/", {"kind": "housing_organisation", "name": "X", "cvr": "12345678"}
        )
        assert response.status_code == 200
        assert "CVR" in str(response.context["form"].errors["cvr"])
        assert "kontrolciffer" in response.content.decode()
        assert not Organisation.objects.exists()

    def test_estate_needs_a_housing_organisation_parent(self, staff_client):
        municipality = factories.MunicipalityFactory()
        response = staff_client.post(
            "/organisations/add/", {"kind": "estate", "name": "Afdeling 7", "parent": municipality.pk}
        )
        assert response.status_code == 200
        assert "parent" in response.context["form"].errors
        assert not Organisation.objects.filter(name="Afdeling 7").exists()

    def test_duplicate_cvr_is_a_form_error(self, staff_client):
        factories.OrganisationFactory(cvr="55133018")
        response = staff_client.post(
            "/organisations/add/", {"kind": "municipality", "name": "Dublet", "cvr": "55133018"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors

    def test_edit(self, staff_client):
        org = factories.HousingOrganisationFactory(name="Alboa")
        response = staff_client.post(
            f"/organisations/{org.pk}/edit/", {"kind": org.kind, "name": "Alboa", "city": "Aarhus C"}
        )
        assert response.status_code == 302
        org.refresh_from_db()
        assert org.city == "Aarhus C"

    def test_manager_cannot_edit_or_delete(self, manager_client):
        org = factories.OrganisationFactory()
        assert manager_client.get(f"/organisations/{org.pk}/edit/").status_code == 403
        assert manager_client.post(f"/organisations/{org.pk}/edit/", {"name": "x"}).status_code == 403
        assert manager_client.post(f"/organisations/{org.pk}/delete/").status_code == 403
        assert Organisation.objects.filter(pk=org.pk).exists()

    def test_edit_form_renders_only_selected_options(self, staff_client):
        for _ in range(250):
            factories.OrganisationFactory()
        estate = factories.EstateFactory()
        html = staff_client.get(f"/organisations/{estate.pk}/edit/").content.decode()
        assert html.count("<option") < 200
        assert f'value="{estate.parent_id}" selected' in html


class TestOrganisationDelete:
    def test_delete_unreferenced_organisation(self, staff_client):
        org = factories.OrganisationFactory()
        assert staff_client.get(f"/organisations/{org.pk}/delete/").status_code == 200
        response = staff_client.post(f"/organisations/{org.pk}/delete/")
        assert response.status_code == 302
        assert not Organisation.objects.filter(pk=org.pk).exists()

    def test_organisation_with_contacts_is_not_deleted(self, staff_client):
        affiliation = factories.AffiliationFactory()
        org = affiliation.organisation
        page = staff_client.get(f"/organisations/{org.pk}/delete/").content.decode()
        assert "kan ikke slettes" in page
        response = staff_client.post(f"/organisations/{org.pk}/delete/")
        assert response.status_code == 409
        assert Organisation.objects.filter(pk=org.pk).exists()

    def test_meeting_links_are_listed_before_deleting(self, staff_client):
        org = factories.OrganisationFactory()
        factories.MeetingFactory().organisations.add(org)
        page = staff_client.get(f"/organisations/{org.pk}/delete/").content.decode()
        assert "Yes, delete" in page or "Ja, slet" in page
        staff_client.post(f"/organisations/{org.pk}/delete/")
        assert Meeting.objects.count() == 1  # the meeting stays; only the link goes


def test_autocomplete_returns_matching_organisations_of_a_kind(staff_client):
    factories.HousingOrganisationFactory(name="Brabrand Boligforening")
    factories.EstateFactory(name="Brabrand Afdeling 1")
    data = staff_client.get("/autocomplete/organisations/?q=brabrand&kind=housing_organisation").json()
    assert [r["text"] for r in data["results"]] == ["Brabrand Boligforening (Boligorganisation)"]


def test_autocomplete_finds_short_names_aliases_and_folded_spellings(staff_client, django_assert_max_num_queries):
    lbf = factories.OrganisationFactory(
        name="Landsbyggefonden", short_name="LBF", kind=OrganisationKind.NATIONAL_PARTNER
    )
    msb = factories.OrganisationFactory(name="Sociale Forhold og Beskæftigelse")
    OrganisationAlias.objects.create(organisation=msb, name="Socialforvaltningen")
    factories.OrganisationFactory(name="Kjærgård Beboerforening")
    factories.OrganisationFactory(name="Brabrand Boligforening")

    def texts(query):
        return [r["text"] for r in staff_client.get(f"/autocomplete/organisations/?q={query}").json()["results"]]

    assert texts("lbf") == ["Landsbyggefonden – LBF (Landsdækkende partner)"]
    assert texts("socialforv") == ["Sociale Forhold og Beskæftigelse (Lokal organisation)"]
    assert texts("Kjaergaard") == texts("kjærgård") == ["Kjærgård Beboerforening (Lokal organisation)"]
    assert texts("fonden") == ["Landsbyggefonden – LBF (Landsdækkende partner)"]
    with django_assert_max_num_queries(5):
        texts("bolig")
    assert lbf.display_name == "Landsbyggefonden (LBF)"


def test_autocomplete_is_limited_and_permission_checked(staff_client, client, plain_user):
    for i in range(30):
        factories.OrganisationFactory(name=f"Forening {i}")
    assert len(staff_client.get("/autocomplete/organisations/?q=forening").json()["results"]) == 20
    assert staff_client.get("/autocomplete/nothing/").status_code == 404
    client.force_login(plain_user)
    assert client.get("/autocomplete/organisations/?q=a").status_code == 403


def test_organisation_kind_values_are_the_tabs():
    assert {k for k, _ in OrganisationKind.choices} == {
        "municipality",
        "administration",
        "housing_organisation",
        "estate",
        "national_partner",
        "political_body",
        "local_organisation",
    }


def test_yes_no_filters_offer_all_rather_than_unknown(staff_client):
    html = staff_client.get("/organisations/?is_key_partner=true").content.decode()
    assert ">Alle<" in html and "Ukendt" not in html
    assert staff_client.get("/organisations/?is_key_partner=unknown").status_code == 200


def test_organisation_page_offers_adding_a_contact_there(staff_client, manager_client):
    org = factories.HousingOrganisationFactory()
    assert f"/contacts/add/?organisation={org.pk}" in staff_client.get(f"/organisations/{org.pk}/").content.decode()
    assert "/contacts/add/" not in manager_client.get(f"/organisations/{org.pk}/").content.decode()


def test_organisation_page_shows_open_follow_ups_with_overdue_marks(staff_client):
    org = factories.HousingOrganisationFactory()
    meeting = factories.MeetingFactory()
    meeting.organisations.add(org)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for i in range(25):
        factories.FollowUpFactory(meeting=meeting, text=f"Opgave {i}", due_date=yesterday if i == 0 else None)
    html = staff_client.get(f"/organisations/{org.pk}/").content.decode()
    assert "Åbne opfølgninger (25)" in html
    assert html.count("follow-up-overdue") == 1
    assert f"/follow-ups/?state=open&amp;organisations={org.pk}" in html


def test_last_meeting_is_the_last_one_held_not_a_planned_one(staff_client):
    org = factories.HousingOrganisationFactory()
    held = timezone.now() - datetime.timedelta(days=5)
    factories.MeetingFactory(starts_at=held).organisations.add(org)
    factories.MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=20)).organisations.add(org)
    record = staff_client.get("/organisations/").context["table"].page.object_list[0].record
    assert record.last_meeting == held
    assert staff_client.get(f"/organisations/{org.pk}/").context["meeting_stats"] == {"count": 2, "last": held}


def test_pagination_speaks_danish(staff_client):
    for _ in range(30):
        factories.OrganisationFactory()
    html = staff_client.get("/organisations/").content.decode()
    assert "næste" in html
    assert not re.search(r">\s*next\s*(&raquo;|»)", html)
