from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .. import registry
from ..models import Area, Collaboration, Event, Organisation, Tag, Theme
from ..models.imports import ImportMode
from ..transfer.imports import MAPPING_LIMIT
from ..transfer.lookups import CREATABLE, MAPPABLE, NEW
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


def mappable_models() -> dict:
    """The model of each kind of record the mapping step may choose (``transfer.lookups.MAPPABLE``)."""
    return {
        "organisation": Organisation,
        "tag": Tag,
        "theme": Theme,
        "area": Area,
        "collaboration": Collaboration,
        "event": Event,
        "user": get_user_model(),
    }


class MappingForm(forms.Form):
    """The mapping step's choices, one group of fields per value that named no record (``count`` of them):

    ``kind_<i>`` and ``value_<i>`` say which value (sent back as the page showed them); ``choice_<i>`` is a suggested
    record's id, ``other`` (then ``other_<i>`` is the record picked by search; a record picked there is the choice
    whichever button is ticked), ``new`` (create it, where allowed) or empty (no choice); ``alias_<i>`` keeps an organisation's value as another name of it. ``clean`` checks that every
    chosen record exists: a forged or stale id is an error, never a server error.
    """

    count = forms.IntegerField(min_value=0, max_value=MAPPING_LIMIT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        try:
            count = max(0, min(int(self.data.get("count", 0)), MAPPING_LIMIT))
        except (TypeError, ValueError):
            count = 0
        self.count = count
        for i in range(count):
            self.fields[f"kind_{i}"] = forms.ChoiceField(choices=[(kind, kind) for kind in MAPPABLE])
            self.fields[f"value_{i}"] = forms.CharField(max_length=500, strip=False)
            self.fields[f"choice_{i}"] = forms.CharField(required=False, max_length=20)
            self.fields[f"other_{i}"] = forms.IntegerField(required=False, min_value=1)
            self.fields[f"alias_{i}"] = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        choices = []
        for i in range(self.count):
            kind, value = cleaned[f"kind_{i}"], " ".join(cleaned[f"value_{i}"].split())
            choice = cleaned[f"choice_{i}"].strip()
            if cleaned[f"other_{i}"] is not None:
                target = cleaned[f"other_{i}"]  # a record picked by search wins, whichever button is ticked
            elif choice == "other":
                continue  # "another" ticked but none picked: no choice
            elif choice == NEW:
                if kind not in CREATABLE:
                    raise forms.ValidationError(_("“%(value)s” cannot be created here.") % {"value": value})
                target = NEW
            elif choice == "":
                target = None
            elif choice.isdigit():
                target = int(choice)
            else:
                raise forms.ValidationError(_("The choice for “%(value)s” is not valid.") % {"value": value})
            alias = bool(cleaned[f"alias_{i}"]) and kind == "organisation" and isinstance(target, int)
            choices.append({"kind": kind, "value": value, "target": target, "alias": alias})
        models = mappable_models()
        for kind in {c["kind"] for c in choices}:
            wanted = {c["target"] for c in choices if c["kind"] == kind and isinstance(c["target"], int)}
            found = set(models[kind].objects.filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()
            for c in choices:
                if c["kind"] == kind and isinstance(c["target"], int) and c["target"] not in found:
                    raise forms.ValidationError(
                        _("The record chosen for “%(value)s” does not exist (any more). Choose again.")
                        % {"value": c["value"]}
                    )
        cleaned["choices"] = choices
        return cleaned
