"""Advocacy cases (sager): what the secretariat pushes for, its key dates, what was done, and where each partner stands.

A case's meetings are the meetings that name it (``Meeting.cases``, ``case.meetings``); its timeline is those meetings,
its deadlines (``CaseDeadline``) and what else was done (``CaseEvent``: a consultation response, a letter, press, a
decision). ``CaseStakeholder`` is one organisation or person on the case, with stance, influence and interest; its
history is how the stance moved.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import TimeStampedModel


class CaseLevel(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")


class CaseStage(models.TextChoices):
    WATCHING = "watching", _("Watching")
    PREPARING = "preparing", _("Preparing")
    ACTIVE = "active", _("Active advocacy")
    DECIDED = "decided", _("Decided")


# The stages of a case not yet decided: the "active cases" of the map and the dashboard.
OPEN_STAGES = (CaseStage.WATCHING, CaseStage.PREPARING, CaseStage.ACTIVE)


class CaseOutcome(models.TextChoices):
    WON = "won", _("Got our way")
    PARTLY = "partly", _("Partly")
    LOST = "lost", _("Did not get our way")
    UNSETTLED = "unsettled", _("Unsettled")


class Case(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    ask = models.TextField(_("our position"), blank=True, help_text=_("What we want: the secretariat's position."))
    background = models.TextField(_("background"), blank=True)
    themes = models.ManyToManyField("partners.Theme", verbose_name=_("themes"), blank=True, related_name="cases")
    areas = models.ManyToManyField("partners.Area", verbose_name=_("areas"), blank=True, related_name="cases")
    level = models.CharField(_("level"), max_length=16, choices=CaseLevel.choices, default=CaseLevel.MUNICIPAL)
    stage = models.CharField(_("stage"), max_length=16, choices=CaseStage.choices, default=CaseStage.WATCHING)
    outcome = models.CharField(_("outcome"), max_length=16, choices=CaseOutcome.choices, blank=True)
    outcome_date = models.DateField(_("decided on"), null=True, blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_cases",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["stage", "level"], name="case_stage_idx"),
            models.Index(fields=["owner", "stage"], name="case_owner_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__in=CaseLevel.values), name="case_level_valid"),
            models.CheckConstraint(condition=models.Q(stage__in=CaseStage.values), name="case_stage_valid"),
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(outcome__in=CaseOutcome.values), name="case_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("case_detail", args=[self.pk])

    def clean(self):
        """An outcome belongs to a decided case, and a decided case has one (the form and the import both ask)."""
        errors = {}
        if self.outcome and self.stage != CaseStage.DECIDED:
            errors["outcome"] = _("An outcome is recorded when the case is decided: set the stage to “Decided”.")
        elif self.stage == CaseStage.DECIDED and not self.outcome:
            errors["outcome"] = _("Choose the outcome of the decided case.")
        if self.outcome_date and not self.outcome:
            errors["outcome_date"] = _("A date of decision needs an outcome.")
        if errors:
            raise ValidationError(errors)


class DeadlineKind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation deadline")
    COMMITTEE = "committee", _("Committee meeting")
    COUNCIL = "council", _("City council meeting")
    BUDGET = "budget", _("Budget negotiation")


class ResponseState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFTING = "drafting", _("Being written")
    SENT = "sent", _("Sent")
    WAIVED = "waived", _("Not answering")


class CaseDeadline(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("kind"), max_length=16, choices=DeadlineKind.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    response_state = models.CharField(
        _("response"),
        max_length=16,
        choices=ResponseState.choices,
        blank=True,
        help_text=_("For a consultation deadline: how far our response is."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("key date")
        verbose_name_plural = _("key dates")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["kind", "date"], name="case_deadline_kind_date_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=DeadlineKind.values), name="case_deadline_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(response_state="") | models.Q(response_state__in=ResponseState.values),
                name="case_deadline_response_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("case_detail", args=[self.case_id])


class CaseEventKind(models.TextChoices):
    CONSULTATION_RESPONSE = "consultation_response", _("Consultation response")
    LETTER = "letter", _("Letter")
    PRESS = "press", _("Press")
    DECISION = "decision", _("Decision")


class CaseEvent(models.Model):
    """Something done or decided on a case, besides its meetings: a consultation response, a letter, press, a decision."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=32, choices=CaseEventKind.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case entry")
        verbose_name_plural = _("case entries")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=CaseEventKind.values), name="case_event_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("case_detail", args=[self.case_id])


class Stance(models.TextChoices):
    SUPPORTS = "supports", _("Supports")
    NEUTRAL = "neutral", _("Neutral")
    OPPOSES = "opposes", _("Opposes")
    UNKNOWN = "unknown", _("Unknown")


class Weight(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class CaseStakeholder(models.Model):
    """One organisation or one person on a case: where they stand, how much they matter and care. Its history is how
    the stance moved."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="stakeholders")
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="case_stances",
    )
    contact = models.ForeignKey(
        "partners.Contact",
        verbose_name=_("contact"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="case_stances",
    )
    stance = models.CharField(_("stance"), max_length=16, choices=Stance.choices, default=Stance.UNKNOWN)
    influence = models.CharField(_("influence"), max_length=8, choices=Weight.choices, default=Weight.MEDIUM)
    interest = models.CharField(_("interest"), max_length=8, choices=Weight.choices, default=Weight.MEDIUM)
    noted_on = models.DateField(_("noted on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(organisation__isnull=False) & models.Q(contact__isnull=True))
                | (models.Q(organisation__isnull=True) & models.Q(contact__isnull=False)),
                name="case_stakeholder_one_party",
                violation_error_message=_("Choose either an organisation or a contact."),
            ),
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="case_stakeholder_org_unique",
                violation_error_message=_("This organisation is already on the case."),
            ),
            models.UniqueConstraint(
                fields=["case", "contact"],
                condition=models.Q(contact__isnull=False),
                name="case_stakeholder_contact_unique",
                violation_error_message=_("This contact is already on the case."),
            ),
            models.CheckConstraint(condition=models.Q(stance__in=Stance.values), name="case_stakeholder_stance_valid"),
            models.CheckConstraint(
                condition=models.Q(influence__in=Weight.values) & models.Q(interest__in=Weight.values),
                name="case_stakeholder_weight_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.party)

    def get_absolute_url(self) -> str:
        return reverse("case_detail", args=[self.case_id])

    @property
    def party(self):
        return self.organisation if self.organisation_id else self.contact
