"""The entity registry (after NetBox's ``netbox/registry.py``): one declaration per entity, read by everything that
lists entities — the URLs, the list views, the navigation, the import page and commands, the export command.

The store lives here, at the bottom of the house, so any layer may read it; the declarations live at the top
(``partners/entities.py``, loaded when the app is ready), because they name classes of every layer. Adding an entity:
one module per layer (model, selector, filterset, table, form, resource, views) and one ``Entity`` there.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import path


@dataclass(frozen=True)
class Nav:
    """A section of the main menu."""

    label: str
    icon: str  # a Bootstrap icon name
    url_name: str
    permission: str
    order: int


@dataclass(frozen=True)
class Entity:
    key: str  # "organisations": the URL path, the name in imports, exports and commands
    model: type
    url_base: str = (
        ""  # "organisation": URL names organisation_list, _add, _detail, _edit, _delete (default: model name)
    )
    url_path: str = ""  # the URL prefix, default ``<key>/``
    views: dict[str, type] = field(default_factory=dict)  # list, add, detail, edit, delete → view class
    extra_urls: tuple[tuple[str, type, str], ...] = ()  # (full route, view class, URL name)
    list_queryset: Callable | None = None  # the rows of the list and of its export (a selector)
    filterset: type | None = None
    table: type | None = None
    resource: type | None = None  # the export's columns
    import_resource: type | None = None  # set when files of this entity can be imported
    import_label: str = ""  # how the import page names it
    aliases: tuple[str, ...] = ()  # other words for it in ``?entity=`` and the commands, e.g. "organisation"
    autocomplete: str = ""  # its source in ``partners.ui.autocomplete``
    nav: Nav | None = None
    list_url: str = ""  # the list its rows are shown on, if not its own (invitations: the events)

    @property
    def base(self) -> str:
        return self.url_base or self.model._meta.model_name

    @property
    def list_url_name(self) -> str | None:
        return self.list_url or (f"{self.base}_list" if "list" in self.views else None)

    @property
    def label(self) -> str:
        return self.import_label or self.model._meta.verbose_name_plural

    def urls(self) -> list:
        prefix = self.url_path or f"{self.key}/"
        routes = {
            "list": prefix,
            "add": f"{prefix}add/",
            "detail": f"{prefix}<int:pk>/",
            "edit": f"{prefix}<int:pk>/edit/",
            "delete": f"{prefix}<int:pk>/delete/",
        }
        patterns = [
            path(routes[action], view.as_view(), name=f"{self.base}_{action}") for action, view in self.views.items()
        ]
        patterns += [path(route, view.as_view(), name=name) for route, view, name in self.extra_urls]
        return patterns


_entities: dict[str, Entity] = {}
_sections: list[Nav] = []


def register(*entities: Entity) -> None:
    for entity in entities:
        if entity.key in _entities and _entities[entity.key] != entity:
            raise ValueError(f"An entity {entity.key!r} is already registered.")
        _entities[entity.key] = entity
        if entity.nav is not None and entity.nav not in _sections:
            _sections.append(entity.nav)


def register_section(nav: Nav) -> None:
    """A menu section that is not an entity (the managers' overview)."""
    if nav not in _sections:
        _sections.append(nav)


def entities() -> list[Entity]:
    return list(_entities.values())


def get(key: str) -> Entity:
    return _entities[key]


def find(word: str | None) -> Entity | None:
    """The entity a user or a file names: its key or an alias, in any case (``"Organisation"`` → organisations)."""
    word = (word or "").strip().lower()
    for entity in _entities.values():
        if word == entity.key or word in entity.aliases:
            return entity
    return None


def for_model(model) -> Entity | None:
    model = getattr(model, "_meta", None) and model._meta.concrete_model
    return next((entity for entity in _entities.values() if entity.model is model), None)


def importable() -> list[Entity]:
    return [entity for entity in _entities.values() if entity.import_resource is not None]


def exportable() -> list[Entity]:
    """Entities whose rows can be exported as their list shows them (the ``export_file`` command)."""
    return [e for e in _entities.values() if e.resource and e.list_queryset and e.filterset]


def navigation() -> list[Nav]:
    return sorted(_sections, key=lambda nav: nav.order)
