"""The meeting log (imported and exported) and follow-ups (exported only)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ...models import Area, Collaboration, Contact, FollowUp, Meeting, Organisation, Theme
from ...models.imports import ImportMode
from ...models.meetings import MeetingKind
from ..base import BaseResource, ImportResource, parse_date_ok, parse_int_or_none
from ..lookups import chunks, norm
from ..values import as_text, parse_date, parse_datetime, parse_time
from ..widgets import (
    LABEL_SEPARATORS,
    ChoiceWidget,
    DateTimeWidget,
    DateWidget,
    NamesWidget,
    area_named,
    field,
)
from .common import DATE_FORMAT, DATETIME_FORMAT
from .references import HEADINGS, ID_ALIASES, ReferencesMixin, ids_field

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


class MeetingResource(ReferencesMixin, ImportResource):
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
    themes = field("themes", _("Themes"), NamesWidget(Theme, also=LABEL_SEPARATORS))
    minutes = field("minutes", _("Minutes"))
    decisions = field("decisions", _("Decisions"))
    organisation_ids = ids_field(HEADINGS["organisation_ids"])

    prefetch = ("organisations", "contacts", "collaborations", "areas", "themes")
    id_columns = {"organisations": "organisation_ids"}
    area_columns = ("areas",)
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
        "organisation_ids": ID_ALIASES["organisation_ids"],
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
            "organisation_ids",
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

    def stored_by_id(self):
        return self.existing

    def find_by_key(self, row):
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
            "organisations": self.organisation_resolver(row, "organisations", errors),
            "contacts": lambda email: self.lookups.contact_by_email(email),
            "collaborations": lambda name: self.lookups.one(
                self.lookups.collaborations, name, what=gettext("collaboration")
            ),
            "areas": lambda name: area_named(self.lookups, name, what=gettext("housing area")),
            "themes": lambda name: self.lookups.one(self.lookups.themes, name, what=gettext("theme")),
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
