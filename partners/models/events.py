from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import TimeStampedModel


class EventKind(models.TextChoices):
    NEW_YEAR_RECEPTION = "new_year_reception", _("New Year's reception")
    ANNUAL_REPORT_LAUNCH = "annual_report_launch", _("Annual report launch")
    CONFERENCE = "conference", _("Conference")
    OTHER = "other", _("Other")


class Event(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices, default=EventKind.OTHER)
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    guest_quota = models.PositiveSmallIntegerField(
        _("guests per organisation"),
        null=True,
        blank=True,
        help_text=_("At most this many guests per organisation (the default of “Add invitees”). Empty: no quota."),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["-starts_at"], name="event_recent_idx")]
        constraints = [models.CheckConstraint(condition=models.Q(kind__in=EventKind.values), name="event_kind_valid")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("event_detail", args=[self.pk])


class InvitationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("No-show")


@dataclass(frozen=True)
class InvitationFigure:
    """One count of a guest list, with its one meaning and its one label, wherever it is shown (the events list, the
    event page, coverage, check-in, the yearly report)."""

    key: str
    label: str
    statuses: tuple[str, ...]
    help_text: str = ""

    def condition(self, prefix: str = "") -> models.Q:
        return models.Q(**{f"{prefix}status__in": self.statuses})


_S = InvitationStatus
INVITATION_FIGURES = (
    InvitationFigure("on_list", _("On the list"), tuple(_S.values), _("Everyone on the guest list, drafts included.")),
    InvitationFigure("draft", _("Not sent yet"), (_S.DRAFT,), _("On the list as a draft; no invitation sent.")),
    InvitationFigure(
        "invited",
        _("Invited"),
        (_S.INVITED, _S.ACCEPTED, _S.DECLINED, _S.ATTENDED, _S.NO_SHOW),
        _("Every invitation that was sent, whatever its answer."),
    ),
    InvitationFigure("awaiting", _("Awaiting answer"), (_S.INVITED,), _("Invited, no answer yet.")),
    InvitationFigure(
        "accepted",
        _("Accepted"),
        (_S.ACCEPTED, _S.ATTENDED, _S.NO_SHOW),
        _("Said yes, whether they came or not."),
    ),
    InvitationFigure("declined", _("Declined"), (_S.DECLINED,), _("Said no.")),
    InvitationFigure("attended", _("Attended"), (_S.ATTENDED,), _("Checked in at the door.")),
    InvitationFigure("no_show", _("No-show"), (_S.NO_SHOW,), _("Said yes and did not come.")),
)
FIGURES = {figure.key: figure for figure in INVITATION_FIGURES}


# The time each status records when an invitation moves to it (a draft records none).
STATUS_TIMESTAMP = {
    InvitationStatus.INVITED: "invited_at",
    InvitationStatus.ACCEPTED: "responded_at",
    InvitationStatus.DECLINED: "responded_at",
    InvitationStatus.ATTENDED: "attendance_recorded_at",
    InvitationStatus.NO_SHOW: "attendance_recorded_at",
}


class Invitation(TimeStampedModel):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitations")
    contact = models.ForeignKey(
        "partners.Contact", verbose_name=_("contact"), on_delete=models.PROTECT, related_name="invitations"
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("invited through"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.DRAFT
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(_("attendance recorded at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["event", "contact__last_name", "contact__first_name", "id"]
        indexes = [models.Index(fields=["event", "status"], name="invitation_event_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "contact"],
                name="invitation_unique_per_event_contact",
                violation_error_message=_("This person is already invited to the event."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=InvitationStatus.values), name="invitation_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} – {self.event}"

    def move_to(self, status: str, *, now, previous: str | None = None) -> list[str]:
        """The one status transition (the bulk action, the check-in, the edit form and the reply import use it).

        Moving from ``previous`` (default: the current status) to ``status`` sets the status and dates the move: the
        first sending keeps its ``invited_at``; an answer or an attendance record is dated each time it changes.
        Staying in the same status changes nothing (checking in twice keeps the first time). Returns the changed
        field names, for ``save(update_fields=…)`` or a bulk update.
        """
        if status not in InvitationStatus.values:
            raise ValueError(f"Unknown invitation status: {status!r}")
        previous = self.status if previous is None else previous
        self.status = status
        if status == previous:
            return []
        changed = ["status"]
        stamp = STATUS_TIMESTAMP.get(status)
        if stamp and not (stamp == "invited_at" and self.invited_at):
            setattr(self, stamp, now)
            changed.append(stamp)
        return changed


class EventInvitationCount(models.Model):
    """How many of an event's invitations have one status. Kept by database triggers on the invitations
    (``partners/reporting/event_counts.py``, whatever writes them: the pages, the reply import, COPY, the admin), so
    the events list and an event's figures read a few rows instead of counting 40,000 invitations on each render."""

    # No constraint and nothing for Django to delete: an event's rows go with its last invitation (the trigger drops a
    # count that reaches 0), so deleting an event costs no query for them.
    event = models.ForeignKey(Event, on_delete=models.DO_NOTHING, db_constraint=False, related_name="invitation_counts")
    status = models.CharField(max_length=16, choices=InvitationStatus.choices)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "status"], name="event_invitation_count_unique")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.status}: {self.count}"
