"""Status badges: one colour per state from ``partners/ui/badges.py``, whoever draws them."""

import pytest
from django.template import Context, Template
from django.utils import translation

from partners.models.areas import ListStatus
from partners.models.collaborations import CollaborationStatus
from partners.models.events import InvitationStatus
from partners.models.meetings import FollowUpState
from partners.tables.base import FlagColumn
from partners.ui.badges import STYLES, badge_class, badge_style, status_badge

FOLLOW_UP_STATES = [FollowUpState.OPEN, FollowUpState.OVERDUE, FollowUpState.DONE]


@pytest.mark.parametrize(
    ("kind", "states"),
    [
        ("invitation", InvitationStatus.values),
        ("collaboration", CollaborationStatus.values),
        ("follow_up", FOLLOW_UP_STATES),
    ],
)
def test_every_state_has_a_colour_of_its_own(kind, states):
    colours = [badge_style(kind, state) for state in states]
    assert set(STYLES[kind]) == set(states)
    assert len(set(colours)) == len(states), dict(zip(states, colours, strict=True))


def test_every_list_status_has_a_colour_and_the_lists_worst_are_red():
    assert set(STYLES["list_status"]) == set(ListStatus.values)
    assert badge_style("list_status", ListStatus.PARALLEL_SOCIETY) == "danger"
    assert badge_style("list_status", ListStatus.NOT_LISTED) == "light"


def test_one_meaning_one_colour_across_kinds():
    """Done, attended and an active collaboration read alike; so do overdue, no-show and do not contact."""
    assert badge_style("follow_up", "done") == badge_style("invitation", "attended") == "success"
    assert badge_style("collaboration", "active") == badge_style("active", True) == "success"
    assert badge_style("follow_up", "overdue") == badge_style("invitation", "no_show") == "danger"
    assert badge_style("do_not_contact", True) == "danger"
    assert badge_style("active", False) == badge_style("collaboration", "ended") == "secondary"


def test_a_value_no_kind_lists_is_neutral_and_a_light_badge_has_a_border():
    assert badge_style("meeting_kind", "phone") == "light"
    assert badge_style("invitation", "something else") == "light"
    assert badge_class("light") == "badge text-bg-light border"
    assert badge_class("danger") == "badge text-bg-danger"


def test_the_badge_escapes_its_label_and_names_its_state():
    html = status_badge("invitation", InvitationStatus.NO_SHOW, "<b>Udeblev</b>")
    assert html == '<span class="badge text-bg-danger" data-status="no_show">&lt;b&gt;Udeblev&lt;/b&gt;</span>'


def test_templates_draw_the_same_badge():
    rendered = Template(
        '{% load partners_ui %}{% status_badge "collaboration" status label %}'
        '<span class="{% badge_classes "follow_up" "overdue" %}">x</span>{{ "success"|badge_class }}'
    ).render(Context({"status": "paused", "label": "Sat i bero"}))
    assert rendered == (
        '<span class="badge text-bg-warning" data-status="paused">Sat i bero</span>'
        '<span class="badge text-bg-danger">x</span>badge text-bg-success'
    )


def test_a_flag_column_shows_the_state_worth_showing():
    column = FlagColumn(kind="active", yes="Aktiv", no="Inaktiv")
    assert 'class="badge text-bg-secondary"' in column.render(False)
    assert 'class="badge text-bg-success"' in column.render(True)
    do_not_contact = FlagColumn(kind="do_not_contact", yes="Må ikke kontaktes")
    assert do_not_contact.render(False) == "–"
    assert "text-bg-danger" in do_not_contact.render(True)
    assert do_not_contact.value(True) == "Må ikke kontaktes" and do_not_contact.value(False) == ""


def test_foldable_wraps_the_text_with_its_danish_buttons():
    with translation.override("da"):
        rendered = Template("{% load partners_ui %}{% foldable %}<p>{{ text }}</p>{% endfoldable %}").render(
            Context({"text": "<script>"})
        )
    assert rendered == (
        '<div class="fold" data-fold data-fold-more="Vis mere" data-fold-less="Vis mindre"><p>&lt;script&gt;</p></div>'
    )
