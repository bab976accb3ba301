"""The record of each access request answered (GDPR art. 15): whose data, by whom, when, in which form.

The export itself is personal data about the export (who looked at whom), so it is kept as a row of its own and shown
on the access-request page; the contact's name is copied so the row still says whose data it was after an erasure.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonalDataFormat(models.TextChoices):
    PAGE = "page", _("Page (print or save as PDF)")
    JSON = "json", _("Machine-readable file (JSON)")


class PersonalDataExport(models.Model):
    contact = models.ForeignKey(
        "partners.Contact",
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="personal_data_exports",
    )
    contact_name = models.CharField(_("name"), max_length=201)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handed over by"), on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(_("handed over"), auto_now_add=True)
    format = models.CharField(_("format"), max_length=8, choices=PersonalDataFormat.choices)

    class Meta:
        verbose_name = _("access request answered")
        verbose_name_plural = _("access requests answered")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(format__in=PersonalDataFormat.values), name="personal_data_export_format_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact_name} {self.created_at:%d-%m-%Y %H:%M}"
