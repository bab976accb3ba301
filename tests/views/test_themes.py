"""The theme pages on the view-test harness (five pages; no export or import), and what is the themes' own: their
records are collaborations and meetings (the meeting links keep their meeting's start). The code is the tags'
(``tests/views/test_tags.py`` tests merge, retire and inline create in full)."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from partners.models import Collaboration, MeetingTheme, Theme
from tests import factories
from tests.harness.views import PrimaryObjectViewTests

pytestmark = pytest.mark.django_db


class TestThemes(PrimaryObjectViewTests):
    model = Theme
    url_base = "theme"
    factory = factories.ThemeFactory
    display_attr = "name"
    form_data = {"name": "Beskæftigelse", "description": "Job og uddannelse til beboerne."}
    edit_changes = {"name": "Beskæftigelse og uddannelse", "description": "", "is_active": False}
    exportable = False
    importable = False
    import_key = "themes"

    # Counted with themes that are each on a collaboration and a meeting: a count per row would show.
    list_query_budget = 7
    detail_query_budget = 6
    add_query_budget = 4
    edit_query_budget = 5
    delete_query_budget = 8  # + the cases the deletion collects

    def create_object(self, *, user):
        theme = factories.ThemeFactory()
        factories.CollaborationFactory().themes.add(theme)
        factories.MeetingFactory().themes.add(theme)
        return theme

    def get_form_data(self, *, user, obj=None) -> dict:
        return {**self.form_data, "is_active": "on"} if obj is not None else dict(self.form_data)


def test_list_counts_collaborations_and_meetings(staff_client):
    theme = factories.ThemeFactory(name="Sundhed")
    for _ in range(2):
        factories.CollaborationFactory().themes.add(theme)
    factories.MeetingFactory().themes.add(theme)
    row = staff_client.get(reverse("theme_list")).context["table"].page.object_list[0].record
    assert (row.collaborations_count, row.meetings_count) == (2, 1)
    page = staff_client.get(theme.get_absolute_url()).content.decode()
    assert f'href="/meetings/?themes={theme.pk}"' in page


def test_merge_moves_collaborations_and_meetings_without_duplicates(staff_client):
    source, target = factories.ThemeFactory(name="Tryghed i området"), factories.ThemeFactory(name="Tryghed")
    collaboration, shared = factories.CollaborationFactory(), factories.CollaborationFactory()
    meeting, both = factories.MeetingFactory(), factories.MeetingFactory()
    case = factories.CaseFactory()
    for record in (collaboration, shared, meeting, both, case):
        record.themes.add(source)
    shared.themes.add(target)
    both.themes.add(target)

    response = staff_client.get(reverse("theme_merge", args=[source.pk]), {"target": target.pk})
    plan = response.context["plan"]
    assert [(m.link.key, m.moving, m.already) for m in plan.moves] == [
        ("cases", 1, 0),
        ("collaborations", 1, 1),
        ("meetings", 1, 1),
    ]
    assert escape("5 poster får “Tryghed” i stedet for “Tryghed i området”.") in response.content.decode()
    response = staff_client.post(
        reverse("theme_merge", args=[source.pk]), {"target": target.pk, "expected": plan.token}
    )

    assert response.status_code == 302
    assert not Theme.objects.filter(pk=source.pk).exists()
    assert Collaboration.themes.through.objects.filter(theme=target).count() == 2
    assert list(case.themes.all()) == [target]
    links = MeetingTheme.objects.filter(theme=target).order_by("meeting_id")
    assert [link.meeting_id for link in links] == sorted([meeting.pk, both.pk])
    # The moved link still carries its meeting's start (kept by the database, partners/reporting/triggers.py).
    assert all(link.starts_at == link.meeting.starts_at for link in links)


def test_detail_shows_the_description(staff_client):
    theme = factories.ThemeFactory(name="Uddannelse", description="Unge i job eller uddannelse.")
    assert "Unge i job eller uddannelse." in staff_client.get(theme.get_absolute_url()).content.decode()


def test_quick_add_creates_a_theme_and_a_duplicate_answers_it(staff_client, manager_client):
    url = reverse("theme_quick_add")
    created = staff_client.post(url, {"name": "Beboerdemokrati"})
    assert created.status_code == 201
    again = staff_client.post(url, {"name": "BEBOERDEMOKRATI"})
    assert again.status_code == 200 and again.json()["value"] == created.json()["value"]
    assert manager_client.post(url, {"name": "Andet"}).status_code == 403
    assert list(Theme.objects.values_list("name", flat=True)) == ["Beboerdemokrati"]


def test_the_meeting_and_collaboration_forms_offer_create_for_themes(staff_client):
    for url in (reverse("meeting_add"), reverse("collaboration_add")):
        assert f'data-create-url="{reverse("theme_quick_add")}"' in staff_client.get(url).content.decode()


def test_a_retired_theme_is_not_suggested(staff_client):
    factories.ThemeFactory(name="Sundhed", is_active=False)
    response = staff_client.get(reverse("autocomplete", args=["themes"]), {"q": "sund"})
    assert response.json()["results"] == []


def test_a_theme_name_is_unique_in_any_case(staff_client):
    factories.ThemeFactory(name="Sundhed")
    response = staff_client.post(reverse("theme_add"), {"name": "SUNDHED"})
    assert response.context["form"].errors["name"] == [
        "Der findes allerede et tema med navnet “Sundhed” (store og små bogstaver regnes for ens)."
    ]
