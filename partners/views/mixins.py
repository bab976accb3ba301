"""The mixins the pages share: permissions, the names an entity's templates link with, pre-filling from the query
string, inline formsets, and a table's pagination. Each lives here once; ``views/generic.py`` and the entity modules
combine them."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import IntegrityError, transaction
from django.forms import ModelChoiceField
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

PER_PAGE_CHOICES = (25, 50, 100, 250)
DEFAULT_PER_PAGE = 25


class ObjectPermissionMixin(PermissionRequiredMixin):
    """Requires ``<app>.<action>_<model>``; logged-in users without it get 403, never the data."""

    action = "view"
    raise_exception = True

    def get_permission_required(self):
        if self.permission_required:
            return super().get_permission_required()
        meta = self.get_model()._meta
        return [f"{meta.app_label}.{self.action}_{meta.model_name}"]

    def get_model(self):
        model = getattr(self, "model", None) or getattr(getattr(self, "queryset", None), "model", None)
        if model is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a model or a queryset.")
        return model


class EntityContextMixin:
    """The names templates need to link between the views of one entity."""

    url_base: str = ""  # e.g. "organisation": URL names organisation_list, organisation_add, …

    def get_url_base(self) -> str:
        return self.url_base or self.get_model()._meta.model_name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.get_model()._meta
        base = self.get_url_base()
        user = self.request.user
        context.update(
            {
                "model_meta": meta,
                "verbose_name": meta.verbose_name,
                "verbose_name_plural": meta.verbose_name_plural,
                "list_url": reverse(f"{base}_list"),
                "add_url": reverse(f"{base}_add") if user.has_perm(f"{meta.app_label}.add_{meta.model_name}") else "",
                "can_change": user.has_perm(f"{meta.app_label}.change_{meta.model_name}"),
                "can_delete": user.has_perm(f"{meta.app_label}.delete_{meta.model_name}"),
                "url_base": base,
            }
        )
        return context


class QueryInitialMixin:
    """Pre-fill a form from the query string (``?organisations=12``, e.g. from a "Log meeting" button), keeping only
    well-formed ids for relations (``?organisations=abc`` is dropped)."""

    def get_initial(self):
        initial = super().get_initial()
        form_class = self.get_form_class()
        for name, field in form_class.base_fields.items():
            values = self.request.GET.getlist(name)
            if isinstance(field, ModelChoiceField):  # includes ModelMultipleChoiceField
                values = [value for value in values if value.isascii() and value.isdigit()]
            if values:
                many = len(values) > 1 or name in getattr(form_class, "multi_fields", ())
                initial[name] = values if many else values[0]
        return initial


class InlineFormsetsMixin:
    """A model form with inline formsets (a meeting's follow-ups, a collaboration's partners).

    The form and every formset are validated together; only when all are valid is anything saved, in one
    transaction. Otherwise the page is shown again with the errors and nothing has been written.
    """

    formset_classes: dict = {}  # prefix → inline formset class

    def get_formset_kwargs(self, prefix: str) -> dict:
        return {}

    def get_formsets(self, form=None) -> dict:
        if getattr(self, "_formsets", None) is None:
            instance = form.instance if form is not None else (self.object or self.get_model()())
            bound = {"data": self.request.POST, "files": self.request.FILES} if self.request.method == "POST" else {}
            self._formsets = {
                prefix: formset_class(instance=instance, prefix=prefix, **bound, **self.get_formset_kwargs(prefix))
                for prefix, formset_class in self.formset_classes.items()
            }
        return self._formsets

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        formsets = self.get_formsets(context.get("form"))
        context["formsets"] = formsets
        context["formset_errors"] = any(formset.is_bound and not formset.is_valid() for formset in formsets.values())
        return context

    def form_valid(self, form):
        formsets = self.get_formsets(form)
        if not all([formset.is_valid() for formset in formsets.values()]):  # a list: validate every formset
            return self.form_invalid(form)
        creating = form.instance.pk is None
        try:
            with transaction.atomic():
                self.object = form.save()
                for formset in formsets.values():
                    formset.instance = self.object
                    formset.save()
        except IntegrityError:
            # Validation passed but the database refused (e.g. a concurrent change): all was rolled back.
            if creating:
                form.instance.pk = None
                self.object = None
            form.add_error(None, _("The changes conflict with data saved in the meantime. Nothing was saved."))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(model)s “%(object)s” was saved.")
            % {"model": capfirst(self.get_model()._meta.verbose_name), "object": self.object},
        )
        return HttpResponseRedirect(self.get_success_url())


class TablePaginationMixin:
    """A django-tables2 table sorted by ``?sort=`` and paginated by ``?page=`` and ``?per_page=`` (one of
    ``PER_PAGE_CHOICES``): a bad value shows the first or last page, never a 500. Every list and the event's
    invitation table."""

    def get_per_page(self) -> int:
        try:
            value = int(self.request.GET.get("per_page", DEFAULT_PER_PAGE))
        except ValueError:
            return DEFAULT_PER_PAGE
        return value if value in PER_PAGE_CHOICES else DEFAULT_PER_PAGE

    def paginate_table(self, table):
        # Configured without pagination: the table would paginate itself with the raw ?per_page= (a 500 on -5).
        RequestConfig(self.request, paginate=False).configure(table)  # sorting from ?sort=, and table.request
        try:
            table.paginate(page=self.request.GET.get("page", 1), per_page=self.get_per_page())
        except PageNotAnInteger:
            table.paginate(page=1, per_page=self.get_per_page())
        except EmptyPage:
            table.page = table.paginator.page(table.paginator.num_pages)
        return table

    def get_pagination_context(self) -> dict:
        query = self.request.GET.copy()
        for key in ("page", "export"):
            query.pop(key, None)
        return {
            "per_page_choices": PER_PAGE_CHOICES,
            "per_page": self.get_per_page(),
            "querystring": query.urlencode(),
            "is_filtered": any(k not in ("page", "per_page", "sort") and v for k, v in self.request.GET.items()),
        }
