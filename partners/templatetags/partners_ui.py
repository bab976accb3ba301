"""Template helpers of the page shell: the main navigation and small form and link helpers."""

from dataclasses import dataclass

from django import template
from django.urls import NoReverseMatch, reverse

from .. import registry

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
def person(user) -> str:
    """A staff user's full name, else the username; a dash for nobody."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()
