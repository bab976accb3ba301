"""The yearly figures for the annual report (Årsskrift): grouped aggregates over one calendar year, 12 queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Area, Case, CaseEvent, CaseStakeholder, Collaboration, Event, FigureDimension, Meeting, Theme
from ..models.cases import CaseEventKind, CaseOutcome, CaseStage
from ..models.events import FIGURES
from ..models.meetings import MeetingKind
from ..models.organisations import OrganisationKind
from ..reporting import figures
from .events import figure_counts
from .meetings import related_count

FIRST_YEAR = 1990  # the register holds nothing older; earlier years are a friendly "not found"
LAST_YEAR = 2100
TOP = 10
REPORT_FIGURES = ("invited", "accepted", "attended")  # per event, as ``models.events.FIGURES`` defines them


def _aware(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def _month_after(day: datetime.date) -> datetime.date:
    """The first of the month after the one of the day before ``day`` (the end of the months that hold the days
    before ``day``)."""
    last = day - datetime.timedelta(days=1)
    return datetime.date(last.year + (last.month == 12), last.month % 12 + 1, 1)


def year_is_reportable(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=tz),
        datetime.datetime(year + 1, 1, 1, tzinfo=tz),
    )


@dataclass
class YearReport:
    year: int
    meeting_count: int  # held: on or before today (``figures.held_until``)
    planned_count: int  # planned: after today, within the year
    meetings_by_kind: list[tuple[str, int]]
    meetings_by_partner_kind: list[tuple[str, int]]
    organisations_met: int
    new_collaborations: list[Collaboration]
    ended_collaborations: list[Collaboration]
    events: list[Event]
    top_themes: list[tuple[str, int]]
    top_areas: list[tuple[str, int]]
    # Advocacy (issue 16): the cases open at some time in the year, those decided in it, the responses given.
    cases: list[Case] = ()  # with stakeholder_count, organisations_engaged (met that year about the case)
    cases_by_stage: list[tuple[str, int]] = ()
    cases_by_outcome: list[tuple[str, int]] = ()  # the cases decided in the year
    consultation_responses: list[CaseEvent] = ()

    def export_rows(self) -> list[list]:
        """(section, item, value) rows: the figures as the annual report's spreadsheet wants them."""
        rows: list[list] = [
            [_("Meetings"), _("Held"), self.meeting_count],
            [_("Meetings"), _("Planned"), self.planned_count],
        ]
        rows += [[_("Meetings by kind"), label, n] for label, n in self.meetings_by_kind]
        rows += [[_("Meetings by partner kind"), label, n] for label, n in self.meetings_by_partner_kind]
        rows.append([_("Organisations met"), _("Total"), self.organisations_met])
        rows.append([_("New collaborations"), _("Total"), len(self.new_collaborations)])
        rows += [[_("New collaborations"), c.title, c.start_date.isoformat()] for c in self.new_collaborations]
        rows.append([_("Ended collaborations"), _("Total"), len(self.ended_collaborations)])
        rows += [[_("Ended collaborations"), c.title, c.end_date.isoformat()] for c in self.ended_collaborations]
        for event in self.events:
            rows += [
                [_("Event: %(figure)s") % {"figure": str(FIGURES[key].label).lower()}, event.name, getattr(event, key)]
                for key in REPORT_FIGURES
            ]
        rows += [[_("Top themes"), name, n] for name, n in self.top_themes]
        rows += [[_("Top housing areas"), name, n] for name, n in self.top_areas]
        rows += [[_("Cases by stage"), label, n] for label, n in self.cases_by_stage]
        rows += [[_("Cases by outcome"), label, n] for label, n in self.cases_by_outcome]
        rows.append([_("Consultation responses"), _("Total"), len(self.consultation_responses)])
        rows += [[_("Consultation responses"), str(e.case), e.date.isoformat()] for e in self.consultation_responses]
        rows += [[_("Partners engaged per case"), c.title, c.organisations_engaged] for c in self.cases]
        return rows


