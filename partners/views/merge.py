"""Merging duplicates (managers: ``partners.merge_records``): the register's possible duplicates, and the merge of
two organisations or two contacts — choose the other one, see both side by side and choose per field, confirm.
The writes are ``services/merge.py``; the reads ``selectors/duplicates.py``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from ..forms.merge import BOTH, TAKE, MergeChooseForm, MergeForm
from ..models import Contact, Organisation
from ..selectors.duplicates import merge_overview, possible_duplicates_page
from ..services.merge import MERGES
from . import generic
from .mixins import EntityContextMixin, ObjectPermissionMixin

MERGE_PERMISSION = "partners.merge_records"


def merge_actions(request, record) -> list[generic.Action]:
    """The "Merge with …" button of a record's page; none without the permission."""
    if not request.user.has_perm(MERGE_PERMISSION):
        return []
    url = reverse(f"{record._meta.model_name}_merge", args=[record.pk])
    return [generic.Action(_("Merge with …"), url, icon="intersect")]


class MergePermissionMixin(ObjectPermissionMixin):
    permission_required = MERGE_PERMISSION


class RecordMergeView(MergePermissionMixin, EntityContextMixin, DetailView):
    """GET: choose the other record (``?other=``, autocomplete); with a valid ``?other=`` both side by side, a choice
    per field that differs and what each holds. POST: merge the other into this one, then its page."""

    template_name = "partners/merge.html"
    source = ""  # the autocomplete's source

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        choose = kwargs.get("choose") or MergeChooseForm(
            self.request.GET if "other" in self.request.GET else None, record=self.object, source=self.source
        )
        other = choose.cleaned_data["other"] if choose.is_bound and choose.is_valid() else kwargs.get("other")
        context.update({"choose": choose, "other": other})
        if other is not None:
            form = kwargs.get("form") or MergeForm(survivor=self.object, loser=other)
            context.update(
                {
                    "form": form,
                    "rows": form.bound_rows(),
                    "overview": merge_overview(records=[self.object, other]),
                    "swap_url": f"{reverse(f'{self.get_url_base()}_merge', args=[other.pk])}?other={self.object.pk}",
                    "duplicates_url": reverse(f"{self.get_url_base()}_duplicates"),
                }
            )
        return context

    def post(self, request, *args, **kwargs):
        self.object = survivor = self.get_object()
        choose = MergeChooseForm(request.POST, record=survivor, source=self.source)
        if not choose.is_valid():
            return self.render_to_response(self.get_context_data(choose=choose))
        loser = choose.cleaned_data["other"]
        form = MergeForm(request.POST, survivor=survivor, loser=loser)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(choose=choose, other=loser, form=form))
        merge = MERGES[type(survivor)._meta.concrete_model]
        try:
            result = merge(
                survivor=survivor, loser=loser, take=form.chosen(TAKE), both=form.chosen(BOTH), user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            self.object = self.get_object()  # as it is, not as the merge had begun to change it
            return self.render_to_response(self.get_context_data(choose=choose, other=loser, form=form))
        moved = ", ".join(f"{label.lower()}: {number}" for label, number in result.moved.items())
        text = _("“%(loser)s” was merged into “%(survivor)s”.") % {"loser": result.loser_name, "survivor": survivor}
        moved_label = _("Moved")
        messages.success(request, f"{text} {moved_label}: {moved}." if moved else text)
        for note in result.notes:
            messages.info(request, note)
        return HttpResponseRedirect(result.survivor.get_absolute_url())


class OrganisationMergeView(RecordMergeView):
    model = Organisation
    source = "organisations"


class ContactMergeView(RecordMergeView):
    model = Contact
    source = "contacts"


class DuplicateListView(MergePermissionMixin, EntityContextMixin, TemplateView):
    """The register's possible duplicates of one kind, best first, a page at a time; each pair opens the merge."""

    template_name = "partners/merge_duplicates.html"
    kind = ""  # "organisations" or "contacts"
    tabs = (
        ("organisations", gettext_lazy("Organisations"), "organisation_duplicates"),
        ("contacts", gettext_lazy("Contacts"), "contact_duplicates"),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = possible_duplicates_page(kind=self.kind, page=self.request.GET.get("page", 1))
        base = self.get_url_base()
        for pair in page.object_list:
            pair.merge_url = f"{reverse(f'{base}_merge', args=[pair.first.pk])}?other={pair.second.pk}"
        tabs = [{"label": label, "url": reverse(name), "active": kind == self.kind} for kind, label, name in self.tabs]
        context.update({"page": page, "pairs": page.object_list, "kind": self.kind, "tabs": tabs})
        return context


class OrganisationDuplicatesView(DuplicateListView):
    model = Organisation
    kind = "organisations"


class ContactDuplicatesView(DuplicateListView):
    model = Contact
    kind = "contacts"
