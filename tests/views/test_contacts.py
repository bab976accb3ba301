"""The contact pages on the view-test harness: all five pages, CSV/XLSX export, import; protected by invitations.

The add form takes the first affiliation in the same step (organisation, title, department, start date); the edit
form has the contact's own fields only (roles are changed on the contact's page).
"""

from partners.models import Contact
from partners.models.contacts import LawfulBasis
from tests import factories
from tests.harness.views import PrimaryObjectViewTests


class TestContacts(PrimaryObjectViewTests):
    model = Contact
    url_base = "contact"
    factory = factories.ContactFactory
    display_attr = "last_name"  # pages show the full name, the export a column of its own
    form_data = {
        "first_name": "Birte",
        "last_name": "Kildegaard",
        "email": "birte.kildegaard@example.dk",
        "lawful_basis": LawfulBasis.LEGITIMATE_INTEREST,
        "is_active": "on",
    }
    edit_changes = {"last_name": "Kildegaard-Holm", "phone": "86 12 34 56"}
    protected = True
    import_key = "contacts"

    list_query_budget = 8
    detail_query_budget = 12
    add_query_budget = 4
    edit_query_budget = 6
    delete_query_budget = 10  # + the case stances the deletion collects
    export_csv_query_budget = 10  # + the organisations and their other names, for unambiguous references
    export_xlsx_query_budget = 10  # + the organisations and their other names, for unambiguous references

    def create_object(self, *, user):
        """A contact with a current job, as most are (the list and the export show the organisation)."""
        return factories.AffiliationFactory().contact

    def get_form_data(self, *, user, obj=None) -> dict:
        if obj is not None:
            return {**self.form_data, "email": obj.email or ""}
        organisation = factories.HousingOrganisationFactory()
        return {**self.form_data, "organisation": organisation.pk, "title": "Boligsocial leder"}

    def create_protected_object(self, *, user):
        """A contact on a guest list: the invitation protects them."""
        return factories.InvitationFactory().contact
