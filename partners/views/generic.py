"""The generic machinery every entity joins in a few lines (after NetBox): list, detail, edit, delete, export.

A list view is a queryset, a filterset and a table, read from the entity's registry entry (``partners/entities.py``);
pagination with a page-size choice, sorting, a column choice
remembered per user, and export of exactly the filtered rows come from ``ObjectListView``. A detail view declares its
panels, header badges and actions; ``generic/object_detail.html`` draws every detail page from them. Permissions are
derived from the model and the action, and checked on every request.
"""

from dataclasses import dataclass
from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.generic import DeleteView, DetailView
from django.views.generic.edit import CreateView, UpdateView
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from .. import registry
from ..models import ExportRecord, TablePreference
from ..transfer.exporting import EXPORT_FORMATS, export_response
from ..ui.history import readable_history
from .mixins import (
    EntityContextMixin,
    ObjectPermissionMixin,
    QueryInitialMixin,
    SubmissionTokenMixin,
    TablePaginationMixin,
    safe_next_url,
)


class ObjectListView(ObjectPermissionMixin, EntityContextMixin, TablePaginationMixin, SingleTableMixin, FilterView):
    """A filterable, sortable, paginated list with column choice and CSV/XLSX export of the filtered rows."""

    template_name = "generic/object_list.html"
    # The queryset, filterset, table and export resource come from the entity's registry entry.
    export_permission = "partners.export_data"
    table_pagination = False  # paginated in get_table with a bounded page size
    strict = False  # an invalid filter shows the form errors and no rows, never a 500
    empty_hint = ""  # what to do when the register has no rows yet
    tabs = ()  # optional (label, querystring) pairs shown above the list
    tab_field = ""  # or a field with choices: "All" and a tab per choice (``?kind=estate``)

    @cached_property
    def entity(self) -> registry.Entity:
        entity = registry.for_model(self.get_model())
        if entity is None:
            raise ImproperlyConfigured(f"{self.get_model().__name__} has no entry in partners/entities.py.")
        return entity

    def get_queryset(self):
        return self.entity.list_queryset()

    def get_filterset_class(self):
        return self.entity.filterset

    def get_table_class(self):
        return self.entity.table

    @property
    def resource_class(self):
        return self.entity.resource

    def get_table_name(self) -> str:
        return self.get_url_base()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["request"] = self.request
        return kwargs

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("export")
        if export_format:
            return self.export(export_format)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        """Save the user's choice of columns, then show the list again with the same filters."""
        table_class = self.get_table_class()
        allowed = [name for name in table_class.base_columns if name not in table_class.Meta.locked_columns]
        chosen = [c for c in request.POST.getlist("columns") if c in allowed]
        if request.POST.get("reset_columns") or not chosen:
            TablePreference.objects.filter(user=request.user, table=self.get_table_name()).delete()
        else:
            TablePreference.objects.update_or_create(
                user=request.user, table=self.get_table_name(), defaults={"columns": chosen}
            )
        query = request.POST.get("querystring", "")
        return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)

    def chosen_columns(self) -> list[str] | None:
        preference = TablePreference.objects.filter(user=self.request.user, table=self.get_table_name()).first()
        return preference.columns if preference else None

    def get_table(self, **kwargs):
        table_class = self.get_table_class()
        # No request here: the table is configured and paginated by paginate_table, with a bounded page size.
        table = table_class(data=self.get_table_data(), **self.get_table_kwargs(), **kwargs)
        table.apply_column_choice(self.chosen_columns())
        return self.paginate_table(table)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.get_pagination_context())
        context.update(
            {
                "can_export": bool(self.resource_class) and self.request.user.has_perm(self.export_permission),
                "export_formats": EXPORT_FORMATS,
                "empty_hint": self.empty_hint,
                "tabs": self.get_tabs(),
            }
        )
        return context

    def get_tabs(self):
        current = self.request.GET.urlencode()
        tabs = self.tabs
        if self.tab_field:
            choices = self.get_model()._meta.get_field(self.tab_field).choices
            tabs = [(_("All"), "")] + [(label, f"{self.tab_field}={value}") for value, label in choices]
        return [{"label": label, "query": query, "active": query == current} for label, query in tabs]

    def in_list_order(self, queryset):
        """The rows in the order the list shows them: the table applies ``?sort=`` (unknown columns are ignored)."""
        if not self.request.GET.get("sort"):
            return queryset
        table = self.get_table_class()(data=queryset, **self.get_table_kwargs())
        RequestConfig(self.request, paginate=False).configure(table)
        return table.data.data

    def export(self, export_format: str):
        if export_format not in EXPORT_FORMATS:
            messages.error(self.request, _("Unknown export format: choose CSV or Excel."))
            return redirect(self.request.path)
        if not self.resource_class or not self.request.user.has_perm(self.export_permission):
            raise PermissionDenied
        filterset = self.get_filterset(self.get_filterset_class())
        if not filterset.is_valid():
            messages.error(
                self.request, _("The filter is not valid, so nothing was exported. Correct it and try again.")
            )
            query = self.request.GET.copy()
            query.pop("export", None)
            return redirect(f"{self.request.path}?{query.urlencode()}")
        queryset = self.in_list_order(filterset.qs)
        filename = str(self.get_model()._meta.verbose_name_plural)
        query = self.request.GET.copy()
        query.pop("export", None)
        ExportRecord.objects.record(
            user=self.request.user, what=filename, query=query.urlencode(), export_format=export_format
        )
        return export_response(
            resource=self.resource_class(),
            queryset=queryset,
            export_format=export_format,
            filename=filename,
            delimiter=self.request.GET.get("delimiter", ","),
        )


