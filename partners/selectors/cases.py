"""Reads for the case pages: the list's rows, a case's page (timeline, stances, map) and the map across the active
cases, each in a fixed number of queries whatever the number of cases, meetings or stakeholders."""

import datetime
from urllib.parse import urlencode

from django.db import models
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Now
from django.utils import timezone

from ..models import Area, Case, CaseDeadline, CaseStakeholder, Meeting, Theme
from ..models.cases import OPEN_STAGES, DeadlineKind, ResponseState, Stance, Weight
from .meetings import related_count, related_rows

# A high-influence partner not met for this many days is flagged on the map and the dashboard.
NEGLECT_DAYS = 90
MAP_MONTHS = 12
TIMELINE_LIMIT = 60


def case_list_queryset() -> QuerySet[Case]:
    """Cases with owner, themes, areas, the next key date, meeting and stakeholder counts, in one query."""
    today = timezone.localdate()
    next_deadline = CaseDeadline.objects.filter(case=OuterRef("pk"), date__gte=today).order_by("date", "id")
    return Case.objects.select_related("owner").annotate(
        theme_rows=related_rows(
            Theme.objects.filter(cases=OuterRef("pk")).order_by("name", "id"), id="id", name="name"
        ),
        area_rows=related_rows(Area.objects.filter(cases=OuterRef("pk")).order_by("name", "id"), id="id", name="name"),
        next_deadline=Subquery(next_deadline.values("date")[:1]),
        meeting_count=related_count(Meeting.cases.through.objects.filter(case_id=OuterRef("pk")), "case_id"),
        stakeholder_count=related_count(CaseStakeholder.objects.filter(case_id=OuterRef("pk")), "case_id"),
    )


def case_detail_queryset() -> QuerySet[Case]:
    return Case.objects.select_related("owner").prefetch_related("themes", "areas")


def _meetings_of(parties: list[CaseStakeholder], since: datetime.datetime) -> dict[tuple[str, int], dict]:
    """For each stakeholder's organisation or contact: meetings in the map's period and the last meeting held (two
    queries whatever the number)."""
    org_ids = {s.organisation_id for s in parties if s.organisation_id}
    contact_ids = {s.contact_id for s in parties if s.contact_id}
    found: dict[tuple[str, int], dict] = {}
    for key, through, column, ids in (
        ("organisation", Meeting.organisations.through, "organisation_id", org_ids),
        ("contact", Meeting.contacts.through, "contact_id", contact_ids),
    ):
        if not ids:
            continue
        # The link's own copy of the meeting's start, on the index (party, start): no join to 1M meetings.
        rows = (
            through.objects.filter(**{f"{column}__in": ids}, starts_at__lte=Now())
            .values(column)
            .annotate(recent=Count("pk", filter=Q(starts_at__gte=since)), last=Max("starts_at"))
        )
        for row in rows:
            found[(key, row[column])] = {"recent": row["recent"], "last": row["last"]}
    return found


