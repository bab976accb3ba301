from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportMode(models.TextChoices):
    CREATE = "create", _("Create only")
    CREATE_UPDATE = "create_update", _("Create and update")
    UPDATE = "update", _("Update only")


class ImportBatch(models.Model):
    """One committed import of a file: who, when, what, and how many rows it created or changed.

    The history records of the rows it wrote carry ``history_change_reason = "import:<id>"``, so every change can be
    traced back to the file (by its SHA-256) and the person who imported it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_batches",
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    entity = models.CharField(_("entity"), max_length=32)
    mode = models.CharField(_("mode"), max_length=16, choices=ImportMode.choices, default=ImportMode.CREATE_UPDATE)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file_format = models.CharField(_("file format"), max_length=8)
    encoding = models.CharField(_("encoding"), max_length=32, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=8, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    seconds = models.FloatField(_("duration (seconds)"), default=0)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["sha256"], name="import_batch_sha256_idx")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else self.file_name

    def get_absolute_url(self) -> str:
        return reverse("import_batch", args=[self.pk])

    @property
    def change_reason(self) -> str:
        """The ``history_change_reason`` of every history record this batch wrote."""
        return f"import:{self.pk}"
