"""The tag pages, and the pages the theme pages share with them (``views/themes.py``): tags and themes are labels
(``models/lookups.py``) with a list of their usage, a page, create and rename, retire, delete, merge, and a name
created from a form's autocomplete ("Create “…”")."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import DetailView

from .. import registry
from ..forms.tags import LabelMergeForm
from ..models import Tag
from ..selectors.tags import label_usage, merge_plan
from ..services.tags import MergeChanged, label_get_or_create, label_merge
from ..ui.autocomplete import SOURCES
from ..ui.badges import badge_style
from . import generic


class LabelRowsMixin:
    """A label's pages read it from its list's rows: with its usage counts, in the same one query."""

    def get_queryset(self):
        return registry.for_model(self.get_model()).list_queryset()


class LabelListView(generic.ObjectListView):
    template_name = "partners/tag_list.html"
    tabs = [
        (gettext_lazy("All"), ""),
        (gettext_lazy("In use"), "is_active=true"),
        (gettext_lazy("Retired"), "is_active=false"),
    ]


class LabelDetailView(LabelRowsMixin, generic.ObjectDetailView):
    """Where the label is used (per kind, linked to the records), its description (themes) and its history with the
    reasons (a merge names the other label); the header retires or takes it into use again, and merges it."""

    panels = {
        "left": [
            generic.Panel("partners/panels/tag_usage.html"),
            generic.Panel("partners/panels/tag_description.html"),
        ],
        "right": [generic.Panel("partners/panels/tag_history.html", name="history")],
    }
    subtitle_template = "partners/panels/tag_subtitle.html"

    def get_extra_context(self) -> dict:
        return {"usage": label_usage(label=self.object)}

    def get_badges(self, context) -> list[generic.Badge]:
        label = _("In use") if self.object.is_active else _("Retired")
        status = generic.Badge(label, badge_style("label", self.object.is_active))
        return [generic.Badge(capfirst(context["verbose_name"])), status]

    def get_actions(self, context) -> list[generic.Action]:
        actions = super().get_actions(context)
        base, pk = context["url_base"], self.object.pk
        if not context["can_change"]:
            return actions
        retire = reverse(f"{base}_retire", args=[pk])
        template = "partners/panels/tag_retire_action.html"
        if self.object.is_active:
            toggle = generic.Action(_("Retire"), retire, icon="archive", template_name=template)
        else:
            toggle = generic.Action(
                _("Take into use again"), retire, icon="arrow-counterclockwise", template_name=template
            )
        own = [toggle]
        if context["can_delete"]:
            own.append(generic.Action(_("Merge into another"), reverse(f"{base}_merge", args=[pk]), icon="intersect"))
        return actions[:1] + own + actions[1:]  # Edit, retire, merge, Delete


class LabelDeleteView(LabelRowsMixin, generic.ObjectDeleteView):
    """Deleting takes the label off its records; the page says from how many, and offers merging or retiring."""

    template_name = "partners/tag_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["usage"] = usage = label_usage(label=self.object)
        context["records"] = sum(use.count for use in usage)
        return context


class LabelPermissionMixin(generic.ObjectPermissionMixin):
    def get_permission_required(self):
        meta = self.get_model()._meta
        return [f"{meta.app_label}.{action}_{meta.model_name}" for action in self.actions]


class LabelRetireView(LabelPermissionMixin, View):
    """POST ``active=0`` retires the label (kept on its records, not offered for new use), ``active=1`` takes it
    into use again."""

    actions = ("change",)
    http_method_names = ["post"]

    def post(self, request, pk):
        label = get_object_or_404(self.get_model(), pk=pk)
        label.is_active = request.POST.get("active") == "1"
        label.save(update_fields=["is_active"])
        if label.is_active:
            messages.success(request, _("“%(name)s” is in use again.") % {"name": label.name})
        else:
            messages.success(
                request,
                _("“%(name)s” is retired: it stays on its records, but is no longer offered for new use.")
                % {"name": label.name},
            )
        return HttpResponseRedirect(label.get_absolute_url())


class LabelMergeView(LabelPermissionMixin, generic.EntityContextMixin, DetailView):
    """Merge the label into another: choose the target (GET), see exactly what moves (GET with ``?target=``), then
    confirm (POST). Merging deletes the label, so it needs both the change and the delete permission."""

    actions = ("change", "delete")
    template_name = "partners/tag_merge.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or LabelMergeForm(self.request.GET or None, source=self.object)
        target = form.cleaned_data["target"] if form.is_bound and form.is_valid() else None
        plan = kwargs.get("plan") or (merge_plan(source=self.object, target=target) if target else None)
        context.update({"form": form, "target": target, "plan": plan})
        return context

    def post(self, request, *args, **kwargs):
        self.object = source = self.get_object()
        form = LabelMergeForm(request.POST, source=source)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        target = form.cleaned_data["target"]
        try:
            plan = label_merge(source=source, target=target, expected=request.POST.get("expected", ""))
        except MergeChanged as changed:
            messages.warning(
                request, _("The records changed since the numbers were shown. Check them again and confirm.")
            )
            return self.render_to_response(self.get_context_data(form=form, plan=changed.plan))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(f"{self.get_url_base()}_list")
        messages.success(
            request,
            ngettext(
                "“%(source)s” was merged into “%(target)s”: %(records)d record now has “%(target)s”.",
                "“%(source)s” was merged into “%(target)s”: %(records)d records now have “%(target)s”.",
                plan.records,
            )
            % {"source": source.name, "target": target.name, "records": plan.records},
        )
        return HttpResponseRedirect(target.get_absolute_url())


class LabelQuickAddView(LabelPermissionMixin, View):
    """POST ``name`` from a form's autocomplete: the label of that name (in any case), created if there is none.

    Answers ``{"value", "text", "created"}`` as the autocomplete's options read (201 when created, 200 when it
    existed), or ``{"error"}`` with 400 (an empty or too long name, a retired label of that name).
    """

    actions = ("add",)
    http_method_names = ["post"]

    def handle_no_permission(self):
        """The widget's script shows the reason under the field (the form offers "Create" to everyone who edits it)."""
        error = _("You may not create %(names)s. Choose an existing one, or ask a colleague who may.") % {
            "names": self.get_model()._meta.verbose_name_plural
        }
        return JsonResponse({"error": error}, status=403)

    def post(self, request):
        model = self.get_model()
        try:
            label, created = label_get_or_create(model=model, name=request.POST.get("name", ""))
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        text = SOURCES[registry.for_model(model).autocomplete].label(label)
        return JsonResponse({"value": str(label.pk), "text": text, "created": created}, status=201 if created else 200)


class TagListView(LabelListView):
    model = Tag
    empty_hint = gettext_lazy("Tags label organisations and contacts, e.g. “helhedsplan” or “nytårskur”.")
