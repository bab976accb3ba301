from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TablePreference(models.Model):
    """The columns a user chose to see in one list (remembered across visits)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="table_preferences"
    )
    table = models.CharField(_("table"), max_length=100)
    columns = models.JSONField(_("columns"), default=list)

    class Meta:
        verbose_name = _("table preference")
        verbose_name_plural = _("table preferences")
        constraints = [models.UniqueConstraint(fields=["user", "table"], name="table_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.table}"
