"""Advocacy cases (sager): list, the case page (timeline, key dates, stances, the stakeholder map), the map across the
active cases, and the key dates, entries and stances edited from the case page (with the right to change cases)."""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from ..forms.cases import CaseDeadlineForm, CaseEventForm, CaseStakeholderForm
from ..models import Case, CaseDeadline, CaseEvent, CaseStakeholder
from ..models.cases import CaseStage
from ..selectors import cases as selectors
from . import generic
from .documents import DocumentsMixin, DocumentsPanel
from .meetings import log_meeting_actions
from .mixins import ObjectPermissionMixin

STAGE_STYLES = {
    CaseStage.WATCHING: "light",
    CaseStage.PREPARING: "info",
    CaseStage.ACTIVE: "warning",
    CaseStage.DECIDED: "success",
}


class CaseListView(generic.ObjectListView):
    model = Case
    empty_hint = _("Register the cases the secretariat pushes: what we want, the key dates and who is involved.")
    tab_field = "stage"


class CaseDetailView(DocumentsMixin, generic.ObjectDetailView):
    model = Case
    panels = {
        "left": [
            generic.Panel("partners/panels/case_details.html"),
            generic.Panel("partners/panels/case_deadlines.html"),
            generic.Panel("partners/panels/case_stance_history.html"),
        ],
        "right": [
            generic.Panel("partners/panels/case_position.html"),
            generic.Panel("partners/panels/case_stakeholders.html"),
            generic.Panel("partners/panels/case_map.html"),
            generic.Panel("partners/panels/case_timeline.html"),
            DocumentsPanel(),
            generic.HistoryPanel(),
        ],
    }

    def get_queryset(self):
        return selectors.case_detail_queryset()

    def get_badges(self, context):
        case = self.object
        badges = [
            generic.Badge(case.get_stage_display(), STAGE_STYLES.get(case.stage, "light")),
            generic.Badge(case.get_level_display()),
        ]
        if case.outcome:
            badges.append(generic.Badge(case.get_outcome_display(), "secondary"))
        return badges

    def get_actions(self, context):
        return log_meeting_actions(self.request, context["log_meeting_query"]) + super().get_actions(context)

    def get_extra_context(self):
        return {
            **selectors.case_overview(case=self.object),
            "can_change_case": self.request.user.has_perm("partners.change_case"),
        }


class CaseMapView(ObjectPermissionMixin, TemplateView):
    """Influence × stance of every partner on the active cases, with the flags beside it."""

    model = Case
    template_name = "partners/case_map.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, **selectors.stakeholder_map())


class CasePartMixin:
    """A key date, an entry or a stance, edited from its case's page and back there; needs the right to change cases."""

    permission_required = "partners.change_case"
    template_name = "partners/case_part_form.html"
    url_base = "case"
    delete_url_name = ""

    @cached_property
    def case(self) -> Case:
        if getattr(self, "object", None) is not None and self.object.pk:
            return self.object.case
        return get_object_or_404(Case, pk=self.kwargs["case_pk"])

    def get_success_url(self):
        return self.case.get_absolute_url() + f"#{self.anchor}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.case, delete_url_name=self.delete_url_name, **kwargs)


class CasePartCreateMixin(CasePartMixin):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.model(case=self.case)
        return kwargs


class CasePartDeleteView(generic.ObjectDeleteView):
    permission_required = "partners.change_case"
    template_name = "partners/case_part_delete.html"
    url_base = "case"

    def get_success_url(self):
        return self.object.case.get_absolute_url()


class CaseDeadlineCreateView(CasePartCreateMixin, generic.ObjectCreateView):
    model, form_class, anchor = CaseDeadline, CaseDeadlineForm, "case-deadlines"


class CaseDeadlineUpdateView(CasePartMixin, generic.ObjectUpdateView):
    model, form_class, anchor, delete_url_name = CaseDeadline, CaseDeadlineForm, "case-deadlines", "casedeadline_delete"


class CaseDeadlineDeleteView(CasePartDeleteView):
    model = CaseDeadline


class CaseEventCreateView(CasePartCreateMixin, generic.ObjectCreateView):
    model, form_class, anchor = CaseEvent, CaseEventForm, "case-timeline"


class CaseEventUpdateView(CasePartMixin, generic.ObjectUpdateView):
    model, form_class, anchor, delete_url_name = CaseEvent, CaseEventForm, "case-timeline", "caseevent_delete"


class CaseEventDeleteView(CasePartDeleteView):
    model = CaseEvent


class CaseStakeholderCreateView(CasePartCreateMixin, generic.ObjectCreateView):
    model, form_class, anchor = CaseStakeholder, CaseStakeholderForm, "case-stakeholders"


class CaseStakeholderUpdateView(CasePartMixin, generic.ObjectUpdateView):
    model, form_class, anchor = CaseStakeholder, CaseStakeholderForm, "case-stakeholders"
    delete_url_name = "casestakeholder_delete"


class CaseStakeholderDeleteView(CasePartDeleteView):
    model = CaseStakeholder
