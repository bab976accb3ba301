"""What a user sees of a page, and two checks on it: template syntax on screen, English in a Danish page.

``read(html)`` parses a page into what reaches the user: the visible text (by text node and by block, inline elements
joined as the browser joins them), the attributes that are shown or read out (``title``, ``placeholder``,
``aria-label``, ``alt``, a button's ``value``, the strings of a JSON ``data-`` attribute) and the language of the page.
Scripts and styles are not text; an element with another ``lang`` (the language switch's "English"), ``code``,
``kbd``, ``samp``, ``pre`` and ``translate="no"`` hold text that is not the interface's language.

``template_syntax(screen)`` names Django template syntax that reached the page: ``{{``, ``}}``, ``{%``, ``%}``, ``{#``,
``#}`` in visible text or any attribute value. Braces are legitimate in scripts and styles (object literals,
``width:100%}``) and in JSON attribute values (``{"a": {"b": 1}}``), so there only a whole Django tag, comment or
variable (``{% if … %}``, ``{# … #}``, ``{{ name }}``) counts.

``english(screen)`` names English in a Danish page, three ways:

- an English message of a catalogue (``catalogue()``): every msgid, plural forms included, of the project's catalogue,
  Django's and every installed app's, whose Danish reads differently, and those that have no Danish at all (they show
  in English). A message of one word counts when it is a whole piece of text (a text node or attribute, or a part of
  it between separators such as ``:`` ``(`` ``·``), so a word inside a Danish name does not count; a longer message
  counts wherever it stands, its placeholders matching anything, in any case and spacing. A message that matches
  Danish of the catalogues is left out (one word Danish has too, "Status"; "%(name)s (%(code)s)"): the detector
  never flags the Danish it expects (``tests/test_crawl_checks.py`` proves it on every Danish message).
- a Danish plural form with the wrong count ("1 invitationer", "3 invitation", "0 åben") of a plural message.
- English that never reached a catalogue: function words and counted nouns (``ENGLISH_WORDS``: "the", "were",
  "No results", "3 invitations") in visible text, as words (an e-mail address or file name is not words); buttons
  and interface words as a whole part (``ENGLISH_PARTS``: "Save", "Cancel"); Python's values printed as a whole text
  (``PYTHON_VALUES``: "None", "True").
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
from django.apps import apps
from django.conf import settings
from django.utils import translation

# Elements whose text runs on with its neighbours' (the rest start a new block of text).
INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp",
          "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}  # fmt: skip
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
NOT_TEXT = {"script", "style"}
NOT_LANGUAGE = {"code", "kbd", "samp", "pre"}  # file names, column names, commands: not the interface's language
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "aria-description", "aria-roledescription", "aria-valuetext",
                   "alt", "label", "data-bs-title"}  # fmt: skip
BUTTON_TYPES = {"submit", "button", "reset"}
IDENTIFIER = re.compile(r"[a-z0-9_#.\-/:?=&%]+")  # a prefix, an id, a CSS selector, a URL: no text


@dataclass
class Screen:
    lang: str = ""  # the <html lang>
    nodes: list[str] = field(default_factory=list)  # visible text nodes, whitespace collapsed
    blocks: list[str] = field(default_factory=list)  # visible text of each block (inline elements joined)
    labels: list[tuple[str, str]] = field(default_factory=list)  # (attribute, value) of the attributes read out
    # Everything template syntax may leak into: (where, text, strict). strict: any brace counts, else whole tags only.
    raw: list[tuple[str, str, bool]] = field(default_factory=list)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _json_strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _json_strings(item)]
    return []


class Handler:
    """What ``parse`` tells as it reads a page (several handlers share one parse: the parsing is the slow part)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None: ...

    def handle_endtag(self, tag: str) -> None: ...

    def handle_data(self, data: str) -> None: ...

    def close(self) -> None: ...


