"""Organisations: one table with a ``kind``, and a proxy model per kind.

One table keeps every relation to "an organisation" (affiliations, collaboration partners, meetings, invitations) a
plain foreign key, and lets lists and search span all kinds without unions or joins. Fields that only one kind uses
are nullable columns, guarded by check constraints.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..validators import CVR_PATTERN, validate_cvr, validate_municipality_code
from .base import TimeStampedModel, relationship_owner
from .folding import Fold, fold


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    ADMINISTRATION = "administration", _("Municipal administration")
    HOUSING_ORGANISATION = "housing_organisation", _("Housing organisation")
    ESTATE = "estate", _("Estate")
    NATIONAL_PARTNER = "national_partner", _("National partner")
    LOCAL_ORGANISATION = "local_organisation", _("Local organisation")
    POLITICAL_BODY = "political_body", _("Political body")


# Which kinds may be the parent of which (an administration sits under a municipality or another unit, an estate
# under a housing organisation; the other kinds may group under one of their own kind, e.g. a police district).
ALLOWED_PARENT_KINDS: dict[str, set[str]] = {
    OrganisationKind.MUNICIPALITY: set(),
    OrganisationKind.ADMINISTRATION: {OrganisationKind.MUNICIPALITY, OrganisationKind.ADMINISTRATION},
    OrganisationKind.HOUSING_ORGANISATION: set(),
    OrganisationKind.ESTATE: {OrganisationKind.HOUSING_ORGANISATION},
    OrganisationKind.NATIONAL_PARTNER: {OrganisationKind.NATIONAL_PARTNER},
    OrganisationKind.LOCAL_ORGANISATION: {OrganisationKind.LOCAL_ORGANISATION},
    # A committee under its council, a ministry's unit under the ministry; a city council under its municipality.
    OrganisationKind.POLITICAL_BODY: {OrganisationKind.POLITICAL_BODY, OrganisationKind.MUNICIPALITY},
}
# Kinds that cannot exist without a parent.
PARENT_REQUIRED = {OrganisationKind.ADMINISTRATION, OrganisationKind.ESTATE}


class OrganisationQuerySet(models.QuerySet):
    def with_sub_units(self) -> "models.QuerySet[Organisation]":
        """These organisations and every one below them through ``parent`` (a municipality's administrations and
        theirs, a housing organisation's estates), of any kind.

        One recursive CTE inlined as a subquery: no query of its own, however deep the hierarchy. ``UNION`` (not
        ``UNION ALL``) drops a unit already reached, so even a cycle the constraints missed ends.
        """
        chosen, params = self.order_by().values("pk").query.sql_with_params()
        table = Organisation._meta.db_table
        tree = (
            f"WITH RECURSIVE tree(id) AS ({chosen} UNION SELECT child.id FROM {table} child "
            "JOIN tree ON child.parent_id = tree.id) SELECT id FROM tree"
        )
        return Organisation.objects.filter(pk__in=RawSQL(tree, params))


# Kept in a name so the per-kind proxies can be connected to it below.
ORGANISATION_HISTORY = HistoricalRecords(excluded_fields=["updated_at", "contact_count", "latest_meeting_at"])


# An organisation's identifiers and how it is reached, in the order its form and its import/export files show them.
ORGANISATION_DETAILS = (
    "cvr",
    "municipality_code",
    "estate_number",
    "street",
    "postal_code",
    "city",
    "phone",
    "email",
    "website",
)


class Organisation(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"),
        max_length=60,
        blank=True,
        help_text=_("The name people write, e.g. “LBF” for Landsbyggefonden. Searched and matched like the name."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    cvr = models.CharField(
        _("CVR number"), max_length=8, null=True, blank=True, validators=[validate_cvr], help_text=_("8 digits")
    )
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=3,
        null=True,
        blank=True,
        validators=[validate_municipality_code],
        help_text=_("Kommunekode, municipalities only (e.g. 751 for Aarhus)."),
    )
    estate_number = models.CharField(
        _("estate number"), max_length=20, blank=True, help_text=_("Afdelingsnummer, estates only.")
    )
    street = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    tags = models.ManyToManyField("partners.Tag", verbose_name=_("tags"), blank=True, related_name="organisations")
    notes = models.TextField(_("notes"), blank=True)
    owner = relationship_owner("owned_organisations")
    is_key_partner = models.BooleanField(
        _("key partner"), default=False, help_text=_("Key partners are watched for regular contact.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Kept by database triggers (partners/reporting/triggers.py, ``KEPT``), never written from Python: what the list
    # sorts and filters by without computing it for every row.
    contact_count = models.PositiveIntegerField(_("contacts"), default=0, db_default=0, editable=False)
    latest_meeting_at = models.DateTimeField(
        _("latest meeting"), null=True, editable=False, help_text=_("Planned meetings included.")
    )

    history = ORGANISATION_HISTORY

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]
        indexes = [
            models.Index(Lower("name"), "id", name="organisation_name_idx"),
            models.Index(fields=["kind", "name"], name="organisation_kind_name_idx"),
            models.Index(fields=["owner", "kind"], name="organisation_owner_idx"),
            # The list sorted by its kept columns, both ways (a backward scan for the other).
            models.Index(fields=["contact_count", "name", "id"], name="organisation_contacts_idx"),
            models.Index(fields=["latest_meeting_at"], name="organisation_latest_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cvr"],
                condition=models.Q(cvr__isnull=False),
                name="organisation_cvr_unique",
                violation_error_message=_("Another organisation already has this CVR number."),
            ),
            models.CheckConstraint(
                condition=models.Q(cvr__isnull=True) | models.Q(cvr__regex=CVR_PATTERN),
                name="organisation_cvr_format",
                violation_error_message=_("A CVR number is eight digits."),
            ),
            models.CheckConstraint(
                condition=models.Q(municipality_code__isnull=True)
                | (models.Q(municipality_code__regex=r"^[0-9]{3}$") & models.Q(kind=OrganisationKind.MUNICIPALITY)),
                name="organisation_municipality_code_only_municipality",
                violation_error_message=_("Only a municipality has a three-digit municipality code."),
            ),
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=models.Q(municipality_code__isnull=False),
                name="organisation_municipality_code_unique",
                violation_error_message=_("Another municipality already has this municipality code."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="organisation_not_own_parent",
                violation_error_message=_("An organisation cannot be its own parent."),
            ),
            models.CheckConstraint(
                condition=models.Q(parent__isnull=False)
                | ~models.Q(kind__in=[OrganisationKind.ADMINISTRATION, OrganisationKind.ESTATE]),
                name="organisation_parent_required_for_kind",
                violation_error_message=_("Administrations and estates must have a parent organisation."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        """The name with the short name people use, e.g. "Landsbyggefonden (LBF)"."""
        if self.short_name and fold(self.short_name) != fold(self.name):
            return f"{self.name} ({self.short_name})"
        return self.name

    def other_names(self) -> list[str]:
        """The short name and the aliases: every other name this organisation is written under."""
        names = [self.short_name] if self.short_name else []
        return names + [alias.name for alias in self.aliases.all()]

    def clean(self) -> None:
        super().clean()
        # Empty strings from forms are stored as NULL so the partial unique constraints apply only to real values.
        self.cvr = self.cvr or None
        self.municipality_code = self.municipality_code or None
        errors: dict[str, str] = {}
        if self.municipality_code and self.kind != OrganisationKind.MUNICIPALITY:
            errors["municipality_code"] = _("Only a municipality has a municipality code.")
        if self.parent_id is None and self.kind in PARENT_REQUIRED:
            errors["parent"] = _("An administration or estate must have a parent organisation.")
        if self.parent is not None:
            allowed = ALLOWED_PARENT_KINDS.get(self.kind, set())
            if self.parent.kind not in allowed:
                errors["parent"] = _("A %(kind)s cannot be placed under a %(parent_kind)s.") % {
                    "kind": self.get_kind_display().lower(),
                    "parent_kind": self.parent.get_kind_display().lower(),
                }
            elif self.pk and self._parent_chain_contains(self.pk):
                errors["parent"] = _("The parent cannot be the organisation itself or one of its children.")
        if errors:
            raise ValidationError(errors)

    def _parent_chain_contains(self, pk: int) -> bool:
        node, seen = self.parent, set()
        while node is not None and node.pk not in seen:
            if node.pk == pk:
                return True
            seen.add(node.pk)
            node = node.parent
        return False

    def ancestors(self) -> list["Organisation"]:
        """Parents from the nearest upwards (stops on a cycle, which the database cannot hold but be careful)."""
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain


class OrganisationAlias(models.Model):
    """Another name an organisation is written under ("MSB", "Socialforvaltningen", an old name after a merger).

    Searched, matched on import and checked for duplicates like the name itself, through the same fold
    (``partners_fold``): an organisation cannot hold the same alias twice in two spellings.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Fold("name"),
                name="organisation_alias_unique_folded",
                violation_error_message=_("The organisation already has this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class KindManager(models.Manager.from_queryset(OrganisationQuerySet)):
    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind

    def get_queryset(self):
        return super().get_queryset().filter(kind=self.kind)

    def create(self, **kwargs):
        kwargs.setdefault("kind", self.kind)
        return super().create(**kwargs)


class KindProxyMixin:
    """Mixin of the per-kind proxies: a new instance gets the proxy's kind."""

    KIND: str = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.kind and self.KIND:
            self.kind = self.KIND


def kind_proxy(name: str, kind: str, verbose_name, verbose_name_plural) -> type[Organisation]:
    """A proxy of ``Organisation`` for one kind: its own manager (only that kind) and admin, the same table."""
    meta = type("Meta", (), {"proxy": True, "verbose_name": verbose_name, "verbose_name_plural": verbose_name_plural})
    attributes = {
        "__module__": __name__,
        "__qualname__": name,
        "KIND": kind,
        "objects": KindManager(kind),
        "Meta": meta,
    }
    return type(name, (KindProxyMixin, Organisation), attributes)


Kind = OrganisationKind
Municipality = kind_proxy("Municipality", Kind.MUNICIPALITY, _("municipality"), _("municipalities"))
Administration = kind_proxy(
    "Administration", Kind.ADMINISTRATION, _("municipal administration"), _("municipal administrations")
)
HousingOrganisation = kind_proxy(
    "HousingOrganisation", Kind.HOUSING_ORGANISATION, _("housing organisation"), _("housing organisations")
)
Estate = kind_proxy("Estate", Kind.ESTATE, _("estate"), _("estates"))
NationalPartner = kind_proxy("NationalPartner", Kind.NATIONAL_PARTNER, _("national partner"), _("national partners"))
LocalOrganisation = kind_proxy(
    "LocalOrganisation", Kind.LOCAL_ORGANISATION, _("local organisation"), _("local organisations")
)


PROXY_BY_KIND = {
    model.KIND: model
    for model in (Municipality, Administration, HousingOrganisation, Estate, NationalPartner, LocalOrganisation)
}

# django-simple-history listens for saves of Organisation only; Django sends a proxy's saves with the proxy as sender.
# Connect the same handlers for each kind, so saving a Municipality records history like saving an Organisation.
for _proxy_model in PROXY_BY_KIND.values():
    models.signals.post_save.connect(ORGANISATION_HISTORY.post_save, sender=_proxy_model, weak=False)
    models.signals.post_delete.connect(ORGANISATION_HISTORY.post_delete, sender=_proxy_model, weak=False)
