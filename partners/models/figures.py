"""Derived meeting figures: how many meetings per local day, by meeting kind, partner kind, theme, area and staff.

The dashboard and the yearly report read these instead of grouping a year of meeting links (at the reference scale:
1M meetings, 2.4M meeting–organisation rows). The rows are derived data only, never edited: on PostgreSQL, triggers
on the meeting tables note the days a write touched (``MeetingFigureDirtyDay``), and ``partners.reporting.figures`` recomputes
exactly those days before it reads. See docs/dashboard.md.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureDimension(models.TextChoices):
    KIND = "kind", _("meeting kind")  # key: MeetingKind value; counts meetings
    PARTNER_KIND = "partner_kind", _("partner kind")  # key: OrganisationKind value; counts meetings, each once
    THEME = "theme", _("theme")  # key: theme id; counts meeting–theme links
    AREA = "area", _("housing area")  # key: area id
    STAFF = "staff", _("staff member")  # key: user id


class MeetingFigure(models.Model):
    day = models.DateField(_("day"))
    dimension = models.CharField(_("dimension"), max_length=16, choices=FigureDimension.choices)
    key = models.CharField(_("key"), max_length=32)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("meeting figure")
        verbose_name_plural = _("meeting figures")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "day", "key"], name="meeting_figure_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.dimension} {self.key}: {self.count}"


class MeetingFigureDirtyDay(models.Model):
    """A local day whose figures a committed write may have changed; written by database triggers, insert-only."""

    day = models.DateField(_("day"), db_index=True)

    class Meta:
        verbose_name = _("day to recount")
        verbose_name_plural = _("days to recount")

    def __str__(self) -> str:
        return str(self.day)


class OrganisationMonth(models.Model):
    """How many meetings an organisation had in a local month: "organisations met" in a year counts these rows."""

    month = models.DateField(_("month"))
    organisation_id = models.BigIntegerField(_("organisation"))
    meetings = models.PositiveIntegerField(_("meetings"))

    class Meta:
        verbose_name = _("organisation month")
        verbose_name_plural = _("organisation months")
        constraints = [
            models.UniqueConstraint(fields=["month", "organisation_id"], name="organisation_month_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.organisation_id}: {self.meetings}"


class OrganisationMonthDirty(models.Model):
    """An ``OrganisationMonth`` row a committed write may have changed (written by triggers, insert-only).

    Without an organisation: every row of the month (after a TRUNCATE, or a write of very many links at once).
    """

    month = models.DateField(_("month"), db_index=True)
    organisation_id = models.BigIntegerField(_("organisation"), null=True)

    class Meta:
        verbose_name = _("organisation month to recount")
        verbose_name_plural = _("organisation months to recount")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.organisation_id or '*'}"
