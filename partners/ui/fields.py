"""Form building blocks shared by the forms and the filter forms: Bootstrap classes, users by their names."""

from django import forms


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


class UserLabelMixin:
    """Users by full name, as the autocomplete lists them (not by username)."""

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()
