"""The page crawl: every URL pattern of the project, filled in with real ids, fetched as every role, and every form
those pages show submitted.

Used on the demo database exactly as ``make demo`` prepares it (``tests/demo/``, run by ``make demo-check``) and on
the test database loaded with the demo world (``tests/test_page_crawl.py``). A page is judged by the checks in
``CHECKS``; each takes the fetched page and returns a problem (a sentence) or None. Add a check there and both crawls
apply it to every page as every role, and to every page a form's POST lands on.

    pages = crawl.pages()                       # [Page(name, path)], one per pattern (per choice of a slug)
    problems = crawl.crawl(crawl.role_clients(), pages)
    assert not problems, "\n".join(problems)

The checks: no server error; no template syntax on screen; no English in the Danish page (``tests/screen.py`` says
what the user sees and how English is recognised). The POSTs: every ``<form method="post">`` of a fetched page is
sent as the page renders it (the button pressed, a small bad file in a file field), emptied (its text fields and
choices blank: the form's error messages) and, where it selects rows (several checkboxes of one name), with every row
ticked (a bulk action's counted message); redirects are followed and the page landed on is judged by the same checks,
flashed messages included. Each POST runs in a transaction that is rolled back, so it leaves the database as the
crawl found it. A form is sent once per action and way of sending it; the row-selecting and emptied ways once in all,
the rendered one by every role that sees the form.
"""

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count, Model
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from partners.roles import MANAGEMENT, SECRETARIAT
from tests import screen

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
    via: str = ""  # the POST that led here ("POST … (emptied) from …"), if any


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
        if name.endswith("_simple_history"):
            found.extend(_version_page(name, regex))
            continue
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
            elif group.endswith("_pk") and obj is None:  # e.g. a case's "add a key date": the first case
                parent = _first(apps.get_model("partners", group[:-3]))
                if parent is not None:
                    values[group] = [str(parent.pk)]
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
    found.extend(_query_pages())
    return sorted(set(found), key=lambda page: (page.path, page.name))


def _version_page(name: str, regex: str) -> list[Page]:
    """simple_history's page of one version (to revert to), whose pattern has unnamed groups: the object's latest."""
    app_label, model_name = name.split(":")[-1].removesuffix("_simple_history").split("_", 1)
    obj = _first(apps.get_model(app_label, model_name))
    version = obj.history.order_by("-history_id").first() if obj is not None else None
    ids = iter([str(obj.pk), str(version.history_id)] if version is not None else ["999999999"] * 2)
    return [Page(name, "/" + re.sub(r"\(\[\^/\]\+\)", lambda _match: next(ids), regex))]


def _query_pages() -> list[Page]:
    """Pages that show more with a query: the merge confirmations (a tag's or theme's target chosen; two organisations
    or contacts side by side), and the invitee preview with its Add button (the latest event, the organisation with
    the most current people not invited to it yet)."""
    found = []
    merges = (("tag_merge", "Tag", "target"), ("theme_merge", "Theme", "target"),
              ("organisation_merge", "Organisation", "other"), ("contact_merge", "Contact", "other"))  # fmt: skip
    for name, model, param in merges:
        ids = list(apps.get_model("partners", model)._default_manager.order_by("pk").values_list("pk", flat=True)[:2])
        if len(ids) == 2:
            found.append(Page(name, f"{reverse(name, args=[ids[0]])}?{param}={ids[1]}"))
    event = apps.get_model("partners", "Event").objects.order_by("-starts_at", "-pk").first()
    if event is not None:
        busiest = (
            apps.get_model("partners", "Affiliation")
            .objects.filter(end_date__isnull=True)
            .exclude(contact__invitations__event=event)
            .values("organisation")
            .annotate(people=Count("pk"))
            .order_by("-people", "organisation")
            .first()
        )
        if busiest:
            path = reverse("event_invite", args=[event.pk])
            found.append(Page("event_invite", f"{path}?organisation={busiest['organisation']}"))
    return found


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


