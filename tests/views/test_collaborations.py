"""The collaboration pages on the view-test harness: all five pages (partners as an inline formset), export, import;
and the managers' review, the one page of a collaboration that management may write to and staff may not open."""

from django.urls import reverse

from partners.models import Collaboration, CollaborationReview
from partners.models.collaborations import CollaborationKind, CollaborationStatus, PartnerRole
from partners.models.reviews import ReviewDecision
from tests import factories
from tests.harness.views import PrimaryObjectViewTests, form_errors


def memberships(*rows, initial: int = 0) -> dict:
    """The partner formset's management form and one form per (organisation, role)."""
    data = {
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(initial),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, (organisation, role) in enumerate(rows):
        data[f"memberships-{index}-organisation"] = str(organisation.pk)
        data[f"memberships-{index}-role"] = role
    return data


class TestCollaborations(PrimaryObjectViewTests):
    model = Collaboration
    url_base = "collaboration"
    factory = factories.CollaborationFactory
    display_attr = "title"
    form_data = {
        "title": "Helhedsplan Gellerup 2026-2029",
        "kind": CollaborationKind.MASTERPLAN,
        "status": CollaborationStatus.ACTIVE,
        "start_date": "2026-01-01",
        "end_date": "2029-12-31",
    }
    edit_changes = {"title": "Helhedsplan Gellerup 2026-2030", "status": CollaborationStatus.PAUSED}
    import_key = "collaborations"

    list_query_budget = 7
    detail_query_budget = 17  # + the documents
    add_query_budget = 4
    edit_query_budget = 10
    delete_query_budget = 10
    export_csv_query_budget = 11  # + the organisations and their other names, for unambiguous references
    export_xlsx_query_budget = 11  # + the organisations and their other names, for unambiguous references

    def create_object(self, *, user):
        """A collaboration with its lead partner, as the list and the page show it."""
        collaboration = self.factory(responsible=user)
        collaboration.memberships.create(organisation=factories.HousingOrganisationFactory(), role=PartnerRole.LEAD)
        return collaboration

    def get_form_data(self, *, user, obj=None) -> dict:
        if obj is not None:  # the partners it has, as the edit form shows them
            partners = list(obj.memberships.all())
            ids = {f"memberships-{i}-id": m.pk for i, m in enumerate(partners)}
            rows = memberships(*[(m.organisation, m.role) for m in partners], initial=len(partners))
            return {**self.form_data, "responsible": user.pk, **rows, **ids}
        lead = factories.HousingOrganisationFactory()
        return {**self.form_data, "responsible": user.pk, **memberships((lead, PartnerRole.LEAD))}

    def test_add_saves_the_partners(self, staff_client, staff_user):
        response = staff_client.post(self.url("add"), self.get_form_data(user=staff_user))
        assert response.status_code == 302, form_errors(response)
        collaboration = Collaboration.objects.get()
        assert [m.role for m in collaboration.memberships.all()] == [PartnerRole.LEAD]

    def review(self, client, collaboration):
        url = reverse("collaboration_review", args=[collaboration.pk])
        data = {"reviewed_on": "2026-03-01", "note": "Gennemgået på ledermødet.", "decision": ReviewDecision.END}
        return client.get(url), client.post(url, data)

    def test_manager_reviews(self, manager_client, staff_user):
        collaboration = self.create_object(user=staff_user)
        page, posted = self.review(manager_client, collaboration)
        assert (page.status_code, posted.status_code) == (200, 302)
        assert posted["Location"] == collaboration.get_absolute_url()
        collaboration.refresh_from_db()
        assert collaboration.status == CollaborationStatus.ENDED
        assert CollaborationReview.objects.filter(collaboration=collaboration).count() == 1

    def test_staff_may_not_review(self, staff_client, staff_user):
        collaboration = self.create_object(user=staff_user)
        page, posted = self.review(staff_client, collaboration)
        assert (page.status_code, posted.status_code) == (403, 403)
        collaboration.refresh_from_db()
        assert collaboration.status == CollaborationStatus.ACTIVE
        assert not CollaborationReview.objects.exists()
