"""Reads of documents: the list's rows, a record's documents and a document's page, in a fixed number of queries."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.text import capfirst

from ..models import Document

PANEL_LIMIT = 50  # documents shown in a record's panel; the rest through the list


def document_list_queryset() -> QuerySet[Document]:
    """The list's rows without their extracted text (it can be long), with who uploaded them and what they are
    attached to (one query per kind of record on the page, not one per row)."""
    return (
        Document.objects.defer("text", "description")
        .select_related("uploaded_by", "record_type")
        .prefetch_related("record")
    )


def record_documents(*, record, limit: int = PANEL_LIMIT) -> dict:
    """A record's documents for its page's panel (newest first) and their number."""
    documents = Document.objects.filter(
        record_type=ContentType.objects.get_for_model(record), record_id=record.pk
    ).defer("text")
    shown = list(documents.select_related("uploaded_by").order_by("-date", "-created_at", "-id")[:limit])
    count = len(shown) if len(shown) < limit else documents.count()
    return {"documents": shown, "document_count": count}


def document_overview(*, document: Document, excerpt_chars: int = 3000) -> dict:
    """What the document's page shows besides the document: the record it is attached to and an excerpt of its text."""
    text = document.text or ""
    record = document.record
    return {
        "record": record,
        "record_label": capfirst(record._meta.verbose_name) if record is not None else "",
        "text_excerpt": text[:excerpt_chars],
        "text_is_cut": len(text) > excerpt_chars,
        "text_length": len(text),
    }
