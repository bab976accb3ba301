"""The manager pages: the dashboard (overview and relationship health) and the yearly figures with their export."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ..models import ExportRecord
from ..selectors import dashboard as selectors
from ..selectors import reports
from ..selectors.cases import dashboard_cases
from ..transfer.exporting import file_response, neutralise


def bars(pairs, *, url=None) -> list[dict]:
    """(label, value) pairs as rows of a bar chart: each with its share of the largest value, in percent."""
    pairs = list(pairs)
    top = max((value for _label, value in pairs), default=0) or 1
    rows = []
    for label, value in pairs:
        pct = round(100 * value / top, 1)
        # For column charts: the top of a 140-unit-high column standing on y=170, and its value label above it.
        # Whole numbers: a float would be rendered with the Danish decimal comma, which SVG cannot read.
        top_y = round(170 - 140 * pct / 100)
        rows.append({"label": str(label), "value": value, "pct": pct, "top": top_y, "label_y": max(top_y - 4, 10)})
    return rows


class ManagerView(PermissionRequiredMixin, TemplateView):
    """Managers (the Ledelse group) and superusers; everybody else logged in gets 403."""

    permission_required = "partners.view_dashboard"
    raise_exception = True


class DashboardView(ManagerView):
    template_name = "partners/dashboard.html"
    per_page = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        activity = selectors.activity(today=today)
        context.update(
            {
                "today": today,
                "health": selectors.relationship_health(
                    today=today, page=self.request.GET.get("page", 1), per_page=self.per_page
                ),
                "collaboration_counts": selectors.collaboration_counts(),
                "overdue_by_owner": selectors.overdue_follow_ups_by_owner(today=today),
                "due_for_review": selectors.collaborations_due_for_review(today=today),
                "activity": activity,
                "chart_months": bars((start.strftime("%m/%y"), n) for start, n in activity["per_month"]),
                "chart_kinds": bars(activity["by_kind"]),
                "chart_themes": bars(activity["by_theme"]),
                "report_year": today.year,
                **dashboard_cases(),
            }
        )
        return context


class YearReportView(ManagerView):
    template_name = "partners/report_year.html"

    def get(self, request, *args, year: int, **kwargs):
        if not reports.year_is_reportable(year):
            context = self.get_context_data(year=year, invalid_year=True)
            return self.render_to_response(context, status=404)
        report = reports.year_report(year=year)
        export_format = request.GET.get("format")
        if export_format in ("csv", "xlsx"):
            return self.export(report, export_format)
        context = self.get_context_data(
            year=year,
            report=report,
            chart_kinds=bars(report.meetings_by_kind),
            chart_partner_kinds=bars(report.meetings_by_partner_kind),
            chart_themes=bars(report.top_themes),
            chart_areas=bars(report.top_areas),
            unknown_format=bool(export_format),
        )
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = kwargs["year"]
        context["previous_year"] = year - 1 if reports.year_is_reportable(year - 1) else None
        context["next_year"] = year + 1 if reports.year_is_reportable(year + 1) else None
        context["first_year"], context["last_year"] = reports.FIRST_YEAR, reports.LAST_YEAR
        return context

    def export(self, report, export_format: str):
        what = _("Yearly figures %(year)s") % {"year": report.year}
        ExportRecord.objects.record(user=self.request.user, what=what, query="", export_format=export_format)
        headers = [_("Section"), _("Item"), _("Value")]
        rows = [[neutralise(cell) for cell in row] for row in report.export_rows()]
        return file_response(
            headers=[neutralise(h) for h in headers],
            rows=rows,
            export_format=export_format,
            filename=what,
            delimiter="semicolon",
            title=str(report.year),
        )


urlpatterns = [
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("reports/year/<int:year>/", YearReportView.as_view(), name="report_year"),
]
