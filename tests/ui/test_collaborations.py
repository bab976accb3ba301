"""Collaborations in the staff UI: list with partners (lead first), filters, export, partners inline, detail."""

import datetime
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import IntegrityError
from django.utils import timezone

from partners.models import Collaboration, CollaborationPartner, Meeting
from partners.models.collaborations import CollaborationKind, CollaborationStatus, PartnerRole
from tests import factories

from .harness import ListViewChecks, read_csv, read_xlsx
from .test_meetings import (
    EveryColumnQueryCheck,
    assert_constant_detail_queries,
    aware,
    html,
    meeting,
    selected_options,
)

pytestmark = pytest.mark.django_db


def titles(response) -> set[str]:
    return {row.record.title for row in response.context["table"].page.object_list}


def collaboration(title="Samarbejde", *, partners=(), themes=(), areas=(), **fields) -> Collaboration:
    obj = factories.CollaborationFactory(title=title, **fields)
    for organisation, role in partners:
        CollaborationPartner.objects.create(collaboration=obj, organisation=organisation, role=role)
    obj.themes.set(themes)
    obj.areas.set(areas)
    return obj


class TestCollaborationList(EveryColumnQueryCheck, ListViewChecks):
    list_url = "/collaborations/"
    bad_params = (
        *ListViewChecks.bad_params,
        "per_page=-5",
        "partners=abc",
        "themes=999999&areas=x",
        "responsible=abc",
        "start_date_after=notadate&end_date_before=2026-99-99",
        "status=nonsense&kind=nonsense",
    )

    def make_rows(self, n):
        organisations = factories.OrganisationFactory.create_batch(3)
        themes = factories.ThemeFactory.create_batch(2)
        area = factories.AreaFactory()
        user = factories.UserFactory()
        rows = Collaboration.objects.bulk_create(
            Collaboration(
                title=f"Samarbejde {i:03d}",
                kind=CollaborationKind.PROJECT,
                status=CollaborationStatus.ACTIVE,
                responsible=user,
                start_date=datetime.date(2024, 1, 1),
            )
            for i in range(n)
        )
        CollaborationPartner.objects.bulk_create(
            CollaborationPartner(collaboration=c, organisation=o, role=role)
            for c in rows
            for o, role in zip(organisations, PartnerRole.values, strict=False)
        )
        Collaboration.themes.through.objects.bulk_create(
            Collaboration.themes.through(collaboration=c, theme=t) for c in rows for t in themes
        )
        Collaboration.areas.through.objects.bulk_create(
            Collaboration.areas.through(collaboration=c, area=area) for c in rows
        )
        meetings = Meeting.objects.bulk_create(
            Meeting(subject=f"Møde {i}", starts_at=aware(2025, 1, 1)) for i in range(3)
        )
        Meeting.collaborations.through.objects.bulk_create(
            Meeting.collaborations.through(meeting=m, collaboration=c) for c in rows for m in meetings
        )
        return rows


