import django_tables2 as tables
from django.template.defaultfilters import date as date_filter
from django.utils.translation import gettext_lazy as _

from ..models import Area
from ..templatetags.partners_ui import url_or_none
from .base import MAIN_CELL, BadgeColumn, BaseTable, DateColumn


def filtered_list_link(url_name: str, parameter: str):
    """A cell link to another list filtered by this row (no link while that list does not exist yet)."""

    def link(record):
        url = url_or_none(url_name)
        return f"{url}?{parameter}={record.pk}" if url else None

    return link


class AreaTable(BaseTable):
    name = tables.Column(linkify=True, verbose_name=_("Name"), attrs=MAIN_CELL)
    municipality = tables.Column(linkify=True, verbose_name=_("Municipality"), order_by=("municipality__name",))
    list_status = BadgeColumn(verbose_name=_("List status"), kind="list_status")
    list_year = tables.Column(verbose_name=_("List year"))
    masterplan = tables.Column(
        verbose_name=_("Helhedsplan"),
        accessor="masterplan_start",
        order_by=("masterplan_start", "masterplan_end"),
        empty_values=(None, ""),
        attrs={"td": {"class": "text-nowrap"}},
    )
    estate_count = tables.Column(
        verbose_name=_("Estates"),
        linkify=filtered_list_link("organisation_list", "areas"),
        attrs={"td": {"class": "text-end"}},
    )
    collaboration_count = tables.Column(
        verbose_name=_("Collaborations"),
        linkify=filtered_list_link("collaboration_list", "areas"),
        attrs={"td": {"class": "text-end"}},
    )
    created_at = DateColumn(verbose_name=_("Created"))

    class Meta(BaseTable.Meta):
        model = Area
        fields = (
            "name",
            "municipality",
            "list_status",
            "list_year",
            "masterplan",
            "estate_count",
            "collaboration_count",
            "created_at",
        )
        sequence = fields
        optional_columns = ("created_at",)
        locked_columns = ("name",)

    def render_masterplan(self, value, record):
        end = date_filter(record.masterplan_end, "SHORT_DATE_FORMAT") if record.masterplan_end else "…"
        return f"{date_filter(value, 'SHORT_DATE_FORMAT')} – {end}"
