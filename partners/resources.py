"""django-import-export resources: the columns of every export and every import.

Headers are the fields' Danish (or English) names, so a file opens readably in Excel and goes back in unchanged; an
import also accepts the field names and the Danish headings staff write themselves (``aliases``).

Each import resource says how a row finds the record it is about (``find_existing``: natural keys), what it looks up
(``prepare``), what it reads besides plain fields (``import_relations``), which database constraints it checks in
memory (``validate_row``) and how it writes in bulk (``write_created``/``write_updated``); the machinery they share
is ``partners.imports.resource.ImportResource``, the widgets are in ``partners.imports.widgets``.
"""

import datetime
import heapq
import re
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields

from . import exporting
from .imports.lookups import CVR_DIGITS, LookupError_, chunks, norm
from .imports.resource import (
    BaseResource,
    ImportResource,
    end_not_before_start,
    parse_date_ok,
    parse_int_or_none,
    text,
    valid_tag_names,
)
from .imports.values import as_text, parse_bool, parse_date, parse_datetime, parse_time
from .imports.widgets import (
    BooleanWidget,
    ChoiceWidget,
    ContactEmailWidget,
    DateTimeWidget,
    DateWidget,
    EventWidget,
    IntegerWidget,
    NamesWidget,
    OrganisationWidget,
    TextWidget,
    UserWidget,
    WebsiteWidget,
    field,
)
from .models import (
    Affiliation,
    Area,
    Collaboration,
    CollaborationPartner,
    Contact,
    Event,
    FollowUp,
    Invitation,
    Meeting,
    Organisation,
    Tag,
    Theme,
)
from .models.areas import ListStatus
from .models.collaborations import CollaborationKind, CollaborationStatus, PartnerRole
from .models.contacts import LawfulBasis
from .models.events import EventKind, InvitationStatus
from .models.imports import ImportMode
from .models.meetings import MeetingKind
from .models.organisations import OrganisationKind

DATE_FORMAT = "%d-%m-%Y"
DATETIME_FORMAT = "%d-%m-%Y %H:%M"
NEW_YEAR_TAG = "nytårskur"  # the tag the contact list's "Inviter til nytårskur" column sets or removes


# --- organisations -------------------------------------------------------------------------------------------------

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


