"""The event pages on the view-test harness: all five pages and export; events are not imported (their guest lists'
replies are, as invitations)."""

from partners.models import Event
from partners.models.events import EventKind
from tests import factories
from tests.harness.views import PrimaryObjectViewTests


class TestEvents(PrimaryObjectViewTests):
    model = Event
    url_base = "event"
    factory = factories.EventFactory
    display_attr = "name"
    form_data = {
        "name": "Nytårskur 2028",
        "kind": EventKind.NEW_YEAR_RECEPTION,
        "starts_at": "2028-01-06T15:00",
        "location": "Rådhuset",
        "guest_quota": "2",
    }
    edit_changes = {"name": "Nytårskur 2029", "location": "Musikhuset"}
    import_key = "events"
    importable = False

    list_query_budget = 7
    detail_query_budget = 10  # + the documents
    add_query_budget = 4
    edit_query_budget = 5
    delete_query_budget = 6
    export_csv_query_budget = 6
    export_xlsx_query_budget = 6
    copy_query_budget = 6  # "Kopiér til nyt arrangement": session, user, permissions, the event, its list size

    def create_object(self, *, user):
        """An event with a guest on its list (the detail page's table and figures then have a row)."""
        return factories.InvitationFactory().event

    def test_copy_query_budget(self, staff_client, staff_user):
        event = self.create_object(user=staff_user)
        factories.InvitationFactory.create_batch(5, event=event)
        self.assert_within_budget(staff_client, "copy", f"/events/{event.pk}/copy/")
