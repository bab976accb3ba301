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
from .lookups import NAME_WITH_PARENT, Lookups, fold, norm
from .values import Choices, as_text, parse_bool, parse_date, parse_datetime, parse_int

# What separates labels (tags, themes) in one cell as people type them: "nytårskur, partnerskab" or "nytårskur;
# partnerskab". The export writes ", ".
LABEL_SEPARATORS = ",;"


class NamesWidget(widgets.ManyToManyWidget):
    """Many-to-many as names separated by ", " (as Danish Excel lists are written); imported by the resource.

    ``separator`` is what the export writes; a cell is split on it and on each character of ``also`` (tags and
    themes: ``,`` and ``;``)."""

    def __init__(self, model, field="name", separator=", ", also="", **kwargs):
        super().__init__(model, separator=separator, field=field, **kwargs)
        characters = {self.separator.strip(), *also}
        self.split_on = re.compile("|".join(re.escape(c) for c in sorted(characters)))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(str(v) for v in (getattr(o, self.field) for o in value.all()) if v is not None)

    def split(self, value, *, unique: bool = True) -> list[str]:
        """The names in a cell in the order written, each once (or, not ``unique``, as often as written)."""
        seen, names = set(), []
        for part in self.split_on.split(as_text(value)):
            name = " ".join(part.split())
            if name and (not unique or norm(name) not in seen):
                seen.add(norm(name))
                names.append(name)
        return names


class ChoiceWidget(widgets.Widget):
    """A choice field written as its display value (in the active language); read by value or Danish/English name.
    An empty cell is None, or ``empty`` for a field that may be left blank ("" for a blank text choice)."""

    def __init__(self, choices, extra=None, *, empty=None, **kwargs):
        self.choices = dict(choices.choices)
        self.parser = Choices(choices, extra)
        self.empty = empty
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        parsed = self.parser.parse(value)
        return self.empty if parsed is None else parsed

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
    """An organisation by CVR, name or "name (parent)"; ``ids_column`` is the row's ID column that tells same-named
    organisations apart (``organisation_named``)."""

    resolve_method = "organisation"

    def __init__(self, model, field="name", ids_column: str = "", **kwargs):
        self.ids_column = ids_column
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if not text:
            return None
        ids = parse_ids(row.get(self.ids_column)) if self.ids_column and row else ()
        return organisation_named(self.lookups, text, ids, **self.resolve_kwargs)


def parse_ids(value) -> list[int]:
    """The record IDs in an ID column's cell ("17", "17|42"), or ValueError."""
    ids = []
    for part in re.split(r"[|,;\s]+", as_text(value)):
        if part:
            ids.append(parse_int(part))
    return ids


def answers_to(org, text: str) -> bool:
    """Whether a cell's text is a name the organisation goes by, as an export writes it: its name or short name, its
    CVR number, or its name followed by its parent's name in brackets."""
    key = fold(text)
    if key in (fold(org.name), fold(org.short_name)) or (org.cvr and text.replace(" ", "") == org.cvr):
        return True
    match = NAME_WITH_PARENT.match(text)
    return bool(
        match
        and org.parent is not None
        and fold(match["name"]) == fold(org.name)
        and fold(match["parent"]) == fold(org.parent.name)
    )


def organisation_named(lookups: Lookups, text: str, ids=(), *, kinds=None, what: str = ""):
    """The organisation a cell names (``Lookups.organisation``), or — where several go by that name — the one of
    ``ids`` (the row's ID column, as the export writes it) that answers to it. The name decides: the IDs only tell
    namesakes apart, so a name edited in the spreadsheet is read as written."""
    if ids:
        by_id = lookups.organisations.by_id
        named = {by_id[pk] for pk in ids if pk in by_id}
        named = [org for org in named if answers_to(org, text) and (not kinds or org.kind in kinds)]
        if len(named) == 1:
            return named[0]
    return lookups.organisation(text, kinds=kinds, what=what)


def area_named(lookups: Lookups, text: str, *, what: str):
    """The housing area a cell names: by its name, or — where several municipalities have one of that name — as the
    export writes it, "name (municipality)"."""
    match = NAME_WITH_PARENT.match(" ".join(text.split()))
    if match and not lookups.areas.get(text):
        municipality = fold(match["parent"])
        by_id = lookups.organisations.by_id
        named = [
            area
            for area in lookups.areas.get(match["name"])
            if area.municipality_id in by_id and fold(by_id[area.municipality_id].name) == municipality
        ]
        if len(named) == 1:
            return named[0]
    return lookups.one(lookups.areas, text, what=what)


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
