"""The yearly figures for the annual report (Årsskrift): grouped aggregates over one calendar year, 12 queries."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Area, Collaboration, Event, FigureDimension, Meeting, Theme
from ..models.events import FIGURES
from ..models.meetings import MeetingKind
from ..models.organisations import OrganisationKind
from ..reporting import figures
from .events import figure_counts

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
    )


def _top(model, found: dict[int, int]) -> list[tuple[str, int]]:
    """The ``TOP`` largest counts by id as (name, count), largest first, then by name: 1 query."""
    names = dict(model.objects.filter(pk__in=found).values_list("id", "name"))
    pairs = sorted(((names[pk], n) for pk, n in found.items() if pk in names), key=lambda pair: (-pair[1], pair[0]))
    return pairs[:TOP]
