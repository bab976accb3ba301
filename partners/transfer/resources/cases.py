"""Advocacy cases (exported; not imported)."""

from django.utils.translation import gettext_lazy as _

from ...models import Area, Case, Theme
from ...models.cases import CaseLevel, CaseOutcome, CaseStage
from ..base import BaseResource
from ..widgets import LABEL_SEPARATORS, ChoiceWidget, DateWidget, NamesWidget, UserWidget, field
from .common import DATE_FORMAT


class CaseResource(BaseResource):
    id = field("id", "ID", readonly=True)
    title = field("title", _("Title"))
    stage = field("stage", _("Stage"), ChoiceWidget(CaseStage))
    level = field("level", _("Level"), ChoiceWidget(CaseLevel))
    outcome = field("outcome", _("Outcome"), ChoiceWidget(CaseOutcome))
    outcome_date = field("outcome_date", _("Decided on"), DateWidget(DATE_FORMAT))
    themes = field("themes", _("Themes"), NamesWidget(Theme, also=LABEL_SEPARATORS))
    areas = field("areas", _("Areas"), NamesWidget(Area))
    owner = field("owner", _("Owner"), UserWidget())
    ask = field("ask", _("Our position"))
    background = field("background", _("Background"))
    outcome_note = field("outcome_note", _("Note on the outcome"))

    related = ("owner",)
    prefetch = ("themes", "areas")

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
