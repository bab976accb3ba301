"""What the resources of several entities share: date formats, the Danish words for organisation kinds, headings, the
import of an entity found by its title (``TitledResource``)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from ...models.organisations import OrganisationKind
from ..base import ImportResource
from ..lookups import norm
from ..values import as_text
from ..widgets import area_named

DATE_FORMAT = "%d-%m-%Y"
DATETIME_FORMAT = "%d-%m-%Y %H:%M"
NEW_YEAR_TAG = "nytårskur"  # the tag the contact list's "Inviter til nytårskur" column sets or removes

KIND_WORDS = {
    "kommune": OrganisationKind.MUNICIPALITY,
    "forvaltning": OrganisationKind.ADMINISTRATION,
    "magistratsafdeling": OrganisationKind.ADMINISTRATION,
    "kommunal forvaltning": OrganisationKind.ADMINISTRATION,
    "boligorganisation": OrganisationKind.HOUSING_ORGANISATION,
    "boligforening": OrganisationKind.HOUSING_ORGANISATION,
    "boligselskab": OrganisationKind.HOUSING_ORGANISATION,
    "afdeling": OrganisationKind.ESTATE,
    "boligafdeling": OrganisationKind.ESTATE,
    "landsdækkende partner": OrganisationKind.NATIONAL_PARTNER,
    "national partner": OrganisationKind.NATIONAL_PARTNER,
    "landsorganisation": OrganisationKind.NATIONAL_PARTNER,
    "lokal organisation": OrganisationKind.LOCAL_ORGANISATION,
    "lokal partner": OrganisationKind.LOCAL_ORGANISATION,
}
TAG_ALIASES = ("Tags", "Tag", "Emneord", "Nøgleord")
OWNER_ALIASES = ("Relationsejer", "Ejer", "Kontaktansvarlig")
NOTES_ALIASES = ("Noter", "Note", "Bemærkninger", "Kommentar")
EMAIL_ALIASES = ("E-mail", "Email", "Mail", "E-mailadresse", "Mailadresse")
PHONE_ALIASES = ("Telefon", "Tlf", "Tlf.", "Telefonnummer", "Mobil")


class TitledResource(ImportResource):
    """An entity a row without an ID finds by its title, with many-to-many columns of named records (themes, areas).

    ``m2m_columns``: column key → the target column of its through table (``{"themes": "theme_id"}``); each is read
    with ``m2m_resolvers`` and written in bulk after the rows. ``several_titles``: the error when two stored records
    share the row's title.
    """

    m2m_columns: dict[str, str] = {}
    several_titles = ""

    def prepare(self, dataset):
        model = self._meta.model
        self.existing = {obj.pk: obj for obj in model.objects.all()}
        self.by_title: dict[str, list] = {}
        for obj in self.existing.values():
            self.by_title.setdefault(norm(obj.title), []).append(obj)
        self.current_ids: dict[str, dict[int, set]] = {key: {} for key in self.m2m_columns}
        source = f"{model._meta.model_name}_id"
        for key, target in self.m2m_columns.items():
            for source_id, target_id in getattr(model, key).through.objects.values_list(source, target):
                self.current_ids[key].setdefault(source_id, set()).add(target_id)

    def stored_by_id(self):
        return self.existing

    def find_by_key(self, row):
        title = as_text(self.cell(row, "title"))
        found = self.by_title.get(norm(title), []) if title else []
        if len(found) > 1:
            raise ValidationError({"title": str(self.several_titles)})
        return found[0] if found else None

    def m2m_resolvers(self, row, errors: dict) -> dict:
        """Column key → callable(name) → record, for the themes and areas columns (a subclass adds its own)."""
        return {
            "themes": lambda name: self.lookups.one(self.lookups.themes, name, what=gettext("theme")),
            "areas": lambda name: area_named(self.lookups, name, what=gettext("housing area")),
        }

    def import_relations(self, instance, row, *, new):
        errors = {}
        errors.update(self.resolve_relations(instance, row, self.m2m_resolvers(row, errors), self.current_ids, new=new))
        if errors:
            raise ValidationError(errors)

    def m2m_names(self, key, ids):
        index = self.lookups.themes if key == "themes" else self.lookups.areas
        names = {obj.pk: str(obj) for objs in index.by_name.values() for obj in objs}
        return sorted(names.get(i, str(i)) for i in ids)

    def register(self, instance, is_create):
        if is_create:
            self.by_title.setdefault(norm(instance.title), []).append(instance)

    def write_created(self, objs):
        self.create_with_history(objs, self._meta.model)
        self.write_relations(objs)

    def write_updated(self, objs):
        changed = [obj for obj in objs if obj._import_changed_fields]
        self.update_with_history(changed, self.changed_fields(changed), self._meta.model)
        self.write_relations(objs)

    def write_relations(self, objs):
        for key in self.m2m_columns:
            self.write_m2m(objs, key, f"_import_{key}")
