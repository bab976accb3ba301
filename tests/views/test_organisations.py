"""The organisation pages on the view-test harness: all five pages, CSV/XLSX export, import; protected by affiliations."""

from partners.models import Organisation
from partners.models.organisations import OrganisationKind
from tests import factories
from tests.harness.views import PrimaryObjectViewTests


class TestOrganisations(PrimaryObjectViewTests):
    model = Organisation
    url_base = "organisation"
    factory = factories.OrganisationFactory
    display_attr = "name"
    form_data = {
        "kind": OrganisationKind.LOCAL_ORGANISATION,
        "name": "Beboerrådgivningen Vestbyen",
        "city": "Aarhus V",
        "is_active": "on",
    }
    edit_changes = {"name": "Beboerrådgivningen Østbyen", "city": "Aarhus C"}
    protected = True
    import_key = "organisations"

    list_query_budget = 8
    detail_query_budget = 17  # + the aliases (one prefetch), the documents
    add_query_budget = 4
    edit_query_budget = 8  # + the aliases shown in the form
    delete_query_budget = 15  # + the aliases and case stances the deletion collects
    export_csv_query_budget = 9  # + the organisations and their other names, for unambiguous references
    export_xlsx_query_budget = 9  # + the organisations and their other names, for unambiguous references

    def create_object(self, *, user):
        """An estate under its housing organisation (the list and the page show the parent)."""
        return factories.EstateFactory(estate_number="12")

    def get_form_data(self, *, user, obj=None) -> dict:
        if obj is None:
            return dict(self.form_data)
        return {**self.form_data, "kind": obj.kind, "parent": obj.parent_id, "estate_number": obj.estate_number}

    def create_protected_object(self, *, user):
        """An organisation someone works at: the affiliation protects it."""
        return factories.AffiliationFactory().organisation
