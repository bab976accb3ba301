"""The page shell: login, language switch, navigation, logout. The start page itself: tests/ui/test_home.py."""

import pytest
from django.contrib import messages
from django.contrib.messages.storage.session import SessionStorage
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from partners import registry
from partners.templatetags import partners_ui

pytestmark = pytest.mark.django_db


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
        "case_list",
        "meeting_list",
        "followup_list",
        "event_list",
        "document_list",
        "tag_list",  # tags and themes, one section
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
