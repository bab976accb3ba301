import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import date as date_filter
from django.templatetags.l10n import localize, unlocalize
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django_tables2.columns import ManyToManyColumn
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.utils import Accessor, AttributeDict, signature

from ..ui.badges import status_badge

# What a cell's render method, a linkify callable or an attrs callable may ask for (django-tables2's names).
CELL_ARGUMENTS = ("value", "record", "column", "bound_column", "bound_row", "table")
EVEN_ODD = ('class="even"', 'class="odd"')
PLAIN_CONTEXT = Context()  # how a value is shown outside a page's context (localised, escaped); only read


class BaseTable(tables.Table):
    """Common behaviour of the lists: Bootstrap markup, a default column set, the user's column choice.

    Subclasses set ``Meta.optional_columns`` (offered in the column chooser, hidden until chosen) or, where only a few
    are shown, ``Meta.default_columns`` (shown until the user chooses); and ``Meta.locked_columns`` (always shown, e.g.
    the name that links to the record).
    """

    class Meta:
        attrs = {"class": "table table-hover table-sm align-middle mb-0"}
        template_name = "django_tables2/bootstrap5-responsive.html"
        default_columns: tuple[str, ...] = ()
        optional_columns: tuple[str, ...] = ()
        locked_columns: tuple[str, ...] = ()
        empty_text = _("No rows match the filter.")

    @classmethod
    def default_column_names(cls) -> list[str]:
        """The columns shown until the user chooses."""
        meta = cls.Meta
        return list(meta.default_columns) or [name for name in cls.base_columns if name not in meta.optional_columns]

    def apply_column_choice(self, chosen: list[str] | None) -> None:
        meta = type(self).Meta
        visible = set(chosen or self.default_column_names())
        visible |= set(meta.locked_columns)
        for name in self.base_columns:
            if name in visible:
                self.columns.show(name)
            else:
                self.columns.hide(name)

    def column_choices(self):
        """(name, header, visible, locked) for the column chooser."""
        locked = set(type(self).Meta.locked_columns)
        return [(c.name, c.header, c.visible, c.name in locked) for c in self.columns.iterall()]

    def body_html(self) -> SafeString:
        """The ``<tbody>``'s rows of the page, as django-tables2's template draws them (``row.items``, ``row.attrs``,
        ``column.attrs.td``, the empty text), built in Python: what the template and django-tables2 work out again for
        every cell (the render method's arguments, the link, the cell's attributes) is worked out once per column
        here (``CellRenderer``). ``tests/test_table_markup.py`` holds it to the library's own rendering."""
        cells = [CellRenderer(self, bound_column) for bound_column in self.columns]
        context = getattr(self, "context", None) or PLAIN_CONTEXT
        has_row_attrs = bool(self.row_attrs)
        rows = []
        for row in self.paginated_rows:
            # Without row_attrs, BoundRow.attrs is the even/odd class only.
            attrs = row.attrs.as_html() if has_row_attrs else EVEN_ODD[row.row_counter % 2]
            rows.append(f"<tr {attrs}>{''.join([cell.td(row, context) for cell in cells])}</tr>")
        if not rows and self.empty_text:
            rows.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(cells), self.empty_text))
        return mark_safe("\n".join(rows))


def _wants(fn):
    """The arguments ``fn`` takes of ``CELL_ARGUMENTS`` (None: all of them, it has ``**kwargs``), or False when it
    asks for one that is not offered (django-tables2 then does not call it and takes None)."""
    args, catch_all = signature(fn)
    if catch_all:
        return None
    if any(arg not in CELL_ARGUMENTS for arg in args):
        return False
    return args


def _call(fn, wants, kwargs: dict):
    """``call_with_appropriate`` with the signature read once (``_wants``)."""
    if wants is None:
        return fn(**kwargs)
    if wants is False:
        return None
    return fn(**{name: kwargs[name] for name in wants})


def _is_static(attrs) -> bool:
    return not any(callable(value) for value in attrs.values())


