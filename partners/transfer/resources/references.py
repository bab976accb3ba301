"""How an export names the organisations and areas of a row, so that the import finds exactly those again.

At the reference scale 14,543 organisations share 5,072 names ("Beboerforeningen", "Afdeling 1"), so an export that
writes only names comes back refused. An export therefore writes, for each organisation a row names, the first of
these that the import (``OrganisationIndex.resolve``) reads as that organisation and no other:

1. its name ("Brabrand Boligforening"),
2. its name with its parent in brackets ("Gellerupparken (Brabrand Boligforening)"),
3. its CVR number,
4. its name — and the ID columns next to it ("Organisation-ID", "Organisation-ID'er", "Partner-ID'er",
   "Afdeling-ID'er", "Overordnet organisation-ID") tell the namesakes apart (``widgets.organisation_named``).

The ID columns are written for every row, so that a file stays unambiguous even when a namesake is added to the
register between the export and the import. A housing area is written by its name, or "name (municipality)" where
another municipality has an area of the same name (``widgets.area_named``).
"""

import dataclasses
from functools import partial

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from import_export import fields

from ...models import Area
from .. import exporting
from ..base import related_names
from ..lookups import LookupError_, OrganisationIndex, fold
from ..widgets import organisation_named, parse_ids

IDS_SEPARATOR = "|"


class OrganisationReferences:
    """Organisation id → the text an export writes for it (see the module docstring); worked out once per id."""

    def __init__(self):
        self.texts: dict[int, str] = {}

    @cached_property
    def index(self) -> OrganisationIndex:
        return OrganisationIndex()

    def text(self, pk) -> str:
        if pk is None:
            return ""
        found = self.texts.get(pk)
        if found is None:
            found = self.texts[pk] = self._reference(pk)
        return found

    def texts_of(self, pks) -> str:
        return IDS_SEPARATOR.join(self.text(pk) for pk in pks or ())

    def _reference(self, pk) -> str:
        org = self.index.by_id.get(pk)
        if org is None:
            return ""  # deleted while the export ran
        candidates = [org.name]
        if org.parent is not None:
            candidates.append(f"{org.name} ({org.parent.name})")
        if org.cvr:
            candidates.append(org.cvr)
        for candidate in candidates:
            try:
                if self.index.resolve(candidate) is org:
                    return candidate
            except LookupError_:
                continue
        return org.name


class AreaReferences:
    """Area id → its name, or "name (municipality)" where areas of several municipalities share the name."""

    @cached_property
    def texts(self) -> dict[int, str]:
        areas = list(Area.objects.values_list("id", "name", "municipality__name"))
        namesakes: dict[str, int] = {}
        for _pk, name, _municipality in areas:
            namesakes[fold(name)] = namesakes.get(fold(name), 0) + 1
        return {
            pk: f"{name} ({municipality})" if namesakes[fold(name)] > 1 and municipality else name
            for pk, name, municipality in areas
        }

    def texts_of(self, separator: str, pks) -> str:
        return separator.join(self.texts.get(pk, "") for pk in pks or ())


def ids_text(pks) -> str:
    """An ID column's cell: the ids in the order of the names beside it."""
    if pks is None:
        return ""
    if isinstance(pks, int):
        return str(pks)
    return IDS_SEPARATOR.join(str(pk) for pk in pks)


def ids_field(heading) -> fields.Field:
    """An ID column: written by the export, read by the import to tell same-named organisations apart."""
    return fields.Field(column_name=heading, readonly=True)


ID_ALIASES = {
    "organisation_id": ("Organisation-ID", "Organisations-ID", "Organisation id"),
    "organisation_ids": ("Organisation-ID'er", "Organisations-ID'er", "Organisation-ID", "Organisation IDs"),
    "partner_ids": ("Partner-ID'er", "Partner-ID", "Partner IDs"),
    "estate_ids": ("Afdeling-ID'er", "Afdelings-ID'er", "Afdeling-ID", "Estate IDs"),
    "parent_id": ("Overordnet organisation-ID", "Overordnet-ID", "Parent ID", "Parent organisation ID"),
}
HEADINGS = {
    "organisation_id": _("Organisation ID"),
    "organisation_ids": _("Organisation IDs"),
    "partner_ids": _("Partner IDs"),
    "estate_ids": _("Estate IDs"),
    "parent_id": _("Parent organisation ID"),
}


class Named(str):
    """A name from a cell of organisations, with the ids that may tell it apart from its namesakes."""

    ids: tuple[int, ...] = ()

    @classmethod
    def of(cls, name: str, ids) -> "Named":
        named = cls(name)
        named.ids = tuple(ids)
        return named


