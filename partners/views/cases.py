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


def _part_views(model, form_class, anchor: str) -> tuple[type, type, type]:
    """The add, edit and delete views of one kind of a case's parts."""
    name, delete_url_name = model.__name__, f"{model._meta.model_name}_delete"
    attrs = {"__module__": __name__, "model": model, "form_class": form_class, "anchor": anchor}
    return (
        type(f"{name}CreateView", (CasePartCreateMixin, generic.ObjectCreateView), attrs),
        type(
            f"{name}UpdateView",
            (CasePartMixin, generic.ObjectUpdateView),
            {**attrs, "delete_url_name": delete_url_name},
        ),
        type(f"{name}DeleteView", (CasePartDeleteView,), {"__module__": __name__, "model": model}),
    )


# A case's parts under their URL segment: key dates, entries of its timeline, the stances of its partners.
PART_VIEWS = {
    "key-dates": _part_views(CaseDeadline, CaseDeadlineForm, "case-deadlines"),
    "entries": _part_views(CaseEvent, CaseEventForm, "case-timeline"),
    "stakeholders": _part_views(CaseStakeholder, CaseStakeholderForm, "case-stakeholders"),
}


def part_urls() -> tuple[tuple[str, type, str], ...]:
    """The registry's extra URLs for the parts: ``cases/<case>/<segment>/add/``, ``cases/<segment>/<pk>/edit/`` and
    ``…/delete/``, named ``<model>_add``, ``_edit``, ``_delete`` (``casedeadline_add`` …)."""
    urls = []
    for segment, (create, update, delete) in PART_VIEWS.items():
        name = create.model._meta.model_name
        urls += [
            (f"cases/<int:case_pk>/{segment}/add/", create, f"{name}_add"),
            (f"cases/{segment}/<int:pk>/edit/", update, f"{name}_edit"),
            (f"cases/{segment}/<int:pk>/delete/", delete, f"{name}_delete"),
        ]
    return tuple(urls)