def year_report(*, year: int, today: datetime.date | None = None) -> YearReport:
    """The figures of ``year``: meeting counts from ``partners.reporting.figures`` (kept current by the database), the rest
    grouped here; nothing is cached by time (see docs/dashboard.md). The meetings counted are those held (up to and
    including today); the ones planned later in the year are counted apart."""
    start, end = year_bounds(year)
    first, after = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    held_end = min(after, max(first, figures.held_until(today or timezone.localdate())))
    figures.refresh(first, after, organisations=True)
    by_kind, by_partner_kind, theme_counts, area_counts = (
        figures.totals_by_key(figures.counts(dimension, first, held_end, fresh=True))
        for dimension in (
            FigureDimension.KIND,
            FigureDimension.PARTNER_KIND,
            FigureDimension.THEME,
            FigureDimension.AREA,
        )
    )
    # Organisations are counted by month: those met in the months up to the one of today.
    organisations_met = figures.organisations_met(
        first, _month_after(held_end) if held_end < after else after, fresh=True
    )
    planned = (
        Meeting.objects.filter(starts_at__gte=_aware(held_end), starts_at__lt=end).count() if held_end < after else 0
    )
    kind_labels = dict(OrganisationKind.choices)
    return YearReport(
        year=year,
        meeting_count=sum(by_kind.values()),
        planned_count=planned,
        meetings_by_kind=[(str(label), by_kind.get(kind, 0)) for kind, label in MeetingKind.choices],
        meetings_by_partner_kind=sorted(
            ((str(kind_labels.get(kind, kind)), n) for kind, n in by_partner_kind.items()), key=lambda p: -p[1]
        ),
        organisations_met=organisations_met,
        new_collaborations=list(
            Collaboration.objects.filter(start_date__year=year).order_by("start_date", "title", "id")
        ),
        ended_collaborations=list(
            Collaboration.objects.filter(end_date__year=year).order_by("end_date", "title", "id")
        ),
        events=list(
            Event.objects.filter(starts_at__gte=start, starts_at__lt=end)
            .annotate(**figure_counts(*REPORT_FIGURES, prefix="invitations__"))
            .order_by("starts_at", "id")
        ),
        top_themes=_top(Theme, theme_counts),
        top_areas=_top(Area, area_counts),
        **_year_cases(first, after, start, end),
    )


def _year_cases(first: datetime.date, after: datetime.date, start, end) -> dict:
    """The year's advocacy: the cases open at some time in it (created before its end, not decided before it) with the
    partners engaged (the stakeholders placed, and the organisations met that year in meetings about the case), the
    cases by their stage now, those decided in the year by outcome, and the consultation responses given: 2 queries."""
    met = Meeting.organisations.through.objects.filter(
        meeting__cases=OuterRef("pk"), meeting__starts_at__gte=start, meeting__starts_at__lt=end
    )
    cases = list(
        Case.objects.filter(created_at__lt=end)
        .exclude(outcome_date__lt=first)
        .annotate(
            stakeholder_count=related_count(CaseStakeholder.objects.filter(case=OuterRef("pk")), "case"),
            organisations_engaged=Coalesce(
                Subquery(
                    met.order_by()
                    .annotate(one=Value(1))
                    .values("one")
                    .annotate(n=Count("organisation_id", distinct=True))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .order_by("title", "id")
    )
    stages = {stage: 0 for stage in CaseStage.values}
    outcomes = {outcome: 0 for outcome in CaseOutcome.values}
    for case in cases:
        stages[case.stage] += 1
        if case.outcome and case.outcome_date and first <= case.outcome_date < after:
            outcomes[case.outcome] += 1
    stage_labels, outcome_labels = dict(CaseStage.choices), dict(CaseOutcome.choices)
    return {
        "cases": cases,
        "cases_by_stage": [(str(stage_labels[k]), n) for k, n in stages.items()],
        "cases_by_outcome": [(str(outcome_labels[k]), n) for k, n in outcomes.items()],
        "consultation_responses": list(
            CaseEvent.objects.filter(kind=CaseEventKind.CONSULTATION_RESPONSE, date__gte=first, date__lt=after)
            .select_related("case")
            .order_by("date", "id")
        ),
    }


def _top(model, found: dict[int, int]) -> list[tuple[str, int]]:
    """The ``TOP`` largest counts by id as (name, count), largest first, then by name: 1 query."""
    names = dict(model.objects.filter(pk__in=found).values_list("id", "name"))
    pairs = sorted(((names[pk], n) for pk, n in found.items() if pk in names), key=lambda pair: (-pair[1], pair[0]))
    return pairs[:TOP]
