"""The tag list, and the columns the theme list shares with it (``tables/themes.py``)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Tag
from .areas import filtered_list_link
from .base import BaseTable


class StatusColumn(tables.Column):
    """In use, or retired (kept on its records, not offered for new use)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", _("Status"))
        kwargs.setdefault("accessor", "is_active")
        super().__init__(**kwargs)

    def render(self, value):
        if value:
            return format_html('<span class="badge text-bg-light border">{}</span>', _("In use"))
        return format_html('<span class="badge text-bg-secondary">{}</span>', _("Retired"))


def count_column(label: str, list_url: str, parameter: str) -> tables.Column:
    """How many records of a kind carry the row's label, linked to their list filtered by it."""
    return tables.Column(
        verbose_name=label, linkify=filtered_list_link(list_url, parameter), attrs={"td": {"class": "text-end"}}
    )


class TagTable(BaseTable):
    name = tables.Column(linkify=True, verbose_name=_("Name"))
    is_active = StatusColumn()
    organisations_count = count_column(_("Organisations"), "organisation_list", "tags")
    contacts_count = count_column(_("Contacts"), "contact_list", "tags")

    class Meta(BaseTable.Meta):
        model = Tag
        fields = ("name", "is_active", "organisations_count", "contacts_count")
        sequence = fields
        locked_columns = ("name",)
