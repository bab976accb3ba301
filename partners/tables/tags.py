"""The tag list, and the columns the theme list shares with it (``tables/themes.py``)."""

import django_tables2 as tables
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ..models import Tag
from ..ui.badges import status_badge
from .areas import filtered_list_link
from .base import MAIN_CELL, BaseTable


class StatusColumn(tables.Column):
    """In use, or retired (kept on its records, not offered for new use)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", _("Status"))
        kwargs.setdefault("accessor", "is_active")
        super().__init__(**kwargs)

    def render(self, value):
        return status_badge("label", bool(value), _("In use") if value else _("Retired"))


def count_column(label: str, list_url: str, parameter: str) -> tables.Column:
    """How many records of a kind carry the row's label, linked (when there are any) to their list filtered by it."""
    link = filtered_list_link(list_url, parameter)
    return tables.Column(
        verbose_name=label,
        linkify=lambda record, value: link(record) if value else None,
        attrs={"td": {"class": "text-end"}},
    )


class LabelTable(BaseTable):
    """A tag's or a theme's name and status; sorted by name whatever the case of its letters."""

    name = tables.Column(linkify=True, verbose_name=_("Name"), attrs=MAIN_CELL)
    is_active = StatusColumn()

    class Meta(BaseTable.Meta):
        locked_columns = ("name",)

    def order_name(self, queryset, is_descending: bool):
        name = Lower("name")
        return queryset.order_by(name.desc() if is_descending else name.asc(), "pk"), True


class TagTable(LabelTable):
    organisations_count = count_column(_("Organisations"), "organisation_list", "tags")
    contacts_count = count_column(_("Contacts"), "contact_list", "tags")

    class Meta(LabelTable.Meta):
        model = Tag
        fields = ("name", "is_active", "organisations_count", "contacts_count")
        sequence = fields
