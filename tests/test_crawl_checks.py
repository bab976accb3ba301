"""The crawl's checks of what the user sees (``tests/screen.py``) on small hand-made pages: they flag template syntax
and English where the user sees them, and leave Danish (the catalogues' own, the demo world's names and texts) alone.
"""

import dataclasses
import enum
import re

import polib
import pytest
from django.conf import settings
from django.utils.html import escape

from partners.seed import demo
from tests import crawl, screen


def page(body: str, lang: str = "da") -> screen.Screen:
    return screen.read(f'<!doctype html><html lang="{lang}"><head><title>Side</title></head><body>{body}</body></html>')


def syntax(body: str) -> list[str]:
    return screen.template_syntax(page(body))


def english(body: str, lang: str = "da", **kwargs) -> list[str]:
    return screen.english(page(body, lang), **kwargs)


# --- Template syntax --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "<p>Hej {{ contact.first_name }}</p>",
        "<p>{% translate 'Save' %}</p>",
        "<p>{# a comment that ran over\n two lines #}</p>",  # Django's {# #} is one line only: the rest is text
        "<td>}}</td>",
        '<a href="/organisations/{{ organisation.pk }}/">Vis</a>',
        '<input name="q" value="{% if query %}x{% endif %}">',
        '<img alt="{#">',
        "<textarea>{{ form.notes.value }}</textarea>",
        "<script>const x = 1; {% if debug %}console.log(x);{% endif %}</script>",  # a whole tag in a script
        "<style>p { color: red } {# colours #}</style>",
        '<div data-config=\'{"label": "{{ label }}"}\'></div>',  # a Django variable inside JSON
    ],
)
def test_template_syntax_is_flagged(body):
    assert syntax(body), body


@pytest.mark.parametrize(
    "body",
    [
        "<script>const options = {a: {b: 1}}; const t = `${options.a}`; if (x) {}</script>",  # braces of code
        "<style>.bar{width:100%}.baz{height:50%}</style>",
        '<div data-inline-formset=\'{"name": "#x", "options": {"prefix": "x", "addText": "Tilføj"}}\'></div>',
        "<p>Rabat 100 % – {ikke en skabelon}</p>",
        "<!-- {{ a comment of the page, not shown }} -->",
    ],
)
def test_legitimate_braces_are_not_flagged(body):
    assert not syntax(body), syntax(body)


def test_template_syntax_names_where_it_is():
    found = syntax('<p>Ok</p><a title="{{ x }}">Ok</a>')
    assert found == ["<a title>: …{{ x }}…"]


# --- English ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        # messages of the project's catalogue, where the user sees them
        "<p>No invitations match the filter.</p>",
        "<div class='card'><h2>Ingen data</h2><p>No invitations match the filter.</p></div>",
        "<td><a href='/x/'><i class='bi bi-pencil'></i>Edit</a></td>",
        "<button type='submit'>Save</button>",
        "<input type='submit' value='Save'>",
        "<input type='search' placeholder='Search…'>",
        "<button class='btn-close' aria-label='Close'></button>",
        "<span title='Accepted'>✓</span>",
        "<select><option>Accepted</option></select>",
        "<h1>Kontakter (Edit)</h1>",  # one word as a part of a text
        "<p>3 invitations were set to “Tilmeldt”.</p>",  # a plural message with its placeholders filled in
        "<p>1 invitations were set to “Tilmeldt”.</p>",
        "<p>NO INVITATIONS MATCH THE FILTER.</p>",  # any case
        "<p>No invitations\n   match the filter.</p>",  # any whitespace
        "<p>No <strong>invitations</strong> match the filter.</p>",  # inline elements joined
        # Django's own messages
        "<ul class='errorlist'><li>This field is required.</li></ul>",
        "<p>Enter a valid email address.</p>",
        # English that never reached a catalogue
        "<div class='alert'>The meeting was saved.</div>",
        "<p>3 follow-ups</p>",
        "<p>Der er 4 invitations</p>",
        "<p>No results</p>",
        "<td>None</td>",  # Python's None printed as text
        "<button>Cancel</button>",
        "<p>Side 2 of 5</p>",
        # a Danish plural form with the wrong count
        "<p>1 invitationer har fået status “Tilmeldt”.</p>",
        "<p>3 invitation har fået status “Tilmeldt”.</p>",
        "<span class='badge'>0 åben</span>",
        # the strings a script shows, from a JSON attribute
        '<div data-inline-formset=\'{"options": {"prefix": "x", "addText": "Add another Contact"}}\'></div>',
    ],
)
def test_english_is_flagged(body):
    assert english(body), body