def no_server_error(fetched: Fetched) -> str | None:
    if fetched.status >= 500:
        return f"{fetched.status}" + (f" ({fetched.error})" if fetched.error else "")
    return None


@lru_cache(maxsize=4)
def _read(content: bytes, content_type: str) -> tuple[screen.Screen | None, list["Form"]]:
    """What the user sees of a response (an HTML page, or the texts of a JSON answer such as the autocomplete's) and
    the POST forms of a page: one parse for every check and the POSTs."""
    if "html" in content_type:
        reader, forms = screen.Reader(), _FormReader()
        screen.parse(content.decode("utf-8", "replace"), reader, forms)
        return reader.screen, forms.forms
    if "json" in content_type:
        try:
            return screen.read_json(json.loads(content)), []
        except ValueError:
            pass
    return None, []


# Django's technical 404 and 500 pages (DEBUG on, as under ``make demo``) are a developer's, in English by design.
DEBUG_PAGE = b'<meta name="robots" content="NONE,NOARCHIVE">'


def _screen(fetched: Fetched) -> screen.Screen | None:
    if fetched.status in (404, 500) and DEBUG_PAGE in fetched.content:
        return None
    return _read(fetched.content, fetched.content_type)[0]


def _listed(problems: list[str], limit: int = 5) -> str | None:
    if not problems:
        return None
    more = f" … and {len(problems) - limit} more" if len(problems) > limit else ""
    return "; ".join(problems[:limit]) + more


def no_template_syntax(fetched: Fetched) -> str | None:
    seen = _screen(fetched)
    return _listed([f"template syntax in {found}" for found in screen.template_syntax(seen)]) if seen else None


# English that Django's admin and simple_history write into their pages themselves, which no catalogue reaches: a boolean
# column's icon has the Python value as its alt text (admin_list._boolean_icon), the search field's icon alt="Search"
# (admin/search_form.html), and the revert page's breadcrumb names the app by its label (simple_history's
# object_history_form.html: "Partners").
ADMIN_ENGLISH = frozenset(
    {
        ("<img alt>", "True"),
        ("<img alt>", "False"),
        ("<img alt>", "None"),
        ("<img alt>", "Search"),
        ("text", "Partners"),
    }
)


def no_english(fetched: Fetched) -> str | None:
    seen = _screen(fetched)
    if seen is None:
        return None
    allowed = ADMIN_ENGLISH if urlsplit(fetched.page.path).path.startswith("/admin/") else frozenset()
    return _listed([f"English in {found}" for found in screen.english(seen, allowed=allowed)])


# The checks every crawled page (and every page a POST lands on) must pass.
CHECKS: list[Callable[[Fetched], str | None]] = [no_server_error, no_template_syntax, no_english]


# --- Forms ------------------------------------------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # an input's type, "select" or "textarea"
    value: str = ""
    checked: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # a select's (value, selected)
    multiple: bool = False


@dataclass
class Form:
    action: str
    fields: list[Field] = field(default_factory=list)
    buttons: list[tuple[str, str, str]] = field(default_factory=list)  # (name, value, formaction) of submit buttons


