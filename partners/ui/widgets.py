"""Autocomplete widgets: a select that renders only the chosen options and asks the server for the rest.

No select box may render the whole of a big table, so every choice of organisations, contacts, users, tags … uses
these widgets. The options come from ``AutocompleteView`` (``/autocomplete/<source>/?q=``) through Tom Select,
installed from the npm registry and initialised by ``static/js/app.js``. Besides them, ``DefaultOnCheckbox``: a
checkbox of a GET form that is ticked until the user unticks it.
"""

import json
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from .autocomplete import SOURCES


class AutocompleteMixin:
    def __init__(
        self,
        source: str,
        *,
        attrs=None,
        filters: dict | None = None,
        placeholder: str = "",
        create: bool = True,
        forward: dict[str, str] | None = None,
    ):
        self.source = source
        self.filters = filters or {}
        self.placeholder = placeholder
        self.create = create  # False: never offer to create one (e.g. a merge's target must exist)
        # query parameter → another field of the form: the script sends that field's chosen values with each question
        # and asks again when they change (a meeting's contacts ranked by its organisations)
        self.forward = forward or {}
        super().__init__(attrs=attrs)

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        url = reverse("autocomplete", kwargs={"source": self.source})
        if self.filters:
            url = f"{url}?{urlencode(self.filters, doseq=True)}"
        attrs["data-autocomplete-url"] = url
        source = autocomplete_source(self.source)
        if self.create and source is not None and source.create_url:
            # The script offers "Create “…”" for a typed name that matches none, in forms that save (method post).
            attrs["data-create-url"] = reverse(source.create_url)
            attrs["data-create-label"] = gettext("Create")
            attrs["data-create-error"] = gettext("It could not be created. Try again, or reload the page.")
        if self.forward:
            attrs["data-autocomplete-forward"] = json.dumps(self.forward)
        if self.placeholder:
            attrs["data-placeholder"] = str(self.placeholder)
        attrs.setdefault("class", "form-select")
        return attrs

    def optgroups(self, name, value, attrs=None):
        """Only the selected options (one query), never the whole queryset."""
        selected = {str(v) for v in value if v not in (None, "")}
        groups = []
        if not self.is_required and not self.allow_multiple_selected:
            groups.append((None, [self.create_option(name, "", "", False, 0)], 0))
        if not selected:
            return groups
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        if queryset is None:
            options = [(k, v) for k, v in choices if str(k) in selected]
        else:
            field = getattr(choices, "field", None)
            key = getattr(field, "to_field_name", None) or "pk"
            # A value typed into the URL (?parent=abc) is shown as a form error, not looked up (a 500 otherwise).
            model_field = queryset.model._meta.pk if key == "pk" else queryset.model._meta.get_field(key)
            valid = []
            for value_ in selected:
                try:
                    valid.append(model_field.to_python(value_))
                except ValidationError:
                    continue
            objects = list(queryset.filter(**{f"{key}__in": valid})) if valid else []
            # The chosen options read as the autocomplete's suggestions do ("Alboa (Boligorganisation)"). They come
            # from the field's queryset, not the source's: a chosen value the source would no longer suggest (an
            # inactive user) must stay chosen, or saving the form would drop it.
            source = autocomplete_source(self.source)
            if source is not None:
                prefetch_related_objects(objects, *source.prefetch)
                label = source.label
            else:
                label = field.label_from_instance if field else str
            options = [(str(getattr(obj, key)), label(obj)) for obj in objects]
        for index, (option_value, label) in enumerate(options, start=1):
            groups.append((None, [self.create_option(name, option_value, label, True, index)], index))
        return groups


def autocomplete_source(name: str):
    return SOURCES.get(name)


class AutocompleteSelect(AutocompleteMixin, forms.Select):
    pass


class AutocompleteSelectMultiple(AutocompleteMixin, forms.SelectMultiple):
    pass


class DefaultOnCheckbox(forms.CheckboxInput):
    """A checkbox ticked unless the form says otherwise, for GET forms: an unticked box sends nothing, so a hidden
    ``false`` goes before it (a ticked box's value comes last and wins). A request that never sent the field — the
    first visit, a link — reads as ticked."""

    def render(self, name, value, attrs=None, renderer=None):
        return format_html('<input type="hidden" name="{}" value="false">', name) + super().render(
            name, value, attrs, renderer
        )

    def value_from_datadict(self, data, files, name):
        if name not in data:
            return True
        return super().value_from_datadict(data, files, name)