def test_a_page_in_another_language_is_flagged():
    assert english("<p>Hej</p>", lang="en") == ['<html lang="en"> (the page is not in Danish)']


@pytest.mark.parametrize(
    "body",
    [
        "<p>Ingen invitationer passer til filteret.</p>",
        "<button type='submit'>Gem</button><a href='/x/'>Annullér</a>",
        "<p>3 invitationer har fået status “Tilmeldt”.</p>",
        "<p>1 invitation har fået status “Tilmeldt”.</p>",
        "<span class='badge'>1 åben</span><span class='badge'>0 åbne</span>",
        # English that is not the interface's: another language marked, code, file names, addresses
        "<form><button name='language' value='en' lang='en'>English</button></form>",
        "<p>Filen skal have kolonnerne <code>first_name</code> og <code>organisations</code>.</p>",
        "<p>Skriv til the.manager@example.org eller se https://example.org/the/rows/</p>",
        "<p translate='no'>Save the Children</p>",
        # Danish words that are English words too, and names
        "<td>Status</td><td>Partner</td><td>Format</td><td>Team Vest</td><td>Kontakt for boligsocial indsats</td>",
        "<p>Mødet er gemt. Han har en have, og is til børnene.</p>",
        # numbers that are not counts of the form next to them
        "<p>Frist 09.11.2026 Overskredet</p><p>0 af 3 valgt</p>",
        # scripts and styles are not text
        "<script>const label = 'Save'; // the English of a comment</script><style>/* the */</style>",
    ],
)
def test_danish_is_not_flagged(body):
    assert not english(body), english(body)


def test_what_is_allowed_is_left_alone():
    assert english('<img src="yes.svg" alt="True">')
    assert not english('<img src="yes.svg" alt="True">', allowed=crawl.ADMIN_ENGLISH)


def _filled(text: str, count: str) -> str:
    """A message as a page shows it: placeholders filled in (the count placeholders with ``count``)."""

    def value(match):
        name = match.group(1)
        return count if name in screen.COUNT_NAMES or match.group(0).endswith("d") else "Anna"

    return re.sub(r"%\((\w+)\)[sd]|%[sd]", lambda m: value(m) if m.group(1) else count, text)


def test_no_danish_message_of_the_catalogues_is_flagged():
    """Every Danish message the catalogues hold (the project's, Django's, the apps'), filled in as a page shows it
    (a plural form with a count it fits), reads as Danish: in text and in an attribute."""
    flagged = []
    for path, is_danish in screen.catalogue_files():
        if not is_danish:
            continue
        for entry in polib.pofile(str(path)).translated_entries():
            forms = [(entry.msgstr, "7")]
            if entry.msgid_plural:
                forms = [
                    (entry.msgstr_plural[0], "1"),
                    *((form, "7") for form in list(entry.msgstr_plural.values())[1:]),
                ]
            for text, count in forms:
                shown = escape(_filled(text, count))
                flagged += english(f"<p>{shown}</p>") + english(f'<button title="{shown}"></button>')
    assert not flagged, "\n".join(flagged)


def _strings(value) -> list[str]:
    if isinstance(value, enum.Enum):
        return []  # a choice's stored value ("active"): the page shows its label
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.items() for text in _strings(item)]
    if isinstance(value, list | tuple | set | frozenset):
        return [text for item in value for text in _strings(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [text for item in dataclasses.astuple(value) for text in _strings(item)]
    return []


def test_the_demo_worlds_names_and_texts_are_not_flagged():
    """Organisation, people's and events' names, meeting notes …: everything the demo world writes is Danish."""
    texts = sorted({text for name, value in vars(demo).items() if name.isupper() for text in _strings(value)})
    assert len(texts) > 200  # the demo's plan, not an empty module
    body = "".join(f"<tr><td>{escape(text)}</td><td title='{escape(text)}'></td></tr>" for text in texts)
    assert not english(f"<table>{body}</table>"), english(f"<table>{body}</table>")


def test_the_catalogue_knows_the_project_django_and_the_apps():
    files = [path.as_posix() for path, _is_danish in screen.catalogue_files()]
    assert files[0] == (settings.BASE_DIR / "locale/da/LC_MESSAGES/django.po").as_posix()  # the project's first
    for folder in (
        "django/conf",
        "contrib/admin",
        "contrib/auth",
        "django_filters",
        "django_tables2",
        "simple_history",
    ):
        assert any(f"{folder}/locale/" in file for file in files), folder
    cat = screen.catalogue()
    assert cat.whole["edit"] == "Edit" and "save" in cat.whole  # one-word messages, whole parts
    assert "status" not in cat.whole  # the same in Danish: no evidence
