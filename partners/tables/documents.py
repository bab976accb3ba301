import django_tables2 as tables
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Document
from .base import MAIN_CELL, NOWRAP_CELL, BaseTable, DateColumn, LocalDateTimeColumn
from .meetings import ChoiceBadgeColumn, person_label


class DocumentTable(BaseTable):
    title = tables.Column(verbose_name=_("Title"), linkify=True, attrs=MAIN_CELL)
    kind = ChoiceBadgeColumn(verbose_name=_("Kind"))
    date = DateColumn(verbose_name=_("Date"))
    record = tables.Column(verbose_name=_("Attached to"), orderable=False, empty_values=(None, ""))
    content_type = tables.Column(verbose_name=_("File type"), attrs=NOWRAP_CELL)
    size = tables.Column(verbose_name=_("Size"), attrs={"td": {"class": "text-end text-nowrap"}})
    uploaded_by = tables.Column(
        verbose_name=_("Uploaded by"),
        order_by=("uploaded_by__first_name", "uploaded_by__last_name", "uploaded_by__username"),
    )
    created_at = LocalDateTimeColumn(verbose_name=_("Uploaded"))
    download = tables.Column(verbose_name=_("File"), accessor="pk", orderable=False, empty_values=())

    class Meta(BaseTable.Meta):
        model = Document
        fields = ("title", "kind", "date", "record", "content_type", "size", "uploaded_by", "created_at", "download")
        sequence = fields
        optional_columns = ("size", "uploaded_by", "created_at")
        locked_columns = ("title",)

    def render_record(self, value):
        url = value.get_absolute_url() if hasattr(value, "get_absolute_url") else ""
        label = f"{value._meta.verbose_name.capitalize()}: {value}"
        return format_html('<a href="{}">{}</a>', url, label) if url else label

    def render_size(self, value):
        return filesizeformat(value)

    def render_uploaded_by(self, value):
        return person_label(value)

    def render_download(self, record):
        return format_html(
            '<a href="{}" class="text-nowrap"><i class="bi bi-download" aria-hidden="true"></i> {}</a>',
            record.get_download_url(),
            _("Download"),
        )
