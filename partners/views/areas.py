from django.urls import path
from django.utils.translation import gettext_lazy as _

from ..filtersets.areas import AreaFilterSet
from ..forms.areas import AreaForm
from ..models import Area
from ..selectors.areas import area_list_queryset, area_overview
from ..tables.areas import AreaTable
from ..transfer.resources import AreaResource
from .generic import ObjectCreateView, ObjectDeleteView, ObjectDetailView, ObjectListView, ObjectUpdateView


class AreaListView(ObjectListView):
    model = Area
    filterset_class = AreaFilterSet
    table_class = AreaTable
    resource_class = AreaResource
    empty_hint = _("Add the housing areas you work in, with the estates they are made up of.")
    tabs = [
        (_("All"), ""),
        (_("Helhedsplan running"), "masterplan_running=true"),
    ]

    def get_queryset(self):
        return area_list_queryset()


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


urlpatterns = [
    path("areas/", AreaListView.as_view(), name="area_list"),
    path("areas/add/", AreaCreateView.as_view(), name="area_add"),
    path("areas/<int:pk>/", AreaDetailView.as_view(), name="area_detail"),
    path("areas/<int:pk>/edit/", AreaUpdateView.as_view(), name="area_edit"),
    path("areas/<int:pk>/delete/", AreaDeleteView.as_view(), name="area_delete"),
]
