from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import TimeStampedModel
from .collaborations import CollaborationStatus


class ReviewDecision(models.TextChoices):
    CONTINUE = "continue", _("Continue")
    CHANGE_STATUS = "change_status", _("Change status")
    END = "end", _("End")


class CollaborationReview(TimeStampedModel):
    """A manager's dated review of a collaboration, with the decision taken (applied by ``collaboration_review``)."""

    collaboration = models.ForeignKey(
        "partners.Collaboration", verbose_name=_("collaboration"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="collaboration_reviews",
    )
    reviewed_on = models.DateField(_("review date"))
    note = models.TextField(_("note"))
    decision = models.CharField(_("decision"), max_length=16, choices=ReviewDecision.choices)
    new_status = models.CharField(
        _("new status"), max_length=16, choices=CollaborationStatus.choices, blank=True, default=""
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("collaboration review")
        verbose_name_plural = _("collaboration reviews")
        ordering = ["-reviewed_on", "-id"]
        indexes = [models.Index(fields=["collaboration", "-reviewed_on"], name="review_collaboration_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision__in=ReviewDecision.values), name="review_decision_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(decision=ReviewDecision.CHANGE_STATUS, new_status__in=CollaborationStatus.values)
                | (~models.Q(decision=ReviewDecision.CHANGE_STATUS) & models.Q(new_status="")),
                name="review_new_status_only_on_change",
                violation_error_message=_("Choose a new status exactly when the decision is to change the status."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collaboration} – {self.reviewed_on:%d-%m-%Y}"