class CellRenderer:
    """One visible column of a table being drawn: what django-tables2's ``BoundRow.get_cell`` and the template do for
    each of its cells, with what does not change from row to row (the render method's and the link's arguments, the
    ``<td>``'s attributes, the accessor) worked out once."""

    def __init__(self, table, bound_column):
        column = bound_column.column
        self.table = table
        self.bound_column = bound_column
        self.column = column
        self.accessor = Accessor(bound_column.accessor)
        self.simple_name = None if "__" in self.accessor else str(self.accessor)
        self.empty_values = column.empty_values
        self.is_many = isinstance(column, ManyToManyColumn)
        self.is_link_column = isinstance(column, BaseLinkColumn) and column.text is not None
        self.default = bound_column.default
        self.render = bound_column.render
        self.render_wants = _wants(bound_column.render)
        self.localize = column.localize
        self._choices: dict[type, bool] = {}
        self.field_attname: dict[type, str] = {}
        self._labels: dict = {}
        self.link = bound_column.link
        self.link_url = self.link_wants = self.link_prefix = None
        if self.link is not None:
            link_attrs = self.link.attrs or {}
            simple_link = _is_static(link_attrs) and "href" not in link_attrs and not self.link.reverse_args
            if simple_link:
                self.link_prefix = AttributeDict(link_attrs).as_html()
                if self.link.url and callable(self.link.url):
                    self.link_url = self.link.url
                    self.link_wants = _wants(self.link.url)
                else:
                    link_accessor = self.link.accessor if self.link.accessor is not None else bound_column.name
                    self.link_accessor = Accessor(link_accessor)
        cell_attrs = {**table.attrs, **column.attrs}
        td_attrs = cell_attrs.get("td", cell_attrs.get("cell", {}))
        self.td_open = format_html("<td {}>", bound_column.attrs["td"].as_html()) if _is_static(td_attrs) else None

    def has_choices(self, record) -> bool:
        """Whether a model record shows this column's field through ``get_<field>_display()`` (its field has
        choices), as ``BoundRow._get_and_render_with`` decides, once per model."""
        known = self._choices.get(type(record))
        if known is None:
            try:
                field = self.accessor.get_field(record)
            except FieldDoesNotExist:
                field = None
            known = self._choices[type(record)] = bool(getattr(field, "choices", ()))
            if known:
                self.field_attname[type(record)] = field.attname
        return known

    def display(self, record, display):
        """``get_<field>_display()``, once per stored value (Django looks the value up in the field's choices, whose
        lazy labels it hashes, on every call: 0.4 ms)."""
        try:
            stored = getattr(record, self.field_attname[type(record)])
            return self._labels[stored]
        except KeyError:
            label = self._labels[stored] = display()
            return label
        except TypeError:  # an unhashable value
            return display()

    def content(self, row):
        """The cell's content before the template's ``{{ cell }}`` (``BoundRow.get_cell``)."""
        record = row.record
        value = None
        remainder = True
        if isinstance(record, models.Model) and self.simple_name is not None:
            if self.has_choices(record):
                display = getattr(record, f"get_{self.simple_name}_display", None)
                if display is not None:
                    value = self.display(record, display)
                    remainder = False
        elif self.simple_name is None:
            penultimate, last = self.accessor.penultimate(record)
            if isinstance(penultimate, models.Model):
                try:
                    field = self.accessor.get_field(record)
                    display = getattr(penultimate, f"get_{last}_display", None)
                    if getattr(field, "choices", ()) and display:
                        value = display()
                        remainder = False
                except FieldDoesNotExist:
                    pass
        if remainder:
            try:
                value = self.accessor.resolve(record)
            except Exception:
                if self.is_link_column:
                    return self.call_render(row, None)
        if value in self.empty_values or (self.is_many and not value.exists()):
            return self.default
        return self.call_render(row, value)

    def call_render(self, row, value):
        kwargs = {
            "value": value,
            "record": row.record,
            "column": self.column,
            "bound_column": self.bound_column,
            "bound_row": row,
            "table": self.table,
        }
        content = _call(self.render, self.render_wants, kwargs)
        if self.link is None:
            return content
        if self.link_prefix is None:  # a link of a kind drawn by django-tables2 itself
            return self.link(content, **kwargs)
        if self.link_url is not None:
            href = _call(self.link_url, self.link_wants, kwargs)
        else:
            target = self.link_accessor.resolve(row.record)
            if not hasattr(target, "get_absolute_url"):
                if not hasattr(row.record, "get_absolute_url"):
                    raise TypeError(f"for linkify=True, '{target}' must have a method get_absolute_url")
                target = row.record
            href = target.get_absolute_url()
        if href is None:
            return content
        if self.link_prefix:
            return format_html('<a {} href="{}">{}</a>', self.link_prefix, href, content)
        return format_html('<a href="{}">{}</a>', href, content)

    def td(self, row, context) -> str:
        content = self.content(row)
        if self.td_open is None:  # attributes computed from the cell (django-tables2 passes record and value)
            self.bound_column.current_value = content
            self.bound_column.current_record = row.record
            td_open = format_html("<td {}>", self.bound_column.attrs["td"].as_html())
        else:
            td_open = self.td_open
        if self.localize is not None:
            content = localize(content) if self.localize else unlocalize(content)
        return f"{td_open}{render_value_in_context(content, context)}</td>"


