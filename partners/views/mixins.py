"""The mixins the pages share: permissions, the names an entity's templates link with, pre-filling from the query
string, going back where the user came from (``next``), a create form's one-time token, inline formsets, and a table's
pagination. Each lives here once; ``views/generic.py`` and the entity modules combine them."""

import uuid

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import IntegrityError, transaction
from django.forms import ModelChoiceField
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from ..models import SubmissionToken
from ..tables.pagination import ListPaginator

PER_PAGE_CHOICES = (25, 50, 100, 250)
DEFAULT_PER_PAGE = 25


def safe_next_url(request, fallback: str) -> str:
    """The ``next`` URL of the request if it points into this site, else ``fallback`` (no open redirect)."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


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


class SubmissionTokenMixin:
    """A create form sent a second time saves nothing: Back and Save again, or two clicks that arrive at once.

    The form carries a random one-time token (``submission_token``, drawn by ``generic/object_edit.html``). A POST
    that saves records it (``SubmissionToken``) in the same transaction as the new object; a POST with a recorded token
    creates nothing and answers a page that says so and links to what the first one saved. Two POSTs at once: the
    second one's insert of the token waits for the first transaction and then fails, so it is refused too. A form
    shown again with errors keeps its token (nothing was saved with it). A POST without the field (not from the form)
    is handled as before.
    """

    token_field = "submission_token"
    already_saved_template = "generic/already_saved.html"
    already_saved_heading = ""  # e.g. "The meeting is already saved"; by default "Already saved"

    def posted_token(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(self.request.POST.get(self.token_field, ""))
        except ValueError:
            return None

    def get_submission_token(self) -> str:
        """The token the form carries: the posted one while it is unused (a form shown again), else a new one."""
        if getattr(self, "_submission_token", None) is None:
            posted = self.posted_token() if self.request.method == "POST" else None
            self._submission_token = str(posted or uuid.uuid4())
        return self._submission_token

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submission_token"] = self.get_submission_token()
        return context

    def post(self, request, *args, **kwargs):
        if self.token_field not in request.POST:
            return super().post(request, *args, **kwargs)
        token = self.posted_token()
        if token is None:  # a damaged form: show it again with a new token, nothing saved
            self.object = None
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("The form could not be checked, so nothing was saved. Please save again."))
            return self.form_invalid(form)
        used = SubmissionToken.objects.filter(pk=token).first()
        if used is not None:
            return self.already_saved(used)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    # Waits while another request holds the same token, then fails if that one saved.
                    claim = SubmissionToken.objects.create(token=token, user=request.user)
            except IntegrityError:
                claim = None
            if claim is not None:
                response = super().post(request, *args, **kwargs)
                created = getattr(self, "object", None)
                if response.status_code in (301, 302, 303) and created is not None and created.pk is not None:
                    claim.content_type = ContentType.objects.get_for_model(created)
                    claim.object_id = created.pk
                    claim.save(update_fields=["content_type", "object_id"])
                    SubmissionToken.objects.expired().delete()
                else:
                    transaction.set_rollback(True)  # not saved: the token stays unused
                return response
        return self.already_saved(SubmissionToken.objects.filter(pk=token).first())

    def already_saved(self, used: SubmissionToken | None):
        """The answer to a form sent again: what the first sending saved (if the user may see it), nothing new."""
        saved = None
        if used is not None and used.user_id == self.request.user.pk and used.content_type_id is not None:
            saved = used.created_object  # None if it has been deleted since
        model = self.get_model()
        context = {
            "page_title": self.already_saved_heading or _("Already saved"),
            "saved": saved,
            "saved_url": saved.get_absolute_url() if saved is not None and hasattr(saved, "get_absolute_url") else "",
            "verbose_name": model._meta.verbose_name,
            "next_url": safe_next_url(self.request, fallback=""),
            "again_url": self.request.get_full_path(),
        }
        return render(self.request, self.already_saved_template, context, status=409)


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
        options = {"paginator_class": ListPaginator, "per_page": self.get_per_page()}
        try:
            table.paginate(page=self.request.GET.get("page", 1), **options)
        except PageNotAnInteger:
            table.paginate(page=1, **options)
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
