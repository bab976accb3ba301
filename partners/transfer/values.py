"""Cell values as Danish office staff write them: dates, times, yes/no, and choices by their Danish or English name."""

import re
from datetime import date, datetime, time

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .lookups import norm

TRUE_WORDS = {"ja", "j", "yes", "y", "true", "sand", "1", "x", "✓", "✔"}
FALSE_WORDS = {"nej", "n", "no", "false", "falsk", "0", "-"}

# 04-01-2027, 4.1.2027, 04/01/2027, 04-01-27; the year first as in ISO dates (2027-01-04).
DAY_FIRST = re.compile(r"^(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4}|\d{2})$")
YEAR_FIRST = re.compile(r"^(?P<y>\d{4})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})$")
# 15:00, 15.00, 15, kl. 15.30, 15:00:00
TIME = re.compile(r"^(?:kl\.?\s*)?(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?(?:[:.](?P<s>\d{2}))?$")


def as_text(value) -> str:
    """A cell as trimmed text (dates as Danes write them)."""
    if value.__class__ is str:  # nearly every cell: checked first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()


def parse_bool(value) -> bool | None:
    """True, False, or None for an empty cell; ValueError for anything else."""
    if isinstance(value, bool):
        return value
    text = norm(as_text(value))
    if text == "":
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(_("“%(value)s” is not yes or no (write Ja or Nej).") % {"value": value})


def parse_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = as_text(value)
    if not text:
        return None
    # A date with a time of day (an export of a date-and-time column, or Excel's "04-01-2027 00:00").
    text = text.split(" ")[0].split("T")[0]
    match = DAY_FIRST.match(text) or YEAR_FIRST.match(text)
    if match:
        year = int(match["y"])
        if year < 100:
            year += 2000
        try:
            return date(year, int(match["m"]), int(match["d"]))
        except ValueError:
            pass
    raise ValueError(_("“%(value)s” is not a date (write it as 21-11-2026).") % {"value": value})


def parse_time(value) -> time | None:
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    text = as_text(value).lower()
    if not text:
        return None
    match = TIME.match(text)
    if match:
        try:
            return time(int(match["h"]), int(match["mi"] or 0), int(match["s"] or 0))
        except ValueError:
            pass
    raise ValueError(_("“%(value)s” is not a time of day (write it as 14:30).") % {"value": value})


def parse_datetime(value, time_value=None) -> datetime | None:
    """An aware datetime in the Danish time zone from "04-01-2027 15:00" (or a date and a separate time)."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = as_text(value)
        if not text:
            return None
        day = parse_date(text)
        rest = text[len(text.split(" ")[0]) :].strip() if " " in text else ""
        if not rest and "T" in text:
            rest = text.split("T", 1)[1]
        moment = datetime.combine(day, parse_time(rest) if rest else time(0, 0))
    if time_value not in (None, ""):
        moment = datetime.combine(moment.date(), parse_time(time_value))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def parse_int(value, *, what: str = "") -> int | None:
    text = as_text(value).replace(" ", "").replace(".", "")
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from None


class Choices:
    """A choice field's values by their stored value, their Danish and English labels, and extra Danish words."""

    def __init__(self, choices, extra: dict[str, str] | None = None):
        self.choices = choices
        self.extra = extra or {}
        self._aliases: dict[str, str] | None = None

    @property
    def aliases(self) -> dict[str, str]:
        if self._aliases is None:
            aliases = {}
            for value, label in self.choices.choices:
                aliases[norm(value)] = value
                aliases[norm(value.replace("_", " "))] = value
                for language in ("en", "da"):
                    with translation.override(language):
                        aliases[norm(str(label))] = value
            aliases.update({norm(word): value for word, value in self.extra.items()})
            self._aliases = aliases
        return self._aliases

    def parse(self, value) -> str | None:
        text = norm(as_text(value))
        if not text:
            return None
        found = self.aliases.get(text)
        if found is None:
            labels = ", ".join(str(label) for _value, label in self.choices.choices)
            raise ValueError(_("“%(value)s” is not one of: %(choices)s.") % {"value": value, "choices": labels})
        return found
