"""What an import looks up, loaded once per import instead of once per row.

Each table is read in one query (or a few, in chunks of keys taken from the file) the first time a resource asks for
it, and then served from dictionaries. Rows created earlier in the same file are added as they are validated, so a
later row can refer to them (an administration under a municipality two rows up).
"""

import difflib
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import BooleanField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.urls import NoReverseMatch
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from ..models import Area, Collaboration, Contact, Event, Organisation, OrganisationAlias, Tag, Theme, folding
from ..models.folding import Fold

DASHES = re.compile("[\u2010-\u2015\u2212]")
CHUNK = 5000
ARRAY_CHUNK = 50_000  # keys per query when they are passed as one array
CVR_DIGITS = re.compile(r"^[0-9]{8}$")
NAME_WITH_PARENT = re.compile(r"^(?P<name>.+?)\s*\((?P<parent>[^()]+)\)$")


@functools.lru_cache(maxsize=200_000)
def _fold_text(text: str) -> str:
    return folding.fold(text)


def fold(value) -> str:
    """``partners.models.folding.fold``, remembered: a file names the same organisations, tags and first names in row
    after row, and an export the same organisations (folding a name costs ~30 µs, a look-up here ~0.2 µs)."""
    if value is None:
        return ""
    return _fold_text(value if value.__class__ is str else str(value))


def norm(value) -> str:
    """The form names are compared in: case, dashes, repeated spaces and Unicode forms do not matter."""
    return _norm_text(value if value.__class__ is str else str(value))


@functools.lru_cache(maxsize=200_000)
def _norm_text(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).casefold()
    return " ".join(DASHES.sub("-", text).split())


def chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class LookupError_(ValueError):
    """A value in a cell that names nothing, or several things (the message says which)."""


class NotFound(LookupError_):
    """A value that names no record of ``kind``: the import page's mapping step asks which record is meant."""

    def __init__(self, message: str, *, kind: str, value: str):
        super().__init__(message)
        self.kind = kind
        self.value = value


# The kinds of record a cell may name that the mapping step can choose from; "create" where it may make a new one
# (a tag, a theme: a name is all they need). An organisation needs more than the name a contact list gives (its kind,
# its parent), so a missing one is chosen, never created from here.
MAPPABLE = ("organisation", "tag", "theme", "area", "collaboration", "event", "user")
CREATABLE = ("tag", "theme")
NEW = "new"


@dataclass
class Unmatched:
    """A distinct value of one kind that named no record, and the data rows that use it."""

    kind: str
    value: str
    rows: set[int] = field(default_factory=set)


class NameIndex:
    """Objects by folded name (``partners.models.folding.fold``: "Kjærgård" finds "Kjærgaard", "Østergaard"
    "Oestergaard", punctuation and dashes aside); names need not be unique, so each key holds a list."""

    def __init__(self):
        self.by_name: dict[str, list] = defaultdict(list)

    def add(self, name: str, obj) -> None:
        self.by_name[fold(name)].append(obj)

    def get(self, name: str) -> list:
        return self.by_name.get(fold(name), [])


