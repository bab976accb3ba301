"""The one-time tokens of the create forms: a form sent a second time (Back, then Save) creates nothing.

Each create form carries a random token (``SubmissionTokenMixin`` in ``views/mixins.py``). Saving the form records the
token in the same transaction as the new object; the primary key makes a second use impossible, also when two requests
arrive at once (the second insert waits for the first transaction and then fails). The row remembers what was
created, so the refusal can link to it.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How long a used token is remembered: a form resent later than this is taken as new.
KEPT_FOR = datetime.timedelta(days=30)


class SubmissionTokenQuerySet(models.QuerySet):
    def expired(self, *, now: datetime.datetime | None = None):
        return self.filter(used_at__lt=(now or timezone.now()) - KEPT_FOR)


class SubmissionToken(models.Model):
    """A create form's token, recorded when the form saved (with what it created)."""

    token = models.UUIDField(_("token"), primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    used_at = models.DateTimeField(_("used"), default=timezone.now, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True)
    created_object = GenericForeignKey("content_type", "object_id")

    objects = SubmissionTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission token")
        verbose_name_plural = _("submission tokens")

    def __str__(self) -> str:
        return str(self.token)
