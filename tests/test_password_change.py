"""Every user changes their own password (issue 18): the old one is asked for, the new one checked by the validators,
the user stays logged in."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/account/password/"


def test_staff_change_their_own_password(staff_user):
    client = Client()
    assert client.login(username="medarbejder", password="test-pass-123")
    page = client.get(URL).content.decode()
    assert "Gammel adgangskode" in page and "Skift din adgangskode" in page
    assert 'href="/account/password/"' in client.get("/").content.decode()  # from the header's name

    wrong = client.post(
        URL, {"old_password": "forkert", "new_password1": "Lang-ny-kode-2027", "new_password2": "Lang-ny-kode-2027"}
    )
    assert wrong.status_code == 200 and "Din gamle adgangskode blev ikke indtastet korrekt." in wrong.content.decode()
    too_short = client.post(URL, {"old_password": "test-pass-123", "new_password1": "kort", "new_password2": "kort"})
    assert too_short.status_code == 200 and "Denne adgangskode er for kort." in too_short.content.decode()
    staff_user.refresh_from_db()
    assert staff_user.check_password("test-pass-123")

    done = client.post(
        URL,
        {"old_password": "test-pass-123", "new_password1": "Lang-ny-kode-2027", "new_password2": "Lang-ny-kode-2027"},
    )
    assert done.status_code == 302 and done["Location"] == "/account/password/done/"
    assert "Din adgangskode er skiftet" in client.get(done["Location"]).content.decode()
    assert client.get("/contacts/").status_code == 200  # still logged in
    staff_user.refresh_from_db()
    assert staff_user.check_password("Lang-ny-kode-2027")


def test_anonymous_is_sent_to_the_login():
    response = Client().get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