class _Parser(HTMLParser):
    def __init__(self, handlers: tuple[Handler, ...]):
        super().__init__(convert_charrefs=True)
        self.handlers = handlers

    def handle_starttag(self, tag, attrs):
        for handler in self.handlers:
            handler.handle_starttag(tag, attrs, False)

    def handle_startendtag(self, tag, attrs):
        for handler in self.handlers:
            handler.handle_starttag(tag, attrs, True)

    def handle_endtag(self, tag):
        for handler in self.handlers:
            handler.handle_endtag(tag)

    def handle_data(self, data):
        for handler in self.handlers:
            handler.handle_data(data)


def parse(html: str, *handlers: Handler) -> None:
    parser = _Parser(handlers)
    parser.feed(html)
    parser.close()
    for handler in handlers:
        handler.close()


class Reader(Handler):
    """Reads a page into its ``Screen``."""

    def __init__(self):
        self.screen = Screen()
        # (tag, inside a script or style, text not in the interface's language)
        self.stack: list[tuple[str, bool, bool]] = [("", False, False)]
        self.block: list[str] = []

    def flush(self):
        text = _collapse("".join(self.block))
        if text:
            self.screen.blocks.append(text)
        self.block = []

    def handle_starttag(self, tag, attrs, closed):
        _tag, hidden, foreign = self.stack[-1]
        attributes = {name: value or "" for name, value in attrs}
        lang = attributes.get("lang")
        if tag == "html":
            self.screen.lang = lang or ""
        elif lang is not None:
            foreign = not lang.lower().startswith("da")
        foreign = foreign or tag in NOT_LANGUAGE or attributes.get("translate") == "no"
        if tag not in INLINE:
            self.flush()
        for name, value in attributes.items():
            self._attribute(tag, name, value, attributes, foreign)
        if tag not in VOID and not closed:
            self.stack.append((tag, hidden or tag in NOT_TEXT, foreign))

    def _attribute(self, tag, name, value, attributes, foreign):
        if not value:
            return
        where = f"<{tag} {name}>"
        parsed = None
        if name.startswith("data-") and value[:1] in "{[":
            try:
                parsed = json.loads(value)
            except ValueError:
                parsed = None
        self.screen.raw.append((where, value, parsed is None))
        if foreign:
            return
        # A <button>'s value is sent, not shown; an <input type="submit">'s value is its label.
        read = name in READ_ATTRIBUTES or (
            name == "value" and tag == "input" and attributes.get("type", "").lower() in BUTTON_TYPES
        )
        if read:
            self.screen.labels.append((where, _collapse(value)))
        elif parsed is not None:  # the texts a script shows (the admin's "Add another …"), not its identifiers
            texts = (_collapse(text) for text in _json_strings(parsed))
            self.screen.labels.extend((where, text) for text in texts if text and not IDENTIFIER.fullmatch(text))

    def handle_endtag(self, tag):
        if tag not in INLINE:
            self.flush()
        if tag in VOID:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data):
        tag, hidden, foreign = self.stack[-1]
        if hidden:
            self.screen.raw.append((f"<{tag}>", data, False))
            return
        self.screen.raw.append((f"<{tag}> text" if tag else "text", data, True))
        if foreign:
            self.flush()  # the foreign text ends the block; it is no part of the Danish around it
            return
        text = _collapse(data)
        if text:
            self.screen.nodes.append(text)
        self.block.append(data)

    def close(self):
        self.flush()


def read_json(value) -> Screen:
    """What the user sees of a JSON answer (an autocomplete's suggestions): its strings, read as labels."""
    texts = [_collapse(text) for text in _json_strings(value)]
    return Screen(
        labels=[("json", text) for text in texts if text and not IDENTIFIER.fullmatch(text)],
        raw=[("json", text, True) for text in texts],
    )


def read(html: str) -> Screen:
    reader = Reader()
    parse(html, reader)
    return reader.screen


# --- Template syntax ------------------------------------------------------------------------------------------------

ANY_BRACE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
WHOLE_TAG = re.compile(r"\{%\s*[a-z_]+\b.*?%\}|\{#.*?#\}|\{\{\s*[\w.]+\s*(\|[^{}]*)?\}\}", re.DOTALL)


