import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Contact
from .base import MAIN_CELL, BaseTable, DateColumn, FlagColumn, ManyColumn


class ContactTable(BaseTable):
    full_name = tables.Column(
        linkify=True,
        verbose_name=_("Name"),
        order_by=("last_name", "first_name", "id"),
        empty_values=(),
        attrs=MAIN_CELL,
    )
    # Sortable: kept columns, each with an index (column, last name, first name, id).
    primary_organisation_name = tables.Column(
        verbose_name=_("Organisation"), order_by=("primary_organisation_name", "last_name", "first_name", "id")
    )
    primary_title = tables.Column(verbose_name=_("Title"), order_by=("primary_title", "last_name", "first_name", "id"))
    email = tables.EmailColumn(verbose_name=_("E-mail"))
    phone = tables.Column(verbose_name=_("Phone"))
    tags = ManyColumn(verbose_name=_("Tags"), linkify_item=False)
    owner = tables.Column(verbose_name=_("Relationship owner"), order_by=("owner__first_name", "owner__username"))
    do_not_contact = FlagColumn(verbose_name=_("Do not contact"), kind="do_not_contact", yes=_("Do not contact"))
    last_meeting = DateColumn(verbose_name=_("Last meeting"))
    is_active = FlagColumn(verbose_name=_("Active"), kind="active", yes=_("Active"), no=_("Inactive"))
    created_at = DateColumn(verbose_name=_("Created"))

    class Meta(BaseTable.Meta):
        model = Contact
        fields = (
            "full_name",
            "primary_organisation_name",
            "primary_title",
            "email",
            "phone",
            "tags",
            "owner",
            "do_not_contact",
            "last_meeting",
            "is_active",
            "created_at",
        )
        sequence = fields
        # The title is shown under the organisation by default (a separate column is there to sort by it).
        default_columns = ("full_name", "primary_organisation_name", "email", "phone", "last_meeting")
        locked_columns = ("full_name",)

    def render_full_name(self, value, record):
        if record.do_not_contact:
            return format_html(
                '{} <i class="bi bi-slash-circle text-danger" title="{}" aria-label="{}"></i>',
                value,
                _("Do not contact"),
                _("Do not contact"),
            )
        return value

    def render_primary_organisation_name(self, value, record):
        url = reverse("organisation_detail", args=[record.primary_organisation_id])
        if record.primary_title and not self.columns["primary_title"].visible:
            return format_html(
                '<a href="{}">{}</a><div class="small text-body-secondary">{}</div>', url, value, record.primary_title
            )
        return format_html('<a href="{}">{}</a>', url, value)

    def render_owner(self, value):
        return value.get_full_name() or value.get_username()
