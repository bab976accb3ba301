"""The theme pages on the view-test harness (five pages; no export or import)."""

from partners.models import Theme
from tests import factories
from tests.harness.views import PrimaryObjectViewTests


class TestThemes(PrimaryObjectViewTests):
    model = Theme
    url_base = "theme"
    factory = factories.ThemeFactory
    display_attr = "name"
    form_data = {"name": "Beskæftigelse", "description": "Job og uddannelse til beboerne."}
    edit_changes = {"name": "Beskæftigelse og uddannelse", "description": "", "is_active": False}
    exportable = False
    importable = False
    import_key = "themes"

    list_query_budget = 7
    detail_query_budget = 6
    add_query_budget = 4
    edit_query_budget = 5
    delete_query_budget = 7

    def get_form_data(self, *, user, obj=None) -> dict:
        return {**self.form_data, "is_active": "on"} if obj is not None else dict(self.form_data)
