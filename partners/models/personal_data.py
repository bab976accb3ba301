"""The record of each access request answered (GDPR art. 15): whose data, by whom, when, in which form; and of each
person erased at their request (art. 17), as a one-way fingerprint of their e-mail address.

The export itself is personal data about the export (who looked at whom), so it is kept as a row of its own and shown
on the access-request page; the contact's name is copied so the row says whose data it was (an erasure replaces it).
"""

import hashlib

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


# Said by the contact form and the contact import when an address comes back.
ERASED_EMAIL_MESSAGE = _(
    "This e-mail address belonged to a person who was erased at their own request (forget me). Register the person "
    "again only if they ask for it themselves: an administrator then removes the fingerprint in the admin "
    "(Erased persons)."
)


def email_fingerprint(email: str) -> str:
    """A one-way fingerprint of an e-mail address (trimmed, lower case): an erased person's address is recognised
    without being kept."""
    return hashlib.sha256(f"partnerregister-erased:{email.strip().lower()}".encode()).hexdigest()


class ErasedPersonQuerySet(models.QuerySet):
    def matching(self, email: str | None) -> bool:
        """Whether ``email`` is the address of a person erased at their request."""
        return bool(email) and self.filter(fingerprint=email_fingerprint(email)).exists()


class ErasedPerson(models.Model):
    """Someone erased at their own request ("glem mig"): only the fingerprint of their e-mail address is kept, so that
    a later import or form does not silently bring them back."""

    fingerprint = models.CharField(_("fingerprint of the e-mail address"), max_length=64, unique=True)
    erased_at = models.DateTimeField(_("erased"), auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("erased by"), on_delete=models.SET_NULL, null=True
    )

    objects = ErasedPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("erased person")
        verbose_name_plural = _("erased persons")
        ordering = ["-erased_at", "-id"]

    def __str__(self) -> str:
        return f"{self.fingerprint[:12]}… {self.erased_at:%d-%m-%Y}"
