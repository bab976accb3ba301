"""The staff import: upload → preview (every row new, updated, unchanged or an error) → confirm → summary.

The uploaded file stays on the server under its SHA-256 (``partners.transfer.storage``) between the steps; the
preview is a dry run of exactly the import the confirmation runs, in one transaction (``partners.transfer.imports``).
"""

import csv
import io
import logging

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, re_path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import DetailView, FormView

from .. import registry
from ..forms.imports import MODE_HELP, ImportUploadForm, MappingForm, ReadOptionsForm, entity_choices, mappable_models
from ..models import ImportBatch
from ..models.folding import fold
from ..models.imports import ImportMode
from ..transfer import storage
from ..transfer.exporting import neutralise
from ..transfer.imports import entity_key, import_file, import_valid_rows, map_columns
from ..transfer.lookups import NEW
from ..transfer.reading import AUTO, FileProblem, max_bytes, read_table
from ..ui.widgets import AutocompleteSelect

logger = logging.getLogger(__name__)
SESSION_KEY = "imports"
REST_KEY = "import_rests"  # batch id → the file of the rows a partial import left out
# The mapping step preselects a suggestion this similar (a tag: only one spelt the same under the fold).
PRESELECT_SIMILARITY = 0.5


# Shown instead of a server error: a bug must not cost the user more than a message (it is logged in full).
UNEXPECTED = gettext_lazy(
    "The file could not be read because of an unexpected error. Nothing was saved. The error has been logged; "
    "please tell the administrator."
)


class ImportPermissionMixin(PermissionRequiredMixin):
    permission_required = "partners.import_data"
    raise_exception = True


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops receiving a file once it passes the import's size limit (the other form fields still arrive)."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_big = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_big = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def entity_help() -> list[dict]:
    """For each kind of file: the headings the import knows (in the active language) and the required ones."""
    result = []
    for key, label in entity_choices():
        resource = registry.get(key).import_resource
        columns = [resource.label(name) for name in resource.column_keys() if name not in resource.informational]
        required = resource.missing_columns(set(), ImportMode.CREATE_UPDATE)
        result.append({"key": key, "label": label, "columns": columns, "required": required})
    return result


