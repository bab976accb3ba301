"""The page crawl (``tests/crawl.py``) on the test database loaded with the demo world, on the suite's PostgreSQL."""

import pytest
from django.contrib import messages
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import Client

from partners.models import (
    CollaborationReview,
    Event,
    FollowUp,
    ImportBatch,
    Invitation,
    Organisation,
    TablePreference,
    Tag,
)
from tests import crawl

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo world, loaded once for the module in a transaction rolled back after it (each test in a savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


def test_the_crawl_fills_every_pattern_with_real_objects(demo_world):
    missing: list[str] = []
    pages = crawl.pages(missing=missing)
    # Only the tables the demo leaves empty (no import, review, saved column choice, access request, erasure or export
    # yet; no login attempt, as the tests run without throttling) have no real id.
    assert not ImportBatch.objects.exists() and not CollaborationReview.objects.exists()
    assert not TablePreference.objects.exists()
    empty = (
        "tablepreference",
        "importbatch",
        "collaborationreview",
        "personaldataexport",
        "erasedperson",
        "exportrecord",
        "axes_access",
    )
    assert all(
        name in {"admin:", "import_batch", "import_rest"} or any(model in name for model in empty) for name in missing
    ), [name for name in missing if not any(model in name for model in empty)]
    names = {page.name for page in pages}
    assert {"home", "organisation_detail", "invitation_edit", "admin:partners_contact_change"} <= names
    sources = {page.path for page in pages if page.name == "autocomplete"}
    assert "/autocomplete/organisations/" in sources and len(sources) > 3
    # Real ids: a detail page of the crawl shows that object.
    detail = next(page for page in pages if page.name == "organisation_detail")
    assert Client().get(detail.path).status_code == 302  # anonymous: to the login
    # The pages that show more with a query: the merge confirmations, the invitee preview with its Add button.
    queried = {page.name for page in pages if "?" in page.path}
    assert queried == {"tag_merge", "theme_merge", "organisation_merge", "contact_merge", "event_invite"}


def test_the_crawl_reports_a_server_error(demo_world, monkeypatch):
    """The check cannot pass by accident: a view that fails is named with its error."""
    from partners.views import home

    def broken(self, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(home.HomeView, "get_context_data", broken)
    problems = crawl.crawl(crawl.role_clients(), [crawl.Page("home", "/")], post=False)
    assert len(problems) == 3  # every logged-in role; the anonymous one is sent to the login
    assert all("500 (RuntimeError: boom)" in problem for problem in problems)


def test_the_crawl_reports_template_syntax_and_english_on_a_page(demo_world, monkeypatch):
    from partners.views import home

    page = '<html lang="da"><body><p>{# en kommentar #}</p><button>Save</button><p>Gem</p></body></html>'
    monkeypatch.setattr(home.HomeView, "get", lambda self, request: HttpResponse(page))
    problems = crawl.crawl(crawl.role_clients(), [crawl.Page("home", "/")], post=False)
    assert len(problems) == 6, problems  # both, for every logged-in role
    assert sum("template syntax in <p> text: …{# en kommentar #}…" in problem for problem in problems) == 3
    assert sum("English in text 'Save'" in problem for problem in problems) == 3


def test_the_crawl_posts_the_forms_and_judges_the_page_it_lands_on(demo_world, monkeypatch):
    """A follow-up's Færdig on the start page is sent; an English flashed message on the page it lands on is named
    with the POST that led there, and the database is as it was."""
    from partners.views import meetings

    def english_message(request, text, *args, **kwargs):
        messages.add_message(request, messages.SUCCESS, "1 follow-ups were marked done")

    monkeypatch.setattr(meetings.messages, "success", english_message)
    open_before = FollowUp.objects.filter(done_at__isnull=True).count()
    sent: set = set()
    clients = crawl.role_clients()
    problems = crawl.crawl({crawl.SECRETARIAT: clients[crawl.SECRETARIAT]}, [crawl.Page("home", "/")], sent=sent)
    assert ("followup_done", "rendered", crawl.SECRETARIAT) in sent
    assert len(problems) == 1, problems
    assert "after POST /follow-ups/" in problems[0] and "/done/ (rendered) from /" in problems[0]
    assert "English in text '1 follow-ups were marked done'" in problems[0]
    assert FollowUp.objects.filter(done_at__isnull=True).count() == open_before  # rolled back


def test_every_page_and_form_answers_every_role_in_danish(demo_world):
    """Every page as every role, and every form they show sent: no server error, no template syntax, no English."""
    pages = crawl.pages()
    before = _state()
    sent: set = set()
    problems = crawl.crawl(crawl.role_clients(), pages, sent=sent)
    assert not problems, f"{len(problems)} problems in {len(pages) * len(crawl.ROLES)} fetches:\n" + "\n".join(problems)
    # The POSTs reached the app's actions, as the roles that may (and were rolled back).
    actions = {name for name, _way, _role in sent}
    assert {"followup_done", "event_invitation_status", "event_invite", "event_checkin", "tag_quick_add",
            "tag_merge", "tag_retire", "import_start", "organisation_add", "meeting_edit", "login",
            "admin:partners_organisation_change"} <= actions, sorted(actions)  # fmt: skip
    assert ("event_invitation_status", "ticked", "") in sent  # the bulk status change with rows chosen
    assert {
        ("followup_done", "rendered", crawl.MANAGEMENT),
        ("collaboration_review", "rendered", crawl.MANAGEMENT),
    } <= sent
    assert _state() == before


def _state() -> dict:
    return {
        "organisations": Organisation.objects.count(),
        "tags": sorted(Tag.objects.values_list("name", "is_active")),
        "open follow-ups": FollowUp.objects.filter(done_at__isnull=True).count(),
        "statuses": sorted(Invitation.objects.values_list("pk", "status")),
        "events": Event.objects.count(),
    }