def test_list_shows_partners_lead_first_and_meeting_figures(staff_client):
    lead = factories.OrganisationFactory(name="Østjysk Bolig")
    partner = factories.OrganisationFactory(name="Aarhus Kommune")
    funder = factories.OrganisationFactory(name="Landsbyggefonden")
    theme = factories.ThemeFactory(name="Tryghed")
    c = collaboration(
        "Helhedsplan Bispehaven",
        partners=[(partner, PartnerRole.PARTNER), (funder, PartnerRole.FUNDER), (lead, PartnerRole.LEAD)],
        themes=[theme],
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    meeting("Gammelt møde", starts_at=aware(2025, 5, 1), collaborations=[c])
    meeting("Nyt møde", starts_at=aware(2025, 9, 15), collaborations=[c])
    meeting("Planlagt møde", starts_at=timezone.now() + datetime.timedelta(days=30), collaborations=[c])

    response = staff_client.get("/collaborations/")
    page = html(response)
    row = response.context["table"].page.object_list[0].record
    assert [p["name"] for p in row.partner_rows] == ["Østjysk Bolig", "Aarhus Kommune", "Landsbyggefonden"]
    assert page.index("Østjysk Bolig") < page.index("Aarhus Kommune") < page.index("Landsbyggefonden")
    assert "01.01.2024 – 31.12.2027" in page
    # The last meeting held (not the planned one), and every meeting counted and linked.
    assert row.last_meeting.date() == datetime.date(2025, 9, 15)
    assert f'href="/meetings/?collaborations={c.pk}">3</a>' in page
    # Themes are a column to choose (the default set fits a 1,366-pixel screen).
    assert "Tryghed" not in page
    table = response.context["table"]
    chosen = [name for name, _header, visible, _locked in table.column_choices() if visible] + ["themes"]
    staff_client.post("/collaborations/", {"columns": chosen})
    assert "Tryghed" in html(staff_client.get("/collaborations/"))


@pytest.fixture
def world(staff_user):
    org_a, org_b = factories.OrganisationFactory.create_batch(2)
    theme = factories.ThemeFactory()
    area = factories.AreaFactory()
    return {
        "plan": collaboration(
            "Helhedsplan Gellerup",
            kind=CollaborationKind.MASTERPLAN,
            status=CollaborationStatus.ACTIVE,
            partners=[(org_a, PartnerRole.LEAD), (org_b, PartnerRole.PARTNER)],
            themes=[theme],
            areas=[area],
            responsible=staff_user,
            start_date=datetime.date(2023, 1, 1),
            end_date=datetime.date(2026, 12, 31),
            description="Boligsocial indsats",
        ),
        "network": collaboration(
            "Tryghedsnetværk",
            kind=CollaborationKind.NETWORK,
            status=CollaborationStatus.PAUSED,
            partners=[(org_b, PartnerRole.STAKEHOLDER)],
            start_date=datetime.date(2025, 6, 1),
            goals="Mere tryghed",
        ),
        "project": collaboration("Sundhedsprojekt", status=CollaborationStatus.PLANNED),
        "org_a": org_a,
        "org_b": org_b,
        "theme": theme,
        "area": area,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=gellerup", {"plan"}),
        ("q=tryghed", {"network"}),  # title and goals
        ("q=boligsocial", {"plan"}),  # description
        ("kind=masterplan&kind=network", {"plan", "network"}),
        ("status=paused", {"network"}),
        ("status=active&status=planned", {"plan", "project"}),
        ("themes={theme}", {"plan"}),
        ("areas={area}", {"plan"}),
        ("partners={org_a}", {"plan"}),
        ("partners={org_b}", {"plan", "network"}),
        ("partners={org_a}&partners={org_b}", {"plan", "network"}),
        ("responsible={me}", {"plan"}),
        ("start_date_after=2024-01-01", {"network"}),
        ("start_date_before=2024-01-01", {"plan"}),
        ("end_date_after=2026-01-01&end_date_before=2026-12-31", {"plan"}),
    ],
)
def test_filters_return_the_right_collaborations(staff_client, staff_user, world, query, expected):
    ids = {key: getattr(value, "pk", None) for key, value in world.items()}
    response = staff_client.get(f"/collaborations/?{query.format(me=staff_user.pk, **ids)}")
    assert titles(response) == {world[key].title for key in expected}


def test_status_tabs(staff_client, world):
    response = staff_client.get("/collaborations/?status=active")
    assert titles(response) == {"Helhedsplan Gellerup"}
    assert [t["label"] for t in response.context["tabs"] if t["active"]] == ["Aktiv"]


def test_export_csv_and_xlsx_have_exactly_the_filtered_rows(staff_client, world):
    rows = read_csv(staff_client.get(f"/collaborations/?partners={world['org_b'].pk}&export=csv&delimiter=semicolon"))
    assert {row["ID"] for row in rows} == {str(world["plan"].pk), str(world["network"].pk)}
    rows = read_xlsx(staff_client.get("/collaborations/?status=planned&export=xlsx"))
    assert [row["ID"] for row in rows] == [str(world["project"].pk)]


# --- add and edit with partners inline -------------------------------------------------------------------------------


