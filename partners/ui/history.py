"""A record's change history as people read it: who, when, which fields changed from what to what, and why (a form,
an import with a link to it, a merge, an erasure). From django-simple-history's rows, in memory (no query per row)."""

import re
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _

IMPORT_REASON = re.compile(r"^import:(\d+)$")
# Fields a person does not change (timestamps, the database's kept copies of derived values).
TECHNICAL = {"id", "created_at", "updated_at"}
TEXT_LIMIT = 80


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    record: object  # the historical row (history_type, history_user, history_date …)
    changes: list[Change] = field(default_factory=list)
    reason: str = ""
    reason_url: str = ""


def _shown(model_field, value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if hasattr(value, "isoformat"):
        return formats.localize(value)
    return Truncator(str(value)).chars(TEXT_LIMIT)


def _reason(text: str) -> tuple[str, str]:
    found = IMPORT_REASON.match(text or "")
    if found:
        return _("Import no. %(id)s") % {"id": found.group(1)}, reverse("import_batch", args=[found.group(1)])
    return text or "", ""


def readable_history(records: list, model) -> list[HistoryEntry]:
    """``records`` newest first, one more than shown (the oldest is only compared against): each with its changed
    fields (foreign keys as "changed", without the ids) and its reason."""
    entries = []
    for index, newer in enumerate(records):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if older is not None and newer.history_type == "~":
            for change in newer.diff_against(older).changes:
                if change.field in TECHNICAL:
                    continue
                model_field = model._meta.get_field(change.field)
                label = str(model_field.verbose_name)
                if model_field.is_relation:
                    changes.append(Change(label, "", _("changed")))
                else:
                    changes.append(Change(label, _shown(model_field, change.old), _shown(model_field, change.new)))
        reason, url = _reason(newer.history_change_reason)
        entries.append(HistoryEntry(newer, changes, reason, url))
    return entries
