"""The start page as the user's work queue: their follow-ups by urgency with "Færdig", the key partners they own that
nobody has met lately with "Registrér møde", the meetings they took part in or logged, and a constant query count."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners.models import FollowUp, Meeting, MeetingStaff, Organisation, OrganisationKind
from partners.roles import SECRETARIAT
from partners.selectors.dashboard import relationship_health
from tests import factories

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def meeting(subject: str = "Møde", *, days_ago: int = 1, organisations=(), staff=(), logged_by=None) -> Meeting:
    item = Meeting(subject=subject, starts_at=timezone.now() - datetime.timedelta(days=days_ago))
    if logged_by is not None:
        item._history_user = logged_by  # as the meeting form does through the history middleware
    item.save()
    item.organisations.set(organisations)
    item.staff.set(staff)
    return item


def follow_up(owner, text: str, *, due: int | None, created_days_ago: int = 30, done=False, on=None) -> FollowUp:
    row = FollowUp.objects.create(
        meeting=on or meeting(f"Møde om {text}"),
        owner=owner,
        text=text,
        due_date=days(due) if due is not None else None,
        done_at=timezone.now() if done else None,
    )
    # Most follow-ups were given a while ago; "created a moment ago" is the default of the model.
    FollowUp.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(days=created_days_ago))
    return row


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def group_texts(response) -> dict[str, list[str]]:
    return {group.key: [row.text for row in group.rows] for group in response.context["queue"].groups}


# --- follow-ups ------------------------------------------------------------------------------------------------------


@pytest.fixture
def queue_world(staff_user, manager_user):
    return {
        "old_overdue": follow_up(staff_user, "Send referat til afdelingsbestyrelsen", due=-20),
        "new_overdue": follow_up(staff_user, "Ring til formanden", due=-1),
        "today": follow_up(staff_user, "Book lokale til netværksmødet", due=0),
        "tomorrow": follow_up(staff_user, "Svar på høringen", due=1),
        "in_a_week": follow_up(staff_user, "Forbered budgetmødet", due=7),
        "later_new": follow_up(staff_user, "Nyt: skriv til KL", due=40, created_days_ago=0),
        "undated_new": follow_up(staff_user, "Nyt uden frist", due=None, created_days_ago=0),
        "later_old": follow_up(staff_user, "Årsskriftet", due=60),
        "undated_old": follow_up(staff_user, "Et tag-selv-punkt", due=None),
        "done": follow_up(staff_user, "Allerede klaret", due=-2, done=True),
        "theirs": follow_up(manager_user, "Lederens egen opgave", due=0),
    }


def test_follow_ups_are_grouped_by_urgency(staff_client, queue_world):
    response = staff_client.get("/")
    assert group_texts(response) == {
        "overdue": ["Ring til formanden", "Send referat til afdelingsbestyrelsen"],  # newest due date first
        "today": ["Book lokale til netværksmødet"],
        "week": ["Svar på høringen", "Forbered budgetmødet"],
        "new": ["Nyt uden frist", "Nyt: skriv til KL"],
    }
    queue = response.context["queue"]
    assert queue.open_count == 9
    assert queue.later_count == 2  # "Årsskriftet" and the old undated one: counted and linked, not listed
    page = html(response)
    assert "Lederens egen opgave" not in page and "Allerede klaret" not in page and "Årsskriftet" not in page
    assert "2 åbne opfølgninger mere med senere eller ingen frist" in page
    assert "9 åbne i alt" in page
    assert f'href="/follow-ups/?owner={queue_world["today"].owner_id}&amp;state=open&amp;sort=due_date"' in page


def test_the_page_is_danish_with_danish_dates_and_headings(staff_client, queue_world):
    page = html(staff_client.get("/"))
    assert '<html lang="da">' in page
    assert re.search(r"<h1[^>]*>[^<]*\bTest\s*</h1>", page), "the greeting names the user"
    for heading in ("Dine opfølgninger", "Overskredet", "Frist i dag", "Frist inden for 7 dage", "Dine seneste møder"):
        assert heading in page, heading
    assert days(-20).strftime("%d.%m.%Y") in page
    # The overdue rows are marked, and not by colour alone.
    assert page.count("follow-up-overdue") == 2
    assert "bi-exclamation-triangle-fill" in page


def test_every_follow_up_has_a_done_button_back_to_the_start_page_and_a_link_to_its_meeting(staff_client, queue_world):
    page = html(staff_client.get("/"))
    for key in ("old_overdue", "new_overdue", "today", "tomorrow", "in_a_week", "later_new", "undated_new"):
        row = queue_world[key]
        item = re.search(rf'<li [^>]*data-follow-up="{row.pk}".*?</li>', page, re.S).group(0)
        assert f'action="/follow-ups/{row.pk}/done/"' in item
        assert 'method="post"' in item and 'name="next" value="/"' in item and "csrfmiddlewaretoken" in item
        assert "Færdig" in item and f'aria-describedby="follow-up-{row.pk}-text"' in item
        assert f'href="{row.meeting.get_absolute_url()}"' in item
        assert f'href="{row.get_absolute_url()}"' in item
    assert page.count('aria-describedby="follow-up-') == 7  # each button names its follow-up to a screen reader


def test_done_from_the_start_page_returns_there_with_a_danish_message(staff_client, queue_world):
    row = queue_world["today"]
    response = staff_client.post(f"/follow-ups/{row.pk}/done/", {"next": "/"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    page = html(response)
    assert "Opfølgning markeret som udført: “Book lokale til netværksmødet”" in page
    assert "today" not in group_texts(response) or group_texts(response)["today"] == []
    assert f'data-follow-up="{row.pk}"' not in page


def test_a_follow_up_given_a_moment_ago_shows_whatever_its_due_date(staff_client, staff_user, manager_client):
    # Many old overdue ones do not push it off the page.
    for n in range(12):
        follow_up(staff_user, f"Gammel {n}", due=-30 - n)
    m = meeting("Møde med Alboa")
    for due in (None, 90, 3, 0, -1):
        manager_client.post(
            "/follow-ups/add/",
            {"meeting": m.pk, "text": f"Frisk {due}", "owner": staff_user.pk, "due_date": days(due) if due else ""},
        )
    assert FollowUp.objects.filter(text__startswith="Frisk").count() == 5
    page = html(staff_client.get("/"))
    for due in (None, 90, 3, 0, -1):
        assert f"Frisk {due}" in page, due


def test_a_group_with_more_rows_than_shown_links_to_the_rest(staff_client, staff_user):
    for n in range(10):
        follow_up(staff_user, f"Overskredet {n}", due=-1 - n)
    response = staff_client.get("/")
    overdue = response.context["queue"].groups[0]
    assert (overdue.key, overdue.count, len(overdue.rows), overdue.more) == ("overdue", 10, 8, 2)
    assert overdue.rows[0].text == "Overskredet 0"
    page = html(response)
    assert f'href="/follow-ups/?owner={staff_user.pk}&amp;state=overdue"' in page
    assert "2 flere" in page


def test_nothing_due_and_nothing_open_say_what_to_do(staff_client, staff_user):
    page = html(staff_client.get("/"))
    assert "Du har ingen åbne opfølgninger." in page
    follow_up(staff_user, "Om et halvt år", due=180)
    page = html(staff_client.get("/"))
    assert "Intet har frist inden for de næste 7 dage." in page
    assert "1 åben opfølgning mere med senere eller ingen frist" in page


# --- key partners to meet --------------------------------------------------------------------------------------------


@pytest.fixture
def partner_world(staff_user, manager_user):
    def key(name, kind=OrganisationKind.HOUSING_ORGANISATION, owner=staff_user, **extra):
        return factories.OrganisationFactory(name=name, kind=kind, owner=owner, is_key_partner=True, **extra)

    world = {
        "never": key("Aldrig mødt Boligforening"),
        "long_ago": key("AAB Aarhus"),  # housing organisations: stale after 90 days
        "recent": key("Brabrand Boligforening"),
        "national_ok": key("Landsbyggefonden", kind=OrganisationKind.NATIONAL_PARTNER),  # 180 days
        "national_stale": key("KL", kind=OrganisationKind.NATIONAL_PARTNER),
        "theirs": key("Alboa", owner=manager_user),
        "inactive": key("Nedlagt Boligforening", is_active=False),
        "not_key": factories.OrganisationFactory(name="Lokal forening", owner=staff_user),
    }
    meeting("Gammelt møde", days_ago=120, organisations=[world["long_ago"], world["national_ok"]])
    meeting("Nyligt møde", days_ago=10, organisations=[world["recent"]])
    meeting("Meget gammelt møde", days_ago=400, organisations=[world["national_stale"]])
    Meeting.objects.create(subject="Planlagt", starts_at=timezone.now() + datetime.timedelta(days=3)).organisations.set(
        [world["never"]]
    )  # planned, not held: still never met
    return world


def test_stale_key_partners_i_own_with_log_meeting_links(staff_client, partner_world):
    response = staff_client.get("/")
    partners = response.context["partners"]
    assert [row.organisation.name for row in partners.rows] == ["Aldrig mødt Boligforening", "KL", "AAB Aarhus"]
    assert (partners.count, partners.key_partner_count) == (3, 5)
    page = html(response)
    for name in ("never", "national_stale", "long_ago"):
        # back to the start page (``next``) when saved or cancelled
        assert f'href="/meetings/add/?organisations={partner_world[name].pk}&amp;next=%2F"' in page
    for name in ("recent", "national_ok", "theirs", "inactive", "not_key"):
        assert f"?organisations={partner_world[name].pk}&" not in page
    assert "Aldrig mødt" in page and "Dine forsømte nøglepartnere" in page
    assert "Ikke mødt inden for 90 dage" in page and "Ikke mødt inden for 180 dage" in page
    assert "Du er relationsansvarlig for 5 nøglepartnere" in page


def test_the_stale_partners_are_the_dashboards_stale_partners(staff_user, partner_world):
    from partners.selectors.home import partners_needing_attention

    health = relationship_health(per_page=100)
    dashboard_stale = {row.organisation.pk for row in health.rows if row.stale and row.organisation.owner == staff_user}
    mine = {row.organisation.pk for row in partners_needing_attention(user=staff_user, limit=100).rows}
    assert mine == dashboard_stale
    assert len(mine) == 3


def test_a_meeting_logged_from_the_link_takes_the_partner_off_the_list(staff_client, staff_user, partner_world):
    kl = partner_world["national_stale"]
    add = staff_client.get(f"/meetings/add/?organisations={kl.pk}")
    assert f'<option value="{kl.pk}" selected' in html(add)
    meeting("Møde med KL", days_ago=0, organisations=[kl], staff=[staff_user])
    response = staff_client.get("/")
    assert kl not in [row.organisation for row in response.context["partners"].rows]


def test_managers_get_log_meeting_links_too(manager_client, partner_world):
    page = html(manager_client.get("/"))
    assert 'data-testid="log-meeting"' in page
    # The manager owns Alboa, a key partner never met.
    assert f'href="/meetings/add/?organisations={partner_world["theirs"].pk}&amp;next=%2F"' in page


def test_no_key_partners_says_how_they_get_here(staff_client):
    page = html(staff_client.get("/"))
    assert "Du er ikke relationsansvarlig for nogen nøglepartnere." in page


# --- my recent meetings ----------------------------------------------------------------------------------------------


def test_my_recent_meetings_are_those_i_took_part_in_or_logged(staff_client, staff_user, manager_user):
    brabrand = factories.OrganisationFactory(name="Brabrand Boligforening")
    meeting("Jeg deltog", days_ago=2, staff=[staff_user], organisations=[brabrand])
    meeting("Jeg registrerede", days_ago=3, logged_by=staff_user)
    meeting("Lederens møde", days_ago=1, staff=[manager_user], logged_by=manager_user)
    meeting("Mit planlagte møde", days_ago=-5, staff=[staff_user])
    response = staff_client.get("/")
    assert [m.subject for m in response.context["meetings"]] == ["Jeg deltog", "Jeg registrerede"]
    page = html(response)
    assert "Brabrand Boligforening" in page and "Lederens møde" not in page and "Mit planlagte møde" not in page


def test_a_meeting_logged_through_the_form_is_mine(staff_client, staff_user):
    org = factories.OrganisationFactory(name="Østjysk Bolig")
    response = staff_client.post(
        "/meetings/add/",
        {
            "starts_at": (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "kind": "meeting",
            "subject": "Formøde om budgettet",
            "organisations": [org.pk],
            "follow_ups-TOTAL_FORMS": "0",
            "follow_ups-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not MeetingStaff.objects.filter(user=staff_user).exists()  # logged, not taken part
    assert [m.subject for m in staff_client.get("/").context["meetings"]] == ["Formøde om budgettet"]


# --- the page as a whole ---------------------------------------------------------------------------------------------


def test_one_log_meeting_button_for_those_who_may(staff_client):
    page = html(staff_client.get("/"))
    assert page.count('data-testid="log-meeting"') == 1
    assert re.search(r'<a class="btn btn-primary btn-lg" href="/meetings/add/\?next=/"', page)  # back here
    assert "Registrér møde" in page


def test_figures_are_still_there(staff_client):
    factories.OrganisationFactory()
    response = staff_client.get("/")
    assert [figure["value"] for figure in response.context["figures"]] == [1, 0, 0]


def test_user_without_role_gets_an_explanation_not_the_data(client, plain_user):
    follow_up(plain_user, "Skjult opgave", due=1)
    client.force_login(plain_user)
    response = client.get("/")
    page = html(response)
    assert response.templates[0].name == "partners/no_access.html"
    assert "Sekretariat" in page and "Ledelse" in page
    assert "Skjult opgave" not in page
    assert "queue" not in response.context and "figures" not in response.context
    assert 'action="/logout/"' in page


def test_a_role_that_may_not_log_meetings_has_no_log_meeting_buttons(client, staff_user, partner_world):
    # A read-only group (not shipped, but an admin could make one): the queue, no "Registrér møde".
    reader = factories.UserFactory(username="laeser")
    group = Group.objects.create(name="Læser")
    group.permissions.set(Group.objects.get(name=SECRETARIAT).permissions.filter(codename__startswith="view_"))
    reader.groups.add(group)
    Organisation.objects.filter(owner=staff_user).update(owner=reader)
    follow_up(reader, "Læserens opgave", due=0)
    client.force_login(reader)
    page = html(client.get("/"))
    assert "Læserens opgave" in page and "Færdig" in page  # the owner may close it (FollowUpDoneView)
    assert "/meetings/add/" not in page


def count_queries(client) -> int:
    client.get("/")  # warm-up: process-wide caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_follow_ups_meetings_or_partners(staff_client, staff_user):
    organisations = [
        factories.OrganisationFactory(name=f"Forening {i}", owner=staff_user, is_key_partner=True) for i in range(3)
    ]

    def add_rows(n: int) -> None:
        for i in range(n):
            m = meeting(f"Møde {i}", days_ago=200 + i, organisations=organisations, staff=[staff_user])
            for due in (-2 - i, 0, 3, None):
                follow_up(staff_user, f"Opgave {i} {due}", due=due, on=m, created_days_ago=i % 2 * 30)
            factories.OrganisationFactory(name=f"Partner {i}", owner=staff_user, is_key_partner=True)

    add_rows(1)
    few = count_queries(staff_client)
    add_rows(15)
    many = count_queries(staff_client)
    assert few == many
    # session, user, permissions (2); follow-up counts + one per group (4); key partners; meetings; 3 figures
    assert many == 14
