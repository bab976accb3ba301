from django.utils.translation import gettext_lazy as _

from ..models import Area, Collaboration, Organisation, Theme
from ..models.collaborations import CollaborationKind, CollaborationStatus
from .base import BaseFilterSet, ChoicesFilter, DateRangeFilter, RelatedAnyFilter, UserChoiceFilter


class CollaborationFilterSet(BaseFilterSet):
    search_fields = ("title", "description", "goals")

    kind = ChoicesFilter(choices=CollaborationKind.choices, label=_("Kind"))
    status = ChoicesFilter(choices=CollaborationStatus.choices, label=_("Status"))
    themes = RelatedAnyFilter(of=Theme, label=_("Themes"))
    areas = RelatedAnyFilter(of=Area, label=_("Housing areas"))
    partners = RelatedAnyFilter(of=Organisation, label=_("Partner organisation"))
    responsible = UserChoiceFilter(label=_("Responsible"))
    start_date = DateRangeFilter(label=_("Start date"))
    end_date = DateRangeFilter(label=_("End date"))

    class Meta(BaseFilterSet.Meta):
        model = Collaboration
        fields = ["q", "kind", "status", "themes", "areas", "partners", "responsible", "start_date", "end_date"]
