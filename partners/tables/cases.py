import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from ..models import Case
from .base import MAIN_CELL, DateColumn
from .meetings import ChoiceBadgeColumn, CompactTable, RowsColumn, person_label

NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


class CaseTable(CompactTable):
    title = tables.Column(verbose_name=_("Title"), linkify=True, attrs=MAIN_CELL)
    stage = ChoiceBadgeColumn(verbose_name=_("Stage"))
    level = ChoiceBadgeColumn(verbose_name=_("Level"))
    outcome = ChoiceBadgeColumn(verbose_name=_("Outcome"))
    themes = RowsColumn(accessor="theme_rows", verbose_name=_("Themes"))
    areas = RowsColumn(accessor="area_rows", url_name="area_detail", verbose_name=_("Housing areas"))
    owner = tables.Column(
        verbose_name=_("Owner"), order_by=("owner__first_name", "owner__last_name", "owner__username")
    )
    next_deadline = DateColumn(verbose_name=_("Next key date"))
    meeting_count = tables.Column(verbose_name=_("Meetings"), attrs=NUMBER)
    stakeholder_count = tables.Column(verbose_name=_("Stakeholders"), attrs=NUMBER)

    class Meta(CompactTable.Meta):
        model = Case
        fields = (
            "title",
            "stage",
            "level",
            "outcome",
            "themes",
            "areas",
            "owner",
            "next_deadline",
            "meeting_count",
            "stakeholder_count",
            "created_at",
        )
        sequence = fields
        optional_columns = ("outcome", "areas", "stakeholder_count", "created_at")
        locked_columns = ("title",)

    def render_owner(self, value):
        return person_label(value)