class ReferencesMixin:
    """How a resource writes the organisations and areas it names (see the module docstring) and reads them back.

    Declared per resource:

    * ``id_columns``: a many-to-many column of organisations → its ID column. On import a cell of names is paired with
      its ID cell position by position ("Beboerforeningen|Beboerforeningen" with "17|42" names two organisations); when
      the two cells hold different numbers of items (edited by hand), each name may be any of the ids.
    * ``foreign_id_columns``: a column of one organisation → (the model's ``<field>_id``, its ID column); read on
      import by an ``OrganisationWidget(ids_column=…)``.
    * ``area_columns``: many-to-many columns of housing areas.

    The references are worked out once per export (a resource is made anew for each, so they are never stale); the
    value export (``export_expressions``) and the object export (``export_row``) write the same text.
    """

    id_columns: dict[str, str] = {}
    foreign_id_columns: dict[str, tuple[str, str]] = {}
    area_columns: tuple[str, ...] = ()

    @cached_property
    def organisation_references(self) -> OrganisationReferences:
        return OrganisationReferences()

    @cached_property
    def area_references(self) -> AreaReferences:
        return AreaReferences()

    # --- export ------------------------------------------------------------------------------------------------

    def export_expressions(self) -> dict:
        organisations = self.organisation_references.text
        columns = {}
        for key, ids_key in self.id_columns.items():
            ids = self.related_ids(key)
            columns[key] = exporting.Related(ids, self.organisation_references.texts_of)
            columns[ids_key] = exporting.Related(ids, ids_text)
        for key, (attname, ids_key) in self.foreign_id_columns.items():
            columns[key] = exporting.Value(attname, organisations)
            columns[ids_key] = exporting.Value(attname, ids_text)
        for key in self.area_columns:
            separator = self.fields[key].widget.separator
            columns[key] = exporting.Related(self.related_ids(key), partial(self.area_references.texts_of, separator))
        return columns

    def related_ids(self, attribute: str) -> exporting.RelatedNames:
        """The ids of a many-to-many column's objects per row, in the order its names are written."""
        model = self._meta.model
        relation = model._meta.get_field(attribute)
        names = related_names(model, attribute, self.fields[attribute].widget)
        return dataclasses.replace(names, name_path=f"{relation.m2m_reverse_field_name()}_id", separator=None)

    def export_row(self, obj) -> list:
        row = super().export_row(obj)
        for position, render in self.reference_renders():
            row[position] = render(obj)
        return row

    def reference_renders(self) -> list:
        """(position, obj → text) of the reference columns, for the object export."""
        cached = self.__dict__.get("_reference_renders")
        if cached is not None:
            return cached
        organisations = self.organisation_references
        renders = {}
        for key, ids_key in self.id_columns.items():
            renders[key] = lambda obj, key=key: organisations.texts_of(related_pks(obj, key))
            renders[ids_key] = lambda obj, key=key: ids_text(related_pks(obj, key))
        for key, (attname, ids_key) in self.foreign_id_columns.items():
            renders[key] = lambda obj, attname=attname: organisations.text(getattr(obj, attname))
            renders[ids_key] = lambda obj, attname=attname: ids_text(getattr(obj, attname))
        for key in self.area_columns:
            separator = self.fields[key].widget.separator
            renders[key] = lambda obj, key=key, sep=separator: self.area_references.texts_of(sep, related_pks(obj, key))
        names = [self.get_field_name(f) for f in self.get_export_fields()]
        cached = self.__dict__["_reference_renders"] = [(names.index(key), render) for key, render in renders.items()]
        return cached

    # --- import ------------------------------------------------------------------------------------------------

    def names_in(self, row, key: str):
        ids_key = self.id_columns.get(key)
        if ids_key is None or key not in self.headers:
            return super().names_in(row, key)
        names = self.fields[key].widget.split(row.get(key), unique=False)
        try:
            ids = parse_ids(self.cell(row, ids_key))
        except ValueError:
            ids = []  # reported by organisation_resolver
        if len(ids) != len(names):
            return [Named.of(name, ids) for name in dict.fromkeys(names)]
        pairs = dict.fromkeys((fold(name), pk, name) for name, pk in zip(names, ids, strict=True))
        return [Named.of(name, [pk]) for _key, pk, name in pairs]

    def organisation_resolver(self, row, key: str, errors: dict, **kwargs):
        """The resolver of a many-to-many column of organisations (``resolve_relations``), reading its ID column."""
        self.row_ids(row, self.id_columns[key], errors)
        return lambda name: organisation_named(self.lookups, name, getattr(name, "ids", ()), **kwargs)

    def row_ids(self, row, key: str, errors: dict) -> list[int]:
        """The ids in the row's ID column ``key`` (an unreadable cell is the row's error, in ``errors``)."""
        try:
            return parse_ids(self.cell(row, key))
        except ValueError as error:
            errors[key] = [str(error)]
            return []


def related_pks(obj, attribute: str) -> list:
    """The ids of a (prefetched) many-to-many relation, in the related model's order."""
    return [related.pk for related in getattr(obj, attribute).all()]
