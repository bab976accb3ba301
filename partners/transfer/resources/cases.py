"""Advocacy cases with their themes and areas. A case's key dates, entries and stakeholders are edited on its page."""

from django.utils.translation import gettext_lazy as _

from ...models import Area, Case, Theme
from ...models.cases import CaseLevel, CaseOutcome, CaseStage
from ...models.imports import ImportMode
from ..widgets import LABEL_SEPARATORS, ChoiceWidget, DateWidget, NamesWidget, UserWidget, field
from .common import DATE_FORMAT, TitledResource


class CaseResource(TitledResource):
    id = field("id", "ID", readonly=True)
    title = field("title", _("Title"))
    stage = field(
        "stage",
        _("Stage"),
        ChoiceWidget(CaseStage, {"aktiv": CaseStage.ACTIVE, "påvirkning": CaseStage.ACTIVE}),
        saves_null_values=False,
    )
    level = field(
        "level",
        _("Level"),
        ChoiceWidget(CaseLevel, {"kommune": CaseLevel.MUNICIPAL, "region": CaseLevel.REGIONAL}),
        saves_null_values=False,
    )
    outcome = field(
        "outcome",
        _("Outcome"),
        ChoiceWidget(
            CaseOutcome,
            {"medhold": CaseOutcome.WON, "delvis": CaseOutcome.PARTLY, "delvist": CaseOutcome.PARTLY},
            empty="",
        ),
    )
    outcome_date = field("outcome_date", _("Decided on"), DateWidget(DATE_FORMAT))
    themes = field("themes", _("Themes"), NamesWidget(Theme, also=LABEL_SEPARATORS))
    areas = field("areas", _("Areas"), NamesWidget(Area))
    owner = field("owner", _("Owner"), UserWidget())
    ask = field("ask", _("Our position"))
    background = field("background", _("Background"))
    outcome_note = field("outcome_note", _("Note on the outcome"))

    related = ("owner",)
    prefetch = ("themes", "areas")
    area_columns = ("areas",)
    m2m_columns = {"themes": "theme_id", "areas": "area_id"}
    several_titles = _("Several cases have this title; add the ID column to say which.")
    model_label = _("case")
    aliases = {
        "title": ("Titel", "Sag", "Navn"),
        "stage": ("Fase", "Stadie"),
        "level": ("Niveau",),
        "outcome": ("Udfald", "Resultat"),
        "outcome_date": ("Afgjort", "Afgjort den", "Afgørelsesdato"),
        "themes": ("Temaer", "Tema"),
        "areas": ("Boligområder", "Områder"),
        "owner": ("Ansvarlig", "Ejer"),
        "ask": ("Vores holdning", "Holdning", "Det vil vi"),
        "background": ("Baggrund",),
        "outcome_note": ("Note om udfaldet",),
    }
    required = {ImportMode.UPDATE: (("id", "title"),), "*": (("title",),)}

    class Meta:
        model = Case
        fields = (
            "id",
            "title",
            "stage",
            "level",
            "outcome",
            "outcome_date",
            "themes",
            "areas",
            "owner",
            "ask",
            "background",
            "outcome_note",
        )
