"""Organisations: CVR, else name and parent, find the record; kinds by their Danish words."""

import heapq
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ...models import Organisation, Tag
from ...models.imports import ImportMode
from ...models.organisations import ORGANISATION_DETAILS, OrganisationKind
from ..base import ImportResource, valid_tag_names
from ..lookups import CVR_DIGITS, LookupError_, chunks, norm
from ..values import as_text
from ..widgets import (
    LABEL_SEPARATORS,
    BooleanWidget,
    ChoiceWidget,
    NamesWidget,
    OrganisationWidget,
    TextWidget,
    UserWidget,
    WebsiteWidget,
    field,
)
from .common import EMAIL_ALIASES, KIND_WORDS, NOTES_ALIASES, OWNER_ALIASES, PHONE_ALIASES, TAG_ALIASES
from .references import HEADINGS, ID_ALIASES, ReferencesMixin, ids_field


class OrganisationResource(ReferencesMixin, ImportResource):
    id = field("id", "ID", readonly=True)
    name = field("name", _("Name"))
    short_name = field("short_name", _("Short name"))
    kind = field("kind", _("Kind"), ChoiceWidget(OrganisationKind, KIND_WORDS), saves_null_values=False)
    parent = field("parent", _("Parent organisation"), OrganisationWidget(Organisation, "name", ids_column="parent_id"))
    cvr = field("cvr", _("CVR"), TextWidget(null=True, digits_only=True))
    municipality_code = field("municipality_code", _("Municipality code"), TextWidget(null=True))
    estate_number = field("estate_number", _("Estate number"))
    street = field("street", _("Address"))
    postal_code = field("postal_code", _("Postal code"))
    city = field("city", _("City"))
    phone = field("phone", _("Phone"))
    email = field("email", _("E-mail"))
    website = field("website", _("Website"), WebsiteWidget())
    tags = field("tags", _("Tags"), NamesWidget(Tag, also=LABEL_SEPARATORS))
    is_key_partner = field("is_key_partner", _("Key partner"), BooleanWidget(), saves_null_values=False)
    is_active = field("is_active", _("Active"), BooleanWidget(), saves_null_values=False)
    owner = field("owner", _("Relationship owner"), UserWidget())
    notes = field("notes", _("Notes"))
    parent_id = ids_field(HEADINGS["parent_id"])

    related = ("parent", "owner")
    prefetch = ("tags",)
    foreign_id_columns = {"parent": ("parent_id", "parent_id")}
    model_label = _("organisation")
    aliases = {
        "name": ("Navn", "Organisationsnavn", "Organisation"),
        "short_name": ("Kort navn", "Kortnavn", "Forkortelse", "Kaldenavn"),
        "kind": ("Type", "Art", "Organisationstype"),
        "parent": ("Overordnet organisation", "Overordnet", "Hører under", "Moderorganisation"),
        "cvr": ("CVR-nummer", "CVR-nr", "CVR-nr.", "CVR nr"),
        "municipality_code": ("Kommunekode", "Kommunenummer"),
        "estate_number": ("Afdelingsnummer", "Afdelingsnr", "Afd.nr."),
        "street": ("Adresse", "Vejnavn"),
        "postal_code": ("Postnummer", "Postnr", "Postnr."),
        "city": ("By", "Bynavn"),
        "phone": PHONE_ALIASES,
        "email": EMAIL_ALIASES,
        "website": ("Hjemmeside", "Web", "URL"),
        "tags": TAG_ALIASES,
        "is_key_partner": ("Nøglepartner",),
        "is_active": ("Aktiv",),
        "owner": OWNER_ALIASES,
        "notes": NOTES_ALIASES,
        "parent_id": ID_ALIASES["parent_id"],
    }
    required = {
        ImportMode.UPDATE: (("id", "cvr", "name"),),
        "*": (("name",), ("kind",)),
    }

    class Meta:
        model = Organisation
        batch_size = None  # written once, parents before children: a row may name a parent further down the file
        fields = (
            "id",
            "name",
            "short_name",
            "kind",
            "parent",
            *ORGANISATION_DETAILS,
            "tags",
            "is_key_partner",
            "is_active",
            "owner",
            "notes",
            "parent_id",
        )

    def prepare(self, dataset):
        self.lookups.complete_organisations = True  # the rows to update are among them
        self.index = self.lookups.organisations
        if self.has("parent") and self.has("name"):
            self.order_parents_first(dataset)
        if self.has("tags"):
            ids = list(self.index.by_id)
            self.tag_ids: dict[int, set] = {}
            through = Organisation.tags.through
            for chunk in chunks(ids):
                for org_id, tag_id in through.objects.filter(organisation_id__in=chunk).values_list(
                    "organisation_id", "tag_id"
                ):
                    self.tag_ids.setdefault(org_id, set()).add(tag_id)
            self.lookups.tags  # noqa: B018 - loaded now, not in the middle of the rows

    def order_parents_first(self, dataset):
        """Reorder the rows so that a row naming a parent in the same file comes after that parent's row.

        Excel lists are often sorted by name, which puts units before the administration they belong to. The order
        is otherwise kept; the rows of a cycle stay where they are (and are reported by the validation).
        """
        names = [norm(as_text(value)) for value in dataset["name"]]
        parents = [norm(as_text(value)) for value in dataset["parent"]]
        rows_named: dict[str, list[int]] = {}
        for index, name in enumerate(names):
            rows_named.setdefault(name, []).append(index)
        children: dict[int, list[int]] = {}
        waiting = [0] * len(names)
        for index, parent in enumerate(parents):
            for parent_row in rows_named.get(parent, ()) if parent else ():
                if parent_row != index:
                    children.setdefault(parent_row, []).append(index)
                    waiting[index] += 1
        if not children:
            return
        ready = [index for index, count in enumerate(waiting) if count == 0]
        heapq.heapify(ready)
        order = []
        while ready:
            index = heapq.heappop(ready)
            order.append(index)
            for child in children.get(index, ()):
                waiting[child] -= 1
                if waiting[child] == 0:
                    heapq.heappush(ready, child)
        placed = set(order)
        order += [index for index in range(len(names)) if index not in placed]
        if order == sorted(order):
            return
        rows, headers = [dataset[index] for index in order], dataset.headers
        dataset.wipe()
        dataset.headers = headers
        for row in rows:
            dataset.append(row)
        if getattr(self, "row_numbers", None):
            self.row_numbers = [self.row_numbers[index] for index in order]

    def stored_by_id(self):
        return self.index.by_id

    def find_by_key(self, row):
        cvr = re.sub(r"[\s.-]", "", as_text(self.cell(row, "cvr")))
        if CVR_DIGITS.match(cvr) and cvr in self.index.by_cvr:
            return self.index.by_cvr[cvr]
        name = as_text(self.cell(row, "name"))
        if not name:
            return None
        candidates = self.index.names.get(name)
        if self.has("parent"):
            parent_name = as_text(row.get("parent"))
            if parent_name:
                candidates = self.under_parent(candidates, parent_name, row)
            else:
                candidates = [o for o in candidates if o.parent is None]
        if len(candidates) > 1:
            raise ValidationError(
                {
                    "name": gettext(
                        "Several organisations are called “%(name)s”; add the CVR number or the ID column to say which."
                    )
                    % {"name": name}
                }
            )
        return candidates[0] if candidates else None

    def under_parent(self, candidates: list, parent_name: str, row) -> list:
        """The candidates whose parent the row's parent cell names: the parent as the import reads it (its CVR, its name,
        "name (parent)", the parent's ID column), else by its name as written."""
        try:
            parent = self.fields["parent"].widget.clean(parent_name, row=row)
        except (LookupError_, ValidationError):
            parent = None
        if parent is not None:
            return [o for o in candidates if o.parent is parent]
        wanted = norm(parent_name)
        return [
            o
            for o in candidates
            if o.parent is not None and (norm(o.parent.name) == wanted or o.parent.cvr == parent_name)
        ]

    def import_relations(self, instance, row, *, new):
        if instance.parent is not None and instance.parent is instance:
            raise ValidationError({"parent": gettext("An organisation cannot be its own parent.")})
        names = self.names_in(row, "tags")
        if names is not None:
            tags = [self.lookups.tag(name) for name in valid_tag_names(names)]
            old = set() if new else self.tag_ids.get(instance.pk, set())
            instance._import_tags = self.m2m_change("tags", old, tags) if not new else tags

    def m2m_names(self, key, ids):
        tags_by_id = {tag.pk: tag.name for tag in self.lookups.tags.values()}
        return sorted(tags_by_id.get(i, str(i)) for i in ids)

    def snapshot(self, instance):
        values = super().snapshot(instance)
        instance._import_keys = (instance.name, instance.cvr, instance.municipality_code)
        instance._import_short_name = instance.short_name
        return values

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Organisation.clean() asks for parent_id, which a parent created earlier in the file does not have yet:
        # stand in for it while validating (it is set from the saved parent when the rows are written).
        # (Written to __dict__: the attribute's setter would drop the cached parent object.)
        pending_parent = instance.parent is not None and instance.parent.pk is None
        if pending_parent:
            instance.__dict__["parent_id"] = 0
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        finally:
            if pending_parent:
                instance.__dict__["parent_id"] = None

    def validate_row(self, org):
        errors = {}
        if org.cvr:
            other = self.index.by_cvr.get(org.cvr)
            if other is not None and other is not org:
                errors["cvr"] = gettext("Another organisation already has this CVR number.")
        if org.municipality_code:
            other = self.index.by_code.get(org.municipality_code)
            if other is not None and other is not org:
                errors["municipality_code"] = gettext("Another municipality already has this municipality code.")
        # Organisation.clean() finds cycles through saved parents; a new organisation has no id yet.
        node, seen = org.parent, set()
        while node is not None and id(node) not in seen:
            if node is org:
                errors["parent"] = gettext("The parent cannot be the organisation itself or one of its children.")
                break
            seen.add(id(node))
            node = node.parent
        if errors:
            raise ValidationError(errors)

    def register(self, org, is_create):
        if is_create:
            self.index.add(org)
            return
        name, cvr, code = getattr(org, "_import_keys", (org.name, org.cvr, org.municipality_code))
        short_name = getattr(org, "_import_short_name", org.short_name)
        if (name, cvr, code, short_name) != (org.name, org.cvr, org.municipality_code, org.short_name):
            self.index.remove(org, name=name, cvr=cvr, code=code)
            if short_name and org in (namesakes := self.index.names.get(short_name)):
                namesakes.remove(org)
            self.index.add(org)

    def write_created(self, objs):
        self.save_new_tags()
        pending = objs
        while pending:
            ready = [o for o in pending if o.parent is None or o.parent.pk is not None]
            if not ready:
                raise ValueError("The parent organisations in the file form a cycle.")
            for org in ready:
                org.parent_id = org.parent.pk if org.parent is not None else None
            self.create_with_history(ready, Organisation)
            pending = [o for o in pending if o.pk is None]
        self.write_m2m(objs, "tags", "_import_tags")

    def write_updated(self, objs):
        self.save_new_tags()
        for org in objs:
            if org.parent is not None:
                org.parent_id = org.parent.pk
        changed = [o for o in objs if o._import_changed_fields]
        self.update_with_history(changed, self.changed_fields(changed), Organisation)
        self.write_m2m(objs, "tags", "_import_tags")