class Lookups:
    """The caches of one import. Attributes load on first use.

    ``mapping`` (kind → folded value → record id, or ``NEW``) holds what the user chose in the mapping step for values
    that named no record; ``unmatched`` collects the values still naming none, by kind and folded value, with the
    rows that use them (``current_row`` tells which row is being read).
    """

    def __init__(self, mapping: dict[str, dict[str, object]] | None = None):
        self.mapping = mapping or {}
        self.unmatched: dict[tuple[str, str], Unmatched] = {}
        self.current_row: Callable[[], int] = lambda: 0

    def note_unmatched(self, kind: str, value) -> None:
        text = " ".join(str(value).split())
        entry = self.unmatched.setdefault((kind, fold(text)), Unmatched(kind, text))
        entry.rows.add(self.current_row())

    def mapped(self, kind: str, value):
        """What the mapping says ``value`` of ``kind`` is: a record, ``NEW``, or None (not mapped, or a stale id)."""
        target = self.mapping.get(kind, {}).get(fold(" ".join(str(value).split())))
        if target is None or target == NEW:
            return target if kind in CREATABLE else None
        return self.records(kind).get(target)

    def records(self, kind: str) -> dict:
        """The records of ``kind`` the lookups hold, by id."""
        if kind == "organisation":
            return self.organisations.by_id
        if kind == "tag":
            return {tag.pk: tag for tag in self.tags.values()}
        if kind == "user":
            return {user.pk: user for user in self.users.values()}
        index = {"theme": self.themes, "area": self.areas, "collaboration": self.collaborations, "event": self.events}
        return {obj.pk: obj for objs in index[kind].by_name.values() for obj in objs}

    def kind_of(self, index: "NameIndex") -> str:
        for kind in ("theme", "area", "collaboration", "event"):
            if index is self.__dict__.get(f"{kind}s"):
                return kind
        return ""

    # --- organisations ---------------------------------------------------------------------------------------------

    complete_organisations = False  # the organisation import sets this: it updates the objects it looks up

    @cached_property
    def organisations(self) -> "OrganisationIndex":
        return OrganisationIndex(complete=self.complete_organisations)

    def organisation(self, value, *, kinds=None, what: str = "") -> Organisation:
        try:
            return self.organisations.resolve(value, kinds=kinds, what=what)
        except NotFound:
            org = self.mapped("organisation", value)
            if org is None:
                self.note_unmatched("organisation", value)
                raise
        if kinds and org.kind not in kinds:
            raise LookupError_(
                _("“%(name)s” is not a %(what)s.") % {"name": org.name, "what": what or _("organisation of this kind")}
            )
        return org

    # --- small lookup tables ---------------------------------------------------------------------------------------

    @cached_property
    def tags(self) -> dict[str, Tag]:
        return {norm(tag.name): tag for tag in Tag.objects.all()}

    @cached_property
    def new_tags(self) -> dict[str, Tag]:
        """Tags named in the file that do not exist yet (created when the import is saved)."""
        return {}

    def tag(self, name: str) -> Tag:
        key = norm(name)
        tag = self.tags.get(key) or self.new_tags.get(key)
        if tag is None:
            mapped = self.mapped("tag", name)
            if mapped is not None and mapped != NEW:
                return mapped
            tag = self.new_tags[key] = Tag(name=" ".join(str(name).split()))
        if tag.pk is None:
            self.note_unmatched("tag", name)  # a new tag: the mapping step offers an existing one it resembles
        return tag

    @cached_property
    def new_themes(self) -> dict[str, Theme]:
        """Themes the mapping step said to create (saved before the rows when the import is saved)."""
        return {}

    @cached_property
    def themes(self) -> NameIndex:
        index = NameIndex()
        for theme in Theme.objects.all():
            index.add(theme.name, theme)
        return index

    @cached_property
    def areas(self) -> NameIndex:
        index = NameIndex()
        for area in Area.objects.only("id", "name", "municipality_id"):
            index.add(area.name, area)
        return index

    @cached_property
    def collaborations(self) -> NameIndex:
        index = NameIndex()
        for collaboration in Collaboration.objects.only("id", "title"):
            index.add(collaboration.title, collaboration)
        return index

    @cached_property
    def events(self) -> NameIndex:
        index = NameIndex()
        for event in Event.objects.only("id", "name", "starts_at", "guest_quota"):
            index.add(event.name, event)
        return index

    @cached_property
    def users(self) -> dict[str, object]:
        model = get_user_model()
        field = model.USERNAME_FIELD
        return {norm(getattr(user, field)): user for user in model.objects.only("id", field)}

    def one(self, index: NameIndex, value, *, what: str):
        """The single object of ``index`` called ``value``, or LookupError_ saying none or several."""
        found = index.get(value)
        if not found:
            kind = self.kind_of(index)
            mapped = self.mapped(kind, value) if kind else None
            if mapped == NEW:
                key = fold(value)
                if key not in self.new_themes:
                    self.new_themes[key] = Theme(name=" ".join(str(value).split()))
                return self.new_themes[key]
            if mapped is not None:
                return mapped
            if kind:
                self.note_unmatched(kind, value)
            raise NotFound(
                _("No %(what)s is called “%(name)s”.") % {"what": what, "name": value}, kind=kind, value=value
            )
        if len(found) > 1:
            raise LookupError_(_("Several %(what)s entries are called “%(name)s”.") % {"what": what, "name": value})
        return found[0]

    def user(self, value):
        user = self.users.get(norm(value))
        if user is None:
            user = self.mapped("user", value)
            if user is None:
                self.note_unmatched("user", value)
                raise NotFound(
                    _("No user has the user name “%(name)s”.") % {"name": value}, kind="user", value=str(value)
                )
        return user

    # --- contacts by e-mail ----------------------------------------------------------------------------------------

    @cached_property
    def contacts_by_email(self) -> dict[str, Contact]:
        """Filled by ``load_contacts_by_email`` with the addresses the file mentions."""
        return {}

    def load_contacts_by_email(self, emails: Iterable[str], *, only: tuple[str, ...] | None = None) -> None:
        # A spreadsheet's cell may be a number, a date or TRUE/FALSE: read as text, its row then says what is wrong.
        wanted = sorted({str(e).strip().lower() for e in emails if e is not None} - {""} - set(self.contacts_by_email))
        table = Contact._meta.db_table
        for chunk in chunks(wanted, ARRAY_CHUNK):
            # One array parameter (``= ANY``), not thousands: psycopg parses a statement of 5,000 placeholders slowly.
            queryset = Contact.objects.annotate(email_lower=Lower("email")).filter(
                RawSQL(f'lower("{table}"."email") = ANY(%s)', (chunk,), output_field=BooleanField())
            )
            if only:
                queryset = queryset.only(*only)
            queryset = queryset.with_contactable()  # an import that invites someone honours do-not-contact
            for contact in queryset:
                self.contacts_by_email[contact.email_lower] = contact

    def contact_by_email(self, value) -> Contact:
        contact = self.contacts_by_email.get(str(value).strip().lower())
        if contact is None:
            raise LookupError_(_("No contact has the e-mail address “%(email)s”.") % {"email": value})
        return contact


