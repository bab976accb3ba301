"""Collaborations with their partners, themes and areas."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ...models import Area, Collaboration, CollaborationPartner, Organisation, Theme
from ...models.collaborations import COLLABORATION_SUMMARY, CollaborationKind, CollaborationStatus, PartnerRole
from ...models.imports import ImportMode
from ..base import ImportResource, end_not_before_start
from ..lookups import norm
from ..values import as_text
from ..widgets import (
    LABEL_SEPARATORS,
    ChoiceWidget,
    DateWidget,
    NamesWidget,
    UserWidget,
    area_named,
    field,
)
from .common import DATE_FORMAT
from .references import HEADINGS, ID_ALIASES, ReferencesMixin, ids_field


class CollaborationResource(ReferencesMixin, ImportResource):
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
    themes = field("themes", _("Themes"), NamesWidget(Theme, also=LABEL_SEPARATORS))
    areas = field("areas", _("Areas"), NamesWidget(Area))
    responsible = field("responsible", _("Responsible"), UserWidget())
    start_date = field("start_date", _("Start date"), DateWidget(DATE_FORMAT))
    end_date = field("end_date", _("End date"), DateWidget(DATE_FORMAT))
    description = field("description", _("Description"))
    goals = field("goals", _("Goals"))
    partner_ids = ids_field(HEADINGS["partner_ids"])

    related = ("responsible",)
    prefetch = ("partners", "themes", "areas")
    id_columns = {"partners": "partner_ids"}
    area_columns = ("areas",)
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
        "partner_ids": ID_ALIASES["partner_ids"],
    }
    required = {ImportMode.UPDATE: (("id", "title"),), "*": (("title",), ("kind",))}

    class Meta:
        model = Collaboration
        fields = (
            "id",
            *COLLABORATION_SUMMARY,
            "start_date",
            "end_date",
            "description",
            "goals",
            "partner_ids",
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

    def stored_by_id(self):
        return self.existing

    def find_by_key(self, row):
        title = as_text(self.cell(row, "title"))
        found = self.by_title.get(norm(title), []) if title else []
        if len(found) > 1:
            raise ValidationError(
                {"title": gettext("Several collaborations have this title; add the ID column to say which.")}
            )
        return found[0] if found else None

    def import_relations(self, collaboration, row, *, new):
        errors = {}
        resolvers = {
            "partners": self.organisation_resolver(row, "partners", errors),
            "themes": lambda name: self.lookups.one(self.lookups.themes, name, what=gettext("theme")),
            "areas": lambda name: area_named(self.lookups, name, what=gettext("housing area")),
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