def stakeholder_rows(stakeholders: list[CaseStakeholder], *, now=None, neglect_days: int = NEGLECT_DAYS) -> list[dict]:
    """Each stakeholder with its meetings in the last 12 months, its last meeting and its flags."""
    now = now or timezone.now()
    meetings = _meetings_of(stakeholders, now - datetime.timedelta(days=365 * MAP_MONTHS // 12))
    rows = []
    for stakeholder in stakeholders:
        key = (
            ("organisation", stakeholder.organisation_id)
            if stakeholder.organisation_id
            else ("contact", stakeholder.contact_id)
        )
        met = meetings.get(key, {"recent": 0, "last": None})
        last = met["last"]
        days = (now - last).days if last else None
        rows.append(
            {
                "stakeholder": stakeholder,
                "party": stakeholder.party,
                "recent_meetings": met["recent"],
                "last_meeting": last,
                "days_since": days,
                "neglected": stakeholder.influence == Weight.HIGH and (days is None or days > neglect_days),
                "opposed_never_met": stakeholder.stance == Stance.OPPOSES and last is None,
            }
        )
    return rows


def _stakeholders(cases) -> list[CaseStakeholder]:
    return list(
        CaseStakeholder.objects.filter(case__in=cases)
        .select_related("organisation", "contact", "case")
        .order_by("case__title", "id")
    )


def timeline(*, case: Case, limit: int = TIMELINE_LIMIT) -> list[dict]:
    """The case's meetings, key dates and entries, newest first (three queries)."""
    items = []
    for meeting in case.meetings.prefetch_related("organisations").order_by("-starts_at", "-id")[:limit]:
        items.append({"kind": "meeting", "date": timezone.localdate(meeting.starts_at), "object": meeting})
    for deadline in case.deadlines.all()[:limit]:
        items.append({"kind": "deadline", "date": deadline.date, "object": deadline})
    for event in case.events.all()[:limit]:
        items.append({"kind": "event", "date": event.date, "object": event})
    items.sort(key=lambda item: item["date"], reverse=True)
    return items[:limit]


def stance_changes(*, case: Case, limit: int = 30) -> list[dict]:
    """How the stances on the case moved, from the stakeholders' history: each change of stance, newest first."""
    labels = dict(Stance.choices)
    records = list(
        CaseStakeholder.history.filter(case_id=case.pk)
        .order_by("id", "history_date", "history_id")
        .values("id", "history_date", "stance", "organisation_id", "contact_id", "history_type")
    )
    current = {s.pk: s for s in case.stakeholders.select_related("organisation", "contact")}
    changes, previous = [], {}
    for record in records:
        before = previous.get(record["id"])
        if before != record["stance"] and record["history_type"] != "-":
            party = current.get(record["id"])
            changes.append(
                {
                    "date": record["history_date"],
                    "party": party.party if party else None,
                    "before": labels.get(before, "") if before else "",
                    "after": labels.get(record["stance"], record["stance"]),
                }
            )
        previous[record["id"]] = record["stance"]
    changes.sort(key=lambda change: change["date"], reverse=True)
    return changes[:limit]


def case_overview(*, case: Case) -> dict:
    """What the case page shows besides the case itself."""
    stakeholders = list(case.stakeholders.select_related("organisation", "contact").order_by("id"))
    rows = stakeholder_rows(stakeholders)
    query = {"cases": case.pk}
    organisations = [s.organisation_id for s in stakeholders if s.organisation_id]
    if organisations:
        query["organisations"] = organisations
    return {
        "timeline": timeline(case=case),
        "deadlines": list(case.deadlines.all()),
        "stakeholder_rows": rows,
        "stance_changes": stance_changes(case=case),
        "stakeholder_map": map_layout(rows),
        "flagged": [row for row in rows if row["neglected"] or row["opposed_never_met"]],
        "neglect_days": NEGLECT_DAYS,
        "log_meeting_query": urlencode(query, doseq=True),
        "today": timezone.localdate(),
    }


def active_cases() -> QuerySet[Case]:
    return Case.objects.filter(stage__in=OPEN_STAGES)


# The map's order of influence: the most influential are drawn (and flagged) first.
INFLUENCE_RANK = models.Case(
    models.When(influence=Weight.HIGH, then=0), models.When(influence=Weight.MEDIUM, then=1), default=2
)


def stakeholder_map(*, limit: int = 400) -> dict:
    """The map across the active cases: the stakeholders of the active cases, the most influential first (at most
    ``limit``; ``shown`` and ``total`` say how many of how many), with their flags."""
    placed = CaseStakeholder.objects.filter(case__stage__in=OPEN_STAGES)
    stakeholders = list(
        placed.select_related("organisation", "contact", "case").order_by(INFLUENCE_RANK, "case__title", "id")[:limit]
    )
    rows = stakeholder_rows(stakeholders)
    return {
        "shown": len(stakeholders),
        "total": placed.count() if len(stakeholders) == limit else len(stakeholders),
        "stakeholder_map": map_layout(rows),
        "stakeholder_rows": rows,
        "flagged": [row for row in rows if row["neglected"] or row["opposed_never_met"]],
        "active_case_count": active_cases().count(),
        "neglect_days": NEGLECT_DAYS,
    }


def dashboard_cases(*, days: int = 30, limit: int = 10) -> dict:
    """The dashboard's advocacy part: consultation deadlines in the next ``days`` with the response's state, the cases
    by stage, and the high-influence partners not met for ``NEGLECT_DAYS`` days."""
    from ..models.cases import CaseStage

    today = timezone.localdate()
    upcoming = list(
        CaseDeadline.objects.filter(
            kind=DeadlineKind.CONSULTATION, date__gte=today, date__lte=today + datetime.timedelta(days=days)
        )
        .select_related("case")
        .order_by("date", "id")[:limit]
    )
    by_stage = dict(Case.objects.order_by().values_list("stage").annotate(n=Count("id")))
    stages = [{"stage": stage, "label": label, "count": by_stage.get(stage, 0)} for stage, label in CaseStage.choices]
    high = list(
        CaseStakeholder.objects.filter(case__stage__in=OPEN_STAGES, influence=Weight.HIGH)
        .select_related("organisation", "contact", "case")
        .order_by("case__title", "id")[:200]
    )
    neglected = [row for row in stakeholder_rows(high) if row["neglected"]][:limit]
    return {
        "case_deadlines": upcoming,
        "case_stages": stages,
        "case_neglected": neglected,
        "case_deadline_days": days,
        "neglect_days": NEGLECT_DAYS,
        "response_states": dict(ResponseState.choices),
    }


# The map's geometry (``templates/partners/charts/stakeholder_map.html``): stance across, influence up.
MAP_STANCES = (Stance.OPPOSES, Stance.UNKNOWN, Stance.NEUTRAL, Stance.SUPPORTS)
MAP_INFLUENCE = (Weight.HIGH, Weight.MEDIUM, Weight.LOW)
MAP_LEFT, MAP_TOP, MAP_COLUMN, MAP_ROW = 90, 10, 140, 110
MAP_CELL_DOTS = 24  # dots drawn per cell; the rest counted as "+N"
STANCE_COLOURS = {
    Stance.SUPPORTS: "#198754",
    Stance.NEUTRAL: "#6c757d",
    Stance.OPPOSES: "#dc3545",
    Stance.UNKNOWN: "#adb5bd",
}


def map_layout(rows: list[dict]) -> dict:
    """The SVG's cells, dots and overflow counts for the stakeholder rows (``stakeholder_rows``)."""
    stance_labels, weight_labels = dict(Stance.choices), dict(Weight.choices)
    cells: dict[tuple[int, int], list[dict]] = {}
    for row in rows:
        stakeholder = row["stakeholder"]
        column = MAP_STANCES.index(stakeholder.stance)
        line = MAP_INFLUENCE.index(stakeholder.influence)
        cells.setdefault((column, line), []).append(row)
    dots, overflow = [], []
    for (column, line), members in cells.items():
        for index, row in enumerate(members[:MAP_CELL_DOTS]):
            stakeholder = row["stakeholder"]
            dots.append(
                {
                    **row,
                    "x": MAP_LEFT + column * MAP_COLUMN + 16 + (index % 6) * 22,
                    "y": MAP_TOP + line * MAP_ROW + 18 + (index // 6) * 24,
                    "r": 4 + min(row["recent_meetings"], 8),
                    "colour": STANCE_COLOURS[stakeholder.stance],
                    "label": str(row["party"]),
                    "stance_label": stance_labels[stakeholder.stance],
                }
            )
        if len(members) > MAP_CELL_DOTS:
            overflow.append(
                {
                    "x": MAP_LEFT + (column + 1) * MAP_COLUMN - 6,
                    "y": MAP_TOP + (line + 1) * MAP_ROW - 6,
                    "count": len(members) - MAP_CELL_DOTS,
                }
            )
    return {
        "dots": dots,
        "overflow": overflow,
        "columns": [
            {
                "x": MAP_LEFT + i * MAP_COLUMN,
                "mid": MAP_LEFT + i * MAP_COLUMN + MAP_COLUMN // 2,
                "label": stance_labels[s],
            }
            for i, s in enumerate(MAP_STANCES)
        ],
        "lines": [
            {"y": MAP_TOP + i * MAP_ROW, "mid": MAP_TOP + i * MAP_ROW + MAP_ROW // 2, "label": weight_labels[w]}
            for i, w in enumerate(MAP_INFLUENCE)
        ],
        "width": MAP_LEFT + len(MAP_STANCES) * MAP_COLUMN + 10,
        "height": MAP_TOP + len(MAP_INFLUENCE) * MAP_ROW + 40,
        "plot_right": MAP_LEFT + len(MAP_STANCES) * MAP_COLUMN,
        "plot_bottom": MAP_TOP + len(MAP_INFLUENCE) * MAP_ROW,
    }
