"""Every create form saves once: sent again (Back, then Save) or twice at once, the second sending creates nothing and
says so in Danish, with a link to what the first one saved (SubmissionTokenMixin, SubmissionToken)."""

import datetime
import re
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partners.forms.meetings import MeetingForm
from partners.models import FollowUp, Meeting, Organisation, SubmissionToken
from partners.models.organisations import OrganisationKind
from tests import factories

from .test_meetings import form_token, html, meeting_post

pytestmark = pytest.mark.django_db

TOKEN_INPUT = re.compile(r'<input type="hidden" name="submission_token" value="([0-9a-f-]{36})">')


@pytest.mark.parametrize(
    "name", ["organisation", "contact", "area", "collaboration", "meeting", "followup", "event", "tag", "theme"]
)
def test_every_create_form_carries_a_new_token_each_time(staff_client, name):
    url = reverse(f"{name}_add")
    first, second = (TOKEN_INPUT.findall(html(staff_client.get(url))) for _ in range(2))
    assert len(first) == 1 and len(second) == 1, "one token per form"
    assert first != second


def test_the_affiliation_form_carries_a_token_too(staff_client):
    contact = factories.ContactFactory()
    assert TOKEN_INPUT.search(html(staff_client.get(reverse("affiliation_add", args=[contact.pk]))))


def test_an_edit_form_has_no_token(staff_client):
    organisation = factories.OrganisationFactory()
    assert "submission_token" not in html(staff_client.get(f"/organisations/{organisation.pk}/edit/"))


def test_an_organisation_sent_twice_is_saved_once(staff_client):
    data = {
        "kind": OrganisationKind.LOCAL_ORGANISATION,
        "name": "Beboerrådgivningen Vestbyen",
        "is_active": "on",
        "submission_token": form_token(staff_client, "/organisations/add/"),
    }
    assert staff_client.post("/organisations/add/", data, follow=True).status_code == 200
    saved = Organisation.objects.get()
    again = staff_client.post("/organisations/add/", data)
    assert again.status_code == 409 and Organisation.objects.count() == 1
    page = html(again)
    assert "Allerede gemt" in page
    assert "Organisation “Beboerrådgivningen Vestbyen” blev gemt, da formularen blev sendt første gang." in page
    assert f'href="{saved.get_absolute_url()}"' in page


def test_a_follow_up_sent_twice_is_saved_once(staff_client, staff_user):
    m = factories.MeetingFactory()
    url = f"/follow-ups/add/?meeting={m.pk}&next=/meetings/{m.pk}/"
    data = {
        "meeting": m.pk,
        "text": "Ring tilbage",
        "owner": staff_user.pk,
        "due_date": "2026-06-01",
        "submission_token": form_token(staff_client, url),
    }
    assert staff_client.post(url, data, follow=True).redirect_chain == [(m.get_absolute_url(), 302)]
    again = staff_client.post(url, data)
    assert again.status_code == 409 and FollowUp.objects.count() == 1
    assert "Opfølgningen er allerede gemt" in html(again)


def test_a_token_someone_else_used_is_refused_without_showing_what_they_saved(staff_client, manager_client, staff_user):
    token = form_token(staff_client, "/meetings/add/")
    data = meeting_post(subject="Fortroligt møde", staff=[staff_user.pk], submission_token=token)
    assert staff_client.post("/meetings/add/", data).status_code == 302
    refused = manager_client.post("/meetings/add/", data)
    assert refused.status_code == 409 and Meeting.objects.count() == 1
    page = html(refused)
    assert "Formularen blev gemt, da den blev sendt første gang." in page
    assert "Fortroligt møde" not in page and 'data-testid="saved-object"' not in page


def test_the_refusal_of_a_deleted_object_has_no_link(staff_client, staff_user):
    data = meeting_post(staff=[staff_user.pk], submission_token=form_token(staff_client, "/meetings/add/"))
    staff_client.post("/meetings/add/", data)
    Meeting.objects.all().delete()
    refused = staff_client.post("/meetings/add/", data)
    assert refused.status_code == 409 and not Meeting.objects.exists()
    assert 'data-testid="saved-object"' not in html(refused)


def test_the_token_remembers_what_it_saved_and_old_tokens_are_forgotten(staff_client, staff_user):
    old = SubmissionToken.objects.create(
        token=uuid.uuid4(), user=staff_user, used_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent = SubmissionToken.objects.create(
        token=uuid.uuid4(), user=staff_user, used_at=timezone.now() - datetime.timedelta(days=29)
    )
    token = form_token(staff_client, "/meetings/add/")
    staff_client.post("/meetings/add/", meeting_post(staff=[staff_user.pk], submission_token=token))
    used = SubmissionToken.objects.get(pk=token)
    assert used.user == staff_user and used.created_object == Meeting.objects.get()
    assert set(SubmissionToken.objects.values_list("pk", flat=True)) == {used.pk, recent.pk}
    assert not SubmissionToken.objects.filter(pk=old.pk).exists()


def test_a_form_without_permission_uses_no_token(client, plain_user):
    client.force_login(plain_user)
    token = str(uuid.uuid4())
    assert client.post("/meetings/add/", meeting_post(submission_token=token)).status_code == 403
    assert not SubmissionToken.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_sendings_at_once_create_one_meeting(staff_user, monkeypatch):
    """The first request holds the token (not yet committed) while the second arrives: the second waits for it on
    the database and is then refused; neither sees the other half-done."""
    data = meeting_post(staff=[staff_user.pk], submission_token=str(uuid.uuid4()))
    first_saving, release = threading.Event(), threading.Event()
    save = MeetingForm.save

    def held_save(form, *args, **kwargs):
        first_saving.set()
        assert release.wait(20), "the test never released the first request"
        return save(form, *args, **kwargs)

    monkeypatch.setattr(MeetingForm, "save", held_save)
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(staff_user)
    answers = {}

    def send(index):
        try:
            answers[index] = clients[index].post("/meetings/add/", data).status_code
        finally:
            connection.close()  # this thread's own connection

    first = threading.Thread(target=send, args=(0,))
    first.start()
    assert first_saving.wait(20)
    second = threading.Thread(target=send, args=(1,))
    second.start()
    # The second request waits on the first one's token row.
    with connection.cursor() as cursor:
        for _ in range(200):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                break
            threading.Event().wait(0.05)
        else:
            pytest.fail("the second request did not wait for the first")
    release.set()
    first.join(30)
    second.join(30)
    assert answers == {0: 302, 1: 409}
    assert Meeting.objects.count() == 1
    assert SubmissionToken.objects.get().object_id == Meeting.objects.get().pk
