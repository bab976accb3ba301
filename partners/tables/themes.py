import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from ..models import Theme
from .base import BaseTable
from .tags import StatusColumn, count_column


class ThemeTable(BaseTable):
    name = tables.Column(linkify=True, verbose_name=_("Name"))
    description = tables.Column(verbose_name=_("Description"))
    is_active = StatusColumn()
    collaborations_count = count_column(_("Collaborations"), "collaboration_list", "themes")
    meetings_count = count_column(_("Meetings"), "meeting_list", "themes")

    class Meta(BaseTable.Meta):
        model = Theme
        fields = ("name", "description", "is_active", "collaborations_count", "meetings_count")
        sequence = fields
        optional_columns = ("description",)
        locked_columns = ("name",)
