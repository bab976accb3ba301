"""The collaboration review: each decision, who may record it, and the status-change timeline from the history."""

import datetime

import pytest
from django.utils import timezone

from partners.models import CollaborationReview
from partners.models.collaborations import CollaborationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def review_url(collaboration) -> str:
    return f"/collaborations/{collaboration.pk}/review/"


def post_review(client, collaboration, **data):
    data = {"reviewed_on": "2026-03-01", "note": "Gennemgået på ledermødet.", "decision": "continue", **data}
    return client.post(review_url(collaboration), data)


def test_continue_records_the_review_and_keeps_the_status(manager_client, manager_user):
    collaboration = factories.CollaborationFactory(status=CollaborationStatus.ACTIVE)
    response = post_review(manager_client, collaboration)
    assert response.status_code == 302
    assert response["Location"] == collaboration.get_absolute_url()
    review = CollaborationReview.objects.get()
    assert (review.reviewed_by, review.reviewed_on, review.decision) == (
        manager_user,
        datetime.date(2026, 3, 1),
        "continue",
    )
    collaboration.refresh_from_db()
    assert collaboration.status == CollaborationStatus.ACTIVE
    assert review.history.count() == 1


def test_change_status_applies_the_new_status(manager_client):
    collaboration = factories.CollaborationFactory(status=CollaborationStatus.ACTIVE)
    post_review(manager_client, collaboration, decision="change_status", new_status="paused")
    collaboration.refresh_from_db()
    assert collaboration.status == CollaborationStatus.PAUSED
    assert CollaborationReview.objects.get().new_status == "paused"


def test_change_status_needs_a_new_status(manager_client):
    collaboration = factories.CollaborationFactory(status=CollaborationStatus.ACTIVE)
    response = post_review(manager_client, collaboration, decision="change_status")
    assert response.status_code == 200
    assert "new_status" in response.context["form"].errors
    assert not CollaborationReview.objects.exists()


def test_end_sets_status_and_end_date(manager_client):
    collaboration = factories.CollaborationFactory(start_date=datetime.date(2024, 1, 1))
    post_review(manager_client, collaboration, decision="end", new_status="active")  # new status ignored
    collaboration.refresh_from_db()
    assert collaboration.status == CollaborationStatus.ENDED
    assert collaboration.end_date == datetime.date(2026, 3, 1)
    assert CollaborationReview.objects.get().new_status == ""


def test_end_before_the_start_is_refused_and_nothing_is_saved(manager_client):
    collaboration = factories.CollaborationFactory(start_date=datetime.date(2026, 6, 1))
    response = post_review(manager_client, collaboration, decision="end")
    assert response.status_code == 200
    assert response.context["form"].errors
    collaboration.refresh_from_db()
    assert collaboration.status == CollaborationStatus.ACTIVE
    assert not CollaborationReview.objects.exists()


def test_staff_and_plain_users_may_not_review(staff_client, plain_user, client):
    collaboration = factories.CollaborationFactory()
    assert staff_client.get(review_url(collaboration)).status_code == 403
    assert post_review(staff_client, collaboration, decision="end").status_code == 403
    client.force_login(plain_user)
    assert client.get(review_url(collaboration)).status_code == 403
    collaboration.refresh_from_db()
    assert collaboration.status == CollaborationStatus.ACTIVE
    assert not CollaborationReview.objects.exists()


def test_review_button_only_for_managers(manager_client, staff_client):
    collaboration = factories.CollaborationFactory()
    assert review_url(collaboration) in manager_client.get(collaboration.get_absolute_url()).content.decode()
    assert review_url(collaboration) not in staff_client.get(collaboration.get_absolute_url()).content.decode()


def test_unknown_collaboration_is_404(manager_client):
    assert manager_client.get("/collaborations/999999/review/").status_code == 404


def test_timeline_shows_status_changes_from_the_history_and_reviews(manager_client, staff_client):
    collaboration = factories.CollaborationFactory(status=CollaborationStatus.PLANNED)
    collaboration.status = CollaborationStatus.ACTIVE
    collaboration.save()
    collaboration.title = "Nyt navn"  # a change that is not a status change
    collaboration.save()
    post_review(manager_client, collaboration, decision="change_status", new_status="paused")
    response = staff_client.get(collaboration.get_absolute_url())
    timeline = response.context["status_timeline"]
    statuses = [(item["from_status"], item["to_status"]) for item in timeline if item["kind"] == "status"]
    assert [(str(a) if a else None, str(b)) for a, b in statuses] == [
        (str(CollaborationStatus.ACTIVE.label), str(CollaborationStatus.PAUSED.label)),
        (str(CollaborationStatus.PLANNED.label), str(CollaborationStatus.ACTIVE.label)),
        (None, str(CollaborationStatus.PLANNED.label)),
    ]
    reviews = [item for item in timeline if item["kind"] == "review"]
    assert len(reviews) == 1
    assert 'data-testid="status-timeline"' in response.content.decode()


def test_engagement_per_partner(staff_client):
    collaboration = factories.CollaborationFactory()
    lead = factories.HousingOrganisationFactory(name="Lead")
    quiet = factories.HousingOrganisationFactory(name="Stille")
    outsider = factories.HousingOrganisationFactory(name="Udenfor")
    collaboration.memberships.create(organisation=lead, role="lead")
    collaboration.memberships.create(organisation=quiet)
    for days in (3, 30):
        meeting = factories.MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=days))
        meeting.organisations.set([lead, outsider])
        meeting.collaborations.add(collaboration)
    engagement = staff_client.get(collaboration.get_absolute_url()).context["engagement"]
    assert [(row["organisation__name"], row["count"]) for row in engagement] == [("Lead", 2)]


def test_collaboration_page_query_count_is_constant(staff_client, django_assert_max_num_queries, manager_user):
    collaboration = factories.CollaborationFactory()
    for n in range(10):
        collaboration.status = "paused" if n % 2 else "active"
        collaboration.save()
        collaboration.reviews.create(
            reviewed_by=manager_user, reviewed_on=datetime.date(2026, 1, n + 1), note="x", decision="continue"
        )
    with django_assert_max_num_queries(25):
        assert staff_client.get(collaboration.get_absolute_url()).status_code == 200
