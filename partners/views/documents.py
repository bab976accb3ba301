"""The document pages: the list, a document's page, the upload, the download, and the panel on a record's page.

A file is handed out only by ``DocumentDownloadView`` (``/documents/<id>/download/``), which checks the permission to
view documents: there is no public media URL. The answer is an attachment (never shown inline by the browser), with
``X-Content-Type-Options: nosniff`` and ``Cache-Control: no-store``.

A record's page shows its documents and an upload form through ``DocumentsMixin`` and ``DocumentsPanel``: a detail
view lists the mixin first among its bases and the panel among its panels.
"""

import uuid

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from django.views.generic.detail import SingleObjectMixin

from ..forms.documents import DocumentUploadForm
from ..models import Document
from ..selectors.documents import document_overview, record_documents
from ..services.documents import upload_document
from . import generic
from .mixins import ObjectPermissionMixin, safe_next_url


class DocumentListView(generic.ObjectListView):
    model = Document
    empty_hint = gettext_lazy(
        "Upload consultation responses, recommendations and the yearly report here, or on the page of the "
        "organisation, collaboration, meeting or event they concern."
    )
    tab_field = "kind"


class DocumentDetailView(generic.ObjectDetailView):
    model = Document
    panels = {
        "left": [generic.Panel("partners/panels/document_details.html")],
        "right": [
            generic.Panel("partners/panels/document_text.html"),
            generic.HistoryPanel(),
        ],
    }

    def get_queryset(self):
        return Document.objects.select_related("uploaded_by", "record_type")

    def get_badges(self, context):
        document = self.object
        return [generic.Badge(document.get_kind_display()), generic.Badge(document.get_content_type_display())]

    def get_actions(self, context):
        download = generic.Action(_("Download"), self.object.get_download_url(), icon="download", style="primary")
        return [download, *super().get_actions(context)]

    def get_extra_context(self):
        return document_overview(document=self.object)


class DocumentCreateView(generic.ObjectCreateView):
    """The upload: checked by content and size, its text read, attached to the record named by the hidden fields
    (``?attach_type=organisation&attach_id=12`` pre-fills them). A refused file saves nothing."""

    model = Document
    template_name = "partners/document_upload.html"

    form_class = DocumentUploadForm

    def form_valid(self, form):
        data = form.cleaned_data
        self.object = upload_document(
            upload=data["upload"],
            title=data.get("title") or "",
            kind=data["kind"],
            date=data.get("date"),
            description=data.get("description") or "",
            record=form.record,
            user=self.request.user,
            prepared=form.prepared,
        )
        messages.success(self.request, _("The document “%(title)s” was uploaded.") % {"title": self.object.title})
        return HttpResponseRedirect(self.get_success_url())


class DocumentDeleteView(generic.ObjectDeleteView):
    """Deletes the document (its file leaves the storage when the deletion is committed); back where it came from."""

    model = Document

    def get_success_url(self):
        return safe_next_url(self.request, fallback=reverse("document_list"))


class DocumentDownloadView(ObjectPermissionMixin, SingleObjectMixin, View):
    """The file, to those who may view documents: an attachment, not sniffed, not cached."""

    model = Document

    def get(self, request, *args, **kwargs):
        document = self.get_object()
        try:
            handle = document.file.storage.open(document.file.name, "rb")
        except (FileNotFoundError, OSError) as error:
            raise Http404(_("The document's file is missing from the storage.")) from error
        response = FileResponse(
            handle, as_attachment=True, filename=document.download_name, content_type=document.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


class DocumentsPanel(generic.Panel):
    """A record's documents and the upload form (the context of ``DocumentsMixin``)."""

    template_name = "partners/panels/documents.html"
    name = "documents"


class DocumentsMixin:
    """Puts a record's documents and an upload form for it into its detail page's context (``DocumentsPanel``)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        user = self.request.user
        context.update(record_documents(record=record) if user.has_perm("partners.view_document") else {})
        context["can_view_documents"] = user.has_perm("partners.view_document")
        if user.has_perm("partners.add_document"):
            context["document_form"] = DocumentUploadForm(
                initial={"attach_type": record._meta.model_name, "attach_id": record.pk},
                auto_id="id_document_%s",
            )
            context["document_record_label"] = capfirst(record._meta.verbose_name)
            context["document_submission_token"] = str(uuid.uuid4())
        return context
