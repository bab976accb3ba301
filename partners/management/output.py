"""What the commands write: in the register's language, ``LANGUAGE_CODE`` (Danish), whatever language a caller left
active.

Every message of a command goes through gettext with its Danish in the catalogue; numbers are written as the language
writes them (``1.234``, ``2,5``).
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# Django's and argparse's own options, explained in the same language as the command's.
STANDARD_OPTIONS = {
    "help": gettext_lazy("show this help message and exit"),
    "version": gettext_lazy("Show program's version number and exit."),
    "verbosity": gettext_lazy(
        "Verbosity level; 0=minimal output, 1=normal output, 2=verbose output, 3=very verbose output"
    ),
    "settings": gettext_lazy(
        'The Python path to a settings module, e.g. "myproject.settings.main". If this isn\'t provided, the '
        "DJANGO_SETTINGS_MODULE environment variable will be used."
    ),
    "pythonpath": gettext_lazy('A directory to add to the Python path, e.g. "/home/djangoprojects/myproject".'),
    "traceback": gettext_lazy("Display a full stack trace on CommandError exceptions."),
    "no_color": gettext_lazy("Don't colorize the command output."),
    "force_color": gettext_lazy("Force colorization of the command output."),
    "skip_checks": gettext_lazy("Skip system checks."),
}


class LocalisedCommand(BaseCommand):
    """A command that runs, reports and explains itself (``--help``) in ``LANGUAGE_CODE``."""

    def run_from_argv(self, argv):
        with translation.override(settings.LANGUAGE_CODE):
            return super().run_from_argv(argv)

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = str(self.help) if self.help else None  # argparse needs a str, not a lazy translation
        for action in parser._actions:
            if action.dest in STANDARD_OPTIONS:
                action.help = str(STANDARD_OPTIONS[action.dest])
        # argparse's headings (its "usage:" prefix stays: scripts and people look for it).
        parser._positionals.title = str(_("command-line arguments"))
        parser._optionals.title = str(_("command-line options"))
        return parser

    def execute(self, *args, **options):  # call_command() comes here without run_from_argv()
        with translation.override(settings.LANGUAGE_CODE):
            return super().execute(*args, **options)


def format_number(value: float, decimals: int | None = None) -> str:
    """``value`` with the active language's thousands grouping (and ``decimals`` places, if given)."""
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def progress_line(done: int, total: int) -> str:
    """``    10.000 / 25.000 rækker (40 %)``: how far an import or export has come (written to stderr)."""
    return f"  {format_number(done):>9} / " + (
        ngettext("%(total)s row (%(percent)s %%)", "%(total)s rows (%(percent)s %%)", total)
        % {"total": format_number(total), "percent": done * 100 // max(total, 1)}
    )
