"""The forms of the tag pages, and what the theme pages share with them (``forms/themes.py``): a label's name,
unique whatever the case of its letters, whether it is in use, and the choice of the label a merge moves into."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import registry
from ..models import Tag
from ..models.lookups import Label
from ..ui.fields import BootstrapFormMixin
from ..ui.widgets import AutocompleteSelect
from .base import BaseModelForm


class LabelForm(BaseModelForm):
    """A tag's or a theme's name and, once it exists, whether it is in use (retired: kept, not offered)."""

    duplicate_message = ""  # "There is already a tag named “%(name)s” …"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["is_active"]  # a new one is in use
        self.fields["name"].widget.attrs.setdefault("autofocus", True)

    def clean_name(self):
        name = self.cleaned_data["name"]
        other = type(self.instance).objects.named(name).exclude(pk=self.instance.pk).first()
        if other is not None:
            message = self.duplicate_message % {"name": other.name}
            if not other.is_active:
                retired = _("It is retired: take it into use again on its page instead.")
                message = f"{message} {retired}"
            raise ValidationError(message, code="duplicate")
        return name


class TagForm(LabelForm):
    duplicate_message = _("There is already a tag named “%(name)s” (upper and lower case count as the same).")

    class Meta(BaseModelForm.Meta):
        model = Tag
        fields = ["name", "is_active"]


class LabelMergeForm(BootstrapFormMixin, forms.Form):
    """The label ``source`` is merged into: any other of its kind."""

    target = forms.ModelChoiceField(queryset=Tag.objects.none(), label=_("Merge into"))

    def __init__(self, *args, source: Label, **kwargs):
        super().__init__(*args, **kwargs)
        model = type(source)
        field = self.fields["target"]
        field.queryset = model.objects.exclude(pk=source.pk)
        field.widget = AutocompleteSelect(registry.for_model(model).autocomplete, create=False)
        field.widget.choices = field.choices
        field.error_messages["invalid_choice"] = _("Choose another %(name)s to merge it into.") % {
            "name": model._meta.verbose_name
        }
