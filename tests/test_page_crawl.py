"""The page crawl (``tests/crawl.py``) on the test database loaded with the demo world, on the suite's PostgreSQL."""

import pytest
from django.core.management import call_command
from django.test import Client

from partners.models import CollaborationReview, ImportBatch, TablePreference
from tests import crawl

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world():
    call_command("load_demo", verbosity=0)


def test_the_crawl_fills_every_pattern_with_real_objects(demo_world):
    missing: list[str] = []
    pages = crawl.pages(missing=missing)
    # Only the tables the demo leaves empty (no import, review or saved column choice yet) have no real id.
    assert not ImportBatch.objects.exists() and not CollaborationReview.objects.exists()
    assert not TablePreference.objects.exists()
    empty = ("tablepreference", "importbatch", "collaborationreview")
    assert all(name in {"admin:", "import_batch"} or any(model in name for model in empty) for name in missing), missing
    names = {page.name for page in pages}
    assert {"home", "organisation_detail", "invitation_edit", "admin:partners_contact_change"} <= names
    sources = {page.path for page in pages if page.name == "autocomplete"}
    assert "/autocomplete/organisations/" in sources and len(sources) > 3
    # Real ids: a detail page of the crawl shows that object.
    detail = next(page for page in pages if page.name == "organisation_detail")
    assert Client().get(detail.path).status_code == 302  # anonymous: to the login


def test_the_crawl_reports_a_server_error(demo_world, monkeypatch):
    """The check cannot pass by accident: a view that fails is named with its error."""
    from partners.views import home

    def broken(self, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(home.HomeView, "get_context_data", broken)
    problems = crawl.crawl(crawl.role_clients(), [crawl.Page("home", "/")])
    assert len(problems) == 3  # every logged-in role; the anonymous one is sent to the login
    assert all("500 (RuntimeError: boom)" in problem for problem in problems)


def test_every_page_answers_every_role_without_a_server_error(demo_world):
    pages = crawl.pages()
    problems = crawl.crawl(crawl.role_clients(), pages)
    assert not problems, f"{len(problems)} of {len(pages) * len(crawl.ROLES)} fetches failed:\n" + "\n".join(problems)
