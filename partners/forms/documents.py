"""The document forms: an upload (the file checked by its content, attached to a record) and the edit of what is said
about a document (its file stays; a wrong file is deleted and uploaded anew)."""

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..models import Document
from ..models.documents import ATTACHABLE
from ..services.documents import max_bytes, prepare_upload
from .base import BaseModelForm
from .contacts import DateInput

ACCEPT = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
DOCUMENT_FIELDS = ["title", "kind", "date", "description"]


def attachable_model(model_name: str):
    """The attachable model named ``model_name`` ("organisation"), or None."""
    if ("partners", model_name) not in ATTACHABLE:
        return None
    try:
        return apps.get_model("partners", model_name)
    except LookupError:
        return None


class DocumentForm(BaseModelForm):
    class Meta(BaseModelForm.Meta):
        model = Document
        fields = DOCUMENT_FIELDS
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs["rows"] = 3


class DocumentUploadForm(DocumentForm):
    """A new document: the file, what it is, and (hidden, from the record's page) the record it is attached to."""

    upload = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))
    attach_type = forms.CharField(required=False, widget=forms.HiddenInput)
    attach_id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    class Meta(DocumentForm.Meta):
        fields = ["upload", *DOCUMENT_FIELDS, "attach_type", "attach_id"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Empty: the file's name.")
        self.fields["upload"].help_text = _(
            "PDF, Word (.docx), Excel (.xlsx), PNG or JPEG, at most %(limit)s. The text of PDF, Word and Excel files "
            "is found by the search."
        ) % {"limit": filesizeformat(max_bytes())}
        self.prepared = None
        self.record = None

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        self.prepared = prepare_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        model_name, record_id = cleaned.get("attach_type") or "", cleaned.get("attach_id")
        if model_name or record_id:
            model = attachable_model(model_name)
            record = model._default_manager.filter(pk=record_id).first() if model and record_id else None
            if record is None:
                raise ValidationError(
                    _("The record to attach the document to does not exist (any more). Nothing was saved.")
                )
            self.record = record
        return cleaned
