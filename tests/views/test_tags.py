"""The tag pages on the view-test harness (five pages; no export or import), and what only labels have: usage
counts, merge, retire, inline create from the autocomplete."""

from partners.models import Tag
from tests import factories
from tests.harness.views import PrimaryObjectViewTests


class TestTags(PrimaryObjectViewTests):
    model = Tag
    url_base = "tag"
    factory = factories.TagFactory
    display_attr = "name"
    form_data = {"name": "Helhedsplan"}
    edit_changes = {"name": "Helhedsplan 2030", "is_active": False}
    exportable = False
    importable = False
    import_key = "tags"

    list_query_budget = 7
    detail_query_budget = 6
    add_query_budget = 4
    edit_query_budget = 5
    delete_query_budget = 7

    def get_form_data(self, *, user, obj=None) -> dict:
        return {**self.form_data, "is_active": "on"} if obj is not None else dict(self.form_data)
