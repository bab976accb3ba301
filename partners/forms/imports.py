from django import forms
from django.utils.translation import gettext_lazy as _

from .. import registry
from ..models.imports import ImportMode
from ..transfer.reading import AUTO, ENCODINGS
from .base import BootstrapFormMixin


def entity_choices() -> list[tuple[str, str]]:
    """The kinds of file the import takes: the importable entities of the registry, in its order."""
    return [(entity.key, entity.label) for entity in registry.importable()]


ENCODING_CHOICES = [(AUTO, _("Detect automatically")), *ENCODINGS.items()]
DELIMITER_CHOICES = [
    (AUTO, _("Detect automatically")),
    ("semicolon", _("Semicolon (;)")),
    ("comma", _("Comma (,)")),
    ("tab", _("Tab")),
]
MODE_HELP = {
    ImportMode.CREATE: _("Rows not in the register are added; rows that are there already are left alone."),
    ImportMode.CREATE_UPDATE: _("Rows not in the register are added; the others are updated from the file."),
    ImportMode.UPDATE: _("Only rows already in the register are updated; other rows are skipped."),
}


class ReadOptionsForm(BootstrapFormMixin, forms.Form):
    """How to read the file: the preview offers these again, to correct a wrong guess."""

    mode = forms.ChoiceField(
        label=_("What to do"), choices=ImportMode.choices, initial=ImportMode.CREATE_UPDATE, widget=forms.RadioSelect
    )
    encoding = forms.ChoiceField(label=_("Character set"), choices=ENCODING_CHOICES, initial=AUTO)
    delimiter = forms.ChoiceField(label=_("Separator (CSV)"), choices=DELIMITER_CHOICES, initial=AUTO)


class ImportUploadForm(ReadOptionsForm):
    entity = forms.ChoiceField(label=_("What the file contains"), choices=entity_choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (as Excel saves it, with ; or ,) or an Excel workbook (.xlsx). The first row holds the headings."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv,application/vnd.ms-excel"}),
    )

    field_order = ["entity", "file", "mode", "encoding", "delimiter"]
