from datetime import date, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from partners import roles
from partners.models import (
    Affiliation,
    Collaboration,
    Contact,
    Event,
    FollowUp,
    Invitation,
    Meeting,
    Organisation,
    OrganisationKind,
)
from partners.models.collaborations import CollaborationKind, CollaborationStatus, PartnerRole
from partners.models.events import EventKind, InvitationStatus
from partners.models.meetings import MeetingKind
from partners.seed import demo

pytestmark = pytest.mark.django_db


def _load(**options) -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def _counts() -> dict[str, int]:
    """Rows of every table, history and many-to-many tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
    }


def _fingerprint() -> dict[str, list[tuple]]:
    """Every column of every row (timestamps and password hashes included) of the demo's tables."""
    labels = {"auth.user", "auth.user_groups"}
    result = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if not model._meta.managed or (model._meta.app_label != "partners" and label not in labels):
            continue
        columns = [f.attname for f in model._meta.concrete_fields]
        result[label] = sorted(model._default_manager.values_list(*columns), key=repr)
    return result


def test_load_demo_builds_the_aarhus_world():
    output = _load()
    reference = demo.reference_date()
    assert "Oprettet:" in output

    aarhus = Organisation.objects.get(name="Aarhus Kommune", kind=OrganisationKind.MUNICIPALITY)
    assert (aarhus.cvr, aarhus.municipality_code) == ("55133018", "751")
    # No invented CVR numbers for real organisations.
    assert list(Organisation.objects.exclude(cvr=None).values_list("cvr", flat=True)) == ["55133018"]
    administrations = set(aarhus.children.values_list("name", flat=True))
    assert {"Borgmesterens Afdeling", "Sociale Forhold og Beskæftigelse", "Børn og Unge", "Teknik og Miljø"} <= (
        administrations
    )
    jobcenter = Organisation.objects.get(name="Jobcenter Aarhus")
    assert jobcenter.parent.name == "Sociale Forhold og Beskæftigelse"
    for housing in Organisation.objects.filter(kind=OrganisationKind.HOUSING_ORGANISATION):
        assert 1 <= housing.children.filter(kind=OrganisationKind.ESTATE).count() <= 4, housing
    for kind in OrganisationKind.values:
        assert Organisation.objects.filter(kind=kind).exists(), kind
    assert Organisation.objects.filter(is_key_partner=True).count() >= 8
    assert not Organisation.objects.filter(owner=None).exists()

    assert Contact.objects.count() >= 60
    assert not Contact.objects.exclude(email__endswith=".example.dk").exists()
    assert Contact.objects.filter(do_not_contact=True).exists()
    changed_jobs = [
        contact
        for contact in Contact.objects.filter(affiliations__end_date__isnull=False).distinct()
        if contact.affiliations.filter(end_date=None, is_primary=True).exists()
    ]
    assert len(changed_jobs) >= 8
    assert not Contact.objects.filter(affiliations=None).exists()

    assert Collaboration.objects.count() >= 8
    assert set(Collaboration.objects.values_list("status", flat=True)) == set(CollaborationStatus.values)
    kl_bl = Collaboration.objects.get(kind=CollaborationKind.PARTNERSHIP, title__contains="KL og BL")
    assert kl_bl.start_date.year == 2013
    assert "2013" in kl_bl.description
    assert set(kl_bl.memberships.filter(role=PartnerRole.LEAD).values_list("organisation__name", flat=True)) == {
        demo.KL,
        demo.BL,
    }
    assert {"Sundhed", "Beskæftigelse"} <= set(kl_bl.themes.values_list("name", flat=True))
    masterplans = Collaboration.objects.filter(kind=CollaborationKind.MASTERPLAN)
    assert masterplans.count() >= 4
    for plan in masterplans:
        roles_by_org = dict(plan.memberships.values_list("organisation__name", "role"))
        assert roles_by_org["Landsbyggefonden"] == PartnerRole.FUNDER
        assert roles_by_org["Aarhus Kommune"] == PartnerRole.PARTNER
        lead = plan.memberships.get(role=PartnerRole.LEAD).organisation
        assert lead.kind == OrganisationKind.HOUSING_ORGANISATION
        assert plan.areas.exists()

    window = Meeting.objects.filter(
        starts_at__date__gte=reference - timedelta(days=3 * 365), starts_at__date__lte=reference
    )
    assert window.count() >= 150
    assert set(Meeting.objects.values_list("kind", flat=True)) == set(MeetingKind.values)
    assert window.filter(starts_at__date__lt=reference - timedelta(days=2 * 365)).count() >= 30
    assert window.exclude(minutes="").count() >= 100
    assert Meeting.objects.filter(collaborations__isnull=False).distinct().count() >= 50
    for relation in ("organisations", "contacts", "staff", "areas", "themes"):
        assert Meeting.objects.filter(**{f"{relation}__isnull": False}).exists(), relation
    assert FollowUp.objects.filter(done_at__isnull=False).exists()
    assert FollowUp.objects.open().filter(due_date__gte=reference).exists()
    assert FollowUp.objects.overdue(today=reference).exists()

    events = Event.objects.filter(kind=EventKind.NEW_YEAR_RECEPTION, name__startswith="Nytårskur")
    assert events.count() == 3
    for event in events:
        assert event.starts_at.month == 1
        assert event.invitations.count() >= 20
    statuses = set(Invitation.objects.filter(event__in=events).values_list("status", flat=True))
    assert statuses == set(InvitationStatus.values)
    assert not Invitation.objects.filter(contact__do_not_contact=True).exists()
    for invitation in Invitation.objects.select_related("contact", "organisation"):
        primary = Affiliation.objects.get(contact=invitation.contact, end_date=None, is_primary=True)
        assert invitation.organisation_id == primary.organisation_id


