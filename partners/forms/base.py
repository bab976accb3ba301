from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q

from ..models.lookups import Label
from ..ui.fields import BootstrapFormMixin
from ..ui.widgets import AutocompleteSelect, AutocompleteSelectMultiple


def formfield_for(model_field, **kwargs):
    # A website typed without a scheme is taken as https (Django 6's default; Django 5 warns without the choice).
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class BaseModelForm(BootstrapFormMixin, forms.ModelForm):
    """Model forms of the staff UI. Subclasses declare ``class Meta(BaseModelForm.Meta)``."""

    class Meta:
        formfield_callback = staticmethod(formfield_for)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and issubclass(queryset.model, Label):
                field.queryset = queryset.filter(Q(is_active=True) | Q(pk__in=self._labels_kept(name)))

    def _labels_kept(self, name: str):
        """A retired tag or theme is not chosen anew, but the record keeps the ones it has (an edit must not fail)."""
        if self.instance.pk is None or not hasattr(self.instance, name):
            return []
        return getattr(self.instance, name).values("pk")


# The widgets of the fields every relationship record has (organisations, contacts).
RELATIONSHIP_WIDGETS = {"tags": AutocompleteSelectMultiple("tags"), "owner": AutocompleteSelect("users")}


class RelationshipFormMixin:
    """Tags, the relationship owner and notes, as an organisation's and a contact's form offer them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Active staff, plus the current owner even after they have left: the value must survive an edit.
        self.fields["owner"].queryset = get_user_model().objects.filter(
            Q(is_active=True) | Q(pk=self.instance.owner_id)
        )
        self.fields["notes"].widget.attrs["rows"] = 4
