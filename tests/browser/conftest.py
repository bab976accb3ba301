"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server on PostgreSQL.

Screenshots land in test-artifacts/screenshots/ (kept by CI as artifacts, and for people to look at).
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in test set-up are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--lang=da-DK",  # date and time inputs as a Danish office's browser shows them (dd.mm.åååå), not mm/dd/yyyy
]
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make chromium` (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/screenshots/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(page):
    """Log in through the real login form."""

    def do_login(username: str, password: str = "test-pass-123") -> None:
        page.goto("/login/")
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode").fill(password)
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_url("**/")

    return do_login
