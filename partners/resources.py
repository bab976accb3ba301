"""django-import-export resources: the columns of every export (and, with the import issue, of every import).

Headers are the fields' Danish (or English) names, so a file opens readably in Excel and goes back in unchanged.
Querysets passed to ``export`` are prepared by ``export_queryset`` so no row costs a query.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from .models import (
    Affiliation,
    Area,
    Collaboration,
    Contact,
    Event,
    FollowUp,
    Invitation,
    Meeting,
    Organisation,
    Tag,
    Theme,
)

DATE_FORMAT = "%d-%m-%Y"
DATETIME_FORMAT = "%d-%m-%Y %H:%M"


class NamesWidget(widgets.ManyToManyWidget):
    """Many-to-many as names separated by ", " (as Danish Excel lists are written)."""

    def __init__(self, model, field="name", separator=", ", **kwargs):
        super().__init__(model, separator=separator, field=field, **kwargs)


class ChoiceWidget(widgets.Widget):
    """A choice field written as its display value (in the active language)."""

    def __init__(self, choices, **kwargs):
        self.choices = dict(choices)
        super().__init__(**kwargs)

    def render(self, value, obj=None, **kwargs):
        return str(self.choices.get(value, value or ""))


class BooleanWidget(widgets.BooleanWidget):
    def render(self, value, obj=None, **kwargs):
        return str(_("Yes")) if value else str(_("No"))


def field(attribute, header, widget=None, **kwargs):
    return fields.Field(attribute=attribute, column_name=header, widget=widget, **kwargs)


class BaseResource(resources.ModelResource):
    related = ()  # select_related
    prefetch = ()  # prefetch_related

    def export_queryset(self, queryset):
        return queryset.select_related(*self.related).prefetch_related(*self.prefetch)

    def export(self, queryset=None, **kwargs):
        queryset = self.export_queryset(queryset if queryset is not None else self.get_queryset())
        return super().export(queryset=queryset, **kwargs)


class OrganisationResource(BaseResource):
    id = field("id", "ID", readonly=True)
    name = field("name", _("Name"))
    kind = field("kind", _("Kind"), ChoiceWidget(Organisation._meta.get_field("kind").choices))
    parent = field("parent", _("Parent organisation"), widgets.ForeignKeyWidget(Organisation, "name"))
    cvr = field("cvr", _("CVR"))
    municipality_code = field("municipality_code", _("Municipality code"))
    street = field("street", _("Address"))
    postal_code = field("postal_code", _("Postal code"))
    city = field("city", _("City"))
    phone = field("phone", _("Phone"))
    email = field("email", _("E-mail"))
    website = field("website", _("Website"))
    tags = field("tags", _("Tags"), NamesWidget(Tag))
    is_key_partner = field("is_key_partner", _("Key partner"), BooleanWidget())
    is_active = field("is_active", _("Active"), BooleanWidget())
    owner = field("owner__username", _("Relationship owner"))
    notes = field("notes", _("Notes"))

    related = ("parent", "owner")
    prefetch = ("tags",)

    class Meta:
        model = Organisation
        fields = (
            "id",
            "name",
            "kind",
            "parent",
            "cvr",
            "municipality_code",
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


class ContactResource(BaseResource):
    id = field("id", "ID", readonly=True)
    first_name = field("first_name", _("First name"))
    last_name = field("last_name", _("Last name"))
    title = fields.Field(column_name=_("Title"), readonly=True)
    organisation = fields.Field(column_name=_("Organisation"), readonly=True)
    email = field("email", _("E-mail"))
    phone = field("phone", _("Phone"))
    salutation = field("salutation", _("Salutation"))
    tags = field("tags", _("Tags"), NamesWidget(Tag))
    do_not_contact = field("do_not_contact", _("Do not contact"), BooleanWidget())
    lawful_basis = field(
        "lawful_basis", _("Lawful basis"), ChoiceWidget(Contact._meta.get_field("lawful_basis").choices)
    )
    owner = field("owner__username", _("Relationship owner"))
    notes = field("notes", _("Notes"))

    related = ("owner",)

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

    def dehydrate_title(self, contact):
        primary = self._primary(contact)
        return primary.title if primary else ""

    def dehydrate_organisation(self, contact):
        primary = self._primary(contact)
        return primary.organisation.name if primary else ""


class AreaResource(BaseResource):
    id = field("id", "ID", readonly=True)
    name = field("name", _("Name"))
    municipality = field("municipality", _("Municipality"), widgets.ForeignKeyWidget(Organisation, "name"))
    estates = field("estates", _("Estates"), NamesWidget(Organisation, separator="|"))
    list_status = field("list_status", _("List status"), ChoiceWidget(Area._meta.get_field("list_status").choices))
    list_year = field("list_year", _("List year"))
    masterplan_start = field("masterplan_start", _("Helhedsplan start"), widgets.DateWidget(DATE_FORMAT))
    masterplan_end = field("masterplan_end", _("Helhedsplan end"), widgets.DateWidget(DATE_FORMAT))
    notes = field("notes", _("Notes"))

    related = ("municipality",)
    prefetch = ("estates",)

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


class CollaborationResource(BaseResource):
    id = field("id", "ID", readonly=True)
    title = field("title", _("Title"))
    kind = field("kind", _("Kind"), ChoiceWidget(Collaboration._meta.get_field("kind").choices))
    status = field("status", _("Status"), ChoiceWidget(Collaboration._meta.get_field("status").choices))
    partners = field("partners", _("Partners"), NamesWidget(Organisation, separator="|"))
    themes = field("themes", _("Themes"), NamesWidget(Theme))
    areas = field("areas", _("Areas"), NamesWidget(Area))
    responsible = field("responsible__username", _("Responsible"))
    start_date = field("start_date", _("Start date"), widgets.DateWidget(DATE_FORMAT))
    end_date = field("end_date", _("End date"), widgets.DateWidget(DATE_FORMAT))
    description = field("description", _("Description"))
    goals = field("goals", _("Goals"))

    related = ("responsible",)
    prefetch = ("partners", "themes", "areas")

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


class MeetingResource(BaseResource):
    id = field("id", "ID", readonly=True)
    starts_at = field("starts_at", _("Date and time"), widgets.DateTimeWidget(DATETIME_FORMAT))
    kind = field("kind", _("Kind"), ChoiceWidget(Meeting._meta.get_field("kind").choices))
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


class FollowUpResource(BaseResource):
    id = field("id", "ID", readonly=True)
    text = field("text", _("Text"))
    meeting = field("meeting__subject", _("Meeting"), readonly=True)
    owner = field("owner__username", _("Owner"))
    due_date = field("due_date", _("Due date"), widgets.DateWidget(DATE_FORMAT))
    done_at = field("done_at", _("Done at"), widgets.DateTimeWidget(DATETIME_FORMAT))

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
    kind = field("kind", _("Kind"), ChoiceWidget(Event._meta.get_field("kind").choices))
    starts_at = field("starts_at", _("Starts at"), widgets.DateTimeWidget(DATETIME_FORMAT))
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


class InvitationResource(BaseResource):
    id = field("id", "ID", readonly=True)
    event = field("event__name", _("Event"), readonly=True)
    first_name = field("contact__first_name", _("First name"), readonly=True)
    last_name = field("contact__last_name", _("Last name"), readonly=True)
    email = field("contact__email", _("E-mail"), readonly=True)
    organisation = field("organisation__name", _("Organisation"), readonly=True)
    status = field("status", _("Status"), ChoiceWidget(Invitation._meta.get_field("status").choices))

    related = ("event", "contact", "organisation")

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