class _FormReader(screen.Handler):
    """The POST forms of a page with their fields as rendered (a field outside its form joins it by ``form=``)."""

    def __init__(self):
        self.forms: list[Form] = []
        self.by_id: dict[str, Form | None] = {}
        self.current: Form | None = None
        self.elsewhere: list[tuple[str, str, object]] = []  # (the form's id, "fields"/"buttons", the item)
        self.select: Field | None = None
        self.option: list | None = None  # [value or None, selected, text]
        self.textarea: Field | None = None

    def _add(self, attributes: dict, kind: str, item) -> None:
        if attributes.get("form"):
            self.elsewhere.append((attributes["form"], kind, item))
        elif self.current is not None:
            getattr(self.current, kind).append(item)

    def handle_starttag(self, tag, attrs, closed):
        a = {name: value or "" for name, value in attrs}
        if "disabled" in a:
            return
        kind = a.get("type", "submit" if tag == "button" else "text").lower()
        if tag == "form":
            self.current = Form(a.get("action", "")) if a.get("method", "get").lower() == "post" else None
            if self.current is not None:
                self.forms.append(self.current)
            if a.get("id"):
                self.by_id[a["id"]] = self.current
        elif (tag == "button" and kind == "submit") or (tag == "input" and kind in ("submit", "image")):
            self._add(a, "buttons", (a.get("name", ""), a.get("value", ""), a.get("formaction", "")))
        elif tag == "input" and a.get("name") and kind not in ("button", "reset"):
            checkable = kind in ("checkbox", "radio")
            self._add(a, "fields", Field(a["name"], kind, a.get("value", "on" if checkable else ""), "checked" in a))
        elif tag == "select" and a.get("name"):
            self.select = Field(a["name"], "select", multiple="multiple" in a)
            self._add(a, "fields", self.select)
        elif tag == "option" and self.select is not None:
            self.option = [a.get("value"), "selected" in a, ""]
            self.select.options.append(self.option)
        elif tag == "textarea" and a.get("name"):
            self.textarea = Field(a["name"], "textarea")
            self._add(a, "fields", self.textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag in ("select", "option"):
            self.option = None
            self.select = None if tag == "select" else self.select
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data
        if self.option is not None:
            self.option[2] += data

    def close(self):
        for form_id, kind, item in self.elsewhere:
            if self.by_id.get(form_id) is not None:
                getattr(self.by_id[form_id], kind).append(item)
        for form in self.forms:
            for item in form.fields:
                item.options = [(value if value is not None else text.strip(), on) for value, on, text in item.options]


def bad_file() -> SimpleUploadedFile:
    """What a file field is sent: a small CSV whose columns no import knows."""
    return SimpleUploadedFile("ukendte-kolonner.csv", b"Fornavn?;Ukendt\nAnna;1\n", content_type="text/csv")


def form_data(form: Form, way: str, button: tuple[str, str, str]) -> dict[str, list]:
    """The POST data of ``form`` sent ``way``: "rendered" (as the page shows it), "emptied" (text fields and choices
    blank), "ticked" (every checkbox ticked); the hidden fields (CSRF, management forms, tokens) as rendered."""
    data: dict[str, list] = {}
    for item in form.fields:
        if item.kind == "select":
            chosen = [value for value, on in item.options if on]
            if not chosen and item.options and not item.multiple:
                chosen = [item.options[0][0]]  # what a browser sends for a select with nothing selected
            values = ([] if item.multiple else [""]) if way == "emptied" else chosen  # as a browser sends them
        elif item.kind in ("checkbox", "radio"):
            ticked = item.checked or (way == "ticked" and item.kind == "checkbox")
            values = [item.value] if ticked else []
        elif item.kind == "file":
            values = [] if way == "emptied" else [bad_file()]
        elif item.kind == "hidden" or way != "emptied":
            values = [item.value]
        else:
            values = [""]
        data.setdefault(item.name, []).extend(values)
    if button[0]:
        data.setdefault(button[0], []).append(button[1])
    for name in {item.name for item in form.fields if item.kind == "radio"}:
        data[name] = data[name][:1]  # one choice of a radio group
    return data


def _ways(form: Form) -> list[str]:
    ways = ["rendered"]
    if any(item.kind not in ("hidden", "checkbox", "radio") for item in form.fields):
        ways.append("emptied")
    names = [item.name for item in form.fields if item.kind == "checkbox" and not item.checked]
    if any(names.count(name) > 1 for name in names):
        ways.append("ticked")  # the rows a bulk action acts on
    return ways


# The admin is Django's own machinery, the same for every model: its forms are sent for these models only.
ADMIN_FORMS = ("admin:partners_organisation_", "admin:auth_user_")
NOT_POSTED = {"logout", "set_language"}  # they end the session or change the language of the rest of the crawl


def _action_name(path: str) -> str | None:
    """The URL name the crawl sends an action under (every list's column choice is one action), None: not sent."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    if name in NOT_POSTED or (name.startswith("admin:") and not name.startswith(ADMIN_FORMS)):
        return None
    return "<list>" if name.endswith("_list") else name


# Actions a script sends, with no form on any page: what the crawl sends them (an empty name, and a new one).
SCRIPT_POSTS = {
    "tag_quick_add": {"emptied": {"name": [""]}, "rendered": {"name": ["Nyt mærke fra crawlet"]}},
    "theme_quick_add": {"emptied": {"name": [""]}, "rendered": {"name": ["Nyt tema fra crawlet"]}},
}


def _send(client: Client, role: str, page: Page, action: str, name: str, way: str, data: dict) -> Fetched:
    """POST ``data`` to ``action`` (following redirects) in a transaction rolled back afterwards."""
    with transaction.atomic():
        response = client.post(action, data, follow=True)
        landed = _fetched(response, role, Page(name, response.request["PATH_INFO"]))
        transaction.set_rollback(True)
    return Fetched(**{**landed.__dict__, "via": f"POST {action} ({way}) from {page.path}"})


def _first_time(sent: set, name: str, way: str, role: str) -> bool:
    """Whether to send an action this way as this role: the rendered form as every role that sees it (the
    superuser only what no role did), the emptied and ticked ones once."""
    if role == SUPERUSER and any(key[:2] == (name, way) for key in sent):
        return False
    key = (name, way, role if way == "rendered" else "")
    if key in sent:
        return False
    sent.add(key)
    return True


def submit(client: Client, role: str, page: Page, fetched: Fetched, sent: set) -> Iterator[Fetched]:
    """Send each form of a fetched page (each way not sent before); a script's action (``SCRIPT_POSTS``) its data."""
    for way, data in SCRIPT_POSTS.get(page.name, {}).items() if role != ANONYMOUS else ():
        if _first_time(sent, page.name, way, role):
            yield _send(client, role, page, page.path, page.name, way, data)
    for form in _read(fetched.content, fetched.content_type)[1]:
        button = (form.buttons or [("", "", "")])[0]
        action = urljoin(page.path, button[2] or form.action or page.path)
        name = _action_name(urlsplit(action).path)
        if name is None:
            continue
        for way in _ways(form):
            if _first_time(sent, name, way, role):
                yield _send(client, role, page, action, name, way, form_data(form, way, button))


def _fetched(response, role: str, page: Page) -> Fetched:
    exc_info = getattr(response, "exc_info", None)
    error = f"{exc_info[0].__name__}: {exc_info[1]}" if exc_info else ""
    streamed = getattr(response, "streaming", False)
    content = b"".join(response.streaming_content) if streamed else response.content
    return Fetched(page, role, response.status_code, content, response.get("Content-Type", ""), error)


def fetch(client: Client, role: str, page: Page) -> Fetched:
    return _fetched(client.get(page.path), role, page)


def crawl(
    clients: dict[str, Client], pages: list[Page], checks=None, *, post: bool = True, sent: set | None = None
) -> list[str]:
    """Fetch every page as every role and (``post``) send its forms; one line per problem: role, path, URL name (and
    the POST that led there) and what is wrong. ``sent`` collects (action name, way, role or "") of the POSTs."""
    problems = []
    sent = set() if sent is None else sent
    for role, client in clients.items():
        for page in pages:
            fetched = fetch(client, role, page)
            results = [fetched]
            if post and (fetched.status == 200 or page.name in SCRIPT_POSTS):
                results.extend(submit(client, role, page, fetched, sent))
            for result in results:
                for check in checks or CHECKS:
                    problem = check(result)
                    if problem:
                        where = f"{result.page.path} [{result.page.name}]"
                        problems.append(f"{role:12} {where}{f' after {result.via}' if result.via else ''}: {problem}")
    return problems
