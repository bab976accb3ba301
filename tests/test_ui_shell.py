"""The page shell: login, language switch, navigation, start page, no-access page, logout."""

import datetime
import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.session import SessionStorage
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners import registry
from partners.models import FollowUp, Meeting, Organisation, OrganisationKind
from partners.templatetags import partners_ui

pytestmark = pytest.mark.django_db


def _meeting(subject: str, *, days_ago: int = 1, organisations=()) -> Meeting:
    meeting = Meeting.objects.create(subject=subject, starts_at=timezone.now() - datetime.timedelta(days=days_ago))
    meeting.organisations.set(organisations)
    return meeting


def _follow_up(meeting: Meeting, owner, text: str, *, due_in_days: int | None, done: bool = False) -> FollowUp:
    due = timezone.localdate() + datetime.timedelta(days=due_in_days) if due_in_days is not None else None
    return FollowUp.objects.create(
        meeting=meeting, owner=owner, text=text, due_date=due, done_at=timezone.now() if done else None
    )


def test_anonymous_start_page_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_login_page_is_danish_by_default(client):
    response = client.get("/login/?next=/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="da">' in html
    assert "Log ind" in html
    assert "Adgangskode" in html
    # The language switch is there before login, and the menu is not.
    assert 'action="/i18n/setlang/"' in html
    assert 'aria-disabled="true"' not in html


def test_language_switch_before_login_makes_the_login_page_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/?next=/"})
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"

    html = client.get("/login/?next=/").content.decode()
    assert '<html lang="en">' in html
    assert "Password" in html
    assert "Log in" in html
    assert "Log ind" not in html


def test_login_with_wrong_password_shows_the_error_in_danish(client, staff_user):
    response = client.post("/login/", {"username": staff_user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "is-invalid" not in response.content.decode()  # a non-field error, shown above the form
    assert "korrekt brugernavn og adgangskode" in response.content.decode()


def test_login_redirects_to_the_start_page(client, staff_user):
    response = client.post("/login/?next=/", {"username": staff_user.username, "password": "test-pass-123"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_start_page_shows_the_users_open_follow_ups_in_danish(staff_client, staff_user, manager_user):
    meeting = _meeting("Dialogmøde med Brabrand Boligforening")
    _follow_up(meeting, staff_user, "Send referat til afdelingsbestyrelsen", due_in_days=-3)
    _follow_up(meeting, staff_user, "Book lokale til netværksmødet", due_in_days=5)
    _follow_up(meeting, staff_user, "Allerede klaret", due_in_days=-1, done=True)
    _follow_up(meeting, manager_user, "Lederens egen opgave", due_in_days=1)

    response = staff_client.get("/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="da">' in html
    assert "Log ud" in html
    assert re.search(r"<h1[^>]*>[^<]*\bTest\s*</h1>", html), "the greeting names the user"
    assert "Send referat til afdelingsbestyrelsen" in html
    assert "Book lokale til netværksmødet" in html
    assert "Allerede klaret" not in html
    assert "Lederens egen opgave" not in html
    # Only the overdue one is highlighted, and the highlight is not colour alone.
    assert html.count("follow-up-overdue") == 1
    assert "bi-exclamation-triangle-fill" in html
    # Overdue first: ordered by due date.
    assert html.index("Send referat") < html.index("Book lokale")
    # Danish date format of the due date.
    overdue_date = timezone.localdate() - datetime.timedelta(days=3)
    assert overdue_date.strftime("%d.%m.%Y") in html


def test_start_page_shows_recent_meetings_and_figures(staff_client):
    brabrand = Organisation.objects.create(kind=OrganisationKind.HOUSING_ORGANISATION, name="Brabrand Boligforening")
    _meeting("Styregruppemøde Gellerup", organisations=[brabrand])
    Meeting.objects.create(subject="Næste års møde", starts_at=timezone.now() + datetime.timedelta(days=30))

    response = staff_client.get("/")
    html = response.content.decode()
    assert "Styregruppemøde Gellerup" in html
    assert "Brabrand Boligforening" in html
    assert "Næste års møde" not in html  # recent means held, not planned
    assert [figure["value"] for figure in response.context["figures"]] == [1, 0, 0]


def test_start_page_empty_states_say_what_to_do(staff_client):
    response = staff_client.get("/")
    assert response.status_code == 200
    assert list(response.context["follow_ups"]) == []
    assert list(response.context["meetings"]) == []
    assert response.content.decode().count('class="card-body empty-state"') == 2


def test_start_page_runs_the_same_number_of_queries_for_few_and_many_rows(staff_client, staff_user):
    organisations = [
        Organisation.objects.create(kind=OrganisationKind.LOCAL_ORGANISATION, name=f"Forening {i}") for i in range(4)
    ]

    def add_rows(count: int) -> None:
        for i in range(count):
            meeting = _meeting(f"Møde {i}", organisations=organisations)
            _follow_up(meeting, staff_user, f"Opgave {i}", due_in_days=i - 2)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get("/").status_code == 200
        return len(queries)

    add_rows(2)
    few = count_queries()
    add_rows(12)
    many = count_queries()
    assert few == many
    assert many <= 15


def test_user_without_role_gets_an_explanation_not_the_data(client, plain_user):
    meeting = _meeting("Fortroligt møde")
    _follow_up(meeting, plain_user, "Skjult opgave", due_in_days=1)
    client.force_login(plain_user)

    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "partners/no_access.html"
    assert "Sekretariat" in html and "Ledelse" in html
    assert "Fortroligt møde" not in html
    assert "Skjult opgave" not in html
    assert "figures" not in response.context
    # No sections in the menu for a user who may see none, but logging out is possible.
    assert 'aria-disabled="true"' not in html
    assert 'action="/logout/"' in html


def test_navigation_shows_sections_not_built_yet_as_coming_soon(staff_client, monkeypatch):
    monkeypatch.setattr(partners_ui, "url_or_none", lambda name: None)
    html = staff_client.get("/").content.decode()
    # Staff see every section but the management overview.
    assert html.count('aria-disabled="true"') == len(registry.navigation()) - 1
    assert "Kommer snart" in html


def test_the_menu_follows_the_registry_in_its_order():
    names = [section.url_name for section in registry.navigation()]
    assert names == [
        "organisation_list",
        "area_list",
        "contact_list",
        "collaboration_list",
        "meeting_list",
        "followup_list",
        "event_list",
        "dashboard",
    ]


def test_navigation_shows_the_overview_to_managers_only(manager_client, staff_client):
    assert "bi-speedometer2" in manager_client.get("/").content.decode()
    assert "bi-speedometer2" not in staff_client.get("/").content.decode()


def test_navigation_links_every_built_section(staff_client):
    html = staff_client.get("/").content.decode()
    for section in registry.navigation():
        url = partners_ui.url_or_none(section.url_name)
        if url and section.url_name != "dashboard":
            assert f'href="{url}"' in html, section.url_name


def test_navigation_links_sections_whose_page_exists(staff_client, monkeypatch):
    monkeypatch.setattr(
        partners_ui, "url_or_none", lambda name: "/organisations/" if name == "organisation_list" else None
    )
    html = staff_client.get("/").content.decode()
    assert 'href="/organisations/"' in html
    assert html.count('aria-disabled="true"') == len(registry.navigation()) - 2


def test_admin_link_only_for_staff_accounts(client, staff_user):
    client.force_login(staff_user)
    assert 'href="/admin/"' not in client.get("/").content.decode()
    staff_user.is_staff = True
    staff_user.save()
    assert 'href="/admin/"' in client.get("/").content.decode()


def test_logout_is_a_post_and_ends_the_session(staff_client):
    assert staff_client.get("/logout/").status_code == 405
    response = staff_client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert staff_client.get("/")["Location"] == "/login/?next=/"


@override_settings(MESSAGE_STORAGE="django.contrib.messages.storage.session.SessionStorage")
def test_messages_are_shown(staff_client):
    # A message queued in the session (as a view would) appears on the next page.
    session = staff_client.session
    request = RequestFactory().get("/")
    request.session = session
    storage = SessionStorage(request)
    storage.add(messages.ERROR, "Importen fejlede")
    storage.update(HttpResponse())
    session.save()

    html = staff_client.get("/").content.decode()
    assert "Importen fejlede" in html
    assert "alert-danger" in html
