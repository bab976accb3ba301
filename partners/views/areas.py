from django.utils.translation import gettext_lazy as _

from ..models import Area
from ..selectors.areas import area_overview
from ..ui.badges import badge_style
from . import generic
from .meetings import log_meeting_actions


class AreaListView(generic.ObjectListView):
    model = Area
    empty_hint = _("Add the housing areas you work in, with the estates they are made up of.")
    tabs = [
        (_("All"), ""),
        (_("Helhedsplan running"), "masterplan_running=true"),
    ]


class AreaDetailView(generic.ObjectDetailView):
    model = Area
    panels = {
        "left": [
            generic.Panel("partners/panels/area_details.html"),
            generic.Panel("partners/panels/area_estates.html"),
        ],
        "right": [
            generic.Panel("partners/panels/area_collaborations.html"),
            generic.MeetingTimelinePanel(
                title=_("Latest meetings about the area"),
                empty_text=_("No meetings about this area logged yet."),
            ),
            generic.HistoryPanel(),
        ],
    }

    def get_queryset(self):
        return Area.objects.select_related("municipality")

    def get_badges(self, context):
        area = self.object
        status = area.get_list_status_display()
        label = f"{status} {area.list_year}" if area.list_year else status
        badges = [generic.Badge(label, badge_style("list_status", area.list_status))]
        if context["masterplan_running"]:
            badges.append(generic.Badge(_("Helhedsplan running"), badge_style("masterplan", "running")))
        return badges

    def get_actions(self, context):
        return log_meeting_actions(self.request, f"areas={self.object.pk}") + super().get_actions(context)

    def get_extra_context(self):
        return area_overview(area=self.object)
