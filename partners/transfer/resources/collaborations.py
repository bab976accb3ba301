"""Collaborations with their partners, themes and areas."""

from django.utils.translation import gettext_lazy as _

from ...models import Area, Collaboration, CollaborationPartner, Organisation, Theme
from ...models.collaborations import COLLABORATION_SUMMARY, CollaborationKind, CollaborationStatus, PartnerRole
from ...models.imports import ImportMode
from ..base import end_not_before_start
from ..widgets import (
    LABEL_SEPARATORS,
    ChoiceWidget,
    DateWidget,
    NamesWidget,
    UserWidget,
    field,
)
from .common import DATE_FORMAT, TitledResource
from .references import HEADINGS, ID_ALIASES, ReferencesMixin, ids_field


class CollaborationResource(ReferencesMixin, TitledResource):
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
    m2m_columns = {"themes": "theme_id", "areas": "area_id"}
    several_titles = _("Several collaborations have this title; add the ID column to say which.")
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
        super().prepare(dataset)
        self.current_ids["partners"] = {}
        self.roles: dict[tuple[int, int], str] = {}
        for collaboration_id, org_id, role in CollaborationPartner.objects.values_list(
            "collaboration_id", "organisation_id", "role"
        ):
            self.current_ids["partners"].setdefault(collaboration_id, set()).add(org_id)
            self.roles[(collaboration_id, org_id)] = role

    def m2m_resolvers(self, row, errors):
        return {"partners": self.organisation_resolver(row, "partners", errors), **super().m2m_resolvers(row, errors)}

    def m2m_names(self, key, ids):
        if key == "partners":
            by_id = self.lookups.organisations.by_id
            return sorted(by_id[i].name if i in by_id else str(i) for i in ids)
        return super().m2m_names(key, ids)

    def validate_row(self, collaboration):
        end_not_before_start(collaboration, "start_date", "end_date")

    def write_relations(self, objs):
        super().write_relations(objs)
        changed = [c for c in objs if getattr(c, "_import_partners", None) is not None]
        if not changed:
            return
        # Partners are a model of their own (with a role): keep the role of those who stay, new ones are partners.
        keep, add, remove = set(), [], []
        for collaboration in changed:
            wanted = {org.pk for org in collaboration._import_partners}
            for org_id in self.current_ids["partners"].get(collaboration.pk, set()) - wanted:
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
