"""The UI shell in a real browser: Danish login, the start page, the language switch."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_logs_in_in_danish_and_sees_the_start_page(page, login, screenshot, staff_user):
    factories.FollowUpFactory(owner=staff_user, text="Send referat til Brabrand Boligforening")

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "da")
    screenshot("login")

    login("medarbejder")
    expect(page.get_by_text("Send referat til Brabrand Boligforening")).to_be_visible()
    expect(page.get_by_role("navigation").first).to_contain_text("Organisationer")
    screenshot("start-page")


def test_language_switch_to_english(page, login, staff_user):
    login("medarbejder")
    page.get_by_role("button", name=re.compile("English")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation").first).to_contain_text("Organisations")


def test_wrong_password_gets_a_danish_message_and_no_session(page, staff_user):
    page.goto("/login/")
    page.get_by_label("Brugernavn").fill("medarbejder")
    page.get_by_label("Adgangskode").fill("forkert")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_text(re.compile("korrekt brugernavn og adgangskode"))).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/"))
