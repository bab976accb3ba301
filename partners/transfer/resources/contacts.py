"""Contacts with their affiliations: e-mail, else name and organisation, find the person."""

from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields

from ...models import Affiliation, Contact, ErasedPerson, Tag
from ...models.contacts import LawfulBasis
from ...models.imports import ImportMode
from ...models.personal_data import ERASED_EMAIL_MESSAGE, email_fingerprint
from .. import exporting
from ..base import ImportResource, parse_int_or_none, text, valid_tag_names
from ..lookups import ARRAY_CHUNK, LookupError_, chunks, norm
from ..values import as_text, parse_bool
from ..widgets import (
    LABEL_SEPARATORS,
    BooleanWidget,
    ChoiceWidget,
    NamesWidget,
    TextWidget,
    UserWidget,
    field,
    organisation_named,
)
from .common import EMAIL_ALIASES, NEW_YEAR_TAG, NOTES_ALIASES, OWNER_ALIASES, PHONE_ALIASES, TAG_ALIASES
from .references import HEADINGS, ID_ALIASES, ReferencesMixin, ids_field, ids_text


class ContactResource(ReferencesMixin, ImportResource):
    id = field("id", "ID", readonly=True)
    first_name = field("first_name", _("First name"))
    last_name = field("last_name", _("Last name"))
    title = fields.Field(column_name=_("Title"), readonly=True)
    organisation = fields.Field(column_name=_("Organisation"), readonly=True)
    email = field("email", _("E-mail"), TextWidget(null=True))
    phone = field("phone", _("Phone"))
    salutation = field("salutation", _("Salutation"))
    tags = field("tags", _("Tags"), NamesWidget(Tag, also=LABEL_SEPARATORS))
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
    organisation_id = ids_field(HEADINGS["organisation_id"])

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
        "organisation_id": ID_ALIASES["organisation_id"],
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
            "organisation_id",
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
            paths=("title", "organisation_id"),
        )
        return {
            "title": exporting.Related(primary, text, 0),
            "organisation": exporting.Related(primary, self.organisation_references.text, 1),
            "organisation_id": exporting.Related(primary, ids_text, 1),
        }

    def dehydrate_title(self, contact):
        primary = self._primary(contact)
        return primary.title if primary else ""

    def dehydrate_organisation(self, contact):
        primary = self._primary(contact)
        return self.organisation_references.text(primary.organisation_id) if primary else ""

    def dehydrate_organisation_id(self, contact):
        primary = self._primary(contact)
        return ids_text(primary.organisation_id if primary else None)

    # import

    def prepare(self, dataset):
        lookups = self.lookups
        self.by_id: dict[int, Contact] = {}
        self.by_name: dict[tuple[str, str], list[Contact]] = {}
        self.affiliations: dict[int, list[Affiliation]] = {}
        self.tag_ids: dict[int, set] = {}
        loaded: list[Contact] = []
        self.erased: set[str] = set()
        if self.has("email"):
            lookups.load_contacts_by_email(dataset["email"])
            loaded += lookups.contacts_by_email.values()
            # The addresses of people erased at their request: refused, not silently brought back (one query).
            prints = {email_fingerprint(str(e)) for e in dataset["email"] if e is not None and str(e).strip()}
            self.erased = set(ErasedPerson.objects.filter(fingerprint__in=prints).values_list("fingerprint", flat=True))
        if self.has("id"):
            ids = {parse_int_or_none(value) for value in dataset["id"]} - {None}
            for chunk in chunks(sorted(ids), ARRAY_CHUNK):
                loaded += exporting.of_ids(Contact.objects.all(), "id", chunk)
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
        for chunk in chunks(contact_ids, ARRAY_CHUNK):
            current = exporting.of_ids(Affiliation.objects.filter(end_date__isnull=True), "contact_id", chunk)
            for affiliation in current.order_by("-is_primary", "id"):
                self.affiliations.setdefault(affiliation.contact_id, []).append(affiliation)
            if self.has("tags") or self.has("invite_new_year"):
                through = Contact.tags.through
                for contact_id, tag_id in exporting.of_ids(through.objects.all(), "contact_id", chunk).values_list(
                    "contact_id", "tag_id"
                ):
                    self.tag_ids.setdefault(contact_id, set()).add(tag_id)
        if self.has("organisation"):
            lookups.organisations  # noqa: B018 - loaded now, not in the middle of the rows
        if self.has("tags") or self.has("invite_new_year"):
            lookups.tags  # noqa: B018
        if self.has("owner"):
            lookups.users  # noqa: B018

    def stored_by_id(self):
        return self.by_id

    def find_by_key(self, row):
        email = as_text(self.cell(row, "email")).lower()
        if email:
            return self.lookups.contacts_by_email.get(email)
        candidates = self.by_name.get((norm(as_text(row.get("first_name"))), norm(as_text(row.get("last_name")))), [])
        if not candidates:
            return None
        org_name = as_text(self.cell(row, "organisation"))
        try:
            org = self.row_organisation(row, org_name) if org_name else None
        except (LookupError_, ValueError):
            return None  # reported by import_relations
        if org is not None:
            candidates = [c for c in candidates if any(a.organisation_id == org.pk for a in self.current(c))]
        else:
            candidates = [c for c in candidates if not self.current(c)]
        if len(candidates) > 1:
            raise ValidationError(
                {
                    "last_name": gettext(
                        "Several contacts have this name; add their e-mail addresses or the ID column to say which."
                    )
                }
            )
        return candidates[0] if candidates else None

    def row_organisation(self, row, name: str):
        """The organisation the row's Organisation column names (its "Organisation-ID" telling namesakes apart)."""
        errors = {}
        ids = self.row_ids(row, "organisation_id", errors)
        if errors:
            raise ValidationError(errors)
        return organisation_named(self.lookups, name, ids)

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
                raise ValidationError({"title": gettext("A title needs an organisation (the Organisation column).")})
            if title and self.has("title") and primary.title != title:
                self.row_relation_changes.append(("title", primary.title, title))
                contact._import_affiliation = {"affiliation": primary, "title": title, "primary": None}
            return
        try:
            org = self.row_organisation(row, org_name)
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
                raise ValidationError({"email": gettext("Another contact already has this e-mail address.")})
            if other is None and email_fingerprint(contact.email) in self.erased:
                raise ValidationError({"email": str(ERASED_EMAIL_MESSAGE)})

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
