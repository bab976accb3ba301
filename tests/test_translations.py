"""The Danish translation is complete, and the committed .mo file is compiled from the current .po file."""

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "da" / "LC_MESSAGES"


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(LOCALE / "django.po"))


def test_every_string_is_translated(po):
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_compiled_catalog_matches_the_po_file(po):
    mo = polib.mofile(str(LOCALE / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo}
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in po.translated_entries()
        if not e.obsolete
    }
    stale = {key for key, value in source.items() if compiled.get(key) != value}
    assert not stale, f"run `manage.py compilemessages`: {sorted(k[1] for k in stale)[:10]}"


def test_placeholders_survive_translation(po):
    pattern = re.compile(r"%\(\w+\)s")
    for entry in po.translated_entries():
        if entry.msgid_plural:
            continue
        assert sorted(pattern.findall(entry.msgid)) == sorted(pattern.findall(entry.msgstr)), entry.msgid


def test_django_uses_the_danish_catalog():
    with translation.override("da"):
        assert translation.gettext("Organisations") == "Organisationer"
        assert translation.gettext("No-show") == "Udeblev"
    with translation.override("en"):
        assert translation.gettext("Organisations") == "Organisations"
