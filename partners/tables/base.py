import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..ui.badges import status_badge


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


# A row's name (the column that links to the record) keeps room to be read when many columns share the width; a date
# stays on one line (the other cells wrap, long words too: static/css/app.css).
MAIN_CELL = {"td": {"class": "cell-main"}}
NOWRAP_CELL = {"td": {"class": "text-nowrap"}}


class DateColumn(tables.DateColumn):
    """A date in the short format, on one line."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", "SHORT_DATE_FORMAT")
        kwargs.setdefault("attrs", NOWRAP_CELL)
        super().__init__(*args, **kwargs)


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
        # django-tables2 hands a choice field's display value in; the colour follows the stored value.
        stored = bound_column.accessor.resolve(record, quiet=True)
        display = getattr(record, f"get_{bound_column.accessor}_display", None)
        label = display() if display else value
        return status_badge(self.kind, stored, label, extra_class=self.badge_extra_class)


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
