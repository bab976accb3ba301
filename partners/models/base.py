from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def relationship_owner(related_name: str) -> models.ForeignKey:
    """The staff member who keeps the relationship (an organisation's, a contact's); kept empty if they are deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relationship owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


def end_after_start(start: str, end: str, name: str) -> models.CheckConstraint:
    """Database constraint: ``end`` is empty, ``start`` is empty, or ``end`` ≥ ``start``."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{start}__isnull": True})
        | models.Q(**{f"{end}__gte": models.F(start)}),
        name=name,
        violation_error_message=_("The end date cannot be before the start date."),
    )
