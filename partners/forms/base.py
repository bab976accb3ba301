from django import forms
from django.db import models


class BootstrapFormMixin:
    """Bootstrap 5 classes on every widget, so templates can render fields in one loop."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = widget.attrs.get("class", "")
            if isinstance(widget, forms.CheckboxInput):
                wanted = "form-check-input"
            elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                wanted = "form-select"
            elif isinstance(widget, forms.MultiWidget):
                for sub in widget.widgets:
                    sub.attrs.setdefault("class", "form-control")
                continue
            else:
                wanted = "form-control"
            if wanted not in css.split():
                widget.attrs["class"] = f"{css} {wanted}".strip()


def formfield_for(model_field, **kwargs):
    # A website typed without a scheme is taken as https (Django 6's default; Django 5 warns without the choice).
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class BaseModelForm(BootstrapFormMixin, forms.ModelForm):
    """Model forms of the staff UI. Subclasses declare ``class Meta(BaseModelForm.Meta)``."""

    class Meta:
        formfield_callback = staticmethod(formfield_for)
