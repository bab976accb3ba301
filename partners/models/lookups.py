from dataclasses import dataclass

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class LabelQuerySet(models.QuerySet):
    def active(self):
        """The labels offered for new use (a retired one stays on the records that have it)."""
        return self.filter(is_active=True)

    def named(self, name: str):
        """The label of this name, in any case (names are unique case-insensitively)."""
        return self.filter(name__iexact=name.strip())


@dataclass(frozen=True)
class LabelLink:
    """One kind of record a label is put on (organisations for tags, meetings for themes …): its link table."""

    field: models.ManyToManyField  # the record's field, e.g. ``Organisation.tags``

    @property
    def key(self) -> str:
        """The label's name for the records: ``tag.organisations`` → "organisations"."""
        return self.field.remote_field.get_accessor_name()

    @property
    def model(self) -> type[models.Model]:
        return self.field.model

    @property
    def through(self) -> type[models.Model]:
        return self.field.remote_field.through

    @property
    def record(self) -> str:
        """The link's column of the record (``organisation_id``)."""
        return f"{self.field.m2m_field_name()}_id"

    @property
    def label(self) -> str:
        """The link's column of the label (``tag_id``)."""
        return f"{self.field.m2m_reverse_field_name()}_id"


class Label(models.Model):
    """What tags and themes share: a name unique in any case, and retirement instead of deletion."""

    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("When retired, it stays on the records that have it but is no longer offered for new use."),
    )

    objects = LabelQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(f"{self._meta.model_name}_detail", args=[self.pk])

    @classmethod
    def links(cls) -> list[LabelLink]:
        """Every kind of record that carries this label, from the models' many-to-many fields: a merge moves each."""
        return [LabelLink(rel.field) for rel in cls._meta.related_objects if rel.many_to_many]


class Tag(Label):
    """A free label staff put on organisations and contacts (e.g. "helhedsplan", "ledelse")."""

    history = HistoricalRecords()

    class Meta(Label.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="tag_name_unique_ci", violation_error_message=_("This tag already exists.")
            )
        ]


class Theme(Label):
    """A subject area of the work: employment, health, safety, education …"""

    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta(Label.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="theme_name_unique_ci", violation_error_message=_("This theme already exists.")
            )
        ]


class RegisterPermissions(models.Model):
    """Holder of the permissions that belong to no single model (import, export, manager review, merging)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("import_data", _("Can import data from CSV/XLSX files")),
            ("export_data", _("Can export data to CSV/XLSX files")),
            ("view_dashboard", _("Can view the management dashboard and reports")),
            ("merge_records", _("Can merge duplicate organisations and contacts")),
            ("erase_personal_data", _("Can erase a person's personal data at their request")),
        ]

    def __str__(self) -> str:
        return "register permissions"