def template_syntax(screen: Screen) -> list[str]:
    found = []
    for where, text, strict in screen.raw:
        match = (ANY_BRACE if strict else WHOLE_TAG).search(text)
        if match:
            start, end = max(match.start() - 30, 0), match.end() + 30
            found.append(f"{where}: …{_collapse(text[start:end])}…")
    return found


# --- English ----------------------------------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[-#0 +]*\d*(?:\.\d+)?[sdifr]|\{\w*\}")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# A text is cut into parts at these; a message of one word counts only as a whole part.
SEPARATORS = re.compile(r"\s*[()\[\]:;·•|«»“”„\"‘’…?!]\s*|\s+[-–—/]\s+|\s*,\s+|\s*\.\s+")
NOT_WORDS = re.compile(r"\S*\w[@/.:_\\]\w\S*")  # e-mail addresses, URLs, file names: not words of a sentence
COUNT_NAMES = ("count", "counter", "n", "num", "number")  # the placeholder a plural form's number stands in
ONE = r"(?<![\d.,])1(?![\d.,])"
NOT_ONE = r"(?<![\d.,])(?!1(?![\d.,]))\d[\d.]*(?![\d,]|\.\d)"

# English that never reached a catalogue, in visible text. Words are matched as words, with their case.
ENGLISH_WORDS = re.compile(
    r"(?<![\w-])(?:"
    # function words no Danish sentence has (not "for", "men", "is", "and", "have", "to", "under": Danish words too)
    r"the|The|were|was|with|has|been|this|This|these|that|your|Your|you|You|please|Please|which|would|should|could"
    r"|there|There|their|from|are|not|will|cannot|can't|don't|doesn't|isn't|of"
    # lists and counts
    r"|No results|No items|Nothing found|No records|Are you sure|Log in|Sign in|Page \d+ of \d+|\d+ of \d+"
    r"|[Ii]nvitations|[Oo]rganisations|[Oo]rganizations|[Cc]ontacts|[Mm]eetings|[Rr]esults|[Ii]tems|[Rr]ecords"
    r"|[Ss]elected|[Ee]ntries|[Rr]ows|[Ff]ollow-ups"
    r")(?![\w-])"
)
# Whole parts of a text that are English: buttons and words of an interface.
ENGLISH_PARTS = {"save", "cancel", "delete", "edit", "add", "back", "next", "previous", "search", "close", "submit",
                 "remove", "loading", "yes", "no", "details", "actions", "continue"}  # fmt: skip
# A whole text that is a Python value printed (a Danish sentence may name them: "Boolsk (True, False eller None)").
PYTHON_VALUES = {"none", "true", "false", "nan"}


def _words(text: str) -> list[str]:
    return [word.casefold() for word in WORD.findall(text)]


def _literal(message: str) -> str:
    """The text of a message as it reaches the page: tags gone (their text joins), %% a percent sign."""
    return _collapse(re.sub(r"<[^>]+>", "", message).replace("%%", "%"))


def _part(text: str) -> str:
    return text.strip(" .,:;!?…").casefold()


def parts(text: str) -> list[str]:
    """The parts of a text between separators, and the whole text: what a message of one word must be all of."""
    return [_part(part) for part in SEPARATORS.split(text) if part.strip()] + [_part(text)]


