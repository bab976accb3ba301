"""Udsatte boligområder with their estates."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ...models import Area, Organisation
from ...models.areas import AREA_FIELDS, ListStatus
from ...models.imports import ImportMode
from ...models.organisations import OrganisationKind
from ..base import ImportResource, end_not_before_start
from ..lookups import LookupError_, norm
from ..values import as_text
from ..widgets import (
    ChoiceWidget,
    DateWidget,
    IntegerWidget,
    NamesWidget,
    OrganisationWidget,
    field,
)
from .common import DATE_FORMAT, NOTES_ALIASES
from .references import HEADINGS, ID_ALIASES, ReferencesMixin, ids_field


class AreaResource(ReferencesMixin, ImportResource):
    id = field("id", "ID", readonly=True)
    name = field("name", _("Name"))
    municipality = field(
        "municipality",
        _("Municipality"),
        OrganisationWidget(
            Organisation, "name", resolve={"kinds": {OrganisationKind.MUNICIPALITY}, "what": _("municipality")}
        ),
    )
    estates = field("estates", _("Estates"), NamesWidget(Organisation, separator="|"))
    list_status = field(
        "list_status",
        _("List status"),
        ChoiceWidget(
            ListStatus,
            {
                "udsat boligområde": ListStatus.VULNERABLE,
                "udsat": ListStatus.VULNERABLE,
                "forebyggelsesområde": ListStatus.PREVENTION,
                "omdannelsesområde": ListStatus.TRANSFORMATION,
                "parallelsamfund": ListStatus.PARALLEL_SOCIETY,
                "ikke på listen": ListStatus.NOT_LISTED,
                "ikke listet": ListStatus.NOT_LISTED,
            },
        ),
        saves_null_values=False,
    )
    list_year = field("list_year", _("List year"), IntegerWidget())
    masterplan_start = field("masterplan_start", _("Helhedsplan start"), DateWidget(DATE_FORMAT))
    masterplan_end = field("masterplan_end", _("Helhedsplan end"), DateWidget(DATE_FORMAT))
    notes = field("notes", _("Notes"))
    estate_ids = ids_field(HEADINGS["estate_ids"])

    related = ("municipality",)
    prefetch = ("estates",)
    id_columns = {"estates": "estate_ids"}
    model_label = _("housing area")
    aliases = {
        "name": ("Navn", "Område", "Boligområde"),
        "municipality": ("Kommune",),
        "estates": ("Afdelinger", "Boligafdelinger"),
        "list_status": ("Listestatus",),
        "list_year": ("Listeår", "År"),
        "masterplan_start": ("Helhedsplan start", "Helhedsplanens start"),
        "masterplan_end": ("Helhedsplan slut", "Helhedsplanens slut"),
        "notes": NOTES_ALIASES,
        "estate_ids": ID_ALIASES["estate_ids"],
    }
    required = {ImportMode.UPDATE: (("id", "name"),), "*": (("name",), ("municipality",))}

    class Meta:
        model = Area
        fields = ("id", *AREA_FIELDS, "estate_ids")

    def prepare(self, dataset):
        self.lookups.organisations  # noqa: B018 - loaded now, not in the middle of the rows
        self.existing = {area.pk: area for area in Area.objects.all()}
        self.by_key = {(norm(a.name), a.municipality_id): a for a in self.existing.values()}
        self.estate_ids: dict[int, set] = {}
        if self.has("estates"):
            for area_id, org_id in Area.estates.through.objects.values_list("area_id", "organisation_id"):
                self.estate_ids.setdefault(area_id, set()).add(org_id)

    def stored_by_id(self):
        return self.existing

    def find_by_key(self, row):
        name = as_text(self.cell(row, "name"))
        municipality = as_text(self.cell(row, "municipality"))
        if not name:
            return None
        try:
            org = self.fields["municipality"].widget.clean(municipality) if municipality else None
        except LookupError_:
            return None  # reported when the column is imported
        if org is None:
            matches = [a for (key, _m), a in self.by_key.items() if key == norm(name)]
            return matches[0] if len(matches) == 1 else None
        return self.by_key.get((norm(name), org.pk))

    def import_relations(self, area, row, *, new):
        errors = {}
        estate = self.organisation_resolver(row, "estates", errors, kinds={OrganisationKind.ESTATE}, what=_("estate"))
        errors.update(self.resolve_relations(area, row, {"estates": estate}, {"estates": self.estate_ids}, new=new))
        if errors:
            raise ValidationError(errors)

    def m2m_names(self, key, ids):
        by_id = self.lookups.organisations.by_id
        return sorted(by_id[i].name if i in by_id else str(i) for i in ids)

    def validate_row(self, area):
        if area.list_year is not None and not 1990 <= area.list_year <= 2100:
            raise ValidationError({"list_year": gettext("The list year must be between 1990 and 2100.")})
        end_not_before_start(area, "masterplan_start", "masterplan_end")
        other = self.by_key.get((norm(area.name), area.municipality_id))
        if other is not None and other is not area:
            raise ValidationError({"name": gettext("This municipality already has an area with this name.")})

    def register(self, area, is_create):
        self.by_key[(norm(area.name), area.municipality_id)] = area

    def write_created(self, objs):
        self.create_with_history(objs, Area)
        self.write_m2m(objs, "estates", "_import_estates")

    def write_updated(self, objs):
        changed = [a for a in objs if a._import_changed_fields]
        self.update_with_history(changed, self.changed_fields(changed), Area)
        self.write_m2m(objs, "estates", "_import_estates")
