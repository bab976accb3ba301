"""Documents: files attached to the register's records (høringssvar, KL/BL anbefalinger, the Årsskrift …), issue 16.

A document is attached to at most one record through a generic relation (``record_type`` + ``record_id``) to one of
``ATTACHABLE`` (organisations, collaborations, meetings, events and the advocacy cases), or to none (the Årsskrift).
The file is kept through Django's storage API (``STORAGES["default"]``: the local filesystem under ``MEDIA_ROOT`` by
default, S3-compatible object storage through django-storages as the documented option) under a random name; the
name the user gave it is kept apart and handed back on download. Its type is the one its content shows
(``services/documents.py``), never its name's.

What happens to the documents when their record is deleted (``guard_attached_documents``, connected for every attachable
model by its label): a meeting takes its documents with it
(they are its papers); an organisation, a collaboration, an event or a case with documents is not deleted (the
documents are the secretariat's evidence: delete them or let them stay first). A deleted document's file is removed
from the storage when the transaction commits (``remove_file``).
"""

import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector
from django.db import models, transaction
from django.db.models import ProtectedError, Q
from django.db.models.signals import class_prepared, post_delete, pre_delete
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import TimeStampedModel
from .folding import Fold

# The records a document can be attached to: (app label, model name) → what deleting one with documents does.
CASCADE, REFUSE = "cascade", "refuse"
ATTACHABLE = {
    ("partners", "organisation"): REFUSE,
    ("partners", "collaboration"): REFUSE,
    ("partners", "meeting"): CASCADE,
    ("partners", "event"): REFUSE,
    ("partners", "case"): REFUSE,  # built by the cases part of issue 16; attached to once the model exists
}


def attachable_models() -> list[type]:
    """The attachable models that exist (the case model may not yet)."""
    found = []
    for app_label, model_name in ATTACHABLE:
        try:
            found.append(apps.get_model(app_label, model_name))
        except LookupError:
            continue
    return found


def attachable_types() -> Q:
    """The content types a document may point to (``limit_choices_to``)."""
    condition = Q(pk__in=[])
    for app_label, model_name in ATTACHABLE:
        condition |= Q(app_label=app_label, model=model_name)
    return condition


class DocumentKind(models.TextChoices):
    CONSULTATION_RESPONSE = "consultation_response", _("Consultation response")
    RECOMMENDATION = "recommendation", _("Recommendation")
    YEARLY_REPORT = "yearly_report", _("Yearly report")
    MINUTES = "minutes", _("Minutes")
    LETTER = "letter", _("Letter")
    PRESENTATION = "presentation", _("Presentation")
    OTHER = "other", _("Other")


class FileType(models.TextChoices):
    """The file types accepted, by the MIME type their content shows (``services/documents.py`` detects it)."""

    PDF = "application/pdf", _("PDF")
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _("Word document")
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _("Excel workbook")
    PNG = "image/png", _("PNG image")
    JPEG = "image/jpeg", _("JPEG image")


# The extension a file of each type is handed out with (the stored name and the download's name end with it).
EXTENSIONS = {
    FileType.PDF: "pdf",
    FileType.DOCX: "docx",
    FileType.XLSX: "xlsx",
    FileType.PNG: "png",
    FileType.JPEG: "jpg",
}


def stored_name(instance: "Document", filename: str) -> str:
    """``documents/<year>/<month>/<random>.<ext>``: never the user's name (no guessing, no clash, no path tricks)."""
    now = timezone.now()
    extension = EXTENSIONS.get(instance.content_type, "bin")
    return f"documents/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"


def document_vector() -> SearchVector:
    """A document's title, description and extracted text (index ``document_fts_idx``; the register search)."""
    return (
        SearchVector("title", weight="A", config="danish")
        + SearchVector("description", weight="B", config="danish")
        + SearchVector("text", weight="C", config="danish")
    )


class DocumentQuerySet(models.QuerySet):
    def attached_to(self, record) -> "DocumentQuerySet":
        """The documents of one record."""
        return self.filter(record_type=ContentType.objects.get_for_model(record), record_id=record.pk)


class Document(TimeStampedModel):
    """A file the secretariat keeps: its title, kind and date, and what the file is (type, size, text)."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("The date of the document itself."))
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("file"), upload_to=stored_name, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("file type"), max_length=100, choices=FileType.choices)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    text_extracted = models.BooleanField(_("text extracted"), default=False, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    record_type = models.ForeignKey(
        ContentType,
        verbose_name=_("attached to (type)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to=attachable_types,
        related_name="+",
    )
    record_id = models.PositiveBigIntegerField(_("attached to (id)"), null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    # The extracted text can be long: the history keeps what the user typed, not it.
    history = HistoricalRecords(excluded_fields=["updated_at", "text"])

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["record_type", "record_id"], name="document_record_idx"),
            models.Index(fields=["kind", "-date"], name="document_kind_date_idx"),
            GinIndex(OpClass(Fold("title"), name="gin_trgm_ops"), name="document_title_fold_trgm_idx"),
            GinIndex(document_vector(), name="document_fts_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(record_type__isnull=True, record_id__isnull=True)
                | Q(record_type__isnull=False, record_id__isnull=False),
                name="document_record_whole",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("document_detail", args=[self.pk])

    def get_download_url(self) -> str:
        return reverse("document_download", args=[self.pk])

    @property
    def download_name(self) -> str:
        """The user's file name, ending with the extension of the type the content has."""
        extension = EXTENSIONS.get(self.content_type, "")
        name = self.original_name or "dokument"
        if (
            extension
            and not name.lower().endswith(f".{extension}")
            and not (extension == "jpg" and name.lower().endswith(".jpeg"))
        ):
            name = f"{name}.{extension}"
        return name


def remove_file(sender, instance: Document, **kwargs) -> None:
    """A deleted document's file leaves the storage once the deletion is committed (not if it is rolled back)."""
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name), using=kwargs.get("using"))


post_delete.connect(remove_file, sender=Document, dispatch_uid="document_remove_file")


class DocumentsAttached(ProtectedError):
    """A record with documents that are not deleted with it."""


def guard_attached_documents(sender, instance, using=None, **kwargs) -> None:
    """Before an attachable record is deleted: its documents go with it (a meeting) or the delete is refused."""
    rule = ATTACHABLE.get((sender._meta.app_label, sender._meta.model_name))
    if rule is None or instance.pk is None:
        return
    documents = Document.objects.using(using).filter(
        record_type=ContentType.objects.db_manager(using).get_for_model(sender), record_id=instance.pk
    )
    if rule == CASCADE:
        for document in documents:
            document.delete()
        return
    attached = list(documents[:20])
    if attached:
        raise DocumentsAttached(
            _("“%(record)s” has documents attached. Delete them first.") % {"record": instance},
            set(attached),
        )


def _guard(model) -> None:
    pre_delete.connect(guard_attached_documents, sender=model, dispatch_uid=f"document_guard_{model._meta.label_lower}")


def _guard_when_defined(sender, **kwargs) -> None:
    if (sender._meta.app_label, sender._meta.model_name) in ATTACHABLE:
        _guard(sender)


# Each attachable model is guarded as soon as its class exists: those defined before this module now, the others
# (the case model, wherever it is imported) when they are defined.
class_prepared.connect(_guard_when_defined, dispatch_uid="document_guard_when_defined")
for _app_label, _model_name in ATTACHABLE:
    if _model_name in apps.all_models.get(_app_label, {}):
        _guard(apps.all_models[_app_label][_model_name])