class OrganisationResource(ImportResource):
    id = field("id", "ID", readonly=True)
    name = field("name", _("Name"))
    kind = field("kind", _("Kind"), ChoiceWidget(OrganisationKind, KIND_WORDS), saves_null_values=False)
    parent = field("parent", _("Parent organisation"), OrganisationWidget(Organisation, "name"))
    cvr = field("cvr", _("CVR"), TextWidget(null=True, digits_only=True))
    municipality_code = field("municipality_code", _("Municipality code"), TextWidget(null=True))
    estate_number = field("estate_number", _("Estate number"))
    street = field("street", _("Address"))
    postal_code = field("postal_code", _("Postal code"))
    city = field("city", _("City"))
    phone = field("phone", _("Phone"))
    email = field("email", _("E-mail"))
    website = field("website", _("Website"), WebsiteWidget())
    tags = field("tags", _("Tags"), NamesWidget(Tag))
    is_key_partner = field("is_key_partner", _("Key partner"), BooleanWidget(), saves_null_values=False)
    is_active = field("is_active", _("Active"), BooleanWidget(), saves_null_values=False)
    owner = field("owner", _("Relationship owner"), UserWidget())
    notes = field("notes", _("Notes"))

    related = ("parent", "owner")
    prefetch = ("tags",)
    model_label = _("organisation")
    aliases = {
        "name": ("Navn", "Organisationsnavn", "Organisation"),
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
            "kind",
            "parent",
            "cvr",
            "municipality_code",
            "estate_number",
            "street",
            "postal_code",
            "city",
            "phone",
            "email",
            "website",
            "tags",
            "is_key_partner",
            "is_active",
            "owner",
            "notes",
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

    def find_existing(self, row):
        pk = self.parse_pk(row)
        if pk is not None:
            org = self.index.by_id.get(pk)
            if org is None:
                raise self.unknown_id(pk)
            return org
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
                wanted = norm(parent_name)
                candidates = [
                    o
                    for o in candidates
                    if o.parent is not None and (norm(o.parent.name) == wanted or o.parent.cvr == parent_name)
                ]
            else:
                candidates = [o for o in candidates if o.parent is None]
        if len(candidates) > 1:
            raise ValidationError(
                {
                    "name": _gettext(
                        "Several organisations are called “%(name)s”; add the CVR number or the ID column to say which."
                    )
                    % {"name": name}
                }
            )
        return candidates[0] if candidates else None

    def import_relations(self, instance, row, *, new):
        if instance.parent is not None and instance.parent is instance:
            raise ValidationError({"parent": _gettext("An organisation cannot be its own parent.")})
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
                errors["cvr"] = _gettext("Another organisation already has this CVR number.")
        if org.municipality_code:
            other = self.index.by_code.get(org.municipality_code)
            if other is not None and other is not org:
                errors["municipality_code"] = _gettext("Another municipality already has this municipality code.")
        # Organisation.clean() finds cycles through saved parents; a new organisation has no id yet.
        node, seen = org.parent, set()
        while node is not None and id(node) not in seen:
            if node is org:
                errors["parent"] = _gettext("The parent cannot be the organisation itself or one of its children.")
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
        if (name, cvr, code) != (org.name, org.cvr, org.municipality_code):
            self.index.remove(org, name=name, cvr=cvr, code=code)
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


# --- contacts ---------------------------------------------------------------------------------------------------


class ContactResource(ImportResource):
    id = field("id", "ID", readonly=True)
    first_name = field("first_name", _("First name"))
    last_name = field("last_name", _("Last name"))
    title = fields.Field(column_name=_("Title"), readonly=True)
    organisation = fields.Field(column_name=_("Organisation"), readonly=True)
    email = field("email", _("E-mail"), TextWidget(null=True))
    phone = field("phone", _("Phone"))
    salutation = field("salutation", _("Salutation"))
    tags = field("tags", _("Tags"), NamesWidget(Tag))
    do_not_contact = field("do_not_contact", _("Do not contact"), BooleanWidget(), saves_null_values=False)
    lawful_basis = field(
        "lawful_basis",
        _("Lawful basis"),
        ChoiceWidget(
            LawfulBasis,
            {
                "legitim interesse": LawfulBasis.LEGITIMATE_INTEREST,
                "samtykke": LawfulBasis.CONSENT,
                "myndighedsudøvelse": LawfulBasis.PUBLIC_TASK,
                "offentlig opgave": LawfulBasis.PUBLIC_TASK,
                "kontrakt": LawfulBasis.CONTRACT,
                "aftale": LawfulBasis.CONTRACT,
            },
        ),
        saves_null_values=False,
    )
    owner = field("owner", _("Relationship owner"), UserWidget())
    notes = field("notes", _("Notes"))

    related = ("owner",)
    model_label = _("contact")
    aliases = {
        "first_name": ("Fornavn",),
        "last_name": ("Efternavn",),
        "title": ("Titel", "Stilling", "Jobtitel"),
        "organisation": ("Organisation", "Arbejdsplads"),
        "email": EMAIL_ALIASES,
        "phone": PHONE_ALIASES,
        "salutation": ("Kære", "Tiltale", "Brevhilsen"),
        "tags": TAG_ALIASES,
        "do_not_contact": ("Må ikke kontaktes", "Kontakt ikke"),
        "lawful_basis": ("Behandlingsgrundlag", "Retsgrundlag"),
        "owner": OWNER_ALIASES,
        "notes": NOTES_ALIASES,
    }
    extra_columns = {
        "invite_new_year": (
            "Inviter til nytårskur",
            "Invitér til nytårskur",
            "Nytårskur",
            "Invite to New Year's reception",
            "Invite to the New Year's reception",
        )
    }
    extra_labels = {"invite_new_year": _("Invite to the New Year's reception (the tag “nytårskur”)")}
    required = {
        ImportMode.UPDATE: (("id", "email", "last_name"),),
        "*": (("first_name",), ("last_name",)),
    }

    class Meta:
        model = Contact
        fields = (
            "id",
            "first_name",
            "last_name",
            "title",
            "organisation",
            "email",
            "phone",
            "salutation",
            "tags",
            "do_not_contact",
            "lawful_basis",
            "owner",
            "notes",
        )

    # export

    def export_queryset(self, queryset):
        current = Affiliation.objects.filter(end_date__isnull=True).select_related("organisation")
        return (
            super()
            .export_queryset(queryset)
            .prefetch_related("tags", Prefetch("affiliations", queryset=current, to_attr="current_affiliations"))
        )

    @staticmethod
    def _primary(contact):
        current = getattr(contact, "current_affiliations", None)
        if current is None:
            current = list(contact.affiliations.current().select_related("organisation"))
        return next((a for a in current if a.is_primary), current[0] if current else None)

    def export_expressions(self):
        # The primary current affiliation, as _primary() picks it: primary first, then in the model's order.
        primary = exporting.FirstRelated(
            queryset=Affiliation.objects.filter(end_date__isnull=True),
            owner="contact_id",
            ordering=["-is_primary", "end_date", "-start_date", "id"],
            paths=("title", "organisation__name"),
        )
        return {"title": exporting.Related(primary, text, 0), "organisation": exporting.Related(primary, text, 1)}

    def dehydrate_title(self, contact):
        primary = self._primary(contact)
        return primary.title if primary else ""

    def dehydrate_organisation(self, contact):
        primary = self._primary(contact)
        return primary.organisation.name if primary else ""

    # import

    def prepare(self, dataset):
        lookups = self.lookups
        self.by_id: dict[int, Contact] = {}
        self.by_name: dict[tuple[str, str], list[Contact]] = {}
        self.affiliations: dict[int, list[Affiliation]] = {}
        self.tag_ids: dict[int, set] = {}
        loaded: list[Contact] = []
        if self.has("email"):
            lookups.load_contacts_by_email(dataset["email"])
            loaded += lookups.contacts_by_email.values()
        if self.has("id"):
            ids = {parse_int_or_none(value) for value in dataset["id"]} - {None}
            for chunk in chunks(sorted(ids)):
                loaded += Contact.objects.filter(pk__in=chunk)
        # Rows with neither ID nor e-mail are matched by name (and organisation): load the namesakes.
        emails = dataset["email"] if self.has("email") else [""] * len(dataset)
        ids = dataset["id"] if self.has("id") else [""] * len(dataset)
        last_names = {
            as_text(last).lower()
            for last, email, pk in zip(dataset["last_name"] if self.has("last_name") else [], emails, ids, strict=False)
            if not as_text(email) and not as_text(pk) and as_text(last)
        }
        self.name_matching = bool(last_names)  # new contacts need indexing by name only if a row matches by name
        for chunk in chunks(sorted(last_names)):
            loaded += Contact.objects.annotate(last_lower=Lower("last_name")).filter(last_lower__in=chunk)
        # The same contact may have been loaded twice (by e-mail and by ID): keep one object per id.
        unique: dict[int, Contact] = {}
        for contact in loaded:
            unique.setdefault(contact.pk, contact)
        self.by_id = unique
        for contact in unique.values():
            self.by_name.setdefault((norm(contact.first_name), norm(contact.last_name)), []).append(contact)
            if contact.email:
                lookups.contacts_by_email[contact.email.lower()] = contact
        contact_ids = sorted(unique)
        for chunk in chunks(contact_ids):
            for affiliation in Affiliation.objects.filter(contact_id__in=chunk, end_date__isnull=True).order_by(
                "-is_primary", "id"
            ):
                self.affiliations.setdefault(affiliation.contact_id, []).append(affiliation)
            if self.has("tags") or self.has("invite_new_year"):
                through = Contact.tags.through
                for contact_id, tag_id in through.objects.filter(contact_id__in=chunk).values_list(
                    "contact_id", "tag_id"
                ):
                    self.tag_ids.setdefault(contact_id, set()).add(tag_id)
        if self.has("organisation"):
            lookups.organisations  # noqa: B018 - loaded now, not in the middle of the rows
        if self.has("tags") or self.has("invite_new_year"):
            lookups.tags  # noqa: B018
        if self.has("owner"):
            lookups.users  # noqa: B018

    def find_existing(self, row):
        pk = self.parse_pk(row)
        if pk is not None:
            contact = self.by_id.get(pk)
            if contact is None:
                raise self.unknown_id(pk)
            return contact
        email = as_text(self.cell(row, "email")).lower()
        if email:
            return self.lookups.contacts_by_email.get(email)
        candidates = self.by_name.get((norm(as_text(row.get("first_name"))), norm(as_text(row.get("last_name")))), [])
        if not candidates:
            return None
        org_name = as_text(self.cell(row, "organisation"))
        try:
            org = self.lookups.organisation(org_name) if org_name else None
        except LookupError_:
            return None  # reported by import_relations
        if org is not None:
            candidates = [c for c in candidates if any(a.organisation_id == org.pk for a in self.current(c))]
        else:
            candidates = [c for c in candidates if not self.current(c)]
        if len(candidates) > 1:
            raise ValidationError(
                {
                    "last_name": _gettext(
                        "Several contacts have this name; add their e-mail addresses or the ID column to say which."
                    )
                }
            )
        return candidates[0] if candidates else None

    def current(self, contact) -> list:
        """The contact's current affiliations (primary first), including one planned by an earlier row."""
        if contact.pk is None:
            plan = getattr(contact, "_import_affiliation", None)
            return [SimpleNamespace(organisation_id=plan["organisation"].pk, is_primary=True)] if plan else []
        return self.affiliations.get(contact.pk, [])

    def org_name(self, affiliation) -> str:
        if affiliation is None:
            return ""
        org = self.lookups.organisations.by_id.get(affiliation.organisation_id)
        return org.name if org else ""

    @staticmethod
    def new_affiliation(contact, plan) -> dict:
        """The values of the affiliation a plan creates (written with ``create_rows``: no model object needed)."""
        return {
            "contact_id": contact.pk,
            "organisation_id": plan["organisation"].pk,
            "title": plan["title"],
            "is_primary": True,
        }

    def import_relations(self, contact, row, *, new):
        self._import_affiliation(contact, row, new=new)
        self._import_tags(contact, row, new=new)

    def _import_affiliation(self, contact, row, *, new):
        if not (self.has("organisation") or self.has("title")):
            return
        org_name = as_text(self.cell(row, "organisation"))
        title = as_text(self.cell(row, "title"))
        title_field = Affiliation._meta.get_field("title")
        if len(title) > title_field.max_length:
            try:
                title_field.run_validators(title)
            except ValidationError as error:
                raise ValidationError({"title": error.messages}) from None
        current = [] if new else self.current(contact)
        primary = next((a for a in current if a.is_primary), current[0] if current else None)
        if not org_name:
            if title and primary is None:
                raise ValidationError({"title": _gettext("A title needs an organisation (the Organisation column).")})
            if title and self.has("title") and primary.title != title:
                self.row_relation_changes.append(("title", primary.title, title))
                contact._import_affiliation = {"affiliation": primary, "title": title, "primary": None}
            return
        try:
            org = self.lookups.organisation(org_name)
        except LookupError_ as error:
            raise ValidationError({"organisation": str(error)}) from None
        target = next((a for a in current if a.organisation_id == org.pk), None)
        new_title = title if self.has("title") else (target.title if target else "")
        if target is None:
            # A new job: the file's organisation becomes the primary one; earlier jobs stay current, not primary.
            # (The Affiliation object is made when the rows are written: a preview never needs it.)
            contact._import_affiliation = {"organisation": org, "title": new_title, "demote": primary, "create": True}
            if not new:
                self.row_relation_changes.append(("organisation", self.org_name(primary), org.name))
                if (primary.title if primary else "") != new_title:
                    self.row_relation_changes.append(("title", primary.title if primary else "", new_title))
            return
        plan = {"affiliation": target, "title": None, "primary": None}
        if target.title != new_title:
            plan["title"] = new_title
            self.row_relation_changes.append(("title", target.title, new_title))
        if not target.is_primary:
            plan["primary"] = True
            plan["demote"] = primary if primary is not target else None
            self.row_relation_changes.append(("organisation", self.org_name(primary), org.name))
        if plan["title"] is not None or plan["primary"]:
            contact._import_affiliation = plan

    def _import_tags(self, contact, row, *, new):
        names = self.names_in(row, "tags")
        invite = None
        if self.has("invite_new_year"):
            try:
                invite = parse_bool(row.get("invite_new_year"))
            except ValueError as error:
                raise ValidationError({"invite_new_year": str(error)}) from None
        if names is None and invite is None:
            return
        old_ids = set() if new else self.tag_ids.get(contact.pk, set())
        if names is None:
            tags_by_id = {tag.pk: tag for tag in self.lookups.tags.values()}
            tags = [tags_by_id[i] for i in sorted(old_ids) if i in tags_by_id]
        else:
            tags = [self.lookups.tag(name) for name in valid_tag_names(names)]
        if invite is not None:
            new_year = self.lookups.tag(NEW_YEAR_TAG)
            tags = [t for t in tags if t is not new_year]
            if invite:
                tags.append(new_year)
        if new:
            contact._import_tags = tags
        else:
            contact._import_tags = self.m2m_change("tags", old_ids, tags)

    def m2m_names(self, key, ids):
        tags_by_id = {tag.pk: tag.name for tag in self.lookups.tags.values()}
        return sorted(tags_by_id.get(i, str(i)) for i in ids)

    def validate_row(self, contact):
        if contact.email:
            other = self.lookups.contacts_by_email.get(contact.email.lower())
            if other is not None and other is not contact:
                raise ValidationError({"email": _gettext("Another contact already has this e-mail address.")})

    def register(self, contact, is_create):
        if contact.email:
            self.lookups.contacts_by_email[contact.email.lower()] = contact
        if is_create and self.name_matching:
            self.by_name.setdefault((norm(contact.first_name), norm(contact.last_name)), []).append(contact)

    def write_created(self, objs):
        self.save_new_tags()
        self.create_with_history(objs, Contact)
        affiliations = []
        for contact in objs:
            plan = getattr(contact, "_import_affiliation", None)
            if plan:
                affiliations.append(self.new_affiliation(contact, plan))
        self.create_rows(Affiliation, affiliations)
        self.write_m2m(objs, "tags", "_import_tags")

    def write_updated(self, objs):
        self.save_new_tags()
        changed = [c for c in objs if c._import_changed_fields]
        self.update_with_history(changed, self.changed_fields(changed), Contact)
        demote, promote, retitle, create = [], [], [], []
        for contact in objs:
            plan = getattr(contact, "_import_affiliation", None)
            if not plan:
                continue
            if plan.get("demote") is not None:
                plan["demote"].is_primary = False
                demote.append(plan["demote"])
            if plan.get("create"):
                create.append(self.new_affiliation(contact, plan))
                continue
            affiliation = plan["affiliation"]
            if plan.get("primary"):
                affiliation.is_primary = True
                promote.append(affiliation)
            if plan.get("title") is not None:
                affiliation.title = plan["title"]
                retitle.append(affiliation)
        # One current primary affiliation per contact: demote before anything becomes primary.
        self.update_with_history(demote, ["is_primary"], Affiliation)
        self.update_with_history(promote, ["is_primary"], Affiliation)
        self.update_with_history([a for a in retitle if a not in promote], ["title"], Affiliation)
        self.update_with_history([a for a in retitle if a in promote], ["title"], Affiliation)
        self.create_rows(Affiliation, create)
        self.write_m2m(objs, "tags", "_import_tags")


# --- areas ---------------------------------------------------------------------------------------------------------


class AreaResource(ImportResource):
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

    related = ("municipality",)
    prefetch = ("estates",)
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
    }
    required = {ImportMode.UPDATE: (("id", "name"),), "*": (("name",), ("municipality",))}

    class Meta:
        model = Area
        fields = (
            "id",
            "name",
            "municipality",
            "estates",
            "list_status",
            "list_year",
            "masterplan_start",
            "masterplan_end",
            "notes",
        )

    def prepare(self, dataset):
        self.lookups.organisations  # noqa: B018 - loaded now, not in the middle of the rows
        self.existing = {area.pk: area for area in Area.objects.all()}
        self.by_key = {(norm(a.name), a.municipality_id): a for a in self.existing.values()}
        self.estate_ids: dict[int, set] = {}
        if self.has("estates"):
            for area_id, org_id in Area.estates.through.objects.values_list("area_id", "organisation_id"):
                self.estate_ids.setdefault(area_id, set()).add(org_id)

    def find_existing(self, row):
        pk = self.parse_pk(row)
        if pk is not None:
            if pk not in self.existing:
                raise self.unknown_id(pk)
            return self.existing[pk]
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
        estate = lambda name: self.lookups.organisation(name, kinds={OrganisationKind.ESTATE}, what=_("estate"))  # noqa: E731
        errors = self.resolve_relations(area, row, {"estates": estate}, {"estates": self.estate_ids}, new=new)
        if errors:
            raise ValidationError(errors)

    def m2m_names(self, key, ids):
        by_id = self.lookups.organisations.by_id
        return sorted(by_id[i].name if i in by_id else str(i) for i in ids)

    def validate_row(self, area):
        if area.list_year is not None and not 1990 <= area.list_year <= 2100:
            raise ValidationError({"list_year": _gettext("The list year must be between 1990 and 2100.")})
        end_not_before_start(area, "masterplan_start", "masterplan_end")
        other = self.by_key.get((norm(area.name), area.municipality_id))
        if other is not None and other is not area:
            raise ValidationError({"name": _gettext("This municipality already has an area with this name.")})

    def register(self, area, is_create):
        self.by_key[(norm(area.name), area.municipality_id)] = area

    def write_created(self, objs):
        self.create_with_history(objs, Area)
        self.write_m2m(objs, "estates", "_import_estates")

    def write_updated(self, objs):
        changed = [a for a in objs if a._import_changed_fields]
        self.update_with_history(changed, self.changed_fields(changed), Area)
        self.write_m2m(objs, "estates", "_import_estates")


