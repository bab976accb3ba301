"""The case pages on the view-test harness: list, case page, add, edit, delete, export and import."""

from partners.models import Case
from partners.models.cases import CaseLevel, CaseStage, Stance, Weight
from tests import factories
from tests.harness.views import PrimaryObjectViewTests


class TestCases(PrimaryObjectViewTests):
    model = Case
    url_base = "case"
    factory = factories.CaseFactory
    display_attr = "title"
    form_data = {
        "title": "Fast kommunal tilstedeværelse i Gellerup",
        "stage": CaseStage.PREPARING,
        "level": CaseLevel.MUNICIPAL,
        "ask": "Kommunen bevarer sin lokale tilstedeværelse i området efter 2027.",
    }
    edit_changes = {"title": "Fast kommunal tilstedeværelse i Gellerup og Toveshøj", "stage": CaseStage.ACTIVE}
    import_key = "cases"

    list_query_budget = 7
    detail_query_budget = 18
    add_query_budget = 4
    edit_query_budget = 8
    delete_query_budget = 11
    export_csv_query_budget = 8
    export_xlsx_query_budget = 8

    def create_object(self, *, user):
        """A case with a stance, a key date and a meeting, as the list and the page show them."""
        case = self.factory(owner=user)
        organisation = factories.MunicipalityFactory()
        case.stakeholders.create(organisation=organisation, stance=Stance.OPPOSES, influence=Weight.HIGH)
        case.deadlines.create(kind="consultation", date="2030-01-15", response_state="drafting")
        meeting = factories.MeetingFactory()
        meeting.cases.add(case)
        meeting.organisations.add(organisation)
        return case
