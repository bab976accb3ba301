from django.utils.translation import gettext_lazy as _

from ..models import Area, Case, Theme
from ..models.cases import CaseLevel, CaseOutcome, CaseStage
from .base import BaseFilterSet, ChoicesFilter, RelatedAnyFilter, UserChoiceFilter


class CaseFilterSet(BaseFilterSet):
    search_fields = ("title", "ask", "background")

    stage = ChoicesFilter(choices=CaseStage.choices, label=_("Stage"))
    level = ChoicesFilter(choices=CaseLevel.choices, label=_("Level"))
    outcome = ChoicesFilter(choices=CaseOutcome.choices, label=_("Outcome"))
    themes = RelatedAnyFilter(of=Theme, label=_("Themes"))
    areas = RelatedAnyFilter(of=Area, label=_("Housing areas"))
    owner = UserChoiceFilter(label=_("Owner"))

    class Meta(BaseFilterSet.Meta):
        model = Case
        fields = ["q", "stage", "level", "outcome", "themes", "areas", "owner"]