# --- collaborations ------------------------------------------------------------------------------------------------


class CollaborationResource(ImportResource):
    id = field("id", "ID", readonly=True)
    title = field("title", _("Title"))
    kind = field(
        "kind",
        _("Kind"),
        ChoiceWidget(
            CollaborationKind,
            {
                "helhedsplan": CollaborationKind.MASTERPLAN,
                "partnerskab": CollaborationKind.PARTNERSHIP,
                "netværk": CollaborationKind.NETWORK,
                "projekt": CollaborationKind.PROJECT,
                "politisk dialog": CollaborationKind.POLITICAL_DIALOGUE,
            },
        ),
        saves_null_values=False,
    )
    status = field(
        "status",
        _("Status"),
        ChoiceWidget(
            CollaborationStatus,
            {
                "planlagt": CollaborationStatus.PLANNED,
                "aktiv": CollaborationStatus.ACTIVE,
                "sat i bero": CollaborationStatus.PAUSED,
                "i bero": CollaborationStatus.PAUSED,
                "pause": CollaborationStatus.PAUSED,
                "afsluttet": CollaborationStatus.ENDED,
            },
        ),
        saves_null_values=False,
    )
    partners = field("partners", _("Partners"), NamesWidget(Organisation, separator="|"))
    themes = field("themes", _("Themes"), NamesWidget(Theme))
    areas = field("areas", _("Areas"), NamesWidget(Area))
    responsible = field("responsible", _("Responsible"), UserWidget())
    start_date = field("start_date", _("Start date"), DateWidget(DATE_FORMAT))
    end_date = field("end_date", _("End date"), DateWidget(DATE_FORMAT))
    description = field("description", _("Description"))
    goals = field("goals", _("Goals"))

    related = ("responsible",)
    prefetch = ("partners", "themes", "areas")
    model_label = _("collaboration")
    aliases = {
        "title": ("Titel", "Navn", "Samarbejde"),
        "kind": ("Type", "Art"),
        "status": ("Status",),
        "partners": ("Partnere", "Parter", "Organisationer"),
        "themes": ("Temaer", "Tema"),
        "areas": ("Boligområder", "Områder"),
        "responsible": ("Ansvarlig",),
        "start_date": ("Startdato", "Start"),
        "end_date": ("Slutdato", "Slut"),
        "description": ("Beskrivelse",),
        "goals": ("Mål",),
    }
    required = {ImportMode.UPDATE: (("id", "title"),), "*": (("title",), ("kind",))}

    class Meta:
        model = Collaboration
        fields = (
            "id",
            "title",
            "kind",
            "status",
            "partners",
            "themes",
            "areas",
            "responsible",
            "start_date",
            "end_date",
            "description",
            "goals",
        )

    def prepare(self, dataset):
        self.existing = {c.pk: c for c in Collaboration.objects.all()}
        self.by_title: dict[str, list] = {}
        for collaboration in self.existing.values():
            self.by_title.setdefault(norm(collaboration.title), []).append(collaboration)
        self.related_ids: dict[str, dict[int, set]] = {"partners": {}, "themes": {}, "areas": {}}
        self.roles: dict[tuple[int, int], str] = {}
        for collaboration_id, org_id, role in CollaborationPartner.objects.values_list(
            "collaboration_id", "organisation_id", "role"
        ):
            self.related_ids["partners"].setdefault(collaboration_id, set()).add(org_id)
            self.roles[(collaboration_id, org_id)] = role
        for key, through, target in (
            ("themes", Collaboration.themes.through, "theme_id"),
            ("areas", Collaboration.areas.through, "area_id"),
        ):
            for collaboration_id, target_id in through.objects.values_list("collaboration_id", target):
                self.related_ids[key].setdefault(collaboration_id, set()).add(target_id)

    def find_existing(self, row):
        pk = self.parse_pk(row)
        if pk is not None:
            if pk not in self.existing:
                raise self.unknown_id(pk)
            return self.existing[pk]
        title = as_text(self.cell(row, "title"))
        found = self.by_title.get(norm(title), []) if title else []
        if len(found) > 1:
            raise ValidationError(
                {"title": _gettext("Several collaborations have this title; add the ID column to say which.")}
            )
        return found[0] if found else None

    def import_relations(self, collaboration, row, *, new):
        errors = {}
        resolvers = {
            "partners": lambda name: self.lookups.organisation(name),
            "themes": lambda name: self.lookups.one(self.lookups.themes, name, what=_gettext("theme")),
            "areas": lambda name: self.lookups.one(self.lookups.areas, name, what=_gettext("housing area")),
        }
        errors.update(self.resolve_relations(collaboration, row, resolvers, self.related_ids, new=new))
        if errors:
            raise ValidationError(errors)

    def m2m_names(self, key, ids):
        if key == "partners":
            by_id = self.lookups.organisations.by_id
            return sorted(by_id[i].name if i in by_id else str(i) for i in ids)
        index = self.lookups.themes if key == "themes" else self.lookups.areas
        names = {obj.pk: str(obj) for objs in index.by_name.values() for obj in objs}
        return sorted(names.get(i, str(i)) for i in ids)

    def validate_row(self, collaboration):
        end_not_before_start(collaboration, "start_date", "end_date")

    def register(self, collaboration, is_create):
        if is_create:
            self.by_title.setdefault(norm(collaboration.title), []).append(collaboration)

    def write_created(self, objs):
        self.create_with_history(objs, Collaboration)
        self._write_relations(objs)

    def write_updated(self, objs):
        changed = [c for c in objs if c._import_changed_fields]
        self.update_with_history(changed, self.changed_fields(changed), Collaboration)
        self._write_relations(objs)

    def _write_relations(self, objs):
        self.write_m2m(objs, "themes", "_import_themes")
        self.write_m2m(objs, "areas", "_import_areas")
        changed = [c for c in objs if getattr(c, "_import_partners", None) is not None]
        if not changed:
            return
        # Partners are a model of their own (with a role): keep the role of those who stay, new ones are partners.
        keep, add, remove = set(), [], []
        for collaboration in changed:
            wanted = {org.pk for org in collaboration._import_partners}
            for org_id in self.related_ids["partners"].get(collaboration.pk, set()) - wanted:
                remove.append((collaboration.pk, org_id))
            for org_id in wanted:
                if (collaboration.pk, org_id) in self.roles:
                    keep.add((collaboration.pk, org_id))
                else:
                    add.append(
                        CollaborationPartner(
                            collaboration_id=collaboration.pk, organisation_id=org_id, role=PartnerRole.PARTNER
                        )
                    )
        for collaboration_id, org_id in remove:
            CollaborationPartner.objects.filter(collaboration_id=collaboration_id, organisation_id=org_id).delete()
        self.create_with_history(add, CollaborationPartner)


