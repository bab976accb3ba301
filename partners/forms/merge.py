"""The merge pages' forms (``views/merge.py``): choose the other record (autocomplete), then choose per field which
value stays."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..services.merge import JOINABLE, MERGE_FIELDS
from ..ui.fields import BootstrapFormMixin
from ..ui.widgets import AutocompleteSelect

KEEP, TAKE, BOTH = "keep", "take", "both"
# A field where one value is the careful one starts on it, whichever record has it.
CAREFUL = {"do_not_contact": True}


def shown_value(record, name: str) -> str:
    """A field's value as the comparison shows it."""
    field = record._meta.get_field(name)
    value = getattr(record, name)
    if field.choices:
        return str(getattr(record, f"get_{name}_display")())
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value in (None, ""):
        return "–"
    if hasattr(value, "get_full_name"):
        return value.get_full_name() or value.get_username()
    return str(value)


class MergeChooseForm(BootstrapFormMixin, forms.Form):
    """GET ``?other=``: the record to merge with, from the entity's autocomplete."""

    other = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Merge with"))

    def __init__(self, *args, record, source: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        model = type(record)._meta.concrete_model
        self.fields["other"].queryset = model.objects.all()
        self.fields["other"].widget = AutocompleteSelect(source, placeholder=_("Search"))
        self.fields["other"].error_messages["invalid_choice"] = _("Choose one that exists.")

    def clean_other(self):
        other = self.cleaned_data["other"]
        if other.pk == self.record.pk:
            raise forms.ValidationError(_("A record cannot be merged with itself."))
        return other


class MergeForm(forms.Form):
    """Per field that differs, whose value stays: this record's (``keep``, also when none is sent), the other's
    (``take``) or, for a text, both. The comparison template draws the choices as two columns (``rows``)."""

    def __init__(self, *args, survivor, loser, **kwargs):
        super().__init__(*args, **kwargs)
        self.survivor, self.loser = survivor, loser
        self.rows = []
        for name in MERGE_FIELDS[type(survivor)._meta.concrete_model]:
            field = survivor._meta.get_field(name)
            mine, theirs = getattr(survivor, field.attname), getattr(loser, field.attname)
            row = {"name": name, "label": field.verbose_name, "survivor": shown_value(survivor, name),
                   "loser": shown_value(loser, name), "differs": mine != theirs}  # fmt: skip
            if row["differs"]:
                choices = [(KEEP, row["survivor"]), (TAKE, row["loser"])]
                if name in JOINABLE and mine and theirs:
                    choices.append((BOTH, _("Keep both")))
                initial = TAKE if (mine in (None, "") and theirs not in (None, "")) else KEEP
                if name in CAREFUL:
                    initial = TAKE if theirs == CAREFUL[name] else KEEP
                # Not sent (a form of an older page, a script): this record's value stays.
                self.fields[name] = forms.ChoiceField(
                    choices=choices, initial=initial, label=field.verbose_name, widget=forms.RadioSelect, required=False
                )
                row["field"] = name
            self.rows.append(row)

    def bound_rows(self):
        """The rows with each choice's current value (as sent, or the initial one)."""
        for row in self.rows:
            if row["differs"]:
                row["value"] = self[row["name"]].value()
                row["can_join"] = any(value == BOTH for value, _label in self.fields[row["name"]].choices)
                row["errors"] = self[row["name"]].errors
        return self.rows

    def chosen(self, value: str) -> list[str]:
        return [name for name in self.fields if self.cleaned_data.get(name) == value]
