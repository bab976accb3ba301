"""Follow-ups in the staff UI: "my open follow-ups" by default, filters, export, mark done, add/edit/delete."""

import datetime

import pytest
from django.utils import timezone

from partners.models import FollowUp, Meeting
from tests import factories

from .harness import ListViewChecks, read_csv, read_xlsx
from .test_meetings import (
    EveryColumnQueryCheck,
    assert_constant_detail_queries,
    html,
    meeting,
    selected_options,
)

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def texts(response) -> set[str]:
    return {row.record.text for row in response.context["table"].page.object_list}


class TestFollowUpList(EveryColumnQueryCheck, ListViewChecks):
    list_url = "/follow-ups/"
    bad_params = (
        *ListViewChecks.bad_params,
        "per_page=-5",
        "owner=abc",
        "owner=999999",
        "state=nonsense",
        "due_date_after=notadate",
        "meeting=abc&organisations=x&collaborations=1x",
    )

    @pytest.fixture(autouse=True)
    def _staff(self, staff_user):
        self.staff_user = staff_user

    def make_rows(self, n):
        # Open follow-ups of the staff user, so the default view ("my open") lists them all.
        meetings = Meeting.objects.bulk_create(
            Meeting(subject=f"Møde {i}", starts_at=timezone.now() - datetime.timedelta(days=i)) for i in range(n)
        )
        organisations = factories.OrganisationFactory.create_batch(3)
        Meeting.organisations.through.objects.bulk_create(
            Meeting.organisations.through(meeting=m, organisation=o) for m in meetings for o in organisations
        )
        return FollowUp.objects.bulk_create(
            FollowUp(meeting=m, owner=self.staff_user, text=f"Opgave {i}", due_date=days(i - 10))
            for i, m in enumerate(meetings)
        )


@pytest.fixture
def world(staff_user):
    colleague = factories.UserFactory(first_name="Anden", last_name="Kollega")
    org = factories.OrganisationFactory(name="Alboa")
    collaboration = factories.CollaborationFactory()
    with_org = meeting("Møde med Alboa", organisations=[org], collaborations=[collaboration])
    other = meeting("Andet møde")
    rows = {
        "mine_open": factories.FollowUpFactory(meeting=with_org, owner=staff_user, text="Min åbne", due_date=days(5)),
        "mine_overdue": factories.FollowUpFactory(
            meeting=other, owner=staff_user, text="Min overskredne", due_date=days(-3)
        ),
        "mine_done": factories.FollowUpFactory(
            meeting=other, owner=staff_user, text="Min udførte", due_date=days(-3), done_at=timezone.now()
        ),
        "theirs_open": factories.FollowUpFactory(
            meeting=with_org, owner=colleague, text="Kollegas åbne", due_date=days(30)
        ),
        "theirs_done": factories.FollowUpFactory(
            meeting=other, owner=colleague, text="Kollegas udførte", done_at=timezone.now(), due_date=None
        ),
    }
    return {**rows, "colleague": colleague, "org": org, "collaboration": collaboration, "meeting": with_org}


def test_staff_see_their_own_open_follow_ups_by_default(staff_client, staff_user, world):
    response = staff_client.get("/follow-ups/")
    assert texts(response) == {"Min åbne", "Min overskredne"}
    # The default is visible in the filter form and as the active tab.
    page = html(response)
    assert selected_options(page, "owner") == {str(staff_user.pk)}
    assert selected_options(page, "state") == {"open"}
    active = [tab for tab in response.context["tabs"] if tab["active"]]
    assert len(active) == 1
    assert active[0]["query"] == f"owner={staff_user.pk}&state=open"
    # The overdue one is marked.
    assert "follow-up-overdue" in page


def test_the_default_holds_with_page_size_and_sorting(staff_client, world):
    assert texts(staff_client.get("/follow-ups/?per_page=50&sort=-due_date")) == {"Min åbne", "Min overskredne"}


def test_the_all_tab_shows_everyone_and_every_state(staff_client, world):
    response = staff_client.get("/follow-ups/?state=all")
    assert len(texts(response)) == 5
    assert [t["label"] for t in response.context["tabs"] if t["active"]] == ["Alle"]