# A row's name (the column that links to the record) keeps room to be read when many columns share the width; a date
# stays on one line (the other cells wrap, long words too: static/css/app.css).
MAIN_CELL = {"td": {"class": "cell-main"}}
NOWRAP_CELL = {"td": {"class": "text-nowrap"}}


class DateColumn(tables.DateColumn):
    """A date in the short format, on one line."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", "SHORT_DATE_FORMAT")
        kwargs.setdefault("attrs", NOWRAP_CELL)
        self.date_format = kwargs["format"]
        super().__init__(*args, **kwargs)

    def render(self, value, bound_column):
        """What django-tables2's template ``{{ value|date:format|default:default }}`` gives, without compiling that
        template for every cell."""
        text = date_filter(template_localtime(value), self.date_format) or bound_column.default
        return render_value_in_context(text, PLAIN_CONTEXT)


class LocalDateTimeColumn(tables.Column):
    """Local date and time in the short format, the time wrapping under the date when the column is narrow.
    (django-tables2's DateTimeColumn compiles a template for every cell, which costs more than the rest of a 250-row
    invitation list together.)"""

    def render(self, value):
        local = timezone.localtime(value)
        return format_html(
            '<span class="text-nowrap">{}</span> <span class="text-nowrap">{}</span>',
            date_format(local, "SHORT_DATE_FORMAT"),
            time_format(local, "TIME_FORMAT"),
        )

    def value(self, value):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


class ManyColumn(tables.ManyToManyColumn):
    """A prefetched many-to-many relation as a comma-separated list of links (no query per row)."""

    def __init__(self, *args, linkify_item=True, **kwargs):
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("separator", ", ")
        if linkify_item:
            kwargs.setdefault("linkify_item", True)
        super().__init__(*args, **kwargs)


class BadgeColumn(tables.Column):
    """A choice field rendered as a badge with its display value, in the colour of its state when ``kind`` names a
    kind of status of ``ui/badges.py`` (neutral for a category such as an organisation's kind)."""

    badge_extra_class = ""

    def __init__(self, *args, kind: str = "", **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def render(self, value, record, bound_column):
        # django-tables2 hands a choice field's display value in (its get_<field>_display()); the colour follows the
        # stored value.
        stored = bound_column.accessor.resolve(record, quiet=True)
        return status_badge(self.kind, stored, value, extra_class=self.badge_extra_class)


class FlagColumn(tables.Column):
    """A yes/no field as a badge in the colour of ``kind`` (``ui/badges.py``): ``yes`` (e.g. "Do not contact"), and
    ``no`` when the other state is worth showing too (e.g. "Inactive"); otherwise a dash."""

    def __init__(self, *args, kind: str, yes, no=None, **kwargs):
        self.kind, self.yes, self.no = kind, yes, no
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, value):
        label = self.yes if value else self.no
        return status_badge(self.kind, bool(value), label) if label else "–"

    def value(self, value):
        return self.yes if value else (self.no or "")


def join_links(objects):
    return format_html_join(", ", '<a href="{}">{}</a>', ((o.get_absolute_url(), str(o)) for o in objects))
