import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Q

from partners.models import (
    Affiliation,
    Area,
    Case,
    CaseDeadline,
    CaseEvent,
    CaseStakeholder,
    Collaboration,
    Contact,
    Event,
    FollowUp,
    Invitation,
    Meeting,
    MeetingContact,
    MeetingFigureDirtyDay,
    MeetingOrganisation,
    Organisation,
    OrganisationKind,
    OrganisationMonthDirty,
)
from partners.models.figures import FigureDimension
from partners.models.organisations import ALLOWED_PARENT_KINDS, PARENT_REQUIRED
from partners.reporting import figures
from partners.seed.datagen import cvr_check_digit, generate
from partners.validators import cvr_is_valid

pytestmark = pytest.mark.django_db

SCALE = {"organisations": 200, "contacts": 500, "meetings": 2000, "invitations": 300, "cases": 40}


def _run(**overrides) -> str:
    out = StringIO()
    call_command("generate_data", *[f"--{k}={v}" for k, v in {**SCALE, **overrides}.items()], stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "contacts": Contact.objects.count(),
        "meetings": Meeting.objects.count(),
        "invitations": Invitation.objects.count(),
        "cases": Case.objects.count(),
    }


def test_generates_the_requested_counts():
    output = _run()

    assert _counts() == SCALE
    assert "partners_meeting " in output and "Skrev" in output
    for kind in OrganisationKind.values:
        assert Organisation.objects.filter(kind=kind).exists(), kind
    assert Affiliation.objects.count() >= SCALE["contacts"]
    assert FollowUp.objects.exists() and Event.objects.exists()
    assert Collaboration.objects.exists() and Area.objects.exists()


def _schema() -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'partners_%%'")
        indexes = set(cursor.fetchall())
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text LIKE 'partners_%%'"
        )
        return indexes | set(cursor.fetchall())


# suspend_min_rows=0: also at this small scale, drop the bulk tables' indexes and constraints and rebuild them.
@pytest.mark.parametrize("suspend_min_rows", [0, 20_000])
def test_generated_rows_satisfy_the_constraints(suspend_min_rows):
    schema = _schema()
    messages = []
    generate(**SCALE, suspend_min_rows=suspend_min_rows, log=messages.append)
    assert any("sat ud af kraft" in m for m in messages) == (suspend_min_rows == 0)  # indexes suspended
    # Foreign keys are deferred: check them now rather than at a commit the test never reaches.
    connection.check_constraints()
    assert _schema() == schema

    for org in Organisation.objects.select_related("parent").order_by("?")[:150]:
        org.full_clean()
    for model in (Contact, Affiliation, Meeting, FollowUp, Invitation, Area, Collaboration, Case, CaseDeadline,
                  CaseEvent, CaseStakeholder):  # fmt: skip
        for obj in model.objects.order_by("?")[:100]:
            obj.full_clean()
    # Every case has partners placed, and meetings about it for most; a stakeholder is one party.
    assert not Case.objects.filter(stakeholders=None).exists()
    assert Meeting.cases.through.objects.values("case").distinct().count() > SCALE["cases"] // 2
    assert CaseStakeholder.objects.filter(contact__isnull=False).exists()

    for org in Organisation.objects.exclude(parent=None).select_related("parent"):
        assert org.parent.kind in ALLOWED_PARENT_KINDS[org.kind], org
    assert not Organisation.objects.filter(parent=None, kind__in=PARENT_REQUIRED).exists()
    cvrs = list(Organisation.objects.exclude(cvr=None).values_list("cvr", flat=True))
    assert cvrs and all(cvr_is_valid(cvr) for cvr in cvrs)
    assert len(cvrs) == len(set(cvrs))
    codes = list(Organisation.objects.exclude(municipality_code=None).values_list("municipality_code", flat=True))
    assert codes and len(codes) == len(set(codes))

    emails = list(Contact.objects.values_list("email", flat=True))
    assert all(email == email.lower() for email in emails)
    assert len(emails) == len(set(emails))
    assert not Contact.objects.annotate(
        current_primaries=Count("affiliations", filter=Q(affiliations__is_primary=True, affiliations__end_date=None))
    ).filter(current_primaries__gt=1)
    assert not Affiliation.objects.filter(end_date__lt=F("start_date")).exists()
    per_contact = Contact.objects.annotate(n=Count("affiliations")).values_list("n", flat=True)
    assert set(per_contact) <= {1, 2}

    assert not Invitation.objects.filter(contact__do_not_contact=True).exists()
    pairs = Invitation.objects.values("event", "contact").annotate(n=Count("id")).filter(n__gt=1)
    assert not pairs.exists()

    meetings = Meeting.objects.annotate(
        orgs=Count("organisations", distinct=True), people=Count("contacts", distinct=True)
    )
    assert not meetings.filter(Q(orgs=0) | Q(orgs__gt=3) | Q(people=0) | Q(people__gt=3)).exists()
    assert not Meeting.objects.filter(staff=None).exists()
    assert FollowUp.objects.overdue().exists()
    assert FollowUp.objects.filter(done_at__isnull=False).exists()

    # The COPY'd links carry their meeting's start, and the manager figures were counted by the load itself.
    for link in (MeetingOrganisation, MeetingContact):
        assert not link.objects.exclude(starts_at=F("meeting__starts_at")).exists(), link
    assert not MeetingFigureDirtyDay.objects.exists() and not OrganisationMonthDirty.objects.exists()
    first, end = datetime.date(2000, 1, 1), datetime.date(2100, 1, 1)
    for dimension in FigureDimension.values:
        assert figures.counts(dimension, first, end, by="month") == figures.direct_counts(
            dimension, first, end, by="month"
        ), dimension


def test_running_twice_adds_again():
    _run()
    _run()

    assert _counts() == {name: 2 * value for name, value in SCALE.items()}
    emails = list(Contact.objects.values_list("email", flat=True))
    assert len(emails) == len({e.lower() for e in emails})
    cvrs = list(Organisation.objects.exclude(cvr=None).values_list("cvr", flat=True))
    assert len(cvrs) == len(set(cvrs))


def test_adds_next_to_the_demo_world():
    call_command("load_demo", stdout=StringIO())
    before = _counts()

    _run()

    assert _counts() == {name: before[name] + value for name, value in SCALE.items()}
    codes = list(Organisation.objects.exclude(municipality_code=None).values_list("municipality_code", flat=True))
    assert "751" in codes and len(codes) == len(set(codes))
    # The demo's records keep their natural keys to themselves.
    call_command("load_demo", stdout=StringIO())
    assert _counts() == {name: before[name] + value for name, value in SCALE.items()}


def test_cvr_check_digit_gives_valid_numbers():
    assert cvr_check_digit("5513301") == 8  # Aarhus Kommune, 55133018
    for head in ("1234567", "9876543", "2000000"):
        digit = cvr_check_digit(head)
        assert digit is None or cvr_is_valid(f"{head}{digit}")


def test_nothing_to_do_is_an_error():
    with pytest.raises(CommandError):
        call_command("generate_data", stdout=StringIO())
