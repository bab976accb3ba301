from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import TimeStampedModel, end_after_start


class CollaborationKind(models.TextChoices):
    MASTERPLAN = "masterplan", _("Helhedsplan")
    PARTNERSHIP = "partnership", _("Partnership")
    NETWORK = "network", _("Network")
    PROJECT = "project", _("Project")
    POLITICAL_DIALOGUE = "political_dialogue", _("Political dialogue")


class CollaborationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder")
    STAKEHOLDER = "stakeholder", _("Stakeholder")


# What a collaboration is and who is in it, in the order its list and its import/export files show them.
COLLABORATION_SUMMARY = ("title", "kind", "status", "partners", "themes", "areas", "responsible")


class Collaboration(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=CollaborationKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=CollaborationStatus.choices, default=CollaborationStatus.PLANNED
    )
    themes = models.ManyToManyField(
        "partners.Theme", verbose_name=_("themes"), blank=True, related_name="collaborations"
    )
    areas = models.ManyToManyField("partners.Area", verbose_name=_("areas"), blank=True, related_name="collaborations")
    partners = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("partners"),
        through="partners.CollaborationPartner",
        related_name="collaborations",
        blank=True,
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_collaborations",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        ordering = ["title", "id"]
        permissions = [("review_collaboration", _("Can review collaborations"))]
        indexes = [
            models.Index(fields=["status", "kind"], name="collaboration_status_idx"),
            models.Index(fields=["responsible", "status"], name="collaboration_resp_idx"),
        ]
        constraints = [
            end_after_start("start_date", "end_date", "collaboration_end_after_start"),
            models.CheckConstraint(
                condition=models.Q(kind__in=CollaborationKind.values), name="collaboration_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CollaborationStatus.values), name="collaboration_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collaboration_detail", args=[self.pk])


class CollaborationPartner(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="collaboration_memberships",
    )
    role = models.CharField(_("role"), max_length=16, choices=PartnerRole.choices, default=PartnerRole.PARTNER)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collaboration partner")
        verbose_name_plural = _("collaboration partners")
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "organisation"],
                name="collaboration_partner_unique",
                violation_error_message=_("This organisation is already a partner in the collaboration."),
            ),
            models.CheckConstraint(condition=models.Q(role__in=PartnerRole.values), name="collaboration_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"
