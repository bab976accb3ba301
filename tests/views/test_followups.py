"""The follow-up pages on the view-test harness: all five pages and export; follow-ups are not imported.

A follow-up belongs to a meeting (deleting it returns to the meeting), and the list without filters shows the
user's own open follow-ups: the harness's follow-ups are the staff user's, due in a fortnight.
"""

from partners.models import FollowUp
from tests import factories
from tests.harness.views import PrimaryObjectViewTests


class TestFollowUps(PrimaryObjectViewTests):
    model = FollowUp
    url_base = "followup"
    factory = factories.FollowUpFactory
    display_attr = "text"
    form_data = {"text": "Ring til formanden om budgettet", "due_date": "2026-04-01"}
    edit_changes = {"text": "Ring til formanden om budgettet og referatet"}
    import_key = "follow-ups"
    manager_views = frozenset({"list", "detail", "export", "add", "edit"})  # managers log meetings too
    importable = False

    list_query_budget = 9
    detail_query_budget = 7
    add_query_budget = 5
    edit_query_budget = 7
    delete_query_budget = 5
    export_csv_query_budget = 7
    export_xlsx_query_budget = 7

    def create_object(self, *, user):
        return self.factory(owner=user)

    def get_form_data(self, *, user, obj=None) -> dict:
        meeting = obj.meeting if obj is not None else factories.MeetingFactory()
        return {**self.form_data, "meeting": meeting.pk, "owner": user.pk}

    def delete_success_url(self, obj) -> str:
        return obj.meeting.get_absolute_url()
