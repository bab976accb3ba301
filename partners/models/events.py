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
