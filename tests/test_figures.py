"""The meeting figures the manager pages read (partners/reporting/figures.py) and the meeting start kept on organisation links.

The day rows and organisation months are kept by PostgreSQL triggers and recounted on read; whatever is written,
and however, they must equal what grouping the meeting tables directly gives.
"""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partners.models import (
    Meeting,
    MeetingContact,
    MeetingFigure,
    MeetingFigureDirtyDay,
    MeetingOrganisation,
    Organisation,
    OrganisationMonthDirty,
    Theme,
)
from partners.models.figures import FigureDimension
from partners.models.meetings import MeetingKind
from partners.models.organisations import OrganisationKind
from partners.reporting import figures
from tests import factories

pytestmark = pytest.mark.django_db

FIRST = datetime.date(2025, 1, 1)
AFTER = datetime.date(2026, 1, 1)


def at(day: int, hour: int = 10) -> datetime.datetime:
    """Local time on day ``day`` of 2025 (0 = 1 January); hour 0 and 23 sit next to the UTC day boundary."""
    return timezone.make_aware(datetime.datetime.combine(FIRST + datetime.timedelta(days=day), datetime.time(hour)))


def assert_figures_match():
    for dimension in FigureDimension.values:
        for by in ("day", "month", None):
            assert figures.counts(dimension, FIRST, AFTER, by=by) == figures.direct_counts(
                dimension, FIRST, AFTER, by=by
            ), (dimension, by)
    for start, end in ((FIRST, AFTER), (datetime.date(2025, 3, 1), datetime.date(2025, 4, 1))):
        direct = (
            MeetingOrganisation.objects.filter(
                meeting__starts_at__gte=figures._aware(start), meeting__starts_at__lt=figures._aware(end)
            )
            .values("organisation_id")
            .distinct()
            .count()
        )
        assert figures.organisations_met(start, end) == direct
    links = MeetingOrganisation.objects.select_related("meeting")
    assert all(link.starts_at == link.meeting.starts_at for link in links), "a link lost its meeting's start"


@pytest.fixture
def world():
    organisations = [
        factories.HousingOrganisationFactory(),
        factories.HousingOrganisationFactory(),
        factories.AdministrationFactory(),
        factories.NationalPartnerFactory(),
    ]
    themes = [factories.ThemeFactory(), factories.ThemeFactory()]
    areas = [factories.AreaFactory()]
    staff = [factories.UserFactory(), factories.UserFactory()]
    return {"organisations": organisations, "themes": themes, "areas": areas, "staff": staff}


def test_the_figures_follow_ordinary_writes(world):
    housing, other_housing, administration, _national = world["organisations"]
    theme = world["themes"][0]
    meeting = factories.MeetingFactory(starts_at=at(40), kind=MeetingKind.PHONE)
    meeting.organisations.set([housing, other_housing, administration])
    meeting.themes.add(theme)
    meeting.staff.add(world["staff"][0])
    assert_figures_match()
    kinds = figures.totals_by_key(figures.counts(FigureDimension.PARTNER_KIND, FIRST, AFTER))
    assert kinds == {OrganisationKind.HOUSING_ORGANISATION: 1, OrganisationKind.ADMINISTRATION: 1}  # one meeting
    assert figures.organisations_met(FIRST, AFTER) == 3

    meeting.starts_at = at(100)  # moved to another month
    meeting.kind = MeetingKind.MEETING
    meeting.save()
    assert MeetingOrganisation.objects.filter(meeting=meeting, starts_at=at(100)).count() == 3
    assert figures.counts(FigureDimension.KIND, FIRST, AFTER, by="month") == {
        (datetime.date(2025, 4, 1), MeetingKind.MEETING): 1
    }
    assert_figures_match()

    meeting.organisations.remove(other_housing)
    Organisation.objects.filter(pk=administration.pk).update(kind=OrganisationKind.NATIONAL_PARTNER)
    assert_figures_match()
    theme.delete()  # its links go with it
    assert_figures_match()
    meeting.delete()
    assert_figures_match()
    assert figures.counts(FigureDimension.KIND, FIRST, AFTER) == {}
    assert figures.organisations_met(FIRST, AFTER) == 0