class OrganisationIndex:
    """Every organisation by id, CVR number, municipality code and name, with parents linked.

    For most imports the objects are light (``only()`` the fields a lookup needs); the organisation import asks for
    complete objects, since the rows it updates are among them. Parents are set from the same set, so walking up a
    hierarchy (the parent check in ``Organisation.clean``) costs no query.
    """

    LIGHT_FIELDS = ("id", "name", "short_name", "kind", "cvr", "municipality_code", "parent_id")

    def __init__(self, *, complete: bool = False):
        self.by_id: dict[int, Organisation] = {}
        self.by_cvr: dict[str, Organisation] = {}
        self.by_code: dict[str, Organisation] = {}
        self.names = NameIndex()
        queryset = Organisation.objects.order_by()
        for org in queryset if complete else queryset.only(*self.LIGHT_FIELDS):
            self.by_id[org.pk] = org
        for org in self.by_id.values():
            self.add(org)
            if org.parent_id:
                org.parent = self.by_id.get(org.parent_id)
        # The other names people write (short names are indexed by ``add``): "LBF", "MSB", an old name.
        for organisation_id, name in OrganisationAlias.objects.values_list("organisation_id", "name"):
            if (org := self.by_id.get(organisation_id)) is not None and org not in self.names.get(name):
                self.names.add(name, org)

    def add(self, org: Organisation) -> None:
        """Index ``org`` under its current name and short name, CVR number and municipality code."""
        self.names.add(org.name, org)
        if org.short_name and fold(org.short_name) != fold(org.name):
            self.names.add(org.short_name, org)
        if org.cvr:
            self.by_cvr[org.cvr] = org
        if org.municipality_code:
            self.by_code[org.municipality_code] = org

    def remove(self, org: Organisation, *, name: str, cvr: str | None, code: str | None) -> None:
        """Forget the keys ``org`` had (before it is indexed again under changed ones)."""
        same_name = self.names.get(name)
        if org in same_name:
            same_name.remove(org)
        if cvr and self.by_cvr.get(cvr) is org:
            del self.by_cvr[cvr]
        if code and self.by_code.get(code) is org:
            del self.by_code[code]

    def resolve(self, value, *, kinds=None, what: str = "") -> Organisation:
        """The organisation a cell names: by CVR number, by name, or by "name (parent name)"."""
        text = " ".join(str(value).split())
        digits = text.replace(" ", "")
        if CVR_DIGITS.match(digits) and digits in self.by_cvr:
            found = [self.by_cvr[digits]]
        else:
            found = self.names.get(text)
            if not found and (match := NAME_WITH_PARENT.match(text)):
                parent = fold(match["parent"])
                found = [
                    org
                    for org in self.names.get(match["name"])
                    if org.parent is not None and fold(org.parent.name) == parent
                ]
        if kinds:
            of_kind = [org for org in found if org.kind in kinds]
            if found and not of_kind:
                raise LookupError_(
                    _("“%(name)s” is not a %(what)s.") % {"name": text, "what": what or _("organisation of this kind")}
                )
            found = of_kind
        if not found:
            raise NotFound(
                _("No organisation is called “%(name)s”. Import the organisations first, or correct the name.")
                % {"name": text},
                kind="organisation",
                value=text,
            )
        if len(found) > 1:
            raise LookupError_(
                _(
                    "Several organisations are called “%(name)s”. Write the CVR number, or the name followed by the "
                    "parent organisation in brackets: “%(name)s (parent)”."
                )
                % {"name": text}
            )
        return found[0]