class Panel:
    """One card of a detail page (after NetBox's panels). Its template extends ``generic/panels/card.html`` and holds
    only the card's heading and body; it reads the page's context, and the options given here as ``panel.<option>``.
    The card's id is ``name`` (by default the template's file name), its heading's ``<name>-heading``."""

    template_name = ""
    name = ""

    def __init__(self, template_name: str = "", *, name: str = "", **options):
        self.template_name = template_name or self.template_name
        self.name = name or self.name or PurePosixPath(self.template_name).stem.replace("_", "-")
        self.__dict__.update(options)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.template_name}>"


class MeetingTimelinePanel(Panel):
    """The meetings of the object, newest first (``meetings``, ``meeting_stats`` from the page's overview), with a
    link to all of them in the meeting list filtered by ``?<filter_param>=<pk>`` (by default the entity's key, which
    is the name of the meeting's link to it: ``?organisations=``, ``?contacts=``)."""

    template_name = "generic/panels/meeting_timeline.html"
    name = "timeline"

    def __init__(self, *, empty_text: str, title: str = "", filter_param: str = "", show_contacts: bool = False):
        title = title or _("Meeting timeline")
        super().__init__(filter_param=filter_param, title=title, empty_text=empty_text, show_contacts=show_contacts)


class OpenFollowUpsPanel(Panel):
    """The open follow-ups of the object's meetings (``open_follow_ups``, ``open_follow_up_count``), with a link to
    all of them in the follow-up list filtered by ``?<filter_param>=<pk>`` (by default the entity's key)."""

    template_name = "generic/panels/open_follow_ups.html"
    name = "followups"

    def __init__(self, *, filter_param: str = ""):
        super().__init__(filter_param=filter_param)


class HistoryPanel(Panel):
    """The object's latest changes (``history``, from ObjectDetailView)."""

    template_name = "generic/panels/history.html"
    name = "history"


@dataclass(frozen=True)
class Badge:
    """A label beside a detail page's title; ``style`` is a Bootstrap colour ("light" is drawn with a border)."""

    label: str
    style: str = "light"
    icon: str = ""


@dataclass(frozen=True)
class Action:
    """A button in a detail page's header (``generic/includes/action.html``): a link to ``url``; with
    ``method="post"`` a form that posts to it and comes back (``next``); with ``toggles`` a button that shows or hides
    the element of that id; with ``template_name`` markup of its own (a menu)."""

    label: str
    url: str = ""
    icon: str = ""
    style: str = "outline-secondary"
    method: str = "get"
    toggles: str = ""
    template_name: str = ""


