"""Events (exported) and invitations (imported: reply lists; exported: the invitation list)."""

from collections import Counter

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ...models import (
    Event,
    Invitation,
    Organisation,
)
from ...models.events import EventKind, InvitationStatus
from ..base import (
    BaseResource,
    ImportResource,
    parse_int_or_none,
)
from ..lookups import LookupError_, chunks, norm
from ..values import as_text
from ..widgets import (
    ChoiceWidget,
    ContactEmailWidget,
    DateTimeWidget,
    EventWidget,
    IntegerWidget,
    OrganisationWidget,
    field,
)
from .common import (
    DATETIME_FORMAT,
    EMAIL_ALIASES,
)
from .references import HEADINGS, ID_ALIASES, ReferencesMixin, ids_field


class EventResource(BaseResource):
    id = field("id", "ID", readonly=True)
    name = field("name", _("Name"))
    kind = field("kind", _("Kind"), ChoiceWidget(EventKind))
    starts_at = field("starts_at", _("Starts at"), DateTimeWidget(DATETIME_FORMAT))
    location = field("location", _("Location"))
    description = field("description", _("Description"))
    guest_quota = field("guest_quota", _("Guests per organisation"), IntegerWidget())

    class Meta:
        model = Event
        fields = (
            "id",
            "name",
            "kind",
            "starts_at",
            "location",
            "guest_quota",
            "description",
        )


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


class InvitationResource(ReferencesMixin, ImportResource):
    id = field("id", "ID", readonly=True)
    event = field("event", _("Event"), EventWidget(Event, "name"))
    first_name = field("contact__first_name", _("First name"), readonly=True)
    last_name = field("contact__last_name", _("Last name"), readonly=True)
    email = field("contact", _("E-mail"), ContactEmailWidget())
    organisation = field(
        "organisation", _("Organisation"), OrganisationWidget(Organisation, "name", ids_column="organisation_id")
    )
    status = field("status", _("Status"), ChoiceWidget(InvitationStatus, STATUS_WORDS), saves_null_values=False)
    organisation_id = ids_field(HEADINGS["organisation_id"])

    related = ("event", "contact", "organisation")
    foreign_id_columns = {"organisation": ("organisation_id", "organisation_id")}
    model_label = _("invitation")
    informational = ("first_name", "last_name")
    aliases = {
        "event": ("Arrangement", "Begivenhed"),
        "first_name": ("Fornavn",),
        "last_name": ("Efternavn",),
        "email": EMAIL_ALIASES,
        "organisation": ("Organisation",),
        "status": ("Status", "Svar", "Tilmelding"),
        "organisation_id": ID_ALIASES["organisation_id"],
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
            "organisation_id",
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
        self.taken = Counter((i.event_id, i.organisation_id) for i in self.existing.values() if i.organisation_id)
        if self.has("organisation"):
            self.lookups.organisations  # noqa: B018 - loaded now, not in the middle of the rows

    def stored_by_id(self):
        return self.existing

    def find_by_key(self, row):
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
        # The status the file gives is a move from the stored one (a new invitation starts as a draft), dated by the
        # one transition rule.
        previous = getattr(invitation, "_import_old_status", InvitationStatus.DRAFT)
        invitation.move_to(invitation.status, now=timezone.now(), previous=previous)

    def validate_row(self, invitation):
        if invitation.event_id is None or invitation.contact_id is None:
            return
        other = self.by_key.get((invitation.event_id, invitation.contact_id))
        if other is not None and other is not invitation:
            raise ValidationError({"email": gettext("This person is already invited to the event.")})
        if invitation.pk is None:
            self.check_invitee(invitation)

    def check_invitee(self, invitation):
        """A new row puts a person on the list: the rules of "Add invitees" (do not contact; the event's quota per
        organisation, counting those already on the list and earlier rows of the file)."""
        if not getattr(invitation.contact, "is_contactable", True):
            raise ValidationError(
                {
                    "email": gettext("%(name)s must not be contacted and cannot be invited.")
                    % {"name": invitation.contact}
                }
            )
        quota = invitation.event.guest_quota
        through = (invitation.event_id, invitation.organisation_id)
        if quota is not None and invitation.organisation_id is not None and self.taken[through] >= quota:
            message = ngettext(
                "%(organisation)s already has %(quota)s guest on the list, the event's quota.",
                "%(organisation)s already has %(quota)s guests on the list, the event's quota.",
                quota,
            )
            raise ValidationError({"organisation": message % {"organisation": invitation.organisation, "quota": quota}})

    def register(self, invitation, is_create):
        self.by_key[(invitation.event_id, invitation.contact_id)] = invitation
        if is_create and invitation.organisation_id is not None:
            self.taken[(invitation.event_id, invitation.organisation_id)] += 1

    def write_created(self, objs):
        self.create_with_history(objs, Invitation)

    def write_updated(self, objs):
        changed = [i for i in objs if i._import_changed_fields]
        fields_ = self.changed_fields(changed)
        if fields_:
            fields_ += ["invited_at", "responded_at", "attendance_recorded_at"]
        self.update_with_history(changed, fields_, Invitation)