def _pattern(message: str, count: str | None, *, whole_part: bool) -> re.Pattern:
    """The regex of a message: its literal text (any whitespace, any case), placeholders matching anything.

    ``count``: the number the count placeholder must show (a regex), for a plural form with the wrong count.
    """
    text = _literal(message)
    if whole_part:
        text = text.strip(" .,:;!?…")
    placeholders = PLACEHOLDER.findall(text)
    pieces, last = [], 0
    for match in PLACEHOLDER.finditer(text):
        pieces.append(re.escape(text[last : match.start()]))
        is_count = count is not None and (match.group(1) in COUNT_NAMES or len(placeholders) == 1)
        pieces.append(count if is_count else r".+?")
        last = match.end()
    pieces.append(re.escape(text[last:]))
    body = re.sub(r"(\\ )+", r"\\s+", "".join(pieces))
    return re.compile(body if whole_part else rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Evidence:
    """A message whose text, found on a page, is English there (or a Danish plural form with the wrong count)."""

    what: str  # as the problem names it
    message: str  # the message (or plural form) the regex is made of
    whole_part: bool  # it must be a whole part of a text (a message of one word); otherwise it may stand anywhere
    count: str | None = None  # the number its count placeholder must show

    @cached_property
    def pattern(self) -> re.Pattern:
        return _pattern(self.message, self.count, whole_part=self.whole_part)

    @cached_property
    def key(self) -> str:
        """Its longest word: a text without that word cannot match it, so few messages are tried per text."""
        return max(_words(PLACEHOLDER.sub(" ", _literal(self.message))), key=len)

    def found_in(self, text: str, text_parts: list[str]) -> bool:
        if self.whole_part:
            return any(self.pattern.fullmatch(part) for part in text_parts)
        return bool(self.pattern.search(text))


@dataclass(frozen=True)
class Catalogue:
    whole: dict[str, str]  # a message of one word, as a part of a text (casefolded) → the message
    by_key: dict[str, tuple[Evidence, ...]]  # the other evidence, by its key word
    danish: tuple[str, ...]  # every Danish text of the catalogues

    def evidence_in(self, text: str) -> Iterator[Evidence]:
        for word in set(_words(text)):
            yield from self.by_key.get(word, ())


def catalogue_files() -> list[tuple[Path, bool]]:
    """(the .po file, whether it is Danish) of the project, Django and every installed app: the Danish catalogue (its
    Danish), and the English one, or all others where there is neither (every message the app has, also those its
    Danish catalogue lacks: they show in English)."""
    folders = [Path(folder) for folder in settings.LOCALE_PATHS]
    folders.append(Path(django.__file__).resolve().parent / "conf" / "locale")
    folders.extend(Path(config.path) / "locale" for config in apps.get_app_configs())
    found = []
    for folder in dict.fromkeys(folders):
        danish = folder / "da" / "LC_MESSAGES" / "django.po"
        if danish.exists():
            found.append((danish, True))
        english = folder / "en" / "LC_MESSAGES" / "django.po"
        if english.exists():
            found.append((english, False))
        elif not danish.exists():  # every language it has: each may lack a message of the current version
            found.extend((path, False) for path in sorted(folder.glob("*/LC_MESSAGES/django.po")))
    return found


def _shown(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(English, what Django shows for it in the active language) for a message and its plural."""
    if entry.msgid_plural:
        if entry.msgctxt:
            forms = [translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
        else:
            forms = [translation.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
        return [(entry.msgid, forms[0]), (entry.msgid_plural, forms[1])]
    if entry.msgctxt:
        return [(entry.msgid, translation.pgettext(entry.msgctxt, entry.msgid))]
    return [(entry.msgid, translation.gettext(entry.msgid))]


def _messages() -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(the English messages that read differently in Danish or have no Danish, every Danish text of the catalogues,
    the Danish (singular, plural) forms of the plural messages)."""
    english, danish, plural_forms = [], [], []
    with translation.override("da"):
        known = translation.trans_real.translation("da")._catalog  # what gettext looks up, the project's first
        for path, is_danish in catalogue_files():
            for entry in polib.pofile(str(path)):
                if entry.obsolete or not entry.msgid:
                    continue
                if is_danish:
                    danish.extend([entry.msgstr, *entry.msgstr_plural.values()])
                    if entry.msgid_plural and len(entry.msgstr_plural) == 2:
                        plural_forms.append((entry.msgstr_plural[0], entry.msgstr_plural[1]))
                key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
                has_danish = ((key, 0) if entry.msgid_plural else key) in known
                for message, shown in _shown(entry):
                    if has_danish:
                        danish.append(shown)
                    if not has_danish or _literal(shown).casefold() != _literal(message).casefold():
                        english.append(message)
    danish = [_literal(text) for text in dict.fromkeys(danish) if WORD.search(text)]
    return list(dict.fromkeys(english)), danish, list(dict.fromkeys(plural_forms))


@cache
def catalogue() -> Catalogue:
    english, danish, plural_forms = _messages()
    danish_words = {word for text in danish for word in _words(text)}
    whole: dict[str, str] = {}
    evidence: list[Evidence] = []
    for message in english:
        words = _words(PLACEHOLDER.sub(" ", _literal(message)))
        if not words or (words[0] in danish_words and len(words) == 1) or len(max(words, key=len)) < 2:
            continue  # no words, or one word Danish has too ("Status", "Format"): no evidence of English
        if len(words) > 1:
            evidence.append(Evidence(repr(message), message, whole_part=False))
        elif PLACEHOLDER.search(message):
            evidence.append(Evidence(repr(message), message, whole_part=True))
        else:
            whole.setdefault(_part(_literal(message)), message)
    # A message that matches Danish of the catalogues is no evidence of English: the detector never flags the Danish.
    danish_like = _matching(evidence, danish)
    by_key: dict[str, list[Evidence]] = {}
    for item in evidence:
        if item not in danish_like:
            by_key.setdefault(item.key, []).append(item)
    wrong: list[Evidence] = []
    for singular, plural in plural_forms:
        if _literal(singular) == _literal(plural):
            continue
        for form, count, what in ((plural, ONE, "the plural form with 1"),
                                  (singular, NOT_ONE, "the singular form with another number than 1")):  # fmt: skip
            counted = len(PLACEHOLDER.findall(form)) == 1 or any(f"%({name})" in form for name in COUNT_NAMES)
            item = Evidence(f"{what}: {form!r}", form, whole_part=True, count=count)
            if counted and _words(PLACEHOLDER.sub(" ", _literal(form))):
                wrong.append(item)
    # A wrong count that matches a Danish message as it stands ("Stort heltal (8 byte)") is no evidence either.
    danish_like = _matching(wrong, danish)
    for item in wrong:
        if item not in danish_like:
            by_key.setdefault(item.key, []).append(item)
    return Catalogue(whole, {key: tuple(items) for key, items in by_key.items() if items}, tuple(danish))


def _matching(evidence: list[Evidence], texts: list[str]) -> set[Evidence]:
    """The evidence that some of ``texts`` show."""
    by_key: dict[str, list[Evidence]] = {}
    for item in evidence:
        by_key.setdefault(item.key, []).append(item)
    index = Catalogue({}, by_key, ())
    return {item for text in texts for item in index.evidence_in(text) if item.found_in(text, parts(text))}


def _shorten(text: str, length: int = 140) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def english(screen: Screen, *, allowed: frozenset[tuple[str, str]] = frozenset()) -> list[str]:
    """English in a Danish page: one line per text, naming what gave it away (the longest message it holds).

    ``allowed``: (where, text) pairs known to be English and left alone, e.g. ``("<img alt>", "True")``.
    """
    found: dict[str, list[str]] = {}
    if screen.lang and not screen.lang.lower().startswith("da"):
        found[f'<html lang="{screen.lang}">'] = ["the page is not in Danish"]
    cat = catalogue()
    texts = [(None, text) for text in screen.nodes] + [("text", text) for text in screen.blocks] + screen.labels
    for where, text in texts:
        if (where or "text", text) in allowed:
            continue
        text_parts = parts(text)
        reasons = []
        if where != "text":  # a text node or an attribute: its parts may be a message of one word
            reasons.extend(repr(cat.whole[part]) for part in text_parts if part in cat.whole)
            reasons.extend(f"the English word {part!r}" for part in text_parts if part in ENGLISH_PARTS)
            if text_parts[-1] in PYTHON_VALUES:
                reasons.append(f"Python's {text!r} printed")
        if where is not None:  # longer messages and words: in the text's block, where its sentence is whole
            reasons.extend(item.what for item in cat.evidence_in(text) if item.found_in(text, text_parts))
        if where == "text":
            match = ENGLISH_WORDS.search(NOT_WORDS.sub(" ", text))
            if match:
                reasons.append(f"the English {match.group(0)!r}")
        if reasons:
            found.setdefault(f"{where or 'text'} {_shorten(text)!r}", []).extend(reasons)
    return [f"{said} ({max(reasons, key=len)})" for said, reasons in found.items()]