def test_demo_users_have_their_roles_and_log_in(client):
    _load()
    User = get_user_model()
    assert set(User.objects.get(username="sekretariat").groups.values_list("name", flat=True)) == {roles.SECRETARIAT}
    assert set(User.objects.get(username="ledelse").groups.values_list("name", flat=True)) == {roles.MANAGEMENT}
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    for username, password in [
        ("sekretariat", "sekretariat-demo"),
        ("ledelse", "ledelse-demo"),
        ("admin", "admin-demo"),
    ]:
        assert client.login(username=username, password=password), username
        client.logout()


def test_second_run_changes_nothing():
    _load()
    counts, fingerprint = _counts(), _fingerprint()

    output = _load()

    assert "intet blev ændret" in output
    assert _counts() == counts
    assert _fingerprint() == fingerprint


def test_a_later_run_keeps_the_first_loads_dates():
    """The demo remembers the day it was first laid out, so loading again another day adds no meetings."""
    _load(reference_date=date(2025, 3, 10))
    counts, fingerprint = _counts(), _fingerprint()

    assert demo.reference_date() == date(2025, 3, 10)
    _load()

    assert _counts() == counts
    assert _fingerprint() == fingerprint
    assert set(Event.objects.values_list("name", flat=True)) == {"Nytårskur 2024", "Nytårskur 2025", "Nytårskur 2026"}


def test_plan_is_deterministic_and_self_consistent():
    reference = date(2026, 6, 1)
    first, second = demo.build_plan(reference), demo.build_plan(reference)
    assert first == second
    keys = [(m.subject, m.starts_at) for m in first.meetings]
    assert len(keys) == len(set(keys))
    emails = [c.email for c in first.contacts]
    assert len(emails) == len({e.lower() for e in emails})
    for contact in first.contacts:
        organisations = [a.organisation for a in contact.affiliations]
        assert len(organisations) == len(set(organisations))
        assert sum(1 for a in contact.affiliations if a.primary and a.end is None) == 1


def test_every_demo_record_passes_model_validation():
    _load()
    for model in (Organisation, Contact, Affiliation, Collaboration, Meeting, FollowUp, Event, Invitation):
        for obj in model.objects.all()[:200]:
            obj.full_clean()


def _week_end(day: date) -> date:
    return day + timedelta(days=6 - day.weekday())


