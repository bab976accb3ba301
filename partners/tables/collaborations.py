import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Collaboration
from ..models.collaborations import COLLABORATION_SUMMARY, PartnerRole
from .base import MAIN_CELL, DateColumn
from .meetings import ChoiceBadgeColumn, CompactTable, RowsColumn, person_label


class PartnersColumn(RowsColumn):
    """Partner organisations, the lead first and marked as such."""

    def item(self, row: dict):
        link = super().item(row)
        if row.get("role") == PartnerRole.LEAD:
            return format_html(
                '<strong>{}</strong> <span class="text-body-secondary small">({})</span>',
                link,
                str(PartnerRole.LEAD.label).lower(),
            )
        return link


def short_date(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


class CollaborationTable(CompactTable):
    title = tables.Column(verbose_name=_("Title"), linkify=True, attrs=MAIN_CELL)
    kind = ChoiceBadgeColumn(verbose_name=_("Kind"))
    status = ChoiceBadgeColumn(verbose_name=_("Status"), kind="collaboration")
    partners = PartnersColumn(accessor="partner_rows", url_name="organisation_detail", verbose_name=_("Partners"))
    themes = RowsColumn(accessor="theme_rows", verbose_name=_("Themes"))
    areas = RowsColumn(accessor="area_rows", url_name="area_detail", verbose_name=_("Housing areas"))
    responsible = tables.Column(
        verbose_name=_("Responsible"),
        order_by=("responsible__first_name", "responsible__last_name", "responsible__username"),
    )
    period = tables.Column(
        verbose_name=_("Period"), accessor="start_date", order_by=("start_date", "end_date"), empty_values=()
    )
    last_meeting = DateColumn(verbose_name=_("Last meeting"))
    meeting_count = tables.Column(
        verbose_name=_("Meetings"),
        linkify=lambda record: (
            f"{reverse('meeting_list')}?collaborations={record.pk}" if record.meeting_count else None
        ),
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )
    start_date = DateColumn(verbose_name=_("Start date"))
    end_date = DateColumn(verbose_name=_("End date"))

    class Meta(CompactTable.Meta):
        model = Collaboration
        fields = (
            *COLLABORATION_SUMMARY,
            "period",
            "start_date",
            "end_date",
            "last_meeting",
            "meeting_count",
            "created_at",
        )
        sequence = fields
        optional_columns = ("themes", "areas", "start_date", "end_date", "created_at")
        locked_columns = ("title",)

    def render_responsible(self, value):
        return person_label(value)

    def render_period(self, record):
        start, end = short_date(record.start_date), short_date(record.end_date)
        if not start and not end:
            return "–"
        return f"{start or '?'} – {end}"