def test_any_filter_replaces_the_default(staff_client, world):
    # Someone else's follow-ups, every state: the default owner does not sneak in.
    assert texts(staff_client.get(f"/follow-ups/?owner={world['colleague'].pk}")) == {
        "Kollegas åbne",
        "Kollegas udførte",
    }
    assert texts(staff_client.get("/follow-ups/?q=kollega")) == {"Kollegas åbne", "Kollegas udførte"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=open", {"mine_open", "mine_overdue", "theirs_open"}),
        ("state=overdue", {"mine_overdue"}),
        ("state=done", {"mine_done", "theirs_done"}),
        ("owner={me}&state=done", {"mine_done"}),
        ("q=overskredne", {"mine_overdue"}),
        ("q=alboa", {"mine_open", "theirs_open"}),  # the meeting's subject
        ("due_date_after={in_1}&due_date_before={in_30}", {"mine_open", "theirs_open"}),
        ("due_date_before={today}", {"mine_overdue", "mine_done"}),
        ("meeting={meeting}", {"mine_open", "theirs_open"}),
        ("organisations={org}", {"mine_open", "theirs_open"}),
        ("collaborations={collaboration}&state=all", {"mine_open", "theirs_open"}),
    ],
)
def test_filters_return_the_right_follow_ups(staff_client, staff_user, world, query, expected):
    values = {
        "me": staff_user.pk,
        "in_1": days(1).isoformat(),
        "in_30": days(30).isoformat(),
        "today": days(0).isoformat(),
        "meeting": world["meeting"].pk,
        "org": world["org"].pk,
        "collaboration": world["collaboration"].pk,
    }
    response = staff_client.get(f"/follow-ups/?{query.format(**values)}")
    assert texts(response) == {world[key].text for key in expected}


def test_state_column_says_open_overdue_or_done(staff_client, world):
    page = html(staff_client.get("/follow-ups/?state=all"))
    assert "text-bg-danger" in page and "text-bg-success" in page
    assert "Overskredet" in page and "Udført" in page


def test_managers_start_on_their_own_open_follow_ups(manager_client, manager_user, world):
    # Managers may change follow-ups, so the list opens on their own open ones, as for staff; "Alle åbne" is a tab.
    mine = factories.FollowUpFactory(owner=manager_user, text="Lederens åbne")
    response = manager_client.get("/follow-ups/")
    assert texts(response) == {"Lederens åbne"}
    assert f'action="/follow-ups/{mine.pk}/done/"' in html(response)
    assert texts(manager_client.get("/follow-ups/?state=open")) == {
        "Min åbne",
        "Min overskredne",
        "Kollegas åbne",
        "Lederens åbne",
    }


def test_export_of_the_default_view_has_my_open_follow_ups(staff_client, world):
    rows = read_csv(staff_client.get("/follow-ups/?export=csv"))
    assert {row["ID"] for row in rows} == {str(world["mine_open"].pk), str(world["mine_overdue"].pk)}


def test_export_xlsx_has_exactly_the_filtered_rows(staff_client, world):
    rows = read_xlsx(staff_client.get("/follow-ups/?state=done&export=xlsx"))
    assert {row["ID"] for row in rows} == {str(world["mine_done"].pk), str(world["theirs_done"].pk)}


# --- mark done -------------------------------------------------------------------------------------------------------


def test_mark_done_sets_done_at_and_returns_to_the_page(staff_client, world):
    follow_up = world["mine_open"]
    response = staff_client.post(f"/follow-ups/{follow_up.pk}/done/", {"next": "/follow-ups/?state=open&per_page=50"})
    assert response.status_code == 302
    assert response["Location"] == "/follow-ups/?state=open&per_page=50"
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    assert abs(follow_up.done_at - timezone.now()) < datetime.timedelta(minutes=1)
    assert follow_up.history.count() == 2