# --- meetings ------------------------------------------------------------------------------------------------------

MEETING_KIND_WORDS = {
    "møde": MeetingKind.MEETING,
    "telefon": MeetingKind.PHONE,
    "telefonmøde": MeetingKind.PHONE,
    "opkald": MeetingKind.PHONE,
    "telefonsamtale": MeetingKind.PHONE,
    "e-mail": MeetingKind.EMAIL,
    "email": MeetingKind.EMAIL,
    "mail": MeetingKind.EMAIL,
    "besøg": MeetingKind.SITE_VISIT,
    "områdebesøg": MeetingKind.SITE_VISIT,
    "besigtigelse": MeetingKind.SITE_VISIT,
    "arrangement": MeetingKind.EVENT,
    "konference": MeetingKind.CONFERENCE,
    "høringssvar": MeetingKind.CONSULTATION,
    "høring": MeetingKind.CONSULTATION,
}


class MeetingResource(ImportResource):
    id = field("id", "ID", readonly=True)
    starts_at = field("starts_at", _("Date and time"), DateTimeWidget(DATETIME_FORMAT))
    kind = field("kind", _("Kind"), ChoiceWidget(MeetingKind, MEETING_KIND_WORDS), saves_null_values=False)
    subject = field("subject", _("Subject"))
    organisations = field("organisations", _("Organisations"), NamesWidget(Organisation, separator="|"))
    contacts = field("contacts", _("Participants (e-mail)"), NamesWidget(Contact, field="email", separator="|"))
    collaborations = field(
        "collaborations", _("Collaborations"), NamesWidget(Collaboration, field="title", separator="|")
    )
    areas = field("areas", _("Areas"), NamesWidget(Area))
    themes = field("themes", _("Themes"), NamesWidget(Theme))
    minutes = field("minutes", _("Minutes"))
    decisions = field("decisions", _("Decisions"))

    prefetch = ("organisations", "contacts", "collaborations", "areas", "themes")
    model_label = _("meeting")
    aliases = {
        "starts_at": ("Dato og tidspunkt", "Dato og tid", "Tidspunkt og dato"),
        "kind": ("Type", "Art", "Mødetype"),
        "subject": ("Emne", "Overskrift", "Titel"),
        "organisations": ("Organisationer",),
        "contacts": ("Deltagere (e-mail)", "Deltagere", "Kontaktpersoner"),
        "collaborations": ("Samarbejder",),
        "areas": ("Boligområder", "Områder"),
        "themes": ("Temaer", "Tema"),
        "minutes": ("Referat", "Notat"),
        "decisions": ("Beslutninger",),
    }
    extra_columns = {"date": ("Dato", "Date"), "time": ("Tidspunkt", "Klokkeslæt", "Kl.", "Tid", "Time")}
    extra_labels = {"date": _("Date"), "time": _("Time")}
    required = {ImportMode.UPDATE: (("id", "starts_at", "date"),), "*": (("starts_at", "date"), ("subject",))}
    relations = {
        "organisations": ("organisation_id", "organisation"),
        "contacts": ("contact_id", "contact"),
        "collaborations": ("collaboration_id", "collaboration"),
        "areas": ("area_id", "area"),
        "themes": ("theme_id", "theme"),
    }

    class Meta:
        model = Meeting
        fields = (
            "id",
            "starts_at",
            "kind",
            "subject",
            "organisations",
            "contacts",
            "collaborations",
            "areas",
            "themes",
            "minutes",
            "decisions",
        )

    def row_start(self, row):
        """The meeting's date and time from "Date and time", or from "Date" and "Time"."""
        if self.has("starts_at") and as_text(row.get("starts_at")):
            return parse_datetime(row.get("starts_at"))
        if self.has("date"):
            day = parse_date(row.get("date"))
            if day is None:
                return None
            moment = datetime.datetime.combine(day, parse_time(self.cell(row, "time")) or datetime.time(0, 0))
            return timezone.make_aware(moment)
        return None

    def prepare(self, dataset):
        starts = set()
        for values in dataset.dict:
            try:
                start = self.row_start(values)
            except ValueError:
                continue
            if start is not None:
                starts.add(start)
        ids = {parse_int_or_none(v) for v in dataset["id"]} - {None} if self.has("id") else set()
        self.existing: dict[int, Meeting] = {}
        for chunk in chunks(sorted(starts)):
            self.existing.update({m.pk: m for m in Meeting.objects.filter(starts_at__in=chunk)})
        for chunk in chunks(sorted(ids)):
            self.existing.update({m.pk: m for m in Meeting.objects.filter(pk__in=chunk)})
        self.by_key = {(m.starts_at, norm(m.subject)): m for m in self.existing.values()}
        self.related_ids: dict[str, dict[int, set]] = {key: {} for key in self.relations}
        for key, (column, _name) in self.relations.items():
            if not self.has(key):
                continue
            through = getattr(Meeting, key).through
            for chunk in chunks(sorted(self.existing)):
                for meeting_id, target_id in through.objects.filter(meeting_id__in=chunk).values_list(
                    "meeting_id", column
                ):
                    self.related_ids[key].setdefault(meeting_id, set()).add(target_id)
        if self.has("contacts"):
            emails = [e for value in dataset["contacts"] for e in self.fields["contacts"].widget.split(value)]
            self.lookups.load_contacts_by_email(emails, only=("id", "first_name", "last_name", "email"))

    def find_existing(self, row):
        pk = self.parse_pk(row)
        if pk is not None:
            if pk not in self.existing:
                raise self.unknown_id(pk)
            return self.existing[pk]
        try:
            start = self.row_start(row)
        except ValueError:
            return None  # reported when the column is imported
        subject = as_text(self.cell(row, "subject"))
        if start is None or not subject:
            return None
        return self.by_key.get((start, norm(subject)))

    def snapshot(self, instance):
        values = super().snapshot(instance)
        values["starts_at"] = instance.starts_at
        return values

    def import_relations(self, meeting, row, *, new):
        errors = {}
        if not self.has("starts_at") or not as_text(row.get("starts_at")):
            try:
                start = self.row_start(row)
            except ValueError as error:
                key = "time" if self.has("time") and parse_date_ok(row.get("date")) else "date"
                errors[key] = [str(error)]
            else:
                if start is not None:
                    meeting.starts_at = start
        resolvers = {
            "organisations": lambda name: self.lookups.organisation(name),
            "contacts": lambda email: self.lookups.contact_by_email(email),
            "collaborations": lambda name: self.lookups.one(
                self.lookups.collaborations, name, what=_gettext("collaboration")
            ),
            "areas": lambda name: self.lookups.one(self.lookups.areas, name, what=_gettext("housing area")),
            "themes": lambda name: self.lookups.one(self.lookups.themes, name, what=_gettext("theme")),
        }
        errors.update(self.resolve_relations(meeting, row, resolvers, self.related_ids, new=new))
        if errors:
            raise ValidationError(errors)

    def m2m_names(self, key, ids):
        if key == "organisations":
            by_id = self.lookups.organisations.by_id
            return sorted(by_id[i].name if i in by_id else str(i) for i in ids)
        if key == "contacts":
            by_id = {c.pk: c.email for c in self.lookups.contacts_by_email.values()}
            return sorted(by_id.get(i) or str(i) for i in ids)
        index = {"collaborations": self.lookups.collaborations, "areas": self.lookups.areas}.get(
            key, self.lookups.themes
        )
        names = {obj.pk: str(obj) for objs in index.by_name.values() for obj in objs}
        return sorted(names.get(i, str(i)) for i in ids)

    def register(self, meeting, is_create):
        if meeting.starts_at and meeting.subject:
            self.by_key[(meeting.starts_at, norm(meeting.subject))] = meeting

    def write_created(self, objs):
        self.create_with_history(objs, Meeting)
        self._write_relations(objs)

    def write_updated(self, objs):
        changed = [m for m in objs if m._import_changed_fields]
        self.update_with_history(changed, self.changed_fields(changed), Meeting)
        self._write_relations(objs)

    def _write_relations(self, objs):
        for key in self.relations:
            self.write_m2m(objs, key, f"_import_{key}")


