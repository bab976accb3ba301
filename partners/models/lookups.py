from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Tag(models.Model):
    """A free label staff put on organisations and contacts (e.g. "helhedsplan", "ledelse")."""

    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="tag_name_unique_ci", violation_error_message=_("This tag already exists.")
            )
        ]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """A subject area of the work: employment, health, safety, education …"""

    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="theme_name_unique_ci", violation_error_message=_("This theme already exists.")
            )
        ]

    def __str__(self) -> str:
        return self.name


class RegisterPermissions(models.Model):
    """Holder of the permissions that belong to no single model (import, export, manager review)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("import_data", _("Can import data from CSV/XLSX files")),
            ("export_data", _("Can export data to CSV/XLSX files")),
            ("view_dashboard", _("Can view the management dashboard and reports")),
        ]

    def __str__(self) -> str:
        return "register permissions"