def test_mark_done_twice_keeps_the_first_time(staff_client, world):
    follow_up = world["mine_done"]
    done_at = follow_up.done_at
    staff_client.post(f"/follow-ups/{follow_up.pk}/done/")
    follow_up.refresh_from_db()
    assert follow_up.done_at == done_at


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_mark_done_never_redirects_off_site(staff_client, world, next_url):
    follow_up = world["mine_open"]
    response = staff_client.post(f"/follow-ups/{follow_up.pk}/done/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == follow_up.meeting.get_absolute_url()


def test_mark_done_is_post_only_and_needs_change_permission(staff_client, client, plain_user, world):
    follow_up = world["mine_open"]
    url = f"/follow-ups/{follow_up.pk}/done/"
    assert staff_client.get(url).status_code == 405
    client.force_login(plain_user)
    assert client.post(url).status_code == 403
    assert staff_client.post("/follow-ups/999999/done/").status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_mark_done_button_on_the_list_posts_back_to_the_list(staff_client, world):
    page = html(staff_client.get("/follow-ups/"))
    assert f'action="/follow-ups/{world["mine_open"].pk}/done/"' in page
    assert 'name="next" value="/follow-ups/"' in page


# --- add, edit, delete, detail ---------------------------------------------------------------------------------------


def test_add_is_pre_filled_with_the_meeting_and_the_current_user(staff_client, staff_user):
    m = meeting("Møde med AAB")
    page = html(staff_client.get(f"/follow-ups/add/?meeting={m.pk}"))
    assert selected_options(page, "meeting") == {str(m.pk)}
    assert selected_options(page, "owner") == {str(staff_user.pk)}
    assert "Møde med AAB" in page and "Test Medarbejder" in page


def test_add_saves_a_follow_up_to_the_meeting(staff_client, staff_user):
    m = meeting("Møde")
    response = staff_client.post(
        "/follow-ups/add/", {"meeting": m.pk, "text": "Ring tilbage", "owner": staff_user.pk, "due_date": "2026-06-01"}
    )
    follow_up = FollowUp.objects.get()
    assert response.status_code == 302
    assert (follow_up.meeting, follow_up.owner, follow_up.due_date) == (m, staff_user, datetime.date(2026, 6, 1))
    assert follow_up.done_at is None


@pytest.mark.parametrize(
    "data",
    [
        {"text": "Uden møde", "owner": "{me}"},
        {"meeting": "{meeting}", "text": "Uden ansvarlig"},
        {"meeting": "{meeting}", "text": "", "owner": "{me}"},
        {"meeting": "abc", "text": "Forkert møde", "owner": "{me}"},
        {"meeting": "{meeting}", "text": "Forkert dato", "owner": "{me}", "due_date": "31-02-2026"},
    ],
)
def test_add_with_invalid_input_saves_nothing(staff_client, staff_user, data):
    m = meeting("Møde")
    post = {key: value.format(me=staff_user.pk, meeting=m.pk) for key, value in data.items()}
    response = staff_client.post("/follow-ups/add/", post)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not FollowUp.objects.exists()


def test_add_page_ignores_a_bad_meeting_in_the_query_string(staff_client):
    assert staff_client.get("/follow-ups/add/?meeting=abc").status_code == 200


def test_edit_can_mark_done_and_reopen(staff_client, staff_user, world):
    follow_up = world["mine_open"]
    data = {"meeting": follow_up.meeting.pk, "text": follow_up.text, "owner": staff_user.pk, "is_done": "on"}
    assert staff_client.post(f"/follow-ups/{follow_up.pk}/edit/", data).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    del data["is_done"]
    staff_client.post(f"/follow-ups/{follow_up.pk}/edit/", data)
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_delete_returns_to_the_meeting(staff_client, world):
    follow_up = world["mine_open"]
    response = staff_client.post(f"/follow-ups/{follow_up.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == follow_up.meeting.get_absolute_url()
    assert not FollowUp.objects.filter(pk=follow_up.pk).exists()


def test_detail_shows_the_task_meeting_organisations_and_state(staff_client, world):
    follow_up = world["mine_open"]
    page = html(staff_client.get(follow_up.get_absolute_url()))
    assert "Min åbne" in page and "Møde med Alboa" in page and "Alboa" in page
    assert f'action="/follow-ups/{follow_up.pk}/done/"' in page


def test_detail_query_count_does_not_grow_with_organisations_or_history(staff_client, staff_user):
    small = factories.FollowUpFactory(
        meeting=meeting("Lille", organisations=factories.OrganisationFactory.create_batch(1))
    )
    big = factories.FollowUpFactory(
        meeting=meeting("Stor", organisations=factories.OrganisationFactory.create_batch(15))
    )
    for n in range(5):
        big.text = f"Ændret {n}"
        big.save()
    assert_constant_detail_queries(staff_client, small.get_absolute_url(), big.get_absolute_url())


def test_manager_can_view_add_edit_and_close_but_not_delete(manager_client, world):
    follow_up = world["mine_open"]
    page = html(manager_client.get(follow_up.get_absolute_url()))
    assert "/edit/" in page and "/done/" in page and "/delete/" not in page
    assert manager_client.get("/follow-ups/add/").status_code == 200
    assert manager_client.get(f"/follow-ups/{follow_up.pk}/edit/").status_code == 200
    url = f"/follow-ups/{follow_up.pk}/delete/"
    assert manager_client.get(url).status_code == 403
    assert manager_client.post(url).status_code == 403
    assert FollowUp.objects.filter(pk=follow_up.pk, text="Min åbne").exists()


def test_user_without_role_sees_nothing(client, plain_user, world):
    client.force_login(plain_user)
    for url in ["/follow-ups/", world["mine_open"].get_absolute_url(), "/follow-ups/add/"]:
        assert client.get(url).status_code == 403, url