# --- suggestions for the mapping step ---------------------------------------------------------------------------

SUGGESTION_LIMIT = 5


@dataclass
class Suggestion:
    id: int
    label: str
    similarity: float
    url: str = ""


def suggestions(kind: str, value: str, *, limit: int = SUGGESTION_LIMIT) -> list[Suggestion]:
    """The records of ``kind`` whose folded name (an organisation's also its short name and aliases) is most
    trigram-similar to the folded ``value``, best first (a user: by user name and full name).

    The filter is pg_trgm's ``%`` operator over ``partners_fold(...)``, which the folded trigram indexes serve
    (migrations 0017 and 0019): a few milliseconds per value at the reference scale."""
    folded = fold(value)
    if not folded:
        return []
    if kind == "user":
        return _user_suggestions(value, limit)
    if kind == "organisation":
        return _organisation_suggestions(folded, limit)
    model, name = {
        "tag": (Tag, "name"),
        "theme": (Theme, "name"),
        "area": (Area, "name"),
        "collaboration": (Collaboration, "title"),
        "event": (Event, "name"),
    }[kind]
    return [
        Suggestion(obj.pk, str(obj), obj.similarity, _url(obj)) for obj in _similar(model.objects, name, folded)[:limit]
    ]


def _similar(queryset, name: str, folded: str):
    """``queryset`` where the folded ``name`` is trigram-similar to ``folded``, most similar first."""
    return (
        queryset.annotate(folded_name=Fold(name), similarity=TrigramSimilarity(Fold(name), Value(folded)))
        .filter(folded_name__trigram_similar=folded)
        .order_by("-similarity", "pk")
    )


def _organisation_suggestions(folded: str, limit: int) -> list[Suggestion]:
    best: dict[int, float] = {}
    sources = (
        (_similar(Organisation.objects.all(), "name", folded), "pk"),
        (_similar(Organisation.objects.exclude(short_name=""), "short_name", folded), "pk"),
        (_similar(OrganisationAlias.objects.all(), "name", folded), "organisation_id"),
    )
    for queryset, key in sources:
        for pk, similarity in queryset.values_list(key, "similarity")[: limit * 2]:
            best[pk] = max(similarity, best.get(pk, 0.0))
    top = sorted(best.items(), key=lambda item: -item[1])[:limit]
    orgs = Organisation.objects.select_related("parent").in_bulk([pk for pk, _similarity in top])
    return [
        Suggestion(pk, _organisation_label(orgs[pk]), similarity, orgs[pk].get_absolute_url())
        for pk, similarity in top
        if pk in orgs
    ]


def _organisation_label(org: Organisation) -> str:
    label = f"{org.name} ({org.short_name})" if org.short_name else org.name
    return f"{label} · {org.parent.name}" if org.parent_id and org.parent else label


def _user_suggestions(value: str, limit: int) -> list[Suggestion]:
    wanted = fold(value)
    ranked = []
    for user in get_user_model().objects.filter(is_active=True):
        full_name = user.get_full_name()
        similarity = max(
            difflib.SequenceMatcher(None, wanted, fold(text)).ratio() for text in (user.get_username(), full_name)
        )
        if similarity >= 0.5:
            label = f"{full_name} ({user.get_username()})" if full_name else user.get_username()
            ranked.append(Suggestion(user.pk, label, similarity))
    ranked.sort(key=lambda s: (-s.similarity, s.label))
    return ranked[:limit]


def _url(obj) -> str:
    try:
        return obj.get_absolute_url()
    except (AttributeError, NoReverseMatch):  # a record without a page is offered without a link
        return ""
