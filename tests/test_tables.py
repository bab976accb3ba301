"""The lists' default column sets (optional columns are offered in the chooser, hidden until chosen)."""

import pytest

from partners.tables.areas import AreaTable
from partners.tables.collaborations import CollaborationTable
from partners.tables.events import EventTable, InvitationTable
from partners.tables.meetings import FollowUpTable, MeetingTable


@pytest.mark.parametrize(
    ("table", "shown"),
    [
        (
            AreaTable,
            {"name", "municipality", "list_status", "list_year", "masterplan", "estate_count", "collaboration_count"},
        ),
        (
            MeetingTable,
            {"starts_at", "kind", "subject", "organisations", "contacts", "staff", "open_follow_up_count"},
        ),
        (
            CollaborationTable,
            {"title", "kind", "status", "partners", "responsible", "period", "last_meeting", "meeting_count"},
        ),
        (
            EventTable,
            {"name", "kind", "starts_at", "location", "invited_count", "accepted_count", "declined_count"}
            | {"attended_count"},
        ),
        (
            InvitationTable,
            {"edit", "selected", "contact", "organisation", "status", "invited_at", "responded_at"},
        ),
        (FollowUpTable, {"text", "meeting", "organisations", "owner", "due_date", "state", "actions"}),
    ],
)
def test_default_columns_are_the_columns_less_the_optional_ones(table, shown):
    assert set(table.default_column_names()) == shown
    assert set(table.Meta.optional_columns) == set(table.base_columns) - shown
