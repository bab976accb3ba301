"""The page crawl: every URL pattern of the project, filled in with real ids, fetched as every role.

Used on the demo database exactly as ``make demo`` prepares it (``tests/demo/``, run by ``make demo-check``) and on
the test database loaded with the demo world (``tests/test_page_crawl.py``). A page is judged by the checks in
``CHECKS``; each takes the fetched page and returns a problem (a sentence) or None. Add a check there and both crawls
apply it to every page as every role.

    pages = crawl.pages()                       # [Page(name, path)], one per pattern (per choice of a slug)
    problems = crawl.crawl(crawl.role_clients(), pages)
    assert not problems, "\n".join(problems)
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from partners.roles import MANAGEMENT, SECRETARIAT

ANONYMOUS, SUPERUSER = "anonym", "superbruger"
ROLES = (ANONYMOUS, SECRETARIAT, MANAGEMENT, SUPERUSER)


@dataclass(frozen=True)
class Page:
    name: str  # the URL pattern's name, with its namespace ("admin:partners_contact_change")
    path: str


@dataclass(frozen=True)
class Fetched:
    page: Page
    role: str
    status: int
    content: bytes
    content_type: str
    error: str  # the exception a view raised, if any


def _url_patterns(patterns=None, route: str = "", namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    """(full name, full pattern as a regex, the pattern) for every pattern of the project."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        regex = entry.pattern.regex.pattern.lstrip("^").removesuffix("\\Z").removesuffix("$")
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_patterns(entry.url_patterns, route + regex, ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", route + regex, entry


def _first(model: type[Model]) -> Model | None:
    return model._default_manager.order_by("pk").first()


def _model_of(name: str, pattern: URLPattern, overrides: dict[str, type[Model]]) -> type[Model] | None:
    """The model whose object ``pk``/``object_id`` names: given, the view's own, the admin's, or by the URL name."""
    if name in overrides:
        return overrides[name]
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin is not None:
        return model_admin.model
    model = getattr(getattr(pattern.callback, "view_class", None), "model", None)
    if model is not None:
        return model
    prefix = name.split(":")[-1].split("_")[0]
    try:
        return apps.get_model("partners", prefix)
    except LookupError:
        return None


def _slug_choices() -> dict[str, list[str]]:
    from partners import registry
    from partners.ui.autocomplete import SOURCES

    return {"source": sorted(SOURCES), "entity": sorted(entity.key for entity in registry.importable())}


def _fill(regex: str, values: dict[str, str]) -> str:
    """The path of a pattern regex with its named groups replaced by ``values``."""
    path = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", lambda m: values[m.group(1)], regex)
    return "/" + path.replace("\\", "")


def _alternatives(regex: str) -> dict[str, list[str]]:
    """Named groups that are plain alternatives, e.g. (?P<app_label>auth|partners): their alternatives."""
    return {
        name: body.split("|")
        for name, body in re.findall(r"\(\?P<(\w+)>([^()]*)\)", regex)
        if re.fullmatch(r"[\w-]+(\|[\w-]+)*", body)
    }


# URL names whose ``pk`` is not an object of the view's model.
PK_MODELS_BY_NAME = {"affiliation_add": "partners.Contact", "admin:auth_user_password_change": "auth.User"}


def pages(*, missing: list[str] | None = None) -> list[Page]:
    """One page per URL pattern (one per choice of a slug such as the autocomplete source), with real ids.

    A pattern that no object of the database can fill (its table is empty) is fetched with an id that does not
    exist, and named in ``missing`` (if given).
    """
    overrides = {name: apps.get_model(label) for name, label in PK_MODELS_BY_NAME.items()}
    slugs = _slug_choices()
    found: list[Page] = []
    for name, regex, pattern in _url_patterns():
        groups = re.findall(r"\(\?P<(\w+)>", regex)
        values: dict[str, list[str]] = {}
        alternatives = _alternatives(regex)
        obj = None
        if {"pk", "object_id", "id"} & set(groups):
            model = _model_of(name, pattern, overrides)
            obj = _first(model) if model else None
        for group in groups:
            if group in alternatives:
                values[group] = alternatives[group][:1]
            elif group in slugs:
                values[group] = slugs[group]
            elif group in {"pk", "object_id", "id"} and obj is not None:
                values[group] = [str(obj.pk)]
            elif group.endswith("_pk") and obj is not None and hasattr(obj, f"{group[:-3]}_id"):
                values[group] = [str(getattr(obj, f"{group[:-3]}_id"))]
            elif group == "content_type_id":  # the admin's "view on site": an organisation's page
                obj = _first(apps.get_model("partners", "Organisation"))
                if obj is not None:
                    values[group] = [str(ContentType.objects.get_for_model(obj).pk)]
            elif group == "year":
                values[group] = [str(timezone.localdate().year)]
            elif group == "digest":
                values[group] = ["0" * 64]  # an import preview nobody made: the page must say so, not fail
        unfilled = [group for group in groups if not values.get(group)]
        if unfilled:
            # No object to show (the table is empty): the page is asked for one that does not exist.
            if missing is not None:
                missing.append(name)
            for group in unfilled:
                values[group] = ["999999999"]
        combinations: list[dict[str, str]] = [{}]
        for group in groups:
            combinations = [{**combo, group: value} for combo in combinations for value in values[group]]
        found.extend(Page(name, _fill(regex, combo)) for combo in combinations)
    return sorted(set(found), key=lambda page: (page.path, page.name))


def role_clients() -> dict[str, Client]:
    """A client per role, logged in as an active user of it (the demo's sekretariat, ledelse and admin)."""
    users = get_user_model().objects.filter(is_active=True).order_by("pk")
    chosen = {
        SECRETARIAT: users.filter(groups__name=SECRETARIAT, is_superuser=False).first(),
        MANAGEMENT: users.filter(groups__name=MANAGEMENT, is_superuser=False).first(),
        SUPERUSER: users.filter(is_superuser=True).first(),
    }
    absent = [role for role, user in chosen.items() if user is None]
    if absent:
        raise AssertionError(f"no active user for the roles {absent}: load the demo data first")
    clients = {ANONYMOUS: Client(raise_request_exception=False)}
    for role, user in chosen.items():
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(user)
    return clients


def fetch(client: Client, role: str, page: Page) -> Fetched:
    response = client.get(page.path)
    exc_info = getattr(response, "exc_info", None)
    error = f"{exc_info[0].__name__}: {exc_info[1]}" if exc_info else ""
    streamed = getattr(response, "streaming", False)
    content = b"".join(response.streaming_content) if streamed else response.content
    return Fetched(page, role, response.status_code, content, response.get("Content-Type", ""), error)


def no_server_error(fetched: Fetched) -> str | None:
    if fetched.status >= 500:
        return f"{fetched.status}" + (f" ({fetched.error})" if fetched.error else "")
    return None


# The checks every crawled page must pass; later checks (template text on screen, English in a Danish page …) go here.
CHECKS: list[Callable[[Fetched], str | None]] = [no_server_error]


def crawl(clients: dict[str, Client], pages: list[Page], checks=None) -> list[str]:
    """Fetch every page as every role; one line per problem: role, path, URL name and what is wrong."""
    problems = []
    for role, client in clients.items():
        for page in pages:
            fetched = fetch(client, role, page)
            for check in checks or CHECKS:
                problem = check(fetched)
                if problem:
                    problems.append(f"{role:12} {page.path} [{page.name}]: {problem}")
    return problems
