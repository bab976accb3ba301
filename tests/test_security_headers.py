"""The headers that keep a browser from running, framing, caching or granting what the register does not need, and
the markup that lets the Content-Security-Policy forbid inline script (issue 18)."""

import re
from pathlib import Path

import pytest
from django.test import Client

from partners.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_a_signed_in_page_has_the_policies_and_is_never_stored(staff_client):
    response = staff_client.get("/contacts/")

    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in policy
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_login_page_has_the_policy_too():
    response = Client().get("/login/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_no_template_has_inline_script_style_or_event_handlers():
    """The policy allows scripts and styles only from static files: an inline one would silently not run."""
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style\b", r"\son[a-z]+\s*=\s*[\"']"):
            found += [f"{path.relative_to(TEMPLATES)}: {match}" for match in re.findall(pattern, text)]
    assert not found, found


def test_a_javascript_website_is_shown_as_text_not_a_link(staff_client):
    organisation = factories.OrganisationFactory(name="Forening")
    Organisation.objects.filter(pk=organisation.pk).update(website="javascript:alert(document.cookie)")
    html = staff_client.get(organisation.get_absolute_url()).content.decode()
    assert "javascript:alert(document.cookie)" in html
    assert 'href="javascript:' not in html
    Organisation.objects.filter(pk=organisation.pk).update(website="https://forening.example.dk")
    html = staff_client.get(organisation.get_absolute_url()).content.decode()
    assert 'href="https://forening.example.dk"' in html
