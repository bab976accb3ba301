"""The widgets of the resources: how a cell is read on import and written on export.

Danish values (Ja/Nej, 21-11-2026, choices by their Danish or English name) are read by ``partners.transfer.values``;
names of related objects are looked up in the import's ``Lookups``, never by a query per cell.
"""

import re

from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from ..models import Contact
from .lookups import Lookups, norm
from .values import Choices, as_text, parse_bool, parse_date, parse_datetime, parse_int


class NamesWidget(widgets.ManyToManyWidget):
    """Many-to-many as names separated by ", " (as Danish Excel lists are written); imported by the resource."""

    def __init__(self, model, field="name", separator=", ", **kwargs):
        super().__init__(model, separator=separator, field=field, **kwargs)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(str(v) for v in (getattr(o, self.field) for o in value.all()) if v is not None)

    def split(self, value) -> list[str]:
        """The names in a cell, each once, in the order written."""
        seen, names = set(), []
        for part in as_text(value).split(self.separator.strip()):
            name = " ".join(part.split())
            if name and norm(name) not in seen:
                seen.add(norm(name))
                names.append(name)
        return names


class ChoiceWidget(widgets.Widget):
    """A choice field written as its display value (in the active language); read by value or Danish/English name."""

    def __init__(self, choices, extra=None, **kwargs):
        self.choices = dict(choices.choices)
        self.parser = Choices(choices, extra)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        return self.parser.parse(value)

    def render(self, value, obj=None, **kwargs):
        return str(self.choices.get(value, value or ""))


class BooleanWidget(widgets.BooleanWidget):
    """Ja/Nej in Danish exports; reads ja/nej, yes/no, x, 1/0. An empty cell leaves the value as it is."""

    def clean(self, value, row=None, **kwargs):
        return parse_bool(value)

    def render(self, value, obj=None, **kwargs):
        return str(_("Yes")) if value else str(_("No"))


class TextWidget(widgets.CharWidget):
    """Text, trimmed; an empty cell is "" (or None for the nullable identifier fields)."""

    def __init__(self, *, null: bool = False, digits_only: bool = False, **kwargs):
        self.null = null
        self.digits_only = digits_only
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if self.digits_only:
            text = re.sub(r"[\s.-]", "", text)  # "55 13 30 18" and "551-330-18" are how people write a CVR
        return (None if self.null else "") if text == "" else text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class WebsiteWidget(TextWidget):
    """A website; "aab.dk" becomes "https://aab.dk", as the form does."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if text and "://" not in text and "." in text and " " not in text:
            text = "https://" + text
        return text


class IntegerWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        return parse_int(value)


class DateWidget(widgets.DateWidget):
    """Dates as 21-11-2026 (also 21.11.2026, 21/11/2026, 2026-11-21, or a date cell in a workbook)."""

    def clean(self, value, row=None, **kwargs):
        return parse_date(value)


class DateTimeWidget(widgets.DateTimeWidget):
    """Date and time as 21-11-2026 14:30 in the Danish time zone."""

    def clean(self, value, row=None, **kwargs):
        return parse_datetime(value)


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key by a name, resolved in the import's lookups (bound by the resource before the import)."""

    resolve_method = ""

    def __init__(self, model, field="name", **kwargs):
        self.lookups: Lookups | None = None
        self.resolve_kwargs = kwargs.pop("resolve", {})
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if not text:
            return None
        return getattr(self.lookups, self.resolve_method)(text, **self.resolve_kwargs)


class OrganisationWidget(LookupWidget):
    resolve_method = "organisation"


class UserWidget(LookupWidget):
    resolve_method = "user"

    def __init__(self, **kwargs):
        super().__init__(get_user_model(), field=get_user_model().USERNAME_FIELD, **kwargs)


class EventWidget(LookupWidget):
    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if not text:
            return None
        return self.lookups.one(self.lookups.events, text, what=gettext("event"))


class ContactEmailWidget(LookupWidget):
    resolve_method = "contact_by_email"

    def __init__(self, **kwargs):
        super().__init__(Contact, field="email", **kwargs)


def field(attribute, header, widget=None, **kwargs):
    return fields.Field(attribute=attribute, column_name=header, widget=widget or TextWidget(), **kwargs)
