"""Passwords cannot be guessed (issue 18, django-axes): after the limit of wrong passwords for an account the login
is refused, the right password too, with a Danish page; every failure is recorded; an administrator lifts the block."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

LIMIT = 3


@pytest.fixture(autouse=True)
def throttling(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = LIMIT


def login(client: Client, password: str, username: str = "medarbejder", address: str = "10.0.0.7"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_wrong_passwords_lock_the_account_and_the_right_one_then_waits(staff_user):
    client = Client()
    for _ in range(LIMIT - 1):
        response = login(client, "gæt")
        assert response.status_code == 200 and "Indtast venligst korrekt brugernavn og adgangskode" in (
            response.content.decode()
        )
    locked = login(client, "gæt")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "For mange forsøg" in page and "Prøv igen om 15 minutter" in page

    right = login(client, "test-pass-123")
    assert right.status_code == 429  # locked: the right password does not get in either
    assert "_auth_user_id" not in client.session
    # From another address too: the account is locked, not only the address.
    assert login(Client(), "test-pass-123", address="10.0.0.8").status_code == 429

    attempt = AccessAttempt.objects.get(username="medarbejder", ip_address="10.0.0.7")
    assert attempt.failures_since_start >= LIMIT
    assert AccessFailureLog.objects.filter(username="medarbejder").count() >= LIMIT

    # An administrator lifts the block (the admin's access attempts, or the command): the right password works.
    call_command("axes_reset_username", "medarbejder")
    assert login(Client(), "test-pass-123").status_code == 302
    assert AccessLog.objects.filter(username="medarbejder").exists()  # the login is recorded


def test_one_address_trying_many_accounts_is_stopped(staff_user, manager_user):
    client = Client()
    for name in ("a", "b", "c"):
        login(client, "gæt", username=name)
    assert login(client, "test-pass-123", username="leder").status_code == 429


def test_a_good_login_resets_the_count(staff_user):
    client = Client()
    for _ in range(LIMIT - 1):
        login(client, "gæt")
    assert login(client, "test-pass-123").status_code == 302
    client.post("/logout/")
    for _ in range(LIMIT - 1):
        assert login(client, "gæt").status_code == 200  # counting from zero again


def test_the_records_speak_danish_in_the_admin(staff_user, admin_client):
    login(Client(), "gæt")
    login(Client(), "test-pass-123")
    from django.utils import translation

    with translation.override("da"):
        assert str(AccessLog.objects.get(username="medarbejder")).startswith("Login af medarbejder, ")
        assert str(AccessFailureLog.objects.get()).startswith("Mislykket login af medarbejder, ")
        attempt = AccessAttempt(username="medarbejder", ip_address="10.0.0.7")
        assert str(attempt) == "Loginforsøg af medarbejder fra 10.0.0.7"
    for path in ("/admin/axes/accesslog/", "/admin/axes/accessfailurelog/"):
        html = admin_client.get(path).content.decode()
        assert "Access Log" not in html and "Failed access" not in html, path