def test_the_demo_looks_lived_in_on_the_day_it_is_loaded():
    """A few recent overdue follow-ups, work due today and this week, meetings up to the last days, the next
    nytårskur in preparation and the last one complete: not a register left alone since years."""
    _load()
    today, now = timezone.localdate(), timezone.now()
    assert demo.reference_date() == today
    secretariat = get_user_model().objects.get(username="sekretariat")
    theirs = FollowUp.objects.filter(owner=secretariat)

    overdue = theirs.overdue(today=today)
    assert 1 <= overdue.count() <= 8, list(overdue.values_list("due_date", flat=True))
    assert not FollowUp.objects.overdue(today=today - timedelta(days=60)).exists()  # nobody's overdue for months
    assert theirs.open().filter(due_date=today).exists()
    assert theirs.open().filter(due_date__range=(today, _week_end(today))).exists()

    past = FollowUp.objects.filter(due_date__lt=today)
    done = past.exclude(done_at=None)
    assert past.count() >= 50 and done.count() >= 0.9 * past.count()
    for follow_up in done:  # done on the due date or a few days after it, never in the future
        done_day = timezone.localtime(follow_up.done_at).date()
        assert done_day < today and -1 <= (done_day - follow_up.due_date).days <= 5, follow_up

    held = Meeting.objects.filter(starts_at__lt=now)
    assert timezone.localtime(held.latest("starts_at").starts_at).date() >= today - timedelta(days=14)
    assert held.filter(starts_at__gte=now - timedelta(days=21)).count() >= 5
    planned = Meeting.objects.filter(starts_at__gte=now, starts_at__lte=now + timedelta(days=42))
    assert 3 <= planned.count() <= 12
    assert not Meeting.objects.filter(starts_at__gt=now + timedelta(days=42)).exists()

    receptions = Event.objects.filter(kind=EventKind.NEW_YEAR_RECEPTION).order_by("starts_at")
    coming = receptions.filter(starts_at__date__gte=today)
    assert coming.count() == 1
    coming = coming.get()
    assert coming.starts_at.month == 1 and (coming.starts_at.date() - today).days <= 366
    coming_statuses = set(coming.invitations.values_list("status", flat=True))
    assert {InvitationStatus.DRAFT, InvitationStatus.INVITED} <= coming_statuses
    assert not coming_statuses & {InvitationStatus.ATTENDED, InvitationStatus.NO_SHOW}
    last = receptions.filter(starts_at__date__lt=today).last()
    assert last.starts_at.year == coming.starts_at.year - 1
    last_statuses = set(last.invitations.values_list("status", flat=True))
    assert {InvitationStatus.INVITED, InvitationStatus.DECLINED, InvitationStatus.ATTENDED} <= last_statuses
    assert InvitationStatus.NO_SHOW in last_statuses
    assert not last_statuses & {InvitationStatus.DRAFT, InvitationStatus.ACCEPTED}  # every answer and attendance kept


# Every other day of two years (so each weekday, the days around Christmas and the nytårskur of 7 January 2027, and the
# leap day 2028-02-29), and the two days next to the nytårskur and Christmas Eve.
PLAN_DAYS = [date(2027, 1, 1) + timedelta(days=n) for n in range(0, 2 * 366, 2)]
PLAN_DAYS += [date(2026, 12, 24), date(2027, 1, 6), date(2027, 1, 8)]


def test_the_plan_is_lived_in_whatever_the_day_it_is_laid_out_around():
    for reference in PLAN_DAYS:
        _assert_lived_in(demo.build_plan(reference))


def _assert_lived_in(plan: demo.DemoPlan) -> None:
    reference = plan.reference
    follow_ups = [f for m in plan.meetings for f in m.follow_ups]
    overdue = [f for f in follow_ups if f.done_at is None and f.due < reference]
    theirs = [f for f in overdue if f.owner == "sekretariat"]
    assert 1 <= len(theirs) <= 8 and len(overdue) <= 12, reference
    assert all((reference - f.due).days <= 60 for f in overdue), reference
    this_week = [
        f
        for f in follow_ups
        if f.owner == "sekretariat" and f.done_at is None and reference <= f.due <= _week_end(reference)
    ]
    assert this_week, reference
    past = [f for f in follow_ups if f.due < reference]
    assert sum(f.done_at is not None for f in past) >= 0.9 * len(past), reference
    assert all(f.done_at is None or f.done_at.date() < reference for f in follow_ups), reference
    held = [m.starts_at.date() for m in plan.meetings if m.starts_at.date() < reference]
    assert max(held) >= reference - timedelta(days=14), reference
    coming = [e for e in plan.events if e.starts_at.date() >= reference]
    assert len(coming) == 1 and (coming[0].starts_at.date() - reference).days <= 366, reference
    statuses = {i.status for i in coming[0].invitations}
    assert {InvitationStatus.DRAFT, InvitationStatus.INVITED} <= statuses, reference
    assert all(i.invited_at is None or i.invited_at.date() < reference for i in coming[0].invitations), reference
