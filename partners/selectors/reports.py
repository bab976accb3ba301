"""The yearly figures for the annual report (Årsskrift): grouped aggregates over one calendar year, 12 queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Area, Collaboration, Event, FigureDimension, Theme
from ..models.events import InvitationStatus
from ..models.meetings import MeetingKind
from ..models.organisations import OrganisationKind
from ..reporting import figures

FIRST_YEAR = 1990  # the register holds nothing older; earlier years are a friendly "not found"
LAST_YEAR = 2100
TOP = 10

# An invitation counts as "invited" once sent, as "accepted" when the person said yes (whether they came or not).
SENT = [s for s in InvitationStatus.values if s != InvitationStatus.DRAFT]
ACCEPTED = [InvitationStatus.ACCEPTED, InvitationStatus.ATTENDED, InvitationStatus.NO_SHOW]


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
    meeting_count: int
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
        rows: list[list] = [[_("Meetings"), _("Total"), self.meeting_count]]
        rows += [[_("Meetings by kind"), label, n] for label, n in self.meetings_by_kind]
        rows += [[_("Meetings by partner kind"), label, n] for label, n in self.meetings_by_partner_kind]
        rows.append([_("Organisations met"), _("Total"), self.organisations_met])
        rows.append([_("New collaborations"), _("Total"), len(self.new_collaborations)])
        rows += [[_("New collaborations"), c.title, c.start_date.isoformat()] for c in self.new_collaborations]
        rows.append([_("Ended collaborations"), _("Total"), len(self.ended_collaborations)])
        rows += [[_("Ended collaborations"), c.title, c.end_date.isoformat()] for c in self.ended_collaborations]
        for event in self.events:
            rows += [
                [_("Event: invited"), event.name, event.invited],
                [_("Event: accepted"), event.name, event.accepted],
                [_("Event: attended"), event.name, event.attended],
            ]
        rows += [[_("Top themes"), name, n] for name, n in self.top_themes]
        rows += [[_("Top housing areas"), name, n] for name, n in self.top_areas]
        return rows


def year_report(*, year: int) -> YearReport:
    """The figures of ``year``: meeting counts from ``partners.reporting.figures`` (kept current by the database), the rest
    grouped here; nothing is cached by time (see docs/dashboard.md)."""
    start, end = year_bounds(year)
    first, after = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    figures.refresh(first, after, organisations=True)
    by_kind, by_partner_kind, theme_counts, area_counts = (
        figures.totals_by_key(figures.counts(dimension, first, after, fresh=True))
        for dimension in (
            FigureDimension.KIND,
            FigureDimension.PARTNER_KIND,
            FigureDimension.THEME,
            FigureDimension.AREA,
        )
    )
    organisations_met = figures.organisations_met(first, after, fresh=True)
    kind_labels = dict(OrganisationKind.choices)
    return YearReport(
        year=year,
        meeting_count=sum(by_kind.values()),
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
            .annotate(
                invited=Count("invitations", filter=Q(invitations__status__in=SENT)),
                accepted=Count("invitations", filter=Q(invitations__status__in=ACCEPTED)),
                attended=Count("invitations", filter=Q(invitations__status=InvitationStatus.ATTENDED)),
            )
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