def test_the_figures_follow_bulk_and_raw_writes(world):
    """Writes that no Django signal sees: bulk_create, QuerySet.update and plain SQL."""
    housing, _other, administration, national = world["organisations"]
    meetings = Meeting.objects.bulk_create(
        [Meeting(starts_at=at(day, hour), subject=f"M{day}") for day in (3, 4, 200) for hour in (0, 23)]
    )
    MeetingOrganisation.objects.bulk_create(
        [MeetingOrganisation(meeting=meeting, organisation=housing) for meeting in meetings]
    )
    assert_figures_match()
    Meeting.objects.filter(pk__in=[m.pk for m in meetings[:2]]).update(starts_at=at(300))
    assert_figures_match()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {MeetingOrganisation._meta.db_table} (meeting_id, organisation_id) VALUES (%s, %s), (%s, %s)",
            [meetings[2].pk, national.pk, meetings[3].pk, administration.pk],
        )
        cursor.execute(f"UPDATE {Meeting._meta.db_table} SET kind = 'email' WHERE id = %s", [meetings[4].pk])
    assert_figures_match()


def test_truncate_starts_the_figures_over(world):
    meeting = factories.MeetingFactory(starts_at=at(10))
    meeting.themes.set(world["themes"])
    assert_figures_match()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses while deferred checks are pending
        cursor.execute(f"TRUNCATE {Meeting.themes.through._meta.db_table}")
    assert figures.counts(FigureDimension.THEME, FIRST, AFTER) == {}
    assert_figures_match()


