"""The database holds exactly the triggers and functions ``partners/reporting/triggers.py`` declares."""

import re

import pytest
from django.conf import settings
from django.db import connection

from partners.models import Meeting
from partners.reporting import figures, triggers
from tests import factories

pytestmark = pytest.mark.django_db


def _squash(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip()


def _database_triggers() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND c.relname LIKE 'partners%%'"
        )
        return dict(cursor.fetchall())


def _database_functions() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'public' AND p.proname LIKE 'partners%%' AND p.proname <> 'partners_fold'"  # fold: test_folding
        )
        return dict(cursor.fetchall())


def test_every_trigger_in_the_database_is_the_declared_one():
    declared = {trigger.name: trigger.definition() for trigger in triggers.triggers()}
    assert _database_triggers() == declared


def test_every_function_in_the_database_is_the_declared_one():
    declared = {name.split("(")[0]: _squash(body) for name, body in triggers.functions(settings.TIME_ZONE).items()}
    found = {name: _squash(body) for name, body in _database_functions().items()}
    assert found == declared


def test_the_check_sees_a_trigger_that_differs():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER partners_meeting_moved ON partners_meeting")
        cursor.execute(
            "CREATE TRIGGER partners_meeting_moved AFTER INSERT ON partners_meeting "
            "FOR EACH STATEMENT EXECUTE FUNCTION partners_figures_reset()"
        )
    declared = {trigger.name: trigger.definition() for trigger in triggers.triggers()}
    assert _database_triggers() != declared


def test_installing_again_changes_nothing_and_the_figures_stay_right():
    organisation = factories.HousingOrganisationFactory()
    meeting = factories.MeetingFactory()
    meeting.organisations.add(organisation)
    before = (_database_triggers(), _database_functions())
    with connection.cursor() as cursor:
        triggers.install(cursor.execute, settings.TIME_ZONE)
    assert (_database_triggers(), _database_functions()) == before
    link = Meeting.organisations.through.objects.get(meeting=meeting)
    assert link.starts_at == meeting.starts_at
    day = meeting.starts_at.date()
    found = figures.counts("kind", day, day.replace(year=day.year + 1))
    assert sum(found.values()) == 1
