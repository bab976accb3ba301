"""Every page of the demo, as every role, on the database `make demo` prepared: no server error, no template syntax
on screen, no English; every form the pages show is sent (each POST rolled back) and the page it lands on judged."""

import pytest
from django.conf import settings
from django.db import connection

from partners.models import Contact, Event, Meeting, Organisation
from tests import crawl

pytestmark = pytest.mark.django_db


def test_the_demo_runs_on_the_embedded_server():
    assert settings.DATABASES["default"]["ENGINE"] == "crm.embedded_db"
    with connection.cursor() as cursor:
        cursor.execute("SELECT inet_server_addr(), current_setting('server_version_num')::int")
        address, version = cursor.fetchone()
    assert address is None  # a Unix socket, no TCP port
    assert version >= 180000
    assert Organisation.objects.exists() and Contact.objects.exists() and Meeting.objects.exists()
    assert Event.objects.exists()


def test_every_page_and_form_answers_every_role_in_danish():
    pages = crawl.pages()
    sent: set = set()
    problems = crawl.crawl(crawl.role_clients(), pages, sent=sent)
    assert not problems, f"{len(problems)} problems in {len(pages) * len(crawl.ROLES)} fetches:\n" + "\n".join(problems)
    assert {"followup_done", "event_invitation_status", "tag_merge", "import_start"} <= {key[0] for key in sent}
