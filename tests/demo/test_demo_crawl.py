"""Every page of the demo, as every role, on the database `make demo` prepared: no response is a server error."""

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


def test_every_page_answers_every_role_without_a_server_error():
    pages = crawl.pages()
    problems = crawl.crawl(crawl.role_clients(), pages)
    assert not problems, f"{len(problems)} of {len(pages) * len(crawl.ROLES)} fetches failed:\n" + "\n".join(problems)
