"""The housing-area pages on the view-test harness: all five pages, CSV/XLSX export, import."""

from partners.models import Area
from partners.models.areas import ListStatus
from tests import factories
from tests.harness.views import PrimaryObjectViewTests


class TestAreas(PrimaryObjectViewTests):
    model = Area
    url_base = "area"
    factory = factories.AreaFactory
    display_attr = "name"
    form_data = {"name": "Skovgårdsparken", "list_status": ListStatus.PREVENTION, "list_year": "2025"}
    edit_changes = {"name": "Skovgårdsparken Nord", "list_status": ListStatus.NOT_LISTED}
    import_key = "areas"

    list_query_budget = 7
    detail_query_budget = 10
    add_query_budget = 4
    edit_query_budget = 8
    delete_query_budget = 9  # + the cases the deletion collects
    export_csv_query_budget = 9  # + the organisations and their other names, for unambiguous references
    export_xlsx_query_budget = 9  # + the organisations and their other names, for unambiguous references

    def create_object(self, *, user):
        """An area with an estate (the list counts them, the page lists them)."""
        area = self.factory()
        area.estates.add(factories.EstateFactory())
        return area

    def get_form_data(self, *, user, obj=None) -> dict:
        if obj is not None:
            return {**self.form_data, "municipality": obj.municipality_id, "estates": [e.pk for e in obj.estates.all()]}
        estate = factories.EstateFactory()
        return {**self.form_data, "municipality": factories.MunicipalityFactory().pk, "estates": [estate.pk]}