def collaboration_post(**overrides) -> dict:
    data = {
        "title": "Helhedsplan Skovgårdsparken",
        "kind": CollaborationKind.MASTERPLAN,
        "status": CollaborationStatus.ACTIVE,
        "responsible": "",
        "start_date": "2025-01-01",
        "end_date": "2028-12-31",
        "description": "",
        "goals": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def partner_rows(*rows, start: int = 0) -> dict:
    data = {}
    for index, (organisation, role) in enumerate(rows, start=start):
        data[f"memberships-{index}-organisation"] = str(organisation.pk) if organisation else ""
        data[f"memberships-{index}-role"] = role
    return data


def test_create_with_partners_themes_and_areas(staff_client, staff_user):
    lead, funder = factories.OrganisationFactory.create_batch(2)
    themes = factories.ThemeFactory.create_batch(2)
    area = factories.AreaFactory()
    data = collaboration_post(
        responsible=staff_user.pk,
        themes=[t.pk for t in themes],
        areas=[area.pk],
        **{"memberships-TOTAL_FORMS": "3"},
        **partner_rows((lead, PartnerRole.LEAD), (funder, PartnerRole.FUNDER), (None, PartnerRole.PARTNER)),
    )
    response = staff_client.post("/collaborations/add/", data)
    saved = Collaboration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == saved.get_absolute_url()
    assert saved.responsible == staff_user
    assert set(saved.themes.all()) == set(themes)
    assert list(saved.areas.all()) == [area]
    assert {(m.organisation, m.role) for m in saved.memberships.all()} == {
        (lead, PartnerRole.LEAD),
        (funder, PartnerRole.FUNDER),
    }


def test_add_page_renders_only_chosen_options(staff_client, staff_user):
    factories.OrganisationFactory.create_batch(250)
    factories.ThemeFactory.create_batch(5)
    page = html(staff_client.get("/collaborations/add/"))
    assert page.count("<option") < 200
    assert "memberships-__prefix__-organisation" in page  # the template row for "add partner"


def test_end_date_before_start_date_is_an_error_on_the_field_and_saves_nothing(staff_client):
    org = factories.OrganisationFactory()
    data = collaboration_post(
        start_date="2026-01-01",
        end_date="2025-01-01",
        **{"memberships-TOTAL_FORMS": "1"},
        **partner_rows((org, PartnerRole.LEAD)),
    )
    response = staff_client.post("/collaborations/add/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["end_date"]  # on the field, once (not again above the form)
    assert not Collaboration.objects.exists()
    assert not CollaborationPartner.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"start_date": "notadate"},
        {"title": ""},
        {"kind": "nonsense"},
        {"themes": ["abc"]},
        {"responsible": "999999"},
    ],
)
def test_invalid_collaboration_saves_nothing(staff_client, overrides):
    org = factories.OrganisationFactory()
    data = collaboration_post(**{"memberships-TOTAL_FORMS": "1"}, **partner_rows((org, PartnerRole.LEAD)), **overrides)
    response = staff_client.post("/collaborations/add/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Collaboration.objects.exists()
    assert not CollaborationPartner.objects.exists()


@pytest.mark.parametrize(
    "rows",
    [
        # The same organisation twice.
        lambda org: partner_rows((org, PartnerRole.LEAD), (org, PartnerRole.PARTNER)),
        # A role that does not exist.
        lambda org: partner_rows((org, "boss")),
        # An organisation id that does not exist.
        lambda org: {"memberships-0-organisation": "999999", "memberships-0-role": PartnerRole.PARTNER},
    ],
)
def test_invalid_partner_rows_save_nothing(staff_client, rows):
    org = factories.OrganisationFactory()
    data = collaboration_post(**{"memberships-TOTAL_FORMS": "2"}, **rows(org))
    response = staff_client.post("/collaborations/add/", data)
    assert response.status_code == 200
    assert response.context["formset_errors"]
    assert not Collaboration.objects.exists()
    assert not CollaborationPartner.objects.exists()


def test_a_database_conflict_while_saving_rolls_everything_back(staff_client, monkeypatch):
    org = factories.OrganisationFactory()

    def conflict(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(CollaborationPartner, "save", conflict)
    data = collaboration_post(**{"memberships-TOTAL_FORMS": "1"}, **partner_rows((org, PartnerRole.LEAD)))
    response = staff_client.post("/collaborations/add/", data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert response.context.get("object") is None  # still "add", not "edit"
    assert not Collaboration.objects.exists()
    assert not list(response.context["messages"])  # no "saved" message


def test_edit_changes_roles_removes_and_adds_partners(staff_client, world):
    plan = world["plan"]
    new_partner = factories.OrganisationFactory()
    lead_row, partner_row = sorted(plan.memberships.all(), key=lambda m: m.role != PartnerRole.LEAD)
    assert staff_client.get(f"/collaborations/{plan.pk}/edit/").status_code == 200
    data = collaboration_post(
        title=plan.title,
        **{
            "memberships-TOTAL_FORMS": "3",
            "memberships-INITIAL_FORMS": "2",
            "memberships-0-id": str(lead_row.pk),
            "memberships-0-organisation": str(lead_row.organisation_id),
            "memberships-0-role": PartnerRole.PARTNER,
            "memberships-1-id": str(partner_row.pk),
            "memberships-1-organisation": str(partner_row.organisation_id),
            "memberships-1-role": PartnerRole.PARTNER,
            "memberships-1-DELETE": "on",
            "memberships-2-organisation": str(new_partner.pk),
            "memberships-2-role": PartnerRole.LEAD,
        },
    )
    response = staff_client.post(f"/collaborations/{plan.pk}/edit/", data)
    assert response.status_code == 302
    assert {(m.organisation, m.role) for m in plan.memberships.all()} == {
        (lead_row.organisation, PartnerRole.PARTNER),
        (new_partner, PartnerRole.LEAD),
    }


def test_delete(staff_client, world):
    plan = world["plan"]
    m = meeting("Møde", collaborations=[plan])
    response = staff_client.post(f"/collaborations/{plan.pk}/delete/")
    assert response.status_code == 302
    assert not Collaboration.objects.filter(pk=plan.pk).exists()
    assert not CollaborationPartner.objects.filter(collaboration_id=plan.pk).exists()
    assert Meeting.objects.filter(pk=m.pk).exists()  # the meeting log stays


# --- detail ----------------------------------------------------------------------------------------------------------


def test_detail_shows_partners_timeline_and_open_follow_ups(staff_client, staff_user, world):
    plan = world["plan"]
    meetings = [
        meeting(f"Møde {i:02d}", starts_at=aware(2025, 1, 1) + datetime.timedelta(days=i), collaborations=[plan])
        for i in range(25)
    ]
    open_one = factories.FollowUpFactory(meeting=meetings[0], owner=staff_user, text="Åben opfølgning")
    factories.FollowUpFactory(meeting=meetings[1], owner=staff_user, text="Lukket opfølgning", done_at=timezone.now())

    response = staff_client.get(plan.get_absolute_url())
    page = html(response)
    assert world["org_a"].name in page and world["org_b"].name in page
    assert [m.organisation for m in response.context["memberships"]] == [world["org_a"], world["org_b"]]
    assert "Boligsocial indsats" in page
    # The latest 20 meetings, newest first, and a link to all of them.
    assert [m.subject for m in response.context["meetings"]] == [f"Møde {i:02d}" for i in range(24, 4, -1)]
    assert f'href="/meetings/?collaborations={plan.pk}"' in page
    assert "Åben opfølgning" in page and "Lukket opfølgning" not in page
    assert response.context["open_follow_up_count"] == 1
    assert open_one.get_absolute_url() in page


def test_detail_log_meeting_button_pre_fills_collaboration_and_partners(staff_client, world):
    plan = world["plan"]
    page = html(staff_client.get(plan.get_absolute_url()))
    link = re.search(r'href="(/meetings/add/\?[^"]+)"', page).group(1).replace("&amp;", "&")
    query = parse_qs(urlparse(link).query)
    assert query["collaborations"] == [str(plan.pk)]
    assert set(query["organisations"]) == {str(world["org_a"].pk), str(world["org_b"].pk)}
    # … and the meeting form shows them chosen.
    form_page = html(staff_client.get(link))
    assert selected_options(form_page, "organisations") == {str(world["org_a"].pk), str(world["org_b"].pk)}
    assert selected_options(form_page, "collaborations") == {str(plan.pk)}


def test_detail_query_count_does_not_grow_with_partners_meetings_or_follow_ups(staff_client, staff_user):
    small = collaboration(
        "Lille",
        partners=[(factories.OrganisationFactory(), PartnerRole.LEAD)],
        themes=factories.ThemeFactory.create_batch(1),
        areas=factories.AreaFactory.create_batch(1),
    )
    small_meeting = meeting("Møde", collaborations=[small], organisations=factories.OrganisationFactory.create_batch(1))
    factories.FollowUpFactory(meeting=small_meeting, owner=staff_user)
    big = collaboration(
        "Stor",
        partners=[(org, PartnerRole.PARTNER) for org in factories.OrganisationFactory.create_batch(12)],
        themes=factories.ThemeFactory.create_batch(5),
        areas=factories.AreaFactory.create_batch(5),
    )
    organisations = factories.OrganisationFactory.create_batch(3)
    for i in range(30):
        m = meeting(f"Møde {i}", collaborations=[big], organisations=organisations)
        factories.FollowUpFactory(meeting=m, owner=staff_user)
    for n in range(5):
        big.title = f"Stor {n}"
        big.save()
    assert_constant_detail_queries(staff_client, small.get_absolute_url(), big.get_absolute_url())


# --- permissions -----------------------------------------------------------------------------------------------------


def test_manager_can_view_but_not_change(manager_client, world):
    plan = world["plan"]
    assert manager_client.get("/collaborations/").status_code == 200
    page = html(manager_client.get(plan.get_absolute_url()))
    assert "/edit/" not in page and "/delete/" not in page
    assert "/meetings/add/" in page  # managers log meetings, also about a collaboration
    for url in ["/collaborations/add/", f"/collaborations/{plan.pk}/edit/", f"/collaborations/{plan.pk}/delete/"]:
        assert manager_client.get(url).status_code == 403, url
        assert manager_client.post(url, collaboration_post()).status_code == 403, url
    assert Collaboration.objects.filter(pk=plan.pk, title=plan.title).exists()


def test_user_without_role_sees_nothing(client, plain_user, world):
    client.force_login(plain_user)
    for url in ["/collaborations/", world["plan"].get_absolute_url(), "/collaborations/add/"]:
        assert client.get(url).status_code == 403, url
