"""The Danish translation is complete, and the committed .mo file is compiled from the current .po file."""

import contextlib
import re
import shutil
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


# --- What the source asks for, not only what the .po file holds -------------------------------------------------
#
# The checks above read the .po file, so a string that never reaches it (gettext under a name makemessages does not
# extract, a msgid added to the source and not to the .po file, a new plural form) passes them. Here makemessages
# itself extracts the msgids from a copy of the source, into an empty locale folder of the copy (the committed .po file
# is never written), and every msgid it finds must have its Danish in the committed .po file, plural forms included.

ROOT = LOCALE.parents[2]
SOURCES = ("partners", "crm", "templates")  # what the UI is made of; tests/ and bench/ show nothing to a user
PROBE = "translation_probe"  # a folder of the copy with strings nobody translated: the check must name them

PROBE_PY = """
from django.utils.translation import gettext, ngettext, pgettext

gettext("Probe: missing.")
gettext("Probe: untranslated.")
gettext("Probe: fuzzy.")
gettext("Probe: translated.")
ngettext("Probe: a singular in the .po file", "Probe: %(count)s plurals in the source", 2)
ngettext("Probe: %(count)s plural", "Probe: %(count)s plurals, one untranslated", 2)
pgettext("probe", "Probe: in a context")
"""
PROBE_HTML = """{% load i18n %}
{% blocktranslate count counter=n %}{{ counter }} probe guest{% plural %}{{ counter }} probe guests{% endblocktranslate %}
{% translate "Probe: a plural in the .po file" %}
"""
# What a committed .po file could hold for the probe's msgids.
PROBE_PO = {
    "Probe: untranslated.": polib.POEntry(msgid="Probe: untranslated.", msgstr=""),
    "Probe: fuzzy.": polib.POEntry(msgid="Probe: fuzzy.", msgstr="Prøve: uklar.", flags=["fuzzy"]),
    "Probe: translated.": polib.POEntry(msgid="Probe: translated.", msgstr="Prøve: oversat."),
    "Probe: a singular in the .po file": polib.POEntry(msgid="Probe: a singular in the .po file", msgstr="Prøve"),
    "Probe: %(count)s plural": polib.POEntry(
        msgid="Probe: %(count)s plural",
        msgid_plural="Probe: %(count)s plurals, one untranslated",
        msgstr_plural={0: "Prøve: %(count)s flertal", 1: ""},
    ),
    "Probe: in a context": polib.POEntry(msgid="Probe: in a context", msgstr="Prøve: uden sammenhæng"),
    "%(counter)s probe guest": polib.POEntry(
        msgid="%(counter)s probe guest",
        msgid_plural="%(counter)s probe guests",
        msgstr_plural={0: "%(counter)s prøvegæst", 1: "%(counter)s prøvegæster"},
    ),
    "Probe: a plural in the .po file": polib.POEntry(
        msgid="Probe: a plural in the .po file",
        msgid_plural="Probe: plurals in the .po file",
        msgstr_plural={0: "Prøve", 1: "Prøver"},
    ),
}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The .po file makemessages writes for the source as it is now (with the probe), in a temporary copy."""
    from django.core.management import call_command
    from django.test import override_settings

    missing = [tool for tool in ("xgettext", "msguniq", "msgmerge", "msgattrib") if shutil.which(tool) is None]
    assert not missing, f"makemessages needs GNU gettext ({', '.join(missing)}): apt-get install gettext"
    root = tmp_path_factory.mktemp("makemessages")
    for name in SOURCES:
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (root / PROBE).mkdir()
    (root / PROBE / "probe.py").write_text(PROBE_PY)
    (root / PROBE / "probe.html").write_text(PROBE_HTML)
    (root / "locale").mkdir()
    with override_settings(LOCALE_PATHS=[str(root / "locale")]), contextlib.chdir(root):
        call_command("makemessages", locale=["da"], verbosity=0)
    assert not (ROOT / PROBE).exists()
    return polib.pofile(str(root / "locale" / "da" / "LC_MESSAGES" / "django.po"))


def catalogue_problems(extracted, po) -> dict[str, str]:
    """msgid → what is wrong with its Danish in ``po``, for every msgid makemessages extracted."""
    committed = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    nplurals = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
    problems = {}
    for entry in extracted:
        if not entry.msgid:
            continue
        found = committed.get((entry.msgctxt, entry.msgid))
        if found is None:
            problem = "not in the .po file"
        elif found.fuzzy:
            problem = "fuzzy in the .po file"
        elif entry.msgid_plural and found.msgid_plural != entry.msgid_plural:
            problem = f"a plural ({entry.msgid_plural!r}) the .po file does not have"
        elif entry.msgid_plural and not all(found.msgstr_plural.get(i) for i in range(nplurals)):
            problem = "a plural form is untranslated"
        elif not entry.msgid_plural and found.msgid_plural:
            problem = "a plural in the .po file, a singular in the source"
        elif not entry.msgid_plural and not found.msgstr:
            problem = "untranslated"
        else:
            continue
        where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:3])
        problems[entry.msgid] = f"{where}: {entry.msgid!r}: {problem}"
    return problems


def from_probe(entry) -> bool:
    return all(path.startswith(f"{PROBE}/") for path, _line in entry.occurrences)


def test_every_msgid_of_the_source_has_its_danish(extracted, po):
    real = polib.POFile()
    real.extend(entry for entry in extracted if not from_probe(entry))
    assert len(real) > 500  # the whole source was read, not an empty copy
    problems = catalogue_problems(real, po)
    assert not problems, "add the Danish to locale/da/LC_MESSAGES/django.po and compile it:\n" + "\n".join(
        problems.values()
    )


def test_the_catalogue_check_names_each_way_a_msgid_can_lack_its_danish(extracted, po):
    probe = polib.POFile()
    probe.extend(entry for entry in extracted if from_probe(entry))
    assert len(probe) == 9
    assert set(catalogue_problems(probe, po)) == {entry.msgid for entry in probe}  # the real .po file has none
    committed = polib.POFile()
    committed.metadata = po.metadata
    committed.extend(PROBE_PO.values())
    problems = catalogue_problems(probe, committed)
    assert {msgid: text.rsplit("': ", 1)[-1] for msgid, text in problems.items()} == {
        "Probe: missing.": "not in the .po file",
        "Probe: untranslated.": "untranslated",
        "Probe: fuzzy.": "fuzzy in the .po file",
        "Probe: a singular in the .po file": "a plural ('Probe: %(count)s plurals in the source') the .po file does not have",
        "Probe: %(count)s plural": "a plural form is untranslated",
        "Probe: in a context": "not in the .po file",  # the .po file has it without the context
        "Probe: a plural in the .po file": "a plural in the .po file, a singular in the source",
    }
    assert problems["Probe: missing."].startswith(f"{PROBE}/probe.py:4: ")


# A number in a sentence needs the sentence's plural forms (ngettext, {% blocktranslate count %}): "1 invitations".
COUNTED = re.compile(
    r"%\((\w+)\)[sd] (?:[\w-]+ ){0,2}?(rows|errors|guests|invitations|people|persons|contacts|organisations|meetings|"
    r"follow-ups|days|records|sheets|characters|entries|columns|cells|files|names|tags|themes|areas|collaborations|"
    r"events|values|years|weeks|months|hours|minutes|changes)\b"
)
# Sentences whose number is never 1 (a limit, a count only shown above a limit), or whose placeholder is no number.
NEVER_ONE = {
    "Several %(what)s entries are called “%(name)s”.",  # %(what)s is a word ("theme")
    "Only the first %(shown)s of %(count)s errors are shown.",  # more errors than the limit
    "The workbook has %(count)s sheets; only the first, “%(name)s”, is imported.",  # shown when there are several
    "The file has more than %(limit)s rows; split it into smaller files or use the import_file command.",
    "The search text was too long and has been shortened to %(max)s characters.",
    "The first %(shown)s of %(total)s changed rows are shown.",  # more changed rows than the limit
}
# What the user interface is made of; the commands (partners/management, partners/seed) are checked for their
# language by tests/test_command_language.py.
UI_SOURCES = ("partners/", "crm/", "templates/")
COMMAND_SOURCES = ("partners/management/", "partners/seed/")


def counted_singulars(entries) -> list[str]:
    found = []
    for entry in entries:
        ui = [p for p, _ in entry.occurrences if p.startswith(UI_SOURCES) and not p.startswith(COMMAND_SOURCES)]
        if ui and not entry.msgid_plural and entry.msgid not in NEVER_ONE and COUNTED.search(entry.msgid):
            found.append(f"{ui[0]}: {entry.msgid!r}")
    return found


def test_counts_in_sentences_have_plural_forms(extracted):
    found = counted_singulars(extracted)
    assert not found, "use ngettext / {% blocktranslate count %}:\n" + "\n".join(found)


def test_the_plural_check_finds_a_count_without_plural_forms():
    entry = polib.POEntry(msgid="%(count)s invitations were set to “%(status)s”.", occurrences=[("partners/x.py", "1")])
    plural = polib.POEntry(msgid="%(count)s invitation", msgid_plural="%(count)s invitations")
    plural.occurrences = [("partners/x.py", "2")]
    assert counted_singulars([entry, plural]) == ["partners/x.py: '%(count)s invitations were set to “%(status)s”.'"]
