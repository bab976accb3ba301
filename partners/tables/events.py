import django_tables2 as tables
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from ..models import Event, Invitation
from ..models.events import FIGURES
from .base import MAIN_CELL, BadgeColumn, BaseTable, LocalDateTimeColumn

COUNT_ATTRS = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


def _event_invitations_url(event: Event, **query) -> str:
    url = reverse("event_detail", args=[event.pk])
    return f"{url}?{urlencode(query, doseq=True)}#invitations" if query else f"{url}#invitations"


def _count_column(figure_key: str) -> tables.Column:
    """A figure of the guest list (``models.events.FIGURES``) that links to the event's invitations it counts."""
    figure = FIGURES[figure_key]
    query = {} if figure_key == "on_list" else {"status": figure.statuses}
    return tables.Column(
        verbose_name=figure.label,
        linkify=lambda record: _event_invitations_url(record, **query),
        attrs={**COUNT_ATTRS, "th": {**COUNT_ATTRS["th"], "title": figure.help_text}},
    )


class EventTable(BaseTable):
    """Rows from ``selectors.events.event_list_queryset`` (which annotates the counts)."""

    name = tables.Column(linkify=True, verbose_name=_("Name"), attrs=MAIN_CELL)
    kind = BadgeColumn(verbose_name=_("Kind"))
    starts_at = LocalDateTimeColumn(verbose_name=_("Date and time"))
    location = tables.Column(verbose_name=_("Location"))
    invitation_count = _count_column("on_list")
    invited_count = _count_column("invited")
    accepted_count = _count_column("accepted")
    declined_count = _count_column("declined")
    attended_count = _count_column("attended")
    created_at = LocalDateTimeColumn(verbose_name=_("Created"))

    class Meta(BaseTable.Meta):
        model = Event
        fields = (
            "name",
            "kind",
            "starts_at",
            "location",
            "invitation_count",
            "invited_count",
            "accepted_count",
            "declined_count",
            "attended_count",
            "description",
            "created_at",
        )
        sequence = fields
        optional_columns = ("invitation_count", "description", "created_at")
        locked_columns = ("name",)


def _contact_url(contact_id: int) -> str | None:
    # The contact pages are built separately; until they exist the name is shown without a link.
    try:
        return reverse("contact_detail", args=[contact_id])
    except NoReverseMatch:
        return None


class InvitationTable(BaseTable):
    """Invitations of one event (or, with the ``event`` column shown, of several). Rows need ``select_related``
    of contact and organisation (and event when that column is shown): see ``selectors.events.event_invitations``."""

    # Ticked rows for the bulk status change; hidden for those who may not change invitations.
    selected = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "th__input": {"aria-label": _("Select all"), "data-select-all": "selected"},
            "td__input": {"aria-label": _("Select"), "form": "bulk-status"},
        },
        orderable=False,
    )
    contact = tables.Column(
        verbose_name=_("Name"), order_by=("contact__last_name", "contact__first_name", "contact_id"), attrs=MAIN_CELL
    )
    email = tables.Column(accessor="contact__email", verbose_name=_("E-mail"), order_by=("contact__email",))
    organisation = tables.Column(linkify=True, verbose_name=_("Organisation"), order_by=("organisation__name",))
    status = BadgeColumn(verbose_name=_("Status"), kind="invitation")
    invited_at = LocalDateTimeColumn(verbose_name=_("Invited at"))
    responded_at = LocalDateTimeColumn(verbose_name=_("Responded at"))
    attendance_recorded_at = LocalDateTimeColumn(verbose_name=_("Attendance recorded at"))
    event = tables.Column(linkify=True, verbose_name=_("Event"), order_by=("event__starts_at", "event_id"))
    created_at = LocalDateTimeColumn(verbose_name=_("Created"))
    updated_at = LocalDateTimeColumn(verbose_name=_("Updated"))
    edit = tables.Column(accessor="pk", verbose_name=_("Edit"), orderable=False, attrs={"td": {"class": "text-end"}})

    class Meta(BaseTable.Meta):
        model = Invitation
        fields = (
            "selected",
            "contact",
            "email",
            "organisation",
            "status",
            "invited_at",
            "responded_at",
            "attendance_recorded_at",
            "event",
            "created_at",
            "updated_at",
            "edit",
        )
        sequence = fields
        optional_columns = ("email", "attendance_recorded_at", "event", "created_at", "updated_at")
        locked_columns = ("selected", "contact", "edit")
        empty_text = _("No invitations match the filter.")

    def render_contact(self, value, record):
        url = _contact_url(record.contact_id)
        if url is None:
            return value.full_name
        return format_html('<a href="{}">{}</a>', url, value.full_name)

    def render_edit(self, record):
        url = reverse("invitation_edit", args=[record.event_id, record.pk])
        return format_html(
            '<a class="btn btn-sm btn-outline-secondary" href="{}" aria-label="{}"><i class="bi bi-pencil" '
            'aria-hidden="true"></i></a>',
            url,
            _("Edit the invitation of %(name)s") % {"name": record.contact.full_name},
        )

    def value_contact(self, value):
        return value.full_name
