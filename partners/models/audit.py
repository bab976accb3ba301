"""The record of the files taken out of the register (issue 18): every list export, the mail merge and the yearly
figures, with who, when, what and the filter it was made with. Access requests answered have their own record
(``PersonalDataExport``); logins and failed logins are recorded by django-axes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportRecordQuerySet(models.QuerySet):
    def record(self, *, user, what: str, query: str, export_format: str) -> "ExportRecord":
        return self.create(
            user=user if getattr(user, "pk", None) else None,
            what=str(what)[:200],
            query=query[:2000],
            export_format=export_format[:8],
        )


class ExportRecord(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("exported by"), on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(_("exported"), auto_now_add=True, db_index=True)
    what = models.CharField(_("what"), max_length=200)
    query = models.TextField(_("filter"), blank=True)
    export_format = models.CharField(_("format"), max_length=8)

    objects = ExportRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.what} {self.created_at:%d-%m-%Y %H:%M}"
