import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from ..models import Theme
from .tags import LabelTable, count_column


class ThemeTable(LabelTable):
    description = tables.Column(verbose_name=_("Description"))
    collaborations_count = count_column(_("Collaborations"), "collaboration_list", "themes")
    meetings_count = count_column(_("Meetings"), "meeting_list", "themes")

    class Meta(LabelTable.Meta):
        model = Theme
        fields = ("name", "description", "is_active", "collaborations_count", "meetings_count")
        sequence = fields
        optional_columns = ("description",)
