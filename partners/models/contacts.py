from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import TimeStampedModel, end_after_start, relationship_owner

# The name an erased contact carries (``services/personal_data.erase_contact``).
ERASED_FIRST_NAME, ERASED_LAST_NAME = "Slettet", "person"


class LawfulBasis(models.TextChoices):
    """GDPR article 6 basis for keeping the person in the register."""

    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")
    CONSENT = "consent", _("Consent")
    PUBLIC_TASK = "public_task", _("Public task")
    CONTRACT = "contract", _("Contract")


# Who the secretariat may contact (invite, e-mail, put in a mail merge): the one rule, read by every path that selects
# people for outreach through ``Contact.objects.contactable()`` (a filter) or ``with_contactable()`` (a flag per row).
CONTACTABLE = models.Q(do_not_contact=False)


class ContactQuerySet(models.QuerySet):
    def contactable(self):
        """The people who may be contacted."""
        return self.filter(CONTACTABLE)

    def with_contactable(self):
        """Every person, each with ``is_contactable`` (for paths that must say why someone is left out)."""
        return self.annotate(is_contactable=models.ExpressionWrapper(CONTACTABLE, output_field=models.BooleanField()))


class Contact(TimeStampedModel):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    salutation = models.CharField(
        _("salutation"),
        max_length=200,
        blank=True,
        help_text=_('How letters open, e.g. "Kære Mette". Empty: "Kære" and the first name.'),
    )
    email = models.EmailField(_("e-mail"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    tags = models.ManyToManyField("partners.Tag", verbose_name=_("tags"), blank=True, related_name="contacts")
    do_not_contact = models.BooleanField(
        _("do not contact"), default=False, help_text=_("Never invited and never exported for mailings.")
    )
    lawful_basis = models.CharField(
        _("lawful basis"), max_length=32, choices=LawfulBasis.choices, default=LawfulBasis.LEGITIMATE_INTEREST
    )
    consent_note = models.TextField(_("consent note"), blank=True, help_text=_("When and how consent was given."))
    notes = models.TextField(_("notes"), blank=True)
    owner = relationship_owner("owned_contacts")
    is_active = models.BooleanField(_("active"), default=True)
    # Kept by database triggers (partners/reporting/triggers.py, ``KEPT``), never written from Python: the current
    # affiliation shown first (the primary one, else the latest begun) and the latest meeting (planned included).
    primary_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # contact_primary_org_id_idx below
        null=True,
        editable=False,
        related_name="+",
    )
    primary_organisation_name = models.CharField(_("organisation"), max_length=200, null=True, editable=False)
    primary_title = models.CharField(_("title"), max_length=200, null=True, editable=False)
    latest_meeting_at = models.DateTimeField(_("latest meeting"), null=True, editable=False)
    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            "primary_organisation",
            "primary_organisation_name",
            "primary_title",
            "latest_meeting_at",
        ]
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="contact_name_idx"),
            models.Index(fields=["owner"], name="contact_owner_idx"),
            # The list sorted by its kept columns, both ways (a backward scan for the other).
            models.Index(
                fields=["primary_organisation_name", "last_name", "first_name", "id"], name="contact_primary_org_idx"
            ),
            models.Index(fields=["primary_title", "last_name", "first_name", "id"], name="contact_primary_title_idx"),
            models.Index(fields=["primary_organisation"], name="contact_primary_org_id_idx"),
            models.Index(fields=["latest_meeting_at"], name="contact_latest_meeting_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="contact_email_unique_ci",
                violation_error_message=_("Another contact already has this e-mail address."),
            ),
            models.CheckConstraint(
                condition=~models.Q(email=""),
                name="contact_email_null_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("contact_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_erased(self) -> bool:
        """Anonymised at the person's request (``services/personal_data.erase_contact``)."""
        erased = (ERASED_FIRST_NAME, ERASED_LAST_NAME)
        return (
            not self.is_active
            and self.do_not_contact
            and not self.email
            and (self.first_name, self.last_name) == erased
        )

    @property
    def letter_salutation(self) -> str:
        return self.salutation or f"Kære {self.first_name}"

    def clean(self) -> None:
        super().clean()
        # Blank e-mails are stored as NULL so that the case-insensitive unique constraint ignores them.
        self.email = self.email.strip() if self.email else None


class AffiliationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(end_date__isnull=True)

    def former(self):
        return self.filter(end_date__isnull=False)


class Affiliation(TimeStampedModel):
    """A role a contact holds at an organisation for a period; "current" means no end date."""

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation = models.ForeignKey(
        "partners.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="affiliations"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_primary = models.BooleanField(
        _("primary"), default=False, help_text=_("The affiliation used for letters and invitations.")
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["-is_primary", "end_date", "-start_date", "id"]
        indexes = [
            models.Index(fields=["organisation", "end_date"], name="affiliation_org_current_idx"),
            models.Index(fields=["contact", "end_date"], name="affiliation_contact_idx"),
        ]
        constraints = [
            end_after_start("start_date", "end_date", "affiliation_end_after_start"),
            models.UniqueConstraint(
                fields=["contact"],
                condition=models.Q(is_primary=True, end_date__isnull=True),
                name="affiliation_one_current_primary",
                violation_error_message=_("A contact can have only one current primary affiliation."),
            ),
        ]

    def __str__(self) -> str:
        title = f"{self.title}, " if self.title else ""
        return f"{self.contact} – {title}{self.organisation}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None