operations = st.lists(
    st.tuples(
        st.sampled_from(["create", "move", "kind", "organisations", "themes", "staff", "delete", "partner_kind"]),
        st.integers(0, 364),  # a day of 2025
        st.sampled_from([0, 10, 23]),  # an hour: around midnight both ways
        st.lists(st.integers(0, 3), max_size=4),  # which organisations / themes / staff
        st.sampled_from(MeetingKind.values),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=operations)
def test_any_sequence_of_writes_keeps_the_figures_exact(world, steps):
    """Property: after any sequence of meeting writes, the maintained figures equal the directly grouped ones."""
    with transaction.atomic():
        organisations = world["organisations"]
        themes, staff = world["themes"], world["staff"]
        for operation, day, hour, picks, kind in steps:
            meeting = Meeting.objects.order_by("?").first()
            if operation == "create" or meeting is None:
                meeting = Meeting.objects.create(starts_at=at(day, hour), subject="m", kind=kind)
                meeting.organisations.set({organisations[i] for i in picks})
            elif operation == "move":
                meeting.starts_at = at(day, hour)
                meeting.save()
            elif operation == "kind":
                meeting.kind = kind
                meeting.save()
            elif operation == "organisations":
                meeting.organisations.set({organisations[i] for i in picks})
            elif operation == "themes":
                meeting.themes.set({themes[i % len(themes)] for i in picks})
            elif operation == "staff":
                meeting.staff.set({staff[i % len(staff)] for i in picks})
            elif operation == "delete":
                meeting.delete()
            else:  # an organisation without a parent changes kind (a kind that needs no parent)
                organisation = organisations[3 if picks and picks[0] % 2 else 0]
                kinds = [OrganisationKind.HOUSING_ORGANISATION, OrganisationKind.NATIONAL_PARTNER]
                Organisation.objects.filter(pk=organisation.pk).update(kind=kinds[day % 2])
            if day % 3 == 0:  # now and then a read in between, which recounts and takes the notes
                figures.counts(FigureDimension.KIND, FIRST, AFTER)
        assert_figures_match()
        transaction.set_rollback(True)


def test_a_read_recounts_only_what_was_noted_and_then_writes_nothing(world):
    meeting = factories.MeetingFactory(starts_at=at(5))
    meeting.organisations.add(world["organisations"][0])
    assert figures.refresh(FIRST, AFTER, organisations=True) > 0
    assert not MeetingFigureDirtyDay.objects.exists()
    with CaptureQueriesContext(connection) as quiet:
        assert figures.refresh(FIRST, AFTER, organisations=True) == 0
    assert len(quiet) == 2  # one look at each notes table
    assert all(query["sql"].lstrip().upper().startswith("SELECT") for query in quiet.captured_queries)


def test_recounting_costs_the_same_queries_for_one_day_or_many(world):
    def recount_queries(days: int) -> int:
        for day in range(days):
            factories.MeetingFactory(starts_at=at(day * 9)).organisations.add(world["organisations"][day % 4])
        with CaptureQueriesContext(connection) as captured:
            figures.refresh(FIRST, AFTER, organisations=True)
        return len(captured)

    assert recount_queries(1) == recount_queries(30)
    assert_figures_match()


@pytest.mark.django_db(transaction=True)
def test_a_read_never_waits_for_a_writer_and_loses_nothing():
    """A write still running keeps its notes; the read does not block on it, and the next read counts it."""
    organisation = factories.HousingOrganisationFactory()
    written, release, done = threading.Event(), threading.Event(), threading.Event()
    errors = []

    def writer():
        try:
            with transaction.atomic():
                meeting = Meeting.objects.create(starts_at=at(20), subject="i gang")
                meeting.organisations.add(organisation)
                written.set()
                release.wait(10)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()
            done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    assert written.wait(10)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = '5s'")
            assert figures.counts(FigureDimension.KIND, FIRST, AFTER) == {}  # uncommitted: not visible, not waited for
            assert figures.organisations_met(FIRST, AFTER) == 0
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
        release.set()
        thread.join(10)
    assert done.is_set() and not errors
    assert figures.counts(FigureDimension.KIND, FIRST, AFTER) == {(None, MeetingKind.MEETING): 1}
    assert figures.organisations_met(FIRST, AFTER) == 1
    assert_figures_match()


def test_the_link_keeps_its_meetings_start_on_every_path(world):
    housing = world["organisations"][0]
    meeting = factories.MeetingFactory(starts_at=at(1))
    meeting.organisations.add(housing)
    link = MeetingOrganisation.objects.get(meeting=meeting)
    assert link.starts_at == at(1)
    assert str(link) == str(housing)  # the admin's inline rows are named by what they link
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=at(2))
    link.refresh_from_db()
    assert link.starts_at == at(2)
    MeetingOrganisation.objects.filter(pk=link.pk).update(starts_at=at(300))  # a wrong copy is not accepted
    link.refresh_from_db()
    assert link.starts_at == at(2)
    contact = factories.ContactFactory()
    meeting.contacts.add(contact)
    meeting.starts_at = at(3)
    meeting.save()
    assert MeetingContact.objects.get(meeting=meeting, contact=contact).starts_at == at(3)
    assert Theme.objects.count() == 2  # the world is intact


def test_a_meeting_saved_through_the_orm_is_recounted_as_it_commits(world, django_capture_on_commit_callbacks):
    """The forms and the admin save through the ORM: their writes recount at commit, so readers find no notes."""
    housing, theme = world["organisations"][0], world["themes"][0]

    def day_rows(day: int) -> dict:
        rows = MeetingFigure.objects.filter(day=FIRST + datetime.timedelta(days=day))
        return {(row.dimension, row.key): row.count for row in rows}

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        meeting = Meeting.objects.create(starts_at=at(30), subject="Logget i formularen")
        meeting.organisations.add(housing)
        meeting.themes.add(theme)
    assert not MeetingFigureDirtyDay.objects.exists() and not OrganisationMonthDirty.objects.exists()
    assert day_rows(30) == {
        (FigureDimension.KIND, MeetingKind.MEETING): 1,
        (FigureDimension.PARTNER_KIND, OrganisationKind.HOUSING_ORGANISATION): 1,
        (FigureDimension.THEME, str(theme.pk)): 1,
    }
    with django_capture_on_commit_callbacks(execute=True):
        meeting.starts_at = at(200)
        meeting.save()
    assert not MeetingFigureDirtyDay.objects.exists()
    assert day_rows(30) == {} and len(day_rows(200)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        meeting.delete()
    assert not MeetingFigureDirtyDay.objects.exists() and day_rows(200) == {}
    assert_figures_match()
