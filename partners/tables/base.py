import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _


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


class ManyColumn(tables.ManyToManyColumn):
    """A prefetched many-to-many relation as a comma-separated list of links (no query per row)."""

    def __init__(self, *args, linkify_item=True, **kwargs):
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("separator", ", ")
        if linkify_item:
            kwargs.setdefault("linkify_item", True)
        super().__init__(*args, **kwargs)


class BadgeColumn(tables.Column):
    """A choice field rendered as a badge with its display value."""

    def render(self, value, record, bound_column):
        display = getattr(record, f"get_{bound_column.accessor}_display", None)
        return format_html('<span class="badge text-bg-light border">{}</span>', display() if display else value)


def join_links(objects):
    return format_html_join(", ", '<a href="{}">{}</a>', ((o.get_absolute_url(), str(o)) for o in objects))