# --- follow-ups and events (exported, not imported) ----------------------------------------------------------------


class FollowUpResource(BaseResource):
    id = field("id", "ID", readonly=True)
    text = field("text", _("Text"))
    meeting = field("meeting__subject", _("Meeting"), readonly=True)
    owner = field("owner__username", _("Owner"))
    due_date = field("due_date", _("Due date"), DateWidget(DATE_FORMAT))
    done_at = field("done_at", _("Done at"), DateTimeWidget(DATETIME_FORMAT))

    related = ("meeting", "owner")

    class Meta:
        model = FollowUp
        fields = (
            "id",
            "text",
            "meeting",
            "owner",
            "due_date",
            "done_at",
        )


class EventResource(BaseResource):
    id = field("id", "ID", readonly=True)
    name = field("name", _("Name"))
    kind = field("kind", _("Kind"), ChoiceWidget(EventKind))
    starts_at = field("starts_at", _("Starts at"), DateTimeWidget(DATETIME_FORMAT))
    location = field("location", _("Location"))
    description = field("description", _("Description"))

    class Meta:
        model = Event
        fields = (
            "id",
            "name",
            "kind",
            "starts_at",
            "location",
            "description",
        )


# --- invitations ---------------------------------------------------------------------------------------------------

STATUS_WORDS = {
    "tilmeldt": InvitationStatus.ACCEPTED,
    "ja": InvitationStatus.ACCEPTED,
    "ja tak": InvitationStatus.ACCEPTED,
    "kommer": InvitationStatus.ACCEPTED,
    "accepteret": InvitationStatus.ACCEPTED,
    "afmeldt": InvitationStatus.DECLINED,
    "nej": InvitationStatus.DECLINED,
    "nej tak": InvitationStatus.DECLINED,
    "yes": InvitationStatus.ACCEPTED,
    "no": InvitationStatus.DECLINED,
    "afbud": InvitationStatus.DECLINED,
    "deltog": InvitationStatus.ATTENDED,
    "mødte op": InvitationStatus.ATTENDED,
    "fremmødt": InvitationStatus.ATTENDED,
    "udeblev": InvitationStatus.NO_SHOW,
    "mødte ikke op": InvitationStatus.NO_SHOW,
    "inviteret": InvitationStatus.INVITED,
    "kladde": InvitationStatus.DRAFT,
}


