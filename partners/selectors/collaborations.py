"""Reads for the collaboration pages: a fixed number of queries whatever the number of partners or meetings."""

import datetime
from urllib.parse import urlencode

from django.db.models import Case, Count, F, IntegerField, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Now
from django.utils import timezone

from ..models import Area, Collaboration, CollaborationPartner, FollowUp, Meeting, Organisation, Theme
from ..models.collaborations import CollaborationStatus, PartnerRole
from .meetings import related_count, related_rows


def role_rank() -> Case:
    """Roles in the order of ``PartnerRole``: the lead first, then partners, funders, stakeholders."""
    return Case(
        *(When(role=role, then=Value(rank)) for rank, role in enumerate(PartnerRole.values)),
        default=Value(len(PartnerRole.values)),
        output_field=IntegerField(),
    )


def collaboration_list_queryset() -> QuerySet[Collaboration]:
    """Collaborations with partners (lead first), themes, areas, last meeting and meeting count, in one query."""
    # The last meeting held: a meeting planned for next month is not "the last time we met".
    last_meeting = (
        Meeting.collaborations.through.objects.filter(collaboration_id=OuterRef("pk"), meeting__starts_at__lte=Now())
        .order_by("-meeting__starts_at")
        .values("meeting__starts_at")[:1]
    )
    return Collaboration.objects.select_related("responsible").annotate(
        partner_rows=related_rows(
            CollaborationPartner.objects.filter(collaboration=OuterRef("pk")).order_by(
                role_rank(), "organisation__name", "organisation_id"
            ),
            id="organisation_id",
            name="organisation__name",
            role="role",
        ),
        theme_rows=related_rows(
            Theme.objects.filter(collaborations=OuterRef("pk")).order_by("name", "id"), id="id", name="name"
        ),
        area_rows=related_rows(
            Area.objects.filter(collaborations=OuterRef("pk")).order_by("name", "id"), id="id", name="name"
        ),
        last_meeting=Subquery(last_meeting),
        meeting_count=related_count(
            Meeting.collaborations.through.objects.filter(collaboration_id=OuterRef("pk")), "collaboration_id"
        ),
    )


def collaboration_detail_queryset() -> QuerySet[Collaboration]:
    return Collaboration.objects.select_related("responsible").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name", "id")),
        Prefetch("areas", queryset=Area.objects.order_by("name", "id")),
    )


def collaboration_overview(
    *,
    collaboration: Collaboration,
    meeting_limit: int = 20,
    follow_up_limit: int = 50,
    today: datetime.date | None = None,
) -> dict:
    """Everything the collaboration page shows besides its own fields, in a fixed number of queries."""
    today = today or timezone.localdate()
    memberships = list(
        collaboration.memberships.select_related("organisation").order_by(role_rank(), "organisation__name", "id")
    )
    meetings = Meeting.objects.filter(collaborations=collaboration)
    open_follow_ups = FollowUp.objects.open().filter(meeting__collaborations=collaboration)
    log_meeting_query = urlencode(
        {"collaborations": collaboration.pk, "organisations": [m.organisation_id for m in memberships]}, doseq=True
    )
    return {
        "memberships": memberships,
        "meetings": list(
            meetings.prefetch_related(
                Prefetch("organisations", queryset=Organisation.objects.only("id", "name").order_by("name", "id"))
            ).order_by("-starts_at", "-id")[:meeting_limit]
        ),
        "meeting_stats": meetings.aggregate(
            count=Count("id"), last=Max("starts_at", filter=Q(starts_at__lte=timezone.now()))
        ),
        "open_follow_ups": list(
            open_follow_ups.select_related("meeting", "owner")
            .with_overdue_flag(today)
            .order_by(F("due_date").asc(nulls_last=True), "id")[:follow_up_limit]
        ),
        "open_follow_up_count": open_follow_ups.count(),
        "log_meeting_query": log_meeting_query,
    }


def status_changes(*, collaboration: Collaboration) -> list[dict]:
    """The collaboration's status over time, from its change history: each change with date, user, from and to."""
    labels = dict(CollaborationStatus.choices)
    records = collaboration.history.order_by("history_date", "history_id").values(
        "history_date", "status", "history_user__username", "history_user__first_name", "history_user__last_name"
    )
    changes, previous = [], None
    for record in records:
        if record["status"] != previous:
            names = (record["history_user__first_name"], record["history_user__last_name"])
            user = " ".join(name for name in names if name)
            changes.append(
                {
                    "date": record["history_date"],
                    "from_status": labels.get(previous, previous) if previous else None,
                    "to_status": labels.get(record["status"], record["status"]),
                    "user": user or record["history_user__username"] or "",
                }
            )
        previous = record["status"]
    return changes


def collaboration_review_overview(*, collaboration: Collaboration, review_limit: int = 20) -> dict:
    """Reviews, status changes and engagement per partner organisation (meetings, last meeting): 3 queries."""
    member_ids = CollaborationPartner.objects.filter(collaboration=collaboration).values("organisation_id")
    engagement = list(
        Meeting.organisations.through.objects.filter(
            meeting__collaborations=collaboration, organisation_id__in=member_ids
        )
        .values("organisation_id", "organisation__name")
        .annotate(count=Count("meeting_id"), last=Max("meeting__starts_at", filter=Q(meeting__starts_at__lte=Now())))
        .order_by("-count", "organisation__name")
    )
    timeline = [{"kind": "status", **change} for change in status_changes(collaboration=collaboration)]
    reviews = list(collaboration.reviews.select_related("reviewed_by")[:review_limit])
    timeline += [
        {
            "kind": "review",
            "date": timezone.make_aware(datetime.datetime.combine(review.reviewed_on, datetime.time.min)),
            "review": review,
        }
        for review in reviews
    ]
    timeline.sort(key=lambda item: item["date"], reverse=True)
    return {"engagement": engagement, "reviews": reviews, "status_timeline": timeline}