class ObjectDetailView(ObjectPermissionMixin, EntityContextMixin, DetailView):
    """An object's page, declared: its panels, header badges and actions; ``generic/object_detail.html`` draws the
    breadcrumb (the list, ``ancestors`` if the context has them, the object), the header and the panels."""

    template_name = "generic/object_detail.html"
    panels: dict[str, list[Panel]] = {}  # "top" (full width, optional), "left" (narrow), "right" (wide)
    subtitle_template = ""  # an optional line under the title
    history_limit = 15

    def get_extra_context(self) -> dict:
        """What the panels need besides the object: the entity's overview (a selector), permissions."""
        return {}

    def get_title(self) -> str:
        """The page's title, in the browser tab and the breadcrumb."""
        return str(self.object)

    def get_heading(self) -> str:
        return self.get_title()

    def get_badges(self, context) -> list[Badge]:
        return []

    def get_actions(self, context) -> list[Action]:
        """The header's buttons: a view puts its own before these, Edit and Delete, as the user may."""
        base, pk = context["url_base"], self.object.pk
        actions = []
        if context["can_change"]:
            actions.append(Action(_("Edit"), reverse(f"{base}_edit", args=[pk]), icon="pencil"))
        if context["can_delete"]:
            actions.append(
                Action(_("Delete"), reverse(f"{base}_delete", args=[pk]), icon="trash", style="outline-danger")
            )
        return actions

    def get_panels(self) -> dict[str, list[Panel]]:
        return self.panels

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        history = getattr(self.object, "history", None)
        if history is not None:
            # One more than shown: the oldest shown is compared against it (what changed, field by field).
            records = list(
                history.select_related("history_user").order_by("-history_date", "-history_id")[
                    : self.history_limit + 1
                ]
            )
            entries = readable_history(records, type(self.object))[: self.history_limit]
            context["history"] = [entry.record for entry in entries]
            context["history_entries"] = entries
        context.update(self.get_extra_context())
        context.update(
            {
                "page_title": self.get_title(),
                "page_heading": self.get_heading(),
                "subtitle_template": self.subtitle_template,
                "badges": self.get_badges(context),
                "actions": self.get_actions(context),
                "panels": self.get_panels(),
                # The filter of the meeting and follow-up lists that selects what is linked to this object.
                "link_param": registry.for_model(self.get_model()).key,
            }
        )
        return context


class ObjectEditView(ObjectPermissionMixin, EntityContextMixin):
    """Create (no pk in the URL) or change an object; validation errors are shown on the form, never saved.

    Opened with ``?next=<a page of this site>`` (e.g. "Log meeting" on an organisation), saving and Cancel go back
    there; otherwise saving shows the object and Cancel goes back to it or to the list."""

    template_name = "generic/object_edit.html"

    def get_object_url(self) -> str:
        return (
            self.object.get_absolute_url()
            if hasattr(self.object, "get_absolute_url")
            else reverse(f"{self.get_url_base()}_detail", args=[self.object.pk])
        )

    def get_success_url(self):
        return safe_next_url(self.request, fallback=self.get_object_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next_url"] = safe_next_url(self.request, fallback="")
        return context

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("%(model)s “%(object)s” was saved.")
            % {"model": capfirst(self.get_model()._meta.verbose_name), "object": self.object},
        )
        return response


class ObjectCreateView(SubmissionTokenMixin, QueryInitialMixin, ObjectEditView, CreateView):
    action = "add"


class ObjectUpdateView(ObjectEditView, UpdateView):
    action = "change"


class ObjectDeleteView(ObjectPermissionMixin, EntityContextMixin, DeleteView):
    """Deletes after confirmation. What depends on the object is listed; protected dependants block the delete."""

    action = "delete"
    template_name = "generic/object_delete.html"

    def get_success_url(self):
        return reverse(f"{self.get_url_base()}_list")

    def dependants(self):
        """(cascading deletions as (model name, count), protected objects as (model name, count))."""
        using = router.db_for_write(self.object._meta.model)
        collector = NestedObjects(using=using)
        collector.collect([self.object])
        cascades = {}
        for model, objects in collector.model_objs.items():
            if model is self.object._meta.model and self.object in objects:
                objects = [o for o in objects if o.pk != self.object.pk]
            if objects and not model._meta.auto_created:
                cascades[capfirst(model._meta.verbose_name_plural)] = len(objects)
        protected = {}
        for obj in collector.protected:
            label = capfirst(obj._meta.verbose_name_plural)
            protected[label] = protected.get(label, 0) + 1
        return sorted(cascades.items()), sorted(protected.items())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cascades, protected = self.dependants()
        context["cascades"] = cascades
        context["protected"] = protected
        return context

    def form_valid(self, form):
        name = str(self.object)
        try:
            with transaction.atomic():
                self.object.delete()
        except (ProtectedError, RestrictedError):
            messages.error(
                self.request,
                _("“%(object)s” cannot be deleted because other records depend on it.") % {"object": name},
            )
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(self.request, _("“%(object)s” was deleted.") % {"object": name})
        return HttpResponseRedirect(self.get_success_url())
