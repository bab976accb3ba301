from django import forms
from django.db import models

from ..ui.fields import BootstrapFormMixin


def formfield_for(model_field, **kwargs):
    # A website typed without a scheme is taken as https (Django 6's default; Django 5 warns without the choice).
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class BaseModelForm(BootstrapFormMixin, forms.ModelForm):
    """Model forms of the staff UI. Subclasses declare ``class Meta(BaseModelForm.Meta)``."""

    class Meta:
        formfield_callback = staticmethod(formfield_for)
