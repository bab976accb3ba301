import datetime

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import TimeStampedModel, end_after_start
from .organisations import OrganisationKind


def masterplan_active_on(day: datetime.date) -> Q:
    """Areas whose helhedsplan has started by ``day`` and not ended before it (no end date: still running)."""
    return Q(masterplan_start__lte=day) & (Q(masterplan_end__isnull=True) | Q(masterplan_end__gte=day))


class ListStatus(models.TextChoices):
    """The state's yearly lists of social-housing areas (the "parallelsamfundslisten" and its neighbours)."""

    VULNERABLE = "vulnerable", _("Vulnerable housing area")
    PREVENTION = "prevention", _("Prevention area")
    TRANSFORMATION = "transformation", _("Transformation area")
    PARALLEL_SOCIETY = "parallel_society", _("Parallel society")
    NOT_LISTED = "not_listed", _("Not listed")


# What is kept about an area, in the order its form and its import/export files show it.
AREA_FIELDS = (
    "name",
    "municipality",
    "estates",
    "list_status",
    "list_year",
    "masterplan_start",
    "masterplan_end",
    "notes",
)


class Area(TimeStampedModel):
    """An udsat boligområde: made up of estates, in one municipality, possibly running a helhedsplan."""

    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="areas_in_municipality",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
    )
    estates = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("estates"),
        blank=True,
        related_name="areas",
        limit_choices_to={"kind": OrganisationKind.ESTATE},
    )
    list_status = models.CharField(
        _("list status"), max_length=32, choices=ListStatus.choices, default=ListStatus.NOT_LISTED
    )
    list_year = models.PositiveSmallIntegerField(_("list year"), null=True, blank=True)
    masterplan_start = models.DateField(_("helhedsplan start"), null=True, blank=True)
    masterplan_end = models.DateField(_("helhedsplan end"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("housing area")
        verbose_name_plural = _("housing areas")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "municipality",
                name="area_name_unique_per_municipality",
                violation_error_message=_("This municipality already has an area with this name."),
            ),
            end_after_start("masterplan_start", "masterplan_end", "area_masterplan_end_after_start"),
            models.CheckConstraint(
                condition=models.Q(list_year__isnull=True) | models.Q(list_year__range=(1990, 2100)),
                name="area_list_year_plausible",
                violation_error_message=_("The list year must be between 1990 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("area_detail", args=[self.pk])
