import django_tables2 as tables
from django.db.models import F
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Organisation
from .base import MAIN_CELL, BadgeColumn, BaseTable, DateColumn, FlagColumn, ManyColumn


class OrganisationTable(BaseTable):
    name = tables.Column(linkify=True, verbose_name=_("Name"), attrs=MAIN_CELL)
    kind = BadgeColumn(verbose_name=_("Kind"))
    parent = tables.Column(linkify=True, verbose_name=_("Parent organisation"), order_by=("parent__name",))
    tags = ManyColumn(verbose_name=_("Tags"), linkify_item=False)
    owner = tables.Column(verbose_name=_("Relationship owner"), order_by=("owner__first_name", "owner__username"))
    # Sortable: each row's last meeting is one probe of the links' (organisation, start) index (see MeetingLink).
    last_meeting = DateColumn(verbose_name=_("Last meeting"))
    # Sortable: a kept column with an index (contact_count, name, id).
    contact_count = tables.Column(
        verbose_name=_("Contacts"),
        order_by=("contact_count", "name", "id"),
        empty_values=(None, "", 0),  # none yet reads as "—", as every other empty cell
        linkify=lambda record: f"/contacts/?organisation={record.pk}",
        attrs={"td": {"class": "text-end"}},
    )
    is_key_partner = FlagColumn(verbose_name=_("Key partner"), kind="key_partner", yes=_("Key partner"))
    is_active = FlagColumn(verbose_name=_("Active"), kind="active", yes=_("Active"), no=_("Inactive"))

    class Meta(BaseTable.Meta):
        model = Organisation
        fields = (
            "name",
            "short_name",
            "kind",
            "parent",
            "cvr",
            "city",
            "phone",
            "email",
            "tags",
            "owner",
            "is_key_partner",
            "is_active",
            "last_meeting",
            "contact_count",
            "created_at",
        )
        sequence = fields
        default_columns = ("name", "kind", "parent", "owner", "last_meeting", "contact_count")
        locked_columns = ("name",)

    def order_last_meeting(self, queryset, is_descending: bool):
        """Oldest first puts the never-met organisations first (the most neglected); newest first puts them last."""
        field = F("last_meeting")
        ordering = field.desc(nulls_last=True) if is_descending else field.asc(nulls_first=True)
        return queryset.order_by(ordering, "name", "pk"), True

    def render_name(self, record, value):
        """The name with the short name people use beside it, e.g. "Landsbyggefonden LBF"."""
        if record.short_name and record.display_name != value:
            return format_html('{} <span class="text-body-secondary small">{}</span>', value, record.short_name)
        return value

    def render_owner(self, value):
        return value.get_full_name() or value.get_username()
