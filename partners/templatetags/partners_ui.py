"""Template helpers of the page shell: the main navigation and small form and link helpers."""

from dataclasses import dataclass

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .. import registry
from ..ui import badges

register = template.Library()


@dataclass(frozen=True)
class NavLink:
    label: str
    icon: str
    url: str | None
    active: bool


def url_or_none(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


@register.simple_tag(takes_context=True)
def main_navigation(context) -> list[NavLink]:
    """The sections the user may view; ``url`` is None for sections not built yet."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    links = []
    for section in registry.navigation():
        if not user.has_perm(section.permission):
            continue
        url = url_or_none(section.url_name)
        active = bool(url) and request.path.startswith(url)
        links.append(NavLink(label=section.label, icon=section.icon, url=url, active=active))
    return links


@register.simple_tag
def url_if_exists(url_name: str) -> str | None:
    """``{% url_if_exists "contact_list" as url %}``: the URL, or None while the page does not exist."""
    return url_or_none(url_name)


@register.filter
def with_class(bound_field, css_class: str):
    """Render a form field's widget with Bootstrap classes (``is-invalid`` added when the field has errors)."""
    classes = [css_class]
    attrs = {}
    if bound_field.errors:
        classes.append("is-invalid")
        attrs["aria-describedby"] = f"{bound_field.auto_id}_errors"
    attrs["class"] = " ".join(classes)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def minutes(duration) -> int:
    """A timedelta in whole minutes, rounded up (a lockout's cool-off); 0 for none."""
    return -(-int(duration.total_seconds()) // 60) if duration else 0


@register.filter
def web_link(url) -> bool:
    """Whether a stored address may be a link: http(s) only. A ``javascript:`` or ``data:`` URL written straight into
    the database (the form and the import accept only web addresses) is shown as text, never as a live link."""
    return str(url or "").strip().lower().startswith(("http://", "https://"))


@register.filter
def person(user) -> str:
    """A staff user's full name, else the username; a dash for nobody."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()


@register.simple_tag
def status_badge(kind: str, value, label) -> str:
    """``{% status_badge "invitation" invitation.status invitation.get_status_display %}``: a badge in the colour
    of that state (``ui/badges.py``, the one mapping of every list and page)."""
    return badges.status_badge(kind, value, label)


@register.simple_tag
def badge_classes(kind: str, value) -> str:
    """``<span class="{% badge_classes "relationship" "stale" %}" title="…">``: the classes of the badge of that
    state, for a badge with more markup than a label."""
    return badges.badge_class(badges.badge_style(kind, value))


@register.filter
def badge_class(style: str) -> str:
    """The classes of a badge in a Bootstrap colour (``views.generic.Badge.style``)."""
    return badges.badge_class(style)


@register.tag
def foldable(parser, token):
    """``{% foldable %}{{ object.minutes|linebreaks }}{% endfoldable %}``: a long text folded to a few lines, with
    "Show more" to open it (``static/js/app.js``; without the script the whole text is shown)."""
    nodelist = parser.parse(("endfoldable",))
    parser.delete_first_token()
    return FoldableNode(nodelist)


class FoldableNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return format_html(
            '<div class="fold" data-fold data-fold-more="{}" data-fold-less="{}">{}</div>',
            gettext("Show more"),
            gettext("Show less"),
            mark_safe(self.nodelist.render(context)),  # the block's own output, escaped by its template
        )