class InvitationResource(ImportResource):
    id = field("id", "ID", readonly=True)
    event = field("event", _("Event"), EventWidget(Event, "name"))
    first_name = field("contact__first_name", _("First name"), readonly=True)
    last_name = field("contact__last_name", _("Last name"), readonly=True)
    email = field("contact", _("E-mail"), ContactEmailWidget())
    organisation = field("organisation", _("Organisation"), OrganisationWidget(Organisation, "name"))
    status = field("status", _("Status"), ChoiceWidget(InvitationStatus, STATUS_WORDS), saves_null_values=False)

    related = ("event", "contact", "organisation")
    model_label = _("invitation")
    informational = ("first_name", "last_name")
    aliases = {
        "event": ("Arrangement", "Begivenhed"),
        "first_name": ("Fornavn",),
        "last_name": ("Efternavn",),
        "email": EMAIL_ALIASES,
        "organisation": ("Organisation",),
        "status": ("Status", "Svar", "Tilmelding"),
    }
    required = {"*": (("id", "event"), ("id", "email"), ("status",))}

    class Meta:
        model = Invitation
        fields = (
            "id",
            "event",
            "first_name",
            "last_name",
            "email",
            "organisation",
            "status",
        )

    def prepare(self, dataset):
        if self.has("email"):
            self.lookups.load_contacts_by_email(dataset["email"], only=("id", "first_name", "last_name", "email"))
        event_names = set()
        if self.has("event"):
            event_names = {norm(as_text(v)) for v in dataset["event"]}
        events = [e for name in event_names for e in self.lookups.events.get(name)]
        ids = {parse_int_or_none(v) for v in dataset["id"]} - {None} if self.has("id") else set()
        self.existing: dict[int, Invitation] = {}
        for chunk in chunks(sorted(e.pk for e in events)):
            self.existing.update({i.pk: i for i in Invitation.objects.filter(event_id__in=chunk)})
        for chunk in chunks(sorted(ids)):
            self.existing.update({i.pk: i for i in Invitation.objects.filter(pk__in=chunk)})
        self.by_key = {(i.event_id, i.contact_id): i for i in self.existing.values()}
        if self.has("organisation"):
            self.lookups.organisations  # noqa: B018 - loaded now, not in the middle of the rows

    def find_existing(self, row):
        pk = self.parse_pk(row)
        if pk is not None:
            if pk not in self.existing:
                raise self.unknown_id(pk)
            return self.existing[pk]
        try:
            event = self.fields["event"].widget.clean(row.get("event"))
            contact = self.fields["email"].widget.clean(row.get("email"))
        except (LookupError_, KeyError):
            return None  # reported when the columns are imported
        if event is None or contact is None:
            return None
        return self.by_key.get((event.pk, contact.pk))

    def snapshot(self, instance):
        values = super().snapshot(instance)
        instance._import_old_status = instance.status
        return values

    def import_relations(self, invitation, row, *, new):
        # A reply or a check-in is dated when the status says so for the first time.
        old = getattr(invitation, "_import_old_status", None)
        if invitation.status == old:
            return
        now = timezone.now()
        if invitation.status == InvitationStatus.INVITED and invitation.invited_at is None:
            invitation.invited_at = now
        elif invitation.status in (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED):
            invitation.responded_at = now
        elif invitation.status in (InvitationStatus.ATTENDED, InvitationStatus.NO_SHOW):
            invitation.attendance_recorded_at = now

    def validate_row(self, invitation):
        if invitation.event_id is None or invitation.contact_id is None:
            return
        other = self.by_key.get((invitation.event_id, invitation.contact_id))
        if other is not None and other is not invitation:
            raise ValidationError({"email": _gettext("This person is already invited to the event.")})

    def register(self, invitation, is_create):
        self.by_key[(invitation.event_id, invitation.contact_id)] = invitation

    def write_created(self, objs):
        self.create_with_history(objs, Invitation)

    def write_updated(self, objs):
        changed = [i for i in objs if i._import_changed_fields]
        fields_ = self.changed_fields(changed)
        if fields_:
            fields_ += ["invited_at", "responded_at", "attendance_recorded_at"]
        self.update_with_history(changed, fields_, Invitation)


IMPORT_RESOURCES = {
    "organisations": OrganisationResource,
    "contacts": ContactResource,
    "meetings": MeetingResource,
    "areas": AreaResource,
    "collaborations": CollaborationResource,
    "invitations": InvitationResource,
}
