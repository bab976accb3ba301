import django_tables2 as tables
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ..models import FollowUp, Meeting
from ..models.meetings import MEETING_LINKS, FollowUpState
from ..ui.badges import status_badge
from .base import MAIN_CELL, BadgeColumn, BaseTable, DateColumn, LocalDateTimeColumn


def detail_url(url_name: str | None, pk) -> str | None:
    """The detail page of a related row, or None while that page does not exist yet."""
    if not url_name:
        return None
    try:
        return reverse(url_name, args=[pk])
    except NoReverseMatch:
        return None


class RowsColumn(tables.Column):
    """Related rows annotated as a JSON list (``selectors.meetings.related_rows``): no query per row."""

    def __init__(self, *args, url_name: str | None = None, **kwargs):
        self.url_name = url_name
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", (None, "", []))  # no related rows: the table's "—"
        super().__init__(*args, **kwargs)

    def label(self, row: dict) -> str:
        return row.get("name") or ""

    def item(self, row: dict):
        url = detail_url(self.url_name, row["id"])
        if url:
            return format_html('<a href="{}">{}</a>', url, self.label(row))
        return format_html("{}", self.label(row))

    def render(self, value):
        return format_html_join(", ", "{}", ((self.item(row),) for row in value))

    def value(self, value):
        return ", ".join(self.label(row) for row in value or ())


class PeopleColumn(RowsColumn):
    """Staff users from ``selectors.meetings.person_rows``: full name, else the username."""

    def label(self, row: dict) -> str:
        return f"{row.get('first_name') or ''} {row.get('last_name') or ''}".strip() or row.get("username", "")


class ChoiceBadgeColumn(BadgeColumn):
    """A choice as a lighter badge that may wrap, for the lists with many columns."""

    badge_extra_class = "text-wrap fw-normal px-1"


class CompactTable(BaseTable):
    """Lists with many columns: a smaller font, so they fit beside the filter panel."""

    class Meta(BaseTable.Meta):
        attrs = {"class": "table table-hover table-sm align-middle mb-0 small"}


def person_label(user) -> str:
    return user.get_full_name() or user.get_username()


class MeetingTable(CompactTable):
    starts_at = LocalDateTimeColumn(verbose_name=_("Date and time"), linkify=True)
    kind = ChoiceBadgeColumn(verbose_name=_("Kind"))
    subject = tables.Column(verbose_name=_("Subject"), linkify=True, attrs=MAIN_CELL)
    organisations = RowsColumn(
        accessor="organisation_rows", url_name="organisation_detail", verbose_name=_("Organisations")
    )
    contacts = RowsColumn(accessor="contact_rows", url_name="contact_detail", verbose_name=_("Contacts"))
    staff = PeopleColumn(accessor="staff_rows", verbose_name=_("Staff"))
    collaborations = RowsColumn(
        accessor="collaboration_rows", url_name="collaboration_detail", verbose_name=_("Collaborations")
    )
    areas = RowsColumn(accessor="area_rows", url_name="area_detail", verbose_name=_("Housing areas"))
    themes = RowsColumn(accessor="theme_rows", verbose_name=_("Themes"))
    # A short header (the list is wide); the tooltip says that the number counts the open ones.
    open_follow_up_count = tables.Column(
        verbose_name=_("Follow-ups"),
        # Sorted by the kept count (Meeting.open_follow_ups, indexed with the list's default order).
        order_by=("open_follow_ups", "-starts_at", "-id"),
        linkify=lambda record: (
            f"{reverse('followup_list')}?meeting={record.pk}&state={FollowUpState.OPEN}"
            if record.open_follow_up_count
            else None
        ),
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end", "title": _("Open follow-ups")}},
    )
    created_at = LocalDateTimeColumn(verbose_name=_("Created"))

    class Meta(CompactTable.Meta):
        model = Meeting
        fields = (
            "starts_at",
            "kind",
            "subject",
            *MEETING_LINKS,
            "open_follow_up_count",
            "created_at",
        )
        sequence = fields
        optional_columns = ("collaborations", "areas", "themes", "created_at")
        locked_columns = ("subject",)


STATE_LABELS = {FollowUpState.OPEN: _("Open"), FollowUpState.OVERDUE: _("Overdue"), FollowUpState.DONE: _("Done")}


class FollowUpTable(CompactTable):
    text = tables.Column(verbose_name=_("Follow-up"), linkify=True, attrs=MAIN_CELL)
    meeting = tables.Column(verbose_name=_("Meeting"), linkify=True, order_by=("meeting__starts_at", "meeting__id"))
    organisations = RowsColumn(
        accessor="organisation_rows", url_name="organisation_detail", verbose_name=_("Organisations")
    )
    owner = tables.Column(
        verbose_name=_("Owner"), order_by=("owner__first_name", "owner__last_name", "owner__username")
    )
    due_date = DateColumn(verbose_name=_("Due date"))
    state = tables.Column(verbose_name=_("Status"), order_by=("done_at", "due_date"))
    done_at = LocalDateTimeColumn(verbose_name=_("Done at"))
    actions = tables.TemplateColumn(
        template_name="partners/followup_actions_column.html",
        verbose_name=_("Actions"),
        orderable=False,
        exclude_from_export=True,
        empty_values=(),
    )

    class Meta(CompactTable.Meta):
        model = FollowUp
        fields = ("text", "meeting", "organisations", "owner", "due_date", "state", "done_at", "actions")
        sequence = fields
        optional_columns = ("done_at",)
        locked_columns = ("text",)
        row_attrs = {"class": lambda record: "follow-up-overdue" if record.state == FollowUpState.OVERDUE else ""}

    def render_text(self, value):
        short = Truncator(value).chars(120)
        return format_html('<span title="{}">{}</span>', value, short) if short != value else value

    def render_meeting(self, value):
        return format_html(
            '{} <span class="text-body-secondary text-nowrap">{}</span>',
            value.subject,
            date_format(timezone.localtime(value.starts_at), "SHORT_DATE_FORMAT"),
        )

    def render_owner(self, value):
        return person_label(value)

    def render_state(self, value):
        return status_badge("follow_up", value, STATE_LABELS.get(value, value))