def session_entries(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def remember(request, digest: str, entry: dict) -> None:
    entries = session_entries(request)
    # Keep the session small: the five most recent uploads of this user are enough to go back and forth.
    entries.pop(digest, None)
    entries[digest] = entry
    request.session[SESSION_KEY] = dict(list(entries.items())[-5:])


def forget(request, digest: str) -> None:
    entries = session_entries(request)
    if entries.pop(digest, None) is not None:
        request.session[SESSION_KEY] = entries


@method_decorator(csrf_exempt, name="dispatch")  # checked in dispatch(), after the upload handler is in place
class ImportStartView(ImportPermissionMixin, FormView):
    template_name = "partners/import_start.html"
    form_class = ImportUploadForm

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        # The size limit must be in place before anything reads the request body (the CSRF check does).
        self.limit_handler = None
        if request.method == "POST":
            self.limit_handler = SizeLimitUploadHandler(request, max_bytes())
            request.upload_handlers.insert(0, self.limit_handler)
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def get_initial(self):
        initial = super().get_initial()
        entity = entity_key(self.request.GET.get("entity"))
        if entity:
            initial["entity"] = entity
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "entities": entity_help(),
                "mode_help": MODE_HELP,
                "max_megabytes": max_bytes() // (1024 * 1024),
                "recent_batches": ImportBatch.objects.select_related("user")[:10],
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if self.limit_handler is not None and self.limit_handler.too_big:
            form.is_valid()
            form.errors.pop("file", None)
            form.add_error(
                "file",
                _("The file is larger than %(limit)s MB, the most the import accepts. Split it into smaller files.")
                % {"limit": max_bytes() // (1024 * 1024)},
            )
            return self.form_invalid(form)
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        options = {key: form.cleaned_data[key] for key in ("mode", "encoding", "delimiter")}
        entity = form.cleaned_data["entity"]
        try:
            # The whole-file checks (readable, not empty, the required columns) answer on this page at once.
            table = read_table(
                data, file_name=upload.name, encoding=options["encoding"], delimiter=options["delimiter"]
            )
            map_columns(registry.get(entity).import_resource, table, options["mode"])
        except FileProblem as problem:
            form.add_error("file", problem.message)
            return self.form_invalid(form)
        except Exception:
            logger.exception("Reading the uploaded file %s failed", upload.name)
            form.add_error("file", UNEXPECTED)
            return self.form_invalid(form)
        digest = storage.store(data)
        remember(self.request, digest, {"entity": entity, "file_name": upload.name[:255], **options})
        return redirect("import_preview", digest=digest)


class ImportPreviewMixin(ImportPermissionMixin):
    template_name = "partners/import_preview.html"

    def get_entry(self, digest: str) -> dict | None:
        return session_entries(self.request).get(digest)

    def gone(self):
        messages.error(self.request, _("The uploaded file is no longer available. Upload it again."))
        return redirect("import_start")

    def render_preview(self, *, digest, entry, options_form, report=None, problem=None, status=200):
        context = {
            "digest": digest,
            "entry": entry,
            "entity_label": registry.get(entry["entity"]).label,
            "options_form": options_form,
            "report": report,
            "problem": problem,
            "mode_help": MODE_HELP,
            "list_url": reverse(registry.get(entry["entity"]).list_url_name),
            "mapping_items": mapping_items(report) if report else [],
            "mapped": mapped_choices(entry.get("mapping") or {}),
            "can_import_valid_rows": bool(
                report and report.errors and report.changes and all(error.row for error in report.errors)
            ),
        }
        return render(self.request, self.template_name, context, status=status)

    def run(self, digest: str, entry: dict, data: bytes, options_form, *, commit: bool, partial: bool = False):
        """(result, None), or (None, the preview page with the problem) when the file cannot be read or a bug hits.

        The result is the report, or with ``partial`` (import the valid rows) the report and the file of the rest.
        On an unexpected error the transaction has been rolled back on the way out: nothing was saved.
        """
        options = {
            "entity": entry["entity"],
            "data": data,
            "file_name": entry["file_name"],
            "user": self.request.user,
            "mode": entry.get("mode", ImportMode.CREATE_UPDATE),
            "encoding": entry.get("encoding", AUTO),
            "delimiter": entry.get("delimiter", AUTO),
            "mapping": entry.get("mapping"),
        }
        try:
            report = import_valid_rows(**options) if partial else import_file(commit=commit, **options)
        except FileProblem as unreadable:
            problem = unreadable.message
        except Exception:
            logger.exception("%s of %s failed", "Import" if commit else "Preview", entry["file_name"])
            problem = UNEXPECTED
        else:
            return report, None
        return None, self.render_preview(digest=digest, entry=entry, options_form=options_form, problem=problem)


class ImportPreviewView(ImportPreviewMixin, View):
    def get(self, request, digest):
        entry = self.get_entry(digest)
        data = storage.load(digest) if entry else None
        if data is None:
            return self.gone()
        if any(key in request.GET for key in ("mode", "encoding", "delimiter")):
            options_form = ReadOptionsForm(request.GET)
            if options_form.is_valid():
                entry = {**entry, **options_form.cleaned_data}
                remember(request, digest, entry)
        else:
            options_form = ReadOptionsForm(initial=entry)
        report, failed = self.run(digest, entry, data, options_form, commit=False)
        return failed or self.render_preview(digest=digest, entry=entry, options_form=options_form, report=report)


class ImportConfirmView(ImportPreviewMixin, View):
    def post(self, request, digest):
        entry = self.get_entry(digest)
        data = storage.load(digest) if entry else None
        if data is None:
            return self.gone()
        options_form = ReadOptionsForm(request.POST)
        if options_form.is_valid():
            entry = {**entry, **options_form.cleaned_data}
        partial = request.POST.get("partial") == "1"
        result, failed = self.run(digest, entry, data, options_form, commit=True, partial=partial)
        if failed:
            return failed
        report, rest = result if partial else (result, None)
        if not report.committed:
            # Something changed since the preview (or the preview was skipped): nothing was saved; show why.
            return self.render_preview(digest=digest, entry=entry, options_form=options_form, report=report)
        storage.discard(digest)
        forget(request, digest)
        if rest is not None:
            rests = request.session.get(REST_KEY, {})
            rests[str(report.batch.pk)] = {
                "digest": storage.store(rest.data),
                "file_name": rest.file_name,
                "content_type": rest.content_type,
                "rows": rest.rows,
            }
            request.session[REST_KEY] = dict(list(rests.items())[-5:])
            messages.warning(
                request,
                ngettext(
                    "%(count)s row with errors was not imported. Download it below, correct it and import it again.",
                    "%(count)s rows with errors were not imported. Download them below, correct them and import the "
                    "file again.",
                    rest.rows,
                )
                % {"count": rest.rows},
            )
        messages.success(
            request,
            _("The file was imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "new": report.counts["new"],
                "updated": report.counts["updated"],
                "unchanged": report.counts["unchanged"],
            },
        )
        return HttpResponseRedirect(report.batch.get_absolute_url())


class ImportMappingView(ImportPreviewMixin, View):
    """The mapping step's choices: kept with the pending import (in the session, beside the file), then the preview
    runs again with them. Nothing is written to the register here."""

    def post(self, request, digest):
        entry = self.get_entry(digest)
        if entry is None or storage.load(digest) is None:
            return self.gone()
        if "clear" in request.POST:
            entry = {key: value for key, value in entry.items() if key != "mapping"}
            remember(request, digest, entry)
            messages.info(request, _("The choices were removed."))
            return redirect("import_preview", digest=digest)
        form = MappingForm(request.POST)
        if not form.is_valid():
            problems = [str(message) for messages_ in form.errors.values() for message in messages_]
            messages.error(
                request,
                _("The choices could not be used: %(problem)s") % {"problem": " ".join(problems)}
                if form.non_field_errors()
                else _("The choices could not be used. Choose again."),
            )
            return redirect("import_preview", digest=digest)
        mapping = {kind: dict(values) for kind, values in (entry.get("mapping") or {}).items()}
        for choice in form.cleaned_data["choices"]:
            values = mapping.setdefault(choice["kind"], {})
            key = fold(choice["value"])
            if choice["target"] is None:
                values.pop(key, None)
            else:
                values[key] = {"target": choice["target"], "value": choice["value"], "alias": choice["alias"]}
        remember(request, digest, {**entry, "mapping": {kind: values for kind, values in mapping.items() if values}})
        messages.success(request, _("Your choices are used in the preview below. Nothing has been saved yet."))
        return redirect("import_preview", digest=digest)


def kind_label(kind: str) -> str:
    return capfirst(mappable_models()[kind]._meta.verbose_name)


def mapping_items(report) -> list[dict]:
    """The unmatched values of a preview as the mapping step shows them: suggestions, the preselected choice, the
    search for another record (an autocomplete that never offers to create one)."""
    items = []
    for index, unmatched in enumerate(report.unmatched):
        top = unmatched.suggestions[0] if unmatched.suggestions else None
        if unmatched.kind == "tag":
            preselect = str(top.id) if top and fold(top.label) == fold(unmatched.value) else NEW
        else:
            preselect = str(top.id) if top and top.similarity >= PRESELECT_SIMILARITY else ""
        other = AutocompleteSelect(f"{unmatched.kind}s", create=False, placeholder=_("Search…")).render(
            f"other_{index}", None, attrs={"id": f"mapping-other-{index}", "aria-label": _("Another record")}
        )
        items.append(
            {
                "index": index,
                "unmatched": unmatched,
                "kind_label": kind_label(unmatched.kind),
                "preselect": preselect,
                "other_widget": other,
                "rows_shown": ", ".join(str(row) for row in unmatched.rows[:10])
                + (" …" if len(unmatched.rows) > 10 else ""),
            }
        )
    return items


def mapped_choices(mapping: dict) -> list[dict]:
    """What the user chose so far, with the chosen records' names (one query per kind)."""
    shown = []
    models = mappable_models()
    for kind, values in mapping.items():
        if kind not in models:
            continue
        ids = [choice["target"] for choice in values.values() if isinstance(choice.get("target"), int)]
        names = {pk: str(obj) for pk, obj in models[kind].objects.in_bulk(ids).items()} if ids else {}
        for choice in values.values():
            target = choice.get("target")
            shown.append(
                {
                    "kind_label": kind_label(kind),
                    "value": choice.get("value", ""),
                    "target": _("a new one is created") if target == NEW else names.get(target, "–"),
                    "alias": choice.get("alias", False),
                }
            )
    return shown


class ImportRestView(ImportPermissionMixin, View):
    """The file of the rows a partial import left out (kept for the user who imported, as long as the session)."""

    def get(self, request, pk):
        rest = request.session.get(REST_KEY, {}).get(str(pk))
        data = storage.load(rest["digest"]) if rest else None
        if data is None:
            messages.error(request, _("The file of the rows that were not imported is no longer available."))
            return redirect("import_start")
        response = HttpResponse(data, content_type=rest["content_type"])
        response["Content-Disposition"] = content_disposition_header(True, rest["file_name"])
        return response


class ImportBatchView(ImportPermissionMixin, DetailView):
    model = ImportBatch
    template_name = "partners/import_batch.html"
    context_object_name = "batch"

    def get_queryset(self):
        return ImportBatch.objects.select_related("user")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.object
        entity = registry.find(batch.entity)
        model = entity.model if entity else None
        history = getattr(model, "history", None)
        context.update(
            {
                "entity_label": entity.label if entity else batch.entity,
                "history_count": (
                    history.filter(history_change_reason=batch.change_reason).count() if history is not None else 0
                ),
                "list_url": reverse(entity.list_url_name) if entity and entity.list_url_name else "",
                "rest": self.request.session.get(REST_KEY, {}).get(str(batch.pk)),
            }
        )
        return context


class ImportTemplateView(ImportPermissionMixin, View):
    """An empty CSV with the headings of one kind of file, for Danish Excel (UTF-8 with BOM, ";")."""

    def get(self, request, entity):
        key = entity_key(entity)
        if key is None:
            return redirect("import_start")
        resource = registry.get(key).import_resource
        headings = [neutralise(resource.label(name)) for name in resource.column_keys() if name != "id"]
        buffer = io.StringIO()
        buffer.write("\ufeff")
        csv.writer(buffer, delimiter=";").writerow(headings)
        response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="skabelon-{key}.csv"'
        return response


urlpatterns = [
    path("import/", ImportStartView.as_view(), name="import_start"),
    path("import/batches/<int:pk>/", ImportBatchView.as_view(), name="import_batch"),
    path("import/template/<slug:entity>/", ImportTemplateView.as_view(), name="import_template"),
    re_path(r"^import/(?P<digest>[0-9a-f]{64})/$", ImportPreviewView.as_view(), name="import_preview"),
    re_path(r"^import/(?P<digest>[0-9a-f]{64})/confirm/$", ImportConfirmView.as_view(), name="import_confirm"),
    re_path(r"^import/(?P<digest>[0-9a-f]{64})/mapping/$", ImportMappingView.as_view(), name="import_mapping"),
    path("import/batches/<int:pk>/rest/", ImportRestView.as_view(), name="import_rest"),
]
