"""Status badges: one colour per meaning, the same on every list and page.

A status is named by its ``kind`` (which field it is) and its value (``"invitation"``, ``"accepted"``). Tables
(``tables.base.BadgeColumn``), detail pages (``views.generic.Badge.of``) and templates (``{% status_badge %}``) all
ask ``badge_style`` here, so an accepted invitation is the same green on the event page, the contact's page and the
check-in. A value no kind lists (a category such as a meeting's kind) is drawn neutral.

The colours say what the state means to the reader:

==========  ====================================================================================
success     done, in good standing: attended, an active collaboration, a follow-up done
primary     confirmed or singled out: accepted, a key partner, a collaboration's lead
info        under way or still to come: invited, planned, an open follow-up
warning     needs a look: declined, paused, a stale relationship, a vulnerable area
danger      a problem or a hard rule: overdue, no-show, do not contact, a transformation area
secondary   over or out of use: ended, inactive, retired
light       neutral: a draft, a category, not listed
==========  ====================================================================================
"""

from django.utils.html import format_html

from ..models.areas import ListStatus
from ..models.collaborations import CollaborationStatus, PartnerRole
from ..models.events import InvitationStatus
from ..models.meetings import FollowUpState
from ..models.reviews import ReviewDecision

NEUTRAL = "light"

STYLES: dict[str, dict[str, str]] = {
    "invitation": {
        InvitationStatus.DRAFT: "light",
        InvitationStatus.INVITED: "info",
        InvitationStatus.ACCEPTED: "primary",
        InvitationStatus.DECLINED: "warning",
        InvitationStatus.ATTENDED: "success",
        InvitationStatus.NO_SHOW: "danger",
    },
    "collaboration": {
        CollaborationStatus.PLANNED: "info",
        CollaborationStatus.ACTIVE: "success",
        CollaborationStatus.PAUSED: "warning",
        CollaborationStatus.ENDED: "secondary",
    },
    "partner_role": {PartnerRole.LEAD: "primary"},
    "review": {
        ReviewDecision.CONTINUE: "success",
        ReviewDecision.CHANGE_STATUS: "warning",
        ReviewDecision.END: "secondary",
    },
    "follow_up": {FollowUpState.OPEN: "info", FollowUpState.OVERDUE: "danger", FollowUpState.DONE: "success"},
    "list_status": {
        ListStatus.PARALLEL_SOCIETY: "danger",
        ListStatus.TRANSFORMATION: "danger",
        ListStatus.VULNERABLE: "warning",
        ListStatus.PREVENTION: "info",
        ListStatus.NOT_LISTED: "light",
    },
    "masterplan": {"running": "success"},
    # An organisation's or a contact's standing; ``True``/``False`` are an ``is_active`` column's values.
    "active": {True: "success", False: "secondary", "active": "success", "inactive": "secondary"},
    "key_partner": {True: "primary"},
    "do_not_contact": {True: "danger"},
    # A tag or a theme: in use, or retired (kept on its records, no longer offered).
    "label": {True: "light", False: "secondary"},
    # The dashboard's relationship health.
    "relationship": {"ok": "success", "stale": "warning", "not_met": "danger"},
    "affiliation": {"primary": "light", "former": "secondary"},
    # A row of an imported file (the preview and the import's record).
    "import_row": {
        "new": "success",
        "updated": "primary",
        "unchanged": "secondary",
        "skipped": "light",
        "error": "danger",
    },
}


def badge_style(kind: str, value) -> str:
    """The Bootstrap colour of ``value`` of ``kind`` (``"light"`` for a value the kind does not list)."""
    return STYLES.get(kind, {}).get(value, NEUTRAL)


def badge_class(style: str) -> str:
    """The classes of a badge in the colour ``style`` (a light one gets a border, or it vanishes on white)."""
    return f"badge text-bg-{style} border" if style == NEUTRAL else f"badge text-bg-{style}"


def status_badge(kind: str, value, label, *, extra_class: str = "") -> str:
    """A badge of ``label`` in the colour of ``value`` of ``kind``; ``data-status`` names the state for tests and
    styles that need it."""
    css = badge_class(badge_style(kind, value))
    if extra_class:
        css = f"{css} {extra_class}"
    return format_html('<span class="{}" data-status="{}">{}</span>', css, value_key(value), label)


def value_key(value) -> str:
    """``True``/``False`` as ``yes``/``no``, everything else as its text (a choice's value)."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)
