"""The management commands speak one language: LANGUAGE_CODE's (Danish), in what they write, in their errors and in
their ``--help``."""

import io
import re

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class
from django.utils import translation

pytestmark = pytest.mark.django_db

COMMANDS = ["load_demo", "generate_data", "import_file", "export_file"]

# Words of the commands' English texts (and common English words) that are not also Danish words: none of them may
# appear in what a command writes. ("to", "at", "by", "for", "from", "over", "under", "log", "mode", "give", "last",
# "set", "system", "data", "demo", "database", "filter", "import", "version", "generator", "variable", "negative",
# "normal", "minimal" and "program" are Danish words too.)
ENGLISH_TEXT = """
    the and of with into was were are not no nothing everything already place changed created updated unchanged
    skipped new row rows wrote written exporting imported importing generating seconds table file errors error
    unknown known cannot read user users called use one around loaded load dry run saved batch counts add seed
    random where used bulk records every synthetic scale benchmarks three years participants events lay out instead
    day first different gives safe again existing found natural keys left they world check report save character
    encoding holds what export valid key value show help message exit number level verbosity output verbose
    directory display full stack trace exceptions colorize colorization command force skip checks provided
    environment options positional arguments default organisations contacts meetings invitations areas
    collaborations affiliations themes follow ups in as
"""
ENGLISH = set(ENGLISH_TEXT.split())


def words(text: str) -> set[str]:
    """Its words, lower-cased; a snake_case name (a table, an option's value) is one word, an option (``--user``)
    none."""
    return set(re.findall(r"[a-zæøåé_]+", re.sub(r"--[\w-]+", " ", text.lower())))


def english_words(text: str, allowed: set[str] = frozenset()) -> set[str]:
    return (words(text) & ENGLISH) - allowed


def run(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_the_check_finds_the_english_the_commands_used_to_write():
    assert english_words("Everything was already in place; nothing changed.") == {
        "everything",
        "was",
        "already",
        "in",
        "place",
        "nothing",
        "changed",
    }
    assert english_words("  new 14, updated 0, unchanged 3") == {"new", "updated", "unchanged"}
    assert not english_words("Alt var allerede på plads; intet blev ændret.")


def test_load_demo_export_and_import_write_danish_whatever_language_was_active(tmp_path):
    path = tmp_path / "kontakter.csv"
    with translation.override("en"):  # a caller's language does not decide: LANGUAGE_CODE does
        output = run("load_demo") + run("load_demo")
        output += run("export_file", "contacts", str(path), "--user", "sekretariat")
        output += run("import_file", "contacts", str(path), "--dry-run")
        output += run("import_file", "contacts", str(path), "--user", "sekretariat")
        with pytest.raises(CommandError) as missing:
            run("import_file", "contacts", str(tmp_path / "findes-ikke.csv"))
        with pytest.raises(CommandError) as no_such_user:
            run("export_file", "contacts", str(path), "--user", "ingen")
    output += f"{missing.value}\n{no_such_user.value}"
    output = output.replace(str(tmp_path), "")

    for danish in (
        "Oprettet:",
        "intet blev ændret",
        "Log ind som:",
        "Eksporterer",
        "rækker",
        "Skrev",
        "Prøvekørsel",
        "Importeret som import nr.",
        "filen findes ikke",
        "Ingen bruger hedder",
    ):
        assert danish in output, danish
    assert not english_words(output), (english_words(output), output)


def test_generate_data_writes_danish():
    output = run("generate_data", "--organisations=20", "--contacts=30", "--meetings=40", "--invitations=10")
    assert "Skrev" in output and "rækker" in output
    assert not english_words(output), (english_words(output), output)
    with pytest.raises(CommandError) as nothing:
        run("generate_data")
    assert not english_words(str(nothing.value)) and "Intet at gøre" in str(nothing.value)


@pytest.mark.parametrize("name", COMMANDS)
def test_help_is_danish(name):
    """Every text of ``--help`` but argparse's ``usage:`` line and what is typed on the command line (option names,
    metavariables, choices, entity keys)."""
    command = load_command_class(get_commands()[name], name)
    parser = command.create_parser("manage.py", name)
    typed = set()
    for action in parser._actions:
        for literal in [*action.option_strings, action.dest, action.metavar or "", *(action.choices or [])]:
            typed |= words(str(literal))
    typed |= {"organisations", "areas", "contacts", "collaborations", "meetings", "follow", "ups", "events"}
    typed |= {"invitations", "semicolon", "comma", "tab", "auto", "csv", "xlsx"}
    text = parser.format_help()
    explained = text[text.index("\n\n") :]  # after the usage block
    assert explained.strip()
    assert not english_words(explained, allowed=typed), english_words(explained, allowed=typed)
    with translation.override("en"):  # the same check finds the English text
        assert english_words(str(command.help), allowed=typed)


def test_language_code_decides(settings):
    settings.LANGUAGE_CODE = "en"
    output = run("load_demo")
    assert "Created:" in output and "Log in as:" in output
