from django.utils.translation import gettext_lazy as _

from ..forms.areas import AreaForm
from ..models import Area
from ..selectors.areas import area_overview
from .generic import ObjectCreateView, ObjectDeleteView, ObjectDetailView, ObjectListView, ObjectUpdateView


class AreaListView(ObjectListView):
    model = Area
    empty_hint = _("Add the housing areas you work in, with the estates they are made up of.")
    tabs = [
        (_("All"), ""),
        (_("Helhedsplan running"), "masterplan_running=true"),
    ]


class AreaDetailView(ObjectDetailView):
    model = Area
    template_name = "partners/area_detail.html"

    def get_queryset(self):
        return Area.objects.select_related("municipality")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(area_overview(area=self.object))
        return context


class AreaCreateView(ObjectCreateView):
    model = Area
    form_class = AreaForm


class AreaUpdateView(ObjectUpdateView):
    model = Area
    form_class = AreaForm


class AreaDeleteView(ObjectDeleteView):
    model = Area
